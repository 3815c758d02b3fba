"""A query's answer as plain strings, and as a table, CSV or JSON for the terminal.

Callers never touch RDF terms: every cell is text, and the table form is terminal-safe
(no control or bidi characters, cells cut short).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

import pyoxigraph

from ..errors import QueryError
from ..vocab import PREFIXES
from .sparql import execute

OUTPUT_FORMATS = ("table", "csv", "json")
TABLE_CELL_WIDTH = 100  # table cells are cut here; csv and json keep whole values
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


def result_task(store: pyoxigraph.Store, text: str) -> QueryResult:
    """Run in a query worker: the whole result as plain strings."""
    return to_result(execute(store, text), text)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as an aligned text table, CSV (with header) or a JSON list of row objects."""
    if fmt == "table" and result.kind == "graph":
        return _UNPRINTABLE.sub(_escape_controls, result.rows[0][0])
    if fmt == "table":
        return _table(result)
    if fmt == "csv":
        buffer = io.StringIO()
        write_csv(buffer, result.columns, result.rows)
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    raise QueryError(
        f"unknown output format {fmt!r}", hint=f"use one of: {', '.join(OUTPUT_FORMATS)}"
    )


def write_csv(handle: TextIO, columns: list[str], rows: Iterable[list[str]]) -> None:
    """``--format csv``: a header, then the rows, one per line ending in a bare newline (what a
    shell pipeline expects; the SPARQL protocol's CSV ends lines with CRLF)."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)


def _ordered_columns(variables: list[Any], text: str) -> list[str]:
    """SELECT * columns in the order the query first names them (rdflib gives a set's order)."""
    names = [str(var) for var in variables]
    if not _SELECT_STAR.search(text):
        return names
    first_seen = {}
    for match in _VARIABLE.finditer(text):
        first_seen.setdefault(match.group(1), match.start())
    return sorted(names, key=lambda name: (first_seen.get(name, len(text)), name))


def to_result(result: Any, text: str) -> QueryResult:
    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryResult(columns=["ask"], rows=[["true" if result else "false"]], kind="ask")
    if isinstance(result, pyoxigraph.QueryTriples):
        turtle = pyoxigraph.serialize(result, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
        return QueryResult(columns=["turtle"], rows=[[turtle.decode("utf-8")]], kind="graph")
    variables = [variable.value for variable in result.variables]
    columns = _ordered_columns(variables, text)
    rows = [[term_text(solution[name]) for name in columns] for solution in result]
    return QueryResult(columns=columns, rows=rows)


def term_text(term: Any) -> str:
    """An RDF term as plain text: an IRI, a literal's lexical form, a blank node id;
    "" when unbound."""
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


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
