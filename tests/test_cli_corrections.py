"""``actorgraph build --corrections FILE``: corrections that stick through a rebuild with one
more article, stale ones reported on stderr and in the summary, malformed files refused."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from conftest import actorgraph_script
from typer.testing import CliRunner

from actorgraph.cli import app
from actorgraph.errors import ExitCode

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"
FIRST = ("c06-jilib-us-drone-strike-al-shabaab.txt", "c07-azaz-car-bomb-is-claim-ypg-blamed.txt")
ONE_MORE = "a1-kalat-market-bombing.txt"
PLAIN_ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}

CORRECTIONS = """\
corrections:
  - merge: ["Somalia", "Federal Government of Somalia"]
    note: A state acting is its Place node
  - retype: {entity: Tal Rifaat, type: Place}
    note: A town north of Aleppo
  - veto: {subject: Lamu, relation: located_in, object: Kenya}
    note: vetoed for the test
  - add: {subject: Al-Shabaab, relation: opposes, object: Somalia}
    note: "Al-Shabaab has fought the Somali state since 2006 (analyst's note)"
  - merge: ["Boko Haram", "Jama'atu Ahlis Sunna"]
    note: names nothing in these articles
"""


def _corpus(folder: Path, names: tuple[str, ...]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    return folder


def _build(*args: str | Path):
    return CliRunner().invoke(app, ["build", *map(str, args)], env=PLAIN_ENV)


def _by_label(graph: nx.Graph, label: str) -> dict:
    (data,) = (d for _, d in graph.nodes(data=True) if d["label"] == label)
    return data


def _read(path: Path) -> nx.MultiDiGraph:
    """The GraphML export with its nodes keyed by their ``id`` attribute."""
    graph = nx.read_graphml(path)
    return nx.relabel_nodes(graph, {node: data["id"] for node, data in graph.nodes(data=True)})


def _check_corrected(graph: nx.Graph) -> None:
    somalia = _by_label(graph, "Somalia")
    assert somalia["type"] == "Place" and "Federal Government of Somalia" in somalia["aliases"]
    assert "A state acting is its Place node" in somalia["corrections"]
    assert not any(d["label"] == "Federal Government of Somalia" for _, d in graph.nodes(data=True))
    assert _by_label(graph, "Tal Rifaat")["type"] == "Place"
    assert not graph.has_edge("place/lamu", "place/kenya")
    (added,) = (
        d
        for _, _, d in graph.edges("organization/al-shabaab", data=True)
        if d["relation"] == "opposes" and _ == "place/somalia"
    )
    readings = json.loads(added["provenance"])
    assert any(r["rule"] == "correction" and "since 2006" in r["evidence"] for r in readings)


@pytest.mark.model
def test_cli_corrections_survive_a_rebuild_with_one_more_article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = _corpus(tmp_path / "corpus", FIRST)
    (tmp_path / "fix.yaml").write_text(CORRECTIONS, encoding="utf-8")
    for round_, extracted in ((1, 2), (2, 1)):
        if round_ == 2:
            _corpus(corpus, (ONE_MORE,))
        summary = tmp_path / f"summary{round_}.json"
        result = _build(
            corpus, "--out", "out", "--corrections", "fix.yaml", "--summary-json", summary
        )
        assert result.exit_code == 0, result.output
        data = json.loads(summary.read_text(encoding="utf-8"))
        assert data["articles"]["extracted"] == extracted  # the rebuild extracts only the new one
        assert [c["status"] for c in data["corrections"]] == ["applied"] * 4 + ["stale"]
        _check_corrected(_read(tmp_path / "out" / "graph.graphml"))
        # the stale one is a warning on stderr and in the summary, naming the file and entry
        assert "corrections: 4 applied, 1 stale" in result.stderr
        assert (
            "warning fix.yaml: entry 5 (merge, line 10) merge 'Boko Haram', "
            '"Jama\'atu Ahlis Sunna" matches nothing in this build' in result.stderr
        )
        assert any(w["warning"].startswith("entry 5 (merge") for w in data["warnings"])
    graph = _read(tmp_path / "out" / "graph.graphml")
    assert any(ONE_MORE in d["sources"] for _, d in graph.nodes(data=True))


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*actorgraph_script(), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **PLAIN_ENV},
        cwd=cwd,
    )


@pytest.mark.parametrize(
    "text,message",
    [
        ("- {merge: [A, B]}\n- {veto: {subject: A, object: B}}\n", "entry 2 (line 2) (veto)"),
        ("corrections: [merge: [A, B]\n", "invalid YAML on line 2"),
    ],
)
def test_cli_corrections_malformed_file_is_an_error_and_nothing_is_written(tmp_path, text, message):
    _corpus(tmp_path / "corpus", FIRST[:1])
    (tmp_path / "fix.yaml").write_text(text, encoding="utf-8")
    result = _run("build", "corpus", "--out", "out", "--corrections", "fix.yaml", cwd=tmp_path)
    assert result.returncode == ExitCode.ERROR, result.stderr
    assert result.stderr.startswith("error: fix.yaml: ") and message in result.stderr
    assert "hint: " in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_corrections_missing_file_is_an_error(tmp_path):
    _corpus(tmp_path / "corpus", FIRST[:1])
    result = _run("build", "corpus", "--out", "out", "--corrections", "nope.yaml", cwd=tmp_path)
    assert result.returncode == ExitCode.ERROR
    assert "error: nope.yaml: no such corrections file" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_cli_corrections_option_documented():
    result = CliRunner().invoke(app, ["build", "--help"], env=PLAIN_ENV)
    assert "--corrections" in result.stdout and "corrections.example.yaml" in result.stdout
