"""Every hand-made gold graph (tests/fixtures/articles and the hold-out set) speaks the contract.

A gold file with a relation name the ontology does not have, an edge to a key nobody defined, or
an event placed at an unknown place would silently score as a miss for ever: the scorer cannot
tell a typo from a gap. These checks run on every file, so a new fixture is checked as it lands.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from actorgraph.model import EVENT_TYPES
from actorgraph.resources import relation_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_FILES = sorted(
    [*(FIXTURES / "articles").glob("*.gold.json"), *FIXTURES.glob("holdout*/*.gold.json")]
)
FORMAT_KEYS = {"document", "published", "entities", "events", "relations"}
NODE_TYPES = {"Person", "Organization", "Place"}
DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")


def test_gold_files_are_there() -> None:
    assert len(GOLD_FILES) >= 488  # 288 tuning fixtures and 200 hold-out articles
    holdouts = {f"holdout{n}" for n in ("", *range(2, 21))}
    assert holdouts <= {path.parent.name for path in GOLD_FILES}


@pytest.mark.parametrize(
    "path", GOLD_FILES, ids=lambda p: f"{p.parent.name}/{p.name.split('-')[0]}"
)
def test_gold_file_speaks_the_contract(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert FORMAT_KEYS <= set(gold)
    assert (path.parent / gold["document"]).is_file()
    # the scorer writes NAME.graphml beside other runs': the name must leave room for it
    assert len(path.name.removesuffix(".gold.json") + ".graphml") <= 255
    assert not gold["published"] or DATE.fullmatch(gold["published"])  # "": an undated page
    entities = gold["entities"] | gold.get("optional_entities", {})
    events = gold["events"] | gold.get("optional_events", {})
    assert not set(entities) & set(events), "a key names both an entity and an event"
    for key, entity in entities.items():
        assert entity["type"] in NODE_TYPES, key
        assert entity["names"], key
    for key, event in events.items():
        assert event["event_type"] in EVENT_TYPES, key
        assert not event.get("date") or DATE.fullmatch(event["date"]), key
        for place in [event.get("place"), *event.get("alt_places", [])]:
            assert not place or place in entities, f"{key} placed at unknown {place}"
    vocabulary = relation_vocabulary()
    for subject, relation, obj in gold["relations"] + gold.get("optional_relations", []):
        assert relation in vocabulary, relation
        for end in (subject, obj):
            assert end in entities or end in events, f"{subject} {relation} {obj}: no {end}"
        if vocabulary[relation]["range"] == ["Event"]:
            assert obj in events, f"{subject} {relation} {obj}: the object must be an event"
