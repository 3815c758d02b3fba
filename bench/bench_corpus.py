"""Corpus benchmark: throughput with 1 and 2 workers, bare spaCy on the same texts, peak memory.

    python bench/bench_corpus.py [--sizes 1000 10000] [--workers 1 2] [--skip-bare]

The corpus is made from the seed article and the fixture articles, varied: each generated
article keeps a different number of the source's paragraphs, and a reference line and the
numbers in the text are changed, so no two articles are the same document (nothing is served
from the cache; every build runs with --no-cache). Every measurement runs in its own process,
so its peak memory (max RSS, worker processes included) is its own. Prints a table; asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "seeds"] + [ROOT / "tests" / "fixtures" / "articles"]

BARE = """
import json, sys, time, spacy
from actorgraph.extract.nlp import DEFAULT_MODELS
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for name in DEFAULT_MODELS:
    try:
        nlp = spacy.load(name)
        break
    except OSError:
        continue
start = time.perf_counter()
words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])))
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def make_corpus(size: int, folder: Path, seed: int = 7) -> tuple[int, Path]:
    """Write ``size`` varied articles as .txt files; return total words and a JSONL of
    their texts."""
    from actorgraph.ingest import read_articles

    rng = random.Random(seed)
    bases = [a for a in read_articles(SOURCES) if a.text]
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    texts = folder.parent / f"texts-{size}.jsonl"
    with texts.open("w", encoding="utf-8") as out:
        for number in range(size):
            base = bases[number % len(bases)]
            paragraphs = base.text.split("\n\n")
            keep = paragraphs[: max(3, rng.randint(len(paragraphs) // 2, len(paragraphs)))]
            text = "\n\n".join(keep)
            text = re.sub(
                r"\b(\d{2,3})\b", lambda m: str(int(m.group(1)) + rng.randint(0, 3)), text
            )
            body = (
                f"{base.title}\n\n{base.published}\n\n{text}\n\nReference: corpus item {number}.\n"
            )
            (folder / f"article-{number:05d}.txt").write_text(body, encoding="utf-8")
            out.write(json.dumps({"text": body}) + "\n")
            words += len(body.split())
    return words, texts


# Runs the command and reports the largest resident set of it and its descendants: a fresh
# wrapper per measurement, because a process's RUSAGE_CHILDREN only ever grows.
WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:])\n"
    "print('PEAK_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def run(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (largest single process among the command and its
    workers), stdout."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    peak_kb = int(re.findall(r"PEAK_KB (\d+)", done.stderr)[-1])
    return seconds, peak_kb / 1024, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--skip-bare", action="store_true", help="do not time the bare spaCy pipeline"
    )
    args = parser.parse_args()
    actorgraph = str(Path(sys.executable).with_name("actorgraph"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            words, texts = make_corpus(size, Path(tmp) / f"corpus-{size}")
            for workers in args.workers:
                seconds, peak, _ = run(
                    [
                        actorgraph,
                        "-q",
                        "build",
                        str(Path(tmp) / f"corpus-{size}"),
                        "--out",
                        str(Path(tmp) / f"out-{size}-{workers}"),
                        "--no-cache",
                        "--workers",
                        str(workers),
                    ]
                )
                rows.append((f"actorgraph build, {workers} worker(s)", size, words, seconds, peak))
            if not args.skip_bare:
                for workers in args.workers[:1]:
                    seconds, peak, out = run([sys.executable, "-c", BARE, str(texts), str(workers)])
                    pipe_seconds = json.loads(out)["seconds"]
                    rows.append(
                        (
                            f"bare spaCy nlp.pipe, {workers} process(es)",
                            size,
                            words,
                            pipe_seconds,
                            peak,
                        )
                    )
    print(
        f"{'run':<38} {'articles':>8} {'words':>9} {'seconds':>8} "
        f"{'articles/s':>10} {'words/s':>8} {'peak MB':>8}"
    )
    for name, size, words, seconds, peak in rows:
        print(
            f"{name:<38} {size:>8} {words:>9} {seconds:>8.1f} "
            f"{size / seconds:>10.1f} {words / seconds:>8.0f} {peak:>8.0f}"
        )
    print(
        "(actorgraph rows include model load, reading, extraction, resolution and all exports; "
        "the bare row is nlp.pipe alone, model load excluded)"
    )
    print_targets(rows)
    return 0


def print_targets(rows: list[tuple[str, int, int, float, float]]) -> None:
    """The issue's three targets as ratios of the rows above, where the rows allow them."""
    rate = {(name, size): words / seconds for name, size, words, seconds, _ in rows}
    peak = {(name, size): mb for name, size, _, _, mb in rows}
    one, two = "actorgraph build, 1 worker(s)", "actorgraph build, 2 worker(s)"
    bare = "bare spaCy nlp.pipe, 1 process(es)"
    sizes = sorted({size for _, size, *_ in rows})
    for size in sizes:
        if (one, size) in rate and (bare, size) in rate:
            print(
                f"{size} articles: 1 worker / bare spaCy words/s = "
                f"{rate[one, size] / rate[bare, size]:.2f} (target >= 0.80)"
            )
        if (one, size) in rate and (two, size) in rate:
            print(
                f"{size} articles: 2 workers / 1 worker words/s = "
                f"{rate[two, size] / rate[one, size]:.2f} (target >= 1.70)"
            )
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for name in (one, two):
            if (name, small) in peak and (name, large) in peak:
                print(
                    f"{name}: peak memory at {large} / at {small} articles = "
                    f"{peak[name, large] / peak[name, small]:.2f} (target <= 1.20)"
                )


if __name__ == "__main__":
    sys.exit(main())
