"""A fast subset of bench/probe_cli.py: hostile files through the real command line, in a child
process, with no traceback, no raw escape code and no temporary file left."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import probe_cli  # noqa: E402

pytestmark = pytest.mark.model
FAST = (
    "FIFO among the inputs",
    "symlink loop",
    "escape codes, bad UTF-8 and '|' in file names",
    "damaged cache file",
)


@pytest.mark.parametrize("name", FAST)
def test_probe_cli(name, tmp_path):
    probe = next(p for p in probe_cli.PROBES if p.name == name)
    ok, detail = probe_cli.run_probe(probe, tmp_path)
    assert ok, detail
