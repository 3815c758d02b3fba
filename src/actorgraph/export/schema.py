"""The one place the graph's typed values become each format's scalars.

``graph.build_graph`` stores lists as tuples and provenance as ``Reading`` objects; GraphML,
GEXF and the CSV tables want one scalar per attribute, RDF and the page want lists of names
and readings. Every exporter goes through these functions, so the flat forms (``|``-joined
names, provenance as JSON) are decided here once. Graphs made by hand or read back from a file
carry the flat forms already; those are read here too, so each exporter accepts both.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from ..model import Reading

LOGGER = logging.getLogger(__name__)

# Fields of one reading in an edge's flat ``provenance``, in the order they are written.
PROVENANCE_FIELDS = ("source", "evidence", "start", "end", "confidence", "rule")
# Attributes whose typed value is a sequence of records, written as JSON when flattened.
JSON_ATTRS = {"provenance", "articles"}


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
