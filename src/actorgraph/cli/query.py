"""``actorgraph query``: SPARQL over an exported graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
        Path, typer.Argument(help="An exported graph: .ttl, .jsonld or .nt.", show_default=False)
    ],
    sparql: Annotated[
        str,
        typer.Argument(
            help="SPARQL text, a .rq file, or the name of a query in graph/queries "
            "(claims, factions, events_by_place_month, positions, provenance). "
            "Prefixes ag:, schema:, rdf:, rdfs:, xsd:, prov: are predeclared.",
            show_default=False,
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    query_timeout: QueryTimeout = DEFAULT_QUERY_TIMEOUT,
    query_memory: QueryMemory = DEFAULT_QUERY_MEMORY_MB,
) -> None:
    """Run a SPARQL query on GRAPH and print the result.

    Example: actorgraph query output/graph.ttl claims --format csv
    """
    from ..errors import QueryError
    from ..query import format_result, run_query

    if fmt not in ("table", "csv", "json"):
        raise QueryError(f"unknown format {fmt!r}", hint="use --format table, csv or json")
    result = run_query(graph, sparql, timeout=query_timeout, memory_mb=query_memory)
    text = format_result(result, fmt)
    typer.echo(text, nl=not text.endswith("\n"))
