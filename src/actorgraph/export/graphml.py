"""GraphML for Gephi: typed attributes, no missing-value placeholders, colours by type.

Gephi reads node colours from the ``r``, ``g``, ``b`` integer attributes and
uses ``label`` for display; ``size`` grows with mentions. Every attribute is
declared with its own type; an attribute a node does not have is simply
absent (never ``None`` or an empty number). A dated event also carries
``date_start`` and ``date_end``, the days its ``date`` covers (``schema.date_interval``),
as ISO date strings: GraphML has no date type, and ISO dates sort and compare as text.

The file is valid against the published GraphML schema (graph/schemas/graphml/),
which makes two demands our keys do not meet on their own:

* node ids (and edge ``source``/``target``) are ``xs:NMTOKEN``s, which cannot
  hold ``/`` or spaces. ``graphml_node_id`` writes ``organization/ttp`` as
  ``organization:ttp`` and escapes anything else outside ``[A-Za-z0-9.-]`` as
  ``_xHHHH_``; the mapping is one-to-one, ``graphml_node_key`` undoes it, and the
  real key is also every node's ``id`` attribute;
* edge ids are unique in the whole document, while a multigraph's edge keys
  (the relation) repeat across node pairs, so edges are numbered ``e0``, ``e1``...
  in graph order; the relation stays in the ``relation`` attribute.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO

import networkx as nx

from ..resources import node_types
from . import export, schema
from .text import xml_safe

INT_ATTRS = {"mentions", "fatalities", "injured", "start", "end", "readings", "r", "g", "b"}
FLOAT_ATTRS = {"lat", "lon", "confidence", "size"}
FALLBACK_COLOUR = "#999999"
# networkx's own bookkeeping in a graph read from GraphML (dicts of default values), not data.
NETWORKX_DEFAULTS = {"node_default", "edge_default"}

# Kept as they are in a node id; "/" becomes ":" (also an NMTOKEN character, so ids stay
# readable); everything else, "_" and ":" included, is escaped so the mapping can be undone.
_PLAIN = re.compile(r"[A-Za-z0-9.\-]")
_ESCAPE = re.compile(r"_x([0-9A-F]+)_|:")


def graphml_node_id(key: object) -> str:
    """The NMTOKEN that stands for node ``key`` in GraphML
    (``organization/ttp`` -> ``organization:ttp``)."""
    text = str(key)
    if not text:
        return "_"  # NMTOKEN needs a character; no non-empty key encodes to a bare "_"
    return "".join(
        char if _PLAIN.fullmatch(char) else ":" if char == "/" else f"_x{ord(char):04X}_"
        for char in text
    )


def graphml_node_key(node_id: str) -> str:
    """The node key behind a GraphML node id written by ``graphml_node_id``."""
    if node_id == "_":
        return ""
    return _ESCAPE.sub(lambda m: "/" if m.group() == ":" else chr(int(m.group(1), 16)), node_id)


def node_size(mentions: object) -> float:
    """Node size for Gephi: grows with the log of mentions, so hubs stand out without swamping."""
    try:
        count = max(int(mentions), 0)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        count = 1
    return round(10.0 + 6.0 * math.log1p(count), 2)


def type_rgb(node_type: object) -> tuple[int, int, int]:
    """The node type's colour from graph/vocabulary.json as (r, g, b); grey for an unknown type."""
    spec = node_types().get(str(node_type), {})
    return _rgb(spec.get("color", FALLBACK_COLOUR))


def to_gephi_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with Gephi's viz attributes added, NMTOKEN node ids, unique edge ids, values typed."""
    out = nx.MultiDiGraph()
    out.graph.update(
        {
            k: xml_safe(str(v))
            for k, v in schema.flat(graph.graph).items()
            if k not in NETWORKX_DEFAULTS
        }
    )
    for node, data in graph.nodes(data=True):
        attrs = {
            key: _typed(key, value)
            for key, value in schema.flat_node(data).items()
            if value is not None
        }
        attrs.setdefault("id", xml_safe(str(node)))
        red, green, blue = type_rgb(data.get("type", ""))
        attrs.update(r=red, g=green, b=blue, size=node_size(data.get("mentions", 1)))
        out.add_node(graphml_node_id(node), **attrs)
    edges = (
        graph.edges(keys=True, data=True)
        if graph.is_multigraph()
        else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    )
    for number, (source, target, _key, data) in enumerate(edges):
        attrs = {k: _typed(k, v) for k, v in schema.flat(data).items() if v is not None}
        out.add_edge(graphml_node_id(source), graphml_node_id(target), key=f"e{number}", **attrs)
    return out


def write(
    graph: nx.MultiDiGraph,
    outs: Mapping[str, IO[bytes]],
    readings: Iterable | None = None,
    **_options: object,
) -> None:
    """The registered writer (see ``export``): ``graph`` as GraphML to ``outs["graphml"]``."""
    # Key ids stay generated (d0, d1, ...): named ids would repeat for an attribute that both
    # nodes and edges carry (label), which the GraphML schema forbids. attr.name keeps the name.
    nx.write_graphml(to_gephi_graph(graph), outs["graphml"])


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` to ``path`` as GraphML, atomically."""
    export(graph, path, "graphml")


def _typed(key: str, value: object) -> object:
    if key in INT_ATTRS:
        return int(value)  # type: ignore[call-overload]
    if key in FLOAT_ATTRS:
        return float(value)  # type: ignore[arg-type]
    return xml_safe(str(value))


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
