"""A test that needs a missing tool skips with the command that installs it, and fails under
``CI=true``, where a missing tool is a broken install (conftest.missing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _run(tmp_path: Path, strict: bool, ci: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_needs_tool.py").write_text(
        "from conftest import missing\n\n"
        "def test_needs_rapper():\n"
        f"    missing('rapper', 'rapper is not installed', strict={strict})\n"
    )
    env = {**os.environ, "PYTHONPATH": str(TESTS), "CI": ci}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:cacheprovider",
         str(tmp_path / "test_needs_tool.py")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip


def test_a_missing_tool_is_skipped_and_named_with_its_install_command(tmp_path):
    run = _run(tmp_path, strict=True, ci="")
    assert run.returncode == 0, run.stdout
    assert "1 skipped" in run.stdout
    assert "skipped for a missing tool or file" in run.stdout
    assert "install: apt-get install raptor2-utils" in run.stdout


def test_under_ci_a_missing_tool_fails_the_run(tmp_path):
    run = _run(tmp_path, strict=True, ci="true")
    assert run.returncode == 1, run.stdout
    assert "CI=true but rapper is not installed" in run.stdout


def test_what_no_install_brings_is_skipped_even_under_ci(tmp_path):
    run = _run(tmp_path, strict=False, ci="true")
    assert run.returncode == 0, run.stdout
    assert "1 skipped" in run.stdout
