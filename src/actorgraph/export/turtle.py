"""Turtle, written as triples come: the serializer the RDF mapping streams into.

Written by hand rather than by rdflib, which would have to hold the whole graph first (see
``export/rdf.py``). One predicate per line and a subject's triples together, so the same
graph always gives the same bytes and diffs stay readable.
"""

from __future__ import annotations

import re
from typing import TextIO

from rdflib import RDF, Literal, URIRef

from ..vocab import PREFIXES, compact_iri

_TURTLE_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_TURTLE_SPECIAL = re.compile('[\\\\"\x00-\x1f\x7f]')


def turtle_term(term: URIRef | Literal) -> str:
    """One term in Turtle: a prefixed name, an ``<IRI>``, or a quoted (and typed) literal."""
    if isinstance(term, Literal):
        text = '"' + _TURTLE_SPECIAL.sub(_turtle_escape, str(term)) + '"'
        if term.datatype is not None:
            text += "^^" + turtle_term(term.datatype)
        return text
    return compact_iri(str(term)) or f"<{term}>"


def _turtle_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _TURTLE_ESCAPES.get(char) or f"\\u{ord(char):04X}"


class TurtleWriter:
    """Writes triples as Turtle as they come; consecutive triples of one subject share it."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.subject: URIRef | None = None
        for prefix, iri in PREFIXES.items():
            out.write(f"@prefix {prefix}: <{iri}> .\n")

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal) -> None:
        predicate_text = "a" if predicate == RDF.type else turtle_term(predicate)
        if subject == self.subject:
            self.out.write(f" ;\n    {predicate_text} {turtle_term(obj)}")
            return
        if self.subject is not None:
            self.out.write(" .\n")
        self.subject = subject
        self.out.write(f"\n{turtle_term(subject)}\n    {predicate_text} {turtle_term(obj)}")

    def close(self) -> None:
        if self.subject is not None:
            self.out.write(" .\n")
