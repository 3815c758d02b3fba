"""Fuzzing extraction and every export with mutated fixture articles.

    python bench/fuzz.py [--count 100000] [--seed 1] [--timeout 20] [--export-every 50]
                         [--report fuzz.jsonl] [--shrink]

Each input is a fixture or seed article mutated (``mutate``): paragraphs shuffled, dropped,
truncated or doubled, hostile names and strings injected (markup, quotes, newlines,
right-to-left overrides, lone surrogates, NUL, formula cells, Turtle syntax), random
Unicode, case and whitespace changes, odd numbers and dates, parser stress (a 3,000-word
sentence, deep parentheses), and odd metadata. It goes through ``extract`` between two short
good articles, in a child process with a hard watchdog (``soak.Child``). Every
``--export-every``-th input, the three extractions are resolved into a graph that is written
in every format and read back by independent readers (``check_exports``). Prints the counts:

    inputs    mutated articles run
    crashes   an exception in extraction (or in resolving/graph building), or the child dying
    hangs     the library's per-article time-out or the watchdog (--timeout, 20 s by default)
    invalid   an export that raised, or that its reader rejected or read back wrong
    lost      a good neighbour article with no extraction, a failure, or a different one than
              when extracted alone
    bad offsets  a statement whose evidence is not ``text[start:end]``

``--replay REPORT`` shrinks the first example of each finding of an earlier run's report.
``ACTORGRAPH_SRC=/path/to/src`` runs another checkout's code (see bench/soak.py).

The same mutator and export checks are used by ``tests/test_fuzz.py`` (a bounded hypothesis
test); a mutator takes any ``rng`` with ``randint``, ``choice`` and ``random``, so it runs on
``random.Random`` here and on hypothesis's ``st.randoms()`` there (whose choices hypothesis draws).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(
    os.environ.get("ACTORGRAPH_SRC") or ROOT / "src"
)  # another checkout's src/, e.g. a HEAD snapshot
for _path in (SRC, Path(__file__).resolve().parent):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from soak import check_extraction  # noqa: E402,F401  (shared with the soak run)

from actorgraph.model import Article  # noqa: E402

SOURCES = (ROOT / "tests" / "fixtures" / "articles", ROOT / "seeds")
MAX_CHARS = 40_000  # mutated texts are cut here, so one input stays a few seconds at most


class Chooser(Protocol):
    def randint(self, a: int, b: int) -> int: ...
    def choice(self, seq: Sequence) -> Any: ...
    def random(self) -> float: ...


# ------------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------------


def load_bases(sources: Sequence[Path] = SOURCES) -> list[Article]:
    """The fixture and seed articles, as ingest reads them (title, dateline, date filled in)."""
    from actorgraph.ingest import read_articles

    return [a for a in read_articles([p for p in sources if p.exists()]) if a.text.strip()]


HOSTILE = (
    "<script>alert(1)</script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<!--",
    "]]>",
    "<![CDATA[x",
    "&amp;",
    "&#0;",
    "&#x1;",
    "&lt;",
    '"',
    "'",
    '"\'"',
    '"""',
    "'''",
    "`",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u202d",
    "\u202c",
    "\u200f",
    "\u200e",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ufffd",
    "\ud800",
    "\udfff",
    "\udc80",
    "\x00",
    "\x01",
    "\x7f",
    "\x1b[31m",
    "\\",
    "\\u0000",
    "\\n",
    "%s%n%x",
    "{0}",
    "{{7*7}}",
    "${jndi:x}",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2-2",
    "@SUM(1)",
    "<http://example.org/x>",
    "@prefix x: <y> .",
    "_:b0",
    '"^^xsd:int',
    "@en",
    "# comment",
    '"@context": {}',
    "İ",
    "ß",
    "ﬁ",
    "ŉ",
    "ǰ",
    "o\u0308",
    "\u0301" * 40,
    "🇵🇰",
    "👨\u200d👩\u200d👧",
    "ﷺ",
    "تحریک طالبان",
    "巴基斯坦",
    "𝔸𝕓𝕔",
    "Ⅻ",
    "²³",
    "٣٤٥",
    "١٠٠",
    "\u00a0",
    "\u3000",
    "—",
    "…",
    "«»",
    "„“",
)

HOSTILE_NAMES = (
    "<script>alert(1)</script>",
    "<script>alert(1)</script> Khan",
    "O'Brien",
    'Abu "the Butcher" Bakr',
    "Tehreek-e-Taliban\u202e Pakistan",
    "Army\ud800 of God",
    "Nul\x00 Front",
    "Line\nBreak Brigade",
    'Dr. =HYPERLINK("x") Ahmed',
    "İsmail İnönü",
    "Straße-Gruppe",
    "ﬁrst Battalion",
    "Ahmed " + "X" * 5_000,
    "  ",
    ".",
    "-",
    "The",
    "Mr.",
    "& Co",
    "الدولة الإسلامية",
    "Ansar al-Sharia \u200f(AAS)",
    "\u202eHamza\u202c Khan",
    "Jean-Luc D'Artagnan-O'Neil",
    "Al-Qa'ida",
    "ISIS-K/ISKP",
    "M23/ARC",
    "Boko Haram",
    "Pakistan",
    "Peshawar",
    "Taliban",
    "Islamic State",
)

ODD_NUMBERS = (
    "0",
    "-5",
    "1e308",
    "99999999999999999999999999999",
    "3.5",
    "1,000,000,000,000",
    "two hundred million billion",
    "½",
    "007",
    "10^100",
    "NaN",
    "inf",
    "-0",
    "٣",
    "2" * 400,
)

ODD_DATES = (
    "on 31 February 2023",
    "on February 30",
    "in the year 0",
    "in 99999",
    "on 0000-00-00",
    "on 2023-13-45",
    "on 12/34/5678",
    "on 1/1/1",
    "on 29 February 2023",
    "on Monday, 32 January 2024",
    "between 2025 and 1990",
    "yesterday",
    "tomorrow",
    "last week",
    "in the 1990s",
    "in the 990s",
    "on 1 January 1",
    "on 31 December 9999",
    "in December 9999",
    "10,000 years ago",
    "on day 0",
    "on the 0th",
    "since 1800 BC",
    "9999-12-31",
    "0001-01-01",
    "last year",
    "next year",
    "on 2 Jan 99",
    "on Sept. 31",
    "late 2024",
    "mid-January",
    "on Jan 1st, 1970 00:00",
)

PUBLISHED = (
    "",
    "2023-01-31",
    "0001-01-01",
    "0001-01-02",
    "9999-12-31",
    "9999-12-30",
    "2024-02-29",
    "1900-03-01",
    "2000-01-01",
)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()] or [text]


def _shuffle(rng: Chooser, items: list) -> list:
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = rng.randint(0, i)
        items[i], items[j] = items[j], items[i]
    return items


def _insert(rng: Chooser, text: str, piece: str, at_word: bool | None = None) -> str:
    if at_word is None:
        at_word = rng.random() < 0.7
    if at_word:
        spaces = [m.start() for m in re.finditer(r"\s", text)] or [len(text)]
        pos = rng.choice(spaces)
        return f"{text[:pos]} {piece}{text[pos:]}"
    pos = rng.randint(0, len(text))
    return text[:pos] + piece + text[pos:]


SKIP_SURROGATES = (
    False  # --skip-surrogates: leave out lone surrogates (ingest already replaces them)
)


def random_unicode(rng: Chooser, length: int) -> str:
    ranges = (
        (0x20, 0x7E),
        (0x00, 0x1F),
        (0x80, 0x24F),
        (0x300, 0x36F),
        (0x590, 0x6FF),
        (0x900, 0x97F),
        (0x2000, 0x206F),
        (0x4E00, 0x4EFF),
        (0xD800, 0xDFFF),
        (0xFE00, 0xFEFF),
        (0xFFF0, 0xFFFF),
        (0x1F300, 0x1F6FF),
        (0x1D400, 0x1D7FF),
        (0xE0000, 0xE007F),
        (0x10FFF0, 0x10FFFF),
    )
    if SKIP_SURROGATES:
        ranges = tuple(r for r in ranges if r[0] != 0xD800)
    out = []
    for _ in range(length):
        low, high = rng.choice(ranges)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def _hostile() -> tuple[str, ...]:
    if SKIP_SURROGATES:
        return tuple(h for h in HOSTILE if not re.search("[\ud800-\udfff]", h))
    return HOSTILE


def _hostile_names() -> tuple[str, ...]:
    if SKIP_SURROGATES:
        return tuple(h for h in HOSTILE_NAMES if not re.search("[\ud800-\udfff]", h))
    return HOSTILE_NAMES


def m_shuffle_paragraphs(rng: Chooser, text: str) -> str:
    return "\n\n".join(_shuffle(rng, _paragraphs(text)))


def m_keep_paragraphs(rng: Chooser, text: str) -> str:
    paras = _paragraphs(text)
    start = rng.randint(0, len(paras) - 1)
    return "\n\n".join(paras[start : start + rng.randint(1, 4)])


def m_truncate(rng: Chooser, text: str) -> str:
    return text[: rng.randint(0, len(text))]


def m_double(rng: Chooser, text: str) -> str:
    return (text + rng.choice(("\n\n", "\n", " ", ""))) * rng.randint(2, 3)


def m_hostile(rng: Chooser, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        text = _insert(rng, text, rng.choice(_hostile()))
    return text


def m_hostile_name(rng: Chooser, text: str) -> str:
    names = sorted(set(re.findall(r"\b[A-Z][\w'-]+(?: [A-Z][\w'-]+)*", text)))
    hostile = rng.choice(_hostile_names())
    if names and rng.random() < 0.7:
        name = rng.choice(names)
        mode = rng.randint(0, 2)
        new = hostile if mode == 0 else f"{hostile} {name}" if mode == 1 else f"{name} {hostile}"
        return text.replace(name, new)
    place = rng.choice(_hostile_names())
    return _insert(rng, text, f"{hostile} said it had carried out the attack in {place}.")


def m_random_unicode(rng: Chooser, text: str) -> str:
    piece = random_unicode(rng, rng.randint(1, 60))
    if rng.random() < 0.3:
        start = rng.randint(0, len(text))
        return text[:start] + piece + text[start + rng.randint(0, 200) :]
    return _insert(rng, text, piece, at_word=False)


def m_case(rng: Chooser, text: str) -> str:
    return rng.choice((str.upper, str.lower, str.title, str.swapcase, str.casefold))(text)


def m_whitespace(rng: Chooser, text: str) -> str:
    mode = rng.randint(0, 8)
    if mode == 0:
        return re.sub(r"\s+", " ", text)  # one line
    if mode == 1:
        return re.sub(r"(?<=[.!?]) ", "\n", text)  # a sentence a line
    if mode == 2:
        return text.replace("\n", "\r\n")
    if mode == 3:
        return text.replace("\n", "\r")
    if mode == 4:
        return text.replace(" ", rng.choice(("  ", "\t", "\u00a0", "\u3000", " \u200b")))
    if mode == 5:
        return text.replace("\n\n", "\n" * rng.randint(3, 50))
    if mode == 6:
        return text.replace("\n", rng.choice(("\u2028", "\u2029", "\x0c", "\x0b", "\x85", "\x1c")))
    if mode == 7:
        return " ".join(text.split()).replace(" ", "\n")  # a word a line
    return rng.choice(("", " ", "\n", "\n\n\n", " \t \n \r\n", "\x00", "\ufeff", "\u202e"))


def m_numbers(rng: Chooser, text: str) -> str:
    numbers = list(re.finditer(r"\b\d[\d,.]*\b", text))
    for _ in range(rng.randint(1, 4)):
        if numbers and rng.random() < 0.6:
            m = rng.choice(numbers)
            text = text[: m.start()] + rng.choice(ODD_NUMBERS) + text[m.end() :]
            numbers = list(re.finditer(r"\b\d[\d,.]*\b", text))
        else:
            text = _insert(
                rng, text, f"{rng.choice(ODD_NUMBERS)} people were killed {rng.choice(ODD_DATES)}."
            )
    return text


def m_dates(rng: Chooser, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        text = _insert(rng, text, f"The attack took place {rng.choice(ODD_DATES)}.")
    return text


def m_stress(rng: Chooser, text: str) -> str:
    """Parser and rule stress: a huge sentence, deep nesting, a long list, a repeated trigger."""
    mode = rng.randint(0, 5)
    if mode == 0:
        piece = (
            " ".join(
                rng.choice(("killed", "bombing", "attack", "the", "Taliban", "in", "Pakistan", ","))
                for _ in range(rng.randint(500, 3000))
            )
            + "."
        )
    elif mode == 1:
        depth = rng.randint(50, 600)
        piece = "(" * depth + "Taliban" + ")" * depth
    elif mode == 2:
        names = (rng.choice(HOSTILE_NAMES[-6:]) for _ in range(rng.randint(100, 800)))
        piece = ", ".join(names) + " were attacked."
    elif mode == 3:
        piece = "killed " * rng.randint(200, 2000)
    elif mode == 4:
        piece = "x" * rng.randint(1_000, 20_000)  # one enormous token
    else:
        bullets = (
            rng.choice(("A.", "-", "*", "1.", '"', "Mr.")) for _ in range(rng.randint(100, 1500))
        )
        piece = "\n".join(bullets)
    return _insert(rng, text, piece)


def m_splice(rng: Chooser, text: str, other: str = "") -> str:
    paras = _paragraphs(text) + _paragraphs(other or text)
    return "\n\n".join(_shuffle(rng, paras)[: rng.randint(1, min(8, len(paras)))])


MUTATIONS: tuple[Callable[[Chooser, str], str], ...] = (
    m_shuffle_paragraphs,
    m_keep_paragraphs,
    m_truncate,
    m_double,
    m_hostile,
    m_hostile_name,
    m_random_unicode,
    m_case,
    m_whitespace,
    m_numbers,
    m_dates,
    m_stress,
    m_splice,
)


def mutate(
    rng: Chooser,
    bases: Sequence[Article],
    number: int = 0,
    max_chars: int = MAX_CHARS,
    first: Callable[[Chooser, str], str] | None = None,
) -> tuple[Article, list[str]]:
    """One mutated article (text cut at ``max_chars``) and the mutations applied, in order;
    ``first`` forces the first mutation (the test covers each one that way)."""
    base = rng.choice(bases)
    text, applied = base.text, []
    if rng.random() < 0.6:  # smaller inputs most of the time: more inputs a minute
        text = m_keep_paragraphs(rng, text)
        applied.append("m_keep_paragraphs")
    for step in range(rng.randint(1, 4)):
        mutation = first if first is not None and step == 0 else rng.choice(MUTATIONS)
        if mutation is m_splice:
            text = m_splice(rng, text, rng.choice(bases).text)
        else:
            text = mutation(rng, text)
        applied.append(mutation.__name__)
        text = text[:max_chars]
    meta = {}
    if rng.random() < 0.3:
        field = rng.choice(("title", "dateline", "source", "published", "publisher"))
        applied.append(f"meta:{field}")
        if field == "published":
            meta[field] = rng.choice(PUBLISHED)
        else:
            meta[field] = rng.choice(_hostile_names() + _hostile())
    source = meta.pop("source", f"fuzz/{number:06d}-{Path(base.source).stem}")
    return replace(base, text=text, source=source, **meta), applied


def neighbours(bases: Sequence[Article]) -> tuple[Article, Article]:
    """Two short good articles that go through ``extract`` before and after each input."""

    def short(article: Article, tag: str) -> Article:
        paras = _paragraphs(article.text)
        return replace(
            article, text="\n\n".join(paras[:4]), source=f"good/{tag}-{Path(article.source).stem}"
        )

    ordered = sorted(bases, key=lambda a: a.source)
    return short(ordered[0], "before"), short(ordered[min(1, len(ordered) - 1)], "after")


# ------------------------------------------------------------------------------------------------
# Checks
# ------------------------------------------------------------------------------------------------


def differences(alone: dict, beside: dict, limit: int = 3) -> list[str]:
    """What changed in an extraction (``to_dict()``) read beside another article, vs read alone."""
    out = []
    for part, key in (("entities", "key"), ("events", "key"), ("statements", None)):

        def index(items: list[dict], key: str | None = key) -> dict:
            return {
                (
                    item[key]
                    if key
                    else (item["subject"], item["relation"], item["object"], item["start"])
                ): item
                for item in items
            }

        a, b = index(alone.get(part, [])), index(beside.get(part, []))
        out += [f"{part}: lost {k}" for k in sorted(set(a) - set(b), key=str)[:limit]]
        out += [f"{part}: new {k}" for k in sorted(set(b) - set(a), key=str)[:limit]]
        for k in sorted(set(a) & set(b), key=str):
            changed = {f: (a[k][f], b[k].get(f)) for f in a[k] if a[k][f] != b[k].get(f)}
            if changed:
                out.append(f"{part}: {k} changed {changed}"[:300])
    if alone.get("article") != beside.get("article"):
        out.append("article differs")
    return out[: limit * 3]


DATA_BLOCK = re.compile(r'<script type="application/json" id="ag-data">(.*?)</script>', re.S)


def _template_scripts() -> int:
    import importlib.resources

    page = (importlib.resources.files("actorgraph.export") / "templates" / "graph.html").read_text(
        "utf-8"
    )
    return page.lower().count("<script")


def build_and_export(extractions: Sequence[Any], folder: Path) -> tuple[Any, list[Path]]:
    """Resolve the extractions, build the graph and write every default format into ``folder``."""
    from actorgraph.export import DEFAULT_FORMATS, export_all
    from actorgraph.graph import ReadingLog, build_graph
    from actorgraph.resolve import resolve

    with ReadingLog(folder) as readings:
        graph = build_graph(resolve(extractions), readings)
        paths = export_all(graph, folder, DEFAULT_FORMATS, readings)
    return graph, paths


def check_exports(graph: Any, folder: Path) -> list[str]:
    """Read every export in ``folder`` back with an independent reader; the problems found.

    GraphML and GEXF with networkx, Turtle and JSON-LD with rdflib (and the two must be the
    same RDF graph), the CSV tables with the csv module, the page's data block with json.
    """
    import networkx as nx
    import rdflib
    from rdflib.compare import isomorphic

    problems: list[str] = []
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()

    def check(fmt: str, test: Callable[[Path], str | None]) -> None:
        path = folder / f"graph.{fmt}"
        if not path.exists():
            problems.append(f"{fmt}: not written")
            return
        try:
            problem = test(path)
        except Exception as exc:  # the reader rejected the file
            problem = f"unreadable: {type(exc).__name__}: {str(exc)[:200]}"
        if problem:
            problems.append(f"{fmt}: {problem}")

    def graphml(path: Path) -> str | None:
        back = nx.read_graphml(path, force_multigraph=True)
        if (back.number_of_nodes(), back.number_of_edges()) != (nodes, edges):
            return (
                f"read back {back.number_of_nodes()} nodes/{back.number_of_edges()} edges, "
                f"wrote {nodes}/{edges}"
            )
        return None

    def gexf(path: Path) -> str | None:
        back = nx.read_gexf(path)
        if back.number_of_nodes() != nodes:
            return f"read back {back.number_of_nodes()} nodes, wrote {nodes}"
        return None

    rdf: dict[str, Any] = {}

    def turtle(path: Path) -> str | None:
        rdf["ttl"] = rdflib.Graph().parse(path, format="turtle")
        return None if len(rdf["ttl"]) or not nodes else "no triples"

    def jsonld(path: Path) -> str | None:
        rdf["jsonld"] = rdflib.Graph().parse(path, format="json-ld")
        return None if len(rdf["jsonld"]) or not nodes else "no triples"

    def table(expected: int) -> Callable[[Path], str | None]:
        def read(path: Path) -> str | None:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            return None if len(rows) == expected else f"{len(rows)} rows, expected {expected}"

        return read

    def html(path: Path) -> str | None:
        page = path.read_text(encoding="utf-8")
        scripts = page.lower().count("<script")
        if scripts != _template_scripts() or page.lower().count("</script") != scripts:
            return (
                f"{scripts} <script> tags, the template has {_template_scripts()}: "
                "data escaped the data block"
            )
        block = DATA_BLOCK.search(page)
        if not block:
            return "no data block"
        data = json.loads(block.group(1))
        if len(data.get("nodes", [])) != nodes:
            return f"data block has {len(data.get('nodes', []))} nodes, the graph {nodes}"
        return None

    check("graphml", graphml)
    check("gexf", gexf)
    check("ttl", turtle)
    check("jsonld", jsonld)
    check("nodes.csv", table(nodes))
    check("edges.csv", table(edges))
    check("html", html)
    if "ttl" in rdf and "jsonld" in rdf and not isomorphic(rdf["ttl"], rdf["jsonld"]):
        problems.append(
            f"ttl/jsonld: not the same RDF graph "
            f"({len(rdf['ttl'])} vs {len(rdf['jsonld'])} triples)"
        )
    return problems


def export_problems(extractions: Sequence[Any]) -> list[str]:
    """Build, export and read back in a temporary folder; an exception is a problem too."""
    with tempfile.TemporaryDirectory(prefix="actorgraph-fuzz-") as tmp:
        try:
            graph, _ = build_and_export(extractions, Path(tmp))
        except Exception as exc:
            frames = traceback.extract_tb(exc.__traceback__)
            where = " <- ".join(f"{Path(f.filename).name}:{f.name}" for f in reversed(frames[-4:]))
            return [f"export raised {type(exc).__name__}: {str(exc)[:200]} at {where}"]
        return check_exports(graph, Path(tmp))


# ------------------------------------------------------------------------------------------------
# In the worker (soak.Child with setup="fuzz:register")
# ------------------------------------------------------------------------------------------------


def register(extractor: Any) -> dict[str, Callable]:
    """Request kinds the fuzz worker answers, on top of soak's ``extract``."""
    baseline: dict[str, dict] = {}

    def fuzz_case(payload: dict) -> dict:
        articles: list[Article] = payload["articles"]
        target: int = payload["target"]
        pairs = extractor.run(articles)
        for i, article in enumerate(articles):
            if i != target and article.source not in baseline:
                alone = extractor.run([article])[0][1]
                baseline[article.source] = alone.to_dict() if hasattr(alone, "to_dict") else {}
        lost, offsets = [], []
        for i, (article, (result, outcome)) in enumerate(zip(articles, pairs)):
            if result["status"] == "ok":
                offsets += check_extraction(outcome)
            if i == target:
                continue
            if result["status"] != "ok":
                lost.append(
                    f"{article.source}: {result['status']}: {result.get('reason', '')[:120]}"
                )
            elif outcome.to_dict() != baseline[article.source]:
                changed = differences(baseline[article.source], outcome.to_dict())
                lost.append(f"{article.source}: changed beside the input: {'; '.join(changed)}")
        answer = {"result": pairs[target][0], "lost": lost, "offsets": offsets}
        if payload.get("export"):
            good = [outcome for result, outcome in pairs if result["status"] == "ok"]
            answer["export"] = export_problems(good)
        return answer

    return {"fuzz": fuzz_case}


def minimize(
    child: Any,
    kind: str,
    article: Article,
    detail: dict,
    timeout: float,
    around: tuple[Article, Article],
    max_tries: int = 400,
) -> str | None:
    """The finding's input text cut down to what still shows the same finding
    (None: not shrinkable)."""
    import soak

    if kind in ("crash", "hang"):
        return soak.shrink_failure(child, article, detail, timeout, max_tries)

    def again(text: str) -> dict | None:
        payload = {"articles": [around[0], replace(article, text=text), around[1]], "target": 1}
        status, value = child.request("fuzz", payload, soak.hard_budget(timeout, 3))
        return value if status == "done" else None

    if kind == "offsets":

        def fails(text: str) -> bool:
            value = again(text)
            return bool(value and value["offsets"])
    elif kind == "lost":
        changed = any("changed beside" in line for line in detail.get("lost", []))

        def fails(text: str) -> bool:
            value = again(text)
            return bool(
                value
                and value["lost"]
                and any(("changed beside" in line) == changed for line in value["lost"])
            )
    else:
        return None
    return soak.shrink(article.text, fails, max_tries)


def replay(path: Path, timeout: float, memory_mb: int, max_tries: int) -> None:
    """Shrink the first example of each distinct finding of a ``--report`` file."""
    import soak

    first: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "kind" in row and row["kind"] != "export":
            first.setdefault(f"{row['kind']}: {row['signature']}", row)
    around = neighbours(load_bases())
    with soak.Child(timeout, memory_mb, setup="fuzz:register") as child:
        for sig, row in first.items():
            article = Article(
                source=row["source"],
                text=row["text"],
                title=row["title"],
                published=row["published"],
                dateline=row["dateline"],
            )
            small = minimize(child, row["kind"], article, row, timeout, around, max_tries)
            meta = f" published={article.published!r}" if article.published else ""
            print(
                f"* {sig}\n  from {len(article.text)} chars ({', '.join(row['applied'])}){meta}\n"
                f"  minimal ({len(small or '')} chars): {small!r}",
                flush=True,
            )


# ------------------------------------------------------------------------------------------------
# The run
# ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    import soak

    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000, help="inputs to run (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="seconds per article (default 20)"
    )
    parser.add_argument(
        "--export-every", type=int, default=50, help="export and read back every Nth input"
    )
    parser.add_argument(
        "--report", type=Path, help="every finding as JSON lines (with the input text)"
    )
    parser.add_argument(
        "--shrink", action="store_true", help="cut each distinct crash down to a minimal text"
    )
    parser.add_argument(
        "--max-minutes", type=float, default=0, help="stop after this long (0: no limit)"
    )
    parser.add_argument("--memory-mb", type=int, default=soak.MEMORY_LIMIT_MB)
    parser.add_argument(
        "--skip-surrogates",
        action="store_true",
        help="no lone surrogates in the inputs (ingest replaces them; they hide other finds)",
    )
    parser.add_argument(
        "--replay",
        type=Path,
        metavar="REPORT",
        help="do not fuzz: shrink the first example of each finding in a --report file",
    )
    parser.add_argument(
        "--max-tries", type=int, default=400, help="extractions per shrink (default 400)"
    )
    args = parser.parse_args(argv)
    for stream in (
        sys.stdout,
        sys.stderr,
    ):  # hostile text (lone surrogates) must not kill the report
        stream.reconfigure(errors="backslashreplace")
    global SKIP_SURROGATES
    SKIP_SURROGATES = args.skip_surrogates
    if args.replay:
        replay(args.replay, args.timeout, args.memory_mb, args.max_tries)
        return 0

    rng = random.Random(args.seed)
    bases = load_bases()
    before, after = neighbours(bases)
    counts = Counter()
    findings: dict[str, list[tuple[Article, dict, list[str]]]] = {}
    report = args.report.open("w", encoding="utf-8") if args.report else None
    began = time.perf_counter()

    def record(kind: str, sig: str, article: Article, detail: dict, applied: list[str]) -> None:
        findings.setdefault(f"{kind}: {sig}", []).append((article, detail, applied))
        if report:
            row = {
                "kind": kind,
                "signature": sig,
                "source": article.source,
                "applied": applied,
                "text": article.text,
                "title": article.title,
                "published": article.published,
                "dateline": article.dateline,
                **detail,
            }
            report.write(json.dumps(row) + "\n")  # ASCII escapes: lone surrogates survive
            report.flush()

    with soak.Child(args.timeout, args.memory_mb, setup="fuzz:register") as child:
        try:
            for number in range(1, args.count + 1):
                if args.max_minutes and time.perf_counter() - began > args.max_minutes * 60:
                    break
                article, applied = mutate(rng, bases, number)
                export = args.export_every > 0 and number % args.export_every == 0
                counts["inputs"] += 1
                counts["exported"] += export
                status, value = child.request(
                    "fuzz",
                    {"articles": [before, article, after], "target": 1, "export": export},
                    soak.hard_budget(args.timeout, 3) + (60 if export else 0),
                )
                if status != "done":
                    # the watchdog or a dead/raising worker: run the input alone to pin it down
                    result = soak.extract_guarded(child, [article], args.timeout)[0]
                    value = {
                        "result": result,
                        "lost": []
                        if result["status"] != "ok"
                        else [f"the batch failed ({status}) though the input alone did not"],
                        "offsets": [],
                    }
                result = value["result"]
                if result["status"] in ("error", "died"):
                    counts["crashes"] += 1
                    record("crash", soak.signature(result), article, result, applied)
                elif result["status"] in ("timeout", "killed"):
                    counts["hangs"] += 1
                    record("hang", soak.signature(result), article, result, applied)
                elif result["status"] == "lost":
                    counts["crashes"] += 1
                    record("lost", "no outcome", article, result, applied)
                if value["lost"]:
                    counts["good articles lost"] += len(value["lost"])
                    first_loss = value["lost"][0].split(": ", 1)[-1]
                    error = re.search(r"\b(\w+(?:Error|Exception|Timeout))\b", first_loss)
                    sig = (
                        "changed beside the input"
                        if first_loss.startswith("changed")
                        else "failed beside the input: "
                        + (error.group(1) if error else first_loss[:60])
                    )
                    record("lost", sig, article, {"lost": value["lost"]}, applied)
                if value["offsets"]:
                    counts["bad offsets"] += 1
                    record(
                        "offsets",
                        "evidence is not text[start:end]",
                        article,
                        {"offsets": value["offsets"][:5]},
                        applied,
                    )
                if value.get("export"):
                    counts["invalid exports"] += 1
                    for problem in value["export"]:
                        record(
                            "export",
                            re.sub(r"\d+", "N", problem)[:100],
                            article,
                            {"problem": problem},
                            applied,
                        )
                if number % 100 == 0:
                    rate = counts["inputs"] / (time.perf_counter() - began)
                    so_far = ", ".join(
                        f"{k} {v}" for k, v in sorted(counts.items()) if k != "inputs"
                    )
                    print(
                        f"  {number} inputs ({rate:.1f}/s): {so_far}", file=sys.stderr, flush=True
                    )
        except KeyboardInterrupt:  # Ctrl-C: the figures so far, not a traceback
            print("\ninterrupted: the figures cover the inputs run so far", file=sys.stderr)

        elapsed = time.perf_counter() - began
        import actorgraph

        print(f"\nactorgraph from {Path(actorgraph.__file__).parent}")
        print(
            f"seed {args.seed}, {elapsed:.0f} s, time-out {args.timeout:g} s, "
            f"guarded extract API: {'yes' if child.info.get('guarded') else 'no'}, "
            f"worker restarts {child.restarts}"
        )
        for key in (
            "inputs",
            "crashes",
            "hangs",
            "invalid exports",
            "good articles lost",
            "bad offsets",
        ):
            extra = f" (of {counts['exported']} exported)" if key == "invalid exports" else ""
            extra = f" (over {args.timeout:g} s)" if key == "hangs" else extra
            print(f"{key:<20} {counts[key]:>7}{extra}")
        if findings:
            print(
                "\nDistinct findings "
                "(count; mutations of the first example; top frames, innermost first):"
            )
        for sig, items in sorted(findings.items(), key=lambda kv: -len(kv[1])):
            article, detail, applied = items[0]
            print(f"\n* {sig}: {len(items)}")
            print(
                f"  example: {article.source} ({len(article.text)} chars) "
                f"after {', '.join(applied)}"
            )
            if detail.get("reason"):
                print(f"  reason:  {detail['reason'][:300]}")
            if detail.get("frames"):
                print(f"  frames:  {soak.top_frames(detail, 6)}")
            for key in ("lost", "offsets"):
                for line in detail.get(key, [])[:2]:
                    print(f"  {key}:  {line[:300]}")
            if detail.get("problem"):
                print(f"  problem: {detail['problem'][:300]}")
            small = (
                minimize(child, sig.split(":")[0], article, detail, args.timeout, (before, after))
                if args.shrink
                else None
            )
            if small is not None:
                print(f"  minimal text ({len(small)} chars): {small!r}")
                if report:
                    report.write(json.dumps({"signature": sig, "minimal": small}) + "\n")
    if report:
        report.close()
    bad = ("crashes", "hangs", "invalid exports", "good articles lost", "bad offsets")
    return 1 if any(counts[key] for key in bad) else 0


if __name__ == "__main__":
    sys.exit(main())
