"""The extraction cache: one row per article, keyed by its content and the pipeline version.

Re-running a corpus re-extracts only what is new or changed: the key is a hash
of the article (text and metadata) and the value the JSON of its
``ArticleExtraction``. The pipeline version (actorgraph's version, the spaCy
model's name and version, and a hash of the knowledge files under graph/ and
of every module the extractor imports) is part of the key, so changing a
lexicon, a rule or the model invalidates old rows without anyone having to
remember to clear them. Each row is committed as
soon as it is extracted, so an interrupted build loses nothing already done.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from . import __version__
from .errors import InputError
from .model import Article, ArticleExtraction
from .resources import graph_dir

BUSY_SECONDS = 60.0  # how long a build waits for another one writing to the same cache

SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (
    key TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    source TEXT NOT NULL,
    data TEXT NOT NULL
)
"""


def default_cache_dir() -> Path:
    """$ACTORGRAPH_CACHE, else $XDG_CACHE_HOME/actorgraph, else ~/.cache/actorgraph."""
    if os.environ.get("ACTORGRAPH_CACHE"):
        return Path(os.environ["ACTORGRAPH_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "actorgraph"


PACKAGE_DIR = Path(__file__).resolve().parent
EXTRACTOR = "actorgraph.extract"


@cache
def knowledge_hash() -> str:
    """A hash of the knowledge files and of the extractor's code: changing either invalidates
    the cache, so a rule fixed or a lexicon edited is never hidden behind stale rows. The code is
    every module the extractor imports (``extractor_modules``), wherever it lives, so moving a
    rule out of ``extract/`` cannot silently stop invalidation."""
    digest = hashlib.sha256()
    for path in extractor_modules():
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    root = graph_dir()
    for folder in ("lexicons", "dictionaries"):
        for path in sorted((root / folder).glob("*")):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    digest.update((root / "vocabulary.json").read_bytes())
    return digest.hexdigest()[:16]


def extractor_modules(package_dir: Path = PACKAGE_DIR, start: str = EXTRACTOR) -> list[Path]:
    """The source files of ``start`` and of every module of the package it imports, directly or
    not, read from the code (``ast``) rather than from what this process happens to have
    imported; a package's ``__init__`` counts for each module inside it."""
    root = package_dir.name
    seen: dict[str, Path] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        path = _module_path(name, package_dir)
        if name in seen or path is None:
            continue
        seen[name] = path
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # parent packages
        todo += [n for n in _imports(name, path) if n == root or n.startswith(root + ".")]
    return sorted(seen.values())


def _module_path(name: str, package_dir: Path) -> Path | None:
    """actorgraph.extract.events -> PACKAGE/extract/events.py (or its package's __init__.py)."""
    inside = package_dir.joinpath(*name.split(".")[1:])
    for path in (inside / "__init__.py", inside.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _imports(name: str, path: Path) -> list[str]:
    """Absolute names of the modules a source file imports, and of the submodules it imports
    by name (``from . import events``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


def pipeline_version(model_name: str, model_version: str) -> str:
    return f"actorgraph-{__version__}/{model_name}-{model_version}/knowledge-{knowledge_hash()}"


def article_key(article: Article, version: str) -> str:
    payload = json.dumps([version, article.to_dict()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ExtractionCache:
    """SQLite store of extractions.

    ``None`` as the folder (``--no-cache``) gives SQLite's private temporary database: on disk
    beyond a small page cache and deleted when closed, so a build without a cache still keeps
    its extractions out of memory between the extraction and the two resolution passes.
    """

    def __init__(self, folder: Path | None, version: str) -> None:
        self.version = version
        self.folder = folder
        try:
            if folder is None:
                self.db = sqlite3.connect("")  # "" is a temporary on-disk database, not ":memory:"
            else:
                Path(folder).mkdir(parents=True, exist_ok=True)
                # concurrent builds sharing a cache take turns at writing (SQLite's own lock)
                self.db = sqlite3.connect(Path(folder) / "extractions.sqlite", timeout=BUSY_SECONDS)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(
                f"cannot open the cache in {folder}: {exc}",
                hint="delete the cache file (it is only a cache), choose another --cache-dir "
                "or pass --no-cache",
            ) from None
        self.hits = 0
        self.misses = 0

    def has(self, key: str) -> bool:
        with self._errors("read"):
            return (
                self.db.execute("SELECT 1 FROM extractions WHERE key = ?", (key,)).fetchone()
                is not None
            )

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """A full disk or a damaged file under the cache is the user's to fix: say how."""
        try:
            yield
        except sqlite3.Error as exc:
            where = (
                f"the cache in {self.folder}" if self.folder else "the temporary extraction store"
            )
            raise InputError(
                f"cannot {doing} {where}: {exc}",
                hint="free disk space, delete the cache file (it is only a cache), "
                "or choose another --cache-dir",
            ) from None

    def put(self, key: str, extraction: ArticleExtraction) -> None:
        data = json.dumps(extraction.to_dict(), ensure_ascii=False)
        with self._errors("write"):
            self.db.execute(
                "INSERT OR REPLACE INTO extractions (key, version, source, data) "
                "VALUES (?, ?, ?, ?)",
                (key, self.version, extraction.article.source, data),
            )
            self.db.commit()

    def get(self, key: str) -> ArticleExtraction:
        with self._errors("read"):
            row = self.db.execute("SELECT data FROM extractions WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return ArticleExtraction.from_dict(json.loads(row[0]))

    def iter(self, keys: list[str]) -> Iterator[ArticleExtraction]:
        """The extractions of ``keys``, in that order, one at a time."""
        for key in keys:
            yield self.get(key)

    def close(self) -> None:
        self.db.close()
