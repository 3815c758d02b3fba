"""The one graph model every exporter reads, and the one place readings and dates are merged.

``build_graph`` is the only writer of node and edge attributes. The schema is
the contract of ONTOLOGY.md. Values are typed (tuples, ``Reading`` objects); each format's
scalars (``|``-joined strings, JSON provenance) are made once, in ``export/schema.py``.

Nodes (key = ``id``)::

    id        str   "organization/tehreek-e-taliban-pakistan"
    label     str   canonical name ("Tehreek-e-Taliban Pakistan")
    type      str   Person | Organization | Place | Event
    aliases   tuple[str]  other surface forms, sorted (() when none)
    mentions  int   mentions resolved to the node
    sources   tuple[str]  documents it was seen in, sorted
    Place:    lat, lon (float), country (ISO 3166 alpha-2) -- only when known
    Event:    event_type (str), date (str, ISO prefix or ""), summary (str),
              fatalities, injured (int) -- only when known
    corrections  tuple[str]  the user's corrections that changed it (merge, split, rename,
              retype), one line each with the note -- only when there are any

Edges (``MultiDiGraph``, key = relation)::

    relation   str   one predicate of the vocabulary ("claimed_responsibility")
    label      str   the predicate in words ("claimed responsibility")
    evidence   str   the sentence it was read from
    source     str   document it came from
    start,end  int   offsets of the sentence in that document's cleaned text
    confidence float 0.0-1.0
    role, date str   optional (holds_position/member_of role; statement date)
    by         str   optional, blamed_for only: the accuser's node id
    sources    tuple[str]      every document the relation was read in, sorted
    readings   int             how many readings (article and sentence) support it
    provenance tuple[Reading]  the ``PROVENANCE_KEPT`` most confident readings, in reading
                     order; evidence/source/start/end above are the most confident one. Every
                     reading, however many, goes to the ``ReadingLog`` when one is given (the RDF
                     exporters write one statement per reading from it).

Graph attributes: ``name``, ``sources`` (tuple of documents, in reading order), ``articles``
(tuple of {"source", "title", "url", "published", "publisher"}, one per document) and, when a
build was given corrections, ``corrections`` (tuple of str, one line per correction applied).
A user's added edge is an edge like any other; its reading has the rule id ``correction``,
the user's note as evidence and the corrections file as source (``add_reading``).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import networkx as nx

from .knowledge import merge_date
from .model import ArticleExtraction, Reading, Statement, source_label
from .resources import relation_vocabulary

# Readings an edge carries in memory (and so in GraphML, GEXF, the CSV tables and the page):
# the most confident ones. An edge read in thousands of articles would otherwise hold thousands
# of sentences in memory and in every export; ``sources`` and ``readings`` still count them all.
PROVENANCE_KEPT = 20

Edge = tuple[str, str, str]  # (subject, object, relation)


class ReadingLog:
    """Every reading of every edge, spooled to a temporary file as the graph is built.

    A corpus of 10,000 articles has hundreds of thousands of readings: kept in memory they
    would make memory grow with the corpus. The log keeps them on disk, one JSON line
    each, and streams them back in the order they were read, as often as asked (the Turtle and
    the JSON-LD writer each read it once). ``close`` deletes the file.
    """

    def __init__(self, folder: Path | None = None) -> None:
        fd, name = tempfile.mkstemp(prefix="actorgraph-readings-", suffix=".jsonl", dir=folder)
        self.path = Path(name)
        self._out = os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass")
        self.count = 0

    def add(self, edge: Edge, reading: Reading) -> None:
        self._out.write(json.dumps([*edge, asdict(reading)], ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self) -> Iterator[tuple[Edge, Reading]]:
        self._out.flush()
        with self.path.open(encoding="utf-8", errors="surrogatepass") as lines:
            for line in lines:
                subject, obj, relation, fields = json.loads(line)
                yield (subject, obj, relation), Reading(**fields)

    def close(self) -> None:
        self._out.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> ReadingLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _EdgeReadings:
    """One edge's sources, reading count and its ``PROVENANCE_KEPT`` most confident readings."""

    __slots__ = ("sources", "count", "kept")

    def __init__(self) -> None:
        self.sources: set[str] = set()
        self.count = 0
        self.kept: list[tuple[int, Reading]] = []  # (reading number, reading)

    def add(self, reading: Reading) -> None:
        self.sources.add(reading.source)
        self.kept.append((self.count, reading))
        self.count += 1
        if len(self.kept) >= 2 * PROVENANCE_KEPT:  # trim now and then, not at every reading
            self._trim()

    def _trim(self) -> None:
        best = sorted(self.kept, key=lambda item: (-item[1].confidence, item[0]))[:PROVENANCE_KEPT]
        self.kept = sorted(best, key=lambda item: item[0])

    def provenance(self) -> tuple[Reading, ...]:
        self._trim()
        return tuple(reading for _, reading in self.kept)


def confidence_of(reading: Reading) -> float:
    """A reading's confidence as a number; 0.0 when a hand-made one has none or a bad one."""
    try:
        number = float(reading.confidence)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def strongest(readings: Iterable[Reading]) -> Reading | None:
    """The most confident reading (the first of equals): what an edge shows as its evidence."""
    best: Reading | None = None
    for reading in readings:
        if best is None or confidence_of(reading) > confidence_of(best):
            best = reading
    return best


def distinct_readings(readings: Iterable[Reading]) -> list[Reading]:
    """One reading per sentence of a document (the more confident), in first-seen order.

    The same sentence read twice (two rules, or two statements resolution merged) is one
    reading, so each statement an exporter writes for it carries one value per field.
    """
    unique: dict[tuple[str, str, str], Reading] = {}
    for reading in readings:
        ident = (str(reading.source), str(reading.start), str(reading.end))
        unique[ident] = strongest(filter(None, (unique.get(ident), reading)))  # type: ignore[assignment]
    return list(unique.values())


def build_graph(
    extractions: Iterable[ArticleExtraction], readings: ReadingLog | None = None
) -> nx.MultiDiGraph:
    """Merge per-article extractions into one graph, node by node and edge by edge.

    Nodes with the same key across articles are one node: mentions add up,
    aliases and sources are unions. An edge (subject, relation, object) seen
    several times keeps the most confident evidence and counts its sources.
    Memory grows with the distinct nodes and edges, not with the readings: every
    reading goes to ``readings`` (when given), the edge keeps the most confident few.
    """
    graph = nx.MultiDiGraph(name="actorgraph")
    vocabulary = relation_vocabulary()
    documents: list[str] = []
    articles: list[dict[str, str]] = []
    edge_readings: dict[Edge, _EdgeReadings] = {}  # serialised once at the end, not per reading
    node_names: dict[str, _NodeNames] = {}  # likewise: joining per article would be quadratic
    for extraction in extractions:
        article = extraction.article
        source = article.source
        documents.append(source)
        articles.append(
            {
                "source": source,
                "title": article.title,
                "url": article.url,
                "published": article.published,
                "publisher": article.publisher,
            }
        )
        for entity in extraction.entities.values():
            _add_node(
                graph,
                node_names,
                entity.key,
                entity.label,
                entity.type,
                entity.aliases,
                entity.mentions,
                source,
            )
            node = graph.nodes[entity.key]
            if entity.lat is not None and entity.lon is not None:
                node["lat"], node["lon"] = float(entity.lat), float(entity.lon)
            if entity.country:
                node["country"] = entity.country
        for event in extraction.events.values():
            _add_node(
                graph,
                node_names,
                event.key,
                event.label,
                "Event",
                event.aliases,
                event.mentions,
                source,
            )
            node = graph.nodes[event.key]
            node["event_type"] = event.event_type
            node["date"] = merge_date(node.get("date", ""), event.date)
            node["summary"] = node.get("summary") or event.summary
            for attr in ("fatalities", "injured"):
                value = getattr(event, attr)
                if value is not None:
                    node[attr] = max(int(value), int(node.get(attr, 0)))
        article_readings: dict[tuple[Edge, int, int], tuple[Edge, Reading]] = {}
        for st in extraction.statements:
            if st.subject not in graph or st.object not in graph:
                continue
            edge = (st.subject, st.object, st.relation)
            reading = _reading(st, source, graph)
            # Two statements of one article can land on one edge once resolution merged their
            # keys; the same sentence read twice is one reading (the more confident).
            seen = article_readings.get((edge, reading.start, reading.end))
            if seen is None or reading.confidence > seen[1].confidence:
                article_readings[edge, reading.start, reading.end] = (edge, reading)
            _add_edge(graph, edge, _edge_attrs(st, reading, vocabulary))
        for edge, reading in article_readings.values():
            edge_readings.setdefault(edge, _EdgeReadings()).add(reading)
            if readings is not None:
                readings.add(edge, reading)
    for (subject, obj, relation), found in edge_readings.items():
        graph.edges[subject, obj, relation].update(
            sources=tuple(sorted(found.sources)),
            readings=found.count,
            provenance=found.provenance(),
        )
    for key, names in node_names.items():
        names.write(graph.nodes[key])
    graph.graph["sources"] = tuple(documents)
    graph.graph["articles"] = tuple(articles)
    return graph


def _reading(statement: Statement, source: str, graph: nx.MultiDiGraph) -> Reading:
    """The reading a statement gives; the accuser only when it is a node of the graph."""
    return Reading(
        source=source,
        evidence=statement.evidence,
        start=int(statement.start),
        end=int(statement.end),
        confidence=round(float(statement.confidence), 3),
        rule=statement.rule,
        by=statement.by if statement.by and statement.by in graph else "",
    )


def _edge_attrs(
    statement: Statement, reading: Reading, vocabulary: dict[str, Any]
) -> dict[str, Any]:
    """An edge's own attributes as one reading gives them (its evidence, role, date, accuser)."""
    attrs: dict[str, Any] = {
        "relation": statement.relation,
        "label": vocabulary[statement.relation]["label"],
        "evidence": reading.evidence,
        "source": reading.source,
        "start": reading.start,
        "end": reading.end,
        "confidence": reading.confidence,
    }
    if statement.role:
        attrs["role"] = statement.role
    if statement.date:
        attrs["date"] = statement.date
    if reading.by:
        attrs["by"] = reading.by
    return attrs


def _add_edge(graph: nx.MultiDiGraph, edge: Edge, attrs: dict[str, Any]) -> None:
    """Add the edge, or let a more confident reading replace what it shows.

    An attribute the new reading lacks (a role, a date) is kept from the earlier one.
    """
    subject, obj, relation = edge
    if not graph.has_edge(subject, obj, key=relation):
        graph.add_edge(subject, obj, key=relation, **attrs)
        return
    current = graph.edges[subject, obj, relation]
    if attrs["confidence"] > current["confidence"]:
        current.update(attrs)


class _NodeNames:
    """One node's labels, aliases and sources as sets while the graph is built."""

    __slots__ = ("label", "names", "sources")

    def __init__(self, label: str) -> None:
        self.label = label
        self.names: set[str] = set()
        self.sources: set[str] = set()

    def add(self, label: str, aliases: Iterable[str], source: str) -> None:
        # Of the labels the articles gave, the fullest wins whatever order they come in (ties:
        # the sorted-first); every other name is an alias, so no surface form is lost.
        self.label = max(
            {self.label, label} - {""}, key=lambda name: (len(name), [-ord(c) for c in name])
        )
        self.names.update(name for name in (label, *aliases) if name)
        self.sources.add(source)

    def write(self, node: dict[str, Any]) -> None:
        node["label"] = self.label
        node["aliases"] = tuple(sorted(self.names - {self.label}))
        node["sources"] = tuple(sorted(self.sources))


def _add_node(
    graph: nx.MultiDiGraph,
    node_names: dict[str, _NodeNames],
    key: str,
    label: str,
    type_: str,
    aliases: Iterable[str],
    mentions: int,
    source: str,
) -> None:
    if key not in graph:
        graph.add_node(key, id=key, label=label, type=type_, aliases=(), mentions=0, sources=())
        node_names[key] = _NodeNames(label)
    node_names[key].add(label, aliases, source)
    graph.nodes[key]["mentions"] += int(mentions)


def add_reading(
    graph: nx.MultiDiGraph,
    edge: Edge,
    reading: Reading,
    readings: ReadingLog | None = None,
    *,
    role: str = "",
    date: str = "",
) -> None:
    """Add one reading to the built graph: the edge if it is new, else one more reading of it.

    For readings that come from no article, a user's added edge (``corrections.py``, rule
    ``correction``): the edge's ``sources``, ``readings`` and ``provenance`` count it as
    ``build_graph`` counts an article's, and the ``ReadingLog`` gets it, so RDF writes it too.
    Both nodes must be in the graph.
    """
    subject, obj, relation = edge
    statement = Statement(
        subject, relation, obj, reading.evidence, reading.start, reading.end,
        reading.confidence, role=role, date=date, rule=reading.rule,
    )  # fmt: skip
    _add_edge(graph, edge, _edge_attrs(statement, reading, relation_vocabulary()))
    data = graph.edges[subject, obj, relation]
    found = _EdgeReadings()
    for earlier in data.get("provenance", ()):
        found.add(earlier)
    found.add(reading)
    data.update(
        sources=tuple(sorted({*data.get("sources", ()), reading.source})),
        readings=int(data.get("readings", 0)) + 1,
        provenance=found.provenance(),
    )
    if readings is not None:
        readings.add(edge, reading)


def note_correction(graph: nx.MultiDiGraph, text: str, nodes: Iterable[str] = ()) -> None:
    """Record a user's correction (``corrections.py``) in the graph: ``text`` (one line: what,
    and the user's note) joins the graph's ``corrections`` and those of each node it changed."""
    graph.graph["corrections"] = (*graph.graph.get("corrections", ()), text)
    for node in nodes:
        if node in graph:
            data = graph.nodes[node]
            data["corrections"] = (*data.get("corrections", ()), text)


def source_labels(graph: nx.Graph) -> dict[str, str]:
    """Each document of the graph as a person reads it ("Headline — Outlet, 2023-01-30"),
    by its id: what an exporter shows where it lists ``sources`` or an edge's ``source``.

    Built from the graph's ``articles`` (``model.source_label``); a document the graph has no
    metadata for reads as its id, a relative path or URL (``Article.source``).
    """
    sources = graph.graph.get("sources") or ()
    articles = graph.graph.get("articles") or ()
    if isinstance(sources, str):  # a graph read back from GraphML carries the flat forms
        sources = sources.split("|")
    if isinstance(articles, str):
        try:
            articles = json.loads(articles)
        except json.JSONDecodeError:
            articles = ()
    labels = {str(source): str(source) for source in sources if source}
    for item in articles if isinstance(articles, (list, tuple)) else ():
        if isinstance(item, dict) and item.get("source"):
            labels[str(item["source"])] = source_label(
                str(item["source"]),
                str(item.get("title") or ""),
                str(item.get("publisher") or ""),
                str(item.get("published") or ""),
                str(item.get("url") or ""),
            )
    return labels


def most_connected(graph: nx.MultiDiGraph, limit: int = 5) -> list[tuple[str, int]]:
    """Actors (non-event nodes) by degree, for the build summary."""
    actors = [
        (data["label"], graph.degree(node))
        for node, data in graph.nodes(data=True)
        if data.get("type") != "Event"
    ]
    return sorted(actors, key=lambda item: (-item[1], item[0]))[:limit]
