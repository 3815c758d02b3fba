"""The ``actorgraph`` command: help, version, build and query, and how it fails.

Two ways in, because they test different things:

* ``CliRunner`` on ``actorgraph.cli.app`` tests the commands themselves
  (options, output streams) in-process;
* subprocess runs of the installed ``actorgraph`` script and of
  ``python -m actorgraph`` test the entry point ``actorgraph.cli:main``,
  which alone turns an ``ActorgraphError`` into ``error: ...`` /
  ``hint: ...`` on stderr and exit status 1, without a traceback.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TextIO

import networkx as nx
import pytest
from conftest import actorgraph_script, run_main
from typer.testing import CliRunner

import actorgraph
from actorgraph.cli import app
from actorgraph.errors import ActorgraphError, ExitCode, ExportError
from actorgraph.export import DEFAULT_FORMATS

FORMATS = DEFAULT_FORMATS
EXPORT_NAMES = {f"graph.{fmt}" for fmt in FORMATS}
# Wide and colourless, so rich neither wraps nor colours the help screens.
PLAIN_ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
CLAIMS_HEADER = ["claimant", "event", "date", "evidence", "source"]
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _run(
    *args: str | Path,
    module: bool = False,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "actorgraph"] if module else actorgraph_script()
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **PLAIN_ENV, **(env or {})},
        cwd=cwd,
    )


def _assert_user_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == ExitCode.ERROR, result.stderr
    assert "error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def _invoke(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args], env=PLAIN_ENV)


def _flat(text: str) -> str:
    """Help text without rich's box drawing and line breaks."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


# --- help and version ---------------------------------------------------------------------------


def test_cli_help_lists_commands_with_their_help():
    result = _invoke("--help")
    assert result.exit_code == 0
    text = _flat(result.stdout)
    assert "build Build the actor-and-event graph of INPUTS" in text
    assert "query Run a SPARQL query on GRAPH" in text
    assert "--version" in text


@pytest.mark.parametrize("option", ["--out", "--model", "--workers", "--scheduler", "--strict"])
def test_cli_build_help_mentions_option(option):
    result = _invoke("build", "--help")
    assert result.exit_code == 0
    assert option in result.stdout


def test_cli_query_help_mentions_format():
    result = _invoke("query", "--help")
    assert result.exit_code == 0
    text = _flat(result.stdout)
    assert "--format" in text and "csv" in text


def test_cli_version():
    result = _invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"actorgraph {actorgraph.__version__}"


def test_cli_script_help_and_version_exit_zero():
    help_result = _run("--help")
    assert help_result.returncode == 0
    assert "build" in help_result.stdout and "query" in help_result.stdout
    version = _run("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"actorgraph {actorgraph.__version__}"


def test_cli_python_m_version():
    result = _run("--version", module=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"actorgraph {actorgraph.__version__}"


# Libraries a command imports when it runs, never at startup: `--version`, `--help` and the
# start of `serve --store` do not wait for them (issue 13: serve --store ready within 2 s).
HEAVY_AT_STARTUP = (
    "networkx",
    "spacy",
    "trafilatura",
    "dask",
    "distributed",
    "pyoxigraph",
    "rdflib",
    "actorgraph.pipeline",
    "actorgraph.ingest",
    "actorgraph.graph",
)


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["build", "--help"]])
def test_cli_startup_imports_no_library(args):
    probe = (
        "import sys\n"
        "from actorgraph.cli import main\n"
        f"sys.argv = ['actorgraph', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in {HEAVY_AT_STARTUP!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **PLAIN_ENV},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "LOADED []", result.stdout[-500:]


@pytest.mark.parametrize("command", ["build", "query", "serve", "load", "validate", "ledger"])
def test_cli_every_command_help_is_complete(command):
    result = _invoke(command, "--help")
    assert result.exit_code == 0, result.output
    text = _flat(result.stdout)
    assert "Usage:" in text and "Example" in text and "--help" in text


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["build"],  # missing INPUTS
        ["frobnicate"],  # unknown command
        ["build", "seeds", "--workers", "0"],  # out of range
        ["query", "graph.ttl", "claims", "--no-such-option"],
    ],
)
def test_cli_usage_error_exits_two_without_traceback(args, tmp_path):
    result = _run(*args, cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert "Traceback" not in result.stderr
    assert "Usage" in result.stderr or "Error" in result.stderr


def test_cli_no_arguments_prints_help_without_traceback():
    result = _run()
    assert "Usage" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.returncode in (ExitCode.SUCCESS, ExitCode.USAGE)


# --- build: user errors ----------------------------------------------------------------------


def test_cli_build_unknown_model_exits_one_with_hint(seed_dir, tmp_path):
    result = _run("build", seed_dir, "--out", tmp_path / "out", "--model", "nonexistent_model_xyz")
    _assert_user_error(result)
    assert "nonexistent_model_xyz" in result.stderr
    assert "hint:" in result.stderr and "--model" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.model
def test_cli_build_missing_path_exits_one(tmp_path):
    missing = tmp_path / "no-such-article.txt"
    result = _run("build", missing, "--out", tmp_path / "out")
    _assert_user_error(result)
    assert "no-such-article.txt" in result.stderr
    assert "hint:" in result.stderr


@pytest.mark.model
def test_cli_build_binary_file_exits_one(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(BINARY)
    result = _run("build", path, "--out", tmp_path / "out")
    _assert_user_error(result)
    assert "photo.png" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.model
@pytest.mark.parametrize(
    "name,content",
    [
        ("empty.txt", b""),
        ("blank.txt", b"\n  \n\t\n"),
        ("binary.txt", BINARY),
        ("latin1-nul.md", "caf\xe9\x00\x00".encode("latin-1") * 50),
    ],
)
def test_cli_build_unreadable_file_exits_one(tmp_path, monkeypatch, capsys, name, content):
    """In-process through main(), the console script's own function (faster than a subprocess)."""
    path = tmp_path / name
    path.write_bytes(content)
    assert run_main(monkeypatch, "build", path, "--out", tmp_path / "out") == ExitCode.ERROR
    captured = capsys.readouterr()
    assert "error:" in captured.err and name in captured.err
    assert captured.out == ""
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.model
def test_cli_build_strict_with_bad_file_exits_one(seed_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(next(seed_dir.glob("*.txt")).read_bytes())
    (folder / "b.txt").write_bytes(BINARY)
    result = _run("build", folder, "--out", tmp_path / "out", "--strict")
    _assert_user_error(result)
    assert "b.txt" in result.stderr


# --- build: success -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def script_build(needs_model, seed_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """One run of the installed script on seeds/ (hash seed pinned, for the determinism test)."""
    out = tmp_path_factory.mktemp("script-out")
    return out, _run("build", seed_dir, "--out", out, env={"PYTHONHASHSEED": "1"})


@pytest.fixture(scope="module")
def second_script_build(needs_model, seed_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The same build in another process with another string hash seed."""
    out = tmp_path_factory.mktemp("script-out-2")
    return out, _run("build", seed_dir, "--out", out, env={"PYTHONHASHSEED": "2"})


@pytest.mark.model
def test_cli_build_seeds_writes_exports_and_summary(script_build):
    out, result = script_build
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # data commands own stdout; build only reports, on stderr
    assert "Traceback" not in result.stderr
    match = re.search(r"(\d+) nodes and (\d+) edges", result.stderr)
    assert match and int(match.group(1)) > 0 and int(match.group(2)) > 0
    assert "most connected:" in result.stderr
    assert {p.name for p in out.iterdir()} == EXPORT_NAMES
    for name in EXPORT_NAMES:
        assert f"wrote {out / name}" in result.stderr


@pytest.mark.model
def test_cli_build_with_runner_separates_streams(seed_dir, tmp_path):
    result = CliRunner().invoke(
        app, ["build", str(seed_dir), "--out", str(tmp_path)], env=PLAIN_ENV
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "most connected:" in result.stderr
    assert {p.name for p in tmp_path.iterdir()} == EXPORT_NAMES


@pytest.mark.model
@pytest.mark.parametrize(
    "fmt",
    [
        "graphml",
        "ttl",
        "html",
        "jsonld",
        "gexf",
        "nodes.csv",
        "edges.csv",
    ],
)
def test_cli_build_output_is_identical_across_processes(script_build, second_script_build, fmt):
    (first_out, first), (second_out, second) = script_build, second_script_build
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert (second_out / f"graph.{fmt}").read_bytes() == (first_out / f"graph.{fmt}").read_bytes()


# --- query ------------------------------------------------------------------------------------


@pytest.mark.model
def test_cli_query_claims_as_csv(seed_build, seed_out):
    result = _invoke("query", seed_out / "graph.ttl", "claims", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = [row for row in csv.reader(io.StringIO(result.stdout)) if row]
    assert rows[0] == CLAIMS_HEADER
    claimants = {row[0] for row in rows[1:]}
    assert claimants & {"Tehreek-e-Taliban Pakistan", "Jamaat-ul-Ahrar"}, claimants


@pytest.mark.model
def test_cli_query_script_csv_goes_to_stdout(seed_build, seed_out):
    result = _run("query", seed_out / "graph.ttl", "claims", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(CLAIMS_HEADER)


@pytest.mark.model
@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?x WHERE { ?x ",
        "this is not sparql at all",
        "SELECT ?x FROM <http://example.org/data> WHERE { ?x ?p ?o }",
    ],
)
def test_cli_query_bad_sparql_exits_one(seed_build, seed_out, sparql):
    _assert_user_error(_run("query", seed_out / "graph.ttl", sparql))


def test_cli_query_missing_graph_exits_one(tmp_path):
    result = _run("query", tmp_path / "nope.ttl", "claims")
    _assert_user_error(result)
    assert "nope.ttl" in result.stderr


def test_cli_query_unknown_named_query_exits_one(small_graph, tmp_path):
    from actorgraph.export.rdf import write_turtle

    write_turtle(small_graph, tmp_path / "graph.ttl")
    result = _run("query", tmp_path / "graph.ttl", "no_such_query")
    _assert_user_error(result)
    assert "claims" in result.stderr  # the hint lists the queries that exist


def test_cli_query_unknown_format_exits_one(small_graph, tmp_path):
    from actorgraph.export.rdf import write_turtle

    write_turtle(small_graph, tmp_path / "graph.ttl")
    result = _run("query", tmp_path / "graph.ttl", "claims", "--format", "xml")
    _assert_user_error(result)
    assert "xml" in result.stderr and "hint:" in result.stderr


def test_cli_query_small_graph_table(small_graph, tmp_path):
    from actorgraph.export.rdf import write_turtle

    write_turtle(small_graph, tmp_path / "graph.ttl")
    result = _invoke("query", tmp_path / "graph.ttl", "claims")
    assert result.exit_code == 0, result.stderr
    assert "Jamaat-ul-Ahrar" in result.stdout
    assert result.stderr == ""


def test_cli_query_error_reaches_runner_as_actorgraph_error(tmp_path):
    """Inside the app errors stay typed; only main() turns them into text."""
    result = _invoke("query", tmp_path / "nope.ttl", "claims")
    assert result.exit_code != 0
    assert isinstance(result.exception, ActorgraphError)


# --- failed or interrupted export leaves no partial file --------------------------------------


def _half_writer(exc: BaseException):
    """An RDF writer (``write_rdf``, which the export registry looks up at each write) that has
    written half its Turtle stream when ``exc`` strikes."""

    def write(graph: nx.MultiDiGraph, outs: dict[str, TextIO], readings=None) -> None:
        outs["ttl"].write("@prefix ag: <https://w3id.org/actorgraph/ontology#> .\nag:half ")
        raise exc

    return write


def _assert_no_partial_exports(out: Path) -> None:
    names = {p.name for p in out.iterdir()}
    assert names <= EXPORT_NAMES, names  # no .graph.ttl.*.tmp left behind
    assert "graph.ttl" not in names
    for name in names:  # whatever was written is complete
        assert (out / name).stat().st_size > 0
    if "graph.graphml" in names:
        nx.read_graphml(out / "graph.graphml")


@pytest.mark.model
def test_cli_failed_export_leaves_no_partial_file(seed_dir, tmp_path, monkeypatch, capsys):
    import actorgraph.export.rdf as rdf

    failure = ExportError("disk full", hint="free space")
    monkeypatch.setattr(rdf, "write_rdf", _half_writer(failure))
    assert run_main(monkeypatch, "build", seed_dir, "--out", tmp_path) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert "error: disk full" in err and "hint: free space" in err
    _assert_no_partial_exports(tmp_path)


@pytest.mark.model
def test_cli_interrupted_export_leaves_no_partial_file(seed_dir, tmp_path, monkeypatch, capsys):
    """Ctrl-C while an export is half written: exit 130 and no half-written file left."""
    import actorgraph.export.rdf as rdf

    monkeypatch.setattr(rdf, "write_rdf", _half_writer(KeyboardInterrupt()))
    assert run_main(monkeypatch, "build", seed_dir, "--out", tmp_path) == ExitCode.INTERRUPTED
    assert "interrupted" in capsys.readouterr().err
    _assert_no_partial_exports(tmp_path)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_cli_ctrl_c_dropped_by_a_finaliser_still_stops_the_build() -> None:
    """CPython drops a KeyboardInterrupt raised inside ``__del__``; the build's flag keeps it."""
    import signal

    from actorgraph.cli.build import _Interrupts

    class Finalised:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGINT)  # its handler runs here, inside __del__

    before = signal.getsignal(signal.SIGINT)
    with _Interrupts() as interrupts:
        Finalised()  # the KeyboardInterrupt is "ignored" by the interpreter
        progress = interrupts.checked(None)
        with pytest.raises(KeyboardInterrupt):
            progress(1, 2, None, False)  # the next article stops the build
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()  # and so does the end of the build
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.model
def test_cli_disk_full_keeps_previous_export(seed_dir, tmp_path, monkeypatch, capsys):
    import actorgraph.export.rdf as rdf

    (tmp_path / "graph.ttl").write_text("previous export")
    monkeypatch.setattr(rdf, "write_rdf", _half_writer(OSError(28, "No space left on device")))
    assert run_main(monkeypatch, "build", seed_dir, "--out", tmp_path) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert "error:" in err and "No space left on device" in err
    assert (tmp_path / "graph.ttl").read_text() == "previous export"
    assert {p.name for p in tmp_path.iterdir()} <= EXPORT_NAMES


def test_cli_build_empty_path_exits_one_and_reads_nothing(tmp_path):
    """``build "$FILE"`` with the variable unset: an error, not a build of the current folder."""
    result = _run("build", "", "--out", tmp_path / "out")
    _assert_user_error(result)
    assert '""' in result.stderr
    assert not (tmp_path / "out").exists()
