"""SPARQL over an exported graph file, for the ``query`` command and for tests.

``run_query`` loads a Turtle, JSON-LD or N-Triples file with rdflib, runs a
query given as text or as the name of a file in ``graph/queries/``
("claims"), and returns plain strings, so callers never touch rdflib terms.
The usual prefixes (ag:, schema:, rdf:, rdfs:, xsd:, prov:) are predeclared,
so ad hoc queries may leave out their PREFIX lines.

Queries run offline on that one file: a query that names other data
(``FROM``, ``FROM NAMED``, ``SERVICE``) is refused, because rdflib would
fetch it from the network or the local disk.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyparsing import ParseBaseException
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from .errors import InputError, QueryError
from .resources import graph_dir
from .vocab import PREFIXES

LOGGER = logging.getLogger(__name__)

# What `actorgraph export` writes, plus N-Triples. Not ".json": node-link JSON
# would parse as JSON-LD with no triples and answer every query with nothing.
FORMATS_BY_SUFFIX = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}
OUTPUT_FORMATS = ("table", "csv", "json")
TABLE_CELL_WIDTH = 100  # table cells are cut here; csv and json keep whole values

_QUERY_NAME = re.compile(r"[A-Za-z0-9_-]+")
_SELECT_STAR = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\ufffd]+)")
# What a terminal would act on rather than show: C0/C1 controls (escape
# sequences) and bidi controls (which can reorder what is displayed).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class QueryResult:
    """A query's answer as text: SELECT rows; ASK -> column "ask"; CONSTRUCT -> column "turtle".

    ``kind`` is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE), so a table
    can print a graph as the Turtle document it is.
    """

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    kind: str = "select"


def run_query(path: Path, sparql: str) -> QueryResult:
    """Run ``sparql`` (query text, a named query such as "claims", or a .rq file) on a graph file.

    Raises:
        InputError: the graph file does not exist.
        QueryError: the file cannot be read as RDF, the named query does not
            exist, or the query is malformed or reads other sources.
    """
    text = _query_text(sparql)
    query = _prepare(text)
    graph = load_graph(Path(path))
    try:
        return _to_result(graph.query(query), text)
    except Exception as exc:  # rdflib raises bare Exception for evaluation problems
        LOGGER.debug("query evaluation failed", exc_info=True)
        raise QueryError(
            f"the query failed while running: {exc}",
            hint="check functions and types used in FILTER/BIND",
        ) from None


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as an aligned text table, CSV (with header) or a JSON list of row objects."""
    if fmt == "table" and result.kind == "graph":
        return _UNPRINTABLE.sub(_escape_controls, result.rows[0][0])
    if fmt == "table":
        return _table(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    raise QueryError(
        f"unknown output format {fmt!r}", hint=f"use one of: {', '.join(OUTPUT_FORMATS)}"
    )


def named_queries() -> dict[str, Path]:
    """The queries shipped in graph/queries/, by name ("claims" -> .../claims.rq)."""
    folder = graph_dir() / "queries"
    return {path.stem: path for path in sorted(folder.glob("*.rq"))}


def load_graph(path: Path) -> Graph:
    """Parse an exported graph file, the format taken from its suffix.

    Raises:
        InputError: the file does not exist or is a directory.
        QueryError: the suffix is unknown or the file is not valid RDF.
    """
    if not path.exists():
        raise InputError(
            f"graph file {path} does not exist",
            hint="export one first (e.g. graph.ttl) or check the path",
        )
    if not path.is_file():
        raise InputError(
            f"{path} is not a file", hint="give the path of a .ttl, .jsonld or .nt file"
        )
    rdf_format = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if rdf_format is None:
        raise QueryError(
            f"cannot tell the RDF format of {path}",
            hint=f"use a file ending in {', '.join(sorted(FORMATS_BY_SUFFIX))}",
        )
    text = _read_text(path, "graph file")
    if rdf_format == "json-ld":
        _refuse_remote_contexts(text, path)
    graph = Graph()
    try:
        graph.parse(data=text, format=rdf_format, publicID=path.resolve().as_uri())
    except Exception as exc:  # each rdflib parser has its own exception types
        LOGGER.debug("parsing %s failed", path, exc_info=True)
        raise QueryError(
            f"cannot read {path} as {rdf_format}: {_parse_failure(exc)}",
            hint="query a .ttl, .jsonld or .nt file written by `actorgraph export`",
        ) from None
    LOGGER.debug("loaded %d triples from %s", len(graph), path)
    return graph


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"{what} {path} is not UTF-8 text (byte {exc.start})",
            hint="give a Turtle, JSON-LD or N-Triples file written by `actorgraph export`",
        ) from None
    except OSError as exc:
        raise QueryError(
            f"cannot read {what} {path}: {exc.strerror}", hint="check its permissions"
        ) from None


def _refuse_remote_contexts(text: str, path: Path) -> None:
    """rdflib would download a JSON-LD @context given by URL; queries stay offline."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QueryError(
            f"cannot read {path} as json-ld: line {exc.lineno}: {exc.msg}",
            hint="query a .ttl, .jsonld or .nt file written by `actorgraph export`",
        ) from None
    if any(isinstance(value, str) for value in _context_values(document)):
        raise QueryError(
            f"{path} refers to a remote JSON-LD @context, which is not downloaded",
            hint="inline the context in the file, or export the graph as Turtle",
        )


def _context_values(node: Any) -> Iterator[Any]:
    """Every @context entry (and @import) in a JSON-LD document, lists flattened."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                yield from value if isinstance(value, list) else [value]
            yield from _context_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _context_values(item)


def _parse_failure(exc: Exception) -> str:
    """A one-line reason; Turtle's BadSyntax would otherwise quote the whole file."""
    why = getattr(exc, "_why", None)
    if why is not None:
        return f"line {int(getattr(exc, 'lines', 0)) + 1}: {why}"
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]


def _ordered_columns(variables: list[Any], text: str) -> list[str]:
    """SELECT * columns in the order the query first names them (rdflib gives a set's order)."""
    names = [str(var) for var in variables]
    if not _SELECT_STAR.search(text):
        return names
    first_seen = {}
    for match in _VARIABLE.finditer(text):
        first_seen.setdefault(match.group(1), match.start())
    return sorted(names, key=lambda name: (first_seen.get(name, len(text)), name))


def _query_text(sparql: str) -> str:
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
        return _read_text(queries[name], "query file")
    if name.endswith(".rq") and "\n" not in name:
        path = Path(name)
        if not path.is_file():
            raise InputError(f"query file {path} does not exist", hint="check the path")
        return _read_text(path, "query file")
    return sparql


def _prepare(text: str) -> Query:
    """Parse and translate the query with the project's prefixes predeclared."""
    if not text.strip():
        raise QueryError(
            "the query is empty", hint="give SPARQL text or a named query such as claims"
        )
    try:
        query = prepareQuery(text, initNs=PREFIXES)
    except ParseBaseException as exc:
        raise QueryError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.column}: {exc.msg}",
            hint="check the query near that position",
        ) from None
    except Exception as exc:  # rdflib raises bare Exception, e.g. "Unknown namespace prefix : foo"
        LOGGER.debug("query translation failed", exc_info=True)
        raise QueryError(
            f"invalid SPARQL: {exc}",
            hint=f"predeclared prefixes: {', '.join(sorted(PREFIXES))}; declare others with PREFIX",
        ) from None
    if query.algebra.get("datasetClause") or any(
        node.name == "ServiceGraphPattern" for node in _algebra_nodes(query.algebra)
    ):
        raise QueryError(
            "the query reads other data (FROM, FROM NAMED or SERVICE)",
            hint="queries run on the one graph file given; remove those clauses",
        )
    return query


def _algebra_nodes(node: Any) -> Iterator[Any]:
    """Every CompValue in a translated query, depth first."""
    if hasattr(node, "name") and isinstance(node, dict):
        yield node
        children = node.values()
    elif isinstance(node, (list, tuple)):
        children = node
    else:
        return
    for child in children:
        yield from _algebra_nodes(child)


def _to_result(result: Any, text: str) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(
            columns=["ask"], rows=[["true" if result.askAnswer else "false"]], kind="ask"
        )
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri, override=True)
        return QueryResult(
            columns=["turtle"], rows=[[graph.serialize(format="turtle")]], kind="graph"
        )
    columns = _ordered_columns(result.vars or [], text)
    rows = [["" if row[name] is None else str(row[name]) for name in columns] for row in result]
    return QueryResult(columns=columns, rows=rows)


def _table(result: QueryResult) -> str:
    """Plain-text columns, padded to the widest cell, terminal-safe."""
    header = [_cell(column) for column in result.columns]
    body = [[_cell(value) for value in row] for row in result.rows]
    widths = [max([len(header[i])] + [len(row[i]) for row in body]) for i in range(len(header))]
    lines = [_line(header, widths), _line(["-" * width for width in widths], widths)]
    lines += [_line(row, widths) for row in body]
    return "\n".join(lines) + "\n"


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _cell(value: str) -> str:
    """One line, no control or bidi characters, cut to TABLE_CELL_WIDTH."""
    text = _UNPRINTABLE.sub(_escape, value)
    if len(text) > TABLE_CELL_WIDTH:
        text = text[: TABLE_CELL_WIDTH - 1] + "…"
    return text


def _escape_controls(match: re.Match[str]) -> str:
    """Like ``_escape`` but keeps line breaks and tabs, for multi-line documents."""
    return match.group() if match.group() in "\n\t" else _escape(match)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    if char in named:
        return named[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
