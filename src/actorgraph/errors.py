"""The one error family users see.

The library raises these and never prints or exits; the CLI turns them into
an ``error:``/``hint:`` pair on stderr and an exit code. Anything that is not
an ``ActorgraphError`` is a bug and keeps its traceback.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Exit statuses of the ``actorgraph`` command."""

    SUCCESS = 0
    ERROR = 1  # bad input, bad query, failed export
    USAGE = 2  # typer/click's own code for a malformed command line
    INTERRUPTED = 130


class ActorgraphError(Exception):
    """Base of every error meant for a user: a message plus what to do about it."""

    code = "AG000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(ActorgraphError):
    """An input path or file that cannot be read as an article."""

    code = "AG100"


class ModelError(ActorgraphError):
    """The spaCy pipeline cannot be loaded."""

    code = "AG200"


class LexiconError(ActorgraphError):
    """A knowledge file under graph/ is missing or malformed."""

    code = "AG300"


class ExportError(ActorgraphError):
    """An export could not be written."""

    code = "AG400"


class QueryError(ActorgraphError):
    """A SPARQL query or the graph it runs on is invalid."""

    code = "AG500"


class ServerError(ActorgraphError):
    """The SPARQL endpoint cannot start (address in use, host not allowed)."""

    code = "AG600"
