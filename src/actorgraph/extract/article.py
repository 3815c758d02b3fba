"""One parsed article read top to bottom: the extraction's steps, in the order they run.

1. entities: mentions collected from the parse and resolved to entities
   (``entities.collect_mentions``, ``resolve_entities``, ``separate_namesakes``,
   ``propagate_aliases``);
2. each sentence in order (``ArticleReader.sentence``): role phrases and place relations,
   event mentions described and placed in incidents (``events``, ``incidents``), then verb
   frames and responsibility (``relations``, ``responsibility``) and the actors of each
   incident (``participants``), which may refer to the incidents this sentence placed;
3. events: the incidents that hold enough become ``EventRecord``s (``ArticleReader.events``);
4. statements: every reading mapped to node keys, checked against the relation vocabulary,
   and the most confident kept per edge (``ArticleReader.statements``, which needs the event
   keys of step 3).

Readings pass between the steps as ``RawReading``s; the spaCy ``Doc`` objects never leave
this package.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..knowledge import Knowledge, indexed, knowledge, slug
from ..model import Article, ArticleExtraction, EventRecord, Statement
from ..resources import relation_vocabulary
from .clauses import SentenceContext
from .dates import find_dates, parse_iso, shift_iso
from .discourse import Discourse
from .entities import (
    Unit,
    collect_mentions,
    propagate_aliases,
    resolve_entities,
    separate_namesakes,
)
from .events import describe, find_triggers, names_its_doer, share_clause_date
from .gazetteer import article_country, country_tally
from .incidents import LEAD_PARAGRAPHS, STRONG_WEIGHT, IncidentTracker
from .participants import read_participants
from .place_chain import read_place_chain
from .relations import read_frames, read_roles

# Rules compare a sentence's words with each other, so their cost grows faster than its length;
# a "sentence" past this many tokens is a table, a list or junk, and its entities are kept while
# no event or relation rule reads it (news sentences run to 60 tokens, rarely past 150).
MAX_SENTENCE_TOKENS = 400
# responsibility for a deed: never of an agreement ("agreement_types" in event_triggers.json)
DEED_RELATIONS = frozenset(
    ("perpetrated", "claimed_responsibility", "denied_responsibility", "blamed_for")
)


# a dictionary entry's field -> the relation it gives, read where the entry is named
_DICTIONARY_RELATIONS = {"part_of": "part_of", "allied_with": "allied_with", "within": "located_in"}


@dataclass(frozen=True)
class RawReading:
    """One relation as a rule read it, before its ends are mapped to node keys: a subject or
    object may still be an incident ("incident:3") that later merged into another."""

    subject: str
    relation: str
    object: str
    confidence: float
    role: str
    evidence: str  # the sentence
    start: int
    end: int
    rule: str
    by: str = ""  # blamed_for's accuser
    date: str = ""  # the date the relation's own clause gives ("banned the TTP in 2008")


def read_article(article: Article, units: list[Unit]) -> ArticleExtraction:
    """All entities, events and statements of one parsed article."""
    kb = knowledge()
    mentions = collect_mentions(units, kb)
    entities = resolve_entities(mentions, article.text, kb)
    separate_namesakes(entities, mentions, kb, _main_country(entities, kb))
    mentions += propagate_aliases(units, mentions, entities, kb)
    token_key = {
        (m.unit, i): m.key for m in mentions if m.key for i in range(m.tok_start, m.tok_end)
    }
    types = {key: entity.type for key, entity in entities.items()}
    discourse = Discourse(kb, token_key, types)
    base = parse_iso(article.published)
    main_country = _main_country(entities, kb)
    countries = {key: e.country for key, e in entities.items() if e.country}
    reader = ArticleReader(kb, discourse, base, main_country, article, countries)
    for index, unit in enumerate(units):
        for sentence in unit.doc.sents:
            if len(sentence) <= MAX_SENTENCE_TOKENS:
                reader.sentence(index, unit, sentence)
    events, keys = reader.events(entities)
    statements = reader.statements(keys, {**types, **{k: "Event" for k in events}})
    return ArticleExtraction(article, entities, events, statements)


def _main_country(entities: dict, kb: Knowledge) -> str:
    """The country the article is about, as the key of the country it names: the one its
    places are most often in (``gazetteer.article_country``, over the dictionary's places and
    the ones the gazetteer located: Lyon and France outweigh Yemen in a story set in Lyon),
    else the country named most often."""
    countries = {key: e for key, e in entities.items() if kb.kind_of(key) == "country"}
    tally = country_tally(entities)
    for key, entity in entities.items():  # and the places the gazetteer has located since
        if entity.type == "Place" and entity.country and key not in kb.entries:
            tally[entity.country] += max(entity.mentions, 1)
    code = article_country(tally) or _first_of_tied(tally, entities)
    named = [key for key, e in countries.items() if code and e.country == code]
    if named:
        return max(named, key=lambda key: countries[key].mentions)
    if code:
        # a story set in Culiacán that never names Mexico is not about the United States it
        # names twice: no country of its own, rather than another's
        return ""
    counts = Counter({key: e.mentions for key, e in countries.items()})
    return counts.most_common(1)[0][0] if counts else ""


def _first_of_tied(tally: Counter, entities: dict) -> str:
    """Of countries tied for most places, the one whose places the article names first (its
    dateline's, its lead's): entities are in the order the text first names them."""
    ranked = tally.most_common()
    if not ranked:
        return ""
    tied = {code for code, count in ranked if count == ranked[0][1]}
    return next((e.country for e in entities.values() if e.country in tied), "")


class ArticleReader:
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
        self.raw: list[RawReading] = []
        self.last_date = ""  # the last date the text gave, for "that month", "the same year"
        self.memory: dict[str, list[str]] = {}  # what earlier sentences told the relation rules

    def sentence(self, index: int, unit: Unit, sentence) -> None:
        self.discourse.begin(index, sentence)
        self.tracker.read_paragraph(index)
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
            date: str = "",
        ) -> None:
            if subject and obj and subject != obj:
                self.raw.append(
                    RawReading(
                        subject, relation, obj, confidence, role, text, start, end, rule, by, date
                    )
                )
                if relation == "located_in":
                    self.place_parents.setdefault(subject, set()).add(obj)

        # the sentence's text, cut from the article; "that month" takes the last date told
        dates = find_dates(text, self.base, self.last_date)
        if dates:
            self.last_date = dates[-1].value
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
            dates,
            self.tracker.incidents,
        )
        read_roles(ctx)
        read_place_chain(ctx)
        self._places_in_their_country(sentence, emit)
        self._known_parents(sentence, emit)
        mentions = find_triggers(sentence, self.kb, self.discourse)
        # what unnamed doers did ("Gunmen seized him on April 19") leaves the sentence's date
        # and scene to the triggers that tell the incident
        told = [m for m in mentions if not m.doers_only]
        for mention in mentions:
            others = told if not mention.doers_only else mentions
            describe(mention, sentence, dates, sentence.start_char, self.discourse, self.kb, others)
        share_clause_date(mentions, self.kb)
        follow_on = (
            _follow_on_date(text, dates, self.tracker.last_dated(), self.kb) if mentions else ""
        )
        moves_on = _opens_follow_on(text, self.kb)
        focus = self.tracker.focus
        # "In a separate incident, IS militants ambushed a convoy near Makhmour" after a heading
        # "Deadly ambush near Makhmour" is the ambush the heading told
        moves_on = moves_on or (
            _opens_separately(text, self.kb)
            and not any(self.tracker.at_its_scene(focus, m) for m in mentions)
        )
        for mention in mentions:
            if follow_on and not mention.date and not mention.fallback_date:
                mention.fallback_date = follow_on
            if moves_on:
                mention.moves_on_from = focus
        mentions = [m for m in mentions if not m.plural or (m.date and m.places)]
        resolved = self.tracker.add_sentence(mentions, text, self._places_of(sentence), sentence)
        ctx.incidents_at, ctx.focus = resolved, self.tracker.focus
        read_frames(ctx)
        read_participants(ctx, mentions, resolved, emit)
        self.discourse.end()

    def _places_of(self, sentence) -> list[str]:
        """The places the sentence names, in order; not a hospital or morgue, where the toll is
        counted rather than where it happened."""
        care = self.kb.cues["care_facility_words"]
        keys = (self.discourse.key_at(token) for token in sentence)
        found = [
            k
            for k in keys
            if k and self.discourse.types.get(k) == "Place" and k.rsplit("-", 1)[-1] not in care
        ]
        return list(dict.fromkeys(found))

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

    def _known_parents(self, sentence, emit) -> None:
        """'its Amaq news agency', 'MINUSMA, the UN mission': what the dictionary knows a body
        to be part of or allied with (Amaq of the Islamic State, JNIM of al-Qaeda, MINUSMA of
        the UN), read where the body is named, when the article names the other one too; and
        the region the gazetteer puts a place in ('within': Kramatorsk in the Donetsk region)."""
        named = {key for token in sentence if (key := self.discourse.key_at(token))}
        for key in sorted(named):
            entry = self.kb.entries.get(key, {})
            for field, relation in _DICTIONARY_RELATIONS.items():
                for other in entry.get(field, ()):
                    if other in self.discourse.types and other != key:
                        emit(key, relation, other, 0.6, "", f"dictionary:{field}")

    def _mouthpiece(self, key: str, carriers: frozenset[str]) -> bool:
        """An armed group's own outlet (Amaq, Radio Andalus): it carries the group's claims and
        is never the target of the deeds it reports."""
        entry = self.kb.entries.get(key) or {}
        return entry.get("kind") in carriers and any(
            self.kb.kind_of(parent) == "armed_group" for parent in entry.get("part_of", ())
        )

    def _recent_of_its_kind(self, incident) -> bool:
        """Another incident of the same family dated in the two days before publication: an
        hour told without a day ('shortly before 10 a.m.') is more likely its, told on."""
        family = self.kb.family(incident.event_type)
        first = shift_iso(self.article.published, -2)
        return any(
            other is not incident
            and self.kb.family(other.event_type) == family
            and len(other.date) == 10
            and first <= other.date <= self.article.published
            for other in self.tracker.incidents
        )

    def events(self, entities: dict) -> tuple[dict[str, EventRecord], dict[int, str]]:
        """Incidents with a date become events; returns them and incident number -> key."""
        records: dict[str, EventRecord] = {}
        keys: dict[int, str] = {}
        words = self.kb.triggers["type_words"]
        self.tracker.consolidate()
        violent = set(self.kb.triggers["violent_types"])
        labels = {key: entity.label for key, entity in entities.items()}
        site_words = self.kb.site_words()
        self._place_lead_at_dateline(entities, violent)
        for incident in self.tracker.incidents:
            defaults = [] if incident.places else self._default_places(incident)
            if _of_the_day(incident, self.article.published) and not self._recent_of_its_kind(
                incident
            ):
                incident.date = self.article.published
            if not incident.date and incident.toll_month:
                # told only by its toll's update ("The death toll from a car bombing in Tal
                # Tamr rose to seven on Sunday"): the month is what the text says of its date
                incident.date = incident.toll_month
            if not incident.date and incident.overnight and incident.places:
                # "killed four people in Zamfara overnight": the night before the news, on one
                # side of midnight or the other; its month is what is sure
                incident.date = self.article.published[:7]
            real = _is_real_incident(
                incident,
                violent,
                dated_article=self.base is not None,
                has_country=bool(defaults),
                published_year=self.article.published[:4],
            )
            if not real:
                continue
            places = incident.places or defaults
            place = (
                self.tracker.most_specific(
                    places,
                    lambda p: self.kb.place_rank(p, labels.get(p, "")),
                    lambda p: labels.get(p, "").lower().rsplit(" ", 1)[-1] in site_words,
                )
                if places
                else ""
            )
            group = next((g for g in incident.place_groups if place in g), [place] if place else [])
            # "near Banibangou, in northern Tillabéri": the event occurred in Banibangou; the
            # region holds it through located_in, not a second occurred_in
            size = self.kb.place_rank(place, labels.get(place, ""))
            incident.places = [p for p in group if self.kb.place_rank(p, labels.get(p, "")) <= size]
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

    def _place_lead_at_dateline(self, entities: dict, violent: set[str]) -> None:
        """'BELEDWEYNE, Somalia (Reuters) - A suicide bomber drove a truck into a checkpoint
        ... on Sunday': a wire story's first violent incident, told in its lead without a scene
        the rules can read, happened where the dateline says; never an older one, and never
        when the dateline's country is not the story's."""
        lead = min(
            (i for i in self.tracker.incidents if i.event_type in violent and not i.parts),
            key=lambda i: i.told_in,
            default=None,
        )
        if (
            lead is None
            or lead.places
            or not 0 <= lead.told_in_paragraph <= LEAD_PARAGRAPHS
            or (lead.date and lead.date[:4] < self.article.published[:4])
            or not lead.lemmas - set(self.kb.triggers["casualty_verbs"])
        ):
            return  # "... a standoff in which 14 people were killed": a toll, not a deed told
        if any(
            i.places and i.event_type in violent and i.told_in_paragraph <= LEAD_PARAGRAPHS
            for i in self.tracker.incidents
        ):
            return  # the lead's next paragraph names the scene: "stormed the train near Aab-e-Gum"
        place = _dateline_place(self.article.dateline, entities, self.kb)
        if place and (not self.main_country or self._in_main_country(place, entities)):
            if any(
                p != place and p in entities and self.kb.kind_of(p) != "country"
                for p in lead.told_with
            ):
                # "LIMA - ... imposed a curfew in the province of Pataz, a day after police found
                # the bodies of 13 kidnapped guards": the lead names another place; the dateline
                # is where the reporter filed, and which of the two was the scene is not told
                return
            lead.places = [place]
            lead.place_groups = [[place]]

    def _in_main_country(self, place: str, entities: dict) -> bool:
        country = entities[self.main_country].country if self.main_country in entities else ""
        return place == self.main_country or (bool(country) and entities[place].country == country)

    def _default_places(self, incident) -> list[str]:
        mine = [
            r
            for r in self.raw
            if r.relation == "participated_in"
            and r.object.startswith("incident:")
            and self.tracker.number_of(int(r.object.split(":")[1])) == incident.number
        ]
        struck = any(
            names_its_doer(lemma, incident.event_type, self.kb) for lemma in incident.lemmas
        )
        for reading in mine:
            if self.kb.kind_of(reading.subject) == "country" and not struck:
                return [reading.subject]
        return [self.main_country] if self.main_country else []

    def statements(self, keys: dict[int, str], types: dict[str, str]) -> list[Statement]:
        vocabulary = relation_vocabulary()
        best: dict[tuple[str, str, str], Statement] = {}
        raw = list(self.raw)
        for incident in self.tracker.incidents:
            for place in incident.places:
                if incident.number in keys:
                    start, end = self._offsets(incident.summary)
                    raw.append(
                        RawReading(
                            f"incident:{incident.number}",
                            "occurred_in",
                            place,
                            0.8,
                            "",
                            incident.summary,
                            start,
                            end,
                            "events:incident-place",
                        )
                    )
        agreements = {
            keys[i.number]
            for i in self.tracker.incidents
            if i.number in keys and i.event_type in self.kb.triggers["agreement_types"]
        }
        carriers = frozenset(self.kb.patterns["responsibility"]["carrier_kinds"])
        for reading in raw:
            if reading.relation in DEED_RELATIONS and self.kb.kind_of(reading.subject) in carriers:
                continue  # "claimed on its Amaq news agency, saying it had killed 12"
            if reading.relation == "targeted" and self._mouthpiece(reading.object, carriers):
                continue  # "Militants claim the assault on Radio Andalus": where, not whom
            subject = _map(reading.subject, keys, self.tracker.number_of)
            obj = _map(reading.object, keys, self.tracker.number_of)
            relation, confidence = reading.relation, reading.confidence
            rule = reading.rule
            if obj in agreements and relation in DEED_RELATIONS:
                if relation != "perpetrated":
                    continue  # "Hamas claimed the truce as a victory" is no claim of a deed
                relation, rule = "participated_in", rule + "/agreement"  # "talks launched by Kenya"
            evidence, start, end = reading.evidence, reading.start, reading.end
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
                reading.role,
                date=reading.date,
                rule=rule,
                by=reading.by if reading.by != subject else "",
            )
            current = best.get((subject, relation, obj))
            if current is None or confidence > current.confidence:
                best[(subject, relation, obj)] = statement
        return list(best.values())

    def _offsets(self, sentence: str) -> tuple[int, int]:
        start = self.article.text.find(sentence) if sentence else -1
        return (start, start + len(sentence)) if start >= 0 else (0, 0)


_DAYS_FROM_THE_LAST = re.compile(r"^(\w+) (days?|weeks?) (later|earlier)\b")


def _follow_on_date(text: str, dates: list, focus, kb: Knowledge) -> str:
    """The date a sentence that opens "Hours later", "The same day", "The next day", "The day
    before" or "Two days earlier" tells of, from the incident just told, when the sentence
    dates nothing itself."""
    if dates or focus is None or len(focus.date) != 10:
        return ""
    opening = _opening(text, kb)
    if _opens_with(opening, kb.triggers["same_day_openers"]):
        return focus.date
    if _opens_with(opening, kb.triggers["next_day_openers"]):
        return shift_iso(focus.date, 1)
    if _opens_with(opening, kb.triggers["previous_day_openers"]):
        return shift_iso(focus.date, -1)
    days = _days_from_the_last(text.lstrip().lower(), kb)
    return shift_iso(focus.date, days) if days else ""


def _days_from_the_last(opening: str, kb: Knowledge) -> int | None:
    """'Two days earlier,' -2, 'three days later,' 3, 'A week earlier,' -7: whole days from the
    incident just told; never 'two days after the raid', which names the incident it counts
    from."""
    match = _DAYS_FROM_THE_LAST.match(opening)
    if not match:
        return None
    word, unit = match.group(1), match.group(2)
    if word in ("a", "one"):
        count = 1
    else:
        count = int(word) if word.isdecimal() else kb.casualties["number_words"].get(word)
    if not count or (word == "a" and unit not in ("day", "week")):
        return None  # "a days later" is no count; "a week earlier" is one
    days = count * (7 if unit.startswith("week") else 1)
    return days if match.group(3) == "later" else -days


def _opens_with(opening: str, cues: list[str]) -> bool:
    """Whether the opening is one of the cues; "On the same day as the Chibok raid" names the
    incident it is timed by (events.time_mark), not the one just told."""
    return any(
        opening.startswith(cue) and not opening[len(cue) :].startswith(" as ") for cue in cues
    )


def _opens_follow_on(text: str, kb: Knowledge) -> bool:
    """True for a sentence that moves on from the incident just told ("Hours later", "The
    day after the attack", "Around the same time"): what it tells is another incident."""
    opening = _opening(text, kb)
    return _opens_with(
        opening,
        [
            *kb.triggers["same_day_openers"],
            *kb.triggers["next_day_openers"],
            *kb.triggers["previous_day_openers"],
        ],
    ) or bool(_days_from_the_last(text.lstrip().lower(), kb))


def _opens_separately(text: str, kb: Knowledge) -> bool:
    """'In a separate incident', 'Elsewhere': another incident than the one just told."""
    return _opens_with(_opening(text, kb), kb.triggers["separate_openers"])


def _opening(text: str, kb: Knowledge) -> str:
    """A sentence's first words, lower-cased, a quantity before "later" left out: "A few
    hours later" opens as "hours later" does."""
    quantified = indexed(kb.triggers["later_quantifiers"], _quantified_pattern)
    return quantified.sub("", text.lstrip().lower()[:50], count=1)


def _quantified_pattern(quantifiers: list[str]) -> re.Pattern[str]:
    words = [*quantifiers, *knowledge().casualties["number_words"]]  # "two hours later"
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^(?:(?:{alternatives}|\d+) )+(?=\w+ later\b)")


def _of_the_day(incident, published: str) -> bool:
    """'Gunmen attacked the home of Vital Kamerhe in Kinshasa before dawn': an incident on a
    scene, told with an hour of the day and nothing the text says of its day, is the day's news:
    it happened on the day of publication."""
    return not incident.date and incident.clocked and bool(incident.places) and len(published) == 10


def _is_real_incident(
    incident,
    violent: set[str],
    dated_article: bool,
    has_country: bool = False,
    published_year: str = "",
) -> bool:
    """Enough to be one real-world incident: a time and, for violence, a scene.

    In an article without a publication date "on Monday" cannot be resolved, so there a scene
    and one specific mention ("the bombing of a market in Kalat") make the incident, undated,
    rather than losing it for a missing date line. In a dated article an incident the text
    never dates is, measured on the dev set, mostly a generic one ("attacks in the region"):
    keeping those cost a fifth of the events' precision for 2 points of recall.
    """
    if incident.parts >= 2:
        # "two bombings killed nine", each then told in its own town: the parts are the
        # incidents; the count is neither of them
        return False
    if incident.event_type in violent and not incident.places:
        # no scene of its own: a specific one the text dates to an earlier year happened in the
        # country the story is about ("Uribe's father was killed in 1983"); this year's, told
        # without a scene, is mostly a court date or a vague reference, and undated or generic
        # ones are not events
        return (
            has_country
            and bool(incident.date)
            and incident.date[:4] < published_year
            and max(incident.types.values(), default=0) >= STRONG_WEIGHT
        )
    if incident.date:
        return True
    return (
        not dated_article
        and bool(incident.places)
        and max(incident.types.values(), default=0) >= STRONG_WEIGHT
    )


def _dateline_place(dateline: str, entities: dict, kb: Knowledge) -> str:
    """The place entity a dateline names first ("Beledweyne, Somalia" gives Beledweyne), when
    the text names it too; a country alone places nothing."""
    first = dateline.split(",")[0].strip().lower()
    if not first:
        return ""
    for key, entity in entities.items():
        names = {entity.label.lower(), *(a.lower() for a in entity.aliases)}
        if entity.type == "Place" and first in names and kb.kind_of(key) != "country":
            return key
    return ""


def _map(key: str, keys: dict[int, str], number_of) -> str | None:
    if key.startswith("incident:"):
        return keys.get(number_of(int(key.split(":")[1])))
    return key


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
