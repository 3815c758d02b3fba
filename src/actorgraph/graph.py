"""The one graph model every exporter reads.

``build_graph`` is the only writer of node and edge attributes. The schema is
the contract of ONTOLOGY.md, with scalar values only (GraphML, pyvis and RDF
all want scalars; lists are ``|``-joined strings):

Nodes (key = ``id``)::

    id        str   "organization/tehreek-e-taliban-pakistan"
    label     str   canonical name ("Tehreek-e-Taliban Pakistan")
    type      str   Person | Organization | Place | Event
    aliases   str   other surface forms, "|"-joined, sorted ("" when none)
    mentions  int   mentions resolved to the node
    sources   str   documents it was seen in, "|"-joined
    Place:    lat, lon (float), country (ISO 3166 alpha-2) -- only when known
    Event:    event_type (str), date (str, ISO prefix or ""), summary (str),
              fatalities, injured (int) -- only when known

Edges (``MultiDiGraph``, key = relation)::

    relation   str   one predicate of the vocabulary ("claimed_responsibility")
    label      str   the predicate in words ("claimed responsibility")
    evidence   str   the sentence it was read from
    source     str   document it came from
    start,end  int   offsets of the sentence in that document's cleaned text
    confidence float 0.0-1.0
    role, date str   optional (holds_position/member_of role; statement date)
    by         str   optional, blamed_for only: the accuser's node id
    sources    str   every document the relation was read in, "|"-joined
    readings   int   how many readings (article and sentence) support it
    provenance str   JSON list of the ``PROVENANCE_KEPT`` most confident readings, in reading
                     order: {"source", "evidence", "start", "end", "confidence", "rule"};
                     evidence/source/start/end above are the most confident one. Every reading,
                     however many, goes to the ``ReadingLog`` when one is given (the RDF
                     exporters write one statement per reading from it).

Graph attributes: ``name``, ``sources`` ("|"-joined documents) and ``articles`` (JSON list of
{"source", "title", "url", "published", "publisher"}, one per document).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from .model import ArticleExtraction
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

    def add(self, edge: Edge, reading: dict[str, Any]) -> None:
        self._out.write(json.dumps([*edge, reading], ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self) -> Iterator[tuple[Edge, dict[str, Any]]]:
        self._out.flush()
        with self.path.open(encoding="utf-8", errors="surrogatepass") as lines:
            for line in lines:
                subject, obj, relation, reading = json.loads(line)
                yield (subject, obj, relation), reading

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
        self.kept: list[tuple[int, dict]] = []  # (reading number, reading)

    def add(self, reading: dict) -> None:
        self.sources.add(reading["source"])
        self.kept.append((self.count, reading))
        self.count += 1
        if len(self.kept) >= 2 * PROVENANCE_KEPT:  # trim now and then, not at every reading
            self._trim()

    def _trim(self) -> None:
        best = sorted(self.kept, key=lambda item: (-item[1]["confidence"], item[0]))[
            :PROVENANCE_KEPT
        ]
        self.kept = sorted(best, key=lambda item: item[0])

    def provenance(self) -> str:
        self._trim()
        return json.dumps([reading for _, reading in self.kept], ensure_ascii=False)


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
            if len(event.date) > len(
                node.get("date", "")
            ):  # the most precise date any article gives
                node["date"] = event.date
            node.setdefault("date", "")
            node["summary"] = node.get("summary") or event.summary
            for attr in ("fatalities", "injured"):
                value = getattr(event, attr)
                if value is not None:
                    node[attr] = max(int(value), int(node.get(attr, 0)))
        article_readings: dict[tuple, tuple[Edge, dict]] = {}
        for st in extraction.statements:
            if st.subject not in graph or st.object not in graph:
                continue
            attrs = {
                "relation": st.relation,
                "label": vocabulary[st.relation]["label"],
                "evidence": st.evidence,
                "source": source,
                "start": int(st.start),
                "end": int(st.end),
                "confidence": round(float(st.confidence), 3),
            }
            if st.role:
                attrs["role"] = st.role
            if st.date:
                attrs["date"] = st.date
            if st.by and st.by in graph:
                attrs["by"] = st.by
            reading = {
                "source": source,
                "evidence": st.evidence,
                "start": int(st.start),
                "end": int(st.end),
                "confidence": attrs["confidence"],
                "rule": st.rule,
            }
            edge = (st.subject, st.object, st.relation)
            # Two statements of one article can land on one edge once resolution merged their
            # keys; the same sentence read twice is one reading (the more confident).
            seen = article_readings.get((edge, reading["start"], reading["end"]))
            if seen is None or reading["confidence"] > seen[1]["confidence"]:
                article_readings[edge, reading["start"], reading["end"]] = (edge, reading)
            if graph.has_edge(st.subject, st.object, key=st.relation):
                current = graph.edges[st.subject, st.object, st.relation]
                if attrs["confidence"] > current["confidence"]:
                    current.update(attrs)
                continue
            graph.add_edge(st.subject, st.object, key=st.relation, **attrs)
        for edge, reading in article_readings.values():
            edge_readings.setdefault(edge, _EdgeReadings()).add(reading)
            if readings is not None:
                readings.add(edge, reading)
    for (subject, obj, relation), found in edge_readings.items():
        graph.edges[subject, obj, relation].update(
            sources="|".join(sorted(found.sources)),
            readings=found.count,
            provenance=found.provenance(),
        )
    for key, names in node_names.items():
        names.write(graph.nodes[key])
    graph.graph["sources"] = "|".join(documents)
    graph.graph["articles"] = json.dumps(articles, ensure_ascii=False)
    return graph


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
        node["aliases"] = "|".join(sorted(self.names - {self.label}))
        node["sources"] = "|".join(sorted(self.sources))


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
        graph.add_node(key, id=key, label=label, type=type_, aliases="", mentions=0, sources="")
        node_names[key] = _NodeNames(label)
    node_names[key].add(label, aliases, source)
    graph.nodes[key]["mentions"] += int(mentions)


def most_connected(graph: nx.MultiDiGraph, limit: int = 5) -> list[tuple[str, int]]:
    """Actors (non-event nodes) by degree, for the build summary."""
    actors = [
        (data["label"], graph.degree(node))
        for node, data in graph.nodes(data=True)
        if data.get("type") != "Event"
    ]
    return sorted(actors, key=lambda item: (-item[1], item[0]))[:limit]
