"""RDF export: every node, edge and provenance field survives Turtle and JSON-LD."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from conftest import add_edge, add_node, missing
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from actorgraph.errors import ExportError
from actorgraph.export import export
from actorgraph.export.rdf import (
    article_iri,
    date_literal,
    edge_readings,
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


# This module's nodes and edges come from one Dawn article, each edge read at 100-180.
_node = functools.partial(add_node, sources="dawn-2023-01-31.txt")
_edge = functools.partial(
    add_edge, source="dawn-2023-01-31.txt", start=100, end=180, confidence=0.85
)


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
    reading = {"source": "dawn-2023-01-31.txt", "start": 120, "end": 181}
    assert statement == statement_iri(TTP, "claimed_responsibility", BOMBING, reading=reading)
    assert rdf.value(statement, PROV.wasDerivedFrom) == article_iri("dawn-2023-01-31.txt")
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


def test_export_rdf_one_resource_per_node_reading_and_article(small_graph: nx.MultiDiGraph) -> None:
    rdf = to_rdf(small_graph)
    nodes = {node_iri(node) for node in small_graph}
    statements = {
        statement_iri(s, key, o, reading=reading)
        for s, o, key, data in small_graph.edges(keys=True, data=True)
        for reading in edge_readings(data)
    }
    articles = {
        article_iri(source)
        for source in (
            "dawn-2023-01-31.txt",
            "dw-2023-02-01.html",
            'file:///tmp/a b.html?x=<1>&y="2"',
        )
    }
    assert len(statements) == small_graph.number_of_edges()  # no provenance: one reading each
    assert set(rdf.subjects(RDF.type, AG.Statement)) == statements
    assert set(rdf.subjects(AG.key, None)) == nodes
    assert set(rdf.subjects(RDF.type, SCHEMA.NewsArticle)) == articles
    assert set(rdf.subjects()) == nodes | statements | articles


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
    reading = {"source": "dawn-2023-01-31.txt", "start": 5, "end": 9}
    statement = statement_iri(BOMBING, "occurred_in", PESHAWAR, reading=reading)
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


def test_export_rdf_turtle_passes_rapper(tmp_path: Path, small_graph: nx.MultiDiGraph) -> None:
    if shutil.which("rapper") is None:
        missing("rapper", "rapper (raptor2-utils) is not installed")
    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert f"returned {len(to_rdf(small_graph))} triples" in done.stderr


# --- provenance per reading and per article (issue 3) -------------------------------------------

DAWN, DW = "dawn-2023-01-31.txt", "dw-2023-02-01.html"


@pytest.fixture
def provenance_graph() -> nx.MultiDiGraph:
    """One edge read in two articles (one of them twice, identically), with article metadata."""
    graph = nx.MultiDiGraph(name="actorgraph", sources=f"{DAWN}|{DW}|unused.txt")
    _node(graph, TTP, "Tehreek-e-Taliban Pakistan", "Organization", sources=f"{DAWN}|{DW}")
    _node(
        graph,
        BOMBING,
        "Peshawar bombing (2023-01-30)",
        "Event",
        event_type="bombing",
        date="2023-01-30",
        sources=DW,
    )
    readings = [
        {
            "source": DAWN,
            "evidence": "The TTP claimed it.",
            "start": 10,
            "end": 29,
            "confidence": 0.6,
        },
        {
            "source": DW,
            "evidence": "TTP said it carried out the attack.",
            "start": 400,
            "end": 435,
            "confidence": 0.9,
        },
        {
            "source": DAWN,
            "evidence": "The TTP claimed it.",
            "start": 10,
            "end": 29,
            "confidence": 0.7,
        },
    ]
    _edge(
        graph,
        TTP,
        "claimed_responsibility",
        BOMBING,
        evidence=readings[1]["evidence"],
        source=DW,
        start=400,
        end=435,
        confidence=0.9,
        sources=f"{DAWN}|{DW}",
        provenance=json.dumps(readings),
        date="2023-01-30",
    )
    graph.graph["articles"] = json.dumps(
        [
            {
                "source": DAWN,
                "title": "Militants claim Peshawar attack",
                "url": "https://www.dawn.com/news/1",
                "published": "2023-01-31",
                "publisher": "Dawn",
            },
            {
                "source": DW,
                "title": "Can Pakistan face down a growing Taliban insurgency?",
                "url": "javascript:alert(1) <script>",
                "published": "2023-02-01T09:30:00+00:00",
                "publisher": "",
            },
            {
                "source": "unused.txt",
                "title": "",
                "url": "",
                "published": "last Monday",
                "publisher": "X & <Y>",
            },
        ]
    )
    return graph


def _readings_of(rdf: Graph, subject: str, prop: URIRef, obj: str) -> dict[str, URIRef]:
    return {
        str(rdf.value(st, AG.source)): st
        for st in rdf.subjects(RDF.type, AG.Statement)
        if rdf.value(st, RDF.subject) == node_iri(subject)
        and rdf.value(st, RDF.predicate) == prop
        and rdf.value(st, RDF.object) == node_iri(obj)
    }


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_export_rdf_one_statement_per_reading(
    tmp_path: Path, provenance_graph: nx.MultiDiGraph, fmt: str
) -> None:
    path = tmp_path / f"graph.{fmt}"
    (write_turtle if fmt == "ttl" else write_jsonld)(provenance_graph, path)
    rdf = Graph().parse(path, format="turtle" if fmt == "ttl" else "json-ld")
    statements = _readings_of(rdf, TTP, AG.claimedResponsibility, BOMBING)
    assert set(statements) == {DAWN, DW}  # the repeated Dawn reading is one statement
    dawn, dw = statements[DAWN], statements[DW]
    assert str(rdf.value(dawn, AG.evidence)) == "The TTP claimed it."
    assert (
        rdf.value(dawn, AG.startOffset).toPython(),
        rdf.value(dawn, AG.endOffset).toPython(),
    ) == (10, 29)
    assert rdf.value(dawn, AG.confidence).toPython() == Decimal("0.7")  # the more confident copy
    assert rdf.value(dw, AG.confidence).toPython() == Decimal("0.9")
    assert rdf.value(dawn, PROV.wasDerivedFrom) == article_iri(DAWN)
    assert rdf.value(dw, PROV.wasDerivedFrom) == article_iri(DW)
    assert rdf.value(dawn, AG.date) == Literal("2023-01-30", datatype=XSD.date)
    # the direct triple stays single
    assert len(list(rdf.triples((node_iri(TTP), AG.claimedResponsibility, node_iri(BOMBING))))) == 1


def test_export_rdf_articles_are_news_articles(provenance_graph: nx.MultiDiGraph) -> None:
    rdf = to_rdf(provenance_graph)
    dawn = article_iri(DAWN)
    assert (dawn, RDF.type, SCHEMA.NewsArticle) in rdf
    assert rdf.value(dawn, AG.source) == Literal(DAWN)
    assert rdf.value(dawn, SCHEMA.headline) == Literal("Militants claim Peshawar attack")
    assert rdf.value(dawn, SCHEMA.url) == URIRef("https://www.dawn.com/news/1")
    assert rdf.value(dawn, SCHEMA.datePublished) == Literal("2023-01-31", datatype=XSD.date)
    publisher = rdf.value(dawn, SCHEMA.publisher)
    assert (publisher, RDF.type, SCHEMA.Organization) in rdf
    assert rdf.value(publisher, SCHEMA.name) == Literal("Dawn")
    dw = article_iri(DW)
    assert rdf.value(dw, SCHEMA.url) is None  # not an http(s) IRI: left out, never a broken IRI
    assert rdf.value(dw, SCHEMA.datePublished).datatype == XSD.dateTime
    assert rdf.value(dw, SCHEMA.publisher) is None
    unused = article_iri("unused.txt")  # listed in the graph's sources only: still an article
    assert (unused, RDF.type, SCHEMA.NewsArticle) in rdf
    assert rdf.value(unused, SCHEMA.datePublished) == Literal("last Monday")
    assert rdf.value(rdf.value(unused, SCHEMA.publisher), SCHEMA.name) == Literal("X & <Y>")


def test_export_rdf_nodes_derive_from_their_articles(provenance_graph: nx.MultiDiGraph) -> None:
    rdf = to_rdf(provenance_graph)
    assert set(rdf.objects(node_iri(TTP), PROV.wasDerivedFrom)) == {
        article_iri(DAWN),
        article_iri(DW),
    }
    assert set(rdf.objects(node_iri(BOMBING), PROV.wasDerivedFrom)) == {article_iri(DW)}


@pytest.mark.parametrize("provenance", ["{not json", "[]", '"a string"', "[1, null]"])
def test_export_rdf_unreadable_provenance_falls_back_to_the_edge(provenance: str) -> None:
    graph = nx.MultiDiGraph()
    _node(graph, TTP, "TTP", "Organization")
    _node(graph, PAKISTAN, "Pakistan", "Place")
    _edge(graph, TTP, "opposes", PAKISTAN, provenance=provenance)
    graph.graph["articles"] = "{not json either"
    rdf = to_rdf(graph)
    statements = list(rdf.subjects(RDF.type, AG.Statement))
    assert len(statements) == 1
    assert str(rdf.value(statements[0], AG.evidence)) == "Evidence for opposes."
    assert rdf.value(statements[0], PROV.wasDerivedFrom) == article_iri("dawn-2023-01-31.txt")


def test_export_rdf_statement_iri_is_stable_across_graphml_types() -> None:
    as_ints = statement_iri(
        TTP, "opposes", PAKISTAN, reading={"source": DAWN, "start": 5, "end": 9}
    )
    as_text = statement_iri(
        TTP, "opposes", PAKISTAN, reading={"source": DAWN, "start": "5", "end": 9.0}
    )
    other = statement_iri(TTP, "opposes", PAKISTAN, reading={"source": DW, "start": 5, "end": 9})
    assert as_ints == as_text != other


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_export_rdf_exports_conform_to_shapes(
    tmp_path: Path, small_graph: nx.MultiDiGraph, provenance_graph: nx.MultiDiGraph, fmt: str
) -> None:
    from actorgraph.validate import validate_graph

    for name, graph in (("small", small_graph), ("provenance", provenance_graph)):
        path = tmp_path / f"{name}.{fmt}"
        (write_turtle if fmt == "ttl" else write_jsonld)(graph, path)
        report = validate_graph(path)
        assert report.conforms, report.violations


def _corpus_claims(count: int) -> list:
    """``count`` articles that each read the same claim in their own sentence."""
    from actorgraph.model import Article, ArticleExtraction, EntityRecord, EventRecord, Statement

    bombing = EventRecord(
        BOMBING,
        "Peshawar mosque suicide bombing (2023-01-30)",
        "suicide_bombing",
        "2023-01-30",
        "",
        None,
        None,
        "A bomber struck.",
        1,
    )
    return [
        ArticleExtraction(
            Article(source=f"wire-{number:03d}.txt", text="x" * 200, title=f'Claim "{number}" <b>'),
            {TTP: EntityRecord(TTP, "TTP", "Organization", set(), 1)},
            {BOMBING: bombing},
            [
                Statement(
                    TTP,
                    "claimed_responsibility",
                    BOMBING,
                    f"Claim {number}:\n{HOSTILE_TEXT[:80]}",
                    number,
                    number + 50,
                    0.5 + number / 100,
                )
            ],
        )
        for number in range(count)
    ]


@pytest.mark.parametrize("writer", [write_turtle, write_jsonld])
def test_export_rdf_streams_every_reading_from_the_log(tmp_path: Path, writer) -> None:
    from actorgraph.graph import PROVENANCE_KEPT, ReadingLog, build_graph

    with ReadingLog(tmp_path) as log:
        graph = build_graph(_corpus_claims(PROVENANCE_KEPT + 15), readings=log)
        path = tmp_path / "out" / f"graph.{'ttl' if writer is write_turtle else 'jsonld'}"
        writer(graph, path, readings=log)
        expected = to_rdf(graph, readings=log)
    rdf = Graph().parse(path, format="turtle" if writer is write_turtle else "json-ld")
    from rdflib.compare import isomorphic

    assert isomorphic(rdf, expected)
    statements = set(rdf.subjects(RDF.type, AG.Statement))
    assert len(statements) == PROVENANCE_KEPT + 15  # the edge itself keeps only PROVENANCE_KEPT
    assert len(graph.edges[TTP, BOMBING, "claimed_responsibility"]["provenance"]) == PROVENANCE_KEPT
    evidence = {str(o) for o in rdf.objects(None, AG.evidence)}
    assert f"Claim 0:\n{HOSTILE_TEXT[:80]}" in evidence
    assert len(set(rdf.subjects(RDF.type, SCHEMA.NewsArticle))) == PROVENANCE_KEPT + 15


def test_export_rdf_one_pass_writes_the_same_files(
    tmp_path: Path, small_graph: nx.MultiDiGraph
) -> None:
    from actorgraph.export import export_all

    write_turtle(small_graph, tmp_path / "alone.ttl")
    write_jsonld(small_graph, tmp_path / "alone.jsonld")
    written = export_all(small_graph, tmp_path / "out", ["ttl", "jsonld", "graphml"])
    assert [p.name for p in written] == ["graph.ttl", "graph.jsonld", "graph.graphml"]
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (tmp_path / "alone.ttl").read_bytes()
    assert (tmp_path / "out" / "graph.jsonld").read_bytes() == (
        tmp_path / "alone.jsonld"
    ).read_bytes()
    with pytest.raises(ExportError):
        export_all(small_graph, tmp_path / "bad", ["ttl", "nope"])
    assert not (tmp_path / "bad").exists()  # the unknown format failed before anything was written


# --- time: the days an event's date covers ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
@pytest.mark.parametrize(
    ("key", "interval"),
    [
        (BOMBING, ("2023-01-30", "2023-01-30")),
        ("event/attack-2016-03", ("2016-03-01", "2016-03-31")),
        ("event/operation-2014", ("2014-01-01", "2014-12-31")),
        ("event/undated", None),
    ],
)
def test_export_rdf_event_interval_is_two_xsd_dates(
    exported: dict[str, Graph], fmt: str, key: str, interval: tuple[str, str] | None
) -> None:
    rdf, event = exported[fmt], node_iri(key)
    got = (rdf.value(event, AG.dateStart), rdf.value(event, AG.dateEnd))
    if interval is None:
        assert got == (None, None)
        return
    assert got == tuple(Literal(day, datatype=XSD.date) for day in interval)
    assert len(list(rdf.objects(event, AG.dateStart))) == 1
    written = rdf.value(event, SCHEMA.startDate)  # the date as written is kept beside it
    assert interval[0].startswith(str(written)) and interval[1].startswith(str(written))


def test_export_rdf_only_events_carry_an_interval(exported: dict[str, Graph]) -> None:
    rdf = exported["ttl"]
    dated = set(rdf.subjects(AG.dateStart, None))
    assert dated == {node_iri(key) for key in (BOMBING, "event/attack-2016-03")} | {
        node_iri("event/operation-2014")
    }
    assert set(rdf.subjects(AG.dateEnd, None)) == dated
    # An edge's own date ("banned the TTP in 2008") stays as written, on its statements.
    assert not list(rdf.subjects(AG.dateEnd, Literal("2008-12-31", datatype=XSD.date)))
    assert Literal("2008", datatype=XSD.gYear) in set(rdf.objects(None, AG.date))


@pytest.mark.parametrize(
    "date", ["2023-02-30", "2016-13", "0000", "２０１４", "2014-W05", "<b>2014</b>", "2016-3"]
)
def test_export_rdf_unreadable_date_gets_no_interval(
    tmp_path: Path, small_graph: nx.MultiDiGraph, date: str
) -> None:
    from actorgraph.validate import validate_graph

    small_graph.nodes["event/attack-2016-03"]["date"] = date
    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    rdf = Graph().parse(path, format="turtle")
    event = node_iri("event/attack-2016-03")
    assert rdf.value(event, AG.dateStart) is None and rdf.value(event, AG.dateEnd) is None
    assert rdf.value(event, SCHEMA.startDate) is None
    assert rdf.value(event, AG.date) == Literal(date)  # kept as text, never lost
    assert validate_graph(path).conforms


def test_export_rdf_range_filter_on_the_interval_keeps_month_and_year_dates(
    exported: dict[str, Graph],
) -> None:
    """The bug the interval fixes: filtering schema:startDate on a range of days drops an event
    dated only to a month (its gYearMonth never compares with an xsd:date)."""
    rdf = exported["ttl"]
    prefixes = "PREFIX ag: <https://w3id.org/actorgraph/ontology#>\n"
    prefixes += "PREFIX schema: <https://schema.org/>\n"
    prefixes += "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
    by_interval = prefixes + (
        "SELECT ?e WHERE { ?e ag:dateStart ?s ; ag:dateEnd ?t ."
        ' FILTER (?s <= "2016-03-20"^^xsd:date && ?t >= "2016-03-10"^^xsd:date) }'
    )
    by_date = prefixes + (
        "SELECT ?e WHERE { ?e schema:startDate ?d ."
        ' FILTER (?d >= "2016-03-10"^^xsd:date && ?d <= "2016-03-20"^^xsd:date) }'
    )
    assert [row[0] for row in rdf.query(by_interval)] == [node_iri("event/attack-2016-03")]
    assert list(rdf.query(by_date)) == []
