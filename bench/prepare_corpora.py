"""Extract the real-text corpora from fetched git snapshots into plain documents.

The corpora themselves stay outside the repository: they are never committed. Each corpus
becomes /work/corpora/<name>/docs/<id>.txt (plain text, paragraphs on their own lines)
plus /work/corpora/<name>/index.jsonl ({"file", "source", "title", "published",
"dateline", "split"} per document), which bench/corpora.py reads.

    python bench/prepare_corpora.py [--mirror /work/.mirror] [--out /work/corpora] [NAMES...]

Sources (public GitHub snapshots, read with git, never checked out):
  dwie        qikunxun/JMRL
              HEAD:dataset_dwie/{test,dev}.json (DocRED format; train is >4 MiB, absent)
  muc4        xinyadu/gtt
              HEAD:data/muc/raw_files/muc34/TASK/CORPORA/{dev/dev-muc3-*,tst1..tst4}
  conll2003   israelcamp/T5-For-NER
              HEAD:data/conll2003/test.txt
  conll2003-trainval
              HEAD:data/conll2003/{train,valid}.txt (other Reuters stories than the test
              split's; a corpus of its own so that conll2003 stays the test split)
  wikievents  raspberryice/gen-arg
              16d8f90:data/wikievents/{dev,test}.jsonl (removed from HEAD; train >4 MiB)
  bbc         ZitRos/news-articles-dataset
              HEAD:news/<section>/<slug>.txt (2,095 BBC News articles of 2004-2005, mixed
              case, the headline on the first line)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path

MONTHS = {
    m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)
}


def git_show(git_dir: Path, spec: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", spec], check=True, capture_output=True
    ).stdout.decode("utf-8", errors="replace")


def git_ls(git_dir: Path, rev: str, path: str) -> list[str]:
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", rev, path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if line]


# ---------------------------------------------------------------- detokenizer
_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    "%",
    ")",
    "]",
    "}",
    "'s",
    "n't",
    "'ve",
    "'re",
    "'m",
    "'ll",
    "'d",
    "’s",
    "'S",
    "N'T",
    "...",
    "’",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#", "‘", "“"}


def detokenize(tokens: list[str]) -> str:
    """Penn-ish tokens back to plain text: good enough to read like news, not exact."""
    out: list[str] = []
    quote_open = False
    glue_next = False
    for tok in tokens:
        if tok == '"':
            if quote_open:
                out.append(tok)  # closing quote sticks to the previous word
                quote_open = False
                glue_next = False
                continue
            quote_open = True
            out.append((" " if out else "") + tok)
            glue_next = True
            continue
        if tok == "”":
            out.append(tok)
            continue
        if not out or glue_next or tok in _NO_SPACE_BEFORE:
            out.append(tok)
        else:
            out.append(" " + tok)
        glue_next = tok in _NO_SPACE_AFTER
    text = "".join(out)
    text = re.sub(r"(\w) - (\w)", r"\1-\2", text)  # "record - high" -> "record-high"
    return text


def write_corpus(out: Path, name: str, docs: list[dict]) -> int:
    folder = out / name
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    for old in (folder / "docs").glob("*.txt"):
        old.unlink()
    with (folder / "index.jsonl").open("w", encoding="utf-8") as index:
        for doc in docs:
            file = re.sub(r"[^A-Za-z0-9._-]+", "_", doc["source"]) + ".txt"
            (folder / "docs" / file).write_text(doc["text"], encoding="utf-8")
            meta = {
                k: doc.get(k, "") for k in ("source", "title", "published", "dateline", "split")
            }
            index.write(json.dumps({"file": f"docs/{file}", **meta}, ensure_ascii=False) + "\n")
    return len(docs)


# ---------------------------------------------------------------- DWIE
def dwie(mirror: Path) -> list[dict]:
    git_dir = mirror / "qikunxun+JMRL" / "repo"
    docs = []
    for split in ("test", "dev"):
        for record in json.loads(git_show(git_dir, f"HEAD:dataset_dwie/{split}.json")):
            tokens = [t for sent in record["sents"] for t in sent]
            lines, current = [], []
            for tok in tokens + ["\n"]:
                if tok == "\n":
                    if current:
                        lines.append(detokenize(current))
                    current = []
                else:
                    current.append(tok)
            docs.append(
                {
                    "source": f"dwie/{record['title']}",
                    "title": lines[0] if lines else "",
                    "text": "\n\n".join(lines) + "\n",
                    "split": split,
                }
            )
    return docs


# ---------------------------------------------------------------- MUC-4
_MUC_ID = re.compile(r"^((?:DEV-MUC3|TST\d-MUC\d)-\d{4})\b.*$", re.M)
_MUC_DATE = re.compile(r"\b(\d{1,2}) ([A-Z][A-Za-z]{2}) (\d{2})\b")


def muc4(mirror: Path) -> list[dict]:
    git_dir = mirror / "xinyadu+gtt" / "repo"
    base = "data/muc/raw_files/muc34/TASK/CORPORA"
    files = [
        f
        for f in git_ls(git_dir, "HEAD", base)
        if re.search(r"/dev-muc3-\d|/tst[1-3]-muc\d$|tst4-muc4\.mixed-case$", f)
    ]
    docs = []
    for path in sorted(files):
        raw = git_show(git_dir, f"HEAD:{path}")
        marks = list(_MUC_ID.finditer(raw))
        for i, mark in enumerate(marks):
            body = raw[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(raw)]
            paragraphs = [
                " ".join(line.strip() for line in para.splitlines() if line.strip())
                for para in re.split(r"\n\s*\n", body)
            ]
            paragraphs = [p for p in paragraphs if p]
            if not paragraphs:
                continue
            head = paragraphs[0]
            dateline = head.split(",", 1)[0].strip() if "," in head[:60] else ""
            published = ""
            if m := _MUC_DATE.search(head[:80]):
                month = MONTHS.get(m.group(2).upper())
                if month:
                    try:
                        published = date(1900 + int(m.group(3)), month, int(m.group(1))).isoformat()
                    except ValueError:
                        published = ""
            docs.append(
                {
                    "source": f"muc4/{mark.group(1)}",
                    "title": mark.group(1),
                    "text": "\n\n".join(paragraphs) + "\n",
                    "published": published,
                    "dateline": dateline,
                    "split": path.rsplit("/", 2)[-2],
                }
            )
    return docs


# ---------------------------------------------------------------- CoNLL-2003
_CONLL_DATE = re.compile(r"\b(19\d\d)-(\d\d)-(\d\d)\b")


def conll2003(mirror: Path) -> list[dict]:
    return conll_splits(mirror, ("test",))


def conll2003_trainval(mirror: Path) -> list[dict]:
    """The training and validation stories: distinct documents for the real-text benchmark,
    which wants more of them than the other corpora hold."""
    return conll_splits(mirror, ("train", "valid"))


def conll_splits(mirror: Path, splits: tuple[str, ...]) -> list[dict]:
    git_dir = mirror / "israelcamp+T5-For-NER" / "repo"
    docs: list[dict] = []
    for split in splits:
        docs += conll_documents(git_show(git_dir, f"HEAD:data/conll2003/{split}.txt"), split)
    return docs


def conll_documents(raw: str, split: str) -> list[dict]:
    """One CoNLL file (token per line, -DOCSTART- between stories) -> plain documents."""
    docs, sentences, current = [], [], []

    def flush_doc() -> None:
        if sentences:
            lines = [detokenize(s) for s in sentences]
            published = ""
            for line in lines[:3]:
                if m := _CONLL_DATE.search(line):
                    published = m.group(0)
                    break
            dateline = ""
            if len(lines) > 1 and published and published in lines[1]:
                dateline = lines[1].split(",")[0].split(published)[0].strip()
            docs.append(
                {
                    "source": f"conll2003/{split}-{len(docs) + 1:03d}",
                    "title": lines[0],
                    "text": "\n".join(lines) + "\n",
                    "published": published,
                    "dateline": dateline,
                    "split": split,
                }
            )
        sentences.clear()

    for line in raw.splitlines() + [""]:
        if line.startswith("-DOCSTART-"):
            flush_doc()
            continue
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        current.append(line.split(" ")[0])
    if current:
        sentences.append(current)
    flush_doc()
    return docs


# ---------------------------------------------------------------- WikiEvents
def wikievents(mirror: Path) -> list[dict]:
    git_dir = mirror / "raspberryice+gen-arg" / "repo"
    rev = subprocess.run(
        [
            "git",
            "--git-dir",
            str(git_dir),
            "log",
            "--all",
            "--format=%H",
            "--diff-filter=A",
            "--",
            "data/wikievents/test.jsonl",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    docs = []
    for split in ("dev", "test"):
        for line in git_show(git_dir, f"{rev}:data/wikievents/{split}.jsonl").splitlines():
            record = json.loads(line)
            parts, last_end = [], None
            for tokens, sentence in record["sentences"]:
                start, end = tokens[0][1], tokens[-1][2]
                if last_end is not None:
                    parts.append("\n\n" if start - last_end > 1 else " ")
                parts.append(sentence)
                last_end = end
            text = "".join(parts)
            docs.append(
                {
                    "source": f"wikievents/{record['doc_id']}",
                    "title": record["doc_id"],
                    "text": text + "\n",
                    "split": split,
                }
            )
    return docs


# ---------------------------------------------------------------- BBC news
def bbc(mirror: Path) -> list[dict]:
    """BBC News articles of 2004-2005 (business, entertainment, politics, sport, tech), one
    plain-text file each: the headline on the first line, then paragraphs."""
    git_dir = mirror / "ZitRos+news-articles-dataset" / "repo"
    docs = []
    for path in sorted(git_ls(git_dir, "HEAD", "news")):
        if not path.endswith(".txt"):
            continue
        lines = [line.strip() for line in git_show(git_dir, f"HEAD:{path}").splitlines()]
        paragraphs = [line for line in lines if line]
        if len(paragraphs) < 2:
            continue
        section, name = path.split("/")[-2:]
        docs.append(
            {
                "source": f"bbc/{section}/{name[:-4]}",
                "title": paragraphs[0],
                "text": "\n\n".join(paragraphs[1:]) + "\n",
                "split": section,
            }
        )
    return docs


PREPARERS = {
    "dwie": dwie,
    "muc4": muc4,
    "conll2003": conll2003,
    "conll2003-trainval": conll2003_trainval,
    "wikievents": wikievents,
    "bbc": bbc,
}
DEFAULT_OUT = Path(os.environ.get("ACTORGRAPH_CORPORA", "/work/corpora"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="never inside the repository")
    parser.add_argument("names", nargs="*", default=list(PREPARERS))
    args = parser.parse_args()
    for name in args.names:
        count = write_corpus(args.out, name, PREPARERS[name](args.mirror))
        print(f"{name}: {count} documents -> {args.out / name}")


if __name__ == "__main__":
    main()
