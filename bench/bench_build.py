"""Benchmark: model load, per-article extraction speed and peak memory.

Prints figures; asserts nothing (timed tests are flaky, a printed figure is evidence).

    python bench/bench_build.py [--copies N] [--workers W]
    python bench/bench_build.py --real [--sizes 1000 2000 4000] [--two-workers-size N]
                                [--dask-size N] [--corpora-dir DIR] [--skip-bare]

By default the corpus is the seed article plus the fixture articles, repeated N times: the
same twelve documents, so the graph stops growing after the first copy.

``--real`` builds from real, distinct news documents (bench/corpora.py: DWIE, MUC-4,
CoNLL-2003, WikiEvents, BBC, prepared outside the repository by bench/prepare_corpora.py), so the
graph grows as a real corpus does. The documents of every corpus are pooled, exact duplicates
dropped, and shuffled with a fixed seed, so every size is a prefix with the same mix of
sources. Each size is one ``actorgraph build --no-cache`` in its own process (its peak
memory is its own), timed by the build's own stage clock (``--summary-json``): extraction
words/s, per-article cost (everything but the model load, divided by the documents),
resolution (resolve and graph) and export seconds, nodes and edges, peak memory. Then one
``--workers 2`` build, the same on a Dask ``LocalCluster`` of two worker processes
(``--scheduler local --workers 2``), and bare spaCy (``nlp.pipe``, same model, one process)
over the texts of the smallest size, for the ratio "one worker / bare spaCy".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--copies", type=int, default=10, help="how many times the corpus is repeated"
    )
    parser.add_argument("--workers", type=int, default=1, help="spaCy processes")
    parser.add_argument("--real", action="store_true", help="real, distinct news documents")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument(
        "--two-workers-size",
        type=int,
        default=None,
        help="documents of the --workers 2 row (default: the smallest size; 0: no such row)",
    )
    parser.add_argument(
        "--dask-size",
        type=int,
        default=None,
        help="documents of the Dask row, `--scheduler local --workers 2` (default: the "
        "--workers 2 row's; 0: no such row; needs the cluster extra)",
    )
    parser.add_argument("--corpora-dir", type=Path, default=None)
    parser.add_argument("--skip-bare", action="store_true", help="no bare spaCy row")
    parser.add_argument("--seed", type=int, default=13, help="shuffle of the pooled documents")
    args = parser.parse_args()
    if args.real:
        return real_corpus(args)
    return repeated_corpus(args)


def repeated_corpus(args: argparse.Namespace) -> int:
    """The twelve seed and fixture articles repeated ``--copies`` times, in this process."""
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


# ---------------------------------------------------------------- real, distinct documents


def pooled_documents(corpora_dir: Path | None, seed: int) -> tuple[list[dict], dict[str, int]]:
    """Every document of every local corpus, exact duplicates dropped, shuffled with ``seed``;
    and how many each corpus gave."""
    import corpora

    names = corpora.available(corpora_dir)
    if not names:
        raise SystemExit(
            f"no corpora under {corpora_dir or corpora.DEFAULT_DIR}: "
            "run bench/prepare_corpora.py first"
        )
    seen: set[str] = set()
    documents: list[dict] = []
    counts: dict[str, int] = {}
    for name in names:
        for article in corpora.load(name, corpora_dir):
            digest = hashlib.sha1(article.text.encode("utf-8")).hexdigest()
            if not article.text.strip() or digest in seen:
                continue
            seen.add(digest)
            counts[name] = counts.get(name, 0) + 1
            documents.append(
                {"text": article.text, "title": article.title, "published": article.published}
            )
    random.Random(seed).shuffle(documents)
    return documents, counts


def write_dump(documents: list[dict], path: Path) -> int:
    """The documents as one JSONL dump (text, title, published), read by ``build`` as any
    news dump is; returns their words."""
    with path.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    return sum(len(d["text"].split()) for d in documents)


def timed_build(
    dump: Path, out: Path, workers: int, *, scheduler: str | None = None
) -> tuple[dict, float]:
    """One ``actorgraph build --no-cache`` in its own process (on a Dask ``scheduler`` when
    given): its summary, its peak RSS (MB, largest process among it and its workers)."""
    from bench_corpus import run

    summary = out.with_suffix(".summary.json")
    actorgraph = str(Path(sys.executable).with_name("actorgraph"))
    command = [actorgraph, "-q", "build", str(dump), "--out", str(out), "--no-cache"]
    command += ["--workers", str(workers), "--summary-json", str(summary)]
    if scheduler is not None:
        command += ["--scheduler", scheduler]
    _seconds, peak, _ = run(command)
    return json.loads(summary.read_text(encoding="utf-8")), peak


def bare_spacy(dump: Path) -> tuple[float, float]:
    """Seconds of bare ``nlp.pipe`` (same model as ``build``, one process) over the dump's
    texts, model load excluded; and its peak RSS."""
    from bench_corpus import BARE, run

    texts = dump.with_suffix(".texts.jsonl")
    with dump.open(encoding="utf-8") as lines, texts.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps({"text": json.loads(line)["text"]}) + "\n")
    _seconds, peak, stdout = run([sys.executable, "-c", BARE, str(texts), "1"])
    return json.loads(stdout)["seconds"], peak


DASK_ROW = "Dask LocalCluster, 2 workers"


def build_row(label: str, size: int, words: int, summary: dict, peak: float) -> dict:
    """One printed row from a build's summary (stage seconds from its own clock)."""
    timings = summary["timings"]
    extract_s = timings.get("read_and_extract", 0.0)
    work_s = sum(s for stage, s in timings.items() if stage not in ("total", "load_model"))
    return {
        "run": label,
        "docs": size,
        "words": words,
        "words_s": words / extract_s if extract_s else 0.0,
        "ms_doc": 1000 * work_s / size,
        "resolve_s": timings.get("resolve_and_graph", 0.0),
        "export_s": timings.get("export", 0.0),
        "nodes": summary["nodes"],
        "edges": summary["edges"],
        "failed": summary["articles"]["failed"],
        "peak": peak,
        "wall_s": timings.get("total", 0.0),
    }


def real_corpus(args: argparse.Namespace) -> int:
    """The real-text rows: one build per size, a ``--workers 2`` build, bare spaCy."""
    documents, counts = pooled_documents(args.corpora_dir, args.seed)
    print(
        f"distinct documents: {len(documents)} ("
        + ", ".join(f"{name} {n}" for name, n in counts.items())
        + ")"
    )
    sizes = sorted({min(size, len(documents)) for size in args.sizes})
    for size in args.sizes:
        if size > len(documents):
            print(
                f"{size} documents asked, {len(documents)} exist: that size runs with all of them"
            )
    two = sizes[0] if args.two_workers_size is None else min(args.two_workers_size, sizes[-1])
    dask = two if args.dask_size is None else min(args.dask_size, sizes[-1])
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-real-") as tmp:
        dumps = {size: Path(tmp) / f"docs-{size}.jsonl" for size in {*sizes, two, dask} - {0}}
        words = {size: write_dump(documents[:size], dump) for size, dump in dumps.items()}
        for size in sizes:
            summary, peak = timed_build(dumps[size], Path(tmp) / f"out-{size}-1", 1)
            rows.append(build_row("actorgraph build, 1 worker", size, words[size], summary, peak))
            print_rows(rows[-1:], header=len(rows) == 1)
        if two:
            summary, peak = timed_build(dumps[two], Path(tmp) / f"out-{two}-2", 2)
            rows.append(build_row("actorgraph build, --workers 2", two, words[two], summary, peak))
            print_rows(rows[-1:], header=False)
        if dask:
            out = Path(tmp) / f"out-{dask}-dask"
            summary, peak = timed_build(dumps[dask], out, 2, scheduler="local")
            rows.append(build_row(DASK_ROW, dask, words[dask], summary, peak))
            print_rows(rows[-1:], header=False)
        if not args.skip_bare:
            small = sizes[0]
            seconds, peak = bare_spacy(dumps[small])
            rows.append(
                {"run": "bare spaCy nlp.pipe, 1 process", "docs": small, "words": words[small]}
                | {"words_s": words[small] / seconds, "ms_doc": 1000 * seconds / small}
                | {"peak": peak}
            )
            print_rows(rows[-1:], header=False)
    print()
    print_rows(rows, header=True)
    print(
        "(words/s: words over the extraction stage (reading + extraction); ms/doc: every stage "
        "but the model load, over the documents; resolve: resolution and graph building; "
        "failed: documents left out (an extraction error or over the time budget); "
        "the bare row is nlp.pipe alone, model load excluded)"
    )
    print_real_targets(rows)
    return 0


COLUMNS = (
    ("run", "<32", ""),
    ("docs", ">6", ""),
    ("words", ">8", ""),
    ("words_s", ">8", ".0f"),
    ("ms_doc", ">7", ".1f"),
    ("resolve_s", ">9", ".2f"),
    ("export_s", ">8", ".2f"),
    ("nodes", ">7", ""),
    ("edges", ">7", ""),
    ("failed", ">6", ""),
    ("peak", ">7", ".0f"),
)
HEADERS = {
    "words_s": "words/s",
    "ms_doc": "ms/doc",
    "resolve_s": "resolve s",
    "export_s": "export s",
    "failed": "failed",
    "peak": "peak MB",
}


def print_rows(rows: list[dict], header: bool) -> None:
    if header:
        print(" ".join(f"{HEADERS.get(k, k):{align}}" for k, align, _ in COLUMNS))
    for row in rows:
        cells = []
        for key, align, number in COLUMNS:
            value = row.get(key, "")
            text = format(value, number) if number and value != "" else str(value)
            cells.append(f"{text:{align}}")
        print(" ".join(cells), flush=True)


def print_real_targets(rows: list[dict]) -> None:
    """Issue 13's ratios that the rows allow: per-article cost at the largest size over the
    smallest (target <= 1.2), one worker over bare spaCy words/s on the same texts (>= 0.95),
    and --workers 2 over one worker at the same size."""
    one = {r["docs"]: r for r in rows if r["run"] == "actorgraph build, 1 worker"}
    two = [r for r in rows if r["run"] == "actorgraph build, --workers 2"]
    bare = [r for r in rows if r["run"].startswith("bare spaCy")]
    small, large = min(one), max(one)
    if large != small:
        print(
            f"per-article cost at {large} / at {small} documents = "
            f"{one[large]['ms_doc'] / one[small]['ms_doc']:.2f} (target <= 1.20)"
        )
        corpus_wide = {n: (r["resolve_s"] + r["export_s"]) / n for n, r in one.items()}
        print(
            f"resolution + export per document at {large} / at {small} documents = "
            f"{corpus_wide[large] / corpus_wide[small]:.2f} (the steps that see the whole "
            "corpus; extraction per document does not depend on it, only on the machine's load)"
        )
    for row in bare:
        if row["docs"] in one:
            print(
                f"{row['docs']} documents: 1 worker / bare spaCy words/s = "
                f"{one[row['docs']]['words_s'] / row['words_s']:.2f} (target >= 0.95)"
            )
    for row in two:
        if row["docs"] in one:
            print(
                f"{row['docs']} documents: --workers 2 / 1 worker words/s = "
                f"{row['words_s'] / one[row['docs']]['words_s']:.2f}"
            )
    for row in (r for r in rows if r["run"] == DASK_ROW):
        for local in (r for r in two if r["docs"] == row["docs"]):
            print(
                f"{row['docs']} documents: Dask LocalCluster / --workers 2 = "
                f"{row['words_s'] / local['words_s']:.2f} in extraction words/s, "
                f"{local['wall_s'] / row['wall_s']:.2f} in whole-build throughput "
                f"(wall {row['wall_s']:.1f} s against {local['wall_s']:.1f} s; target >= 0.90)"
            )


if __name__ == "__main__":
    sys.exit(main())
