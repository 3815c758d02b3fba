"""SPARQL over an exported graph file: the ``query`` and ``serve`` commands, tests, validation.

``run_query`` loads a Turtle, JSON-LD or N-Triples file into an in-memory pyoxigraph store
(``store``), runs a query given as text, as a .rq file or as the name of a file in
``graph/queries/`` ("claims", ``named``) after ``sparql.check_query`` has refused what a
read-only query of one file must not do, in a killable worker process (``pool``), and returns
plain strings (``results``). ``server`` answers the SPARQL protocol over the same pool.
A large graph is bulk-loaded once into a store folder (``disk``, ``actorgraph load``) that
``run_query``, the pool and the server open read-only instead of parsing the file; the named
queries' answers are stored with it at load (``views``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import BinaryIO

from .disk import StoreInfo, StoreSource, load_store_dir, open_store_dir, read_manifest
from .named import named_queries, query_text
from .nesting import document_nesting, query_nesting
from .pool import (
    DEFAULT_QUERY_MEMORY_MB,
    DEFAULT_QUERY_TIMEOUT,
    DEFAULT_WORKERS,
    QueryLimitError,
    QueryPool,
)
from .results import OUTPUT_FORMATS, QueryResult, format_result, result_task, term_text
from .sparql import MAX_QUERY_BYTES, MAX_QUERY_NESTING, check_query, execute, is_update
from .store import FORMATS_BY_SUFFIX, MAX_DOCUMENT_NESTING, load_graph, load_store
from .views import View, read_views, view_key, write_views

_COPY_CHUNK = 1 << 20

__all__ = [
    "DEFAULT_QUERY_MEMORY_MB",
    "DEFAULT_QUERY_TIMEOUT",
    "DEFAULT_WORKERS",
    "FORMATS_BY_SUFFIX",
    "MAX_DOCUMENT_NESTING",
    "MAX_QUERY_BYTES",
    "MAX_QUERY_NESTING",
    "OUTPUT_FORMATS",
    "QueryLimitError",
    "QueryPool",
    "QueryResult",
    "StoreInfo",
    "StoreSource",
    "View",
    "check_query",
    "copy_stored_csv",
    "document_nesting",
    "execute",
    "format_result",
    "is_update",
    "load_graph",
    "load_store",
    "load_store_dir",
    "named_queries",
    "open_store_dir",
    "query_nesting",
    "read_manifest",
    "read_views",
    "result_task",
    "run_query",
    "stored_answer",
    "term_text",
    "view_key",
    "write_views",
]


def stored_answer(path: Path, text: str) -> QueryResult | None:
    """The answer stored at load for exactly this query text in the store folder ``path``, or
    None (see ``views``).

    Raises:
        QueryError: the folder is not a store, or its data cannot be opened.
    """
    source, held = open_store_dir(path)
    with held:
        view = _checked_view(source, text)
        return view.result() if view is not None else None


def copy_stored_csv(path: Path, sparql: str, out: BinaryIO) -> bool:
    """Write to ``out`` the answer stored at load for ``sparql`` (text, a name or a .rq file)
    on the store folder ``path``, as ``format_result(..., "csv")`` would print it, and say
    True; False when none was stored (run the query).

    The bytes are copied as they are, without reading them as rows: the whole-graph named
    queries answer 60,000 rows on a million triples.

    Raises:
        InputError, QueryError: as ``run_query``.
    """
    text = query_text(sparql)
    check_query(text)
    source, held = open_store_dir(path)
    with held:  # a reload cannot remove the files while they are copied
        view = _checked_view(source, text)
        printed = view.printed_csv() if view is not None else None
        if printed is None:
            return False
        with printed.open("rb") as stored:
            shutil.copyfileobj(stored, out, _COPY_CHUNK)
    return True


def _checked_view(source: StoreSource, text: str) -> View | None:
    """The view answering ``text``, once the store's data is known to open: a damaged store
    is said so, whatever was stored beside it."""
    view = source.views().get(view_key(text))
    if view is not None:
        source.open()
    return view


def run_query(
    path: Path,
    sparql: str,
    *,
    store: bool = False,
    timeout: float = DEFAULT_QUERY_TIMEOUT,
    memory_mb: int = DEFAULT_QUERY_MEMORY_MB,
) -> QueryResult:
    """Run ``sparql`` (query text, a named query such as "claims", or a .rq file) on a graph file,
    or on the store folder ``path`` when ``store`` is true (see ``disk``).

    The query runs in a worker process (see ``QueryPool``), stopped after
    ``timeout`` seconds or when it needs more than ``memory_mb`` MB; on a store, a named query
    whose answer was stored at load is read instead (see ``views``).

    Raises:
        InputError: the graph file, the store or the .rq file does not exist.
        QueryError: the file cannot be read as RDF, the folder is not a store, the
            named query does not exist, or the query is malformed, too long or deep,
            an update, or reads other sources.
        QueryLimitError: the query ran out of time or memory.
    """
    text = query_text(sparql)
    check_query(text)
    if store:
        answer = stored_answer(path, text)
        if answer is not None:
            return answer
    with QueryPool(path, store=store, workers=1, timeout=timeout, memory_mb=memory_mb) as pool:
        return pool.run(result_task, text)
