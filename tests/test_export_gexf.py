"""GEXF 1.3 export: what Gephi reads (labels, colours, sizes, typed attributes, parallel edges).

Each file is read back with lxml as plain XML, the way Gephi's importer sees
it: declared attribute types, attvalues, viz elements. Schema validation and
the independent readers (graphology) are in test_schemas.py.
"""

from __future__ import annotations

import errno
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import xml_clean
from lxml import etree

from actorgraph.errors import ExportError
from actorgraph.export import export, format_for, gexf
from actorgraph.export.gexf import GEXF_NS, VIZ_NS, write_gexf
from actorgraph.resources import node_types

NS = {"g": GEXF_NS, "viz": VIZ_NS}
CASTS = {"integer": int, "double": float, "string": str}
MOSQUE = "event/peshawar-mosque-suicide-bombing-2023-01-30"
MONTH_EVENT = "event/pakistan-attack-2016-03"
# The days the dated events of small_graph cover, as every export writes them.
INTERVALS = {
    MOSQUE: {"date_start": "2023-01-30", "date_end": "2023-01-30"},
    MONTH_EVENT: {"date_start": "2016-03-01", "date_end": "2016-03-31"},
}


def _write(graph: nx.MultiDiGraph, tmp_path: Path, name: str = "graph.gexf") -> Path:
    path = tmp_path / name
    write_gexf(graph, path)
    return path


def _declared(root: etree._Element, cls: str) -> dict[str, tuple[str, str]]:
    """attribute id -> (title, type) for one class."""
    (block,) = root.findall(f"g:graph/g:attributes[@class='{cls}']", NS)
    return {a.get("id"): (a.get("title"), a.get("type")) for a in block.findall("g:attribute", NS)}


def _values(element: etree._Element, declared: dict[str, tuple[str, str]]) -> dict[str, Any]:
    values = {}
    for attvalue in element.findall("g:attvalues/g:attvalue", NS):
        title, kind = declared[attvalue.get("for")]
        values[title] = CASTS[kind](attvalue.get("value"))
    return values


def _time(element: etree._Element) -> tuple[str, str] | None:
    """An element's (start, end) on the timeline; None when it has neither (always present)."""
    start, end = element.get("start"), element.get("end")
    assert (start is None) == (end is None), "start and end come together"
    return None if start is None else (start, end)


def _read(path: Path) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], etree._Element]:
    """(nodes by id, edges in file order, root), each with its attvalues typed and viz data."""
    root = etree.parse(str(path)).getroot()
    node_decl, edge_decl = _declared(root, "node"), _declared(root, "edge")
    nodes = {}
    for node in root.findall("g:graph/g:nodes/g:node", NS):
        data = _values(node, node_decl)
        colour = node.find("viz:color", NS)
        data.update(
            _label=node.get("label"),
            _rgb=tuple(int(colour.get(c)) for c in "rgb"),
            _size=float(node.find("viz:size", NS).get("value")),
            _time=_time(node),
        )
        nodes[node.get("id")] = data
    edges = []
    for edge in root.findall("g:graph/g:edges/g:edge", NS):
        data = _values(edge, edge_decl)
        data.update(
            {
                f"_{k}": edge.get(k)
                for k in ("id", "source", "target", "label", "kind", "weight", "type")
            }
        )
        data["_time"] = _time(edge)
        edges.append(data)
    return nodes, edges, root


def test_export_gexf_root_is_gexf_1_3_dynamic_directed(small_graph, tmp_path):
    root = etree.parse(str(_write(small_graph, tmp_path))).getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    assert root.nsmap["viz"] == VIZ_NS
    (graph,) = root.findall("g:graph", NS)
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == (
        "dynamic",
        "date",
        "directed",
    )
    assert root.find("g:meta/g:creator", NS).text == "actorgraph"


def test_export_gexf_declares_attribute_types(small_graph, tmp_path):
    root = etree.parse(str(_write(small_graph, tmp_path))).getroot()
    nodes = dict(_declared(root, "node").values())
    edges = dict(_declared(root, "edge").values())
    assert {k: nodes[k] for k in ("mentions", "fatalities", "injured")} == dict.fromkeys(
        ("mentions", "fatalities", "injured"), "integer"
    )
    assert (nodes["lat"], nodes["lon"]) == ("double", "double")
    for name in (
        "type",
        "aliases",
        "sources",
        "country",
        "event_type",
        "date",
        "date_start",
        "date_end",
        "summary",
    ):
        assert nodes[name] == "string", name
    assert (edges["start"], edges["end"], edges["confidence"]) == ("integer", "integer", "double")
    for name in ("relation", "evidence", "source", "role", "date", "sources", "provenance"):
        assert edges[name] == "string", name
    assert "label" not in nodes and "id" not in nodes  # carried by the <node> itself


def test_export_gexf_nodes_have_label_colour_and_size(small_graph, tmp_path):
    nodes, _, _ = _read(_write(small_graph, tmp_path))
    colours = {name: spec["color"].lstrip("#").upper() for name, spec in node_types().items()}
    assert set(nodes) == set(small_graph.nodes)
    for node, data in small_graph.nodes(data=True):
        got = nodes[node]
        assert got["_label"] == data["label"]
        assert "".join(f"{c:02X}" for c in got["_rgb"]) == colours[data["type"]], node
    sizes = sorted(
        (data["mentions"], nodes[node]["_size"]) for node, data in small_graph.nodes(data=True)
    )
    assert all(a[1] < b[1] for a, b in zip(sizes, sizes[1:]) if a[0] < b[0])  # grows with mentions
    assert sizes[0][1] > 0


def test_export_gexf_values_round_trip_with_their_types(small_graph, tmp_path):
    nodes, _, _ = _read(_write(small_graph, tmp_path))
    for node, data in small_graph.nodes(data=True):
        got = {k: v for k, v in nodes[node].items() if not k.startswith("_")}
        expected = {k: v for k, v in data.items() if k not in ("id", "label")}
        expected.update(INTERVALS.get(node, {}))
        assert got == expected, node
        for key, value in expected.items():
            assert type(got[key]) is type(value), (node, key)
    assert "fatalities" not in nodes["event/pakistan-attack-2016-03"]


def test_export_gexf_edges_keep_relation_weight_and_provenance(small_graph, tmp_path):
    _, edges, _ = _read(_write(small_graph, tmp_path))
    assert len(edges) == small_graph.number_of_edges()
    assert len({edge["_id"] for edge in edges}) == len(edges)
    expected = {(u, v, d["relation"]): d for u, v, d in small_graph.edges(data=True)}
    for edge in edges:
        original = expected[edge["_source"], edge["_target"], edge["relation"]]
        assert edge["_label"] == original["label"]
        assert edge["_kind"] == original["relation"]
        assert float(edge["_weight"]) == original["confidence"]
        assert edge["_type"] == "directed"
        got = {k: v for k, v in edge.items() if not k.startswith("_")}
        # the document as a person cites it; the graph has no headline for it, so its id
        assert got.pop("document_title") == original["source"]
        assert got == {k: v for k, v in original.items() if k != "label"}


def test_export_gexf_parallel_edges_stay_apart(small_graph, tmp_path):
    """Gephi merges parallel edges of one kind; two relations on one pair must keep two kinds."""
    small_graph.add_edge(
        "place/peshawar",
        "place/pakistan",
        key="borders",
        relation="borders",
        label="borders",
        evidence="x",
        source="d",
        start=0,
        end=1,
        confidence=0.5,
    )
    _, edges, _ = _read(_write(small_graph, tmp_path))
    pair = [
        e for e in edges if (e["_source"], e["_target"]) == ("place/peshawar", "place/pakistan")
    ]
    assert sorted(e["_kind"] for e in pair) == ["borders", "located_in"]


def test_export_gexf_has_no_missing_value_placeholders(small_graph, tmp_path):
    small_graph.nodes["place/peshawar"]["country"] = None
    small_graph.nodes["place/pakistan"]["lat"] = float("nan")
    small_graph.nodes["event/pakistan-attack-2016-03"]["fatalities"] = "unknown"
    small_graph.edges["place/peshawar", "place/pakistan", "located_in"]["role"] = None
    nodes, edges, root = _read(_write(small_graph, tmp_path))
    assert "country" not in nodes["place/peshawar"]
    assert "lat" not in nodes["place/pakistan"] and nodes["place/pakistan"]["lon"] == 70.0
    assert "fatalities" not in nodes["event/pakistan-attack-2016-03"]
    assert all("role" not in e for e in edges if e["relation"] == "located_in")
    for attvalue in root.iter(f"{{{GEXF_NS}}}attvalue"):
        assert attvalue.get("value") not in ("None", "nan", "NaN")


def test_export_gexf_unknown_attributes_are_kept_as_strings(small_graph, tmp_path):
    small_graph.nodes["place/peshawar"]["population"] = 2_000_000
    nodes, _, root = _read(_write(small_graph, tmp_path))
    assert ("population", "string") in _declared(root, "node").values()
    assert nodes["place/peshawar"]["population"] == "2000000"


def test_export_gexf_is_deterministic(small_graph, tmp_path):
    assert (
        _write(small_graph, tmp_path, "a.gexf").read_bytes()
        == _write(small_graph, tmp_path, "b.gexf").read_bytes()
    )


def test_export_gexf_empty_graph_is_valid(tmp_path):
    nodes, edges, root = _read(_write(nx.MultiDiGraph(), tmp_path))
    assert nodes == {} and edges == []
    assert root.find("g:graph/g:nodes", NS).get("count") == "0"


def test_export_gexf_via_export_registry(small_graph, tmp_path):
    assert format_for(tmp_path / "graph.gexf") == "gexf"
    nodes, _, _ = _read(export(small_graph, tmp_path / "graph.gexf"))
    assert len(nodes) == small_graph.number_of_nodes()


# --- hostile text --------------------------------------------------------------------------


def test_export_gexf_hostile_text_round_trips(hostile_graph, tmp_path):
    nodes, edges, root = _read(_write(hostile_graph, tmp_path))
    assert set(nodes) == {xml_clean(node) for node in hostile_graph.nodes}
    for node, data in hostile_graph.nodes(data=True):
        got = nodes[xml_clean(node)]
        assert got["_label"] == xml_clean(data["label"])
        for key, value in data.items():
            if key not in ("id", "label"):
                assert got[key] == (xml_clean(value) if isinstance(value, str) else value), key
    by_relation = {e["relation"]: e for e in edges}
    for u, v, data in hostile_graph.edges(data=True):
        got = by_relation[data["relation"]]
        assert (got["_source"], got["_target"]) == (xml_clean(u), xml_clean(v))
        for key, value in data.items():
            if key != "label":
                assert got[key] == (xml_clean(value) if isinstance(value, str) else value), key
    assert root.find("g:meta/g:description", NS).text == hostile_graph.graph["name"]


def test_export_gexf_hostile_text_keeps_what_xml_can_carry(
    hostile_graph, hostile_long_name, tmp_path
):
    nodes, _, _ = _read(_write(hostile_graph, tmp_path))
    summary = nodes["event/evil"]["summary"]
    for kept in (
        "<script>alert(1)</script>",
        "'",
        '"',
        "&amp;",
        "\n",
        "\t",
        "\r\n",
        "\u202e",
        "Peshāwar",
        "تحریک طالبان",
    ):
        assert kept in summary, repr(kept)
    assert "\x01" not in summary and "\x0b" not in summary
    assert nodes["organization/long"]["_label"] == hostile_long_name
    assert nodes["place/evil"]["country"] == "PK"


def test_export_gexf_hostile_markup_is_escaped_in_the_file(hostile_graph, tmp_path):
    raw = _write(hostile_graph, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in raw and "</script" not in raw
    assert "\x01" not in raw and "\x0b" not in raw


def test_export_gexf_lone_surrogate_is_dropped(small_graph, tmp_path):
    small_graph.nodes["place/peshawar"]["label"] = "Pesh\ud800awar"
    nodes, _, _ = _read(_write(small_graph, tmp_path))
    assert nodes["place/peshawar"]["_label"] == "Peshawar"


def test_export_gexf_ids_equal_after_cleaning_raise_export_error(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("person/a\x01", label="A", type="Person")
    graph.add_node("person/a", label="A", type="Person")
    with pytest.raises(ExportError) as caught:
        write_gexf(graph, tmp_path / "graph.gexf")
    assert caught.value.hint
    assert list(tmp_path.iterdir()) == []


# --- failing writes ----------------------------------------------------------------------------


def test_export_gexf_parent_is_a_file_raises_export_error(small_graph, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    with pytest.raises(ExportError):
        write_gexf(small_graph, blocker / "graph.gexf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_export_gexf_disk_full_keeps_old_file(small_graph, tmp_path, monkeypatch):
    path = _write(small_graph, tmp_path)
    before = path.read_bytes()

    def full(graph, outs, readings=None):
        outs["gexf"].write(b"<?xml version='1.0'?><gexf><graph><nodes><node id='half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(gexf, "write", full)  # the registered writer, looked up at each write
    with pytest.raises(ExportError) as caught:
        write_gexf(small_graph, path)
    assert "No space left" in caught.value.message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.gexf"]


def test_export_gexf_sizes_are_finite_for_odd_mentions(small_graph, tmp_path):
    small_graph.nodes["place/peshawar"]["mentions"] = None
    small_graph.nodes["place/pakistan"].pop("mentions")
    nodes, _, _ = _read(_write(small_graph, tmp_path))
    assert math.isfinite(nodes["place/peshawar"]["_size"]) and nodes["place/pakistan"]["_size"] > 0


# --- time: dynamic mode, intervals on dated events and their edges ----------------------------


def test_export_gexf_dated_events_carry_their_interval(small_graph, tmp_path):
    nodes, _, root = _read(_write(small_graph, tmp_path))
    assert nodes[MOSQUE]["_time"] == ("2023-01-30", "2023-01-30")
    assert nodes[MONTH_EVENT]["_time"] == ("2016-03-01", "2016-03-31")
    for node, data in nodes.items():
        if node not in INTERVALS:
            assert data["_time"] is None, node  # undated: always present
            assert "date_start" not in data and "date_end" not in data
    (graph,) = root.findall("g:graph", NS)
    assert (graph.get("start"), graph.get("end")) == ("2016-03-01", "2023-01-30")


def test_export_gexf_edges_attached_to_an_event_carry_its_interval(small_graph, tmp_path):
    small_graph.add_edge(
        "organization/jamaat-ul-ahrar",
        MONTH_EVENT,
        key="perpetrated",
        relation="perpetrated",
        evidence="x",
        source="d",
        start=0,
        end=1,
        confidence=0.5,
    )
    _, edges, _ = _read(_write(small_graph, tmp_path))
    times = {edge["relation"]: edge["_time"] for edge in edges}
    assert times["claimed_responsibility"] == ("2023-01-30", "2023-01-30")  # actor -> event
    assert times["occurred_in"] == ("2023-01-30", "2023-01-30")  # event -> place
    assert times["perpetrated"] == ("2016-03-01", "2016-03-31")
    # Not attached to an event: always present, even with a date of its own (holds_position).
    for relation in ("part_of", "leader_of", "holds_position", "located_in"):
        assert times[relation] is None, relation


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2023-01", "2023-01-30", ("2023-01-30", "2023-01-30")),
        ("2014", "2014-02", ("2014-02-01", "2014-02-28")),
        ("2023-01", "2023-02", None),  # never both present: the nodes' own times decide
    ],
)
def test_export_gexf_edge_between_dated_events_gets_the_days_they_share(
    tmp_path, first, second, expected
):
    graph = nx.MultiDiGraph()
    graph.add_node("event/a", label="A", type="Event", date=first)
    graph.add_node("event/b", label="B", type="Event", date=second)
    graph.add_edge("event/a", "event/b", key="targeted", relation="targeted", confidence=0.5)
    _, (edge,), _ = _read(_write(graph, tmp_path))
    assert edge["_time"] == expected


@pytest.mark.parametrize(
    ("date", "interval"),
    [
        ("2014", ("2014-01-01", "2014-12-31")),
        ("2024-02", ("2024-02-01", "2024-02-29")),  # leap year
        ("1900-02", ("1900-02-01", "1900-02-28")),  # not a leap year
        (" 2016-03 ", ("2016-03-01", "2016-03-31")),
        ("2023-02-30", None),
        ("2016-13", None),
        ("0000", None),
        ("２０１４", None),  # fullwidth digits are not ISO 8601
        ("2023-01-30T10:00", None),
        ("last year", None),
        ("<script>2014</script>", None),
        ("2014\x01", None),
        ("", None),
    ],
)
def test_export_gexf_hostile_dates_get_an_interval_only_when_real(
    small_graph, tmp_path, date, interval
):
    small_graph.nodes[MONTH_EVENT]["date"] = date
    small_graph.nodes[MONTH_EVENT]["date_start"] = "1999-01-01"  # stale: never survives
    nodes, edges, root = _read(_write(small_graph, tmp_path))
    got = nodes[MONTH_EVENT]
    assert got["_time"] == interval
    if interval is None:
        assert "date_start" not in got and "date_end" not in got
    else:
        assert (got["date_start"], got["date_end"]) == interval
    assert got.get("date", "") == xml_clean(date)  # the date as written is kept, whatever it is
    assert _schema().validate(root.getroottree()), _schema().error_log


def test_export_gexf_without_dates_has_no_timeline_bounds(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("place/peshawar", label="Peshawar", type="Place")
    nodes, _, root = _read(_write(graph, tmp_path))
    (element,) = root.findall("g:graph", NS)
    assert element.get("start") is None and element.get("end") is None
    assert nodes["place/peshawar"]["_time"] is None


@pytest.mark.model
def test_export_gexf_seed_build_plays_on_the_timeline(seed_build, seed_out):
    """The seed article dates events to a day, a month and a year; each gets its days."""
    nodes, edges, _ = _read(seed_out / "graph.gexf")
    events = {key: data for key, data in nodes.items() if data.get("type") == "Event"}
    precisions = {len(data["date"]) for data in events.values() if "date" in data}
    assert precisions == {4, 7, 10}, "the seed dates events to a year, a month and a day"
    for key, data in events.items():
        if "date" not in data:
            continue
        start, end = data["_time"]
        assert (data["date_start"], data["date_end"]) == (start, end)
        assert start.startswith(data["date"]) and end.startswith(data["date"]), key
        assert len(start) == len(end) == 10 and start <= end
    for edge in edges:
        ends = [events.get(edge["_source"]), events.get(edge["_target"])]
        dated = [data["_time"] for data in ends if data and data.get("_time")]
        if not dated:
            assert edge["_time"] is None, edge["relation"]
        elif len(dated) == 1:
            assert edge["_time"] == dated[0], edge["relation"]


def _schema() -> etree.XMLSchema:
    """The GEXF 1.3 schema shipped in graph/schemas/gexf (local files only)."""
    path = Path(__file__).resolve().parents[1] / "graph" / "schemas" / "gexf" / "gexf.xsd"
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(path), parser))
