"""Ingest: article files on disk -> clean ``Article`` objects.

``read_articles(paths)`` is the stage function: it expands folders, reads
each file (``read_article``) and yields one ``Article`` per file. Per-file
problems are ``InputError``s that name the file and say what to do; with
``on_error`` a batch reports them and goes on, without it the first one is
raised. The heavy lifting lives in the submodules: ``decode`` (bytes to
text), ``clean`` (plain text and markdown), ``html`` (saved pages).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Article
from .clean import CleanResult, clean_text
from .decode import decode_bytes
from .html import html_to_article

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_FILE_BYTES",
    "CleanResult",
    "clean_text",
    "iter_input_files",
    "read_article",
    "read_articles",
    "read_stream",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
STDIN_PATH = "-"  # read_articles(["-"]) reads one article from standard input
STDIN_SOURCE = "<stdin>"
MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB: far beyond any article, small enough to hold in memory
_HTML_SNIFF = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)

_HTML_BLOCK_TAG = re.compile(r"</(?:p|div|body|article|section)\s*>", re.IGNORECASE)

ErrorHandler = Callable[[Path, InputError], None]


def iter_input_files(paths: Iterable[Path | str] | Path | str) -> Iterator[Path]:
    """Expand files and folders into article files, each once, folders walked recursively in order.

    A file named explicitly is yielded whatever its suffix; inside folders
    only .txt, .md, .html and .htm count, and hidden files and folders are
    skipped.
    """
    seen: set[Path] = set()
    for given in _as_list(paths):
        for path in _expand(Path(given)):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                yield path


def _as_list(paths: Iterable[Path | str] | Path | str) -> list[Path | str]:
    """Accept one path as well as many: a bare string must not be iterated letter by letter."""
    if isinstance(paths, (str, Path)):
        return [paths]
    return list(paths)


def _expand(path: Path) -> list[Path]:
    if not path.exists():
        raise InputError(f"{path}: no such file or folder", hint="check the path and its spelling")
    if not path.is_dir():
        return [path]
    found = []
    for folder, subfolders, files in os.walk(path):  # does not follow symlinked folders: no loops
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found += [
            Path(folder) / name
            for name in sorted(files)
            if not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES)
        ]
    if not found:
        raise InputError(
            f"{path}: the folder holds no article files",
            hint="article files end in " + ", ".join(ARTICLE_SUFFIXES),
        )
    return sorted(found)


def read_article(path: Path | str) -> Article:
    """Read, decode and clean one article file."""
    path = Path(path)
    return article_from_bytes(_read_bytes(path), source=str(path), suffix=path.suffix)


def read_stream(stream: BinaryIO, *, source: str = STDIN_SOURCE) -> Article:
    """Read one article from a binary stream (standard input for the path "-")."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"{source} is too large (more than {MAX_FILE_BYTES // 1024 // 1024} MB)",
            hint="an article is a few KB; pipe in one article at a time",
        )
    return article_from_bytes(data, source=source)


def article_from_bytes(data: bytes, *, source: str, suffix: str = "") -> Article:
    """Decode and clean one article's bytes; HTML is recognised by suffix or by its markup."""
    if not data.strip():
        raise InputError(
            f"{source} is empty", hint="remove the file or save the article text into it"
        )
    is_html = suffix.lower() in HTML_SUFFIXES
    text = decode_bytes(data, source=source, html=is_html or data.lstrip()[:1] == b"<")
    if not text.strip():
        raise InputError(
            f"{source} is empty (only whitespace)", hint="save the article text into it"
        )
    if is_html or _looks_like_html(text):
        return html_to_article(text, source=source)
    return _text_to_article(clean_text(text), source)


def _looks_like_html(text: str) -> bool:
    """A page saved under a text suffix: a doctype/html start, or markup with paragraph tags."""
    head = text[:2048]
    if _HTML_SNIFF.match(head):
        return True
    return head.lstrip().startswith("<") and bool(_HTML_BLOCK_TAG.search(text))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, with each way of failing turned into an InputError naming the file."""
    if not path.exists():
        raise InputError(f"{path}: no such file", hint="check the path and its spelling")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file", hint="use read_articles() for folders")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path} is too large ({size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB per article)",
                hint="an article is a few KB; extract the article text or split the file",
            )
        return path.read_bytes()
    except PermissionError:
        raise InputError(
            f"{path}: permission denied", hint="check the file's read permissions"
        ) from None
    except IsADirectoryError:
        raise InputError(
            f"{path} is a folder, not a file", hint="use read_articles() for folders"
        ) from None
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be read ({exc.strerror or exc})", hint="check the file"
        ) from None


def _text_to_article(cleaned: CleanResult, source: str) -> Article:
    if not cleaned.has_article_body():
        raise InputError(
            f"{source} has no article text left after removing page furniture",
            hint="check that the file holds an article, not only a menu, headline or footer",
        )
    if cleaned.published_is_fallback:
        logger.debug(
            "%s: no date line; publication date %s taken from the header", source, cleaned.published
        )
    return Article(
        source=source,
        text=cleaned.text,
        title=cleaned.title,
        byline=cleaned.byline,
        dateline=cleaned.dateline,
        published=cleaned.published,
        url=cleaned.url,
    )


def read_articles(
    paths: Iterable[Path | str] | Path | str, on_error: ErrorHandler | None = None
) -> Iterator[Article]:
    """Yield one Article per input file.

    The path "-" reads one article from standard input. Without
    ``on_error`` the first bad path or file raises its InputError.
    With it, each bad path or file is reported as ``on_error(path, error)``
    and skipped, so one broken file does not stop a batch.
    """
    seen: set[Path] = set()
    for given in _as_list(paths):
        if str(given) == STDIN_PATH:
            try:
                yield read_stream(sys.stdin.buffer)
            except InputError as exc:
                _report(Path(STDIN_PATH), exc, on_error)
            continue
        try:
            files = list(iter_input_files([given]))
        except InputError as exc:
            _report(Path(given), exc, on_error)
            continue
        for path in files:
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            try:
                article = read_article(path)
            except InputError as exc:
                _report(path, exc, on_error)
                continue
            logger.debug("read %s: %d characters", path, len(article.text))
            yield article


def _report(path: Path, error: InputError, on_error: ErrorHandler | None) -> None:
    if on_error is None:
        raise error
    logger.info("skipped %s: %s", path, error.message)
    on_error(path, error)
