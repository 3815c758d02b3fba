"""SHACL validation of an RDF export against graph/shapes.ttl (the graph contract).

``validate_graph`` runs pyshacl with no inference: the export must carry
every type and value itself, because SPARQL users and other tools read it
without a reasoner. The report is plain data (strings), so the CLI and tests
never touch rdflib terms.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from .errors import LexiconError, QueryError
from .query.store import load_graph
from .resources import graph_dir
from .vocab import DATA_BASE, PREFIXES

LOGGER = logging.getLogger(__name__)

SHAPES_FILE = "shapes.ttl"
VALUE_WIDTH = 80  # a value quoted in a message is cut here


class Violation(TypedDict):
    """One SHACL result, readable: the focus resource, the property path, what is wrong."""

    focus: str  # "node/organization/ttp" for our own IRIs, else the IRI or blank node id
    path: str  # "schema:name", or "" for a whole-resource check (its class, domain, range)
    message: str
    severity: str  # "Violation", "Warning" or "Info"


@dataclass
class ValidationReport:
    """Whether the graph conforms, and every result pyshacl reported."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def validate_graph(data: Path | str | Graph) -> ValidationReport:
    """Validate an RDF graph (a .ttl/.jsonld/.nt file or an rdflib Graph) against graph/shapes.ttl.

    Raises:
        InputError: the graph file does not exist.
        QueryError: the graph file cannot be read as RDF, or validation itself failed.
        LexiconError: graph/shapes.ttl is missing or not valid Turtle.
    """
    import pyshacl  # imported here: 0.15 s the query and build commands need not pay

    graph = data if isinstance(data, Graph) else load_graph(Path(data))
    shapes = load_shapes()
    try:
        conforms, results, _text = pyshacl.validate(
            graph, shacl_graph=shapes, inference="none", advanced=False, meta_shacl=False
        )
    except Exception as exc:  # pyshacl's errors share no base class worth naming
        LOGGER.debug("pyshacl failed", exc_info=True)
        raise QueryError(
            f"SHACL validation failed: {exc}", hint="check that the file is an actorgraph export"
        ) from None
    violations = sorted(_violations(results), key=lambda v: (v["focus"], v["path"], v["message"]))
    return ValidationReport(conforms=bool(conforms), violations=violations)


def load_shapes() -> Graph:
    """The shapes graph graph/shapes.ttl.

    Raises:
        LexiconError: the file is missing or not valid Turtle.
    """
    path = graph_dir() / SHAPES_FILE
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError:
        raise LexiconError(f"{path} is missing", hint="reinstall actorgraph") from None
    except Exception as exc:  # rdflib's parsers raise their own types
        raise LexiconError(
            f"{path} is not valid Turtle: {exc}", hint="fix or restore the file"
        ) from None


def format_violation(violation: Violation) -> str:
    """One readable line: ``Violation node/event/x schema:startDate: message``."""
    where = violation["focus"] + (f" {violation['path']}" if violation["path"] else "")
    return f"{violation['severity']}: {where}: {violation['message']}"


def _violations(results: Graph) -> list[Violation]:
    found: list[Violation] = []
    for result in results.subjects(SH.resultSeverity, None):
        message = (
            " ".join(str(m) for m in results.objects(result, SH.resultMessage))
            or "constraint violated"
        )
        value = results.value(result, SH.value)
        if value is not None and value != results.value(result, SH.focusNode):
            message += f" (value: {_short(value)})"
        found.append(
            Violation(
                focus=_short(results.value(result, SH.focusNode)),
                path=_short(results.value(result, SH.resultPath))
                if results.value(result, SH.resultPath)
                else "",
                message=message,
                severity=_local(results.value(result, SH.resultSeverity)),
            )
        )
    return found


def _short(term: Node | None) -> str:
    """Our data IRIs without their base, vocabulary IRIs as prefixed names, values cut short."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(DATA_BASE):
            return text[len(DATA_BASE) :]
        for prefix, iri in PREFIXES.items():
            if text.startswith(iri):
                return f"{prefix}:{text[len(iri) :]}"
        return f"<{text}>"
    if isinstance(term, Literal):
        text = (
            repr(str(term)) if term.datatype is None else f"{str(term)!r}^^{_short(term.datatype)}"
        )
        return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"
    return f"_:{term}"


def _local(term: Node | None) -> str:
    text = str(term or "")
    return text.rsplit("#", 1)[-1] if "#" in text else text
