"""Incremental builds through the extraction cache (actorgraph.cache, actorgraph.pipeline)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actorgraph.cache import ExtractionCache, article_key, pipeline_version
from actorgraph.model import Article, ArticleExtraction, EntityRecord, EventRecord, Statement
from actorgraph.pipeline import build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


def _copy_articles(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")


def _fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.glob("*.txt"))


def test_cache_round_trips_an_extraction(tmp_path):
    extraction = ArticleExtraction(
        Article("a.txt", "Text.", title="T", published="2023-01-31"),
        {"organization/x": EntityRecord("organization/x", "X Front", "Organization", {"XF"}, 2)},
        {
            "event/e": EventRecord(
                "event/e", "E (2023)", "bombing", "2023", fatalities=3, aliases={"e"}
            )
        },
        [
            Statement(
                "organization/x", "perpetrated", "event/e", "X Front bombed it.", 0, 5, 0.8, role=""
            )
        ],
    )
    cache = ExtractionCache(tmp_path, "v1")
    cache.put("k", extraction)
    assert cache.get("k") == extraction
    assert cache.has("k") and not cache.has("other")


def test_cache_key_changes_with_text_metadata_and_version():
    article = Article("a.txt", "Text.", published="2023-01-31")
    key = article_key(article, "v1")
    assert key == article_key(Article("a.txt", "Text.", published="2023-01-31"), "v1")
    assert key != article_key(Article("a.txt", "Text!", published="2023-01-31"), "v1")
    assert key != article_key(Article("a.txt", "Text.", published="2023-02-01"), "v1")
    assert key != article_key(article, "v2")


def test_cache_version_names_model_and_knowledge():
    version = pipeline_version("core_web_sm", "3.8.0")
    assert "core_web_sm-3.8.0" in version and "knowledge-" in version


@pytest.mark.model
def test_cache_second_build_extracts_only_the_new_article(tmp_path):
    corpus, cache_dir = tmp_path / "corpus", tmp_path / "cache"
    names = _fixture_names()
    _copy_articles(corpus, names[:3])
    first = build([corpus], tmp_path / "out", cache_dir=cache_dir, formats=("graphml",))
    assert (first.extracted, first.cached) == (3, 0)
    _copy_articles(corpus, names[3:4])
    second = build([corpus], tmp_path / "out", cache_dir=cache_dir, formats=("graphml",))
    assert (second.extracted, second.cached) == (1, 3)
    assert second.articles == 4


@pytest.mark.model
def test_cache_no_cache_extracts_everything_and_writes_nothing(tmp_path):
    corpus, cache_dir = tmp_path / "corpus", tmp_path / "cache"
    _copy_articles(corpus, _fixture_names()[:2])
    build([corpus], tmp_path / "out", cache_dir=cache_dir, formats=("graphml",))
    again = build(
        [corpus], tmp_path / "out", cache_dir=cache_dir, use_cache=False, formats=("graphml",)
    )
    assert (again.extracted, again.cached) == (2, 0)


@pytest.mark.model
def test_cache_changed_pipeline_version_invalidates(tmp_path, monkeypatch):
    corpus, cache_dir = tmp_path / "corpus", tmp_path / "cache"
    _copy_articles(corpus, _fixture_names()[:2])
    build([corpus], tmp_path / "out", cache_dir=cache_dir, formats=("graphml",))
    monkeypatch.setattr(
        "actorgraph.pipeline.pipeline_version", lambda name, version: "another-version"
    )
    again = build([corpus], tmp_path / "out", cache_dir=cache_dir, formats=("graphml",))
    assert (again.extracted, again.cached) == (2, 0)


@pytest.mark.model
def test_cache_killed_build_keeps_previous_exports_and_finished_extractions(tmp_path):
    """SIGKILL in the middle of extraction: old exports untouched, extracted rows kept,
    no temp files."""
    out, cache_dir, corpus = tmp_path / "out", tmp_path / "cache", tmp_path / "corpus"
    _copy_articles(corpus, _fixture_names()[:1])
    build([corpus], out, cache_dir=cache_dir)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # a bigger corpus, every article distinct, so the build is still extracting when killed
    text = (FIXTURES / _fixture_names()[0]).read_text(encoding="utf-8")
    for i in range(60):
        (corpus / f"copy{i:03d}.txt").write_text(
            text.replace("Monday", f"Monday {i}", 1), encoding="utf-8"
        )
    env = dict(os.environ, ACTORGRAPH_CACHE=str(cache_dir))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "actorgraph",
            "-q",
            "build",
            str(corpus),
            "--out",
            str(out),
            "--cache-dir",
            str(cache_dir),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    database = cache_dir / "extractions.sqlite"
    deadline = time.monotonic() + 180  # generous: a loaded machine loads the model slowly
    rows = 0
    try:
        while time.monotonic() < deadline and process.poll() is None:
            with sqlite3.connect(database) as db:
                rows = db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]
            if rows >= 4:
                break
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert rows >= 4, "the build finished or stalled before it could be interrupted"
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # no half-written export, no leftover temporary file
    with sqlite3.connect(database) as db:
        kept = db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]
    assert kept >= rows
    resumed = build([corpus], out, cache_dir=cache_dir, formats=("graphml",))
    assert resumed.cached >= kept and resumed.extracted == resumed.articles - resumed.cached


CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


@pytest.mark.model
def test_cache_mixed_folder_builds_one_graph_and_merges_spellings(tmp_path):
    """HTML, text, JSONL and a binary file: one graph, the binary reported, one node per actor."""
    report = build([CORPUS], tmp_path / "out", cache_dir=tmp_path / "cache", formats=("graphml",))
    assert [Path(path).name for path, _ in report.skipped] == ["scan.txt"]
    assert report.articles == 4  # page.html, brief.txt and the two JSONL records
    groups = [
        data
        for _, data in report.graph.nodes(data=True)
        if data["type"] == "Organization"
        and "Fursan" in "|".join((data["label"], *data["aliases"]))
        or data.get("type") == "Organization"
        and "Forsan" in "|".join((data["label"], *data["aliases"]))
    ]
    assert len(groups) == 1, groups
    names = {groups[0]["label"], *groups[0]["aliases"]}
    assert {"Ansar al-Fursan Front", "Ansar al-Forsan Front", "AFF"} <= names
    sources = groups[0]["sources"]
    assert any(s.endswith("page.html") for s in sources) and any(
        s.endswith("brief.txt") for s in sources
    )
    assert any("dump.jsonl" in s or "wire.example" in s for s in sources)


def test_cache_a_damaged_cache_file_is_a_clear_error(tmp_path):
    from actorgraph.cache import ExtractionCache
    from actorgraph.errors import InputError

    (tmp_path / "extractions.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError, match="cannot open the cache") as caught:
        ExtractionCache(tmp_path, "v1")
    assert "delete the cache file" in caught.value.hint


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, code in files.items():
        path = root / "actorgraph" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code)
    return root / "actorgraph"


def test_cache_invalidation_follows_a_rule_moved_out_of_the_extractor(tmp_path):
    """The cache version hashes every module the extractor imports, wherever it lives: a rule
    moved from extract/ to another module still invalidates the cache when it changes, and a
    module the extractor does not import is not part of it."""
    from actorgraph.cache import extractor_modules

    before = _package(
        tmp_path / "before",
        {
            "__init__.py": "",
            "extract/__init__.py": "from .rules import rule\n",
            "extract/rules.py": "from ..model import Article\n\ndef rule(): return 1\n",
            "model.py": "Article = object\n",
            "export.py": "import networkx\n",
        },
    )
    names = {p.relative_to(before).as_posix() for p in extractor_modules(before)}
    assert names == {"__init__.py", "extract/__init__.py", "extract/rules.py", "model.py"}

    after = _package(
        tmp_path / "after",
        {
            "__init__.py": "",
            "extract/__init__.py": "from .rules import rule\n",
            "extract/rules.py": "from actorgraph.shared import rule\n",
            "shared/__init__.py": "from . import moved\nfrom .moved import rule\n",
            "shared/moved.py": "def rule(): return 1\n",
            "export.py": "import networkx\n",
        },
    )
    names = {p.relative_to(after).as_posix() for p in extractor_modules(after)}
    assert "shared/moved.py" in names and "export.py" not in names


def test_cache_version_covers_the_knowledge_module_outside_extract():
    from actorgraph.cache import PACKAGE_DIR, extractor_modules

    names = {p.relative_to(PACKAGE_DIR).as_posix() for p in extractor_modules()}
    assert {"knowledge.py", "extract/events.py", "model.py"} <= names
    assert not any(name.startswith("export") for name in names)
