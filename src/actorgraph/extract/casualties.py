"""Casualty counts from news phrasing: "at least 100 people were killed",
"killing nine and wounding 12", "the death toll rose to 31", "117 others were wounded".

Counts are the lower bound the text states; vague quantities ("dozens",
"tens of thousands") give nothing rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from spacy.tokens import Span, Token

from ..knowledge import MONTH_NAMES, knowledge
from .syntax import shared_dependents


@dataclass(frozen=True)
class Casualties:
    fatalities: int | None = None
    injured: int | None = None


@cache
def _lexicon() -> dict:
    return knowledge().casualties


class _Patterns(NamedTuple):
    """The patterns of one count, and a search for the words every one of them needs."""

    cue: re.Pattern[str]
    all: list[re.Pattern[str]]


@cache
def _patterns() -> tuple[_Patterns, _Patterns]:
    lex = _lexicon()
    qualifier = r"(?:(?:" + "|".join(re.escape(q) for q in lex["qualifiers"]) + r")\s+)?"
    words = sorted(lex["number_words"], key=len, reverse=True)
    named = {w: v for w, v in lex["number_words"].items() if " " not in w}
    tens = "|".join(w for w, v in named.items() if v in range(20, 100, 10))
    units = "|".join(w for w, v in named.items() if v in range(1, 10))
    number = (
        rf"(?<![-\w])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{tens})-(?:{units})|"
        + "|".join(re.escape(w) for w in words)
        + r")"
    )
    people = r"(?:\s+(?:[a-z-]+\s+){0,2}?(?:" + "|".join(lex["people_nouns"]) + r"))?"
    aux = (
        r"(?:\s+(?:were|was|have been|had been|are|been|being|got|reportedly|confirmed|also|"
        r"later|now))*"
    )

    def build(verbs: list[str], gerunds: list[str]) -> list[re.Pattern[str]]:
        verb = "(?:" + "|".join(re.escape(v) for v in verbs) + ")"
        gerund = "(?:" + "|".join(re.escape(g) for g in gerunds) + ")"
        return [
            # "at least 100 people were killed", "21 dead", "117 others were wounded"
            re.compile(rf"\b{qualifier}{number}{people}{aux}\s+{verb}\b", re.I),
            # "killing at least 21 people", "wounding 12", "killed more than 500 people"
            re.compile(
                rf"\b{gerund}\s+{qualifier}{number}\b(?!\s*(?:%|percent|years|days|hours|km)|-)",
                re.I,
            ),
        ]

    fatal = build(lex["fatal_verbs"], lex["fatal_gerunds"])
    toll = (
        "(?:"
        + "|".join(re.escape(w) for w in sorted(lex["toll_words"], key=len, reverse=True))
        + ")"
    )
    fatal.append(
        re.compile(
            rf"\b{toll}\b[^.]{{0,40}}?\b(?:rose|risen|climbed|reached|stood|stands|rising|to|at|of)\s+{qualifier}{number}",
            re.I,
        )
    )
    hurt = build(lex["injury_verbs"], lex["injury_gerunds"])
    return (
        _Patterns(_any_of([*lex["fatal_verbs"], *lex["fatal_gerunds"], *lex["toll_words"]]), fatal),
        _Patterns(_any_of([*lex["injury_verbs"], *lex["injury_gerunds"]]), hurt),
    )


def _any_of(words: list[str]) -> re.Pattern[str]:
    """A search for any of the words, matched as the patterns match them (ignoring case)."""
    return re.compile("|".join(re.escape(w) for w in words), re.I)


def tells_running_total(sentence: str) -> bool:
    """Whether the sentence has a running-total word (casualties.json), as a whole word: "war",
    never "Peshawar"."""
    return _running_total_words().search(sentence) is not None


@cache
def _running_total_words() -> re.Pattern[str]:
    words = "|".join(re.escape(w.strip()) for w in _lexicon()["running_total_words"])
    return re.compile(rf"\b(?:{words})\b", re.I)


def read_number(token: str) -> int | None:
    token = token.lower().strip()
    if token.replace(",", "").isdecimal():  # not "²³", which int() refuses
        return int(token.replace(",", ""))
    words = _lexicon()["number_words"]
    if "-" in token:  # "twenty-two"
        tens, _, unit = token.partition("-")
        if tens in words and unit in words and words[tens] % 10 == 0 and words[unit] < 10:
            return words[tens] + words[unit]
    return words.get(token)


def find_casualties(sentence: str, parsed: Span | None = None) -> Casualties:
    """The largest fatality and injury counts stated in one sentence; with its parse, the
    victims of its killing verbs counted too ("five guards and two inmates were killed": 7),
    which no pattern over the words adds up."""
    fatal, hurt = _patterns()
    claimed: set[int] = set()
    if parsed is not None:
        claimed = _claimed_figure(parsed)
        if claimed:
            # "militants killed 20 soldiers, the army said, while the group claimed to have
            # killed 40": the claimant's figure is no toll; the rest of the sentence may give one
            sentence = "".join(t.text_with_ws for t in parsed if t.i not in claimed)
    deaths = _largest(fatal, sentence, exclude=r"\bleft\s+\w+\s+(?:injured|wounded)")
    if parsed is not None:
        for counted in (count_victims(parsed, claimed), toll_reached(parsed)):
            if counted is not None and (deaths is None or counted > deaths):
                deaths = counted
    return Casualties(deaths, _largest(hurt, sentence))


def _claimed_figure(sentence: Span) -> set[int]:
    """ "The group claimed that more than 100 soldiers had been killed": the killing is told
    inside what someone claimed, and its figure is the claimant's, not the toll. The tokens of
    such clauses."""
    lemmas = _lexicon()["killing_lemmas"]
    inside: set[int] = set()
    for clause in _claimed_clauses(sentence, own_words=True):
        words = list(clause.subtree)
        if any(t.lemma_.lower() in lemmas or t.lower_ in ("dead", "died") for t in words):
            inside |= {t.i for t in words}
    return inside


def _claimed_clauses(sentence: Span, own_words: bool = False) -> list[Token]:
    """The clauses that tell what a claimant said: "claimed that ...", and "claimed the attack
    in a statement, saying a 'martyrdom seeker' had killed 'more than 30 soldiers'"; with
    ``own_words``, also what a doer says of its own deed ("It said its fighters had killed
    'more than 40 apostate soldiers'"), whose figure is no toll though its deed is the one
    told."""
    lex = _lexicon()
    clauses = []
    for token in sentence:
        if token.lemma_.lower() not in lex["claimed_figure_verbs"]:
            continue
        if not any(c.dep_ == "dobj" for c in token.children):
            # with an object, "claimed a similar ambush, in which 11 soldiers died" claims a
            # deed, and the toll in its phrase is the text's
            # "claimed that it had killed 40", "claimed to have killed 40"
            clauses += [c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.i > token.i]
        clauses += [
            g
            for c in token.children
            if c.dep_ == "advcl" and c.i > token.i and c.lemma_.lower() in lex["saying_lemmas"]
            for g in c.children
            if g.dep_ == "ccomp"
        ]
    for token in sentence if own_words else ():
        if token.lemma_.lower() in lex["saying_lemmas"]:
            # "The group said it had killed more than 30 people", "It said its fighters had
            # killed 'more than 40 apostate soldiers'": the doer's own figure
            clauses += [
                c
                for c in token.children
                if c.dep_ == "ccomp" and any(_own_doer(g) for g in c.children)
            ]
    return clauses


def _own_doer(subject: Token) -> bool:
    """'it', 'we', 'its fighters', 'our mujahideen': the speaker telling its own deed."""
    if subject.dep_ != "nsubj":
        return False
    return subject.lower_ in ("it", "we") or any(
        c.dep_ == "poss" and c.lower_ in ("its", "our") for c in subject.children
    )


def in_claimed_words(token: Token) -> bool:
    """Whether the token is inside what a claimant said of its deed (see _claimed_clauses): a
    killing told there is the claim's account, and its places and figures are not the text's."""
    return any(c.left_edge.i <= token.i <= c.right_edge.i for c in _claimed_clauses(token.sent))


def count_victims(sentence: Span, skip: set[int] = frozenset()) -> int | None:
    """The most victims one killing verb of the sentence has, counted from the parse.

    The victims are the killed phrase: the passive subject ("A street vendor was killed"), the
    object ("killing three soldiers and a policeman", "shot dead two of his guards") or the
    one who died ("Wazir and his guard died"). Its conjuncts add up when each gives a number: a
    numeral, or one person named or described in the singular; one plural without a number
    ("civilians were killed") makes the whole phrase uncounted, never a guess."""
    counts = [n for verb in sentence if verb.i not in skip and (n := _victims_of(verb)) is not None]
    return max(counts) if counts else None


def toll_reached(sentence: Span) -> int | None:
    """ "The death toll from a car bombing in the north-eastern town of Tal Tamr rose to seven":
    the figure a toll word's verb reaches, however far the toll's own phrase keeps them apart
    (the word patterns look 40 characters ahead)."""
    for verb in sentence:
        brought = verb.lemma_.lower() == "bring" and any(
            c.dep_ == "dobj" and is_toll_noun(c) for c in verb.children
        )  # "bringing the number of dead to 16"
        if not (is_toll_rise(verb) or brought):
            continue
        figures = [c for c in verb.children if c.dep_ == "dobj" and c.like_num] + [
            g
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in ("to", "at")
            for g in c.children
            if g.dep_ == "pobj" and (g.like_num or g.tag_ == "CD")
        ]
        if figures:
            return _number_with_article(figures[0])
    return None


def is_toll_rise(verb: Token) -> bool:
    """A verb of 'toll_rise_lemmas' whose subject is a toll word: "the death toll ... rose"."""
    return verb.lemma_.lower() in _lexicon()["toll_rise_lemmas"] and any(
        c.dep_ == "nsubj" and is_toll_noun(c) for c in verb.children
    )


def _people_killed(noun: Token) -> bool:
    """'people killed', 'people who died': people a killing or dying verb describes."""
    lex = _lexicon()
    verbs = set(lex["killing_lemmas"]) | set(lex["dying_lemmas"])
    return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in verbs for c in noun.children)


def is_toll_noun(noun: Token) -> bool:
    """'toll', 'death toll', and 'the number of dead' (of deaths, of people killed)."""
    if noun.lemma_.lower() in _toll_nouns():
        return True
    return noun.lemma_.lower() == "number" and any(
        g.lemma_.lower() in ("dead", "death", "fatality", "casualty", "victim")
        or _people_killed(g)  # "the number of people killed when a car was driven into ..."
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
    )


def updates_toll(verb: Token) -> bool:
    """'the toll rose to 11', 'it raised the toll to 11', 'revised the toll': a clause that
    gives a new figure for a toll, on the day it is given, not the day of the deed."""
    return is_toll_rise(verb) or any(c.dep_ == "dobj" and is_toll_noun(c) for c in verb.children)


@cache
def _toll_nouns() -> frozenset[str]:
    """The head nouns of the toll words: "toll" of "death toll"."""
    return frozenset(w.split()[-1] for w in _lexicon()["toll_words"])


def _victims_of(verb: Token) -> int | None:
    lex = _lexicon()
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if lemma in lex["killing_lemmas"] or (
        lemma in lex["manner_of_death_lemmas"] and _told_fatal(verb)
    ):
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        # one object: a second is the parser's reading of "killing 14 civilians, among them
        # five children", a part of the first, never more victims
        phrase = (
            passive or [c for c in verb.children if c.dep_ == "dobj" and c.lower_ != "dead"][:1]
        )
        if not phrase and verb.tag_ == "VBN":  # "was shot ... and killed": the first's subject
            phrase = shared_dependents(verb, ("nsubjpass",))
    elif lemma in lex["dying_lemmas"]:
        phrase = [c for c in verb.children if c.dep_ == "nsubj"]
    elif lemma == "be" and any(c.dep_ == "acomp" and c.lower_ == "dead" for c in verb.children):
        phrase = [c for c in verb.children if c.dep_ == "nsubj"]
    else:
        return None
    return _count_phrase(phrase) if phrase else None


def _told_fatal(verb: Token) -> bool:
    """ "shot dead", "stabbed to death", "beaten to death": a manner of killing that says the
    victim died."""
    for child in verb.children:
        if child.lower_ == "dead" and child.dep_ in ("oprd", "acomp", "advmod", "dobj"):
            return True
        if child.dep_ == "prep" and child.lower_ == "to":
            if any(g.lower_ == "death" for g in child.children):
                return True
    return False


def _count_phrase(heads: list[Token]) -> int | None:
    """The sum over the phrase's conjuncts; None when one of them gives no number, or when all
    of them are attackers."""
    lex = _lexicon()
    conjuncts = list(dict.fromkeys(c for head in heads for c in (head, *head.conjuncts)))
    total, attackers = 0, 0
    for token in conjuncts:
        number, noun = _count_one(token)
        if number is None:
            return None
        total += number
        attackers += noun in lex["perpetrator_nouns"]
    if attackers == len(conjuncts):
        return None  # "Three attackers were killed": tolls leave out attackers told apart
    if total == 0 and not all(_nobody(token) for token in conjuncts):
        return None
    return total


def _count_one(token: Token) -> tuple[int | None, str]:
    """How many people one conjunct names, and its noun's lemma: "two of his bodyguards" (2,
    bodyguard), "five guards" (5, guard), "a policeman" (1), "Barajas" (1)."""
    lex = _lexicon()
    if _nobody(token):
        return 0, token.lemma_.lower()
    if token.like_num or token.tag_ == "CD":
        of = [
            g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
        ]
        noun = of[0].lemma_.lower() if of else ""
        return _number_with_article(token), noun
    noun = token.lemma_.lower()
    numbers = [c for c in token.children if c.dep_ == "nummod"]
    if numbers:
        return _number_with_article(numbers[0]), noun
    if token.tag_ == "NNP":
        return 1, noun
    if token.tag_ == "NN" and noun in lex["victim_nouns"]:
        return 1, noun
    if token.tag_ == "PRP" and token.lower_ in ("he", "she", "him", "her"):
        return 1, noun
    return None, noun


def _nobody(token: Token) -> bool:
    """ "No one was killed", "nobody died", "no soldiers were hurt": a count of none, told as
    such, which is a toll of 0 and never the "one" of "no one"."""
    if token.lower_ in _lexicon()["nobody_words"]:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)


def _number_with_article(token: Token) -> int | None:
    """A numeral's value; "a dozen" and "a hundred" with their article; "Twenty-two", "three
    hundred" and "two dozen" with the number words the parser hangs on it."""
    value = read_number(token.text)
    if value is None and token.i > token.sent.start:
        value = read_number(f"{token.nbor(-1).text} {token.text}")
    multipliers = _lexicon()["number_multipliers"]
    for child in token.children:
        if child.dep_ == "compound" and child.i < token.i:
            before = read_number(child.text)
            if before is None:
                continue
            if token.lower_ in multipliers:
                value = before * multipliers[token.lower_]  # "three hundred"
            elif value is not None and value < 10 and before % 10 == 0 and before < 100:
                value += before  # "Twenty-two"
        elif child.lower_ in multipliers and child.i > token.i and value is not None:
            value *= multipliers[child.lower_]  # "two dozen"
    return value


_NO_BEFORE = re.compile(r"\bno[\s-]$", re.I)
_YEAR_BEFORE = re.compile(rf"(?:\b{MONTH_NAMES}\.?,?|\b(?:in|since|of|year|until))\s*$", re.I)


def _is_year(number: str, before: str) -> bool:
    """'in June 2021', 'since 2019': a year, however close to a killing verb it stands."""
    return (
        len(number) == 4
        and number.isdecimal()
        and 1900 <= int(number) <= 2100
        and _YEAR_BEFORE.search(before) is not None
    )


def _scaled(number: int | None, rest: str) -> int | None:
    """'two dozen candidates': 24, not 2; 'three hundred people': 300."""
    found = re.match(r"\s+([a-z]+)", rest)
    multiplier = _lexicon()["number_multipliers"].get(found.group(1).lower()) if found else None
    return number * multiplier if number is not None and multiplier else number


def _largest(patterns: _Patterns, sentence: str, exclude: str | None = None) -> int | None:
    if not patterns.cue.search(sentence):
        return None  # most sentences name no casualty at all
    values = []
    for pattern in patterns.all:
        for match in pattern.finditer(sentence):
            if exclude and re.match(exclude, sentence[match.start() :], re.I):
                continue
            tail = sentence[match.end() : match.end() + 12]
            if re.match(r"\s*(?:of them|percent|%)", tail, re.I) or re.match(
                r"\s*(?:of them)", tail
            ):
                continue
            if "left" in match.group(0).lower() and not re.search(
                r"\b(?:dead|killed)\b", sentence[match.end() : match.end() + 30], re.I
            ):
                continue
            if _NO_BEFORE.search(sentence[: match.start("n")]):
                continue  # "No one was killed": none, not one
            if _is_year(match.group("n"), sentence[: match.start("n")]):
                continue  # "A car bomb in the same market in June 2021 killed 14 people"
            number = _scaled(read_number(match.group("n")), sentence[match.end("n") :])
            if number is not None and number < 1_000_000:
                values.append(number)
    return max(values) if values else None
