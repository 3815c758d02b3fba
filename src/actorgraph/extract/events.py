"""Events: trigger words in a sentence become event mentions; mentions of the
same real-world incident merge into one event.

A mention takes its date, place and casualties from the words attached to
its trigger in the parse (its phrase, or the clause its governing verb
heads), so "the attack came on Monday" dates the attack and "claimed
responsibility for the abduction on Tuesday" does not. Merging is
conservative: a definite mention ("the bombing", "Monday's attack") refers
back to an incident already told; an indefinite one starts a new incident
unless its place or date says it is the same one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from spacy.tokens import Span, Token

from ..knowledge import Knowledge, dates_agree, knowledge
from .casualties import find_casualties
from .dates import COUNTS, DateMatch, parse_iso
from .discourse import Discourse
from .syntax import is_root, same

ANAPHORIC_DETS = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}
MAX_HOPS = 7
# Incidents one article may hold. The dev and fixture articles hold at most about 15; a text
# with thousands of trigger words (a fuzzed or scraped page) would otherwise make placing each
# mention, and the final consolidation, quadratic to cubic in their number.
MAX_INCIDENTS = 100
STRONG_WEIGHT = (
    3  # a specific trigger's vote for its incident's type; a generic or weak one gives 1
)


@dataclass
class EventMention:
    """One trigger in one sentence, with what its phrase says."""

    tokens: list[Token]
    event_type: str
    weak: bool
    generic: bool
    anaphoric: bool
    date: str = ""
    fallback_date: str = (
        ""  # a date nearby in the clause, used only when the mention starts an incident
    )
    places: list[str] = field(default_factory=list)
    fatalities: int | None = None
    injured: int | None = None
    phrase: str = ""
    plural: bool = False
    date_hops: int = 0  # how far in the parse the date sits from the trigger
    reported: bool = (
        False  # governed by a reporting or claiming verb ("claimed the attack on Tuesday")
    )
    # the incident a sentence opening "Hours later", "The day after" moves on from: a new
    # specific mention there is another incident, not that one ("Hours later, an explosion
    # tore through a house in Dematagoda")
    moves_on_from: Incident | None = None

    def __post_init__(self) -> None:
        first, last = self.tokens[0], self.tokens[-1]
        self.phrase = first.doc[first.i : last.i + 1].text.lower()
        self.head_token = last

    @property
    def head(self) -> Token:
        return self.head_token


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
    names: set[str] = field(default_factory=set)  # surface names: "Charlie Hebdo massacre", "coup"
    last_seen: int = 0

    @property
    def event_type(self) -> str:
        # max() keeps most_common's tie-break (the first type seen) at a fraction of its cost:
        # the tracker asks for it for every incident at every mention
        return max(self.types, key=self.types.__getitem__) if self.types else "other"


# --- mentions -------------------------------------------------------------------------------


def _has_place_object(verb: Token, discourse: Discourse | None) -> bool:
    if discourse is None:
        return False
    for child in verb.children:
        if child.dep_ == "dobj":
            for token in child.subtree:
                if discourse.types.get(discourse.key_at(token) or "") == "Place":
                    return True
    return False


def find_triggers(
    sentence: Span, kb: Knowledge, discourse: Discourse | None = None
) -> list[EventMention]:
    """Event mentions in a sentence; same-family triggers of one sentence stay separate here."""
    lex = kb.triggers
    found: list[EventMention] = []
    used: set[int] = set()
    lowered = [t.lower_ for t in sentence]
    phrases_by_first = _phrases_by_first_word()
    for i, word in enumerate(lowered):
        for words, event_type in phrases_by_first.get(word, ()):
            span = range(i, i + len(words))
            if lowered[i : i + len(words)] == words and not used & set(span):
                mention = _mention([sentence[j] for j in span], event_type, kb, weak=False)
                if mention:
                    found.append(mention)
                    used |= set(span)
                break
    for offset, token in enumerate(sentence):
        if offset in used or token.pos_ not in _TRIGGER_POS:
            continue
        lemma = token.lemma_.lower()
        event_type, weak = "", False
        if token.pos_ in ("NOUN", "PROPN") and (
            lemma in lex["nouns"] or token.lower_ in lex["nouns"]
        ):
            event_type = lex["nouns"].get(token.lower_) or lex["nouns"][lemma]
        elif token.pos_ == "VERB" and lemma in lex["verbs"] and token.tag_ in ("VBD", "VBN", "VBG"):
            event_type = lex["verbs"][lemma]
        elif (
            token.pos_ == "VERB"
            and lemma in lex["place_object_verbs"]
            and token.tag_ in ("VBD", "VBN", "VBG")
            and _has_place_object(token, discourse)
        ):
            event_type = lex["place_object_verbs"][lemma]
        elif token.pos_ == "NOUN" and lemma in lex["weak"]["nouns"]:
            event_type, weak = lex["weak"]["nouns"][lemma], True
        elif token.pos_ == "VERB" and lemma in lex["weak"]["verbs"]:
            event_type, weak = lex["weak"]["verbs"][lemma], True
        if not event_type:
            continue
        if token.dep_ in ("compound", "amod", "nmod") and (
            token.head.lemma_.lower() in lex["nouns"] or token.head.lower_ in lex["nouns"]
        ):
            continue  # "bomb" in "bomb assault"
        if _is_hypothetical(token, kb):
            continue
        mention = _mention([token], event_type, kb, weak)
        if mention:
            found.append(mention)
    return found


_TRIGGER_POS = frozenset({"NOUN", "PROPN", "VERB"})  # a one-word trigger is one of these


@cache
def _phrases_by_first_word() -> dict[str, list[tuple[list[str], str]]]:
    """Trigger phrases grouped by their first word, longest first (built once)."""
    lex = knowledge().triggers
    index: dict[str, list[tuple[list[str], str]]] = {}
    phrases = {**lex["phrases"], **{w: t for w, t in lex["nouns"].items() if "-" in w}}
    for phrase, event_type in sorted(phrases.items(), key=lambda kv: -len(_words(kv[0]))):
        words = _words(phrase)
        index.setdefault(words[0], []).append((words, event_type))
    return index


def _words(phrase: str) -> list[str]:
    """A phrase split the way spaCy splits text: 'cease-fire' is three tokens."""
    return re.findall(r"[\w']+|[^\w\s]", phrase.lower())


def _mention(
    tokens: list[Token], event_type: str, kb: Knowledge, weak: bool
) -> EventMention | None:
    lex = kb.triggers
    head = tokens[-1]
    if head.pos_ == "PROPN" and head.text[:1].isupper() and head.lower_ not in ("ceasefire",):
        return None  # part of a name ("Hayat Attack Fund")
    phrase = " ".join(t.lower_ for t in tokens).replace(" - ", "-")
    plural = False
    if (
        head.tag_ in ("NNS", "NNPS")
        and event_type not in lex["plural_ok"]
        and phrase not in lex["plural_phrases"]
    ):
        cues = {c.lower_ for c in head.children if c.dep_ in ("nummod", "amod", "compound")}
        if not cues & set(lex["plural_cues"]):
            if not any(
                c.lower_ in ("the", "these", "those") for c in head.children if c.dep_ == "det"
            ):
                return None
            # "the attacks in Paris in 2015": one incident only if a place and date pin it down
            plural = True
    determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
    anaphoric = bool(determiners & ANAPHORIC_DETS) or any(c.dep_ == "poss" for c in head.children)
    if head.pos_ == "VERB":
        anaphoric = False
    generic = head.lemma_.lower() in lex["generic"] or head.lower_ in lex["generic"]
    mention = EventMention(tokens, event_type, weak, generic, anaphoric)
    mention.plural = plural
    return mention


NAME_MODIFIERS = ("compound", "amod", "nmod")


def surface_name(mention: EventMention) -> str:
    """The name the text gives a noun mention, with the words that qualify it: "the Charlie
    Hebdo massacre" gives "Charlie Hebdo massacre", "an emergency summit" "emergency summit".
    Only the contiguous compound and adjective modifiers to the left of the trigger are kept,
    so a name is always a span of the text (an event node's aliases are surface forms)."""
    # the trigger phrase that ends at the head: a mention merged with a twin of its sentence
    # holds the twin's tokens too, far from its own
    last = mention.head
    inside = {t.i for t in mention.tokens}
    start = last.i
    while start - 1 in inside:
        start -= 1
    first = last.doc[start]
    while start > 0:
        before = first.doc[start - 1]
        if before.dep_ not in NAME_MODIFIERS or before.head.i > last.i or before.head.i < start - 1:
            break
        if not before.is_alpha and before.text != "-":
            break
        start -= 1
    words = [t for t in first.doc[start : last.i + 1]]
    return " ".join(t.text if t.pos_ == "PROPN" else t.text.lower() for t in words)


def _is_hypothetical(head: Token, kb: Knowledge) -> bool:
    """Triggers of things that did not happen: 'planning an attack', 'to carry out attacks', 'any
    attack'."""
    if any(c.lower_ in kb.triggers["unreal_modifiers"] for c in head.children):
        return True
    verb = head.head if head.dep_ in ("dobj", "pobj", "nsubjpass") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return False
    if verb.lemma_.lower() in kb.triggers["hypothetical_verbs"]:
        return True
    return verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children)


def describe(
    mention: EventMention,
    sentence: Span,
    dates: list[DateMatch],
    base_offset: int,
    discourse: Discourse,
    kb: Knowledge,
    others: list[EventMention],
) -> None:
    """Fill a mention's date and places from the words attached to its trigger."""
    verb = _governing_verb(mention.head) if mention.head.pos_ != "VERB" else None
    mention.reported = verb is not None and verb.lemma_.lower() in set(
        kb.triggers["reporting_verbs"]
    ) | {"condemn"}
    mention.date, mention.fallback_date = _dates_for(
        mention, _anchors(mention, kb, for_place=False), sentence, dates, base_offset, kb, others
    )
    place_anchors = _anchors(mention, kb, for_place=True)
    modifiers: list[str] = []  # "a US drone strike": a country naming whose strike it was
    for token in sentence:
        key = discourse.key_at(token)
        if (
            key
            and discourse.types.get(key) == "Place"
            and _attached(token, place_anchors, kb)
            and _locative_path(token, place_anchors, kb)
        ):
            if (
                token.head.i in place_anchors
                and token.dep_ in ("compound", "amod", "nmod")
                and kb.kind_of(key) == "country"
            ):
                modifiers.append(key)
            elif key not in mention.places:
                mention.places.append(key)
    if (
        not mention.places
    ):  # no scene named by a preposition: the modifier is the scene ("the Mali attack")
        mention.places.extend(dict.fromkeys(modifiers))


def _anchors(mention: EventMention, kb: Knowledge, for_place: bool) -> set[int]:
    """The trigger's tokens, plus the verb governing it when that verb's modifiers describe
    the event.

    Dates may hang on any governing verb but a reporting one ("the attack came on Monday");
    places only on light verbs ("the attack took place in ..."), so that "the raid revived
    memories of Chibok" does not put the raid in Chibok.
    """
    anchors = {t.i for t in mention.tokens}
    head = mention.head
    light = set(kb.triggers["light_verbs"]) - {"be"}
    verb = None
    if head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "dative") and head.head.pos_ == "VERB":
        verb = head.head
    elif head.dep_ == "pobj" and head.head.head.pos_ == "VERB":
        verb = head.head.head
    if verb is not None and verb.lemma_.lower() not in kb.triggers["reporting_verbs"]:
        lemma = verb.lemma_.lower()
        as_subject = head.dep_ in ("nsubj", "nsubjpass") and lemma not in kb.triggers["end_verbs"]
        casualty = lemma in kb.triggers["casualty_verbs"]
        if not for_place or as_subject or lemma in light or casualty:
            if head.dep_ != "pobj" or lemma in light or casualty:
                anchors.add(verb.i)
    return anchors


def _attached(token: Token, anchors: set[int], kb: Knowledge) -> bool:
    current = token
    for _ in range(MAX_HOPS + 2):
        if current.i in anchors:
            return True
        if is_root(current):
            return False
        if current.pos_ in ("VERB", "AUX") and not same(current, token):
            if current.dep_ in (
                "relcl",
                "acl",
            ):  # "an attack on Easter 2016 that killed 75 people at a park"
                current = current.head
                continue
            return (
                current.head.i in anchors
                and current.dep_ == "advcl"
                and any(c.lower_ == "when" for c in current.children)
            )
        current = current.head
    return False


def _dates_for(
    mention: EventMention,
    anchors: set[int],
    sentence: Span,
    dates: list[DateMatch],
    base_offset: int,
    kb: Knowledge,
    others: list[EventMention],
) -> tuple[str, str]:
    """(attached date, fallback date) of a mention."""
    lex = kb.triggers
    end_verbs = set(lex["end_verbs"])
    blocked = {i for i in anchors if sentence.doc[i].lemma_.lower() in end_verbs}
    anchors = anchors - blocked
    candidates = []
    offset_date = _offset_date(mention, sentence, dates, base_offset, kb)
    if offset_date:
        return offset_date, ""
    when_date = _when_clause_date(mention, sentence, dates, base_offset)
    if when_date:
        return when_date, ""
    for match in dates:
        token = _date_head(sentence, match, base_offset)
        if token is None:
            continue
        if _attached(token, anchors, kb):
            mention.date_hops = _hops(token, anchors)
            return match.value, ""
        governor = _governing_verb(token)
        if (
            governor is not None
            and governor.lemma_.lower() in lex["reporting_verbs"]
            and _postposed_report(governor, token, mention)
        ):
            return match.value, ""  # "gunmen killed five soldiers on Monday, officials said"
        if governor is not None and (
            governor.lemma_.lower() in lex["reporting_verbs"] or governor.i in blocked
        ):
            continue
        if any(
            _attached(
                token,
                {
                    i
                    for i in _anchors(other, kb, False)
                    if sentence.doc[i].lemma_.lower() not in end_verbs
                },
                kb,
            )
            for other in others
            if other is not mention
        ):
            continue
        if not _same_clause(governor, _governing_verb(mention.head)):
            continue
        candidates.append((abs(token.i - mention.head.i), match.value))
    return "", (min(candidates)[1] if candidates else "")


def _postposed_report(verb: Token, date: Token, mention: EventMention) -> bool:
    """True when the parser hung the event's date on a reporting clause that follows the event
    ("X happened on Monday, officials said"): the reporter's subject comes after the date, and
    the mention sits in the reported clause, before the date."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or any(s.i < date.i for s in subjects) or mention.head.i > date.i:
        return False
    reported = [c for c in verb.children if c.dep_ == "ccomp"]
    return any(mention.head.i in {t.i for t in clause.subtree} for clause in reported)


def _hops(token: Token, anchors: set[int]) -> int:
    current, hops = token, 0
    while current.i not in anchors and not is_root(current) and hops < MAX_HOPS + 2:
        current, hops = current.head, hops + 1
    return hops


OFFSET_UNITS = {"day": 1, "hour": 0, "minute": 0}  # days per unit; a week is too loose to date


def _offset_date(
    mention: EventMention, sentence: Span, dates: list[DateMatch], base_offset: int, kb: Knowledge
) -> str:
    """'the dead were counted on Saturday, a day after a missile struck the station': the strike
    is dated a day before the clause it hangs on. Only a full date moves, by whole days ("hours
    after" keeps the day); the event in "two days after the bombing" is the bombing."""
    head = mention.head
    if head.pos_ == "VERB" and head.dep_ == "advcl":
        link = next((c for c in head.children if c.lower_ in ("after", "before")), None)
        holder, anchor = head, head.head
    elif head.dep_ == "pobj" and head.head.lower_ in ("after", "before"):
        link = holder = head.head
        anchor = link.head
    else:
        return ""
    if link is None:
        return ""
    unit = next(
        (c for c in holder.children if c.dep_ == "npadvmod" and c.lemma_.lower() in OFFSET_UNITS),
        None,
    )
    if unit is None:
        return ""
    count = _count_of(unit)
    if count is None:
        return ""
    for match in dates:
        token = _date_head(sentence, match, base_offset)
        if token is None or len(match.value) != 10 or not _attached(token, {anchor.i}, kb):
            continue
        day = parse_iso(match.value)
        if day is None:
            return ""
        shift = timedelta(days=count * OFFSET_UNITS[unit.lemma_.lower()])
        moved = day - shift if link.lower_ == "after" else day + shift
        return moved.isoformat()
    return ""


def _count_of(unit: Token) -> int | None:
    """How many units a duration names: "a day" 1, "two days" 2, "3 days" 3."""
    for child in unit.children:
        word = child.lower_
        if child.dep_ == "det" and word in ("a", "an"):
            return 1
        if child.dep_ == "nummod":
            if word.isdigit():
                return int(word)
            return COUNTS.get(word)
    return None


def _when_clause_date(
    mention: EventMention, sentence: Span, dates: list[DateMatch], base_offset: int
) -> str:
    """'in September 2023, when a suicide bomber blew himself up': the clause's event has that
    date."""
    verb = _governing_verb(mention.head) if mention.head.pos_ != "VERB" else mention.head
    if verb is None or not any(c.lower_ == "when" for c in verb.children):
        return ""
    heads = {id(m): _date_head(sentence, m, base_offset) for m in dates}
    for ancestor in list(verb.ancestors)[:4]:
        for match in dates:
            head = heads[id(match)]
            if (
                head is not None
                and (ancestor == head or ancestor in list(head.subtree))
                and ancestor.idx >= base_offset + match.start
                and ancestor.idx < base_offset + match.end
            ):
                return match.value
    return ""


def _same_clause(date_verb: Token | None, trigger_verb: Token | None) -> bool:
    """A date may describe a trigger of the same clause, or of a clause one step down or up from
    it."""
    if date_verb is None or trigger_verb is None:
        return date_verb is trigger_verb
    if date_verb == trigger_verb:
        return True
    return trigger_verb in _verb_ancestors(date_verb, 2) or date_verb in _verb_ancestors(
        trigger_verb, 2
    )


def _verb_ancestors(token: Token, limit: int) -> list[Token]:
    return [a for a in token.ancestors if a.pos_ in ("VERB", "AUX")][:limit]


def _locative_path(token: Token, anchors: set[int], kb: Knowledge) -> bool:
    """A place describes where an event happened when a locative preposition leads to it,
    or when it modifies the trigger itself ("the Peshawar attack"); not when it is the subject."""
    preps = set(kb.cues["location_preps"]) | {"of"}
    relative = set(kb.triggers["relative_place_words"])
    if token.head.dep_ == "prep" and (
        token.head.head.lower_ in relative
        or token.head.lower_ in ("from", "of")
        and token.head.head.lower_ in relative
    ):
        return False  # "north of Baghdad", "50 km from Kabul": a reference point, not the scene
    current = token
    for _ in range(MAX_HOPS):
        if current.i in anchors:
            return True
        if (
            current.dep_ in ("nsubj", "nsubjpass", "dobj")
            and current.head.i in anchors
            and current.head.pos_ == "VERB"
        ):
            return (
                bool(kb.triggers["verbs"].get(current.head.lemma_.lower()))
                and current.dep_ == "dobj"
            )
        if current.dep_ == "prep" and current.lower_ in preps:
            return True
        current = current.head
    return False


def _date_head(sentence: Span, match: DateMatch, base_offset: int) -> Token | None:
    start = base_offset + match.start
    end = base_offset + match.end
    tokens = [t for t in sentence if t.idx >= start and t.idx < end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or is_root(token):
            return token
    return tokens[-1]


def _governing_verb(token: Token) -> Token | None:
    current = token
    for _ in range(MAX_HOPS):
        if current.pos_ in ("VERB", "AUX") and not same(current, token):
            return current
        if is_root(current):
            return None
        current = current.head
    return None


# --- incidents ------------------------------------------------------------------------------


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
        self.clock = 0
        self.aliases: dict[int, int] = {}  # merged incident number -> the one it merged into

    def add_sentence(self, mentions: list[EventMention], sentence_text: str) -> dict[int, Incident]:
        """Place this sentence's mentions in incidents; returns trigger token index -> incident."""
        resolved: dict[int, Incident] = {}
        for mention in self._merge_same_sentence(mentions):
            incident = self._place(mention)
            if incident is None:
                continue
            for token in mention.tokens:
                resolved[token.i] = incident
        casualties = find_casualties(sentence_text)
        if casualties.fatalities is not None or casualties.injured is not None:
            target = self._casualty_target(mentions, resolved, sentence_text)
            if target is not None:
                _raise(target, "fatalities", casualties.fatalities)
                _raise(target, "injured", casualties.injured)
        for incident in {id(i): i for i in resolved.values()}.values():
            self._summary(incident, sentence_text, casualties)
        return resolved

    def _merge_same_sentence(self, mentions: list[EventMention]) -> list[EventMention]:
        merged: list[EventMention] = []
        for mention in self._without_casualty_verbs_of_others(mentions):
            family = self.kb.family(mention.event_type)
            twin = next(
                (
                    m
                    for m in merged
                    if self.kb.family(m.event_type) == family
                    and dates_agree(
                        m.date or m.fallback_date, mention.date or mention.fallback_date
                    )
                ),
                None,
            )
            if twin is None:
                merged.append(mention)
                continue
            twin.tokens = twin.tokens + mention.tokens
            if (twin.generic or twin.weak) and not (mention.generic or mention.weak):
                twin.event_type, twin.generic, twin.weak = mention.event_type, False, False
            twin.date = twin.date or mention.date
            twin.fallback_date = twin.fallback_date or mention.fallback_date
            twin.places += [p for p in mention.places if p not in twin.places]
            twin.anaphoric = twin.anaphoric and mention.anaphoric
        return merged

    def _without_casualty_verbs_of_others(self, mentions: list[EventMention]) -> list[EventMention]:
        """'killed in a drone strike', 'a drone strike killed seven': the killing is the other
        trigger's toll, not an incident of its own (and, of another family, it would not merge
        with it); its date and scene go to that trigger."""
        casualty = set(self.kb.triggers["casualty_verbs"])
        kept = []
        for mention in mentions:
            head = mention.head
            owner = None
            if head.pos_ == "VERB" and head.lemma_.lower() in casualty:
                inside = {
                    t.i for c in head.children if c.dep_ in ("prep", "agent") for t in c.subtree
                }
                inside |= {c.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass")}
                owner = next((o for o in mentions if o is not mention and o.head.i in inside), None)
            if owner is None:
                kept.append(mention)
                continue
            owner.date = owner.date or mention.date
            owner.fallback_date = owner.fallback_date or mention.fallback_date
            if not owner.places:  # the trigger's own scene wins over the killing's
                owner.places.extend(mention.places)
        return kept

    def _place(self, mention: EventMention) -> Incident | None:
        self.clock += 1
        if mention.anaphoric and (
            mention.date_hops > 2 or (mention.reported and mention.date_hops > 1)
        ):
            # "claimed the attack in a statement on Wednesday": the claim's date; but "claimed
            # last week's massacre" dates the massacre itself
            mention.date = ""
        family = self.kb.family(mention.event_type)
        moved_on = mention.moves_on_from if not (mention.weak or mention.anaphoric) else None
        candidates = [
            i
            for i in self.incidents
            if self.kb.family(i.event_type) == family
            and i is not moved_on
            and self._places_agree(i.places, mention.places)
            and dates_agree(i.date or self.published_year, mention.date)
        ]
        incident = None
        if mention.weak or mention.anaphoric:
            if candidates:
                demonstrative = any(
                    c.lower_ in ("this", "that", "these", "those") for c in mention.head.children
                )
                if demonstrative and self.focus in candidates:
                    incident = self.focus
                else:
                    incident = max(candidates, key=lambda i: (i.mentions, i.last_seen))
            elif mention.weak:
                return None
        else:
            sharing = [
                i for i in candidates if (mention.date and i.date) or (mention.places and i.places)
            ]
            if sharing:
                incident = max(sharing, key=lambda i: (i.mentions, i.last_seen))
        if incident is None:
            if len(self.incidents) >= MAX_INCIDENTS:
                # a text naming this many incidents is not a news story: see MAX_INCIDENTS
                return None
            incident = Incident(self.created)
            self.created += 1
            self.incidents.append(incident)
            mention.date = mention.date or mention.fallback_date
        if moved_on is not None and moved_on is not incident:
            incident.apart.add(moved_on.number)
            moved_on.apart.add(incident.number)
        self._absorb(incident, mention)
        self.focus = incident
        return incident

    def _absorb(self, incident: Incident, mention: EventMention) -> None:
        weight = 1 if (mention.generic or mention.weak) else STRONG_WEIGHT
        incident.types[mention.event_type] += weight
        incident.mentions += 1
        incident.last_seen = self.clock
        if (
            all(t.pos_ in ("NOUN", "PROPN", "ADJ") or t.text == "-" for t in mention.tokens)
            and not mention.generic
        ):
            incident.nouns[mention.phrase] += weight
            incident.names.add(surface_name(mention))
        if mention.date and (
            not incident.date
            or (len(mention.date) > len(incident.date) and mention.date.startswith(incident.date))
        ):
            incident.date = mention.date
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
        merged = True
        while merged:
            merged = False
            for a in self.incidents:
                for b in self.incidents:
                    if (
                        a is b
                        or a.number > b.number
                        or b.number in a.apart
                        or self.kb.family(a.event_type) != self.kb.family(b.event_type)
                    ):
                        continue
                    if (
                        not b.date
                        and b.places
                        and not a.places
                        and a.date
                        and self._only_sceneless(a)
                    ):
                        self._fold(a, b)
                        merged = True
                        break
                    if not (a.places and b.places and self._places_agree(a.places, b.places)):
                        continue
                    if not (
                        (a.date and b.date and dates_agree(a.date, b.date))
                        or (
                            not b.date
                            and len(
                                [
                                    i
                                    for i in self.incidents
                                    if i.date
                                    and self.kb.family(i.event_type) == self.kb.family(b.event_type)
                                    and self._places_agree(i.places, b.places)
                                ]
                            )
                            == 1
                            and a.date
                        )
                    ):
                        continue
                    self._fold(a, b)
                    merged = True
                    break
                if merged:
                    break

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

    def _casualty_target(
        self, mentions: list[EventMention], resolved: dict[int, Incident], sentence_text: str
    ) -> Incident | None:
        violent = set(self.kb.triggers["violent_types"])
        here = [
            resolved[m.head.i]
            for m in mentions
            if m.head.i in resolved and resolved[m.head.i].event_type in violent
        ]
        if here:
            return here[0]
        if mentions:
            return None
        lowered = sentence_text.lower()
        if any(
            word in lowered
            for word in ("conflict", "war ", "insurgency", "violence", "fighting", "since")
        ):
            return None
        if self.focus is not None and self.focus.event_type in violent:
            return self.focus
        return None

    def _summary(self, incident: Incident, sentence_text: str, casualties) -> None:
        score = (casualties.fatalities is not None) * 2 + (casualties.injured is not None) + 1
        if score > incident.summary_score and len(sentence_text) < 600:
            incident.summary, incident.summary_score = sentence_text.strip(), score

    def _places_agree(self, ours: list[str], theirs: list[str]) -> bool:
        if not ours or not theirs:
            return True
        return any(self._contains(a, b) or self._contains(b, a) for a in ours for b in theirs)

    def _contains(self, inner: str, outer: str) -> bool:
        if inner == outer or outer in self.place_parents.get(inner, ()):
            return True
        if any(outer in self.place_parents.get(p, ()) for p in self.place_parents.get(inner, ())):
            return True
        code = self.countries.get(inner)
        return (
            bool(code) and self.kb.kind_of(outer) == "country" and self.countries.get(outer) == code
        )


def _raise(incident: Incident, attr: str, value: int | None) -> None:
    if value is None:
        return
    current = getattr(incident, attr)
    setattr(incident, attr, value if current is None else max(current, value))
