"""A user's corrections of the machine's readings, applied on every build so that they stick.

``build --corrections FILE`` (YAML or JSON; ``graph/corrections.example.yaml`` shows every
kind) lets an analyst merge two entities, split an alias off into its own node, rename,
retype, veto an edge, or add one with a note. The file is read and checked whole before the
model loads (``load_corrections``): a malformed file is one ``InputError`` naming the file
and the entry, and nothing is built or written.

Corrections are applied to what the machine read, never to an export, so a rebuild with more
articles keeps them. Identities go through resolution itself: after the resolver's first pass
(``Resolver.learn``) the corrections edit its key maps (``Resolver.canonical_maps``), so a
merge or a split is rekeyed and merged exactly as the resolver's own decisions are. Names,
types and vetoes are applied to each resolved extraction before ``graph.build_graph`` (the
only writer of attributes) sees it; an added edge and the record of every correction are
written through ``graph.add_reading`` and ``graph.note_correction`` once the graph is built.

An entity or event is named by its node id, or by a label or alias (compared through
``knowledge.fold``: case, accents and punctuation ignored). A correction that no longer
matches anything (the name is gone, the edge is no longer read) is reported as a warning of
the build, never silently dropped; one that names two nodes is refused, with the ids to use.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from .errors import InputError
from .graph import ReadingLog, add_reading, note_correction
from .ingest import document_id, shown
from .knowledge import fold, slug
from .model import EVENT_TYPES, ArticleExtraction, Reading, Statement
from .resolve import Resolver
from .resources import relation_vocabulary

RULE = "correction"  # the rule id of every reading a correction adds
ENTITY_TYPES = ("Person", "Organization", "Place")
MAX_FILE_BYTES = 5 * 1024 * 1024
HINT = "see graph/corrections.example.yaml for the format of each correction"

# action -> (required keys, optional keys) of its mapping; merge takes a list of names
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "split": (("entity", "alias"), ()),
    "rename": (("entity", "label"), ()),
    "retype": (("entity", "type"), ()),
    "veto": (("subject", "relation", "object"), ()),
    "add": (("subject", "relation", "object"), ("role", "date")),
}
ACTIONS = ("merge", *FIELDS)
_ISO_PREFIX = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


@dataclass(frozen=True)
class Correction:
    """One entry of a corrections file, checked; ``refs`` are the names it resolves."""

    entry: int  # its place in the file, from 1
    action: str  # one of ACTIONS
    refs: tuple[str, ...]  # merge: every name; split/rename/retype: the entity; veto/add: s, o
    value: str = ""  # split: the alias; rename: the label; retype: the type; veto/add: relation
    note: str = ""
    role: str = ""  # add only
    date: str = ""  # add only
    line: int = 0  # where the entry starts in a YAML file, for messages (0: unknown)

    def describe(self) -> str:
        """The correction in one line, as the user wrote it."""
        names = ", ".join(repr(ref) for ref in self.refs)
        if self.action == "merge":
            return f"merge {names}"
        if self.action in ("veto", "add"):
            return f"{self.action} {self.refs[0]!r} {self.value} {self.refs[1]!r}"
        return f"{self.action} {self.refs[0]!r} -> {self.value!r}"


@dataclass(frozen=True)
class CorrectionSet:
    """A corrections file, read and checked whole."""

    path: Path
    source: str  # the file as a document id (relative), the source of added edges' readings
    entries: tuple[Correction, ...]

    def where(self, correction: Correction) -> str:
        """The file and the entry, as messages name them."""
        line = f", line {correction.line}" if correction.line else ""
        return f"{shown(self.path)}: entry {correction.entry} ({correction.action}{line})"


@dataclass
class Outcome:
    """What became of one correction in one build."""

    entry: int
    action: str
    status: str  # "applied", "partly" (some of it matched), "stale" (nothing matched), "refused"
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "action": self.action,
            "status": self.status,
            "detail": self.detail,
        }


# --------------------------------------------------------------------------- reading the file


def load_corrections(path: Path | str) -> CorrectionSet:
    """Read and check a corrections file; InputError naming the file (and the entry) if not."""
    path = Path(path)
    text = _read_text(path)
    name = shown(path)
    data, lines = _parse(text, name, json_only=path.suffix.lower() == ".json")
    items = data.get("corrections") if isinstance(data, dict) else data
    if isinstance(data, dict) and set(data) - {"corrections"}:
        unknown = ", ".join(sorted(map(str, set(data) - {"corrections"})))
        raise InputError(f"{name}: unknown top-level key(s) {unknown}", hint=HINT)
    if items is None:
        items = []
    if not isinstance(items, list):
        raise InputError(
            f"{name}: expected a list of corrections (or a mapping with the key 'corrections')",
            hint=HINT,
        )
    entries = tuple(
        _entry(item, number, lines[number - 1] if number <= len(lines) else 0, name)
        for number, item in enumerate(items, 1)
    )
    return CorrectionSet(path, document_id(path), entries)


def _read_text(path: Path) -> str:
    name = shown(path)
    hint = "give --corrections a YAML or JSON file, e.g. graph/corrections.example.yaml"
    if not path.exists():
        raise InputError(f"{name}: no such corrections file", hint=hint)
    if not path.is_file():
        raise InputError(f"{name}: not a file", hint=hint)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read the corrections file ({exc.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name}: too large for a corrections file (over 5 MB)", hint=hint)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8"
        ) from None


def _parse(text: str, name: str, *, json_only: bool) -> tuple[Any, list[int]]:
    """The file's data and the line each entry starts on (YAML only)."""
    if json_only:
        try:
            return json.loads(text or "null"), []
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{name}: invalid JSON on line {exc.lineno}, column {exc.colno} ({exc.msg})",
                hint=HINT,
            ) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{name}: invalid YAML{where} ({problem})", hint=HINT) from None
    return data, _entry_lines(root)


def _entry_lines(root: Any) -> list[int]:
    if isinstance(root, yaml.MappingNode):
        root = next((v for k, v in root.value if getattr(k, "value", None) == "corrections"), None)
    if not isinstance(root, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in root.value]


def _entry(item: Any, number: int, line: int, name: str) -> Correction:
    where = f"{name}: entry {number}" + (f" (line {line})" if line else "")
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected a mapping such as {{merge: [A, B]}}", hint=HINT)
    actions = [key for key in item if key in ACTIONS]
    unknown = [str(key) for key in item if key not in ACTIONS and key != "note"]
    if unknown:
        raise InputError(
            f"{where}: unknown key(s) {', '.join(map(repr, unknown))}",
            hint="an entry holds one of " + ", ".join(ACTIONS) + ", and optionally a note",
        )
    if len(actions) != 1:
        raise InputError(
            f"{where}: expected exactly one of {', '.join(ACTIONS)}, found "
            + (", ".join(actions) or "none"),
            hint=HINT,
        )
    action = actions[0]
    note = item.get("note", "")
    if not isinstance(note, str):
        raise InputError(f"{where}: the note must be text", hint=HINT)
    note = " ".join(note.split())
    where = f"{where} ({action})"
    if action == "merge":
        return Correction(number, action, _merge_names(item[action], where), note=note, line=line)
    fields = _fields(item[action], action, where)
    if action in ("veto", "add"):
        return _edge_entry(number, action, fields, note, line, where)
    ref, value = fields["entity"], fields[FIELDS[action][0][1]]
    if action == "retype" and value not in ENTITY_TYPES + EVENT_TYPES:
        raise InputError(
            f"{where}: unknown type {value!r}",
            hint="an entity's type is one of "
            + ", ".join(ENTITY_TYPES)
            + "; an event's one of "
            + ", ".join(EVENT_TYPES),
        )
    return Correction(number, action, (ref,), value, note=note, line=line)


def _merge_names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: expected a list of names or node ids", hint=HINT)
    names = tuple({_fold(v): v.strip() for v in reversed(value)}.values())[::-1]
    if len(names) < 2:
        raise InputError(f"{where}: a merge needs two different names or more", hint=HINT)
    return names


def _fields(value: Any, action: str, where: str) -> dict[str, str]:
    required, optional = FIELDS[action]
    example = ", ".join(f"{key}: ..." for key in required)
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a mapping {{{example}}}", hint=HINT)
    unknown = [str(key) for key in value if key not in required + optional]
    missing = [key for key in required if key not in value]
    if unknown or missing:
        problems = [f"unknown key(s) {', '.join(map(repr, unknown))}"] if unknown else []
        problems += [f"missing {', '.join(missing)}"] if missing else []
        raise InputError(f"{where}: {'; '.join(problems)}", hint=f"write it as {{{example}}}")
    fields = {}
    for key, item in value.items():
        if not isinstance(item, str) or not item.strip():
            raise InputError(f"{where}: {key} must be non-empty text", hint=HINT)
        fields[str(key)] = " ".join(item.split())
    return fields


def _edge_entry(
    number: int, action: str, fields: dict[str, str], note: str, line: int, where: str
) -> Correction:
    relation = fields["relation"]
    vocabulary = relation_vocabulary()
    if relation not in vocabulary:
        raise InputError(
            f"{where}: unknown relation {relation!r}",
            hint="relations are those of graph/vocabulary.json: " + ", ".join(vocabulary),
        )
    if action == "add" and not note:
        raise InputError(
            f"{where}: an added edge needs a note (it is the edge's evidence)",
            hint="say why, e.g. note: 'Claimed on its channel on 31 Jan (analyst)'",
        )
    date = fields.get("date", "")
    if date and not _ISO_PREFIX.fullmatch(date):
        raise InputError(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD", hint=HINT)
    return Correction(
        number,
        action,
        (fields["subject"], fields["object"]),
        relation,
        note=note,
        role=fields.get("role", ""),
        date=date,
        line=line,
    )


# --------------------------------------------------------------------------- applying them


@dataclass
class _Node:
    """One node as the resolver's first pass makes it: what a correction's names can match."""

    kind: str  # "entity" or "event"
    type: str  # Person/Organization/Place, or the event type
    labels: set[str] = field(default_factory=set)  # folded labels the articles gave
    names: set[str] = field(default_factory=set)  # folded labels and aliases
    members: set[str] = field(default_factory=set)  # the original keys resolved to it
    label: str = ""  # the fullest label as written, as the graph will show it


@dataclass
class _Original:
    """One key as extraction gave it, before resolution."""

    kind: str
    type: str
    labels: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    label: str = ""  # the fullest label as written


class Corrector:
    """Applies a ``CorrectionSet`` to one build: ``resolve`` in place of ``resolve_stream``,
    then ``finish`` on the built graph. ``outcomes`` says what became of each correction."""

    def __init__(self, corrections: CorrectionSet) -> None:
        self.corrections = corrections
        self.outcomes: dict[int, Outcome] = {}
        self.originals: dict[str, _Original] = {}
        self.nodes: dict[str, _Node] = {}
        self.moved: dict[str, str] = {}  # a node key a correction replaced -> its new key
        self.maps: dict[str, dict[str, str]] = {}  # kind -> the resolver's key map
        # edits of the resolved extractions, by node key (settled to final keys by _settle)
        self.labels: dict[str, str] = {}
        self.aliases: dict[str, set[str]] = {}  # names a merged-away node's rename gave it
        self.types: dict[str, str] = {}
        self.dropped: dict[str, set[str]] = {}
        self.checked: set[str] = set()  # retyped: their edges are checked against the vocabulary
        self.vetoes: dict[tuple[str, str, str], int] = {}  # (subject, relation, object) -> entry
        self.veto_hits: Counter[int] = Counter()
        self.unfit: Counter[int] = Counter()  # entry -> edges a retype left outside the vocabulary
        self.additions: list[tuple[Correction, str, str]] = []
        self.touched: dict[int, list[str]] = {}  # entry -> node keys it changed

    # ----- the resolution passes

    def resolve(
        self, first_pass: Iterable[ArticleExtraction], second_pass: Iterable[ArticleExtraction]
    ) -> Iterator[ArticleExtraction]:
        """``resolve.resolve_stream`` with the corrections applied between and after."""
        resolver = Resolver()
        for extraction in first_pass:
            resolver.learn(extraction)
            self._learn(extraction)
        entities, events = resolver.canonical_maps()
        self.maps = {"entity": entities, "event": events}
        self._group()
        for correction in self.corrections.entries:
            getattr(self, f"_{correction.action}")(correction)
        self._settle()
        for extraction in second_pass:
            yield self._edit(resolver.apply(extraction))

    def _learn(self, extraction: ArticleExtraction) -> None:
        for record in extraction.entities.values():
            self._original(record.key, "entity", record.type, record.label, record.aliases)
        for event in extraction.events.values():
            self._original(event.key, "event", event.event_type, event.label, event.aliases)

    def _original(self, key: str, kind: str, type_: str, label: str, aliases: set[str]) -> None:
        original = self.originals.setdefault(key, _Original(kind, type_))
        original.labels.add(_fold(label))
        original.label = _fuller(original.label, label)
        original.names.update(_fold(name) for name in (label, *aliases) if name)

    def _group(self) -> None:
        for key, original in self.originals.items():
            canonical = self.maps[original.kind].get(key, key)
            node = self.nodes.setdefault(canonical, _Node(original.kind, original.type))
            if key == canonical:
                node.type = original.type
            node.labels |= original.labels
            node.names |= original.names
            node.members.add(key)
            node.label = _fuller(node.label, original.label)

    # ----- finding what a correction names

    def _find(self, ref: str) -> tuple[str | None, str]:
        """The node a name or id denotes now, or None and why."""
        key = self._current(ref)
        if key in self.nodes:
            return key, ""
        if ref in self.originals:
            canonical = self.maps[self.originals[ref].kind].get(ref, ref)
            return self._current(canonical), ""
        folded = _fold(ref)
        for attr in ("labels", "names"):
            found = sorted(k for k, node in self.nodes.items() if folded in getattr(node, attr))
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                shown_keys = ", ".join(found[:5]) + (" ..." if len(found) > 5 else "")
                return None, f"{ref!r} names {len(found)} nodes ({shown_keys}): use a node id"
        return None, f"{ref!r} names nothing in this build"

    def _current(self, key: str) -> str:
        while key in self.moved:
            key = self.moved[key]
        return key

    def _fresh(self, base: str, free: set[str] = frozenset()) -> str:  # type: ignore[assignment]
        """``base``, or ``base-2`` ..., whichever no node and no other article's key holds
        (``free``: keys that may be reused, those of the records being moved)."""
        key, number = base, 2
        while key in self.nodes or (key in self.originals and key not in free):
            key, number = f"{base}-{number}", number + 1
        return key

    # ----- one method per action: plan the edits, record the outcome

    def _merge(self, c: Correction) -> None:
        keys, missing = [], []
        for ref in c.refs:
            key, why = self._find(ref)
            if key is None:
                missing.append(why)
            elif key not in keys:
                keys.append(key)
        kinds = {self.nodes[key].kind for key in keys}
        if len(kinds) > 1:
            self._outcome(c, "refused", "an event cannot be merged with an entity")
            return
        if not keys or (len(keys) < 2 and missing):
            self._outcome(c, "stale", "; ".join(missing) or "nothing to merge")
            return
        target = keys[0]
        if len(keys) > 1:  # the first name given keeps its label (a later rename wins)
            self.labels.setdefault(target, self.nodes[target].label)
        for other in keys[1:]:
            if self.nodes[other].type != self.nodes[target].type and "entity" in kinds:
                self.types[target] = self.nodes[target].type
                self.checked.add(target)
            self._move(other, target)
        detail = f"into {target}" if len(keys) > 1 else f"already one node, {target}"
        self._outcome(c, "partly" if missing else "applied", "; ".join([detail, *missing]))
        self.touched[c.entry] = [target]

    def _split(self, c: Correction) -> None:
        key, why = self._find(c.refs[0])
        if key is None:
            self._outcome(c, "stale", why)
            return
        node, alias = self.nodes[key], _fold(c.value)
        if alias not in node.names:
            self._outcome(c, "stale", f"{c.value!r} is not a name of {key}")
            return
        moving = {m for m in node.members if alias in self.originals[m].labels}
        if moving == node.members:
            self._outcome(c, "refused", f"every article names {key} {c.value!r}: nothing remains")
            return
        if not moving:
            self._drop_alias(key, alias)
            detail = f"no article names {c.value!r} on its own: only the alias left {key}"
            self._outcome(c, "partly", detail)
            self.touched[c.entry] = [key]
            return
        rest = node.members - moving
        if key in moving:  # the node's own key is the alias's: the rest takes a key of its own
            new, kept = key, min(rest, key=lambda m: (-len(m), m))  # as resolve._preferred
            for edits in (self.labels, self.types):
                if key in edits:
                    edits[kept] = edits.pop(key)
        else:
            prefix = key.split("/", 1)[0] if "/" in key else node.type.lower()
            new, kept = self._fresh(f"{prefix}/{slug(c.value)}", moving), key
        del self.nodes[key]
        self._regroup(kept, rest, node)
        self._regroup(new, moving, node)
        self._drop_alias(kept, alias)
        self._outcome(c, "applied", f"{new} split from {kept}")
        self.touched[c.entry] = [kept, new]

    def _regroup(self, key: str, members: set[str], like: _Node) -> None:
        """A node ``key`` of ``members`` (of the kind and type of ``like``)."""
        self.nodes[key] = _Node(like.kind, like.type)
        for member in members:
            self._assign(member, key)

    def _drop_alias(self, key: str, alias: str) -> None:
        self.dropped.setdefault(key, set()).add(alias)
        self.nodes[key].names.discard(alias)
        self.nodes[key].labels.discard(alias)

    def _rename(self, c: Correction) -> None:
        key, why = self._find(c.refs[0])
        if key is None:
            self._outcome(c, "stale", why)
            return
        self.labels[key] = c.value
        self.nodes[key].labels.add(_fold(c.value))
        self.nodes[key].names.add(_fold(c.value))
        self._outcome(c, "applied", f"{key} renamed")
        self.touched[c.entry] = [key]

    def _retype(self, c: Correction) -> None:
        key, why = self._find(c.refs[0])
        if key is None:
            self._outcome(c, "stale", why)
            return
        node = self.nodes[key]
        wanted = ENTITY_TYPES if node.kind == "entity" else EVENT_TYPES
        if c.value not in wanted:
            self._outcome(
                c, "refused", f"{key} is an {node.kind}: its type is one of {', '.join(wanted)}"
            )
            return
        if node.kind == "event" or node.type == c.value:
            self.types[key] = node.type = c.value
            self._outcome(c, "applied", f"{key} is a {c.value}")
            self.touched[c.entry] = [key]
            return
        new = self._fresh(f"{c.value.lower()}/{key.split('/', 1)[-1]}")
        self.nodes[new] = _Node(node.kind, c.value)
        self._move(key, new)
        self.types[new] = c.value
        self.checked.add(new)
        self._outcome(c, "applied", f"{key} is a {c.value}, now {new}")
        self.touched[c.entry] = [new]

    def _veto(self, c: Correction) -> None:
        keys = self._edge_ends(c)
        if keys is None:
            return
        edge = (keys[0], c.value, keys[1])
        if edge in self.vetoes:
            self._outcome(c, "refused", f"the same edge as entry {self.vetoes[edge]}")
            return
        self.vetoes[edge] = c.entry

    def _add(self, c: Correction) -> None:
        keys = self._edge_ends(c)
        if keys is not None:
            self.additions.append((c, *keys))

    def _edge_ends(self, c: Correction) -> tuple[str, str] | None:
        found = [self._find(ref) for ref in c.refs]
        problems = [why for key, why in found if key is None]
        if problems:
            self._outcome(c, "stale", "; ".join(problems))
            return None
        return found[0][0], found[1][0]  # type: ignore[return-value]

    # ----- key bookkeeping

    def _move(self, old: str, new: str) -> None:
        """Every original key of node ``old`` now resolves to ``new``; ``old`` is gone."""
        source, target = self.nodes.pop(old), self.nodes[new]
        for member in source.members:
            self._assign(member, new)
        target.labels |= source.labels
        target.names |= source.names
        target.label = target.label or source.label
        if old in self.labels:  # renamed, then merged away: the name stays, as an alias
            self.aliases.setdefault(new, set()).add(self.labels.pop(old))
        self.aliases.setdefault(new, set()).update(self.aliases.pop(old, ()))
        self.types.pop(old, None)  # the node it joins keeps its own type
        self.checked.discard(old)
        self.moved[old] = new

    def _assign(self, member: str, new: str) -> None:
        self.maps[self.originals[member].kind][member] = new
        self.nodes[new].members.add(member)
        self.nodes[new].labels |= self.originals[member].labels
        self.nodes[new].names |= self.originals[member].names
        self.nodes[new].label = _fuller(self.nodes[new].label, self.originals[member].label)

    def _settle(self) -> None:
        """Name every planned edit by its node's final key (a later merge may have moved it)."""
        current = self._current
        self.labels = {current(k): v for k, v in self.labels.items()}
        self.types = {current(k): v for k, v in self.types.items()}
        self.aliases = {current(k): v for k, v in self.aliases.items()}
        self.checked = {current(k) for k in self.checked}
        dropped: dict[str, set[str]] = {}
        for key, names in self.dropped.items():
            dropped.setdefault(current(key), set()).update(names)
        self.dropped = dropped
        self.vetoes = {(current(s), r, current(o)): n for (s, r, o), n in self.vetoes.items()}
        self.additions = [(c, current(s), current(o)) for c, s, o in self.additions]
        self.touched = {n: [current(k) for k in keys] for n, keys in self.touched.items()}

    # ----- the resolved extractions

    def _edit(self, extraction: ArticleExtraction) -> ArticleExtraction:
        for record in (*extraction.entities.values(), *extraction.events.values()):
            label = self.labels.get(record.key)
            if label and record.label != label:
                record.aliases.add(record.label)
                record.label = label
            record.aliases |= self.aliases.get(record.key, set())
            record.aliases.discard(record.label)
            if record.key in self.dropped:
                record.aliases = {
                    a for a in record.aliases if _fold(a) not in self.dropped[record.key]
                }
            if record.key in self.types:
                if hasattr(record, "event_type"):
                    record.event_type = self.types[record.key]
                else:
                    record.type = self.types[record.key]
        types = {key: record.type for key, record in extraction.entities.items()}
        types.update((key, "Event") for key in extraction.events)
        extraction.statements = [s for s in extraction.statements if self._keeps(s, types)]
        return extraction

    def _keeps(self, statement: Statement, types: dict[str, str]) -> bool:
        """False for a vetoed reading, and for one a retype left outside its relation's types
        (counted for the report either way)."""
        ends = {statement.subject, statement.object}
        entry = self._vetoed(statement.subject, statement.relation, statement.object)
        if entry:
            self.veto_hits[entry] += 1
            return False
        spec = relation_vocabulary().get(statement.relation)
        if (
            spec is None
            or not ends & self.checked
            or _fits(spec, types.get(statement.subject), types.get(statement.object))
        ):
            return True
        for number, keys in self.touched.items():
            if ends & set(keys):
                self.unfit[number] += 1
        return False

    def _vetoed(self, subject: str, relation: str, obj: str) -> int:
        entry = self.vetoes.get((subject, relation, obj), 0)
        if not entry and relation_vocabulary().get(relation, {}).get("symmetric"):
            entry = self.vetoes.get((obj, relation, subject), 0)
        return entry

    # ----- the built graph

    def finish(self, graph: nx.MultiDiGraph, readings: ReadingLog | None = None) -> None:
        """Add the edges the user added, record every correction applied, and judge the vetoes
        (a veto no article's reading met is stale)."""
        vocabulary = relation_vocabulary()
        for c, subject, obj in self.additions:
            if subject not in graph or obj not in graph:
                self._outcome(c, "stale", "one of its nodes is not in the graph")
                continue
            if subject == obj:
                self._outcome(c, "refused", f"an edge from {subject} to itself")
                continue
            types = graph.nodes[subject].get("type"), graph.nodes[obj].get("type")
            if not _fits(vocabulary[c.value], *types):
                spec = vocabulary[c.value]
                self._outcome(
                    c,
                    "refused",
                    f"{c.value} goes from {'/'.join(spec['domain'])} to {'/'.join(spec['range'])}"
                    f", not from {types[0]} to {types[1]}",
                )
                continue
            reading = Reading(self.corrections.source, c.note, 0, len(c.note), 1.0, rule=RULE)
            add_reading(graph, (subject, obj, c.value), reading, readings, role=c.role, date=c.date)
            self._outcome(c, "applied", f"{subject} {c.value} {obj}")
            self.touched[c.entry] = []
        for (subject, relation, obj), entry in self.vetoes.items():
            c = self.corrections.entries[entry - 1]
            if self.veto_hits[entry]:
                self._outcome(c, "applied", f"{self.veto_hits[entry]} reading(s) left out")
                self.touched[entry] = []
            else:
                self._outcome(c, "stale", f"no article reads {subject} {relation} {obj}")
        for entry, count in self.unfit.items():
            outcome = self.outcomes[entry]
            outcome.detail += (
                f"; {count} reading(s) no longer fit their relation's types and were left out"
            )
        for c in self.corrections.entries:
            outcome = self.outcomes.get(c.entry)
            if outcome is not None and outcome.status in ("applied", "partly"):
                text = f"{c.describe()}: {c.note or 'no note'} ({self.corrections.source}, " + (
                    f"entry {c.entry})"
                )
                note_correction(graph, text.replace("|", "/"), self.touched.get(c.entry, ()))

    def warnings(self) -> list[tuple[str, str]]:
        """(the file, what to check) for every correction not applied in full: the build's
        warnings, so the summary and stderr show them."""
        found = []
        for c in self.corrections.entries:
            outcome = self.outcomes.get(c.entry)
            if outcome is not None and outcome.status != "applied":
                where = self.corrections.where(c).split(": ", 1)[1]
                verdict = {
                    "stale": "matches nothing in this build",
                    "partly": "only partly applied",
                    "refused": "not applied",
                }[outcome.status]
                found.append(
                    (
                        str(self.corrections.path),
                        f"{where} {c.describe()} {verdict}: {outcome.detail}",
                    )
                )
        return found

    def _outcome(self, c: Correction, status: str, detail: str) -> None:
        self.outcomes[c.entry] = Outcome(c.entry, c.action, status, detail)


def _fits(spec: dict[str, Any], subject_type: str | None, object_type: str | None) -> bool:
    """Whether the relation may go from the one type to the other (the vocabulary's rule)."""
    return subject_type in spec["domain"] and object_type in spec["range"]


def _fuller(label: str, other: str) -> str:
    """The fuller of two labels, as ``graph.build_graph`` chooses a node's label."""
    return max({label, other} - {""}, key=lambda n: (len(n), [-ord(c) for c in n]), default="")


def _fold(name: str) -> str:
    """Compare form of a name (``knowledge.fold``); a name fold empties (all non-Latin
    letters) compares by its case-folded text instead."""
    return fold(name) or " ".join(name.casefold().split())
