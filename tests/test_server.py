"""The SPARQL endpoint: protocol forms, content negotiation, read-only, errors.
Traffic to 127.0.0.1 only."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import networkx as nx
import pytest

from actorgraph.errors import ActorgraphError, InputError
from actorgraph.export.rdf import write_turtle
from actorgraph.query import load_store_dir
from actorgraph.query.server import SparqlServer, negotiate, serve

NAMES = "SELECT ?name WHERE { ?p a ag:Person ; schema:name ?name } ORDER BY ?name"
PERSONS = ["Bilawal Bhutto Zardari", "Omar Khalid Khurasani"]
TIMEOUT = 10  # seconds per request: a hung server fails the test instead of the suite
# No proxy from the environment: every request goes straight to 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture
def server(tmp_path: Path, small_graph: nx.MultiDiGraph) -> Iterator[SparqlServer]:
    """The endpoint over small_graph on a free port, answering from a thread; shut down after."""
    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    yield from _serving(serve(path, host="127.0.0.1", port=0))


@pytest.fixture
def guarded(tmp_path: Path, small_graph: nx.MultiDiGraph) -> Iterator[SparqlServer]:
    """The endpoint with short limits: 1 s per query, 0.5 s to send a request."""
    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    yield from _serving(serve(path, host="127.0.0.1", port=0, query_timeout=1.0, read_timeout=0.5))


@pytest.fixture
def stored(tmp_path: Path, small_graph: nx.MultiDiGraph) -> Iterator[SparqlServer]:
    """The endpoint over a store loaded from small_graph (``serve --store``), 1 s per query."""
    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    load_store_dir(path, tmp_path / "graph.store")
    yield from _serving(
        serve(tmp_path / "graph.store", store=True, host="127.0.0.1", port=0, query_timeout=1.0)
    )


def _serving(endpoint: SparqlServer) -> Iterator[SparqlServer]:
    thread = threading.Thread(
        target=endpoint.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield endpoint
    endpoint.shutdown()
    endpoint.server_close()
    thread.join(timeout=TIMEOUT)
    assert not thread.is_alive()


def _request(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def _get(
    server: SparqlServer, query: str, accept: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": accept} if accept else {}
    return _request(f"{server.url}?{urlencode({'query': query})}", headers=headers)


def _json_names(body: bytes) -> list[str]:
    document = json.loads(body)
    assert document["head"]["vars"] == ["name"]
    return [binding["name"]["value"] for binding in document["results"]["bindings"]]


def test_server_get_returns_sparql_json(server: SparqlServer) -> None:
    status, headers, body = _get(server, NAMES)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert _json_names(body) == PERSONS


def test_server_post_form(server: SparqlServer) -> None:
    status, _, body = _request(
        server.url,
        data=urlencode({"query": NAMES}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200
    assert _json_names(body) == PERSONS


def test_server_post_sparql_query(server: SparqlServer) -> None:
    status, _, body = _request(
        server.url,
        data=NAMES.encode(),
        headers={"Content-Type": "application/sparql-query; charset=utf-8"},
    )
    assert status == 200
    assert _json_names(body) == PERSONS


def test_server_accept_xml_csv_tsv(server: SparqlServer) -> None:
    status, headers, body = _get(server, NAMES, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    literals = [
        element.text
        for element in ET.fromstring(body).iter("{http://www.w3.org/2005/sparql-results#}literal")
    ]
    assert literals == PERSONS
    status, headers, body = _get(server, NAMES, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["name"], *[[name] for name in PERSONS]]
    status, headers, body = _get(server, NAMES, "text/tab-separated-values")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert body.decode().splitlines()[1] == f'"{PERSONS[0]}"'


def test_server_accept_quality_and_wildcards(server: SparqlServer) -> None:
    _, headers, _ = _get(server, NAMES, "text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert headers["Content-Type"].startswith("application/sparql-results+xml")
    _, headers, _ = _get(server, NAMES, "text/html,*/*;q=0.8")
    assert headers["Content-Type"].startswith("application/sparql-results+json")


def test_server_ask(server: SparqlServer) -> None:
    status, _, body = _get(server, "ASK { ?e ag:fatalities 100 }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_server_construct_returns_turtle(server: SparqlServer) -> None:
    from rdflib import Graph

    status, headers, body = _get(
        server,
        "CONSTRUCT WHERE { ?p a ag:Person ; schema:name ?n }",
        "application/sparql-results+json, text/turtle;q=0.5",
    )
    assert status == 200
    assert headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    assert {str(o) for o in graph.objects()} >= set(PERSONS)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x#> # a comment\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "CLEAR ALL",
        "DROP DEFAULT",
        "CREATE GRAPH <urn:g>",
        "with <urn:g> delete { ?s ?p ?o } where { ?s ?p ?o }",
    ],
)
def test_server_refuses_updates(server: SparqlServer, update: str) -> None:
    for status, _, body in (
        _get(server, update),
        _request(
            server.url,
            data=urlencode({"update": update}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        _request(
            server.url, data=update.encode(), headers={"Content-Type": "application/sparql-update"}
        ),
    ):
        assert status == 400
        assert b"read-only" in body
    assert _json_names(_get(server, NAMES)[2]) == PERSONS  # nothing changed


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("SELECT ?x WHERE { ?x", b"syntax error"),
        ("SELECT * WHERE { foo:bar ?p ?o }", b"unknown prefix foo:"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", b"other data"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", b"other data"),
        ("", b"empty"),
    ],
)
def test_server_bad_query_is_400_with_message(
    server: SparqlServer, query: str, words: bytes
) -> None:
    status, headers, body = _get(server, query)
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert words in body


def test_server_request_errors(server: SparqlServer) -> None:
    assert _request(server.url)[0] == 400  # no query parameter
    assert _request(f"{server.url}?query=ASK%7B%7D&query=ASK%7B%7D")[0] == 400  # two of them
    url = f"{server.url}?{urlencode({'query': NAMES, 'default-graph-uri': 'http://example.org/g'})}"
    assert _request(url)[0] == 400
    assert _request(server.url, data=b"query=x", headers={"Content-Type": "text/plain"})[0] == 415
    big = b"query=" + b"x" * 1_000_001
    assert (
        _request(
            server.url, data=big, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )[0]
        == 413
    )


@pytest.mark.parametrize("path", ["/nope", "/sparql/extra", "/../etc/passwd", "/index.php"])
def test_server_unknown_path_is_404(server: SparqlServer, path: str) -> None:
    base = server.url[: -len("/sparql")]
    assert _request(base + path)[0] == 404
    assert (
        _request(
            base + path,
            data=b"query=ASK{}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )[0]
        == 404
    )


def test_server_home_page_says_how_to_query(server: SparqlServer) -> None:
    status, headers, body = _request(server.url[: -len("/sparql")] + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert server.url in page and "application/sparql-query" in page
    assert "<script" not in page and "http://" not in page.replace(server.url, "")


def test_server_cors_preflight(server: SparqlServer) -> None:
    status, headers, _ = _request(
        server.url,
        method="OPTIONS",
        headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]


def test_server_missing_graph_and_busy_port(tmp_path: Path, server: SparqlServer) -> None:
    with pytest.raises(InputError):
        serve(tmp_path / "nope.ttl", port=0)
    port = server.server_address[1]
    with pytest.raises(ActorgraphError, match="cannot listen") as caught:
        serve(server.graph_path, host="127.0.0.1", port=port)
    assert caught.value.hint


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "a/json"),
        ("b/csv", "b/csv"),
        ("b/csv;q=0, a/json;q=0.1", "a/json"),
        ("x/unknown", "a/json"),
        ("b/csv;q=0.2, */*;q=0.5", "a/json"),
        ("b/csv;q=bad", "a/json"),
        ("B/CSV", "b/csv"),
    ],
)
def test_server_negotiate(accept: str, expected: str) -> None:
    assert negotiate(accept, ["a/json", "b/csv"]) == expected


def test_server_answers_concurrent_requests(server: SparqlServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: _get(server, NAMES), range(16)))
    assert all(status == 200 and _json_names(body) == PERSONS for status, _, body in answers)


# --- a hostile client: the server stays up and a second client is still answered ------------

DEEP = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SECOND_CLIENT_SECONDS = 1.0


def _second_client(server: SparqlServer) -> float:
    """Seconds for a simple query, which must succeed."""
    started = time.monotonic()
    status, _, body = _get(server, NAMES)
    assert status == 200 and _json_names(body) == PERSONS
    return time.monotonic() - started


def _post_query(server: SparqlServer, query: str) -> tuple[int, dict[str, str], bytes]:
    return _request(
        server.url, data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )


def _raw(server: SparqlServer, payload: bytes) -> str:
    """The status code a request made of these bytes gets, or "closed"."""
    with socket.create_connection(server.server_address[:2], timeout=TIMEOUT) as connection:
        connection.sendall(payload)
        answer = connection.recv(200)
    return answer.split(b" ")[1].decode() if answer else "closed"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        (DEEP, b"nests brackets, braces or parentheses 5,002 deep; the limit is 64"),
        ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, b"3,000 deep"),
        (
            "SELECT * WHERE { VALUES ?x { " + " ".join(["1"] * 60_000) + " } }",
            b"bytes long; the limit is 100,000",
        ),
    ],
)
def test_server_deep_or_huge_query_is_400_and_server_stays_up(
    server: SparqlServer, query: str, words: bytes
) -> None:
    status, headers, body = _post_query(server, query)
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert words in body and b"\nhint: " in body
    if len(query) < 60_000:
        assert _get(server, query)[0] == 400
    assert _second_client(server) < SECOND_CLIENT_SECONDS


def test_server_query_timeout_is_503_and_others_are_answered_meanwhile(
    guarded: SparqlServer,
) -> None:
    answers: list[tuple[int, dict[str, str], bytes]] = []
    heavy = threading.Thread(target=lambda: answers.append(_post_query(guarded, CARTESIAN)))
    started = time.monotonic()
    heavy.start()
    time.sleep(0.3)
    assert _second_client(guarded) < SECOND_CLIENT_SECONDS  # the other worker answers
    heavy.join(timeout=TIMEOUT)
    status, _, body = answers[0]
    assert status == 503 and b"ran longer than 1 s and was stopped" in body
    assert time.monotonic() - started < 3.0
    time.sleep(0.5)  # the killed worker's replacement starts in the background
    assert _second_client(guarded) < SECOND_CLIENT_SECONDS


def test_server_half_open_connections_cost_no_threads(guarded: SparqlServer) -> None:
    """100 half-sent requests: no thread each, the others answered, each one closed with 408
    in time."""
    threads_before = threading.active_count()
    connections = []
    try:
        for index in range(100):
            connection = socket.create_connection(guarded.server_address[:2], timeout=TIMEOUT)
            connection.sendall(
                b"POST /sparql HTTP/1.1\r\nContent-Length: 500\r\n\r\nquery=SEL"
                if index % 2
                else b"GET /sparql?query=ASK HTTP/1.1\r\nHost: x"
            )
            connections.append(connection)
        assert _second_client(guarded) < SECOND_CLIENT_SECONDS
        assert threading.active_count() - threads_before < 5
        for connection in connections:
            connection.settimeout(3.0)
            assert connection.recv(64).startswith(b"HTTP/1.0 408 ")
    finally:
        for connection in connections:
            connection.close()
    assert _second_client(guarded) < SECOND_CLIENT_SECONDS


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"\x00\xff\xfe garbage\r\n\r\n", "400"),
        (b"GET\r\n\r\n", "400"),
        (b"GET /sparql?query=ASK%7B%7D HTTP/9.9\r\n\r\n", "505"),
        (b"POST /sparql HTTP/1.1\r\nContent-Length: abc\r\n\r\n", "411"),
        (b"POST /sparql HTTP/1.1\r\nContent-Length: \xb2\r\n\r\n", "411"),  # "²" isdigit()
        (b"POST /sparql HTTP/1.1\r\nContent-Length: " + b"9" * 5000 + b"\r\n\r\n", "413"),
        (
            b"POST /sparql HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n",
            "411",
        ),
        (b"GET / HTTP/1.1\r\nX-A: " + b"a" * 100_000 + b"\r\n\r\n", "431"),
        (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n", "431"),
        (b"GET /" + b"a" * 100_000, "414"),
        (
            (
                b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 8\r\n\r\n"
                b"\xff\xfeASK {}"
            ),
            "400",
        ),
    ],
)
def test_server_malformed_http_gets_a_status_line(
    server: SparqlServer, payload: bytes, status: str
) -> None:
    assert _raw(server, payload) == status
    assert _second_client(server) < SECOND_CLIENT_SECONDS


def test_server_request_not_sent_in_time_is_408(guarded: SparqlServer) -> None:
    with socket.create_connection(guarded.server_address[:2], timeout=TIMEOUT) as connection:
        connection.sendall(b"GET /sparql?query=ASK")
        started = time.monotonic()
        answer = b"".join(iter(lambda: connection.recv(4096), b""))
    assert answer.startswith(b"HTTP/1.0 408 ") and b"not complete after 0.5 s" in answer
    assert time.monotonic() - started < 2.0


def test_server_cli_defaults_match_the_library() -> None:
    """cli/query.py repeats the defaults so that --help need not import pyoxigraph."""
    import inspect

    from actorgraph import query
    from actorgraph.cli import query as query_cli
    from actorgraph.cli.serve import serve_command

    assert query_cli.DEFAULT_QUERY_TIMEOUT == query.DEFAULT_QUERY_TIMEOUT
    assert query_cli.DEFAULT_QUERY_MEMORY_MB == query.DEFAULT_QUERY_MEMORY_MB
    assert inspect.signature(serve_command).parameters["workers"].default == query.DEFAULT_WORKERS


# --- serve --store: the same endpoint over an on-disk store ---------------------------------


def test_server_store_answers_as_the_file(server: SparqlServer, stored: SparqlServer) -> None:
    for query in (NAMES, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"):
        from_file = _get(server, query, accept="text/csv")
        from_store = _get(stored, query, accept="text/csv")
        assert from_store[0] == 200 and from_store[2] == from_file[2]
    assert stored.triples == server.triples


def test_server_store_home_page_names_the_source(stored: SparqlServer) -> None:
    status, _, body = _request(stored.url[: -len("/sparql")] + "/")
    page = body.decode()
    assert status == 200
    assert "graph.store" in page and "a store loaded from <code>graph.ttl</code>" in page


def test_server_store_keeps_the_limits(stored: SparqlServer) -> None:
    """Updates, SERVICE and deep nesting are refused, a runaway query is stopped at the time
    limit, and a second client is answered meanwhile, as over a file."""
    for query in (
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
        DEEP,
    ):
        status, _, _ = _post_query(stored, query)
        assert status == 400
    result: dict[str, int] = {}
    slow = threading.Thread(target=lambda: result.update(status=_post_query(stored, CARTESIAN)[0]))
    slow.start()
    time.sleep(0.2)
    assert _second_client(stored) < SECOND_CLIENT_SECONDS
    slow.join(timeout=TIMEOUT)
    assert result["status"] == 503
    assert _json_names(_get(stored, NAMES)[2]) == PERSONS


def test_server_store_that_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(ActorgraphError, match="not an actorgraph store"):
        serve(tmp_path, store=True, port=0)
