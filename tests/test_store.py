"""The on-disk store (``actorgraph load``, ``query --store``, ``serve --store``): it answers as
the file it was loaded from, says what that file was, survives failed and concurrent loads,
and keeps every limit of the file path."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from conftest import rounded

from actorgraph.errors import InputError, QueryError
from actorgraph.export.rdf import write_jsonld, write_turtle
from actorgraph.query import (
    QueryLimitError,
    QueryPool,
    disk,
    load_store,
    load_store_dir,
    named_queries,
    open_store_dir,
    read_manifest,
    result_task,
    run_query,
)

PEOPLE = "SELECT ?name WHERE { ?p a ag:Person ; schema:name ?name } ORDER BY ?name"


def _one_person_graph(tmp_path: Path, name: str) -> Path:
    graph = nx.MultiDiGraph(name="actorgraph")
    graph.add_node("person/x", id="person/x", label=name, type="Person", mentions=1)
    path = tmp_path / f"{name.replace(' ', '-')}.ttl"
    write_turtle(graph, path)
    return path


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> int:
    """The exit code of ``actorgraph ARGS`` run in this process: 0 when ``main()`` returns."""
    import sys

    from actorgraph.cli import main

    monkeypatch.setattr(sys, "argv", ["actorgraph", *map(str, args)])
    try:
        main()
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def _generations(store: Path) -> list[str]:
    return sorted(p.name for p in store.glob(f"{disk.GENERATION_PREFIX}*"))


# --- loading and what the store records -------------------------------------------------


def test_store_records_its_source(graph_ttl: Path, store_dir: Path) -> None:
    info = read_manifest(store_dir)
    stat = graph_ttl.stat()
    assert info.source == str(graph_ttl.resolve())
    assert (info.size, info.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert info.sha256 == hashlib.sha256(graph_ttl.read_bytes()).hexdigest()
    assert info.triples == len(load_store(graph_ttl)) > 0
    assert info.rdf_format == "turtle"
    assert _generations(store_dir) == [info.generation]
    assert f"{info.triples:,} triples loaded from {graph_ttl.resolve()}" in info.describe()
    assert info.staleness(store_dir) is None


def test_store_loads_jsonld_like_turtle(
    tmp_path: Path, small_graph: nx.MultiDiGraph, store_dir: Path
) -> None:
    path = tmp_path / "graph.jsonld"
    write_jsonld(small_graph, path)
    other = tmp_path / "jsonld.store"
    info = load_store_dir(path, other)
    assert info.rdf_format == "json-ld"
    assert info.triples == read_manifest(store_dir).triples
    assert run_query(other, PEOPLE, store=True).rows == run_query(path, PEOPLE).rows


def test_store_notices_a_changed_source(graph_ttl: Path, store_dir: Path) -> None:
    graph_ttl.write_text(graph_ttl.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    warning = read_manifest(store_dir).staleness(store_dir)
    assert warning is not None and "actorgraph load" in warning
    graph_ttl.unlink()  # gone is no warning: the store holds the graph by itself
    assert read_manifest(store_dir).staleness(store_dir) is None


# --- answers ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_store_named_queries_answer_as_the_file(
    graph_ttl: Path, store_dir: Path, name: str
) -> None:
    from_file = run_query(graph_ttl, name)
    from_store = run_query(store_dir, name, store=True)
    assert from_store.columns == from_file.columns
    assert sorted(map(rounded, from_store.rows)) == sorted(map(rounded, from_file.rows))


@pytest.fixture(scope="module")
def seed_graph_file(seed_build) -> Path:
    return next(path for path in seed_build.outputs if path.name == "graph.ttl")


@pytest.fixture(scope="module")
def seed_store(seed_graph_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("seed") / "seed.store"
    load_store_dir(seed_graph_file, store)
    return store


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_store_seed_named_queries_answer_as_the_file(
    seed_graph_file: Path, seed_store: Path, name: str
) -> None:
    """On the seed article's graph (a real extraction), every named query answers the same rows
    from the store as from graph.ttl, and answers some."""
    from_file = run_query(seed_graph_file, name)
    from_store = run_query(seed_store, name, store=True)
    assert from_file.rows, f"{name} answers nothing on the seed graph"
    assert from_store.columns == from_file.columns
    assert sorted(map(rounded, from_store.rows)) == sorted(map(rounded, from_file.rows))


def test_store_is_read_only_in_the_engine_too(store_dir: Path) -> None:
    source, held = open_store_dir(store_dir)
    with held:
        store, triples = source.open()
        assert triples == read_manifest(store_dir).triples
        with pytest.raises(RuntimeError):
            store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


# --- replacing a store ------------------------------------------------------------------


def test_store_reload_replaces_the_graph(tmp_path: Path, store_dir: Path) -> None:
    old = read_manifest(store_dir).generation
    other = _one_person_graph(tmp_path, "Ada Lovelace")
    load_store_dir(other, store_dir)
    assert run_query(store_dir, PEOPLE, store=True).rows == [["Ada Lovelace"]]
    assert _generations(store_dir) == [read_manifest(store_dir).generation] != [old]


@pytest.mark.parametrize(
    ("name", "content"),
    [("bad.ttl", "<urn:a> <urn:b> "), ("bad.jsonld", "{ not json"), ("bad.nt", "<a> <b> <c>")],
)
def test_store_failed_load_keeps_the_previous_store(
    tmp_path: Path, store_dir: Path, name: str, content: str
) -> None:
    before = run_query(store_dir, PEOPLE, store=True).rows
    manifest = (store_dir / disk.MANIFEST_NAME).read_text(encoding="utf-8")
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(QueryError, match="cannot read"):
        load_store_dir(bad, store_dir)
    assert (store_dir / disk.MANIFEST_NAME).read_text(encoding="utf-8") == manifest
    assert len(_generations(store_dir)) == 1
    assert run_query(store_dir, PEOPLE, store=True).rows == before


def test_store_interrupted_load_keeps_the_previous_store(
    tmp_path: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of the bulk load: the half-written generation goes, the old stays."""
    before = run_query(store_dir, PEOPLE, store=True).rows
    real = disk._bulk_load

    def interrupted(source, data: Path) -> int:
        real(source, data)
        raise KeyboardInterrupt

    monkeypatch.setattr(disk, "_bulk_load", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_store_dir(_one_person_graph(tmp_path, "Ada Lovelace"), store_dir)
    assert len(_generations(store_dir)) == 1
    assert run_query(store_dir, PEOPLE, store=True).rows == before


def test_store_killed_load_is_cleaned_up_by_the_next(tmp_path: Path, store_dir: Path) -> None:
    """A load killed with SIGKILL leaves a generation no manifest names: the next load removes
    it, and until then readers never see it."""
    leftover = store_dir / f"{disk.GENERATION_PREFIX}killed-1"
    leftover.mkdir()
    (leftover / "000001.sst").write_bytes(b"half")
    assert run_query(store_dir, "ASK { ?s ?p ?o }", store=True).rows == [["true"]]
    load_store_dir(_one_person_graph(tmp_path, "Ada Lovelace"), store_dir)
    assert not leftover.exists()
    assert len(_generations(store_dir)) == 1


def test_store_reload_while_served_keeps_the_data_in_use(tmp_path: Path, store_dir: Path) -> None:
    """A pool (``serve --store``) holds its generation: a reload swaps the manifest but keeps the
    old data until the pool closes; the next load then removes it."""
    old = read_manifest(store_dir).generation
    with QueryPool(store_dir, store=True, workers=1) as pool:
        load_store_dir(_one_person_graph(tmp_path, "Ada Lovelace"), store_dir)
        assert old in _generations(store_dir)
        assert "Ada Lovelace" not in str(pool.run(result_task, PEOPLE).rows)
        assert run_query(store_dir, PEOPLE, store=True).rows == [["Ada Lovelace"]]
    load_store_dir(_one_person_graph(tmp_path, "Grace Hopper"), store_dir)
    assert _generations(store_dir) == [read_manifest(store_dir).generation]


def test_store_concurrent_load_waits_then_is_refused(
    tmp_path: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(disk, "LOCK_WAIT_SECONDS", 0.3)
    handle = os.open(store_dir, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another load is writing
        with pytest.raises(QueryError, match="another actorgraph load"):
            load_store_dir(_one_person_graph(tmp_path, "Ada Lovelace"), store_dir)
    finally:
        os.close(handle)
    assert len(_generations(store_dir)) == 1


# --- folders that are not stores ----------------------------------------------------------


def test_store_load_refuses_a_folder_of_other_things(tmp_path: Path, graph_ttl: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(QueryError, match="not empty and is not an actorgraph store"):
        load_store_dir(graph_ttl, folder)
    assert [p.name for p in folder.iterdir()] == ["cat.jpg"]
    with pytest.raises(QueryError, match="is a file"):
        load_store_dir(graph_ttl, folder / "cat.jpg")


def test_store_load_into_an_empty_or_new_folder(tmp_path: Path, graph_ttl: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    load_store_dir(graph_ttl, empty)
    load_store_dir(graph_ttl, tmp_path / "new" / "nested")
    assert read_manifest(tmp_path / "new" / "nested").triples == read_manifest(empty).triples


def test_store_failed_first_load_leaves_no_folder(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> ", encoding="utf-8")
    with pytest.raises(QueryError):
        load_store_dir(bad, tmp_path / "new.store")
    assert not (tmp_path / "new.store").exists()


def test_store_load_of_a_missing_graph_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_store_dir(tmp_path / "nope.ttl", tmp_path / "s")
    assert not (tmp_path / "s").exists()


def test_store_query_refuses_what_is_not_a_store(tmp_path: Path, graph_ttl: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        run_query(tmp_path / "nope", PEOPLE, store=True)
    with pytest.raises(InputError, match="not a folder"):
        run_query(graph_ttl, PEOPLE, store=True)
    with pytest.raises(QueryError, match="not an actorgraph store"):
        run_query(tmp_path, PEOPLE, store=True)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{ broken", "manifest .* is damaged"),
        ('{"generation": "x"}', "manifest .* is damaged"),
        (None, "written by another version"),
    ],
)
def test_store_damaged_manifest_is_query_error(
    store_dir: Path, manifest: str | None, message: str
) -> None:
    path = store_dir / disk.MANIFEST_NAME
    if manifest is None:
        fields = json.loads(path.read_text(encoding="utf-8"))
        manifest = json.dumps({**fields, "version": 99})
    path.write_text(manifest, encoding="utf-8")
    with pytest.raises(QueryError, match=message):
        run_query(store_dir, PEOPLE, store=True)


def test_store_missing_or_damaged_data_is_query_error(store_dir: Path) -> None:
    data = store_dir / read_manifest(store_dir).generation
    for item in data.iterdir():
        item.unlink()
    (data / "CURRENT").write_text("MANIFEST-999999\n", encoding="ascii")
    with pytest.raises(QueryError, match="cannot open the store"):
        run_query(store_dir, PEOPLE, store=True)
    for item in data.iterdir():
        item.unlink()
    data.rmdir()
    with pytest.raises(QueryError, match="data folder .* is missing"):
        run_query(store_dir, PEOPLE, store=True)


# --- the limits of the file path hold on the store ------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "other data"),
        ("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "nests"),
        ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_001, "bytes long"),
    ],
)
def test_store_refuses_what_the_file_path_refuses(
    store_dir: Path, query: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        run_query(store_dir, query, store=True)


def test_store_query_timeout_stops_the_work(store_dir: Path) -> None:
    product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    # 2 s: long enough for the replacement worker to open the store on a loaded machine (the
    # next query waits at most that long for it), far shorter than the product's run
    with QueryPool(store_dir, store=True, workers=1, timeout=2.0) as pool:
        with pytest.raises(QueryLimitError, match="longer than 2 s"):
            pool.run(result_task, product)
        assert pool.run(result_task, PEOPLE).rows  # a fresh worker opened the store again


# --- the command line -----------------------------------------------------------------------


def test_store_cli_load_then_query(
    tmp_path: Path,
    graph_ttl: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = tmp_path / "cli.store"
    assert run_main(monkeypatch, "load", graph_ttl, "--store", store) == 0
    assert "triples from" in capsys.readouterr().err
    assert run_main(monkeypatch, "query", "--store", store, PEOPLE, "--format", "csv") == 0
    out, err = capsys.readouterr()
    file_rows = run_query(graph_ttl, PEOPLE).rows
    assert out.splitlines() == ["name", *(row[0] for row in file_rows)]
    assert f"loaded from {graph_ttl.resolve()}" in err
    assert "warning" not in err
    os.utime(graph_ttl, ns=(0, 0))
    assert run_main(monkeypatch, "query", "--store", store, PEOPLE) == 0
    assert "was modified after it was loaded" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "--store", "{tmp}", "claims"), "not an actorgraph store"),
        (("query", "--store", "{tmp}/nope", "claims"), "does not exist"),
        (("query", "--store", "{graph}", "claims"), "not a folder"),
        (("load", "{graph}", "--store", "{tmp}"), "not empty and is not an actorgraph store"),
        (("serve", "--store", "{tmp}"), "not an actorgraph store"),
    ],
)
def test_store_cli_errors_are_one_line_without_traceback(
    tmp_path: Path,
    graph_ttl: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    filled = [arg.format(tmp=tmp_path, graph=graph_ttl) for arg in args]
    assert run_main(monkeypatch, *filled) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert message in err and err.startswith("error: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "--store", "{tmp}", "{graph}", "claims"), "not both"),
        (("query", "--store", "{tmp}"), "no query given"),
        (("query", "{graph}"), "give a graph file and a query"),
        (("serve", "{graph}", "--store", "{tmp}"), "one of them"),
        (("serve",), "one of them"),
    ],
)
def test_store_cli_wrong_arguments_are_usage_errors(
    tmp_path: Path,
    graph_ttl: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    """Neither or both of GRAPH and --store: exit status 2, as a missing argument always was."""
    monkeypatch.setenv("COLUMNS", "300")
    filled = [arg.format(tmp=tmp_path, graph=graph_ttl) for arg in args]
    assert run_main(monkeypatch, *filled) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "Traceback" not in err and message in err


def test_store_cli_damaged_store_is_one_line_error(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = store_dir / read_manifest(store_dir).generation
    for item in data.iterdir():
        item.write_bytes(b"garbage")
    assert run_main(monkeypatch, "query", "--store", store_dir, "claims") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error: cannot open the store" in err


def test_store_worker_pickles_the_source(store_dir: Path) -> None:
    """What the pool sends to a worker is the path and the manifest, not the data."""
    import pickle

    source, held = open_store_dir(store_dir)
    with held:
        assert len(pickle.dumps(source)) < 2000
        assert isinstance(source.open()[0], pyoxigraph.Store)
