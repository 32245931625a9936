"""Which files of a site are posts by its generator's rules, beyond a glob pattern (pure; no Qt).

A :class:`PostRules` is asked about folders while the site is walked
(:meth:`~PostRules.wants_folder`) and about each file a pattern matched
(:meth:`~PostRules.wants`): its extension, a section page (``_index.md``), a project file
(README, CONTRIBUTING, CHANGELOG…), ``_``-prefixed names, folders the generator never reads,
names Jekyll's ``_posts`` require, ``ignoreFiles`` and leaf bundles (a folder with an
``index.md`` is one post; its other files are its resources).
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NOT_POSTS", "PostRules", "has_sections"]

# Files of the project, not of the site: never posts, whichever generator (stems, casefolded).
NOT_POSTS = frozenset(
    {"readme", "contributing", "changelog", "license", "licence", "code_of_conduct", "security"}
)
_INDEX = re.compile(r"index(?:\.[a-z]{2}(?:-[a-z]+)?)?$", re.IGNORECASE)  # index, index.fr


@dataclass(frozen=True)
class PostRules:
    """What makes a file under a site's post folders a post.

    Attributes:
        root: the folder ``ignore`` patterns are relative to (the generator's root).
        extensions: the post files' suffixes, lower-case.
        section_stems: names that make a file a section page, never a post (``_index`` for
            ``_index.md`` and ``_index.fr.md``).
        skip_folders: folder names never looked into (``_site``, ``_includes``, ``node_modules``).
        skip_underscored: files and folders whose name starts with ``_`` are not posts
            (Docusaurus, Astro).
        dated_folders: under a folder of one of these names a post's file name must start with
            a date (``YYYY-MM-DD-slug.md`` in Jekyll's ``_posts``).
        leaf_bundles: a folder holding an ``index`` post is that one post: its other files and
            folders are its resources (Hugo, Zola).
        ignore: regular expressions searched in a post's path from ``root`` (with ``/``), as
            Hugo's ``ignoreFiles``.
        ignore_globs: glob patterns matched against that path (Zola's ``ignored_content``,
            Eleventy's ``.eleventyignore``).
    """

    root: Path
    extensions: tuple[str, ...] = (".md",)
    section_stems: frozenset[str] = frozenset({"_index"})
    skip_folders: frozenset[str] = frozenset({"node_modules"})
    skip_underscored: bool = False
    dated_folders: frozenset[str] = frozenset()
    leaf_bundles: bool = False
    ignore: tuple[re.Pattern[str], ...] = ()
    ignore_globs: tuple[str, ...] = ()

    def wants_folder(self, name: str) -> bool:
        """Whether a folder of this name may hold posts (hidden folders never do)."""
        if name.startswith(".") or name in self.skip_folders:
            return False
        return not (self.skip_underscored and name.startswith("_"))

    def wants_name(self, name: str) -> bool:
        """Whether a file of this name may be a post, wherever it is."""
        stem, suffix = os.path.splitext(name)
        if suffix.lower() not in self.extensions or name.startswith("."):
            return False
        if stem.split(".")[0] in self.section_stems or stem.casefold() in NOT_POSTS:
            return False
        return not (self.skip_underscored and name.startswith("_"))

    def is_index(self, name: str) -> bool:
        """Whether the file ``name`` is the post of a leaf bundle (``index.md``)."""
        stem, suffix = os.path.splitext(name)
        return suffix.lower() in self.extensions and bool(_INDEX.match(stem))

    def bundle_indexes(self, names: list[str]) -> list[str]:
        """The leaf-bundle posts among a folder's file ``names`` (``index.md`` and each of its
        translations, ``index.fr.md``), if this site has bundles; [] for a folder of none."""
        if not self.leaf_bundles:
            return []
        return [n for n in sorted(names) if self.is_index(n) and self.wants_name(n)]

    def wants(self, path: Path) -> bool:
        """Whether the file at ``path``, matched by a post pattern, is a post (its folders,
        its name, the dated-name rule and the ignore patterns; not the leaf bundles)."""
        text, root = os.fspath(path), os.path.join(os.fspath(self.root), "")
        try:  # (a listing asks for every file: the prefix is the common case, and fast)
            rel = text[len(root) :] if text.startswith(root) else os.path.relpath(text, root)
        except ValueError:  # another drive on Windows
            rel = text
        rel = rel.replace(os.sep, "/")
        parts = rel.split("/")
        if not self.wants_name(parts[-1]):
            return False
        inside = parts[:-1] if parts[0] != ".." else []
        if not all(self.wants_folder(p) for p in inside):
            return False
        dated = self.dated_folders and any(p in self.dated_folders for p in inside)
        if dated and not _DATED_NAME.match(parts[-1]):
            return False
        if any(p.search(rel) or p.search(Path(path).as_posix()) for p in self.ignore):
            return False
        return not any(fnmatch.fnmatchcase(rel, g) for g in self.ignore_globs)

    def in_bundle(self, path: Path, base: Path) -> bool:
        """Whether ``path`` is a resource of a leaf bundle: a folder between ``base`` (the post
        folder its pattern starts from) and the file holds an ``index`` post other than it."""
        if not self.leaf_bundles:
            return False
        folder = Path(path).parent
        while True:
            try:
                names = os.listdir(folder)
            except OSError:
                names = []
            indexes = self.bundle_indexes([n for n in names if os.path.isfile(folder / n)])
            if indexes and Path(path) not in [folder / n for n in indexes]:
                return True
            if folder == base or base not in folder.parents:
                return False
            folder = folder.parent


def has_sections(folder: Path, rules: PostRules) -> bool:
    """Whether the content ``folder`` of a Hugo or Zola site has a section: a sub-folder that
    is not a leaf bundle (no ``index`` post of its own) and holds a post file at some depth.
    Beside sections, the files at the top of the folder (``about.md``, ``search/index.md``)
    are the site's pages, not posts of a section."""
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir())
    except OSError:
        return False
    for child in children:
        if not rules.wants_folder(child.name):
            continue
        try:
            names = [p.name for p in child.iterdir() if p.is_file()]
        except OSError:
            continue
        if rules.bundle_indexes(names):
            continue  # a leaf bundle: one page, not a section
        if any(rules.wants_name(name) for name in names):
            return True
        for found in child.rglob("*"):
            if found.is_file() and rules.wants_name(found.name):
                return True
    return False


# Jekyll's: a date of 2-4, 1-2 and 1-2 digits, a dash, the slug, an extension.
_DATED_NAME = re.compile(r"\d{2,4}-\d{1,2}-\d{1,2}-[^/]*\.[^./]+$")
