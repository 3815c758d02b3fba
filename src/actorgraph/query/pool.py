"""Query worker processes: a query runs in one, never in the caller's.

Oxigraph evaluates a query in native code with the GIL released and has no way to stop
it from Python: a thread can stop waiting for it, not stop it (a 3-way cartesian
COUNT on the 829-triple seed graph kept a core busy for 80 s inside
``Store.query``, before the first row). A process can be killed. A worker runs
each query on a thread with a 256 MiB stack (long operator chains that pass the
nesting check need more than the usual 8 MiB), under a memory limit, and is
killed and replaced when a query passes its time limit; if the engine crashes
anyway, the worker dies, not the caller, and the query gets an error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

from ..errors import ActorgraphError, QueryError, ServerError
from .disk import StoreSource, open_store_dir
from .sparql import check_query
from .store import GraphSource

LOGGER = logging.getLogger(__name__)

DEFAULT_QUERY_TIMEOUT = 5.0  # seconds; the named queries take 16 ms on a 109,000-triple graph
DEFAULT_QUERY_MEMORY_MB = 1024  # per query worker, above the loaded graph
DEFAULT_WORKERS = 2  # query worker processes of `actorgraph serve`
# Reserved, committed only as used: 100 KB of nested "(" touched ~90 MiB; with 8 MiB,
# 20 KB of "1+1+...+1" (no nesting) crashed the parser.
WORKER_STACK_BYTES = 256 * 1024 * 1024
WORKER_START_SECONDS = 300.0  # to start a worker and load the graph into it


class QueryLimitError(QueryError):
    """A query was stopped by a limit: time, memory, or no free worker to run it.

    A ``QueryError``, so callers that catch those still do; the server answers it with 503.
    """


class QueryPool:
    """Worker processes, each holding the graph, that run one query at a time under a time limit.

    ``run`` sends a query to an idle worker and waits ``timeout`` seconds for
    the answer; a worker that has not answered by then is killed, which stops
    the work, and replaced in the background. A worker that dies (the engine
    crashed, or ran past ``memory_mb``) is replaced the same way. Each worker is
    a fresh interpreter (``python -c``, not a fork of a threaded server, and not
    multiprocessing, which re-runs the caller's main module in each child) that
    gets the graph's text over a socket and loads it itself; the pool keeps the
    text (read and checked once) to start replacements. With ``store=True`` the
    path is a store folder written by ``actorgraph load`` (see ``disk``): each
    worker opens it read-only instead, and the pool holds a shared lock on it
    until ``close`` so a reload never deletes the data under the workers.

    Use as a context manager, or call ``close``.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        store: bool = False,
        workers: int = DEFAULT_WORKERS,
        timeout: float = DEFAULT_QUERY_TIMEOUT,
        memory_mb: int = DEFAULT_QUERY_MEMORY_MB,
    ) -> None:
        """Read and check the graph file (or the store folder, ``store=True``), start
        ``workers`` workers and wait until each has loaded (opened) it.

        Raises:
            InputError: the graph file or store folder does not exist.
            QueryError: the file cannot be read as RDF, or the folder is not a store.
            ServerError: a worker could not be started.
        """
        if workers < 1 or timeout <= 0 or memory_mb < 1:
            raise ValueError("workers, timeout and memory_mb must be positive")
        self.path = Path(path)
        self.workers = workers
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.triples = 0
        self._held = contextlib.ExitStack()  # the shared lock on a store's data
        self.source: GraphSource | StoreSource
        if store:
            self.source, self._held = open_store_dir(self.path)
        else:
            self.source = GraphSource.read(self.path)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        try:
            started = [self._start_worker() for _ in range(workers)]
            for worker in started:
                self.triples = self._await_ready(worker)
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def run(self, task: Callable[..., Any], text: str, *args: Any) -> Any:
        """``task(store, text, *args)`` in a worker; its return value must pickle.

        ``task`` is a module-level function (workers import it by name). The wait
        for a free worker and the run are each bounded by ``timeout``.

        Raises:
            QueryError: the query is refused by ``check_query`` or fails, or the
                engine crashed on it.
            QueryLimitError: no worker was free in time, or the query ran out
                of time or memory.
        """
        check_query(text)
        worker = self._acquire()
        try:
            worker.conn.send((task, text, args))
            if not worker.conn.poll(self.timeout):
                self._retire(worker, kill=True)
                raise QueryLimitError(
                    f"the query ran longer than {self.timeout:g} s and was stopped",
                    hint="narrow it (LIMIT, more specific patterns, fewer unconnected patterns), "
                    "or raise --query-timeout",
                )
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker, kill=False)
            raise self._stopped_error(worker) from None
        status, *payload = reply
        if status == "memory":
            self._retire(worker, kill=True)
            raise self._memory_error()
        self._idle.put(worker)
        if status == "ok":
            return payload[0]
        message, hint = payload
        raise QueryError(message, hint=hint)

    def close(self) -> None:
        """Kill every worker; queries still running get an error."""
        with self._lock:
            self._closed = True
            workers, self._live = list(self._live), set()
        for worker in workers:
            worker.stop()
        self._held.close()

    def _acquire(self) -> _Worker:
        deadline = time.monotonic() + self.timeout
        while True:
            if self._closed:
                raise QueryLimitError("the query service is shutting down", hint="retry later")
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryLimitError(
                    f"every query worker ({self.workers}) stayed busy for {self.timeout:g} s",
                    hint="retry in a moment",
                ) from None
            if worker.process.poll() is None:
                return worker
            self._retire(worker, kill=False)  # died while idle (killed from outside): use another

    def _start_worker(self) -> _Worker:
        ours, theirs = socket.socketpair()
        # What the engine prints as it dies ("memory allocation of ... failed");
        # closed by _Worker.stop.
        stderr = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_COMMAND, str(theirs.fileno()), str(self.memory_mb)],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stderr=stderr,
                env=_worker_environment(),
            )
        except OSError as exc:
            ours.close()
            stderr.close()
            raise ServerError(
                f"cannot start a query worker: {exc.strerror or exc}",
                hint="check free memory and process limits",
            ) from None
        finally:
            theirs.close()
        worker = _Worker(process, Connection(ours.detach()), stderr)
        with self._lock:
            closed = self._closed
            if not closed:
                self._live.add(worker)
        if closed:
            worker.stop()
            raise ServerError("the query service is shutting down", hint="retry later")
        try:
            worker.conn.send(self.source)
        except OSError:
            pass  # it died at once: _await_ready says how
        return worker

    def _await_ready(self, worker: _Worker) -> int:
        """The triple count the worker reports once it has loaded the graph."""
        try:
            if not worker.conn.poll(WORKER_START_SECONDS):
                self._retire(worker, kill=True, replace=False)
                raise ServerError(
                    f"a query worker did not load {self.path} within {WORKER_START_SECONDS:g} s",
                    hint="check the machine's load and free memory",
                )
            status, *payload = worker.conn.recv()
        except (EOFError, OSError):
            code = self._retire(worker, kill=False, replace=False)
            raise ServerError(
                f"a query worker stopped while loading {self.path} ({_describe_exit(code)})",
                hint="check free memory; try the query with -v for details",
            ) from None
        if status == "failed":
            self._retire(worker, kill=True, replace=False)
            message, hint = payload
            raise QueryError(message, hint=hint)
        return payload[0]

    def _retire(self, worker: _Worker, *, kill: bool, replace: bool = True) -> int | None:
        """Stop a worker and start another in its place; its exit code (negative: the signal)."""
        with self._lock:
            self._live.discard(worker)
            replace = replace and not self._closed
        code = worker.stop(kill=kill)
        if replace:
            threading.Thread(target=self._replace, name="query-worker-start", daemon=True).start()
        return code

    def _replace(self) -> None:
        for attempt in range(3):
            if self._closed:
                return
            try:
                worker = self._start_worker()
                self._await_ready(worker)
            except ActorgraphError as error:
                LOGGER.error("cannot start a query worker: %s", error.message)
                time.sleep(attempt + 1)
                continue
            self._idle.put(worker)
            LOGGER.debug("query worker %d ready", worker.process.pid)
            return

    def _stopped_error(self, worker: _Worker) -> QueryError:
        """Why a worker died in the middle of a query, as the error for that query."""
        if self._closed:
            return QueryLimitError("the query service is shutting down", hint="retry later")
        if "memory allocation of" in worker.last_words:  # Rust's message before it aborts
            return self._memory_error()
        return QueryError(
            "the query engine crashed on this query "
            f"({_describe_exit(worker.process.returncode)}); nothing else was affected",
            hint="it is probably nested too deeply or too long: simplify it",
        )

    def _memory_error(self) -> QueryLimitError:
        return QueryLimitError(
            f"the query needed more than {self.memory_mb:,} MB of memory and was stopped",
            hint="narrow it (LIMIT, more specific patterns, no ORDER BY over huge results), "
            "or raise --query-memory",
        )


class _Worker:
    """One worker process, the parent's end of its socket, and the file its stderr goes to."""

    STDERR_TAIL = 2000  # bytes of a dead worker's stderr worth logging

    def __init__(
        self, process: subprocess.Popen[bytes], conn: Connection, stderr: IO[bytes]
    ) -> None:
        self.process = process
        self.conn = conn
        self.stderr = stderr
        self.last_words = ""  # the end of its stderr, once it has died by itself
        # close() and a replacement thread may both stop one worker (a pool closed while the
        # worker was starting): the second stop only returns the exit code.
        self._stop_lock = threading.Lock()
        self._stopped = False

    def stop(self, *, kill: bool = True) -> int | None:
        """Kill (or, for one that died, reap) the process; its exit code (negative: the signal)."""
        with self._stop_lock:
            if self._stopped:
                return self.process.returncode
            self._stopped = True
            return self._stop(kill=kill)

    def _stop(self, *, kill: bool) -> int | None:
        if kill and self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            self.process.kill()
            try:
                self.process.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                LOGGER.error("query worker %d does not stop", self.process.pid)
        self.conn.close()
        if not kill and self.process.returncode:
            self.stderr.seek(0, os.SEEK_END)
            self.stderr.seek(max(0, self.stderr.tell() - self.STDERR_TAIL))
            self.last_words = self.stderr.read().decode("utf-8", "replace").strip()
            LOGGER.info(
                "query worker %d stopped (%s)%s",
                self.process.pid,
                _describe_exit(self.process.returncode),
                f"; its last output:\n{self.last_words}" if self.last_words else "",
            )
        self.stderr.close()
        return self.process.returncode


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "it did not exit"
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def _worker_environment() -> dict[str, str]:
    """The caller's environment, with this package importable even when it is not installed."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return env


_WORKER_COMMAND = "from actorgraph.query.pool import _worker_main; _worker_main()"


def _worker_main() -> None:
    """A worker process (``python -c``; argv: socket fd, memory MB): answer queries till EOF.

    Queries run on a thread with a large stack: deep recursion in the engine
    needs more than the main thread's 8 MiB.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which then kills us
    conn = Connection(int(sys.argv[1]))
    memory_mb = int(sys.argv[2])
    threading.stack_size(WORKER_STACK_BYTES)
    thread = threading.Thread(target=_answer_queries, args=(conn, memory_mb), name="query")
    thread.start()
    thread.join()


def _answer_queries(conn: Connection, memory_mb: int) -> None:
    try:
        store, triples = conn.recv().open()  # a GraphSource or a disk.StoreSource
    except ActorgraphError as error:
        conn.send(("failed", error.message, error.hint))
        return
    except (EOFError, OSError):
        return
    except Exception as exc:  # noqa: BLE001 - said to the caller rather than lost in our stderr
        conn.send(("failed", f"cannot load the graph: {exc}", "try it with -v for details"))
        return
    for _ in store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"):  # so the limit counts this
        pass  # thread's malloc arena as already there, not as the first query's memory
    _limit_memory(memory_mb)
    conn.send(("ready", triples))
    while True:
        try:
            task, text, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[Any, ...] = ("ok", task(store, text, *args))
        except QueryError as error:
            reply = ("error", error.message, error.hint)
        except MemoryError:
            reply = ("memory",)
        except Exception as exc:  # noqa: BLE001 - lazy evaluation: errors surface while reading rows
            reply = (
                "error",
                f"the query failed while running: {exc}",
                "check functions and types used in FILTER/BIND",
            )
        except BaseException as exc:  # noqa: BLE001 - a Rust panic arrives as pyo3's PanicException
            reply = ("error", f"the query engine failed on this query: {exc}", "simplify the query")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory",))
        except (OSError, EOFError):
            return


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at its current size plus ``memory_mb`` (Linux only).

    Past it, Python raises MemoryError and Oxigraph aborts (SIGABRT): either
    way only this worker stops.
    """
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
