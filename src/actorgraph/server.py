"""A read-only SPARQL 1.1 Protocol endpoint over one exported graph, for YASGUI, curl and scripts.

``serve`` loads the graph into the same pyoxigraph store ``actorgraph query``
uses and returns a bound ``ThreadingHTTPServer`` (standard library only); the
caller runs ``serve_forever()``, in a thread for tests. ``/sparql`` answers

* ``GET /sparql?query=...``
* ``POST /sparql`` with ``application/x-www-form-urlencoded`` (``query=...``)
* ``POST /sparql`` with ``application/sparql-query`` (the query as the body)

SELECT and ASK results come as ``application/sparql-results+json`` (the
default), ``+xml``, ``text/csv`` or ``text/tab-separated-values`` by the
Accept header; CONSTRUCT and DESCRIBE as ``text/turtle`` (or N-Triples,
RDF/XML). Updates, ``update=`` forms, FROM/SERVICE and dataset parameters are
refused with 400: the endpoint only reads its one file, and never fetches
anything. Every response allows any origin (CORS), so a YASGUI page opened
in a browser can call it. ``GET /`` is a short page saying how to query.
"""

from __future__ import annotations

import html
import logging
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph

from .errors import QueryError, ServerError
from .query import execute, load_store
from .vocab import PREFIXES

LOGGER = logging.getLogger(__name__)

ENDPOINT_PATH = "/sparql"
MAX_BODY_BYTES = 1_000_000  # a query longer than this is a mistake or an attack
DRAIN_BYTES = 16_000_000  # a body up to this size is read and dropped before the 413; larger ones just close
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")

# Accepted media types, the default first.
RESULT_FORMATS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Max-Age": "86400",
}


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server holding the store it answers from."""

    daemon_threads = True  # a hung client never keeps the process alive after Ctrl-C
    request_queue_size = 64  # socketserver's 5 makes a browser's burst of requests wait for SYN retries

    def __init__(self, address: tuple[str, int], store: pyoxigraph.Store, graph_path: Path) -> None:
        super().__init__(address, _Handler)
        self.store = store
        self.graph_path = graph_path

    @property
    def url(self) -> str:
        """The endpoint's URL, e.g. ``http://127.0.0.1:7878/sparql``."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}{ENDPOINT_PATH}"


def serve(graph_path: Path | str, host: str = "127.0.0.1", port: int = 7878) -> SparqlServer:
    """Load ``graph_path`` and bind the endpoint; call ``serve_forever()`` on the result to answer.

    ``port`` 0 picks a free port (see ``server.url``). A host other than a
    loopback address makes the graph readable from the network: logged as a
    warning, allowed because it may be wanted in a container.

    Raises:
        InputError: the graph file does not exist.
        QueryError: the file cannot be read as RDF.
        ActorgraphError: the address cannot be bound (port in use, unknown host).
    """
    path = Path(graph_path)
    store = load_store(path)
    try:
        server = SparqlServer((host, port), store, path)
    except (OSError, OverflowError) as exc:
        raise ServerError(
            f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}",
            hint="choose another --port (0 picks a free one) or check --host",
        ) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        LOGGER.warning("the endpoint listens on %s: anyone who can reach this host can read the graph", host)
    LOGGER.info("serving %s (%d triples) at %s", path, len(store), server.url)
    return server


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "actorgraph-sparql"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, _home_page(self.server).encode("utf-8"), "text/html; charset=utf-8")
        elif url.path == ENDPOINT_PATH:
            self._answer(parse_qs(url.query, keep_blank_values=True))
        else:
            self._fail(HTTPStatus.NOT_FOUND, f"no such page: {url.path}; the endpoint is {ENDPOINT_PATH}")

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != ENDPOINT_PATH:
            self._fail(HTTPStatus.NOT_FOUND, f"no such page: {url.path}; the endpoint is {ENDPOINT_PATH}")
            return
        body = self._body()
        if body is None:
            return
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if media_type == "application/x-www-form-urlencoded":
            text = body.decode("utf-8", "replace")
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif media_type == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", "replace"))
        elif media_type == "application/sparql-update":
            self._fail(HTTPStatus.BAD_REQUEST, "updates are not allowed: this endpoint is read-only")
            return
        else:
            self._fail(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                       "send the query as application/x-www-form-urlencoded (query=...) "
                       "or as application/sparql-query")
            return
        self._answer(params)

    def do_OPTIONS(self) -> None:  # noqa: N802 - the CORS preflight a browser sends before a POST
        self._send(HTTPStatus.NO_CONTENT, b"", None)

    def _answer(self, params: dict[str, list[str]]) -> None:
        """Run the one query of a request and send its result in the format the client accepts."""
        if "update" in params:
            self._fail(HTTPStatus.BAD_REQUEST, "updates are not allowed: this endpoint is read-only")
            return
        given = [name for name in DATASET_PARAMETERS if name in params]
        if given:
            self._fail(HTTPStatus.BAD_REQUEST,
                       f"{given[0]} is not supported: the endpoint serves one graph, its default graph")
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._fail(HTTPStatus.BAD_REQUEST,
                       "give exactly one query parameter, e.g. /sparql?query=SELECT * WHERE { ?s ?p ?o } LIMIT 10")
            return
        try:
            result = execute(self.server.store, queries[0])
            body, content_type = _serialize(result, self.headers.get("Accept", ""))
        except QueryError as error:
            self._fail(HTTPStatus.BAD_REQUEST, error.message)
            return
        except Exception as exc:  # evaluation is lazy: errors surface while serialising
            LOGGER.debug("query failed", exc_info=True)
            self._fail(HTTPStatus.BAD_REQUEST, f"the query failed while running: {exc}")
            return
        self._send(HTTPStatus.OK, body, content_type)

    def _body(self) -> bytes | None:
        """The request body, or None after an error response (no length, too long)."""
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self._fail(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
            return None
        size = int(length)
        if size > MAX_BODY_BYTES:
            if size <= DRAIN_BYTES:  # read it away, so the client gets the 413 instead of a broken pipe
                remaining = size
                while remaining > 0:
                    chunk = self.rfile.read(min(65536, remaining))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            self.close_connection = True
            self._fail(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request is over {MAX_BODY_BYTES} bytes")
            return None
        return self.rfile.read(size)

    def _fail(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str | None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in CORS_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        LOGGER.info("%s %s", self.address_string(), format % args)


def _serialize(result: Any, accept: str) -> tuple[bytes, str]:
    """The result's bytes and media type: the client's preferred format that fits the query form."""
    if isinstance(result, pyoxigraph.QueryTriples):
        media_type = negotiate(accept, list(GRAPH_FORMATS))
        body = pyoxigraph.serialize(result, format=GRAPH_FORMATS[media_type], prefixes=PREFIXES)
        return body, f"{media_type}; charset=utf-8"
    media_type = negotiate(accept, list(RESULT_FORMATS))
    body = result.serialize(format=RESULT_FORMATS[media_type])
    return body, f"{media_type}; charset=utf-8"


def negotiate(accept: str, offered: list[str]) -> str:
    """The offered media type the Accept header ranks highest; the first offered when none fits.

    Falling back instead of answering 406 keeps browsers and naive clients
    (which send ``*/*`` or ``text/html``) working.
    """
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [field.strip() for field in part.split(";")]
        media_type, quality = fields[0].lower(), 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type and quality > 0:
            ranked.append((-quality, index, media_type))
    for _, _, media_type in sorted(ranked):
        if media_type in offered:
            return media_type
        if media_type in ("*/*", "application/*"):
            return offered[0]
    return offered[0]


def _home_page(server: SparqlServer) -> str:
    """A page with no script or style from anywhere: how to query, and a plain form that does it."""
    url = html.escape(server.url)
    name = html.escape(server.graph_path.name)
    example = html.escape("SELECT ?claimant ?event WHERE { ?c ag:claimedResponsibility ?e . "
                          "?c schema:name ?claimant . ?e schema:name ?event }")
    prefixes = html.escape(", ".join(f"{prefix}:" for prefix in PREFIXES))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>actorgraph SPARQL endpoint</title></head>
<body>
<h1>actorgraph SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over <code>{name}</code> ({len(server.store)} triples).</p>
<p>Endpoint: <code>{url}</code>. Send <code>GET {url}?query=…</code>, or <code>POST</code> the query
as <code>application/x-www-form-urlencoded</code> (<code>query=…</code>) or as
<code>application/sparql-query</code>. Results are SPARQL JSON by default; ask for XML, CSV or TSV
with the <code>Accept</code> header. CONSTRUCT and DESCRIBE answer Turtle. Prefixes {prefixes}
are predeclared. Updates are refused. YASGUI and other browser clients may call it (CORS).</p>
<pre>curl -H 'Accept: text/csv' --data-urlencode 'query={example}' {url}</pre>
<form method="get" action="{ENDPOINT_PATH}">
<textarea name="query" rows="6" cols="100">{example}</textarea><br>
<button type="submit">Run (SPARQL JSON)</button>
</form>
</body></html>
"""
