"""Extraction quality gate: F1 floors on annotated articles, scored by the project's scorer.

tests/fixtures/articles/ holds articles written for this project with hand-made gold graphs;
../shared/eval/dev/ holds the development set. Both are scored exactly as the evaluation
scores unseen articles (../shared/eval/score.py), and the micro-averaged F1 must stay at
or above the floors pinned in tests/fixtures/baseline.json.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from conftest import missing

from actorgraph.export.graphml import write_graphml
from actorgraph.extract import extract
from actorgraph.graph import build_graph
from actorgraph.ingest import read_article
from actorgraph.resolve import resolve

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
CORPORA = {
    "fixtures": ROOT / "tests" / "fixtures" / "articles",
    "dev": ROOT.parent / "shared" / "eval" / "dev",
}
BASELINE = json.loads((ROOT / "tests" / "fixtures" / "baseline.json").read_text())


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score_corpus(corpus: Path, nlp, tmp_path: Path) -> dict:
    score = _scorer()
    total: dict = {}
    for gold_path in sorted(corpus.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text())
        text_path = corpus / (gold.get("document") or gold_path.name[:-10] + ".txt")
        article = read_article(text_path)
        graph = build_graph(resolve(extract([article], nlp)))
        out = tmp_path / (gold_path.stem + ".graphml")
        write_graphml(graph, out)
        score.add(total, score.score_one(gold, str(out)))
    return {
        kind: score.prf(**total[kind])["f1"] for kind in ("entities", "events", "relations")
    } | {"dates": total["event_dates"], "fatalities": total["event_fatalities"]}


@pytest.mark.model
@pytest.mark.parametrize("corpus", ["fixtures", "dev"])
def test_quality_gate_f1_floors(corpus, nlp, tmp_path):
    if not SCORER.is_file() or not CORPORA[corpus].is_dir():
        missing("shared", f"needs {SCORER} and {CORPORA[corpus]}", strict=False)
    figures = _score_corpus(CORPORA[corpus], nlp, tmp_path)
    floors = BASELINE[corpus]
    below = {k: (figures[k], floor) for k, floor in floors.items() if figures[k] < floor}
    assert not below, f"F1 below the pinned floor (found, floor): {below}; all figures: {figures}"


@pytest.mark.model
def test_quality_gate_dev_dates_and_tolls(nlp, tmp_path):
    """Of the matched events, the share dated exactly and the share with the exact toll stay at or
    above their pinned floors (the issue's targets are 90 % and 80 %)."""
    if not SCORER.is_file() or not CORPORA["dev"].is_dir():
        missing("shared", f"needs {SCORER} and {CORPORA['dev']}", strict=False)
    figures = _score_corpus(CORPORA["dev"], nlp, tmp_path)
    floors = BASELINE["dev_shares"]
    for kind in ("dates", "fatalities"):
        right, matched = figures[kind]
        assert matched and right / matched >= floors[kind], (
            f"{kind}: {right}/{matched} under {floors[kind]}"
        )
