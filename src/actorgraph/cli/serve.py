"""``actorgraph serve``: a read-only SPARQL endpoint over an exported graph (or a store written by
``actorgraph load``), until Ctrl-C."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .load import StoreOption
from .query import (
    DEFAULT_QUERY_MEMORY_MB,
    DEFAULT_QUERY_TIMEOUT,
    QueryMemory,
    QueryTimeout,
    say_what_the_store_holds,
)


def serve_command(
    graph: Annotated[
        Path | None,
        typer.Argument(
            help="An exported graph: .ttl, .jsonld or .nt (left out with --store).",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, help="TCP port (0 picks a free one).")
    ] = 7878,
    host: Annotated[
        str,
        typer.Option(
            "--host", help="Address to listen on; keep 127.0.0.1 unless others must reach it."
        ),
    ] = "127.0.0.1",
    query_timeout: QueryTimeout = DEFAULT_QUERY_TIMEOUT,
    query_memory: QueryMemory = DEFAULT_QUERY_MEMORY_MB,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Query worker processes, each holding the graph: queries that can run at once.",
        ),
    ] = 2,
) -> None:
    """Serve GRAPH (or the store DIR) as a read-only SPARQL 1.1 endpoint at
    http://HOST:PORT/sparql until Ctrl-C.

    Examples: actorgraph serve output/graph.ttl --port 7878;
    actorgraph serve --store output/graph.store
    """
    from ..query.server import serve

    if (graph is None) == (store is None):  # a usage error (exit status 2)
        raise typer.BadParameter(
            "give a graph file or --store DIR, one of them "
            "(actorgraph serve output/graph.ttl, or actorgraph serve --store DIR)"
        )
    if store is not None:
        say_what_the_store_holds(store)
    server = serve(
        store if store is not None else graph,
        store=store is not None,
        host=host,
        port=port,
        query_timeout=query_timeout,
        workers=workers,
        memory_mb=query_memory,
    )
    typer.echo(f"SPARQL endpoint: {server.url}  (read-only; Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        server.server_close()
