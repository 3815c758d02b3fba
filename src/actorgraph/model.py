"""Plain dataclasses that cross the step boundaries.

ingest -> ``Article``; extract -> ``ArticleExtraction`` (entities, events and relation
``Statement``s, with offsets into ``Article.text``) or an ``ExtractionFailure``; resolve -> the
same ``ArticleExtraction``s, their keys rewritten to one node per real-world entity and event;
graph -> one ``Reading`` per statement on each edge. They hold strings, numbers and offsets
only: no spaCy, networkx or rdflib objects, so every stage can be tested, cached and serialised
on its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

NODE_TYPES = ("Person", "Organization", "Place", "Event")

EVENT_TYPES = (
    "bombing",
    "suicide_bombing",
    "armed_attack",
    "assassination",
    "kidnapping",
    "military_operation",
    "ceasefire",
    "negotiation",
    "takeover",
    "protest",
    "death",
    "other",
)


@dataclass(frozen=True)
class Article:
    """One cleaned article. ``text`` is what every offset in the graph refers to."""

    source: str  # document id: path relative to the input, URL or record id; never absolute
    text: str
    title: str = ""
    byline: str = ""
    dateline: str = ""  # place named in the dateline or byline ("MOGADISHU", "in Islamabad")
    published: str = ""  # ISO date the relative dates resolve against ("" when unknown)
    url: str = ""
    publisher: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def label(self) -> str:
        """How a person reads this source: ``source_label`` of its metadata."""
        return source_label(self.source, self.title, self.publisher, self.published, self.url)


def source_label(
    source: str, title: str = "", publisher: str = "", published: str = "", url: str = ""
) -> str:
    """A source as a person reads it: "Headline — Outlet, 2023-01-30", from what is known.

    Exports list sources by id (``Article.source``: a relative path, a URL or a record id),
    which says where the file is, not what it is; this is the line to show next to or instead
    of the id. Without a headline the URL stands for it, without either the id. Not part of
    ``to_dict``, so the extraction cache's keys and rows do not depend on it.
    """
    name = " ".join(str(title or "").split()) or str(url or "").strip() or str(source)
    details = ", ".join(
        part for part in (str(publisher or "").strip(), str(published or "").strip()) if part
    )
    return f"{name} — {details}" if details else name


@dataclass(frozen=True)
class Mention:
    """A surface mention of a Person, Organization or Place in an article."""

    text: str
    type: str
    start: int
    end: int
    key: str = (
        ""  # dictionary id when the name is known ("organization/tehreek-e-taliban-pakistan")
    )


@dataclass
class EntityRecord:
    """An entity within one article after alias resolution."""

    key: str  # node id, e.g. "organization/tehreek-e-taliban-pakistan"
    label: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    lat: float | None = None
    lon: float | None = None
    country: str = ""
    namesake: bool = False  # a local group named like a dictionary entry: never merged with it


@dataclass
class EventRecord:
    """One real-world incident, its mentions merged."""

    key: str
    label: str
    event_type: str
    date: str = ""
    place: str = ""  # entity key of the place it occurred in
    fatalities: int | None = None
    injured: int | None = None
    summary: str = ""
    mentions: int = 0
    aliases: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Statement:
    """A relation read from one sentence: subject and object are node keys."""

    subject: str
    relation: str
    object: str
    evidence: str
    start: int
    end: int
    confidence: float
    role: str = ""
    date: str = ""
    rule: str = ""  # id of the rule that read it ("verb:claimed_responsibility:claim"), for tracing
    by: str = ""  # blamed_for: node key of the accuser, where the text names one


@dataclass(frozen=True)
class Reading:
    """One sentence of one document that supports an edge: the unit of provenance.

    Built from a ``Statement`` by ``graph.build_graph``, which alone decides which readings an
    edge keeps; exporters only flatten them (``export/schema.py``). Values are kept as given,
    so a hand-made graph's odd ones (a missing offset) reach each format as they always did.
    """

    source: str  # the document id
    evidence: str
    start: int
    end: int
    confidence: float
    rule: str = ""  # id of the rule that read it, for tracing a wrong edge
    by: str = ""  # blamed_for: the accuser's node id, where the text names one


@dataclass(frozen=True)
class ExtractionFailure:
    """An article whose extraction raised or ran over its time budget: reported, never cached.

    ``kind`` is ``"error"`` (an exception in the parser or a rule) or ``"timeout"``; ``reason``
    says which, in one line a summary can print.
    """

    article: Article
    reason: str
    kind: str = "error"


@dataclass
class ArticleExtraction:
    """Everything read from one article, resolved within the article."""

    article: Article
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    events: dict[str, EventRecord] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (sets become sorted lists), for the extraction cache."""
        return {
            "article": asdict(self.article),
            "entities": [
                dict(asdict(e), aliases=sorted(e.aliases)) for e in self.entities.values()
            ],
            "events": [dict(asdict(e), aliases=sorted(e.aliases)) for e in self.events.values()],
            "statements": [asdict(s) for s in self.statements],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleExtraction:
        entities = [EntityRecord(**dict(e, aliases=set(e["aliases"]))) for e in data["entities"]]
        events = [EventRecord(**dict(e, aliases=set(e["aliases"]))) for e in data["events"]]
        return cls(
            article=Article(**data["article"]),
            entities={e.key: e for e in entities},
            events={e.key: e for e in events},
            statements=[Statement(**s) for s in data["statements"]],
        )
