"""News dumps (JSON Lines, CSV, TSV) -> one ``Article`` per record, streamed.

A dump can hold millions of articles, so nothing here holds more than one
record: bytes are decoded line by line (``decode.iter_text_lines``), each
record becomes an Article and is yielded before the next is read.

A record's fields are found by name: ``text``, ``title``, ``date``, ``url``,
``source``, ``publisher`` and ``author`` (plus a few common synonyms, see
``DEFAULT_KEYS``), compared without case; ``fields`` maps our names to the
dump's own (``{"text": "body"}``), and JSONL keys may be dotted paths into
nested objects (``"source.name"``). The text goes through the same cleaning
as a text file, or through the HTML path when it is markup; the record's
own title, date, URL, author and publisher win over what the cleaner reads
from the text.

``source`` (the document id) is the record's source field when that is an
id (one token holding a digit or one of ``/:#_``: "afp-20240113-0042", a
URL), else its URL, else ``FILE#N`` (N: the line for JSONL, the record's
row for CSV); a source field mapped with ``fields={"source": ...}`` is
always the id. Many dumps put the outlet in "source" ("Reuters", NewsAPI's
``{"name": ...}``): such a value becomes the publisher instead, so that
every article of one outlet does not share one document id.

A bad record (invalid JSON, NUL bytes, no text, empty text, not an
article, a CSV row with more fields than the header or without its text
field) is passed to ``report`` as an InputError naming ``FILE#N`` and its
line, and the rest of the dump goes on. A CSV row with fewer fields than the
header but its text is read, with a warning: a line break or quote gone
wrong splits one article into many tiny records, and the messages say so. A
dump that cannot be read as a dump at all (binary, not JSON Lines, no text
column, no record) raises one InputError for the file instead of one per
record.

A record's date field may hold an ISO date or timestamp, Unix seconds or
milliseconds, or any form a page prints ("Updated 9:48 PM PKT, May 13,
2024"); a numeric "08/06/2021" is read in the order the record's URL,
outlet and text suggest (``dates.date_order``), else only its year is
kept. A value that holds no date is logged as a warning and the text's own
date is used: the record is not dropped for it.
"""

from __future__ import annotations

import csv
import itertools
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..errors import InputError
from ..model import Article
from .clean import clean_text
from .dates import date_order, is_full_date, parse_date_value
from .decode import iter_text_lines
from .html import clean_author, html_to_article, looks_like_html
from .reader import MAX_FILE_BYTES, text_to_article
from .safe import safe_article, scrub, shown

logger = logging.getLogger(__name__)

DUMP_FIELDS = ("text", "title", "date", "url", "source", "publisher", "author")
# The names a field goes by in common dumps, tried in order when ``fields`` does not map it.
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "full_text", "article_text"),
    "title": ("title", "headline"),
    "date": ("date", "published", "published_at", "publish_date", "pubdate", "datetime"),
    "url": ("url", "link"),
    "source": ("source",),
    "publisher": ("publisher", "site_name", "sitename", "outlet"),
    "author": ("author", "authors", "byline"),
}
_FIELD_SYNONYMS = {"published": "date", "byline": "author", "id": "source"}
MAX_RECORD_BYTES = MAX_FILE_BYTES  # one record is one article: the per-article limit holds
MAX_PENDING = 1000  # records without text held back (as numbers only) until one with text shows up
IMPLAUSIBLE_MIN = 3  # a dump with at least this many failed records ...
IMPLAUSIBLE_SHARE = 0.5  # ... making at least this share of its records is probably mis-parsed
MAX_ROW_WARNINGS = 5  # CSV rows short of fields warned about one by one; the rest in a summary
CSV_DELIMITERS = ",;\t|"

Report = Callable[[InputError], None]


@dataclass(frozen=True)
class FieldKeys:
    """The names each of our fields is looked up by, and which fields the user mapped."""

    names: dict[str, tuple[str, ...]]
    mapped: frozenset[str] = frozenset()

    def __getitem__(self, field: str) -> tuple[str, ...]:
        return self.names[field]


_MISSING = object()  # a field the record does not have (null is a value: an empty one)
MAX_HINT_KEYS = 20  # field names quoted in the "no text field" hint


@dataclass(frozen=True)
class Record:
    """One dump record's fields as text. ``text`` is None when the record has no text field."""

    where: str  # "FILE#N", the record's default document id
    location: str  # "line 4" or "row 2, line 7", for messages
    text: str | None
    title: str = ""
    date: str = ""
    url: str = ""
    source: str = ""
    publisher: str = ""
    author: str = ""
    keys: tuple[str, ...] = ()  # the record's field names, kept only when it has no text
    source_is_id: bool = False  # the user mapped the source field: trust it as the document id
    suspect: str = ""  # why the record may be a fragment of a mis-parsed one, for messages


def field_keys(fields: Mapping[str, str] | None = None) -> FieldKeys:
    """The names each of our fields is looked up by; InputError for a mapping we cannot use.

    ``fields`` maps our names (``DUMP_FIELDS``; "published", "byline" and
    "id" are accepted for date, author and source) to the dump's names. A mapped field is
    looked up by that name only.
    """
    keys = dict(DEFAULT_KEYS)
    mapped = set()
    for ours, theirs in (fields or {}).items():
        name = str(ours).strip().lower()
        name = _FIELD_SYNONYMS.get(name, name)
        if name not in DUMP_FIELDS:
            raise InputError(
                f"unknown field {ours!r} in the field mapping",
                hint="map one of " + ", ".join(DUMP_FIELDS) + " to a dump column, e.g. text=body",
            )
        if not isinstance(theirs, str) or not theirs.strip():
            raise InputError(
                f"the field mapping gives no column name for {ours!r}",
                hint=f"write it as {name}=COLUMN, e.g. text=body",
            )
        keys[name] = (theirs.strip(),)
        mapped.add(name)
    return FieldKeys(keys, frozenset(mapped))


def iter_dump(
    chunks: Iterable[bytes],
    *,
    source: str,
    kind: str,
    keys: FieldKeys,
    report: Report,
    published: str = "",
    document: str = "",
) -> Iterator[Article]:
    """Articles of one dump's bytes; ``kind`` is "jsonl", "csv" or "tsv" (the suffix, no dot).

    ``source`` names the dump in messages and must be printable
    (``safe.source_name``); ``document`` names it in the ids of records
    without their own (``<document>#N``; ``source`` when empty), so a dump
    given by its absolute path still gives relative ids; ``published`` is the
    user's date for records without one (see ``read_articles``).
    """
    lines = iter_text_lines(chunks, source=source, max_line=MAX_RECORD_BYTES)
    if kind in ("jsonl", "ndjson"):
        records = _jsonl_records(lines, source, keys, report)
    else:
        records = _csv_records(lines, source, keys, report, "\t" if kind == "tsv" else "")
    yield from _articles(records, source, keys, report, published, document)


# --------------------------------------------------------------------------- records -> articles


def _articles(
    records: Iterator[Record],
    source: str,
    keys: FieldKeys,
    report: Report,
    published: str,
    document: str = "",
) -> Iterator[Article]:
    """One Article per good record; bad ones reported, a dump without any text field raised once."""
    held = _HeldBack(keys["text"])
    count = failed = 0
    has_text = False
    for record in records:
        count += 1
        if record.text is None:
            if has_text:
                report(held.error(record.where, record.location))
            else:
                held.add(record)
            continue
        if not has_text:
            has_text = True
            held.release(report)
        try:
            yield record_article(record, published=published, document=document)
        except InputError as exc:
            failed += 1
            report(exc)
    if failed >= IMPLAUSIBLE_MIN and failed >= IMPLAUSIBLE_SHARE * count:
        logger.warning(
            "%s: %d of %d records are not articles (too short, empty or fragments): if it is a"
            " CSV file, an unescaped quote or line break probably splits articles into pieces;"
            " check its quoting",
            source,
            failed,
            count,
        )
    if count == 0:
        raise InputError(f"{source} holds no readable records", hint="remove the file or fill it")
    if not has_text:
        raise InputError(
            f"{source}: no record has a text field (looked for {_names(keys['text'])})",
            hint=f"name the field that holds the article text with --field text=NAME; "
            f"the first record's fields are: {_names(held.first_keys) or 'none'}",
        )


class _HeldBack:
    """Records without text, held until we know whether any record in the dump has text.

    Only their locations are kept, at most MAX_PENDING of them: a dump where
    no record has text must be reported once, not once per record.
    """

    def __init__(self, text_keys: tuple[str, ...]) -> None:
        self.text_keys = text_keys
        self.records: list[tuple[str, str]] = []
        self.overflow = 0
        self.first_keys: tuple[str, ...] = ()

    def add(self, record: Record) -> None:
        if not self.first_keys:
            self.first_keys = record.keys[:MAX_HINT_KEYS]
        if len(self.records) < MAX_PENDING:
            self.records.append((record.where, record.location))
        else:
            self.overflow += 1

    def release(self, report: Report) -> None:
        for where, location in self.records:
            report(self.error(where, location))
        if self.overflow:
            last = self.records[-1][0]
            report(
                InputError(
                    f"{last}: and {self.overflow} more records after it have no text field",
                    hint=f"the text is looked for in {_names(self.text_keys)}",
                )
            )
        self.records.clear()
        self.overflow = 0

    def error(self, where: str, location: str) -> InputError:
        return InputError(
            f"{where}: the record has no text field ({location}; looked for"
            f" {_names(self.text_keys)})",
            hint="give the record its article text, or map the field with --field text=NAME",
        )


def record_article(record: Record, *, published: str = "", document: str = "") -> Article:
    """One record as a cleaned Article; its own metadata wins over what the text suggests.

    ``published`` is the user's date for a record whose fields and text
    give none (the order is ``dates.pick_published``'s). ``document``, when
    given, is the dump's id in place of the name in ``record.where``.
    """
    text = scrub(record.text or "").strip()
    if not text:
        raise InputError(
            f"{record.where}: the text field is empty ({record.location})",
            hint="remove the record or give it the article text",
        )
    source_id = record.source if record.source_is_id or _is_id(record.source) else ""
    outlet = "" if source_id else record.source
    publisher = record.publisher or outlet
    record_date = _record_date(record, text, publisher)
    try:
        if looks_like_html(text):
            article = html_to_article(
                text,
                source=record.where,
                title=record.title,
                published=published,
                record_date=record_date,
                url=record.url,
                publisher=publisher,
            )
        else:
            cleaned = clean_text(text, title=record.title, url=record.url, publisher=publisher)
            article = text_to_article(
                cleaned, record.where, published=published, record_date=record_date
            )
    except InputError as exc:
        raise InputError(
            f"{exc.message} ({record.location}){record.suspect}", hint=exc.hint
        ) from None
    return safe_article(
        replace(
            article,
            source=source_id or record.url or _record_id(record, document),
            url=record.url or article.url,
            byline=clean_author(record.author) or article.byline,
            publisher=publisher or article.publisher,
        )
    )


def _record_date(record: Record, text: str, publisher: str) -> str:
    """The record's date field as ISO, "2021" when only its year is sure, "" (warned) if bad.

    A numeric date whose own cues leave day and month open is read again
    with the record's URL, outlet and text as cues.
    """
    value = record.date
    if not value:
        return ""
    iso = parse_date_value(value)
    if iso and not is_full_date(iso):
        order = date_order(f"{value}\n{text}", url=record.url, publisher=publisher)
        iso = parse_date_value(value, order) if order else iso
    if not iso:
        logger.warning(
            "%s: the date field %s holds no date (%s); the text's own date is used",
            record.where,
            shown(repr(value[:80])),
            record.location,
        )
    return iso


def _is_id(value: str) -> bool:
    """A document id or URL ("afp-20240113-0042", "https://..."), not an outlet ("Al-Jazeera").

    One token holding a digit or one of ``/:#_``: outlet names have neither.
    """
    return not any(c.isspace() for c in value) and any(c.isdigit() or c in "/:#_" for c in value)


def _record_id(record: Record, document: str) -> str:
    """``<document>#N``: the record's place in the dump, named by the dump's document id."""
    if not document:
        return record.where
    return document + record.where[record.where.rfind("#") :]


def _names(keys: tuple[str, ...]) -> str:
    """Field names for a message: quoted, escape codes and undecodable bytes escaped."""
    return ", ".join(repr(shown(str(k))) for k in keys)


def _nul_error(where: str, location: str) -> InputError:
    return InputError(
        f"{where}: the record holds NUL bytes ({location}); skipped",
        hint="binary data got into the dump: re-export the record or remove it",
    )


# --------------------------------------------------------------------------- JSON Lines


def _jsonl_records(
    lines: Iterator[str | None], source: str, keys: FieldKeys, report: Report
) -> Iterator[Record]:
    """One Record per JSON object line; blank lines are skipped, broken ones reported."""
    first = True
    for number, line in enumerate(lines, 1):
        where, location = f"{source}#{number}", f"line {number}"
        if line is None:
            report(_too_long(where, location))
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if "\x00" in stripped:
            report(_nul_error(where, location))
            continue
        if first and not stripped.startswith("{"):
            raise InputError(
                f"{source} is not JSON Lines: line {number} does not start with '{{'",
                hint="a JSONL dump holds one JSON object per line; "
                "turn a JSON array into lines with jq -c '.[]'",
            )
        first = False
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            report(
                InputError(
                    f"{where}: invalid JSON on line {number} ({exc.msg}, column {exc.colno})",
                    hint="fix or remove the line; each line must be one complete JSON object",
                )
            )
            continue
        except RecursionError:
            report(InputError(f"{where}: JSON nested too deeply ({location})", hint="fix the line"))
            continue
        if not isinstance(value, dict):
            report(
                InputError(
                    f"{where}: line {number} is a JSON {type(value).__name__}, not an object",
                    hint='each line must be one object, e.g. {"title": ..., "text": ...}',
                )
            )
            continue
        yield _json_record(value, keys, where, location)


def _json_record(value: dict[str, Any], keys: FieldKeys, where: str, location: str) -> Record:
    found = {name: _lookup(value, names) for name, names in keys.names.items()}
    source = found["source"]
    publisher = _as_text(found["publisher"])
    if isinstance(source, dict):  # NewsAPI-style {"id": ..., "name": "BBC News"}: the outlet
        publisher = publisher or _as_text(source)
        source = None
    text = found["text"]
    return Record(
        where=where,
        location=location,
        text=None if text is _MISSING else _as_text(text, joiner="\n\n"),
        title=_as_text(found["title"]).strip(),
        date=_as_text(found["date"]).strip(),
        url=_as_text(found["url"]).strip(),
        source=_as_text(source).strip(),
        publisher=publisher.strip(),
        author=_as_text(found["author"]).strip(),
        keys=tuple(value) if text is _MISSING else (),
        source_is_id="source" in keys.mapped,
    )


def _lookup(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The first of ``names`` the record has: exact, then ignoring case, then a dotted path."""
    for name in names:
        if name in record:
            return record[name]
    lowered = {str(k).lower(): k for k in record}
    for name in names:
        if name.lower() in lowered:
            return record[lowered[name.lower()]]
    for name in names:
        if "." in name:
            value: Any = record
            for part in name.split("."):
                if not isinstance(value, dict) or part not in value:
                    break
                value = value[part]
            else:
                return value
    return _MISSING


def _as_text(value: Any, *, joiner: str = ", ") -> str:
    """A field value as text: lists joined (paragraphs for the text), objects by their name."""
    if value is None or value is _MISSING or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return joiner.join(t for t in (_as_text(v, joiner=joiner) for v in value) if t.strip())
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("text") or "")
    return ""


# --------------------------------------------------------------------------- CSV and TSV


def _csv_records(
    lines: Iterator[str | None],
    source: str,
    keys: FieldKeys,
    report: Report,
    delimiter: str,
) -> Iterator[Record]:
    """One Record per CSV row after the header row; quoted fields may span lines."""
    _raise_field_size_limit()
    lines = _csv_lines(lines, source)
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        return
    delimiter = delimiter or sniff_delimiter(first)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    header = [cell.strip().lstrip("\ufeff") for cell in next(reader)]
    columns = _columns(header, keys)
    if "text" not in columns:
        raise InputError(
            f"{source}: no column holds the article text (looked for {_names(keys['text'])})",
            hint="name the text column with --field text=NAME; the columns are: "
            + ", ".join(repr(h) for h in header),
        )
    number, last_line = 0, reader.line_num
    width, mismatched = len(header), 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            if mismatched >= IMPLAUSIBLE_MIN and mismatched >= IMPLAUSIBLE_SHARE * number:
                logger.warning(
                    "%s: %d of %d rows do not have the header's %d fields: the file's quoting is"
                    " probably broken (an unescaped quote or line break splits articles into"
                    " pieces); fix it before trusting what was read",
                    source,
                    mismatched,
                    number,
                    width,
                )
            elif mismatched > MAX_ROW_WARNINGS:
                logger.warning(
                    "%s: %d rows in all do not have the header's %d fields (the first %d are"
                    " named above)",
                    source,
                    mismatched,
                    width,
                    MAX_ROW_WARNINGS,
                )
            return
        except csv.Error as exc:
            number += 1
            report(
                InputError(
                    f"{source}#{number}: malformed CSV (row {number}, near line {reader.line_num}:"
                    f" {exc})",
                    hint="check the quoting of that row",
                )
            )
            last_line = reader.line_num
            continue
        start, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        where, location = f"{source}#{number}", f"row {number}, line {start}"
        if any("\x00" in cell for cell in row):
            report(_nul_error(where, location))
            continue
        if len(row) > width and not any(cell.strip() for cell in row[width:]):
            row = row[:width]  # "a,b,c," under "a,b,c": a trailing delimiter, not a split
        suspect = _field_count_problem(len(row), width, delimiter)
        mismatched += bool(suspect)
        if suspect and (len(row) > width or columns["text"] >= len(row)):
            report(
                InputError(
                    f"{where}: the row has {len(row)} fields but the header has {width}"
                    f" ({location}); skipped{suspect}",
                    hint="quote every field that holds the delimiter, a quote or a line break"
                    ' ("..."), and double the quotes inside it ("")',
                )
            )
            continue
        if suspect and mismatched <= MAX_ROW_WARNINGS:
            logger.warning(
                "%s: the row has %d fields but the header has %d (%s); read as it is%s",
                where,
                len(row),
                width,
                location,
                suspect,
            )
        yield _csv_record(row, columns, where, location, "source" in keys.mapped, suspect)


def _field_count_problem(fields: int, width: int, delimiter: str) -> str:
    """What a row's field count says about the file's quoting ("" when it matches the header)."""
    if fields == width:
        return ""
    name = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}.get(delimiter, delimiter)
    if fields > width:
        return f": an unquoted {name} or an unescaped quote inside a field has probably split it"
    return (
        ": a line break or an unescaped quote inside a field has probably split one record into"
        " several"
    )


def _csv_record(
    row: list[str],
    columns: dict[str, int],
    where: str,
    location: str,
    source_is_id: bool,
    suspect: str = "",
) -> Record:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else ""

    return Record(
        where=where,
        location=location,
        text=cell("text"),
        title=cell("title").strip(),
        date=cell("date").strip(),
        url=cell("url").strip(),
        source=cell("source").strip(),
        publisher=cell("publisher").strip(),
        author=cell("author").strip(),
        source_is_id=source_is_id,
        suspect=(
            f"; the row has {len(row)} fields, fewer than the header{suspect}" if suspect else ""
        ),
    )


def _columns(header: list[str], keys: FieldKeys) -> dict[str, int]:
    """Column index of each of our fields the header names (case ignored, first match wins)."""
    index = {}
    for i, name in enumerate(header):
        index.setdefault(name.lower(), i)
    columns = {}
    for field, names in keys.names.items():
        for name in names:
            if name.lower() in index:
                columns[field] = index[name.lower()]
                break
    return columns


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a CSV file, read from its header row: the most frequent of , ; tab |.

    Only the header is looked at: column names hold no commas, while the
    article texts below are full of them.
    """
    outside, quoted = [], False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    counts = {d: outside.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])  # ties go to the earlier, "," first
    return best if counts[best] else ","


def _csv_lines(lines: Iterator[str | None], source: str) -> Iterator[str]:
    """Lines for the csv module; an over-long line ends the file (the reader cannot resync)."""
    for number, line in enumerate(lines, 1):
        if line is None:
            raise InputError(
                f"{source}: line {number} is longer than "
                f"{MAX_RECORD_BYTES // 1024 // 1024} MB; the rest of the file is skipped",
                hint="check the file's quoting: an unclosed quote swallows the lines after it",
            )
        yield line


def _raise_field_size_limit() -> None:
    """Let one CSV field hold a whole article (the csv default is 128 KB); never lower it."""
    if csv.field_size_limit() < MAX_RECORD_BYTES:
        csv.field_size_limit(MAX_RECORD_BYTES)


def _too_long(where: str, location: str) -> InputError:
    return InputError(
        f"{where}: the record is longer than {MAX_RECORD_BYTES // 1024 // 1024} MB ({location})",
        hint="one record should hold one article; split the record",
    )
