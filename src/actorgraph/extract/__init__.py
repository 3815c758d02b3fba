"""NLP extraction: cleaned ``Article``s in, one ``ArticleExtraction`` (or the failure that
stands in for it) out per article.

This module parses: each article line by line (so no entity or sentence crosses a paragraph),
in batches through spaCy, in windows that keep memory flat, in worker processes when asked,
with every article guarded by its own time budget (``guard``). What is read from one parsed
article, and in which order, is ``article.py``'s job.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator

from spacy.language import Language

from ..model import Article, ArticleExtraction, ExtractionFailure
from .article import MAX_SENTENCE_TOKENS, read_article
from .entities import Unit
from .guard import ArticleBudget, ArticleTimeout, failure_reason
from .nlp import load_nlp

__all__ = [
    "DEFAULT_ARTICLE_TIMEOUT",
    "MAX_SENTENCE_TOKENS",
    "Outcome",
    "extract",
    "extract_article",
    "load_nlp",
    "read_article",
    "split_units",
]

logger = logging.getLogger(__name__)

BATCH_SIZE = 128  # lines per nlp.pipe batch: measured fastest (16 lines ran 7% slower, 1,000 4%)
DEFAULT_ARTICLE_TIMEOUT = 60.0  # seconds per article: a 10,000-word article takes about 3 s

Outcome = ArticleExtraction | ExtractionFailure


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _parsable(text: str) -> str:
    """The text with lone surrogates (which the tokenizer cannot hash) replaced one for one, so
    every offset still points where it did. Ingest has done this already; a library caller
    handing ``extract`` raw strings may not have."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def split_units(text: str) -> list[tuple[int, str]]:
    """Non-empty lines of the text with their offsets: the units spaCy parses."""
    units, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            units.append((offset, line))
        offset += len(line) + 1
    return units


def extract(
    articles: Iterable[Article],
    nlp: Language,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT,
) -> Iterator[Outcome]:
    """Stream one outcome per article, in input order: its extraction, or why it failed.

    Each article is isolated: an exception in the parser or a rule, or a run over
    ``article_timeout`` seconds (None: no limit), yields an ``ExtractionFailure`` for that
    article alone and the stream goes on. With ``n_process`` > 1 each worker process runs the
    whole extraction of a chunk of articles (parse and rules), not just spaCy: the rules cost a
    fifth of the time, and shipping parsed Docs back to one reader would make that reader the
    bottleneck. A few chunks per worker are in flight at a time, so memory does not grow with
    the corpus.
    """
    if n_process > 1:
        yield from _extract_parallel(articles, nlp, n_process, article_timeout)
        return
    yield from _extract_serial(articles, nlp, batch_size, article_timeout)


_WORKER_NLP: Language | None = None  # the pipeline a forked worker inherits
CHUNK_ARTICLES = 8  # articles per worker task: about one 128-line batch
CHUNKS_IN_FLIGHT_PER_WORKER = 2  # enough that a worker never waits for the next chunk
ZONE_ARTICLES = 64  # articles parsed inside one spaCy memory zone
LOST_CHUNK_GRACE = 120.0  # seconds past its articles' budgets before a chunk counts as lost


def _extract_chunk(articles: list[Article], article_timeout: float | None) -> list[Outcome]:
    return list(_extract_serial(articles, _WORKER_NLP, BATCH_SIZE, article_timeout))


def _extract_parallel(
    articles: Iterable[Article], nlp: Language, n_process: int, article_timeout: float | None
) -> Iterator[Outcome]:
    global _WORKER_NLP
    _WORKER_NLP = nlp
    context = multiprocessing.get_context("fork")
    in_flight: deque = deque()
    with context.Pool(n_process) as pool:
        for chunk in _chunks(articles, CHUNK_ARTICLES):
            in_flight.append((chunk, pool.apply_async(_extract_chunk, (chunk, article_timeout))))
            if len(in_flight) >= CHUNKS_IN_FLIGHT_PER_WORKER * n_process:
                yield from _collect(*in_flight.popleft(), article_timeout)
        while in_flight:
            yield from _collect(*in_flight.popleft(), article_timeout)


def _collect(chunk: list[Article], result, article_timeout: float | None) -> list[Outcome]:
    """A chunk's outcomes; a worker that died or never answered fails its chunk, not the build."""
    wait = None if article_timeout is None else article_timeout * len(chunk) * 2 + LOST_CHUNK_GRACE
    try:
        return result.get(wait)
    except multiprocessing.TimeoutError:
        return [
            ExtractionFailure(a, "its worker process stopped answering", "timeout") for a in chunk
        ]
    except Exception as exc:  # the worker could not run or return the chunk at all
        return [ExtractionFailure(a, f"worker failed: {failure_reason(exc)}") for a in chunk]


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _extract_serial(
    articles: Iterable[Article],
    nlp: Language,
    batch_size: int,
    article_timeout: float | None = None,
) -> Iterator[Outcome]:
    """Articles in windows, each parsed inside a spaCy memory zone.

    Every new word a document brings stays in the pipeline's vocabulary and tokenizer cache
    for good, so over a large corpus memory would grow with the vocabulary; a memory zone
    forgets what its documents added once they are read (only dataclasses leave the zone).
    """
    budget = ArticleBudget(article_timeout)
    for window in _chunks(articles, ZONE_ARTICLES):
        with nlp.memory_zone():
            yield from _read_window(window, nlp, batch_size, budget)


def _read_window(
    articles: list[Article], nlp: Language, batch_size: int, budget: ArticleBudget
) -> Iterator[Outcome]:
    """The window's articles batched through ``nlp.pipe``; if the parser itself fails or runs
    over time, every article not yet read is parsed again one at a time, so the fault is pinned
    on the article that holds it and no other (the parser reads a batch ahead, so the article
    being waited for when it failed is not necessarily the one at fault)."""
    done = 0
    try:
        for outcome in _parse_and_read(articles, nlp, batch_size, budget):
            done += 1
            yield outcome
        return
    except (Exception, ArticleTimeout):  # raised by nlp.pipe, not by a rule
        budget.stop()
        logger.debug("the parser failed in a batch; reading its articles one by one", exc_info=True)
    for article in articles[done:]:
        try:
            budget.start()
            outcome: Outcome = next(_parse_and_read([article], nlp, batch_size, budget))
        except (Exception, ArticleTimeout) as exc:
            outcome = ExtractionFailure(article, failure_reason(exc, budget), _kind(exc))
        finally:
            budget.stop()
        yield outcome


def _kind(exc: BaseException) -> str:
    return "timeout" if isinstance(exc, ArticleTimeout) else "error"


def _parse_and_read(
    articles: list[Article], nlp: Language, batch_size: int, budget: ArticleBudget
) -> Iterator[Outcome]:
    """Each article's lines go through ``nlp.pipe`` together, batched across articles.

    The article's budget runs from when its first line is asked for until its rules are done,
    so it covers its share of parsing as well as its rules. An error or time-out in the rules
    fails that article only; one in the parser propagates to ``_read_window``.
    """

    def lines() -> Iterator[tuple[str, tuple[bool, int, str, Article]]]:
        for article in articles:
            units = split_units(_parsable(article.text)) or [
                (0, "")
            ]  # an empty article still gets its outcome
            for index, (offset, line) in enumerate(units):
                yield line, (index == len(units) - 1, offset, line, article)

    pending: list[Unit] = []
    budget.start()
    for doc, (is_last, offset, line, article) in nlp.pipe(
        lines(), as_tuples=True, batch_size=batch_size
    ):
        pending.append(Unit(offset, doc, line))
        if is_last:
            yield _read_guarded(article, pending, budget)
            pending = []
            budget.start()
    budget.stop()


def _read_guarded(article: Article, units: list[Unit], budget: ArticleBudget) -> Outcome:
    try:
        return read_article(article, units)
    except (Exception, ArticleTimeout) as exc:
        logger.debug("extraction of %s failed", article.source, exc_info=True)
        return ExtractionFailure(article, failure_reason(exc, budget), _kind(exc))
    finally:
        budget.stop()


def extract_article(
    article: Article, nlp: Language, *, article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT
) -> Outcome:
    """One article's outcome: its extraction, or the failure that stood in for it."""
    return next(extract([article], nlp, article_timeout=article_timeout))
