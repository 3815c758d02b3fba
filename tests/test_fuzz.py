"""Bounded fuzzing: mutated fixture articles extract without failing and export everywhere.

The mutator and the export checks are bench/fuzz.py's (the long-running fuzzer); here
hypothesis draws the mutator's choices (``st.randoms()``), two examples led by each
mutation, so the test adds seconds, not minutes. Each example: a fixture or seed article
with paragraphs shuffled, dropped, truncated or doubled, hostile names and strings injected
(markup, quotes, newlines, bidi overrides, lone surrogates, NUL), random Unicode, odd
numbers and dates. It is extracted between two short good articles; then

* no article fails (no exception, no ``ExtractionFailure``),
* the good neighbours come out exactly as they do alone (one bad article loses no other),
* every statement's evidence is ``text[start:end]``,
* the graph of the three exports in every format, and each file reads back with an
  independent reader (networkx for GraphML/GEXF, rdflib for Turtle/JSON-LD, csv, json).

Derandomized (the same examples every run, so the suite is deterministic) and without the
shrink phase (bounded time); run ``python bench/fuzz.py --count 5000 --shrink`` to explore.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, note, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

BENCH = Path(__file__).resolve().parents[1] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import fuzz  # noqa: E402  (bench/fuzz.py: the shared mutator and checks)

ARTICLE_TIMEOUT = 30.0  # seconds: far above any fixture-sized input, so only a real hang trips it
MAX_CHARS = 8_000  # mutated inputs are cut here, keeping each example well under a second


class _Bases(list):
    """The fixture and seed articles; a short repr for hypothesis's failure report."""

    def __repr__(self) -> str:
        return f"<{len(self)} fixture and seed articles>"


@pytest.fixture(scope="module")
def bases():
    articles = _Bases(fuzz.load_bases())
    assert articles, "no fixture or seed articles found"
    return articles


class _Good(tuple):
    """(before, after, extractions alone); a short repr for hypothesis's failure report."""

    def __repr__(self) -> str:
        return f"<good neighbours {self[0].source}, {self[1].source}>"


@pytest.fixture(scope="module")
def good(nlp, bases):
    """The two neighbour articles and their extractions alone."""
    from actorgraph.extract import extract

    before, after = fuzz.neighbours(bases)
    alone = {
        a.source: next(extract([a], nlp, article_timeout=ARTICLE_TIMEOUT)).to_dict()
        for a in (before, after)
    }
    return _Good((before, after, alone))


def _describe(outcome) -> str:
    return f"{outcome.article.source}: {outcome.kind}: {outcome.reason}"


@pytest.mark.model
@pytest.mark.parametrize("first", fuzz.MUTATIONS, ids=lambda m: m.__name__[2:])
@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
)
@given(data=st.data())
def test_fuzz_mutated_articles_extract_and_export(nlp, bases, good, first, data):
    from actorgraph.extract import extract
    from actorgraph.model import ExtractionFailure

    before, after, alone = good
    rng = data.draw(st.randoms(use_true_random=False))
    article, applied = fuzz.mutate(rng, bases, max_chars=MAX_CHARS, first=first)
    note(f"mutations: {applied}")
    note(f"text: {article.text[:3000]!r}")
    note(
        f"title={article.title!r} published={article.published!r} dateline={article.dateline!r} "
        f"source={article.source!r}"
    )

    outcomes = list(extract([before, article, after], nlp, article_timeout=ARTICLE_TIMEOUT))
    assert [o.article.source for o in outcomes] == [before.source, article.source, after.source]
    failures = [_describe(o) for o in outcomes if isinstance(o, ExtractionFailure)]
    assert not failures, failures
    for neighbour in (outcomes[0], outcomes[2]):
        differences = fuzz.differences(alone[neighbour.article.source], neighbour.to_dict())
        assert not differences, (
            f"{neighbour.article.source} changed next to the mutated article: {differences}"
        )
    problems = [p for o in outcomes for p in fuzz.check_extraction(o)]
    assert not problems, problems

    with tempfile.TemporaryDirectory(prefix="actorgraph-fuzz-") as tmp:
        graph, paths = fuzz.build_and_export(outcomes, Path(tmp))
        assert all(p.exists() for p in paths)
        problems = fuzz.check_exports(graph, Path(tmp))
    assert not problems, problems


def test_fuzz_mutator_is_deterministic_and_bounded(bases):
    """The same seed gives the same inputs (so a bench/fuzz.py finding can be replayed)."""
    import random

    first = [fuzz.mutate(random.Random(5), bases, n, max_chars=MAX_CHARS) for n in range(30)]
    again = [fuzz.mutate(random.Random(5), bases, n, max_chars=MAX_CHARS) for n in range(30)]
    assert first == again
    assert all(len(article.text) <= MAX_CHARS for article, _ in first)
