"""The claims ledger: per incident, who claimed, denied, perpetrated or was blamed, and on what.

Pure functions over a built graph (``build_graph``'s in-memory graph or a GraphML export read
back with networkx); the rows are plain dataclasses. ``ledger(graph)`` gives one
``LedgerEntry`` per Event node that has at least one attribution edge
(``claimed_responsibility``, ``denied_responsibility``, ``perpetrated``, ``blamed_for``), or every
event with ``include_all=True``. ``format_ledger`` renders entries as a terminal table, CSV
(one row per attribution) or JSON (one object per incident); ``parse_ledger`` reads the CSV
and JSON forms back into the same entries.

When is an incident contested? It is when the graph holds

* two or more distinct claimants;
* a claim and a denial (by anyone, the claimant included: "the TTP claimed, then denied");
* a claim and a blame of an actor who did not claim it (a third party pointing elsewhere).

A denial together with a blame of the same actor is not contested by itself: accusing and
denying is the ordinary shape of an attribution, and the ledger shows both. A perpetrator as
the text narrates it ("was behind") never makes an incident contested on its own, and neither
do two blames of different actors with no claim; both are shown, unflagged.

An incident's place is its most specific ``occurred_in`` place: a place that another of the
event's places lies in (``located_in``, transitively) is left out, so a bombing in Peshawar and
Pakistan is placed in Peshawar.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import InputError

# Attribution relations, in the order a ledger shows them, with the word for the role.
ROLES = {
    "claimed_responsibility": "claimed",
    "denied_responsibility": "denied",
    "perpetrated": "perpetrated",
    "blamed_for": "blamed",
}
RELATIONS = {role: relation for relation, role in ROLES.items()}
OUTPUT_FORMATS = ("table", "csv", "json")

CONTESTED_CLAIMANTS = "two or more claimants"
CONTESTED_DENIAL = "a claim and a denial"
CONTESTED_BLAME = "a claim and a blame of another actor"

# One CSV row per attribution; an incident with none (``include_all``) has one row without.
CSV_COLUMNS = (
    "event_id",
    "event",
    "event_type",
    "date",
    "place",
    "fatalities",
    "contested",
    "contested_because",
    "role",
    "actor_id",
    "actor",
    "by_id",
    "by",
    "evidence",
    "source",
    "start",
    "end",
    "confidence",
    "readings",
)
# The table cuts names and sentences this long (csv and json keep them whole).
TABLE_NAME_WIDTH = 200
TABLE_SENTENCE_WIDTH = 1_000
# A cell a spreadsheet would evaluate (OWASP "CSV Injection"), or one starting with the quote
# that guards such cells, gets one leading "'" in the CSV; parse_ledger drops it again.
_GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "'")
# What a terminal would act on rather than show: C0/C1 controls and bidi controls.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Attribution:
    """One actor's relation to an incident, with the sentence and document it was read from.

    ``role`` is claimed, denied, perpetrated or blamed; ``by`` (blamed only) is the
    accuser's label and ``by_id`` its node id, both "" when the text names no accuser.
    ``readings`` counts every sentence that supports the edge; the evidence shown is the most
    confident one.
    """

    role: str
    actor_id: str
    actor: str
    evidence: str
    source: str
    start: int | None = None  # the sentence's character offsets in the cleaned document
    end: int | None = None
    confidence: float | None = None
    by_id: str = ""
    by: str = ""
    readings: int = 1


@dataclass(frozen=True)
class LedgerEntry:
    """One incident (an Event node) and every attribution the graph holds for it."""

    event_id: str
    event: str
    event_type: str = ""
    date: str = ""
    place: str = ""
    fatalities: int | None = None
    attributions: tuple[Attribution, ...] = ()
    contested_because: tuple[str, ...] = field(default=())

    @property
    def contested(self) -> bool:
        return bool(self.contested_because)

    def by_role(self, role: str) -> list[Attribution]:
        """The attributions of one role (claimed, denied, perpetrated, blamed)."""
        return [item for item in self.attributions if item.role == role]


# --- building the ledger -----------------------------------------------------------------------


def ledger(
    graph: nx.Graph, *, include_all: bool = False, contested_only: bool = False
) -> list[LedgerEntry]:
    """The ledger of ``graph``: one entry per incident, by date (undated last), then name.

    Args:
        graph: a graph in the schema of ``graph.build_graph``, built or read from GraphML.
        include_all: also list events without any claim, denial, perpetrator or blame.
        contested_only: list only contested incidents.

    Returns:
        The entries; an event without attributions only with ``include_all``.
    """
    ids = {key: str(data.get("id") or key) for key, data in graph.nodes(data=True)}
    labels = {ids[key]: str(data.get("label") or ids[key]) for key, data in graph.nodes(data=True)}
    found: dict[Any, list[Attribution]] = {}
    places: dict[Any, list[Any]] = {}
    for subject, obj, data in graph.edges(data=True):
        relation = data.get("relation")
        if relation == "occurred_in":
            places.setdefault(subject, []).append(obj)
        elif relation in ROLES and _is_event(graph, obj):
            by_id = str(data.get("by") or "")
            found.setdefault(obj, []).append(
                Attribution(
                    role=ROLES[relation],
                    actor_id=ids[subject],
                    actor=labels[ids[subject]],
                    evidence=str(data.get("evidence") or ""),
                    source=str(data.get("source") or ""),
                    start=_int(data.get("start")),
                    end=_int(data.get("end")),
                    confidence=_float(data.get("confidence")),
                    by_id=by_id,
                    by=labels.get(by_id, by_id),
                    readings=_int(data.get("readings")) or 1,
                )
            )
    entries = []
    for key, data in graph.nodes(data=True):
        if data.get("type") != "Event" or not (include_all or key in found):
            continue
        attributions = tuple(sorted(found.get(key, ()), key=_attribution_order))
        entry = LedgerEntry(
            event_id=ids[key],
            event=str(data.get("label") or ids[key]),
            event_type=str(data.get("event_type") or ""),
            date=str(data.get("date") or ""),
            place="; ".join(_place_labels(graph, places.get(key, []))),
            fatalities=_int(data.get("fatalities")),
            attributions=attributions,
            contested_because=contested_because(attributions),
        )
        if entry.contested or not contested_only:
            entries.append(entry)
    return sorted(entries, key=lambda e: (not e.date, e.date, e.event, e.event_id))


def contested_because(attributions: Iterable[Attribution]) -> tuple[str, ...]:
    """Why an incident with these attributions is contested; () when it is not.

    See the module docstring for the rules (a denial and a blame of the same actor alone is
    not contested).
    """
    items = list(attributions)
    claimants = {a.actor_id for a in items if a.role == "claimed"}
    denied = any(a.role == "denied" for a in items)
    blamed_others = {a.actor_id for a in items if a.role == "blamed"} - claimants
    reasons = []
    if len(claimants) >= 2:
        reasons.append(CONTESTED_CLAIMANTS)
    if claimants and denied:
        reasons.append(CONTESTED_DENIAL)
    if claimants and blamed_others:
        reasons.append(CONTESTED_BLAME)
    return tuple(reasons)


def _is_event(graph: nx.Graph, key: Any) -> bool:
    return graph.nodes[key].get("type") == "Event"


def _attribution_order(item: Attribution) -> tuple:
    roles = list(RELATIONS)
    offset = -1 if item.start is None else item.start
    return (roles.index(item.role), item.source, offset, item.actor, item.actor_id)


def _place_labels(graph: nx.Graph, keys: list[Any]) -> list[str]:
    """The labels of the most specific of an event's places (see the module docstring)."""
    unique = list(dict.fromkeys(keys))
    containers = set()
    for key in unique:
        containers |= _containers(graph, key)
    kept = [key for key in unique if key not in containers] or unique
    return sorted(str(graph.nodes[key].get("label") or key) for key in kept)


def _containers(graph: nx.Graph, key: Any) -> set[Any]:
    """Every place ``key`` lies in, following ``located_in`` edges (cycles are harmless)."""
    seen: set[Any] = set()
    stack = [key]
    while stack:
        current = stack.pop()
        for _, outer, data in graph.out_edges(current, data=True):
            if data.get("relation") == "located_in" and outer not in seen:
                seen.add(outer)
                stack.append(outer)
    seen.discard(key)
    return seen


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# --- reading a graph ---------------------------------------------------------------------------


def read_graph(path: Path) -> nx.MultiDiGraph:
    """A GraphML graph written by ``actorgraph build``.

    Raises:
        InputError: the path is missing or a folder, the file is not GraphML, or it is GraphML
            without actorgraph's node ``type``/``label`` and edge ``relation`` attributes.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"{path}: no such file", hint="give the graph.graphml that actorgraph build wrote"
        )
    if not path.is_file():
        raise InputError(f"{path}: not a file", hint="give a .graphml file, e.g. out/graph.graphml")
    try:
        graph = nx.read_graphml(path, force_multigraph=True)
    except OSError as exc:
        raise InputError(
            f"cannot read {path}: {exc.strerror or exc}", hint="check its permissions"
        ) from None
    except ET.ParseError as exc:
        raise InputError(
            f"{path} is not GraphML: not well-formed XML ({exc})",
            hint="give the graph.graphml that actorgraph build wrote",
        ) from None
    except (nx.NetworkXError, ValueError, KeyError, TypeError, UnicodeError) as exc:
        raise InputError(
            f"{path} is not GraphML that networkx can read ({type(exc).__name__}: {exc})",
            hint="give the graph.graphml that actorgraph build wrote",
        ) from None
    check_graph(graph, path)
    return graph


def check_graph(graph: nx.Graph, name: str | Path = "graph") -> None:
    """Raise InputError unless ``graph`` carries actorgraph's attributes.

    Every node needs a ``type`` and every edge a ``relation``; the graph needs a node at all and
    must be directed (the relations read from subject to object).
    """
    hint = "give the graph.graphml that actorgraph build wrote"
    if graph.number_of_nodes() == 0:
        raise InputError(f"{name} has no nodes: not an actorgraph graph", hint=hint)
    if not graph.is_directed():
        raise InputError(f"{name} is undirected: not an actorgraph graph", hint=hint)
    untyped = sum(1 for _, data in graph.nodes(data=True) if not data.get("type"))
    if untyped:
        raise InputError(
            f"{name} is not an actorgraph graph: {untyped} of {graph.number_of_nodes()} nodes "
            "have no 'type' attribute",
            hint=hint,
        )
    bare = sum(1 for *_, data in graph.edges(data=True) if not data.get("relation"))
    if bare:
        raise InputError(
            f"{name} is not an actorgraph graph: {bare} of {graph.number_of_edges()} edges "
            "have no 'relation' attribute",
            hint=hint,
        )


# --- formats -----------------------------------------------------------------------------------


def format_ledger(entries: list[LedgerEntry], fmt: str = "table") -> str:
    """The entries as a terminal table, CSV (one row per attribution) or JSON (per incident)."""
    if fmt == "table":
        return _table(entries)
    if fmt == "csv":
        return _csv(entries)
    if fmt == "json":
        return (
            json.dumps([_record(entry) for entry in entries], ensure_ascii=False, indent=2) + "\n"
        )
    raise InputError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(OUTPUT_FORMATS)}")


def parse_ledger(text: str, fmt: str) -> list[LedgerEntry]:
    """Entries back from ``format_ledger``'s CSV or JSON (the table is for reading only)."""
    if fmt == "json":
        return [_from_record(record) for record in json.loads(text)]
    if fmt == "csv":
        return _from_csv(text)
    raise InputError(f"cannot read a ledger as {fmt!r}", hint="use csv or json")


def _record(entry: LedgerEntry) -> dict[str, Any]:
    record = asdict(entry)
    record["attributions"] = [asdict(item) for item in entry.attributions]
    record["contested_because"] = list(entry.contested_because)
    record["contested"] = entry.contested
    return record


def _from_record(record: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(
        event_id=record["event_id"],
        event=record["event"],
        event_type=record.get("event_type", ""),
        date=record.get("date", ""),
        place=record.get("place", ""),
        fatalities=record.get("fatalities"),
        attributions=tuple(Attribution(**item) for item in record.get("attributions", ())),
        contested_because=tuple(record.get("contested_because", ())),
    )


def _csv(entries: list[LedgerEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        incident = [
            entry.event_id,
            entry.event,
            entry.event_type,
            entry.date,
            entry.place,
            _text(entry.fatalities),
            "yes" if entry.contested else "no",
            "|".join(entry.contested_because),
        ]
        for item in entry.attributions or (None,):
            attribution = (
                [
                    item.role,
                    item.actor_id,
                    item.actor,
                    item.by_id,
                    item.by,
                    item.evidence,
                    item.source,
                    _text(item.start),
                    _text(item.end),
                    _text(item.confidence),
                    str(item.readings),
                ]
                if item
                else [""] * 11
            )
            writer.writerow([_guard(cell) for cell in incident + attribution])
    return buffer.getvalue()


def _from_csv(text: str) -> list[LedgerEntry]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if rows and set(CSV_COLUMNS) - set(rows[0]):
        raise InputError("not a ledger CSV: columns missing", hint="read what format_ledger wrote")
    entries: dict[str, LedgerEntry] = {}
    for raw in rows:
        row = {key: _unguard(value) for key, value in raw.items()}
        entry = entries.get(row["event_id"]) or LedgerEntry(
            event_id=row["event_id"],
            event=row["event"],
            event_type=row["event_type"],
            date=row["date"],
            place=row["place"],
            fatalities=_int(row["fatalities"]),
            contested_because=tuple(filter(None, row["contested_because"].split("|"))),
        )
        if row["role"]:
            item = Attribution(
                role=row["role"],
                actor_id=row["actor_id"],
                actor=row["actor"],
                evidence=row["evidence"],
                source=row["source"],
                start=_int(row["start"]),
                end=_int(row["end"]),
                confidence=_float(row["confidence"]),
                by_id=row["by_id"],
                by=row["by"],
                readings=_int(row["readings"]) or 1,
            )
            entry = replace(entry, attributions=(*entry.attributions, item))
        entries[row["event_id"]] = entry
    return list(entries.values())


def _text(value: int | float | None) -> str:
    return "" if value is None else repr(value)


def _guard(cell: str) -> str:
    return "'" + cell if cell.startswith(_GUARDED_STARTS) else cell


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def _table(entries: list[LedgerEntry]) -> str:
    """A block per incident: its heading, then one line per attribution and its sentence."""
    if not entries:
        return "no incident with a claim, denial, perpetrator or blame (--all lists every event)\n"
    blocks = []
    for entry in entries:
        heading = _line(entry.event)
        if entry.contested:
            heading += "  CONTESTED: " + "; ".join(entry.contested_because)
        facts = [
            f"date {_line(entry.date) or '?'}",
            f"place {_line(entry.place) or '?'}",
            f"fatalities {'?' if entry.fatalities is None else entry.fatalities}",
        ]
        lines = [heading, "  " + " | ".join(facts)]
        if not entry.attributions:
            lines.append("  (no claim, denial, perpetrator or blame)")
        for item in entry.attributions:
            who = _name(item.actor)
            if item.role == "blamed":
                who += f" (by {_name(item.by)})" if item.by else " (accuser not named)"
            more = f", {item.readings} readings" if item.readings > 1 else ""
            lines.append(f"  {item.role:<12}{who}")
            lines.append(f'  {"":<12}"{_cut(item.evidence, TABLE_SENTENCE_WIDTH)}"')
            lines.append(f"  {'':<12}source: {_line(item.source)}{more}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _line(value: str) -> str:
    """One terminal line: controls and bidi marks escaped, never acted on."""
    return _UNPRINTABLE.sub(_escape, value)


def _name(value: str) -> str:
    return _cut(value, TABLE_NAME_WIDTH)


def _cut(value: str, width: int) -> str:
    """``_line(value)``, cut to ``width`` characters."""
    text = _line(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    if char in named:
        return named[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
