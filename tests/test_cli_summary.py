"""``actorgraph build --summary-json FILE``: the printed summary, as JSON, for scripts.

Builds are real (trained model) and run in-process through ``actorgraph.cli.main``, the entry
point that turns errors into exit codes, so a failed or interrupted build is seen as a user
sees it. The summary must say what the printed one says, and be there, whole, when the build
fails partway.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import networkx as nx
import pytest
from conftest import poison_rules
from typer.testing import CliRunner

from actorgraph.cli import app, main
from actorgraph.errors import ExitCode, ExportError
from actorgraph.pipeline import BuildReport, build_summary

PLAIN_ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
STAGES = {"check_inputs", "load_model", "read_and_extract", "resolve_and_graph", "export"}


def _main(monkeypatch, *args: str | Path) -> int:
    """The exit status of ``actorgraph ARGS`` (main() returns normally on success)."""
    monkeypatch.setattr(sys, "argv", ["actorgraph", *map(str, args)])
    try:
        main()
    except SystemExit as done:
        return done.code
    return ExitCode.SUCCESS


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _only_summary_left(folder: Path, name: str) -> None:
    """No temporary file beside the summary (it was renamed into place)."""
    assert [p.name for p in folder.iterdir() if not p.is_dir()] == [name]


def _corpus(tmp_path: Path, seed_dir: Path) -> Path:
    """The seed article, a binary file (skipped) and a 'poison' article (its rules fail)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in seed_dir.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8)
    (folder / "poison.txt").write_text(
        "The poison paragraph is long enough to be an article.\n\n"
        "A second paragraph follows it here.\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.model
def test_cli_summary_json_says_what_the_printed_summary_says(
    seed_dir, tmp_path, monkeypatch, capsys
):
    poison_rules(monkeypatch, RecursionError("deep"))
    out, summary = tmp_path / "out", tmp_path / "report" / "summary.json"
    args = ["build", _corpus(tmp_path, seed_dir), "--out", out, "--no-cache"]
    assert _main(monkeypatch, *args, "--summary-json", summary) == ExitCode.SUCCESS
    printed = capsys.readouterr().err
    data = _read(summary)
    _only_summary_left(summary.parent, "summary.json")

    assert data["status"] == "ok" and data["error"] is None
    graph = nx.read_graphml(out / "graph.graphml")
    assert (data["nodes"], data["edges"]) == (graph.number_of_nodes(), graph.number_of_edges())
    match = re.search(r"built (\d+) nodes and (\d+) edges from (\d+) article", printed)
    assert match and [int(n) for n in match.groups()] == [
        data["nodes"],
        data["edges"],
        data["articles"]["read"],
    ]
    types = [d["type"] for _, d in graph.nodes(data=True)]
    assert data["nodes_by_type"] == {t: types.count(t) for t in data["nodes_by_type"]}
    assert sum(data["edges_by_relation"].values()) == data["edges"]
    printed_edges = re.search(r"  edges: (.*)", printed).group(1)
    assert printed_edges == ", ".join(f"{r} {n}" for r, n in data["edges_by_relation"].items())
    assert data["articles"] == {"read": 1, "extracted": 1, "from_cache": 0, "failed": 1}
    (failure,) = data["failed"]
    assert failure["source"].endswith("poison.txt") and "RecursionError" in failure["reason"]
    assert f"failed {failure['source']}: {failure['reason']}" in printed
    (skip,) = data["skipped"]
    assert skip["path"].endswith("image.txt") and skip["reason"]
    assert "skipped" in printed and "image.txt" in printed
    for warning in data["warnings"]:  # the poison article has no publication date
        assert f"warning {warning['source']}: {warning['warning']}" in printed
    assert {Path(p).name for p in data["outputs"]} == {p.name for p in out.iterdir()}
    assert all(f"wrote {path}" in printed for path in data["outputs"])
    assert STAGES <= set(data["timings"]) and data["timings"]["total"] > 0
    assert data["timings"]["total"] >= data["timings"]["load_model"]
    assert data["most_connected"][0]["label"] in printed


@pytest.mark.model
def test_cli_summary_json_from_the_cache_and_to_stdout(seed_dir, tmp_path, monkeypatch, capsys):
    args = ["build", seed_dir, "--out", tmp_path / "out", "--cache-dir", tmp_path / "cache"]
    assert _main(monkeypatch, *args) == ExitCode.SUCCESS
    capsys.readouterr()
    assert _main(monkeypatch, "-q", *args, "--summary-json", "-") == ExitCode.SUCCESS
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert captured.err == ""  # -q: nothing printed, but the JSON is written
    assert data["articles"] == {"read": 1, "extracted": 0, "from_cache": 1, "failed": 0}


@pytest.mark.model
def test_cli_summary_json_written_when_the_export_fails(seed_dir, tmp_path, monkeypatch, capsys):
    """The build fails after the graph is made: the summary has its counts and the error."""
    import actorgraph.export.rdf as rdf

    def broken(graph, outs, readings=None, **options):
        raise ExportError("disk full", hint="free space")

    monkeypatch.setattr(rdf, "write_rdf", broken)
    summary = tmp_path / "summary.json"
    summary.write_text("previous summary")
    args = ["build", seed_dir, "--out", tmp_path / "out", "--summary-json", summary]
    assert _main(monkeypatch, *args) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert "error: disk full" in err and "Traceback" not in err
    data = _read(summary)
    assert data["status"] == "failed"
    assert data["error"] == {"code": ExportError.code, "message": "disk full", "hint": "free space"}
    assert data["articles"]["read"] == 1 and data["nodes"] > 0 and data["edges"] > 0
    assert data["outputs"] == []
    assert {"load_model", "read_and_extract", "resolve_and_graph"} <= set(data["timings"])
    assert "export" not in data["timings"]


@pytest.mark.model
def test_cli_summary_json_written_when_strict_fails(seed_dir, tmp_path, monkeypatch, capsys):
    summary = tmp_path / "summary.json"
    args = ["build", seed_dir, tmp_path / "missing.txt", "--strict", "--out", tmp_path / "out"]
    assert _main(monkeypatch, *args, "--summary-json", summary) == ExitCode.ERROR
    assert "error:" in capsys.readouterr().err
    data = _read(summary)
    assert data["status"] == "failed" and data["error"]["code"] == "AG100"
    assert "missing.txt" in data["error"]["message"] and data["error"]["hint"]
    assert data["nodes"] == 0 and data["outputs"] == []
    _only_summary_left(tmp_path, "summary.json")


def test_cli_summary_json_written_for_a_bad_option(tmp_path, monkeypatch, capsys):
    summary = tmp_path / "summary.json"
    args = ["build", tmp_path, "--field", "nonsense", "--summary-json", summary]
    assert _main(monkeypatch, *args) == ExitCode.ERROR
    data = _read(summary)
    assert data["status"] == "failed" and "--field 'nonsense'" in data["error"]["message"]


@pytest.mark.model
def test_cli_summary_json_interrupted(seed_dir, tmp_path, monkeypatch, capsys):
    import actorgraph.export.rdf as rdf

    def interrupted(graph, outs, readings=None, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr(rdf, "write_rdf", interrupted)
    summary = tmp_path / "summary.json"
    args = ["build", seed_dir, "--out", tmp_path / "out", "--summary-json", summary]
    assert _main(monkeypatch, *args) == ExitCode.INTERRUPTED
    data = _read(summary)
    assert data["status"] == "interrupted" and data["articles"]["read"] == 1


def test_cli_summary_json_unwritable_after_a_failure_keeps_the_error(
    tmp_path, monkeypatch, capsys, caplog
):
    """When the summary cannot be written either, the build's own error is the one reported."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    args = ["build", tmp_path / "nothing-here", "--summary-json", blocker / "summary.json"]
    with caplog.at_level("WARNING"):
        assert _main(monkeypatch, *args) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert "error: no input exists" in err and "Traceback" not in err
    assert "could not write the summary" in caplog.text


@pytest.mark.model
def test_cli_summary_json_unwritable_exits_one(seed_dir, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    args = ["build", seed_dir, "--out", tmp_path / "out", "--summary-json", blocker / "s.json"]
    assert _main(monkeypatch, *args) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert "error: cannot write to" in err and "Traceback" not in err
    assert (tmp_path / "out" / "graph.graphml").exists()  # the exports were written first


def test_build_summary_escapes_hostile_paths(small_graph):
    report = BuildReport(
        small_graph,
        articles=2,
        skipped=[("evil\x1b[31m\u202e.txt", "not text")],
        failed=[("a\udcff.txt", "extraction failed: RecursionError")],
        warnings=[("w.txt", 'quotes " and\nnewline')],
    )
    data = build_summary(report, elapsed=1.0)
    text = json.dumps(data, ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogate left
    assert json.loads(text) == data
    assert data["skipped"][0]["path"] == "evil\\x1b[31m\\u202e.txt"
    assert data["failed"][0]["source"] == "a\\xff.txt"
    assert data["warnings"][0]["warning"] == 'quotes " and\nnewline'
    assert data["nodes_by_type"]["Event"] == 2 and data["timings"] == {"total": 1.0}


def test_cli_build_help_mentions_summary_json():
    result = CliRunner().invoke(app, ["build", "--help"], env=PLAIN_ENV)
    assert result.exit_code == 0
    assert "--summary-json" in result.stdout
