"""Incidents: the real-world events an article's mentions tell of, assembled as it is read.

Each sentence's event mentions (``events.find_triggers`` and ``events.describe``) are placed in
an incident: merged with one already told when their kind, date and place agree, or started as
a new one. Casualty figures go to the incident their sentence is about. At the end,
``consolidate`` merges incidents told apart too early. The extractor turns the incidents that
hold enough (a date, and for violence a scene) into ``EventRecord``s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..knowledge import Knowledge, dates_agree, indexed, word_sets
from .casualties import find_casualties, in_claimed_words, is_toll_noun, tells_running_total
from .dates import shift_iso
from .events import (
    TIME_PREPOSITIONS,
    EventMention,
    clause_offset,
    counted_since,
    counts_since,
    in_those_events,
    perfect,
    reference_shift,
    surface_name,
    verb_noun,
)
from .syntax import climb

# Incidents one article may hold. The dev and fixture articles hold at most about 15; a text
# with thousands of trigger words (a fuzzed or scraped page) would otherwise make placing each
# mention, and the final consolidation, quadratic to cubic in their number.
MAX_INCIDENTS = 100
# a specific trigger's vote for its incident's type; a generic or weak one gives 1
STRONG_WEIGHT = 3


LEAD_PARAGRAPHS = 3  # the paragraphs after the headline that tell the news first
RECENT_SENTENCES = 2  # how far back a toll without a trigger may reach past talks to an attack


@dataclass(eq=False)
class Incident:
    """A real-world event assembled from its mentions."""

    number: int
    types: Counter = field(default_factory=Counter)
    date: str = ""
    places: list[str] = field(default_factory=list)
    place_groups: list[list[str]] = field(default_factory=list)  # places as each mention named them
    fatalities: int | None = None
    injured: int | None = None
    mentions: int = 0
    summary: str = ""
    summary_score: int = -1
    nouns: Counter = field(default_factory=Counter)
    apart: set[int] = field(default_factory=set)  # incidents the text told apart from this one
    within: tuple[str, str] | None = None  # the days its date covers, when it says less
    counted: bool = False  # started by "two car bombings": never merged on a place alone
    clocked: bool = False  # told with an hour of the day and no day
    toll_month: str = ""  # the month a toll update of it was dated: it happened by then
    # the places the sentence that started it named
    told_with: list[str] = field(default_factory=list)
    overnight: bool = False  # told as done "overnight" and never dated
    names: set[str] = field(default_factory=set)  # surface names: "Charlie Hebdo massacre", "coup"
    last_seen: int = 0
    told_in: int = -1  # the sentence that started it
    told_in_paragraph: int = -1  # the paragraph of that sentence
    seen_in: int = -1  # the sentence that last told it
    seen_in_paragraph: int = -1  # the paragraph of that sentence
    parts: int = 0  # counted: the incidents told apart from it, each in a place of its own
    lemmas: set[str] = field(default_factory=set)  # its triggers' words: "ambush", "raid"
    sites: set[str] = field(default_factory=set)  # what it was aimed at: "stormed a police station"
    day_slack: int = 0  # its date came from "hours after/before": it may be the next day over

    @property
    def event_type(self) -> str:
        # max() keeps most_common's tie-break (the first type seen) at a fraction of its cost:
        # the tracker asks for it for every incident at every mention
        return max(self.types, key=self.types.__getitem__) if self.types else "other"


def _over_midnight(incident: Incident, day: str) -> bool:
    """A day one off an incident dated only by "hours after/before" another, on the side the
    hours may have crossed midnight to."""
    return (
        incident.day_slack != 0
        and len(day) == 10
        and len(incident.date) == 10
        and day == shift_iso(incident.date, incident.day_slack)
    )


def _deed_verb(mention: EventMention) -> Token | None:
    """The verb of a verb mention, or of a verb phrase trigger ('opened fire', whose head is
    the noun 'fire')."""
    head = mention.head
    if head.pos_ == "VERB":
        return head
    inside = {t.i for t in mention.tokens}
    if head.dep_ == "dobj" and head.head.i in inside and head.head.pos_ == "VERB":
        return head.head
    return None


def _at_the_one_told(verb: Token) -> bool:
    """'Guards opened fire on the vehicle', 'soldiers shot the attacker', 'the patrol was
    attacked': a deed aimed at something told before (a definite noun), inside the incident
    just told."""
    aimed = _aimed_nouns(verb)
    return bool(aimed) and all(_definite_the(a) for a in aimed)


def _aimed_nouns(verb: Token) -> list[Token]:
    """The common nouns a deed is aimed at: its object, or what 'on'/'at' names."""
    aimed = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
    aimed += [
        g
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ in ("on", "at")
        for g in p.children
        if g.dep_ == "pobj" and g.pos_ == "NOUN"
    ]
    return aimed


def _site_named(mention: EventMention, candidates: list[Incident]) -> Incident | None:
    """'claimed the police station attack', after gunmen stormed a police station and a bomb
    went off elsewhere: the one incident aimed at what the mention's own words name."""
    words = {
        c.lemma_.lower() for c in mention.head.children if c.dep_ == "compound" and c.pos_ == "NOUN"
    }
    if not words:
        return None
    found = [i for i in candidates if i.sites & words]
    return found[0] if len(found) == 1 else None


def _definite_the(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)


class IncidentTracker:
    """Merges event mentions into incidents as the article is read."""

    def __init__(
        self,
        kb: Knowledge,
        place_parents: dict[str, set[str]],
        countries: dict[str, str],
        published_year: str = "",
    ) -> None:
        self.kb = kb
        # An incident the text has not dated is, in a dated article, news: of the publication's
        # year. A mention dated to another year ("the bombing of Omagh in August 1998") is not it.
        self.published_year = published_year
        self.place_parents = place_parents
        self.countries = (
            countries  # place key -> ISO country code, for "Peshawar" inside "Pakistan"
        )
        self.incidents: list[Incident] = []
        self.created = 0  # incident numbers stay unique after merges remove some
        self.focus: Incident | None = None
        # the violent incident last told, and in which sentence: a toll told right after it
        # is its own though talks were named in between ("A drone struck a market hours after
        # the talks opened. Officials first reported five dead.")
        self.last_violent: Incident | None = None
        self.last_violent_at = 0
        self.clock = 0
        self.sentence = 0  # sentences read so far
        self.paragraph = 0  # the paragraph being read
        self.aliases: dict[int, int] = {}  # merged incident number -> the one it merged into
        self.last_story = 0  # the last sentence that told more than a toll

    def read_paragraph(self, index: int) -> None:
        """The next sentences are those of paragraph ``index``."""
        self.paragraph = index

    def add_sentence(
        self,
        mentions: list[EventMention],
        sentence_text: str,
        places: Iterable[str] = (),
        parsed: Span | None = None,
    ) -> dict[int, Incident]:
        """Place this sentence's mentions in incidents; returns trigger token index -> incident.
        ``places`` are the places the sentence names, for a toll told without a trigger;
        ``parsed``, the sentence's parse, lets its victims be counted."""
        self.sentence += 1
        resolved: dict[int, Incident] = {}
        # the incidents a time phrase refers to first: "on the same day as the Chibok raid, a
        # bomb tore through a bus station" dates the bomb by the raid
        # an incident timed by the clause it hangs on ('the raid came a day after a bomb
        # struck') goes after the one that clause tells
        merged = self._merge_same_sentence(mentions)
        merged = sorted(
            merged,
            key=lambda m: (not _dates_a_new_one(m, merged), not _time_reference(m)),
        )
        # what unnamed doers did besides ("They took the soldiers' weapons") tells no incident
        tellers = [m for m in merged if not m.doers_only]
        if len(tellers) == 1 and _bare_toll(tellers[0], self.kb):
            # "about 100 people had been killed", alone in its sentence: a toll of the incident
            # told, never a new one
            tellers[0].weak = tellers[0].bare_toll = True
        reference_date = ""
        referenced: Incident | None = None  # the incident a time phrase names
        timed_clause = -1  # the verb of the clause that phrase times
        earlier: Incident | None = None  # the sentence's first incident
        earlier_at = 0  # and where its mention stands
        for mention in merged:
            if mention.weak and not mention.places:
                mention.sentence_places = list(places)
            if not _time_reference(mention) and not (mention.date or mention.fallback_date):
                mention.fallback_date = reference_date
            if (
                referenced is not None
                and not _time_reference(mention)
                and _clause_of(mention.head) == timed_clause
            ):
                # "Hours after the ambush, F-16s struck hideouts": timed by the ambush, the
                # strike is another incident, never the ambush told again; not "The raid
                # revived memories, and schools closed in the days after the attack"
                mention.timed_by = referenced
            later = _told_later(mention, earlier_at) if earlier is not None else None
            if later is not None:
                mention.moves_on_from = mention.moves_on_from or earlier
                hours = any(g.lower_ in ("hours", "minutes") for g in later.children)
                if hours and not (mention.date or mention.fallback_date):
                    mention.fallback_date = earlier.date  # "and hours later": the same day
            if mention.doers_only and tellers:
                continue  # the sentence's trigger tells its incident, whatever the doers did
            if not (mention.date or mention.timed_by or mention.anaphoric):
                self._date_by_the_clause_it_hangs_on(mention, resolved)
            incident = self._place(mention)
            if incident is None:
                continue
            if incident.told_in == self.sentence and not incident.told_with:
                incident.told_with = list(places)
            if earlier is None:
                earlier, earlier_at = incident, mention.head.i
            if _time_reference(mention):
                referenced, timed_clause = incident, _clause_of(mention.head.head)
                if len(incident.date) == 10:
                    reference_date = _shifted(incident.date, reference_shift(mention))
            for token in mention.tokens:
                resolved[token.i] = incident
            if incident.event_type in self.kb.triggers["violent_types"] and not _time_reference(
                mention
            ):
                self.last_violent, self.last_violent_at = incident, self.sentence
        casualties = find_casualties(sentence_text, parsed)
        if casualties.fatalities is not None or casualties.injured is not None:
            relative = _relative_killing(parsed, mentions, resolved, self.kb)
            owner = relative[0] if relative is not None else None
            target = self._casualty_target(
                mentions, resolved, sentence_text, list(places), parsed, owner
            )
            if target is not None and owner is target:
                casualties = _clause_casualties(relative[1], casualties)
            if target is not None:
                _raise(target, "fatalities", casualties.fatalities)
                _raise(target, "injured", casualties.injured)
        for incident in {id(i): i for i in resolved.values()}.values():
            self._summary(incident, sentence_text, casualties)
        if any(not m.bare_toll for m in merged):
            self.last_story = self.sentence
        return resolved

    def _date_by_the_clause_it_hangs_on(
        self, mention: EventMention, resolved: dict[int, Incident]
    ) -> None:
        """'The raid came a day after a roadside bomb struck a police truck': the clause's
        subject is an incident already told with its day, so the bomb is another incident, a
        day before it."""
        timed = _timed_clause(mention)
        if timed is None:
            return
        _, days, anchor = timed
        told = next(
            (
                resolved[c.i]
                for c in anchor.children
                if c.dep_ in ("nsubj", "nsubjpass") and c.i in resolved
            ),
            None,
        )
        if told is not None and len(told.date) == 10:
            mention.date, mention.fallback_date = _shifted(told.date, days), ""
            mention.timed_by = told

    def _merge_same_sentence(self, mentions: list[EventMention]) -> list[EventMention]:
        merged: list[EventMention] = []
        for mention in self._without_casualty_verbs_of_others(mentions):
            family = self.kb.family(mention.event_type)
            twin = next(
                (
                    m
                    for m in merged
                    if self.kb.family(m.event_type) == family
                    and not (_time_reference(m) or _time_reference(mention))
                    and not (m.doers_only or mention.doers_only)
                    and (
                        _trailing_participle(m, mention)
                        or (
                            _clause_verb(m) == _clause_verb(mention)
                            and _told_later(mention, m.head.i) is None
                            and not self._two_clauses_two_scenes(m, mention)
                            and not self._two_told_apart(m, mention)
                            and not _another_beside(m, mention, self.kb)
                            and dates_agree(
                                m.date or m.fallback_date, mention.date or mention.fallback_date
                            )
                        )
                    )
                ),
                None,
            )
            if twin is None:
                merged.append(mention)
                continue
            if _trailing_participle(twin, mention):
                # its date came through the clause the parser wrongly hung it on
                mention.date = mention.fallback_date = ""
            twin.tokens = twin.tokens + mention.tokens
            if (twin.generic or twin.weak) and not (mention.generic or mention.weak):
                twin.event_type, twin.generic, twin.weak = mention.event_type, False, False
            if _sharper(twin.date, mention.date) != twin.date:
                # "the deadliest attack this year, the twin bombing ... on January 27": the
                # sharper date, and where it sits, which says whose date it is
                twin.date, twin.date_within = mention.date, mention.date_within
                twin.date_hops, twin.date_follows = mention.date_hops, mention.date_follows
                twin.date_inside, twin.appositive = mention.date_inside, mention.appositive
            twin.fallback_date = _sharper(twin.fallback_date, mention.fallback_date)
            if self._as_the_claim_tells(twin, mention):
                # the claim's words place it in its own terms ("in western Uganda"): the
                # incident claimed keeps the scene it was told at
                told = twin if twin.anaphoric else mention
                twin.places, twin.anaphoric = list(told.places), True
                continue
            twin.places += [p for p in mention.places if p not in twin.places]
            twin.anaphoric = twin.anaphoric and mention.anaphoric
        return merged

    def _as_the_claim_tells(self, first: EventMention, second: EventMention) -> bool:
        """'IS claimed the raid through Amaq, saying its fighters had killed 15 Christians in an
        attack on a village in western Uganda': the attack the claim describes, in a region or a
        country only, is the raid it claims, an incident already told, not a new one there."""
        told, described = (first, second) if first.anaphoric else (second, first)
        if not told.anaphoric or described.anaphoric or not told.reported:
            return False
        if not described.places or not self._only_broad(described.places):
            return False  # a claim that names the scene ("seized the post at Koudou") says which
        verb = next((t for t in climb(told.head.head, 4) if t.pos_ == "VERB"), None)
        if verb is None:
            return False
        return any(
            clause.dep_ in ("advcl", "xcomp", "ccomp")
            and clause.lemma_.lower() in self.kb.triggers["reporting_verbs"]
            and clause.left_edge.i <= described.head.i <= clause.right_edge.i
            for clause in verb.children
        )

    def _names_its_scene(self, mention: EventMention) -> bool:
        """'Kulachi checkpoint raid', 'a bombing in Khar': a name in the trigger's own phrase,
        or in the phrase of the killing it is told by ('two soldiers die in ambush near Mbau'),
        not elsewhere in its clause ('Islamic State's Sinai affiliate claims attack')."""
        own = {t.i for t in mention.tokens}
        phrases = list(mention.tokens)
        head = mention.head
        governor = head.head.head
        if mention.scene_by_toll or (
            head.dep_ == "pobj"
            and governor.pos_ == "VERB"
            and governor.lemma_.lower() in self.kb.triggers["casualty_verbs"]
        ):
            phrases.append(governor)
        return any(
            t.text[:1].isupper() and t.i not in own and t.i != governor.i
            for token in phrases
            for t in token.subtree
        )

    def _two_clauses_two_scenes(self, first: EventMention, second: EventMention) -> bool:
        """'Bajaur mosque bombing toll rises to 14 as IS claims attack; TTP denies role in Kulachi
        checkpoint raid': clauses a semicolon joins tell two stories, and two mentions that name
        scenes apart are two incidents though one sentence holds them."""
        if (
            not (self._names_its_scene(first) and self._names_its_scene(second))
            or not (first.places and second.places)
            or self._places_agree(first.places, second.places, below_country=True)
        ):
            return False
        doc = first.head.doc
        start, end = sorted((first.head.i, second.head.i))
        return any(doc[i].text == ";" for i in range(start + 1, end))

    def _two_told_apart(self, first: EventMention, second: EventMention) -> bool:
        """'The front denied the bombing but claimed the ambush': two definite mentions in one
        sentence, each by a word that names one incident already told and not the other, are
        those two incidents, never one."""
        if not (first.anaphoric and second.anaphoric):
            return False
        if self._denied_and_claimed(first, second):
            return True
        one, other = first.head.lemma_.lower(), second.head.lemma_.lower()
        if one == other:
            return False
        return any(one in i.lemmas and other not in i.lemmas for i in self.incidents) and any(
            other in i.lemmas and one not in i.lemmas for i in self.incidents
        )

    def _denied_and_claimed(self, first: EventMention, second: EventMention) -> bool:
        """'The TTP denied involvement in the mosque bombing but claimed the Bannu attack': what
        one doer denies and what it claims in the next breath are two incidents."""
        verbs = [_stated_by(m.head) for m in (first, second)]
        if None in verbs or verbs[0].i == verbs[1].i:
            return False
        if not (verbs[0].dep_ == "conj" and verbs[0].head.i == verbs[1].i) and not (
            verbs[1].dep_ == "conj" and verbs[1].head.i == verbs[0].i
        ):
            return False
        deny = indexed(self.kb.patterns["responsibility"], word_sets)["deny_verbs"]
        lemmas = {v.lemma_.lower() for v in verbs}
        return bool(lemmas & deny) and bool(lemmas & set(self.kb.triggers["claim_verbs"]))

    def _without_casualty_verbs_of_others(self, mentions: list[EventMention]) -> list[EventMention]:
        """'killed in a drone strike', 'a drone strike killed seven': the killing is the other
        trigger's toll, not an incident of its own (and, of another family, it would not merge
        with it); its date and scene go to that trigger."""
        casualty = set(self.kb.triggers["casualty_verbs"])
        light = set(self.kb.triggers["light_verbs"])
        kept = []
        # what unnamed doers did ("gunmen seized him, killing his driver") owns no toll: the
        # killing tells the incident
        owners = [m for m in mentions if not m.doers_only]
        for mention in mentions:
            head = mention.head
            owner = None
            if (
                head.pos_ == "VERB"
                and head.lemma_.lower() in casualty
                and len(mentions) > 1
                and in_claimed_words(head)
            ):
                # "IS claimed the attack, saying its fighters had killed 30 soldiers of the
                # Puntland militia": the claimant's account of the deed claimed, whose places
                # and figures are not the text's
                continue
            if head.pos_ == "VERB" and head.lemma_.lower() in casualty:
                # "killed in a drone strike", "killed by the blast"; not "hours before the raid
                # on Solhan, gunmen killed 14": a time phrase names another incident
                inside = {
                    t.i
                    for c in head.children
                    if c.dep_ in ("prep", "agent") and c.lower_ not in TIME_PREPOSITIONS
                    for t in c.subtree
                }
                inside |= {c.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass")}
                # "were killed when a bomb exploded": the clause that tells how
                inside |= {
                    t.i
                    for c in head.children
                    if c.dep_ == "advcl" and any(m.lower_ == "when" for m in c.children)
                    for t in c.subtree
                }
                owner = next((o for o in owners if o is not mention and o.head.i in inside), None)
                if owner is None and head.tag_ == "VBG" and head.dep_ in ("advcl", "xcomp"):
                    # "gunmen ambushed a patrol on Wednesday, killing four fighters": the
                    # ambush's toll, whatever date the sentence's other clause gives; so is
                    # "an air strike hit a market, killing 13": the toll of the verb's subject
                    governor = head.head
                    owner = next((o for o in owners if o.head.i == governor.i), None) or next(
                        (
                            o
                            for o in owners
                            if o.head.head.i == governor.i
                            and (
                                o.head.dep_ == "nsubj"
                                # "had carried out the strike on Wednesday, killing X"
                                or (o.head.dep_ == "dobj" and governor.lemma_.lower() in light)
                            )
                        ),
                        None,
                    )
                if owner is None and head.dep_ == "relcl":
                    # "a US drone strike at Baghdad airport in January 2020 that killed Qassem
                    # Soleimani"; of its own family the two merge as one deed anyway
                    family = self.kb.family(mention.event_type)
                    owner = _noun_told_before(
                        head, [o for o in owners if self.kb.family(o.event_type) != family]
                    )
            if owner is None:
                kept.append(mention)
                continue
            owner.date = owner.date or mention.date
            owner.fallback_date = owner.fallback_date or mention.fallback_date
            if not owner.places:  # the trigger's own scene wins over the killing's
                owner.places.extend(mention.places)
                owner.scene_by_toll = bool(mention.places)
            if not (mention.generic or mention.weak) and owner.head.pos_ == "VERB":
                owner.generic = False  # "gunmen attacked the hotel, killing 30": a deed told
        return kept

    def _place(self, mention: EventMention) -> Incident | None:
        self.clock += 1
        if mention.doers_only:
            return self._date_the_focus(mention)
        if (
            mention.anaphoric
            and not (mention.date_inside and (mention.date_hops > 2 or mention.appositive))
            and (
                mention.date_hops > 2
                or (mention.reported and (mention.date_hops > 1 or mention.date_follows))
            )
        ):
            # "claimed the attack in a statement on Wednesday", "claimed the Arbinda attack on
            # Wednesday": the claim's date; but a date deep in the trigger's own phrase ("the
            # shooting of an officer who was coaching a team on Thursday"), "claimed last
            # week's massacre" and "denied Monday's attack" date the incident itself
            mention.date = ""
        # "denied any role in the kidnapping of a journalist last year": an incident of that
        # year or before, never the one the news tells
        no_later = mention.statement_date[:4] if not mention.date else ""
        if not self._of_another_year(no_later):
            no_later = ""
        family = self.kb.family(mention.event_type)
        moved_on = mention.timed_by or (
            mention.moves_on_from if not (mention.weak or mention.anaphoric) else None
        )
        candidates = [
            i
            for i in self.incidents
            if self.kb.family(i.event_type) == family
            and _same_other(i.nouns, _noun_of(mention, self.kb))
            and i is not moved_on
            and self._places_agree(
                i.places,
                mention.places,
                below_country=True,
                loose=(not i.date and bool(mention.date)) or self._site_of_the_last(i, mention),
            )
            and (
                dates_agree(i.date or self.published_year, mention.date)
                or _over_midnight(i, mention.date)
            )
            and not _another_of_that_month(i, mention)
            and _within(i.date, mention.date_within)
            and not self._other_year(i.date, mention)
            and not _weak_of_another_time(i, mention)
            and not (no_later and i.date[:4] > no_later)
        ]
        incident = None
        counted_in: list[Incident] = []  # the counts ("two bombings") this one is one of
        if _told_apart(mention.head, self.kb):
            pass  # a new incident, whatever is in focus
        elif mention.weak or mention.anaphoric:
            candidates = _of_its_kind(candidates, mention, self.kb)
            there = [i for i in candidates if set(i.places) & set(mention.sentence_places)]
            if len(there) == 1:
                candidates = there  # "... killed and nine wounded at Tamou": Tamou's
            aimed = _site_named(mention, candidates)
            if aimed is not None:
                candidates = [aimed]
            if candidates:
                demonstrative = any(
                    c.lower_ in ("this", "that", "these", "those") for c in mention.head.children
                )
                if mention.counted and any(i.counted for i in candidates):
                    # "the two attacks": the count, not the one of them told most
                    candidates = [i for i in candidates if i.counted]
                salient = max(
                    candidates,
                    key=lambda i: (not self._recollection(i, candidates), i.mentions, i.last_seen),
                )
                if self.focus in candidates and (
                    demonstrative
                    or self._just_told(mention, salient)
                    or self._toll_of_the_new_one(mention)
                ):
                    incident = self.focus
                else:
                    incident = salient
                if _names_one_part(incident, mention):
                    incident, counted_in = None, [incident]
            elif mention.weak:
                if not self._dates_the_lead(mention, family):
                    return None
                incident = self.focus
        elif (site := self._at_a_told_site(mention, family)) is not None:
            incident = site
        elif self._continues_focus(mention, family) or self._dates_placed_focus(mention, family):
            incident = self.focus
        elif self._weapon_just_told(mention, family):
            incident = self.last_violent
        else:
            # "two car bombings in Ankara" with no date of their own are not the Ankara bombing
            # already told: a counted mention merges on a shared date, never on a place alone
            sharing = [
                i
                for i in candidates
                if not _one_of_many(i, mention)
                and (
                    (mention.date and i.date)
                    or (mention.places and i.places and (i.counted or not mention.counted))
                )
                or self._dates_the_headline(i, mention)
            ]
            told_of_its_kind = self._told_of_its_kind(candidates, mention)
            if sharing and not self._below_country(mention.places):
                # "at a base near the Iranian border in south-eastern Turkey": a country alone
                # says nothing of which incident in it this is; the story's first is meant
                incident = min(sharing, key=lambda i: i.number)
            elif sharing:
                incident = max(sharing, key=lambda i: (i.mentions, i.last_seen))
            elif told_of_its_kind is not None:
                incident = told_of_its_kind
            else:
                counted_in = [i for i in candidates if _one_of_many(i, mention)]
                count = self._count_in_focus(mention, family)
                if not counted_in and count is not None:
                    counted_in = [count]
        if incident is None:
            if len(self.incidents) >= MAX_INCIDENTS:
                # a text naming this many incidents is not a news story: see MAX_INCIDENTS
                return None
            incident = Incident(
                self.created, told_in=self.sentence, told_in_paragraph=self.paragraph
            )
            self.created += 1
            self.incidents.append(incident)
            mention.date = mention.date or mention.fallback_date or no_later
            for count in counted_in:
                # one of "two bombings on Tuesday in Deir ez-Zor", told in a town of its own:
                # an incident apart from the count, on the count's day unless it says otherwise
                mention.date = mention.date or count.date
                count.parts += 1
                incident.apart.add(count.number)
                count.apart.add(incident.number)
            incident.within = mention.date_within if mention.date else None
            incident.counted = mention.counted
        elif not incident.date and not (mention.anaphoric or mention.weak):
            # told first undated (a headline), then in a clause that dates it: the date a new
            # incident would take from that clause, it takes too
            mention.date = mention.date or mention.fallback_date
        if (
            incident.places
            and mention.places
            and self._site_of_the_last(incident, mention)
            and all(self._loose_site(p) for p in mention.places)
        ):
            mention.places = []  # the site joined loosely is not the scene told (see above)
        if moved_on is not None and moved_on is not incident:
            incident.apart.add(moved_on.number)
            moved_on.apart.add(incident.number)
        for other in self.incidents:
            # the mention's date is final now (a new incident takes its fallback)
            if other is not incident and _another_of_that_month(other, mention):
                incident.apart.add(other.number)  # and stays so when incidents are merged
                other.apart.add(incident.number)
        self._absorb(incident, mention)
        if (
            not (_time_reference(mention) or self._describes_an_actor(mention))
            or self.focus is None
        ):
            # "The group claimed that attack, the first in Kabul since the Taliban takeover": an
            # incident named to time another does not take the story's focus; nor one that
            # describes who someone is ("a new name for the same network that attacked Banjska")
            self.focus = incident
        return incident

    def _of_another_year(self, date: str) -> bool:
        return bool(date and self.published_year) and date[:4] < self.published_year[:4]

    def _date_the_focus(self, mention: EventMention) -> Incident | None:
        """'Six people have been killed in a night raid ...' then 'Gunmen entered the village
        late on Saturday': what the unnamed doers did dates the incident in focus that has no
        date yet, and does nothing else (its scene may be any step of the deed)."""
        focus = self.focus
        if not self._dates_the_lead(mention, self.kb.family(mention.event_type)) or not (
            self._places_agree(focus.places, mention.places, below_country=True)
            or self._only_broad(focus.places)
        ):
            return None  # "armed men boarded a dredge at Kaikan": elsewhere, another deed
        mention.places = []
        self._absorb(focus, mention)
        return focus

    def _only_broad(self, places: list[str]) -> bool:
        """Only regions or countries ('a village in Lamu county'): a town may lie in them."""
        return all(self.kb.place_rank(p) >= 3 for p in places)

    def at_its_scene(self, incident: Incident | None, mention: EventMention) -> bool:
        """Whether a mention names a scene, and it is the incident's."""
        return (
            incident is not None
            and bool(incident.places and mention.places)
            and self._places_agree(incident.places, mention.places)
        )

    def _dates_the_lead(self, mention: EventMention, family: str) -> bool:
        """'blamed the ELN for the kidnapping of four contractors ... in Arauca', then 'The four
        men were seized on Monday near the town of Saravena': a weak mention that dates the
        undated incident of its kind in focus tells that incident's details, in a town the
        lead's region holds, even when the text never says so."""
        focus = self.focus
        return (
            focus is not None
            and not focus.date
            and bool(mention.date)
            and not mention.anaphoric
            and self.kb.family(focus.event_type) == family
            and _same_other(focus.nouns, _noun_of(mention, self.kb))
            and self.last_story == self.sentence - 1
        )

    def _told_of_its_kind(
        self, candidates: list[Incident], mention: EventMention
    ) -> Incident | None:
        """'Tuesday's suicide bombing at a mosque in Khar ..., while police blamed the TTP for a
        separate attack on a checkpoint', then 'The bomber blew himself up in the front row of
        worshippers': a violent deed of a named kind, told by its verb, with nothing of its own
        to date or place it goes on telling the one dated incident of that kind already told,
        though another is in focus. Only while the story is still on it: told in one of the
        last sentences, not a paragraph ago."""
        if (
            mention.date
            or mention.fallback_date
            or mention.places
            or mention.counted
            or mention.generic
            or mention.weak
            or not any(t.pos_ == "VERB" for t in mention.tokens)  # "blew himself up"
            or mention.event_type == "armed_attack"
            or mention.event_type not in self.kb.triggers["violent_types"]
        ):
            return None
        told = [
            i
            for i in candidates
            if i.types[mention.event_type]
            and i.date
            and self.sentence - i.seen_in <= RECENT_SENTENCES + 1
        ]
        return told[0] if len(told) == 1 else None

    def _count_in_focus(self, mention: EventMention, family: str) -> Incident | None:
        """'Gunmen attacked two villages in Zamfara on Sunday ... In Tungar, near Anka, they shot
        dead 18 people': an undated incident in a place of its own, told while a dated count is
        the story, is one of the count even where no dictionary puts Tungar in Zamfara; unless
        its place lies in another country. The count is the focus, or the count the focus is
        one of (the village told just before)."""
        focus = self.focus
        count = focus
        if focus is not None and not focus.counted:
            count = next(
                (i for i in self.incidents if i.number in focus.apart and i.counted and i.parts),
                None,
            )
        if (
            count is None
            or not count.date
            or mention.date
            or self.kb.family(count.event_type) != family
            or not _one_of_many(count, mention)
        ):
            return None
        theirs = {self.countries.get(p) for p in count.places} - {None, ""}
        ours = {self.countries.get(p) for p in mention.places} - {None, ""}
        return None if theirs and ours and not theirs & ours else count

    def _just_told(self, mention: EventMention, salient: Incident) -> bool:
        """'... an ELN car bomb tore through the police academy on Jan. 17. The ELN claimed the
        attack': a definite mention in the sentence after the one that told a new incident is
        about that incident, however often the article's main one was named; unless the two
        may be one incident told twice (their dates and places agree), when the main one keeps
        it and consolidation decides."""
        focus = self.focus
        return (
            focus is not None
            and focus is not salient
            and not self._recalled_before(focus, salient)
            and (
                focus.told_in == self.sentence - 1
                # told a few sentences ago, and only its toll since ("Five people were killed
                # ... Two of the wounded died overnight, bringing the toll to seven")
                or (focus.told_in >= self.sentence - 3 and focus.told_in == self.last_story)
            )
            and mention.anaphoric
            and any(c.lower_ == "the" and c.dep_ == "det" for c in mention.head.children)
            and (
                # a count ("twin bombings in Baidoa and Bosaso") is never one of its parts
                (salient.counted and salient.parts > 0)
                or not (
                    dates_agree(salient.date or self.published_year, focus.date)
                    and self._places_agree(salient.places, focus.places)
                )
            )
        )

    def _recalled_before(self, focus: Incident, salient: Incident) -> bool:
        """'Gunmen attacked a police station in Kolda on Sunday ... | A day earlier, a roadside
        bomb struck an army truck near Tanaf. | Police blamed the MFDC for the attack': an older
        incident told after the story's own, in a paragraph before this one, is a recollection,
        and a new paragraph's 'the attack' goes back to the story's own."""
        return (
            self.paragraph != focus.told_in_paragraph
            and focus.seen_in < self.sentence - 1  # "A day earlier, ... | The attack killed"
            # told on in a paragraph of its own ("seven soldiers were killed ... | IS claimed
            # the attack"): a section of the story, not an aside
            and focus.seen_in_paragraph == focus.told_in_paragraph
            and focus.told_in > salient.told_in
            and bool(focus.date and salient.date)
            and not dates_agree(focus.date, salient.date)
            and focus.date < salient.date
        )

    def _recollection(self, incident: Incident, candidates: list[Incident]) -> bool:
        return any(self._recalled_before(incident, other) for other in candidates)

    def _toll_of_the_new_one(self, mention: EventMention) -> bool:
        """'About ten hours later, a bomb exploded outside a restaurant in Bosaso. Five people
        were killed and 11 wounded': a toll alone in the sentence after the one that told a new
        incident with a time or a scene is that incident's, not the story's main one."""
        focus = self.focus
        return (
            mention.bare_toll
            and focus is not None
            and (
                focus.told_in == self.sentence - 1
                # told, then dated or placed in the next sentence ("Mortar shells hit a base
                # at the airport. Three landed inside the base late on Wednesday. Nobody was
                # killed.")
                or (focus.seen_in == self.sentence - 1 and focus.told_in >= self.sentence - 2)
            )
            and bool(focus.date or focus.places)
        )

    def _dates_the_headline(self, incident: Incident, mention: EventMention) -> bool:
        """'Police fire rubber bullets at striking miners near Rustenburg', then 'Police fired
        ... on Tuesday to disperse striking miners': the article's first incident, placed but
        undated, is dated by the next mention of the same kind that has a date and no place. So
        is one the sentence just before told undated, by a deed whose doer the story already
        knows ('The death toll from a car bombing in Tal Tamr rose to seven on Sunday', then 'The
        car blew up shortly before noon on Saturday')."""
        return (
            incident is self.focus
            and (
                incident.number == 0
                or (
                    bool(mention.date)
                    and incident.seen_in >= self.sentence - 1
                    and _told_of_the_same_thing(mention)
                )
            )
            and not incident.date
            and bool(incident.places)
            and bool(mention.date or mention.fallback_date)
            and not mention.places
            and not mention.counted
            and incident.event_type == mention.event_type
        )

    def _by_its_doers(self, verb: Token) -> bool:
        """A deed whose subject is unnamed doers ('four attackers', 'the gunmen', 'they')."""
        doers = self.kb.casualties["perpetrator_nouns"]
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        return any(c.lower_ in ("they", "he", "she") or c.lemma_.lower() in doers for c in subjects)

    def _continues_focus(self, mention: EventMention, family: str) -> bool:
        """'Gunmen stormed the offices on Wednesday. They killed 12 people': a violent verb
        with a pronoun for its doer and nothing of its own to date or place it goes on telling
        the incident just told. So does one whose doer is a weapon or an attacker, told in the
        very next sentence ('... a drone attack on the oil field late on Tuesday. Two drones
        struck the field at 11:40 pm')."""
        head = _deed_verb(mention)
        if (
            self.focus is None
            or head is None
            or mention.date
            or mention.fallback_date
            or self.focus in (mention.moves_on_from, mention.timed_by)
            or self.kb.family(self.focus.event_type) != family
        ):
            return False
        just_told = bool(self.focus.date) and self.focus.seen_in >= self.sentence - 1
        if mention.places and not self._unplaced_only(mention.places):
            # "... after gunmen stormed the kingdom's main jail on Sunday. Four attackers opened
            # fire on guards at Jau prison": the scene of the deed just told with none
            return just_told and not self.focus.places and self._by_its_doers(head)
        if mention.places:
            # a scene nobody places, named where the deed is aimed at what was told ("The
            # patrol was attacked near the village of Tizegorou"); not a scene of its own ("In
            # Tungar, gunmen killed 18 people")
            return just_told and _at_the_one_told(head)
        subjects = [c for c in head.children if c.dep_ == "nsubj"]
        if not subjects and head.dep_ == "conj":
            # "The gunmen arrived at 9 a.m. and opened fire": the first verb's subject; "the
            # men set fire to shelters made of straw and sheeting and shot at people", the
            # deed misparsed as a conjunct of a noun: the verb above that noun
            subjects = [c for c in _first_verb_above(head).children if c.dep_ == "nsubj"]
        if any(c.lower_ in ("they", "he", "she", "it") for c in subjects):
            return True
        doers = {*self.kb.triggers["weapon_subjects"], *self.kb.casualties["perpetrator_nouns"]}
        if self._told_weapon_did(head):
            return True  # "A suicide bomber drove a truck into a checkpoint. The truck exploded"
        if self.focus.date and any(_own_men(c, self.kb) for c in subjects):
            # "IS said that one of its fighters had detonated an explosive vest at the bank":
            # a group telling what its own men did tells the incident in view
            return True
        if self.focus.date and any(self._the_told_doers(c) for c in subjects):
            # "Witnesses said the men ... shot or hacked at people as they fled": the doers
            # told, still doing what the story in view tells
            return self.focus.seen_in >= self.sentence - 3
        return just_told and (
            any(c.lemma_.lower() in doers for c in subjects) or _at_the_one_told(head)
        )

    def _the_told_doers(self, subject: Token, *, attackers: bool = False) -> bool:
        """'the men', 'the militants' (and, with ``attackers``, 'the bomber', 'the gunman'):
        doers named by the definite article are those told."""
        lemma = subject.lemma_.lower()
        return (
            subject.lower_ in self.kb.cues["unnamed_attackers"]
            or (attackers and lemma in self.kb.casualties["perpetrator_nouns"])
        ) and any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)

    def _at_a_told_site(self, mention: EventMention, family: str) -> Incident | None:
        """'Several shells struck the Saudi Hospital on Sunday. A day earlier, shells fell on
        Abu Shouk ... | The army said the RSF had shelled the hospital': an undated deed aimed
        at 'the hospital' is the one incident told at a site of that name, not the last told."""
        head = _deed_verb(mention)
        if head is None or mention.date or mention.fallback_date or mention.places:
            return None
        aimed = _aimed_nouns(head)
        if not aimed or not all(_definite_the(a) for a in aimed):
            return None
        words = {a.lemma_.lower() for a in aimed}
        found = [
            i
            for i in self.incidents
            if self.kb.family(i.event_type) == family
            and any(w in p.rsplit("/", 1)[-1].split("-") for p in i.places for w in words)
        ]
        if len(found) > 1:
            found = [i for i in found if i.date]  # a headline's undated one is the lead's
        return found[0] if len(found) == 1 else None

    def _weapon_just_told(self, mention: EventMention, family: str) -> bool:
        """'A suicide bomber drove a car into the gate of a base in Bari region, ... as forces
        press an offensive. | The vehicle blew up at the base at Balidhidin': the bomb of the
        violent incident told in the sentence before, at its exact site, whatever incident
        was named after it."""
        head = _deed_verb(mention)
        last = self.last_violent
        return (
            head is not None
            and last is not None
            and bool(last.date)
            and self.last_violent_at >= self.sentence - 1
            and not (mention.date or mention.fallback_date)
            and self.kb.family(last.event_type) == family
            # the exact site of an incident told only as far as its region; never a second
            # incident beside one told in its town
            and not any(self.kb.kind_of(p) == "city" for p in last.places)
            and self._told_weapon_did(head)
        )

    def _told_weapon_did(self, verb: Token) -> bool:
        """'The truck exploded', 'The vehicle blew up': the definite weapon or bomb vehicle
        of the incident told is the verb's doer."""
        told = {*self.kb.triggers["weapon_subjects"], *self.kb.triggers["vehicle_bomb_subjects"]}
        return any(
            c.dep_ == "nsubj" and c.lemma_.lower() in told and _definite_the(c)
            for c in verb.children
        )

    def _site_of_the_last(self, incident: Incident, mention: EventMention) -> bool:
        """'Warplanes struck Nyala on Monday ... | 11 civilians were killed when bombs hit the
        Mauqif market': an undated mention at a site nobody placed, told within two sentences
        of the violent incident last told, may lie in that incident's town."""
        return (
            incident is self.last_violent
            and self.last_violent_at >= self.sentence - 2
            and bool(incident.date)
            and not mention.date
        )

    def last_dated(self) -> Incident | None:
        """The incident in focus when it has a day; else the last told that has one ('The
        mission did not say who fired the shells. | Earlier the same day, warplanes struck
        Nyala': the day is the shelling's, though an undated mention came between)."""
        if self.focus is not None and len(self.focus.date) == 10:
            return self.focus
        dated = [i for i in self.incidents if len(i.date) == 10]
        return max(dated, key=lambda i: i.last_seen, default=None)

    def _describes_an_actor(self, mention: EventMention) -> bool:
        """An undated deed in a relative clause on a noun that names no incident: what the
        noun's people did once, not the story told."""
        head = mention.head
        if head.dep_ != "relcl" or mention.date:
            return False
        noun = head.head
        return (
            noun.lemma_.lower() not in self.kb.triggers["nouns"]
            and noun.lower_ not in (self.kb.triggers["nouns"])
            # "a missile that tore through a building" tells the strike, not a missile's past
            and noun.lemma_.lower() not in self.kb.triggers["weapon_subjects"]
        )

    def _unplaced_only(self, places: list[str]) -> bool:
        """Places no dictionary, gazetteer or earlier sentence puts anywhere ('near the village
        of Tizegorou'): nothing says they are not in the incident's town or country."""
        return all(
            not self.kb.kind_of(p) and not self.place_parents.get(p) and p not in self.countries
            for p in places
        )

    def _dates_placed_focus(self, mention: EventMention, family: str) -> bool:
        """'Mortar shells hit a base at Beledweyne airport. AUSSOM said three shells landed
        inside the base late on Wednesday': the incident just told with its scene and no date,
        dated by the next sentence's weapons (or by a deed aimed at what it told), which name
        no scene of their own."""
        focus, verb = self.focus, _deed_verb(mention)
        if verb is None and mention.head.dep_ == "prt" and mention.head.head.pos_ == "VERB":
            verb = mention.head.head  # "The bomber blew himself up ... on Sunday"
        if (
            focus is None
            or verb is None
            or focus.date
            or not focus.places
            or not mention.date
            or self._below_country(mention.places)  # a country alone names no other scene
            or focus.seen_in < self.sentence - 1
            or self.kb.family(focus.event_type) != family
            or focus in (mention.moves_on_from, mention.timed_by)
        ):
            return False
        weapons = self.kb.triggers["weapon_subjects"]
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return any(
            c.lemma_.lower() in weapons or self._the_told_doers(c, attackers=True) for c in subjects
        ) or _at_the_one_told(verb)

    def _absorb(self, incident: Incident, mention: EventMention) -> None:
        weight = 1 if (mention.generic or mention.weak) else STRONG_WEIGHT
        incident.types[mention.event_type] += weight
        if not mention.generic:
            incident.lemmas.add(mention.head.lemma_.lower())
        # "In a separate incident ... their patrol was ambushed": the words merged into the
        # mention tell its kind too, so that "the ambush" later finds it
        incident.lemmas |= {
            t.lemma_.lower() for t in mention.tokens if t.pos_ == "VERB" and t is not mention.head
        }
        if mention.head.pos_ == "VERB":
            incident.sites |= {n.lemma_.lower() for n in _aimed_nouns(mention.head)}
        incident.mentions += 1
        incident.clocked = incident.clocked or (mention.clocked and not mention.weak)
        incident.toll_month = incident.toll_month or mention.toll_month
        incident.overnight = incident.overnight or (mention.overnight and not mention.weak)
        incident.last_seen = self.clock
        incident.seen_in = self.sentence
        incident.seen_in_paragraph = self.paragraph
        if (
            all(
                t.pos_ in ("NOUN", "PROPN", "ADJ")
                or t.text == "-"
                or (mention.phrase[:1].isupper() and t.lower_ in ("of", "the"))  # a name
                for t in mention.tokens
            )
            and not mention.generic
            and not (mention.weak and _time_reference(mention))  # "a day after the signing"
            # "a suicide bomber drove ...": a doer, which never names the incident
            and mention.head.lemma_.lower() not in self.kb.casualties["perpetrator_nouns"]
        ):
            incident.nouns[mention.phrase] += weight
            incident.names.add(surface_name(mention))
        elif noun := verb_noun(mention, self.kb):
            incident.nouns[noun] += weight  # "convicted": a verdict
        if mention.date and _over_midnight(incident, mention.date):
            incident.date, incident.day_slack = mention.date, 0  # "Late on Wednesday" says
        elif mention.date and (
            not incident.date
            or (len(mention.date) > len(incident.date) and mention.date.startswith(incident.date))
        ):
            incident.date = mention.date
            if incident.mentions == 1:
                incident.day_slack = mention.day_slack
        for place in mention.places:
            if place not in incident.places:
                incident.places.append(place)
        if mention.places:
            incident.place_groups.append(list(mention.places))
        _raise(incident, "fatalities", mention.fatalities)
        _raise(incident, "injured", mention.injured)

    def consolidate(self) -> None:
        """Merge incidents told apart too early: same kind, agreeing dates, and a shared or
        contained place."""
        self._fold_headlines()
        merged = True
        while merged:
            merged = False
            for a in self.incidents:
                for b in self.incidents:
                    if (
                        a is b
                        or a.number > b.number
                        or b.number in a.apart
                        or not (_within(a.date, b.within) and _within(b.date, a.within))
                        or not self._kinds_meet(a, b)
                        or (
                            a.event_type == "other"
                            and not all(_same_other(a.nouns, noun) for noun in b.nouns)
                        )
                    ):
                        continue
                    if (
                        self._same_day_unplaced(a, b)
                        or self._same_day_unplaced(b, a)
                        or self._scene_and_date(a, b)
                        or (
                            self._scene_and_date(b, a)
                            and (_same_toll(a, b) or _early_partial_toll(b, a))
                        )
                    ):
                        self._fold(a, b)
                        merged = True
                        break
                    if not (
                        a.places
                        and b.places
                        and self._places_agree(a.places, b.places, below_country=True)
                    ):
                        continue  # the MH17 downing over Donetsk is no An-26 shot over Luhansk
                    if not (
                        (a.date and b.date and dates_agree(a.date, b.date))
                        or (not b.date and a.date and self._the_one_dated(b))
                        or (
                            not a.date
                            and b.date
                            and self._the_one_dated(a)
                            and self._places_agree(a.places, b.places, below_country=True)
                            # only a headline's incident, and only the one the lead tells:
                            # never a recollection further down ("since April 2023"), nor an
                            # undated ambush folded into an attack of 2017 told later
                            and a.told_in_paragraph == 0
                            and b.told_in_paragraph <= LEAD_PARAGRAPHS
                        )
                    ):
                        continue
                    self._fold(a, b)
                    merged = True
                    break
                if merged:
                    break

    def _undated_large_total(self, parsed: Span, sentence_text: str) -> bool:
        """A toll in the perfect, of thousands, that no date in its sentence pins down: the
        running total of a conflict, not an incident's toll."""
        floor = self.kb.casualties["running_total_floor"]
        deaths = find_casualties(sentence_text, parsed).fatalities
        if deaths is None or deaths < floor:
            return False
        casualty = self.kb.triggers["casualty_verbs"]
        return any(
            t.pos_ == "VERB" and t.lemma_.lower() in casualty and perfect(t) for t in parsed
        ) and not any(t.ent_type_ == "DATE" for t in parsed)

    def _the_one_dated(self, undated: Incident) -> bool:
        """An undated incident (a headline's, a recollection's) that only one dated incident of
        its kind and place can be."""
        if undated.counted:
            return False
        dated = [
            i
            for i in self.incidents
            if i.date
            and self._kinds_meet(i, undated)
            and self._places_agree(i.places, undated.places)
        ]
        return len(dated) == 1

    def _kinds_meet(self, a: Incident, b: Incident) -> bool:
        """Of one family, or one told partly as the other's kind: the kidnapping headline and
        the lead's 'abducted ... stormed ... shot dead', which the lead's violence outweighs."""
        family = self.kb.family
        if family(a.event_type) == family(b.event_type):
            return True
        return family(a.event_type) in {family(t) for t in b.types} or family(b.event_type) in {
            family(t) for t in a.types
        }

    def _fold_headlines(self) -> None:
        """ "Mortar shells hit Mogadishu's Halane compound; al-Shabaab claims attack": a headline
        names the news in words too short to date or place it. An incident told only there,
        with neither date nor scene, is the first incident of its kind the lead then dates
        (within LEAD_PARAGRAPHS), and what the headline says of it (the claim) is said of that
        one."""
        for headline in list(self.incidents):
            if (
                headline.told_in_paragraph != 0
                or headline.date
                or headline.places
                or headline.counted
                or headline not in self.incidents
            ):
                continue
            family = self.kb.family(headline.event_type)
            lead = next(
                (
                    i
                    for i in sorted(self.incidents, key=lambda i: i.told_in)
                    if i is not headline
                    and i.date
                    and 0 < i.told_in_paragraph <= LEAD_PARAGRAPHS
                    and self.kb.family(i.event_type) == family
                ),
                None,
            )
            if lead is not None and lead.number not in headline.apart:
                self._fold(lead, headline)

    def _same_day_unplaced(self, placed: Incident, unplaced: Incident) -> bool:
        """'X was shot dead in Kapatagan last Tuesday', then 'X was riding to the station at 5:40
        a.m. on 7 October when ... shot him': an incident with no place, on the very day of the
        one incident of its kind placed that day, is that incident (and so no older killing
        told later in a town of its own takes its day). Talks may well have two meetings a day."""
        if not (
            unplaced.event_type in self.kb.triggers["violent_types"]
            and len(unplaced.date) == 10
            and not unplaced.places
            and placed.places
            and placed.date == unplaced.date
        ):
            return False
        family = self.kb.family(unplaced.event_type)
        return [
            i
            for i in self.incidents
            if i.places and i.date == unplaced.date and self.kb.family(i.event_type) == family
        ] == [placed]

    def _scene_and_date(self, dated: Incident, placed: Incident) -> bool:
        """One incident told with a date and no place, then one of its kind with a place and no
        date: the two halves of one incident, when the dated one is the only one of its kind
        still missing a place. Told the other way round ("an attack on a market in Gida Ayana
        that killed 12", then "gunmen opened fire at the town's market on Saturday, killing
        12"), the same toll must say so too: a dated incident told after the news is most
        often background ("in 2017, ..."), not the news's date."""
        return (
            not placed.date
            and bool(placed.places)
            and not dated.places
            and bool(dated.date)
            and self._only_sceneless(dated)
            and not self._recalled_elsewhere(dated, placed)
        )

    def _recalled_elsewhere(self, dated: Incident, placed: Incident) -> bool:
        """'In February 2011, gunmen stormed the same office' and, paragraphs later, 'a week
        after an attack on army posts in Jurm': an incident of another year, recalled in a
        paragraph of its own, is no half of one told in another."""
        return (
            bool(self.published_year)
            and not dated.date.startswith(self.published_year[:4])
            and dated.told_in_paragraph != placed.told_in_paragraph
        )

    def _only_sceneless(self, incident: Incident) -> bool:
        """True when ``incident`` is the only dated incident of its kind still missing a place."""
        family = self.kb.family(incident.event_type)
        return [
            i
            for i in self.incidents
            if i.date and not i.places and self.kb.family(i.event_type) == family
        ] == [incident]

    def _fold(self, keep: Incident, gone: Incident) -> None:
        keep.apart |= gone.apart
        for other in self.incidents:
            if gone.number in other.apart:
                other.apart.add(keep.number)
        keep.types.update(gone.types)
        keep.nouns.update(gone.nouns)
        keep.names |= gone.names
        keep.mentions += gone.mentions
        if gone.date and len(gone.date) > len(keep.date) and gone.date.startswith(keep.date):
            keep.date = gone.date
        keep.places += [p for p in gone.places if p not in keep.places]
        keep.place_groups += gone.place_groups
        _raise(keep, "fatalities", gone.fatalities)
        _raise(keep, "injured", gone.injured)
        if gone.summary_score > keep.summary_score:
            keep.summary, keep.summary_score = gone.summary, gone.summary_score
        self.incidents.remove(gone)
        self.aliases[gone.number] = keep.number

    def number_of(self, number: int) -> int:
        while number in self.aliases:
            number = self.aliases[number]
        return number

    def _other_year(self, day: str, mention: EventMention) -> bool:
        """'since the insurgency reignited with a raid on an army depot in Narathiwat in January
        2004': a specific mention, placed below the country, that its clause dates to another
        year than the incident's is not that incident, though the date hangs on the clause and
        not on the trigger. A plural or generic one ('Throughout 2022, militants stepped up
        attacks throughout Pakistan') starts no incident of its own."""
        if mention.date or not mention.fallback_date or not day:
            return False
        if mention.weak or mention.anaphoric or mention.generic or mention.plural:
            return False
        if not self._below_country(mention.places):
            return False
        return mention.fallback_date[:4] != day[:4]

    def _casualty_target(
        self,
        mentions: list[EventMention],
        resolved: dict[int, Incident],
        sentence_text: str,
        places: list[str],
        parsed: Span | None = None,
        relative_owner: Incident | None = None,
    ) -> Incident | None:
        """The incident the sentence's toll belongs to, if any; ``relative_owner`` is the one a
        relative clause's killing tells of (see _relative_killing)."""
        violent = set(self.kb.triggers["violent_types"])
        # "a drone strike on a market killed 14 civilians", "police shot dead three protesters":
        # a strike or a protest takes the toll its own sentence tells, never one told without it
        here = _told_here(mentions, resolved, violent) or _told_here(
            mentions, resolved, set(self.kb.triggers["tolled_types"])
        )
        running_total = tells_running_total(sentence_text)
        if parsed is not None and any(counts_since(t, self.kb) for t in parsed):
            return None  # "more than 7,000 people have been killed since ...": no incident's
        if parsed is not None and any(t.pos_ == "VERB" and in_those_events(t) for t in parsed):
            return None  # "1,426 people had been killed in those events": several, told before
        if parsed is not None and self._undated_large_total(parsed, sentence_text):
            return None  # "More than 6,000 people have been killed, according to the ICG"
        timing = self._toll_of_the_clause_told_to_time(mentions, resolved, parsed)
        if timing is not None:
            return timing
        named = _toll_named(parsed, resolved) if parsed is not None else None
        if named is not None:
            return named  # "The death toll from a glide-bomb strike on a hypermarket has risen"
        killers = [
            resolved[m.head.i]
            for m in mentions
            if m.head.pos_ == "VERB"
            and m.head.lemma_.lower() in self.kb.triggers["casualty_verbs"]
            and m.head.i in resolved
            and resolved[m.head.i] in here
        ]
        if len({id(i) for i in here}) > 1 and len({id(i) for i in killers}) == 1:
            # "Wednesday's attack was the deadliest since April, when fighters overran two
            # posts and killed 54 soldiers": the toll is the killing's, of its own incident
            here = killers
        if relative_owner is not None:
            here = [relative_owner]
        if here:
            # "Fighting in Catatumbo has killed more than 80 people this year": a total, told in
            # the perfect and dated by a period, not the toll of the day's bombing it merged into
            # ("killing nine in one of the deadliest attacks this year" is the day's toll)
            total = running_total and any(
                _running_total(m, here[0].date, self.kb) for m in mentions
            )
            return None if total else here[0]
        if mentions or running_total:
            return None
        told = self.focus
        if told is None or told.event_type not in violent:
            told = self._recent_violent()
            if told is None:
                return None
        if places and told.places and not self._places_agree(told.places, places):
            # "In Negombo, where more than 100 people died": the incident at that place, if one
            # only, else none; never the one last told elsewhere
            there = [
                i
                for i in self.incidents
                if i.event_type in violent and i.places and self._places_agree(i.places, places)
            ]
            return there[0] if len(there) == 1 else None
        return told

    def _toll_of_the_clause_told_to_time(
        self,
        mentions: list[EventMention],
        resolved: dict[int, Incident],
        parsed: Span | None = None,
    ) -> Incident | None:
        """'The bombings came two days after gunmen ambushed a patrol on Wednesday, killing four
        fighters': where the sentence tells only the incident it times itself by, a killing
        inside that clause is its toll."""
        casualty = set(self.kb.triggers["casualty_verbs"])
        timing = [
            resolved[m.head.i]
            for m in mentions
            if m.head.i in resolved
            and _time_reference(m)
            and m.head.pos_ == "VERB"
            and any(
                t.lemma_.lower() in casualty and t.pos_ == "VERB"
                for t in m.head.subtree
                if t.i != m.head.i
            )
        ]
        if len(timing) == 1:
            return timing[0]
        timed = {
            id(resolved[m.head.i]): resolved[m.head.i] for m in mentions if m.head.i in resolved
        }
        if (
            parsed is not None
            and len(timed) == 1
            and all(_time_reference(m) for m in mentions)
            and any(is_toll_noun(t) for t in parsed)
        ):
            # "Two days after the bombing, the toll rose to 30": the toll of the incident the
            # sentence is timed by, the only one it names
            return next(iter(timed.values()))
        return None

    def _recent_violent(self) -> Incident | None:
        """The violent incident told in this sentence or the two before it, if it still is one."""
        incident = self.last_violent
        if incident is None or self.sentence - self.last_violent_at > RECENT_SENTENCES:
            return None
        number = self.number_of(incident.number)
        return next((i for i in self.incidents if i.number == number), None)

    def _summary(self, incident: Incident, sentence_text: str, casualties) -> None:
        score = (casualties.fatalities is not None) * 2 + (casualties.injured is not None) + 1
        if score > incident.summary_score and len(sentence_text) < 600:
            incident.summary, incident.summary_score = sentence_text.strip(), score

    def _places_agree(
        self, ours: list[str], theirs: list[str], below_country: bool = False, loose: bool = False
    ) -> bool:
        """Two lists of scenes that may be one incident's. With ``below_country`` (a mention
        that may merge into an incident), where both name a place below a country those places
        decide: a drone strike in Harib (Yemen) is not the attack in Abyan (Yemen) because both
        lists also name Yemen. A toll's place keeps the country's agreement: "the governor of
        the Donetsk region put the toll at 50" is the Kramatorsk strike's, though no dictionary
        says Kramatorsk lies in that region."""
        if not ours or not theirs:
            return True
        if loose:
            # "a suicide bombing at a bank in Kunduz", then "blew himself up at a branch of
            # Azizi Bank on Sunday": the mention dating an incident told undated may name a site
            # nobody placed, in the town the incident was told in (never loose between two
            # dated ones: "a car bomb in central Istanbul earlier this month" is no attack at
            # the city's airport); but two sites of two kinds are two scenes ("bombs hit the
            # Mauqif market", then "In June, fighters stormed El Fasher's South Hospital"), where
            # "Istanbul airport" and "Atatürk Airport" may be one
            sites = self.kb.site_words()
            our_kinds = {p.rsplit("-", 1)[-1] for p in ours} & sites
            their_kinds = {p.rsplit("-", 1)[-1] for p in theirs} & sites
            if our_kinds and their_kinds and not our_kinds & their_kinds:
                return False
            ours, theirs = (
                self._without_loose_sites(ours, theirs),
                self._without_loose_sites(theirs, ours),
            )
            if not ours or not theirs:
                return True
        ours_below, theirs_below = self._below_country(ours), self._below_country(theirs)
        if below_country and ours_below and theirs_below:
            ours, theirs = ours_below, theirs_below
            if self._two_towns(ours, theirs):
                return False
        return any(self._contains(a, b) or self._contains(b, a) for a in ours for b in theirs)

    def _two_towns(self, ours: list[str], theirs: list[str]) -> bool:
        """'the base at Balidhidin' and 'Bosaso's livestock market': two towns, neither in the
        other, are two scenes, though one region holds both."""
        our_towns = [p for p in ours if self.kb.kind_of(p) == "city"]
        their_towns = [p for p in theirs if self.kb.kind_of(p) == "city"]
        return bool(our_towns and their_towns) and not any(
            a == b or self._contains(a, b) or self._contains(b, a)
            for a in our_towns
            for b in their_towns
        )

    def _without_loose_sites(self, places: list[str], others: list[str]) -> list[str]:
        """``places`` less the sites (a bank, a hotel) the dictionary and the text leave
        unplaced, when ``others`` names a town they may lie in (not a sea, not a region)."""
        if not any(self.kb.kind_of(p) == "city" for p in others):
            return places
        return [p for p in places if not self._loose_site(p)]

    def _loose_site(self, key: str) -> bool:
        return (
            not self.kb.kind_of(key)
            and not self.place_parents.get(key)
            and key.rsplit("-", 1)[-1] in self.kb.site_words()
        )

    def _below_country(self, places: list[str]) -> list[str]:
        return [p for p in places if self.kb.kind_of(p) != "country"]

    def _contains(self, inner: str, outer: str) -> bool:
        if inner == outer or outer in self.place_parents.get(inner, ()):
            return True
        if self._seat_of(inner, outer) or any(
            self._seat_of(outer, parent) for parent in self.place_parents.get(inner, ())
        ):
            return True  # Dera Ki Gali, in Poonch district, lies in what 'Poonch' names
        if any(outer in self.place_parents.get(p, ()) for p in self.place_parents.get(inner, ())):
            return True
        code = self.countries.get(inner)
        return (
            bool(code) and self.kb.kind_of(outer) == "country" and self.countries.get(outer) == code
        )

    def most_specific(
        self, places: list[str], rank: Callable[[str], int], site: Callable[[str], bool]
    ) -> str:
        """The scene of an incident named by several places: the lowest by ``rank`` (what the
        dictionary knows), then one that lies in another of them below a country (Dera Ki Gali
        in what 'Poonch' names), then the first named. A ``site`` (a school, a base) lies in its
        town but the town is the scene its events are filed under."""
        below = self._below_country(places)
        return min(
            places,
            key=lambda p: (
                rank(p),
                0 if site(p) else -sum(self._contains(p, q) for q in below if q != p),
                places.index(p),
            ),
        )

    def _seat_of(self, inner: str, outer: str) -> bool:
        """'Dera Ismail Khan' lies in 'Dera Ismail Khan district', 'Kano' in 'Kano State': an
        area named by a place and a tier word above a town is the area that place is the seat
        of, though no dictionary says so."""
        return (
            outer.startswith(inner + "-")
            and outer[len(inner) + 1 :].replace("-", " ") in self.kb.area_words()
        )


def _another_of_that_month(incident: Incident, mention: EventMention) -> bool:
    """'Earlier this month, TAK claimed a car bomb attack on a police bus in central Istanbul',
    told after the airport attack of the 28th: an incident the text introduces ('a ...') and
    dates to a month only is not one it has already dated to a day."""
    noun = mention.head
    while noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        noun = noun.head  # "a car bomb attack"
    return (
        len(mention.date) == 7
        and len(incident.date) == 10
        and noun.pos_ == "NOUN"
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
    )


def _own_men(subject: Token, kb: Knowledge) -> bool:
    """'its fighters', 'one of its fighters', 'two of their men': a group's own doers."""
    if subject.lower_ in indexed(kb.cues["partitive_heads"], frozenset):
        subject = next(
            (g for p in subject.children if p.lower_ == "of" for g in p.children), subject
        )
    tables = (kb.cues["unnamed_attackers"], kb.casualties["perpetrator_nouns"])
    words = (subject.lemma_.lower(), subject.lower_)
    doer = any(w in kb.triggers["weapon_subjects"] for w in words) or any(
        w in indexed(table, frozenset) for table in tables for w in words
    )
    return doer and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in subject.children)


def _noun_of(mention: EventMention, kb: Knowledge) -> str:
    """The noun an 'other' mention names its event by ("verdict", "plebiscite"); "" if none."""
    if mention.event_type != "other":
        return ""
    if all(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in mention.tokens):
        return mention.phrase
    return verb_noun(mention, kb)


def _of_its_kind(
    candidates: list[Incident], mention: EventMention, kb: Knowledge
) -> list[Incident]:
    """'Two days after the abduction': of the violent incidents it may refer to, the abduction,
    not the shooting told just before it. A mention that names its kind (a kidnapping, a
    bombing, an assassination) refers to an incident of that kind where there is one, and one
    named by a word of its own ('the ambush') to one told by that word; 'the attack' may be
    any."""
    if mention.weak:
        return candidates
    if mention.event_type == "armed_attack":
        if mention.head.pos_ == "NOUN" and not mention.generic:
            # "held the NRF responsible for the ambush": the incident told as an ambush
            # ("gunmen ambushed a patrol"), though a bombing is told more; an attack of no
            # kind of its own may be any
            told = [
                i
                for i in candidates
                if mention.head.lemma_.lower() in i.lemmas
                and not (i.counted and i.parts)
                and (i.date or i.places)  # told as an incident, not "gangs that raid villages"
            ]
            return told or candidates
        return candidates
    kinds_of = kb.triggers["kinds_of"]
    same = [
        i for i in candidates if mention.event_type in (i.event_type, kinds_of.get(i.event_type))
    ]
    apart = set(kb.triggers["kinds_apart"].get(mention.event_type, ()))
    return same or [i for i in candidates if not set(i.types) <= apart]


def _told_here(
    mentions: list[EventMention], resolved: dict[int, Incident], kinds: set[str]
) -> list[Incident]:
    """The incidents of these kinds the sentence's own mentions tell, not a time phrase's."""
    return [
        resolved[m.head.i]
        for m in mentions
        if m.head.i in resolved
        and resolved[m.head.i].event_type in kinds
        and not _time_reference(m)
    ]


def _another_beside(first: EventMention, second: EventMention, kb: Knowledge) -> bool:
    """'Armed wing claims assault; group denies separate roadside bomb': a deed called separate,
    another or second is not a deed of another kind told beside it. 'In a separate incident, a
    peacekeeper was killed when their patrol was ambushed' tells one incident: a word for any
    incident, or a weak one, is the deed it is told with."""
    another = kb.triggers["another_words"]
    if not any(
        c.dep_ in ("amod", "det") and c.lower_ in another
        for mention in (first, second)
        for c in mention.head.children
    ):
        return False
    plain = not (first.generic or second.generic or first.weak or second.weak)
    return plain and first.event_type != second.event_type


def _relative_killing(
    parsed: Span | None, mentions: list[EventMention], resolved: dict[int, Incident], kb: Knowledge
) -> tuple[Incident, Token] | None:
    """'The TTP, which carried out the 2014 Peshawar school massacre, distanced itself from
    Monday's bombing of a mosque in Peshawar, which killed 32 people': the toll a relative
    clause tells is the incident of the nearest trigger noun before it with no verb between,
    wherever the parser hung the clause (here on 'Peshawar'). That incident and the clause's
    verb."""
    if parsed is None:
        return None
    casualty = set(kb.triggers["casualty_verbs"])
    for verb in parsed:
        if verb.dep_ != "relcl" or verb.lemma_.lower() not in casualty:
            continue
        if not (
            any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in verb.children)
            or _killed_in_which(verb)
        ):
            continue  # "in which a suicide bomber killed two judges": a deed of its own doers
        noun = _noun_told_before(verb, [m for m in mentions if m.head.i in resolved])
        if noun is not None:
            return resolved[noun.head.i], verb
    return None


def _killed_in_which(verb: Token) -> bool:
    """'an operation on December 2 in which 11 of its members were killed': the toll of the
    noun the clause hangs on, told in the passive with no doer of its own."""
    kids = list(verb.children)
    return (
        any(c.dep_ == "nsubjpass" for c in kids)
        and not any(c.dep_ == "agent" for c in kids)
        and any(c.dep_ == "prep" and any(g.lower_ == "which" for g in c.children) for c in kids)
    )


def _clause_casualties(verb: Token, whole):
    """'Monday's attack in Mopti, which killed 30, was the deadliest since January, when 40
    people died in Segou': the toll of the incident a relative clause tells is the clause's own
    figure, not the sentence's largest."""
    words = list(verb.subtree)
    clause = verb.doc[words[0].i : words[-1].i + 1]
    own = find_casualties(clause.text, clause)
    return own if own.fatalities is not None else whole


def _noun_told_before(clause: Token, mentions: list[EventMention]) -> EventMention | None:
    """The trigger noun a relative clause tells of: the nearest before its verb with no verb
    between, wherever the parser hung the clause ("a drone strike at Baghdad airport in January
    2020 that killed Qassem Soleimani" hangs it on "January")."""
    return next(
        (
            m
            for m in sorted(mentions, key=lambda m: -m.head.i)
            if m.head.pos_ == "NOUN"
            and m.head.i < clause.i
            and not any(
                t.pos_ in ("VERB", "AUX") and t.head.i != clause.i  # not its own 'were'
                for t in clause.doc[m.head.i + 1 : clause.i]
            )
        ),
        None,
    )


def _same_toll(a: Incident, b: Incident) -> bool:
    return a.fatalities is not None and a.fatalities == b.fatalities


# how many sentences after the news is first told a dated, placeless account of its first
# toll may come (the headline, the standfirst and the lead count among them)
EARLY_SENTENCES = 5


def _early_partial_toll(dated: Incident, placed: Incident) -> bool:
    """'The death toll in the attack on a bus in Reasi district rose to 10', then, a few
    sentences on, 'Eight people were killed on Sunday': the first count of the news, told
    right after it, to the day, is below the latest or equal to it. A background incident is
    told later, and its toll has nothing to do with the news's."""
    return (
        dated.fatalities is not None
        and placed.fatalities is not None
        and dated.fatalities <= placed.fatalities
        and len(dated.date) == 10
        and 0 < dated.told_in - placed.told_in <= EARLY_SENTENCES
    )


def _same_other(nouns: Counter, noun: str) -> bool:
    """Events of no particular type ('other') are one only when they are named alike: a
    verdict is never the plebiscite told next."""
    return not noun or not nouns or noun in nouns


def _running_total(mention: EventMention, day: str, kb: Knowledge) -> bool:
    """A killing told in the perfect ("has killed", "have died") and dated by a period ("this
    year") less closely than the incident it is read into, counted since a starting point, or
    undated in a conflict ("have been killed in the conflict");
    or one told as the toll of a conflict dated by such a period ("More than 3,000 people were
    killed in gang violence across Haiti in the first six months of this year")."""
    head = mention.head
    if head.pos_ != "VERB":
        return False
    vaguer = bool(mention.date) and len(mention.date) < len(day)
    words = set(kb.casualties["running_total_words"])
    in_a_conflict = any(
        g.lemma_.lower() in words
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in ("in", "during")
        for g in c.children
        if g.dep_ == "pobj"
    )
    if perfect(head):
        # "More than 40,000 people have been killed in the conflict": undated, the war's toll
        return vaguer or counted_since(head) or (in_a_conflict and not mention.date)
    return vaguer and in_a_conflict


def _sharper(first: str, second: str) -> str:
    """Of two agreeing dates, the one that says more ("2019-01-27" over "2019")."""
    return second if len(second) > len(first) else first


def _one_of_many(incident: Incident, mention: EventMention) -> bool:
    """'Two bombings in Deir ez-Zor killed nine', then 'in Diban, a roadside bomb hit the car
    of ...': a specific mention naming a place its counted incident did not name, or only some
    of the places it named ('Twin bombings in Baidoa and Bosaso', then 'In Baidoa, a suicide
    bomber ...'), is one of the incidents counted, not the count."""
    return (
        incident.counted
        and not (mention.counted or mention.anaphoric or mention.weak or mention.generic)
        and bool(mention.places)
        and set(mention.places) != set(incident.places)
    )


def _told_of_the_same_thing(mention: EventMention) -> bool:
    """A verb whose subject is definite: 'The car ... blew up', 'the gunmen opened fire'."""
    head = mention.head
    return head.pos_ == "VERB" and any(
        c.dep_ in ("nsubj", "nsubjpass")
        and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children)
        for c in head.children
    )


def _names_one_part(incident: Incident, mention: EventMention) -> bool:
    """'Twin bombings in Baidoa and Bosaso kill 21', then 'No group has claimed the Bosaso
    blast': a definite mention naming one of the towns of a count is that town's incident,
    though the text tells it only later."""
    return (
        incident.counted
        and mention.anaphoric
        and not (mention.counted or mention.weak)
        and len(mention.places) == 1
        and mention.places[0] in incident.places
        and len(incident.places) >= 2
        and any(t.dep_ == "compound" for t in mention.head.children)
    )


def _raise(incident: Incident, attr: str, value: int | None) -> None:
    if value is None:
        return
    current = getattr(incident, attr)
    setattr(incident, attr, value if current is None else max(current, value))


def _within(day: str, stretch: tuple[str, str] | None) -> bool:
    """False for an incident dated to a day outside the stretch a mention's date covers: "an
    ambush last week" is not Tuesday's raid, though both fall in March."""
    return stretch is None or len(day) < 10 or stretch[0] <= day <= stretch[1]


def _time_reference(mention: EventMention) -> bool:
    """A mention that only times the sentence's own incident: "hours before the raid on Solhan",
    "on the same day as the Chibok raid". It is another incident, never a twin of the one told."""
    return mention.times_another


def _clause_of(token: Token) -> int:
    """The index of the verb whose clause holds the token (the token itself if a verb)."""
    for current in climb(token, 12):
        if current.pos_ in ("VERB", "AUX"):
            return current.i
    return current.i


def _told_later(mention: EventMention, than: int) -> Token | None:
    """'A suicide car bomb tore through a checkpoint in Qardho on Tuesday morning, and hours
    later gunmen shot dead the deputy mayor of Galkayo': a deed the sentence tells as coming
    later than the one told first (at token ``than``) is another incident; returns the word
    that says so. A sentence that opens with 'Hours later' moves on from the one told before it
    (article._opens_follow_on)."""
    head = mention.head
    if head.pos_ != "VERB":
        return None
    return next(
        (
            c
            for c in head.children
            if c.lower_ in ("later", "afterwards") and c.dep_ == "advmod" and c.i > than
        ),
        None,
    )


def _dates_a_new_one(mention: EventMention, mentions: list[EventMention]) -> bool:
    """'The raid came a day after a roadside bomb struck': the incident told ('the raid') is
    placed first, so that the new one in the clause on it ('a roadside bomb') takes its date
    from it."""
    if not mention.anaphoric or mention.head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = mention.head.head
    return any(
        (timed := _timed_clause(other)) is not None and not other.anaphoric and timed[2].i == verb.i
        for other in mentions
        if other is not mention
    )


def _timed_clause(mention: EventMention) -> tuple[Token, int, Token] | None:
    """The 'a day after ...' clause the mention is told in, as its verb, the days from the clause
    it hangs on, and that clause's verb ('The raid came a day after a roadside bomb struck':
    'struck', -1, 'came', for 'bomb' and for 'struck'), if any."""
    for token in mention.tokens:
        for current in climb(token, 8):
            if (offset := clause_offset(current)) is not None:
                return current, *offset
    return None


def _stated_by(noun: Token) -> Token | None:
    """The verb whose object a trigger noun is, directly or through the noun its preposition
    hangs on ('denied involvement in the bombing', 'claimed the attack')."""
    current = noun
    for _ in range(3):
        if current.dep_ not in ("dobj", "pobj", "prep"):
            return None
        current = current.head
        if current.pos_ == "VERB":
            return current
    return None


def _clause_verb(mention: EventMention) -> Token | None:
    timed = _timed_clause(mention)
    return timed[0] if timed else None


def _shifted(day: str, days: int | None) -> str:
    """A full date moved by whole days; "" when the time phrase gave no count."""
    return "" if days is None else shift_iso(day, days)


def _toll_named(parsed: Span, resolved: dict[int, Incident]) -> Incident | None:
    """The incident a toll word names: 'the death toll from the strike', 'the toll in the
    bombing', 'the toll of the attack'."""
    for token in parsed:
        if not is_toll_noun(token):
            continue
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("from", "in", "of"):
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.i in resolved:
                    return resolved[noun.i]
    return None


def _weak_of_another_time(incident: Incident, mention: EventMention) -> bool:
    """'In March, several days of violence in Latakia left 1,400 dead': a weak word its clause
    dates to another month or year than a dated incident is never that incident."""
    return (
        mention.weak
        and not mention.date
        and len(mention.fallback_date) >= 7
        and bool(incident.date)
        and not dates_agree(incident.date, mention.fallback_date)
    )


def _bare_toll(mention: EventMention, kb: Knowledge) -> bool:
    """A casualty verb with no one doing it and nothing of its own to place it: "about 100
    people had been killed", "dozens died". With a scene or a date ("20 people were killed in
    Kabul on Monday") it may start an incident; with an agent ("gunmen killed") it does."""
    head = mention.head
    if head.pos_ != "VERB" or head.lemma_.lower() not in kb.triggers["casualty_verbs"]:
        return False
    if mention.places or mention.date or mention.fallback_date:
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
    agent = any(c.dep_ == "agent" for c in head.children)
    intransitive = head.lemma_.lower() == "die"
    return (passive and not agent) or intransitive


def _first_verb_above(conjunct: Token) -> Token:
    """The verb a conjunct deed shares its subject with: its head, or, where the parser hung it
    on a noun, the first verb above that noun (a few steps at most)."""
    if conjunct.head.pos_ in ("VERB", "AUX"):
        return conjunct.head
    # "made" of "shelters made of straw" has no subject: up to "set"
    return next(
        (
            t
            for t in climb(conjunct.head, 8)
            if t.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in t.children)
        ),
        conjunct.head,
    )


def _told_apart(head: Token, kb: Knowledge) -> bool:
    """'a separate attack', '16 were killed in separate attacks on bases at Kukawa': the text
    itself says this is not an incident already told."""
    words = kb.triggers["separate_modifiers"]
    nouns = [head] + [
        obj
        for verb in (head, *head.conjuncts)  # "were killed and 12 wounded in separate attacks"
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "in"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    return any(c.lower_ in words and c.dep_ == "amod" for noun in nouns for c in noun.children)


def _trailing_participle(deed: EventMention, mention: EventMention) -> bool:
    """'... after gunmen stormed it at dawn on Sunday, killing a policeman': a participle after a
    comma tells more of the deed whose clause the comma closes, wherever the parser hung it
    (here on the sentence's first verb). Only when no other verb stands between them."""
    head, verb = mention.head, deed.head
    doc = head.doc
    return (
        head.tag_ == "VBG"
        and head.dep_ == "advcl"
        and verb.pos_ == "VERB"
        and verb.i < head.i - 1
        and head.head.i != verb.i
        and doc[head.i - 1].text == ","
        and not any(t.pos_ in ("VERB", "AUX") for t in doc[verb.i + 1 : head.i - 1])
    )
