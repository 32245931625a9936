"""One post as a site sees it: its front matter and headings read once (pure; no Qt).

:func:`read_post` reads a post file into a :class:`PostInfo`: title, date, draft, tags, author and
avatar, description, and the level-2 and level-3 headings outside code blocks. A post that cannot
be read still gets one, with :attr:`PostInfo.error` saying why, so one broken file never hides
the others. Given the site's generator, what its front matter lacks is taken where the generator
takes it (:func:`editor.core.site.generators.derive`): the date from a ``2024-05-21-slug`` name,
the title from the file name (Jekyll) or the first heading (Docusaurus), a slug without its date.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core import dates
from editor.core.errors import FrontMatterError, GalleyError
from editor.core.post import Post
from editor.core.site.generators import Generator, derive, header_lines_of

__all__ = ["PostInfo", "read_post", "slug_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PostInfo:
    """What the site needs to know about one post, read from its front matter and headings.

    Attributes:
        path: the post file.
        slug: the folder name for ``<slug>/index.md``, else the file name without ``.md``; without
            the date prefix where the generator takes it off (``2024-05-21-slug.md``: ``slug``).
        title: the ``title`` value, or the title the generator derives, or "" without one.
        date: the ``date`` value (or the generator's date key, such as Astro's ``pubDate``) read
            by :func:`editor.core.dates.parse` (aware if it has a zone); without one, the date
            the generator takes from the post's name.
        date_raw: the date value as loaded: a string as written, or a date/datetime for an
            unquoted YAML timestamp. Pass it to :func:`editor.core.dates.format_like`. None
            when the date is not from the front matter.
        draft: ``draft: true`` in the front matter.
        tags: the ``tags`` list (a single string counts as one tag).
        author: ``author.name`` (or ``author`` when it is plain text).
        avatar: ``author.avatar``, as written (usually relative to the post's folder).
        description: the ``description`` value (the generator's own key for it: Pelican's
            ``Summary``), or None if missing or blank.
        headings: the text of the body's level-2 (``## ``) headings, in order.
        outline: the body's headings of levels 1 to 3 as (level, text), in order (not a
            level-1 title heading that opens the body).
        series: the name of the series the post belongs to (set by the site, which needs at
            least two posts to call it a series).
        series_number: the post's issue number in that series.
        number: the front matter's own issue number (``number = 665``, Pelican's
            ``Number: 665``), which is the post's number in its series when present.
        lang: the post's language as its front matter names it (``lang: ja``,
            ``language``) or a Hugo or Zola file name does (``index.fr.md``), or None; a series
            is numbered within one language.
        error: why the post could not be read; None when it was read.
        front_matter_broken: the file was read, but its front matter does not parse (``error``
            says where and why).
        title_from: where the generator took ``title`` from when the front matter has none
            ("the file name", "the first heading"); None for a front-matter title.
        date_from: where ``date`` came from when the front matter has none ("the file name",
            "the folder name", "the path setting"), or what the generator dates such a post by
            ("its file's history"); None for a front-matter date or no date at all.
        unlisted: why the site's generator makes no post of this file (Eleventy's
            ``permalink: false`` or ``eleventyExcludeFromCollections``): the site does not
            list it. None for a post.
    """

    path: Path
    slug: str
    title: str = ""
    date: dt.datetime | None = None
    date_raw: str | dt.date | None = None
    draft: bool = False
    tags: tuple[str, ...] = ()
    author: str | None = None
    avatar: str | None = None
    description: str | None = None
    headings: tuple[str, ...] = ()
    outline: tuple[tuple[int, str], ...] = ()
    series: str | None = None
    series_number: int | None = None
    number: int | None = None
    lang: str | None = None
    error: str | None = None
    front_matter_broken: bool = False
    title_from: str | None = None
    date_from: str | None = None
    unlisted: str | None = None

    @property
    def problem_label(self) -> str:
        """Why the post is not listed by its title, in a few words ("" when it was read)."""
        if self.error is None:
            return ""
        return "front matter needs fixing" if self.front_matter_broken else "cannot be read"

    @property
    def ok(self) -> bool:
        """Whether the post was read without error."""
        return self.error is None

    @property
    def date_key(self) -> dt.datetime | None:
        """The date as a naive UTC time, so dates with and without a zone compare."""
        if self.date is None or self.date.tzinfo is None:
            return self.date
        return self.date.astimezone(dt.timezone.utc).replace(tzinfo=None)


def slug_of(path: Path) -> str:
    """The slug of a post file: its folder's name for ``index.md``, else its name's stem."""
    return path.parent.name if path.stem == "index" else path.stem


def read_post(path: Path, generator: Generator | None = None) -> PostInfo:
    """Read one post's :class:`PostInfo`; a post that cannot be read gets ``error`` set.

    ``generator``: the site's, whose rules fill in the date, title and slug the front matter
    does not give (None: the front matter and the path alone, as for a Gatsby site).
    """
    try:
        post = Post.load(path, header_lines=header_lines_of(generator))
        return _info(path, post.meta.to_dict(), post.body, generator)
    except GalleyError as exc:
        error = f"{exc.summary} {exc.detail}".strip()
        broken = isinstance(exc, FrontMatterError)
        slug = derive(generator, path, {}, "").slug
        return PostInfo(path, slug, error=error, front_matter_broken=broken)
    except Exception:  # one odd file must never stop a whole site from opening
        log.exception("Could not read the post %s", path)
        return PostInfo(
            path, slug_of(path), error=f"Could not read {path}: Galley met an unexpected problem."
        )


def _info(
    path: Path, meta: Mapping[str, Any], body: str, generator: Generator | None = None
) -> PostInfo:
    derived = derive(generator, path, meta, body)
    if generator is not None:
        raw_date = generator.date_value(meta)[1]
        meta = generator.meta_view(meta)
    else:
        raw_date = meta.get("date")
    author: Any = meta.get("author")
    avatar: Any = None
    if isinstance(author, Mapping):
        author, avatar = author.get("name"), author.get("avatar")
    tags = meta.get("tags")
    if isinstance(tags, str):
        folds = generator is not None and generator.fold_keys  # Pelican: "Tags: a, b"
        tags = tags.split(",") if folds else [tags]
    draft = meta.get("draft")
    outline = tuple(_headings(body))
    title = _text(meta.get("title")) or ""
    date = dates.parse(raw_date)
    date_from = None
    if raw_date is None:
        date_from = derived.date_from
        date = derived.date
    return PostInfo(
        path=path,
        slug=derived.slug,
        title=title or derived.title or "",
        date=date,
        date_raw=raw_date if isinstance(raw_date, (str, dt.date)) else None,
        draft=draft is True
        or (isinstance(draft, str) and draft.lower() in ("true", "yes"))
        or derived.draft,
        tags=tuple(t for t in map(_text, tags) if t) if isinstance(tags, list) else (),
        author=_text(author),
        avatar=_text(avatar),
        description=_text(meta.get(generator.description_key if generator else "description")),
        headings=tuple(text for level, text in outline if level == 2),
        outline=outline,
        title_from=None if title else derived.title_from,
        date_from=date_from,
        number=_number(meta.get("number")),
        lang=_text(meta.get("lang")) or _text(meta.get("language")) or _lang_of(path, generator),
        unlisted=derived.unlisted,
    )


def _text(value: object) -> str | None:
    """A front-matter scalar as stripped text; None for missing, blank or structured values."""
    if value is None or isinstance(value, (Mapping, list)):
        return None
    return str(value).strip() or None


_LANG_SUFFIX = re.compile(r"[^.]+\.(?P<lang>[a-z]{2}(?:-[a-z]{2,4})?)\.[^.]+", re.IGNORECASE)


def _lang_of(path: Path, generator: Generator | None) -> str | None:
    """The language a Hugo or Zola translation's file name gives (``index.fr.md``)."""
    if generator is None or generator.name not in ("hugo", "zola"):
        return None
    match = _LANG_SUFFIX.fullmatch(path.name)
    return match.group("lang").lower() if match else None


def _number(value: object) -> int | None:
    """An issue number written as a whole number (``665`` or ``"665"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = _text(value) or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{1,3})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_BEFORE_TITLE = re.compile(r"\s*$|\s*(?:import|export)\s|\s*<!--.*-->\s*$")


def _headings(body: str) -> Iterator[tuple[int, str]]:
    """The level and text of ATX headings of levels 1 to 3 outside fenced code blocks; not a
    level-1 heading that opens the body (after blank, MDX import and comment lines), which is
    the post's title as Docusaurus takes it, not one of its sections."""
    fence = ""
    opening_text = True  # nothing but blank, import and comment lines so far
    for line in body.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        elif (heading := _HEADING.match(line)) and heading.group(2):
            level = len(heading.group(1))
            if not (level == 1 and opening_text):
                yield level, heading.group(2)
        if opening_text and not _BEFORE_TITLE.match(line):
            opening_text = False
