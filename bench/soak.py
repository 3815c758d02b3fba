"""Soak run: extraction over thousands of real documents, counting crashes, hangs and speed.

    python bench/soak.py [--corpora dwie muc4 ...] [--limit 300] [--timeout 20]
                         [--corpora-dir /work/corpora] [--report soak.jsonl] [--shrink]

Reads the real-text corpora of ``bench/corpora.py`` (kept outside the repository) and runs
each document through ``actorgraph.extract.extract`` in a child process, one article per
call, with the library's per-article guard (``article_timeout``). The soak itself never
hangs: the parent gives the child a hard wall-clock budget per article (the timeout plus a
grace) and kills and restarts it when a hang in C code, a deadlock or a crash of the
interpreter leaves it silent. Prints one row per corpus and, below the table, each distinct
failure (exception type and where it was raised) with an example document; ``--report``
writes every failure with its full traceback as JSON lines, ``--shrink`` cuts each distinct
failure's example down to a minimal text that still fails the same way.

``ACTORGRAPH_SRC=/path/to/src`` runs another checkout's code (e.g. ``git archive HEAD src graph``
unpacked in /tmp, so edits in progress in the working tree do not change the figures).

Column meanings: crashes = an exception in extraction (or the child dying), hangs = the
library's time-out plus the watchdog's kills, lost = no outcome yielded for the document,
empty = no entity found, offsets = documents with a statement whose evidence is not
``text[start:end]``, words/s = words of
the documents extracted over the seconds spent in extraction (one article per call, so
somewhat below the batched pipeline's figure).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import multiprocessing
import os
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(
    os.environ.get("ACTORGRAPH_SRC") or ROOT / "src"
)  # another checkout's src/, e.g. a HEAD snapshot
for _path in (SRC, Path(__file__).resolve().parent):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from actorgraph.model import Article  # noqa: E402

DEFAULT_TIMEOUT = 20.0
GRACE = 15.0  # seconds the watchdog adds to the library's own time-out before killing the child
LOAD_TIMEOUT = 180.0  # seconds the child may take to load the model
MEMORY_LIMIT_MB = (
    6000  # address-space limit of the child: runaway memory is a crash, not an OOM kill
)

Result = dict[str, Any]


# ------------------------------------------------------------------------------------------------
# In the child: extraction with tracebacks
# ------------------------------------------------------------------------------------------------


class _FailureLog(logging.Handler):
    """Keeps the exc_info the guard logs at debug level when it turns an exception into a
    failure."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.last: tuple | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.last = record.exc_info


def frames_of(tb) -> list[str]:
    """``file:function:line`` for every frame of a traceback, innermost last."""
    return [f"{Path(f.filename).name}:{f.name}:{f.lineno}" for f in traceback.extract_tb(tb)]


def check_extraction(extraction: Any) -> list[str]:
    """Offsets point into the article's text: each statement's evidence is text[start:end]."""
    text = extraction.article.text
    problems = []
    for st in extraction.statements:
        if not (0 <= st.start <= st.end <= len(text)) or text[st.start : st.end] != st.evidence:
            problems.append(
                f"statement {st.subject} {st.relation} {st.object}: evidence {st.evidence[:60]!r} "
                f"is not text[{st.start}:{st.end}] = {text[st.start : st.end][:60]!r}"
            )
    return problems


def raw_extract(article: Article, nlp) -> Any:
    """The extraction of one article without the library's guard, so an exception propagates
    with its traceback (used to explain a failure the guard reported)."""
    from actorgraph.extract import read_article, split_units
    from actorgraph.extract.entities import Unit

    units = split_units(article.text)
    docs = nlp.pipe([line for _, line in units])
    return read_article(
        article, [Unit(offset, doc, line) for (offset, line), doc in zip(units, docs)]
    )


def _describe_exception(exc: BaseException) -> Result:
    return {
        "exc_type": type(exc).__name__,
        "message": str(exc).splitlines()[0][:300] if str(exc) else "",
        "frames": frames_of(exc.__traceback__),
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    }


class Extractor:
    """What the child does with one article: the guarded library call, else a bare try/except."""

    def __init__(self, timeout: float | None) -> None:
        from actorgraph.extract import extract, load_nlp

        self.nlp = load_nlp()
        self.extract = extract
        self.timeout = timeout
        self.log = _FailureLog()
        logging.getLogger("actorgraph.extract").addHandler(self.log)
        logging.getLogger("actorgraph.extract").setLevel(logging.DEBUG)
        try:
            from actorgraph.model import ExtractionFailure
        except ImportError:
            ExtractionFailure = None  # noqa: N806
        import inspect

        self.guarded = (
            ExtractionFailure is not None
            and "article_timeout" in inspect.signature(extract).parameters
        )
        self.failure_type = ExtractionFailure

    def outcomes(self, articles: list[Article]) -> list[Result]:
        """One result per article, in order (the articles go through one ``extract`` call)."""
        return [result for result, _ in self.run(articles)]

    def run(self, articles: list[Article]) -> list[tuple[Result, Any]]:
        """(result, outcome) per article, in order; outcome is the library's object or None."""
        pairs: list[tuple[Result, Any]] = []
        start = time.perf_counter()
        self.log.last = None
        if self.guarded:
            produced = self.extract(articles, self.nlp, article_timeout=self.timeout)
        else:
            produced = self.extract(articles, self.nlp)
        try:
            for outcome in produced:
                now = time.perf_counter()
                pairs.append((self._result(outcome, now - start), outcome))
                start = now
        except BaseException as exc:  # no guard (or the guard itself failed): the rest are lost
            failed = _describe_exception(exc)
            failed.update(
                status="error",
                reason=f"{type(exc).__name__}: {failed['message']}",
                seconds=time.perf_counter() - start,
                unguarded=True,
            )
            pairs.append((failed, None))
        if len(pairs) < len(articles):
            missing = {
                "status": "lost",
                "reason": "extract() yielded no outcome for this article",
                "seconds": 0.0,
            }
            pairs += [(dict(missing), None) for _ in range(len(articles) - len(pairs))]
        elif len(pairs) > len(articles):
            pairs[len(articles) :] = []
            pairs[-1] = (
                {
                    "status": "error",
                    "reason": "extract() yielded more outcomes than articles",
                    "seconds": 0.0,
                },
                None,
            )
        for article, (result, _) in zip(articles, pairs):
            if result["status"] == "error" and "frames" not in result:
                result.update(self._explain(article))
        return pairs

    def _result(self, outcome: Any, seconds: float) -> Result:
        if self.failure_type is not None and isinstance(outcome, self.failure_type):
            result: Result = {
                "status": "timeout" if outcome.kind == "timeout" else "error",
                "reason": outcome.reason,
                "seconds": seconds,
            }
            logged, self.log.last = self.log.last, None
            if (
                logged is not None
                and result["status"] == "error"
                and isinstance(logged[1], Exception)
            ):
                result.update(_describe_exception(logged[1]))
            return result
        return {
            "status": "ok",
            "seconds": seconds,
            "entities": len(outcome.entities),
            "events": len(outcome.events),
            "statements": len(outcome.statements),
            "offsets": check_extraction(outcome)[:3],
        }

    def _explain(self, article: Article) -> Result:
        """Run the failed article again without the guard to get its traceback."""
        try:
            raw_extract(article, self.nlp)
        except BaseException as exc:
            return _describe_exception(exc)
        return {"exc_type": "?", "frames": [], "message": "did not fail again without the guard"}


def _child(conn, timeout: float | None, memory_mb: int, setup: str | None) -> None:
    """The child process: load the model once, then answer requests until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        extractor = Extractor(timeout)
        handlers: dict[str, Callable] = {"extract": extractor.outcomes}
        if setup:  # e.g. "fuzz:register": a module that adds request kinds of its own
            module, func = setup.split(":")
            handlers.update(getattr(__import__(module), func)(extractor))
        conn.send(("ready", {"guarded": extractor.guarded}))
    except BaseException as exc:
        conn.send(("failed", _describe_exception(exc)))
        return
    while True:
        try:
            kind, payload = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if kind == "quit":
            return
        try:
            conn.send(("done", handlers[kind](payload)))
        except BaseException as exc:
            conn.send(("raised", _describe_exception(exc)))


# ------------------------------------------------------------------------------------------------
# In the parent: the watchdog
# ------------------------------------------------------------------------------------------------


class Child:
    """A worker process with the model loaded, and a hard wall-clock limit on every request.

    ``request`` returns ``("done", value)``, ``("raised", description)`` for an exception the
    handler let out, ``("killed", seconds)`` when the child did not answer in time (it is then
    killed and the next request starts a new one) or ``("died", exit code)``.
    """

    def __init__(
        self, timeout: float | None, memory_mb: int = MEMORY_LIMIT_MB, setup: str | None = None
    ) -> None:
        self.timeout, self.memory_mb, self.setup = timeout, memory_mb, setup
        self.process = None
        self.conn = None
        self.info: dict = {}
        self.restarts = 0

    def start(self) -> None:
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        self.process = context.Process(
            target=_child, args=(child, self.timeout, self.memory_mb, self.setup), daemon=True
        )
        self.process.start()
        child.close()
        self.conn = parent
        if not parent.poll(LOAD_TIMEOUT):
            self.stop()
            raise RuntimeError(f"the worker did not load the model in {LOAD_TIMEOUT:g} s")
        status, info = parent.recv()
        if status != "ready":
            self.stop()
            raise RuntimeError(f"the worker could not start: {info.get('traceback', info)}")
        self.info = info

    def request(self, kind: str, payload: Any, budget: float) -> tuple[str, Any]:
        if self.process is None or not self.process.is_alive():
            if self.info:
                self.restarts += 1
            self.start()
        started = time.perf_counter()
        try:
            self.conn.send((kind, payload))
            if self.conn.poll(budget):
                return self.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            self.process.join(5)  # the pipe closed: the child is exiting or has died
        if self.process.is_alive():
            self.stop(kill=True)
            return "killed", time.perf_counter() - started
        self.process.join(1)
        code = self.process.exitcode
        self.stop()
        return "died", code

    def stop(self, kill: bool = False) -> None:
        if self.process is None:
            return
        if self.process.is_alive():
            if not kill:
                try:
                    self.conn.send(("quit", None))
                    self.process.join(5)
                except (OSError, BrokenPipeError):
                    pass
            if self.process.is_alive():
                os.kill(self.process.pid, signal.SIGKILL)  # only the child this object started
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def hard_budget(timeout: float | None, articles: int = 1) -> float:
    return (timeout or 600.0) * articles + GRACE


def extract_guarded(child: Child, articles: list[Article], timeout: float | None) -> list[Result]:
    """One result per article; a child that goes silent or dies fails the articles it held
    (when it held several, each is then retried alone so the fault lands on the right one)."""
    status, value = child.request("extract", articles, hard_budget(timeout, len(articles)))
    if status == "done":
        return value
    if len(articles) > 1:
        return [r for a in articles for r in extract_guarded(child, [a], timeout)]
    if status == "killed":
        return [
            {
                "status": "killed",
                "seconds": value,
                "reason": f"no answer in {value:.0f} s: the watchdog killed the worker",
            }
        ]
    if status == "died":
        signame = ""
        if isinstance(value, int) and value < 0:
            try:
                signame = f" ({signal.Signals(-value).name})"
            except ValueError:
                pass
        return [
            {
                "status": "died",
                "seconds": 0.0,
                "exc_type": f"worker died{signame}",
                "reason": f"the worker process died, exit code {value}{signame}",
                "frames": [],
            }
        ]
    value.update(status="error", reason=f"{value['exc_type']}: {value['message']}", seconds=0.0)
    return [value]


# ------------------------------------------------------------------------------------------------
# Failure signatures and shrinking
# ------------------------------------------------------------------------------------------------


def signature(result: Result) -> str:
    """What makes two failures the same bug: the exception type and the innermost frame of
    actorgraph's own code (or the innermost frame at all); for hangs, just that."""
    if result["status"] in ("timeout", "killed"):
        return f"hang ({result['status']})"
    if result["status"] == "lost":
        return "lost (no outcome)"
    frames = result.get("frames") or []
    ours = [
        f for f in frames if "site-packages" not in f and not f.startswith(("soak.py", "fuzz.py"))
    ]
    where = ":".join((ours or frames or ["?"])[-1].split(":")[:2])
    return f"{result.get('exc_type', '?')} at {where}"


def top_frames(result: Result, count: int = 4) -> str:
    frames = [":".join(f.split(":")[:2]) for f in (result.get("frames") or [])]
    frames = [f for f in frames if not f.startswith(("soak.py:", "fuzz.py:"))]
    return " <- ".join(reversed(frames[-count:])) or "-"


def shrink(
    text: str, fails: Callable[[str], bool], max_tries: int = 400, max_seconds: float = 300.0
) -> str:
    """Delta debugging: the shortest text found (paragraphs, then lines, sentences, words,
    characters removed in halving chunks) for which ``fails`` still holds, within
    ``max_tries`` calls and ``max_seconds`` (a hang costs a time-out per try)."""
    tries = [0]
    deadline = time.perf_counter() + max_seconds

    def still(candidate: str) -> bool:
        if time.perf_counter() > deadline:
            tries[0] = max_tries
        if tries[0] >= max_tries or candidate == text or not candidate.strip():
            return False
        tries[0] += 1
        return fails(candidate)

    splitters: list[tuple[Callable[[str], list[str]], str]] = [
        (lambda t: t.split("\n\n"), "\n\n"),
        (lambda t: t.split("\n"), "\n"),
        (lambda t: re.split(r"(?<=[.!?])\s+", t), " "),
        (lambda t: t.split(" "), " "),
        (list, ""),
    ]
    for split, glue in splitters:
        parts = split(text)
        chunk = max(1, len(parts) // 2)
        while chunk >= 1 and len(parts) > 1:
            changed = False
            i = 0
            while i < len(parts):
                candidate_parts = parts[:i] + parts[i + chunk :]
                candidate = glue.join(candidate_parts)
                if candidate_parts and still(candidate):
                    parts, text, changed = candidate_parts, candidate, True
                else:
                    i += chunk
            if not changed:
                chunk //= 2
        if tries[0] >= max_tries:
            break
    return text


def shrink_failure(
    child: Child, article: Article, result: Result, timeout: float | None, max_tries: int = 400
) -> str:
    """The example's text cut down, keeping the failure's signature (hangs: keeping a hang)."""
    wanted = signature(result)
    hang = result["status"] in ("timeout", "killed")

    def fails(text: str) -> bool:
        candidate = dataclasses.replace(article, text=text)
        again = extract_guarded(child, [candidate], timeout)[0]
        if hang:
            return again["status"] in ("timeout", "killed")
        return again["status"] != "ok" and signature(again) == wanted

    return shrink(article.text, fails, max_tries)


# ------------------------------------------------------------------------------------------------
# The soak run
# ------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Tally:
    corpus: str
    documents: int = 0
    ok: int = 0
    crashes: int = 0
    hangs: int = 0
    lost: int = 0
    empty: int = 0
    words: int = 0
    seconds: float = 0.0
    slowest: tuple[float, str] = (0.0, "")
    empties: list[str] = dataclasses.field(default_factory=list)
    bad_offsets: int = 0

    def add(self, article: Article, result: Result) -> None:
        self.documents += 1
        status = result["status"]
        seconds = float(result.get("seconds") or 0.0)
        if status == "ok":
            self.ok += 1
            self.bad_offsets += bool(result.get("offsets"))
            if result.get("entities", 0) == 0:
                self.empty += 1
                self.empties.append(article.source)
        elif status in ("error", "died"):
            self.crashes += 1
        elif status in ("timeout", "killed"):
            self.hangs += 1
        else:
            self.lost += 1
        if status != "killed":
            self.words += len(article.text.split())
            self.seconds += seconds
        if seconds > self.slowest[0]:
            self.slowest = (seconds, article.source)


COLUMNS = ("documents", "ok", "crashes", "hangs", "lost", "empty", "bad_offsets")


def print_table(tallies: list[Tally], out=sys.stdout) -> None:
    rows = list(tallies)
    if len(rows) > 1:
        total = Tally("all")
        for t in tallies:
            for name in (*COLUMNS, "words", "seconds"):
                setattr(total, name, getattr(total, name) + getattr(t, name))
            total.slowest = max(total.slowest, t.slowest)
        rows.append(total)
    head = (
        f"{'corpus':<12} {'docs':>6} {'ok':>6} {'crashes':>7} {'hangs':>5} {'lost':>4} "
        f"{'empty':>5} {'offsets':>7} {'words/s':>8}  slowest article"
    )
    print(head, file=out)
    print("-" * len(head), file=out)
    for t in rows:
        rate = t.words / t.seconds if t.seconds else 0.0
        slowest = f"{t.slowest[1]} ({t.slowest[0]:.2f} s)" if t.slowest[1] else "-"
        print(
            f"{t.corpus:<12} {t.documents:>6} {t.ok:>6} {t.crashes:>7} {t.hangs:>5} {t.lost:>4} "
            f"{t.empty:>5} {t.bad_offsets:>7} {rate:>8.0f}  {slowest}",
            file=out,
        )


def soak(
    names: Iterable[str],
    corpora_dir: Path,
    limit: int | None,
    timeout: float | None,
    report: Path | None = None,
    shrink_failures: bool = False,
    memory_mb: int = MEMORY_LIMIT_MB,
    progress: bool = True,
) -> list[Tally]:
    import corpora

    tallies: list[Tally] = []
    failures: dict[str, list[tuple[Article, Result]]] = {}
    report_file = report.open("w", encoding="utf-8") if report else None
    with Child(timeout, memory_mb) as child:
        for name in names:
            tally = Tally(name)
            tallies.append(tally)
            began = time.perf_counter()
            for article in corpora.load(name, corpora_dir, limit):
                result = extract_guarded(child, [article], timeout)[0]
                tally.add(article, result)
                if result.get("offsets"):
                    failures.setdefault("bad offsets (evidence is not text[start:end])", []).append(
                        (article, dict(result, reason=result["offsets"][0]))
                    )
                if result["status"] != "ok":
                    failures.setdefault(signature(result), []).append((article, result))
                    if report_file:
                        report_file.write(
                            json.dumps(
                                {
                                    "corpus": name,
                                    "source": article.source,
                                    "signature": signature(result),
                                    **result,
                                },
                                ensure_ascii=True,
                            )
                            + "\n"
                        )
                        report_file.flush()
                    if progress:
                        print(
                            f"  {article.source}: {result['status']}: "
                            f"{result.get('reason', '')[:150]}",
                            file=sys.stderr,
                            flush=True,
                        )
                if progress and tally.documents % 50 == 0:
                    print(
                        f"  {name}: {tally.documents} documents, "
                        f"{time.perf_counter() - began:.0f} s",
                        file=sys.stderr,
                        flush=True,
                    )
        import actorgraph

        print(
            f"\nactorgraph from {Path(actorgraph.__file__).parent}; "
            "guarded extract API: "
            f"{'yes' if child.info.get('guarded') else 'no (bare try/except)'}; "
            f"time-out {timeout:g} s, watchdog {hard_budget(timeout):g} s; "
            f"worker restarts {child.restarts}\n"
        )
        print_table(tallies)
        empties = [source for t in tallies for source in t.empties]
        if empties:
            print(
                "\nNo entity found in: "
                f"{', '.join(empties[:10])}{' ...' if len(empties) > 10 else ''}"
            )
        if failures:
            print("\nDistinct failures (signature: count; example; top frames, innermost first):")
        for sig, items in sorted(failures.items(), key=lambda kv: -len(kv[1])):
            article, result = items[0]
            print(f"\n* {sig}: {len(items)}")
            print(f"  example: {article.source} ({len(article.text)} chars)")
            print(f"  reason:  {result.get('reason', '')[:300]}")
            print(f"  frames:  {top_frames(result, 6)}")
            others = sorted({a.source for a, _ in items[1:6]})
            if others:
                print(f"  also:    {', '.join(others)}{' ...' if len(items) > 6 else ''}")
            if shrink_failures:
                if sig.startswith("bad offsets"):

                    def fails(text: str, article: Article = article) -> bool:
                        again = extract_guarded(
                            child, [dataclasses.replace(article, text=text)], timeout
                        )[0]
                        return bool(again.get("offsets"))

                    small = shrink(article.text, fails)
                else:
                    small = shrink_failure(child, article, result, timeout)
                print(f"  minimal text ({len(small)} chars): {small!r}")
                if report_file:
                    report_file.write(json.dumps({"signature": sig, "minimal": small}) + "\n")
    if report_file:
        report_file.close()
    return tallies


def main(argv: list[str] | None = None) -> int:
    import corpora

    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpora", nargs="+", metavar="NAME", help="corpora to read (default: all present)"
    )
    parser.add_argument("--corpora-dir", type=Path, default=corpora.DEFAULT_DIR)
    parser.add_argument(
        "--limit", type=int, default=100, help="documents per corpus (0: all; default 100)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds per article, the library's guard (default {DEFAULT_TIMEOUT:g}); "
        f"the watchdog kills the worker {GRACE:g} s later",
    )
    parser.add_argument(
        "--report", type=Path, help="write every failure, with its traceback, as JSON lines"
    )
    parser.add_argument(
        "--shrink", action="store_true", help="cut each distinct failure down to a minimal text"
    )
    parser.add_argument(
        "--memory-mb",
        type=int,
        default=MEMORY_LIMIT_MB,
        help=f"address-space limit of the worker (default {MEMORY_LIMIT_MB}; 0: none)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    for stream in (
        sys.stdout,
        sys.stderr,
    ):  # hostile text (lone surrogates) must not kill the report
        stream.reconfigure(errors="backslashreplace")
    names = args.corpora or corpora.available(args.corpora_dir)
    missing = [n for n in names if not corpora.corpus_dir(n, args.corpora_dir).is_dir()]
    if not names or missing:
        print(
            f"no corpus {' '.join(missing)} under {args.corpora_dir}: see bench/corpora.py",
            file=sys.stderr,
        )
        return 2
    tallies = soak(
        names,
        args.corpora_dir,
        args.limit or None,
        args.timeout,
        args.report,
        args.shrink,
        args.memory_mb,
        not args.quiet,
    )
    return 1 if any(t.crashes or t.hangs or t.lost or t.bad_offsets for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
