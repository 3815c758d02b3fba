"""SPARQL over exported graphs: named queries answer our questions; errors are QueryErrors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from actorgraph.errors import InputError, QueryError
from actorgraph.export.rdf import to_rdf, write_jsonld, write_turtle
from actorgraph.query import QueryResult, format_result, named_queries, run_query

TTP = "organization/tehreek-e-taliban-pakistan"
JUA = "organization/jamaat-ul-ahrar"
KHURASANI = "person/omar-khalid-khurasani"
MEHSUD = "person/noor-wali-mehsud"
BHUTTO = "person/bilawal-bhutto-zardari"
PESHAWAR = "place/peshawar"
QUETTA = "place/quetta"
PAKISTAN = "place/pakistan"
MOSQUE = "event/peshawar-mosque-suicide-bombing-2023-01-30"
CHECKPOINT = "event/peshawar-checkpoint-attack-2023-01"
QUETTA_BLAST = "event/quetta-blast-2023-02"

CLAIM_EVIDENCE = (
    "Jamaat-ul-Ahrar commander Sarbakaf Mohmand claimed responsibility for the Peshawar bombing."
)


def _node(graph: nx.MultiDiGraph, key: str, label: str, type_: str, **extra: object) -> None:
    attrs = {
        "id": key,
        "label": label,
        "type": type_,
        "aliases": "",
        "mentions": 1,
        "sources": "dawn.txt",
    }
    attrs.update(extra)
    graph.add_node(key, **attrs)


def _edge(
    graph: nx.MultiDiGraph, subject: str, relation: str, obj: str, start: int = 0, **extra: object
) -> None:
    attrs = {
        "relation": relation,
        "label": relation.replace("_", " "),
        "evidence": f"Sentence about {relation}.",
        "source": "dawn.txt",
        "start": start,
        "end": start + 40,
        "confidence": 0.8,
    }
    attrs.update(extra)
    graph.add_edge(subject, obj, key=relation, **attrs)


@pytest.fixture
def sample_graph() -> nx.MultiDiGraph:
    """A faction claimed the Peshawar mosque bombing, its parent denied it; leaders, places."""
    graph = nx.MultiDiGraph(name="actorgraph")
    _node(graph, TTP, "Tehreek-e-Taliban Pakistan", "Organization", aliases="TTP")
    _node(graph, JUA, "Jamaat-ul-Ahrar", "Organization")
    _node(graph, KHURASANI, "Omar Khalid Khurasani", "Person")
    _node(graph, MEHSUD, "Noor Wali Mehsud", "Person")
    _node(graph, BHUTTO, "Bilawal Bhutto Zardari", "Person")
    _node(graph, PESHAWAR, "Peshawar", "Place", lat=34.008, lon=71.578, country="PK")
    _node(graph, QUETTA, "Quetta", "Place", country="PK")
    _node(graph, PAKISTAN, "Pakistan", "Place", country="PK")
    _node(
        graph,
        MOSQUE,
        "Peshawar mosque suicide bombing (2023-01-30)",
        "Event",
        event_type="suicide_bombing",
        date="2023-01-30",
        fatalities=84,
        injured=221,
        summary="A suicide bomber struck a mosque in Peshawar.",
    )
    _node(
        graph,
        CHECKPOINT,
        "Peshawar checkpoint attack (2023-01)",
        "Event",
        event_type="armed_attack",
        date="2023-01",
        fatalities=5,
        summary="",
    )
    _node(
        graph,
        QUETTA_BLAST,
        "Quetta blast (2023-02)",
        "Event",
        event_type="bombing",
        date="2023-02",
        summary="",
    )
    _edge(graph, JUA, "claimed_responsibility", MOSQUE, start=200, evidence=CLAIM_EVIDENCE)
    _edge(graph, TTP, "denied_responsibility", MOSQUE, start=300)
    _edge(graph, JUA, "part_of", TTP, start=400)
    _edge(graph, KHURASANI, "leader_of", JUA, start=500)
    _edge(graph, MEHSUD, "leader_of", TTP, start=600, role="emir")
    _edge(graph, BHUTTO, "holds_position", PAKISTAN, start=700, role="Foreign Minister")
    _edge(graph, MOSQUE, "occurred_in", PESHAWAR, start=800)
    _edge(graph, CHECKPOINT, "occurred_in", PESHAWAR, start=900)
    _edge(graph, QUETTA_BLAST, "occurred_in", QUETTA, start=1000)
    return graph


@pytest.fixture
def graph_file(tmp_path: Path, sample_graph: nx.MultiDiGraph) -> Path:
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    return path


def _column(result: QueryResult, name: str) -> list[str]:
    index = result.columns.index(name)
    return [row[index] for row in result.rows]


def test_query_who_claimed_the_peshawar_bombing(graph_file: Path) -> None:
    result = run_query(
        graph_file,
        """
        SELECT ?who ?evidence WHERE {
          ?group ag:claimedResponsibility ?event ; schema:name ?who .
          ?event schema:name ?name .
          FILTER (CONTAINS(?name, "Peshawar") && CONTAINS(?name, "bombing"))
          ?st rdf:subject ?group ; rdf:predicate ag:claimedResponsibility ; rdf:object ?event ;
              ag:evidence ?evidence .
        }""",
    )
    assert result.columns == ["who", "evidence"]
    assert result.rows == [["Jamaat-ul-Ahrar", CLAIM_EVIDENCE]]


def test_query_named_claims(graph_file: Path) -> None:
    result = run_query(graph_file, "claims")
    assert result.columns == ["claimant", "event", "date", "evidence", "source"]
    assert result.rows == [
        [
            "Jamaat-ul-Ahrar",
            "Peshawar mosque suicide bombing (2023-01-30)",
            "2023-01-30",
            CLAIM_EVIDENCE,
            "dawn.txt",
        ]
    ]


def test_query_named_factions(graph_file: Path) -> None:
    result = run_query(graph_file, "factions")
    assert result.columns == ["group", "faction", "leader"]
    assert sorted(result.rows) == sorted(
        [
            ["Tehreek-e-Taliban Pakistan", "Jamaat-ul-Ahrar", "Omar Khalid Khurasani"],
            ["Tehreek-e-Taliban Pakistan", "", "Noor Wali Mehsud"],
            ["Jamaat-ul-Ahrar", "", "Omar Khalid Khurasani"],
        ]
    )


def test_query_named_events_by_place_month(graph_file: Path) -> None:
    result = run_query(graph_file, "events_by_place_month")
    assert result.columns[:4] == ["place", "month", "events", "fatalities"]
    assert [row[:4] for row in result.rows] == [
        ["Peshawar", "2023-01", "2", "89"],
        ["Quetta", "2023-02", "1", "0"],
    ]
    names = result.rows[0][result.columns.index("eventNames")]
    assert "Peshawar checkpoint attack (2023-01)" in names
    assert "Peshawar mosque suicide bombing (2023-01-30)" in names


def test_query_named_positions(graph_file: Path) -> None:
    result = run_query(graph_file, "positions")
    assert result.columns == ["person", "relation", "role", "organization", "source"]
    assert [row[:4] for row in result.rows] == [
        ["Bilawal Bhutto Zardari", "holds position", "Foreign Minister", "Pakistan"],
        ["Noor Wali Mehsud", "leader of", "emir", "Tehreek-e-Taliban Pakistan"],
        ["Omar Khalid Khurasani", "leader of", "", "Jamaat-ul-Ahrar"],
    ]


def test_query_named_provenance(graph_file: Path, sample_graph: nx.MultiDiGraph) -> None:
    result = run_query(graph_file, "provenance")
    assert len(result.rows) == sample_graph.number_of_edges()
    assert _column(result, "start") == sorted(_column(result, "start"), key=int)
    claim = result.rows[_column(result, "relation").index("claimed_responsibility")]
    record = dict(zip(result.columns, claim, strict=True))
    assert record["subject"] == "Jamaat-ul-Ahrar"
    assert record["evidence"] == CLAIM_EVIDENCE
    assert (record["source"], record["start"], record["end"], record["confidence"]) == (
        "dawn.txt",
        "200",
        "240",
        "0.8",
    )


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_query_every_named_query_runs_and_is_documented(graph_file: Path, name: str) -> None:
    text = named_queries()[name].read_text(encoding="utf-8")
    assert text.startswith("#"), f"{name}.rq must start with a comment saying what it answers"
    result = run_query(graph_file, name)
    assert result.columns
    assert result.rows


def test_query_expected_named_queries_exist() -> None:
    assert {"claims", "factions", "events_by_place_month", "positions", "provenance"} <= set(
        named_queries()
    )


@pytest.mark.parametrize("writer", ["jsonld", "nt"])
def test_query_reads_jsonld_and_ntriples(
    tmp_path: Path, sample_graph: nx.MultiDiGraph, writer: str
) -> None:
    path = tmp_path / f"graph.{writer}"
    if writer == "jsonld":
        write_jsonld(sample_graph, path)
    else:
        to_rdf(sample_graph).serialize(destination=str(path), format="nt", encoding="utf-8")
    assert run_query(path, "claims").rows[0][0] == "Jamaat-ul-Ahrar"


def test_query_rq_file_path(graph_file: Path, tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(?e) AS ?n) WHERE { ?e a ag:Event }", encoding="utf-8")
    assert run_query(graph_file, str(query)).rows == [["3"]]


def test_query_ask_and_construct(graph_file: Path) -> None:
    ask = run_query(graph_file, "ASK { ?e ag:fatalities 84 }")
    assert (ask.columns, ask.rows) == (["ask"], [["true"]])
    assert run_query(graph_file, "ASK { ?e ag:fatalities 1000 }").rows == [["false"]]
    graph = run_query(
        graph_file, "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a ag:Person ; schema:name ?n }"
    )
    assert graph.columns == ["turtle"]
    assert "Noor Wali Mehsud" in graph.rows[0][0]
    assert "Noor Wali Mehsud" in format_result(graph, "table")


def test_query_format_table_csv_json() -> None:
    result = QueryResult(columns=["who", "n"], rows=[["Jamaat-ul-Ahrar", "1"], ["TTP", "12"]])
    table = format_result(result, "table").splitlines()
    assert table == [
        "who              n",
        "---------------  --",
        "Jamaat-ul-Ahrar  1",
        "TTP              12",
    ]
    assert list(csv.reader(io.StringIO(format_result(result, "csv")))) == [
        ["who", "n"],
        *result.rows,
    ]
    assert json.loads(format_result(result, "json")) == [
        {"who": "Jamaat-ul-Ahrar", "n": "1"},
        {"who": "TTP", "n": "12"},
    ]


def test_query_formats_keep_hostile_text_safe() -> None:
    hostile = 'a\nb\x1b[31m\u202e"q",<script>'
    result = QueryResult(columns=["text"], rows=[[hostile]])
    table = format_result(result, "table")
    assert "\x1b" not in table and "\u202e" not in table
    assert table.count("\n") == 3  # header, rule, one row: the value's newline was escaped
    assert list(csv.reader(io.StringIO(format_result(result, "csv"))))[1] == [hostile]
    assert json.loads(format_result(result, "json")) == [{"text": hostile}]


def test_query_table_cuts_long_cells() -> None:
    result = QueryResult(columns=["text"], rows=[["x" * 10_000]])
    assert max(len(line) for line in format_result(result, "table").splitlines()) <= 100
    assert format_result(result, "csv") == "text\n" + "x" * 10_000 + "\n"


def test_query_unknown_output_format() -> None:
    with pytest.raises(QueryError):
        format_result(QueryResult(columns=["a"]), "xml")


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?x WHERE { ?x",
        "SELEKT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { foo:bar ?p ?o }",
        "",
        "   ",
        "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "no_such_named_query",
    ],
)
def test_query_bad_sparql_is_query_error(graph_file: Path, sparql: str) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(graph_file, sparql)
    assert caught.value.hint


def test_query_missing_graph_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        run_query(tmp_path / "nope.ttl", "claims")
    with pytest.raises(InputError):
        run_query(tmp_path, "claims")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.ttl", "<a> <b> .\n"),
        ("broken.jsonld", "{not json"),
        ("broken.nt", "<a> <b> <c>\n"),
        ("binary.ttl", "\udcff\udcfe"),
        ("graph.graphml", "<graphml/>"),
        ("graph.json", '{"nodes": [], "links": []}'),
    ],
)
def test_query_unreadable_graph_is_query_error(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(QueryError) as caught:
        run_query(path, "claims")
    assert caught.value.hint


def test_query_select_star_columns_follow_the_query(graph_file: Path) -> None:
    result = run_query(
        graph_file, "SELECT * WHERE { ?event ag:occurredIn ?place . ?place schema:name ?name }"
    )
    assert result.columns == ["event", "place", "name"]
    assert sorted(_column(result, "name")) == ["Peshawar", "Peshawar", "Quetta"]


def test_query_turtle_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text(
        '@prefix ag: <https://w3id.org/actorgraph/ontology#> .\n\n<a> ag:x "open\n',
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match="line 3"):
        run_query(path, "claims")


@pytest.mark.parametrize(
    "context",
    [
        '"https://schema.org/"',
        '["https://example.org/context.jsonld", {"ag": "https://w3id.org/actorgraph/ontology#"}]',
        '{"@import": "https://example.org/context.jsonld"}',
    ],
)
def test_query_refuses_remote_jsonld_context(tmp_path: Path, context: str) -> None:
    path = tmp_path / "graph.jsonld"
    path.write_text(f'{{"@context": {context}, "@id": "https://example.org/x", "name": "x"}}')
    with pytest.raises(QueryError, match="remote JSON-LD"):
        run_query(path, "claims")
