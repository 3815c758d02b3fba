"""Per-article extraction on a Dask distributed cluster (``actorgraph build --scheduler``).

The client (the machine running ``build``) reads the inputs, keeps the extraction cache and
builds the graph, as in a local build; only the articles the cache lacks travel to the
workers, in chunks of ``CHUNK_ARTICLES``, a few chunks per worker thread in flight. Each
worker process loads the spaCy model once (``_worker_state``, on its first task) and runs the
same extraction as ``--workers`` does (``actorgraph.extract.extract``), so the outcomes, and
the graph built from them, are the local build's. Results come back as they finish
(``as_completed``) and are handed on in input order, so the cache, the failures listed and the
graph do not depend on which worker was faster.

Every worker must run the same pipeline as every other (actorgraph, model, ``graph/``
knowledge): the client asks each worker for its pipeline version before sending anything
and refuses a cluster that disagrees, since the cache keys carry that version.

The per-article guard: an article whose rules raise becomes an ``ExtractionFailure`` as in a
local build. Dask runs tasks in threads, where the local budget (``SIGALRM``) cannot reach, so
here a watchdog thread raises ``ArticleTimeout`` in the task's thread when no article has come
out for ``--article-timeout`` seconds (``_ThreadBudget``); like the signal, it lands at the next
Python instruction.

Dask is an optional dependency (the ``cluster`` extra): this module imports it only when a
cluster is asked for, and says which extra to install when it is missing.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace

from .errors import InputError, ModelError
from .model import Article, ExtractionFailure

logger = logging.getLogger(__name__)

CHUNK_ARTICLES = 8  # articles per task: about one 128-line nlp.pipe batch, as for --workers
CHUNKS_PER_THREAD = 3  # chunks in flight per worker thread: none waits for its next chunk
CONNECT_SECONDS = 10.0  # to reach the scheduler
WORKERS_SECONDS = 60.0  # for a first worker to join a scheduler that has none
INSTALL_HINT = (
    "install the cluster extra where actorgraph runs and on every worker: "
    "pip install 'actorgraph[cluster]' (it brings dask[distributed])"
)
LOCAL = "local"


def _distributed():
    try:
        import distributed
    except ImportError:
        raise InputError(
            "--scheduler needs Dask's distributed scheduler, which is not installed",
            hint=INSTALL_HINT,
        ) from None
    return distributed


class ClusterExtractor:
    """A connection to a Dask cluster that extracts articles; a context manager.

    ``scheduler`` is a scheduler address (``tcp://host:8786``), a scheduler file written by
    ``dask scheduler --scheduler-file``, or ``"local"``: a ``LocalCluster`` of ``workers``
    processes with one thread each on this machine, stopped on close.
    """

    def __init__(self, scheduler: str, *, model: str | None = None, workers: int = 1) -> None:
        self.scheduler = scheduler
        self.model = model
        self.cluster = None
        self.client = self._connect(scheduler, workers)
        try:
            self.pipeline_version = self._check_workers()
        except BaseException:
            self.close()
            raise

    def _connect(self, scheduler: str, workers: int):
        distributed = _distributed()
        if scheduler == LOCAL:
            quiet = logging.getLogger().getEffectiveLevel() > logging.DEBUG
            if quiet:  # the scheduler runs in this process: its news is not the user's
                logging.getLogger("distributed").setLevel(logging.WARNING)
            with _forked_workers():
                self.cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",  # nothing else on the network can reach it
                    scheduler_kwargs={"dashboard": False},
                    silence_logs=logging.ERROR if quiet else logging.DEBUG,
                )
            return distributed.Client(self.cluster)
        options = {"timeout": CONNECT_SECONDS}
        if Path(scheduler).is_file():
            options["scheduler_file"] = scheduler
        else:
            options["address"] = scheduler
        try:
            return distributed.Client(**options)
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(
                f"cannot reach the Dask scheduler at {scheduler}: {_one_line(error)}",
                hint="start it with `dask scheduler` and give the address it prints "
                "(tcp://HOST:8786), or use --scheduler local for this machine",
            ) from None

    def _check_workers(self) -> str:
        """Wait for a worker, ask each for its pipeline version, refuse disagreeing ones."""
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise InputError(
                f"no Dask worker joined the scheduler at {self.scheduler} in {WORKERS_SECONDS:g} s",
                hint=f"start workers: dask worker {self.scheduler} --nthreads 1",
            ) from None
        addresses = sorted(self.client.scheduler_info()["workers"])
        probes = [
            self.client.submit(
                _probe,
                self.model,
                workers=[address],
                allow_other_workers=False,
                pure=False,
                key=f"actorgraph-probe-{uuid.uuid4().hex}",
            )
            for address in addresses
        ]
        versions = {}
        for address, probe in zip(addresses, probes, strict=True):
            status, *detail = probe.result()
            if status == "error":
                message, hint = detail
                raise ModelError(f"Dask worker {address}: {message}", hint=hint)
            versions[address] = detail[0]
        if len(set(versions.values())) > 1:
            raise InputError(
                "the Dask workers run different pipelines: "
                + "; ".join(f"{a}: {v}" for a, v in sorted(versions.items())),
                hint="install the same actorgraph, spaCy model and graph/ files on every worker",
            )
        logger.info("Dask workers %s run %s", ", ".join(addresses), versions[addresses[0]])
        return versions[addresses[0]]

    def threads(self) -> int:
        return max(1, sum(w["nthreads"] for w in self.client.scheduler_info()["workers"].values()))

    def extract(
        self, articles: Iterable[Article], *, article_timeout: float | None
    ) -> Iterator[ExtractionFailure | object]:
        """One outcome per article, in input order (as ``actorgraph.extract.extract``)."""
        distributed = _distributed()
        chunks = _chunks(articles, CHUNK_ARTICLES)
        window = CHUNKS_PER_THREAD * self.threads()
        sent: dict = {}  # future -> (index, chunk)
        done: dict[int, list] = {}  # index -> outcomes, until every earlier chunk is out
        finished = distributed.as_completed()
        next_out = count = 0
        exhausted = False
        try:
            while True:
                while not exhausted and len(sent) + len(done) < window:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    future = self.client.submit(
                        _extract_chunk,
                        chunk,
                        self.model,
                        article_timeout,
                        pure=False,
                        key=f"actorgraph-extract-{count}-{uuid.uuid4().hex}",
                    )
                    sent[future] = (count, chunk)
                    finished.add(future)
                    count += 1
                if not sent:
                    break
                future = next(finished)
                index, chunk = sent.pop(future)
                done[index] = self._outcomes(future, chunk)
                future.release()
                while next_out in done:
                    yield from done.pop(next_out)
                    next_out += 1
        finally:
            for future in sent:
                future.cancel()

    def _outcomes(self, future, chunk: list[Article]) -> list:
        try:
            version, outcomes = future.result()
        except Exception as error:  # the task could not run or its worker kept dying
            reason = f"Dask worker failed: {_one_line(error)}"
            return [ExtractionFailure(article, reason) for article in chunk]
        if version != self.pipeline_version:
            raise InputError(
                f"a Dask worker runs another pipeline ({version}, not {self.pipeline_version})",
                hint="install the same actorgraph, spaCy model and graph/ files on every worker",
            )
        return outcomes

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def __enter__(self) -> ClusterExtractor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _forked_workers():
    """Dask's setting for starting this machine's worker processes by fork, as ``--workers``
    does, not by Dask's default spawn: measured on 1,000 real news documents with two workers,
    a forked worker extracted in 35-36 s what a spawned (or forkserver) one took 40-42 s over,
    the same articles in the same chunks. Held only while the LocalCluster starts its workers
    (a worker the nanny restarts later is spawned); a remote cluster's workers start as their
    own configuration says."""
    import dask

    return dask.config.set({"distributed.worker.multiprocessing-method": "fork"})


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- on the workers ---------------------------------------------------------------------------

_STATE: dict = {}  # model name -> (pipeline, pipeline version), loaded once per process
_STATE_LOCK = threading.Lock()
_EXTRACT_LOCK = threading.Lock()  # one chunk at a time: a pipeline is not shared by threads


def _worker_state(model: str | None):
    with _STATE_LOCK:
        if model not in _STATE:
            from .cache import pipeline_version
            from .extract import load_nlp

            nlp = load_nlp(model)
            name, version = nlp.meta.get("name", "?"), nlp.meta.get("version", "?")
            _STATE[model] = (nlp, pipeline_version(name, version))
        return _STATE[model]


def _probe(model: str | None) -> tuple:
    """("ok", pipeline version) once the model is loaded, or ("error", message, hint)."""
    from .errors import ActorgraphError

    try:
        return ("ok", _worker_state(model)[1])
    except ActorgraphError as error:
        return ("error", error.message, error.hint)


def _extract_chunk(
    articles: list[Article], model: str | None, article_timeout: float | None
) -> tuple[str, list]:
    nlp, version = _worker_state(model)
    with _EXTRACT_LOCK:
        return version, extract_guarded(articles, nlp, article_timeout)


def extract_guarded(articles: list[Article], nlp, article_timeout: float | None) -> list:
    """The articles' outcomes, each article held to ``article_timeout`` seconds in any thread:
    one that runs over becomes an ``ExtractionFailure`` (kind "timeout") and the rest go on."""
    from .extract import extract
    from .extract.guard import ArticleTimeout, failure_reason

    limit = SimpleNamespace(seconds=article_timeout)
    outcomes: list = []
    with _ThreadBudget(article_timeout) as budget:
        while len(outcomes) < len(articles):
            try:
                budget.arm()
                for outcome in extract(articles[len(outcomes) :], nlp, article_timeout=None):
                    budget.arm()  # the next article's clock starts as this one comes out
                    if isinstance(outcome, ExtractionFailure) and outcome.kind == "timeout":
                        outcome = ExtractionFailure(
                            outcome.article, failure_reason(ArticleTimeout(), limit), "timeout"
                        )
                    outcomes.append(outcome)
                budget.disarm()
            except ArticleTimeout as timeout:  # outside the extractor's own guard
                budget.disarm()
                if len(outcomes) < len(articles):
                    article = articles[len(outcomes)]
                    outcomes.append(
                        ExtractionFailure(article, failure_reason(timeout, limit), "timeout")
                    )
    return outcomes


_raise_in = ctypes.pythonapi.PyThreadState_SetAsyncExc


class _ThreadBudget:
    """Raises ``ArticleTimeout`` in the thread that made it when ``arm`` was last called more
    than ``seconds`` ago (None: never). ``disarm`` stops the clock and withdraws a time-out not
    yet delivered."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if seconds and seconds > 0 else None
        self.thread_id = threading.get_ident()
        self.deadline: float | None = None
        self.closed = False
        self.condition = threading.Condition()
        self.watcher: threading.Thread | None = None

    def __enter__(self) -> _ThreadBudget:
        if self.seconds is not None:
            self.watcher = threading.Thread(target=self._watch, daemon=True, name="article-budget")
            self.watcher.start()
        return self

    def __exit__(self, *exc) -> None:
        with self.condition:
            self.closed = True
            self.deadline = None
            self.condition.notify()
        if self.watcher is not None:
            self.watcher.join()
        self._withdraw()

    def arm(self) -> None:
        if self.seconds is None:
            return
        with self.condition:
            self.deadline = time.monotonic() + self.seconds
            self.condition.notify()

    def disarm(self) -> None:
        if self.seconds is None:
            return
        with self.condition:
            self.deadline = None
        self._withdraw()

    def _withdraw(self) -> None:
        if self.seconds is not None:
            _raise_in(ctypes.c_ulong(self.thread_id), None)

    def _watch(self) -> None:
        from .extract.guard import ArticleTimeout

        with self.condition:
            while not self.closed:
                if self.deadline is None:
                    self.condition.wait()
                    continue
                left = self.deadline - time.monotonic()
                if left > 0:
                    self.condition.wait(left)
                    continue
                self.deadline = None  # one time-out per arm
                _raise_in(ctypes.c_ulong(self.thread_id), ctypes.py_object(ArticleTimeout))
