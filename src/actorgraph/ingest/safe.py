"""Hostile input made harmless: unencodable characters, endless tokens, raw file names.

Everything a later stage touches passes through here once, at ingest:

- ``scrub`` replaces lone surrogates (a JSON ``"\\ud800"``, an undecodable
  file name), control characters and non-characters with U+FFFD, so no
  cache key, export or terminal line can fail with UnicodeEncodeError or
  carry a raw control code; ``scrub_field`` does the same for one-line
  metadata (title, byline, URL ...) and folds its whitespace;
- ``cap_runs`` and ``wrap_long_lines`` bound what the spaCy tokenizer and
  parser are given: a whitespace-free run of 10,000 punctuation characters
  costs the tokenizer 20-50 s (its prefix and suffix search is quadratic in
  the token), and a 100,000-character line is one "sentence" to the parser;
- ``shown`` renders a path or name for a message (escape codes and
  undecodable bytes as ``\\x1b``, ``\\xff``), ``source_name`` for
  ``Article.source`` (undecodable bytes as U+FFFD, escape codes escaped), ``source_id``
  the same without "|".
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import PurePath

from ..model import Article

MAX_RUN_CHARS = 200  # longest run without whitespace handed on; longer runs are split
JUNK_RUN_CHARS = 40  # a longer run that is mostly punctuation keeps only this much
JUNK_ALNUM_SHARE = 0.5  # a run with fewer letters and digits than this share is junk
RUN_BREAK_WINDOW = 50  # a split looks this far back for a "/", "-", "?" ... to break after
MAX_LINE_CHARS = 20_000  # longest line handed on; longer lines are wrapped as paragraphs
WRAP_MIN_SHARE = 0.5  # a sentence end in the last half of a window is a good place to wrap

# Lone surrogates, C0/C1 controls other than the whitespace ones, DEL, non-characters.
_UNSAFE_TEXT = re.compile("[\ud800-\udfff\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_UNSAFE_FIELD = re.compile("[\ud800-\udfff\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_FIELD_SPACE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
_RUN_BREAKS = "/-_?&=.,;:|#+)]}"
_SENTENCE_GAP = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_LONG_LINE = re.compile(rf"[^\n]{{{MAX_LINE_CHARS + 1},}}")
REPLACEMENT = "\ufffd"


def scrub(text: str) -> str:
    """Text with lone surrogates, controls (tab and line ends kept) and non-characters as U+FFFD."""
    return _UNSAFE_TEXT.sub(REPLACEMENT, text)


def scrub_field(value: str) -> str:
    """One-line metadata made safe: whitespace controls as spaces, other unsafe ones U+FFFD."""
    value = _FIELD_SPACE.sub(" ", value)
    return " ".join(_UNSAFE_FIELD.sub(REPLACEMENT, value).split())


# --------------------------------------------------------------------------- bounded tokens, lines


def cap_runs(text: str) -> str:
    """Split every whitespace-free run longer than MAX_RUN_CHARS; cut runs of junk short.

    Pieces break after a URL or path separator near the limit when there is
    one (``https://x.example/a/ b/c``), so a long URL stays readable; a run
    that is mostly punctuation or symbols ("=====...", "!?!?...") is
    decoration, not text, and keeps only its first JUNK_RUN_CHARS characters.
    """
    if len(text) <= MAX_RUN_CHARS or not _RUN.search(text):
        return text
    return _RUN.sub(lambda m: _split_run(m.group()), text)


def _split_run(run: str) -> str:
    alnum = sum(c.isalnum() for c in run[: MAX_RUN_CHARS * 4])
    if alnum < JUNK_ALNUM_SHARE * min(len(run), MAX_RUN_CHARS * 4):
        return run[:JUNK_RUN_CHARS]
    pieces = []
    while len(run) > MAX_RUN_CHARS:
        window = run[:MAX_RUN_CHARS]
        cut = max(window.rfind(c, MAX_RUN_CHARS - RUN_BREAK_WINDOW) for c in _RUN_BREAKS) + 1
        cut = cut if cut > 0 else MAX_RUN_CHARS
        pieces.append(run[:cut])
        run = run[cut:]
    pieces.append(run)
    return " ".join(pieces)


def wrap_long_lines(text: str, *, separator: str = "\n\n") -> str:
    """Break every line longer than MAX_LINE_CHARS at a sentence end (else at a space).

    The pieces are joined by ``separator``, a paragraph break by default, so
    that later steps never glue them back into one line.
    """
    if len(text) <= MAX_LINE_CHARS or not _LONG_LINE.search(text):
        return text
    return _LONG_LINE.sub(lambda m: separator.join(_wrap(m.group())), text)


def _wrap(line: str) -> list[str]:
    pieces = []
    while len(line) > MAX_LINE_CHARS:
        window = line[: MAX_LINE_CHARS + 1]
        cut = 0
        for match in _SENTENCE_GAP.finditer(window, int(MAX_LINE_CHARS * WRAP_MIN_SHARE)):
            cut = match.end()
        if not cut:
            cut = window.rfind(" ") + 1 or MAX_LINE_CHARS
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    return [p for p in pieces + [line] if p]


# --------------------------------------------------------------------------- names and ids


def _as_text(name: str | bytes | PurePath) -> str:
    if isinstance(name, bytes):
        return os.fsdecode(name)
    return str(name)


def shown(name: str | bytes | PurePath) -> str:
    """A path or name as a message shows it: printable characters as they are, the rest escaped.

    Escape codes and other controls come out as ``\\x1b``, a byte that was
    not valid UTF-8 in a file name as ``\\xff``, other unprintable characters
    (a right-to-left override) as ``\\u202e``: repr's escapes without its
    quotes, so a hostile name can never drive the terminal.
    """
    text = _as_text(name)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def source_name(name: str | bytes | PurePath) -> str:
    """A path as ``Article.source``: undecodable bytes as U+FFFD, controls escaped (``shown``)."""
    text = re.sub("[\ud800-\udfff]", REPLACEMENT, _as_text(name))
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


def source_id(name: str | bytes | PurePath) -> str:
    """A name as a document id: printable (``source_name``) and free of "|".

    "|" separates a node's or edge's sources in every export (ONTOLOGY.md): inside one
    document id it would split the id into several documents, so it is percent-encoded.
    """
    return source_name(name).replace("|", "%7C")


def safe_article(article: Article) -> Article:
    """The Article with every field made safe once, on its way out of ingest.

    The text keeps its layout (``scrub``); title, byline, dateline, date,
    URL and publisher become one clean line each (``scrub_field``); the
    source is a printable id (``source_name``).
    """
    return replace(
        article,
        source=source_id(article.source),
        text=scrub(article.text),
        title=scrub_field(article.title),
        byline=scrub_field(article.byline),
        dateline=scrub_field(article.dateline),
        published=scrub_field(article.published),
        url=scrub_field(article.url),
        publisher=scrub_field(article.publisher),
    )
