"""Entity and incident resolution across articles.

Within an article, extraction already merged an entity's mentions. Across
articles the same actor can still arrive under different keys: a dictionary
id in one article, the bare acronym or a transliteration variant in another;
and the same attack can be told by several outlets. Resolution works in two
streaming passes so a corpus never has to sit in memory: ``Resolver.learn``
sees each extraction's entities and events (small records), ``Resolver.apply``
then rewrites one extraction at a time to the canonical keys. Deterministic:
the same extractions in any order give the same keys.

Matching names across a corpus never compares every pair of entities. Each long name is
filed under a few blocking keys (its transliteration skeleton, each of its distinctive
tokens) and each all-capital acronym under its letters, as is each full name under its
initials; only names sharing a key are compared (``rapidfuzz``), so the cost grows with
the candidate pairs, not with the square of the entities. A token held by more than
``MAX_BLOCK`` names ("front", "national") is no key: it would bring back the square.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import combinations

from rapidfuzz.fuzz import ratio

from .knowledge import dates_agree, fold, knowledge, merge_date
from .model import ArticleExtraction, EntityRecord, EventRecord, Statement

NEAR_NAME = 90.0  # Indel similarity (0-100) above which two long names of one type are one entity
LONG_NAME = 8  # shorter names are too easily near (one letter is 12% of them): exact only
MAX_BLOCK = 64  # a token shared by more names than this is no blocking key (quadratic)
# Joining words an acronym may skip ("Tehreek-e-Taliban Pakistan" is TTP, "Movement for
# Democratic Change" MDC); an acronym is read with and without them.
CONNECTORS = frozenset(
    "a al an and as by de del des du e el for i in of on the to ul und y".split()
)
_ACRONYM = re.compile(r"[A-Z]{3,8}")  # all capitals, written as such: "TTP", "ISWAP"

Key = tuple[str, str]  # (type, entity key)


class _UnionFind:
    """Groups that refuse a union joining two different dictionary entries (their ``known``)."""

    def __init__(self) -> None:
        self.parent: dict = {}
        self.known: dict = {}  # root -> dictionary ids in its group

    def add(self, item, known: set[str] | None = None) -> None:
        self.parent.setdefault(item, item)
        self.known.setdefault(item, set(known or ()))

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or len(self.known[ra] | self.known[rb]) > 1:
            return
        low, high = sorted((ra, rb))
        self.parent[high] = low
        self.known[low] |= self.known.pop(high)


class Resolver:
    """Learns the corpus's names and incidents, then maps every key to its canonical key."""

    def __init__(self) -> None:
        self.names: dict[Key, set[str]] = {}  # (type, key) -> folded names
        self.labels: dict[Key, str] = {}  # (type, key) -> folded label, the fullest seen
        self.acronyms: dict[Key, set[str]] = {}  # (type, key) -> its names written as acronyms
        self.anchors: set[str] = (
            set()
        )  # keys that are one actor for sure: dictionary ids, namesakes
        self.events: dict[str, tuple[str, str, str]] = {}  # key -> (family, date, place)
        self.entity_map: dict[str, str] | None = None
        self.event_map: dict[str, str] | None = None

    def learn(self, extraction: ArticleExtraction) -> None:
        for record in extraction.entities.values():
            key, written = (record.type, record.key), {record.label, *record.aliases}
            self.names.setdefault(key, set()).update(fold(n) for n in written if n)
            acronyms = {n.lower() for n in written if n and _ACRONYM.fullmatch(n)}
            if acronyms:
                self.acronyms.setdefault(key, set()).update(acronyms)
            if record.namesake or record.key in knowledge().entries:
                self.anchors.add(record.key)
            label, seen = fold(record.label), self.labels.get(key, "")
            if (len(label), label) > (len(seen), seen):  # the fullest, ties by text: order-free
                self.labels[key] = label
        for event in extraction.events.values():
            self.events.setdefault(
                event.key, (knowledge().family(event.event_type), event.date, event.place)
            )
        self.entity_map = self.event_map = None

    def apply(self, extraction: ArticleExtraction) -> ArticleExtraction:
        entities, events = self._maps()
        mapping = {**entities, **events}
        extraction.entities = _merge_records(extraction.entities, entities)
        merged_events: dict[str, EventRecord] = {}
        for event in extraction.events.values():
            event.key = events.get(event.key, event.key)
            event.place = entities.get(event.place, event.place)
            if event.key in merged_events:
                _fold_event(merged_events[event.key], event)
            else:
                merged_events[event.key] = event
        extraction.events = merged_events
        extraction.statements = [_rekey(s, mapping) for s in extraction.statements]
        return extraction

    def canonical_maps(self) -> tuple[dict[str, str], dict[str, str]]:
        """The learned maps, every entity key and every event key to its canonical key.

        They are the resolver's own, not copies: a user's corrections (``corrections.py``)
        edit them after ``learn`` and before ``apply``, so a merge or a split goes through the
        same rekeying and record merging as the resolver's own decisions.
        """
        return self._maps()

    def _maps(self) -> tuple[dict[str, str], dict[str, str]]:
        if self.entity_map is None or self.event_map is None:
            self.entity_map = self._entity_keys()
            self.event_map = self._event_keys(self.entity_map)
        return self.entity_map, self.event_map

    def _entity_keys(self) -> dict[str, str]:
        """Join records of one type that name one actor; never two dictionary entries.

        Three kinds of evidence, in this order (the union-find refuses what would join two
        dictionary entries, so the order is fixed for the result to be order-free): a name
        both records carry that identifies (``_join_shared_names``), long names nearly the
        same (``_join_near_names``: transliteration variants), and an acronym whose letters
        start the words of exactly one other record's name (``_join_acronyms``). Two
        dictionary entries are distinct actors by definition (Islamic State and its
        provinces, the TTP and the Afghan Taliban), and so is a namesake from its entry
        (Mozambique's "al-Shabab"), so no chain of names may join two of them.
        """
        keys = sorted(self.names)
        groups = _UnionFind()
        for key in keys:
            groups.add(key, {key[1]} if key[1] in self.anchors else set())
        self._join_shared_names(keys, groups)
        self._join_near_names(keys, groups)
        self._join_acronyms(keys, groups)
        members: dict[Key, list[str]] = {}
        for key in keys:
            members.setdefault(groups.find(key), []).append(key[1])
        return {key: _preferred(group) for group in members.values() for key in group}

    def _join_shared_names(self, keys: list[Key], groups: _UnionFind) -> None:
        """A name two records share joins them only when it identifies.

        For people, a full name (two words or more) or the surname both full names end in
        ("Claude Joseph" and "Joseph Lambert" share only a first name); for groups and
        places, the name one of the articles knows the record by (its label), not an alias
        both happen to carry. Only the pairs that can pass are formed: a common alias ("the
        army") held by many records costs its label holders times its holders, not its
        holders squared.
        """
        by_name: dict[tuple[str, str], list[Key]] = {}
        for key in keys:
            for name in sorted(self.names[key]):
                by_name.setdefault((key[0], name), []).append(key)
        for (node_type, name), holders in sorted(by_name.items()):
            for a, b in self._identifying_pairs(node_type, name, holders):
                groups.union(a, b)

    def _identifying_pairs(
        self, node_type: str, name: str, holders: list[Key]
    ) -> list[tuple[Key, Key]]:
        """The pairs of ``holders`` (sorted) that ``name`` identifies, in sorted order."""
        if len(holders) < 2:
            return []
        if node_type == "Person":
            if " " in name:
                return list(combinations(holders, 2))
            ending = [k for k in holders if self.labels.get(k, "").split()[-1:] == [name]]
            return list(combinations(ending, 2))
        labelled = [k for k in holders if self.labels.get(k, "") == name]
        pairs = {(min(a, b), max(a, b)) for a in labelled for b in holders if a != b}
        return sorted(pairs)

    def _join_near_names(self, keys: list[Key], groups: _UnionFind) -> None:
        """Transliteration variants: long names nearly the same, people excepted.

        Only names sharing a blocking key (``_block_keys``) are compared, each pair of names
        once; pairs of records are visited in sorted order, as a full comparison would.
        """
        candidates = _near_candidates(
            (key, name)
            for key in keys
            if key[0] != "Person"
            for name in self.names[key]
            if len(name) >= LONG_NAME
        )
        seen: dict[tuple[str, str], bool] = {}
        for a, b in sorted(candidates):
            if groups.find(a) == groups.find(b):
                continue
            if any(_near_cached(x, y, seen) for x, y in sorted(candidates[a, b])):
                groups.union(a, b)

    def _join_acronyms(self, keys: list[Key], groups: _UnionFind) -> None:
        """An acronym written in capitals ("TTP") joins the one group whose record has a name
        with those initials ("Tehreek-e-Taliban Pakistan"), connectors skipped or not.

        Two groups with such a name make the acronym ambiguous: it joins neither.
        """
        expansions: dict[tuple[str, str], set[Key]] = {}
        for key in keys:
            if key[0] != "Person":
                for name in self.names[key]:
                    for initials in _initials(name):
                        expansions.setdefault((key[0], initials), set()).add(key)
        for key in keys:
            for acronym in sorted(self.acronyms.get(key, ())):
                found = expansions.get((key[0], acronym), set()) - {key}
                roots = {groups.find(k) for k in found}
                if len(roots) == 1 and groups.find(key) not in roots:
                    groups.union(key, min(found))

    def _event_keys(self, entities: dict[str, str]) -> dict[str, str]:
        """Incidents told by several articles: same kind, same place, agreeing dates.

        Events are blocked by kind, canonical place and year (the coarsest date, which two
        agreeing dates share); events of one date are joined to each other, and only the
        distinct dates of a block are compared (``dates_agree``): a block holds at most a
        year's days and months, however many articles tell of them. Events have no anchors,
        so the groups are the connected pairs whatever the order of the unions.
        """
        keys = sorted(self.events)
        groups = _UnionFind()
        for key in keys:
            groups.add(key)
        blocks: dict[tuple[str, str, str], dict[str, list[str]]] = {}
        for key in keys:
            family, date, place = self.events[key]
            if place and date:
                block = blocks.setdefault((family, entities.get(place, place), date[:4]), {})
                block.setdefault(date, []).append(key)
        for by_date in blocks.values():
            for same in by_date.values():
                for key in same[1:]:
                    groups.union(same[0], key)
            for date_a, date_b in combinations(sorted(by_date), 2):
                if dates_agree(date_a, date_b):
                    groups.union(by_date[date_a][0], by_date[date_b][0])
        members: dict[str, list[str]] = {}
        for key in keys:
            members.setdefault(groups.find(key), []).append(key)
        return {
            key: max(group, key=lambda k: (len(self.events[k][1]), -len(k), k))
            for group in members.values()
            for key in group
        }


def resolve(extractions: Iterable[ArticleExtraction]) -> list[ArticleExtraction]:
    """Resolve a corpus held in memory (small corpora and tests); ``Resolver`` streams."""
    extractions = list(extractions)
    resolver = Resolver()
    for extraction in extractions:
        resolver.learn(extraction)
    return [resolver.apply(extraction) for extraction in extractions]


def resolve_stream(
    first_pass: Iterable[ArticleExtraction], second_pass: Iterable[ArticleExtraction]
) -> Iterator[ArticleExtraction]:
    """Two passes over the same extractions (e.g. from the cache) without holding them."""
    resolver = Resolver()
    for extraction in first_pass:
        resolver.learn(extraction)
    for extraction in second_pass:
        yield resolver.apply(extraction)


def _preferred(keys: list[str]) -> str:
    """A dictionary id if the group has one (it has a '/' and a known entry), else the longest
    key."""
    known = [k for k in keys if k in knowledge().entries]
    pool = known or keys
    return sorted(pool, key=lambda k: (-len(k), k))[0]


def _near_candidates(
    named: Iterable[tuple[Key, str]],
) -> dict[tuple[Key, Key], set[tuple[str, str]]]:
    """Pairs of records (sorted) whose names share a blocking key, with those name pairs.

    A token key held by more than ``MAX_BLOCK`` names is dropped: such a token ("front",
    "national") says nothing about identity, and keeping it would compare its holders
    pairwise. Skeleton keys are kept whatever their size: the names under one are near
    variants of each other, and once joined their records are no longer compared.
    """
    blocks: dict[tuple[str, str], set[tuple[Key, str]]] = {}
    for key, name in named:
        for block in _block_keys(name):
            blocks.setdefault((key[0], block), set()).add((key, name))
    candidates: dict[tuple[Key, Key], set[tuple[str, str]]] = {}
    for (_node_type, block), members in blocks.items():
        if block.startswith("t:") and len(members) > MAX_BLOCK:
            continue
        for (a, x), (b, y) in combinations(sorted(members), 2):
            if a != b:
                candidates.setdefault((a, b), set()).add((x, y))
    return candidates


def _block_keys(name: str) -> set[str]:
    """Where a folded name is filed: its skeleton, and each token that is not a connector.

    The skeleton (``_skeleton``) catches spelling variants spread over every word ("ansar al
    fursan front" / "ansar al forsan front", "al shabab" / "alshabaab"); a shared token
    catches a variant confined to the other words.
    """
    tokens = name.split()
    keys = {"t:" + token for token in tokens if len(token) >= 3 and token not in CONNECTORS}
    skeleton = _skeleton(tokens)
    if len(skeleton) >= 3:
        keys.add("s:" + skeleton)
    return keys


_SOFT = re.compile(r"[aeiouyhw]")  # letters transliterations disagree on most
_RUNS = re.compile(r"(.)\1+")


def _skeleton(tokens: list[str]) -> str:
    """A transliteration key: no spaces, a plural 's' dropped, c/q as k, no vowels, h, w or
    y, doubled letters single ("Tehrik"/"Tehreek" -> "trk", "Qaeda"/"Qa'ida" -> "kd")."""
    text = "".join(t[:-1] if len(t) > 3 and t.endswith("s") else t for t in tokens)
    text = _SOFT.sub("", text.replace("c", "k").replace("q", "k"))
    return _RUNS.sub(r"\1", text)


def _initials(name: str) -> set[str]:
    """The acronyms a folded name of three words or more can have: the initials of every
    word, and of every word but the connectors."""
    tokens = name.split()
    every = "".join(t[0] for t in tokens)
    content = "".join(t[0] for t in tokens if t not in CONNECTORS)
    return {initials for initials in (every, content) if len(initials) >= 3}


def _near_cached(x: str, y: str, seen: dict[tuple[str, str], bool]) -> bool:
    if (x, y) not in seen:
        seen[x, y] = _similar(x, y)
    return seen[x, y]


def _similar(x: str, y: str) -> bool:
    """Two long names nearly the same: Indel similarity (rapidfuzz) at least ``NEAR_NAME``.

    It is difflib's ratio with the longest common subsequence in place of difflib's greedy
    matching blocks, so it is never lower than difflib's on the same names.
    """
    return ratio(x, y, score_cutoff=NEAR_NAME) > 0


def _merge_records(
    entities: dict[str, EntityRecord], canonical: dict[str, str]
) -> dict[str, EntityRecord]:
    merged: dict[str, EntityRecord] = {}
    for record in entities.values():
        key = canonical.get(record.key, record.key)
        if key not in merged:
            record.key = key
            merged[key] = record
            continue
        target = merged[key]
        target.aliases |= record.aliases | {record.label}
        if len(record.label) > len(target.label):
            target.aliases.add(target.label)
            target.label = record.label
        target.aliases.discard(target.label)
        target.mentions += record.mentions
    return merged


def _fold_event(keep: EventRecord, other: EventRecord) -> None:
    keep.mentions += other.mentions
    keep.aliases |= other.aliases | {other.label}
    keep.aliases.discard(keep.label)
    keep.date = merge_date(keep.date, other.date)
    for attr in ("fatalities", "injured"):
        values = [v for v in (getattr(keep, attr), getattr(other, attr)) if v is not None]
        setattr(keep, attr, max(values) if values else None)


def _rekey(statement: Statement, mapping: dict[str, str]) -> Statement:
    return replace(
        statement,
        subject=mapping.get(statement.subject, statement.subject),
        object=mapping.get(statement.object, statement.object),
        by=mapping.get(statement.by, statement.by),
    )
