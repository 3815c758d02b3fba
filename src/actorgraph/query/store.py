"""The store: an exported graph file, checked and loaded into pyoxigraph (queries) or rdflib.

Why pyoxigraph and not rdflib (which still builds, serialises and validates
the graph): on a generated graph of 109,000 triples (bench/bench_store.py)
it loads the Turtle 21x faster, answers the named queries 43x to 1,200x
faster (rdflib needs 20 s for claims.rq, Oxigraph 16 ms) and peaks at less
than half the memory.
Results are the same rows; xsd:decimal values may differ in their digits
(Oxigraph writes the canonical form: "1" for "1.0"), so compare them rounded.

A graph file nested over ``MAX_DOCUMENT_NESTING`` deep is refused before it is parsed
(see ``nesting``), and a JSON-LD file naming a remote ``@context`` is refused: rdflib would
download it, and queries stay offline.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph

from ..errors import InputError, QueryError
from .nesting import document_nesting

LOGGER = logging.getLogger(__name__)

# What `actorgraph build` writes, plus N-Triples. Not ".json": node-link JSON
# would parse as JSON-LD with no triples and answer every query with nothing.
FORMATS_BY_SUFFIX = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}
STORE_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "json-ld": pyoxigraph.RdfFormat.JSON_LD,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
}
# The first keyword of every SPARQL 1.1 update operation.
# JSON-LD objects and arrays, Turtle [ ] and ( ). Our exports nest 5 deep; rdflib's
# Turtle parser raised RecursionError at 150 nested blank nodes, json.loads at ~1,000.
MAX_DOCUMENT_NESTING = 64


def load_graph(path: Path) -> Graph:
    """Parse an exported graph file into an rdflib Graph (for validation), the format from
    its suffix.

    Raises:
        InputError: the file does not exist or is a directory.
        QueryError: the suffix is unknown or the file is not valid RDF.
    """
    rdf_format, text = _graph_text(path)
    graph = Graph()
    # rdflib logs a traceback for each ill-typed literal ("2023-13-45"^^xsd:date); SHACL
    # reports those as violations, in one line each, so the traceback is only noise.
    term_logger = logging.getLogger("rdflib.term")
    level = term_logger.level
    term_logger.setLevel(logging.ERROR)
    try:
        graph.parse(data=text, format=rdf_format, publicID=path.resolve().as_uri())
    except Exception as exc:  # each rdflib parser has its own exception types
        LOGGER.debug("parsing %s failed", path, exc_info=True)
        raise QueryError(
            f"cannot read {path} as {rdf_format}: {parse_failure(exc)}",
            hint="query a .ttl, .jsonld or .nt file written by `actorgraph build`",
        ) from None
    finally:
        term_logger.setLevel(level)
    LOGGER.debug("loaded %d triples from %s", len(graph), path)
    return graph


def load_store(path: Path) -> pyoxigraph.Store:
    """Load an exported graph file into a new in-memory pyoxigraph store, the format from
    its suffix.

    Raises:
        InputError: the file does not exist or is a directory.
        QueryError: the suffix is unknown or the file is not valid RDF.
    """
    return store_from(GraphSource.read(path))


@dataclass(frozen=True)
class GraphSource:
    """A graph file's checked text: read once, then loaded into each query worker."""

    path: Path
    rdf_format: str
    text: str

    @classmethod
    def read(cls, path: Path) -> GraphSource:
        rdf_format, text = _graph_text(path)
        return cls(path=path, rdf_format=rdf_format, text=text)

    def open(self) -> tuple[pyoxigraph.Store, int]:
        """A new in-memory store holding the graph, and its triple count (what a query worker
        calls; ``disk.StoreSource`` answers the same for a store on disk)."""
        store = store_from(self)
        return store, len(store)


def store_from(source: GraphSource) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    try:
        store.load(
            input=source.text,
            format=STORE_FORMATS[source.rdf_format],
            base_iri=source.path.resolve().as_uri(),
        )
    except (SyntaxError, ValueError, OSError) as exc:
        LOGGER.debug("parsing %s failed", source.path, exc_info=True)
        raise QueryError(
            f"cannot read {source.path} as {source.rdf_format}: {parse_failure(exc)}",
            hint="query a .ttl, .jsonld or .nt file written by `actorgraph build`",
        ) from None
    LOGGER.debug("loaded %d triples from %s", len(store), source.path)
    return store


def _graph_text(path: Path) -> tuple[str, str]:
    """The format name (from the suffix) and the UTF-8 text of a graph file, checked."""
    if not path.exists():
        raise InputError(
            f"graph file {path} does not exist",
            hint="export one first (e.g. graph.ttl) or check the path",
        )
    if not path.is_file():
        raise InputError(
            f"{path} is not a file", hint="give the path of a .ttl, .jsonld or .nt file"
        )
    rdf_format = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if rdf_format is None:
        raise QueryError(
            f"cannot tell the RDF format of {path}",
            hint=f"use a file ending in {', '.join(sorted(FORMATS_BY_SUFFIX))}",
        )
    text = read_text(path, "graph file")
    depth = document_nesting(text, rdf_format)
    if depth > MAX_DOCUMENT_NESTING:
        what = "JSON objects and arrays" if rdf_format == "json-ld" else "blank nodes and lists"
        raise QueryError(
            f"{path} nests {what} {depth:,} deep; the limit is {MAX_DOCUMENT_NESTING}",
            hint="actorgraph exports nest at most 5 deep: "
            "give a graph written by `actorgraph build`",
        )
    if rdf_format == "json-ld":
        _refuse_remote_contexts(text, path)
    return rdf_format, text


def read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"{what} {path} is not UTF-8 text (byte {exc.start})",
            hint="give a Turtle, JSON-LD or N-Triples file written by `actorgraph build`",
        ) from None
    except OSError as exc:
        raise QueryError(
            f"cannot read {what} {path}: {exc.strerror}", hint="check its permissions"
        ) from None


def _refuse_remote_contexts(text: str, path: Path) -> None:
    """rdflib would download a JSON-LD @context given by URL; queries stay offline."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QueryError(
            f"cannot read {path} as json-ld: line {exc.lineno}: {exc.msg}",
            hint="query a .ttl, .jsonld or .nt file written by `actorgraph build`",
        ) from None
    if any(isinstance(value, str) for value in _context_values(document)):
        raise QueryError(
            f"{path} refers to a remote JSON-LD @context, which is not downloaded",
            hint="inline the context in the file, or export the graph as Turtle",
        )


def _context_values(node: Any) -> Iterator[Any]:
    """Every @context entry (and @import) in a JSON-LD document, lists flattened."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                yield from value if isinstance(value, list) else [value]
            yield from _context_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _context_values(item)


def parse_failure(exc: Exception) -> str:
    """A one-line reason; Turtle's BadSyntax would otherwise quote the whole file."""
    why = getattr(exc, "_why", None)
    if why is not None:
        return f"line {int(getattr(exc, 'lines', 0)) + 1}: {why}"
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]
