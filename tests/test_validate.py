"""SHACL validation: our exports conform to graph/shapes.ttl; a broken graph reports each fault."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest
from conftest import run_main
from rdflib import OWL, RDF, Graph, Namespace
from rdflib.namespace import SH

from actorgraph.cli import main
from actorgraph.errors import ExitCode, InputError, QueryError
from actorgraph.export.rdf import write_jsonld, write_turtle
from actorgraph.resources import graph_dir, relation_vocabulary
from actorgraph.validate import ValidationReport, format_violation, load_shapes, validate_graph
from actorgraph.vocab import AG

SCHEMA = Namespace("https://schema.org/")

BAD_GRAPH = """
@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix id: <https://w3id.org/actorgraph/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:article\\/a a schema:NewsArticle ; ag:source "a.txt" .

# no schema:name
id:node\\/person\\/nameless a ag:Person ; ag:key "person/nameless" ; ag:mentions 1 .

# fine, but it is the wrong kind of subject for ag:partOf (domain: Organization)
id:node\\/person\\/x a ag:Person ; schema:name "X" ; ag:key "person/x" ; ag:mentions 2 ;
    ag:partOf id:node\\/organization\\/ttp .

# two classes, mentions 0
id:node\\/organization\\/ttp a ag:Organization, ag:Place ; schema:name "TTP" ;
    ag:key "organization/ttp" ; ag:mentions 0 .

# a date that is no date, an unknown event type, negative fatalities
id:node\\/event\\/e a ag:Event ; schema:name "E" ; ag:key "event/e" ; ag:mentions 1 ;
    ag:eventType "massacre" ; schema:startDate "2023-13-45"^^xsd:date ; ag:fatalities -3 .

# offsets reversed, confidence 1.5, a predicate that is not a relation
id:statement\\/s a ag:Statement ;
    rdf:subject id:node\\/person\\/x ; rdf:predicate schema:knows ;
    rdf:object id:node\\/organization\\/ttp ;
    ag:evidence "X is part of TTP." ; ag:source "a.txt" ; prov:wasDerivedFrom id:article\\/a ;
    ag:startOffset 90 ; ag:endOffset 12 ; ag:confidence 1.5 .
"""

# (focus, path, words of the message) for every fault planted above.
EXPECTED = [
    ("node/person/nameless", "schema:name", "exactly one schema:name"),
    ("node/person/x", "", "subject of ag:partOf"),
    ("node/organization/ttp", "", "exactly one of ag:Person"),
    ("node/organization/ttp", "ag:mentions", "at least 1"),
    ("node/event/e", "schema:startDate", "xsd:date"),
    ("node/event/e", "ag:eventType", "ag:eventType"),
    ("node/event/e", "ag:fatalities", "non-negative"),
    ("statement/s", "ag:startOffset", "not after ag:endOffset"),
    ("statement/s", "ag:confidence", "from 0 to 1"),
    ("statement/s", "rdf:predicate", "relation properties"),
]


@pytest.fixture
def bad_graph(tmp_path: Path) -> Path:
    path = tmp_path / "bad.ttl"
    path.write_text(BAD_GRAPH, encoding="utf-8")
    return path


@pytest.mark.parametrize("fixture", ["small_graph", "hostile_graph"])
@pytest.mark.parametrize("suffix", [".ttl", ".jsonld"])
def test_validate_exports_conform(
    request: pytest.FixtureRequest, tmp_path: Path, fixture: str, suffix: str
) -> None:
    graph: nx.MultiDiGraph = request.getfixturevalue(fixture)
    path = tmp_path / f"graph{suffix}"
    (write_turtle if suffix == ".ttl" else write_jsonld)(graph, path)
    report = validate_graph(path)
    assert report == ValidationReport(conforms=True, violations=[])


@pytest.mark.model
@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld"])
def test_validate_seed_build_conforms(seed_build, name: str) -> None:
    path = next(p for p in seed_build.outputs if p.name == name)
    report = validate_graph(path)
    assert report.conforms, [format_violation(v) for v in report.violations]


def test_validate_reports_each_fault(bad_graph: Path) -> None:
    report = validate_graph(bad_graph)
    assert not report.conforms
    found = [(v["focus"], v["path"], v["message"]) for v in report.violations]
    for focus, path, words in EXPECTED:
        assert any(f == focus and p == path and words in m for f, p, m in found), (
            focus,
            path,
            found,
        )
    assert all(v["severity"] == "Violation" for v in report.violations)
    # nothing reported beyond the planted faults (one fault may yield two results, e.g. xone)
    assert {(f, p) for f, p, _ in found} <= {(f, p) for f, p, _ in EXPECTED}


def test_validate_accepts_an_rdflib_graph(bad_graph: Path) -> None:
    report = validate_graph(Graph().parse(bad_graph, format="turtle"))
    assert len(report.violations) >= len(EXPECTED)


def test_validate_violation_lines_are_readable(bad_graph: Path) -> None:
    lines = [format_violation(v) for v in validate_graph(bad_graph).violations]
    assert (
        "Violation: node/person/nameless schema:name: "
        "a node must have exactly one schema:name, a string"
    ) in lines
    assert any(
        line.startswith("Violation: statement/s ag:confidence: ") and "1.5" in line
        for line in lines
    )
    assert all("\n" not in line for line in lines)


def test_validate_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        validate_graph(tmp_path / "nope.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(QueryError):
        validate_graph(broken)


@pytest.mark.parametrize("relation", sorted(relation_vocabulary()))
def test_validate_shapes_follow_vocabulary(relation: str) -> None:
    """Each relation property has a domain and a range shape with exactly the vocabulary's
    classes."""
    shapes = load_shapes()
    spec = relation_vocabulary()[relation]
    prop = AG[spec["property"]]
    for target, names in (
        (SH.targetSubjectsOf, spec["domain"]),
        (SH.targetObjectsOf, spec["range"]),
    ):
        (shape,) = list(shapes.subjects(target, prop))
        single = shapes.value(shape, SH["class"])
        if single is not None:
            classes = [single]
        else:
            classes = [
                shapes.value(alt, SH["class"])
                for alt in shapes.items(shapes.value(shape, SH["or"]))
            ]
        assert classes == [AG[name] for name in names]


def test_validate_shapes_list_every_relation_and_event_type() -> None:
    shapes = load_shapes()
    lists = [set(shapes.items(node)) for node in shapes.objects(None, SH["in"])]
    properties = {AG[spec["property"]] for spec in relation_vocabulary().values()}
    assert properties in lists
    from actorgraph.model import EVENT_TYPES

    assert {str(t) for t in EVENT_TYPES} in [{str(item) for item in items} for items in lists]
    ontology = Graph().parse(graph_dir() / "ontology.ttl", format="turtle")
    assert properties == {p for p in ontology.subjects(RDF.type, OWL.ObjectProperty)}


def test_validate_cli_conforming_exits_zero(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    small_graph: nx.MultiDiGraph,
) -> None:
    write_turtle(small_graph, tmp_path / "graph.ttl")
    monkeypatch.setattr(sys, "argv", ["actorgraph", "validate", str(tmp_path / "graph.ttl")])
    main()  # returns: no SystemExit on success
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "conforms" in captured.err


def test_validate_cli_violations_exit_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], bad_graph: Path
) -> None:
    assert run_main(monkeypatch, "validate", bad_graph) == ExitCode.ERROR
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == len(validate_graph(bad_graph).violations)
    assert all(line.startswith("Violation: ") for line in lines)
    assert "does not conform" in captured.err and "violations" in captured.err


def test_validate_cli_missing_file_is_user_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run_main(monkeypatch, "validate", tmp_path / "nope.ttl") == ExitCode.ERROR
    err = capsys.readouterr().err
    assert "error:" in err and "nope.ttl" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (
            "objects.jsonld",
            '{"a": ' * 100_000 + "1" + "}" * 100_000,
            "nests JSON objects and arrays 100,000 deep",
        ),
        (
            "arrays.jsonld",
            "[" * 100_000 + "]" * 100_000,
            "nests JSON objects and arrays 100,000 deep",
        ),
        (
            "graph.jsonld",
            '{"@id": "urn:s", "urn:p": ' + '{"urn:p": ' * 1000 + '"x"' + "}" * 1001,
            "nests JSON objects and arrays 1,001 deep",
        ),
        (
            "blank.ttl",
            "<urn:s> <urn:p> " + "[ <urn:p> " * 1000 + "1" + " ]" * 1000 + " .",
            "nests blank nodes and lists 1,000 deep",
        ),
    ],
)
def test_validate_deeply_nested_file_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    text: str,
    words: str,
) -> None:
    """json.loads and rdflib's parsers recurse per level: RecursionError, not a message,
    before the check."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=words):
        validate_graph(path)
    assert run_main(monkeypatch, "validate", path) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path} {words}") and "hint: " in err
    assert "Traceback" not in err and "RecursionError" not in err


# The days an event covers: xsd:dates, one each, the start not after the end.
INTERVAL_EVENT = """
@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix id: <https://w3id.org/actorgraph/id/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:node\\/event\\/e a ag:Event ; schema:name "E" ; ag:key "event/e" ; ag:mentions 1 ;
    ag:eventType "bombing" ; schema:startDate "2016-03"^^xsd:gYearMonth ;
"""


@pytest.mark.parametrize(
    ("interval", "path"),
    [
        ('ag:dateStart "2016-03-01"^^xsd:date ; ag:dateEnd "2016-03-31"^^xsd:date .', None),
        ('ag:dateStart "2016-03"^^xsd:gYearMonth ; ag:dateEnd "2016-03-31"^^xsd:date .', "start"),
        ('ag:dateStart "2016-03-01" ; ag:dateEnd "2016-03-31"^^xsd:date .', "start"),
        ('ag:dateStart "2016-02-30"^^xsd:date ; ag:dateEnd "2016-03-31"^^xsd:date .', "start"),
        ('ag:dateStart "2016-03-31"^^xsd:date ; ag:dateEnd "2016-03-01"^^xsd:date .', "start"),
        (
            'ag:dateStart "2016-03-01"^^xsd:date, "2016-03-02"^^xsd:date ;'
            ' ag:dateEnd "2016-03-31"^^xsd:date .',
            "start",
        ),
        ('ag:dateStart "2016-03-01"^^xsd:date ; ag:dateEnd "2016"^^xsd:gYear .', "end"),
    ],
)
def test_validate_event_interval(tmp_path: Path, interval: str, path: str | None) -> None:
    graph = tmp_path / "interval.ttl"
    graph.write_text(INTERVAL_EVENT + "    " + interval + "\n", encoding="utf-8")
    report = validate_graph(graph)
    if path is None:
        assert report.conforms, report.violations
        return
    expected = "ag:dateStart" if path == "start" else "ag:dateEnd"
    assert {v["path"] for v in report.violations} == {expected}, report.violations
    assert all(v["focus"] == "node/event/e" for v in report.violations)
