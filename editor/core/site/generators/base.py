"""A site generator's profile, and what it makes of a post's path (pure; no Qt).

:class:`Generator` says which generator builds a site, where its root and config are, where its
site-root paths (``/img/x.png``) resolve, how it renders Markdown, which files are its posts and
where it takes a post's date, slug and title from when the front matter has none.
:func:`derive` applies those rules to one post.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core import dates
from editor.core.site.generators.eleventy import Cascade, EleventyData
from editor.core.site.generators.rules import PostRules
from editor.core.site.generators.slugs import SlugRule
from editor.core.site.includes import IncludeFolder

__all__ = ["Derived", "Generator", "derive", "titleize_slug"]


@dataclass(frozen=True)
class Generator:
    """The generator that builds a site, and its rules.

    Attributes:
        name: "hugo", "jekyll", "zola", "eleventy", "astro", "docusaurus", "pelican" or "gatsby".
        label: the name shown to a user ("Hugo").
        root: the site root (where the config file is).
        config_path: the config file read, or None (a site known by its layout, or named in
            galley.toml without one).
        static_roots: where a site-root path such as ``/img/x.png`` resolves, in order.
        render_options: how the generator renders Markdown, from its config (keys, all optional:
            ``smart_punctuation``, ``unsafe_html``, ``linkify``, ``anchor_links``,
            ``markdown_extensions``, ``emoji``).
        posts: glob patterns of the post files, relative to ``root`` (``**``: any depth).
        rules: what else makes a file a post (see :class:`PostRules`); None: only ``posts``.
        date_keys: the front-matter keys a post's date is read from, in order.
        name_date: a regex searched in a post's name (its file's stem, or its folder's name for
            an ``index`` file) whose ``date`` group is its date and ``slug`` group its slug.
        path_date: ``name_date`` is searched in the path from the root instead (Docusaurus'
            ``2024/05/21/slug.md``).
        url_date_keys: front-matter keys holding a URL path whose ``YYYY/MM/DD/`` folders the
            site shows as the post's date (Zola's ``path``: ``inside-rust/2020/07/27/slug``).
        dates_always: where the generator dates a post that has no date at all (Docusaurus:
            "the file's history"), or None when such a post is undated.
        title_from: where the generator takes a missing title from: "file name" (Jekyll:
            the slug, titleized) or "heading" (Docusaurus: the first ``#`` heading at the top).
        draft_folders: folders whose posts are drafts (Jekyll's ``_drafts``).
        fold_keys: front-matter keys are read case-insensitively, and ``status: draft`` makes
            a draft (Pelican's header lines).
        page_folders: folders (from ``root``) of pages, which the generator never dates
            (Pelican's ``pages/``).
        slug_rule: how the generator makes a slug the front matter does not give (Pelican:
            from the title), which a ``slug`` key overrides; None: the slug is the post's
            name (without a date prefix the generator takes off).
        description_key: the front-matter key of the post's description, as the generator
            reads it (Pelican's ``summary``).
        description_from: what the generator describes a post by when that key is missing
            (Pelican: its first words), or None when nothing stands in for it.
        root_pages: content folders (from ``root``) whose own files and top-level bundles
            (``content/about.md``, ``content/search/index.md``) are pages beside the sections
            that hold the posts (Hugo's pages of type "page", Zola's unsorted root section).
        includes: the folder ``{% include name %}`` reads from (Jekyll's ``_includes``), whose
            files may define the post's reference links; None where posts include nothing.
        supplies_excerpt: the generator gives every post an excerpt (Jekyll: the first
            paragraph, or the ``excerpt`` key) that stands in for a missing description.
        cascade: the static part of Eleventy's data cascade (directory data JSON, layouts'
            front matter), which gives a post its title, tags and permalink when its front
            matter does not, and says which templates are no posts; None for other generators.
        source_links: folders a link to a source file (``./blog/post.md``) also resolves
            from, besides the post's own folder (Eleventy's InputPath-to-URL plugin: the input
            folder and the project root).
    """

    name: str
    label: str
    root: Path
    config_path: Path | None = None
    static_roots: tuple[Path, ...] = ()
    render_options: Mapping[str, Any] = field(default_factory=dict)
    posts: tuple[str, ...] = ()
    rules: PostRules | None = None
    date_keys: tuple[str, ...] = ("date",)
    name_date: re.Pattern[str] | None = None
    path_date: bool = False
    url_date_keys: tuple[str, ...] = ()
    dates_always: str | None = None
    title_from: str | None = None
    draft_folders: frozenset[str] = frozenset()
    fold_keys: bool = False
    page_folders: tuple[str, ...] = ()
    slug_rule: SlugRule | None = None
    description_key: str = "description"
    description_from: str | None = None
    root_pages: tuple[str, ...] = ()
    includes: IncludeFolder | None = None
    supplies_excerpt: bool = False
    cascade: EleventyData | None = None
    source_links: tuple[Path, ...] = ()

    @property
    def header_lines(self) -> bool:
        """Whether the site's posts may start with header lines (``Title: …``), as Pelican's
        Markdown reader takes them; every other generator reads them as body text."""
        return self.name == "pelican"

    def meta_view(self, meta: Mapping[str, Any]) -> Mapping[str, Any]:
        """``meta`` as this generator reads it (keys lower-cased where it folds them)."""
        if not self.fold_keys:
            return meta
        return {str(k).casefold(): v for k, v in meta.items()}

    def date_value(self, meta: Mapping[str, Any]) -> tuple[str | None, Any]:
        """The front-matter key the post's date is in and its value; (None, None) without one."""
        meta = self.meta_view(meta)
        for key in self.date_keys:
            value = meta.get(key)
            if value is not None and not (isinstance(value, str) and not value.strip()):
                return key, value
        return None, None


@dataclass(frozen=True)
class Derived:
    """What a generator makes of a post beyond its front matter.

    Attributes:
        slug: the post's slug as the generator makes it: from its path, without a date prefix
            the generator takes off; or, where the generator has a :attr:`Generator.slug_rule`,
            the front matter's ``slug``, else the slug the rule makes (Pelican's from the
            title).
        date: the date from the post's name or URL path (when its front matter has none).
        date_from: where ``date`` came from ("the file name", "the folder name", "the path
            setting"), or what the generator dates an undated post by (``dates_always``).
        title: the title the generator derives when the front matter has none.
        title_from: "the file name" or "the first heading", when ``title`` is set.
        draft: the post is a draft by where it is (Jekyll's ``_drafts``).
        page: the post is a page, which the generator never dates (its date is not missing).
        unlisted: why the generator makes no post of the file (Eleventy's ``permalink:
            false``, say), or None for a post.
    """

    slug: str
    date: dt.datetime | None = None
    date_from: str | None = None
    title: str | None = None
    title_from: str | None = None
    draft: bool = False
    page: bool = False
    unlisted: str | None = None


def _name_of(path: Path) -> tuple[str, str]:
    """The name a post is known by (file stem, or folder name for ``index.*``) and its kind."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    if stem == "index" and path.parent.name:
        return path.parent.name, "the folder name"
    return stem, "the file name"


def header_lines_of(generator: Generator | None) -> bool | None:
    """``header_lines`` for reading a post of a site with ``generator`` (see
    :class:`~editor.core.post.Post`): None for a site of no known generator, where a post
    whose first line is ``Title: …`` is taken to start with header lines."""
    return None if generator is None else generator.header_lines


def titleize_slug(slug: str) -> str:
    """A title from a slug as Jekyll makes it: each ``-``-separated word capitalized."""
    return " ".join(word.capitalize() for word in slug.split("-"))


def derive(generator: Generator | None, path: Path, meta: Mapping[str, Any], body: str) -> Derived:
    """What ``generator`` makes of the post at ``path`` with front matter ``meta``."""
    name, kind = _name_of(path)
    if generator is None:
        return Derived(name)
    meta = generator.meta_view(meta)
    slug, date, date_from = name, None, None
    match = None
    if generator.name_date is not None:
        if generator.path_date:
            try:
                rel = Path(os.path.relpath(path, generator.root)).as_posix()
            except ValueError:
                rel = path.name
            rel = re.sub(r"(?:/index)?\.[^./]+$", "", rel)
            match = generator.name_date.search(rel)
            if match is not None and "/" in (match.groupdict().get("date") or ""):
                kind = "the folder names"
        else:
            match = generator.name_date.match(name)
    named_slug = False  # the name's own slug group gave it
    if match is not None:
        groups = match.groupdict()
        if groups.get("slug"):
            slug, named_slug = groups["slug"], True
        raw = groups.get("date")
        date = dates.parse(raw.replace("/", "-")) if raw else None
        date_from = kind if date is not None else None
    if date is None:
        date, date_from = _url_date(generator, meta)
    if date is None and generator.dates_always and generator.date_value(meta)[0] is None:
        date_from = generator.dates_always
    title, title_from = None, None
    if meta.get("title") is None:
        if generator.title_from == "file name":
            title, title_from = titleize_slug(slug), "the file name"
        elif generator.title_from == "heading":
            title = _top_heading(body)
            title_from = "the first heading" if title else None
    unlisted = None
    if generator.cascade is not None:
        cascade = generator.cascade.cascade(path, meta)
        unlisted = generator.cascade.unlisted(cascade)
        if title is None and meta.get("title") is None:
            title, title_from = _cascade_title(cascade, meta)
    draft = any(part in generator.draft_folders for part in path.parent.parts) or (
        generator.fold_keys and str(meta.get("status", "")).strip().casefold() == "draft"
    )
    page = any(_inside(path, generator.root / folder) for folder in generator.page_folders)
    if generator.slug_rule is not None:
        slug = _ruled_slug(generator.slug_rule, path, meta, slug, named_slug)
    page = page or any(_top_of(path, generator.root / folder) for folder in generator.root_pages)
    return Derived(slug, date, date_from, title, title_from, draft, page, unlisted)


def _cascade_title(cascade: Cascade, meta: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The title Eleventy's cascade gives a post: the key its layout's heading shows
    (``# {{ newstitle }}``), else a ``title`` from its data files or layouts."""
    key = cascade.title_key
    shown = meta.get(key) if key else None
    if key and isinstance(shown, (str, int, float)) and str(shown).strip():
        return str(shown).strip(), f"{key} (the layout's heading)"
    title = cascade.values.get("title")
    if isinstance(title, (str, int, float)) and str(title).strip():
        return str(title).strip(), cascade.sources["title"]
    return None, None


def _ruled_slug(
    rule: SlugRule, path: Path, meta: Mapping[str, Any], slug: str, named_slug: bool
) -> str:
    """The slug of a generator with a slug rule: the front matter's ``slug``, else the one
    its file name's pattern gives, else the one the rule makes (Pelican's order)."""
    own = meta.get("slug")
    if isinstance(own, (str, int)) and not isinstance(own, bool) and str(own).strip():
        return str(own).strip()
    if named_slug:
        return slug
    title = meta.get("title")
    basename = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    made = rule.slug(str(title) if isinstance(title, (str, int)) else None, basename)
    return made or slug


def _inside(path: Path, folder: Path) -> bool:
    return os.path.normpath(path).startswith(os.path.join(os.path.normpath(folder), ""))


_INDEX_NAME = re.compile(r"index(?:\.[a-z]{2}(?:-[a-z]+)?)?\.[^.]+$", re.IGNORECASE)


def _top_of(path: Path, folder: Path) -> bool:
    """Whether ``path`` is a file at the top of ``folder`` or the ``index`` of a bundle there."""
    parent, top = os.path.normpath(path.parent), os.path.normpath(folder)
    if parent == top:
        return True
    return os.path.dirname(parent) == top and bool(_INDEX_NAME.match(path.name))


_URL_DATE = re.compile(r"(?:^|/)(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)")


def _url_date(
    generator: Generator, meta: Mapping[str, Any]
) -> tuple[dt.datetime | None, str | None]:
    for key in generator.url_date_keys:
        value = meta.get(key)
        match = _URL_DATE.search(value) if isinstance(value, str) else None
        if match is not None:
            try:
                year, month, day = map(int, match.groups())
                return dt.datetime(year, month, day), f"the {key} setting"
            except ValueError:
                continue
    return None, None


_SKIPPED_TOP = re.compile(r"\s*$|\s*(?:import|export)\s|\s*<!--.*-->\s*$")
_TOP_HEADING = re.compile(r" {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")


def _top_heading(body: str) -> str | None:
    """The text of a ``#`` heading that opens the body (after blank, import and export lines),
    as Docusaurus takes a blog post's title from it."""
    for line in body.splitlines():
        if _SKIPPED_TOP.match(line):
            continue
        heading = _TOP_HEADING.match(line)
        return heading.group(1).strip() or None if heading else None
    return None
