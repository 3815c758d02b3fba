"""The whole run: ingest -> extract -> resolve -> graph -> exports.

``build`` is what the CLI's ``build`` command calls; it imports no typer and
prints nothing, so it can be used from Python and tested directly. Progress
goes to an optional callback, one call per article.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .errors import InputError
from .export import DEFAULT_FORMATS, export
from .extract import extract, load_nlp
from .graph import build_graph
from .ingest import read_articles
from .model import Article, ArticleExtraction
from .resolve import resolve

logger = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build did: outputs written, articles read and the inputs it skipped, with reasons."""

    graph: nx.MultiDiGraph
    outputs: list[Path] = field(default_factory=list)
    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def build(inputs: Iterable[str | Path], out_dir: Path, *, model: str | None = None,
          formats: Iterable[str] = DEFAULT_FORMATS, progress: Callable[[Article], None] | None = None,
          strict: bool = False, n_process: int = 1) -> BuildReport:
    """Read every input, extract, resolve across articles and write each format to ``out_dir``.

    Raises InputError when no article could be read, or when ``strict`` and any input was skipped.
    """
    skipped: list[tuple[str, str]] = []

    def skip(path: Path, error: InputError) -> None:
        skipped.append((str(path), error.message))
        logger.warning("skipped: %s", error.message)

    inputs = [Path(p) if str(p) != "-" else p for p in inputs]
    files = _existing_inputs(inputs, skip if not strict else None)  # before the model: fail fast
    nlp = load_nlp(model)
    articles = read_articles(files, on_error=None if strict else skip)
    extractions = list(_with_progress(extract(articles, nlp, n_process=n_process), progress))
    if not extractions:
        reasons = "; ".join(why for _, why in skipped) or "no input"
        raise InputError(f"no article could be read ({reasons})",
                         hint="give .txt, .md or .html article files, or folders holding them")
    graph = build_graph(resolve(extractions))
    report = BuildReport(graph, articles=len(extractions), skipped=skipped)
    for fmt in formats:
        report.outputs.append(export(graph, Path(out_dir) / f"graph.{fmt}", fmt))
    return report


def _existing_inputs(inputs: list, on_error: Callable[[Path, InputError], None] | None) -> list:
    """The inputs that exist; a missing one is reported (or raised when ``on_error`` is None)."""
    found = []
    for item in inputs:
        if item == "-" or Path(item).exists():
            found.append(item)
            continue
        error = InputError(f"{item}: no such file or folder", hint="check the path and its spelling")
        if on_error is None:
            raise error
        on_error(Path(item), error)
    if not found:
        raise InputError("no input exists: " + ", ".join(str(i) for i in inputs),
                         hint="check the paths and their spelling")
    return found


def _with_progress(extractions: Iterator[ArticleExtraction],
                   progress: Callable[[Article], None] | None) -> Iterator[ArticleExtraction]:
    for extraction in extractions:
        if progress is not None:
            progress(extraction.article)
        yield extraction
