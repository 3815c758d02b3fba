"""The lookups the extractor builds for speed give what a plain scan of the lexicon gives.

Role words, verb/adjective/noun frames, and date and casualty cues are all shortcuts (the
remembered attribute rules are tested in test_extract_nlp.py); each test here compares a
shortcut with the scan it replaces.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from actorgraph.extract import split_units
from actorgraph.extract.casualties import _patterns, find_casualties
from actorgraph.extract.dates import _CUES, _PATTERNS, find_dates
from actorgraph.extract.relations import _find_roles, _FrameIndex
from actorgraph.ingest import read_articles
from actorgraph.knowledge import indexed, knowledge

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def _roles_by_scan(tokens, table: dict) -> list[tuple[int, int, str]]:
    """The lexicon scan _find_roles replaced: every role at every position, longest roles first."""
    words = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    found, taken = [], set()

    def split(role: str) -> list[str]:  # as spaCy splits text: "second-in-command" is 5 words
        return re.findall(r"[\w']+|[^\w\s]", role)

    for role in sorted(table, key=lambda r: -len(split(r))):
        if role.startswith("_"):
            continue
        parts = split(role)
        for i in range(len(words) - len(parts) + 1):
            if (
                words[i : i + len(parts)] == parts or lemmas[i : i + len(parts)] == parts
            ) and not taken & set(range(i, i + len(parts))):
                found.append((i, i + len(parts), role))
                taken |= set(range(i, i + len(parts)))
    return sorted(found)


@pytest.mark.model
def test_extract_indexes_roles_found_as_by_a_scan(nlp) -> None:
    kb = knowledge()
    lines = [line for a in read_articles([FIXTURES]) for _, line in split_units(a.text)]
    lines.append(
        "The group's deputy leader and former spokesman, a senior commander, "
        "met the foreign minister."
    )
    checked = 0
    for doc in nlp.pipe(lines):
        tokens = list(doc)
        for start in range(0, len(tokens), 7):
            window = tokens[start : start + 16]
            for table in (kb.roles["person_roles"], kb.roles["org_roles"]):
                expected = _roles_by_scan(window, table)
                assert _find_roles(window, table) == expected
                checked += len(expected)
    assert checked > 20


def test_extract_indexes_frames_by_word_match_a_scan() -> None:
    patterns = knowledge().patterns
    index = _FrameIndex(patterns)
    words = {
        w for key in ("verb_frames", "adjective_frames") for f in patterns[key] for w in f["lemmas"]
    }
    words |= {w for f in patterns["noun_frames"] for w in f["nouns"]} | {"said", "attack", ""}
    for word in words:
        assert index.verbs.get(word, []) == [
            f for f in patterns["verb_frames"] if word in f["lemmas"]
        ]
        assert index.adjectives.get(word, []) == [
            f for f in patterns["adjective_frames"] if word in f["lemmas"]
        ]
        for other in ("", "attacks", word):
            assert index.for_noun(word, other) == [
                f for f in patterns["noun_frames"] if word in f["nouns"] or other in f["nouns"]
            ]


def test_extract_indexes_indexed_builds_once_per_table() -> None:
    calls = []

    def build(table: dict) -> int:
        calls.append(table)
        return len(table)

    first, second = {"a": 1}, {"a": 1, "b": 2}
    assert indexed(first, build) == 1 and indexed(first, build) == 1
    assert indexed(second, build) == 2
    assert calls == [first, second]


DATE_SENTENCES = [
    "The attack on 5 SEPTEMBER 2023 came a day after the Sept. 4 raid.",
    "He said on Monday that last year's talks, held in mid-March, failed.",
    "Officials met on Christmas Eve and again at Easter 2016; tonight there is a vigil.",
    "No date here at all, only words.",
    "In 1998 the group was founded; 2,000 people attended this month.",
]


def test_extract_indexes_date_cues_skip_only_patterns_that_cannot_match() -> None:
    from datetime import date

    base = date(2024, 3, 24)
    for text in DATE_SENTENCES:
        for kind, pattern in _PATTERNS:
            if pattern.search(text):
                assert _CUES[kind].search(text), (kind, text)
        assert find_dates(text, base) == find_dates(text, base)
    assert find_dates(DATE_SENTENCES[3], base) == []


def test_extract_indexes_casualty_cues_cover_every_pattern() -> None:
    sentences = [
        "At least 21 people were killed and 12 others WOUNDED.",
        "The death toll rose to 31.",
        "The blast left nine dead.",
        "Talks resumed on Tuesday.",
    ]
    for group in _patterns():
        for sentence in sentences:
            if any(p.search(sentence) for p in group.all):
                assert group.cue.search(sentence)
    assert find_casualties(sentences[0]).fatalities == 21
    assert find_casualties(sentences[0]).injured == 12
    assert find_casualties(sentences[3]).fatalities is None
