"""The graph-to-RDF mapping: the graph as triples in the actorgraph ontology.

Data pattern (documented with a query in graph/queries/provenance.rq):

* each node is one resource ``mint_iri("node", id)``, typed ``ag:<Type>`` and
  ``schema:<Type>``, with ``schema:name``, ``schema:alternateName`` per alias,
  ``ag:key`` (the node id), ``ag:mentions`` and ``ag:source`` per document; a
  dated event has ``schema:startDate`` (its date as written, xsd:date,
  xsd:gYearMonth or xsd:gYear) and ``ag:dateStart``/``ag:dateEnd``, the days
  it covers as xsd:date (``schema.date_interval``), which range queries compare
  (graph/queries/events_in_range.rq);
* each edge is the direct triple ``subject ag:<relation> object``, so simple
  questions need no provenance joins, plus one ``ag:Statement`` per reading of
  the edge (its ``provenance``: every document and sentence it was read from)
  that restates it with ``rdf:subject``/``rdf:predicate``/``rdf:object`` and
  carries that reading's evidence, document, offsets and confidence, and the
  edge's role and date;
* each document is one ``schema:NewsArticle`` resource ``mint_iri("article",
  source)`` with ``ag:source`` (the document id) and, when the graph's
  ``articles`` attribute knows them, ``schema:headline``, ``schema:url``,
  ``schema:datePublished`` and ``schema:publisher`` (a ``schema:Organization``
  with a ``schema:name``). Statements and nodes point to the articles they
  come from with ``prov:wasDerivedFrom``.

Reification was chosen over one named graph per article because it fits in
plain Turtle (no TriG), and one query pattern reaches both the fact and its
evidence. A statement per reading (rather than per edge) keeps the evidence of
every article that said it, not only the most confident one.

Turtle and JSON-LD are streamed: triples are made one subject at a time and
written as they come (``turtle.TurtleWriter``, ``jsonld.JsonLdWriter``: this module
is the mapping, each serializer has its own), never gathered in an
rdflib ``Graph``. A corpus of 10,000 articles has hundreds of thousands of
statements; held in rdflib they cost gigabytes and most of a build's time. When
the build passes its ``ReadingLog``, every reading of every edge streams from
that file; otherwise the edges' own ``provenance`` is used. Subjects come in
graph order (nodes, edges with their statements, articles), one predicate per
line, so the same graph always gives the same bytes. ``to_rdf`` still builds an
rdflib ``Graph`` of the same triples for callers that want one in memory.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO

from ..errors import ExportError
from ..graph import distinct_readings
from ..resources import relation_vocabulary
from ..vocab import AG, PREFIXES, mint_iri, relation_property
from . import export, schema
from .jsonld import JsonLdWriter
from .turtle import TurtleWriter

LOGGER = logging.getLogger(__name__)

# The streaming serializer of each RDF format, by export format name.
SERIALIZERS = {"ttl": TurtleWriter, "jsonld": JsonLdWriter}

NODE_CLASSES = {
    "Person": (AG.Person, SDO.Person),
    "Organization": (AG.Organization, SDO.Organization),
    "Place": (AG.Place, SDO.Place),
    "Event": (AG.Event, SDO.Event),
}

# An article URL becomes an IRI only when every RDF tool can carry it as one.
_WEB_IRI = re.compile(r"https?://[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]+", re.IGNORECASE)
# Fields of one reading in an edge's ``provenance``.
_READING_FIELDS = ("source", "evidence", "start", "end", "confidence")

# ISO 8601 prefixes the graph uses for dates, by precision.
_DATE_FORMS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date, "%Y-%m-%d"),
    (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth, "%Y-%m"),
    (re.compile(r"\d{4}"), XSD.gYear, "%Y"),
)

# Lone surrogates cannot be encoded as UTF-8 at all; NUL ends the string in
# C-based RDF tools (rapper keeps only what precedes it).
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


# ((subject, object, edge key), reading): a ``ReadingLog`` entry, or a flat reading dict.
EdgeReading = tuple[tuple[Any, Any, Any], Any]


def to_rdf(graph: nx.MultiDiGraph, readings: Iterable[EdgeReading] | None = None) -> Graph:
    """The graph as an in-memory rdflib ``Graph`` (see the module docstring).

    Raises:
        ExportError: an edge has a relation that graph/vocabulary.json does not know.
    """
    rdf = Graph(bind_namespaces="core")
    for prefix, iri in PREFIXES.items():
        rdf.bind(prefix, iri, override=True)
    for triple in rdf_triples(graph, readings):
        rdf.add(triple)
    LOGGER.debug(
        "RDF graph: %d triples from %d nodes and %d edges",
        len(rdf),
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    return rdf


def rdf_triples(
    graph: nx.MultiDiGraph, readings: Iterable[EdgeReading] | None = None
) -> Iterator[tuple]:
    """Every triple of the export, the triples of one subject next to each other.

    ``readings`` gives every reading of every edge (a ``ReadingLog``); without it each
    edge's own ``provenance`` is read. Memory holds one subject's triples and the set of
    document ids, never the statements.
    """
    for node, data in graph.nodes(data=True):
        yield from _node_triples(node, data)
    edges = {}
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        edges[subject, obj, key] = _edge_terms(subject, obj, key, data)
        yield from _direct_triples(*edges[subject, obj, key][:3], data)
    documents = set(schema.names(graph.graph.get("sources")))
    if readings is None:
        readings = (
            (edge, reading) for edge in edges for reading in edge_readings(graph.edges[edge])
        )
    for (subject, obj, key), item in readings:
        terms = edges.get((subject, obj, key))
        if terms is None:
            continue  # a reading of an edge the graph does not hold
        reading = schema.reading_dict(item)
        yield from _statement_triples(
            subject, obj, key, terms, graph.edges[subject, obj, key], reading
        )
        if reading.get("source"):
            documents.add(str(reading["source"]))
    articles = schema.articles(graph.graph.get("articles"))
    documents.update(articles)
    documents.update(
        source for _, data in graph.nodes(data=True) for source in schema.names(data.get("sources"))
    )
    for source in sorted(documents):
        yield from _article_triples(source, articles.get(source, {}))


def write_rdf(
    graph: nx.MultiDiGraph,
    outs: Mapping[str, TextIO],
    readings: Iterable[EdgeReading] | None = None,
    **_options: object,
) -> None:
    """The registered writer of the RDF formats (see ``export``): the graph in each format of
    ``outs`` ({"ttl": stream, "jsonld": stream}), in one pass.

    Making the triples costs as much as writing them, so two formats share one stream of
    triples, each written by its format's serializer (``SERIALIZERS``).
    """
    writers = [SERIALIZERS[fmt](out) for fmt, out in outs.items()]
    for subject, predicate, obj in rdf_triples(graph, readings):
        for writer in writers:
            writer.add(subject, predicate, obj)
    for writer in writers:
        writer.close()


def write_turtle(
    graph: nx.MultiDiGraph, path: Path, readings: Iterable[EdgeReading] | None = None
) -> None:
    """Write the graph to ``path`` as Turtle (UTF-8), streamed, atomically."""
    export(graph, path, "ttl", readings)


def write_jsonld(
    graph: nx.MultiDiGraph, path: Path, readings: Iterable[EdgeReading] | None = None
) -> None:
    """Write the graph to ``path`` as JSON-LD (UTF-8) with the project's prefixes as its
    context, streamed, atomically."""
    export(graph, path, "jsonld", readings)


@functools.lru_cache(maxsize=16384)
def node_iri(node: Any) -> URIRef:
    """The IRI of a graph node, from its id."""
    return mint_iri("node", str(node))


def statement_iri(
    subject: Any, relation: str, obj: Any, key: Any = None, reading: dict[str, Any] | None = None
) -> URIRef:
    """The IRI of the statement behind one reading of an edge.

    ``build_graph`` keys each edge by its relation, so (subject, relation,
    object) is unique and stable; a hand-made graph with other keys gets the
    key added, so parallel edges never share a statement. A reading (one
    entry of ``edge_readings``) adds its document and offsets, which tell two
    readings of one edge apart and stay the same when articles are added.
    """
    parts = [str(subject), relation, str(obj)]
    if key is not None and key != relation:
        parts.append(str(key))
    if reading is not None:
        parts.append(str(reading.get("source") or ""))
        parts += [_offset_text(reading.get(name)) for name in ("start", "end")]
    return mint_iri("statement", "\t".join(parts))


def _offset_text(value: Any) -> str:
    """An offset as the IRI spells it: 120, "120" and 120.0 (GraphML's types) are all "120"."""
    number = schema.finite_number(value)
    if number is not None and number == int(number):
        return str(int(number))
    return "" if value is None else str(value)


@functools.lru_cache(maxsize=16384)
def article_iri(source: Any) -> URIRef:
    """The IRI of the ``schema:NewsArticle`` of one document, from its source id."""
    return mint_iri("article", str(source))


def edge_readings(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every reading of an edge, flat: its ``provenance``, or the edge's own fields when it has
    none. The same sentence of the same document read twice is one reading (the more
    confident, ``graph.distinct_readings``), so each statement IRI carries one value per field.
    """
    found = schema.readings(data.get("provenance"))
    if found is None:
        LOGGER.warning("edge provenance is not JSON; the edge's own evidence is used")
    if not found:
        found = [schema.as_reading({name: data.get(name) for name in _READING_FIELDS})]
    return [schema.reading_dict(reading) for reading in distinct_readings(found)]


def rdf_text(value: Any) -> Literal:
    """A plain string literal that every serialiser and parser can carry."""
    return Literal(_UNWRITABLE.sub(_replacement, str(value)))


def date_literal(value: str) -> Literal | None:
    """``2023-01-30`` -> xsd:date, ``2016-03`` -> xsd:gYearMonth, ``2014`` -> xsd:gYear.

    Returns None when the value is not one of those forms or not a real date
    (``2023-02-30``), so the caller can keep it as text instead.
    """
    for pattern, datatype, fmt in _DATE_FORMS:
        if pattern.fullmatch(value):
            try:
                dt.datetime.strptime(value, fmt)
            except ValueError:
                return None
            return Literal(value, datatype=datatype)
    return None


def _node_triples(node: Any, data: dict[str, Any]) -> Iterator[tuple]:
    iri = node_iri(node)
    node_type = str(data.get("type", ""))
    classes = NODE_CLASSES.get(node_type)
    if classes is None:
        LOGGER.warning("node %r has unknown type %r; exported without a class", node, node_type)
    else:
        for cls in classes:
            yield iri, RDF.type, cls
    yield iri, AG.key, rdf_text(node)
    if data.get("label"):
        yield iri, SDO.name, rdf_text(data["label"])
    for alias in schema.names(data.get("aliases")):
        yield iri, SDO.alternateName, rdf_text(alias)
    for source in schema.names(data.get("sources")):
        yield iri, AG.source, rdf_text(source)
        yield iri, PROV.wasDerivedFrom, article_iri(source)
    yield from _integer(iri, AG.mentions, data.get("mentions"))
    if node_type == "Place":
        yield from _place_triples(iri, data)
    elif node_type == "Event":
        yield from _event_triples(iri, data)


def _place_triples(iri: URIRef, data: dict[str, Any]) -> Iterator[tuple]:
    for attr, prop in (("lat", SDO.latitude), ("lon", SDO.longitude)):
        number = schema.finite_number(data.get(attr))
        if number is not None:
            yield iri, prop, Literal(_decimal(number), datatype=XSD.decimal)
    if data.get("country"):
        yield iri, AG.country, rdf_text(data["country"])


def _event_triples(iri: URIRef, data: dict[str, Any]) -> Iterator[tuple]:
    if data.get("event_type"):
        yield iri, AG.eventType, rdf_text(data["event_type"])
    yield from _event_date_triples(iri, str(data.get("date") or "").strip())
    yield from _integer(iri, AG.fatalities, data.get("fatalities"))
    yield from _integer(iri, AG.injured, data.get("injured"))
    if data.get("summary"):
        yield iri, AG.summary, rdf_text(data["summary"])


def _event_date_triples(iri: URIRef, date: str) -> Iterator[tuple]:
    """The date as written (``schema:startDate``, typed by precision) and the days it covers
    (``ag:dateStart``, ``ag:dateEnd``, xsd:date), which range filters compare: a FILTER on a
    gYearMonth never matches an xsd:date bound, so ``schema:startDate`` alone drops events
    dated only to a month or a year."""
    if not date:
        return
    literal = date_literal(date)
    interval = schema.date_interval(date)
    if literal is None or interval is None:
        LOGGER.warning("event %s: date %r is not ISO 8601; kept as ag:date text", iri, date)
        yield iri, AG.date, rdf_text(date)
        return
    yield iri, SDO.startDate, literal
    yield iri, AG.dateStart, Literal(interval[0], datatype=XSD.date)
    yield iri, AG.dateEnd, Literal(interval[1], datatype=XSD.date)


def _edge_terms(subject: Any, obj: Any, key: Any, data: dict[str, Any]) -> tuple:
    """(subject IRI, property, object IRI, label) of an edge, made once for all its statements."""
    relation = str(data.get("relation", ""))
    try:
        prop = relation_property(relation)
    except KeyError:
        raise ExportError(
            f"edge {subject!r} -> {obj!r} has unknown relation {relation!r}",
            hint="use a relation of graph/vocabulary.json (see ONTOLOGY.md)",
        ) from None
    label = rdf_text(data.get("label") or relation_vocabulary()[relation]["label"])
    return node_iri(subject), prop, node_iri(obj), label, Literal(relation)


def _direct_triples(
    subject_iri: URIRef, prop: URIRef, object_iri: URIRef, data: dict[str, Any]
) -> Iterator[tuple]:
    yield subject_iri, prop, object_iri
    if data.get("relation") == "occurred_in":
        yield subject_iri, SDO.location, object_iri


def _statement_triples(
    subject: Any, obj: Any, key: Any, terms: tuple, data: dict[str, Any], reading: dict[str, Any]
) -> Iterator[tuple]:
    """One ``ag:Statement``: the edge restated, with one reading's provenance and the edge's
    role and date."""
    subject_iri, prop, object_iri, label, relation_literal = terms
    relation = str(relation_literal)
    statement = statement_iri(subject, relation, obj, key, reading)
    yield statement, RDF.type, AG.Statement
    yield statement, RDF.subject, subject_iri
    yield statement, RDF.predicate, prop
    yield statement, RDF.object, object_iri
    yield statement, AG.relation, relation_literal
    yield statement, RDFS.label, label
    yield from _reading_triples(statement, reading)
    if data.get("role"):
        yield statement, AG.role, rdf_text(data["role"])
    if data.get("by"):
        yield statement, AG.by, node_iri(data["by"])
    date = str(data.get("date") or "").strip()
    if date:
        yield statement, AG.date, date_literal(date) or rdf_text(date)


def _reading_triples(statement: URIRef, reading: dict[str, Any]) -> Iterator[tuple]:
    """The provenance of one reading: evidence, document (and its article), offsets, confidence."""
    if reading.get("evidence"):
        yield statement, AG.evidence, rdf_text(reading["evidence"])
    if reading.get("source"):
        yield statement, AG.source, rdf_text(reading["source"])
        yield statement, PROV.wasDerivedFrom, article_iri(reading["source"])
    yield from _integer(statement, AG.startOffset, reading.get("start"))
    yield from _integer(statement, AG.endOffset, reading.get("end"))
    confidence = schema.finite_number(reading.get("confidence"))
    if confidence is not None:
        yield statement, AG.confidence, Literal(_decimal(confidence), datatype=XSD.decimal)
    if reading.get("rule"):
        yield statement, AG.rule, rdf_text(reading["rule"])


def _article_triples(source: str, article: dict[str, Any]) -> Iterator[tuple]:
    """One document as a schema:NewsArticle, with what the graph knows of it."""
    iri = article_iri(source)
    yield iri, RDF.type, SDO.NewsArticle
    yield iri, AG.source, rdf_text(source)
    title = str(article.get("title") or "").strip()
    if title:
        yield iri, SDO.headline, rdf_text(title)
    url = str(article.get("url") or "").strip()
    if url and _WEB_IRI.fullmatch(url):
        yield iri, SDO.url, URIRef(url)
    elif url:
        LOGGER.warning("article %s: url %r is not an http(s) IRI; left out", source, url)
    published = str(article.get("published") or "").strip()
    if published:
        yield iri, SDO.datePublished, _published_literal(published)
    publisher = str(article.get("publisher") or "").strip()
    if publisher:
        organization = mint_iri("publisher", publisher)
        yield iri, SDO.publisher, organization
        yield organization, RDF.type, SDO.Organization
        yield organization, SDO.name, rdf_text(publisher)


def _published_literal(value: str) -> Literal:
    """An ISO date (or year-month, year) typed as such, an ISO timestamp as xsd:dateTime,
    else text."""
    literal = date_literal(value)
    if literal is not None:
        return literal
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return rdf_text(value)
    if "T" in value:
        return Literal(value, datatype=XSD.dateTime)
    return rdf_text(value)


def _integer(iri: URIRef, prop: URIRef, value: Any) -> Iterator[tuple]:
    """One xsd:integer triple, or none when the value is absent or not a whole number."""
    if value is None or value == "":
        return
    try:
        number = float(value)
    except (TypeError, ValueError):
        LOGGER.warning("%s %s: %r is not a number; left out", iri, prop, value)
        return
    if math.isfinite(number) and number == int(number):
        yield iri, prop, Literal(int(number), datatype=XSD.integer)
    else:
        LOGGER.warning("%s %s: %r is not a whole number; left out", iri, prop, value)


def _decimal(number: float) -> str:
    """The xsd:decimal lexical form, 6 places at most: "0.9" or "34.008", never "1e-07"."""
    text = f"{number:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _replacement(match: re.Match[str]) -> str:
    return "" if match.group() == "\x00" else "\ufffd"
