"""Named queries (graph/queries/*.rq) and query files: what a query argument stands for.

A ``.rq`` file may be a link to anything, so its errors name it and never quote it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, QueryError
from ..resources import graph_dir
from .sparql import MAX_QUERY_BYTES
from .store import read_text

_QUERY_NAME = re.compile(r"[A-Za-z0-9_-]+")
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls but tab, line breaks, form feed


def named_queries() -> dict[str, Path]:
    """The queries shipped in graph/queries/, by name ("claims" -> .../claims.rq)."""
    folder = graph_dir() / "queries"
    return {path.stem: path for path in sorted(folder.glob("*.rq"))}


def query_text(sparql: str) -> str:
    """The query itself: a named query's file, a .rq file's text, or ``sparql`` as given."""
    name = sparql.strip()
    if _QUERY_NAME.fullmatch(name):
        queries = named_queries()
        if name not in queries:
            raise QueryError(
                f"no named query {name!r}",
                hint=f"use one of: {', '.join(queries) or '(none installed)'}, "
                "or give the SPARQL text",
            )
        return read_text(queries[name], "query file")
    if name.endswith(".rq") and "\n" not in name:
        return _read_query_file(Path(name))
    return sparql


def _read_query_file(path: Path) -> str:
    """A .rq file's text; errors name the file and never quote it (it may be a link to anything)."""
    if not path.exists():
        raise InputError(f"query file {path} does not exist", hint="check the path")
    target = path.resolve()
    if target.suffix.lower() != ".rq":
        raise QueryError(
            f"query file {path} is a link to {target}, which is not a .rq file",
            hint="give a .rq file with SPARQL in it, or the SPARQL text itself",
        )
    if not target.is_file():
        raise QueryError(f"query file {path} is not a regular file", hint="give a .rq file")
    try:
        with target.open("rb") as handle:
            data = handle.read(MAX_QUERY_BYTES + 1)
    except OSError as exc:
        raise QueryError(
            f"cannot read query file {path}: {exc.strerror}", hint="check its permissions"
        ) from None
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(
            f"query file {path} is over {MAX_QUERY_BYTES:,} bytes, the longest query allowed",
            hint="give a .rq file with one SPARQL query in it",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"query file {path} is not UTF-8 text (byte {exc.start})",
            hint="save the query as UTF-8",
        ) from None
    if _BINARY.search(text):
        raise QueryError(
            f"query file {path} is not text: it has control characters",
            hint="give a .rq file with SPARQL in it",
        )
    return text
