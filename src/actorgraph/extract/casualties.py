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

from ..knowledge import knowledge


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
    number = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(re.escape(w) for w in words) + r")"
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
                rf"\b{gerund}\s+{qualifier}{number}\b(?!\s*(?:%|percent|years|days|hours|km))", re.I
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
    if token.replace(",", "").isdigit():
        return int(token.replace(",", ""))
    return _lexicon()["number_words"].get(token)


def find_casualties(sentence: str) -> Casualties:
    """The largest fatality and injury counts stated in one sentence."""
    fatal, hurt = _patterns()
    return Casualties(
        _largest(fatal, sentence, exclude=r"\bleft\s+\w+\s+(?:injured|wounded)"),
        _largest(hurt, sentence),
    )


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
            number = read_number(match.group("n"))
            if number is not None and number < 1_000_000:
                values.append(number)
    return max(values) if values else None
