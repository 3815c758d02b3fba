"""``actorgraph query``: SPARQL over an exported graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def query_command(
    graph: Annotated[Path, typer.Argument(help="An exported graph: .ttl, .jsonld or .nt.", show_default=False)],
    sparql: Annotated[str, typer.Argument(
        help="SPARQL text, a .rq file, or the name of a query in graph/queries (claims, factions, "
             "events_by_place_month, positions, provenance). Prefixes ag:, schema:, rdf:, rdfs:, xsd:, prov: are predeclared.",
        show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Run a SPARQL query on GRAPH and print the result.

    Example: actorgraph query output/graph.ttl claims --format csv
    """
    from ..errors import QueryError
    from ..query import format_result, run_query

    if fmt not in ("table", "csv", "json"):
        raise QueryError(f"unknown format {fmt!r}", hint="use --format table, csv or json")
    text = format_result(run_query(graph, sparql), fmt)
    typer.echo(text, nl=not text.endswith("\n"))
