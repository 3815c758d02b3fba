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
) -> None:
    """Bulk-load GRAPH into the on-disk store DIR, for `query --store` and `serve --store`.

    Example: actorgraph load output/graph.ttl --store output/graph.store
    """
    from ..query.disk import load_store_dir
    from . import QUIET

    info = load_store_dir(graph, store)
    if not QUIET["on"]:
        typer.echo(
            f"loaded {info.triples:,} triples from {graph} into {store} "
            f"in {info.load_seconds:.1f} s",
            err=True,
        )
