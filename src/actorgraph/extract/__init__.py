"""NLP extraction: one cleaned ``Article`` in, one ``ArticleExtraction`` out.

The article is parsed line by line (so no entity or sentence crosses a
paragraph), its mentions are resolved to entities, and its sentences are
then read in order: place relations, event mentions (merged into incidents
as they come), then the other relations, each with its evidence sentence and
offsets. The spaCy ``Doc`` objects never leave this package.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from spacy.language import Language

from ..knowledge import Knowledge, knowledge, slug
from ..model import Article, ArticleExtraction, EventRecord, ExtractionFailure, Statement
from ..resources import relation_vocabulary
from .clauses import SentenceContext
from .dates import find_dates, parse_iso
from .discourse import Discourse
from .entities import (
    Unit,
    collect_mentions,
    propagate_aliases,
    resolve_entities,
    separate_namesakes,
)
from .events import describe, find_triggers
from .guard import ArticleBudget, ArticleTimeout, failure_reason
from .incidents import STRONG_WEIGHT, IncidentTracker
from .nlp import load_nlp
from .participants import read_participants
from .relations import read_frames, read_roles

__all__ = [
    "DEFAULT_ARTICLE_TIMEOUT",
    "Outcome",
    "extract",
    "extract_article",
    "load_nlp",
    "split_units",
]

logger = logging.getLogger(__name__)

BATCH_SIZE = 128  # lines per nlp.pipe batch: measured fastest (16 lines ran 7% slower, 1,000 4%)
DEFAULT_ARTICLE_TIMEOUT = 60.0  # seconds per article: a 10,000-word article takes about 3 s
# Rules compare a sentence's words with each other, so their cost grows faster than its length;
# a "sentence" past this many tokens is a table, a list or junk, and its entities are kept while
# no event or relation rule reads it (news sentences run to 60 tokens, rarely past 150).
MAX_SENTENCE_TOKENS = 400

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


def read_article(article: Article, units: list[Unit]) -> ArticleExtraction:
    """All entities, events and statements of one parsed article."""
    kb = knowledge()
    mentions = collect_mentions(units, kb)
    entities = resolve_entities(mentions, article.text, kb)
    separate_namesakes(entities, mentions, kb, _main_country(entities, kb))
    mentions += propagate_aliases(units, mentions, entities)
    token_key = {
        (m.unit, i): m.key for m in mentions if m.key for i in range(m.tok_start, m.tok_end)
    }
    types = {key: entity.type for key, entity in entities.items()}
    discourse = Discourse(kb, token_key, types)
    base = parse_iso(article.published)
    main_country = _main_country(entities, kb)
    countries = {key: e.country for key, e in entities.items() if e.country}
    reader = _Reader(kb, discourse, base, main_country, article, countries)
    for index, unit in enumerate(units):
        for sentence in unit.doc.sents:
            if len(sentence) <= MAX_SENTENCE_TOKENS:
                reader.sentence(index, unit, sentence)
    events, keys = reader.events(entities)
    statements = reader.statements(keys, {**types, **{k: "Event" for k in events}})
    return ArticleExtraction(article, entities, events, statements)


def _main_country(entities: dict, kb: Knowledge) -> str:
    counts = Counter(
        {key: e.mentions for key, e in entities.items() if kb.kind_of(key) == "country"}
    )
    return counts.most_common(1)[0][0] if counts else ""


class _Reader:
    """Reads an article's sentences in order, keeping the event tracker and the statements."""

    def __init__(
        self,
        kb: Knowledge,
        discourse: Discourse,
        base: date | None,
        main_country: str,
        article: Article,
        countries: dict[str, str],
    ) -> None:
        self.kb, self.discourse, self.base = kb, discourse, base
        self.main_country, self.article = main_country, article
        self.place_parents: dict[str, set[str]] = {}
        self.countries = countries
        self.tracker = IncidentTracker(kb, self.place_parents, countries, article.published[:4])
        # (subject, relation, object, confidence, role, evidence, start, end, rule id, accuser)
        self.raw: list[tuple[str, str, str, float, str, str, int, int, str, str]] = []
        self.participants: list[tuple[str, int, str, float, str, int, int]] = []
        self.memory: dict[str, list[str]] = {}  # what earlier sentences told the relation rules

    def sentence(self, index: int, unit: Unit, sentence) -> None:
        self.discourse.begin(index, sentence)
        start = unit.start + sentence.start_char
        end = unit.start + sentence.end_char
        text = self.article.text[start:end]

        def emit(
            subject: str | None,
            relation: str,
            obj: str | None,
            confidence: float,
            role: str,
            rule: str,
            by: str = "",
        ) -> None:
            if subject and obj and subject != obj:
                self.raw.append(
                    (subject, relation, obj, confidence, role, text, start, end, rule, by)
                )
                if relation == "located_in":
                    self.place_parents.setdefault(subject, set()).add(obj)

        ctx = SentenceContext(
            sentence,
            self.discourse,
            self.kb,
            {},
            self.tracker.focus,
            self.main_country,
            emit,
            self.place_parents,
            self.memory,
        )
        read_roles(ctx)
        self._places_in_their_country(sentence, emit)
        dates = find_dates(text, self.base)  # the sentence's text, cut from the article
        mentions = find_triggers(sentence, self.kb, self.discourse)
        for mention in mentions:
            describe(
                mention, sentence, dates, sentence.start_char, self.discourse, self.kb, mentions
            )
        follow_on = _follow_on_date(text, dates, self.tracker.focus, self.kb) if mentions else ""
        moves_on = _opens_follow_on(text, self.kb)
        for mention in mentions:
            if follow_on and not mention.date and not mention.fallback_date:
                mention.fallback_date = follow_on
            if moves_on:
                mention.moves_on_from = self.tracker.focus
        mentions = [m for m in mentions if not m.plural or (m.date and m.places)]
        resolved = self.tracker.add_sentence(mentions, text)
        ctx.incidents_at, ctx.focus = resolved, self.tracker.focus
        read_frames(ctx)
        read_participants(ctx, mentions, resolved, emit)
        self.discourse.end()

    def _places_in_their_country(self, sentence, emit) -> None:
        """'clashes in Sanaa as Yemen's talks stall': a place the gazetteer puts in a country
        named in the same sentence is located in it. Only a country the text itself names, so a
        namesake city abroad (Palma, Spain, in a story on Mozambique) is never placed there."""
        places = {
            key
            for token in sentence
            if (key := self.discourse.key_at(token)) and self.discourse.types.get(key) == "Place"
        }
        countries = {
            self.countries.get(key): key
            for key in places
            if self.kb.kind_of(key) == "country" and self.countries.get(key)
        }
        for key in sorted(places):
            code = self.countries.get(key)
            country = countries.get(code) if code else None
            if country and country != key and self.kb.kind_of(key) not in ("country", "territory"):
                emit(key, "located_in", country, 0.6, "", "gazetteer:country-named-alongside")

    def events(self, entities: dict) -> tuple[dict[str, EventRecord], dict[int, str]]:
        """Incidents with a date become events; returns them and incident number -> key."""
        records: dict[str, EventRecord] = {}
        keys: dict[int, str] = {}
        words = self.kb.triggers["type_words"]
        self.tracker.consolidate()
        violent = set(self.kb.triggers["violent_types"])
        for incident in self.tracker.incidents:
            if not _is_real_incident(incident, violent, dated_article=self.base is not None):
                continue
            places = incident.places or self._default_places(incident)
            place = _most_specific(places, self.kb)
            incident.places = next(
                (g for g in incident.place_groups if place in g), [place] if place else []
            )
            place_label = entities[place].label if place in entities else ""
            noun = _name_noun(incident, words)
            label = " ".join(x for x in (place_label, noun) if x) + (
                f" ({incident.date})" if incident.date else ""
            )
            key = "event/" + slug(label)
            if key in records:  # two undated incidents of one kind at one place stay two events
                key = f"{key}-{incident.number}"
            keys[incident.number] = key
            records[key] = EventRecord(
                key,
                label,
                incident.event_type,
                incident.date,
                place,
                incident.fatalities,
                incident.injured,
                incident.summary,
                incident.mentions,
                _event_aliases(incident, label),
            )
        _drop_shared_aliases(records.values())
        return records, keys

    def _default_places(self, incident) -> list[str]:
        mine = [
            s
            for s in self.raw
            if s[1] == "participated_in"
            and s[2].startswith("incident:")
            and self.tracker.number_of(int(s[2].split(":")[1])) == incident.number
        ]
        for subject, *_ in mine:
            if self.kb.kind_of(subject) == "country":
                return [subject]
        return [self.main_country] if self.main_country else []

    def statements(self, keys: dict[int, str], types: dict[str, str]) -> list[Statement]:
        vocabulary = relation_vocabulary()
        best: dict[tuple[str, str, str], Statement] = {}
        raw = list(self.raw)
        for incident in self.tracker.incidents:
            for place in incident.places:
                if incident.number in keys:
                    raw.append(
                        (
                            f"incident:{incident.number}",
                            "occurred_in",
                            place,
                            0.8,
                            "",
                            incident.summary,
                            *self._offsets(incident.summary),
                            "events:incident-place",
                            "",
                        )
                    )
        number = self.tracker.number_of

        def canon(k):
            return f"incident:{number(int(k.split(':')[1]))}" if k.startswith("incident:") else k

        raw = [(s, r, canon(o), *rest) for s, r, o, *rest in raw]
        for subject, relation, obj, confidence, role, evidence, start, end, rule, by in raw:
            subject = _map(subject, keys, self.tracker.number_of)
            obj = _map(obj, keys, self.tracker.number_of)
            spec = vocabulary.get(relation)
            if not spec or subject is None or obj is None or subject == obj:
                continue
            if types.get(subject) not in spec["domain"] or types.get(obj) not in spec["range"]:
                continue
            if spec["symmetric"] and subject > obj:
                subject, obj = obj, subject
            stripped = evidence.strip()
            if stripped:  # the offsets follow the stripped evidence, so text[start:end] == evidence
                start += len(evidence) - len(evidence.lstrip())
                end = start + len(stripped)
            statement = Statement(
                subject,
                relation,
                obj,
                stripped,
                start,
                end,
                confidence,
                role,
                rule=rule,
                by=by if by != subject else "",
            )
            current = best.get((subject, relation, obj))
            if current is None or confidence > current.confidence:
                best[(subject, relation, obj)] = statement
        return list(best.values())

    def _offsets(self, sentence: str) -> tuple[int, int]:
        start = self.article.text.find(sentence) if sentence else -1
        return (start, start + len(sentence)) if start >= 0 else (0, 0)


def _follow_on_date(text: str, dates: list, focus, kb: Knowledge) -> str:
    """The date a sentence that opens "Hours later", "The same day" or "The next day" tells of,
    from the incident just told, when the sentence dates nothing itself."""
    if dates or focus is None or not focus.date:
        return ""
    opening = text.lstrip().lower()[:40]
    if any(opening.startswith(cue) for cue in kb.triggers["same_day_openers"]):
        return focus.date
    day = parse_iso(focus.date)
    if day and any(opening.startswith(cue) for cue in kb.triggers["next_day_openers"]):
        return (day + timedelta(days=1)).isoformat()
    return ""


def _opens_follow_on(text: str, kb: Knowledge) -> bool:
    """True for a sentence that moves on from the incident just told ("Hours later", "The
    day after the attack", "Around the same time"): what it tells is another incident."""
    opening = text.lstrip().lower()[:40]
    cues = (*kb.triggers["same_day_openers"], *kb.triggers["next_day_openers"])
    return any(opening.startswith(cue) for cue in cues)


def _is_real_incident(incident, violent: set[str], dated_article: bool) -> bool:
    """Enough to be one real-world incident: a time and, for violence, a scene.

    In an article without a publication date "on Monday" cannot be resolved, so there a scene
    and one specific mention ("the bombing of a market in Kalat") make the incident, undated,
    rather than losing it for a missing date line. In a dated article an incident the text
    never dates is, measured on the dev set, mostly a generic one ("attacks in the region"):
    keeping those cost a fifth of the events' precision for 2 points of recall.
    """
    if incident.event_type in violent and not incident.places:
        return False
    if incident.date:
        return True
    return (
        not dated_article
        and bool(incident.places)
        and max(incident.types.values(), default=0) >= STRONG_WEIGHT
    )


def _map(key: str, keys: dict[int, str], number_of) -> str | None:
    if key.startswith("incident:"):
        return keys.get(number_of(int(key.split(":")[1])))
    return key


def _most_specific(places: list[str], kb: Knowledge) -> str:
    rank = {"country": 4, "territory": 4, "region": 3, "city": 2}
    return (
        min(
            places,
            key=lambda p: (rank.get(kb.kind_of(p), 0 if not kb.kind_of(p) else 1), places.index(p)),
        )
        if places
        else ""
    )


def _event_aliases(incident, label: str) -> set[str]:
    """The names the text itself gave the event's mentions ("the Charlie Hebdo massacre", "an
    emergency summit"). Never a name of our making, and never a bare noun ("the war", "the
    truce"): another event of the article may be called so too."""
    return {name for name in incident.names if " " in name and name != label}


def _drop_shared_aliases(records) -> None:
    """A name two events of the article carry ("Sagaing air strike" for this year's strike and
    last year's) tells neither apart, so neither keeps it."""
    counts = Counter(name.lower() for record in records for name in record.aliases)
    for record in records:
        record.aliases = {name for name in record.aliases if counts[name.lower()] == 1}


def _name_noun(incident, words: dict[str, str]) -> str:
    """The incident's own most used noun ("siege", "suicide bombing"), else its type in words."""
    nouns = [noun for noun, _ in incident.nouns.most_common()]
    return nouns[0] if nouns else words.get(incident.event_type, "event")
