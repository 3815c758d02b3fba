"""What a query may do, checked before any parser sees it, and running it on a store.

Queries run offline, on one file, and only read it: a query that names other data (``FROM``,
``FROM NAMED``, ``SERVICE``: Oxigraph would fetch a SERVICE over HTTP) or that is an update
(INSERT, DELETE, LOAD, ...) is refused, as is one too long or nested too deep for the parser.
The usual prefixes (ag:, schema:, rdf:, rdfs:, xsd:, prov:) are predeclared, so ad hoc queries
may leave out their PREFIX lines.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pyoxigraph

from ..errors import QueryError
from ..vocab import PREFIXES
from .nesting import lexical_skeleton, query_nesting

LOGGER = logging.getLogger(__name__)

# The first keyword of every SPARQL 1.1 update operation.
UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
)

# Limits checked before any parser sees the input (see the module docstring).
MAX_QUERY_BYTES = 100_000  # the longest named query is under 2,000 bytes
# ( [ { levels. The named queries nest 5 deep; with an 8 MiB stack Oxigraph's parser
# crashed between 2,000 and 5,000 nested "(".
MAX_QUERY_NESTING = 64

_OTHER_DATA = re.compile(r"(?<![\w?$:.-])(FROM|SERVICE)(?![\w:.-])", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*([A-Za-z]+)", re.IGNORECASE)
_PREFIX_DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)
_PREFIX_USED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*):(?=[\w%\\]|\s|$)")
_OXIGRAPH_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def check_query(text: str) -> None:
    """Refuse what a read-only query of one file must not do, before any parsing.

    Raises:
        QueryError: the text is empty, longer than ``MAX_QUERY_BYTES``, nested
            deeper than ``MAX_QUERY_NESTING``, an update, or names other data
            (FROM, FROM NAMED, SERVICE).
    """
    if not text.strip():
        raise QueryError(
            "the query is empty", hint="give SPARQL text or a named query such as claims"
        )
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryError(
            f"the query is {size:,} bytes long; the limit is {MAX_QUERY_BYTES:,}",
            hint="shorten it: put long VALUES lists or generated patterns in the graph, "
            "not the query",
        )
    depth = query_nesting(text)
    if depth > MAX_QUERY_NESTING:
        raise QueryError(
            f"the query nests brackets, braces or parentheses {depth:,} deep; "
            f"the limit is {MAX_QUERY_NESTING}",
            hint="flatten it: split nested expressions with BIND, or nested groups into one",
        )
    if is_update(text):
        raise QueryError(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR, ...) are not allowed: "
            "the graph is read-only",
            hint="use SELECT, ASK, CONSTRUCT or DESCRIBE; "
            "to change the graph, rebuild it from articles",
        )
    if _OTHER_DATA.search(lexical_skeleton(text)):
        raise QueryError(
            "the query reads other data (FROM, FROM NAMED or SERVICE)",
            hint="queries run on the one graph file given; remove those clauses",
        )


def is_update(text: str) -> bool:
    """True when the text is a SPARQL update: its first keyword after PREFIX/BASE starts an
    operation."""
    match = _PROLOGUE.match(lexical_skeleton(text))
    return bool(match) and match.group(1).upper() in UPDATE_KEYWORDS


def execute(store: pyoxigraph.Store, text: str) -> Any:
    """Check and run a query on a store: QuerySolutions, QueryBoolean or QueryTriples (lazy).

    Raises:
        QueryError: the query is refused by ``check_query`` or does not parse.
    """
    check_query(text)
    try:
        return store.query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(str(exc), text), hint=_syntax_hint(text)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        LOGGER.debug("query failed", exc_info=True)
        raise QueryError(
            f"the query failed: {exc}", hint="check functions and types used in FILTER/BIND"
        ) from None


def _syntax_message(error: str, text: str) -> str:
    """Oxigraph's "error at 1:26: expected ..." as
    "SPARQL syntax error at line 1, column 26: ..."."""
    match = _OXIGRAPH_ERROR.match(error.strip())
    detail = " ".join(error.split())
    if match:
        detail = (
            f"at line {match.group(1)}, column {match.group(2)}: {' '.join(match.group(3).split())}"
        )
    if (
        ", [" in detail
    ):  # "expected one of ..." then Unicode ranges of name characters: no help to anyone
        detail = detail[: detail.index(", [")] + ", or a name"
    if len(detail) > 300:
        detail = detail[:299] + "…"
    unknown = _undeclared_prefixes(text)
    if unknown:
        detail += f" (unknown prefix {', '.join(p + ':' for p in unknown)})"
    return f"SPARQL syntax error {detail}" if match else f"invalid SPARQL: {detail}"


def _syntax_hint(text: str) -> str:
    if _undeclared_prefixes(text):
        return f"predeclared prefixes: {', '.join(sorted(PREFIXES))}; declare others with PREFIX"
    return "check the query near that position"


def _undeclared_prefixes(text: str) -> list[str]:
    """Prefixes a query uses but neither declares nor finds predeclared: the parser only
    says "expected"."""
    skeleton = lexical_skeleton(text)
    declared = set(PREFIXES) | set(_PREFIX_DECLARED.findall(skeleton))
    return sorted({name for name in _PREFIX_USED.findall(skeleton) if name not in declared})
