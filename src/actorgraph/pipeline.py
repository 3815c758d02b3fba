"""The whole run: ingest -> extract (through the cache) -> resolve -> graph -> exports.

``build`` is what the CLI's ``build`` command calls; it imports no typer and
prints nothing, so it can be used from Python and tested directly. Memory stays
bounded by design: articles stream from the inputs, only those the cache lacks
go through spaCy (``nlp.pipe``, in batches, optionally across processes), each
extraction is committed to the cache as it comes, and the graph is built in two
streaming passes over the cache. Progress goes to an optional callback.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import __version__
from .cache import ExtractionCache, article_key, default_cache_dir, pipeline_version
from .corrections import CorrectionSet, Corrector, load_corrections
from .errors import ActorgraphError, InputError
from .export import DEFAULT_FORMATS, export_all, out_dir_lock
from .extract import DEFAULT_ARTICLE_TIMEOUT, Outcome, extract, load_nlp
from .graph import ReadingLog, build_graph, most_connected
from .ingest import as_path, check_fields, check_published, expected_articles, read_articles, shown
from .model import Article, ExtractionFailure
from .resolve import resolve_stream

logger = logging.getLogger(__name__)

Progress = Callable[[int, "int | None", Article, bool], None]  # done, total, article, from cache


@dataclass
class BuildReport:
    """What a build did: outputs written, articles read (extracted or from the cache), inputs
    skipped."""

    graph: nx.MultiDiGraph
    outputs: list[Path] = field(default_factory=list)
    articles: int = 0
    extracted: int = 0
    cached: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(
        default_factory=list
    )  # (source, why): extraction failures
    warnings: list[tuple[str, str]] = field(
        default_factory=list
    )  # (source, what to check): built anyway
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds, as each ends
    corrections: list[dict] = field(
        default_factory=list
    )  # what became of each --corrections entry (corrections.Outcome.to_dict)


def build(
    inputs: Iterable[str | Path],
    out_dir: Path,
    *,
    model: str | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    progress: Progress | None = None,
    strict: bool = False,
    n_process: int = 1,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    fields: dict[str, str] | None = None,
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT,
    published: str | None = None,
    report: BuildReport | None = None,
    corrections: Path | str | None = None,
    scheduler: str | None = None,
) -> BuildReport:
    """Read every input, extract what the cache lacks, resolve across articles, write each format.

    An article whose extraction raises or runs over ``article_timeout`` seconds is left out
    and listed in ``BuildReport.failed``; the rest of the corpus is built and exported.
    ``published`` (YYYY-MM-DD) dates the articles whose page gives no clear date of its own.
    Raises InputError when no article could be read, or when ``strict`` and any input was
    skipped or any article failed (then nothing is written). ``report``, when given, is filled
    in as the build goes and returned: a caller that catches the error still has what was
    skipped, failed and timed up to it (``build --summary-json`` writes it).

    ``corrections`` is a corrections file (``corrections.py``), read and checked before
    anything else is done: a malformed one raises InputError and nothing is written. Its
    corrections are applied to this build; each one that is stale (matches nothing), partly
    applied or refused is a warning of the report.

    ``scheduler`` runs the extraction on a Dask cluster (``cluster.py``): a scheduler address,
    a scheduler file, or "local" for a ``LocalCluster`` of ``n_process`` worker processes.
    The model then loads on the workers, not here; the cache and the graph stay here, and the
    graph is the one an in-process build makes.
    """
    report = report if report is not None else BuildReport(nx.MultiDiGraph())
    skipped = report.skipped
    clock = _StageClock(report.timings)

    def skip(path: Path, error: InputError) -> None:
        skipped.append((str(path), error.message))
        logger.info("skipped: %s", error.message)

    on_error = None if strict else skip
    if fields:
        check_fields(fields)  # a typo in --field fails before the model loads
    published = check_published(published)
    fixes = load_corrections(corrections) if corrections else None
    files = _existing_inputs([p if str(p) in ("-", "") else as_path(p) for p in inputs], on_error)
    ingest_options = {
        k: v
        for k, v in (
            ("include", tuple(include)),
            ("exclude", tuple(exclude)),
            ("fields", fields),
            ("published", published),
        )
        if v
    }
    total = expected_articles(files, include=include, exclude=exclude)
    clock.lap("check_inputs")
    cluster = None
    if scheduler:
        from .cluster import ClusterExtractor  # Dask is imported only when asked for

        cluster = ClusterExtractor(scheduler, model=model, workers=n_process)
        version = cluster.pipeline_version

        def run(articles: Iterable[Article]) -> Iterator[Outcome]:
            return cluster.extract(articles, article_timeout=article_timeout)

    else:
        nlp = load_nlp(model)
        version = pipeline_version(nlp.meta.get("name", "?"), nlp.meta.get("version", "?"))

        def run(articles: Iterable[Article]) -> Iterator[Outcome]:
            return extract(articles, nlp, n_process=n_process, article_timeout=article_timeout)

    clock.lap("load_model")
    try:
        store = ExtractionCache(
            Path(cache_dir or default_cache_dir()) if use_cache else None, version
        )
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    try:
        failed = report.failed
        warnings = report.warnings
        articles = _warn_undated(
            read_articles(files, on_error=on_error, **ingest_options), warnings
        )
        try:
            keys = _extract_missing(articles, run, store, progress, total, failed)
        finally:
            if cluster is not None:
                cluster.close()
        clock.lap("read_and_extract")
        report.articles, report.extracted, report.cached = len(keys), store.misses, store.hits
        if failed and strict:
            source, why = failed[0]
            raise InputError(
                f"{source}: {why}" + (f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""),
                hint="drop --strict to build the rest and list the failures in the summary",
            )
        if not keys:
            reasons = "; ".join(why for _, why in skipped + failed) or "no input"
            raise InputError(
                f"no article could be read ({reasons})",
                hint="give .txt, .md, .html, .jsonl or .csv files, or folders holding them",
            )
        with ReadingLog() as readings:
            graph = _resolve_and_build(store, keys, readings, fixes, report)
            report.graph = graph
            clock.lap("resolve_and_graph")
            with out_dir_lock(Path(out_dir)):
                report.outputs = export_all(graph, Path(out_dir), formats, readings)
            clock.lap("export")
    finally:
        store.close()
    return report


def build_summary(
    report: BuildReport,
    *,
    error: BaseException | None = None,
    elapsed: float | None = None,
    inputs: Iterable[str | Path] = (),
    out_dir: Path | None = None,
) -> dict:
    """The build summary as plain data (what ``actorgraph build`` prints, for scripts).

    ``status`` is "ok", "failed" (``error`` says why: its code, message and hint) or
    "interrupted" (Ctrl-C). Counts are of the graph as far as it was built (zero when the build
    stopped before it); paths are shown as the printed summary shows them (controls escaped).
    """
    graph = report.graph
    types = Counter(data.get("type", "?") for _, data in graph.nodes(data=True))
    relations = Counter(data.get("relation", "?") for *_, data in graph.edges(data=True))
    if error is None:
        status, failure = "ok", None
    elif isinstance(error, KeyboardInterrupt):
        status, failure = "interrupted", {"message": "interrupted"}
    elif isinstance(error, ActorgraphError):
        status = "failed"
        failure = {"code": error.code, "message": error.message, "hint": error.hint or ""}
    else:  # a bug: the command still shows its traceback
        status, failure = "failed", {"message": f"{type(error).__name__}: {error}"}
    timings = {stage: round(seconds, 3) for stage, seconds in report.timings.items()}
    if elapsed is not None:
        timings["total"] = round(elapsed, 3)
    return {
        "actorgraph": __version__,
        "status": status,
        "error": failure,
        "inputs": [shown(item) for item in inputs],
        "out": shown(out_dir) if out_dir is not None else "",
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "nodes_by_type": {
            name: types[name] for name in ("Person", "Organization", "Place", "Event")
        },
        "edges_by_relation": dict(relations.most_common()),
        "most_connected": [
            {"label": label, "degree": degree} for label, degree in most_connected(graph)
        ],
        "articles": {
            "read": report.articles,
            "extracted": report.extracted,
            "from_cache": report.cached,
            "failed": len(report.failed),
        },
        "failed": [{"source": shown(path), "reason": why} for path, why in report.failed],
        "skipped": [{"path": shown(path), "reason": why} for path, why in report.skipped],
        "warnings": [{"source": shown(path), "warning": why} for path, why in report.warnings],
        "corrections": list(report.corrections),
        "timings": timings,
        "outputs": [shown(path) for path in report.outputs],
    }


def _resolve_and_build(
    store: ExtractionCache,
    keys: list[str],
    readings: ReadingLog,
    fixes: CorrectionSet | None,
    report: BuildReport,
) -> nx.MultiDiGraph:
    """Resolve the extractions and build the graph, the user's corrections applied: through
    resolution (merges, splits, names, types, vetoes) and on the built graph (added edges)."""
    if fixes is None:
        return build_graph(resolve_stream(store.iter(keys), store.iter(keys)), readings)
    corrector = Corrector(fixes)
    graph = build_graph(corrector.resolve(store.iter(keys), store.iter(keys)), readings)
    corrector.finish(graph, readings)
    report.corrections = [corrector.outcomes[c.entry].to_dict() for c in fixes.entries]
    for source, warning in corrector.warnings():
        report.warnings.append((source, warning))
        logger.info("%s: %s", shown(source), warning)  # the summary prints the warnings
    return graph


class _StageClock:
    """Seconds per build stage, written into ``timings`` as each stage ends."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now


def _extract_missing(
    articles: Iterable[Article],
    run: Callable[[Iterable[Article]], Iterator[Outcome]],
    store: ExtractionCache,
    progress: Progress | None,
    total: int | None,
    failed: list[tuple[str, str]],
) -> list[str]:
    """Extract the articles the cache lacks through ``run`` (in this process, in worker
    processes or on a cluster: one outcome per article, in input order), committing each;
    returns the key of every article that has an extraction, in order. A failed article is
    appended to ``failed``, not cached (a later build tries it again)."""
    keys: list[str] = []
    seen: set[str] = set()
    pending: deque[str] = deque()
    done = [0]

    def report(article: Article, cached: bool) -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total, article, cached)

    def missing() -> Iterator[Article]:
        for article in articles:
            key = article_key(article, store.version)
            if key in seen:
                continue  # the same document given twice is one document
            seen.add(key)
            keys.append(key)
            if store.has(key):
                store.hits += 1
                report(article, True)
                continue
            pending.append(key)
            yield article

    lost: set[str] = set()
    for outcome in run(missing()):
        key = pending.popleft()
        if isinstance(outcome, ExtractionFailure):
            failed.append((outcome.article.source, outcome.reason))
            logger.warning("%s: %s", outcome.article.source, outcome.reason)
            lost.add(key)
        else:
            store.put(key, outcome)
            store.misses += 1
        report(outcome.article, False)
    return [key for key in keys if key not in lost]


NO_DATE_WARNING = (
    "no publication date found: its relative dates ('on Monday', 'last week') are left "
    "unresolved and its undated events kept without a date; give --published DATE"
)


def _warn_undated(
    articles: Iterable[Article], warnings: list[tuple[str, str]]
) -> Iterator[Article]:
    """Pass the articles through, noting each one without a publication date: its events are
    still built, but a reader must know why they carry no date."""
    for article in articles:
        if not article.published:
            warnings.append((article.source, NO_DATE_WARNING))
        elif len(article.published) < len("YYYY-MM-DD"):
            warnings.append(
                (
                    article.source,
                    f"only {article.published} is known of its publication date: "
                    + NO_DATE_WARNING.split(": ", 1)[1],
                )
            )
        yield article


def _existing_inputs(inputs: list, on_error: Callable[[Path, InputError], None] | None) -> list:
    """The inputs that exist; a missing one is reported (or raised when ``on_error`` is None)."""
    found = []
    for item in inputs:
        if item == "":
            # an unset shell variable ("build $FILE"): never the current folder, Path("")
            error = InputError(
                "an empty path names no file or folder",
                hint="give an article file or a folder ('.' for the current folder)",
            )
        elif item == "-" or os.path.lexists(item):  # a broken link or loop: read_articles's
            found.append(item)
            continue
        else:
            error = InputError(
                f"{shown(item)}: no such file or folder", hint="check the path and its spelling"
            )
        if on_error is None:
            raise error
        on_error(Path(item or '""'), error)
    if not found:
        raise InputError(
            "no input exists: " + ", ".join(shown(i) if i else '""' for i in inputs),
            hint="check the paths and their spelling",
        )
    return found
