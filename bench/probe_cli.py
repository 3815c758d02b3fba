"""CLI and fault probes: hostile files and interrupted builds through `actorgraph build`.

    python bench/probe_cli.py [--keep]

Each probe makes its inputs in a temporary folder, runs the real command line in a child
process (bounded by a time limit), and checks what a user would see: an exit code that says
what happened, never a Python traceback, and an --out folder holding either a complete new set
of exports or the previous set untouched, with no temporary file. Prints one row per probe and
exits 1 when any probe fails. Bounded: about a minute on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt"))
GOOD = SEED.read_text(encoding="utf-8")
LIMIT_SECONDS = 120


@dataclass
class Probe:
    name: str
    make: Callable[[Path], list[str]]  # builds the inputs, returns the extra CLI arguments
    expect_exit: tuple[int, ...] = (0,)


def _run(
    args: list[str], cwd: Path, interrupt_after: float | None = None, kill: bool = False
) -> tuple[int, str]:
    command = [sys.executable, "-m", "actorgraph", "build", *args]
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    if interrupt_after is not None:
        time.sleep(interrupt_after)
        process.send_signal(signal.SIGKILL if kill else signal.SIGINT)
    try:
        _, err = process.communicate(timeout=LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        return -999, "hung"
    return process.returncode, err


def _exports(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} if out.exists() else {}


def _folder(tmp: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp / "in"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def fifo(tmp: Path) -> list[str]:
    folder = _folder(tmp, {"good.txt": GOOD})
    os.mkfifo(folder / "blocked.txt")
    return [str(folder)]


def dev_zero(tmp: Path) -> list[str]:
    folder = _folder(tmp, {"good.txt": GOOD})
    (folder / "zero.txt").symlink_to("/dev/zero")
    return [str(folder)]


def link_loop(tmp: Path) -> list[str]:
    folder = _folder(tmp, {"good.txt": GOOD})
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return [str(folder)]


def surrogate_dump(tmp: Path) -> list[str]:
    records = [
        json.dumps({"text": GOOD}),
        '{"text": "Gunmen \\ud800 attacked Kabul on Monday.", "title": "\\udfff"}',
        "not json at all",
        json.dumps({"text": "nul\u0000byte " * 40}),
    ]
    folder = _folder(tmp, {"dump.jsonl": "\n".join(records) + "\n"})
    return [str(folder)]


def hostile_names(tmp: Path) -> list[str]:
    folder = _folder(tmp, {"good.txt": GOOD})
    os.link(folder / "good.txt", os.path.join(os.fsencode(folder), b"bad\xff\x1b[31mred.txt"))
    (folder / "pipe|in|name.txt").write_text(GOOD, encoding="utf-8")
    return [str(folder)]


def punctuation_run(tmp: Path) -> list[str]:
    folder = _folder(tmp, {"good.txt": GOOD, "junk.txt": GOOD + "\n\n" + "!?" * 20_000 + "\n"})
    return [str(folder)]


def repeated_claims(tmp: Path) -> list[str]:
    folder = _folder(
        tmp, {"claims.txt": "The TTP claimed responsibility for the attack. " * 2000 + "\n"}
    )
    return [str(folder), "--published", "2023-01-31"]


def corrupt_cache(tmp: Path) -> list[str]:
    cache = tmp / "cache"
    cache.mkdir()
    (cache / "extractions.sqlite").write_bytes(b"garbage" * 1000)
    return [str(SEED), "--cache-dir", str(cache)]


PROBES = [
    Probe("FIFO among the inputs", fifo),
    Probe("symlink to /dev/zero", dev_zero),
    Probe("symlink loop", link_loop),
    Probe("surrogates, bad JSON and NUL in a dump", surrogate_dump),
    Probe("escape codes, bad UTF-8 and '|' in file names", hostile_names),
    Probe("40,000 punctuation characters in one line", punctuation_run),
    Probe("'claimed responsibility' 2,000 times", repeated_claims),
    Probe("damaged cache file", corrupt_cache, expect_exit=(1,)),
]


def run_probe(probe: Probe, tmp: Path) -> tuple[bool, str]:
    out = tmp / "out"
    args = probe.make(tmp) + ["--out", str(out)]
    if "--cache-dir" not in args:
        args.append("--no-cache")
    started = time.perf_counter()
    code, err = _run(args, tmp)
    seconds = time.perf_counter() - started
    problems = []
    if code not in probe.expect_exit:
        problems.append(f"exit {code}")
    if "Traceback" in err:
        problems.append("traceback")
    if "\x1b" in err:
        problems.append("raw escape code on the terminal")
    leftovers = [p.name for p in out.glob(".*")] if out.exists() else []
    if leftovers:
        problems.append(f"left {leftovers}")
    return not problems, f"exit {code}, {seconds:.1f} s" + (
        f": {', '.join(problems)}" if problems else ""
    )


def interrupted(tmp: Path, kill: bool) -> tuple[bool, str]:
    """A build into a folder holding a good set, stopped mid-way: the good set must survive."""
    out = tmp / "out"
    code, err = _run([str(SEED), "--out", str(out), "--no-cache"], tmp)
    before = _exports(out)
    inputs = _folder(
        tmp, {f"copy{i}.txt": f"{GOOD}\n\nCopy number {i} of the story.\n" for i in range(60)}
    )
    code, err = _run(
        [str(inputs), "--out", str(out), "--no-cache"], tmp, interrupt_after=8.0, kill=kill
    )
    after = {name: data for name, data in _exports(out).items() if not name.startswith(".")}
    staging = [p.name for p in out.glob(".*")]
    whole = after == before or (code == 0 and set(after) == set(before))
    stopped = code in (130, -signal.SIGKILL)
    ok = stopped and whole and "Traceback" not in err and (kill or not staging)
    return (
        ok,
        f"exit {code}, previous set {'whole' if whole else 'DAMAGED'}, hidden left: {staging}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    rows, failed = [], 0
    env_root = tempfile.mkdtemp(prefix="actorgraph-probe-")
    try:
        cases: list[tuple[str, Callable[[Path], tuple[bool, str]]]] = [
            (p.name, lambda tmp, p=p: run_probe(p, tmp)) for p in PROBES
        ]
        cases += [
            ("Ctrl-C during a build", lambda tmp: interrupted(tmp, kill=False)),
            ("SIGKILL during a build", lambda tmp: interrupted(tmp, kill=True)),
        ]
        for number, (name, case) in enumerate(cases):
            tmp = Path(env_root) / f"p{number}"
            tmp.mkdir()
            ok, detail = case(tmp)
            failed += not ok
            rows.append((name, "ok" if ok else "FAIL", detail))
    finally:
        if not args.keep:
            shutil.rmtree(env_root, ignore_errors=True)
    width = max(len(name) for name, *_ in rows)
    for name, verdict, detail in rows:
        print(f"{name:<{width}}  {verdict:<4}  {detail}")
    print(f"{len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
