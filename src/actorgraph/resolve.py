"""Entity and incident resolution across articles.

Within an article, extraction already merged an entity's mentions. Across
articles the same actor can still arrive under different keys: a dictionary
id in one article, the bare acronym or a transliteration variant in another;
and the same attack can be told by several outlets. Resolution works in two
streaming passes so a corpus never has to sit in memory: ``Resolver.learn``
sees each extraction's entities and events (small records), ``Resolver.apply``
then rewrites one extraction at a time to the canonical keys. Deterministic:
the same extractions in any order give the same keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import replace

from .knowledge import dates_agree, fold, knowledge, merge_date
from .model import ArticleExtraction, EntityRecord, EventRecord, Statement

NEAR_NAME = 0.9  # SequenceMatcher ratio above which two long names of one type are one entity


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
        self.names: dict[tuple[str, str], set[str]] = {}  # (type, key) -> folded names
        self.labels: dict[
            tuple[str, str], str
        ] = {}  # (type, key) -> folded label, the fullest seen
        self.anchors: set[str] = (
            set()
        )  # keys that are one actor for sure: dictionary ids, namesakes
        self.events: dict[str, tuple[str, str, str]] = {}  # key -> (family, date, place)
        self.entity_map: dict[str, str] | None = None
        self.event_map: dict[str, str] | None = None

    def learn(self, extraction: ArticleExtraction) -> None:
        for record in extraction.entities.values():
            self.names.setdefault((record.type, record.key), set()).update(
                fold(n) for n in {record.label, *record.aliases} if n
            )
            if record.namesake or record.key in knowledge().entries:
                self.anchors.add(record.key)
            label, seen = fold(record.label), self.labels.get((record.type, record.key), "")
            if (len(label), label) > (len(seen), seen):  # the fullest, ties by text: order-free
                self.labels[(record.type, record.key)] = label
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

        A name two records share joins them only when it identifies: for people, a full name
        (two words or more) or the surname both full names end in ("Claude Joseph" and
        "Joseph Lambert" share only a first name); for groups and places, the name one of the
        articles knows the record by (its label), not an alias both happen to carry. Two
        dictionary entries are distinct actors by definition (Islamic State and its provinces,
        the TTP and the Afghan Taliban), and so is a namesake from its entry (Mozambique's
        "al-Shabab"), so no chain of shared names may join two of them.
        """
        keys = sorted(self.names)
        groups = _UnionFind()
        for key in keys:
            groups.add(key, {key[1]} if key[1] in self.anchors else set())
        by_name: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key in keys:
            for name in sorted(self.names[key]):
                by_name.setdefault((key[0], name), []).append(key)
        for (_node_type, name), holders in sorted(by_name.items()):
            for a in holders:
                for b in holders:
                    if a < b and self._identifies(name, a, b):
                        groups.union(a, b)
        for i, a in enumerate(keys):  # transliteration variants: long names nearly the same
            for b in keys[i + 1 :]:
                if (
                    a[0] == b[0] != "Person"
                    and groups.find(a) != groups.find(b)
                    and _near(self.names[a], self.names[b])
                ):
                    groups.union(a, b)
        members: dict[tuple[str, str], list[str]] = {}
        for key in keys:
            members.setdefault(groups.find(key), []).append(key[1])
        return {key: _preferred(group) for group in members.values() for key in group}

    def _identifies(self, name: str, a: tuple[str, str], b: tuple[str, str]) -> bool:
        label_a, label_b = self.labels.get(a, ""), self.labels.get(b, "")
        if a[0] == "Person":
            if " " in name:
                return True
            return all(label.split()[-1:] == [name] for label in (label_a, label_b))
        return name in (label_a, label_b)

    def _event_keys(self, entities: dict[str, str]) -> dict[str, str]:
        """Incidents told by several articles: same kind, same place, agreeing dates."""
        keys = sorted(self.events)
        groups = _UnionFind()
        for key in keys:
            groups.add(key)
        for i, a in enumerate(keys):
            family_a, date_a, place_a = self.events[a]
            for b in keys[i + 1 :]:
                family_b, date_b, place_b = self.events[b]
                if (
                    family_a == family_b
                    and place_a
                    and entities.get(place_a, place_a) == entities.get(place_b, place_b)
                    and date_a
                    and date_b
                    and dates_agree(date_a, date_b)
                ):
                    groups.union(a, b)
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


def _near(a: set[str], b: set[str]) -> bool:
    return any(
        len(x) >= 8 and len(y) >= 8 and difflib.SequenceMatcher(None, x, y).ratio() >= NEAR_NAME
        for x in a
        for y in b
    )


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
