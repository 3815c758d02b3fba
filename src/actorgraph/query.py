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
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph

from .errors import InputError, QueryError
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
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
OUTPUT_FORMATS = ("table", "csv", "json")
TABLE_CELL_WIDTH = 100  # table cells are cut here; csv and json keep whole values

_QUERY_NAME = re.compile(r"[A-Za-z0-9_-]+")
_SELECT_STAR = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\ufffd]+)")
# What a terminal would act on rather than show: C0/C1 controls (escape
# sequences) and bidi controls (which can reorder what is displayed).
# What the SPARQL lexer skips or reads as one token, so keywords are looked for outside them:
# long and short strings, IRIs, comments (SPARQL 1.1 section 19.8).
_OPAQUE = re.compile(
    "|".join((
        r"'''(?:[^'\\]|\\.|'(?!''))*'''",  # long strings
        r'"""(?:[^"\\]|\\.|"(?!""))*"""',
        r"'(?:[^'\\\n\r]|\\.)*'",  # short strings
        r'"(?:[^"\\\n\r]|\\.)*"',
        r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRIs
        r"#[^\n\r]*",  # comments
    )),
    re.DOTALL,
)
# SPARQL processes \u and \U escapes before parsing (section 19.2), so keywords can be written with them.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OTHER_DATA = re.compile(r"(?<![\w?$:.-])(FROM|SERVICE)(?![\w:.-])", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*([A-Za-z]+)", re.IGNORECASE)
_PREFIX_DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)
_PREFIX_USED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*):(?=[\w%\\]|\s|$)")
_OXIGRAPH_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
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


def run_query(path: Path, sparql: str) -> QueryResult:
    """Run ``sparql`` (query text, a named query such as "claims", or a .rq file) on a graph file.

    Raises:
        InputError: the graph file does not exist.
        QueryError: the file cannot be read as RDF, the named query does not
            exist, or the query is malformed, an update, or reads other sources.
    """
    text = _query_text(sparql)
    check_query(text)
    store = load_store(Path(path))
    result = execute(store, text)
    try:
        return _to_result(result, text)
    except QueryError:
        raise
    except Exception as exc:  # Oxigraph evaluates lazily: errors surface while reading rows
        LOGGER.debug("query evaluation failed", exc_info=True)
        raise QueryError(
            f"the query failed while running: {exc}",
            hint="check functions and types used in FILTER/BIND",
        ) from None

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
    """Parse an exported graph file into an rdflib Graph (for validation), the format from its suffix.

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
    """Load an exported graph file into a new in-memory pyoxigraph store, the format from its suffix.

    Raises:
        InputError: the file does not exist or is a directory.
        QueryError: the suffix is unknown or the file is not valid RDF.
    """
    rdf_format, text = _graph_text(path)
    store = pyoxigraph.Store()
    try:
        store.load(input=text, format=STORE_FORMATS[rdf_format], base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError, OSError) as exc:
        LOGGER.debug("parsing %s failed", path, exc_info=True)
        raise QueryError(
            f"cannot read {path} as {rdf_format}: {_parse_failure(exc)}",
            hint="query a .ttl, .jsonld or .nt file written by `actorgraph build`",
        ) from None
    LOGGER.debug("loaded %d triples from %s", len(store), path)
    return store


def check_query(text: str) -> None:
    """Refuse what a read-only query of one file must not do, before any parsing.

    Raises:
        QueryError: the text is empty, an update, or names other data (FROM,
            FROM NAMED, SERVICE).
    """
    if not text.strip():
        raise QueryError(
            "the query is empty", hint="give SPARQL text or a named query such as claims"
        )
    if is_update(text):
        raise QueryError(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR, ...) are not allowed: the graph is read-only",
            hint="use SELECT, ASK, CONSTRUCT or DESCRIBE; to change the graph, rebuild it from articles",
        )
    if _OTHER_DATA.search(_lexical_skeleton(text)):
        raise QueryError(
            "the query reads other data (FROM, FROM NAMED or SERVICE)",
            hint="queries run on the one graph file given; remove those clauses",
        )


def is_update(text: str) -> bool:
    """True when the text is a SPARQL update: its first keyword after PREFIX/BASE starts an operation."""
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
        path = Path(name)
        if not path.is_file():
            raise InputError(f"query file {path} does not exist", hint="check the path")
        return _read_text(path, "query file")
    return sparql


def _lexical_skeleton(text: str) -> str:
    """The query with code points unescaped and strings, IRIs and comments blanked: keywords only."""
    unescaped = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16))
                               if int(m.group(1) or m.group(2), 16) <= 0x10FFFF else " ", text)
    return _OPAQUE.sub(" ", unescaped)


def _syntax_message(error: str, text: str) -> str:
    """Oxigraph's "error at 1:26: expected ..." as "SPARQL syntax error at line 1, column 26: ..."."""
    match = _OXIGRAPH_ERROR.match(error.strip())
    detail = " ".join(error.split())
    if match:
        detail = f"at line {match.group(1)}, column {match.group(2)}: {' '.join(match.group(3).split())}"
    if ", [" in detail:  # "expected one of ..." then Unicode ranges of name characters: no help to anyone
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
    """Prefixes a query uses but neither declares nor finds predeclared: the parser only says "expected"."""
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
    """An RDF term as plain text: an IRI, a literal's lexical form, a blank node id; "" when unbound."""
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
