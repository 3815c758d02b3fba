"""One article file (or one standard-input stream) -> one ``Article``.

Every way a file can fail to be an article (missing, a folder, not a
regular file, a broken or looping symlink, unreadable, too large, binary,
empty, only page furniture) becomes an ``InputError`` that names the file
and says what to do. Only regular files are opened: a FIFO would block the
read forever and a device (a symlink to ``/dev/zero``) never ends, so the
file's type is checked before it is opened and again on the open handle,
and a read never takes more than MAX_FILE_BYTES + 1 bytes whatever the file
says its size is.

Messages about the file itself (missing, not a regular file, unreadable,
too large) name it through ``safe.shown``: escape codes and undecodable
bytes escaped (``\x1b``, ``\xff``). Messages about its content (binary,
empty, no article text) name the article by its id, ``Article.source``
(``safe.source_name``: escape codes escaped, undecodable bytes as U+FFFD).
Both are safe to print.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Article
from .clean import CleanResult, clean_text
from .dates import check_published, pick_published
from .decode import decode_bytes
from .files import HTML_SUFFIXES, as_path, is_dump
from .html import html_to_article, looks_like_html
from .safe import safe_article, scrub, shown, source_id, source_name
from .sources import document_id

logger = logging.getLogger(__name__)

STDIN_SOURCE = "<stdin>"
MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB: far beyond any article, small enough to hold in memory


def read_article(
    path: Path | str | bytes, *, published: str | None = None, source: str | None = None
) -> Article:
    """Read, decode and clean one article file.

    ``source`` is the article's document id (``read_articles`` gives each file a unique one);
    by default the file's ``sources.document_id``: its path from the current folder when it
    lies inside it, else its name, never an absolute path. Messages about the content name
    the file as it was given, so the user can find it.

    ``published`` ("YYYY-MM-DD") is the date for an article whose page gives
    none. A clear date on the page (a date line, page metadata, front
    matter) wins over it; it wins over a guess (the fallback: the latest
    full date in the page header or its captions) and over a year-only date
    (a numeric date whose day/month order the page leaves open). InputError
    when ``published`` is not such a date.
    """
    path = as_path(path)
    default = check_published(published)
    if is_dump(path):
        raise InputError(
            f"{shown(path)} is a news dump (one article per record), not one article",
            hint="read dumps with read_articles(), which yields one Article per record",
        )
    article = article_from_bytes(
        _read_bytes(path), source=source_name(path), suffix=path.suffix, published=default
    )
    return replace(article, source=source_id(source) if source else document_id(path))


def read_stream(
    stream: BinaryIO, *, source: str = STDIN_SOURCE, head: bytes = b"", published: str = ""
) -> Article:
    """Read one article from a binary stream (standard input for the path "-").

    ``head`` is what a caller already read from the stream to sniff it;
    ``published`` as for ``read_article``.
    """
    data = head + stream.read(MAX_FILE_BYTES + 1 - len(head))
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"{source} is too large (more than {MAX_FILE_BYTES // 1024 // 1024} MB)",
            hint="an article is a few KB; pipe in one article at a time, or a JSONL dump",
        )
    return article_from_bytes(data, source=source, published=check_published(published))


def article_from_bytes(
    data: bytes, *, source: str, suffix: str = "", published: str = ""
) -> Article:
    """Decode and clean one article's bytes; HTML is recognised by suffix or by its markup.

    ``source`` is the article's id and names it in messages: it must be
    printable (``safe.source_name``). ``published`` as for ``read_article``.
    """
    if not data.strip():
        raise InputError(
            f"{source} is empty", hint="remove the file or save the article text into it"
        )
    is_html = suffix.lower() in HTML_SUFFIXES
    text = scrub(decode_bytes(data, source=source, html=is_html or data.lstrip()[:1] == b"<"))
    if not text.strip():
        raise InputError(
            f"{source} is empty (only whitespace)", hint="save the article text into it"
        )
    if is_html or looks_like_html(text):
        return html_to_article(text, source=source, published=published)
    return text_to_article(clean_text(text), source, published=published)


def text_to_article(
    cleaned: CleanResult, source: str, *, published: str = "", record_date: str = ""
) -> Article:
    """The Article of a cleaned text; InputError when nothing reads as article prose.

    The date is chosen by ``dates.pick_published`` from ``record_date`` (a
    dump record's own date field), the text's clear date, ``published`` (the
    user's default) and the text's guesses, in that order.
    """
    if not cleaned.has_article_body():
        raise InputError(
            f"{source} has no article text left after removing page furniture",
            hint="check that the file holds an article, not only a menu, headline or footer",
        )
    if cleaned.published_is_fallback:
        logger.debug(
            "%s: no date line; publication date %s taken from the header", source, cleaned.published
        )
    date = pick_published(
        record=record_date, clear=cleaned.clear_date, default=published, weak=cleaned.weak_date
    )
    return safe_article(
        Article(
            source=source,
            text=cleaned.text,
            title=cleaned.title,
            byline=cleaned.byline,
            dateline=cleaned.dateline,
            published=date,
            url=cleaned.url,
        )
    )


def _read_bytes(path: Path) -> bytes:
    """The file's bytes (at most MAX_FILE_BYTES), each way of failing an InputError naming it."""
    with open_binary(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise InputError(
                    f"{shown(path)} is too large ({size / 1024 / 1024:.1f} MB; the limit is "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB per article)",
                    hint="an article is a few KB; extract the article text or split the file",
                )
            data = handle.read(MAX_FILE_BYTES + 1)  # st_size may lie (/proc, a growing file)
        except OSError as exc:
            raise open_error(path, exc) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"{shown(path)} is too large (more than {MAX_FILE_BYTES // 1024 // 1024} MB per"
            " article)",
            hint="an article is a few KB; extract the article text or split the file",
        )
    return data


def open_binary(path: Path) -> BinaryIO:
    """The regular file opened for reading bytes, or an InputError naming it.

    The type is checked on the path (so a FIFO or a device is never opened)
    and again on the handle, which is opened without blocking and without
    becoming a controlling terminal, in case the path changed in between.
    """
    _check_regular(path, _stat(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise open_error(path, exc) from None
    try:
        _check_regular(path, os.fstat(fd))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except OSError as exc:
        raise open_error(path, exc) from None


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _check_regular(path: Path, status: os.stat_result) -> None:
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(
            f"{shown(path)} is a folder, not a file", hint="use read_articles() for folders"
        )
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    link = " (through a symbolic link)" if os.path.islink(path) else ""
    raise InputError(
        f"{shown(path)} is {kind}{link}, not a regular file; skipped",
        hint="only regular files are read: copy the article into a file",
    )


def open_error(path: Path, exc: OSError) -> InputError:
    """An OSError met while opening or reading ``path``, said for a user."""
    name = shown(path)
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return InputError(
                f"{name} is a broken symbolic link (its target does not exist)",
                hint="fix or remove the link",
            )
        return InputError(f"{name}: no such file", hint="check the path and its spelling")
    if exc.errno == errno.ELOOP:
        return InputError(
            f"{name} is a symbolic link loop (it never reaches a file)",
            hint="fix or remove the link",
        )
    if isinstance(exc, PermissionError):
        return InputError(f"{name}: permission denied", hint="check the file's read permissions")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{name} is a folder, not a file", hint="use read_articles() for folders")
    return InputError(f"{name}: cannot be read ({exc.strerror or exc})", hint="check the file")
