"""RDF export: every node, edge and provenance field survives Turtle and JSON-LD."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from actorgraph.errors import ExportError
from actorgraph.export import export
from actorgraph.export.rdf import (
    date_literal,
    node_iri,
    statement_iri,
    to_rdf,
    write_jsonld,
    write_turtle,
)
from actorgraph.vocab import AG

SCHEMA = Namespace("https://schema.org/")
XSD = Namespace(
    "http://www.w3.org/2001/XMLSchema#"
)  # a plain Namespace: pytest probes module globals

TTP = "organization/tehreek-e-taliban-pakistan"
JUA = "organization/jamaat-ul-ahrar"
KHURASANI = "person/omar-khalid-khurasani"
PESHAWAR = "place/peshawar"
PAKISTAN = "place/pakistan"
BOMBING = "event/peshawar-mosque-suicide-bombing-2023-01-30"
HOSTILE = 'person/<script>alert(1)</script> "x" & y\n\u200f'

LONG_TEXT = "evidence " * 1250  # 11,250 characters
HOSTILE_TEXT = (
    "<script>alert(1)</script> \"double\" 'single' & ampersand\nnew line\r\n"
    'control \x01 here, \u200f right-to-left mark, escape \x1b[31m, backslash \\ and """ quotes '
) + "y" * 10_000


def _node(graph: nx.MultiDiGraph, key: str, label: str, type_: str, **extra: object) -> None:
    attrs = {
        "id": key,
        "label": label,
        "type": type_,
        "aliases": "",
        "mentions": 1,
        "sources": "dawn-2023-01-31.txt",
    }
    attrs.update(extra)
    graph.add_node(key, **attrs)


def _edge(graph: nx.MultiDiGraph, subject: str, relation: str, obj: str, **extra: object) -> None:
    attrs = {
        "relation": relation,
        "label": relation.replace("_", " "),
        "evidence": f"Evidence for {relation}.",
        "source": "dawn-2023-01-31.txt",
        "start": 100,
        "end": 180,
        "confidence": 0.85,
    }
    attrs.update(extra)
    graph.add_edge(subject, obj, key=relation, **attrs)


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    """TTP claimed the Peshawar bombing; a faction, a leader, a place and a hostile node."""
    graph = nx.MultiDiGraph(name="actorgraph")
    _node(
        graph,
        TTP,
        "Tehreek-e-Taliban Pakistan",
        "Organization",
        aliases="Pakistani Taliban|TTP",
        mentions=7,
        sources="dawn-2023-01-31.txt|dw-2023-02-01.html",
    )
    _node(graph, JUA, "Jamaat-ul-Ahrar", "Organization")
    _node(graph, KHURASANI, "Omar Khalid Khurasani", "Person", aliases="Khurasani")
    _node(graph, PESHAWAR, "Peshawar", "Place", lat=34.008, lon=71.578, country="PK")
    _node(graph, PAKISTAN, "Pakistan", "Place", country="PK")
    _node(
        graph,
        BOMBING,
        "Peshawar mosque suicide bombing (2023-01-30)",
        "Event",
        event_type="suicide_bombing",
        date="2023-01-30",
        fatalities=84,
        injured=221,
        summary="A suicide bomber blew himself up in a mosque in Peshawar.",
    )
    _node(
        graph,
        "event/attack-2016-03",
        "Lahore attack (2016-03)",
        "Event",
        event_type="bombing",
        date="2016-03",
        summary="",
    )
    _node(
        graph,
        "event/operation-2014",
        "Operation (2014)",
        "Event",
        event_type="military_operation",
        date="2014",
        summary="",
    )
    _node(
        graph,
        "event/undated",
        "Undated protest",
        "Event",
        event_type="protest",
        date="",
        summary="",
    )
    _node(graph, HOSTILE, HOSTILE_TEXT, "Person", aliases=f"<b>bold</b>|{LONG_TEXT}")
    _edge(
        graph,
        TTP,
        "claimed_responsibility",
        BOMBING,
        confidence=0.9,
        evidence="The Pakistani Taliban claimed responsibility for the attack.",
        start=120,
        end=181,
    )
    _edge(graph, BOMBING, "occurred_in", PESHAWAR)
    _edge(graph, PESHAWAR, "located_in", PAKISTAN)
    _edge(graph, JUA, "part_of", TTP)
    _edge(graph, KHURASANI, "leader_of", JUA, role="leader")
    _edge(graph, TTP, "banned_by", PAKISTAN, date="2008")
    _edge(
        graph,
        HOSTILE,
        "member_of",
        TTP,
        evidence=HOSTILE_TEXT,
        role="<i>commander</i>",
        source='file:///tmp/a b.html?x=<1>&y="2"',
    )
    return graph


_SUBJECTS_OF_NAMES = (
    TTP,
    JUA,
    KHURASANI,
    PESHAWAR,
    PAKISTAN,
    BOMBING,
    "event/attack-2016-03",
    "event/operation-2014",
    "event/undated",
    HOSTILE,
)


@pytest.fixture
def exported(tmp_path: Path, small_graph: nx.MultiDiGraph) -> dict[str, Graph]:
    """The small graph written as Turtle and JSON-LD and parsed back."""
    write_turtle(small_graph, tmp_path / "graph.ttl")
    write_jsonld(small_graph, tmp_path / "graph.jsonld")
    return {
        "ttl": Graph().parse(tmp_path / "graph.ttl", format="turtle"),
        "jsonld": Graph().parse(tmp_path / "graph.jsonld", format="json-ld"),
    }


def _statement(rdf: Graph, subject: str, relation_prop: URIRef, obj: str) -> URIRef:
    statements = [
        st
        for st in rdf.subjects(RDF.type, AG.Statement)
        if rdf.value(st, RDF.subject) == node_iri(subject)
        and rdf.value(st, RDF.predicate) == relation_prop
        and rdf.value(st, RDF.object) == node_iri(obj)
    ]
    assert len(statements) == 1
    return statements[0]


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_export_rdf_nodes_are_typed_and_named(exported: dict[str, Graph], fmt: str) -> None:
    rdf = exported[fmt]
    ttp = node_iri(TTP)
    assert (ttp, RDF.type, AG.Organization) in rdf
    assert (ttp, RDF.type, SCHEMA.Organization) in rdf
    assert rdf.value(ttp, SCHEMA.name) == Literal("Tehreek-e-Taliban Pakistan")
    assert set(rdf.objects(ttp, SCHEMA.alternateName)) == {
        Literal("Pakistani Taliban"),
        Literal("TTP"),
    }
    assert set(rdf.objects(ttp, AG.source)) == {
        Literal("dawn-2023-01-31.txt"),
        Literal("dw-2023-02-01.html"),
    }
    assert rdf.value(ttp, AG.mentions).toPython() == 7
    assert rdf.value(ttp, AG.key) == Literal(TTP)
    assert (node_iri(KHURASANI), RDF.type, AG.Person) in rdf
    assert (node_iri(PESHAWAR), RDF.type, SCHEMA.Place) in rdf


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_export_rdf_place_has_coordinates(exported: dict[str, Graph], fmt: str) -> None:
    rdf = exported[fmt]
    peshawar = node_iri(PESHAWAR)
    assert rdf.value(peshawar, SCHEMA.latitude).toPython() == Decimal("34.008")
    assert rdf.value(peshawar, SCHEMA.longitude).toPython() == Decimal("71.578")
    assert rdf.value(peshawar, AG.country) == Literal("PK")
    assert rdf.value(node_iri(PAKISTAN), SCHEMA.latitude) is None


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_export_rdf_event_attributes(exported: dict[str, Graph], fmt: str) -> None:
    rdf = exported[fmt]
    bombing = node_iri(BOMBING)
    assert (bombing, RDF.type, AG.Event) in rdf
    assert rdf.value(bombing, SCHEMA.startDate) == Literal("2023-01-30", datatype=XSD.date)
    assert rdf.value(bombing, AG.fatalities) == Literal(84, datatype=XSD.integer)
    assert rdf.value(bombing, AG.injured) == Literal(221, datatype=XSD.integer)
    assert rdf.value(bombing, AG.eventType) == Literal("suicide_bombing")
    assert "mosque in Peshawar" in str(rdf.value(bombing, AG.summary))
    assert rdf.value(bombing, SCHEMA.location) == node_iri(PESHAWAR)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("event/attack-2016-03", Literal("2016-03", datatype=XSD.gYearMonth)),
        ("event/operation-2014", Literal("2014", datatype=XSD.gYear)),
        ("event/undated", None),
    ],
)
def test_export_rdf_event_date_precision(
    exported: dict[str, Graph], key: str, expected: Literal | None
) -> None:
    rdf = exported["ttl"]
    assert rdf.value(node_iri(key), SCHEMA.startDate) == expected
    assert rdf.value(node_iri(key), AG.fatalities) is None  # unknown stays absent, never 0
    assert rdf.value(node_iri(key), AG.summary) is None


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_export_rdf_edges_have_direct_triple_and_provenance(
    exported: dict[str, Graph], fmt: str
) -> None:
    rdf = exported[fmt]
    assert (node_iri(TTP), AG.claimedResponsibility, node_iri(BOMBING)) in rdf
    assert (node_iri(JUA), AG.partOf, node_iri(TTP)) in rdf
    statement = _statement(rdf, TTP, AG.claimedResponsibility, BOMBING)
    assert statement == statement_iri(TTP, "claimed_responsibility", BOMBING)
    assert (
        str(rdf.value(statement, AG.evidence))
        == "The Pakistani Taliban claimed responsibility for the attack."
    )
    assert rdf.value(statement, AG.source) == Literal("dawn-2023-01-31.txt")
    assert rdf.value(statement, AG.startOffset).toPython() == 120
    assert rdf.value(statement, AG.endOffset).toPython() == 181
    assert rdf.value(statement, AG.confidence).toPython() == Decimal("0.9")
    assert rdf.value(statement, AG.relation) == Literal("claimed_responsibility")
    assert rdf.value(statement, RDFS.label) == Literal("claimed_responsibility".replace("_", " "))
    leader = _statement(rdf, KHURASANI, AG.leaderOf, JUA)
    assert rdf.value(leader, AG.role) == Literal("leader")
    banned = _statement(rdf, TTP, AG.bannedBy, PAKISTAN)
    assert rdf.value(banned, AG.date) == Literal("2008", datatype=XSD.gYear)


def test_export_rdf_one_resource_per_node_and_edge(small_graph: nx.MultiDiGraph) -> None:
    rdf = to_rdf(small_graph)
    nodes = {node_iri(node) for node in small_graph}
    statements = {statement_iri(s, key, o) for s, o, key in small_graph.edges(keys=True)}
    assert set(rdf.subjects(RDF.type, AG.Statement)) == statements
    assert set(rdf.subjects(AG.key, None)) == nodes
    assert set(rdf.subjects()) == nodes | statements


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_export_rdf_hostile_text_round_trips_as_literal(
    exported: dict[str, Graph], fmt: str
) -> None:
    rdf = exported[fmt]
    hostile = node_iri(HOSTILE)
    assert (hostile, RDF.type, AG.Person) in rdf
    assert rdf.value(hostile, AG.key) == Literal(HOSTILE)
    assert rdf.value(hostile, SCHEMA.name) == Literal(HOSTILE_TEXT)
    assert set(rdf.objects(hostile, SCHEMA.alternateName)) == {
        Literal("<b>bold</b>"),
        Literal(LONG_TEXT),
    }
    statement = _statement(rdf, HOSTILE, AG.memberOf, TTP)
    assert rdf.value(statement, AG.evidence) == Literal(HOSTILE_TEXT)
    assert rdf.value(statement, AG.role) == Literal("<i>commander</i>")
    assert rdf.value(statement, AG.source) == Literal('file:///tmp/a b.html?x=<1>&y="2"')
    # the markup stayed text: no extra resources were smuggled in
    assert all(isinstance(o, (Literal, URIRef)) for o in rdf.objects(hostile, None))
    assert set(rdf.subjects(SCHEMA.name, None)) == {node_iri(n) for n in _SUBJECTS_OF_NAMES}


def test_export_rdf_turtle_and_jsonld_are_the_same_graph(exported: dict[str, Graph]) -> None:
    from rdflib.compare import isomorphic

    assert isomorphic(exported["ttl"], exported["jsonld"])


def test_export_rdf_jsonld_uses_compact_context(
    tmp_path: Path, small_graph: nx.MultiDiGraph
) -> None:
    path = tmp_path / "graph.jsonld"
    write_jsonld(small_graph, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"]["ag"] == "https://w3id.org/actorgraph/ontology#"
    assert document["@context"]["schema"] == "https://schema.org/"
    assert any("schema:name" in item for item in document["@graph"])


def test_export_rdf_through_export_registry(tmp_path: Path, small_graph: nx.MultiDiGraph) -> None:
    for name in ("graph.ttl", "graph.jsonld"):
        export(small_graph, tmp_path / name)
        assert (tmp_path / name).stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "graph.jsonld",
        "graph.ttl",
    ]  # no temp files left


def test_export_rdf_parallel_edges_keep_their_own_statements() -> None:
    graph = nx.MultiDiGraph()
    _node(graph, TTP, "TTP", "Organization")
    _node(graph, PAKISTAN, "Pakistan", "Place")
    graph.add_edge(TTP, PAKISTAN, relation="opposes", evidence="first", source="a.txt")
    graph.add_edge(TTP, PAKISTAN, relation="opposes", evidence="second", source="b.txt")
    rdf = to_rdf(graph)
    statements = set(rdf.subjects(RDF.type, AG.Statement))
    assert len(statements) == 2
    assert {str(rdf.value(st, AG.evidence)) for st in statements} == {"first", "second"}
    assert len(list(rdf.triples((node_iri(TTP), AG.opposes, node_iri(PAKISTAN))))) == 1


def test_export_rdf_unknown_relation_is_export_error(
    tmp_path: Path, small_graph: nx.MultiDiGraph
) -> None:
    _edge(small_graph, TTP, "invented_relation", BOMBING)
    target = tmp_path / "graph.ttl"
    with pytest.raises(ExportError, match="invented_relation"):
        write_turtle(small_graph, target)
    assert not target.exists()


def test_export_rdf_drops_unwritable_characters(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    _node(graph, "person/x", "nul\x00byte and lone \ud800 surrogate", "Person")
    write_turtle(graph, tmp_path / "graph.ttl")
    rdf = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    assert rdf.value(node_iri("person/x"), SCHEMA.name) == Literal(
        "nulbyte and lone \ufffd surrogate"
    )


def test_export_rdf_tolerates_graphml_typed_values() -> None:
    """Attributes read back from GraphML may be strings or floats; bad numbers are left out."""
    graph = nx.MultiDiGraph()
    _node(graph, PESHAWAR, "Peshawar", "Place", mentions="3", lat="nan", lon="71.5")
    _node(graph, BOMBING, "Bombing", "Event", fatalities=12.0, injured="many", date="2023-02-30")
    _edge(graph, BOMBING, "occurred_in", PESHAWAR, start="5", end=9.0, confidence="0.5")
    rdf = to_rdf(graph)
    assert rdf.value(node_iri(PESHAWAR), AG.mentions).toPython() == 3
    assert rdf.value(node_iri(PESHAWAR), SCHEMA.latitude) is None
    assert rdf.value(node_iri(PESHAWAR), SCHEMA.longitude).toPython() == Decimal("71.5")
    assert rdf.value(node_iri(BOMBING), AG.fatalities).toPython() == 12
    assert rdf.value(node_iri(BOMBING), AG.injured) is None
    assert rdf.value(node_iri(BOMBING), SCHEMA.startDate) is None  # 30 February is no date
    assert rdf.value(node_iri(BOMBING), AG.date) == Literal("2023-02-30")
    statement = statement_iri(BOMBING, "occurred_in", PESHAWAR)
    assert rdf.value(statement, AG.startOffset).toPython() == 5
    assert rdf.value(statement, AG.confidence).toPython() == Decimal("0.5")


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        ("2023-01-30", XSD.date),
        ("2016-03", XSD.gYearMonth),
        ("2014", XSD.gYear),
        ("2023-13", None),
        ("last year", None),
        ("", None),
        ("2023-01-30T10:00", None),
    ],
)
def test_export_rdf_date_literal(value: str, datatype: URIRef | None) -> None:
    literal = date_literal(value)
    assert (literal.datatype if literal is not None else None) == datatype


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_export_rdf_turtle_passes_rapper(tmp_path: Path, small_graph: nx.MultiDiGraph) -> None:
    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert f"returned {len(to_rdf(small_graph))} triples" in done.stderr
