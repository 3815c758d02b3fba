"""GraphML export: typed attributes Gephi can use, hostile text intact, atomic writes.

Each file is read back twice: with networkx (what a Python user sees) and
with xml.etree (what Gephi sees: the declared key types and the raw text of
every <data> element).
"""

from __future__ import annotations

import errno
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from conftest import xml_clean

from actorgraph.errors import ExportError
from actorgraph.export import export
from actorgraph.export.graphml import write_graphml
from actorgraph.resources import node_types

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
INT_TYPES = {"int", "long"}
NUMERIC_KEYS = {
    "mentions",
    "fatalities",
    "injured",
    "r",
    "g",
    "b",
    "start",
    "end",
    "lat",
    "lon",
    "confidence",
    "size",
}
NODE_REQUIRED = ("id", "label", "type", "aliases", "mentions", "sources", "r", "g", "b")
EDGE_REQUIRED = ("relation", "label", "evidence", "source", "start", "end", "confidence")
# XML 1.0 cannot carry these; everything else (\t, \n, \r included) must survive.


def _read(path: Path) -> nx.MultiDiGraph:
    """The file as networkx reads it, nodes keyed by their "id" attribute
    (GraphML ids are NMTOKENs)."""
    read = nx.read_graphml(path, force_multigraph=True)
    return nx.relabel_nodes(read, {node: data["id"] for node, data in read.nodes(data=True)})


def _write(graph: nx.MultiDiGraph, tmp_path: Path, name: str = "graph.graphml") -> Path:
    path = tmp_path / name
    write_graphml(graph, path)
    return path


def _keys(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(for, attr.name) -> the <key> element's attributes."""
    root = ET.parse(path).getroot()
    return {
        (key.get("for"), key.get("attr.name")): dict(key.attrib)
        for key in root.findall("g:key", NS)
    }


def _leftovers(folder: Path) -> list[str]:
    """Files an interrupted write could leave behind (atomic_path names them .NAME.*.tmp)."""
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp")
    )


def test_export_graphml_nodes_have_label_type_and_colour(small_graph, tmp_path):
    back = _read(_write(small_graph, tmp_path))
    colours = {name: spec["color"].lstrip("#") for name, spec in node_types().items()}
    assert set(back.nodes) == set(small_graph.nodes)
    for node, data in back.nodes(data=True):
        for attr in NODE_REQUIRED:
            assert attr in data, (node, attr)
        assert data["type"] in colours
        rgb = "".join(f"{data[c]:02X}" for c in "rgb")
        assert rgb == colours[data["type"]].upper(), node
        assert isinstance(data["size"], float) and data["size"] > 0


def test_export_graphml_declares_attribute_types(small_graph, tmp_path):
    keys = _keys(_write(small_graph, tmp_path))
    for name in ("r", "g", "b", "mentions", "fatalities", "injured"):
        assert keys["node", name]["attr.type"] in INT_TYPES, name
    for name in ("lat", "lon", "size"):
        assert keys["node", name]["attr.type"] == "double", name
    for name in ("start", "end"):
        assert keys["edge", name]["attr.type"] in INT_TYPES, name
    assert keys["edge", "confidence"]["attr.type"] == "double"
    for name in (
        "id",
        "label",
        "type",
        "aliases",
        "sources",
        "country",
        "event_type",
        "date",
        "summary",
    ):
        assert keys["node", name]["attr.type"] == "string", name
    for name in ("relation", "label", "evidence", "source", "role", "date"):
        assert keys["edge", name]["attr.type"] == "string", name


def test_export_graphml_values_round_trip_with_their_types(small_graph, tmp_path):
    back = _read(_write(small_graph, tmp_path))
    assert back.is_directed()
    for node, data in small_graph.nodes(data=True):
        got = back.nodes[node]
        for key, value in data.items():
            assert got[key] == value, (node, key)
            assert type(got[key]) is type(value), (node, key)
    event = back.nodes["event/peshawar-mosque-suicide-bombing-2023-01-30"]
    assert (event["date"], event["fatalities"], event["injured"]) == ("2023-01-30", 100, 225)
    assert "fatalities" not in back.nodes["event/pakistan-attack-2016-03"]


def test_export_graphml_edges_keep_relation_and_provenance(small_graph, tmp_path):
    back = _read(_write(small_graph, tmp_path))
    assert back.number_of_edges() == small_graph.number_of_edges()
    expected = {(u, v, d["relation"]): d for u, v, d in small_graph.edges(data=True)}
    for u, v, data in back.edges(data=True):
        for attr in EDGE_REQUIRED:
            assert attr in data, (u, v, attr)
        original = expected[u, v, data["relation"]]
        assert data == original
        assert isinstance(data["start"], int) and isinstance(data["end"], int)
        assert isinstance(data["confidence"], float)


def test_export_graphml_has_no_missing_value_placeholders(small_graph, tmp_path):
    """Gephi would import 'None' as a name and fail on an empty number."""
    small_graph.nodes["place/peshawar"]["country"] = None
    small_graph.nodes["event/pakistan-attack-2016-03"]["fatalities"] = None
    small_graph.edges["place/peshawar", "place/pakistan", "located_in"]["role"] = None
    path = _write(small_graph, tmp_path)
    root = ET.parse(path).getroot()
    names = {key.get("id"): key.get("attr.name") for key in root.findall("g:key", NS)}
    data_elements = root.findall(".//g:data", NS)
    assert data_elements
    for element in data_elements:
        text = element.text or ""
        assert text != "None", names[element.get("key")]
        if names[element.get("key")] in NUMERIC_KEYS:
            assert text.strip(), names[element.get("key")]
            float(text)  # parses as a number
    back = _read(path)
    assert "country" not in back.nodes["place/peshawar"]
    assert "fatalities" not in back.nodes["event/pakistan-attack-2016-03"]


def test_export_graphml_is_deterministic(small_graph, tmp_path):
    first = _write(small_graph, tmp_path, "a.graphml").read_bytes()
    second = _write(small_graph, tmp_path, "b.graphml").read_bytes()
    assert first == second


def test_export_graphml_empty_graph_is_valid(tmp_path):
    path = _write(nx.MultiDiGraph(), tmp_path)
    assert ET.parse(path).getroot().tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    assert nx.read_graphml(path).number_of_nodes() == 0


def test_export_graphml_via_export_registry(small_graph, tmp_path):
    path = export(small_graph, tmp_path / "graph.graphml")
    assert nx.read_graphml(path).number_of_nodes() == small_graph.number_of_nodes()


def test_export_graphml_key_ids_are_unique(small_graph, tmp_path):
    root = ET.parse(_write(small_graph, tmp_path)).getroot()
    ids = [key.get("id") for key in root.findall("g:key", NS)]
    assert len(ids) == len(set(ids))


# --- hostile text --------------------------------------------------------------------------


def test_export_graphml_hostile_text_round_trips(hostile_graph, tmp_path):
    path = _write(hostile_graph, tmp_path)
    ET.parse(path)  # well-formed XML despite markup, controls and bidi marks
    back = _read(path)
    assert set(back.nodes) == {xml_clean(str(node)) for node in hostile_graph.nodes}
    for node, data in hostile_graph.nodes(data=True):
        got = back.nodes[xml_clean(node)]
        for key, value in data.items():
            expected = xml_clean(value) if isinstance(value, str) else value
            assert got[key] == expected, (node[:40], key)
    for u, v, data in hostile_graph.edges(data=True):
        (got,) = back.get_edge_data(xml_clean(u), xml_clean(v)).values()
        for key, value in data.items():
            assert got[key] == (xml_clean(value) if isinstance(value, str) else value), key
    assert back.graph["name"] == hostile_graph.graph["name"]


def test_export_graphml_hostile_text_keeps_what_xml_can_carry(
    hostile_graph, hostile_long_name, tmp_path
):
    back = _read(_write(hostile_graph, tmp_path))
    summary = back.nodes["event/evil"]["summary"]
    for kept in (
        "<script>alert(1)</script>",
        "</script>",
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
    assert back.nodes["organization/long"]["label"] == hostile_long_name
    assert len(hostile_long_name) == 10_000
    assert back.nodes["place/evil"]["country"] == "PK"


def test_export_graphml_hostile_markup_is_escaped_in_the_file(
    hostile_graph, hostile_text, tmp_path
):
    raw = _write(hostile_graph, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in raw and "</script" not in raw
    assert "\x01" not in raw and "\x0b" not in raw
    assert hostile_text.startswith("<script>")  # the fixture really is hostile


def test_export_graphml_lone_surrogate_is_dropped(small_graph, tmp_path):
    small_graph.nodes["place/peshawar"]["label"] = "Pesh\ud800awar"
    back = _read(_write(small_graph, tmp_path))
    assert back.nodes["place/peshawar"]["label"] in ("Peshawar", "Pesh\ufffdawar")


# --- failing and atomic writes ---------------------------------------------------------------


def test_export_graphml_parent_is_a_file_raises_export_error(small_graph, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(ExportError) as caught:
        write_graphml(small_graph, blocker / "graph.graphml")
    assert caught.value.hint
    assert blocker.read_text() == "a file where a folder should be"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write into a read-only folder"
)
def test_export_graphml_unwritable_folder_raises_export_error(small_graph, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError):
            write_graphml(small_graph, folder / "graph.graphml")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_export_graphml_temp_file_refused_raises_export_error(small_graph, tmp_path, monkeypatch):
    """The same as an unwritable folder, also when the tests run as root."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError):
        write_graphml(small_graph, tmp_path / "graph.graphml")
    assert list(tmp_path.iterdir()) == []


def test_export_graphml_overwrite_replaces_file_by_rename(small_graph, tmp_path):
    path = tmp_path / "graph.graphml"
    path.write_text("old export")
    old_inode = path.stat().st_ino
    write_graphml(small_graph, path)
    assert nx.read_graphml(path).number_of_nodes() == small_graph.number_of_nodes()
    assert path.stat().st_ino != old_inode  # a new file renamed over it, not rewritten in place
    assert _leftovers(tmp_path) == []


def test_export_graphml_writes_a_name_at_the_file_system_limit(small_graph, tmp_path):
    path = tmp_path / ("é" * 60 + "x" * 122 + ".gold.graphml")  # 255 bytes in UTF-8
    assert len(path.name.encode()) == 255
    write_graphml(small_graph, path)
    assert nx.read_graphml(path).number_of_nodes() == small_graph.number_of_nodes()
    assert _leftovers(tmp_path) == []


def _fail_midway(graph, out, *args, **kwargs):
    """A writer that has written half a file when the disk fills up."""
    out.write(b"<?xml version='1.0'?><graphml><graph><node id='half")
    raise OSError(errno.ENOSPC, "No space left on device")


def test_export_graphml_failed_write_keeps_old_file(small_graph, tmp_path, monkeypatch):
    path = tmp_path / "graph.graphml"
    write_graphml(small_graph, path)
    before = path.read_bytes()
    monkeypatch.setattr(nx, "write_graphml", _fail_midway)
    small_graph.add_node(
        "person/new",
        id="person/new",
        label="New",
        type="Person",
        aliases="",
        mentions=1,
        sources="x",
    )
    with pytest.raises(ExportError):
        write_graphml(small_graph, path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_export_graphml_disk_full_raises_export_error_and_leaves_no_file(
    small_graph, tmp_path, monkeypatch
):
    """A full disk is the user's problem to fix, so an error: line, not a traceback."""
    monkeypatch.setattr(nx, "write_graphml", _fail_midway)
    with pytest.raises(ExportError) as caught:
        write_graphml(small_graph, tmp_path / "graph.graphml")
    assert caught.value.hint
    assert list(tmp_path.iterdir()) == []


def test_export_graphml_target_is_a_folder_raises_export_error(small_graph, tmp_path):
    (tmp_path / "graph.graphml").mkdir()
    with pytest.raises(ExportError):
        write_graphml(small_graph, tmp_path / "graph.graphml")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]
    assert (tmp_path / "graph.graphml").is_dir()


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600)])
def test_export_graphml_file_mode_follows_umask(small_graph, tmp_path, umask, mode):
    """mkstemp makes 0600 files; an export is an ordinary file (a web server may serve it)."""
    old = os.umask(umask)
    try:
        path = _write(small_graph, tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_every_writer_takes_the_one_signature(tmp_path, small_graph):
    """One signature for every registered writer: options meant for another format (the page's
    max_nodes) are ignored, never a TypeError."""
    from actorgraph.export import EXPORTERS, export, file_paths

    for fmt in EXPORTERS:
        path = tmp_path / f"graph.{fmt}"
        export(small_graph, path, fmt, max_nodes=50)
        assert all(p.is_file() for p in file_paths(path, fmt).values())


# --- time: the days a dated event covers ------------------------------------------------------


def test_export_graphml_dated_events_carry_their_interval(small_graph, tmp_path):
    small_graph.nodes["place/peshawar"]["date"] = "2014"  # any dated node, whatever its type
    path = _write(small_graph, tmp_path)
    keys = _keys(path)
    assert keys["node", "date_start"]["attr.type"] == "string"
    assert keys["node", "date_end"]["attr.type"] == "string"
    assert ("edge", "date_start") not in keys  # an edge's own date is kept as written only
    back = _read(path)
    intervals = {
        node: (data["date_start"], data["date_end"])
        for node, data in back.nodes(data=True)
        if "date_start" in data or "date_end" in data
    }
    assert intervals == {
        "event/peshawar-mosque-suicide-bombing-2023-01-30": ("2023-01-30", "2023-01-30"),
        "event/pakistan-attack-2016-03": ("2016-03-01", "2016-03-31"),
        "place/peshawar": ("2014-01-01", "2014-12-31"),
    }


@pytest.mark.parametrize("date", ["2023-02-29", "2016-00", "2014-W05", "<b>2014</b>", "2014\x01"])
def test_export_graphml_unreadable_dates_get_no_interval(small_graph, tmp_path, date):
    event = "event/pakistan-attack-2016-03"
    small_graph.nodes[event].update(date=date, date_start="2016-03-01", date_end="2016-03-31")
    back = _read(_write(small_graph, tmp_path)).nodes[event]
    assert "date_start" not in back and "date_end" not in back  # no stale interval either
    assert back["date"] == xml_clean(date)


def test_export_graphml_read_back_graph_exports_the_same_interval(small_graph, tmp_path):
    """A graph read back from GraphML (date_start already there) writes the same values."""
    first = _write(small_graph, tmp_path, "a.graphml")
    again = _read(first)
    second = _read(_write(again, tmp_path, "b.graphml"))
    for node, data in _read(first).nodes(data=True):
        assert (second.nodes[node].get("date_start"), second.nodes[node].get("date_end")) == (
            data.get("date_start"),
            data.get("date_end"),
        )
