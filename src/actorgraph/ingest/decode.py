"""Bytes to text, and refusing what is not text.

Saved news pages come in every encoding Windows and old CMSs produce. The
order below is the one TOOLCHAIN.md section 8 settled on, because
``charset_normalizer``'s ``best()`` on its own calls Western cp1252 text
cp1250 or even cp852 (mojibake such as "naďve" or "ministerĺs"):

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. strict UTF-8, which almost never decodes non-UTF-8 text by accident;
3. for HTML, the ``<meta charset>`` the page declares, with iso-8859-1,
   latin-1 and ascii read as cp1252 as browsers do (WHATWG);
4. ``charset_normalizer`` limited to the encodings news text really uses;
5. cp1252 with replacement characters, so a page always yields text.

Binary files (images, PDFs, archives) are refused before any of this: NUL
bytes outside UTF-16, a known file signature, or more than 10% control
characters after decoding.
"""

from __future__ import annotations

import codecs
import itertools
import logging
import re
from collections.abc import Iterable, Iterator

import charset_normalizer

from ..errors import InputError

logger = logging.getLogger(__name__)

CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "iso8859_15", "utf_16"]
CONTROL_SHARE_LIMIT = 0.10  # above this share of control characters a file is not text
META_SNIFF_BYTES = 4096  # browsers look for <meta charset> in the first 1024; pages are sloppier
UTF16_NUL_SHARE = 0.3  # share of NULs in one byte lane that marks BOM-less UTF-16

# Signatures of files people drop into an articles folder by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# Code points that never occur in an article: C0 controls except tab/newlines, DEL, C1, U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
# WHATWG decodes these labels as windows-1252; Python's codecs would not.
_READ_AS_CP1252 = {"iso8859-1", "ascii", "latin-1", "iso-8859-1"}


def binary_kind(data: bytes) -> str:
    """What a known binary signature says the bytes are ("" when none matches)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return ""


def decode_bytes(data: bytes, *, source: str = "<bytes>", html: bool = False) -> str:
    """Decode a file's bytes to text, or raise InputError when they are not text."""
    kind = binary_kind(data)
    if kind:
        raise _binary_error(source, kind)
    text = _decode_bom(data)
    if text is None:
        if b"\x00" in data:
            text = _decode_utf16_without_bom(data)
            if text is None:
                raise _binary_error(source, "it contains NUL bytes")
        else:
            text = _decode_unmarked(data, html=html)
    _check_text(text, source)
    return text


def _binary_error(source: str, why: str) -> InputError:
    return InputError(
        f"{source} is a binary file, not an article ({why})",
        hint="give text files (.txt, .md) or saved web pages (.html, .htm)",
    )


def _decode_bom(data: bytes) -> str | None:
    """Text decoded by its byte-order mark, or None when there is no BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(encoding)
            except UnicodeDecodeError:
                logger.debug("bytes after a %s BOM do not decode; replacing bad bytes", encoding)
                return body.decode(encoding, errors="replace")
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: NULs fill one byte lane of ASCII-range characters."""
    if len(data) % 2:
        return None
    lanes = data[0::2], data[1::2]
    shares = [lane.count(0) / max(len(lane), 1) for lane in lanes]
    if shares[1] >= UTF16_NUL_SHARE and shares[0] < 0.05:
        encoding = "utf-16-le"
    elif shares[0] >= UTF16_NUL_SHARE and shares[1] < 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_unmarked(data: bytes, *, html: bool) -> str:
    """Decode bytes without a BOM or NULs, in the order the module docstring gives."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data) if html else ""
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            logger.debug("page declares %s but does not decode as it", declared)
    best = charset_normalizer.from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is not None:
        logger.debug("charset_normalizer chose %s", best.encoding)
        return str(best)
    return data.decode("cp1252", errors="replace")


def declared_charset(data: bytes) -> str:
    """The Python codec for the page's ``<meta charset>`` ("" when absent or unknown)."""
    match = _META_CHARSET.search(data[:META_SNIFF_BYTES])
    if not match:
        return ""
    label = match.group(1).decode("ascii", errors="ignore").strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        logger.debug("unknown declared charset %r", label)
        return ""
    return "cp1252" if name in _READ_AS_CP1252 or label in _READ_AS_CP1252 else name


def _check_text(text: str, source: str) -> None:
    """Refuse decoded text that is mostly control characters: a binary file in disguise."""
    if not text:
        return
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if controls / len(text) > CONTROL_SHARE_LIMIT:
        raise _binary_error(source, f"{controls / len(text):.0%} control characters")


# --------------------------------------------------------------------------- streams of lines
#
# Dumps (JSONL, CSV) can be far larger than memory, so they are decoded line
# by line instead of as one string. The order above still holds, per line:
# a BOM or a UTF-16 byte pattern in the first bytes decides for the whole
# stream; otherwise each line is tried as strict UTF-8 and, failing that,
# decoded with the encoding detected on the first SNIFF_BYTES (cp1252 when
# those were all UTF-8). A line never contains a multi-byte character cut in
# two, because b"\n" cannot occur inside one in UTF-8 or any 8-bit code page.

SNIFF_BYTES = 64 * 1024  # what encoding and binary checks look at in a stream
CHUNK_BYTES = 64 * 1024


def iter_text_lines(chunks: Iterable[bytes], *, source: str, max_line: int) -> Iterator[str | None]:
    """Decode a byte stream into lines that keep their "\\n"; None stands for an over-long line.

    A line longer than ``max_line`` bytes (characters for UTF-16) is not
    held in memory: its bytes are dropped as they arrive and one None is
    yielded in its place, so the caller can report it and go on. Binary
    streams (a known signature, or more than CONTROL_SHARE_LIMIT control
    characters in the first bytes) raise InputError before any line is
    yielded; a line holding a few NUL bytes is passed on for the caller to
    skip as one bad record.
    """
    chunks = iter(chunks)
    head = _read_head(chunks)
    kind = binary_kind(head)
    if kind:
        raise _binary_error(source, kind)
    wide, skip = _wide_encoding(head)
    # A few NUL bytes are one bad record (the caller skips it); a binary file has many
    # control characters, which _check_text refuses below.
    rest = itertools.chain([head[skip:]], chunks)
    if wide:
        _check_text(head[skip : len(head) - len(head) % 4].decode(wide, errors="ignore"), source)
        yield from _split_text(_decode_chunks(rest, wide), max_line)
        return
    fallback = fallback_encoding(head[skip:])
    _check_text(_decode_line(head[skip:], fallback, final=False), source)
    for raw in _split_bytes(rest, max_line):
        yield None if raw is None else _decode_line(raw, fallback)


def starts_with(head: bytes, char: str) -> bool:
    """True when the first non-blank character of a stream's first bytes is ``char``."""
    wide, skip = _wide_encoding(head)
    body = head[skip:]
    text = body.decode(wide, errors="ignore") if wide else body.decode("utf-8", errors="ignore")
    return text.lstrip().startswith(char)


def fallback_encoding(sample: bytes) -> str:
    """The code page for lines that are not UTF-8, guessed from a stream's first bytes."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "cp1252"  # nothing to go on yet: the Western default browsers use too
    candidates = [c for c in CANDIDATE_ENCODINGS if c not in ("utf_8", "utf_16")]
    best = charset_normalizer.from_bytes(sample, cp_isolation=candidates).best()
    encoding = best.encoding if best is not None else "cp1252"
    logger.debug("stream is not UTF-8; non-UTF-8 lines read as %s", encoding)
    return encoding


def _read_head(chunks: Iterator[bytes]) -> bytes:
    """At least SNIFF_BYTES from the stream (fewer only at its end)."""
    head = bytearray()
    for chunk in chunks:
        head += chunk
        if len(head) >= SNIFF_BYTES:
            break
    return bytes(head)


def _wide_encoding(head: bytes) -> tuple[str | None, int]:
    """(codec, BOM length) for UTF-16/32; ("", BOM length) for a UTF-8 BOM; else (None, 0)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return ("" if encoding == "utf-8" else encoding), len(bom)
    if b"\x00" in head:
        sample = head[: len(head) - len(head) % 2]
        lanes = sample[0::2], sample[1::2]
        shares = [lane.count(0) / max(len(lane), 1) for lane in lanes]
        if shares[1] >= UTF16_NUL_SHARE and shares[0] < 0.05:
            return "utf-16-le", 0
        if shares[0] >= UTF16_NUL_SHARE and shares[1] < 0.05:
            return "utf-16-be", 0
    return None, 0


def _decode_line(raw: bytes, fallback: str, *, final: bool = True) -> str:
    try:
        if final:
            return raw.decode("utf-8")
        return codecs.getincrementaldecoder("utf-8")().decode(raw, final=False)
    except UnicodeDecodeError:
        return raw.decode(fallback, errors="replace")


def _decode_chunks(chunks: Iterable[bytes], encoding: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    for chunk in chunks:
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _split_bytes(chunks: Iterable[bytes], max_line: int) -> Iterator[bytes | None]:
    """Lines of a byte stream, "\\n" kept; None once for each line longer than ``max_line``."""
    buffer = bytearray()
    dropping = False  # inside an over-long line: discard until its end
    for chunk in chunks:
        start, scan = 0, len(buffer)  # the carried-over part holds no newline: do not rescan it
        buffer += chunk
        while (end := buffer.find(b"\n", scan)) != -1:
            if not dropping:
                yield bytes(buffer[start : end + 1]) if end - start < max_line else None
            dropping = False
            start = scan = end + 1
        del buffer[:start]
        if len(buffer) > max_line:
            if not dropping:
                yield None
            dropping = True
            buffer.clear()
    if buffer and not dropping:
        yield bytes(buffer) if len(buffer) <= max_line else None


def _split_text(pieces: Iterable[str], max_line: int) -> Iterator[str | None]:
    """The same as ``_split_bytes`` for decoded text."""
    buffer: list[str] = []  # pieces of the current line, joined only once it ends
    size = 0
    dropping = False
    for piece in pieces:
        if "\n" not in piece:
            if not dropping:
                buffer.append(piece)
                size += len(piece)
            if size > max_line:
                if not dropping:
                    yield None
                dropping, buffer, size = True, [], 0
            continue
        lines = piece.split("\n")
        tail = lines.pop()
        for i, line in enumerate(lines):
            if not dropping:
                text = "".join(buffer) + line if i == 0 else line
                yield text + "\n" if len(text) <= max_line else None
            dropping, buffer, size = False, [], 0
        buffer, size = [tail], len(tail)
    if not dropping and (rest := "".join(buffer)):
        yield rest if len(rest) <= max_line else None
