"""Probe: does `actorgraph serve` survive a hostile client, and does a second client \
still get answers?

Starts `actorgraph serve` on 127.0.0.1 (a free port) over a small graph, sends
each hostile input, and after each checks that the server process is still up
and that a second client's simple query answers within a second (measured while
a long hostile query is still running). Prints a table and exits 1 on any
failure, 0 otherwise.

    python bench/probe_server.py [--graph output/graph.ttl] [--store]

With --store the graph is loaded into a store first (`actorgraph load`, which stores the named
queries' answers) and `serve --store` is probed. Without --graph it builds one from seeds/
(`actorgraph build seeds/ --out TMP --no-cache`, needs the spaCy model). Loopback only; every
count and wait is bounded and the whole run stops itself after MAX_SECONDS; the server it
started is stopped on the way out.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else
MAX_SECONDS = 240  # the whole run, server start included
QUERY_TIMEOUT = 2.0  # --query-timeout of the probed server
QUERY_MEMORY_MB = 256  # --query-memory of the probed server
WORKERS = 2  # --workers of the probed server
READ_TIMEOUT = 10.0  # the server's (fixed) time for a client to send its request
SECOND_CLIENT_BUDGET = 1.0  # seconds the second client may wait
HALF_OPEN = 300
SIMPLE = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({})
)  # no proxy: straight to 127.0.0.1


@dataclass
class Row:
    probe: str
    hostile: str  # what the hostile client got
    alive: bool
    latency: float | None  # the second client's, in seconds; None when it got no answer
    threads: str  # the server's threads (during the probe, for half-open connections)
    workers: str  # query worker processes after the probe, and how many are still using a CPU
    expected: bool  # whether the hostile client got what it should

    @property
    def ok(self) -> bool:
        return (
            self.alive
            and self.expected
            and self.latency is not None
            and self.latency < SECOND_CLIENT_BUDGET
            and self.workers in (f"{WORKERS}, 0 busy", "?")
        )


class Server:
    """`actorgraph serve` in a child process, on a free loopback port."""

    def __init__(self, graph: Path, log: Path, *, store: bool = False) -> None:
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "actorgraph",
                "serve",
                *(["--store", str(graph)] if store else [str(graph)]),
                "--host",
                HOST,
                "--port",
                "0",
                "--query-timeout",
                str(QUERY_TIMEOUT),
                "--query-memory",
                str(QUERY_MEMORY_MB),
                "--workers",
                str(WORKERS),
            ],
            stdout=subprocess.DEVNULL,
            stderr=self._log_file,
            stdin=subprocess.DEVNULL,
            cwd=REPO,
        )
        self.url = self._await_url(deadline=time.monotonic() + 60)
        self.port = int(self.url.split(":")[2].split("/")[0])

    def _await_url(self, deadline: float) -> str:
        while time.monotonic() < deadline:
            for line in self.log.read_text(errors="replace").splitlines():
                if line.startswith("SPARQL endpoint: "):
                    url = line.split()[2]
                    assert url.startswith(f"http://{HOST}:"), url
                    return url
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the server exited ({self.process.returncode}): {self.log.read_text()}"
                )
            time.sleep(0.1)
        raise RuntimeError("the server did not start within 60 s")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def workers(self) -> str:
        """How many query worker processes the server has, and how many burn CPU
        (Linux /proc; else "?").

        Waits up to 5 s for a killed worker's replacement to be started.
        """
        try:
            deadline = time.monotonic() + 5
            while True:
                children = (
                    Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
                    .read_text()
                    .split()
                )
                if len(children) >= WORKERS or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            before = {pid: _cpu_seconds(pid) for pid in children}
            time.sleep(0.5)
            busy = sum(1 for pid in children if _cpu_seconds(pid) - before[pid] > 0.2)
        except OSError:
            return "?"
        return f"{len(children)}, {busy} busy"

    def threads(self) -> str:
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("Threads:"):
                    return line.split()[1]
        except OSError:
            pass
        return "?"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log_file.close()


@dataclass
class Answer:
    """What a client got: the HTTP status (or the error's name) and an error's first line."""

    status: int | str
    reason: str = ""
    seconds: float = 0.0

    def __str__(self) -> str:
        reason = self.reason if len(self.reason) <= 48 else self.reason[:47] + "…"
        return f"{self.status} {reason}".strip()


def _cpu_seconds(pid: str) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def request(
    url: str, *, data: bytes | None = None, content_type: str | None = None, timeout: float = 30.0
) -> Answer:
    assert url.startswith(f"http://{HOST}:")
    headers = {"Content-Type": content_type} if content_type else {}
    started = time.monotonic()
    try:
        with OPENER.open(
            urllib.request.Request(url, data=data, headers=headers), timeout=timeout
        ) as response:
            response.read()
            return Answer(response.status, "", time.monotonic() - started)
    except urllib.error.HTTPError as error:
        with error:
            reason = error.read().decode("utf-8", "replace").split("\n")[0]
        return Answer(error.code, reason, time.monotonic() - started)
    except OSError as error:
        return Answer(type(error).__name__, "", time.monotonic() - started)


def post_query(server: Server, query: str, timeout: float = 30.0) -> Answer:
    return request(
        server.url,
        data=query.encode("utf-8"),
        content_type="application/sparql-query",
        timeout=timeout,
    )


def second_client(server: Server) -> float | None:
    """The simple query's latency, or None when it failed or took over 5 s."""
    answer = request(f"{server.url}?{urlencode({'query': SIMPLE})}", timeout=5.0)
    return answer.seconds if answer.status == 200 else None


def raw(server: Server, payload: bytes, timeout: float = 5.0) -> str:
    """Send bytes on a fresh connection; the status line's code, "closed" or "no answer"."""
    with socket.create_connection((HOST, server.port), timeout=timeout) as connection:
        try:
            connection.sendall(payload)
        except OSError:
            pass  # the server may close before it has read everything
        try:
            answer = connection.recv(200)
        except OSError as error:
            return type(error).__name__
    if not answer:
        return "closed"
    parts = answer.split(b" ", 2)
    return parts[1].decode("ascii", "replace") if len(parts) > 1 else "?"


def during(
    server: Server, hostile: Callable[[], Answer], settle: float = 0.4
) -> tuple[Answer, float | None]:
    """Run ``hostile`` in a thread; measure the second client while it runs; its answer once
    done."""
    result: list[Answer] = []
    thread = threading.Thread(target=lambda: result.append(hostile()), daemon=True)
    thread.start()
    time.sleep(settle)
    latency = second_client(server)
    thread.join(timeout=60)
    return (result[0] if result else Answer("no answer")), latency


def probe_rows(server: Server) -> list[Row]:
    rows: list[Row] = []

    def record(
        name: str, hostile: object, latency: float | None, expected: bool, threads: str = ""
    ) -> None:
        rows.append(
            Row(
                name,
                str(hostile),
                server.alive,
                latency,
                threads or server.threads(),
                server.workers(),
                expected,
            )
        )

    answer = post_query(server, SIMPLE)
    record("baseline: simple query", answer, second_client(server), answer.status == 200)

    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    answer = post_query(server, deep)
    record(
        "deep nesting, 5,000 ( (10 KB, POST)", answer, second_client(server), answer.status == 400
    )
    answer = request(f"{server.url}?{urlencode({'query': deep})}")
    record(
        "deep nesting, 5,000 ( (10 KB, GET)", answer, second_client(server), answer.status == 400
    )
    braces = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    answer = post_query(server, braces)
    record("deep nesting, 3,000 { (6 KB)", answer, second_client(server), answer.status == 400)

    huge = "SELECT * WHERE { VALUES ?x { " + " ".join(["1"] * 100_000) + " } }"
    answer = post_query(server, huge)
    record("huge query (200 KB)", answer, second_client(server), answer.status == 400)
    answer = request(
        server.url,
        data=b"query=" + b"x" * 2_000_000,
        content_type="application/x-www-form-urlencoded",
    )
    record("huge body (2 MB)", answer, second_client(server), answer.status == 413)
    quotes = "ASK { " + '"\\' * 49_000 + " }"
    answer = post_query(server, quotes)
    record(
        f"unterminated strings (98 KB; lexed in {answer.seconds:.2f} s)",
        answer,
        second_client(server),
        answer.status == 400,
    )

    chain = "SELECT * WHERE { FILTER(" + "+".join(["1"] * 40_000) + " > 0) }"
    answer, latency = during(server, lambda: post_query(server, chain))
    record("operator chain, 40,000 terms (80 KB)", answer, latency, answer.status in (200, 503))

    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    answer, latency = during(server, lambda: post_query(server, cartesian))
    record(
        f"4-way cartesian COUNT (answered in {answer.seconds:.1f} s)",
        answer,
        latency,
        answer.status == 503,
    )
    ordered = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"
    answer, latency = during(server, lambda: post_query(server, ordered))
    record(
        f"cartesian ORDER BY (answered in {answer.seconds:.1f} s)",
        answer,
        latency,
        answer.status == 503,
    )
    answer, latency = during(server, lambda: _abandoned(server, cartesian), settle=0.6)
    record("cartesian, client hangs up at once", answer, latency, answer.status == "sent")

    statuses, latency, threads, cleared = _half_open(server)
    record(f"{HALF_OPEN} half-open connections", statuses, latency, cleared, threads)

    provenance = (REPO / "graph" / "queries" / "provenance.rq").read_text(encoding="utf-8")
    answer, latency = during(server, lambda: _named_flood(server, provenance, 64))
    record(
        "64 clients ask for provenance at once, half hang up",
        answer,
        latency,
        answer.reason == "",
    )

    malformed = {
        "garbage": b"\x00\xff\xfe garbage\r\n\r\n",
        "no version": b"GET\r\n\r\n",
        "HTTP/9.9": b"GET /sparql?query=ASK%7B%7D HTTP/9.9\r\n\r\n",
        "bad length": b"POST /sparql HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
        "5,000-digit length": b"POST /sparql HTTP/1.1\r\nContent-Length: "
        + b"9" * 5000
        + b"\r\n\r\n",
        "chunked": (
            b"POST /sparql HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/sparql-query\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n"
        ),
        "100 KB header": b"GET / HTTP/1.1\r\nX-A: " + b"a" * 100_000 + b"\r\n\r\n",
        "200 headers": b"GET / HTTP/1.1\r\n"
        + b"".join(b"X-%d: 1\r\n" % i for i in range(200))
        + b"\r\n",
        "100 KB request line": b"GET /" + b"a" * 100_000,
        "non-UTF-8 query": (
            b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 8\r\n\r\n\xff\xfeASK {}"
        ),
    }
    answers = {name: raw(server, payload) for name, payload in malformed.items()}
    good = all(answer[:1] == "4" or answer == "505" for answer in answers.values())
    record(
        f"malformed HTTP ({len(malformed)} kinds)",
        " ".join(answers.values()),
        second_client(server),
        good,
    )
    return rows


def _load_store(graph: Path, store: Path) -> Path:
    """`actorgraph load GRAPH --store DIR`, with the named queries' answers stored."""
    subprocess.run(
        [sys.executable, "-m", "actorgraph", "-q", "load", str(graph), "--store", str(store)],
        check=True,
        cwd=REPO,
        timeout=120,
    )
    return store


def _named_flood(server: Server, text: str, clients: int) -> Answer:
    """``clients`` clients ask for one named query at once, half of them never reading the
    answer; the statuses they got."""
    statuses: list[str] = []

    def ask(index: int) -> None:
        if index % 2:
            statuses.append(_abandoned_now(server, text))
        else:
            statuses.append(str(post_query(server, text).status))

    threads = [threading.Thread(target=ask, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    counts = {status: statuses.count(status) for status in sorted(set(statuses))}
    unexpected = set(statuses) - {"200", "503", "hung up"} or len(statuses) < clients
    return Answer(
        ", ".join(f"{n}x {status}" for status, n in counts.items()),
        "unexpected answers" if unexpected else "",
    )


def _abandoned_now(server: Server, query: str) -> str:
    """Send a query and close the connection without reading anything."""
    body = query.encode("utf-8")
    with socket.create_connection((HOST, server.port), timeout=5) as connection:
        connection.sendall(
            b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body) + body
        )
    return "hung up"


def _abandoned(server: Server, query: str) -> str:
    """Send a query and close the connection without reading the answer."""
    _abandoned_now(server, query)
    time.sleep(QUERY_TIMEOUT + 0.5)  # the worker must be stopped and replaced all the same
    return Answer("sent")


def _half_open(server: Server) -> tuple[str, float | None, str, bool]:
    """Open HALF_OPEN connections that send half a request; are they answered 408 or closed
    in time?"""
    connections = []
    try:
        for index in range(HALF_OPEN):
            connection = socket.create_connection((HOST, server.port), timeout=5)
            if index % 2:
                connection.sendall(
                    b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n"
                    b"Content-Length: 1000\r\n\r\nSELECT * WHE"
                )
            else:
                connection.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: x\r\n")
            connections.append(connection)
        latency = second_client(server)
        threads = server.threads()  # while all of them are open
        deadline = time.monotonic() + READ_TIMEOUT + 3
        answers: dict[str, int] = {}
        for connection in connections:
            connection.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                answer = connection.recv(64)
                key = answer.split(b" ")[1].decode() if answer else "closed"
            except OSError:
                key = "still open"
            answers[key] = answers.get(key, 0) + 1
    finally:
        for connection in connections:
            connection.close()
    summary = ", ".join(f"{count}x {key}" for key, count in sorted(answers.items()))
    return summary, latency, threads, set(answers) <= {"408", "closed"}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--graph", type=Path, help="an exported graph (default: build one from seeds/)"
    )
    parser.add_argument(
        "--store",
        action="store_true",
        help="load the graph into a store (`actorgraph load`) and probe `serve --store`",
    )
    args = parser.parse_args()
    started: list[Server] = []
    watchdog = threading.Timer(MAX_SECONDS, _give_up, args=(started,))
    watchdog.daemon = True
    watchdog.start()
    with tempfile.TemporaryDirectory(prefix="probe-server-") as folder:
        graph = args.graph or _build_seed_graph(Path(folder))
        if args.store:
            graph = _load_store(graph, Path(folder) / "graph.store")
        server = Server(graph, Path(folder) / "server.log", store=args.store)
        started.append(server)
        try:
            rows = probe_rows(server)
        finally:
            server.stop()
            log = server.log.read_text(errors="replace")
    _print(rows)
    failed = [row for row in rows if not row.ok]
    if failed:
        print(f"\nFAILED: {', '.join(row.probe for row in failed)}\nserver log:\n{log[-3000:]}")
        return 1
    print(
        f"\nall {len(rows)} probes passed: the server stayed up and the second client "
        f"was answered within {SECOND_CLIENT_BUDGET:g} s each time"
    )
    return 0


def _build_seed_graph(folder: Path) -> Path:
    out = folder / "build"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "actorgraph",
            "-q",
            "build",
            str(REPO / "seeds"),
            "--out",
            str(out),
            "--no-cache",
        ],
        check=True,
        cwd=REPO,
        timeout=180,
    )
    return out / "graph.ttl"


def _print(rows: list[Row]) -> None:
    header = (
        "probe",
        "hostile client got",
        "server alive",
        "2nd client",
        "threads",
        "workers",
        "result",
    )
    table = [header] + [
        (
            row.probe,
            row.hostile,
            "yes" if row.alive else "NO",
            f"{row.latency * 1000:.0f} ms" if row.latency is not None else "no answer",
            row.threads,
            row.workers,
            "ok" if row.ok else "FAIL",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for index, line in enumerate(table):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
        if index == 0:
            print("  ".join("-" * width for width in widths))


def _give_up(started: list[Server]) -> None:
    """The watchdog: stop the server and the whole run, whatever it is waiting for."""
    print(f"probe_server: gave up after {MAX_SECONDS} s", file=sys.stderr)
    for server in started:
        server.process.kill()
    sys.stdout.flush()
    os._exit(2)


if __name__ == "__main__":
    sys.exit(main())
