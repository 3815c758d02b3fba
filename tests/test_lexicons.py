"""The lexicons under graph/lexicons/ are the rules' knowledge: every key is read by some rule.

A key nothing reads is a word list someone edits in vain (the casualty verbs once lived both
in casualties.json, unread, and inline in the code). The check is textual: each top-level key
of each lexicon must appear as a quoted string in the package's source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = sorted((ROOT / "graph" / "lexicons").glob("*.json"))
SOURCE = "\n".join(
    path.read_text(encoding="utf-8") for path in (ROOT / "src" / "actorgraph").rglob("*.py")
)


def test_lexicons_are_there():
    assert len(LEXICONS) >= 6


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_lexicon_every_key_is_read_by_the_code(path: Path):
    keys = [key for key in json.loads(path.read_text(encoding="utf-8")) if not key.startswith("_")]
    unread = [key for key in keys if f'"{key}"' not in SOURCE and f"'{key}'" not in SOURCE]
    assert not unread, f"{path.name}: keys no code reads: {unread} (wire them up or remove them)"


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_lexicon_frames_have_unique_rule_ids(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = [
        frame["id"]
        for value in data.values()
        if isinstance(value, list)
        for frame in value
        if isinstance(frame, dict) and "id" in frame
    ]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda kb: kb.triggers["nouns"].__setitem__("ambush", "ambushing"), "event_triggers.json"),
        (
            lambda kb: kb.patterns["verb_frames"].append({"id": "x", "relation": "killed_by"}),
            "relation_patterns.json",
        ),
        (
            lambda kb: kb.patterns["verb_frames"].append(dict(kb.patterns["verb_frames"][0])),
            "relation_patterns.json",
        ),
    ],
)
def test_a_typo_in_a_lexicon_is_an_error_naming_the_file(spoil, message):
    """knowledge() validates what the rules take on trust: a trigger's event type, a frame's
    relation and id. A typo is a LexiconError naming the file, not a rule that never fires."""
    import copy

    from actorgraph.errors import LexiconError
    from actorgraph.knowledge import knowledge, validate

    kb = copy.deepcopy(knowledge())
    validate(kb)  # the shipped tables are valid
    spoil(kb)
    with pytest.raises(LexiconError, match=message):
        validate(kb)
