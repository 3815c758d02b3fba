"""A time budget per article, so one pathological text cannot stall a corpus.

The budget is a real-time interval timer (``SIGALRM``): when it runs out, the
article in progress raises ``ArticleTimeout`` wherever it is, in a rule or in
the parser's Python code, and the caller reports that article and goes on.
Signals reach only the main thread, so elsewhere (a thread of a server, say)
the budget does nothing and says so once in the log; worker processes run
their chunks in their own main thread and are covered.
``ArticleTimeout`` derives from ``BaseException`` so that no ``except
Exception`` inside a rule can swallow it.
"""

from __future__ import annotations

import logging
import signal
import threading

logger = logging.getLogger(__name__)


class ArticleTimeout(BaseException):
    """The article in progress ran over its budget."""


class ArticleBudget:
    """Arms and disarms the timer around each article; ``None`` seconds means no limit."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if seconds and seconds > 0 else None
        self._armed = False
        self._previous = None
        if self.seconds and not _can_signal():
            logger.info("no per-article time limit outside the main thread")
            self.seconds = None

    def start(self) -> None:
        """Start (or restart) the current article's clock."""
        if self.seconds is None:
            return
        if not self._armed:
            self._previous = signal.signal(signal.SIGALRM, _on_alarm)
            self._armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> None:
        """Disarm the timer and give SIGALRM back to whoever had it."""
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._armed = False


def _on_alarm(signum, frame) -> None:
    raise ArticleTimeout()


def _can_signal() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def failure_reason(exc: BaseException, budget: ArticleBudget | None = None) -> str:
    """One line for the build summary: the time-out, or the exception and where it was raised."""
    if isinstance(exc, ArticleTimeout):
        limit = f" of {budget.seconds:g} s" if budget and budget.seconds else ""
        return f"extraction ran over its time limit{limit} (--article-timeout)"
    where = ""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        code = tb.tb_frame.f_code
        where = f" in {code.co_name} ({code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno})"
    message = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"extraction failed: {type(exc).__name__}{': ' + message if message else ''}{where}"
