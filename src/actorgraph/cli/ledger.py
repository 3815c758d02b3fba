"""``actorgraph ledger``: who claimed, denied, perpetrated or was blamed for each incident."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def ledger_command(
    graph: Annotated[
        Path,
        typer.Argument(
            help="A graph written by actorgraph build: its graph.graphml.", show_default=False
        ),
    ],
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            help="table (a block per incident), csv (a row per attribution) "
            "or json (an object per incident). Default: from --out's suffix (.csv, .json), "
            "else table.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Optional[Path],
        typer.Option(
            "--out",
            "-o",
            help="Write the ledger to this file (replaced whole, never half-written) "
            "instead of standard output.",
        ),
    ] = None,
    include_all: Annotated[
        bool,
        typer.Option(
            "--all", help="Also list events without any claim, denial, perpetrator or blame."
        ),
    ] = False,
    contested_only: Annotated[
        bool, typer.Option("--contested", help="Only the contested incidents.")
    ] = False,
) -> None:
    """List per incident who claimed, denied, perpetrated or was blamed (and by whom).

    Each attribution comes with the sentence it was read from and its document, and each
    incident with its date, place and fatalities. An incident is flagged CONTESTED when it has
    two or more claimants, a claim and a denial, or a claim and a blame of another actor (a
    denial and a blame of the same actor alone is not contested).

    Example: actorgraph ledger output/graph.graphml --format csv --out ledger.csv
    """
    from ..errors import InputError
    from ..ledger import OUTPUT_FORMATS, format_ledger, ledger, read_graph
    from . import QUIET

    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out else ""
        fmt = suffix if suffix in ("csv", "json") else "table"
    if fmt not in OUTPUT_FORMATS:
        raise InputError(
            f"unknown format {fmt!r}", hint=f"use --format {', '.join(OUTPUT_FORMATS)}"
        )
    entries = ledger(read_graph(graph), include_all=include_all, contested_only=contested_only)
    text = format_ledger(entries, fmt)
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from ..export import atomic_path

    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
    if not QUIET["on"]:
        contested = sum(entry.contested for entry in entries)
        typer.echo(f"wrote {out}: {len(entries)} incident(s), {contested} contested", err=True)
