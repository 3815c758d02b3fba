"""A user's corrections (actorgraph.corrections): the file read and checked, and each kind
applied to hand-made extractions through resolution and the graph, as a build applies them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import extraction_of

from actorgraph.corrections import RULE, Corrector, load_corrections
from actorgraph.errors import InputError
from actorgraph.graph import ReadingLog, build_graph
from actorgraph.model import EntityRecord, EventRecord, Statement

BOMBING = "event/harbor-town-bombing-2024-05-13"

CORRECTIONS = """\
# the corrections of the tests: one of each kind
corrections:
  - merge: ["Red Falcon Front", "FRF"]
    note: FRF is the Front's French acronym (Front rouge des faucons)
  - retype: {entity: harbor town, type: Place}
    note: a town, not a person
  - veto: {subject: Blue Brigade, relation: allied_with, object: organization/red-falcon-front}
    note: rivals, never allies
  - rename: {entity: "Harbor Town bombing (2024-05-13)", label: "Harbor Town market bombing"}
  - add:
      {subject: Blue Brigade, relation: denied_responsibility, object: Harbor Town market bombing}
    note: "Denied on its channel on 14 May (analyst's note)"
"""


def _org(key: str, label: str, *aliases: str) -> EntityRecord:
    return EntityRecord(key, label, "Organization", set(aliases), 1)


def _says(subject: str, relation: str, obj: str, sentence: str = "A sentence.") -> Statement:
    return Statement(subject, relation, obj, sentence, 0, len(sentence), 0.8, rule="test")


def _first_article():
    return extraction_of(
        "doc1.txt",
        [
            _org("organization/red-falcon-front", "Red Falcon Front"),
            _org("organization/frf", "FRF"),
            _org("organization/blue-brigade", "Blue Brigade"),
            EntityRecord("person/harbor-town", "Harbor Town", "Person", set(), 2),
        ],
        [EventRecord(BOMBING, "Harbor Town bombing (2024-05-13)", "bombing", "2024-05-13")],
        [
            _says("organization/red-falcon-front", "claimed_responsibility", BOMBING),
            _says("organization/blue-brigade", "allied_with", "organization/red-falcon-front"),
            _says("person/harbor-town", "member_of", "organization/blue-brigade"),
            _says(BOMBING, "occurred_in", "person/harbor-town"),
        ],
    )


def _second_article():
    """One more article: the acronym again, and the vetoed alliance read once more."""
    return extraction_of(
        "doc2.txt",
        [_org("organization/frf", "FRF"), _org("organization/blue-brigade", "Blue Brigade")],
        [],
        [_says("organization/frf", "allied_with", "organization/blue-brigade", "FRF and BB.")],
    )


def _corrections(tmp_path: Path, text: str = CORRECTIONS, name: str = "fix.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_corrections(path)


def _build(corrections, articles):
    """What ``pipeline.build`` does with corrections, on extractions held in memory."""
    corrector = Corrector(corrections)
    articles = list(articles)
    with ReadingLog() as readings:
        graph = build_graph(corrector.resolve(iter(articles), iter(articles)), readings)
        corrector.finish(graph, readings)
        logged = list(readings)
    return graph, corrector, logged


# --------------------------------------------------------------------------- reading the file


def test_corrections_file_read_into_checked_entries(tmp_path):
    fixes = _corrections(tmp_path)
    assert [(c.entry, c.action, c.line) for c in fixes.entries] == [
        (1, "merge", 3),
        (2, "retype", 5),
        (3, "veto", 7),
        (4, "rename", 9),
        (5, "add", 10),
    ]
    merge, retype, veto, rename, add = fixes.entries
    assert (
        merge.refs == ("Red Falcon Front", "FRF")
        and merge.note == "FRF is the Front's French acronym (Front rouge des faucons)"
    )
    assert (retype.refs, retype.value) == (("harbor town",), "Place")
    assert (veto.refs, veto.value) == (
        ("Blue Brigade", "organization/red-falcon-front"),
        "allied_with",
    )
    assert rename.value == "Harbor Town market bombing" and rename.note == ""
    assert add.note.startswith("Denied on its channel")
    assert fixes.source == "fix.yaml"  # outside the current folder: its name, never absolute


def test_corrections_json_and_a_bare_list_accepted(tmp_path):
    entries = [{"veto": {"subject": "A", "relation": "opposes", "object": "B"}, "note": "no"}]
    as_json = _corrections(tmp_path, json.dumps({"corrections": entries}), "fix.json")
    as_list = _corrections(tmp_path, json.dumps(entries), "list.yaml")  # JSON is YAML too
    assert as_json.entries[0].refs == as_list.entries[0].refs == ("A", "B")
    assert _corrections(tmp_path, "# nothing yet\n").entries == ()


@pytest.mark.parametrize(
    "text,message",
    [
        ("corrections: [merge: [A, B]\n", "invalid YAML on line 2"),
        ("corrections: {merge: [A, B]}\n", "expected a list of corrections"),
        ("fixes: []\n", "unknown top-level key(s) fixes"),
        ("- [A, B]\n", "entry 1 (line 1): expected a mapping"),
        ("- {merge: [A, B]}\n- {mrege: [A, B]}\n", "entry 2 (line 2): unknown key(s) 'mrege'"),
        ("- {merge: [A, B], veto: {}}\n", "entry 1 (line 1): expected exactly one of"),
        ("- {note: why}\n", "found none"),
        ("- {merge: [A]}\n", "entry 1 (line 1) (merge): a merge needs two different names"),
        ("- {merge: [A, a, A]}\n", "a merge needs two different names"),
        ("- {merge: A and B}\n", "expected a list of names"),
        ("- {merge: [A, 3]}\n", "expected a list of names"),
        ("- {rename: {entity: A}}\n", "(rename): missing label"),
        ("- {rename: {entity: A, label: B, typo: C}}\n", "unknown key(s) 'typo'"),
        ("- {split: {entity: A, alias: ''}}\n", "alias must be non-empty text"),
        ("- {retype: {entity: A, type: Group}}\n", "unknown type 'Group'"),
        ("- {veto: {subject: A, relation: friends_with, object: B}}\n", "unknown relation"),
        ("- {add: {subject: A, relation: opposes, object: B}}\n", "an added edge needs a note"),
        (
            "- {add: {subject: A, relation: opposes, object: B, date: May}, note: n}\n",
            "date 'May' is not YYYY",
        ),
        ("- {merge: [A, B], note: [x]}\n", "the note must be text"),
    ],
)
def test_corrections_malformed_file_names_the_file_and_the_entry(tmp_path, text, message):
    with pytest.raises(InputError) as caught:
        _corrections(tmp_path, text)
    assert caught.value.message.startswith(str(tmp_path / "fix.yaml") + ": ")
    assert message in caught.value.message
    assert caught.value.hint


def test_corrections_unreadable_files_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no such corrections file"):
        load_corrections(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="not a file"):
        load_corrections(tmp_path)
    (tmp_path / "latin1.yaml").write_bytes(b"- {merge: [Caf\xe9, B]}\n")
    with pytest.raises(InputError, match="not UTF-8"):
        load_corrections(tmp_path / "latin1.yaml")
    with pytest.raises(InputError, match="invalid JSON on line 1"):
        _corrections(tmp_path, "{corrections: []}", "fix.json")


# --------------------------------------------------------------------------- applying them


def test_corrections_merge_retype_veto_rename_and_add(tmp_path):
    graph, corrector, logged = _build(_corrections(tmp_path), [_first_article()])
    assert [corrector.outcomes[n].status for n in range(1, 6)] == ["applied"] * 5
    # merge: one node, the first name's id and label, the other an alias
    assert "organization/frf" not in graph
    front = graph.nodes["organization/red-falcon-front"]
    assert front["label"] == "Red Falcon Front" and front["aliases"] == ("FRF",)
    assert "FRF is the Front's French acronym (Front rouge des faucons)" in front["corrections"][0]
    # retype: the id follows the type; a reading that no longer fits its relation goes
    assert "person/harbor-town" not in graph
    assert graph.nodes["place/harbor-town"]["type"] == "Place"
    assert graph.has_edge(BOMBING, "place/harbor-town", "occurred_in")
    assert not graph.has_edge("place/harbor-town", "organization/blue-brigade", "member_of")
    assert "1 reading(s) no longer fit" in corrector.outcomes[2].detail
    # veto: the edge is gone, from the graph and from the readings RDF is written from
    assert not graph.has_edge(
        "organization/blue-brigade", "organization/red-falcon-front", "allied_with"
    )
    assert all(edge[2] != "allied_with" for edge, _ in logged)
    # rename: the label, the old one kept as an alias
    assert graph.nodes[BOMBING]["label"] == "Harbor Town market bombing"
    assert "Harbor Town bombing (2024-05-13)" in graph.nodes[BOMBING]["aliases"]
    # add: an edge whose reading is the note, rule "correction", from the corrections file
    edge = graph.edges["organization/blue-brigade", BOMBING, "denied_responsibility"]
    (reading,) = edge["provenance"]
    assert (reading.rule, reading.source, reading.confidence) == (RULE, "fix.yaml", 1.0)
    assert (
        reading.evidence == edge["evidence"] == "Denied on its channel on 14 May (analyst's note)"
    )
    assert edge["sources"] == ("fix.yaml",) and edge["readings"] == 1
    assert any(r.rule == RULE for _, r in logged)
    assert len(graph.graph["corrections"]) == 5 and corrector.warnings() == []


def test_corrections_stick_through_a_rebuild_with_one_more_article(tmp_path):
    """The same file on a bigger corpus: the merge takes the new article's acronym too, and
    the veto meets the alliance the new article reads (under the merged id)."""
    fixes = _corrections(tmp_path)
    graph, corrector, _ = _build(fixes, [_first_article(), _second_article()])
    assert "organization/frf" not in graph
    assert graph.nodes["organization/red-falcon-front"]["sources"] == ("doc1.txt", "doc2.txt")
    pair = ("organization/red-falcon-front", "organization/blue-brigade")
    assert not graph.has_edge(*pair, "allied_with")  # symmetric: vetoed either way round
    assert not graph.has_edge(*reversed(pair), "allied_with")
    assert corrector.outcomes[3].detail == "2 reading(s) left out"
    assert graph.nodes["place/harbor-town"]["type"] == "Place"
    assert graph.has_edge("organization/blue-brigade", BOMBING, "denied_responsibility")


def test_corrections_that_match_nothing_are_reported(tmp_path):
    fixes = _corrections(
        tmp_path,
        """\
- merge: [Red Falcon Front, Green Army]
- rename: {entity: Nobody, label: Somebody}
- veto: {subject: Red Falcon Front, relation: opposes, object: Blue Brigade}
  note: the machine no longer reads it
- split: {entity: Blue Brigade, alias: BB}
""",
    )
    graph, corrector, _ = _build(fixes, [_first_article()])
    statuses = {n: (o.status, o.detail) for n, o in corrector.outcomes.items()}
    assert statuses == {
        1: ("stale", "'Green Army' names nothing in this build"),
        2: ("stale", "'Nobody' names nothing in this build"),
        3: (
            "stale",
            "no article reads organization/red-falcon-front opposes organization/blue-brigade",
        ),
        4: ("stale", "'BB' is not a name of organization/blue-brigade"),
    }
    warnings = corrector.warnings()
    assert [source for source, _ in warnings] == [str(tmp_path / "fix.yaml")] * 4
    assert warnings[0][1].startswith("entry 1 (merge, line 1) merge 'Red Falcon Front', ")
    assert "matches nothing in this build" in warnings[2][1]
    assert "corrections" not in graph.graph  # nothing applied, nothing recorded


def test_corrections_refuse_an_ambiguous_name_and_a_misfit_edge(tmp_path):
    twins = extraction_of(
        "doc3.txt",
        [_org("organization/army", "Army"), EntityRecord("place/army", "Army", "Place", set(), 1)],
    )
    fixes = _corrections(
        tmp_path,
        """\
- rename: {entity: army, label: Northern Army}
- add: {subject: Harbor Town bombing (2024-05-13), relation: member_of, object: Blue Brigade}
  note: an event is nobody's member
- merge: [Blue Brigade, "Harbor Town bombing (2024-05-13)"]
""",
    )
    _, corrector, _ = _build(fixes, [_first_article(), twins])
    first, second, third = (corrector.outcomes[n] for n in (1, 2, 3))
    assert (
        first.status == "stale"
        and "names 2 nodes" in first.detail
        and "use a node id" in (first.detail)
    )
    assert second.status == "refused" and "member_of goes from Person" in second.detail
    assert third.status == "refused" and "an event cannot be merged with an entity" in third.detail


def test_corrections_split_an_alias_off_into_its_own_node(tmp_path):
    """Resolution joined the Green Militia (another article's own name) to the Green Army
    through the alias; the split gives it back its node and its edges."""

    def articles():  # resolution rewrites extractions in place: fresh ones for each build
        army = extraction_of(
            "doc3.txt",
            [_org("organization/green-army", "Green Army", "Green Militia")],
            [EventRecord("event/raid", "Port raid (2024)", "armed_attack", "2024")],
            [_says("organization/green-army", "perpetrated", "event/raid")],
        )
        militia = extraction_of(
            "doc4.txt",
            [_org("organization/green-militia", "Green Militia")],
            [EventRecord("event/raid", "Port raid (2024)", "armed_attack", "2024")],
            [_says("organization/green-militia", "claimed_responsibility", "event/raid")],
        )
        return [army, militia]

    merged, _, _ = _build(_corrections(tmp_path, "[]"), articles())
    (machine,) = (n for n, d in merged.nodes(data=True) if d["type"] == "Organization")
    assert merged.nodes[machine]["aliases"]  # what the machine did: one node, two names
    fixes = _corrections(
        tmp_path, "- split: {entity: Green Army, alias: Green Militia}\n  note: two groups\n"
    )
    graph, corrector, _ = _build(fixes, articles())
    assert corrector.outcomes[1].status == "applied"
    assert graph.nodes["organization/green-army"]["aliases"] == ()
    assert graph.nodes["organization/green-militia"]["label"] == "Green Militia"
    assert graph.has_edge("organization/green-militia", "event/raid", "claimed_responsibility")
    assert graph.has_edge("organization/green-army", "event/raid", "perpetrated")
    assert not graph.has_edge("organization/green-army", "event/raid", "claimed_responsibility")
    for node in ("organization/green-army", "organization/green-militia"):
        assert "two groups" in graph.nodes[node]["corrections"][0]


def test_corrections_a_later_merge_carries_earlier_edits(tmp_path):
    """Entries apply in order: a name given by a rename is found by a later entry, and a
    node merged away hands its planned edits to the node it joined."""
    fixes = _corrections(
        tmp_path,
        """\
- rename: {entity: FRF, label: Red Falcons}
- merge: [Blue Brigade, Red Falcons]
- veto: {subject: Red Falcons, relation: allied_with, object: Red Falcon Front}
""",
    )
    graph, corrector, _ = _build(fixes, [_first_article()])
    assert [corrector.outcomes[n].status for n in (1, 2, 3)] == ["applied"] * 3
    assert "organization/frf" not in graph
    brigade = graph.nodes["organization/blue-brigade"]
    assert brigade["label"] == "Blue Brigade" and {"FRF", "Red Falcons"} <= set(brigade["aliases"])
    assert corrector.outcomes[3].detail == "1 reading(s) left out"
    # the Front itself was not merged: its claim stands
    assert graph.has_edge("organization/red-falcon-front", BOMBING, "claimed_responsibility")


def test_corrections_example_file_is_valid():
    example = Path(__file__).resolve().parent.parent / "graph" / "corrections.example.yaml"
    fixes = load_corrections(example)
    assert {c.action for c in fixes.entries} == {
        "merge",
        "split",
        "rename",
        "retype",
        "veto",
        "add",
    }
    assert all(c.note for c in fixes.entries)
