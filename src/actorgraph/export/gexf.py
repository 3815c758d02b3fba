"""GEXF 1.3, Gephi's own format: typed attributes, colours and sizes, parallel edges kept.

Written with lxml rather than networkx, whose ``write_gexf`` produces GEXF
1.2draft. What Gephi (0.9.3 and later) reads from the file:

* a directed graph in dynamic mode (``mode="dynamic"``, ``timeformat="date"``,
  ``defaultedgetype="directed"``), so Gephi's timeline plays the corpus: a dated
  event node has ``start`` and ``end``, the first and last day its ``date`` covers
  (``schema.date_interval``: ``2016-03`` is 2016-03-01 .. 2016-03-31), and an edge
  that attaches to a dated event has the event's interval (the days both ends share,
  when both are dated). Undated nodes and edges have neither, which in GEXF means
  always present; the ``<graph>``'s own ``start``/``end`` span every dated element;
* node ``label``, ``viz:color`` (the node type's colour from graph/vocabulary.json)
  and ``viz:size`` (growing with the log of mentions, as in the GraphML export);
* edge ``label`` (the relation in words), ``weight`` = confidence and
  ``kind`` = relation: Gephi merges parallel edges of the same kind, so two
  relations between the same pair stay two edges;
* every other attribute declared once with its GEXF type (``string``,
  ``integer``, ``double``) and given per element as ``<attvalue>``. Attribute
  ids are numbers and the names are titles, so no name can clash with a column
  Gephi reserves (Id, Label, Weight...).

Text passes through ``xml_safe``; lxml escapes the rest. Values that are
absent, ``None``, or not numbers where a number is declared are left out,
never written as placeholders. Validated in the tests against the GEXF 1.3
schema in graph/schemas/gexf/.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx
from lxml import etree

from ..errors import ExportError
from ..graph import source_labels
from ..resources import relation_vocabulary
from . import export, schema
from .graphml import node_size, type_rgb
from .text import xml_safe

LOGGER = logging.getLogger(__name__)

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{GEXF_NS} {GEXF_NS}/gexf.xsd"

# (attribute, GEXF type) in column order; attributes not listed are declared as strings after these.
NODE_ATTRIBUTES = (
    ("type", "string"),
    ("aliases", "string"),
    ("mentions", "integer"),
    ("sources", "string"),
    ("lat", "double"),
    ("lon", "double"),
    ("country", "string"),
    ("event_type", "string"),
    ("date", "string"),
    ("date_start", "string"),
    ("date_end", "string"),
    ("fatalities", "integer"),
    ("injured", "integer"),
    ("summary", "string"),
)
EDGE_ATTRIBUTES = (
    ("relation", "string"),
    ("evidence", "string"),
    ("source", "string"),
    ("document_title", "string"),  # the source as a person cites it (graph.source_labels)
    ("start", "integer"),
    ("end", "integer"),
    ("confidence", "double"),
    ("role", "string"),
    ("date", "string"),
    ("by", "string"),
    ("sources", "string"),
    ("readings", "integer"),
    ("provenance", "string"),
)
# Carried by the element itself (id, label), so never repeated as an attvalue.
NODE_RESERVED = {"id", "label"}
EDGE_RESERVED = {"label"}

Declared = list[tuple[str, str, str]]  # (attribute id, name, GEXF type)
Interval = tuple[str, str]  # (first day, last day), ISO dates


def write(
    graph: nx.MultiDiGraph,
    outs: Mapping[str, IO[bytes]],
    readings: Iterable | None = None,
    **_options: object,
) -> None:
    """The registered writer (see ``export``): ``graph`` as GEXF 1.3 (UTF-8) to ``outs["gexf"]``.

    Raises:
        ExportError: two node ids become the same once XML-illegal characters are dropped.
    """
    data = etree.tostring(to_gexf(graph), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    outs["gexf"].write(data)


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` to ``path`` as GEXF 1.3, atomically."""
    export(graph, path, "gexf")


def to_gexf(graph: nx.MultiDiGraph) -> etree._Element:
    """The GEXF 1.3 document of ``graph`` as an lxml element (``<gexf>``)."""
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS, "xsi": XSI_NS})
    root.set("version", "1.3")
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta")
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "actorgraph"
    name = xml_safe(str(graph.graph.get("name", "")))
    if name:
        etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = name
    body = etree.SubElement(
        root,
        f"{{{GEXF_NS}}}graph",
        mode="dynamic",
        timeformat="date",
        defaultedgetype="directed",
        idtype="string",
    )
    node_columns = _declare(
        body,
        "node",
        NODE_ATTRIBUTES,
        _extra_names((data for _, data in graph.nodes(data=True)), NODE_ATTRIBUTES, NODE_RESERVED),
    )
    edge_columns = _declare(
        body,
        "edge",
        EDGE_ATTRIBUTES,
        _extra_names((data for *_, data in _edges(graph)), EDGE_ATTRIBUTES, EDGE_RESERVED),
    )
    ids = _node_ids(graph)
    intervals = node_intervals(graph)
    nodes = etree.SubElement(body, f"{{{GEXF_NS}}}nodes", count=str(graph.number_of_nodes()))
    for node, data in graph.nodes(data=True):
        element = _node(nodes, ids[node], schema.flat_node(data), node_columns)
        _set_time(element, intervals.get(node))
    edges = etree.SubElement(body, f"{{{GEXF_NS}}}edges", count=str(graph.number_of_edges()))
    titles = source_labels(graph)
    for number, (source, target, data) in enumerate(_edges(graph)):
        flat = schema.flat(data)
        flat["document_title"] = titles.get(str(flat.get("source") or ""), "")
        element = _edge(edges, f"e{number}", ids[source], ids[target], flat, edge_columns)
        _set_time(element, edge_interval(intervals.get(source), intervals.get(target)))
    if intervals:  # an edge's interval lies within its nodes', so the nodes' span is the graph's
        spans = intervals.values()
        _set_time(body, (min(start for start, _ in spans), max(end for _, end in spans)))
    return root


def node_intervals(graph: nx.MultiDiGraph) -> dict[Any, Interval]:
    """The days each dated node covers, from its ``date``; undated nodes are not listed."""
    intervals = {}
    for node, data in graph.nodes(data=True):
        interval = schema.date_interval(data.get("date"))
        if interval is not None:
            intervals[node] = interval
    return intervals


def edge_interval(source: Interval | None, target: Interval | None) -> Interval | None:
    """When an edge is present on the timeline: the interval of the dated end it attaches to,
    or the days both ends share when both are dated; None (always present) when neither is,
    or when two dated ends never meet (the edge then shows whenever both its nodes do)."""
    if source is None or target is None:
        return source or target
    start, end = max(source[0], target[0]), min(source[1], target[1])
    return (start, end) if start <= end else None


def _set_time(element: etree._Element, interval: Interval | None) -> None:
    """GEXF's ``start``/``end`` (closed interval, ISO dates under ``timeformat="date"``)."""
    if interval is not None:
        element.set("start", interval[0])
        element.set("end", interval[1])


def _declare(
    graph_element: etree._Element, cls: str, known: tuple[tuple[str, str], ...], extra: list[str]
) -> Declared:
    """Write one <attributes class=...> block; returns what was declared, in order."""
    columns = [
        (str(number), name, kind)
        for number, (name, kind) in enumerate(list(known) + [(n, "string") for n in extra])
    ]
    block = etree.SubElement(
        graph_element, f"{{{GEXF_NS}}}attributes", {"class": cls, "mode": "static"}
    )
    for attr_id, name, kind in columns:
        etree.SubElement(
            block, f"{{{GEXF_NS}}}attribute", id=attr_id, title=xml_safe(name), type=kind
        )
    return columns


def _extra_names(
    rows: Iterator[dict[str, Any]], known: tuple[tuple[str, str], ...], reserved: set[str]
) -> list[str]:
    """Attribute names the graph uses beyond the contract, sorted, so nothing is silently
    dropped."""
    names = {name for name, _ in known} | reserved
    return sorted({str(key) for row in rows for key in row} - names)


def _node_ids(graph: nx.MultiDiGraph) -> dict[Any, str]:
    ids: dict[Any, str] = {}
    seen: dict[str, Any] = {}
    for node in graph.nodes:
        safe = xml_safe(str(node))
        if safe in seen:
            raise ExportError(
                f"nodes {seen[safe]!r} and {node!r} have the same id once characters XML cannot "
                "carry are dropped",
                hint="give nodes ids without control characters",
            )
        seen[safe] = node
        ids[node] = safe
    return ids


def _node(
    parent: etree._Element, node_id: str, data: dict[str, Any], columns: Declared
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{GEXF_NS}}}node", id=node_id)
    label = data.get("label")
    element.set("label", xml_safe(str(label if label is not None else node_id)))
    _attvalues(element, data, columns)
    red, green, blue = type_rgb(data.get("type", ""))
    etree.SubElement(element, f"{{{VIZ_NS}}}color", r=str(red), g=str(green), b=str(blue))
    etree.SubElement(element, f"{{{VIZ_NS}}}size", value=repr(node_size(data.get("mentions", 1))))
    return element


def _edge(
    parent: etree._Element,
    edge_id: str,
    source: str,
    target: str,
    data: dict[str, Any],
    columns: Declared,
) -> etree._Element:
    relation = str(data.get("relation", ""))
    element = etree.SubElement(
        parent, f"{{{GEXF_NS}}}edge", id=edge_id, source=source, target=target, type="directed"
    )
    label = data.get("label") or relation_vocabulary().get(relation, {}).get("label") or relation
    if label:
        element.set("label", xml_safe(str(label)))
    if relation:
        element.set("kind", xml_safe(relation))
    weight = _number(data.get("confidence"), "double")
    if weight is not None:
        element.set("weight", weight)
    _attvalues(element, data, columns)
    return element


def _attvalues(element: etree._Element, data: dict[str, Any], columns: Declared) -> None:
    values = []
    for attr_id, name, kind in columns:
        value = data.get(name)
        if value is None:
            continue
        text = xml_safe(str(value)) if kind == "string" else _number(value, kind)
        if text is None:
            LOGGER.warning("%s: %r is not a valid %s; left out of the GEXF", name, value, kind)
            continue
        values.append((attr_id, text))
    if values:
        block = etree.SubElement(element, f"{{{GEXF_NS}}}attvalues")
        for attr_id, text in values:
            etree.SubElement(block, f"{{{GEXF_NS}}}attvalue", {"for": attr_id, "value": text})


def _number(value: Any, kind: str) -> str | None:
    """The lexical form of an integer or a finite double, or None when ``value`` is not one."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    if kind == "integer":
        return str(int(number)) if number == int(number) and abs(number) < 2**31 else None
    return repr(number)


def _edges(graph: nx.MultiDiGraph) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    yield from graph.edges(data=True)
