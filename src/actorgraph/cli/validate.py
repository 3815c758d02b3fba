"""``actorgraph validate``: check an RDF export against the graph contract (graph/shapes.ttl)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def validate_command(
    graph: Annotated[
        Path, typer.Argument(help="An exported graph: .ttl, .jsonld or .nt.", show_default=False)
    ],
) -> None:
    """Validate GRAPH against the SHACL shapes of the graph contract; print each violation.

    Exits 0 when the graph conforms, 1 when it does not (or cannot be read).

    Example: actorgraph validate output/graph.ttl
    """
    from ..errors import ExitCode
    from ..validate import format_violation, validate_graph
    from . import QUIET

    report = validate_graph(graph)
    for violation in report.violations:
        typer.echo(format_violation(violation))
    if report.conforms:
        if not QUIET["on"]:
            typer.echo(f"{graph}: conforms to the graph contract (graph/shapes.ttl)", err=True)
        return
    count = len(report.violations)
    focuses = len({violation["focus"] for violation in report.violations})
    typer.echo(
        f"{graph}: does not conform: {count} violation{'s' * (count != 1)} "
        f"on {focuses} resource{'s' * (focuses != 1)}",
        err=True,
    )
    raise typer.Exit(code=ExitCode.ERROR)
