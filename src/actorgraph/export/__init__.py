"""Exporters: one module per format, one signature, imported lazily.

Every exporter is ``write(graph, path) -> None``. ``export`` picks one from
the file suffix, so pyvis and rdflib load only when their format is asked
for, and writes through ``atomic_path`` so a failed export never leaves a
half-written or empty file behind.

A format name may have two parts (``nodes.csv``): ``graph.nodes.csv`` is the
Gephi node table, while a plain ``graph.csv`` writes both Gephi tables,
``graph.nodes.csv`` and ``graph.edges.csv`` (see ``export/tables.py``).
``actorgraph build`` writes the two tables as two formats, so each file it
reports is a file that exists.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx

from ..errors import ExportError

EXPORTERS = {
    "graphml": "actorgraph.export.graphml:write_graphml",
    "ttl": "actorgraph.export.rdf:write_turtle",
    "jsonld": "actorgraph.export.rdf:write_jsonld",
    "html": "actorgraph.export.html:write_html",
    "gexf": "actorgraph.export.gexf:write_gexf",
    "csv": "actorgraph.export.tables:write_tables",
    "nodes.csv": "actorgraph.export.tables:write_nodes_csv",
    "edges.csv": "actorgraph.export.tables:write_edges_csv",
}

DEFAULT_FORMATS = ("graphml", "ttl", "jsonld", "html", "gexf", "nodes.csv", "edges.csv")


def format_for(path: Path) -> str:
    """The format a path asks for: its last two suffixes when registered (``nodes.csv``),
    else its last."""
    path = Path(path)
    double = "".join(path.suffixes[-2:]).lstrip(".").lower()
    fmt = (
        double
        if len(path.suffixes) >= 2 and double in EXPORTERS
        else path.suffix.lstrip(".").lower()
    )
    if fmt not in EXPORTERS:
        raise ExportError(
            f"unknown export format {fmt!r} for {path}",
            hint=f"use one of: {', '.join(sorted(EXPORTERS))}",
        )
    return fmt


# Formats that write one statement per reading, so take every reading of the build's ReadingLog.
READING_FORMATS = {"ttl", "jsonld"}


def export(
    graph: nx.MultiDiGraph, path: Path, fmt: str | None = None, readings: Iterable | None = None
) -> Path:
    """Write ``graph`` to ``path`` in ``fmt`` (default: from the suffix).

    ``readings`` (the build's ``graph.ReadingLog``) gives the RDF formats every reading of
    every edge; the other formats, and RDF without it, read the edges' own ``provenance``.
    """
    fmt = fmt or format_for(path)
    module_name, func_name = EXPORTERS[fmt].split(":")
    writer = getattr(importlib.import_module(module_name), func_name)
    if readings is not None and fmt in READING_FORMATS:
        writer(graph, path, readings=readings)
    else:
        writer(graph, path)
    return path


STAGING_PREFIX = ".actorgraph-staging-"


def export_all(
    graph: nx.MultiDiGraph, out_dir: Path, formats: Iterable[str], readings: Iterable | None = None
) -> list[Path]:
    """Write ``out_dir/graph.<fmt>`` for each format, as one unit.

    Every format is first written into a hidden staging folder inside ``out_dir``; only when
    all of them are complete are they renamed into place, one rename each. A failed build (a
    full disk, an exporter error, Ctrl-C) leaves the previous set of exports whole and no
    temporary file; staging folders left by a killed build are removed by the next one.
    The RDF formats share one pass over the triples.
    """
    out_dir = Path(out_dir)
    names = {fmt: f"graph.{fmt}" for fmt in formats}
    for name in names.values():
        format_for(Path(name))  # an unknown format fails before anything is written
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as exc:
        raise ExportError(
            f"cannot write to {out_dir}: {exc.strerror or exc}", hint="choose another --out folder"
        ) from None
    try:
        staged = {fmt: staging / name for fmt, name in names.items()}
        _write_formats(graph, staged, readings)
        for fmt, path in staged.items():
            os.replace(path, out_dir / names[fmt])
    except OSError as exc:
        raise ExportError(
            f"cannot write the exports to {out_dir}: {exc.strerror or exc}",
            hint="check free disk space and that the --out folder is writable",
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / name for name in names.values()]


def _write_formats(
    graph: nx.MultiDiGraph, paths: dict[str, Path], readings: Iterable | None
) -> None:
    rdf = {fmt: path for fmt, path in paths.items() if fmt in READING_FORMATS}
    if len(rdf) > 1:
        from .rdf import write_rdf

        write_rdf(graph, rdf, readings)
    for fmt, path in paths.items():
        if fmt not in rdf or len(rdf) == 1:
            export(graph, path, fmt, readings=readings)


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        pid = folder.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
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


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
