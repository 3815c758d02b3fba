"""Publication dates as news pages print them.

The cleaner needs two things: to recognise a *date line* (a line that is only
a date, maybe with "Published"/"Updated", a weekday, a time and a zone:
"Published: August 21, 2022 | 17:32 EAT", "Tue 31 Jan 2023 10.05 GMT",
"APRIL 24, 2019 / 9:12 AM / UPDATED AN HOUR AGO") so it can be taken out of
the text and used as the publication date, and to find *full dates* (day,
month and year) anywhere in a line, for the fallback when a page prints no
date line at all. Only full dates count there: "March 2024" or a lone
"© 2024" is never a publication date.

Parsing goes through ``dateutil.parser`` with ``dayfirst`` set from the form
that matched ("31 Jan 2023" is day-first, "Jan 31, 2023" month-first).
Numeric dates ("08/06/2021", "8.6.2021", "08-06-2021") are read in the order
the page uses, which ``date_order`` weighs from the page's cues (listed in
``graph/lexicons/dates.json``): another numeric date on the page with a part
above 12, the way the page writes dates with month names ("6 August 2021" or
"August 6, 2021"), dotted dates (day-first wherever they are used), time
zones ("BST", "CET" against "EDT", "PST"), the article URL's domain
(".co.uk", ".de") or a known outlet, month names in other languages, and
British or American spelling. A date whose order the cues leave open keeps
only what both readings share, its year ("2021"): the day is never guessed.
Such a year-only date still makes a date line (the line leaves the text) but
is never a full date for the fallback.

``pick_published`` is the one place that decides between the dates an
article has: a dump record's own date field, a clear date line or page
metadata, the date the user gives (``read_articles(published=...)``), and
the guesses (a year-only date, the fallback).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from dateutil import parser as date_parser

from ..errors import InputError
from ..knowledge import MONTH_NAMES, knowledge

logger = logging.getLogger(__name__)

MIN_YEAR = 1900  # older "dates" in a news header are page numbers or ids
MAX_YEAR = 2100
MAX_DATE_LINE = 90  # characters; a longer line is prose that mentions a date
DATE_CUE_CHARS = 100_000  # the page's first characters weighed for its day/month order
DAY_FIRST, MONTH_FIRST = "dmy", "mdy"

_MONTH = MONTH_NAMES  # compiled with re.IGNORECASE below
_ORD = r"(?:st|nd|rd|th)?"
FULL_DATE = re.compile(
    rf"\b(?P<dmy>\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}})\b"
    rf"|\b(?P<mdy>{_MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+\d{{4}})\b"
    r"|\b(?P<iso>\d{4}-\d{2}-\d{2})(?=$|[^\d-])"
    r"|\b(?P<num>\d{1,2}(?P<nsep>[./-])\d{1,2}(?P=nsep)\d{4})\b",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
# What may sit around the date on a date line without making it prose.
_DATE_LINE_FILLER = re.compile(
    # a weekday's name in the page's language before the English one: "Cuma / Friday"
    rf"(?i:\b\w+\s*/\s*(?={_WEEKDAY}(?=\W|$)))"
    rf"|(?i:\b{_WEEKDAY}(?=\W|$))"
    r"|(?i:\b\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?\s?m\.?)?(?=\W|$))"  # 09h14 too
    r"|(?i:\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$))"
    r"|(?i:\b(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?)"
    r"|T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|(?i:\b(?:(?:an?|one|a\s+few|\d+)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)"
    r"\s+ago|just\s+now)\b)"
    r"|(?i:\b\d{1,3}\s*(?:-\s*)?(?:min(?:ute)?s?|m)\.?\s+read\b)"  # "5 min read", "3-minute read"
    r"|\((?:[A-Z][\w'’-]+\s){1,2}time\)"  # "(Kinshasa time)", "(Addis Ababa time)"
    r"|\([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\)"  # where the clock is: "07:35 (Bogotá)"
    # the order it is written in: "(day/month/year)", "(dd/mm/yyyy)"
    r"|(?i:\((?:day|dd?)[/.-](?:month|mm?)[/.-](?:year|yy(?:yy)?)\))"
    r"|(?i:\b(?:at|on|local time|time|the)\b)"
    r"|\b[A-ZÇĞİÖŞÜ]{2,5}\b"  # time zones, case-sensitive: GMT, EAT, UTC, PKT, WAT, TSİ
    r"|\b[A-Z][a-z][A-Z]{1,3}\b"  # and a few with a small letter: BdST
    r"|[|,;:()\[\]/·•–—-]",
)
_KEYWORDS_CACHE: dict[tuple[tuple[str, str], ...], re.Pattern[str]] = {}


@dataclass(frozen=True)
class FoundDate:
    """A date found in a line: its ISO form ("2021" when only the year is sure) and its place."""

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


def _parse_numeric(text: str, order: str, *, partial: bool) -> str:
    """A numeric date in the page's order; only its year when the order is open and ``partial``.

    A part above 12 is the day whatever the page says, and the same number
    twice ("05/05/2021") reads the same both ways.
    """
    first, second, year = (int(part) for part in re.split(r"[./-]", text))
    if first > 12 or second > 12 or first == second:
        dayfirst = first > 12 or first == second
    else:
        if not order:
            return _year_of(text, year) if partial else ""
        dayfirst = order == DAY_FIRST
    return parse_full_date(text, dayfirst=dayfirst)


def _year_of(text: str, year: int) -> str:
    """The year of an ambiguous numeric date, when at least one reading is a real date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return ""
    readings = (parse_full_date(text, dayfirst=True), parse_full_date(text, dayfirst=False))
    return str(year) if any(readings) else ""


def find_dates(line: str, order: str | None = None, *, partial: bool = False) -> list[FoundDate]:
    """Every full date (day, month, year) in a line, in order.

    ``order`` is the page's order for numeric dates: "dmy", "mdy", "" when
    the page leaves it open, None to weigh the line's own cues. With
    ``partial`` a numeric date of open order is kept as its year ("2021").
    """
    found = []
    for match in FULL_DATE.finditer(line):
        kind = "num" if match.group("num") else match.lastgroup
        text = match.group(kind)
        if kind == "num":
            if order is None:
                order = date_order(line)  # no page around the line: its own cues decide
            iso = _parse_numeric(text, order, partial=partial)
        else:
            iso = parse_full_date(text, dayfirst=kind == "dmy")
        if iso:
            found.append(FoundDate(iso, match.start(), match.end()))
    return found


def is_full_date(iso: str) -> bool:
    """True for "YYYY-MM-DD"; False for a year alone ("2021") and for ""."""
    return len(iso) == 10


# --------------------------------------------------------------------------- day/month order


@dataclass(frozen=True)
class _Side:
    """The cues for one order, compiled."""

    zones: re.Pattern[str] | None
    tlds: tuple[str, ...]
    hosts: tuple[str, ...]
    names: frozenset[str]
    month_names: frozenset[str]
    spellings: frozenset[str]


@cache
def date_cues() -> dict[str, Any]:
    """graph/lexicons/dates.json compiled: the weights and one ``_Side`` per order."""
    data = knowledge().date_cues
    sides = {}
    for order, key in ((DAY_FIRST, "day_first"), (MONTH_FIRST, "month_first")):
        zones = data["zones"][key]
        outlets = data["outlets"][key]
        zone_re = re.compile(r"\b(?:" + "|".join(map(re.escape, zones)) + r")\b") if zones else None
        sides[order] = _Side(
            zones=zone_re,
            tlds=tuple(t.lower() for t in data["tlds"][key]),
            hosts=tuple(o.lower() for o in outlets if "." in o and " " not in o),
            names=frozenset(" ".join(o.lower().split()) for o in outlets),
            month_names=frozenset(m.lower() for m in data["month_names"][key]),
            spellings=frozenset(w.lower() for w in data["spellings"][key]),
        )
    return {"weights": data["weights"], "sides": sides}


_NUMERIC = re.compile(r"\b(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b")
_LETTERS = re.compile(r"[^\W\d_]+")


def has_numeric_date(text: str) -> bool:
    """True when the text holds a numeric date ("08/06/2021"), the only kind that needs an order."""
    return _NUMERIC.search(text) is not None


def date_order(text: str, *, url: str = "", publisher: str = "") -> str:
    """The page's order for numeric dates: "dmy", "mdy", or "" when its cues leave it open.

    ``text`` is the page (its first DATE_CUE_CHARS characters are weighed),
    ``url`` and ``publisher`` the article's own, when known. Each kind of cue
    counts once per side, with its weight from dates.json; the heavier side
    wins and a tie leaves the order open.
    """
    text = text[:DATE_CUE_CHARS]
    found: set[tuple[str, str]] = set()  # (kind of cue, order)
    for match in _NUMERIC.finditer(text):
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12 >= second:
            found.add(("numeric", DAY_FIRST))
        elif second > 12 >= first:
            found.add(("numeric", MONTH_FIRST))
        if match.group(2) == ".":
            found.add(("dotted", DAY_FIRST))
    for match in FULL_DATE.finditer(text):
        if match.group("dmy"):
            found.add(("written", DAY_FIRST))
        elif match.group("mdy"):
            found.add(("written", MONTH_FIRST))
    cues = date_cues()
    dateline = _dateline_order(text)
    if dateline:
        found.add(("dateline", dateline))
    host = _host(url)
    outlet = " ".join(publisher.lower().split())
    words = set(_LETTERS.findall(text.lower()))
    for order, side in cues["sides"].items():
        if side.zones is not None and side.zones.search(text):
            found.add(("zone", order))
        if host and host.endswith(side.tlds):
            found.add(("tld", order))
        if outlet in side.names or (
            host and any(host == h or host.endswith("." + h) for h in side.hosts)
        ):
            found.add(("outlet", order))
        if words & side.month_names:
            found.add(("month_names", order))
        if words & side.spellings:
            found.add(("spelling", order))
    score = {DAY_FIRST: 0, MONTH_FIRST: 0}
    for kind, order in found:
        score[order] += cues["weights"][kind]
    if score[DAY_FIRST] == score[MONTH_FIRST]:
        return ""
    return DAY_FIRST if score[DAY_FIRST] > score[MONTH_FIRST] else MONTH_FIRST


# "QUETTA: ...", "KATSINA, Nigeria (MWR) — ...": an upper-case place opening a line
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})"
    r"(?:,\s*[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2})?"
    r"(?:\s*\([^()\n]{1,30}\))?\s*(?::|—|–|--?)\s",
    re.M,
)
DATELINE_LINES = 5  # the first datelines of a page weighed (a dateline opens the story)


def _dateline_order(text: str) -> str:
    """The order of the country a dateline names, when the dictionary knows the place: a
    Quetta paper writes "August 8, 2016" in prose but "08/06/2021" day-first."""
    kb = knowledge()
    month_first = set(kb.date_cues["dateline_countries"]["month_first"])
    for number, match in enumerate(_DATELINE.finditer(text)):
        if number >= DATELINE_LINES:
            break
        key = kb.lookup(match.group("place").title())
        country = (kb.entries.get(key) or {}).get("country", "") if key else ""
        if country:
            return MONTH_FIRST if country in month_first else DAY_FIRST
    return ""


def _host(url: str) -> str:
    """The lower-case host name of a URL ("" when there is none)."""
    url = url.strip()
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


# --------------------------------------------------------------------------- date lines


def _keyword_pattern(keywords: dict[str, str]) -> re.Pattern[str]:
    """One regex for the date keywords, longest first so "last updated on" beats "updated"."""
    key = tuple(sorted(keywords.items()))
    if key not in _KEYWORDS_CACHE:
        alternatives = sorted(keywords, key=len, reverse=True)
        body = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in alternatives)
        _KEYWORDS_CACHE[key] = re.compile(rf"\b(?P<kw>{body})\b\s*:?", re.IGNORECASE)
    return _KEYWORDS_CACHE[key]


def date_line(line: str, keywords: dict[str, str], order: str | None = None) -> DateLine | None:
    """The date a date line gives, or None when the line says more than a date.

    With both "Published ..." and "Updated ..." on one line the updated date
    wins, as it does across lines: the text is the updated version. A full
    date wins over a year-only one. ``order`` is the page's numeric order
    (see ``find_dates``); a numeric date it leaves open gives only its year.
    """
    if len(line) > MAX_DATE_LINE:
        return None
    dates = find_dates(line, order, partial=True)
    if not dates:
        return None
    kinds = _date_kinds(line, dates, keywords)
    leftover = _strip_date_parts(line, dates, keywords)
    if re.search(r"[A-Za-z]{2,}|\d", leftover):
        return None
    preference = ("updated", "published", "")
    ranked = sorted(
        zip(dates, kinds, strict=True),
        key=lambda pair: (not is_full_date(pair[0].iso), preference.index(pair[1])),
    )
    found, kind = ranked[0]
    return DateLine(found.iso, kind)


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


# --------------------------------------------------------------------------- field values


_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=$|[T\s_]|[+-]\d|Z)")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?=$|\s)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # GDELT-style 20230131
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")


def parse_date_value(value: str, order: str | None = None) -> str:
    """ISO date of a dump's date field; its year alone when day and month are open; else "".

    Dumps use machine forms ("2023-01-31T10:05:00Z", "2023/01/31",
    "20230131", Unix seconds or milliseconds) as well as every form a page
    prints ("Tue, 31 Jan 2023 10:05:00 GMT", "Updated 9:48 PM PKT, May 13,
    2024", "08/06/2021"). A datetime keeps the date as written, without
    moving it to UTC: that is the day the outlet dated the article.
    ``order`` is the numeric order the record's other cues give (see
    ``date_order``); None weighs only the value's own cues.
    """
    text = value.strip()
    for pattern in (_ISO_PREFIX, _YEAR_FIRST, _COMPACT):
        match = pattern.match(text)
        if match:
            return _ymd(*match.groups())
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    found = find_dates(text, order, partial=True)
    full = [d.iso for d in found if is_full_date(d.iso)]
    return full[0] if full else (found[0].iso if found else "")


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


# --------------------------------------------------------------------------- choosing


def check_published(value: str | None) -> str:
    """A user's publication date as "YYYY-MM-DD" ("" for none); InputError when it is not one.

    Accepts "YYYY-MM-DD" and an ISO datetime ("2024-05-13T09:00:00Z", whose
    date is kept as written).
    """
    text = (value or "").strip()
    if not text:
        return ""
    match = _ISO_PREFIX.match(text)
    iso = _ymd(*match.groups()) if match else ""
    if not iso:
        raise InputError(
            f"the publication date {text!r} is not a date in the form YYYY-MM-DD",
            hint="give the date as year-month-day, e.g. --published 2024-05-13",
        )
    return iso


def pick_published(*, record: str = "", clear: str = "", default: str = "", weak: str = "") -> str:
    """The publication date of an article, from the dates it has, strongest first.

    ``record``: a dump record's own date field; ``clear``: a date line or the
    page's metadata; ``default``: the date the user gives for articles that
    lack one; ``weak``: a guess (the fallback: the latest full date in the
    page header, captions included). The order: a full record date, a full
    clear date, the user's date, then the rest as they come (a year-only
    record or clear date before the fallback). "" when there is none: no
    date is ever made up.
    """
    strong = [d for d in (record, clear) if is_full_date(d)]
    for value in (*strong, default, record, clear, weak):
        if value:
            return value
    return ""
