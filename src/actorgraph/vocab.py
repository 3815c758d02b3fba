"""The RDF terms of actorgraph, and the one place IRIs are made.

``AG`` mirrors ``graph/ontology.ttl`` term by term as a closed
``DefinedNamespace``: a misspelt term is an ``AttributeError`` at the line
that uses it, not a silently wrong IRI in the export. ``tests/test_vocab.py``
checks the mirror both ways.

``mint_iri`` is the only IRI factory for data. Node ids are chosen by the
resolver and usually look like ``organization/tehreek-e-taliban-pakistan``,
but they come from article text, so they may hold anything (quotes, markup,
spaces, newlines, bidi marks, any script, any length). A clean id is kept
readable in the IRI; anything else becomes a slug plus a hash of the whole
id, so the IRI is always valid for every RDF tool and never collides.
"""

import functools
import hashlib
import re
import unicodedata

from rdflib import RDF, RDFS, XSD, Namespace, URIRef
from rdflib.namespace import PROV, SDO, DefinedNamespace

from .resources import relation_vocabulary

ONTOLOGY_IRI = "https://w3id.org/actorgraph/ontology#"
DATA_BASE = "https://w3id.org/actorgraph/id/"

# Prefixes bound in every export and predeclared in every query.
PREFIXES = {
    "ag": ONTOLOGY_IRI,
    "schema": str(SDO),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "prov": str(PROV),
}

# One path segment that needs no escaping anywhere: it starts and ends with a
# letter or digit, so it is never "." or ".." (which IRI resolution would
# collapse) and never empty. No "~": that marks the hashed form below.
_SEGMENT = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_VERBATIM_KEY = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
_KIND = re.compile(r"[a-z][a-z0-9-]*")
_ASCII_RUNS = re.compile(r"[a-z0-9]+")
MAX_VERBATIM = 200  # longer ids are hashed: keeps IRIs short enough for any store
SLUG_LENGTH = 60  # readable prefix kept in front of the hash
HASH_LENGTH = 24  # hex digits of SHA-256 (96 bits): collisions are not a practical concern


class AG(DefinedNamespace):
    """The actorgraph ontology (graph/ontology.ttl)."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # Classes
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Event: URIRef
    Statement: URIRef

    # Relations (object properties), one per entry of graph/vocabulary.json
    perpetrated: URIRef
    claimedResponsibility: URIRef
    deniedResponsibility: URIRef
    blamedFor: URIRef
    targeted: URIRef
    occurredIn: URIRef
    participatedIn: URIRef
    basedIn: URIRef
    locatedIn: URIRef
    partOf: URIRef
    memberOf: URIRef
    leaderOf: URIRef
    alliedWith: URIRef
    affiliatedWith: URIRef
    holdsPosition: URIRef
    opposes: URIRef
    negotiatedWith: URIRef
    bannedBy: URIRef
    designatedBy: URIRef
    spokeTo: URIRef
    borders: URIRef

    # Node attributes (datatype properties)
    key: URIRef
    mentions: URIRef
    country: URIRef
    eventType: URIRef
    fatalities: URIRef
    injured: URIRef
    summary: URIRef
    source: URIRef
    dateStart: URIRef
    dateEnd: URIRef

    # Statement (edge provenance) attributes
    relation: URIRef
    evidence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    confidence: URIRef
    rule: URIRef
    by: URIRef
    role: URIRef
    date: URIRef


def mint_iri(kind: str, key: str) -> URIRef:
    """The IRI of one resource: ``DATA_BASE + kind + "/" + local part``.

    Args:
        kind: the resource family, a lowercase word chosen by code ("node",
            "statement"); keeps families apart so they can never collide.
        key: any string, e.g. a node id. A key made of "/"-separated
            segments of ASCII letters, digits, ".", "_" and "-" (each starting
            and ending with a letter or digit, 200 characters at most) is used
            as it is. Any other key becomes ``slug~hash``: the letters and
            digits of the key, lowercased, joined by "-" and cut to 60
            characters, then "~" and 24 hex digits of the SHA-256 of the
            whole key. "~" never occurs in a verbatim key, so the two forms
            cannot collide.

    Returns:
        The same IRI for the same (kind, key), in every run and process.

    Raises:
        ValueError: ``kind`` is not a lowercase word (a programming error).
    """
    if not _KIND.fullmatch(kind):
        raise ValueError(f"IRI kind must be a lowercase word, got {kind!r}")
    return URIRef(f"{DATA_BASE}{kind}/{_local_part(key)}")


def relation_property(relation: str) -> URIRef:
    """The ag: property of a relation of graph/vocabulary.json ("claimed_responsibility").

    Raises:
        KeyError: the relation is not in the vocabulary.
    """
    spec = relation_vocabulary().get(relation)
    if spec is None:
        raise KeyError(relation)
    return AG[spec["property"]]


def _local_part(key: str) -> str:
    if len(key) <= MAX_VERBATIM and _VERBATIM_KEY.fullmatch(key):
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]
    return f"{_slug(key)}~{digest}"


def _slug(key: str) -> str:
    """Letters and digits of ``key`` that an IRI may carry unescaped, in runs joined by "-"."""
    if key.isascii():  # the common case, in one regex: ASCII letters and digits are all IRI-safe
        return "-".join(_ASCII_RUNS.findall(key.lower()))[:SLUG_LENGTH].strip("-")
    text = unicodedata.normalize("NFC", key).lower()
    runs, current = [], []
    length = -1  # of "-".join(runs + [current]) so far
    for char in text:
        if char.isalnum() and _iri_safe(char):
            length += 1 if current else 2
            current.append(char)
            if length >= SLUG_LENGTH:
                break  # the rest of a long key (a statement's sentence) cannot change the slug
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return "-".join(runs)[:SLUG_LENGTH].strip("-")


def _iri_safe(char: str) -> bool:
    """ASCII, or a code point RFC 3987 allows unescaped in a path (``ucschar``)."""
    code = ord(char)
    if code < 0x80:
        return True
    return (
        0xA0 <= code <= 0xD7FF
        or 0xF900 <= code <= 0xFDCF
        or 0xFDF0 <= code <= 0xFFEF
        or (0x10000 <= code <= 0xEFFFD and (code & 0xFFFF) < 0xFFFE)
    )


# Vocabulary IRIs written as prefixed names: the longest namespace first, and only local names
# that every Turtle parser reads as they are.
_NAMESPACES = sorted(
    ((iri, prefix) for prefix, iri in PREFIXES.items()), key=lambda item: -len(item[0])
)
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@functools.lru_cache(maxsize=4096)
def compact_iri(iri: str) -> str | None:
    """``ag:Person`` for a vocabulary IRI, None for any other."""
    if iri.startswith(DATA_BASE):
        return None
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return None
