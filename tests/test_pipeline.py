"""pipeline.build end to end on the seed article, and its behaviour on bad input.

The seed build runs once per session (``seed_build`` in conftest.py). The
extractor is still being tuned, so these tests assert what must hold for any
correct extraction of the seed (contract, provenance, offsets, the headline
fact of the article), never node or edge counts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Namespace

from actorgraph.errors import InputError
from actorgraph.export import DEFAULT_FORMATS
from actorgraph.ingest import read_article
from actorgraph.pipeline import BuildReport, build
from actorgraph.vocab import AG

pytestmark = pytest.mark.model

FORMATS = DEFAULT_FORMATS
NODE_TYPES = {"Person", "Organization", "Place", "Event"}
SCHEMA = Namespace("https://schema.org/")  # not rdflib's SDO: pytest probes module globals
ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# Binary content no decoder should take for an article: a PNG header and raw bytes.
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _output(report: BuildReport, fmt: str) -> Path:
    (path,) = [p for p in report.outputs if p.name == f"graph.{fmt}"]
    return path


@pytest.fixture(scope="module")
def vocabulary(repo_root: Path) -> dict:
    return json.loads((repo_root / "graph" / "vocabulary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_graphml(seed_build: BuildReport) -> nx.MultiDiGraph:
    read = nx.read_graphml(_output(seed_build, "graphml"), force_multigraph=True)
    # GraphML node ids are NMTOKENs (organization:ttp); each node's "id" attribute is the key.
    return nx.relabel_nodes(read, {node: data["id"] for node, data in read.nodes(data=True)})


@pytest.fixture(scope="module")
def seed_turtle(seed_build: BuildReport) -> Graph:
    return Graph().parse(_output(seed_build, "ttl"), format="turtle")


@pytest.fixture(scope="module")
def seed_article(seed_dir: Path):
    (path,) = sorted(seed_dir.glob("*.txt"))
    return read_article(path)


def test_pipeline_nlp_has_dictionary_ruler_before_ner(nlp):
    """Known actors keep their dictionary type and id: the ruler must run before the NER."""
    assert nlp.lang == "en"
    names = nlp.pipe_names
    assert "actor_dictionary" in names and "ner" in names and "parser" in names
    assert names.index("actor_dictionary") < names.index("ner")
    doc = nlp("The Tehreek-e-Taliban Pakistan claimed the attack in Peshawar.")
    keys = {ent.ent_id_ for ent in doc.ents if ent.ent_id_}
    assert "organization/tehreek-e-taliban-pakistan" in keys


def test_pipeline_writes_every_format(seed_build, seed_out):
    assert sorted(p.name for p in seed_build.outputs) == sorted(f"graph.{f}" for f in FORMATS)
    for fmt in FORMATS:
        path = seed_out / f"graph.{fmt}"
        assert path.is_file() and path.stat().st_size > 0, path
    assert seed_build.articles == 1
    assert seed_build.skipped == []
    assert sorted(p.name for p in seed_out.iterdir()) == sorted(f"graph.{f}" for f in FORMATS)


def test_pipeline_graphml_has_every_node_type(seed_graphml, seed_build):
    types = {data["type"] for _, data in seed_graphml.nodes(data=True)}
    assert types == NODE_TYPES
    assert set(seed_graphml.nodes) == set(seed_build.graph.nodes)
    assert seed_graphml.number_of_edges() == seed_build.graph.number_of_edges()


def test_pipeline_nodes_follow_the_contract(seed_build):
    for node, data in seed_build.graph.nodes(data=True):
        assert data["id"] == node
        assert data["type"] in NODE_TYPES
        assert data["label"].strip() == data["label"] and data["label"]
        assert isinstance(data["mentions"], int) and data["mentions"] >= 1
        assert data["sources"]
        assert data["label"] not in data["aliases"]


def test_pipeline_relations_fit_the_vocabulary(seed_build, vocabulary):
    relations = vocabulary["relations"]
    graph = seed_build.graph
    assert graph.number_of_edges() > 0
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        spec = relations.get(data["relation"])
        assert spec is not None, data["relation"]
        assert key == data["relation"]
        assert data["label"] == spec["label"]
        assert graph.nodes[subject]["type"] in spec["domain"], (subject, data["relation"])
        assert graph.nodes[obj]["type"] in spec["range"], (obj, data["relation"])
        assert 0.0 <= data["confidence"] <= 1.0
        assert subject != obj


def test_pipeline_evidence_offsets_slice_the_cleaned_text(seed_build, seed_article):
    for subject, obj, data in seed_build.graph.edges(data=True):
        assert data["source"] == seed_article.source
        assert 0 <= data["start"] < data["end"] <= len(seed_article.text)
        assert seed_article.text[data["start"] : data["end"]] == data["evidence"], (
            subject,
            data["relation"],
            obj,
        )


def test_pipeline_event_dates_are_iso_prefixes(seed_build):
    events = [data for _, data in seed_build.graph.nodes(data=True) if data["type"] == "Event"]
    assert events
    for data in events:
        date = data["date"]
        assert date == "" or ISO_PREFIX.fullmatch(date), (data["id"], date)
        if date:
            fmt = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}[len(date)]
            dt.datetime.strptime(date, fmt)  # a real calendar date
        assert data["event_type"]
    assert any(d["date"] for d in events)


def test_pipeline_peshawar_bombing_is_dated_from_on_monday(seed_build):
    """'The latest attack came on Monday', in an article of Tuesday 31 January 2023."""
    events = [d for _, d in seed_build.graph.nodes(data=True) if d["type"] == "Event"]
    assert any("Peshawar" in d["label"] and d["date"] == "2023-01-30" for d in events)


def test_pipeline_turtle_and_jsonld_hold_the_same_triples(seed_build, seed_turtle):
    jsonld = Graph().parse(_output(seed_build, "jsonld"), format="json-ld")
    assert len(seed_turtle) > 0
    assert len(jsonld) == len(seed_turtle)
    assert set(jsonld.subjects()) == set(seed_turtle.subjects())
    assert set(jsonld) == set(seed_turtle)  # no blank nodes: plain set equality is isomorphism


def test_pipeline_sparql_answers_who_claimed_the_peshawar_bombing(seed_turtle):
    query = """
        SELECT DISTINCT ?name WHERE {
            ?claimant ag:claimedResponsibility ?event ;
                      schema:name ?name .
            ?event schema:name ?eventName .
            FILTER(CONTAINS(STR(?eventName), "Peshawar"))
        }
    """
    rows = seed_turtle.query(query, initNs={"ag": AG._NS, "schema": SCHEMA})
    names = {str(row.name) for row in rows}
    assert any(
        "Tehreek-e-Taliban Pakistan" in name or "Jamaat-ul-Ahrar" in name for name in names
    ), names


def test_pipeline_rdf_statements_carry_provenance(seed_turtle, seed_build):
    statements = set(seed_turtle.subjects(predicate=AG.evidence))
    assert len(statements) == seed_build.graph.number_of_edges()
    for statement in statements:
        for prop in (AG.source, AG.startOffset, AG.endOffset, AG.confidence, AG.relation):
            assert seed_turtle.value(statement, prop) is not None, (statement, prop)


def test_pipeline_html_fetches_nothing_from_the_network(seed_build):
    html = _output(seed_build, "html").read_text(encoding="utf-8")
    assert "ag-data" in html or "vis" in html  # it is the graph page, not an empty file
    live = re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL)
    for pattern in (
        r"<script[^>]*\ssrc\s*=\s*[\"']?\s*(https?:)?//",
        r"<link[^>]*\shref\s*=\s*[\"']?\s*(https?:)?//",
        r"@import\s+(url\()?\s*[\"']?\s*(https?:)?//",
    ):
        assert not re.search(pattern, live, re.IGNORECASE), pattern


def test_pipeline_is_deterministic(seed_build, seed_dir, tmp_path):
    again = build([seed_dir], tmp_path)
    assert sorted(again.graph.nodes) == sorted(seed_build.graph.nodes)
    assert sorted(again.graph.edges(keys=True)) == sorted(seed_build.graph.edges(keys=True))
    for fmt in ("graphml", "ttl"):
        assert _output(again, fmt).read_bytes() == _output(seed_build, fmt).read_bytes(), fmt


# --- bad input -------------------------------------------------------------------------------


@pytest.fixture
def good_article(seed_dir: Path, tmp_path: Path) -> Path:
    (seed,) = sorted(seed_dir.glob("*.txt"))
    folder = tmp_path / "in"
    folder.mkdir()
    target = folder / "a-good.txt"
    target.write_bytes(seed.read_bytes())
    return target


def test_pipeline_folder_with_only_binary_file_raises_input_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "photo.txt").write_bytes(BINARY)
    with pytest.raises(InputError) as caught:
        build([folder], tmp_path / "out")
    assert "photo.txt" in caught.value.message
    assert caught.value.hint
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_pipeline_strict_refuses_a_batch_with_a_bad_file(good_article, tmp_path):
    (good_article.parent / "b-binary.txt").write_bytes(BINARY)
    with pytest.raises(InputError) as caught:
        build([good_article.parent], tmp_path / "out", strict=True)
    assert "b-binary.txt" in caught.value.message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_pipeline_skips_a_bad_file_and_reports_it(good_article, tmp_path):
    bad = good_article.parent / "b-binary.txt"
    bad.write_bytes(BINARY)
    report = build([good_article.parent], tmp_path / "out")
    assert report.articles == 1
    assert [Path(path).name for path, _ in report.skipped] == ["b-binary.txt"]
    assert all(why for _, why in report.skipped)
    assert report.graph.number_of_nodes() > 0
    sources = {d["source"] for *_, d in report.graph.edges(data=True)}
    assert sources == {"in/a-good.txt"}  # the folder given, then the file: never absolute


def test_pipeline_no_export_shows_an_absolute_local_path(good_article, tmp_path):
    """Sources are named from the input given (here a folder outside the current one)."""
    report = build([good_article.parent.resolve()], tmp_path / "out")
    assert report.graph.graph["sources"] == ("in/a-good.txt",)
    assert report.outputs
    for path in report.outputs:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert str(tmp_path) not in text and "in/a-good.txt" in text, path.name


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", BINARY])
def test_pipeline_single_unreadable_file_raises_input_error(tmp_path, content):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(InputError):
        build([path], tmp_path / "out")


def test_pipeline_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        build([tmp_path / "no-such-folder"], tmp_path / "out")
    assert "no-such-folder" in caught.value.message


UNDATED = "Gunmen killed five soldiers at an army post in Kidal, Mali, on Monday, officials said.\n"


def _events(report: BuildReport) -> list[tuple[str, str]]:
    return [
        (d["label"], d.get("date", ""))
        for _, d in report.graph.nodes(data=True)
        if d["type"] == "Event"
    ]


def test_build_warns_about_an_undated_article_and_keeps_its_event(tmp_path):
    (tmp_path / "kidal.txt").write_text(UNDATED, encoding="utf-8")
    report = build([tmp_path / "kidal.txt"], tmp_path / "out", use_cache=False)
    assert [why for _, why in report.warnings] and "--published" in report.warnings[0][1]
    assert [date for _, date in _events(report)] == [""]


def test_build_published_dates_a_plain_text_article(tmp_path):
    (tmp_path / "kidal.txt").write_text(UNDATED, encoding="utf-8")
    report = build(
        [tmp_path / "kidal.txt"], tmp_path / "out", use_cache=False, published="2023-05-02"
    )
    assert report.warnings == []
    assert [date for _, date in _events(report)] == ["2023-05-01"]


def test_build_refuses_a_malformed_published_date_before_reading(tmp_path):
    (tmp_path / "kidal.txt").write_text(UNDATED, encoding="utf-8")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        build([tmp_path / "kidal.txt"], tmp_path / "out", use_cache=False, published="02/05/2023")
    assert not (tmp_path / "out").exists()


def test_build_failing_export_leaves_the_previous_set_whole(seed_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([seed_dir], out, use_cache=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    import actorgraph.export.gexf as gexf

    def broken(graph, outs, readings=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gexf, "write", broken)  # the registered writer, looked up at each write
    with pytest.raises(Exception, match="No space left|cannot write"):
        build([seed_dir], out, use_cache=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging folder, no tmp


def test_build_removes_the_staging_folder_of_a_killed_build(seed_dir, tmp_path):
    out = tmp_path / "out"
    stale = out / ".actorgraph-staging-999999999-abc"
    stale.mkdir(parents=True)
    (stale / "graph.ttl").write_text("half")
    build([seed_dir], out, use_cache=False)
    assert not stale.exists()


def test_a_second_build_into_one_folder_waits_for_the_first(tmp_path):
    import fcntl
    import os

    from actorgraph.errors import ExportError
    from actorgraph.export import out_dir_lock

    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        with pytest.raises(ExportError, match="another actorgraph build"):
            with out_dir_lock(out, wait=0.3):
                pass
    finally:
        os.close(holder)
    with out_dir_lock(out, wait=0.3):
        pass


def test_pipeline_source_labels_read_as_headline_outlet_and_date():
    from actorgraph.graph import source_labels

    graph = nx.MultiDiGraph()
    graph.graph["sources"] = ("corpus/a.txt", "corpus/b.txt", "wire.jsonl#3")
    articles = [
        {
            "source": "corpus/a.txt",
            "title": "Blast in Peshawar",
            "url": "",
            "published": "2023-01-30",
            "publisher": "Dawn",
        },
        {
            "source": "wire.jsonl#3",
            "title": "",
            "url": "https://x.example/a",
            "published": "",
            "publisher": "",
        },
    ]
    graph.graph["articles"] = tuple(articles)
    expected = {
        "corpus/a.txt": "Blast in Peshawar — Dawn, 2023-01-30",
        "corpus/b.txt": "corpus/b.txt",  # nothing known but its id
        "wire.jsonl#3": "https://x.example/a",
    }
    assert source_labels(graph) == expected
    graph.graph["sources"] = "|".join(graph.graph["sources"])  # as read back from GraphML
    graph.graph["articles"] = json.dumps(articles)
    assert source_labels(graph) == expected


def test_an_empty_input_path_is_skipped_and_reported_never_the_current_folder(tmp_path):
    from actorgraph.errors import InputError
    from actorgraph.pipeline import _existing_inputs

    skipped = []
    found = _existing_inputs(["", str(tmp_path)], lambda path, error: skipped.append(error))
    assert found == [str(tmp_path)]
    assert "empty path" in skipped[0].message
    with pytest.raises(InputError):
        _existing_inputs([""], None)
