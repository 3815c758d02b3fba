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
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import math
import random
import re
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
from ..graph import strongest
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
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options), "tipChars": TIP_CHARS}
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
    for node, data in sorted(graph.nodes(data=True), key=lambda item: -graph.degree(item[0])):
        type_ = _clean(str(data.get("type", "")))
        start = _start_position(ids[node], graph.number_of_nodes()) if seeded else {}
        net.add_node(
            ids[node],
            shape="dot",
            color=colours.get(type_, FALLBACK_COLOUR),
            **_node_record(ids[node], data, type_),
            **start,
        )
    parallel: Counter[tuple[str, str]] = Counter()
    for number, (source, target, key, data) in enumerate(_edges(graph)):
        pair = (ids[source], ids[target])
        record = _edge_record(f"e{number}", key, data)
        if parallel[pair]:  # curve repeated edges so their labels do not sit on each other
            roundness = 0.2 * parallel[pair]
            record["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": roundness}
        parallel[pair] += 1
        net.add_edge(*pair, **record)
    net.options = _options(graph.number_of_nodes())
    return net


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


def _node_record(node_id: str, data: dict[str, Any], type_: str) -> dict[str, Any]:
    """vis-network node fields plus what the tooltip, search and side panel show."""
    name = _clean(str(data.get("label") or node_id))
    aliases = _split(data.get("aliases"))
    sources = _split(data.get("sources"))
    facts = _facts(data)
    return {
        "label": _shorten(name, LABEL_CHARS),
        "size": _size(data.get("mentions")),
        "title": _node_tip(name, type_, aliases, sources, facts),
        "name": name,
        "nodeType": type_,
        "aliases": aliases,
        "sources": sources,
        "facts": facts,
    }


def _edge_record(edge_id: str, key: Any, data: dict[str, Any]) -> dict[str, Any]:
    """vis-network edge fields plus the evidence the side panel lists.

    No ``title``: the page composes an edge's hover text from these fields
    (``edgeTip`` in graph.js). Edges outnumber nodes and their evidence would
    otherwise be stored twice, which made a 5,000-node page 40 % bigger.
    """
    relation = _clean(str(data.get("relation") or key or ""))
    label = _clean(str(data.get("label") or relation.replace("_", " ")))
    evidence = _clean(str(data.get("evidence") or ""))
    source = _clean(str(data.get("source") or ""))
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
    ]
    return [
        (caption, _clean(str(data[key])))
        for key, caption in captions
        if data.get(key) not in (None, "")
    ]


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
