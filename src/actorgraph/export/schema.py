"""The one place the graph's typed values become each format's scalars.

``graph.build_graph`` stores lists as tuples and provenance as ``Reading`` objects; GraphML,
GEXF and the CSV tables want one scalar per attribute, RDF and the page want lists of names
and readings. Every exporter goes through these functions, so the flat forms (``|``-joined
names, provenance as JSON) are decided here once. Graphs made by hand or read back from a file
carry the flat forms already; those are read here too, so each exporter accepts both.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import logging
import math
import re
from typing import Any

from ..model import Reading

LOGGER = logging.getLogger(__name__)

# Fields of one reading in an edge's flat ``provenance``, in the order they are written.
PROVENANCE_FIELDS = ("source", "evidence", "start", "end", "confidence", "rule")
# Attributes whose typed value is a sequence of records, written as JSON when flattened.
JSON_ATTRS = {"provenance", "articles"}
# The interval a node's ``date`` covers, as full ISO dates, first and last day included.
INTERVAL_ATTRS = ("date_start", "date_end")
# ``date`` as the contract writes it: a day, a month or a year (2023-01-30, 2016-03, 2014).
_ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def flat(data: dict[str, Any]) -> dict[str, Any]:
    """An attribute dict with every value a scalar (for GraphML, GEXF and the tables)."""
    return {key: flat_value(key, value) for key, value in data.items()}


def flat_value(key: str, value: Any) -> Any:
    """One attribute's scalar: names ``|``-joined, readings and articles as JSON text."""
    if key == "provenance" and _is_sequence(value):
        return json.dumps([reading_dict(item) for item in value], ensure_ascii=False)
    if key in JSON_ATTRS and _is_sequence(value):
        return json.dumps(list(value), ensure_ascii=False)
    if _is_sequence(value):
        return "|".join(sorted(value) if isinstance(value, (set, frozenset)) else value)
    return value


def flat_node(data: dict[str, Any]) -> dict[str, Any]:
    """A node's scalars (``flat``) plus ``date_start``/``date_end``, the interval its ``date``
    covers; an unreadable or absent date gives neither, so no stale interval survives."""
    values = {key: value for key, value in flat(data).items() if key not in INTERVAL_ATTRS}
    interval = date_interval(data.get("date"))
    if interval is not None:
        values.update(zip(INTERVAL_ATTRS, interval))
    return values


def date_interval(value: Any) -> tuple[str, str] | None:
    """The days a date as written covers, first and last included, as full ISO dates.

    ``2023-01-30`` -> (``2023-01-30``, ``2023-01-30``); ``2016-03`` -> (``2016-03-01``,
    ``2016-03-31``); ``2014`` -> (``2014-01-01``, ``2014-12-31``). A range filter on these
    keeps an event dated only to a month or a year, which comparing ``date`` itself drops.
    None when ``value`` is not one of those forms or not a real day (``2023-02-30``,
    ``2016-13``, year ``0000``).
    """
    if value is None or isinstance(value, bool):
        return None
    match = _ISO_DATE.fullmatch(str(value).strip())
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1).isoformat(), dt.date(year, month, last).isoformat()
        return (dt.date(year, month, day).isoformat(),) * 2
    except (ValueError, calendar.IllegalMonthError):
        return None


def names(value: Any) -> list[str]:
    """A list attribute (aliases, sources) as its parts, without empties."""
    parts = value if _is_sequence(value) else str(value or "").split("|")
    return [str(part) for part in parts if part]


def readings(value: Any) -> list[Reading] | None:
    """An edge's ``provenance`` as readings: [] when absent, None when it cannot be read."""
    if not value:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return None
    if not _is_sequence(value):
        return []
    return [as_reading(item) for item in value if isinstance(item, (Reading, dict))]


def as_reading(item: Reading | dict[str, Any]) -> Reading:
    """A reading from its flat form; values kept as given, so odd ones export as before."""
    if isinstance(item, Reading):
        return item
    return Reading(
        source=item.get("source"),  # type: ignore[arg-type]
        evidence=item.get("evidence"),  # type: ignore[arg-type]
        start=item.get("start"),  # type: ignore[arg-type]
        end=item.get("end"),  # type: ignore[arg-type]
        confidence=item.get("confidence"),  # type: ignore[arg-type]
        rule=item.get("rule") or "",
    )


def reading_dict(item: Reading | dict[str, Any]) -> dict[str, Any]:
    """A reading's flat form, as the provenance JSON and the RDF mapping carry it."""
    if isinstance(item, dict):
        return item
    return {name: getattr(item, name) for name in PROVENANCE_FIELDS}


def articles(value: Any) -> dict[str, dict[str, Any]]:
    """The graph's ``articles`` by source; {} when absent or unreadable."""
    if not value:
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            LOGGER.warning("graph attribute 'articles' is not JSON; article metadata left out")
            return {}
    if not _is_sequence(value):
        return {}
    return {
        str(item["source"]): item for item in value if isinstance(item, dict) and item.get("source")
    }


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset))


def finite_number(value: Any) -> float | None:
    """A finite float from a typed or flat value (``34.0``, ``"34.0"``); None for anything else,
    booleans, NaN and infinities included: no export may write those as numbers."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
