"""``actorgraph load``: bulk-load an exported graph into an on-disk store for query and serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="DIR",
        help="A store folder written by `actorgraph load`: opened read-only at once, "
        "instead of parsing a graph file on every start.",
        show_default=False,
    ),
]


def load_command(
    graph: Annotated[
        Path, typer.Argument(help="An exported graph: .ttl, .jsonld or .nt.", show_default=False)
    ],
    store: Annotated[
        Path,
        typer.Option(
            "--store",
            metavar="DIR",
            help="The store folder: new, empty, or a store to replace "
            "(replaced only once the new load is complete).",
            show_default=False,
        ),
    ],
    views: Annotated[
        bool,
        typer.Option(
            "--views/--no-views",
            help="Run every named query (graph/queries/) once after the load and store its "
            "answer, which `query --store` and `serve --store` then send at once; the answer "
            "to any other query, or to a named query edited since, is computed as usual.",
        ),
    ] = True,
) -> None:
    """Bulk-load GRAPH into the on-disk store DIR, for `query --store` and `serve --store`.

    Example: actorgraph load output/graph.ttl --store output/graph.store
    """
    from ..query.disk import load_store_dir
    from . import QUIET

    def said(name: str, rows: int, seconds: float) -> None:
        if not QUIET["on"]:
            typer.echo(f"  stored the answer to {name}: {rows:,} rows in {seconds:.1f} s", err=True)

    info = load_store_dir(graph, store, views=views, progress=said)
    if not QUIET["on"]:
        typer.echo(
            f"loaded {info.triples:,} triples from {graph} into {store} "
            f"in {info.load_seconds:.1f} s",
            err=True,
        )
