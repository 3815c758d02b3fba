"""Benchmark: model load, per-article extraction speed and peak memory.

Prints figures; asserts nothing (timed tests are flaky, a printed figure is evidence).

    python bench/bench_build.py [--copies N] [--workers W]

The corpus is the seed article plus the fixture articles, repeated N times.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--copies", type=int, default=10, help="how many times the corpus is repeated"
    )
    parser.add_argument("--workers", type=int, default=1, help="spaCy processes")
    args = parser.parse_args()

    started = time.perf_counter()
    from actorgraph.extract import extract, load_nlp
    from actorgraph.graph import build_graph
    from actorgraph.ingest import read_articles
    from actorgraph.resolve import resolve

    nlp = load_nlp()
    load_seconds = time.perf_counter() - started
    base = list(read_articles([ROOT / "seeds", ROOT / "tests" / "fixtures" / "articles"]))
    articles = [a for _ in range(args.copies) for a in base]
    words = sum(len(a.text.split()) for a in articles)

    started = time.perf_counter()
    extractions = list(extract(articles, nlp, n_process=args.workers))
    extract_seconds = time.perf_counter() - started
    started = time.perf_counter()
    graph = build_graph(resolve(extractions))
    graph_seconds = time.perf_counter() - started

    started = time.perf_counter()
    bare = sum(
        len(doc)
        for doc in nlp.pipe((a.text for a in articles), batch_size=16, n_process=args.workers)
    )
    bare_seconds = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load                 {load_seconds:8.2f} s")
    print(f"articles                   {len(articles):8d}  ({words} words)")
    print(
        f"extraction ({args.workers} worker(s))   {len(articles) / extract_seconds:8.1f} articles/s"
        f"  {words / extract_seconds:8.0f} words/s"
    )
    print(f"bare spaCy pipeline        {words / bare_seconds:8.0f} words/s  ({bare} tokens)")
    print(
        f"graph build                {graph_seconds:8.2f} s  ({graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges)"
    )
    print(f"peak memory                {peak_mb:8.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
