"""Ingest: article files, news dumps and standard input -> clean ``Article`` objects.

``read_articles(paths)`` is the stage function: it expands folders (with
include/exclude globs), reads each file and yields one ``Article`` per
article file and one per record of a JSONL/CSV/TSV dump, as a stream: a
dump of any size is never held in memory. Problems with one input are
``InputError``s that name the file (and the record) and say what to do;
with ``on_error`` a batch reports them and goes on, without it the first
one is raised. The work lives in the submodules: ``files`` (which files),
``reader`` (one article file), ``dumps`` (records), ``decode`` (bytes to
text), ``clean`` (plain text and markdown), ``html`` (saved pages),
``dates`` (dates as printed), ``sources`` (document ids) and ``safe`` (hostile characters, names and
lengths made harmless).

Every Article leaves ingest safe to encode and to print: lone surrogates and
control characters are U+FFFD, ``source`` is a printable id that is never an
absolute local path (``sources``: the path from the current folder or from the
input argument, unique within the call; a dump record's own id or URL), and
``published`` is "" when the article gives no date (never a made-up one),
a year ("2021") when only the year is sure, else "YYYY-MM-DD".
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .clean import CleanResult, clean_text
from .dates import check_published
from .decode import CHUNK_BYTES, SNIFF_BYTES, starts_with
from .dumps import DUMP_FIELDS, FieldKeys, field_keys, iter_dump
from .files import (
    ARTICLE_SUFFIXES,
    DUMP_SUFFIXES,
    STDIN_PATH,
    PathArg,
    as_list,
    as_path,
    count_inputs,
    expected_articles,
    file_key,
    is_dump,
    is_stdin,
    iter_input_files,
)
from .reader import (
    MAX_FILE_BYTES,
    STDIN_SOURCE,
    article_from_bytes,
    open_binary,
    open_error,
    read_article,
    read_stream,
)
from .safe import MAX_LINE_CHARS, MAX_RUN_CHARS, shown, source_name
from .sources import SourceIds, document_id

__all__ = [
    "ARTICLE_SUFFIXES",
    "DUMP_FIELDS",
    "DUMP_SUFFIXES",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "MAX_RUN_CHARS",
    "CleanResult",
    "article_from_bytes",
    "check_fields",
    "check_published",
    "clean_text",
    "count_inputs",
    "document_id",
    "expected_articles",
    "iter_input_files",
    "read_article",
    "read_articles",
    "read_stream",
    "shown",
    "source_name",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

ErrorHandler = Callable[[Path, InputError], None]


def check_fields(fields: Mapping[str, str] | None) -> None:
    """Raise InputError for a field mapping ``read_articles`` cannot use.

    ``read_articles`` checks too, but only once iterated: call this before
    loading a model, so a typo fails at once.
    """
    field_keys(fields)


def read_articles(
    paths: PathArg,
    on_error: ErrorHandler | None = None,
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    fields: Mapping[str, str] | None = None,
    published: str | None = None,
) -> Iterator[Article]:
    """Yield one Article per article file and one per dump record, streaming.

    ``paths``: files, folders (walked recursively) and "-" for standard
    input (a JSONL dump when its first non-blank character is "{", else
    one article); ``str``, ``Path`` or ``bytes``. ``include``/``exclude``:
    globs for files inside folders (see ``files``). ``fields``: our field
    names (``DUMP_FIELDS``) mapped to a dump's column or key names, e.g.
    ``{"text": "body"}``.

    ``published`` ("YYYY-MM-DD", e.g. from ``--published``) is the date of
    every article that gives none. The order, strongest first: a dump
    record's own full date; a clear date on the page (a date line,
    "Published ...", page metadata, front matter); then ``published``; then
    the guesses: a year-only date (a numeric date whose day/month order the
    page leaves open) and the fallback (the latest full date in the page
    header, captions included). So the user's date never overrides what the
    page states, and always overrides a guess. Check it up front with
    ``check_published``; an invalid one raises InputError here.

    Without ``on_error`` the first bad path, file or record raises its
    InputError. With it, each is reported as ``on_error(path, error)``
    (``path`` is the file; the error's message names the record and its
    line) and skipped, so one broken input does not stop a batch. Messages
    name files through ``shown``: control characters and undecodable bytes
    come out escaped.
    """
    keys = field_keys(fields)
    default = check_published(published)
    include, exclude = tuple(_patterns(include)), tuple(_patterns(exclude))
    seen: set[object] = set()
    ids = SourceIds()
    for given in as_list(paths):
        if is_stdin(given):
            yield from _read_stdin(keys, on_error, default)
            continue
        try:
            files = list(iter_input_files([given], include=include, exclude=exclude))
        except InputError as exc:
            _report(as_path(given), exc, on_error)
            continue
        for path in files:
            key = file_key(path)
            if key in seen:
                continue
            seen.add(key)
            document = ids.claim(path, as_path(given))
            if is_dump(path):
                yield from _read_dump(path, keys, on_error, default, document)
                continue
            try:
                article = read_article(path, published=default, source=document)
            except InputError as exc:
                _report(path, exc, on_error)
                continue
            logger.debug("read %s: %d characters", shown(path), len(article.text))
            yield article


def _patterns(patterns: Iterable[str] | str) -> list[str]:
    return [patterns] if isinstance(patterns, str) else list(patterns)


def _read_dump(
    path: Path, keys: FieldKeys, on_error: ErrorHandler | None, published: str, document: str
) -> Iterator[Article]:
    """The articles of one dump file; its bad records and its own failure go to ``on_error``.

    ``document`` is the dump's id: a record without an id or URL of its own is
    ``<document>#N``."""
    count = 0
    try:
        with open_binary(path) as handle:
            chunks = iter(lambda: handle.read(CHUNK_BYTES), b"")
            for article in iter_dump(
                chunks,
                source=source_name(path),
                document=document,
                kind=path.suffix.lower().lstrip("."),
                keys=keys,
                report=lambda error: _report(path, error, on_error),
                published=published,
            ):
                count += 1
                yield article
    except OSError as exc:
        _report(path, open_error(path, exc), on_error)
    except InputError as exc:
        _report(path, exc, on_error)
    logger.debug("read %s: %d articles", shown(path), count)


def _read_stdin(
    keys: FieldKeys, on_error: ErrorHandler | None, published: str
) -> Iterator[Article]:
    """Standard input: a JSONL dump when it opens with "{", else one article."""
    stream = sys.stdin.buffer
    head = stream.read(SNIFF_BYTES)
    stdin = Path(STDIN_PATH)
    try:
        if not starts_with(head, "{"):
            yield read_stream(stream, head=head, published=published)
            return
        chunks = itertools.chain([head], iter(lambda: stream.read(CHUNK_BYTES), b""))
        yield from iter_dump(
            chunks,
            source=STDIN_SOURCE,
            kind="jsonl",
            keys=keys,
            report=lambda error: _report(stdin, error, on_error),
            published=published,
        )
    except InputError as exc:
        _report(stdin, exc, on_error)


def _report(path: Path, error: InputError, on_error: ErrorHandler | None) -> None:
    if on_error is None:
        raise error
    logger.info("skipped %s: %s", shown(path), error.message)
    on_error(path, error)
