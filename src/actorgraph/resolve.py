"""Entity resolution across articles.

Within an article, extraction already merged an entity's mentions. Across
articles the same actor can still arrive under different keys: a
dictionary id in one article, the bare acronym or a transliteration
variant in another. This step maps every key to one canonical key per
entity (deterministically: the same extractions in any order give the same
keys) and rewrites the extractions accordingly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .extract.knowledge import fold
from .model import ArticleExtraction, EntityRecord, Statement


def resolve(extractions: Iterable[ArticleExtraction]) -> list[ArticleExtraction]:
    """Rewrite entity keys so one real-world entity has one key in every article."""
    extractions = list(extractions)
    records = [(e, record) for e in extractions for record in e.entities.values()]
    canonical = _canonical_keys([record for _, record in records])
    for extraction in extractions:
        extraction.entities = _merge_records(extraction.entities, canonical)
        extraction.statements = [_rekey(s, canonical) for s in extraction.statements]
        for event in extraction.events.values():
            event.place = canonical.get(event.place, event.place)
    return extractions


def _canonical_keys(records: list[EntityRecord]) -> dict[str, str]:
    """key -> canonical key. Names shared between two keys of one type join them; the sorted-first key wins."""
    names: dict[tuple[str, str], set[str]] = {}
    for record in records:
        names.setdefault((record.type, record.key), set()).update(
            fold(n) for n in {record.label, *record.aliases} if n)
    keys = sorted(names)
    parent = {key: key for key in keys}

    def find(key):
        while parent[key] != key:
            key = parent[key]
        return key

    by_name: dict[tuple[str, str], tuple[str, str]] = {}
    for key in keys:
        for name in sorted(names[key]):
            other = by_name.setdefault((key[0], name), key)
            if other != key:
                a, b = sorted((find(other), find(key)))
                parent[b] = a
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if a[0] == b[0] and a[0] != "Person" and find(a) != find(b) and _near(names[a], names[b]):
                x, y = sorted((find(a), find(b)))
                parent[y] = x
    mapping = {}
    for key in keys:
        root = find(key)
        dictionary = sorted(k for k in keys if find(k) == root and "/" in k[1])
        mapping[key[1]] = _preferred([k[1] for k in keys if find(k) == root])
        del dictionary
    return mapping


def _preferred(keys: list[str]) -> str:
    return sorted(keys, key=lambda k: (len(k), k))[-1] if keys else ""


def _near(a: set[str], b: set[str]) -> bool:
    return any(len(x) >= 8 and len(y) >= 8 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.9
               for x in a for y in b)


def _merge_records(entities: dict[str, EntityRecord], canonical: dict[str, str]) -> dict[str, EntityRecord]:
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


def _rekey(statement: Statement, canonical: dict[str, str]) -> Statement:
    return Statement(canonical.get(statement.subject, statement.subject), statement.relation,
                     canonical.get(statement.object, statement.object), statement.evidence,
                     statement.start, statement.end, statement.confidence, statement.role, statement.date)
