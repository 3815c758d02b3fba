"""The on-disk store: an export bulk-loaded once into a pyoxigraph (RocksDB) folder, then opened
read-only by every ``query --store`` and ``serve --store`` in milliseconds.

Parsing a graph of a million triples takes seconds and holds the graph in every query worker;
a store on disk is parsed once (``load_store_dir``) and each worker opens it read-only
(``StoreSource.open``), sharing the operating system's page cache.

A store folder holds ``actorgraph-store.json`` (the manifest: which generation is current,
and what it was loaded from: the source file's path, size, modification time and SHA-256, its
triple count), one ``generation-*`` folder of Oxigraph data per load, and beside each a
``views-generation-*`` folder with the named queries' answers computed at load (``views``),
which goes when its generation goes. A load writes a new
generation beside the current one and then replaces the manifest (``os.replace``, atomic):
a load that fails or is killed leaves the previous store as it was, and its half-written
generation is removed by the next load. Readers hold a shared lock on the generation they
opened, so a reload while ``serve --store`` runs never deletes the data under it; the old
generation goes at the first load after the server stops.

Loads into one folder are serialised by a lock on the folder. A folder that is neither empty
nor a store is refused, never written into: it may be anything of the user's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pyoxigraph

from ..errors import InputError, QueryError
from .named import named_queries
from .store import STORE_FORMATS, GraphSource, parse_failure, read_text
from .views import View, ViewProgress, read_views, write_views

LOGGER = logging.getLogger(__name__)

MANIFEST_NAME = "actorgraph-store.json"
GENERATION_PREFIX = "generation-"
VIEWS_PREFIX = "views-"  # + the generation's name: the named queries' answers for it
STORE_FORMAT_VERSION = 1
LOCK_WAIT_SECONDS = 60.0  # for another load into the same folder to finish
_LOAD_HINT = "load one with `actorgraph load GRAPH --store DIR`"


@dataclass(frozen=True)
class StoreInfo:
    """The manifest: what a store was loaded from and which generation holds it."""

    generation: str
    source: str  # the graph file's absolute path when it was loaded
    rdf_format: str
    size: int
    mtime_ns: int
    sha256: str
    triples: int
    loaded_at: str  # ISO 8601, UTC
    load_seconds: float
    pyoxigraph: str
    version: int = STORE_FORMAT_VERSION
    views: str = ""  # the folder of the named queries' stored answers (``views``); "" for none

    def describe(self) -> str:
        """One line for a terminal: triples, source file, its size and date, when loaded."""
        modified = dt.datetime.fromtimestamp(self.mtime_ns / 1e9, dt.timezone.utc)
        return (
            f"{self.triples:,} triples loaded from {self.source} "
            f"({self.size:,} bytes, modified {modified:%Y-%m-%d %H:%M:%S} UTC, "
            f"sha256 {self.sha256[:12]}) on {self.loaded_at}"
        )

    def staleness(self, store: Path) -> str | None:
        """A warning when the source file has changed since the load (size or time), or None.

        A source file that is gone is no warning: the store holds the graph by itself.
        """
        try:
            stat = os.stat(self.source)
        except OSError:
            return None
        if stat.st_size != self.size or stat.st_mtime_ns != self.mtime_ns:
            return (
                f"{self.source} was modified after it was loaded into the store; "
                f"reload it with `actorgraph load {self.source} --store {store}`"
            )
        return None


@dataclass(frozen=True)
class StoreSource:
    """An on-disk store, checked: what a query worker opens (it pickles to the worker)."""

    path: Path  # the store folder, as the user named it
    data: Path  # the current generation's Oxigraph folder
    info: StoreInfo

    @property
    def triples(self) -> int:
        return self.info.triples

    def views(self) -> dict[str, View]:
        """The named queries' answers stored at load, by ``views.view_key``."""
        return read_views(self.path / self.info.views) if self.info.views else {}

    def open(self) -> tuple[pyoxigraph.Store, int]:
        """The store, opened read-only, and its triple count (from the manifest: counting a
        million triples would cost a second at every start).

        Raises:
            QueryError: Oxigraph cannot open the folder (damaged, or written by another
                version).
        """
        try:
            store = pyoxigraph.Store.read_only(str(self.data))
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB's "Corruption: ..."
            raise QueryError(
                f"cannot open the store {self.path}: {parse_failure(exc)}",
                hint=f"it may be damaged or written by another pyoxigraph version; {_LOAD_HINT}",
            ) from None
        return store, self.info.triples


def open_store_dir(path: Path | str) -> tuple[StoreSource, contextlib.ExitStack]:
    """Check a store folder and hold a shared lock on its current generation.

    The lock (released by closing the returned ``ExitStack``) keeps a concurrent
    ``load`` from deleting the generation while it is in use.

    Raises:
        InputError: the folder does not exist or is not a folder.
        QueryError: the folder is not a store, or its manifest is damaged.
    """
    root = Path(path)
    if not root.exists():
        raise InputError(f"store {root} does not exist", hint=_LOAD_HINT)
    if not root.is_dir():
        raise InputError(f"store {root} is not a folder", hint=_LOAD_HINT)
    for _ in range(3):  # a load may swap generations between reading the manifest and locking
        info = read_manifest(root)
        data = root / info.generation
        held = contextlib.ExitStack()
        try:
            held.enter_context(_folder_lock(data, shared=True))
        except OSError:  # gone: removed by a load that has just replaced it, or never there
            held.close()
            if read_manifest(root).generation == info.generation:
                raise QueryError(
                    f"the store {root} is damaged: its data folder {info.generation} is missing",
                    hint=f"{_LOAD_HINT} again",
                ) from None
            continue
        if read_manifest(root).generation == info.generation:
            return StoreSource(path=root, data=data, info=info), held
        held.close()
    raise QueryError(
        f"the store {root} kept changing while it was opened", hint="retry when its load is done"
    )


def read_manifest(root: Path) -> StoreInfo:
    """The manifest of a store folder.

    Raises:
        QueryError: the folder has no manifest (it is not a store), or it is damaged.
    """
    manifest = root / MANIFEST_NAME
    if not manifest.is_file():
        raise QueryError(
            f"{root} is not an actorgraph store (it has no {MANIFEST_NAME})", hint=_LOAD_HINT
        )
    try:
        fields = json.loads(manifest.read_text(encoding="utf-8"))
        info = StoreInfo(**fields)
    except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise QueryError(
            f"the store manifest {manifest} is damaged: {parse_failure(exc)}",
            hint=f"{_LOAD_HINT} again",
        ) from None
    if info.version != STORE_FORMAT_VERSION or not info.generation.startswith(GENERATION_PREFIX):
        raise QueryError(
            f"the store {root} was written by another version of actorgraph",
            hint=f"{_LOAD_HINT} again",
        )
    return info


def load_store_dir(
    graph: Path | str,
    path: Path | str,
    *,
    views: bool = True,
    progress: ViewProgress | None = None,
) -> StoreInfo:
    """Bulk-load a graph file (.ttl, .jsonld, .nt, checked as ``query`` checks it) into the
    store folder ``path``, replacing what it held only once the new data is complete.

    With ``views``, every named query in graph/queries/ is run once on the new data and its
    answer stored with it (see ``views``); ``progress(name, rows, seconds)`` hears of each.

    Raises:
        InputError: the graph file does not exist.
        QueryError: the graph file is not valid RDF, or ``path`` is a file or a folder that is
            neither empty nor a store, or another load holds it too long, or the disk is full.
    """
    root = Path(path)
    _check_target(root)
    started = time.perf_counter()
    source = GraphSource.read(Path(graph))
    created = _make_folder(root)
    try:
        with _folder_lock(root, shared=False, wait=LOCK_WAIT_SECONDS):
            _check_target(root)  # again, now that it is ours
            _remove_unused_generations(root)
            info = _load_generation(root, source, started, views, progress)
            _remove_unused_generations(root)
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                root.rmdir()  # only if the failed load left it empty
        raise
    LOGGER.info("loaded %s into %s", info.describe(), root)
    return info


def _load_generation(
    root: Path,
    source: GraphSource,
    started: float,
    views: bool,
    progress: ViewProgress | None,
) -> StoreInfo:
    """Load into a new generation folder (and its views), then make it current; on any failure,
    remove both."""
    generation = _new_generation_name(root)
    data = root / generation
    answers = root / (VIEWS_PREFIX + generation)
    try:
        triples = _bulk_load(source, data)
        if views:
            _store_answers(data, answers, progress)
        info = _manifest_for(source, generation, triples, time.perf_counter() - started)
        if views:
            info = replace(info, views=answers.name)
        _write_manifest(root, info)
    except BaseException:
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(answers, ignore_errors=True)
        raise
    return info


def _store_answers(data: Path, folder: Path, progress: ViewProgress | None) -> None:
    """Run the named queries on the new data and keep their answers in ``folder``."""
    queries = {name: read_text(path, "query file") for name, path in named_queries().items()}
    try:
        write_views(pyoxigraph.Store.read_only(str(data)), folder, queries, progress)
    except OSError as exc:
        raise _write_failure(
            exc,
            f"the named queries' answers in {folder.parent}",
            "check free space, or load with --no-views",
        ) from None


def _write_failure(exc: OSError, what: str, hint: str) -> QueryError:
    """A load that could not write ``what``: a full disk says so; the old store is untouched."""
    if getattr(exc, "errno", None) == errno.ENOSPC:
        hint = "free some disk space"
    return QueryError(
        f"cannot write {what}: {parse_failure(exc)}",
        hint=hint + "; the store was left as it was",
    )


def _make_folder(root: Path) -> bool:
    """Create the store folder (and its parents); True when it did not exist before."""
    if root.is_dir():
        return False
    try:
        root.mkdir(parents=True)
    except FileExistsError:
        return False
    except OSError as exc:
        raise QueryError(
            f"cannot create the store folder {root}: {exc.strerror or exc}",
            hint="check the path and its permissions",
        ) from None
    return True


def _check_target(root: Path) -> None:
    """Refuse a file, or a folder with things in it that is not a store."""
    if root.exists() and not root.is_dir():
        raise QueryError(f"{root} is a file, not a store folder", hint="give a folder for --store")
    if root.is_dir() and not (root / MANIFEST_NAME).exists():
        try:
            has_content = any(root.iterdir())
        except OSError as exc:
            raise QueryError(
                f"cannot read the store folder {root}: {exc.strerror}",
                hint="check its permissions",
            ) from None
        if has_content:
            raise QueryError(
                f"{root} is not empty and is not an actorgraph store: nothing was written to it",
                hint="give a new or empty folder for --store, or an existing store to replace",
            )


def _bulk_load(source: GraphSource, data: Path) -> int:
    """Parse the checked text into a new Oxigraph folder; its triple count."""
    try:
        store = pyoxigraph.Store(str(data))
        store.bulk_load(
            input=source.text,
            format=STORE_FORMATS[source.rdf_format],
            base_iri=source.path.resolve().as_uri(),
        )
        store.flush()
        triples = len(store)
    except SyntaxError as exc:
        raise QueryError(
            f"cannot read {source.path} as {source.rdf_format}: {parse_failure(exc)}",
            hint="load a .ttl, .jsonld or .nt file written by `actorgraph build`; "
            "the store was left as it was",
        ) from None
    except OSError as exc:
        raise _write_failure(
            exc, f"the store in {data.parent}", "check the folder's permissions and free space"
        ) from None
    del store  # closes the database before the manifest names it
    return triples


def _manifest_for(source: GraphSource, generation: str, triples: int, seconds: float) -> StoreInfo:
    stat = source.path.stat()
    return StoreInfo(
        generation=generation,
        source=str(source.path.resolve()),
        rdf_format=source.rdf_format,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        sha256=hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).hexdigest(),
        triples=triples,
        loaded_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        load_seconds=round(seconds, 3),
        pyoxigraph=pyoxigraph.__version__,
    )


def _write_manifest(root: Path, info: StoreInfo) -> None:
    """Write the manifest beside the old one, flushed to disk, then swap it in (atomic)."""
    temporary = root / f".{MANIFEST_NAME}.{os.getpid()}.tmp"
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(asdict(info), handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, root / MANIFEST_NAME)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise QueryError(
            f"cannot write the store manifest in {root}: {exc.strerror or exc}",
            hint="check free space; the store was left as it was",
        ) from None


def _new_generation_name(root: Path) -> str:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    return f"{GENERATION_PREFIX}{stamp}-{os.getpid()}"


def _remove_unused_generations(root: Path) -> None:
    """Delete every generation the manifest does not name and no reader holds (under the load
    lock, so none is being written)."""
    manifest = root / MANIFEST_NAME
    current = read_manifest(root).generation if manifest.exists() else None
    for folder in root.glob(f"{GENERATION_PREFIX}*"):
        if folder.name == current or not folder.is_dir():
            continue
        try:
            with _folder_lock(folder, shared=False, wait=0.0):
                shutil.rmtree(folder)
        except QueryError:
            LOGGER.info("%s is still open by a query or server: kept for now", folder)
        except OSError as exc:
            LOGGER.warning("cannot remove the old store data %s: %s", folder, exc)
    for folder in root.glob(f"{VIEWS_PREFIX}*"):  # answers go with their generation's data
        if not (root / folder.name.removeprefix(VIEWS_PREFIX)).exists():
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _folder_lock(folder: Path, *, shared: bool, wait: float = 0.0) -> Iterator[None]:
    """Hold an flock on the folder itself (no lock file left behind); wait up to ``wait`` s.

    Raises:
        OSError: the folder cannot be opened (a shared lock on a removed generation).
        QueryError: the lock stayed taken for ``wait`` seconds.
    """
    import fcntl

    handle = os.open(folder, os.O_RDONLY)
    try:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                break
            except OSError:
                if shared:  # a load is removing this generation: wait for it to finish
                    fcntl.flock(handle, mode)
                    break
                if time.monotonic() >= deadline:
                    raise QueryError(
                        f"another actorgraph load is writing the store {folder}",
                        hint="wait for it to finish, or give another --store folder",
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        os.close(handle)
