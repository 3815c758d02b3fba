"""A read-only SPARQL 1.1 Protocol endpoint over one exported graph, for YASGUI, curl and scripts.

``serve`` starts a ``QueryPool`` of worker processes holding the graph and
returns a bound ``SparqlServer`` (standard library only); the caller runs
``serve_forever()``, in a thread for tests. ``/sparql`` answers

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

One client can neither stop the server nor starve the others:

* a query too long or too deeply nested is refused (400) before parsing;
* a query runs in a worker process, killed after ``query_timeout`` seconds
  (503), or when it needs more than ``memory_mb`` (503); a crash of the
  query engine kills only that worker (400);
* requests are read by one thread that multiplexes every connection still
  sending, so hundreds of half-sent requests cost a socket each, not a
  thread; a request not complete within ``read_timeout`` seconds gets 408;
* complete requests are answered by a fixed pool of ``handler_threads``
  threads, with a bounded queue behind it (503 when full).

``bench/probe_server.py`` sends each hostile input and checks that a second
client is still answered within a second.

Why not Oxigraph's own server (the ``oxigraph`` wheel on PyPI, 0.5.13): its
``--timeout-s`` cancels between results, and a 4-way cartesian COUNT was still
running after 30 s with ``--timeout-s 3``; the same 10 KB of nested ``(``
aborted the whole server ("has overflowed its stack"). It would also need a
second binary, its own data directory, and our read-only rules (no SERVICE,
FROM or updates) in front of it.
"""

from __future__ import annotations

import html
import io
import logging
import os
import re
import selectors
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph

from ..errors import QueryError, ServerError
from ..vocab import PREFIXES
from .disk import StoreSource
from .pool import (
    DEFAULT_QUERY_MEMORY_MB,
    DEFAULT_QUERY_TIMEOUT,
    DEFAULT_WORKERS,
    QueryLimitError,
    QueryPool,
)
from .sparql import check_query, execute
from .views import View, view_key

LOGGER = logging.getLogger(__name__)

ENDPOINT_PATH = "/sparql"
MAX_BODY_BYTES = 1_000_000  # a query longer than this is a mistake or an attack
DRAIN_BYTES = (
    16_000_000  # a body up to this size is read and dropped before the 413; larger ones just close
)
MAX_HEADER_BYTES = 80_000  # request line (http.server allows 65,536) and headers
READ_TIMEOUT = 10.0  # seconds for a client to send its whole request
WRITE_TIMEOUT = 10.0  # seconds for a client to take its whole response
STREAM_CHUNK_BYTES = 1 << 20  # a stored answer is sent from disk in pieces this size
HANDLER_THREADS = 16  # requests answered at once (a query waits for one of the workers)
QUEUED_REQUESTS = 64  # complete requests waiting for a handler thread; past this, 503
MAX_PENDING_CONNECTIONS = 512  # connections still sending; past this, the oldest is closed
SWEEP_SECONDS = 0.2  # how often the reader closes connections past their read deadline
DATASET_PARAMETERS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)

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

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(
    rb"^content-length[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE
)


class SparqlServer(HTTPServer):
    """An HTTP server that reads requests on one thread and answers them on a fixed pool."""

    request_queue_size = (
        128  # socketserver's 5 makes a browser's burst of requests wait for SYN retries
    )

    def __init__(
        self,
        address: tuple[str, int],
        pool: QueryPool,
        graph_path: Path,
        *,
        read_timeout: float = READ_TIMEOUT,
        handler_threads: int = HANDLER_THREADS,
    ) -> None:
        self.pool = pool
        self.graph_path = graph_path
        self.triples = pool.triples
        self.views = pool.source.views() if isinstance(pool.source, StoreSource) else {}
        self.conversions = threading.BoundedSemaphore(1)  # stored answers in another format
        self._handlers = ThreadPoolExecutor(handler_threads, thread_name_prefix="sparql-handler")
        self._capacity = handler_threads + QUEUED_REQUESTS
        self._in_flight = 0
        self._lock = threading.Lock()
        self._reader = _RequestReader(self, read_timeout)
        super().__init__(address, _Handler)  # binds; on failure calls server_close, which must work
        self._reader.start()

    @property
    def url(self) -> str:
        """The endpoint's URL, e.g. ``http://127.0.0.1:7878/sparql``."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}{ENDPOINT_PATH}"

    def process_request(self, request: Any, client_address: Any) -> None:
        """Hand a new connection to the reader; returns at once (``serve_forever`` calls this)."""
        self._reader.add(request, client_address)

    def dispatch(self, connection: socket.socket, client_address: Any, data: bytes) -> None:
        """Answer a complete request (``data``) on a handler thread, or 503 when too many wait."""
        with self._lock:
            busy = self._in_flight >= self._capacity
            if not busy:
                self._in_flight += 1
        if busy:
            _send_and_close(
                connection, HTTPStatus.SERVICE_UNAVAILABLE, "the server is busy; retry in a moment"
            )
            return
        try:
            self._handlers.submit(self._respond, connection, client_address, data)
        except RuntimeError:  # shut down
            with self._lock:
                self._in_flight -= 1
            _send_and_close(connection, HTTPStatus.SERVICE_UNAVAILABLE, "the server is stopping")

    def _respond(self, connection: socket.socket, client_address: Any, data: bytes) -> None:
        try:
            self.finish_request((connection, data), client_address)
        except Exception:  # noqa: BLE001 - one request's failure must not end the thread
            self.handle_error(connection, client_address)
        finally:
            self.shutdown_request(connection)
            with self._lock:
                self._in_flight -= 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log instead of printing a traceback; a client that went away is not worth more than
        debug."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            LOGGER.debug("%s: connection lost: %s", client_address[0], error)
        else:
            LOGGER.exception("error answering %s", client_address[0])

    def server_close(self) -> None:
        """Stop listening, close every connection, stop the handler threads and the query
        workers."""
        super().server_close()
        self._reader.close()
        self._handlers.shutdown(wait=False, cancel_futures=True)
        self.pool.close()


def serve(
    graph_path: Path | str,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    query_timeout: float = DEFAULT_QUERY_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
    memory_mb: int = DEFAULT_QUERY_MEMORY_MB,
    read_timeout: float = READ_TIMEOUT,
    store: bool = False,
) -> SparqlServer:
    """Start ``workers`` query workers over ``graph_path`` and bind; ``serve_forever()`` answers.

    With ``store`` true, ``graph_path`` is a store folder written by ``actorgraph load``: the
    workers open it read-only instead of parsing a file, so a large graph is ready at once.

    ``port`` 0 picks a free port (see ``server.url``). A host other than a
    loopback address makes the graph readable from the network: logged as a
    warning, allowed because it may be wanted in a container.

    Raises:
        InputError: the graph file (or store) does not exist.
        QueryError: the file cannot be read as RDF, or the folder is not a store.
        ServerError: the address cannot be bound (port in use, unknown host),
            or a query worker cannot start.
    """
    path = Path(graph_path)
    pool = QueryPool(path, store=store, workers=workers, timeout=query_timeout, memory_mb=memory_mb)
    try:
        server = SparqlServer((host, port), pool, path, read_timeout=read_timeout)
    except (OSError, OverflowError) as exc:
        pool.close()
        raise ServerError(
            f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}",
            hint="choose another --port (0 picks a free one) or check --host",
        ) from None
    except BaseException:
        pool.close()
        raise
    if host not in ("127.0.0.1", "localhost", "::1"):
        LOGGER.warning(
            "the endpoint listens on %s: anyone who can reach this host can read the graph", host
        )
    LOGGER.info(
        "serving %s (%d triples) at %s with %d query workers, %g s per query",
        path,
        server.triples,
        server.url,
        workers,
        query_timeout,
    )
    return server


@dataclass
class _Pending:
    """A connection still sending its request."""

    address: Any
    deadline: float
    data: bytearray = field(default_factory=bytearray)
    scanned: int = 0  # where to resume looking for the end of the headers
    header_end: int | None = None
    drain: int = 0  # body bytes still to read and drop (a body over MAX_BODY_BYTES)


class _RequestReader(threading.Thread):
    """Reads every connection's request on one thread, then hands it, whole, to ``server.dispatch``.

    Connections are non-blocking and multiplexed with ``selectors``: a client
    that opens hundreds of connections and sends half a request holds a socket
    and a buffer each, never a thread. A request must be complete within
    ``read_timeout`` seconds of the connection (408 otherwise); past
    ``MAX_PENDING_CONNECTIONS`` the oldest connection still sending is closed.
    """

    def __init__(self, server: SparqlServer, read_timeout: float) -> None:
        super().__init__(name="sparql-request-reader", daemon=True)
        self._server = server
        self._read_timeout = read_timeout
        self._selector = selectors.DefaultSelector()
        self._pending: dict[socket.socket, _Pending] = {}  # oldest first
        self._incoming: list[tuple[socket.socket, Any]] = []
        self._incoming_lock = threading.Lock()
        self._wake_in, self._wake_out = socket.socketpair()
        self._wake_in.setblocking(False)
        self._wake_out.setblocking(False)
        self._selector.register(self._wake_in, selectors.EVENT_READ)
        self._stopping = False

    def add(self, connection: socket.socket, address: Any) -> None:
        with self._incoming_lock:
            self._incoming.append((connection, address))
        self._wake()

    def close(self) -> None:
        """Stop reading and close every connection still sending."""
        self._stopping = True
        if self.is_alive():
            self._wake()
            self.join(timeout=5.0)
        elif self.ident is None:  # never started (the server could not bind)
            self._release()

    def run(self) -> None:
        try:
            while not self._stopping:
                for key, _ in self._selector.select(timeout=SWEEP_SECONDS):
                    if key.fileobj is self._wake_in:
                        self._drain_wakeups()
                    else:
                        self._read(key.fileobj)  # type: ignore[arg-type]
                self._take_incoming()
                self._expire(time.monotonic())
        finally:
            self._release()

    def _release(self) -> None:
        for connection in list(self._pending):
            self._drop(connection)
        with self._incoming_lock:
            for connection, _ in self._incoming:
                connection.close()
            self._incoming.clear()
        self._selector.close()
        self._wake_in.close()
        self._wake_out.close()

    def _wake(self) -> None:
        try:
            self._wake_out.send(b"\0")
        except OSError:
            pass  # the buffer is full (a wake-up is already due) or the reader is closed

    def _drain_wakeups(self) -> None:
        try:
            while self._wake_in.recv(4096):
                pass
        except OSError:
            pass

    def _take_incoming(self) -> None:
        with self._incoming_lock:
            incoming, self._incoming = self._incoming, []
        deadline = time.monotonic() + self._read_timeout
        for connection, address in incoming:
            if len(self._pending) >= MAX_PENDING_CONNECTIONS:
                oldest = next(iter(self._pending))
                LOGGER.info(
                    "%s: closed: %d connections are still sending",
                    self._pending[oldest].address[0],
                    len(self._pending),
                )
                self._drop(oldest)
            connection.setblocking(False)
            self._pending[connection] = _Pending(address=address, deadline=deadline)
            self._selector.register(connection, selectors.EVENT_READ)

    def _expire(self, now: float) -> None:
        while self._pending:
            connection, pending = next(iter(self._pending.items()))
            if pending.deadline > now:
                return
            LOGGER.info(
                "%s: request not complete after %g s", pending.address[0], self._read_timeout
            )
            self._refuse(
                connection,
                HTTPStatus.REQUEST_TIMEOUT,
                f"the request was not complete after {self._read_timeout:g} s",
            )

    def _read(self, connection: socket.socket) -> None:
        pending = self._pending.get(connection)
        if pending is None:
            return
        try:
            chunk = connection.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(connection)
            return
        if not chunk:  # the client gave up before sending a whole request
            self._drop(connection)
            return
        if pending.drain:
            pending.drain = max(0, pending.drain - len(chunk))
            if not pending.drain:
                self._complete(connection, pending)
            return
        pending.data += chunk
        if pending.header_end is None and not self._find_header_end(connection, pending):
            return
        assert pending.header_end is not None
        length = _content_length(bytes(pending.data[: pending.header_end]))
        if length is None or length > DRAIN_BYTES:  # the handler answers 411 or 413
            del pending.data[pending.header_end :]
            self._complete(connection, pending)
        elif length > MAX_BODY_BYTES:  # read it away: the client gets the 413, not a broken pipe
            pending.drain = max(0, length - (len(pending.data) - pending.header_end))
            del pending.data[pending.header_end :]
            if not pending.drain:
                self._complete(connection, pending)
        elif len(pending.data) >= pending.header_end + length:
            del pending.data[pending.header_end + length :]
            self._complete(connection, pending)

    def _find_header_end(self, connection: socket.socket, pending: _Pending) -> bool:
        """Whether the headers are complete; refuses the request when they are too long."""
        match = _HEADER_END.search(pending.data, max(0, pending.scanned - 3))
        if match:
            pending.header_end = match.end()
            return True
        pending.scanned = len(pending.data)
        if len(pending.data) > MAX_HEADER_BYTES:
            if b"\n" in pending.data:
                self._refuse(
                    connection,
                    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    f"the request headers are over {MAX_HEADER_BYTES:,} bytes",
                )
            else:
                self._refuse(
                    connection,
                    HTTPStatus.REQUEST_URI_TOO_LONG,
                    f"the request line is over {MAX_HEADER_BYTES:,} bytes; POST long queries",
                )
        return False

    def _complete(self, connection: socket.socket, pending: _Pending) -> None:
        self._forget(connection)
        connection.setblocking(True)
        self._server.dispatch(connection, pending.address, bytes(pending.data))

    def _refuse(self, connection: socket.socket, status: HTTPStatus, message: str) -> None:
        self._forget(connection)
        _send_and_close(connection, status, message)

    def _drop(self, connection: socket.socket) -> None:
        self._forget(connection)
        connection.close()

    def _forget(self, connection: socket.socket) -> None:
        self._pending.pop(connection, None)
        try:
            self._selector.unregister(connection)
        except (KeyError, ValueError):
            pass


def _content_length(headers: bytes) -> int | None:
    """The Content-Length value; None when absent or not a number; a huge one as DRAIN_BYTES + 1."""
    match = _CONTENT_LENGTH.search(headers)
    if match is None or not match.group(1).isdigit():
        return None
    value = match.group(1)
    return int(value) if len(value) <= 12 else DRAIN_BYTES + 1


def _send_and_close(connection: socket.socket, status: HTTPStatus, message: str) -> None:
    """Send a plain-text response without waiting (a client not reading loses it), then close."""
    body = (message + "\n").encode("utf-8")
    head = (
        f"HTTP/1.0 {status.value} {status.phrase}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in CORS_HEADERS.items())
        + "\r\n"
    )
    try:
        connection.setblocking(False)
        connection.send(head.encode("ascii") + body)
    except OSError:
        pass
    connection.close()


class _Handler(BaseHTTPRequestHandler):
    """Answers one request that the reader has already read whole
    (``request`` is (socket, bytes))."""

    server: SparqlServer
    server_version = "actorgraph-sparql"
    default_request_version = "HTTP/1.0"  # an error about a garbled request line has a status line
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s: %(explain)s\n"

    def setup(self) -> None:
        self.connection, data = self.request
        self.connection.settimeout(WRITE_TIMEOUT)
        self.rfile = io.BytesIO(data)
        self.wfile = _SocketWriter(self.connection)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(
                HTTPStatus.OK, _home_page(self.server).encode("utf-8"), "text/html; charset=utf-8"
            )
        elif url.path == ENDPOINT_PATH:
            self._answer(parse_qs(url.query, keep_blank_values=True))
        else:
            self._fail(
                HTTPStatus.NOT_FOUND, f"no such page: {url.path}; the endpoint is {ENDPOINT_PATH}"
            )

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != ENDPOINT_PATH:
            self._fail(
                HTTPStatus.NOT_FOUND, f"no such page: {url.path}; the endpoint is {ENDPOINT_PATH}"
            )
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
            self._fail(
                HTTPStatus.BAD_REQUEST, "updates are not allowed: this endpoint is read-only"
            )
            return
        else:
            self._fail(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send the query as application/x-www-form-urlencoded (query=...) "
                "or as application/sparql-query",
            )
            return
        self._answer(params)

    def do_OPTIONS(self) -> None:  # noqa: N802 - the CORS preflight a browser sends before a POST
        self._send(HTTPStatus.NO_CONTENT, b"", None)

    def _answer(self, params: dict[str, list[str]]) -> None:
        """Run the one query of a request and send its result in the format the client accepts."""
        if "update" in params:
            self._fail(
                HTTPStatus.BAD_REQUEST, "updates are not allowed: this endpoint is read-only"
            )
            return
        given = [name for name in DATASET_PARAMETERS if name in params]
        if given:
            self._fail(
                HTTPStatus.BAD_REQUEST,
                f"{given[0]} is not supported: the endpoint serves one graph, its default graph",
            )
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._fail(
                HTTPStatus.BAD_REQUEST,
                "give exactly one query parameter, "
                "e.g. /sparql?query=SELECT * WHERE { ?s ?p ?o } LIMIT 10",
            )
            return
        try:
            check_query(queries[0])  # here, so a refused query never waits for a worker
            accept = self.headers.get("Accept", "")
            view = self.server.views.get(view_key(queries[0]))
            if view is not None:
                self._send_stored_answer(view, accept)
                return
            body, content_type = self.server.pool.run(_run_and_serialize, queries[0], accept)
        except QueryLimitError as error:
            self._fail(HTTPStatus.SERVICE_UNAVAILABLE, error.message, error.hint)
            return
        except QueryError as error:
            self._fail(HTTPStatus.BAD_REQUEST, error.message, error.hint)
            return
        self._send(HTTPStatus.OK, body, content_type)

    def _send_stored_answer(self, view: View, accept: str) -> None:
        """A named query's answer stored at load (see ``views``), in the client's preferred
        format: a stored file is streamed from disk, never held whole in memory (a million
        triples' provenance is 56 MB of JSON, and 16 handlers may send it at once); another
        format is converted by one handler at a time."""
        media_type = negotiate(accept, list(RESULT_FORMATS))
        content_type = f"{media_type}; charset=utf-8"
        stored = view.stored_file(media_type)
        if stored is None:
            with self.server.conversions:
                body = view.converted(RESULT_FORMATS[media_type])
            self._send(HTTPStatus.OK, body, content_type)
            return
        with stored.open("rb") as answer:
            self._send_headers(HTTPStatus.OK, os.fstat(answer.fileno()).st_size, content_type)
            if self.command != "HEAD":
                self._stream(answer)

    def _stream(self, answer: io.BufferedReader) -> None:
        """Send a file in pieces within one WRITE_TIMEOUT for the whole of it, as a response
        sent in one piece has (a client that reads slowly is cut off, not waited for)."""
        deadline = time.monotonic() + WRITE_TIMEOUT
        while chunk := answer.read(STREAM_CHUNK_BYTES):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the client took longer than the write time-out")
            self.connection.settimeout(remaining)
            self.wfile.write(chunk)

    def _body(self) -> bytes | None:
        """The request body, or None after an error response (no length, too long)."""
        length = self.headers.get("Content-Length", "").strip()
        if not (length.isascii() and length.isdigit()):  # not "²", which int() refuses
            self._fail(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
            return None
        if len(length) > 12 or int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            self._fail(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request is over {MAX_BODY_BYTES} bytes"
            )
            return None
        return self.rfile.read(int(length))

    def _fail(self, status: HTTPStatus, message: str, hint: str | None = None) -> None:
        text = message + (f"\nhint: {hint}" if hint else "") + "\n"
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str | None) -> None:
        self._send_headers(status, len(body), content_type)
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_headers(self, status: HTTPStatus, length: int, content_type: str | None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in CORS_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        LOGGER.info("%s %s", self.address_string(), format % args)


class _SocketWriter(io.BufferedIOBase):
    """A write-only file over a socket that sends everything it is given (``socket.sendall``)."""

    def __init__(self, connection: socket.socket) -> None:
        self._connection = connection

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._connection.sendall(data)
        with memoryview(data) as view:
            return view.nbytes


def _run_and_serialize(store: pyoxigraph.Store, text: str, accept: str) -> tuple[bytes, str]:
    """Run in a query worker: the result's bytes and media type."""
    result = execute(store, text)
    try:
        return _serialize(result, accept)
    except Exception as exc:  # noqa: BLE001 - evaluation is lazy: errors surface while serialising
        raise QueryError(
            f"the query failed while running: {exc}",
            hint="check functions and types used in FILTER/BIND",
        ) from None


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
    over = f"<code>{html.escape(server.graph_path.name)}</code>"
    info = getattr(server.pool.source, "info", None)  # a store's manifest
    if info is not None:
        source = html.escape(Path(info.source).name)
        over += f", a store loaded from <code>{source}</code> on {html.escape(info.loaded_at)}"
    example = html.escape(
        "SELECT ?claimant ?event WHERE { ?c ag:claimedResponsibility ?e . "
        "?c schema:name ?claimant . ?e schema:name ?event }"
    )
    prefixes = html.escape(", ".join(f"{prefix}:" for prefix in PREFIXES))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>actorgraph SPARQL endpoint</title></head>
<body>
<h1>actorgraph SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over {over} ({server.triples} triples).</p>
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
