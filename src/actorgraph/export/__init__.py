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
    """The format a path asks for: its last two suffixes when registered (``nodes.csv``), else its last."""
    path = Path(path)
    double = "".join(path.suffixes[-2:]).lstrip(".").lower()
    fmt = double if len(path.suffixes) >= 2 and double in EXPORTERS else path.suffix.lstrip(".").lower()
    if fmt not in EXPORTERS:
        raise ExportError(
            f"unknown export format {fmt!r} for {path}",
            hint=f"use one of: {', '.join(sorted(EXPORTERS))}",
        )
    return fmt


# Formats that write one statement per reading, so take every reading of the build's ReadingLog.
READING_FORMATS = {"ttl", "jsonld"}


def export(graph: nx.MultiDiGraph, path: Path, fmt: str | None = None, readings: Iterable | None = None) -> Path:
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


def export_all(graph: nx.MultiDiGraph, out_dir: Path, formats: Iterable[str],
               readings: Iterable | None = None) -> list[Path]:
    """Write ``out_dir/graph.<fmt>`` for each format; the RDF formats share one pass over the triples."""
    paths = {fmt: Path(out_dir) / f"graph.{fmt}" for fmt in formats}
    for fmt in paths:
        format_for(paths[fmt])  # an unknown format fails before anything is written
    rdf = {fmt: path for fmt, path in paths.items() if fmt in READING_FORMATS}
    if len(rdf) > 1:
        from .rdf import write_rdf

        write_rdf(graph, rdf, readings)
    for fmt, path in paths.items():
        if fmt not in rdf or len(rdf) == 1:
            export(graph, path, fmt, readings=readings)
    return list(paths.values())


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write to {path.parent}: {exc.strerror}",
                          hint="choose another --out folder") from None
    os.close(fd)
    tmp_path = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp_path, 0o666 & ~umask)  # mkstemp makes 0600; an export is an ordinary file
        yield tmp_path
        os.replace(tmp_path, path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}",
                          hint="check free disk space and that the --out folder is writable") from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
