"""Date expressions in news sentences, resolved against the publication date.

Our own small rule layer rather than dateparser: news dates are few forms,
and dateparser gets the ones that matter wrong (TOOLCHAIN.md section 8):
"last year" becomes a day, "in March" copies the base day, "Easter 2016"
is not parsed and weekdays flip with the preference setting. Each match
keeps its precision, so "in 2014" stays "2014" and "in August 2021" stays
"2021-08".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter

from ..knowledge import MONTH_NAMES, MONTHS

# a month and day without a year up to this many days after publication is the coming one ("the
# Feb. 9 election" in late January), not the one nearly a year before
UPCOMING_DAYS = 31
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = rf"(?P<month>{MONTH_NAMES})\.?"  # every pattern using it is compiled with re.I
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART = r"(?:(?:early|mid|late|end of|the end of|beginning of)[- ])?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# what a weekday names when it is a service, not a day: "during Friday prayers", "Sunday Mass"
_SERVICES = r"(?:mass|prayers?|services?|sermons?|worship|schools?)"

# Most specific first: a span matched by one pattern is not matched again.
# "a Christmas market", "the Christmas lights": a thing of the season, not the day; "Easter
# Sunday bombings" and "a Christmas Day attack" are dated by it
_SEASON_THINGS = (
    r"(?:markets?|trees?|lights|shopping|season|decorations|cards?|carols?|fairs?|bonus|sales"
    r"|message|address|speech|parties|party|holidays?|break|dinner|lunch|recess)"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    (
        "dmy_short",
        re.compile(
            rf"\b{_DAY}\s+{_MONTH}\s+'?(?P<yy>\d\d)(?=\s*(?:[,.;:)\]]|--|\u2013|\u2014)|\s*$)", re.I
        ),
    ),
    (
        "holiday",
        re.compile(
            rf"\b(?P<holiday>Easter(?: Sunday)?|Christmas(?: Day| Eve)?|New Year's (?:Day|Eve))"
            rf"\s+(?:of\s+)?{_YEAR}\b",
            re.I,
        ),
    ),
    (
        "holiday_bare",
        re.compile(
            r"\b(?P<holiday>Easter(?: Sunday)?|Christmas(?: Day| Eve)?|New Year's (?:Day|Eve))\b"
            rf"(?!\s+{_SEASON_THINGS}\b)",
            re.I,
        ),
    ),
    ("my", re.compile(rf"\b{_PART}{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*(?:19|20)\d\d)", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?!,?\s*(?:19|20)\d\d)", re.I)),
    (
        "month",
        re.compile(
            rf"\b(?:in|since|during|by|until|last|this|early|mid|late)[- ]+"
            rf"(?:(?:early|mid|late)[- ])?{_MONTH}\b(?!\s+[0-3]?\d\b)",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?P<rel>last|this|next|on|late|early|since|by)?\s*{_WEEKDAY}(?:'s)?\b"
            rf"(?!\s+{_SERVICES}\b)"
            r"(?P<week>,?\s+(?:of\s+)?(?:last|the\s+previous)\s+week\b)?",
            re.I,
        ),
    ),
    (
        # "during Friday prayers": the day of the service, where the sentence names no other
        # date ("during Sunday Mass in January 2019" is January's; see find_dates)
        "service_weekday",
        re.compile(rf"\b(?P<rel>during|at|on)?\s*{_WEEKDAY}(?:'s)?(?=\s+{_SERVICES}\b)", re.I),
    ),
    (
        # "last night's shooting", "in the early hours of this morning": the live blog's and the
        # wire's words for the day before publication and the day itself
        "yesterday",
        re.compile(
            r"\b(?P<word>yesterday|today|tonight|last night|this (?:morning|afternoon|evening))\b",
            re.I,
        ),
    ),
    (
        "relyear",
        re.compile(
            r"\b(?P<which>(?:late |early |earlier |later )?(?:last|this|next) year|"
            r"earlier this year|a year ago)\b",
            re.I,
        ),
    ),
    ("relmonth", re.compile(r"\b(?P<which>last|this|next) month\b", re.I)),
    (
        "ago",
        re.compile(
            r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
    (
        # "at the weekend", "over the weekend", "last weekend": the Saturday and Sunday before
        "weekend",
        re.compile(r"\b(?:(?:at|over|during|on)\s+the|last|this)\s+weekend\b", re.I),
    ),
    ("relweek", re.compile(r"\b(?P<which>last|this|earlier this|previous) week(?:'s|’s)?\b", re.I)),
    ("year", re.compile(rf"(?<![\d-]){_YEAR}(?![\d-]|\s*(?:people|%|percent|km|kilomet))\b")),
]


@dataclass(frozen=True)
class DateMatch:
    """A date expression: character span in the sentence, ISO value and how it was found."""

    start: int
    end: int
    value: str  # "2023-01-30", "2016-03", "2014"
    kind: str
    # the days a stretch covers, where its ISO value says less ("last week": "2024-03" for
    # 2024-03-04 to 2024-03-10): an incident dated outside them is another one
    within: tuple[str, str] | None = None

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


# What each pattern cannot match without: a digit, a month name (each holds its first three
# letters), "day" (weekdays, yesterday, today), "year", "month", a holiday. Most sentences hold
# few of these, and one cheap search rules out the patterns that need them.
_DIGIT = re.compile(r"\d")
_MONTH_CUE = re.compile("|".join(sorted({name[:3] for name in MONTHS})), re.I)
_HOLIDAY_CUE = re.compile(r"easter|christmas|year", re.I)
_CUES: dict[str, re.Pattern[str]] = {
    "iso": _DIGIT,
    "year": _DIGIT,
    "holiday": _HOLIDAY_CUE,
    "holiday_bare": _HOLIDAY_CUE,
    "mdy": _MONTH_CUE,
    "dmy": _MONTH_CUE,
    "my": _MONTH_CUE,
    "md": _MONTH_CUE,
    "dm": _MONTH_CUE,
    "month": _MONTH_CUE,
    "weekday": re.compile(r"day", re.I),
    "service_weekday": re.compile(r"day", re.I),
    "yesterday": re.compile(r"day|night|morning|afternoon|evening", re.I),
    "relyear": re.compile(r"year", re.I),
    "relmonth": re.compile(r"month", re.I),
    "dmy_short": _MONTH_CUE,
    "ago": re.compile(r"\bago\b", re.I),
    "relweek": re.compile(r"week", re.I),
    "weekend": re.compile(r"weekend", re.I),
}
COUNTS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


# "that month", "the same year": the date the text last gave, to the precision named. Not "that
# day" or "the same day": those follow the incident just told, whatever date was said since
# ("claimed it on Wednesday. Later the same day, ..."), and are the follow-on openers' to read.
_ANAPHORIC = re.compile(r"\b(?:that|the same) (?P<unit>month|year)\b", re.I)
_ANAPHORIC_LENGTH = {"month": 7, "year": 4}
# "in January of that year", "in March the same year": a month in the year the text last gave
_MONTH_OF_THAT_YEAR = re.compile(rf"\b{_MONTH}\s+(?:of\s+)?(?:that|the same)\s+year\b", re.I)


def find_dates(text: str, base: date | None, previous: str = "") -> list[DateMatch]:
    """Every date expression in ``text``, resolved against ``base`` (None: absolute dates only).

    ``previous`` is the last date the article gave before this text: "that month" and "the same
    year" take it, or the last date before them in this text, to the precision they name (an
    imprecise antecedent, "in 2021 ... that month", gives nothing).
    """
    found = _of_named_year(text, _named_day_dates(text, _absolute_and_relative(text, base)))
    if any(m.kind in _CALENDAR for m in found):
        found = [m for m in found if m.kind != "service_weekday"]
    anaphoric = []
    for match in _MONTH_OF_THAT_YEAR.finditer(text):
        before = [m.value for m in found if m.end <= match.start()]
        antecedent = before[-1] if before else previous
        if len(antecedent) < 4:
            continue
        month = MONTHS[match.group("month").lower()]
        found = [m for m in found if m.end <= match.start() or m.start >= match.end()]
        anaphoric.append(
            DateMatch(match.start(), match.end(), f"{antecedent[:4]}-{month:02d}", "that")
        )
    for match in _ANAPHORIC.finditer(text):
        if any(match.start() < m.end and m.start < match.end() for m in found + anaphoric):
            continue
        before = [m.value for m in found if m.end <= match.start()]
        antecedent = before[-1] if before else previous
        length = _ANAPHORIC_LENGTH[match.group("unit").lower()]
        if len(antecedent) >= length:
            anaphoric.append(DateMatch(match.start(), match.end(), antecedent[:length], "that"))
    return sorted(found + anaphoric, key=lambda m: m.start)


_DAY_DATES = frozenset({"iso", "mdy", "dmy", "md", "dm", "dmy_short"})
# dates the calendar names: beside one, "during Sunday Mass" is the service, not the day
_CALENDAR = _DAY_DATES | {"my", "month", "year", "holiday", "holiday_bare"}
_YEARLESS = frozenset({"md", "dm", "month"})


def _of_named_year(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """'On November 9 last year', 'in March this year': the year named after a date without
    one is its year, not the one the date would take alone (the last before publication). The
    year stays a date of its own, as the rules read it alone ('since May last year, when ...')."""
    kept: list[DateMatch] = []
    for i, m in enumerate(found):  # sorted, never overlapping: only the next one can follow
        following = found[i + 1] if i + 1 < len(found) else None
        if (
            m.kind in _YEARLESS
            and following is not None
            and following.kind == "relyear"
            and not text[m.end : following.start].strip(" ")
        ):
            m = DateMatch(m.start, m.end, following.value + m.value[4:], m.kind, m.within)
        kept.append(m)
    return kept


def _named_day_dates(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """'on Sunday 3 March 2024', 'Wednesday, January 7': the weekday names the day the date
    gives, not the last Sunday before publication; it is part of the date, not a date."""
    kept = []
    for i, m in enumerate(found):  # sorted, never overlapping: only the next one can follow it
        following = found[i + 1] if i + 1 < len(found) else None
        if (
            m.kind == "weekday"
            and following is not None
            and following.kind in _DAY_DATES
            and not text[m.end : following.start].strip(" ,")
        ):
            continue
        kept.append(m)
    return kept


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``taken``: disjoint spans kept sorted, so only the
    two around ``start`` can (a scan of every span was quadratic in a text full of dates)."""
    i = bisect.bisect_right(taken, (start, end))
    return (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end)


def _absolute_and_relative(text: str, base: date | None) -> list[DateMatch]:
    taken: list[tuple[int, int]] = []  # sorted by start
    found: list[DateMatch] = []
    present: dict[re.Pattern[str], bool] = {}
    for kind, pattern in _PATTERNS:
        cue = _CUES[kind]
        if cue not in present:
            present[cue] = cue.search(text) is not None
        if not present[cue]:
            continue
        for match in pattern.finditer(text):
            if _overlaps(taken, match.start(), match.end()):
                continue
            try:
                value = _resolve(kind, match, base)
            except (OverflowError, ValueError):  # "yesterday" on 0001-01-01: no such date
                value = ""
            if value:
                bisect.insort(taken, (match.start(), match.end()))
                within = None
                if kind == "relweek" and base is not None:
                    first, last = _week_bounds(match.group("which"), base)
                    within = (first.isoformat(), last.isoformat())
                if kind == "weekend" and base is not None:
                    first, last = _weekend_before(base)
                    within = (first.isoformat(), last.isoformat())
                found.append(DateMatch(match.start(), match.end(), value, kind, within))
    return sorted(found, key=lambda m: m.start)


def shift_day(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or None past the calendar's ends (years 1 to 9999): a text may
    count "two days after" from a date line of 0001-01-02, or a million days from today."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def shift_iso(value: str, days: int) -> str:
    """An ISO day (``YYYY-MM-DD``, or longer) moved by ``days``, as an ISO day; "" when
    ``value`` is not a full day or the move leaves the calendar. Rules that date one incident
    from another's day ("a day after", "the next day") pass strings, so they share this."""
    day = parse_iso(value)
    moved = shift_day(day, days) if day else None
    return moved.isoformat() if moved else ""


def parse_iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match[str], base: date | None) -> str:
    groups = m.groupdict()
    if kind == "iso":
        return _ymd(int(groups["year"]), int(groups["mnum"]), int(groups["day"]))
    if kind in ("mdy", "dmy"):
        return _ymd(
            int(groups["year"]), MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"])
        )
    if kind == "holiday":
        return _holiday(groups["holiday"].lower(), int(groups["year"]))
    if kind == "holiday_bare":
        if base is None:
            return ""
        this_year = _holiday(groups["holiday"].lower(), base.year)
        return (
            this_year
            if this_year <= base.isoformat()
            else _holiday(groups["holiday"].lower(), base.year - 1)
        )
    if kind == "dmy_short":  # "25 Aug 88": a two-digit year is the latest one not after the base
        year = _full_year(int(groups["yy"]), base)
        return (
            _ymd(year, MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"]))
            if year
            else ""
        )
    if kind == "my":
        return f"{int(groups['year']):04d}-{MONTHS[groups['month'].lower().rstrip('.')]:02d}"
    if kind == "year":
        return groups["year"]
    if base is None:
        return ""
    if kind in ("md", "dm"):
        month, day = MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"])
        year = base.year if (month, day) <= (base.month, base.day) else base.year - 1
        ahead = _ymd(year + 1, month, day)
        if ahead and date.fromisoformat(ahead) - base <= timedelta(days=UPCOMING_DAYS):
            return ahead  # "less than three weeks before the Feb. 9 election": the coming one
        return _ymd(year, month, day)
    if kind == "month":
        month = MONTHS[groups["month"].lower().rstrip(".")]
        if month == 5 and not re.search(
            r"\b(?:in|since|during|by|until|last|early|mid|late)[- ]+May\b", m.group(0)
        ):
            return ""  # "may" the modal verb
        year = base.year if month <= base.month else base.year - 1
        return f"{year:04d}-{month:02d}"
    if kind == "service_weekday":
        return _weekday(groups["weekday"].lower(), "", base)
    if kind == "weekday":
        if groups.get("week"):  # "on Tuesday last week": that weekday of the week before
            first, _ = _week_bounds("last", base)
            return (first + timedelta(days=WEEKDAYS.index(groups["weekday"].lower()))).isoformat()
        return _weekday(groups["weekday"].lower(), (groups.get("rel") or "").lower(), base)
    if kind == "yesterday":
        word = " ".join(groups["word"].lower().split())
        offset = -1 if word in ("yesterday", "last night") else 0
        return (base + timedelta(days=offset)).isoformat()
    if kind == "relyear":
        which = groups["which"].lower()
        if "last year" in which or "a year ago" in which:
            return f"{base.year - 1:04d}"
        if "next year" in which:
            return f"{base.year + 1:04d}"
        return f"{base.year:04d}"
    if kind == "ago":
        return _ago(
            COUNTS.get(groups["count"].lower()) or int(groups["count"]),
            groups["unit"].lower(),
            base,
        )
    if kind == "relweek":
        return _span(*_week_bounds(groups["which"], base))
    if kind == "weekend":
        return _span(*_weekend_before(base))
    if kind == "relmonth":
        which = groups["which"].lower()
        year, month = base.year, base.month + {"last": -1, "this": 0, "next": 1}[which]
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
        return f"{year:04d}-{month:02d}"
    return ""


def _full_year(yy: int, base: date | None) -> int:
    """The century of a two-digit year: the latest year ending in ``yy`` not after the base
    (without one, not after the current year)."""
    latest = (base or date.today()).year
    year = latest - (latest - yy) % 100
    return year


def _ago(count: int, unit: str, base: date) -> str:
    """'three days ago' is a day; 'a week ago' and 'two months ago' a month; 'two years ago' a
    year."""
    if unit == "day":
        return (base - timedelta(days=count)).isoformat()
    if unit == "week":
        return (base - timedelta(days=7 * count)).isoformat()[:7]
    if unit == "month":
        months = base.year * 12 + base.month - 1 - count
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return f"{base.year - count:04d}"


def _week_bounds(which: str, base: date) -> tuple[date, date]:
    """The days "last week" (Monday to Sunday before the base's week) or "this week" covers."""
    monday = base - timedelta(days=base.weekday())
    if which.lower() in ("last", "previous"):
        return monday - timedelta(days=7), monday - timedelta(days=1)
    return monday, base


def _weekend_before(base: date) -> tuple[date, date]:
    """The Saturday and Sunday "at the weekend" means: the last ones on or before the base (on a
    Saturday, the weekend under way)."""
    sunday = base - timedelta(days=(base.weekday() - 6) % 7 if base.weekday() != 5 else -1)
    return sunday - timedelta(days=1), sunday


def _span(first: date, last: date) -> str:
    """A stretch of days as precisely as one ISO prefix can say: its month, else its year."""
    if (first.year, first.month) == (last.year, last.month):
        return first.isoformat()[:7]
    return f"{first.year:04d}" if first.year == last.year else ""


def _weekday(name: str, rel: str, base: date) -> str:
    """'on Monday' is the latest Monday on or before the base date; 'last Monday' the one before
    it."""
    target = WEEKDAYS.index(name)
    back = (base.weekday() - target) % 7
    if rel == "next":
        return (base + timedelta(days=(target - base.weekday()) % 7 or 7)).isoformat()
    if rel == "last" and back == 0:
        back = 7
    return (base - timedelta(days=back)).isoformat()


def _holiday(name: str, year: int) -> str:
    if name.startswith("easter"):
        return easter(year).isoformat()
    if name.startswith("christmas"):
        return f"{year:04d}-12-{24 if 'eve' in name else 25}"
    if "eve" in name:
        return f"{year:04d}-12-31"
    return f"{year:04d}-01-01"


def _ymd(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""
