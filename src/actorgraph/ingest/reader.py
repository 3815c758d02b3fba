"""One article file (or one standard-input stream) -> one ``Article``.

Every way a file can fail to be an article (missing, a folder, unreadable,
too large, binary, empty, only page furniture) becomes an ``InputError``
that names the file and says what to do.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Article
from .clean import CleanResult, clean_text
from .decode import decode_bytes
from .files import HTML_SUFFIXES, is_dump
from .html import html_to_article, looks_like_html

logger = logging.getLogger(__name__)

STDIN_SOURCE = "<stdin>"
MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB: far beyond any article, small enough to hold in memory


def read_article(path: Path | str) -> Article:
    """Read, decode and clean one article file."""
    path = Path(path)
    if is_dump(path):
        raise InputError(
            f"{path} is a news dump (one article per record), not one article",
            hint="read dumps with read_articles(), which yields one Article per record",
        )
    return article_from_bytes(_read_bytes(path), source=str(path), suffix=path.suffix)


def read_stream(stream: BinaryIO, *, source: str = STDIN_SOURCE, head: bytes = b"") -> Article:
    """Read one article from a binary stream (standard input for the path "-").

    ``head`` is what a caller already read from the stream to sniff it.
    """
    data = head + stream.read(MAX_FILE_BYTES + 1 - len(head))
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"{source} is too large (more than {MAX_FILE_BYTES // 1024 // 1024} MB)",
            hint="an article is a few KB; pipe in one article at a time, or a JSONL dump",
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
    if is_html or looks_like_html(text):
        return html_to_article(text, source=source)
    return text_to_article(clean_text(text), source)


def text_to_article(cleaned: CleanResult, source: str) -> Article:
    """The Article of a cleaned text; InputError when nothing reads as article prose."""
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


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, with each way of failing turned into an InputError naming the file."""
    _check_file(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path} is too large ({size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB per article)",
                hint="an article is a few KB; extract the article text or split the file",
            )
        return path.read_bytes()
    except OSError as exc:
        raise open_error(path, exc) from None


def open_binary(path: Path) -> BinaryIO:
    """The file opened for reading bytes, or an InputError naming it."""
    _check_file(path)
    try:
        return path.open("rb")
    except OSError as exc:
        raise open_error(path, exc) from None


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file", hint="check the path and its spelling")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file", hint="use read_articles() for folders")


def open_error(path: Path, exc: OSError) -> InputError:
    """An OSError met while opening or reading ``path``, said for a user."""
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied", hint="check the file's read permissions")
    if isinstance(exc, IsADirectoryError):
        return InputError(
            f"{path} is a folder, not a file", hint="use read_articles() for folders"
        )
    return InputError(f"{path}: cannot be read ({exc.strerror or exc})", hint="check the file")
