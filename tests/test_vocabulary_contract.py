"""graph/vocabulary.json against the contract in ONTOLOGY.md (the shared project folder).

The relation table of ONTOLOGY.md is what users' queries and the scorer rely on; the
vocabulary file the code reads must name the same relations with the same subject and
object types.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import missing

from actorgraph.resources import node_types, relation_vocabulary

ONTOLOGY = Path(__file__).resolve().parents[2] / "shared" / "ONTOLOGY.md"


def _expand(part: str) -> set[str]:
    return (
        {"Person", "Organization", "Place"}
        if "same" in part
        else set(re.findall(r"Person|Organization|Place|Event", part))
    )


def _contract() -> dict[str, tuple[set[str], set[str]]]:
    rows = {}
    for line in ONTOLOGY.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`(\w+)`\s*\|\s*([^|]+?)\s*(?:↔|→)\s*([^|]+?)\s*\|", line)
        if match and match.group(1) not in ("id", "label", "type"):
            subjects = _expand(match.group(2))
            objects = subjects if "same" in match.group(3) else _expand(match.group(3))
            rows[match.group(1)] = (subjects, objects)
    return rows


@pytest.fixture(scope="module")
def contract():
    if not ONTOLOGY.is_file():
        missing("shared", f"{ONTOLOGY} is not beside the repository", strict=False)
    return _contract()


def test_vocabulary_names_every_contract_relation(contract):
    assert set(relation_vocabulary()) == set(contract)


@pytest.mark.parametrize("relation", sorted(relation_vocabulary()))
def test_vocabulary_domain_and_range_follow_the_contract(contract, relation):
    spec = relation_vocabulary()[relation]
    subjects, objects = contract[relation]
    assert set(spec["domain"]) == subjects
    assert set(spec["range"]) == objects


def test_vocabulary_symmetric_relations_follow_the_contract(contract):
    text = ONTOLOGY.read_text(encoding="utf-8")
    symmetric = set(re.findall(r"\|\s*`(\w+)`\s*\|[^|]*↔", text))
    assert {name for name, spec in relation_vocabulary().items() if spec["symmetric"]} == symmetric


def test_vocabulary_property_names_are_lower_camel_case():
    for name, spec in relation_vocabulary().items():
        parts = name.split("_")
        assert spec["property"] == parts[0] + "".join(p.capitalize() for p in parts[1:])


def test_vocabulary_node_types_are_the_contract_types():
    assert set(node_types()) == {"Person", "Organization", "Place", "Event"}
