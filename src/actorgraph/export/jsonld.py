"""JSON-LD, written as triples come: the serializer the RDF mapping streams into.

Keys are compact IRIs under a prefixes-only context, so a JSON-LD key reads the same as in
Turtle and SPARQL.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from rdflib import RDF, Literal, URIRef

from ..vocab import PREFIXES, compact_iri

# JSON-LD: prefixes only, so every key is a compact IRI ("ag:evidence",
# "schema:name", "prov:wasDerivedFrom") that reads the same as in Turtle and SPARQL.
JSONLD_CONTEXT = dict(PREFIXES)


class JsonLdWriter:
    """Writes triples as JSON-LD node objects as they come, one object per run of one subject.

    A subject that comes back later (a node's edges follow all the nodes) gets another
    object with the same ``@id``; JSON-LD merges them, as every processor must.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.subject: URIRef | None = None
        self.item: dict[str, Any] = {}
        self.count = 0
        out.write(
            '{\n  "@context": ' + json.dumps(JSONLD_CONTEXT, sort_keys=True) + ',\n  "@graph": ['
        )

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal) -> None:
        if subject != self.subject:
            self._flush()
            self.subject, self.item = subject, {"@id": str(subject)}
        if predicate == RDF.type:
            self.item.setdefault("@type", []).append(compact_iri(str(obj)) or str(obj))
            return
        key = compact_iri(str(predicate)) or str(predicate)
        self.item.setdefault(key, []).append(_jsonld_value(obj))

    def _flush(self) -> None:
        if self.subject is None:
            return
        item = {
            key: value[0] if isinstance(value, list) and len(value) == 1 else value
            for key, value in self.item.items()
        }
        self.out.write(
            ("," if self.count else "") + "\n    " + json.dumps(item, ensure_ascii=False)
        )
        self.count += 1

    def close(self) -> None:
        self._flush()
        self.out.write("\n  ]\n}\n")


def _jsonld_value(term: URIRef | Literal) -> Any:
    if not isinstance(term, Literal):
        return {"@id": str(term)}
    if term.datatype is None:
        return str(term)
    return {"@value": str(term), "@type": compact_iri(str(term.datatype)) or str(term.datatype)}
