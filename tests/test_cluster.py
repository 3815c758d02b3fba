"""``build --scheduler``: extraction on a Dask cluster gives the in-process build's graph.

The cluster is a ``dask scheduler`` and two ``dask worker`` processes started here on
loopback, as a user would start them on several machines. The per-article guard is tested in
a thread (where Dask runs tasks and ``SIGALRM`` cannot reach), and the ways ``--scheduler``
fails: a scheduler nobody answers at, Dask not installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from conftest import actorgraph_script, run_main

from actorgraph.errors import ExitCode
from actorgraph.model import Article, ExtractionFailure

pytest.importorskip("distributed")

ARTICLES = (
    "c06-jilib-us-drone-strike-al-shabaab.txt",
    "c07-azaz-car-bomb-is-claim-ypg-blamed.txt",
    "c12-strabane-police-officer-shooting-new-ira.txt",
    "c02-zamfara-kadamutsa-ransom-kidnapping.txt",
)
COMPARED = ("graph.graphml", "graph.nodes.csv", "graph.edges.csv", "graph.ttl")
START_SECONDS = 120.0


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory, needs_model):
    """A Dask scheduler and two single-threaded workers on loopback; its address."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    dask = str(Path(sys.executable).with_name("dask"))
    address = f"tcp://127.0.0.1:{_free_port()}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
    processes = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1]]
            + ["--no-dashboard"],
            **quiet,
        )
    ]
    try:
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1"]
                    + ["--no-dashboard", "--memory-limit", "0"],
                    **quiet,
                )
            )
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=max(1.0, deadline - time.monotonic()))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def inputs(repo_root: Path) -> list[Path]:
    return [repo_root / "tests" / "fixtures" / "articles" / name for name in ARTICLES]


@pytest.mark.model
def test_cluster_build_equals_in_process_build(scheduler, inputs, tmp_path):
    from actorgraph.ledger import read_graph
    from actorgraph.pipeline import build

    local = build(inputs, tmp_path / "local", use_cache=False)
    command = [*actorgraph_script(), "build", *map(str, inputs), "--out", str(tmp_path / "dask")]
    result = subprocess.run(
        [*command, "--scheduler", scheduler, "--cache-dir", str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert f"from {len(ARTICLES)} article(s) ({len(ARTICLES)} extracted" in result.stderr
    for name in COMPARED:
        ours = (tmp_path / "dask" / name).read_bytes()
        assert ours == (tmp_path / "local" / name).read_bytes(), name
    graph = read_graph(tmp_path / "dask" / "graph.graphml")
    assert graph.number_of_edges() == local.graph.number_of_edges() > 10
    assert nx.utils.graphs_equal(graph, read_graph(tmp_path / "local" / "graph.graphml"))


@pytest.mark.model
def test_local_cluster_forks_its_workers_and_builds_the_in_process_graph(inputs, tmp_path):
    """``--scheduler local``: workers forked (as ``--workers``), the same exports as an
    in-process build, and Dask's own start method untouched once the workers are up."""
    import dask

    from actorgraph.cluster import ClusterExtractor
    from actorgraph.pipeline import build

    local = build(inputs, tmp_path / "local", use_cache=False)
    before = dask.config.get("distributed.worker.multiprocessing-method")
    with ClusterExtractor("local", workers=2) as cluster:
        assert dask.config.get("distributed.worker.multiprocessing-method") == before
        starts = cluster.client.run(lambda: __import__("multiprocessing").get_start_method())
        assert set(starts.values()) == {"fork"} and len(starts) == 2
    build(inputs, tmp_path / "dask", use_cache=False, scheduler="local", n_process=2)
    for name in COMPARED:
        ours = (tmp_path / "dask" / name).read_bytes()
        assert ours == (tmp_path / "local" / name).read_bytes(), name
    assert local.graph.number_of_edges() > 10


@pytest.mark.model
def test_cluster_build_through_a_scheduler_file_fills_the_cache(scheduler, inputs, tmp_path):
    """The cache stays on the client: a second build, in-process, reads every article from it."""
    from distributed import Client

    from actorgraph.pipeline import build

    with Client(scheduler, timeout=10) as client:
        client.write_scheduler_file(str(tmp_path / "scheduler.json"))
    cache = tmp_path / "cache"
    first = build(
        inputs[:2], tmp_path / "first", cache_dir=cache, scheduler=str(tmp_path / "scheduler.json")
    )
    assert (first.extracted, first.cached, first.failed) == (2, 0, [])
    again = build(inputs[:2], tmp_path / "again", cache_dir=cache)
    assert (again.extracted, again.cached) == (0, 2)
    for name in COMPARED:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_cluster_unreachable_scheduler_is_a_clear_error(inputs, tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"  # nobody listens there
    started = time.monotonic()
    result = subprocess.run(
        [*actorgraph_script(), "build", str(inputs[0]), "--out", str(tmp_path / "out")]
        + ["--scheduler", address],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == ExitCode.ERROR, result.stderr
    assert f"error: cannot reach the Dask scheduler at {address}" in result.stderr
    assert "hint: start it with `dask scheduler`" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 60
    assert not (tmp_path / "out").exists()


def test_cluster_without_dask_says_which_extra(inputs, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    code = run_main(
        monkeypatch, "build", inputs[0], "--out", tmp_path / "out", "--scheduler", "local"
    )
    assert code == ExitCode.ERROR
    err = capsys.readouterr().err
    assert "error: --scheduler needs Dask's distributed scheduler" in err
    assert "pip install 'actorgraph[cluster]'" in err
    assert "Traceback" not in err


# --- the per-article guard in a worker thread ---------------------------------------------------


@pytest.mark.model
def test_cluster_guard_times_out_and_isolates_articles_in_a_thread(nlp, monkeypatch):
    import actorgraph.extract as extraction_module
    from actorgraph.cluster import extract_guarded

    real = extraction_module.read_article

    def unlucky(article, units):
        if "slow" in article.text:
            while True:  # Python code, as a runaway rule would be
                time.sleep(0.01)
        if "poison" in article.text:
            raise ValueError("a broken rule")
        return real(article, units)

    monkeypatch.setattr(extraction_module, "read_article", unlucky)
    texts = [
        "Gunmen killed two people in Kabul on Monday.",
        "This slow article never ends.",
        "A poison article breaks a rule.",
        "Police arrested a man in Lagos.",
        "This slow one neither.",
    ]
    articles = [Article(source=f"a{i}.txt", text=t) for i, t in enumerate(texts)]
    outcomes: list = []
    worker = threading.Thread(
        target=lambda: outcomes.extend(extract_guarded(articles, nlp, article_timeout=0.5))
    )
    started = time.monotonic()
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the guard did not stop the runaway article"
    assert time.monotonic() - started < 30
    assert [o.article.source for o in outcomes] == [a.source for a in articles]
    kinds = [o.kind if isinstance(o, ExtractionFailure) else "ok" for o in outcomes]
    assert kinds == ["ok", "timeout", "error", "ok", "timeout"]
    assert "time limit of 0.5 s (--article-timeout)" in outcomes[1].reason
    assert "ValueError: a broken rule" in outcomes[2].reason
    assert any(e.label == "Kabul" for e in outcomes[0].entities.values())
    time.sleep(1.0)  # no time-out is left pending for the thread's later work
