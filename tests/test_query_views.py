"""The named queries' answers stored at load (``query.views``): the same answers as the engine,
in the same order, only for the very query text that was run, and gone with their data."""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import networkx as nx
import pytest
from conftest import rounded

from actorgraph.export.rdf import write_turtle
from actorgraph.query import (
    disk,
    load_store_dir,
    named_queries,
    open_store_dir,
    query_text,
    read_manifest,
    result_task,
    run_query,
    view_key,
)
from actorgraph.query.pool import QueryPool
from actorgraph.query.server import RESULT_FORMATS, SparqlServer, serve

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
NAMES = sorted(named_queries())


def _engine_answer(store: Path, text: str):
    """The answer computed by the engine on the store's data, the views left aside."""
    with QueryPool(store, store=True, workers=1) as pool:
        return pool.run(result_task, text)


def _views_folder(store: Path) -> Path:
    return store / read_manifest(store).views


def test_views_key_ignores_line_endings_and_outer_space_only() -> None:
    text = 'SELECT ?x\nWHERE { ?x ?p "a  b" }'
    assert view_key(text) == view_key("\n  " + text.replace("\n", "\r\n") + " \n")
    assert view_key(text) != view_key(text.replace("\n", " "))
    assert view_key(text) != view_key(text.replace("a  b", "a b"))  # inside a literal it counts


def test_views_are_written_for_every_named_select(store_dir: Path) -> None:
    info = read_manifest(store_dir)
    assert info.views == disk.VIEWS_PREFIX + info.generation
    source, held = open_store_dir(store_dir)
    with held:
        views = source.views()
    assert sorted(view.name for view in views.values()) == NAMES
    for view in views.values():
        text = query_text(view.name)
        assert view.key == view_key(text)
        assert view.rows == len(_engine_answer(store_dir, text).rows)


@pytest.mark.parametrize("name", NAMES)
def test_views_answer_as_the_engine_in_its_order(store_dir: Path, name: str) -> None:
    """Row for row and in the same order (the named queries sort): what ORDER BY gave at load."""
    text = query_text(name)
    stored = run_query(store_dir, name, store=True)
    computed = _engine_answer(store_dir, text)
    assert stored.columns == computed.columns
    assert [rounded(row) for row in stored.rows] == [rounded(row) for row in computed.rows]


def test_views_answer_only_the_text_that_was_run(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named query edited after the load (here: one more comment line) runs on the engine;
    the stored answer is not used, which a tampered view shows."""
    source, held = open_store_dir(store_dir)
    with held:
        view = source.views()[view_key(query_text("factions"))]
    view.path("csv").write_text("group,parent\nTampered,Answer\n", encoding="utf-8")
    assert run_query(store_dir, "factions", store=True).rows == [["Tampered", "Answer"]]
    edited = "# edited after the load\n" + query_text("factions")
    rows = run_query(store_dir, edited, store=True).rows
    assert rows and ["Tampered", "Answer"] not in rows


def test_views_not_written_with_no_views(tmp_path: Path, graph_ttl: Path) -> None:
    store = tmp_path / "plain.store"
    info = load_store_dir(graph_ttl, store, views=False)
    assert info.views == ""
    assert not list(store.glob(f"{disk.VIEWS_PREFIX}*"))
    assert run_query(store, "claims", store=True).rows == run_query(graph_ttl, "claims").rows


def test_views_damaged_index_falls_back_to_the_engine(
    store_dir: Path, graph_ttl: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (_views_folder(store_dir) / "index.json").write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        rows = run_query(store_dir, "claims", store=True).rows
    assert rows == run_query(graph_ttl, "claims").rows
    assert "unreadable" in caplog.text


def test_views_of_a_replaced_generation_go_with_its_data(tmp_path: Path, store_dir: Path) -> None:
    old = _views_folder(store_dir)
    other = tmp_path / "other.ttl"
    graph = nx.MultiDiGraph(name="actorgraph")
    graph.add_node("person/x", id="person/x", label="Ada Lovelace", type="Person", mentions=1)
    write_turtle(graph, other)
    load_store_dir(other, store_dir)
    assert not old.exists()
    assert [p.name for p in store_dir.glob(f"{disk.VIEWS_PREFIX}*")] == [
        _views_folder(store_dir).name
    ]
    assert run_query(store_dir, "claims", store=True).rows == []


def test_views_of_a_killed_load_are_removed_by_the_next(
    tmp_path: Path, store_dir: Path, graph_ttl: Path
) -> None:
    leftover = store_dir / f"{disk.VIEWS_PREFIX}{disk.GENERATION_PREFIX}killed-1"
    leftover.mkdir()
    (leftover / "claims.csv").write_text("half", encoding="utf-8")
    load_store_dir(graph_ttl, store_dir)
    assert not leftover.exists()


def test_views_failed_load_leaves_no_views_behind(
    store_dir: Path, graph_ttl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sorted(p.name for p in store_dir.iterdir())

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(disk, "write_views", full_disk)
    with pytest.raises(disk.QueryError, match="answers") as raised:
        load_store_dir(graph_ttl, store_dir)
    assert "free some disk space" in raised.value.hint
    assert sorted(p.name for p in store_dir.iterdir()) == before


# --- query --store --format csv: the stored bytes, copied ----------------------------------


def _printed(monkeypatch: pytest.MonkeyPatch, capsysbinary, *args: str) -> bytes:
    """What ``actorgraph -q query ARGS`` writes to stdout; it must exit with 0."""
    import sys

    from actorgraph.cli import main

    monkeypatch.setattr(sys, "argv", ["actorgraph", "-q", "query", *args])
    try:
        main()
    except SystemExit as done:
        assert not done.code
    return capsysbinary.readouterr().out


def test_views_printed_csv_is_what_the_engine_prints(
    tmp_path: Path, store_dir: Path, graph_ttl: Path, monkeypatch, capsysbinary
) -> None:
    plain = tmp_path / "plain.store"
    load_store_dir(graph_ttl, plain, views=False)
    for name in NAMES:
        stored = _printed(monkeypatch, capsysbinary, "--store", str(store_dir), name, "-f", "csv")
        computed = _printed(monkeypatch, capsysbinary, "--store", str(plain), name, "-f", "csv")
        assert stored == computed, name  # same engine, same data: the same bytes
        assert b"\r\n" not in stored, name  # the CLI's CSV, not the protocol's
    assert b"Jamaat-ul-Ahrar" in stored


def test_views_printed_csv_is_copied_not_recomputed(
    store_dir: Path, monkeypatch, capsysbinary
) -> None:
    """The CLI prints the stored file; other formats, and a store loaded before printed files
    were kept, are answered from the stored rows."""
    source, held = open_store_dir(store_dir)
    with held:
        view = source.views()[view_key(query_text("factions"))]
    printed = view.printed_csv()
    assert printed is not None
    printed.write_text("group,faction,leader\nCopied,As,stored\n", encoding="utf-8")
    args = ("--store", str(store_dir), "factions")
    assert _printed(monkeypatch, capsysbinary, *args, "-f", "csv") == (
        b"group,faction,leader\nCopied,As,stored\n"
    )
    assert b"Copied" not in _printed(monkeypatch, capsysbinary, *args, "-f", "json")
    printed.unlink()
    rows = _printed(monkeypatch, capsysbinary, *args, "-f", "csv").decode().splitlines()
    assert rows[0] == "group,faction,leader" and "Copied,As,stored" not in rows and len(rows) > 1


# --- serve --store --------------------------------------------------------------------------


@pytest.fixture
def two_servers(store_dir: Path, tmp_path: Path, graph_ttl: Path) -> Iterator[tuple]:
    """``serve --store`` over the store with views, and over the same graph without them."""
    plain = tmp_path / "plain.store"
    load_store_dir(graph_ttl, plain, views=False)
    servers = [serve(path, store=True, host="127.0.0.1", port=0) for path in (store_dir, plain)]
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for s in servers
    ]
    for thread in threads:
        thread.start()
    yield tuple(servers)
    for server, thread in zip(servers, threads, strict=True):
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _post(server: SparqlServer, text: str, accept: str) -> bytes:
    request = urllib.request.Request(
        server.url,
        data=urlencode({"query": text}).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    with OPENER.open(request, timeout=30) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith(accept)
        return response.read()


@pytest.mark.parametrize("media_type", sorted(RESULT_FORMATS))
def test_views_served_in_every_format_as_the_engine(two_servers: tuple, media_type: str) -> None:
    with_views, without = two_servers
    assert with_views.views and not without.views
    for name in ("claims", "ledger", "provenance"):
        text = query_text(name)
        stored, computed = (_post(server, text, media_type) for server in two_servers)
        assert stored == computed, name  # same engine, same data: the same bytes
        assert b"Jamaat-ul-Ahrar" in stored, name


def test_views_cli_load_says_what_it_stored(
    tmp_path: Path, graph_ttl: Path, capsys: pytest.CaptureFixture, monkeypatch
) -> None:
    import sys

    from actorgraph.cli import main

    monkeypatch.setattr(
        sys, "argv", ["actorgraph", "load", str(graph_ttl), "--store", str(tmp_path / "cli.store")]
    )
    try:
        main()
    except SystemExit as done:
        assert not done.code
    said = capsys.readouterr().err
    for name in NAMES:
        assert f"stored the answer to {name}:" in said
    index = json.loads((_views_folder(tmp_path / "cli.store") / "index.json").read_text())
    assert [view["name"] for view in index["views"]] == NAMES


def test_views_stream_within_one_write_time_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored answer goes out in pieces, but a client that reads slowly is cut off after one
    write time-out for the whole answer, not one per piece."""
    import io
    import time
    from types import SimpleNamespace

    from actorgraph.query import server

    monkeypatch.setattr(server, "WRITE_TIMEOUT", 0.5)
    monkeypatch.setattr(server, "STREAM_CHUNK_BYTES", 4)
    sent: list[bytes] = []

    def slow_write(chunk: bytes) -> int:
        time.sleep(0.2)
        sent.append(chunk)
        return len(chunk)

    handler = SimpleNamespace(
        connection=SimpleNamespace(settimeout=lambda seconds: None),
        wfile=SimpleNamespace(write=slow_write),
    )
    with pytest.raises(TimeoutError):
        server._Handler._stream(handler, io.BytesIO(b"x" * 40))
    assert 2 <= len(sent) <= 3
    sent.clear()
    monkeypatch.setattr(server, "WRITE_TIMEOUT", 10.0)
    server._Handler._stream(handler, io.BytesIO(b"abcdefghij"))
    assert b"".join(sent) == b"abcdefghij"
