"""SPARQL over exported graphs: named queries answer our questions; errors are QueryErrors."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import signal
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from conftest import add_edge, add_node, rounded, run_main

from actorgraph.errors import ExitCode, InputError, QueryError
from actorgraph.export.rdf import to_rdf, write_jsonld, write_turtle
from actorgraph.query import (
    MAX_QUERY_BYTES,
    MAX_QUERY_NESTING,
    QueryLimitError,
    QueryPool,
    QueryResult,
    check_query,
    document_nesting,
    format_result,
    load_store_dir,
    named_queries,
    query_nesting,
    result_task,
    run_query,
)

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


_node = functools.partial(add_node, sources="dawn.txt")


def _edge(
    graph: nx.MultiDiGraph, subject: str, relation: str, obj: str, start: int = 0, **extra: object
) -> None:
    """An edge read from dawn.txt: a 40-character sentence at ``start``, confidence 0.8."""
    defaults = {"evidence": f"Sentence about {relation}.", "source": "dawn.txt", "end": start + 40}
    add_edge(graph, subject, relation, obj, start=start, **{**defaults, "confidence": 0.8, **extra})


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


# --- the store (pyoxigraph) against rdflib, and what a read-only query refuses --------------------


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_query_store_agrees_with_rdflib(graph_file: Path, name: str) -> None:
    from rdflib import Graph
    from rdflib.plugins.sparql import prepareQuery

    from actorgraph.vocab import PREFIXES

    ours = run_query(graph_file, name)
    text = named_queries()[name].read_text(encoding="utf-8")
    result = Graph().parse(graph_file, format="turtle").query(prepareQuery(text, initNs=PREFIXES))
    columns = [str(var) for var in result.vars]
    theirs = [["" if row[c] is None else str(row[c]) for c in columns] for row in result]
    assert ours.columns == columns
    assert sorted(map(rounded, ours.rows)) == sorted(map(rounded, theirs))


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_query_disk_store_answers_as_the_file(graph_file: Path, tmp_path: Path, name: str) -> None:
    """`actorgraph load` then `query --store`: every named query answers the same rows as from
    the Turtle file, and some rows (rows tied in ORDER BY may come in either order)."""
    store = tmp_path / "graph.store"
    load_store_dir(graph_file, store)
    from_file = run_query(graph_file, name)
    from_store = run_query(store, name, store=True)
    assert from_file.rows
    assert from_store.columns == from_file.columns
    assert sorted(map(rounded, from_store.rows)) == sorted(map(rounded, from_file.rows))


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "  # leading comment with SELECT in it\n"
        "PREFIX x: <urn:x#>\nBASE <urn:b>\ndelete where { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "CLEAR DEFAULT",
        "DROP ALL",
        "COPY DEFAULT TO <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }",
    ],
)
def test_query_updates_are_refused(graph_file: Path, update: str) -> None:
    from actorgraph.query import is_update

    assert is_update(update)
    with pytest.raises(QueryError, match="read-only"):
        run_query(graph_file, update)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'INSERT' }",
        'SELECT ?delete WHERE { ?delete ?p "DROP ALL" }',
        "# DELETE everything\nASK { ?s ?p ?o }",
        "PREFIX load: <urn:load#> SELECT * WHERE { ?s load:x ?o }",
    ],
)
def test_query_reads_are_not_taken_for_updates(graph_file: Path, query: str) -> None:
    from actorgraph.query import is_update

    assert not is_update(query)
    run_query(graph_file, query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * from <urn:g> WHERE { ?s ?p ?o }",
    ],
)
def test_query_other_data_refused_however_spelt(graph_file: Path, query: str) -> None:
    with pytest.raises(QueryError, match="other data"):
        run_query(graph_file, query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?from ?service WHERE { ?from ?p ?service } LIMIT 1",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o = 'SERVICE <x> FROM <y>') }",
        "PREFIX from: <urn:from#> SELECT * WHERE { ?s from:service ?o }",
    ],
)
def test_query_keywords_inside_names_and_strings_are_fine(graph_file: Path, query: str) -> None:
    run_query(graph_file, query)


def test_query_unknown_prefix_is_named(graph_file: Path) -> None:
    with pytest.raises(QueryError, match="unknown prefix foo:") as caught:
        run_query(graph_file, "SELECT * WHERE { foo:bar ?p ?o }")
    assert "predeclared prefixes" in caught.value.hint


def test_query_syntax_error_gives_position(graph_file: Path) -> None:
    with pytest.raises(QueryError, match=r"line 2, column \d+") as caught:
        run_query(graph_file, "SELECT ?x\nWHERE { ?x")
    assert "\\u{" not in caught.value.message  # the lexer's character ranges are cut


# --- hostile queries and files ---------------------------------------------------------------

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SECRET = "TOPSECRET root:x:0:0"


@pytest.mark.parametrize(
    ("query", "depth"),
    [
        ("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", 5002),
        ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, 3000),
        ("SELECT * WHERE { ?s ?p " + "[ ag:x " * 100 + "?o" + " ]" * 100 + " }", 101),
        ("ASK { FILTER(" + "(" * 64 + "1" + ")" * 64 + ") }", 66),
    ],
)
def test_query_deep_nesting_is_refused_before_parsing(
    graph_file: Path, query: str, depth: int
) -> None:
    assert query_nesting(query) == depth
    with pytest.raises(
        QueryError, match=f"nests brackets, braces or parentheses {depth:,} deep"
    ) as caught:
        run_query(graph_file, query)
    assert caught.value.hint


def test_query_nesting_up_to_the_limit_runs(graph_file: Path) -> None:
    depth = MAX_QUERY_NESTING - 2  # the ASK's { and FILTER's (
    query = "ASK { FILTER(" + "(" * depth + "true" + ")" * depth + ") }"
    assert query_nesting(query) == MAX_QUERY_NESTING
    assert run_query(graph_file, query).rows == [["true"]]


@pytest.mark.parametrize(
    ("query", "depth"),
    [
        ('SELECT * WHERE { ?s ?p "((((((" }', 1),
        ("SELECT * WHERE { ?s ?p '''{{{\n[[[''' }", 1),
        ("SELECT * WHERE { ?s ?p ?o } # (((((((", 1),
        ("SELECT * WHERE { ?s <urn:a(((> ?o }", 1),
        ("SELECT * WHERE { ?s ?p ?o FILTER((1 + (2)) > 0) }", 4),
    ],
)
def test_query_nesting_skips_strings_iris_comments(query: str, depth: int) -> None:
    assert query_nesting(query) == depth


def test_query_over_the_size_limit_is_refused(graph_file: Path) -> None:
    query = "SELECT * WHERE { VALUES ?x { " + " ".join(["1"] * (MAX_QUERY_BYTES // 2)) + " } }"
    with pytest.raises(QueryError, match="bytes long; the limit is 100,000"):
        run_query(graph_file, query)


@pytest.mark.parametrize("quote", ['"\\', "'\\", '"""\\"', "<\\"])
def test_query_checks_are_linear_in_unterminated_strings(quote: str) -> None:
    """The lexer once took 6 s on 32 KB of '"\\' (quadratic), holding the GIL: the server
    stood still."""
    text = "ASK { " + quote * (MAX_QUERY_BYTES // len(quote) - 10) + " }"
    started = time.monotonic()
    check_query(text)
    assert time.monotonic() - started < 2.0


def test_query_timeout_stops_the_work(graph_file: Path) -> None:
    with QueryPool(graph_file, workers=1, timeout=1.0) as pool:
        (worker,) = pool._live
        started = time.monotonic()
        with pytest.raises(QueryLimitError, match="ran longer than 1 s and was stopped") as caught:
            pool.run(result_task, CARTESIAN)
        assert time.monotonic() - started < 3.0
        assert "--query-timeout" in caught.value.hint
        assert worker.process.returncode == -signal.SIGKILL  # killed: the core is free again
        assert pool.run(result_task, "ASK { ?s ?p ?o }").rows == [["true"]]  # a new worker answers


def test_query_run_query_timeout(graph_file: Path) -> None:
    with pytest.raises(QueryLimitError, match="ran longer than 0.5 s"):
        run_query(graph_file, CARTESIAN, timeout=0.5)


def test_query_memory_limit_stops_the_work(graph_file: Path) -> None:
    ordered = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?e ?i"
    with pytest.raises(QueryLimitError, match="needed more than 64 MB of memory") as caught:
        run_query(graph_file, ordered, timeout=30, memory_mb=64)
    assert "--query-memory" in caught.value.hint


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGABRT])
def test_query_worker_death_is_an_error_and_the_pool_recovers(
    graph_file: Path, sig: signal.Signals
) -> None:
    """What the caller sees when the engine dies mid-query (as on a stack overflow)."""
    with QueryPool(graph_file, workers=1, timeout=10.0) as pool:
        (worker,) = pool._live
        threading.Timer(0.5, os.kill, args=(worker.process.pid, sig)).start()
        with pytest.raises(
            QueryError, match=re.escape(f"crashed on this query (signal {sig.name})")
        ) as caught:
            pool.run(result_task, CARTESIAN)
        assert not isinstance(caught.value, QueryLimitError) and caught.value.hint
        assert pool.run(result_task, "ASK { ?s ?p ?o }").rows == [["true"]]


def test_query_pool_waits_for_a_worker_then_gives_up(graph_file: Path) -> None:
    with QueryPool(graph_file, workers=1, timeout=0.5) as pool:
        taken = pool._acquire()  # as a long query would hold it
        started = time.monotonic()
        with pytest.raises(
            QueryLimitError, match=r"every query worker \(1\) stayed busy for 0.5 s"
        ):
            pool.run(result_task, "ASK { ?s ?p ?o }")
        assert 0.4 < time.monotonic() - started < 2.0
        pool._idle.put(taken)
        assert pool.run(result_task, "ASK { ?s ?p ?o }").rows == [["true"]]


def test_query_cli_deep_nesting_is_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], graph_file: Path
) -> None:
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    assert run_main(monkeypatch, "query", graph_file, deep) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith(
        "error: the query nests brackets, braces or parentheses 5,002 deep"
    )
    assert err.splitlines()[1].startswith("hint: ")
    assert len(err.splitlines()) == 2 and "Traceback" not in err


def test_query_cli_timeout_option(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], graph_file: Path
) -> None:
    assert (
        run_main(monkeypatch, "query", graph_file, CARTESIAN, "--query-timeout", "0.5")
        == ExitCode.ERROR
    )
    err = capsys.readouterr().err
    assert (
        "error: the query ran longer than 0.5 s and was stopped" in err and "Traceback" not in err
    )


def _nested_json(depth: int) -> str:
    return '{"@id": "urn:s", "urn:p": ' + '{"urn:p": ' * depth + '"x"' + "}" * depth + "}"


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
        ("graph.jsonld", _nested_json(200), "nests JSON objects and arrays 201 deep"),
        (
            "blank.ttl",
            "<urn:s> <urn:p> " + "[ <urn:p> " * 100_000 + "1" + " ]" * 100_000 + " .",
            "nests blank nodes and lists 100,000 deep",
        ),
        (
            "lists.ttl",
            "<urn:s> <urn:p> " + "(" * 100_000 + ")" * 100_000 + " .",
            "nests blank nodes and lists 100,000 deep",
        ),
    ],
)
def test_query_deeply_nested_graph_file_is_refused(
    tmp_path: Path, name: str, text: str, words: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=words) as caught:
        run_query(path, "ASK { ?s ?p ?o }")
    assert "actorgraph build" in caught.value.hint


def test_query_nested_graph_within_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "graph.jsonld"
    path.write_text(_nested_json(60), encoding="utf-8")
    assert document_nesting(path.read_text(), "json-ld") == 61
    assert run_query(path, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [["61"]]


@pytest.mark.parametrize(
    ("text", "format_", "depth"),
    [
        ('{"a": "[[[{{{", "b": ["\\"]]]"]}', "json-ld", 2),
        ('<urn:s> <urn:p> "((((" , """[[[\n]""" ; <urn:q> [ <urn:r> ( 1 ) ] . # ((((', "turtle", 2),
        ("<urn:s> <urn:p> <urn:o(((> .", "turtle", 0),
        ("<urn:s> <urn:p> <urn:o> .", "nt", 0),
    ],
)
def test_query_document_nesting_skips_strings(text: str, format_: str, depth: int) -> None:
    assert document_nesting(text, format_) == depth


def test_query_rq_link_to_other_file_is_refused_without_its_text(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    graph_file: Path,
    tmp_path: Path,
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(SECRET + "\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    link = tmp_path / "q.rq"
    link.symlink_to(secret)
    with pytest.raises(
        QueryError, match="is a link to .*passwd, which is not a .rq file"
    ) as caught:
        run_query(graph_file, str(link))
    assert SECRET not in caught.value.message and "TOPSECRET" not in caught.value.hint
    assert run_main(monkeypatch, "query", graph_file, link) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert "q.rq" in err and "TOPSECRET" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xfe" + SECRET.encode(), "is not UTF-8 text"),
        (SECRET.encode() + b"\x00\x01", "is not text"),
        (SECRET.encode() + b" " * MAX_QUERY_BYTES, "is over 100,000 bytes"),
    ],
)
def test_query_rq_file_that_is_not_a_query_names_the_file_only(
    graph_file: Path, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "q.rq"
    path.write_bytes(content)
    with pytest.raises(QueryError, match=words) as caught:
        run_query(graph_file, str(path))
    assert "q.rq" in caught.value.message
    assert "TOPSECRET" not in caught.value.message + (caught.value.hint or "")


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/passwd", "folder.rq"])
def test_query_rq_link_to_device_or_folder_is_refused(
    graph_file: Path, tmp_path: Path, target: str
) -> None:
    if target == "folder.rq":
        (tmp_path / target).mkdir()
        target = str(tmp_path / target)
    elif not Path(target).exists():
        pytest.skip(f"{target} does not exist here")
    link = tmp_path / "q.rq"
    link.symlink_to(target)
    with pytest.raises(QueryError, match="q.rq"):
        run_query(graph_file, str(link))


def test_query_rq_link_to_rq_file_is_fine(graph_file: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.rq"
    real.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    (tmp_path / "link.rq").symlink_to(real)
    assert run_query(graph_file, str(tmp_path / "link.rq")).rows == [["true"]]
