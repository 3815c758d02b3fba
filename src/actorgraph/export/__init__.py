"""Exporters: one module per format, one signature, registered once, imported lazily.

``EXPORTERS`` maps each format to the function that writes it, as ``"module:function"``, so
pyvis and rdflib load only when their format is asked for. Every such writer has one
signature, ``write(graph, outs, readings=None, **options) -> None``: ``outs`` maps each format
it is asked for to an open stream (binary or UTF-8 text, as its ``Exporter`` says) and
``readings`` is the build's ``graph.ReadingLog`` (the RDF formats write one statement per
reading from it; the others read the edges' own ``provenance``); a writer ignores the
options of other formats (``max_nodes`` is the page's). Formats that share a writer
are written in one call: the RDF formats share one pass over the triples. Writers never open
files: ``write_files`` opens a temporary file beside each target and renames it over the
target only when every writer has finished, so a failed export never leaves a half-written or
empty file behind. Each writer's module also has a ``write_<format>(graph, path)`` for callers
that write one file; it goes through ``export``.

A format may name several files (``BUNDLES``): ``graph.csv`` writes both Gephi tables,
``graph.nodes.csv`` and ``graph.edges.csv`` (see ``export/tables.py``), both or neither.
A format name may have two parts (``nodes.csv``): ``graph.nodes.csv`` is the node table alone.
``actorgraph build`` writes the two tables as two formats, so each file it reports is a file
that exists.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx

from ..errors import ExportError


@dataclass(frozen=True)
class Exporter:
    """How one format is written: the function that writes it and how its stream is opened."""

    writer: str  # "module:function", imported when the format is first written
    binary: bool = False  # a binary stream; else UTF-8 text, written as given (no newline mapping)


EXPORTERS = {
    "graphml": Exporter("actorgraph.export.graphml:write", binary=True),
    "gexf": Exporter("actorgraph.export.gexf:write", binary=True),
    "nodes.csv": Exporter("actorgraph.export.tables:write"),
    "edges.csv": Exporter("actorgraph.export.tables:write"),
    "ttl": Exporter("actorgraph.export.rdf:write_rdf"),
    "jsonld": Exporter("actorgraph.export.rdf:write_rdf"),
    "html": Exporter("actorgraph.export.html:write"),
    "geojson": Exporter("actorgraph.export.geojson:write"),
}

# Formats that are several files, written together (all or none), beside the path asked for.
BUNDLES = {"csv": ("nodes.csv", "edges.csv")}

DEFAULT_FORMATS = ("graphml", "ttl", "jsonld", "html", "gexf", "nodes.csv", "edges.csv", "geojson")

Writer = Callable[..., None]  # write(graph, outs, readings=None, **options) -> None


def format_for(path: Path) -> str:
    """The format a path asks for: its last two suffixes when registered (``nodes.csv``),
    else its last."""
    path = Path(path)
    formats = {*EXPORTERS, *BUNDLES}
    double = "".join(path.suffixes[-2:]).lstrip(".").lower()
    fmt = (
        double if len(path.suffixes) >= 2 and double in formats else path.suffix.lstrip(".").lower()
    )
    if fmt not in formats:
        raise ExportError(
            f"unknown export format {fmt!r} for {path}",
            hint=f"use one of: {', '.join(sorted(formats))}",
        )
    return fmt


def file_paths(path: Path, fmt: str) -> dict[str, Path]:
    """The file of each format that ``fmt`` at ``path`` writes: ``path`` itself, or each part
    of a bundle beside it (``graph.csv`` -> ``graph.nodes.csv``, ``graph.edges.csv``; a path
    already ending in one part names the same set)."""
    path = Path(path)
    if fmt not in BUNDLES:
        return {fmt: path}
    parts = BUNDLES[fmt]
    stem = path.name
    for suffix in [f".{part}" for part in parts] + [f".{fmt}"]:
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    return {part: path.with_name(f"{stem}.{part}") for part in parts}


def export(
    graph: nx.MultiDiGraph,
    path: Path,
    fmt: str | None = None,
    readings: Iterable | None = None,
    **options: Any,
) -> Path:
    """Write ``graph`` to ``path`` in ``fmt`` (default: from the suffix), atomically.

    ``readings`` (the build's ``graph.ReadingLog``) gives the RDF formats every reading of
    every edge; ``options`` go to the format's writer (``max_nodes`` for the page).
    """
    fmt = fmt or format_for(path)
    write_files(graph, file_paths(path, fmt), readings, **options)
    return path


def write_files(
    graph: nx.MultiDiGraph,
    paths: Mapping[str, Path],
    readings: Iterable | None = None,
    **options: Any,
) -> None:
    """Write each format of ``paths`` ({format: file}) to its file, all of them or none.

    Each writer is called once, with a stream for each of its formats: each stream is a
    temporary file beside its target, renamed over it only when every writer has finished.
    A failure (a writer's error, a full disk, Ctrl-C) removes every temporary file and
    leaves the targets as they were.

    Raises:
        ExportError: a file cannot be written (``atomic_path``), or a writer refused the graph.
    """
    groups: dict[str, dict[str, Path]] = {}
    for fmt, path in paths.items():
        groups.setdefault(EXPORTERS[fmt].writer, {})[fmt] = Path(path)
    with contextlib.ExitStack() as stack:
        for target, group in groups.items():
            outs = {
                fmt: stack.enter_context(_temporary_stream(path, EXPORTERS[fmt]))
                for fmt, path in group.items()
            }
            _writer(target)(graph, outs, readings, **options)


def _writer(target: str) -> Writer:
    """The registered function, looked up at each write (so a test can replace it)."""
    module_name, func_name = target.split(":")
    return getattr(importlib.import_module(module_name), func_name)


@contextlib.contextmanager
def _temporary_stream(path: Path, exporter: Exporter) -> Iterator[IO[Any]]:
    """An open temporary file beside ``path``, renamed over it when the block succeeds."""
    with atomic_path(path) as tmp:
        if exporter.binary:
            with tmp.open("wb") as out:
                yield out
        else:
            with tmp.open("w", encoding="utf-8", newline="") as out:
                yield out


STAGING_PREFIX = ".actorgraph-staging-"


def export_all(
    graph: nx.MultiDiGraph, out_dir: Path, formats: Iterable[str], readings: Iterable | None = None
) -> list[Path]:
    """Write ``out_dir/graph.<fmt>`` for each format, as one unit.

    Every format is first written into a hidden staging folder inside ``out_dir``; only when
    all of them are complete are they renamed into place, one rename each. A failed build (a
    full disk, an exporter error, Ctrl-C) leaves the previous set of exports whole and no
    temporary file; staging folders left by a killed build are removed by the next one.
    The RDF formats share one pass over the triples. A bundle (``csv``) is its files.
    """
    out_dir = Path(out_dir)
    names: dict[str, str] = {}
    for fmt in formats:
        asked = Path(f"graph.{fmt}")
        format_for(asked)  # an unknown format fails before anything is written
        names.update({part: path.name for part, path in file_paths(asked, fmt).items()})
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as exc:
        raise ExportError(
            f"cannot write to {out_dir}: {exc.strerror or exc}", hint="choose another --out folder"
        ) from None
    try:
        write_files(graph, {fmt: staging / name for fmt, name in names.items()}, readings)
        for name in names.values():
            os.replace(staging / name, out_dir / name)
    except OSError as exc:
        raise ExportError(
            f"cannot write the exports to {out_dir}: {exc.strerror or exc}",
            hint="check free disk space and that the --out folder is writable",
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / name for name in names.values()]


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        pid = folder.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid.isascii() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


LOCK_WAIT_SECONDS = 600.0


@contextlib.contextmanager
def out_dir_lock(out_dir: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold ``out_dir`` while one build writes its exports: a second build into the same folder
    waits its turn (at most ``wait`` seconds, then is refused with a clear message), so two
    sets of exports never interleave."""
    import fcntl
    import time

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(out_dir, os.O_RDONLY)  # the folder itself is the lock: no file left behind
    except OSError as exc:
        raise ExportError(
            f"cannot write to {out_dir}: {exc.strerror or exc}", hint="choose another --out folder"
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise ExportError(
                        f"another actorgraph build is writing to {out_dir}",
                        hint="wait for it to finish, or give this build another --out folder",
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        os.close(handle)


_TEMP_NAME_HEAD = 96  # bytes of the real file name kept in its temporary's name


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The temporary name adds ~14 characters to the real one; a name near the file
        # system's 255-byte limit would then fail, so only its head names the temporary.
        head = path.name.encode()[:_TEMP_NAME_HEAD].decode(errors="ignore")
        fd, tmp = tempfile.mkstemp(prefix=f".{head}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(
            f"cannot write to {path.parent}: {exc.strerror}", hint="choose another --out folder"
        ) from None
    os.close(fd)
    tmp_path = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp_path, 0o666 & ~umask)  # mkstemp makes 0600; an export is an ordinary file
        yield tmp_path
        os.replace(tmp_path, path)
    except OSError as exc:
        raise ExportError(
            f"cannot write {path}: {exc.strerror or exc}",
            hint="check free disk space and that the --out folder is writable",
        ) from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
