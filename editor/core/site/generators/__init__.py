"""Which generator builds a site, and its rules (pure; no Qt).

:func:`detect_generator` looks at a site root's config file (Hugo, Jekyll, Zola, Eleventy,
Astro, Docusaurus, Pelican, Gatsby; Docusaurus also one folder down, as in ``website/``; Gatsby
also by its ``content/blog`` layout) and reads it into a :class:`Generator`: where the site's
posts are and which files are not posts (:class:`PostRules`), where a post's date, slug and title
come from when its front matter has none (:func:`derive`), where site-root paths resolve, and how
the generator renders Markdown. :func:`generator_named` builds the profile ``galley.toml`` names.
:func:`config_root` finds the root above a post by its config file.

The modules: :mod:`.config` reads config files as text or data (never running them),
:mod:`.rules` the post rules, :mod:`.slugs` the slugs a generator makes (Pelican's from the
title), :mod:`.base` the profile and :func:`derive`, :mod:`.profiles` the eight generators.
"""

from __future__ import annotations

import os
from pathlib import Path

from editor.core.site.generators.address import site_address
from editor.core.site.generators.base import (
    Derived,
    Generator,
    derive,
    header_lines_of,
    titleize_slug,
)
from editor.core.site.generators.profiles import GENERATOR_NAMES, LABELS, build, config_here
from editor.core.site.generators.rules import NOT_POSTS, PostRules
from editor.core.site.generators.slugs import SlugRule

__all__ = [
    "GENERATOR_NAMES",
    "LABELS",
    "NOT_POSTS",
    "Derived",
    "Generator",
    "PostRules",
    "SlugRule",
    "config_root",
    "derive",
    "detect_generator",
    "docusaurus_below",
    "generator_named",
    "header_lines_of",
    "site_address",
    "titleize_slug",
]

_MAX_CHILDREN = 200  # folders of a repository root looked into for a Docusaurus site


def detect_generator(root: Path) -> Generator | None:
    """The generator of the site at ``root``, read from its config file; None if unknown.

    A Docusaurus site one folder down (``website/docusaurus.config.ts``) is found too: its
    :attr:`Generator.root` is that folder. A folder with ``content/blog`` and no config is
    taken for a Gatsby site, as Galley always has.
    """
    root = Path(os.path.abspath(root))
    here = config_here(root)
    if here is not None:
        return build(here[0], root, here[1])
    below = _docusaurus_below(root)
    if below is not None:
        return build("docusaurus", below.parent, below)
    if (root / "content" / "blog").is_dir():
        return build("gatsby", root, None)
    return None


def generator_named(name: str, root: Path) -> Generator:
    """The profile of the generator ``name`` (one of :data:`GENERATOR_NAMES`) for the site at
    ``root``: read from its config file where it has one, else that generator's defaults."""
    root = Path(os.path.abspath(root))
    detected = detect_generator(root)
    if detected is not None and detected.name == name:
        return detected
    return build(name, root, None)


def config_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding a generator's config file, short of the
    home folder and the file system's root (a stray ``_config.yml`` there is no site)."""
    start = Path(os.path.abspath(start))
    stops = {Path(start.anchor)}
    try:
        home = Path.home()
        if start.is_relative_to(home):
            stops.add(home)
    except (RuntimeError, KeyError):  # no home folder known
        pass
    for folder in (start, *start.parents):
        if folder in stops:
            return None
        if config_here(folder) is not None:
            return folder
    return None


def docusaurus_below(folder: Path) -> Path | None:
    """The Docusaurus config file of a site one folder below ``folder`` (``website/``)."""
    return _docusaurus_below(Path(os.path.abspath(folder)))


def _docusaurus_below(folder: Path) -> Path | None:
    try:
        with os.scandir(folder) as entries:
            children = sorted(
                e.name
                for e in entries
                if not e.name.startswith(".") and e.name != "node_modules" and e.is_dir()
            )
    except OSError:
        return None
    for name in children[:_MAX_CHILDREN]:
        found = config_here(folder / name)
        if found is not None and found[0] == "docusaurus":
            return found[1]
    return None
