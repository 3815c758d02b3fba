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

from ..resources import load_json

_QUALIFIER = r"(?:(?:at least|more than|over|some|about|around|nearly|almost|roughly|up to|as many as|an estimated|a total of|approximately|no fewer than|at least another)\s+)?"


@dataclass(frozen=True)
class Casualties:
    fatalities: int | None = None
    injured: int | None = None


@cache
def _lexicon() -> dict:
    return load_json("lexicons/casualties.json")


class _Patterns(NamedTuple):
    """The patterns of one count, and a search for the words every one of them needs."""

    cue: re.Pattern[str]
    all: list[re.Pattern[str]]


@cache
def _patterns() -> tuple[_Patterns, _Patterns]:
    lex = _lexicon()
    words = sorted(lex["number_words"], key=len, reverse=True)
    number = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(re.escape(w) for w in words) + r")"
    people = r"(?:\s+(?:[a-z-]+\s+){0,2}?(?:" + "|".join(lex["people_nouns"]) + r"))?"
    aux = r"(?:\s+(?:were|was|have been|had been|are|been|being|got|reportedly|confirmed|also|later|now))*"

    def build(verbs: list[str], gerunds: list[str]) -> list[re.Pattern[str]]:
        verb = "(?:" + "|".join(re.escape(v) for v in verbs) + ")"
        gerund = "(?:" + "|".join(re.escape(g) for g in gerunds) + ")"
        return [
            # "at least 100 people were killed", "21 dead", "117 others were wounded"
            re.compile(rf"\b{_QUALIFIER}{number}{people}{aux}\s+{verb}\b", re.I),
            # "killing at least 21 people", "wounding 12", "killed more than 500 people"
            re.compile(rf"\b{gerund}\s+{_QUALIFIER}{number}\b(?!\s*(?:%|percent|years|days|hours|km))", re.I),
        ]

    fatal_verbs = ["killed", "dead", "died", "slain", "massacred", "lost their lives"]
    fatal_gerunds = ["killing", "killed", "kills", "claimed the lives of", "left"]
    fatal = build(fatal_verbs, fatal_gerunds)
    fatal.append(re.compile(rf"\b(?:death toll|toll)\b[^.]{{0,40}}?\b(?:rose|risen|climbed|reached|stood|stands|rising|to|at|of)\s+{_QUALIFIER}{number}", re.I))
    hurt_verbs, hurt_gerunds = ["wounded", "injured", "hurt"], ["wounding", "injuring", "wounded", "injured"]
    hurt = build(hurt_verbs, hurt_gerunds)
    return (_Patterns(_any_of([*fatal_verbs, *fatal_gerunds, "toll"]), fatal),
            _Patterns(_any_of([*hurt_verbs, *hurt_gerunds]), hurt))


def _any_of(words: list[str]) -> re.Pattern[str]:
    """A search for any of the words, matched as the patterns match them (ignoring case)."""
    return re.compile("|".join(re.escape(w) for w in words), re.I)


def read_number(token: str) -> int | None:
    token = token.lower().strip()
    if token.replace(",", "").isdigit():
        return int(token.replace(",", ""))
    return _lexicon()["number_words"].get(token)


def find_casualties(sentence: str) -> Casualties:
    """The largest fatality and injury counts stated in one sentence."""
    fatal, hurt = _patterns()
    return Casualties(_largest(fatal, sentence, exclude=r"\bleft\s+\w+\s+(?:injured|wounded)"),
                      _largest(hurt, sentence))


def _largest(patterns: _Patterns, sentence: str, exclude: str | None = None) -> int | None:
    if not patterns.cue.search(sentence):
        return None  # most sentences name no casualty at all
    values = []
    for pattern in patterns.all:
        for match in pattern.finditer(sentence):
            if exclude and re.match(exclude, sentence[match.start():], re.I):
                continue
            tail = sentence[match.end():match.end() + 12]
            if re.match(r"\s*(?:of them|percent|%)", tail, re.I) or re.match(r"\s*(?:of them)", tail):
                continue
            if "left" in match.group(0).lower() and not re.search(r"\b(?:dead|killed)\b", sentence[match.end():match.end() + 30], re.I):
                continue
            number = read_number(match.group("n"))
            if number is not None and number < 1_000_000:
                values.append(number)
    return max(values) if values else None
