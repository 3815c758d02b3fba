"""Tests for hostile files and text at ingest: special files, bad names, bad characters, sizes."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
from pathlib import Path

import pytest

from actorgraph.errors import InputError
from actorgraph.ingest import (
    MAX_LINE_CHARS,
    MAX_RUN_CHARS,
    clean_text,
    count_inputs,
    iter_input_files,
    read_article,
    read_articles,
    reader,
)
from actorgraph.ingest.safe import cap_runs, scrub, shown, source_name, wrap_long_lines

DATA = Path(__file__).parent / "data" / "ingest"
TITLE = "Kidnappings of local officials rise in Tillaberi"
BODY = (
    "Kidnappings of local officials have become increasingly common in the area, as the militants"
    " try to show that the state cannot protect those who serve it."
)
SECOND = (
    "Hostages are often freed after months in captivity, sometimes after ransoms whose payment is"
    " never confirmed."
)
ARTICLE = f"{TITLE}\n\n{BODY}\n\n{SECOND}"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


def collect(paths, **options):
    """Articles and (path, message) of each skip, read through the public entry point."""
    skipped: list[tuple[Path, str]] = []
    articles = list(read_articles(paths, lambda p, e: skipped.append((p, e.message)), **options))
    return articles, skipped


@contextlib.contextmanager
def deadline(seconds: int = 10):
    """Fail instead of hanging: a FIFO opened for reading blocks until a writer comes."""

    def expire(signum, frame):
        raise TimeoutError(f"ingest blocked for {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_safe(article) -> None:
    """Every field of an Article encodes as UTF-8 and holds no control character."""
    for name, value in article.to_dict().items():
        value.encode("utf-8")
        assert not any(ord(c) < 32 and c not in "\n" for c in value), name
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------------------- special files


@posix_only
def test_ingest_hostile_fifo_skipped_not_blocking(tmp_path):
    (tmp_path / "a_good.txt").write_text(ARTICLE)
    fifo = tmp_path / "b_pipe.txt"
    os.mkfifo(fifo)
    with deadline():
        articles, skipped = collect([tmp_path])
        assert [Path(a.source).name for a in articles] == ["a_good.txt"]
        assert skipped == [(fifo, f"{fifo} is a named pipe (FIFO), not a regular file; skipped")]
        with pytest.raises(InputError, match="named pipe"):
            read_article(fifo)
        with pytest.raises(InputError, match="named pipe"):
            list(read_articles([fifo]))


@posix_only
@pytest.mark.parametrize("name", ["zero.txt", "zero.jsonl", "zero.html"])
def test_ingest_hostile_symlink_to_dev_zero_skipped(tmp_path, name):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    with deadline():
        articles, skipped = collect([link])
    assert articles == []
    message = f"{link} is a character device (through a symbolic link), not a regular file"
    assert skipped == [(link, f"{message}; skipped")]


@posix_only
def test_ingest_hostile_symlink_loop_reported(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    loop_a, loop_b = tmp_path / "loop_a.txt", tmp_path / "loop_b.txt"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    articles, skipped = collect([tmp_path])  # no RuntimeError from Path.resolve
    assert [Path(a.source).name for a in articles] == ["good.txt"]
    assert [(p.name, m) for p, m in skipped] == [
        ("loop_a.txt", f"{loop_a} is a symbolic link loop (it never reaches a file)"),
        ("loop_b.txt", f"{loop_b} is a symbolic link loop (it never reaches a file)"),
    ]
    assert [p.name for p in iter_input_files([tmp_path, loop_a])] == [
        "good.txt",
        "loop_a.txt",
        "loop_b.txt",
    ]
    assert count_inputs([tmp_path, loop_a]) == 3  # never raises: each file read_articles tries
    with pytest.raises(InputError, match="symbolic link loop"):
        read_article(loop_a)
    articles, skipped = collect([loop_a])
    assert articles == [] and "symbolic link loop" in skipped[0][1]


@posix_only
def test_ingest_hostile_broken_symlink_reported(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    _, skipped = collect([link])
    assert skipped == [(link, f"{link} is a broken symbolic link (its target does not exist)")]


def test_ingest_hostile_read_bounded_whatever_st_size_says(monkeypatch):
    """/proc files report a size of 0: the read itself stops at the limit."""
    proc = Path("/proc/self/status")
    if not proc.is_file() or proc.stat().st_size != 0:
        pytest.skip("needs a procfs file that reports size 0")
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="too large"):
        read_article(proc)


def test_ingest_hostile_read_bounded_for_a_regular_file(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 10)
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError, match="too large"):
        read_article(path)


# --------------------------------------------------------------------------- file names


@posix_only
def test_ingest_hostile_invalid_utf8_file_name(tmp_path):
    folder = os.fsencode(tmp_path)
    good = os.path.join(folder, b"caf\xe9-report.txt")  # latin-1 bytes: not UTF-8
    bad = os.path.join(folder, b"scan\xff.txt")
    try:
        with open(good, "wb") as handle:
            handle.write(ARTICLE.encode())
    except OSError:
        pytest.skip("the file system refuses names that are not UTF-8")
    with open(bad, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + bytes(100))
    for given in ([tmp_path], [good, bad]):  # a folder walk, and bytes paths
        articles, skipped = collect(given)
        (article,) = articles
        # a folder: named from the folder, its name included; a file by itself: its name
        named = f"{tmp_path.name}/caf\ufffd-report.txt" if given == [tmp_path] else None
        assert article.source == (named or "caf\ufffd-report.txt")
        assert_safe(article)
        ((_, message),) = skipped
        # the content is named by the article's id, the undecodable byte replaced
        assert message.startswith(f"{tmp_path}/scan\ufffd.txt is a binary file")
        message.encode("utf-8")
    assert read_article(good).source == "caf\ufffd-report.txt"
    # the file itself (missing, unreadable, not a regular file) is named with the byte escaped
    _, skipped = collect([os.path.join(folder, b"gone\xff.txt")])
    assert skipped[0][1] == f"{tmp_path}/gone\\xff.txt: no such file or folder"


@posix_only
def test_ingest_hostile_escape_codes_in_file_names_escaped(tmp_path):
    name = "\x1b[2J\x1b]0;pwned\x07report\x9b.txt"
    (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / f"ok{name}").write_text(ARTICLE)
    articles, skipped = collect([tmp_path])
    ((_, message),) = skipped
    assert "\\x1b[2J\\x1b]0;pwned\\x07report\\x9b.txt is a binary file" in message
    assert not any(c in message for c in "\x1b\x07\x9b")
    (article,) = articles
    assert article.source.endswith("ok\\x1b[2J\\x1b]0;pwned\\x07report\\x9b.txt")
    missing = tmp_path / "gone\x1b[31m.txt"
    _, skipped = collect([missing])
    assert skipped[0][1] == f"{tmp_path}/gone\\x1b[31m.txt: no such file or folder"
    dump = tmp_path / "wire\x1b[31m.jsonl"
    dump.write_text('{"title": "x", "text": "too short"}\n')
    _, skipped = collect([dump])
    assert skipped[0][1].startswith(f"{tmp_path}/wire\\x1b[31m.jsonl#1 has no article text")


@pytest.mark.parametrize(
    "name,message,source",
    [
        ("plain/café.txt", "plain/café.txt", "plain/café.txt"),
        ("a\x1bb", "a\\x1bb", "a\\x1bb"),
        ("rtl\u202etxt.exe", "rtl\\u202etxt.exe", "rtl\\u202etxt.exe"),
        (os.fsdecode(b"bad\xff"), "bad\\xff", "bad\ufffd"),
        (b"bad\xfe", "bad\\xfe", "bad\ufffd"),
        ("lone\ud800", "lone\\ud800", "lone\ufffd"),
    ],
)
def test_ingest_hostile_names_shown_and_ids(name, message, source):
    assert shown(name) == message
    assert source_name(name) == source
    assert source_name(source_name(name)) == source_name(name)


# --------------------------------------------------------------------------- characters


def test_ingest_hostile_surrogates_in_jsonl_replaced(tmp_path):
    path = tmp_path / "dump.jsonl"
    records = [
        # JSON escapes of lone surrogates: valid JSON, unencodable text once parsed
        '{"title": "Bad \\udfff title", "text": "Talks \\ud800 resume. ' + BODY + '",'
        ' "url": "https://x.example/\\udc80", "author": "Jane \\ud83d Doe",'
        ' "source": "afp-2024-\\udfff"}',
        '{"title": "\\udfff", "text": "<p>' + BODY + " \\ud800</p><p>" + SECOND + '</p>"}',
        '{"title": "Controls\\u0000\\u001b[31m", "text": "'
        + BODY
        + "\\u0000 \\u0007 "
        + SECOND
        + '"}',
    ]
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    articles, skipped = collect([path])
    assert skipped == []
    first, html, controls = articles
    assert first.title == "Bad \ufffd title"
    assert first.text.startswith("Bad \ufffd title\n\nTalks \ufffd resume.")
    assert (first.url, first.byline, first.source) == (
        "https://x.example/\ufffd",
        "Jane \ufffd Doe",
        "afp-2024-\ufffd",
    )
    assert html.title == "\ufffd" and SECOND in html.text  # the page is not cut at the surrogate
    assert controls.title == "Controls\ufffd\ufffd[31m"
    assert "\x00" not in controls.text and "\x07" not in controls.text
    for article in articles:
        assert_safe(article)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("a\ud800b", "a\ufffdb"),
        ("tab\tand\nline\r\n", "tab\tand\nline\r\n"),
        ("nul\x00 esc\x1b del\x7f c1\x9b", "nul\ufffd esc\ufffd del\ufffd c1\ufffd"),
        ("non\ufffecharacter\uffff", "non\ufffdcharacter\ufffd"),
    ],
)
def test_ingest_hostile_scrub(text, expected):
    assert scrub(text) == expected


# --------------------------------------------------------------------------- dumps


def test_ingest_hostile_nul_in_jsonl_record_skips_that_record(tmp_path):
    path = tmp_path / "dump.jsonl"
    good = json.dumps({"title": TITLE, "text": f"{BODY}\n\n{SECOND}"}).encode()
    broken = b'{"title": "x", "text": "bin\x00ary ' + BODY.encode() + b'"}'
    path.write_bytes(good + b"\n" + broken + b"\n" + good + b"\n")
    articles, skipped = collect([path])
    assert len(articles) == 2
    assert skipped == [
        (path, f"{path}#2: the record holds NUL bytes (line 2); skipped"),
    ]


def test_ingest_hostile_nul_in_csv_record_skips_that_record(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_bytes(
        b"title,text\n"
        + f'First,"{BODY}"\n'.encode()
        + f'Second,"{BODY}\x00"\n'.encode()
        + f'Third,"{SECOND} {BODY}"\n'.encode()
    )
    articles, skipped = collect([path])
    assert [a.title for a in articles] == ["First", "Third"]
    assert skipped == [(path, f"{path}#2: the record holds NUL bytes (row 2, line 3); skipped")]


def test_ingest_hostile_binary_dump_still_refused_once(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(bytes(range(32)) * 200)
    articles, skipped = collect([path])
    assert articles == [] and len(skipped) == 1 and "binary" in skipped[0][1]


def test_ingest_hostile_csv_with_broken_quoting_says_so(caplog):
    """dump_broken_quotes.csv: undoubled quotes and an unquoted line break split records."""
    path = DATA / "dump_broken_quotes.csv"
    with caplog.at_level(logging.WARNING, logger="actorgraph.ingest"):
        articles, skipped = collect([path])
    assert [a.title for a in articles] == ["Jihadists raid Makalondi", "Kidnappings in Tillaberi"]
    messages = [m for _, m in skipped]
    assert messages[0].startswith(
        f"{path}#2: the row has 5 fields but the header has 3 (row 2, line 3); skipped: an"
        " unquoted comma or an unescaped quote inside a field has probably split it"
    )
    assert messages[1].startswith(f"{path}#3 has no article text left")
    assert "fewer than the header: a line break or an unescaped quote" in messages[1]
    assert messages[2].startswith(f"{path}#4: the row has 5 fields")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("#3: the row has 2 fields but the header has 3" in w for w in warnings)
    assert any("3 of 5 rows do not have the header's 3 fields" in w for w in warnings)


# --------------------------------------------------------------------------- lengths


def test_ingest_hostile_long_punctuation_run_cut(tmp_path):
    path = tmp_path / "dump.jsonl"
    junk = "!?.,;:()[]" * 1000
    path.write_text(json.dumps({"title": TITLE, "text": f"{BODY} {junk} {SECOND}"}) + "\n")
    (article,) = read_articles([path])
    assert max(len(token) for token in article.text.split()) <= MAX_RUN_CHARS
    assert len(article.text) < len(BODY) + len(SECOND) + len(TITLE) + 100
    assert BODY in article.text and SECOND in article.text


def test_ingest_hostile_long_word_split_and_url_kept_readable():
    url = "https://example.org/" + "/".join(f"section-{i}" for i in range(40)) + "/story.html"
    capped = cap_runs(f"See {url} for more, or {'x' * 1000}.")
    pieces = capped.split()
    assert max(len(p) for p in pieces) <= MAX_RUN_CHARS
    rejoined = "".join(p for p in pieces if p.startswith(("https:", "section")) or "/" in p)
    assert rejoined == url  # split only after its "/" separators
    assert sum(len(p) for p in pieces if set(p) <= set("x.")) == 1001


def test_ingest_hostile_long_line_wrapped_at_sentences():
    flattened = " ".join([BODY, SECOND] * 300)  # one 80,000-character line
    text = clean_text(f"{TITLE}\n\n{flattened}").text
    lines = text.split("\n")
    assert max(len(line) for line in lines) <= MAX_LINE_CHARS
    assert len([line for line in lines if line]) >= 5
    assert all(line.endswith(".") for line in lines[2:] if line)  # cut between sentences
    assert " ".join(text.split()) == " ".join(f"{TITLE} {flattened}".split())  # nothing lost


def test_ingest_hostile_long_line_without_sentences_wrapped_at_spaces():
    line = " ".join(["word"] * 30_000)
    wrapped = wrap_long_lines(line)
    assert max(len(part) for part in wrapped.split("\n")) <= MAX_LINE_CHARS
    assert wrapped.split() == line.split()


def test_ingest_hostile_csv_trailing_delimiter_is_no_split(tmp_path, caplog):
    path = tmp_path / "dump.csv"
    path.write_text(f'title,text\nFirst,"{BODY}",\nSecond,"{SECOND} {BODY}",\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="actorgraph.ingest"):
        articles, skipped = collect([path])
    assert [a.title for a in articles] == ["First", "Second"] and skipped == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_bar_in_a_file_name_never_splits_its_source(tmp_path):
    from actorgraph.ingest import read_articles

    (tmp_path / "a|b|c.txt").write_text(
        "Gunmen attacked a police post in Kabul on Monday, officials said.\n"
        "The Taliban denied any involvement in the attack.\n",
        encoding="utf-8",
    )
    [article] = list(read_articles([tmp_path]))
    assert "|" not in article.source and article.source.endswith("a%7Cb%7Cc.txt")
