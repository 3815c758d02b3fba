"""The ``actorgraph`` command: thin typer wrappers over the library.

Library code raises ``ActorgraphError``; this module alone turns those into
an ``error:``/``hint:`` pair on stderr and an exit code. Data goes to stdout
(so ``actorgraph query ... --format csv | ...`` works); progress and summaries
go to stderr.
"""

from __future__ import annotations

import logging
import sys

import typer

from .. import __version__
from ..errors import ActorgraphError, ExitCode
from .build import build_command
from .ledger import ledger_command
from .load import load_command
from .query import query_command
from .serve import serve_command
from .validate import validate_command

QUIET = {"on": False}  # -q: only errors on stderr (read by the commands' summaries)

app = typer.Typer(
    name="actorgraph",
    help="Turn news articles into an actor-and-event knowledge graph "
    "(GraphML, RDF, interactive HTML).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
app.command("build")(build_command)
app.command("query")(query_command)
app.command("validate")(validate_command)
app.command("serve")(serve_command)
app.command("ledger")(ledger_command)
app.command("load")(load_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"actorgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help="More log output (-vv for debug)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
) -> None:
    """Turn news articles into an actor-and-event knowledge graph.

    Example: actorgraph build seeds/ --out output/
    """
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    QUIET["on"] = quiet
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def main() -> None:
    """Entry point: run the app, turning user errors into a message and an exit code."""
    try:
        status = app(standalone_mode=False)
    except ActorgraphError as error:
        typer.secho(f"error: {error.message}", err=True, fg=typer.colors.RED)
        if error.hint:
            typer.echo(f"hint: {error.hint}", err=True)
        sys.exit(ExitCode.ERROR)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except KeyboardInterrupt:
        typer.echo("interrupted: no export was left half-written", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as error:
        # Usage errors come from the click that typer vendors (typer._click), not the click
        # package, so they are recognised by what they offer rather than by their class.
        if type(error).__name__ == "NoArgsIsHelpError":
            sys.exit(ExitCode.SUCCESS)
        if callable(getattr(error, "show", None)) and isinstance(
            getattr(error, "exit_code", None), int
        ):
            error.show()
            sys.exit(error.exit_code)
        raise
    # In non-standalone mode typer returns the exit code of typer.Exit and of Ctrl-C (130).
    if isinstance(status, int) and status:
        if status == ExitCode.INTERRUPTED:
            typer.echo("interrupted: no export was left half-written", err=True)
        sys.exit(status)
