"""Event mentions: trigger words in a sentence, with the date, places and casualties their
words give. Merging mentions into incidents is ``incidents.py``'s step.

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
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from ..knowledge import Knowledge, indexed, knowledge, word_sets
from .casualties import is_toll_noun, is_toll_rise, updates_toll
from .dates import COUNTS, WEEKDAYS, DateMatch, shift_iso
from .discourse import Discourse
from .syntax import climb, is_root, same, shared_dependents

if TYPE_CHECKING:  # an incident is built from mentions; a mention only points at one
    from .incidents import Incident

ANAPHORIC_DETS = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}
MAX_HOPS = 7


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
    date_follows: bool = False  # the date comes after the trigger ("the attack on Monday")
    # the date sits in the trigger's own phrase ("the shooting of an officer who was coaching a
    # team on Thursday"): it dates the incident, whatever verb reports it
    date_inside: bool = False
    date_within: tuple[str, str] | None = None  # the days its date covers ("last week")
    # the trigger restates another in apposition ("claimed the deadliest attack this year, the
    # twin bombing of the cathedral on January 27"): a date inside it is the incident's own
    appositive: bool = False
    counted: bool = False  # "two car bombings": a number of incidents, maybe told apart later
    clocked: bool = False  # told with an hour and no day ("before dawn", "at about 4.30am")
    # the month of the day a toll update in its sentence is dated ("The death toll from a car
    # bombing in Tal Tamr rose to seven on Sunday"): the incident was no later than that
    toll_month: str = ""
    overnight: bool = False  # "killed four people overnight": the night before the news
    # the date of the statement that names it ("denied any role in the kidnapping in 2023"):
    # a statement of a year before the news' is about an incident no later than that year
    statement_date: str = ""
    reported: bool = (
        False  # governed by a reporting or claiming verb ("claimed the attack on Tuesday")
    )
    # the incident a sentence opening "Hours later", "The day after" moves on from: a new
    # specific mention there is another incident, not that one ("Hours later, an explosion
    # tore through a house in Dematagoda")
    moves_on_from: Incident | None = None
    # the incident a time phrase of its sentence names ("two days after gunmen ambushed a
    # patrol"): never this mention's, even where it refers back ("The bombing came ...")
    timed_by: Incident | None = None
    # told only to time the sentence's own incident ("hours before the raid", "hours after
    # fighters attacked a base"): another incident, see time_mark and describe
    times_another: bool = False
    # "hours after gunmen shot two volunteers", the news told on Thursday morning: the deed is
    # dated Thursday, but may have been the evening before (-1) or, for "hours before", after
    # midnight (+1)
    day_slack: int = 0
    # the places its sentence names, for a weak mention that names none itself ("it said four
    # soldiers had been killed and nine wounded at Tamou", the place hung on "wounded")
    sentence_places: list[str] = field(default_factory=list)
    # its scene is named by the killing it owns ("two soldiers die in ambush near Mbau")
    scene_by_toll: bool = False
    bare_toll: bool = False  # a casualty verb alone in its sentence: a toll of an incident told
    # told only by what its unnamed doers did ("Gunmen entered the village late on Saturday"):
    # it may date the incident just told, and does nothing else
    doers_only: bool = False

    def __post_init__(self) -> None:
        first, last = self.tokens[0], self.tokens[-1]
        self.phrase = first.doc[first.i : last.i + 1].text.lower()
        self.head_token = last

    @property
    def head(self) -> Token:
        return self.head_token


# --- mentions -------------------------------------------------------------------------------


def _has_place_object(verb: Token, discourse: Discourse | None) -> bool:
    """'seizing the city of Mosul', 'seized the international airport in Goma': what is taken
    is a place, named or one of the 'seizable_sites'."""
    if discourse is None:
        return False
    sites = discourse.kb.triggers["seizable_sites"]
    for child in verb.children:
        if child.dep_ == "nsubjpass":  # "Gwoza was retaken"; not "the DO for Alou was seized"
            key = discourse.key_at(child)
            return child.lemma_.lower() in sites or discourse.types.get(key or "") == "Place"
        if child.dep_ == "dobj":  # "seized the international airport in Goma"
            if child.lemma_.lower() in sites:
                return True
            for token in child.subtree:
                if discourse.types.get(discourse.key_at(token) or "") == "Place":
                    return True
    return False


def _has_people_object(verb: Token, kb: Knowledge) -> bool:
    """'the four men were seized', 'gunmen seized two teachers': what is seized is people; so
    are 'six lorry drivers seized by gunmen', when the seizers are unnamed attackers ('three
    suspects seized by police' are arrested)."""
    plural_people = kb.casualties["people_nouns"]
    people = indexed(kb.casualties, _people_words)
    told_of_someone = verb.dep_ == "relcl"  # "Coulibaly, who had seized hostages at a shop"
    if any(
        child.dep_ in ("dobj", "nsubjpass")
        and (
            child.lower_ in plural_people
            or (child.lemma_.lower() in people and not told_of_someone)
        )
        for child in verb.children
    ):
        return True  # "the pupils were seized", "seized a New Zealand pilot"
    return (
        verb.dep_ == "acl"
        and verb.head.lemma_.lower() in people
        and any(
            agent.dep_ == "agent"
            and any(o.lower_ in kb.cues["unnamed_attackers"] for o in agent.children)
            for agent in verb.children
        )
    )


def _frees_people(verb: Token, kb: Knowledge) -> bool:
    """'JNIM freed a French journalist', 'the engineer has been freed': who is freed is a
    person, never 'released a statement'; so who is executed ('executed two hostages', never
    'executing rocket launches')."""
    people = indexed(kb.casualties, _people_words)
    return any(
        c.lemma_.lower() in people or c.lower_ in people or c.ent_type_ == "PERSON"
        for c in shared_dependents(verb, ("dobj", "nsubjpass"))
    )


def _people_words(casualties: dict) -> frozenset[str]:
    return frozenset(casualties["victim_nouns"]) | frozenset(casualties["people_nouns"])


def _describes_people(token: Token, kb: Knowledge) -> bool:
    """'striking miners'; in a headline the parser may make them its object ('Police fire at
    striking platinum miners')."""
    if token.lower_ not in kb.triggers["people_participles"]:
        return False
    people = kb.casualties["people_nouns"]
    if token.dep_ in ("amod", "compound"):
        return token.head.lower_ in people
    return token.dep_ == "pcomp" and any(
        c.dep_ == "dobj" and c.lower_ in people for c in token.children
    )


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
        lemma = sentence[i].lemma_.lower()  # "airstrikes": the phrase "airstrike" in the plural
        phrases = phrases_by_first.get(word) or phrases_by_first.get(lemma, ())
        for words, event_type in phrases:
            span = range(i, i + len(words))
            if _phrase_at(sentence, lowered, i, words) and not used & set(span):
                mention = _mention([sentence[j] for j in span], event_type, kb, weak=False)
                if mention:
                    found.append(mention)
                    used |= set(span)
                break
    for mention in _named_operations(sentence, kb):
        found.append(mention)
        used |= {t.i - sentence.start for t in mention.tokens}
    for offset, token in enumerate(sentence):
        if offset in used or token.pos_ not in _TRIGGER_POS:
            continue
        lemma = token.lemma_.lower()
        event_type, weak, doers, pinned = "", False, False, False
        if _describes_people(token, kb):  # "striking miners": a strike, not an attack
            event_type = lex["people_participles"][token.lower_]
        elif token.pos_ in ("NOUN", "PROPN") and (
            lemma in lex["nouns"] or token.lower_ in lex["nouns"]
        ):
            if token.dep_ == "compound" and token.head.lemma_.lower() in lex["not_event_heads"]:
                continue  # "according to a war monitor", "war crimes": no incident told
            event_type = lex["nouns"].get(token.lower_) or lex["nouns"][lemma]
        elif _gerund_as_noun(token, kb) and token.lower_ in lex["nouns"]:
            event_type = lex["nouns"][token.lower_]  # "Fighting near Goris killed five soldiers"
        elif token.pos_ == "NOUN" and lemma == "strike" and _labour_strike(token, kb):
            event_type = "protest"  # "the bus strike entered its third day"
        elif token.pos_ == "NOUN" and lemma == "strike" and _military_strike(token, kb):
            event_type = "military_operation"  # "said it had carried out the strike"
        elif token.pos_ == "VERB" and lemma in lex["verbs"] and token.tag_ in ("VBD", "VBN", "VBG"):
            if lemma in lex["people_only_verbs"] and not _frees_people(token, kb):
                continue  # "planning and executing rocket launches"
            if _kills_the_told_attackers(token, kb):
                continue  # "security forces killed the last attacker": the attack's end
            event_type = lex["verbs"][lemma]
        elif (
            token.pos_ == "VERB"
            and lemma in lex["release_verbs"]
            and token.tag_ in ("VBD", "VBN")
            and _frees_people(token, kb)
        ):
            event_type = "other"  # "a Dutch engineer ... has been freed": a release
        elif token.pos_ == "VERB" and lemma in lex["blast_verbs"] and _blew_up_a_thing(token):
            event_type = "bombing"  # "its fighters had blown up a vehicle"
        elif (
            token.pos_ == "VERB"
            and lemma in lex["ramming_verbs"]
            and token.tag_ in ("VBD", "VBN")
            and _rams_a_crowd(token, kb)
        ):
            event_type = "armed_attack"  # "a car was driven into a crowded Christmas market"
        elif token.pos_ == "VERB" and lemma in lex["impact_verbs"] and token.tag_ in _IMPACT_TAGS:
            # "a ballistic missile hit a block"; a headline's present, "Drone strikes oil field"
            event_type = _weapon_impact(token, kb)
        elif token.pos_ == "VERB" and lemma in lex["throw_verbs"] and token.tag_ in ("VBD", "VBN"):
            event_type = _weapon_thrown(token, kb)  # "a hand grenade was hurled at the house"
        elif token.pos_ == "VERB" and lemma in lex["aim_verbs"] and token.tag_ in ("VBD", "VBN"):
            event_type = _weapon_aimed(token, kb)  # "it had targeted the ship with missiles"
        elif (  # people seized are kidnapped, wherever: before the places' rule
            token.pos_ == "VERB"
            and lemma in lex["people_object_verbs"]
            and token.tag_ in ("VBD", "VBN")
            and _has_people_object(token, kb)
        ):
            # "the four men were seized on Monday" dates a kidnapping told, and "police seized
            # three suspects" is no kidnapping; "gunmen had seized eight more girls from Warabe"
            # tells one (the parser often leaves such a verb without its subject)
            event_type = lex["people_object_verbs"][lemma]
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "auxpass")]
            weak = not all(
                c.dep_ == "nsubj" and c.lower_ in kb.cues["unnamed_attackers"] for c in subjects
            )
        elif (
            token.pos_ == "VERB"
            and lemma in lex["place_object_verbs"]
            and token.tag_ in ("VBD", "VBN", "VBG")
            and any(
                c.dep_ == "dobj" and c.lemma_.lower() in lex["overrun_sites"]
                for c in token.children
            )
        ):
            event_type = "armed_attack"  # "overran an army outpost at Galgala": an attack
        elif (
            token.pos_ == "VERB"
            and lemma in lex["place_object_verbs"]
            and token.tag_ in ("VBD", "VBN", "VBG")
            and _has_place_object(token, discourse)
            and not _told_by_its_subject(token, kb)
        ):
            event_type = lex["place_object_verbs"][lemma]
        elif _attackers_moved(token, kb):
            # "Gunmen entered Juhudi village late on Saturday": the attackers' deed tells more of
            # the incident told, its time or its scene; never a new incident
            event_type, weak, doers = "armed_attack", True, True
        elif (
            token.pos_ == "NOUN"
            and lemma in lex["person_killing_nouns"]
            and _of_a_person(token, kb)
        ):
            event_type = "assassination"  # "the killing of Abdul Basir Sharifi"
        elif (
            token.pos_ == "NOUN"
            and lemma in lex["person_killing_nouns"]
            and _of_counted_people(token)
        ):
            # "the killing of ten Kuki men at Borobekra on July 3": one incident when its
            # clause dates and places it, like a plural trigger
            event_type, pinned = "armed_attack", True
        elif token.pos_ == "NOUN" and lemma in lex["weak"]["nouns"]:
            event_type, weak = lex["weak"]["nouns"][lemma], True
        elif token.pos_ == "VERB" and lemma in lex["weak"]["verbs"]:
            event_type, weak = lex["weak"]["verbs"][lemma], True
        if not event_type:
            continue
        if event_type == "armed_attack" and _arrest_raid(token, kb):
            event_type = "military_operation"  # "police raided a house and arrested three"
        if token.dep_ in ("compound", "amod", "nmod") and (
            token.head.lemma_.lower() in lex["nouns"]
            or token.head.lower_ in lex["nouns"]
            or (token.head.lemma_.lower() == "strike" and _military_strike(token.head, kb))
        ):
            continue  # "bomb" in "bomb assault", "a glide-bomb strike"
        if token.dep_ == "compound" and event_type == "other":
            continue  # "a regional trial court", "the election commission": a modifier
        if token.dep_ == "compound" and token.head.lemma_.lower() in lex["partisan_nouns"]:
            weak = True  # "coup supporters": an incident told, never a new one
        if _is_hypothetical(token, kb) or record_of_actor(token, kb):
            continue
        if _counted_in_a_toll(token, kb):
            continue  # "put the toll at six soldiers killed on Monday": a figure, not a deed
        if _topic_kicker(sentence, token):
            continue  # "Sudan war: Shelling of El Fasher hospital kills 22"
        if counts_since(token, kb):
            continue  # "more than 6,000 people have been killed since": a running total
        if token.pos_ == "VERB" and in_those_events(token):
            continue  # "1,426 people had been killed in those events": several, told before
        mention = _mention([token], event_type, kb, weak)
        if mention:
            mention.doers_only = doers
            mention.plural = mention.plural or pinned
            found.append(mention)
    return _without_characterisations(_without_attack_arson(found, kb))


def _arrest_raid(token: Token, kb: Knowledge) -> bool:
    """'Army intelligence and the State Security agency raided Majdal Anjar, detaining seven
    people', 'a police raid in which three suspects were arrested': the state's forces arresting
    people run an operation, they do not perpetrate an attack. Only forces named by a common
    noun ('police', 'troops'): 'the Arakan Army raided' is a group's attack; and only a raid
    that kills no one in its clause."""
    raids = kb.triggers["arrest_raids"]
    if token.lemma_.lower() not in raids["raid_words"]:
        return False
    if token.pos_ == "VERB":
        doers = [c for c in token.children if c.dep_ == "nsubj"]
        clause = token
    else:
        doers = [c for c in token.children if c.dep_ in ("compound", "amod", "poss")]
        doers += [
            g for c in token.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children
        ]
        clause = token.head.head if token.head.pos_ == "ADP" else token.head  # "in a raid"
        clause = clause if clause.pos_ in ("VERB", "AUX") else token
    doers += [c for d in doers for c in d.conjuncts]
    if not any(d.pos_ == "NOUN" and d.lemma_.lower() in raids["state_doers"] for d in doers):
        return False
    lemmas = {t.lemma_.lower() for t in clause.subtree}
    return bool(lemmas & set(raids["arrest_verbs"])) and not lemmas & set(
        kb.triggers["casualty_verbs"]
    )


def in_those_events(verb: Token) -> bool:
    """'had been killed in those events', 'died in these clashes': a toll of several incidents a
    plural demonstrative points back to, never of the one incident in focus."""
    return any(
        g.tag_ in ("NNS", "NNPS") and any(d.lower_ in ("those", "these") for d in g.children)
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("in", "during")
        for g in c.children
        if g.dep_ == "pobj"
    )


def of_objects(token: Token) -> list[Token]:
    """The nouns of the 'of' phrases right under ``token`` ("the killing of X")."""
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]


def role_holders(noun: Token) -> list[Token]:
    """The noun and the nouns of its 'of' phrases: in "the governor of Aden, Jaafar Saad" the
    parser hangs the name that says who the governor is on the town."""
    return [noun, *of_objects(noun)]


def _of_a_person(noun: Token, kb: Knowledge) -> bool:
    """'the killing of Abdul Basir Sharifi', 'the murder of the mayor, Ivo Tanjong', 'the
    killing of Abdirizak Dirir, a tax collector': a named person is what the noun was done to;
    'the killing of civilians' names nobody."""
    people = indexed(kb, _person_words)
    for obj in of_objects(noun):
        if obj.ent_type_ == "PERSON" or any(
            c.dep_ == "appos" and c.ent_type_ == "PERSON"
            for holder in role_holders(obj)
            for c in holder.children
        ):
            return True
        if obj.pos_ == "PROPN" and any(
            c.dep_ == "appos" and c.lemma_.lower() in people for c in obj.children
        ):
            return True  # the parser may take the name for an organisation's
    return False


def _of_counted_people(noun: Token) -> bool:
    """'the killing of ten Kuki men', 'the killing of 14 civilians': a count of people."""
    return any(
        c.dep_ == "nummod" and (c.like_num or c.pos_ == "NUM")
        for o in of_objects(noun)
        for c in o.children
    )


def _person_words(kb: Knowledge) -> frozenset[str]:
    return _people_words(kb.casualties) | frozenset(kb.roles["person_roles"])


def _counted_in_a_toll(verb: Token, kb: Knowledge) -> bool:
    """'put the toll at six soldiers killed', 'raised the toll to nine people killed': the
    participle counts the dead of the incident told; the day after it is the count's."""
    if verb.dep_ != "acl" or verb.head.dep_ != "pobj":
        return False
    prep = verb.head.head
    tolls = {w.split()[-1] for w in kb.casualties["toll_words"]}
    holder = prep.head
    return prep.lower_ in ("at", "to") and (
        holder.lemma_.lower() in tolls
        or any(c.dep_ == "dobj" and c.lemma_.lower() in tolls for c in holder.children)
    )


def _topic_kicker(sentence: Span, token: Token) -> bool:
    """'Sudan war: Shelling of El Fasher hospital kills 22', 'Ukraine war: ...': a few words
    before a colon that open a line and name no more than a running story are its kicker, the
    topic a page files the news under, not an incident the line tells."""
    colon = next((t for t in sentence if t.text == ":"), None)
    if colon is None or token.i >= colon.i or colon.i - sentence.start > 4:
        return False
    if token.pos_ != "NOUN" or token.i != colon.i - 1:
        return False
    before = sentence[: colon.i - sentence.start]
    after = sentence[colon.i - sentence.start + 1 :]
    return (
        len(after) >= 4
        and all(t.pos_ in ("PROPN", "ADJ", "NOUN", "PUNCT") or t.text in ("-", "–") for t in before)
        and any(t.pos_ == "PROPN" for t in before)
    )


def _without_characterisations(found: list[EventMention]) -> list[EventMention]:
    """'praised the shooting as a "heroic operation"', 'described the raid as a
    counter-terrorism operation': a noun that says what another mention of the sentence was is
    no incident of its own."""
    heads = {m.head.i for m in found}

    def describes_another(mention: EventMention) -> bool:
        head = mention.head
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head  # 'as a "heroic operation" and "a natural response"'
        if head.dep_ != "pobj" or head.head.lower_ != "as":
            return False
        described = head.head.head
        return described.i in heads or any(
            c.dep_ == "dobj" and c.i in heads and c.i != mention.head.i for c in described.children
        )

    return [m for m in found if not describes_another(m)]


def _labour_strike(noun: Token, kb: Knowledge) -> bool:
    """'went on strike', 'a bus strike', 'the miners' strike', 'called a strike', 'the strike
    entered its third day': a walkout. 'An air strike', 'a strike on the camp' are attacks."""
    cues = indexed(kb.triggers["labour_strike"], word_sets)
    modifiers = {
        c.lower_ for c in noun.children if c.dep_ in ("compound", "amod", "poss", "nmod", "nummod")
    } | {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod", "poss")}
    if modifiers & cues["military_modifiers"] or any(
        c.dep_ == "prep" and c.lower_ in ("on", "against") for c in noun.children
    ):
        return False
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() in cues["on_verbs"]:
        return True
    if modifiers & cues["modifiers"]:
        return True
    if noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in cues["verbs"]:
        return True
    return noun.dep_ == "nsubj" and head.lemma_.lower() in cues["subject_verbs"]


def _military_strike(noun: Token, kb: Knowledge) -> bool:
    """'carried out the strike', 'launched strikes', 'a glide-bomb strike', 'a rocket strike':
    a strike carried out, or made with a weapon, is an attack; a bare 'strike' may be a walkout."""
    verbs = kb.triggers["labour_strike"]["attack_verbs"]
    weapons = kb.triggers["weapon_subjects"]
    return (noun.dep_ == "dobj" and noun.head.lemma_.lower() in verbs) or any(
        c.dep_ in ("compound", "nmod") and c.lemma_.lower() in weapons for c in noun.children
    )


def _kills_the_told_attackers(verb: Token, kb: Knowledge) -> bool:
    """'Security forces killed all four attackers', 'the last of the gunmen was shot dead': the
    attackers already told die at the end of their attack, which this tells no more of (its
    day, the siege's last, is not the attack's); not 'troops killed five gunmen near Kidal',
    indefinite, a deed of its own."""
    if verb.lemma_.lower() not in kb.triggers["attacker_killing_verbs"]:
        return False
    role = "nsubjpass" if any(c.dep_ == "auxpass" for c in verb.children) else "dobj"
    victims = [c for c in verb.children if c.dep_ == role]
    return bool(victims) and all(_the_told_attackers(v, kb) for v in victims)


def _the_told_attackers(victim: Token, kb: Knowledge) -> bool:
    """'the last attacker', 'all four attackers', 'both gunmen', 'three of the assailants'."""
    doers = kb.casualties["perpetrator_nouns"]
    of = [g for c in victim.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    if of and (victim.like_num or victim.lower_ in ("all", "both", "last", "rest")):
        victim = of[0]  # "three of the attackers", "the last of the gunmen"
    definite = any(
        c.dep_ in ("det", "predet", "poss") and c.lower_ not in ("a", "an", "some", "no")
        for c in victim.children
    )
    return victim.lemma_.lower() in doers and definite


def _without_attack_arson(found: list[EventMention], kb: Knowledge) -> list[EventMention]:
    """ "Five killed, homes torched in night raid": the burning told with an attack in one
    sentence is part of that attack, never an arson of its own."""
    violent = set(kb.triggers["violent_types"])
    attacks = [m for m in found if m.event_type in violent and not _names_the_arson(m)]
    if not attacks:
        return found
    kept = []
    for mention in found:
        if "arson" not in (verb_noun(mention, kb), mention.phrase):
            kept.append(mention)
            continue
        # "torched two schools in Basuba and shot dead a watchman": the burning's words
        # place the attack it is part of
        attack = next((m for m in attacks if _coordinated(m.head, mention.head)), None)
        if attack is not None:
            attack.tokens = attack.tokens + mention.tokens
    return kept


def _coordinated(first: Token, second: Token) -> bool:
    """Two deeds joined by 'and' under one subject ('torched homes and killed ten')."""
    return (second.dep_ == "conj" and second.head.i == first.i) or (
        first.dep_ == "conj" and first.head.i == second.i
    )


def _names_the_arson(mention: EventMention) -> bool:
    """'set fire to nine lorries ..., in the largest arson attack in the region this year':
    an attack called arson, or ranked against others, is the burning itself, not an attack
    that the burning was part of."""
    head = mention.head
    return (
        any(c.lower_ == "arson" or c.tag_ == "JJS" for c in head.children) or head.lower_ == "arson"
    )


def record_of_actor(verb: Token, kb: Knowledge) -> bool:
    """ "ISSP, which has killed and abducted dozens of local leaders", "JNIM, which has kidnapped
    traders around Téra": a group's record, told in the present perfect in a relative clause on
    it, is no incident of the story."""
    if verb.pos_ != "VERB":
        return False
    clause = verb.head if verb.dep_ == "conj" else verb
    if clause.dep_ != "relcl" or clause.head.pos_ not in ("PROPN", "NOUN"):
        return False
    if not any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in clause.children):
        return False
    # a record counts people in the plural ("dozens of local leaders", "traders"); "the unit
    # that has now overthrown him" tells the story's own coup
    objects = [c for v in (verb, clause) for c in v.children if c.dep_ == "dobj"]
    quantities = kb.triggers["record_quantities"]
    return any(o.tag_ in ("NNS", "NNPS") or o.lower_ in quantities for o in objects)


def perfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


def counts_since(token: Token, kb: Knowledge) -> bool:
    """A killing verb that adds up, in the perfect, since a starting point: a running total."""
    return (
        token.pos_ == "VERB"
        and token.lemma_.lower() in kb.triggers["casualty_verbs"]
        and perfect(token)
        and (counted_since(token) or _since_in_its_place(token, kb))
    )


def _since_in_its_place(verb: Token, kb: Knowledge) -> bool:
    """'39 people have been killed in Pataz despite a state of emergency in force since February
    2024': a perfect killing told of a place, with a starting point anywhere in its clause, adds
    up a period; not '12 have been killed in an attack on a town besieged since March', which
    names its incident."""
    if not any(
        t.lower_ == "since" and t.i > verb.i and not _in_a_ranking(t, verb) for t in verb.subtree
    ):
        return False
    nouns = kb.triggers["nouns"]
    return not any(
        obj.lemma_.lower() in nouns or obj.lower_ in nouns
        for prep in verb.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
    )


def _answered_deed(token: Token, anchors: set[int], kb: Knowledge) -> Token | None:
    """The noun of what a deed answers whose phrase the token sits in ('in retaliation for an
    operation on December 2', 'in revenge for the killing of ...'): that deed's words."""
    causes = kb.triggers["cause_nouns"]
    for current in climb(token, MAX_HOPS):
        if current.i in anchors:
            return None
        if current.pos_ == "NOUN" and current.lemma_.lower() in causes:
            return current
    return None


def _scene_not_answered(token: Token, anchors: set[int], kb: Knowledge) -> bool:
    """A place in the phrase of what a deed answers is that deed's scene, not the deed's."""
    cause = _answered_deed(token, anchors, kb)
    return cause is None or _holds(cause, anchors)


def _holds(phrase: Token, anchors: set[int]) -> bool:
    """Whether the mention is inside the phrase: the answered deed's own words are its own."""
    return any(t.i in anchors for t in phrase.subtree)


def _in_a_ranking(token: Token, verb: Token) -> bool:
    """'have killed at least 39 people, in one of the deadliest attacks since April': the
    starting point of a superlative's field, not of a running total (the parser may hang the
    clause 'since' opens on the verb: the noun right before it says)."""
    if token.i > 0 and _superlative(token.doc[token.i - 1]):
        return True
    for current in climb(token, MAX_HOPS):
        if current.i == verb.i:
            return False
        if _superlative(current):
            return True
    return False


def _superlative(noun: Token) -> bool:
    """'the deadliest attacks': a noun a superlative ranks."""
    return noun.pos_ == "NOUN" and any(c.tag_ == "JJS" and c.dep_ == "amod" for c in noun.children)


def counted_since(verb: Token) -> bool:
    """'More than 7,000 people have been killed ... since the insurgency reignited with a raid
    in January 2004', '... have been killed since': a count since a starting point adds up a
    period, whatever the date of the event that started it; so does "More than 250 people have
    been killed and 60,000 displaced since ...", the period told on the verb joined to it."""
    for child in (c for v in (verb, *verb.conjuncts) for c in v.children):
        if (
            child.lower_ == "since"
            and (child.dep_ == "prep" or (child.dep_ == "advmod" and child.i > verb.i))
            and not _in_a_ranking(child, verb)
        ):  # "... have been killed since"; not "his successors have since died"
            return True
        if child.dep_ == "advcl" and any(
            c.lower_ == "since" and c.dep_ == "mark" and not _in_a_ranking(c, verb)
            for c in child.children
        ):
            return True
    return False


_IMPACT_TAGS = frozenset({"VBD", "VBN", "VBZ"})


def _weapon_impact(verb: Token, kb: Knowledge) -> str:
    """The attack a weapon hitting something tells ("a missile hit", "a drone slammed into"),
    or "" when the verb's subject is no weapon."""
    weapons = kb.triggers["weapon_subjects"]
    blast = verb.lemma_.lower() in kb.triggers["blast_verbs"]
    for child in verb.children:
        if child.dep_ != "nsubj":
            continue
        if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            if verb.head.lemma_.lower() not in weapons:
                return ""  # "a rocket strike that hit a market": the strike tells it
            child = verb.head  # "a missile that tore through an apartment building"
        subject = child.lemma_.lower()
        weapon = _weapon_word(child, weapons)
        if weapon:
            return weapons[weapon]
        if blast and subject in kb.triggers["vehicle_bomb_subjects"]:
            return "bombing"  # "The car, parked outside a bakery, blew up": a car bomb
        if blast and any(
            c.dep_ in ("acl", "amod") and c.lemma_.lower() in kb.triggers["rigged_participles"]
            for c in child.children
        ):
            return "bombing"  # "a cart packed with explosives blew up"
    return ""


def _rams_a_crowd(verb: Token, kb: Knowledge) -> bool:
    """'A BMW sped into the crowd', 'a car was driven into a crowded Christmas market', 'he
    rammed his truck into pedestrians': a vehicle driven into people; not 'drove into the city'
    nor 'crashed into a wall'."""
    lex = kb.triggers
    targets = [
        o
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ in ("into", "through")
        for o in p.children
        if o.dep_ == "pobj"
    ]
    if any(o.lower_ in lex["crowd_nouns"] for o in targets):
        return True
    vehicles = set(lex["vehicle_bomb_subjects"]) | set(lex["ramming_vehicles"])
    driven = any(
        c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in vehicles
        for c in verb.children
    )
    return driven and any(o.lemma_.lower() in lex["crowded_places"] for o in targets)


def _weapon_word(noun: Token, weapons: dict[str, str]) -> str:
    """The weapon a subject names: 'a missile', 'Rockets' (which the model may tag a proper
    noun, lemma and all, at the head of a sentence), 'Mortar rounds', 'mortar fire'."""
    for word in (noun.lemma_.lower(), noun.lower_, noun.lower_.removesuffix("s")):
        if word in weapons:
            return word
    for child in noun.children:
        if child.dep_ == "compound" and child.lemma_.lower() in weapons:
            return child.lemma_.lower()
    return ""


def _weapon_thrown(verb: Token, kb: Knowledge) -> str:
    """The attack a thrown weapon tells ("a grenade was hurled at the house", "men lobbed a
    petrol bomb"), or "" when what was thrown is no weapon ("threw stones", "hurled insults")."""
    weapons = kb.triggers["weapon_subjects"]
    for child in verb.children:
        if child.dep_ not in ("nsubjpass", "dobj"):
            continue
        # "fired rockets", "fired seven heavy mortar rounds": the weapon or its kind
        for word in (child, *(c for c in child.children if c.dep_ == "compound")):
            if word.lemma_.lower() in weapons:
                return weapons[word.lemma_.lower()]
    return ""


def _blew_up_a_thing(verb: Token) -> bool:
    """'blew up a vehicle', 'the bridge was blown up': a thing blown up, where 'the car blew up'
    is read by its subject (see ``_weapon_impact``)."""
    if verb.tag_ not in ("VBD", "VBN") or not any(
        c.dep_ == "prt" and c.lower_ == "up" for c in verb.children
    ):
        return False
    return any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)


def _weapon_aimed(verb: Token, kb: Knowledge) -> str:
    """The attack a verb of aiming tells when a weapon is its instrument ("targeted the ship
    with two missiles", "struck the base with drones"), or "" ("targeted with sanctions")."""
    weapons = kb.triggers["weapon_subjects"]
    objects = [c for c in verb.children if c.dep_ == "dobj"]  # the parser may hang it there
    for prep in (p for holder in (verb, *objects) for p in holder.children):
        if prep.dep_ != "prep" or prep.lower_ != "with":
            continue
        for thing in prep.children:
            if thing.dep_ != "pobj":
                continue
            for word in (thing, *(c for c in thing.children if c.dep_ == "compound")):
                if word.lemma_.lower() in weapons:
                    return weapons[word.lemma_.lower()]
    return ""


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


def _phrase_at(sentence: Span, lowered: list[str], i: int, words: list[str]) -> bool:
    """The trigger phrase ``words`` starts at ``i``: its last word may be in the plural ('air
    strikes', 'airstrikes'), which the mention then judges like any plural trigger."""
    n = len(words)
    if lowered[i : i + n - 1] != words[:-1] or i + n > len(lowered):
        return False
    last = sentence[i + n - 1]
    return last.lower_ == words[-1] or (
        last.tag_ in ("NNS", "NNPS") and last.lemma_.lower() == words[-1]
    )


def _attackers_moved(verb: Token, kb: Knowledge) -> bool:
    """A verb in the past whose doer is unnamed attackers ('gunmen', 'the assailants')."""
    if verb.pos_ != "VERB" or verb.tag_ != "VBD":
        return False
    lemma = verb.lemma_.lower()
    if lemma in indexed(kb.triggers["reporting_verbs"], frozenset) or lemma in indexed(
        kb.triggers["attacker_state_verbs"], frozenset
    ):
        return False
    unnamed = indexed(kb.cues["unnamed_attackers"], frozenset)
    doers = indexed(kb.casualties["perpetrator_nouns"], frozenset)
    return any(
        c.dep_ == "nsubj" and any(w in unnamed or w in doers for w in (c.lemma_.lower(), c.lower_))
        for c in verb.children
    )


def _bare_plural_doer(head: Token) -> bool:
    """'Air strikes hit a market in Atarib on Sunday': a bare plural that did something, told in
    the past, may be one incident; like 'the attacks', only if its clause dates and places it."""
    return (
        head.dep_ == "nsubj"
        and head.head.tag_ == "VBD"
        and not any(c.dep_ == "det" for c in head.children)
    )


def _told_by_its_subject(verb: Token, kb: Knowledge) -> bool:
    """'The offensive recaptured dozens of towns': the deed of an incident its subject names,
    never one of its own; 'the militants have since retaken several villages' tells a stretch
    of time, not an incident."""
    lex = kb.triggers
    return any(
        (c.dep_ == "nsubj" and (c.lemma_.lower() in lex["nouns"] or c.lower_ in lex["nouns"]))
        or (c.lower_ == "since" and c.dep_ == "advmod")
        for c in verb.children
    )


def _campaign_launched(head: Token, kb: Knowledge) -> bool:
    """'Uganda and Congo launched joint military operations against the group in November
    2021': operations or strikes launched, told in the past, are one campaign; like 'the
    attacks', only if its clause dates and places it."""
    verb = head.head
    return (
        head.dep_ == "dobj"
        and verb.lemma_.lower() in kb.triggers["campaign_verbs"]
        and verb.tag_ == "VBD"  # not "have launched several offensives since 2009": a stretch
        and not any(
            c.dep_ in ("nummod", "amod") and c.lower_ in kb.triggers["several_words"]
            for c in head.children
        )
    )


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
            if not (
                any(c.lower_ in ("the", "these", "those") for c in head.children if c.dep_ == "det")
                # "last month's attacks on two mosques in Christchurch": dated as 'the' would be;
                # not "Saturday's attacks in Gayéri and near Téra", two of them
                or (
                    any(c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME") for c in head.children)
                    and not any(t.dep_ == "conj" for t in head.subtree)
                )
                or (
                    event_type in lex["bare_plural_types"]
                    and (_bare_plural_doer(head) or _campaign_launched(head, kb))
                )
            ):
                return None
            # "the attacks in Paris in 2015": one incident only if a place and date pin it down
            plural = True
    determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
    anaphoric = bool(determiners & ANAPHORIC_DETS) or any(c.dep_ == "poss" for c in head.children)
    if head.pos_ == "VERB":
        anaphoric = False
    generic_words = lex["generic_verbs"] if head.pos_ == "VERB" else lex["generic"]
    generic = head.lemma_.lower() in generic_words or head.lower_ in generic_words
    mention = EventMention(tokens, event_type, weak, generic, anaphoric)
    mention.plural = plural
    mention.counted = any(
        (c.dep_ == "nummod" and c.lower_ not in ("one", "1"))
        or (c.dep_ in ("amod", "compound") and c.lower_ in lex["counted_words"])
        for c in head.children
    ) or (head.pos_ == "VERB" and _counts_sites(head, lex["counted_sites"]))
    return mention


def _counts_sites(verb: Token, sites: list[str]) -> bool:
    """'Militants attacked three army posts': a trigger verb on a number of sites tells of as
    many incidents, as "three raids" does ("captured two towns" as well); a number of people
    ("killed three soldiers") does not."""
    return any(
        obj.dep_ == "dobj"
        and obj.lemma_.lower() in sites
        and any(c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in obj.children)
        for obj in verb.children
    )


# prepositions of a time phrase: "before the raid" names another incident than the clause's own
TIME_PREPOSITIONS = frozenset({"before", "after", "since", "until", "following"})


def is_time_preposition(prep: Token) -> bool:
    """'before', 'after' ...; and 'as' in "on the same day as the Chibok raid"."""
    if prep.lower_ in TIME_PREPOSITIONS:
        return True
    before = [t.lower_ for t in prep.doc[max(0, prep.i - 4) : prep.i]]
    return prep.lower_ == "as" and "same" in before


def time_mark(head: Token) -> Token | None:
    """The word by which a trigger times another incident, or None: the preposition of "hours
    before the raid on Solhan" and "on the same day as the Chibok raid"; the "after" of "hours
    after fighters attacked a base in Marte", a clause told only to time the sentence's own
    incident, which says how long before or after (a bare "after they stormed the village" is
    often the same incident, told step by step)."""
    if head.dep_ == "pobj" and is_time_preposition(head.head):
        return head.head
    if head.pos_ != "VERB" or not any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in OFFSET_UNITS for c in head.children
    ):
        return None
    return next(
        (c for c in head.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None
    )


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
    if head.pos_ == "VERB" and _modal(head, kb):
        return True  # "no Kenyan would be abducted"
    if head.pos_ == "VERB" and _habit(head, kb):
        return True  # "ISKP has repeatedly attacked Afghanistan's Shia minority": a record
    if _activity(head, kb) or _habitual_gerund(head, kb):
        return True
    verb = head.head if head.dep_ in ("dobj", "pobj", "nsubjpass") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return False
    if _modal(verb, kb) and not _definite(head):
        # "could carry out an attack", "talks would be held"; but "would back the takeover"
        # speaks of one that happened
        return True
    if verb.lemma_.lower() in kb.triggers["hypothetical_verbs"]:
        return True
    return verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children)


def _activity(noun: Token, kb: Knowledge) -> bool:
    """A bare singular trigger noun after a preposition, or joined to one that is, names a
    kind of act: "funds itself through extortion and kidnapping", "arrested for kidnapping";
    not "blamed the ELN for the kidnapping", nor "wounded by shelling" (an incident)."""
    if noun.pos_ != "NOUN" or noun.tag_ != "NN" or noun.n_lefts or noun.n_rights:
        return False
    current = noun
    while current.dep_ == "conj" and current.head is not current:
        current = current.head
    return (
        current.dep_ == "pobj"
        and current.head.lower_ in kb.triggers["activity_prepositions"]
        and (current is noun or not any(c.dep_ == "det" for c in current.children))
    )


def _habitual_gerund(verb: Token, kb: Knowledge) -> bool:
    """'has since been accused of killing and kidnapping civilians': a gerund with a bare plural
    object, under a verb told as a habit (a perfect, 'since', 'repeatedly'), is a record of
    deeds, not one incident. 'convicted of kidnapping five fishermen' and 'accused of kidnapping
    the village chief' are incidents."""
    if verb.tag_ != "VBG":
        return False
    first = verb.head if verb.dep_ == "conj" else verb
    if first.dep_ != "pcomp" or first.head.dep_ != "prep":
        return False
    objects = [c for g in (first, *first.conjuncts) for c in g.children if c.dep_ == "dobj"]
    if not objects or any(
        o.tag_ != "NNS" or any(c.dep_ in ("det", "nummod", "poss") for c in o.children)
        for o in objects
    ):
        return False
    governor = first.head.head
    habit = set(kb.patterns["responsibility"]["habitual_words"])
    return any(
        (c.dep_ == "aux" and c.lemma_.lower() == "have") or c.lower_ in habit
        for c in governor.children
    )


def _ranked_in(place: Token, anchors: set[int]) -> bool:
    """'killing 21 people, in the deadliest attack in Afghanistan this year': the field a
    superlative ranks the deed in, not its scene."""
    current = place.head
    for _ in range(MAX_HOPS):
        if current.pos_ == "NOUN" and any(
            c.tag_ == "JJS" and c.dep_ == "amod" and c.lower_ != "most" for c in current.children
        ):
            return True
        if current.i in anchors or is_root(current):
            return False
        current = current.head
    return False


def _habit(verb: Token, kb: Knowledge) -> bool:
    """A deed told in the perfect as a habit ('has repeatedly attacked', 'have often
    targeted'): the doer's record, not one incident ('since' alone may date one)."""
    habit = set(kb.patterns["responsibility"]["habitual_words"]) - {"since"}
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children) and any(
        c.dep_ == "advmod" and c.lower_ in habit for c in verb.children
    )


def _definite(noun: Token) -> bool:
    return any(
        (c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS) or c.dep_ == "poss" for c in noun.children
    )


def _modal(verb: Token, kb: Knowledge) -> bool:
    return any(
        c.dep_ == "aux" and c.lower_ in kb.triggers["modal_auxiliaries"] for c in verb.children
    )


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
    mention.appositive = mention.head.dep_ == "appos"
    # "Hours after the ambush, on Wednesday night, F-16s struck hideouts in the Qarachogh
    # mountains": an incident named to time another has only the date and scene its own phrase
    # names; the rest of the sentence is the other incident's
    mark = time_mark(mention.head)
    if mark is not None and mark.dep_ == "mark":
        # a clause times another incident only where the sentence tells one outside it ("a
        # day after a missile struck the station" alone is the news)
        clause = {t.i for t in mention.head.subtree}
        mark = mark if any(o.head.i not in clause for o in others) else None
    mention.times_another = mark is not None
    own_phrase = {t.i for t in mention.head.subtree} if mark is not None else None
    offset = _offset_date(mention, sentence, dates, base_offset, kb)
    if (
        not offset
        and own_phrase is not None
        and mark.dep_ == "prep"
        and mark.lower_ in ("before", "after")
    ):
        # "Hours after the ambush, on Wednesday night, F-16s struck": the date is the strike's
        # ("on Sunday, two days before the clashes in Tonga" dates the clashes by its offset);
        # not "since their talks in Argyle, in December 2023", whose date the parser may hang
        # on the clause, nor a clause ("four days after a roadside bomb tore through a bus")
        dates = [
            d
            for d in dates
            if (head := _date_head(sentence, d, base_offset)) is not None and head.i in own_phrase
        ]
    date_anchors = _anchors(mention, kb, for_place=False)
    mention.date, mention.fallback_date = _dates_for(
        mention, date_anchors, sentence, dates, base_offset, kb, others
    )
    if not (mention.date or mention.fallback_date):
        mention.clocked = _told_by_the_clock(date_anchors, sentence, kb)
        mention.overnight = any(
            c.dep_ in ("advmod", "amod") and c.lower_ in kb.triggers["night_adverbs"]
            for i in date_anchors
            for c in sentence.doc[i].children
        )
    if mark is not None and _hours_apart(mention.head, mark):
        # "hours after gunmen shot two volunteers" in news of Thursday morning: maybe Wednesday
        mention.day_slack = -1 if mark.lower_ == "after" else 1
    place_anchors = _anchors(mention, kb, for_place=True)
    other_heads = {
        o.head.i for o in others if o is not mention and not _scene_of(o.head, place_anchors, kb)
    } - place_anchors
    modifiers: list[str] = []  # "a US drone strike": a country naming whose strike it was
    court = _court_words(mention, kb)
    if court is not None:  # "An Athens court", "a court in Paris": where the ruling was made
        keys = (discourse.key_at(sentence.doc[i]) for i in sorted(court))
        mention.places.extend(
            dict.fromkeys(k for k in keys if k and discourse.types.get(k) == "Place")
        )
        return
    own_words = {t.i for t in mention.tokens}  # "Operation Arrows of the East" is no place
    for token in sentence:
        key = discourse.key_at(token)
        if (
            key
            and token.i not in own_words
            and discourse.types.get(key) == "Place"
            and (own_phrase is None or token.i in own_phrase)
            and not _ranked_in(token, place_anchors)
            and _attached(token, place_anchors, kb)
            and _locative_path(token, place_anchors, kb)
            and not _through_other_trigger(token, place_anchors, other_heads)
            and _scene_not_answered(token, place_anchors, kb)
            and not _across_a_semicolon(mention.head, token)
        ):
            if (
                token.head.i in place_anchors
                and token.dep_ in ("compound", "amod", "nmod")
                and kb.kind_of(key) == "country"
            ):
                modifiers.append(key)
            elif key not in mention.places:
                mention.places.append(key)
    scene = _scene_named(mention.head, discourse, kb)
    if scene and scene not in mention.places:
        mention.places.append(scene)  # "Barsalogho was the scene of a massacre in 2024"
    if not mention.places and not names_its_doer(mention.head.lemma_, mention.event_type, kb):
        # no scene named by a preposition: the modifier is the scene ("the Mali attack"), not
        # the doer of a strike ("a US air strike destroyed the hospital in the city")
        mention.places.extend(dict.fromkeys(modifiers))


def _scene_named(head: Token, discourse: Discourse, kb: Knowledge) -> str:
    """'Barsalogho was the scene of one of the deadliest massacres', 'the town was the site of
    an attack': the place the sentence says the incident happened in, its subject."""
    scenes = kb.triggers["scene_nouns"]
    current = head
    if current.dep_ == "pobj" and current.head.lower_ == "of" and current.head.head.lower_ == "one":
        current = current.head.head  # "one of the deadliest massacres"
    prep = current.head
    noun = prep.head
    if (
        head.pos_ == "VERB"
        and head.dep_ in ("advcl", "relcl")
        and any(c.lower_ == "when" for c in head.children)
    ):
        # "Barsalogho was the scene of a massacre in August 2024, when fighters killed ...":
        # the parser hangs the clause on the verb or on the date
        verb = head.head
        if verb.dep_ == "pobj" and verb.head.dep_ == "prep":
            verb = verb.head.head
        if verb.lemma_ != "be" or not any(
            c.dep_ == "attr" and c.lemma_.lower() in scenes for c in verb.children
        ):
            return ""
    elif (
        current.dep_ == "pobj"
        and prep.lower_ == "of"
        and noun.lemma_.lower() in scenes
        and noun.dep_ == "attr"
        and noun.head.lemma_ == "be"
    ):
        verb = noun.head
    else:
        return ""
    for subject in verb.children:
        key = discourse.key_at(subject) if subject.dep_ == "nsubj" else None
        if key and discourse.types.get(key) == "Place":
            return key
    return ""


def names_its_doer(lemma: str, event_type: str, kb: Knowledge) -> bool:
    """Whether a country modifying or taking part in an incident of this word is who struck,
    not where: 'a US air strike', 'the Russia invasion'; never a walkout ('a Kenya strike')."""
    return event_type != "protest" and lemma.lower() in kb.triggers["doer_modifier_lemmas"]


def verb_noun(mention: EventMention, kb: Knowledge) -> str:
    """The noun a verb trigger's event is named by ("convicted": "verdict", "torched":
    "arson"), "" if none."""
    names = kb.triggers["verb_nouns"]
    return names.get(mention.phrase) or names.get(mention.head.lemma_.lower(), "")


def is_ruling(mention: EventMention, kb: Knowledge) -> bool:
    """A court's ruling told by its verb: "convicted", "sentenced", "found guilty"."""
    return verb_noun(mention, kb) == "verdict"


def _court_words(mention: EventMention, kb: Knowledge) -> set[int] | None:
    """For a ruling ("An Athens court on Wednesday convicted ..."), the words of whoever ruled
    (its subject, or the agent of a passive): a ruling happens where the court sits, and the
    other places of the sentence are the deed's. None for any other mention."""
    if not is_ruling(mention, kb):
        return None
    verb = mention.head if mention.head.pos_ == "VERB" else mention.head.head  # "found guilty"
    return {t.i for ruler in shared_dependents(verb, ("nsubj", "agent")) for t in ruler.subtree}


def _anchors(mention: EventMention, kb: Knowledge, for_place: bool) -> set[int]:
    """The trigger's tokens, plus the verb governing it when that verb's modifiers describe
    the event.

    Dates may hang on any governing verb but a reporting one ("the attack came on Monday");
    places only on light verbs ("the attack took place in ..."), so that "the raid revived
    memories of Chibok" does not put the raid in Chibok.
    """
    anchors = {t.i for t in mention.tokens}
    head = mention.head
    if not for_place and head.pos_ == "VERB":
        # "soldiers seized the broadcaster and detained the prime minister before dawn on
        # Monday": a date after the last of two coordinated deeds dates them both; not "three
        # were killed in the barrage, and a fourth died on Wednesday", whose second clause,
        # with a subject of its own, tells a later death
        anchors |= {c.i for c in _subjectless_conjuncts(head)}
    if for_place:
        anchors |= _fronted_for_conjuncts(mention) | _placed_by_a_conjunct(mention, kb)
    light = set(kb.triggers["light_verbs"]) - {"be"}
    verb = None
    head = through_round(head, kb)
    anchors.add(head.i)
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


def _subjectless_conjuncts(verb: Token) -> list[Token]:
    """The verbs joined to this one by 'and' that have no subject of their own: deeds of the
    same doers ("killed four soldiers and wounded seven others")."""
    return [
        c
        for c in verb.children
        if c.dep_ == "conj"
        and c.pos_ == "VERB"
        and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
    ]


def _placed_by_a_conjunct(mention: EventMention, kb: Knowledge) -> set[int]:
    """'A roadside bomb killed four soldiers and wounded seven others near Menaka': a place on
    the last of two deeds with one subject is the first's too, when the first names none of
    its own; not 'killed three in Tamou and abducted ten in Kiki'."""
    head = mention.head
    if head.pos_ != "VERB":
        return set()
    casualty = kb.triggers["casualty_verbs"]
    conjuncts = [c for c in _subjectless_conjuncts(head) if c.lemma_.lower() in casualty]
    theirs = {t.i for c in conjuncts for t in c.subtree}
    preps = set(kb.cues["location_preps"])
    if any(t.dep_ == "prep" and t.lower_ in preps for t in head.subtree if t.i not in theirs):
        return set()  # the first deed names a place of its own ("killed three in Tamou")
    return {c.i for c in conjuncts}


def _fronted_for_conjuncts(mention: EventMention) -> set[int]:
    """'Last month in Niger, the guard detained President Bazoum and seized power': a place
    fronted before the first of two deeds with one subject is the second's too; not 'killed
    three in Tamou and abducted ten in Kiki', where the first deed names its own."""
    found = set()
    for token in mention.tokens:
        first = token.head
        if (
            token.pos_ == "VERB"
            and token.dep_ == "conj"
            and first.pos_ == "VERB"
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
            and not any(c.dep_ == "prep" and c.i > first.i for c in first.children)
        ):
            found.add(first.i)
    return found


def through_round(head: Token, kb: Knowledge) -> Token:
    """'sat down for a new round of talks': the noun a trigger is a round of stands in its
    place in the clause, so the clause's verb dates and places the talks and its subjects are
    their sides."""
    if (
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.lemma_.lower() in kb.triggers["round_nouns"]
    ):
        return head.head.head
    return head


def _attached(token: Token, anchors: set[int], kb: Knowledge) -> bool:
    current = token
    origin = False  # the path came through "from"
    for _ in range(MAX_HOPS + 4):
        if current.i in anchors:
            return True
        if is_root(current):
            return False
        origin = origin or (current.dep_ == "prep" and current.lower_ == "from")
        if _accused_slot(current, kb):
            return False  # "blamed the attack on Turkey": the accused, not the scene
        if current.pos_ in ("VERB", "AUX") and not same(current, token):
            if current.dep_ == "relcl" and origin and _on_the_doer(current.head, anchors):
                # "carried out by terrorists who had infiltrated from across the Line of
                # Control": where the doers came from, not the scene
                return False
            if current.dep_ == "relcl" and _describes_a_person(current, kb):
                # "killing Hassan Sweidan, whom it described as a commander responsible for
                # rocket launches towards northern Israel": a clause about a person tells of
                # that person, never where or when the deed was
                return False
            if current.dep_ == "relcl" and _present(current):
                # "stormed the Bolan Mail, which runs between Karachi and Quetta", "the hallmarks
                # of groups that have operated in the forests of Poonch": a relative clause in
                # the present or the present perfect tells what the thing is or has long done,
                # not where or when the deed was
                return False
            if (
                current.dep_ == "relcl"
                and current.head.i not in anchors
                and current.lemma_.lower() in kb.triggers["verbs"]
            ):
                # "ousting Damiba, who had overthrown Kaboré in January": a clause on the
                # target that tells a deed of its own has its own time and place
                return False
            if (
                current.dep_ in ("relcl", "acl")
                and _in_trigger_phrase(current.head, anchors, kb)
                and not _statement(current.head, kb)
            ):
                # "an attack on Easter 2016 that killed 75 people at a park", "the bombing of a
                # bus that was carrying soldiers on Friday"; never the clause of another word
                # ("Nazarov, who had lived in France since 2017, was found guilty")
                current = current.head
                continue
            if current.dep_ == "ccomp" and current.tag_ == "VBG" and current.head.i in anchors:
                # "Gunmen killed 14 farmers harvesting beans near Ngoshe on Sunday", the
                # participle misparsed as a clause: what the victims were doing, where and when
                return True
            return (
                current.head.i in anchors and current.dep_ == "advcl" and _tells_the_moment(current)
            )
        current = current.head
    return False


def _describes_a_person(clause: Token, kb: Knowledge) -> bool:
    """'Hassan Sweidan, whom it described as a commander responsible for rocket launches
    towards northern Israel', 'an AQAP commander whom CENTCOM called its head of operations in
    Abyan': what someone said of a person; not 'an officer who was coaching a team in Strabane
    on Thursday', the moment of the deed."""
    noun = clause.head
    roles = indexed(kb.roles["person_roles"], frozenset)
    person = noun.ent_type_ == "PERSON" or (
        noun.pos_ == "NOUN" and noun.tag_ == "NN" and noun.lemma_.lower() in roles
    )
    lemma = clause.lemma_.lower()
    return person and (
        lemma in kb.triggers["reporting_verbs"]
        or lemma in kb.triggers["description_verbs"]
        or lemma in kb.patterns["responsibility"]["holding_verbs"]
    )


def _present(verb: Token) -> bool:
    """'runs', 'have operated', 'has been based': the verb or its first auxiliary is in the
    present tense."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    return (auxiliaries[0] if auxiliaries else verb).tag_ in ("VBZ", "VBP")


def _statement(noun: Token, kb: Knowledge) -> bool:
    """'claimed responsibility for the raid in a statement published by Amaq on Friday': what
    a statement's clause dates is the statement, though the parser hangs it on the raid."""
    return noun.lemma_.lower() in kb.statement_nouns()


def _tells_the_moment(clause: Token) -> bool:
    """'killed when the bus hit a mine near X', 'shot dead two brothers as they drove through
    the town of Huwara': a clause telling the moment of the deed names its scene; 'a trial opens
    over the massacre as soldiers are buried in Pichari' tells another happening."""
    marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod")}
    if "when" in marks:
        return True
    return "as" in marks and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.tag_ == "PRP" for c in clause.children
    )


def _relative_clause_before(date: Token) -> Token | None:
    """'Students who were abducted from a school near Bamenda late on Thursday were freed on
    Monday': a date the parser hangs on the main verb while it stands right after the relative
    clause of that verb's subject, before the verb, with the verb dated again after it, is the
    relative clause's; returns that clause's verb."""
    verb = date.head
    for _ in range(3):  # "Thursday" <- "on" <- "late" <- "freed"
        if verb.pos_ in ("VERB", "AUX") or is_root(verb):
            break
        verb = verb.head
    if verb.pos_ != "VERB" or date.i > verb.i:
        return None
    if not any(c.dep_ == "prep" and c.i > verb.i and _names_a_day(c) for c in verb.children):
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    clauses = [
        r for s in subjects for g in (s, *s.conjuncts) for r in g.children if r.dep_ == "relcl"
    ]
    phrase = _phrase_start(date, verb)
    for clause in clauses:
        between = range(clause.right_edge.i + 1, phrase)
        if all(date.doc[i].is_punct for i in between):
            return clause
    return None


def _phrase_start(date: Token, verb: Token) -> int:
    """The first word of the time phrase a date heads, below ``verb`` ("late on Thursday")."""
    current = date
    while current.head.i != verb.i and current.head.i != current.i:
        current = current.head
    return current.left_edge.i


def _names_a_day(prep: Token) -> bool:
    """'on Monday': a preposition whose object is a day's name."""
    return any(c.dep_ == "pobj" and c.lower_ in WEEKDAYS for c in prep.children)


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
    # "the talks broke down on Monday" is their end's date; "fighting broke out on Thursday",
    # the verb inside the trigger phrase, is the fighting's
    own = {t.i for t in mention.tokens}
    blocked = {i for i in anchors - own if sentence.doc[i].lemma_.lower() in end_verbs}
    anchors = anchors - blocked
    candidates, judged, ended, reported = [], [], [], []
    agreements = lex["agreement_types"]
    offset_date = _offset_date(mention, sentence, dates, base_offset, kb)
    if offset_date:
        return offset_date, ""
    when_date = _when_clause_date(mention, sentence, dates, base_offset)
    if when_date:
        return when_date, ""
    for match in dates:
        token = _date_head(sentence, match, base_offset)
        if token is None or _bounds_only(mention, sentence, match, base_offset, kb):
            continue
        if _dates_a_toll(token):
            _bound_by_toll(mention, _date_verb(token), match)
            continue
        if _opens_a_span(sentence, match, base_offset):
            # "between November 2 and 17": a stretch, dated no closer than its month
            match = replace(match, value=match.value[:7])
        relative = _relative_clause_before(token)
        if relative is not None and relative.i not in anchors:
            continue  # another verb's date, though the parser hung it on this one (below)
        cause = _answered_deed(token, anchors, kb)
        if cause is not None:
            # "in retaliation for an Army operation on December 2": the operation's date, which
            # the parser may hang on "retaliation"
            if not _holds(cause, anchors):
                continue
            mention.date_hops = _hops(token, anchors)
            mention.date_follows = token.i > mention.head.i
            return match.value, ""
        if (
            _attached(token, anchors, kb) or (relative is not None and relative.i in anchors)
        ) and not _in_other_phrase(token, mention, others):
            mention.date_hops = _hops(token, anchors)
            mention.date_follows = token.i > mention.head.i
            head = mention.head
            mention.date_inside = head.left_edge.i <= token.i <= head.right_edge.i
            mention.date_within = match.within
            return match.value, ""
        governor = _governing_verb(token)
        if governor is not None and governor.i not in anchors and updates_toll(governor):
            # "...had been killed; on Saturday it raised the toll to 11": the update's
            _bound_by_toll(mention, governor, match)
            continue
        if _judged(mention, governor, kb):
            judged.append(match.value)
            continue
        if (
            governor is not None
            and governor.lemma_.lower() in lex["reporting_verbs"]
            and _postposed_report(governor, token, mention)
        ):
            return match.value, ""  # "gunmen killed five soldiers on Monday, officials said"
        if governor is not None and _claimed_news(governor, token, mention, kb, match.value):
            return match.value, ""  # "IS also claimed a roadside bomb in Diban in August"
        if governor is not None and governor.i in blocked and mention.event_type in agreements:
            ended.append(match.value)  # "talks in Istanbul ended last month": all that dates them
            continue
        if governor is not None and governor.lemma_.lower() in lex["reporting_verbs"]:
            if _reports_the_deed(governor, token, mention):
                reported.append(match.value[:7])
            if relative is None and _hops(token, {governor.i}) <= 2:
                mention.statement_date = mention.statement_date or match.value
            continue
        if governor is not None and governor.i in blocked:
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
            if governor is not None and _what_set_it_off(mention, governor, kb):
                # "fighting erupted on Saturday after a gunman shot dead a commander": the deed
                # that set it off was that day, unless its own clause says otherwise
                candidates.append((abs(token.i - mention.head.i), match.value))
            continue
        if not _same_clause(governor, _governing_verb(mention.head)):
            continue
        if _dated_apart(mention, token, sentence, dates, base_offset):
            continue
        if (
            governor is not None
            and governor.dep_ in ("acl", "relcl")
            and not _in_trigger_phrase(governor.head, anchors, kb)
        ):
            continue  # "The New IRA, formed in 2012, opposes the peace process": the IRA's date
        candidates.append((abs(token.i - mention.head.i), match.value))
    if len(judged) >= 2:
        # "convicted on Tuesday over a car bomb ... in 2001": the deed is older than the ruling
        return "", min(judged)
    if candidates:
        return "", min(candidates)[1]
    return "", (ended[0] if ended else reported[0] if reported else "")


def _named_operations(sentence: Span, kb: Knowledge) -> list[EventMention]:
    """'launched Operation Shujaa in November 2021': an operation's name that something launched
    or began is the operation; not 'the spokesman of Operation Hadin Kai', a standing command
    called by such a name."""
    found = []
    for token in sentence:
        name = token.head
        if name.dep_ == "poss" and name.head.text[:1].isupper() and name.head.i > name.i:
            name = name.head  # "Operation Martyr's Right": the name goes on past the "'s"
        if not (
            token.text == "Operation"
            and token.dep_ == "compound"
            and (name.pos_ == "PROPN" or name is not token.head)
            and name.i > token.i
            and name.dep_ in ("dobj", "nsubjpass")
            and name.head.lemma_.lower() in kb.triggers["light_verbs"]
        ):
            continue
        end = _name_through_of(sentence, name.i + 1)
        tokens = list(sentence.doc[token.i : end])
        mention = EventMention(tokens, "military_operation", False, False, False)
        mention.phrase = sentence.doc[token.i : end].text  # a name: as written
        mention.head_token = name  # the clause it stands in, not the 'of' phrase's last word
        found.append(mention)
    return found


def _name_through_of(sentence: Span, end: int) -> int:
    """Where a name goes on to through 'of' or 'of the' and a capitalised word ('Operation
    Arrows' + 'of the East')."""
    doc = sentence.doc
    while end + 1 < sentence.end and doc[end].lower_ == "of":
        word = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        if word >= sentence.end or not doc[word].text[:1].isupper():
            break
        end = word + 1
    return end


def _gerund_as_noun(token: Token, kb: Knowledge) -> bool:
    """A gerund the parser tagged as a verb where a noun stands: the subject of a casualty verb,
    with nothing of a verb's own ('Fighting near Goris killed five soldiers'); not 'fighting
    the army killed ...', nor a running total ('Fighting has killed 80 people this year'), nor
    fighting that erupts or spreads, which the clashes it is told with already name."""
    between = any(c.dep_ == "prep" and c.lower_ == "between" for c in token.children)
    return (
        token.tag_ == "VBG"
        and token.dep_ in ("nsubj", "nsubjpass")
        # "Fighting between the army and the RSF continued in Khartoum": its sides name it
        and (token.head.lemma_.lower() in kb.triggers["casualty_verbs"] or between)
        and not any(c.dep_ in ("dobj", "nsubj", "aux", "auxpass") for c in token.children)
        and not perfect(token.head)
    )


def _what_set_it_off(mention: EventMention, verb: Token, kb: Knowledge) -> bool:
    """Whether the mention is told in an 'after' clause of ``verb``; not 'three months after',
    whose deed was months before."""
    current = mention.head
    for _ in range(MAX_HOPS):
        if is_root(current):
            return False
        if current.dep_ == "advcl" and current.head.i == verb.i:
            marks = [c for c in current.children if c.dep_ == "mark" and c.lower_ == "after"]
            spans = [
                g
                for t in [current, *marks]
                for g in t.children
                if g.dep_ == "npadvmod" and g.lemma_.lower() not in kb.triggers["same_day_spans"]
            ]
            return bool(marks) and not spans
        current = current.head
    return False


def _bound_by_toll(mention: EventMention, verb: Token, match: DateMatch) -> None:
    """'The death toll from a car bombing in Tal Tamr rose to seven on Sunday': the day is the
    update's, and the bombing, which the toll names, happened by then; 'as security forces
    pressed on with a manhunt' in that sentence is bounded by nothing."""
    tolls = [c for c in verb.children if c.dep_ in ("nsubj", "dobj") and is_toll_noun(c)]
    if any(t.left_edge.i <= mention.head.i <= t.right_edge.i for t in tolls):
        mention.toll_month = mention.toll_month or match.value[:7]


def _dates_a_toll(token: Token) -> bool:
    """ "The death toll from a car bombing in Tal Tamr rose to seven on Sunday, a day after the
    explosion": the day the toll rose, never the bombing's."""
    return is_toll_rise(_date_verb(token))


def _date_verb(token: Token) -> Token:
    """The word a date phrase hangs on: "rose ... on Sunday" through its preposition."""
    return token.head.head if token.dep_ == "pobj" else token.head


_NOUN_PHRASE_DEPS = frozenset(
    {
        "pobj",
        "prep",
        "compound",
        "nmod",
        "appos",
        "amod",
        "poss",
        "agent",
        "acl",
        "relcl",
        "dobj",
        "advmod",
    }
)


def _in_trigger_phrase(noun: Token, anchors: set[int], kb: Knowledge) -> bool:
    """Whether a noun is the trigger or hangs on it through prepositions, modifiers and objects
    ("the bombing of a bus", "tore through a house", "drove a car packed with explosives"),
    never as a verb's subject, nor as the accused of "blamed the attack on X", which the parser
    hangs on the attack."""
    current = noun
    for _ in range(MAX_HOPS):
        if current.i in anchors:
            return True
        if current.dep_ not in _NOUN_PHRASE_DEPS or is_root(current) or _accused_slot(current, kb):
            return False
        current = current.head
    return False


def _accused_slot(prep: Token, kb: Knowledge) -> bool:
    """'blamed the attack on Turkey', 'linked the bombing to the Brotherhood': the parser hangs
    the accused on the incident noun, but it is neither the incident's scene nor its date."""
    if prep.dep_ != "prep" or prep.head.dep_ != "dobj":
        return False
    verbs = indexed(kb.patterns, _accusing_preps).get(prep.lower_, frozenset())
    return prep.head.head.lemma_.lower() in verbs


def _accusing_preps(patterns: dict) -> dict[str, frozenset[str]]:
    """Preposition -> the blame verbs whose object is the incident and whose phrase with that
    preposition is the accused ("on": blame, pin; "to": attribute, link), from the frames."""
    found: dict[str, set[str]] = {}
    for frame in patterns["verb_frames"]:
        if frame.get("kind") == "blame" and frame.get("event") == "theme":
            found.setdefault(frame["accused"], set()).update(frame["lemmas"])
    return {prep: frozenset(lemmas) for prep, lemmas in found.items()}


def share_clause_date(mentions: list[EventMention], kb: Knowledge) -> None:
    """A killing told in a relative clause of a dated trigger noun ("the October 2002 Bali
    bombings, when militants killed 202 people in Kuta") is that incident: it takes the noun's
    date, so it never joins the incident in focus. Only within one family: the trial "opened on
    Monday, two years after eight farmers were shot dead" is not the killing's date."""
    for mention in mentions:
        head = mention.head
        if head.pos_ != "VERB" or head.dep_ not in ("relcl", "acl") or mention.date:
            continue
        owner = next((o for o in mentions if o is not mention and o.head.i == head.head.i), None)
        if (
            owner is not None
            and owner.date
            and kb.family(owner.event_type) == kb.family(mention.event_type)
        ):
            mention.date = owner.date


def _in_other_phrase(token: Token, mention: EventMention, others: list[EventMention]) -> bool:
    """Whether a date sits inside another trigger noun's phrase that does not hold this
    mention: "Trial opens over 2023 VRAEM massacre" dates the massacre, not the trial."""
    head = mention.head
    for other in others:
        noun = other.head
        if other is mention or noun.pos_ == "VERB":
            continue
        if noun.left_edge.i <= token.i <= noun.right_edge.i and not (
            noun.left_edge.i <= head.i <= noun.right_edge.i
        ):
            return True
    return False


def _judged(mention: EventMention, verb: Token | None, kb: Knowledge) -> bool:
    """Whether the mention is the deed a judicial verb rules on ("convicted over a car bomb",
    "sentenced for the killing"), the verb bearing the date: its dates are the ruling's, and
    the deed only takes one of them when it is older."""
    judicial = kb.triggers["judicial_verbs"]
    if verb is None or verb.lemma_.lower() not in judicial or is_ruling(mention, kb):
        return False  # a ruling ("and sentenced each of them") is dated as its own
    head = mention.head
    return head.i != verb.i and verb.left_edge.i <= head.i <= verb.right_edge.i


_BOUNDS = frozenset({"since", "until", "till"})


def _opens_a_span(sentence: Span, match: DateMatch, base_offset: int) -> bool:
    """'between November 2 and 17': the first end of a stretch of days."""
    first = _first_token(sentence, match, base_offset)
    return first is not None and first.i > sentence.start and first.nbor(-1).lower_ == "between"


def _first_token(sentence: Span, match: DateMatch, base_offset: int) -> Token | None:
    """The first word of a date expression ("June" of "since June")."""
    start = base_offset + match.start
    return next((t for t in sentence if t.idx >= start), None)


def _bounds_only(
    mention: EventMention, sentence: Span, match: DateMatch, base_offset: int, kb: Knowledge
) -> bool:
    """A date that bounds a stretch rather than dating the incident: "until June" never does;
    "since June" gives when a war or a truce began, but "the largest protest since June" and
    "the first attack since 2019" compare, and a one-off attack is never dated by it."""
    first = _first_token(sentence, match, base_offset)
    if first is None:
        return False
    word = first.lower_
    if word not in _BOUNDS and first.i > sentence.start:
        word = first.doc[first.i - 1].lower_  # the preposition before "June"
    if word not in _BOUNDS:
        return False
    if word != "since":
        return True
    verb = _clause_verb(mention)
    while verb is not None and verb.dep_ == "conj":
        verb = verb.head  # "... when fighters overran two positions and killed 54 soldiers"
    if (
        verb is not None
        and verb.dep_ == "relcl"
        and first.i <= verb.head.i < first.i + 3
        and any(c.lower_ == "when" for c in verb.children)
    ):
        return False  # "the deadliest since April, when fighters overran two posts": April's
    compared = any(
        c.tag_ == "JJS" or c.lower_ in ("first", "last", "latest") for c in mention.head.children
    )
    return compared or mention.event_type in kb.triggers["violent_types"]


def _claimed_news(
    verb: Token, date: Token, mention: EventMention, kb: Knowledge, value: str
) -> bool:
    """True when a claim verb's date, after its object, dates that object: an incident the
    claim itself introduces ("claimed a roadside bomb in Diban in August", "claimed
    responsibility for an attack on a convoy near Diabaly on Sunday") was news when it was
    claimed. A definite one ("claimed the attack on Wednesday") was told before, and the date
    is the claim's; unless the claim adds another ("IS also claimed the truck bombing of a
    police centre in Zliten on January 7, 2016"). A year or a month fronted before the claim
    ("In 2019, the group claimed a bombing in Ziguinchor") frames both; a day there may be the
    claim's day only. So does one fronted before blame or a denial ("Last month, police blamed IS
    for the killing of Abdirizak Dirir"): the deed cannot be later than what was said of it."""
    after_object = date.i > mention.head.i
    fronted = date.i < verb.i and len(value) <= 7
    lemma = verb.lemma_.lower()
    claims = lemma in kb.triggers["claim_verbs"]
    attribution = lemma in kb.triggers["attribution_verbs"]
    victims_named = _names_its_victim(mention.head) or _of_counted_people(mention.head)
    # "blamed the group for a rocket attack on the K-1 base in December 2019": a month or a year
    # after an incident blame introduces is the incident's (the day of the blame is never told
    # so loosely)
    older_news = attribution and len(value) <= 7 and _indefinite(mention.head)
    if not (
        (claims or attribution)
        and _claimed_object(verb, mention.head, kb)
        and (fronted or (after_object and (claims or victims_named or older_news)))
    ):
        return False
    if any(c.dep_ == "advmod" and c.lower_ == "also" for c in verb.children):
        return True
    if victims_named:
        # "Last month, police blamed IS for the killing of Abdirizak Dirir", "blamed the CRPF
        # for the killing of ten Kuki men at Borobekra on July 3"
        return True
    return not mention.anaphoric and not any(
        c.dep_ == "det" and c.lower_ == "the" for c in mention.head.children
    )


def _indefinite(head: Token) -> bool:
    """'a rocket attack': a trigger with an indefinite article."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)


def _names_its_victim(head: Token) -> bool:
    """'the killing of Abdirizak Dirir': a definite trigger whose 'of' phrase names someone
    introduces the incident rather than pointing back to one told."""
    return any(
        prep.lower_ == "of" and any(o.dep_ == "pobj" and o.pos_ == "PROPN" for o in prep.children)
        for prep in head.children
        if prep.dep_ == "prep"
    )


def _claimed_object(verb: Token, head: Token, kb: Knowledge) -> bool:
    """'claimed a roadside bomb', 'claimed responsibility for an attack on a convoy'."""
    if head.dep_ == "dobj":
        return head.head.i == verb.i
    if head.dep_ != "pobj" or head.head.lower_ != "for":
        return False
    holder = head.head.head
    return holder.i == verb.i or (
        holder.lower_ in kb.triggers["claim_objects"] and holder.head.i == verb.i
    )


def _postposed_report(verb: Token, date: Token, mention: EventMention) -> bool:
    """True when the parser hung the event's date on a reporting clause that follows the event
    ("X happened on Monday, officials said"): the reporter's subject comes after the date, and
    the mention sits in the reported clause, before the date."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or any(s.i < date.i for s in subjects) or mention.head.i > date.i:
        return False
    reported = [c for c in verb.children if c.dep_ == "ccomp"]
    return any(mention.head.i in {t.i for t in clause.subtree} for clause in reported)


def _reports_the_deed(verb: Token, date: Token, mention: EventMention) -> bool:
    """'In late July, the group said it had ambushed a patrol': a deed with no date of its own,
    told in the clause a dated report carries, happened about then. Only the month is taken
    from the report's date (the deed may be a day or two older than the words about it)."""
    head = mention.head
    if date.i > verb.i or head.pos_ != "VERB" or head.dep_ != "ccomp" or head.head.i != verb.i:
        return False
    # a doer told doing it; not a count ("said 41 people had been killed"), which is a toll of
    # an incident already in view, nor a denial ("have never attacked a village")
    kids = list(head.children)
    return any(c.dep_ == "nsubj" for c in kids) and not any(c.dep_ == "neg" for c in kids)


def _hops(token: Token, anchors: set[int]) -> int:
    current, hops = token, 0
    while current.i not in anchors and not is_root(current) and hops < MAX_HOPS + 2:
        current, hops = current.head, hops + 1
    return hops


OFFSET_UNITS = {
    "day": 1,
    "hour": 0,
    "minute": 0,
    "moment": 0,
}  # days per unit; a week is too loose to date


def _offset_date(
    mention: EventMention, sentence: Span, dates: list[DateMatch], base_offset: int, kb: Knowledge
) -> str:
    """'the dead were counted on Saturday, a day after a missile struck the station': the strike
    is dated a day before the clause it hangs on. Only a full date moves, by whole days ("hours
    after" keeps the day); the event in "two days after the bombing" is the bombing."""
    head = mention.head
    offset = clause_offset(head)
    if offset is None:
        return ""
    days, anchor = offset
    for match in dates:
        token = _date_head(sentence, match, base_offset)
        if token is not None and head.left_edge.i <= token.i <= head.right_edge.i:
            return ""  # "six days after an ambush near Ténenkou on 27 February": its own date
        if token is None or len(match.value) != 10 or not _attached(token, {anchor.i}, kb):
            continue
        return shift_iso(match.value, days)
    return ""


def _hours_apart(head: Token, mark: Token) -> bool:
    """'hours after gunmen shot ...', 'hours before the raid': a time phrase in hours or
    minutes, which may cross midnight."""
    if mark.lower_ not in ("after", "before"):
        return False
    holders = (head, mark, mark.head) if mark.dep_ == "prep" else (head, mark)
    return any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in ("hour", "minute")
        for holder in holders
        for c in holder.children
    ) or (mark.dep_ == "prep" and mark.head.lemma_.lower() in ("hour", "minute"))


def clause_offset(head: Token) -> tuple[int, Token] | None:
    """'..., a day after a missile struck the station': the days from the clause a trigger's
    phrase hangs on to the trigger (-1 here), and that clause's verb."""
    if head.pos_ == "VERB" and head.dep_ == "advcl":
        link = next((c for c in head.children if c.lower_ in ("after", "before")), None)
        holder, anchor = head, head.head
    elif head.dep_ == "pobj" and head.head.lower_ in ("after", "before"):
        link = holder = head.head
        anchor = link.head
    else:
        return None
    if link is None:
        return None
    # "a day after a missile struck" hangs "day" on the verb or on "after"
    unit = next(
        (
            c
            for c in [*holder.children, *link.children]
            if c.dep_ == "npadvmod" and c.lemma_.lower() in OFFSET_UNITS
        ),
        None,
    )
    count = _count_of(unit) if unit is not None else None
    if count is None:
        return None
    shift = count * OFFSET_UNITS[unit.lemma_.lower()]
    return (-shift if link.lower_ == "after" else shift), anchor


def reference_shift(mention: EventMention) -> int | None:
    """Days from the incident a time phrase names to the clause's own: "on the same day as the
    raid", "hours before the raid" 0; "the day after the attack" 1; "two days before the
    bombing" -2. None where the phrase says less ("weeks after the attack", "since the coup")."""
    prep = time_mark(mention.head)
    if prep is None:
        return None
    if prep.lower_ == "as":
        return 0
    if prep.lower_ not in ("after", "before"):
        return None
    clause = prep.dep_ == "mark"  # "hours after fighters attacked": the units hang on the verb
    units = [c for c in (mention.head if clause else prep).children if c.dep_ == "npadvmod"]
    if not units and prep.dep_ == "prep" and prep.head.lemma_.lower() in OFFSET_UNITS:
        units = [prep.head]  # "the day after the attack": the preposition hangs on "day"
    if len(units) != 1 or units[0].lemma_.lower() not in OFFSET_UNITS:
        return None
    days = OFFSET_UNITS[units[0].lemma_.lower()]
    if days == 0:
        return 0
    count = _count_of(units[0])
    if count is None:
        return None
    return count * days if prep.lower_ == "after" else -count * days


def _count_of(unit: Token) -> int | None:
    """How many units a duration names: "a day" 1, "the day" 1, "two days" 2, "3 days" 3."""
    for child in unit.children:
        word = child.lower_
        if child.dep_ == "det" and (
            word in ("a", "an") or (word == "the" and unit.tag_ in ("NN", "NNP"))
        ):
            return 1
        if child.dep_ == "nummod":
            if word.isdecimal():
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


def _dated_apart(
    mention: EventMention, date: Token, sentence: Span, dates: list[DateMatch], base_offset: int
) -> bool:
    """'Traoré, who seized power in a coup in September 2022, vowed revenge on Monday': a
    relative clause that dates itself is never dated by the clause it hangs in."""
    verb = _clause_verb(mention)
    if verb is None or verb.dep_ != "relcl":
        return False
    inside = range(verb.left_edge.i, verb.right_edge.i + 1)
    if date.i in inside:
        return False
    heads = (_date_head(sentence, m, base_offset) for m in dates)
    return any(h is not None and h.i in inside for h in heads)


def _clause_verb(mention: EventMention) -> Token | None:
    """The verb of the clause a mention is told in: a verb trigger itself, else its governor."""
    head = mention.head
    return head if head.pos_ == "VERB" else _governing_verb(head)


def _verb_ancestors(token: Token, limit: int) -> list[Token]:
    return [a for a in token.ancestors if a.pos_ in ("VERB", "AUX")][:limit]


def _scene_of(trigger: Token, anchors: set[int], kb: Knowledge) -> bool:
    """'twin suicide bombings at a peace rally in Ankara': another trigger that is this one's
    scene (the object of a locative preposition on it) shares its places."""
    return (
        trigger.dep_ == "pobj"
        and trigger.head.lower_ in kb.cues["location_preps"]
        and trigger.head.head.i in anchors
    )


def _through_other_trigger(token: Token, anchors: set[int], other_heads: set[int]) -> bool:
    """'the talks in Jeddah opened under the shadow of a raid on the village of Tayba': a place
    in another trigger's phrase is that incident's scene, not this one's."""
    current = token.head
    for _ in range(MAX_HOPS + 2):
        if current.i in anchors or is_root(current):
            return False
        if current.i in other_heads:
            return True
        current = current.head
    return False


_CLOCK_TIME = re.compile(r"^\d{1,2}(?:[.:]\d\d)?(?:am|pm)$", re.I)  # "4.30am", "10pm"


def _told_by_the_clock(anchors: set[int], sentence: Span, kb: Knowledge) -> bool:
    """'Gunmen attacked the home of X before dawn', 'heavy gunfire since about 4.30am': an hour
    hung on the trigger or its verb (a time-of-day noun, or a clock time)."""
    nouns = set(kb.triggers["clock_nouns"])
    doc = sentence.doc
    for i in anchors:
        for prep in doc[i].children:
            if prep.dep_ != "prep":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if obj.lower_ in nouns or " ".join(t.lower_ for t in obj.subtree) in nouns:
                    return True
                words = [t.text for t in obj.subtree]
                if any(
                    w.lower() in ("am", "pm", "a.m.", "p.m.") or _CLOCK_TIME.match(w) for w in words
                ):
                    return True
    return False


def _people_of_a_country(place: Token, noun: Token, kb: Knowledge) -> bool:
    """'a US contractor', 'Iraqi soldiers': a place naming whose people the noun is."""
    lemma = noun.lemma_.lower()
    return (
        place.head.i == noun.i
        and place.dep_ in ("compound", "amod", "nmod")
        and (
            lemma in kb.casualties["victim_nouns"]
            or noun.lower_ in kb.casualties["people_nouns"]
            or lemma in kb.cues["person_nouns"]
        )
    )


def _across_a_semicolon(head: Token, token: Token) -> bool:
    """'Policeman killed in dawn raid on jail; minister points at Iran': a semicolon closes the
    clause, whatever the parser hung across it, so a place beyond it is not this deed's."""
    first, last = sorted((head.i, token.i))
    return any(t.text == ";" for t in head.doc[first + 1 : last])


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
        if current.dep_ == "prep" and is_time_preposition(current):
            return False  # "on the same day as the Chibok raid": the other incident's place
        if current.dep_ == "agent":
            return False  # "talks hosted by Norway": who hosts, not where
        if (
            current.dep_ in ("nsubj", "nsubjpass", "dobj")
            and current.head.i in anchors
            and current.head.pos_ == "VERB"
        ):
            if current.i != token.i and _people_of_a_country(token, current, kb):
                return False  # "killed a US contractor", "wounded Iraqi soldiers": whose people
            lemma = current.head.lemma_.lower()
            if current.dep_ == "nsubjpass":  # "Gwoza was retaken"; not "Tamou was attacked"
                return lemma in kb.triggers["place_object_verbs"] and (
                    current.i == token.i
                    or (current.pos_ != "PROPN" and _a_place_taken(current, token, kb))
                )
            return current.dep_ == "dobj" and (
                lemma in kb.triggers["verbs"]
                or (
                    lemma in kb.triggers["place_object_verbs"]
                    and _a_place_taken(current, token, kb)
                )
            )  # "attacked Tamou", "captured Sake"; not "seized a New Zealand pilot"
        if current.dep_ == "prep" and current.lower_ in preps:
            return not (
                _origin_above(token, current, anchors, kb) or _in_a_time_phrase(current, anchors)
            )
        current = current.head
    return False


def _in_a_time_phrase(prep: Token, anchors: set[int]) -> bool:
    """'the attack came only days after a dialogue in Bunia': the place is the dialogue's, in
    the phrase that times the incident, not the incident's scene."""
    current = prep.head
    for _ in range(MAX_HOPS):
        if current.i in anchors or current.head.i == current.i:
            return False
        if current.dep_ == "prep" and is_time_preposition(current):
            # a clock or a day times the incident itself: "shortly after 9 p.m. on Monday near
            # Aab-e-Gum" is where it happened
            return not any(
                c.dep_ == "pobj" and (c.ent_type_ in ("TIME", "DATE") or c.like_num)
                for c in current.children
            )
        current = current.head
    return False


def _a_place_taken(obj: Token, place: Token, kb: Knowledge) -> bool:
    """'captured Sake', 'seized Wad Madani', 'took the capital, Sanaa', 'seized the city of
    Mosul': the object taken is the place, or a word for a place that names it; not 'seized a
    New Zealand pilot', where the place only qualifies what was taken."""
    if obj is place or obj.pos_ == "PROPN":
        return True
    words = {*kb.triggers["seizable_sites"], *kb.cues["settlement_nouns"], *kb.cues["region_words"]}
    return obj.lemma_.lower() in words or obj.lower_ in ("capital", "area", "territory")


def _origin_above(place: Token, prep: Token, anchors: set[int], kb: Knowledge) -> bool:
    """'carried out by one of its fighters, X, from the nearby village of Aqraba': a place in a
    'from' phrase on someone's name (or on a noun other than the trigger) says where they come
    from, not where the event was ('rockets fired from Gaza' hangs on the deed and is kept;
    'abducted their driver from an ambulance in Talipao' names no place after 'from').
    """
    place_words = set(kb.patterns["location_appositive_words"])
    if (
        prep.lower_ == "from"
        and prep.head.i in anchors
        and any(c.dep_ == "agent" for c in prep.head.children)
    ):
        return True  # "had been carried out by two of our fighters from Hebron": their home
    if (
        prep.lower_ == "from"
        and prep.head.i in anchors
        and prep.head.lemma_.lower() in kb.triggers["throw_verbs"]
    ):
        return True  # "launched four missiles from occupied Crimea": where they left from
    current, below = prep, place
    for _ in range(MAX_HOPS):
        if current.i in anchors or is_root(current) or current.pos_ in ("VERB", "AUX"):
            return False
        if (
            current.dep_ == "prep"
            and current.lower_ == "from"
            and current.head.i not in anchors
            and current.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON")
        ):
            names_place = below.i == place.i or below.lemma_.lower() in place_words
            return names_place and _on_the_doer(current.head, anchors)
        below, current = current, current.head
    return False


def _on_the_doer(token: Token, anchors: set[int]) -> bool:
    """The noun is the deed's subject or its 'by' phrase: where the doer comes from ('276
    schoolgirls from Chibok' were taken there: the victims' home is the scene)."""
    current = token
    for _ in range(MAX_HOPS):
        if current.i in anchors or is_root(current):
            return False
        if current.dep_ in ("agent", "nsubj", "nsubjpass") or (
            current.dep_ == "prep" and current.lower_ == "by"
        ):
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
