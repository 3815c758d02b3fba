"""Benchmark: the hand-written streaming Turtle/JSON-LD writers against pyoxigraph's own
serializers, writing the same triples of a large graph (issue 13, part 3).

Prints figures; asserts that each pair of outputs holds the same triples.

    python bench/bench_rdf_writers.py [--events 6000] [--work DIR]

The graph (``bench/synthetic_graph.py``; 6,000 events give about a million triples) is
generated in each of several fresh processes, so each is measured alone: its peak memory is
reset after the graph is built (``/proc/self/clear_refs``), then one writer runs over the
export's triples (``export.rdf.rdf_triples``, the mapping every RDF export streams):

* ``mapping only``: the triples made and dropped: the cost both writers share;
* ``convert``: the same, each triple converted to pyoxigraph terms and dropped: what the
  pyoxigraph writers pay before serializing (subtracted, it leaves their serializer alone);
* ``ours``: ``export/turtle.py`` ``TurtleWriter`` / ``export/jsonld.py`` ``JsonLdWriter``,
  as ``write_rdf`` drives them;
* ``pyoxigraph``: each rdflib term converted to a pyoxigraph term (IRIs cached as the
  mapping caches its own), and ``pyoxigraph.serialize`` streaming them to the file with the
  project's prefixes.

Time is the CPU time of that step (other work on the machine skews wall time, also shown);
memory is the peak RSS during it over the RSS before it.
Each pair of files is then parsed back (pyoxigraph) and compared triple by triple
(count and an order-free hash).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

MODES = (
    "mapping",
    "convert",
    "turtle-ours",
    "turtle-pyoxigraph",
    "jsonld-ours",
    "jsonld-pyoxigraph",
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:  # child process: one measurement
        print(json.dumps(measure(args.mode, args.events, args.out)))
        return 0
    with tempfile.TemporaryDirectory(prefix="actorgraph-writers-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        results = {mode: _child(mode, args.events, work) for mode in MODES}
        same = {
            fmt: _same_triples(work / f"{fmt}-ours.out", work / f"{fmt}-pyoxigraph.out", fmt)
            for fmt in ("turtle", "jsonld")
        }
    _print(results, same)
    return 0 if all(ok for ok, _ in same.values()) else 1


def measure(mode: str, events: int, out: Path | None) -> dict:
    """Build the graph, reset the peak RSS, run one writer; seconds, MB and bytes written."""
    from synthetic_graph import generate_graph

    from actorgraph.export.rdf import rdf_triples

    graph = generate_graph(events)
    triples = rdf_triples(graph)
    Path("/proc/self/clear_refs").write_text("5")  # the peak RSS is now the current RSS
    before = _rss_mb("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    count = _run(mode, triples, out)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "seconds": seconds,
        "cpu": cpu,
        "extra_mb": _rss_mb("VmHWM") - before,
        "triples": count,
        "bytes": out.stat().st_size if out else 0,
    }


def _run(mode: str, triples, out: Path | None) -> int:
    if mode == "mapping":
        return sum(1 for _ in triples)
    if mode == "convert":
        import pyoxigraph

        return sum(1 for s, p, o in triples if pyoxigraph.Triple(_iri(s), _iri(p), _term(o)))
    fmt, writer = mode.split("-")
    if writer == "ours":
        from actorgraph.export.jsonld import JsonLdWriter
        from actorgraph.export.turtle import TurtleWriter

        counted = _counting(triples)
        with out.open("w", encoding="utf-8", newline="\n") as handle:
            ours = (TurtleWriter if fmt == "turtle" else JsonLdWriter)(handle)
            for subject, predicate, obj in counted:
                ours.add(subject, predicate, obj)
            ours.close()
        return counted.count
    import pyoxigraph

    from actorgraph.vocab import PREFIXES

    counted = _counting(triples)
    rdf_format = pyoxigraph.RdfFormat.TURTLE if fmt == "turtle" else pyoxigraph.RdfFormat.JSON_LD
    converted = (pyoxigraph.Triple(_iri(s), _iri(p), _term(o)) for s, p, o in counted)
    with out.open("wb") as handle:
        pyoxigraph.serialize(converted, handle, rdf_format, prefixes=PREFIXES)
    return counted.count


class _counting:
    """An iterator of triples that counts them."""

    def __init__(self, triples) -> None:
        self.triples, self.count = iter(triples), 0

    def __iter__(self):
        return self

    def __next__(self):
        triple = next(self.triples)
        self.count += 1
        return triple


@functools.lru_cache(maxsize=65536)
def _iri(term):
    import pyoxigraph

    return pyoxigraph.NamedNode(str(term))


def _term(term):
    import pyoxigraph
    from rdflib import Literal

    if not isinstance(term, Literal):
        return _iri(term)
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return pyoxigraph.Literal(str(term), datatype=_iri(term.datatype))
    return pyoxigraph.Literal(str(term))


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _child(mode: str, events: int, work: Path) -> dict:
    out = work / f"{mode}.out"
    command = [sys.executable, __file__, "--mode", mode, "--events", str(events)]
    if mode not in ("mapping", "convert"):
        command += ["--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _same_triples(ours: Path, theirs: Path, fmt: str) -> tuple[bool, str]:
    """Whether two files hold the same triples (count and an order-free hash)."""
    import pyoxigraph

    rdf_format = pyoxigraph.RdfFormat.TURTLE if fmt == "turtle" else pyoxigraph.RdfFormat.JSON_LD

    def digest(path: Path) -> tuple[int, int]:
        count, total = 0, 0
        for triple in pyoxigraph.parse(path=str(path), format=rdf_format):
            key = hashlib.blake2b(str(triple).encode(), digest_size=8).digest()
            total = (total + int.from_bytes(key, "big")) % (1 << 64)
            count += 1
        return count, total

    a, b = digest(ours), digest(theirs)
    return a == b, f"{a[0]:,} vs {b[0]:,} triples"


def _print(results: dict, same: dict) -> None:
    mapping = results["mapping"]
    print(
        f"triples: {mapping['triples']:,}; mapping only: {mapping['cpu']:.2f} s CPU "
        f"({mapping['seconds']:.2f} s wall), +{mapping['extra_mb']:.0f} MB"
    )
    print(f"{'writer':<22}{'CPU s':>8}{'writer s':>10}{'wall s':>8}{'+MB':>7}{'MB out':>9}")
    for mode in MODES[1:]:
        result = results[mode]
        own = result["cpu"] - results["convert" if "pyoxigraph" in mode else "mapping"]["cpu"]
        print(
            f"{mode:<22}{result['cpu']:>8.2f}{own:>10.2f}{result['seconds']:>8.2f}"
            f"{result['extra_mb']:>7.0f}{result['bytes'] / 1e6:>9.1f}"
        )
    for fmt, (ok, detail) in same.items():
        print(f"{fmt}: {'same triples' if ok else 'TRIPLES DIFFER'} ({detail})")
    print(
        "writer s = CPU minus the mapping alone (ours) or the mapping and conversion "
        "(pyoxigraph); +MB = peak RSS over RSS before writing"
    )


if __name__ == "__main__":
    sys.exit(main())
