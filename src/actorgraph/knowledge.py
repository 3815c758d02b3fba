"""Everything the project knows, loaded once from graph/, and the small functions every step
shares.

Dictionaries give canonical names, aliases and kinds of well-known actors and places; lexicons
give the trigger, role and pattern words. Rules in the extractor read these tables and never
hold their own word lists. This module imports no spaCy, so resolution and export can read the
same tables (and fold names, compare dates) without loading the NLP stack.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from .errors import LexiconError
from .model import EVENT_TYPES
from .resources import load_json, load_jsonl, relation_vocabulary


def slug(text: str) -> str:
    """The id-safe form of a name: ASCII, lower case, '-' between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


# Month names as news writes them, to their number: the one spelling list that ingest (date
# lines, bylines, datelines) and extraction (dates in sentences) share.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# A regex alternation of them, longest first ("sept" before "sep"); compile it with re.I.
MONTH_NAMES = "(?:" + "|".join(sorted(MONTHS, key=lambda m: (-len(m), m))) + ")"


PLACE_RANKS = {"country": 4, "territory": 4, "region": 3, "city": 2}  # see Knowledge.place_rank


def dates_agree(a: str, b: str) -> bool:
    """Two ISO dates of any precision agree when the shorter is a prefix of the longer ("2016-03"
    and "2016-03-27"); an unknown date agrees with every date."""
    if not a or not b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short)


def merge_date(current: str, new: str) -> str:
    """The more precise of two ISO prefixes of one date: the longer wins (``2023-01-30`` over
    ``2023-01``), the one already held on a tie. Resolution and the graph both merge event dates
    with it."""
    return new if len(new) > len(current) else current


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Compare form of a name: case, accents, punctuation and a leading 'the' ignored.

    Hot: the gazetteer folds 280,000 city names when it indexes them, so the pattern is compiled
    once and an ASCII name skips the Unicode decomposition, which cannot change it."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub(" ", text.lower()).strip().removeprefix("the ")


@dataclass
class Knowledge:
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> dictionary entry
    by_surface: dict[str, str] = field(default_factory=dict)  # exact surface -> id
    by_folded: dict[str, str] = field(default_factory=dict)  # folded surface -> id
    demonyms: dict[str, str] = field(default_factory=dict)  # lower-case demonym -> place id
    triggers: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, Any] = field(default_factory=dict)
    cues: dict[str, Any] = field(default_factory=dict)
    patterns: dict[str, Any] = field(default_factory=dict)
    casualties: dict[str, Any] = field(default_factory=dict)  # toll words (extract/casualties)
    page_noise: dict[str, Any] = field(default_factory=dict)  # page furniture (ingest/clean)
    date_cues: dict[str, Any] = field(default_factory=dict)  # day/month order (ingest/dates)

    def type_of(self, key: str) -> str:
        entry = self.entries.get(key)
        return entry["type"] if entry else ""

    def family(self, event_type: str) -> str:
        """Violent event types form one family: a mention called "attack" and one called
        "bombing" may tell of one incident; talks and a cease-fire may not."""
        return "violent" if event_type in self.triggers["violent_types"] else event_type

    def place_rank(self, key: str, label: str = "") -> int:
        """How large a place is: a country 4, a region 3, a city 2, another known kind (a site,
        a district) 1, an unknown place 0. A place the dictionary does not know is a region when
        its name says so ("Yagha province")."""
        kind = self.kind_of(key)
        if not kind and label and label.split()[-1].lower() in self.cues["region_words"]:
            kind = "region"
        return PLACE_RANKS.get(kind, 1 if kind else 0)

    def area_words(self) -> frozenset[str]:
        """The tier words of 'place_tiers' that name an area (a commune and above): 'Poonch
        district' is the area 'Poonch' names, 'Poonch village' is not."""
        return indexed(self.patterns["place_tiers"], _area_words)

    def site_words(self) -> frozenset[str]:
        """The last words of a site's name, a facility's or another's ('Azizi Bank', 'the Crown
        Hotel')."""
        return indexed(self.cues, _site_words)

    def statement_nouns(self) -> frozenset[str]:
        """What a claim or a denial is made in ('a statement', 'a video'), never an incident."""
        return indexed(self.patterns["responsibility"], word_sets)["statement_nouns"]

    def kind_of(self, key: str) -> str:
        entry = self.entries.get(key)
        return entry.get("kind", "") if entry else ""

    def state_of_capital(self, key: str) -> str:
        """The country a capital city's dictionary entry says it is the seat of ('Washington'
        is the United States' when it speaks), or ''."""
        entry = self.entries.get(key)
        if not entry or not entry.get("capital"):
            return ""
        return indexed(self.entries, _country_keys).get(entry.get("country", ""), "")

    def capital_of(self, country: str) -> str:
        """The dictionary's capital city of a country key ('the Cuban capital' is Havana), or
        ''."""
        code = self.entries.get(country, {}).get("country", "")
        return indexed(self.entries, _capital_keys).get(code, "") if code else ""

    def lookup(self, surface: str) -> str:
        return self.by_surface.get(surface) or self.by_folded.get(fold(surface), "")

    def ruler_patterns(self) -> list[dict[str, str]]:
        """spaCy EntityRuler patterns: every label and alias, case-sensitive, carrying the id."""
        patterns = []
        for key, entry in self.entries.items():
            label = "ORG" if entry["type"] == "Organization" else "GPE"
            for surface in {entry["label"], *entry.get("aliases", [])}:
                patterns.append({"label": label, "pattern": surface, "id": key})
        return patterns


T = TypeVar("T")
_INDEXES: dict[tuple[int, Callable], tuple[Any, Any]] = {}


def indexed(table: Any, build: Callable[[Any], T]) -> T:
    """``build(table)``, computed once per lexicon table: rules look words up in an index of a
    table instead of scanning it for every token. The table is held, so its id stays its own."""
    slot = (id(table), build)
    held = _INDEXES.get(slot)
    if held is None or held[0] is not table:
        held = _INDEXES[slot] = (table, build(table))
    return held[1]


AREA_TIER = 3  # the 'place_tiers' rank of a commune: the smallest area a town gives its name to


def _capital_keys(entries: dict) -> dict[str, str]:
    """ISO alpha-2 code -> the dictionary's key for that country's capital."""
    return {e["country"]: k for k, e in entries.items() if e.get("capital") and e.get("country")}


def _country_keys(entries: dict) -> dict[str, str]:
    """ISO alpha-2 code -> the dictionary's key for that country."""
    return {e["country"]: k for k, e in entries.items() if e.get("kind") == "country"}


def _area_words(tiers: dict) -> frozenset[str]:
    return frozenset(
        word
        for word, rank in tiers.items()
        if isinstance(rank, int) and rank >= AREA_TIER and ":" not in word
    )


def _site_words(cues: dict) -> frozenset[str]:
    return frozenset(cues["facility_words"]) | frozenset(cues["site_words"])


def word_sets(table: dict) -> dict[str, frozenset[str]]:
    """A lexicon table of word lists as sets, for ``indexed``: each list key looked up in O(1)."""
    return {key: frozenset(value) for key, value in table.items() if isinstance(value, list)}


@cache
def knowledge() -> Knowledge:
    kb = Knowledge(
        triggers=load_json("lexicons/event_triggers.json"),
        roles=load_json("lexicons/roles.json"),
        cues=load_json("lexicons/entity_cues.json"),
        patterns=load_json("lexicons/relation_patterns.json"),
        casualties=load_json("lexicons/casualties.json"),
        page_noise=load_json("lexicons/page_noise.json"),
        date_cues=load_json("lexicons/dates.json"),
    )
    for file_name, node_type in (
        ("dictionaries/organizations.jsonl", "Organization"),
        ("dictionaries/places.jsonl", "Place"),
    ):
        for entry in load_jsonl(file_name):
            entry = dict(entry, type=node_type)
            kb.entries[entry["id"]] = entry
            for surface in (entry["label"], *entry.get("aliases", [])):
                kb.by_surface.setdefault(surface, entry["id"])
                if len(surface) > 3 and not surface.isupper():
                    kb.by_folded.setdefault(fold(surface), entry["id"])
            for demonym in entry.get("demonyms", []):
                kb.demonyms.setdefault(demonym.lower(), entry["id"])
    validate(kb)
    return kb


def validate(kb: Knowledge) -> None:
    """Check what the rules take on trust, once at load: every trigger names an event type of
    the contract, every frame a relation of the vocabulary with an id of its own, every
    dictionary entry an id and a label. A typo in a lexicon is an error naming the file and the
    entry, not a rule that silently never fires.

    Raises:
        LexiconError: the first problem found.
    """
    event_types = set(EVENT_TYPES)
    triggers = kb.triggers
    tables = [("phrases", triggers["phrases"]), ("nouns", triggers["nouns"])]
    tables += [("verbs", triggers["verbs"]), ("place_object_verbs", triggers["place_object_verbs"])]
    tables += [("people_object_verbs", triggers["people_object_verbs"])]
    tables += [(f"weak.{k}", v) for k, v in triggers["weak"].items()]
    for name, table in tables:
        for word, event_type in table.items():
            if event_type not in event_types:
                _bad("lexicons/event_triggers.json", f"{name}: {word!r} -> {event_type!r}",
                     f"use one of {', '.join(EVENT_TYPES)}")  # fmt: skip
    relations = set(relation_vocabulary())
    seen: set[str] = set()
    for kind in ("verb_frames", "adjective_frames", "noun_frames"):
        for frame in kb.patterns[kind]:
            where = f"{kind}: {frame.get('id', '(no id)')}"
            if frame.get("relation") not in relations:
                _bad("lexicons/relation_patterns.json", where, "use a relation of vocabulary.json")
            if not frame.get("id") or frame["id"] in seen:
                _bad("lexicons/relation_patterns.json", where, "give each frame an id of its own")
            seen.add(frame["id"])
    for key, entry in kb.entries.items():
        if not key or not entry.get("label"):
            _bad("dictionaries", f"entry {key!r}", "every entry needs an id and a label")


def _bad(file: str, where: str, hint: str) -> None:
    raise LexiconError(f"graph/{file}: {where}", hint=hint)
