"""A Jekyll site's includes, read for the link reference definitions they make (pure; no Qt).

``{% include references.md %}`` puts the file ``_includes/references.md`` into the post before
kramdown reads it, so the reference definitions it holds (``[bips repo]: https://…``) define
links of the post. :class:`IncludeFolder` reads such a file for the renderer and the checks:

- the name is looked for only inside the site's includes folder (``includes_dir``, by default
  ``_includes``), as Jekyll does: never an absolute path, a ``..`` part or a symlink that leads
  out of the folder or the site;
- ``{% comment %}`` blocks are dropped (Liquid prints nothing for them); a definition on a line
  of its own, with no Liquid in it and outside every Liquid block tag, is kept as written;
- a file with no other Liquid is *complete*: what it defines is known. One with loops, ``if``
  tags or ``{{ include.param }}`` (``linkers/issues.md``) is not: it may define more labels,
  which only the build knows;
- each file is read once per change (cached by its modification time and size).
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from editor.core import fileio
from editor.core.errors import GalleyError

__all__ = ["IncludeFolder", "include_definitions"]

_MAX_BYTES = 1_000_000  # an include bigger than this is no list of links: not read
_CACHE_SIZE = 256
_NAME = re.compile(r"[\w][\w.@+-]*(?:/[\w][\w.@+-]*)*")
_COMMENT = re.compile(
    r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}|\{%-?\s*#.*?%\}", re.DOTALL
)
_LIQUID = re.compile(r"\{\{|\{%")
_TAG = re.compile(r"\{%-?\s*(end)?([A-Za-z_]\w*)")
_BLOCKS = frozenset(["if", "unless", "case", "for", "tablerow", "capture", "raw"])
_DEFINITION = re.compile(r" {0,3}\[[^\]\n]+\]:[ \t]*\S")

_cache: dict[str, tuple[int, int, tuple[str, bool]]] = {}
_lock = threading.Lock()  # the checks' worker and the preview read includes at once


def include_definitions(text: str) -> tuple[str, bool]:
    """The reference definitions an include's ``text`` makes as it stands (one per line, as
    written), and whether that is all it can define (no Liquid left once comments are gone)."""
    text = _COMMENT.sub("", text)
    if not _LIQUID.search(text):
        lines = [line for line in text.splitlines() if _DEFINITION.match(line)]
        return "".join(f"{line}\n" for line in lines), True
    kept: list[str] = []
    depth = 0
    for line in text.splitlines():
        if "{%" in line or "{{" in line:
            for tag in _TAG.finditer(line):
                if tag.group(2) in _BLOCKS:
                    depth += -1 if tag.group(1) else 1
            depth = max(depth, 0)
            continue
        if depth == 0 and _DEFINITION.match(line):
            kept.append(f"{line}\n")
    return "".join(kept), False


@dataclass(frozen=True)
class IncludeFolder:
    """The includes folder of a Jekyll site.

    Attributes:
        root: the site's root; nothing outside it is read.
        folder: the includes folder (``_includes`` under the site's source).
    """

    root: Path
    folder: Path

    def definitions(self, name: str) -> tuple[str, bool] | None:
        """The reference definitions ``{% include name %}`` makes, and whether they are all it
        can make (see :func:`include_definitions`); None when the site has no such include
        that Galley may read (a theme's include, a name built by Liquid, a path out of the
        folder): it may define anything."""
        path = self._path(name)
        if path is None:
            return None
        try:
            stat = path.stat()
        except (OSError, ValueError):
            return None
        key = str(path)
        with _lock:
            cached = _cache.get(key)
        if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        try:
            text = fileio.read_bytes(path, _MAX_BYTES, kind="includes").decode("utf-8", "replace")
        except (GalleyError, OSError):
            return None
        found = include_definitions(text)
        with _lock:
            if len(_cache) >= _CACHE_SIZE:
                _cache.clear()
            _cache[key] = (stat.st_mtime_ns, stat.st_size, found)
        return found

    def _path(self, name: str) -> Path | None:
        """The file ``name`` names inside the folder, every symlink resolved, or None."""
        name = name.strip()
        if not _NAME.fullmatch(name) or any(part in (".", "..") for part in name.split("/")):
            return None
        try:
            folder = Path(os.path.realpath(self.folder))
            path = Path(os.path.realpath(folder / name))
            root = Path(os.path.realpath(self.root))
        except (OSError, ValueError):
            return None
        if not path.is_relative_to(folder) or not path.is_relative_to(root):
            return None
        return path if path.is_file() else None
