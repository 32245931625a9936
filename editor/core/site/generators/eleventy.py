"""The static part of an Eleventy site's data cascade, read as data and never run (pure; no Qt).

Eleventy gives a template the data of its front matter, its template data file
(``post.11tydata.json``), its folders' directory data files (``blog/blog.json``,
``blog/blog.11tydata.json``, the parent folders' too) and its layout chain's front matter
(``_includes/layouts/blog.md``), in that order of priority. Galley reads the JSON files and the
layouts' front matter (JavaScript data files are never run, so what they give is unknown) for
the keys that decide what a post is: ``title``, ``date``, ``tags``, ``permalink``,
``eleventyExcludeFromCollections`` and ``layout``. Nothing read here is written into a post.

:func:`read_eleventy_data` finds the directory data files once, when the site's profile is
built; :meth:`EleventyData.cascade` gives one template's values and where each came from, and
:meth:`EleventyData.unlisted` says why a template is no post of the site (``permalink: false``,
``eleventyExcludeFromCollections``, or not in the collections the site's folders tag).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from editor.core import fileio
from editor.core.errors import GalleyError

__all__ = ["POST_COLLECTIONS", "Cascade", "EleventyData", "read_eleventy_data"]

log = logging.getLogger(__name__)

CASCADE_KEYS = ("title", "date", "tags", "permalink", "eleventyExcludeFromCollections", "layout")
POST_COLLECTIONS = frozenset(
    {"blog", "blogs", "post", "posts", "news", "newsletter", "newsletters", "article",
     "articles", "issue", "issues", "weekly", "journal"}
)  # fmt: skip
"""Collection names that are a site's posts, when its folders tag some with one of them."""

_MAX_FOLDERS = 20_000  # folders looked into for directory data files
_MAX_DATA_BYTES = 1_000_000
_LAYOUT_DEPTH = 10  # a layout chain longer than this (or a loop) is read no further
_LAYOUT_SUFFIXES = (".njk", ".md", ".liquid", ".html", ".webc", ".hbs", ".mustache", ".ejs")
# The layout's visible title: its first heading or <h1> is a {{ key }} output ("# {{ newstitle }}").
_HEADING_KEY = re.compile(
    r"^[ \t]*(?:#[ \t]+|<h1\b[^>]*>\s*)\{\{-?\s*([A-Za-z_]\w*)\s*(?:\|[^}]*)?-?\}\}", re.M
)


@dataclass(frozen=True)
class Cascade:
    """One template's values of :data:`CASCADE_KEYS` from the cascade, and where each is from.

    ``values`` are as the cascade merges them (``tags`` a list: the folders' and the
    template's, unless the template writes ``override:tags``); ``sources`` name where each
    value came from ("the front matter", "blog/blog.json", "the layout layouts/blog.md").
    ``title_key``: the key the layout shows as the page's title (``newstitle`` for a layout
    whose heading is ``# {{ newstitle }}``), or None.
    """

    values: Mapping[str, Any]
    sources: Mapping[str, str]
    title_key: str | None = None


@dataclass(frozen=True)
class EleventyData:
    """What an Eleventy site's data files say, found once when its profile is built.

    Attributes:
        root: the project root (where the config file is).
        input: the input folder.
        layouts: the folder layouts are named from (``dir.layouts``, else ``dir.includes``).
        folder_data: the data of each folder that has a directory data file, by its path from
            the input folder ("" for the input folder itself), with the file's name.
        collections: the collections that are the site's posts: those the directory data tags
            folders with (the post-like ones, "blog" or "posts", when there are such).
        post_folders: the folders (from ``root``) those directory data files tag, outermost.
        json_files: every JSON file of the input folder (where template data files may be).
    """

    root: Path
    input: Path
    layouts: Path
    folder_data: Mapping[str, tuple[str, Mapping[str, Any]]] = field(default_factory=dict)
    collections: frozenset[str] = frozenset()
    post_folders: tuple[str, ...] = ()
    json_files: frozenset[str] = frozenset()
    _layouts: dict[str, Path] = field(default_factory=dict, compare=False, repr=False)

    def cascade(self, path: Path, meta: Mapping[str, Any]) -> Cascade:
        """The cascade's values for the template at ``path`` whose front matter is ``meta``."""
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}
        tags: list[str] = []
        tags_from: list[str] = []
        levels = [
            *self._folder_levels(path),
            *self._template_data(path),
            ("the front matter", meta),
        ]
        for where, data in levels:  # lowest priority first
            for key in CASCADE_KEYS:
                if key == "tags":
                    continue
                if key in data and data[key] is not None:
                    values[key], sources[key] = data[key], where
            if "override:tags" in data:
                tags, tags_from = _tag_list(data["override:tags"]), [where]
            elif data.get("tags") is not None:
                tags += [t for t in _tag_list(data["tags"]) if t not in tags]
                tags_from.append(where)
        title_key = None
        layout = values.get("layout")
        for name, front, body in self._layout_chain(layout if isinstance(layout, str) else None):
            title_key = title_key or _title_key(body)
            for key in ("title", "date", "permalink", "eleventyExcludeFromCollections"):
                if key not in values and front.get(key) is not None:
                    values[key], sources[key] = front[key], f"the layout {name}"
        if tags_from:
            values["tags"], sources["tags"] = tags, " and ".join(dict.fromkeys(tags_from))
        return Cascade(values, sources, title_key)

    def unlisted(self, found: Cascade) -> str | None:
        """Why Eleventy makes no post of a template with the cascade ``found`` (None: it is
        a post of the site)."""
        if found.values.get("permalink") is False:
            return f"permalink: false (in {found.sources['permalink']}): Eleventy writes no page"
        if found.values.get("eleventyExcludeFromCollections") is True:
            where = found.sources["eleventyExcludeFromCollections"]
            return f"eleventyExcludeFromCollections (in {where}): it is in no collection"
        if self.collections:
            tags = {str(t) for t in found.values.get("tags") or ()}
            if not tags & self.collections:
                wanted = ", ".join(sorted(self.collections))
                return f"its tags put it in none of the site's post collections ({wanted})"
        return None

    def _folder_levels(self, path: Path) -> list[tuple[str, Mapping[str, Any]]]:
        """The directory data of the template's folders, the input folder's first."""
        parent, base = os.path.dirname(os.fspath(path)), os.fspath(self.input)
        if parent == base:
            parts = []
        elif parent.startswith(os.path.join(base, "")):
            parts = parent[len(base) + 1 :].split(os.sep)
        else:
            return []
        levels = []
        for depth in range(len(parts) + 1):
            found = self.folder_data.get("/".join(parts[:depth]))
            if found is not None:
                levels.append(found)
        return levels

    def _template_data(self, path: Path) -> list[tuple[str, Mapping[str, Any]]]:
        stem = path.name.split(".", 1)[0]
        found = []
        for name in (f"{stem}.json", f"{stem}.11tydata.json"):
            file = path.parent / name
            data = _json_file(file, self.root) if os.fspath(file) in self.json_files else None
            if data is not None:
                found.append((name, data))
        return found

    def _layout_chain(self, layout: str | None) -> Iterable[tuple[str, Mapping[str, Any], str]]:
        """Each layout of the chain from ``layout``: (its name, its front matter, its body)."""
        seen: set[str] = set()
        while layout and layout not in seen and len(seen) < _LAYOUT_DEPTH:
            seen.add(layout)
            file = self._layout_file(layout)
            if file is None:
                return
            front, body = _front_matter(file, self.root)
            yield layout, front, body
            following = front.get("layout")
            layout = following if isinstance(following, str) else None

    def _layout_file(self, layout: str) -> Path | None:
        known = self._layouts.get(layout)
        if known is not None:
            return known
        name = layout.strip().lstrip("/")
        if not name or ".." in Path(name).parts:
            return None
        base = self.layouts / name
        for candidate in (base, *(base.with_name(base.name + s) for s in _LAYOUT_SUFFIXES)):
            if candidate.is_file():
                self._layouts[layout] = candidate  # (read again if it changes: see _front_matter)
                return candidate
        return None


def read_eleventy_data(
    root: Path, source: str, layouts: str, skipped: Iterable[str]
) -> EleventyData:
    """The directory data files of the Eleventy site at ``root`` whose input folder is
    ``source`` (from the root), its layouts in ``layouts`` (from the input folder), folders
    named ``skipped`` not looked into."""
    input_folder = root / source if source else root
    skip = frozenset(skipped)
    folder_data: dict[str, tuple[str, Mapping[str, Any]]] = {}
    json_files: set[str] = set()
    budget = _MAX_FOLDERS
    for folder, subfolders, files in os.walk(input_folder):
        budget -= 1
        if budget < 0:
            log.info("Stopped looking for Eleventy data files in %s: too many folders", root)
            break
        subfolders[:] = sorted(s for s in subfolders if not s.startswith(".") and s not in skip)
        json_files.update(os.path.join(folder, f) for f in files if f.endswith(".json"))
        here = Path(folder)
        rel = Path(os.path.relpath(here, input_folder)).as_posix()
        for name in (f"{here.name}.json", f"{here.name}.11tydata.json"):
            data = _json_file(here / name, root)
            if data is not None:
                shown = name if rel == "." else f"{rel}/{name}"
                merged = {**folder_data.get("" if rel == "." else rel, ("", {}))[1], **data}
                folder_data["" if rel == "." else rel] = (shown, merged)
    tagged = {rel: _tag_list(data.get("tags")) for rel, (_, data) in folder_data.items()}
    every = {t for tags in tagged.values() for t in tags}
    collections = frozenset(every & POST_COLLECTIONS or every)
    folders = sorted(rel for rel, tags in tagged.items() if set(tags) & collections)
    outermost = [
        f
        for f in folders
        if not any(o != f and (o == "" or f.startswith(o + "/")) for o in folders)
    ]
    prefix = Path(os.path.relpath(input_folder, root)).as_posix()
    post_folders = tuple(
        "/".join(p for p in (prefix if prefix != "." else "", f) if p) for f in outermost
    )
    return EleventyData(
        root, input_folder, input_folder / layouts, folder_data, collections, post_folders,
        frozenset(json_files),
    )  # fmt: skip


def _tag_list(value: object) -> list[str]:
    """Eleventy's ``tags``: a string is one tag, a list its strings."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int)) and str(v).strip()]
    return []


def _title_key(body: str) -> str | None:
    match = _HEADING_KEY.search(body)
    return match.group(1) if match else None


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _read(path: Path, root: Path) -> str | None:
    try:
        if not path.is_file():
            return None
        if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
            return None
        data = fileio.read_bytes(path, _MAX_DATA_BYTES, kind="data files")
    except (GalleyError, OSError):
        return None
    return data.decode("utf-8-sig", "replace")


def _json_file(path: Path, root: Path) -> Mapping[str, Any] | None:
    signature = _signature(path)
    return None if signature is None else _json_cached(path, root, signature)


@lru_cache(maxsize=2048)
def _json_cached(path: Path, root: Path, _signature: tuple[int, int]) -> Mapping[str, Any] | None:
    text = _read(path, root)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError as exc:
        log.info("Could not read the Eleventy data file %s: %s", path, exc)
        return None
    return data if isinstance(data, dict) else None


def _front_matter(path: Path, root: Path) -> tuple[Mapping[str, Any], str]:
    signature = _signature(path)
    return ({}, "") if signature is None else _front_matter_cached(path, root, signature)


@lru_cache(maxsize=256)
def _front_matter_cached(
    path: Path, root: Path, _signature: tuple[int, int]
) -> tuple[Mapping[str, Any], str]:
    """A layout's front matter (YAML; ``---js`` and the like are not read) and its body."""
    from editor.core.post import Post  # (the post module is not needed to read configs)

    text = _read(path, root)
    if text is None:
        return {}, ""
    try:
        post = Post.parse(text, path, header_lines=False)
        return post.meta.to_dict(), post.body
    except GalleyError:
        return {}, text
