"""How deeply a query or a graph file nests, found by a linear scan before any parser runs.

Oxigraph's SPARQL parser and rdflib's Turtle and JSON-LD parsers recurse once per nesting
level: 10 KB of ``((((...))))`` overflows the native stack and kills the process with no
message. So the store (graph files) and the query checks (SPARQL text) both measure depth here
first, skipping what each lexer reads as one token (strings, IRIs, comments).
"""

from __future__ import annotations

import re
from itertools import accumulate

_NESTING_DELTA = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}

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
# SPARQL processes \u and \U escapes before parsing (section 19.2), so keywords can be
# written with them.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def query_nesting(text: str) -> int:
    """How deep a query nests ( [ { outside its strings, IRIs and comments: 0 for none.

    A fast check for a clear message, not a parser: a query that hides its
    depth from it still runs in a worker process with a large stack.
    """
    return max_depth(_BRACKETS.findall(lexical_skeleton(text)))


def document_nesting(text: str, rdf_format: str) -> int:
    """How deep a graph file nests: JSON objects and arrays, or Turtle ``[ ]`` and ``( )``.

    Strings (and in Turtle IRIs and comments) are skipped; linear in the size of the text.
    """
    if rdf_format == "json-ld":
        return max_depth(_BRACKETS.findall(_JSON_STRING.sub('""', text)))
    if rdf_format == "turtle":
        return max_depth(_BRACKETS.findall(_TURTLE_OPAQUE.sub(" ", text)))
    return 0  # N-Triples has no nesting


def max_depth(brackets: list[str]) -> int:
    """The highest running count of openers minus closers.

    Not clamped at 0: after a stray closer the count is low, but every parser
    stops with a syntax error at that closer before it reaches what follows.
    """
    return max(accumulate(map(_NESTING_DELTA.__getitem__, brackets)), default=0)


def lexical_skeleton(text: str) -> str:
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
