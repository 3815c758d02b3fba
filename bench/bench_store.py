"""Benchmark: which SPARQL store should answer queries, rdflib or pyoxigraph?

Prints figures; asserts nothing except that both stores give the same number of rows.

    python bench/bench_store.py [--events N] [--runs R]

A large graph in build_graph's schema is generated (N events with their places,
claimants, perpetrators and people; every edge read in 1-3 articles, so each
has 1-3 statements), exported with the project's own ``to_rdf`` and written as
Turtle. Each store then runs in a fresh process so its peak memory is its own:
load the Turtle file, then run the named queries claims, events_by_place_month
(GROUP BY) and provenance, best of R runs each (one run when it takes over
10 s). The default, 1,000 events, gives about 109,000 triples.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ("claims", "events_by_place_month", "provenance")
SLOW_SECONDS = 10.0
EVENT_TYPES = ("bombing", "suicide_bombing", "armed_attack", "kidnapping", "military_operation")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1000, help="events in the generated graph")
    parser.add_argument("--runs", type=int, default=3, help="runs per query (the best is kept)")
    parser.add_argument("--engine", choices=("rdflib", "pyoxigraph"), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:  # child process: measure one store
        print(json.dumps(measure(args.engine, args.data, args.runs)))
        return 0

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "graph.ttl"
        triples, nodes, edges = write_graph(args.events, data)
        print(
            f"graph: {nodes} nodes, {edges} edges, {triples} triples, "
            f"{data.stat().st_size / 1e6:.1f} MB of Turtle"
        )
        results = {engine: _child(engine, data, args.runs) for engine in ("rdflib", "pyoxigraph")}
    _print_table(results)
    counts = {engine: result["rows"] for engine, result in results.items()}
    if counts["rdflib"] != counts["pyoxigraph"]:
        print(f"ROW COUNTS DIFFER: {counts}")
        return 1
    return 0


def write_graph(n_events: int, path: Path) -> tuple[int, int, int]:
    """Generate an actorgraph-shaped graph, export it with to_rdf, write Turtle;
    (triples, nodes, edges)."""
    from synthetic_graph import generate_graph  # one generator for every store benchmark

    from actorgraph.export.rdf import to_rdf

    graph = generate_graph(n_events)
    rdf = to_rdf(graph)
    rdf.serialize(destination=str(path), format="turtle", encoding="utf-8")
    return len(rdf), graph.number_of_nodes(), graph.number_of_edges()


def measure(engine: str, data: Path, runs: int) -> dict:
    """Load ``data`` into one store and time the named queries; run in a process of its own."""
    from actorgraph.query import named_queries
    from actorgraph.vocab import PREFIXES

    texts = {name: named_queries()[name].read_text(encoding="utf-8") for name in QUERIES}
    baseline_mb = _peak_mb()
    started = time.perf_counter()
    if engine == "rdflib":
        from rdflib import Graph
        from rdflib.plugins.sparql import prepareQuery

        graph = Graph().parse(str(data), format="turtle")

        def run(text: str) -> int:
            return len(list(graph.query(prepareQuery(text, initNs=PREFIXES))))
    else:
        import pyoxigraph

        store = pyoxigraph.Store()
        store.load(path=str(data), format=pyoxigraph.RdfFormat.TURTLE)

        def run(text: str) -> int:
            return len(list(store.query(text, prefixes=PREFIXES)))

    load_seconds = time.perf_counter() - started
    query_seconds, rows = {}, {}
    for name, text in texts.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            rows[name] = run(text)
            times.append(time.perf_counter() - started)
            if times[-1] > SLOW_SECONDS:  # one run of a minute-long query is evidence enough
                break
        query_seconds[name] = min(times)
    return {
        "load": load_seconds,
        "queries": query_seconds,
        "rows": rows,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline_mb,
    }


def _child(engine: str, data: Path, runs: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--engine", engine, "--data", str(data), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peak_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a
    child would report the parent's peak (the generated graph) instead of its own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _print_table(results: dict) -> None:
    rdflib_, oxigraph = results["rdflib"], results["pyoxigraph"]
    print(f"{'step':<34}{'rdflib':>12}{'pyoxigraph':>12}{'ratio':>9}")
    rows = [("load Turtle (s)", rdflib_["load"], oxigraph["load"])]
    rows += [
        (f"query {name} (s)", rdflib_["queries"][name], oxigraph["queries"][name])
        for name in QUERIES
    ]
    rows += [
        ("peak RSS after imports (MB)", rdflib_["baseline_mb"], oxigraph["baseline_mb"]),
        ("peak RSS, load + queries (MB)", rdflib_["peak_mb"], oxigraph["peak_mb"]),
    ]
    for label, a, b in rows:
        print(f"{label:<34}{a:>12.3f}{b:>12.3f}{a / b if b else float('inf'):>8.1f}x")
    for name in QUERIES:
        print(f"rows {name:<29}{rdflib_['rows'][name]:>12}{oxigraph['rows'][name]:>12}")


if __name__ == "__main__":
    sys.exit(main())
