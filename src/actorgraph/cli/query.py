"""``actorgraph query``: SPARQL over an exported graph, or over a store written by ``load``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .load import StoreOption

# Shared with `actorgraph serve` (the numbers are actorgraph.query's defaults, kept here so
# --help works without importing pyoxigraph).
QueryTimeout = Annotated[
    float,
    typer.Option(
        "--query-timeout",
        min=0.1,
        metavar="SECONDS",
        help="Stop a query that runs longer than this "
        "(it runs in a worker process, which is killed).",
    ),
]
QueryMemory = Annotated[
    int,
    typer.Option(
        "--query-memory",
        min=16,
        metavar="MB",
        help="Stop a query that needs more memory than this, beyond the loaded graph.",
    ),
]
DEFAULT_QUERY_TIMEOUT = 5.0
DEFAULT_QUERY_MEMORY_MB = 1024


def query_command(
    graph: Annotated[
        str | None,
        typer.Argument(
            metavar="GRAPH",
            help="An exported graph: .ttl, .jsonld or .nt (left out with --store).",
            show_default=False,
        ),
    ] = None,
    sparql: Annotated[
        str | None,
        typer.Argument(
            metavar="SPARQL",
            help="SPARQL text, a .rq file, or the name of a query in graph/queries "
            "(claims, ledger, provenance, positions, factions, events_by_place_month...). "
            "Prefixes ag:, schema:, rdf:, rdfs:, xsd:, prov: are predeclared.",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    query_timeout: QueryTimeout = DEFAULT_QUERY_TIMEOUT,
    query_memory: QueryMemory = DEFAULT_QUERY_MEMORY_MB,
) -> None:
    """Run a SPARQL query on GRAPH (or on the store DIR) and print the result.

    Examples: actorgraph query output/graph.ttl claims --format csv;
    actorgraph query --store output/graph.store claims
    """
    from ..errors import QueryError
    from ..query import format_result, run_query

    if fmt not in ("table", "csv", "json"):
        raise QueryError(f"unknown format {fmt!r}", hint="use --format table, csv or json")
    target, text = _target_and_query(graph, sparql, store)
    if store is not None:
        say_what_the_store_holds(store)
        if fmt == "csv" and _printed_as_stored(store, text):
            return
    result = run_query(
        target, text, store=store is not None, timeout=query_timeout, memory_mb=query_memory
    )
    output = format_result(result, fmt)
    typer.echo(output, nl=not output.endswith("\n"))


def _printed_as_stored(store: Path, text: str) -> bool:
    """Print the CSV stored at load for a named query, if there is one, straight to stdout."""
    from ..query import copy_stored_csv

    out = typer.get_binary_stream("stdout")
    sys.stdout.flush()
    try:
        return copy_stored_csv(store, text, out)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return True


def _target_and_query(
    graph: str | None, sparql: str | None, store: Path | None
) -> tuple[Path, str]:
    """What to query and the query: ``GRAPH SPARQL``, or ``--store DIR SPARQL``.

    A wrong combination is a usage error (exit status 2), as a missing argument always was.
    """
    if store is not None:
        if graph is not None and sparql is not None:
            raise typer.BadParameter(
                "give either a graph file or --store, not both "
                "(actorgraph query --store DIR claims)"
            )
        query = sparql if sparql is not None else graph
        if query is None:
            raise typer.BadParameter("no query given (actorgraph query --store DIR claims)")
        return store, query
    if graph is None or sparql is None:
        raise typer.BadParameter(
            "give a graph file and a query (actorgraph query output/graph.ttl claims), "
            "or --store DIR and a query"
        )
    return Path(graph), sparql


def say_what_the_store_holds(store: Path) -> None:
    """On stderr: which file the store was loaded from, and whether that file changed since."""
    from ..query import read_manifest
    from . import QUIET

    if not store.is_dir():
        return  # the query itself says what is wrong with it
    info = read_manifest(store)
    if not QUIET["on"]:
        stored = "; named queries answered as stored at load" if info.views else ""
        typer.echo(f"store {store}: {info.describe()}{stored}", err=True)
    stale = info.staleness(store)
    if stale and not QUIET["on"]:
        typer.secho(f"warning: {stale}", err=True, fg=typer.colors.YELLOW)
