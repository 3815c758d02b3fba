"""Named queries answered from results computed once, at load: materialised views of a store.

The whole-graph named queries (claims, ledger, provenance) return tens of thousands of rows on a
million triples, and each row costs a dozen index look-ups and string decodings in RocksDB: 2 to
18 s from an on-disk store, however the query is worded (the engine alone, without ORDER BY or
the contested flags, still takes 8 s for the ledger). A store's data never changes after its
load (a reload writes a new generation), so neither does the answer to a fixed query. ``load``
therefore runs every named query once, right after the bulk load, and keeps each SELECT result
beside the data as SPARQL CSV and SPARQL JSON, and as ``query --format csv`` prints it
(``write_views``). ``query --store`` and ``serve --store`` answer from those bytes when the
query text is exactly the text that was run (line endings and surrounding blank space aside):
a named query edited since the load, or any other query, runs on the engine as before.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph

from ..vocab import PREFIXES
from .results import QueryResult, write_csv

LOGGER = logging.getLogger(__name__)

INDEX_NAME = "index.json"
VIEWS_FORMAT_VERSION = 1
# What is written for each view: media type -> (file suffix, format). Other result formats
# (XML, TSV) are converted from the JSON when asked for.
STORED_FORMATS = {
    "text/csv": ("csv", pyoxigraph.QueryResultsFormat.CSV),
    "application/sparql-results+json": ("srj", pyoxigraph.QueryResultsFormat.JSON),
    "application/json": ("srj", pyoxigraph.QueryResultsFormat.JSON),
}
_JSON_SUFFIX = "srj"
# The answer as `actorgraph query --format csv` prints it, copied to standard output as it is:
# turning 60,000 stored rows into that form at every query took half a second of the second
# that a named query may take.
PRINTED_CSV_SUFFIX = "printed.csv"

ViewProgress = Callable[[str, int, float], None]  # (query name, rows, seconds)


def view_key(text: str) -> str:
    """The identity of a query's text: a view answers only the very text it was computed from.

    Only line endings and blank space around the text are ignored; blank space inside could be
    part of a string literal, where it changes the answer.
    """
    normal = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class View:
    """One named query's stored result: its files are ``<folder>/<name>.csv``, ``.srj`` and
    ``.printed.csv`` (a store loaded before that file existed has only the first two)."""

    name: str
    key: str
    rows: int
    seconds: float  # what running the query on the store took at load
    folder: Path

    def path(self, suffix: str) -> Path:
        return self.folder / f"{self.name}.{suffix}"

    def result(self) -> QueryResult:
        """The rows as plain strings, as ``results.to_result`` gives them (from the CSV, whose
        cells are the lexical forms ``term_text`` gives; an unbound cell is empty in both)."""
        with self.path("csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            columns = next(reader, [])
            return QueryResult(columns=columns, rows=list(reader))

    def printed_csv(self) -> Path | None:
        """The file holding the rows as ``query --format csv`` prints them, if it was written."""
        path = self.path(PRINTED_CSV_SUFFIX)
        return path if path.is_file() else None

    def stored_file(self, media_type: str) -> Path | None:
        """The file that holds the result in ``media_type`` as it is, or None (convert it)."""
        stored = STORED_FORMATS.get(media_type)
        return self.path(stored[0]) if stored is not None else None

    def converted(self, results_format: pyoxigraph.QueryResultsFormat) -> bytes:
        """The result in another format (XML, TSV): the stored JSON, parsed and written again."""
        result = pyoxigraph.parse_query_results(
            path=str(self.path(_JSON_SUFFIX)), format=pyoxigraph.QueryResultsFormat.JSON
        )
        return result.serialize(format=results_format)


def write_views(
    store: pyoxigraph.Store,
    folder: Path,
    queries: Mapping[str, str],
    progress: ViewProgress | None = None,
) -> list[View]:
    """Run each query (name -> text) on ``store`` and keep each SELECT result in ``folder``,
    which must not exist yet; the index is written last, so a folder without one is incomplete.

    ``progress(name, rows, seconds)`` is called after each query.
    """
    folder.mkdir()
    views = []
    for name, text in queries.items():
        started = time.perf_counter()
        result = store.query(text, prefixes=PREFIXES)
        if not isinstance(result, pyoxigraph.QuerySolutions):
            continue  # ASK and CONSTRUCT answers are small and quick; they stay on the engine
        json_path = folder / f"{name}.{_JSON_SUFFIX}"
        result.serialize(str(json_path), format=pyoxigraph.QueryResultsFormat.JSON)
        _write_csv(json_path, folder / f"{name}.csv")
        rows = _write_printed_csv(folder / f"{name}.csv", folder / f"{name}.{PRINTED_CSV_SUFFIX}")
        seconds = round(time.perf_counter() - started, 3)
        views.append(View(name, view_key(text), rows, seconds, folder))
        if progress is not None:
            progress(name, rows, seconds)
    index = {
        "version": VIEWS_FORMAT_VERSION,
        "views": [asdict(view) | {"folder": None} for view in views],
    }
    (folder / INDEX_NAME).write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return views


def _write_csv(json_path: Path, csv_path: Path) -> None:
    """The SPARQL CSV of a stored JSON result (evaluating the query once, not twice)."""
    solutions = pyoxigraph.parse_query_results(
        path=str(json_path), format=pyoxigraph.QueryResultsFormat.JSON
    )
    solutions.serialize(str(csv_path), format=pyoxigraph.QueryResultsFormat.CSV)


def _write_printed_csv(csv_path: Path, printed_path: Path) -> int:
    """The rows of the SPARQL CSV as ``format_result(..., "csv")`` writes them: the same
    cells (``View.result`` reads them from this CSV too), a bare newline after each row.
    Returns the number of rows (read once, for both)."""
    with csv_path.open(encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        columns, rows = next(reader, []), list(reader)
    with printed_path.open("w", encoding="utf-8", newline="") as target:
        write_csv(target, columns, rows)
    return len(rows)


def read_views(folder: Path) -> dict[str, View]:
    """The views in ``folder`` by ``view_key``; none when it has no complete, readable index
    (the store still answers every query, on the engine)."""
    index_path = folder / INDEX_NAME
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
        if index.get("version") != VIEWS_FORMAT_VERSION:
            return {}
        views = [View(**(entry | {"folder": folder})) for entry in index["views"]]
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        LOGGER.warning(
            "the stored answers in %s are unreadable (%s): queries run on the store", folder, exc
        )
        return {}
    return {
        view.key: view
        for view in views
        if view.path("csv").is_file() and view.path(_JSON_SUFFIX).is_file()
    }
