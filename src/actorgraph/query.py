"""SPARQL over an exported graph file, for the ``query`` and ``serve`` commands and for tests.

``run_query`` loads a Turtle, JSON-LD or N-Triples file into an in-memory
pyoxigraph store, runs a query given as text or as the name of a file in
``graph/queries/`` ("claims"), and returns plain strings, so callers never
touch RDF terms. The usual prefixes (ag:, schema:, rdf:, rdfs:, xsd:, prov:)
are predeclared, so ad hoc queries may leave out their PREFIX lines.

Why pyoxigraph and not rdflib (which still builds, serialises and validates
the graph): on a generated graph of 109,000 triples (bench/bench_store.py)
it loads the Turtle 21x faster, answers the named queries 43x to 1,200x
faster (rdflib needs 20 s for claims.rq, Oxigraph 16 ms) and peaks at less
than half the memory.
Results are the same rows; xsd:decimal values may differ in their digits
(Oxigraph writes the canonical form: "1" for "1.0"), so compare them rounded.

Queries run offline, on that one file, and only read it: a query that names
other data (``FROM``, ``FROM NAMED``, ``SERVICE``: Oxigraph would fetch a
SERVICE over HTTP) or that is an update (INSERT, DELETE, LOAD, ...) is refused.

Hostile input is bounded before it reaches a parser, because Oxigraph's SPARQL
parser and rdflib's Turtle and JSON-LD parsers recurse once per nesting level:
10 KB of ``((((...))))`` overflows the native stack and kills the process with
no message. ``check_query`` refuses a query over ``MAX_QUERY_BYTES`` or nested
over ``MAX_QUERY_NESTING`` deep, and a graph file nested over
``MAX_DOCUMENT_NESTING`` deep is refused before it is parsed.

Queries run in ``QueryPool`` worker processes, never in the caller's. Oxigraph
evaluates a query in native code with the GIL released and has no way to stop
it from Python: a thread can stop waiting for it, not stop it (a 3-way cartesian
COUNT on the 829-triple seed graph kept a core busy for 80 s inside
``Store.query``, before the first row). A process can be killed. A worker runs
each query on a thread with a 256 MiB stack (long operator chains that pass the
nesting check need more than the usual 8 MiB), under a memory limit, and is
killed and replaced when a query passes its time limit; if the engine crashes
anyway, the worker dies, not the caller, and the query gets an error.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

import pyoxigraph
from rdflib import Graph

from .errors import ActorgraphError, InputError, QueryError, ServerError
from .resources import graph_dir
from .vocab import PREFIXES

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
OUTPUT_FORMATS = ("table", "csv", "json")
TABLE_CELL_WIDTH = 100  # table cells are cut here; csv and json keep whole values

# Limits checked before any parser sees the input (see the module docstring).
MAX_QUERY_BYTES = 100_000  # the longest named query is under 2,000 bytes
# ( [ { levels. The named queries nest 5 deep; with an 8 MiB stack Oxigraph's parser
# crashed between 2,000 and 5,000 nested "(".
MAX_QUERY_NESTING = 64
# JSON-LD objects and arrays, Turtle [ ] and ( ). Our exports nest 5 deep; rdflib's
# Turtle parser raised RecursionError at 150 nested blank nodes, json.loads at ~1,000.
MAX_DOCUMENT_NESTING = 64
DEFAULT_QUERY_TIMEOUT = 5.0  # seconds; the named queries take 16 ms on a 109,000-triple graph
DEFAULT_QUERY_MEMORY_MB = 1024  # per query worker, above the loaded graph
DEFAULT_WORKERS = 2  # query worker processes of `actorgraph serve`
# Reserved, committed only as used: 100 KB of nested "(" touched ~90 MiB; with 8 MiB,
# 20 KB of "1+1+...+1" (no nesting) crashed the parser.
WORKER_STACK_BYTES = 256 * 1024 * 1024
WORKER_START_SECONDS = 300.0  # to start a worker and load the graph into it
_NESTING_DELTA = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}

_QUERY_NAME = re.compile(r"[A-Za-z0-9_-]+")
_SELECT_STAR = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\ufffd]+)")
# What the SPARQL lexer skips or reads as one token, so keywords are looked for outside them:
# long and short strings, IRIs, comments (SPARQL 1.1 section 19.8).
# Every string alternative matches wherever its quote is (an unterminated string runs to the
# end of its line or of the text), so a scan never restarts at each later quote: the earlier
# patterns took 6 s on 32 KB of '"\\"\\"\\"...' (quadratic), holding the GIL.
_OPAQUE = re.compile(
    "|".join(
        (
            r"'''(?:[^'\\]|\\.|'(?!''))*+(?:'''|\\?\Z)",  # long strings
            r'"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\\?\Z)',
            r"'(?:[^'\\\n\r]|\\[^\n\r])*+(?:'|\\?(?=[\n\r]|\Z))",  # short strings
            r'"(?:[^"\\\n\r]|\\[^\n\r])*+(?:"|\\?(?=[\n\r]|\Z))',
            r'<[^<>"{}|^`\\\x00-\x20]*+>',  # IRIs
            r"#[^\n\r]*+",  # comments
        )
    ),
    re.DOTALL,
)
# The same for Turtle (plus a backslash escape outside strings, as in ex:a\#b), and for JSON.
_TURTLE_OPAQUE = re.compile(_OPAQUE.pattern + r"|\\.", re.DOTALL)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_BRACKETS = re.compile(r"[()\[\]{}]")
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls but tab, line breaks, form feed
# SPARQL processes \u and \U escapes before parsing (section 19.2), so keywords can be
# written with them.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OTHER_DATA = re.compile(r"(?<![\w?$:.-])(FROM|SERVICE)(?![\w:.-])", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*([A-Za-z]+)", re.IGNORECASE)
_PREFIX_DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)
_PREFIX_USED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*):(?=[\w%\\]|\s|$)")
_OXIGRAPH_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
# What a terminal would act on rather than show: C0/C1 controls (escape
# sequences) and bidi controls (which can reorder what is displayed).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class QueryResult:
    """A query's answer as text: SELECT rows; ASK -> column "ask"; CONSTRUCT -> column "turtle".

    ``kind`` is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE), so a table
    can print a graph as the Turtle document it is.
    """

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    kind: str = "select"


def run_query(
    path: Path,
    sparql: str,
    *,
    timeout: float = DEFAULT_QUERY_TIMEOUT,
    memory_mb: int = DEFAULT_QUERY_MEMORY_MB,
) -> QueryResult:
    """Run ``sparql`` (query text, a named query such as "claims", or a .rq file) on a graph file.

    The query runs in a worker process (see ``QueryPool``), stopped after
    ``timeout`` seconds or when it needs more than ``memory_mb`` MB.

    Raises:
        InputError: the graph file or the .rq file does not exist.
        QueryError: the file cannot be read as RDF, the named query does not
            exist, or the query is malformed, too long or deep, an update, or
            reads other sources.
        QueryLimitError: the query ran out of time or memory.
    """
    text = _query_text(sparql)
    check_query(text)
    with QueryPool(path, workers=1, timeout=timeout, memory_mb=memory_mb) as pool:
        return pool.run(_result_task, text)


def _result_task(store: pyoxigraph.Store, text: str) -> QueryResult:
    """Run in a query worker: the whole result as plain strings."""
    return _to_result(execute(store, text), text)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as an aligned text table, CSV (with header) or a JSON list of row objects."""
    if fmt == "table" and result.kind == "graph":
        return _UNPRINTABLE.sub(_escape_controls, result.rows[0][0])
    if fmt == "table":
        return _table(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    raise QueryError(
        f"unknown output format {fmt!r}", hint=f"use one of: {', '.join(OUTPUT_FORMATS)}"
    )


def named_queries() -> dict[str, Path]:
    """The queries shipped in graph/queries/, by name ("claims" -> .../claims.rq)."""
    folder = graph_dir() / "queries"
    return {path.stem: path for path in sorted(folder.glob("*.rq"))}


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
            f"cannot read {path} as {rdf_format}: {_parse_failure(exc)}",
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
    return _store_from(_GraphSource.read(path))


@dataclass(frozen=True)
class _GraphSource:
    """A graph file's checked text: read once, then loaded into each query worker."""

    path: Path
    rdf_format: str
    text: str

    @classmethod
    def read(cls, path: Path) -> _GraphSource:
        rdf_format, text = _graph_text(path)
        return cls(path=path, rdf_format=rdf_format, text=text)


def _store_from(source: _GraphSource) -> pyoxigraph.Store:
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
            f"cannot read {source.path} as {source.rdf_format}: {_parse_failure(exc)}",
            hint="query a .ttl, .jsonld or .nt file written by `actorgraph build`",
        ) from None
    LOGGER.debug("loaded %d triples from %s", len(store), source.path)
    return store


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
    if _OTHER_DATA.search(_lexical_skeleton(text)):
        raise QueryError(
            "the query reads other data (FROM, FROM NAMED or SERVICE)",
            hint="queries run on the one graph file given; remove those clauses",
        )


def query_nesting(text: str) -> int:
    """How deep a query nests ( [ { outside its strings, IRIs and comments: 0 for none.

    A fast check for a clear message, not a parser: a query that hides its
    depth from it still runs in a worker process with a large stack.
    """
    return _max_depth(_BRACKETS.findall(_lexical_skeleton(text)))


def document_nesting(text: str, rdf_format: str) -> int:
    """How deep a graph file nests: JSON objects and arrays, or Turtle ``[ ]`` and ``( )``.

    Strings (and in Turtle IRIs and comments) are skipped; linear in the size of the text.
    """
    if rdf_format == "json-ld":
        return _max_depth(_BRACKETS.findall(_JSON_STRING.sub('""', text)))
    if rdf_format == "turtle":
        return _max_depth(_BRACKETS.findall(_TURTLE_OPAQUE.sub(" ", text)))
    return 0  # N-Triples has no nesting


def _max_depth(brackets: list[str]) -> int:
    """The highest running count of openers minus closers.

    Not clamped at 0: after a stray closer the count is low, but every parser
    stops with a syntax error at that closer before it reaches what follows.
    """
    return max(accumulate(map(_NESTING_DELTA.__getitem__, brackets)), default=0)


def is_update(text: str) -> bool:
    """True when the text is a SPARQL update: its first keyword after PREFIX/BASE starts an
    operation."""
    match = _PROLOGUE.match(_lexical_skeleton(text))
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
    text = _read_text(path, "graph file")
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


def _read_text(path: Path, what: str) -> str:
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


def _parse_failure(exc: Exception) -> str:
    """A one-line reason; Turtle's BadSyntax would otherwise quote the whole file."""
    why = getattr(exc, "_why", None)
    if why is not None:
        return f"line {int(getattr(exc, 'lines', 0)) + 1}: {why}"
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]


def _ordered_columns(variables: list[Any], text: str) -> list[str]:
    """SELECT * columns in the order the query first names them (rdflib gives a set's order)."""
    names = [str(var) for var in variables]
    if not _SELECT_STAR.search(text):
        return names
    first_seen = {}
    for match in _VARIABLE.finditer(text):
        first_seen.setdefault(match.group(1), match.start())
    return sorted(names, key=lambda name: (first_seen.get(name, len(text)), name))


def _query_text(sparql: str) -> str:
    """The query itself: a named query's file, a .rq file's text, or ``sparql`` as given."""
    name = sparql.strip()
    if _QUERY_NAME.fullmatch(name):
        queries = named_queries()
        if name not in queries:
            raise QueryError(
                f"no named query {name!r}",
                hint=f"use one of: {', '.join(queries) or '(none installed)'}, "
                "or give the SPARQL text",
            )
        return _read_text(queries[name], "query file")
    if name.endswith(".rq") and "\n" not in name:
        return _read_query_file(Path(name))
    return sparql


def _read_query_file(path: Path) -> str:
    """A .rq file's text; errors name the file and never quote it (it may be a link to anything)."""
    if not path.exists():
        raise InputError(f"query file {path} does not exist", hint="check the path")
    target = path.resolve()
    if target.suffix.lower() != ".rq":
        raise QueryError(
            f"query file {path} is a link to {target}, which is not a .rq file",
            hint="give a .rq file with SPARQL in it, or the SPARQL text itself",
        )
    if not target.is_file():
        raise QueryError(f"query file {path} is not a regular file", hint="give a .rq file")
    try:
        with target.open("rb") as handle:
            data = handle.read(MAX_QUERY_BYTES + 1)
    except OSError as exc:
        raise QueryError(
            f"cannot read query file {path}: {exc.strerror}", hint="check its permissions"
        ) from None
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(
            f"query file {path} is over {MAX_QUERY_BYTES:,} bytes, the longest query allowed",
            hint="give a .rq file with one SPARQL query in it",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"query file {path} is not UTF-8 text (byte {exc.start})",
            hint="save the query as UTF-8",
        ) from None
    if _BINARY.search(text):
        raise QueryError(
            f"query file {path} is not text: it has control characters",
            hint="give a .rq file with SPARQL in it",
        )
    return text


def _lexical_skeleton(text: str) -> str:
    """The query with code points unescaped and strings, IRIs and comments blanked:
    keywords only."""
    unescaped = _CODEPOINT.sub(
        lambda m: (
            chr(int(m.group(1) or m.group(2), 16))
            if int(m.group(1) or m.group(2), 16) <= 0x10FFFF
            else " "
        ),
        text,
    )
    return _OPAQUE.sub(" ", unescaped)


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
    skeleton = _lexical_skeleton(text)
    declared = set(PREFIXES) | set(_PREFIX_DECLARED.findall(skeleton))
    return sorted({name for name in _PREFIX_USED.findall(skeleton) if name not in declared})


def _to_result(result: Any, text: str) -> QueryResult:
    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryResult(columns=["ask"], rows=[["true" if result else "false"]], kind="ask")
    if isinstance(result, pyoxigraph.QueryTriples):
        turtle = pyoxigraph.serialize(result, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
        return QueryResult(columns=["turtle"], rows=[[turtle.decode("utf-8")]], kind="graph")
    variables = [variable.value for variable in result.variables]
    columns = _ordered_columns(variables, text)
    rows = [[term_text(solution[name]) for name in columns] for solution in result]
    return QueryResult(columns=columns, rows=rows)


def term_text(term: Any) -> str:
    """An RDF term as plain text: an IRI, a literal's lexical form, a blank node id;
    "" when unbound."""
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def _table(result: QueryResult) -> str:
    """Plain-text columns, padded to the widest cell, terminal-safe."""
    header = [_cell(column) for column in result.columns]
    body = [[_cell(value) for value in row] for row in result.rows]
    widths = [max([len(header[i])] + [len(row[i]) for row in body]) for i in range(len(header))]
    lines = [_line(header, widths), _line(["-" * width for width in widths], widths)]
    lines += [_line(row, widths) for row in body]
    return "\n".join(lines) + "\n"


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _cell(value: str) -> str:
    """One line, no control or bidi characters, cut to TABLE_CELL_WIDTH."""
    text = _UNPRINTABLE.sub(_escape, value)
    if len(text) > TABLE_CELL_WIDTH:
        text = text[: TABLE_CELL_WIDTH - 1] + "…"
    return text


def _escape_controls(match: re.Match[str]) -> str:
    """Like ``_escape`` but keeps line breaks and tabs, for multi-line documents."""
    return match.group() if match.group() in "\n\t" else _escape(match)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    if char in named:
        return named[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


# --- query workers -----------------------------------------------------------------------------


class QueryLimitError(QueryError):
    """A query was stopped by a limit: time, memory, or no free worker to run it.

    A ``QueryError``, so callers that catch those still do; the server answers it with 503.
    """


class QueryPool:
    """Worker processes, each holding the graph, that run one query at a time under a time limit.

    ``run`` sends a query to an idle worker and waits ``timeout`` seconds for
    the answer; a worker that has not answered by then is killed, which stops
    the work, and replaced in the background. A worker that dies (the engine
    crashed, or ran past ``memory_mb``) is replaced the same way. Each worker is
    a fresh interpreter (``python -c``, not a fork of a threaded server, and not
    multiprocessing, which re-runs the caller's main module in each child) that
    gets the graph's text over a socket and loads it itself; the pool keeps the
    text (read and checked once) to start replacements.

    Use as a context manager, or call ``close``.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        workers: int = DEFAULT_WORKERS,
        timeout: float = DEFAULT_QUERY_TIMEOUT,
        memory_mb: int = DEFAULT_QUERY_MEMORY_MB,
    ) -> None:
        """Read and check the graph file, start ``workers`` workers and wait until each has
        loaded it.

        Raises:
            InputError: the graph file does not exist.
            QueryError: the file cannot be read as RDF.
            ServerError: a worker could not be started.
        """
        if workers < 1 or timeout <= 0 or memory_mb < 1:
            raise ValueError("workers, timeout and memory_mb must be positive")
        self.path = Path(path)
        self.workers = workers
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.triples = 0
        self._source = _GraphSource.read(self.path)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        try:
            started = [self._start_worker() for _ in range(workers)]
            for worker in started:
                self.triples = self._await_ready(worker)
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def run(self, task: Callable[..., Any], text: str, *args: Any) -> Any:
        """``task(store, text, *args)`` in a worker; its return value must pickle.

        ``task`` is a module-level function (workers import it by name). The wait
        for a free worker and the run are each bounded by ``timeout``.

        Raises:
            QueryError: the query is refused by ``check_query`` or fails, or the
                engine crashed on it.
            QueryLimitError: no worker was free in time, or the query ran out
                of time or memory.
        """
        check_query(text)
        worker = self._acquire()
        try:
            worker.conn.send((task, text, args))
            if not worker.conn.poll(self.timeout):
                self._retire(worker, kill=True)
                raise QueryLimitError(
                    f"the query ran longer than {self.timeout:g} s and was stopped",
                    hint="narrow it (LIMIT, more specific patterns, fewer unconnected patterns), "
                    "or raise --query-timeout",
                )
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker, kill=False)
            raise self._stopped_error(worker) from None
        status, *payload = reply
        if status == "memory":
            self._retire(worker, kill=True)
            raise self._memory_error()
        self._idle.put(worker)
        if status == "ok":
            return payload[0]
        message, hint = payload
        raise QueryError(message, hint=hint)

    def close(self) -> None:
        """Kill every worker; queries still running get an error."""
        with self._lock:
            self._closed = True
            workers, self._live = list(self._live), set()
        for worker in workers:
            worker.stop()

    def _acquire(self) -> _Worker:
        deadline = time.monotonic() + self.timeout
        while True:
            if self._closed:
                raise QueryLimitError("the query service is shutting down", hint="retry later")
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryLimitError(
                    f"every query worker ({self.workers}) stayed busy for {self.timeout:g} s",
                    hint="retry in a moment",
                ) from None
            if worker.process.poll() is None:
                return worker
            self._retire(worker, kill=False)  # died while idle (killed from outside): use another

    def _start_worker(self) -> _Worker:
        ours, theirs = socket.socketpair()
        # What the engine prints as it dies ("memory allocation of ... failed");
        # closed by _Worker.stop.
        stderr = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_COMMAND, str(theirs.fileno()), str(self.memory_mb)],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stderr=stderr,
                env=_worker_environment(),
            )
        except OSError as exc:
            ours.close()
            stderr.close()
            raise ServerError(
                f"cannot start a query worker: {exc.strerror or exc}",
                hint="check free memory and process limits",
            ) from None
        finally:
            theirs.close()
        worker = _Worker(process, Connection(ours.detach()), stderr)
        with self._lock:
            closed = self._closed
            if not closed:
                self._live.add(worker)
        if closed:
            worker.stop()
            raise ServerError("the query service is shutting down", hint="retry later")
        try:
            worker.conn.send(self._source)
        except OSError:
            pass  # it died at once: _await_ready says how
        return worker

    def _await_ready(self, worker: _Worker) -> int:
        """The triple count the worker reports once it has loaded the graph."""
        try:
            if not worker.conn.poll(WORKER_START_SECONDS):
                self._retire(worker, kill=True, replace=False)
                raise ServerError(
                    f"a query worker did not load {self.path} within {WORKER_START_SECONDS:g} s",
                    hint="check the machine's load and free memory",
                )
            status, *payload = worker.conn.recv()
        except (EOFError, OSError):
            code = self._retire(worker, kill=False, replace=False)
            raise ServerError(
                f"a query worker stopped while loading {self.path} ({_describe_exit(code)})",
                hint="check free memory; try the query with -v for details",
            ) from None
        if status == "failed":
            self._retire(worker, kill=True, replace=False)
            message, hint = payload
            raise QueryError(message, hint=hint)
        return payload[0]

    def _retire(self, worker: _Worker, *, kill: bool, replace: bool = True) -> int | None:
        """Stop a worker and start another in its place; its exit code (negative: the signal)."""
        with self._lock:
            self._live.discard(worker)
            replace = replace and not self._closed
        code = worker.stop(kill=kill)
        if replace:
            threading.Thread(target=self._replace, name="query-worker-start", daemon=True).start()
        return code

    def _replace(self) -> None:
        for attempt in range(3):
            if self._closed:
                return
            try:
                worker = self._start_worker()
                self._await_ready(worker)
            except ActorgraphError as error:
                LOGGER.error("cannot start a query worker: %s", error.message)
                time.sleep(attempt + 1)
                continue
            self._idle.put(worker)
            LOGGER.debug("query worker %d ready", worker.process.pid)
            return

    def _stopped_error(self, worker: _Worker) -> QueryError:
        """Why a worker died in the middle of a query, as the error for that query."""
        if self._closed:
            return QueryLimitError("the query service is shutting down", hint="retry later")
        if "memory allocation of" in worker.last_words:  # Rust's message before it aborts
            return self._memory_error()
        return QueryError(
            "the query engine crashed on this query "
            f"({_describe_exit(worker.process.returncode)}); nothing else was affected",
            hint="it is probably nested too deeply or too long: simplify it",
        )

    def _memory_error(self) -> QueryLimitError:
        return QueryLimitError(
            f"the query needed more than {self.memory_mb:,} MB of memory and was stopped",
            hint="narrow it (LIMIT, more specific patterns, no ORDER BY over huge results), "
            "or raise --query-memory",
        )


class _Worker:
    """One worker process, the parent's end of its socket, and the file its stderr goes to."""

    STDERR_TAIL = 2000  # bytes of a dead worker's stderr worth logging

    def __init__(
        self, process: subprocess.Popen[bytes], conn: Connection, stderr: IO[bytes]
    ) -> None:
        self.process = process
        self.conn = conn
        self.stderr = stderr
        self.last_words = ""  # the end of its stderr, once it has died by itself

    def stop(self, *, kill: bool = True) -> int | None:
        """Kill (or, for one that died, reap) the process; its exit code (negative: the signal)."""
        if kill and self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            self.process.kill()
            try:
                self.process.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                LOGGER.error("query worker %d does not stop", self.process.pid)
        self.conn.close()
        if not kill and self.process.returncode:
            self.stderr.seek(0, os.SEEK_END)
            self.stderr.seek(max(0, self.stderr.tell() - self.STDERR_TAIL))
            self.last_words = self.stderr.read().decode("utf-8", "replace").strip()
            LOGGER.info(
                "query worker %d stopped (%s)%s",
                self.process.pid,
                _describe_exit(self.process.returncode),
                f"; its last output:\n{self.last_words}" if self.last_words else "",
            )
        self.stderr.close()
        return self.process.returncode


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "it did not exit"
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def _worker_environment() -> dict[str, str]:
    """The caller's environment, with this package importable even when it is not installed."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return env


_WORKER_COMMAND = "from actorgraph.query import _worker_main; _worker_main()"


def _worker_main() -> None:
    """A worker process (``python -c``; argv: socket fd, memory MB): answer queries till EOF.

    Queries run on a thread with a large stack: deep recursion in the engine
    needs more than the main thread's 8 MiB.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which then kills us
    conn = Connection(int(sys.argv[1]))
    memory_mb = int(sys.argv[2])
    threading.stack_size(WORKER_STACK_BYTES)
    thread = threading.Thread(target=_answer_queries, args=(conn, memory_mb), name="query")
    thread.start()
    thread.join()


def _answer_queries(conn: Connection, memory_mb: int) -> None:
    try:
        store = _store_from(conn.recv())
    except ActorgraphError as error:
        conn.send(("failed", error.message, error.hint))
        return
    except (EOFError, OSError):
        return
    for _ in store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"):  # so the limit counts this
        pass  # thread's malloc arena as already there, not as the first query's memory
    _limit_memory(memory_mb)
    conn.send(("ready", len(store)))
    while True:
        try:
            task, text, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[Any, ...] = ("ok", task(store, text, *args))
        except QueryError as error:
            reply = ("error", error.message, error.hint)
        except MemoryError:
            reply = ("memory",)
        except Exception as exc:  # noqa: BLE001 - lazy evaluation: errors surface while reading rows
            reply = (
                "error",
                f"the query failed while running: {exc}",
                "check functions and types used in FILTER/BIND",
            )
        except BaseException as exc:  # noqa: BLE001 - a Rust panic arrives as pyo3's PanicException
            reply = ("error", f"the query engine failed on this query: {exc}", "simplify the query")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory",))
        except (OSError, EOFError):
            return


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at its current size plus ``memory_mb`` (Linux only).

    Past it, Python raises MemoryError and Oxigraph aborts (SIGABRT): either
    way only this worker stops.
    """
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
