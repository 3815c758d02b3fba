"""Which files are inputs: folders walked recursively, filtered by include/exclude globs.

A glob is matched against the file's path relative to the folder that was
given (``drafts/2023/a.txt``) and the paths of the folders above it
(``drafts``, ``drafts/2023``), and against the name of the file and of each
of those folders (``a.txt``, ``2023``). So ``*.html`` picks pages at any
depth, ``drafts`` drops every folder of that name, ``drafts/**`` only the
one at the top. ``*`` and ``?`` stay inside one path segment, ``**``
crosses segments and ``**/`` also matches no folder at all; matching
ignores case, like the suffix test. A file is read when it matches some
include pattern (or none is given) and no exclude pattern.

The filters choose among article and dump files found inside folders. A file
named explicitly is always read, whatever its name: the user asked for it.

Paths may be ``str``, ``Path`` or ``bytes`` (a name that is not valid UTF-8,
as ``os.fsencode`` gives it). Symbolic links that loop or point nowhere are
reported as such (``file_key`` never raises), and every name in a message
goes through ``safe.shown``, so a hostile file name cannot drive the
terminal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path, PurePosixPath

from ..errors import InputError
from .safe import shown

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv")
DUMP_SUFFIXES = JSONL_SUFFIXES + CSV_SUFFIXES  # one article per record
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DUMP_SUFFIXES
STDIN_PATH = "-"

PathArg = Iterable[Path | str | bytes] | Path | str | bytes


def is_dump(path: Path | str) -> bool:
    """True for a JSONL or CSV/TSV news dump (many articles), by suffix."""
    return str(path).lower().endswith(DUMP_SUFFIXES)


def iter_input_files(
    paths: PathArg, *, include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Iterator[Path]:
    """Expand files and folders into input files, each once, folders walked recursively in order.

    A file named explicitly is yielded whatever its suffix; inside folders
    only article and dump suffixes count (``ARTICLE_SUFFIXES``), hidden
    files and folders are skipped, and the include/exclude globs apply.
    A missing path, or a folder with nothing left to read, is an InputError.
    """
    filters = _Filters.of(include, exclude)
    seen: set[object] = set()
    for given in as_list(paths):
        for path in _expand(as_path(given), filters):
            key = file_key(path)
            if key not in seen:
                seen.add(key)
                yield path


def expected_articles(
    paths: PathArg, *, include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> int | None:
    """How many articles a build of ``paths`` will read, for a progress bar's ETA: one per
    file, or None when standard input or a dump (many articles in one file) is among them. It
    walks paths only, never contents, and raises for a missing path as ``iter_input_files``."""
    if any(is_stdin(given) for given in as_list(paths)):
        return None
    count = 0
    for path in iter_input_files(paths, include=include, exclude=exclude):
        if is_dump(path):
            return None
        count += 1
    return count


def count_inputs(paths: PathArg, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> int:
    """How many input files ``read_articles`` will open, for a progress bar; never raises.

    Standard input ("-") counts as one; a missing path or an empty folder as
    none (``read_articles`` reports those). Records inside dumps are not
    counted: that would mean reading every dump twice.
    """
    filters = _Filters.of(include, exclude)
    seen: set[object] = set()
    count = 0
    for given in as_list(paths):
        if is_stdin(given):
            count += 1
            continue
        path = as_path(given)
        found = _walk(path, filters) if path.is_dir() else ([path] if path.exists() else [])
        for item in found:
            key = file_key(item)
            if key not in seen:
                seen.add(key)
                count += 1
    return count


def as_list(paths: PathArg) -> list[Path | str | bytes]:
    """Accept one path as well as many: a bare string must not be iterated letter by letter."""
    if isinstance(paths, (str, bytes, Path)):
        return [paths]
    return list(paths)


def as_path(given: Path | str | bytes) -> Path:
    """A path argument as a Path; bytes are decoded as the file system does (undecodable kept).
    An empty one is an error: ``Path("")`` is the current folder, and a build given an unset
    shell variable (``build "$FILE"``) would read everything under it."""
    text = os.fsdecode(given) if isinstance(given, bytes) else str(given)
    if isinstance(given, (str, bytes)) and not text.strip():
        raise InputError(
            "an empty path names no file or folder",
            hint="give an article file or a folder ('.' for the current folder)",
        )
    return Path(text) if isinstance(given, bytes) else Path(given)


def is_stdin(given: Path | str | bytes) -> bool:
    """True for the path "-" (standard input)."""
    return os.fsdecode(given) == STDIN_PATH


def file_key(path: Path) -> object:
    """What makes two paths the same file: device and inode, else the absolute path; never raises.

    ``Path.resolve`` raises RuntimeError on a symlink loop (Python 3.11);
    a loop or a dangling link is keyed by its own absolute path and reported
    when it is read.
    """
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return os.path.abspath(path)
    return (status.st_dev, status.st_ino)


def _expand(path: Path, filters: _Filters) -> list[Path]:
    if not path.exists():
        if os.path.islink(path):
            return [path]  # a broken or looping link: reading it says which
        raise InputError(
            f"{shown(path)}: no such file or folder", hint="check the path and its spelling"
        )
    if not path.is_dir():
        return [path]
    found = _walk(path, filters)
    if found:
        return found
    if filters.active:
        raise InputError(
            f"{shown(path)}: no article files left after the include/exclude patterns "
            f"({filters.describe()})",
            hint="patterns match the path inside the folder ('drafts/**') or the file name"
            " ('*.html'); check their spelling",
        )
    raise InputError(
        f"{shown(path)}: the folder holds no article files",
        hint="article files end in " + ", ".join(ARTICLE_SUFFIXES),
    )


def _walk(folder: Path, filters: _Filters) -> list[Path]:
    """Input files under ``folder``, sorted; excluded folders are not even entered."""
    found = []
    # os.walk does not follow symlinked folders: no loops
    for current, subfolders, files in os.walk(folder):
        relative = PurePosixPath(Path(current).relative_to(folder).as_posix())
        subfolders[:] = sorted(
            d
            for d in subfolders
            if not d.startswith(".") and not filters.excludes_folder(_join(relative, d))
        )
        found += [
            Path(current) / name
            for name in sorted(files)
            if not name.startswith(".")
            and name.lower().endswith(ARTICLE_SUFFIXES)
            and filters.keeps(_join(relative, name))
        ]
    return sorted(found)


def _join(folder: PurePosixPath, name: str) -> str:
    return name if str(folder) == "." else f"{folder}/{name}"


class _Filters:
    """Compiled include and exclude globs."""

    def __init__(self, include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
        self.include_text, self.exclude_text = include, exclude
        self.include = [glob_regex(p) for p in include]
        self.exclude = [glob_regex(p) for p in exclude]

    @classmethod
    def of(cls, include: Iterable[str], exclude: Iterable[str]) -> _Filters:
        if isinstance(include, str) or isinstance(exclude, str):  # one pattern, not its letters
            include = [include] if isinstance(include, str) else include
            exclude = [exclude] if isinstance(exclude, str) else exclude
        return cls(_patterns(include), _patterns(exclude))

    @property
    def active(self) -> bool:
        return bool(self.include or self.exclude)

    def describe(self) -> str:
        parts = [f"include '{shown(p)}'" for p in self.include_text]
        return ", ".join(parts + [f"exclude '{shown(p)}'" for p in self.exclude_text])

    def keeps(self, relative: str) -> bool:
        """Whether a file at this folder-relative path is read."""
        names = _candidates(relative)
        if self.include and not any(r.fullmatch(n) for r in self.include for n in names):
            return False
        return not any(r.fullmatch(n) for r in self.exclude for n in names)

    def excludes_folder(self, relative: str) -> bool:
        """Whether a folder is excluded as a whole (its files need not even be listed)."""
        names = (relative, relative.rsplit("/", 1)[-1])
        return any(r.fullmatch(n) for r in self.exclude for n in names)


def _patterns(patterns: Iterable[str]) -> tuple[str, ...]:
    return tuple(p.strip() for p in patterns if p and p.strip())


def _candidates(relative: str) -> list[str]:
    """What a glob may match: the relative paths and the names of the file and its folders.

    A pattern with a "/" can only match a path ("drafts/**" from the folder
    given); one without matches a name at any depth ("*.html", "drafts").
    """
    parts = relative.split("/")
    paths = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return paths + parts


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as a regex over "/"-separated paths: ``*``, ``?``, ``[...]``, ``**`` and ``**/``."""
    pattern = pattern.strip().replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.lstrip("/").rstrip("/") or "**"
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[":
            token, i = _char_class(pattern, i)
            out.append(token)
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def _char_class(pattern: str, start: int) -> tuple[str, int]:
    """A ``[...]`` class as regex, and where the pattern goes on; an unclosed ``[`` is literal."""
    first = start + (2 if pattern[start + 1 : start + 2] in ("!", "^") else 1)
    end = pattern.find("]", first + 1)  # a "]" right after "[" is a member, not the end
    if end == -1:
        return re.escape("["), start + 1
    body = pattern[start + 1 : end]
    negate = body[:1] in ("!", "^")
    body = body[1:] if negate else body
    body = body.replace("\\", "\\\\").replace("[", "\\[").replace("/", "")
    if not body:
        return re.escape("["), start + 1
    return f"[{'^/' if negate else ''}{body}]", end + 1
