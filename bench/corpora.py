"""Loaders for the real-text corpora the soak run reads: plain documents -> ``Article`` objects.

The corpora are public research data sets kept OUTSIDE the repository (never committed), in
``--corpora-dir`` (default ``$ACTORGRAPH_CORPORA`` or ``/work/corpora``), one folder each:

    <corpora-dir>/<name>/index.jsonl    one line per document: {"file", "source", "title",
                                        "published", "dateline", "split"}
    <corpora-dir>/<name>/docs/*.txt     the documents as plain text, paragraphs on their own lines

A folder without ``index.jsonl`` is read as every ``*.txt`` under it (source = file name).
The folders are made by ``prepare.py`` in the corpora folder (also outside the repository),
which reads the data sets out of public GitHub snapshots with git.

Known corpora: ``dwie`` (Deutsche Welle news, DWIE test+dev), ``muc4`` (MUC-3/4 FBIS
newswire, upper case as published, tst4 mixed case), ``conll2003`` (CoNLL-2003 English test,
Reuters, one sentence a line, detokenized), ``wikievents`` (WikiEvents dev+test), ``bbc``
(BBC News 2004-2005, mixed case).

    python bench/corpora.py [--corpora-dir DIR] [NAMES...]     # counts per corpus
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(
    os.environ.get("ACTORGRAPH_SRC") or ROOT / "src"
)  # another checkout's src/, e.g. a HEAD snapshot
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from actorgraph.model import Article  # noqa: E402

CORPORA = ("dwie", "muc4", "conll2003", "wikievents", "bbc")
DEFAULT_DIR = Path(os.environ.get("ACTORGRAPH_CORPORA", "/work/corpora"))


def corpus_dir(name: str, root: Path | None = None) -> Path:
    return Path(root or DEFAULT_DIR) / name


def available(root: Path | None = None) -> list[str]:
    """Known corpora present under ``root``, then any other folder holding documents."""
    root = Path(root or DEFAULT_DIR)
    if not root.is_dir():
        return []
    found = [n for n in CORPORA if (root / n).is_dir()]
    others = sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir()
        and p.name not in CORPORA
        and not p.name.startswith(".")
        and ((p / "index.jsonl").exists() or any(p.rglob("*.txt")))
    )
    return found + others


def load(name: str, root: Path | None = None, limit: int | None = None) -> Iterator[Article]:
    """The corpus ``name`` as Articles, in index order; at most ``limit`` of them."""
    folder = corpus_dir(name, root)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus {name!r} not found at {folder} (see bench/corpora.py)")
    return itertools.islice(_load_folder(folder), limit)


def _load_folder(folder: Path) -> Iterator[Article]:
    index = folder / "index.jsonl"
    if not index.exists():
        for path in sorted(folder.rglob("*.txt")):
            yield Article(
                source=f"{folder.name}/{path.relative_to(folder)}",
                text=path.read_text(encoding="utf-8", errors="replace"),
                title=path.stem,
            )
        return
    with index.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            meta = json.loads(line)
            text = (folder / meta["file"]).read_text(encoding="utf-8", errors="replace")
            yield Article(
                source=meta.get("source") or meta["file"],
                text=text,
                title=meta.get("title", ""),
                dateline=meta.get("dateline", ""),
                published=meta.get("published", ""),
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Count the documents and words of each corpus.")
    parser.add_argument("names", nargs="*")
    parser.add_argument("--corpora-dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    names = args.names or available(args.corpora_dir)
    if not names:
        print(f"no corpora under {args.corpora_dir}", file=sys.stderr)
        return 1
    print(f"{'corpus':<12} {'documents':>9} {'words':>10} {'longest (chars)':>16}")
    for name in names:
        docs = words = longest = 0
        for article in load(name, args.corpora_dir):
            docs += 1
            words += len(article.text.split())
            longest = max(longest, len(article.text))
        print(f"{name:<12} {docs:>9} {words:>10} {longest:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
