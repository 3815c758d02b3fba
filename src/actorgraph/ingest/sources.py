"""How an input file is named as a document: ``Article.source``, the id every export shows.

A document id is what a reader of the graph sees for "where was this read", so it must make
sense to a person and must not leak the builder's machine: never an absolute local path.

- a file inside the current folder is named by its path from there (``seeds/a.txt``), so a
  build run from the project folder names its files as the command line did;
- otherwise a file found in a folder given on the command line is named from that folder,
  its name included (``corpus/2023/a.txt``), and a file given by itself by its name (``a.txt``);
- a dump record is ``<the dump's id>#N`` unless it carries its own id or URL (``dumps.py``).

Two inputs can end up with one name (``/a/x.txt`` and ``/b/x.txt``, both outside the current
folder): ``SourceIds`` then names the later one with as many of its folders as it takes to be
unique (``b/x.txt``), so every document of a build keeps its own id. The id depends only on
the inputs and the current folder, so a rebuild of the same corpus gives the same ids and the
extraction cache (keyed by the article, id included) hits.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from .safe import source_id


def document_id(path: Path, given: Path | None = None) -> str:
    """The readable id of the file ``path``, found under the input argument ``given``.

    ``given`` is the file or folder named on the command line (``path`` itself when None).
    The result is relative, ``/``-separated and printable (``safe.source_id``).
    """
    absolute = os.path.abspath(path)
    inside = _relative_inside(absolute, os.getcwd())
    if inside is not None:
        return source_id(inside)
    root = os.path.abspath(given if given is not None else path)
    if root != absolute and _relative_inside(absolute, root) is not None:
        return source_id(PurePath(os.path.relpath(absolute, os.path.dirname(root))).as_posix())
    return source_id(os.path.basename(absolute) or absolute.strip(os.sep) or "input")


class SourceIds:
    """The document ids handed out in one build, each once.

    ``claim`` gives a file its ``document_id``; when another file already holds that id, it
    adds the file's folders one by one (``b/x.txt``, then ``tmp/b/x.txt``) until the id is
    free, and numbers it (``x.txt#2``) only when even that is taken.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, path: Path, given: Path | None = None) -> str:
        name = document_id(path, given)
        if name in self.taken:
            name = self._longer(path, name)
        self.taken.add(name)
        return name

    def _longer(self, path: Path, name: str) -> str:
        parts = PurePath(os.path.abspath(path)).parts[1:]  # without the root ("/", "C:\\")
        for count in range(2, len(parts) + 1):
            candidate = source_id("/".join(parts[-count:]))
            if candidate not in self.taken and candidate.endswith(name.rsplit("/", 1)[-1]):
                return candidate
        number = 2
        while f"{name}#{number}" in self.taken:
            number += 1
        return f"{name}#{number}"


def _relative_inside(absolute: str, folder: str) -> str | None:
    """``absolute`` relative to ``folder`` (``/``-separated) when it lies inside it, else None."""
    try:
        if os.path.commonpath([absolute, folder]) != folder:
            return None
    except ValueError:  # another drive (Windows), or a mix of absolute and relative
        return None
    relative = os.path.relpath(absolute, folder)
    return None if relative in (".", "") else PurePath(relative).as_posix()
