"""Node and edge tables for Gephi's spreadsheet import (Data Laboratory > Import Spreadsheet).

One export is two files. ``write_tables(graph, "out/graph.csv")`` writes
``out/graph.nodes.csv`` and ``out/graph.edges.csv`` (a path already ending in
``.nodes.csv`` or ``.edges.csv`` names the same pair): ``csv`` is a bundle of the
two formats ``nodes.csv`` and ``edges.csv`` in the export registry, which writes
both to temporary files and renames them only when both are complete, so a
failure leaves the previous pair in place. ``actorgraph build`` asks for the two
halves as formats of their own, so its summary names each file it wrote.

Columns: Gephi recognises ``Id``, ``Label`` (nodes) and ``Source``, ``Target``,
``Type``, ``Label``, ``Weight`` (edges) by name, case-insensitively; the rest
are our attributes under their contract names, except the edge's ``source``
document, written as ``document`` so that it cannot be taken for the
``Source`` column. ``Weight`` repeats ``confidence``, as in the GEXF export.
A dated event's ``date_start`` and ``date_end`` are the first and last day its
``date`` covers (``2016-03`` -> ``2016-03-01``, ``2016-03-31``), so a spreadsheet
filter on a range keeps events dated only to a month or a year.

CSV hygiene:

* RFC 4180: comma-separated, ``"``-quoted where needed, CRLF between rows; a
  newline inside a value stays inside its quoted cell. UTF-8 without a BOM
  (Gephi would read a BOM as part of the first header, ``Id``).
* Spreadsheet formula injection (OWASP, "CSV Injection"): a text cell that
  begins with ``=``, ``+``, ``-``, ``@``, tab, carriage return or line feed gets a
  leading ``'`` so spreadsheets show it as text instead of evaluating it.
  Numbers we format ourselves (a negative longitude) are left as numbers.
* Characters XML cannot carry (control characters other than tab, CR, LF, and
  unpaired surrogates) are dropped, as in every other export.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx

from ..graph import source_labels
from ..resources import relation_vocabulary
from . import export, file_paths, schema
from .text import xml_safe

NODE_COLUMNS = (
    "Id",
    "Label",
    "Type",
    "aliases",
    "mentions",
    "sources",
    "lat",
    "lon",
    "country",
    "event_type",
    "date",
    "date_start",
    "date_end",
    "fatalities",
    "injured",
    "summary",
    "corrections",  # the user's corrections that changed this node (corrections.py)
)
EDGE_COLUMNS = (
    "Source",
    "Target",
    "Type",
    "Label",
    "Weight",
    "relation",
    "evidence",
    "document",
    "document_title",  # the document as a person cites it: "Headline — Outlet, 2023-01-30"
    "start",
    "end",
    "confidence",
    "role",
    "date",
    "by",
    "sources",
    "readings",
    "provenance",
)
INT_COLUMNS = {"mentions", "fatalities", "injured", "start", "end", "readings"}
FLOAT_COLUMNS = {"lat", "lon", "confidence", "Weight"}
# Cells a spreadsheet would read as a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def table_paths(path: Path) -> tuple[Path, Path]:
    """The (nodes, edges) files that ``path`` names:
    ``graph.csv`` -> ``graph.nodes.csv``, ``graph.edges.csv``."""
    paths = file_paths(path, "csv")
    return paths["nodes.csv"], paths["edges.csv"]


def write(
    graph: nx.MultiDiGraph,
    outs: Mapping[str, IO[str]],
    readings: Iterable | None = None,
    **_options: object,
) -> None:
    """The registered writer (see ``export``): each table asked for (``nodes.csv``,
    ``edges.csv``) to its stream."""
    if "nodes.csv" in outs:
        _write_csv(outs["nodes.csv"], NODE_COLUMNS, node_rows(graph))
    if "edges.csv" in outs:
        _write_csv(outs["edges.csv"], EDGE_COLUMNS, edge_rows(graph))


def write_tables(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write both tables beside ``path`` (see ``table_paths``), atomically, both or neither."""
    export(graph, path, "csv")


def node_rows(graph: nx.MultiDiGraph) -> Iterator[list[str]]:
    """One row of cells per node, in NODE_COLUMNS order, already guarded."""
    for node, typed in graph.nodes(data=True):
        data = schema.flat_node(typed)
        label = data.get("label")
        values = {"Id": node, "Label": node if label is None else label, "Type": data.get("type")}
        values.update({column: data.get(column) for column in NODE_COLUMNS[3:]})
        yield [_cell(column, values[column]) for column in NODE_COLUMNS]


def edge_rows(graph: nx.MultiDiGraph) -> Iterator[list[str]]:
    """One row of cells per edge, in EDGE_COLUMNS order, already guarded."""
    vocabulary = relation_vocabulary()
    titles = source_labels(graph)
    for source, target, typed in graph.edges(data=True):
        data = schema.flat(typed)
        relation = data.get("relation") or ""
        label = data.get("label") or vocabulary.get(relation, {}).get("label") or relation
        values = {
            "Source": source,
            "Target": target,
            "Type": "Directed",
            "Label": label,
            "Weight": data.get("confidence"),
            "document": data.get("source"),
            "document_title": titles.get(str(data.get("source") or ""), ""),
        }
        values.update(
            {
                column: data.get(column)
                for column in EDGE_COLUMNS[5:]
                if column not in ("document", "document_title")
            }
        )
        yield [_cell(column, values[column]) for column in EDGE_COLUMNS]


def guard_formula(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a leading ``'`` when it would start a
    formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in INT_COLUMNS:
        return _integer(value)
    if column in FLOAT_COLUMNS:
        return _float(value)
    return guard_formula(xml_safe(str(value)))


def _integer(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return str(int(number)) if math.isfinite(number) and number == int(number) else ""


def _float(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return repr(number) if math.isfinite(number) else ""


def _write_csv(out: IO[str], header: Iterable[str], rows: Iterable[list[str]]) -> None:
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
