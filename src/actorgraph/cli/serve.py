"""``actorgraph serve``: a read-only SPARQL endpoint over an exported graph, until Ctrl-C."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def serve_command(
    graph: Annotated[Path, typer.Argument(help="An exported graph: .ttl, .jsonld or .nt.", show_default=False)],
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="TCP port (0 picks a free one).")] = 7878,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; keep 127.0.0.1 unless others must reach it.")] = "127.0.0.1",
) -> None:
    """Serve GRAPH as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql until Ctrl-C.

    Example: actorgraph serve output/graph.ttl --port 7878
    """
    from ..server import serve

    server = serve(graph, host=host, port=port)
    typer.echo(f"SPARQL endpoint: {server.url}  (read-only; Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        server.server_close()
