"""graph.geojson: the graph's events and places on a map (RFC 7946), for QGIS, geojson.io and
kepler.gl.

One ``FeatureCollection`` of ``Point`` features, in WGS84 with ``[longitude, latitude]``
positions (RFC 7946 section 3.1.1; no ``crs`` member, which the RFC removed):

* an event, at the point of the place it occurred in (its ``occurred_in`` edge, the most
  confident one whose place has coordinates). Properties: ``node_type`` ``Event``, ``id``,
  ``name``, ``type`` (the event type), ``date`` as written and ``date_start``/``date_end``
  (the days it covers, for a time filter), ``fatalities``, ``injured``, ``perpetrators`` and
  ``claimants`` (names, from ``perpetrated`` and ``claimed_responsibility`` edges), ``place``
  and ``place_id``, ``summary``, ``sources`` (document ids) and ``source_labels`` (each as a
  person reads it, "Headline — Outlet, 2023-01-30", where the build knows the article);
* a place with coordinates. Properties: ``node_type`` ``Place``, ``id``, ``name``,
  ``country`` (ISO 3166 alpha-2), ``mentions``, ``events`` (how many events occurred there),
  ``sources`` and ``source_labels``.

Every feature of a kind has the same properties (an unknown value is ``null``), so a GIS
reads one attribute table per kind. An event whose places have no coordinates, and a place
without them (or with numbers outside WGS84's ranges), is left out: a map cannot show it.
Text is JSON-escaped by the encoder, so markup, quotes and line breaks stay plain strings;
characters no export carries are dropped (``text.xml_safe``), so ids match the other exports.
Features are written one per line, as they are made, never the whole collection in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx

from ..graph import source_labels
from . import export, schema
from .text import xml_safe

COORDINATE_DIGITS = 6  # RFC 7946 section 11.2: six decimals are about 10 cm
PERPETRATOR_RELATION = "perpetrated"
CLAIM_RELATION = "claimed_responsibility"
PLACE_RELATION = "occurred_in"


def write(
    graph: nx.MultiDiGraph,
    outs: Mapping[str, IO[str]],
    readings: Iterable | None = None,
    **_options: object,
) -> None:
    """The registered writer (see ``export``): the FeatureCollection to ``outs["geojson"]``."""
    out = outs["geojson"]
    out.write('{"type": "FeatureCollection", "features": [')
    for number, feature in enumerate(features(graph)):
        out.write(",\n" if number else "\n")
        out.write(json.dumps(feature, ensure_ascii=False, allow_nan=False))
    out.write("\n]}\n")


def write_geojson(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as GeoJSON to ``path``, atomically."""
    export(graph, path, "geojson")


def features(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """Every feature: the events (by date, then id), then the places (by id)."""
    points = {node: point for node in graph if (point := position(graph.nodes[node]))}
    events = sorted(
        (node for node, data in graph.nodes(data=True) if data.get("type") == "Event"),
        key=lambda node: (str(graph.nodes[node].get("date") or ""), str(node)),
    )
    located: dict[str, int] = {}
    labels = source_labels(graph)
    for event in events:
        place = event_place(graph, event, points)
        if place is not None:
            located[place] = located.get(place, 0) + 1
            properties = event_properties(graph, event, place) | _sources(graph, event, labels)
            yield _feature(event, points[place], properties)
    for node in sorted(points, key=str):
        if graph.nodes[node].get("type") == "Place":
            properties = place_properties(graph, node, located.get(node, 0))
            yield _feature(node, points[node], properties | _sources(graph, node, labels))


def position(data: Mapping[str, Any]) -> list[float] | None:
    """A node's ``[lon, lat]`` (RFC 7946 order), rounded; None unless both are numbers within
    WGS84's ranges (latitude -90..90, longitude -180..180)."""
    lat, lon = schema.finite_number(data.get("lat")), schema.finite_number(data.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return [round(lon, COORDINATE_DIGITS), round(lat, COORDINATE_DIGITS)]


def event_place(
    graph: nx.MultiDiGraph, event: str, points: Mapping[str, list[float]]
) -> str | None:
    """The place an event is drawn at: of its ``occurred_in`` places with coordinates, the most
    confident reading (then the most read, then the id, so the choice is stable)."""
    placed = [
        (
            schema.finite_number(data.get("confidence")) or 0.0,
            _count(data.get("readings")) or 0,
            str(place),
        )
        for _, place, data in graph.out_edges(event, data=True)
        if data.get("relation") == PLACE_RELATION and place in points
    ]
    if not placed:
        return None
    return min(placed, key=lambda item: (-item[0], -item[1], item[2]))[2]


def event_properties(graph: nx.MultiDiGraph, event: str, place: str) -> dict[str, Any]:
    """An event's properties (see the module docstring)."""
    data = schema.flat_node(graph.nodes[event])
    return {
        "node_type": "Event",
        "id": _text(event),
        "name": _text(data.get("label", event)),
        "type": _text(data.get("event_type") or "") or None,
        "date": _text(data.get("date") or "") or None,
        "date_start": data.get("date_start"),
        "date_end": data.get("date_end"),
        "fatalities": _count(data.get("fatalities")),
        "injured": _count(data.get("injured")),
        "perpetrators": _actors(graph, event, PERPETRATOR_RELATION),
        "claimants": _actors(graph, event, CLAIM_RELATION),
        "place": _text(graph.nodes[place].get("label", place)),
        "place_id": _text(place),
        "summary": _text(data.get("summary") or "") or None,
    }


def place_properties(graph: nx.MultiDiGraph, place: str, events: int) -> dict[str, Any]:
    """A place's properties (see the module docstring)."""
    data = graph.nodes[place]
    return {
        "node_type": "Place",
        "id": _text(place),
        "name": _text(data.get("label", place)),
        "country": _text(data.get("country") or "") or None,
        "mentions": _count(data.get("mentions")),
        "events": events,
    }


def _sources(graph: nx.MultiDiGraph, node: str, labels: Mapping[str, str]) -> dict[str, Any]:
    """A node's documents, as ids and as a person reads them (``graph.source_labels``)."""
    documents = schema.names(graph.nodes[node].get("sources"))
    return {
        "sources": [_text(document) for document in documents],
        "source_labels": [_text(labels.get(document, document)) for document in documents],
    }


def _feature(node: str, point: list[float], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": _text(node),
        "geometry": {"type": "Point", "coordinates": point},
        "properties": properties,
    }


def _actors(graph: nx.MultiDiGraph, event: str, relation: str) -> list[str]:
    """The names of the nodes that stand in ``relation`` to ``event``, sorted, once each."""
    names = {
        _text(graph.nodes[actor].get("label", actor))
        for actor, _, data in graph.in_edges(event, data=True)
        if data.get("relation") == relation
    }
    return sorted(names)


def _text(value: Any) -> str:
    return xml_safe(str(value))


def _count(value: Any) -> int | None:
    """A whole number from a typed or flat value (``100``, ``"100"``, ``100.0``), else None."""
    number = schema.finite_number(value)
    return int(number) if number is not None and number == int(number) else None
