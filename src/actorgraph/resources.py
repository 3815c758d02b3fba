"""Where the knowledge model lives, and loading it once.

Everything the extractor knows (trigger words, role words, relation
patterns, actor and place dictionaries) and everything the exporters need
(relation vocabulary, ontology, SHACL shapes, named queries) is data under
``graph/``. This module owns finding that folder and parsing its files; each
loader is cached, so the files are read once per process.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from .errors import LexiconError

GRAPH_DIR_ENV = "ACTORGRAPH_GRAPH_DIR"


@cache
def graph_dir() -> Path:
    """The knowledge folder: $ACTORGRAPH_GRAPH_DIR, the source checkout's graph/, or the
    wheel's copy."""
    override = os.environ.get(GRAPH_DIR_ENV)
    candidates = [Path(override)] if override else []
    here = Path(__file__).resolve().parent
    candidates += [here.parents[1] / "graph", here / "graph"]
    for candidate in candidates:
        if (candidate / "vocabulary.json").is_file():
            return candidate
    raise LexiconError(
        "cannot find the knowledge folder graph/ (vocabulary.json is missing)",
        hint=f"reinstall actorgraph, or point {GRAPH_DIR_ENV} at a graph/ folder",
    )


def load_json(relative: str) -> Any:
    """Parse one JSON file under graph/, naming the file and line when it is malformed."""
    path = graph_dir() / relative
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(
            f"missing knowledge file {path}", hint="restore it from the repository"
        ) from None
    except json.JSONDecodeError as exc:
        raise LexiconError(
            f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}", hint="fix the JSON syntax in that file"
        ) from None


def load_jsonl(relative: str) -> list[dict[str, Any]]:
    """Parse a JSON-lines file under graph/ (blank lines and # comments allowed)."""
    path = graph_dir() / relative
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise LexiconError(
            f"missing knowledge file {path}", hint="restore it from the repository"
        ) from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise LexiconError(
                f"{path}:{number}: {exc.msg}", hint="fix the JSON on that line"
            ) from None
    return rows


@cache
def vocabulary() -> dict[str, Any]:
    return load_json("vocabulary.json")


def relation_vocabulary() -> dict[str, dict[str, Any]]:
    """relation name -> {label, property, domain, range, symmetric}."""
    return vocabulary()["relations"]


def node_types() -> dict[str, dict[str, Any]]:
    """node type -> {color, schema}."""
    return vocabulary()["node_types"]
