"""GraphML for Gephi: typed attributes, no missing-value placeholders, colours by type.

Gephi reads node colours from the ``r``, ``g``, ``b`` integer attributes and
uses ``label`` for display; ``size`` grows with mentions. Every attribute is
declared with its own type; an attribute a node does not have is simply
absent (never ``None`` or an empty number).
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

from ..resources import node_types
from . import atomic_path
from .text import xml_safe

INT_ATTRS = {"mentions", "fatalities", "injured", "start", "end", "r", "g", "b"}
FLOAT_ATTRS = {"lat", "lon", "confidence", "size"}


def to_gephi_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with Gephi's viz attributes added and every value XML-safe and typed."""
    colours = {name: spec["color"] for name, spec in node_types().items()}
    out = nx.MultiDiGraph()
    out.graph.update({k: xml_safe(str(v)) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        attrs = {key: _typed(key, value) for key, value in data.items() if value is not None}
        red, green, blue = _rgb(colours.get(data.get("type", ""), "#999999"))
        attrs.update(r=red, g=green, b=blue, size=round(10.0 + 6.0 * math.log1p(data.get("mentions", 1)), 2))
        out.add_node(xml_safe(str(node)), **attrs)
    for source, target, key, data in graph.edges(keys=True, data=True):
        attrs = {k: _typed(k, v) for k, v in data.items() if v is not None}
        out.add_edge(xml_safe(str(source)), xml_safe(str(target)), key=xml_safe(str(key)), **attrs)
    return out


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    with atomic_path(path) as tmp:
        # Key ids stay generated (d0, d1, ...): named ids would repeat for an attribute that both
        # nodes and edges carry (label), which the GraphML schema forbids. attr.name keeps the name.
        nx.write_graphml(to_gephi_graph(graph), tmp)


def _typed(key: str, value: object) -> object:
    if key in INT_ATTRS:
        return int(value)
    if key in FLOAT_ATTRS:
        return float(value)
    return xml_safe(str(value))


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
