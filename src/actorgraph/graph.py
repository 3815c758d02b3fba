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
    sources    str   every document the relation was read in, "|"-joined
    provenance str   JSON list, one object per reading: {"source", "evidence", "start", "end",
                     "confidence"}; evidence/source/start/end above are the most confident one

Graph attributes: ``name``, ``sources`` ("|"-joined documents) and ``articles`` (JSON list of
{"source", "title", "url", "published", "publisher"}, one per document).
"""

from __future__ import annotations

from collections.abc import Iterable

import json

import networkx as nx

from .model import ArticleExtraction
from .resources import relation_vocabulary


def build_graph(extractions: Iterable[ArticleExtraction]) -> nx.MultiDiGraph:
    """Merge per-article extractions into one graph, node by node and edge by edge.

    Nodes with the same key across articles are one node: mentions add up,
    aliases and sources are unions. An edge (subject, relation, object) seen
    several times keeps the most confident evidence and counts its sources.
    """
    graph = nx.MultiDiGraph(name="actorgraph")
    vocabulary = relation_vocabulary()
    documents: list[str] = []
    articles: list[dict[str, str]] = []
    readings: dict[tuple[str, str, str], list[dict]] = {}  # serialised once at the end, not per reading
    for extraction in extractions:
        article = extraction.article
        source = article.source
        documents.append(source)
        articles.append({"source": source, "title": article.title, "url": article.url,
                         "published": article.published, "publisher": article.publisher})
        for entity in extraction.entities.values():
            _add_node(graph, entity.key, entity.label, entity.type, entity.aliases,
                      entity.mentions, source)
            node = graph.nodes[entity.key]
            if entity.lat is not None and entity.lon is not None:
                node["lat"], node["lon"] = float(entity.lat), float(entity.lon)
            if entity.country:
                node["country"] = entity.country
        for event in extraction.events.values():
            _add_node(graph, event.key, event.label, "Event", event.aliases, event.mentions,
                      source)
            node = graph.nodes[event.key]
            node["event_type"] = event.event_type
            if len(event.date) > len(node.get("date", "")):  # the most precise date any article gives
                node["date"] = event.date
            node.setdefault("date", "")
            node["summary"] = node.get("summary") or event.summary
            for attr in ("fatalities", "injured"):
                value = getattr(event, attr)
                if value is not None:
                    node[attr] = max(int(value), int(node.get(attr, 0)))
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
            reading = {"source": source, "evidence": st.evidence, "start": int(st.start), "end": int(st.end),
                       "confidence": attrs["confidence"]}
            readings.setdefault((st.subject, st.object, st.relation), []).append(reading)
            if graph.has_edge(st.subject, st.object, key=st.relation):
                current = graph.edges[st.subject, st.object, st.relation]
                if attrs["confidence"] > current["confidence"]:
                    current.update(attrs)
                continue
            graph.add_edge(st.subject, st.object, key=st.relation, **attrs)
    for (subject, obj, relation), found in readings.items():
        graph.edges[subject, obj, relation].update(
            sources="|".join(sorted({r["source"] for r in found})),
            provenance=json.dumps(found, ensure_ascii=False))
    graph.graph["sources"] = "|".join(documents)
    graph.graph["articles"] = json.dumps(articles, ensure_ascii=False)
    return graph


def _add_node(graph: nx.MultiDiGraph, key: str, label: str, type_: str, aliases: Iterable[str],
              mentions: int, source: str) -> None:
    if key not in graph:
        graph.add_node(key, id=key, label=label, type=type_, aliases="", mentions=0, sources="")
    node = graph.nodes[key]
    names = {node["label"], label, *filter(None, node["aliases"].split("|")), *aliases} - {""}
    # Of the labels the articles gave, the fullest wins whatever order they come in (ties: the
    # sorted-first); every other name is an alias, so no surface form is lost.
    node["label"] = max({node["label"], label} - {""}, key=lambda name: (len(name), [-ord(c) for c in name]))
    node["aliases"] = "|".join(sorted(names - {node["label"]}))
    node["mentions"] = int(node["mentions"]) + int(mentions)
    sources = set(filter(None, node["sources"].split("|"))) | {source}
    node["sources"] = "|".join(sorted(sources))


def most_connected(graph: nx.MultiDiGraph, limit: int = 5) -> list[tuple[str, int]]:
    """Actors (non-event nodes) by degree, for the build summary."""
    actors = [(data["label"], graph.degree(node)) for node, data in graph.nodes(data=True)
              if data.get("type") != "Event"]
    return sorted(actors, key=lambda item: (-item[1], item[0]))[:limit]
