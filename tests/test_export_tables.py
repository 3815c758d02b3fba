"""Gephi spreadsheet tables: two files per export, valid CSV, no formula injection, atomic
writes."""

from __future__ import annotations

import csv
import errno
from pathlib import Path

import networkx as nx
import pytest
from conftest import xml_clean

import actorgraph.export.tables as tables
from actorgraph.errors import ExportError
from actorgraph.export import DEFAULT_FORMATS, export, format_for
from actorgraph.export.tables import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    guard_formula,
    table_paths,
    write_tables,
)


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _unguard(cell: str) -> str:
    """What the writer was given, for a cell the formula guard may have prefixed."""
    return (
        cell[1:]
        if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r", "\n")
        else cell
    )


def _write(graph: nx.MultiDiGraph, tmp_path: Path) -> tuple[list[dict], list[dict]]:
    write_tables(graph, tmp_path / "graph.csv")
    return _read(tmp_path / "graph.nodes.csv"), _read(tmp_path / "graph.edges.csv")


@pytest.mark.parametrize(
    "given,nodes,edges",
    [
        ("out/graph.csv", "out/graph.nodes.csv", "out/graph.edges.csv"),
        ("out/graph.nodes.csv", "out/graph.nodes.csv", "out/graph.edges.csv"),
        ("out/graph.edges.csv", "out/graph.nodes.csv", "out/graph.edges.csv"),
        ("out/my.data.CSV", "out/my.data.nodes.csv", "out/my.data.edges.csv"),
        ("out/tables", "out/tables.nodes.csv", "out/tables.edges.csv"),
    ],
)
def test_export_tables_paths_name_one_pair(given, nodes, edges):
    assert table_paths(Path(given)) == (Path(nodes), Path(edges))


def test_export_tables_writes_two_files_with_gephi_headers(small_graph, tmp_path):
    write_tables(small_graph, tmp_path / "graph.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.edges.csv", "graph.nodes.csv"]
    raw_nodes = (tmp_path / "graph.nodes.csv").read_bytes()
    assert raw_nodes.startswith(b"Id,Label,Type,")  # no BOM: Gephi would not recognise "Id"
    assert raw_nodes.split(b"\r\n")[0].decode() == ",".join(NODE_COLUMNS)
    assert (tmp_path / "graph.edges.csv").read_bytes().split(b"\r\n")[0].decode() == ",".join(
        EDGE_COLUMNS
    )
    assert EDGE_COLUMNS[:5] == ("Source", "Target", "Type", "Label", "Weight")
    # Gephi matches its column names case-insensitively: nothing may shadow Source or Target.
    lowered = [c.lower() for c in EDGE_COLUMNS]
    assert lowered.count("source") == 1 and lowered.count("target") == 1


def test_export_tables_rows_carry_every_attribute(small_graph, tmp_path):
    nodes, edges = _write(small_graph, tmp_path)
    assert [row["Id"] for row in nodes] == list(small_graph.nodes)
    by_id = {row["Id"]: row for row in nodes}
    for node, data in small_graph.nodes(data=True):
        row = by_id[node]
        assert (row["Label"], row["Type"]) == (data["label"], data["type"])
        for column in NODE_COLUMNS[3:]:
            expected = {**data, **INTERVALS.get(node, {})}.get(column)
            assert row[column] == ("" if expected is None else str(expected)), (node, column)
    assert by_id["place/peshawar"]["lat"] == "34.008"
    assert by_id["event/pakistan-attack-2016-03"]["fatalities"] == ""
    assert len(edges) == small_graph.number_of_edges()
    expected = {(u, v, d["relation"]): d for u, v, d in small_graph.edges(data=True)}
    for row in edges:
        data = expected[row["Source"], row["Target"], row["relation"]]
        assert (row["Type"], row["Label"]) == ("Directed", data["label"])
        assert float(row["Weight"]) == float(row["confidence"]) == data["confidence"]
        assert row["document"] == data["source"] and row["evidence"] == data["evidence"]
        assert (int(row["start"]), int(row["end"])) == (data["start"], data["end"])
        assert row["role"] == data.get("role", "") and row["date"] == data.get("date", "")


def test_export_tables_provenance_columns(small_graph, tmp_path):
    small_graph.edges["place/peshawar", "place/pakistan", "located_in"].update(
        sources="a.txt|b.txt", provenance='[{"source": "a.txt", "evidence": "x, \\"y\\""}]'
    )
    _, edges = _write(small_graph, tmp_path)
    (row,) = [r for r in edges if r["relation"] == "located_in"]
    assert row["sources"] == "a.txt|b.txt"
    assert row["provenance"] == '[{"source": "a.txt", "evidence": "x, \\"y\\""}]'


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=cmd|' /C calc'!A0",
    ],
)
def test_export_tables_formula_cells_are_neutralised(small_graph, tmp_path, text):
    small_graph.nodes["place/peshawar"]["label"] = text
    small_graph.edges["place/peshawar", "place/pakistan", "located_in"]["evidence"] = text
    nodes, edges = _write(small_graph, tmp_path)
    (node,) = [r for r in nodes if r["Id"] == "place/peshawar"]
    (edge,) = [r for r in edges if r["relation"] == "located_in"]
    assert node["Label"] == "'" + text and edge["evidence"] == "'" + text
    assert guard_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["Peshawar", "'quoted'", "a=b", "1-2", " =x", ""])
def test_export_tables_ordinary_text_is_untouched(text):
    assert guard_formula(text) == text


def test_export_tables_numbers_are_not_guarded(small_graph, tmp_path):
    """A negative longitude is a number, not a formula; Gephi must still read it as one."""
    small_graph.nodes["place/peshawar"]["lon"] = -71.578
    nodes, _ = _write(small_graph, tmp_path)
    (row,) = [r for r in nodes if r["Id"] == "place/peshawar"]
    assert row["lon"] == "-71.578"


def test_export_tables_newlines_stay_inside_quoted_cells(small_graph, tmp_path):
    small_graph.nodes["place/peshawar"]["label"] = 'line one\nline two, "quoted"\r\nthree'
    nodes, _ = _write(small_graph, tmp_path)
    assert len(nodes) == small_graph.number_of_nodes()
    (row,) = [r for r in nodes if r["Id"] == "place/peshawar"]
    assert row["Label"] == 'line one\nline two, "quoted"\r\nthree'
    assert row["lat"] == "34.008"  # later cells of the row are where they belong


def test_export_tables_hostile_text_round_trips(hostile_graph, hostile_long_name, tmp_path):
    nodes, edges = _write(hostile_graph, tmp_path)
    assert [row["Id"] for row in nodes] == [xml_clean(n) for n in hostile_graph.nodes]
    for row, (_node, data) in zip(nodes, hostile_graph.nodes(data=True)):
        assert _unguard(row["Label"]) == xml_clean(data["label"])
        for column in ("aliases", "sources", "country", "summary", "event_type", "date"):
            if column in data:
                assert _unguard(row[column]) == xml_clean(str(data[column])), column
    assert any(row["Label"] == hostile_long_name for row in nodes)
    for row, (u, v, data) in zip(edges, hostile_graph.edges(data=True)):
        assert (row["Source"], row["Target"]) == (xml_clean(u), xml_clean(v))
        assert _unguard(row["evidence"]) == xml_clean(data["evidence"])
        assert row["role"] == xml_clean(data.get("role", ""))
    raw = (tmp_path / "graph.nodes.csv").read_text(encoding="utf-8")
    assert "\x01" not in raw and "\x0b" not in raw


def test_export_tables_empty_graph_has_headers_only(tmp_path):
    nodes, edges = _write(nx.MultiDiGraph(), tmp_path)
    assert nodes == [] and edges == []
    assert (tmp_path / "graph.nodes.csv").read_bytes() == (",".join(NODE_COLUMNS) + "\r\n").encode()


def test_export_tables_is_deterministic(small_graph, tmp_path):
    write_tables(small_graph, tmp_path / "a.csv")
    write_tables(small_graph, tmp_path / "b.csv")
    for part in ("nodes", "edges"):
        assert (tmp_path / f"a.{part}.csv").read_bytes() == (
            tmp_path / f"b.{part}.csv"
        ).read_bytes()


# --- registry and build ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("graph.csv", "csv"),
        ("graph.nodes.csv", "nodes.csv"),
        ("graph.edges.csv", "edges.csv"),
        ("my.data.csv", "csv"),
        ("graph.gexf", "gexf"),
        ("graph.GraphML", "graphml"),
    ],
)
def test_export_tables_format_for_two_part_suffixes(name, fmt):
    assert format_for(Path(name)) == fmt


def test_export_tables_build_writes_both_tables_and_gexf():
    assert {"gexf", "nodes.csv", "edges.csv"} <= set(DEFAULT_FORMATS)


def test_export_tables_registry_writes_pair_or_one(small_graph, tmp_path):
    export(small_graph, tmp_path / "pair" / "graph.csv")
    assert sorted(p.name for p in (tmp_path / "pair").iterdir()) == [
        "graph.edges.csv",
        "graph.nodes.csv",
    ]
    export(small_graph, tmp_path / "one" / "graph.nodes.csv", "nodes.csv")
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["graph.nodes.csv"]
    export(small_graph, tmp_path / "one" / "graph.edges.csv")
    assert len(_read(tmp_path / "one" / "graph.edges.csv")) == small_graph.number_of_edges()


# --- failing writes -------------------------------------------------------------------------------


def test_export_tables_failure_keeps_previous_pair(small_graph, tmp_path, monkeypatch):
    write_tables(small_graph, tmp_path / "graph.csv")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = tables._write_csv
    calls = []

    def fail_second(out, header, rows):
        calls.append(out)
        if len(calls) == 2:  # the nodes table is complete, the edges table fills the disk
            out.write("Source,Target\r\nhalf")
            raise OSError(errno.ENOSPC, "No space left on device")
        real(out, header, rows)

    monkeypatch.setattr(tables, "_write_csv", fail_second)
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
        write_tables(small_graph, tmp_path / "graph.csv")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temp files left


def test_export_tables_parent_is_a_file_raises_export_error(small_graph, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    with pytest.raises(ExportError) as caught:
        write_tables(small_graph, blocker / "graph.csv")
    assert caught.value.hint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


# --- time: the days a dated event covers ------------------------------------------------------

# The days the dated events of small_graph cover.
INTERVALS = {
    "event/peshawar-mosque-suicide-bombing-2023-01-30": {
        "date_start": "2023-01-30",
        "date_end": "2023-01-30",
    },
    "event/pakistan-attack-2016-03": {"date_start": "2016-03-01", "date_end": "2016-03-31"},
}


def test_export_tables_interval_columns_follow_the_date(small_graph, tmp_path):
    position = NODE_COLUMNS.index("date")
    assert NODE_COLUMNS[position : position + 3] == ("date", "date_start", "date_end")
    assert "date_start" not in EDGE_COLUMNS  # an edge's own date is kept as written
    nodes, _ = _write(small_graph, tmp_path)
    by_id = {row["Id"]: row for row in nodes}
    for node, row in by_id.items():
        expected = INTERVALS.get(node, {"date_start": "", "date_end": ""})
        assert (row["date_start"], row["date_end"]) == tuple(expected.values()), node


def test_export_tables_range_filter_keeps_month_and_year_dated_events(small_graph, tmp_path):
    """What a spreadsheet filter on a range does: compare the interval, not the date as
    written, which drops an event dated only to a month ("2016-03" < "2016-03-10")."""
    small_graph.nodes["event/pakistan-attack-2016-03"]["date"] = "2016"
    nodes, _ = _write(small_graph, tmp_path)
    low, high = "2016-03-10", "2016-03-20"
    overlapping = {
        row["Id"]
        for row in nodes
        if row["date_start"] and row["date_start"] <= high and row["date_end"] >= low
    }
    naive = {row["Id"] for row in nodes if row["date"] and low <= row["date"] <= high}
    assert overlapping == {"event/pakistan-attack-2016-03"}
    assert naive == set()


@pytest.mark.parametrize("date", ["2023-02-29", "=2014", "-2014", "14 March 2016", "2016-3"])
def test_export_tables_unreadable_dates_get_no_interval(small_graph, tmp_path, date):
    small_graph.nodes["event/pakistan-attack-2016-03"]["date"] = date
    nodes, _ = _write(small_graph, tmp_path)
    (row,) = [r for r in nodes if r["Id"] == "event/pakistan-attack-2016-03"]
    assert (row["date_start"], row["date_end"]) == ("", "")
    assert _unguard(row["date"]) == date


def test_export_tables_list_a_nodes_corrections(small_graph, tmp_path):
    from actorgraph.graph import note_correction

    note_correction(small_graph, "retype: Peshawar -> Place (was Person)", ["place/peshawar"])
    note_correction(small_graph, 'rename: "Peshwar" -> Peshawar, a typo', ["place/peshawar"])
    nodes, _ = _write(small_graph, tmp_path)
    by_id = {row["Id"]: row for row in nodes}
    assert by_id["place/peshawar"]["corrections"] == (
        'retype: Peshawar -> Place (was Person)|rename: "Peshwar" -> Peshawar, a typo'
    )
    assert all(row["corrections"] == "" for row in nodes if row["Id"] != "place/peshawar")


def test_export_tables_edges_cite_their_document_by_headline(small_graph, tmp_path):
    document = next(iter(small_graph.edges(data=True)))[2]["source"]
    small_graph.graph["articles"] = (
        {"source": document, "title": "=Blast kills 12", "publisher": "Dawn", "published": ""},
    )
    _, edges = _write(small_graph, tmp_path)
    cited = {row["document_title"] for row in edges if row["document"] == document}
    assert cited == {"'=Blast kills 12 — Dawn"}  # a formula-looking headline stays text
