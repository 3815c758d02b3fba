"""Publication dates as news pages print them.

The cleaner needs two things: to recognise a *date line* (a line that is only
a date, maybe with "Published"/"Updated", a weekday, a time and a zone:
"Published: August 21, 2022 | 17:32 EAT", "Tue 31 Jan 2023 10.05 GMT") so it
can be taken out of the text and used as the publication date, and to find
*full dates* (day, month and year) anywhere in a line, for the fallback when a
page prints no date line at all. Only full dates count: "March 2024" or a
lone "© 2024" is never a publication date.

Parsing goes through ``dateutil.parser`` with ``dayfirst`` set from the form
that matched ("31 Jan 2023" is day-first, "Jan 31, 2023" month-first).
Purely numeric dates are read only when unambiguous ("31/01/2023",
"2023-01-31", dotted European "31.01.2023"); "01/02/2023" is skipped because
the page gives no way to tell US from UK order.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from dateutil import parser as date_parser

logger = logging.getLogger(__name__)

MIN_YEAR = 1900  # older "dates" in a news header are page numbers or ids
MAX_YEAR = 2100
MAX_DATE_LINE = 90  # characters; a longer line is prose that mentions a date

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
FULL_DATE = re.compile(
    rf"\b(?P<dmy>\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}})\b"
    rf"|\b(?P<mdy>{_MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+\d{{4}})\b"
    r"|\b(?P<iso>\d{4}-\d{2}-\d{2})(?=$|[^\d-])"
    r"|\b(?P<num>\d{1,2}[./]\d{1,2}[./]\d{4})\b",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
# What may sit around the date on a date line without making it prose.
_DATE_LINE_FILLER = re.compile(
    rf"(?i:\b{_WEEKDAY}(?=\W|$))"
    r"|(?i:\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?\s?m\.?)?(?=\W|$))"
    r"|(?i:\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$))"
    r"|(?i:\b(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?)"
    r"|\bT\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|(?i:\b(?:at|on|local time|time|the)\b)"
    r"|\b[A-Z]{2,5}\b"  # time zones, case-sensitive: GMT, EAT, UTC, CET, PKT, WAT
    r"|[|,;:()\[\]/·•–—-]",
)
_KEYWORDS_CACHE: dict[tuple[tuple[str, str], ...], re.Pattern[str]] = {}


@dataclass(frozen=True)
class FoundDate:
    """A full date found in a line: its ISO form and where it sits in the line."""

    iso: str
    start: int
    end: int


@dataclass(frozen=True)
class DateLine:
    """A line that is only a date. ``kind`` is "published", "updated" or "" (a bare date)."""

    iso: str
    kind: str


def parse_full_date(text: str, *, dayfirst: bool) -> str:
    """ISO "YYYY-MM-DD" of one matched date string, or "" if it is not a real date."""
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text, flags=re.IGNORECASE)
    cleaned = re.sub(r"\bof\b", " ", cleaned, flags=re.IGNORECASE)
    try:
        parsed = date_parser.parse(cleaned, dayfirst=dayfirst, fuzzy=False)
    except (ValueError, OverflowError) as exc:
        logger.debug("not a date %r: %s", text, exc)
        return ""
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return ""
    return parsed.date().isoformat()


def _parse_numeric(text: str) -> str:
    """Read 31/01/2023 or 31.01.2023; skip 01/02/2023, whose order the page does not say."""
    first, second, _year = (int(part) for part in re.split(r"[./]", text))
    if "." in text or first > 12:
        return parse_full_date(text, dayfirst=True)
    if second > 12:
        return parse_full_date(text, dayfirst=False)
    return ""


def find_dates(line: str) -> list[FoundDate]:
    """Every full date (day, month, year) in a line, in order."""
    found = []
    for match in FULL_DATE.finditer(line):
        kind = match.lastgroup
        text = match.group(kind)
        if kind == "num":
            iso = _parse_numeric(text)
        else:
            iso = parse_full_date(text, dayfirst=kind == "dmy")
        if iso:
            found.append(FoundDate(iso, match.start(), match.end()))
    return found


def _keyword_pattern(keywords: dict[str, str]) -> re.Pattern[str]:
    """One regex for the date keywords, longest first so "last updated on" beats "updated"."""
    key = tuple(sorted(keywords.items()))
    if key not in _KEYWORDS_CACHE:
        alternatives = sorted(keywords, key=len, reverse=True)
        body = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in alternatives)
        _KEYWORDS_CACHE[key] = re.compile(rf"\b(?P<kw>{body})\b\s*:?", re.IGNORECASE)
    return _KEYWORDS_CACHE[key]


def date_line(line: str, keywords: dict[str, str]) -> DateLine | None:
    """The date a date line gives, or None when the line says more than a date.

    With both "Published ..." and "Updated ..." on one line the updated date
    wins, as it does across lines: the text is the updated version.
    """
    if len(line) > MAX_DATE_LINE:
        return None
    dates = find_dates(line)
    if not dates:
        return None
    kinds = _date_kinds(line, dates, keywords)
    leftover = _strip_date_parts(line, dates, keywords)
    if re.search(r"[A-Za-z]{2,}|\d", leftover):
        return None
    for wanted in ("updated", "published", ""):
        for found, kind in zip(dates, kinds, strict=True):
            if kind == wanted:
                return DateLine(found.iso, kind)
    return None  # pragma: no cover - every kind is one of the three


def _date_kinds(line: str, dates: list[FoundDate], keywords: dict[str, str]) -> list[str]:
    """The kind of each date: that of the nearest keyword before it ("" if none)."""
    marks = [
        (m.start(), keywords[re.sub(r"\s+", " ", m.group("kw").lower())])
        for m in _keyword_pattern(keywords).finditer(line)
    ]
    kinds = []
    for found in dates:
        before = [kind for start, kind in marks if start < found.start]
        kinds.append(before[-1] if before else "")
    return kinds


def _strip_date_parts(line: str, dates: list[FoundDate], keywords: dict[str, str]) -> str:
    """What is left of a line once dates, keywords, weekdays, times and zones are removed."""
    pieces, last = [], 0
    for found in dates:
        pieces.append(line[last : found.start])
        last = found.end
    pieces.append(line[last:])
    rest = " ".join(pieces)
    rest = _keyword_pattern(keywords).sub(" ", rest)
    return _DATE_LINE_FILLER.sub(" ", rest).strip()


def latest(isos: list[str]) -> str:
    """The latest of some ISO dates ("" for none)."""
    return max(isos, default="")


def is_iso_date(text: str) -> bool:
    """True for a valid "YYYY-MM-DD"."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=$|[T\s_]|[+-]\d|Z)")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?=$|\s)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # GDELT-style 20230131
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")


def parse_date_value(value: str) -> str:
    """ISO date of a dump's date field, or "" when it holds no full date.

    Dumps use machine forms ("2023-01-31T10:05:00Z", "2023/01/31",
    "20230131", Unix seconds or milliseconds) as well as every form a page
    prints ("Tue, 31 Jan 2023 10:05:00 GMT", "January 31, 2023"). A datetime
    keeps the date as written, without moving it to UTC: that is the day the
    outlet dated the article.
    """
    text = value.strip()
    for pattern in (_ISO_PREFIX, _YEAR_FIRST, _COMPACT):
        match = pattern.match(text)
        if match:
            return _ymd(*match.groups())
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    found = find_dates(text)
    return found[0].iso if found else ""


def _ymd(year: str, month: str, day: str) -> str:
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        return ""
    return parsed.isoformat() if MIN_YEAR <= parsed.year <= MAX_YEAR else ""


def _from_epoch(seconds: float) -> str:
    """Unix time as a UTC date; 13 digits are milliseconds."""
    if seconds >= 1e11:
        seconds /= 1000
    try:
        moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return ""
    return moment.date().isoformat() if MIN_YEAR <= moment.year <= MAX_YEAR else ""
