"""The posts of a site, what they have in common, and the series they form (pure; no Qt).

:meth:`Site.open` finds the site root (the folder with ``galley.toml``), reads its settings, and
reads every post's front matter once into a :class:`PostInfo`. :meth:`Site.refresh` re-reads only
what changed on disk. From the posts the site learns what a new post needs: the authors and their
avatars, the tags in use, and the series (``Lighthouse Weekly 12 - …``) with their numbering,
cadence, date shape, constant fields and recurring section headings.

A post that cannot be read is still listed, with :attr:`PostInfo.error` saying why, so one broken
file never hides the others.

The series themselves live in :mod:`editor.core.series` (their names are re-exported here), and the
next issue of one is planned and created by :mod:`editor.core.newissue` (:func:`add_issue`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any

from editor.core import dates, fileio
from editor.core.errors import GalleyError
from editor.core.post import Post
from editor.core.series import (
    CADENCE_WINDOW,
    RECURRING_SHARE,
    Cadence,
    Series,
    SeriesIssue,
    TitleParts,
    build_series,
    group_series,
    slug_issue,
    slugify,
    title_issue,
    title_parts,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "CADENCE_WINDOW",
    "CONFIG_NAME",
    "RECURRING_SHARE",
    "Cadence",
    "PostInfo",
    "Series",
    "SeriesIssue",
    "Site",
    "SiteConfigError",
    "SiteError",
    "SiteSettings",
    "SiteTruncatedError",
    "TitleParts",
    "build_series",
    "default_posts",
    "find_posts",
    "find_root",
    "group_series",
    "matches_posts",
    "parse_settings",
    "read_post",
    "read_settings",
    "scan_posts",
    "slug_issue",
    "slug_of",
    "slugify",
    "title_issue",
    "title_parts",
]

log = logging.getLogger(__name__)

CONFIG_NAME = "galley.toml"
SITE_POSTS = ("content/blog/**/index.md", "content/blog/*.md")
FOLDER_POSTS = ("**/index.md", "*.md")
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})  # and every hidden folder
SKIPPED_FILES = frozenset({"_index.md"})  # Hugo's section pages are not posts
# A site is read whole or it says it was not: checks and new issues need every post (a partial
# read once checked "2,500 posts, 0 errors" of 2,600 and numbered a new issue twice).
MAX_POSTS = 20_000  # the Rust blog has 751 posts, big Jekyll sites a few thousand
MAX_FOLDERS = 200_000  # image folders count too; this only stops a walk of a whole home folder


class SiteError(GalleyError):
    """A site could not be opened."""

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path


class SiteTruncatedError(SiteError):
    """A site was only read in part: it has more posts (or folders) than Galley reads."""


class SiteConfigError(SiteError):
    """``galley.toml`` is not valid TOML, has a setting of the wrong type, or a path setting
    that leads outside the site.

    ``line`` and ``column`` are 1-based, or None when the position is unknown.
    """

    def __init__(
        self,
        summary: str,
        detail: str = "",
        *,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(summary, detail, path=path)
        self.line = line
        self.column = column


# -- settings


@dataclass(frozen=True)
class SiteSettings:
    """Per-site settings from ``galley.toml``; every one is optional.

    Attributes:
        posts: glob patterns, relative to the site root, of the post files (``**`` is any depth).
        assets: the folder new images go to, relative to the post's folder; a value starting
            with ``/`` is relative to the site root instead.
        date_format: strftime format for new dates, or None to copy the latest post's shape.
        pull_request_base: a URL that bare ``#1234`` references are linked against.
        templates: a folder of post templates, relative to the site root, or None.
        spelling_language: the language posts are spell-checked in ("en", "de", ...), or None
            for English; a post's ``lang:`` front matter overrides it (see editor.core.spelling).
        ignored_keys: keys in the file Galley does not know (kept for a settings check).
        lines: the line of each setting in the file, for messages about it.
    """

    posts: tuple[str, ...] = SITE_POSTS
    assets: str = "."
    date_format: str | None = None
    pull_request_base: str | None = None
    templates: str | None = None
    spelling_language: str | None = None
    ignored_keys: tuple[str, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)


def default_posts(root: Path) -> tuple[str, ...]:
    """The post patterns of a site without a ``posts`` setting, chosen by its layout."""
    return SITE_POSTS if (root / "content" / "blog").is_dir() else FOLDER_POSTS


def read_settings(root: Path) -> SiteSettings:
    """The settings of the site at ``root``: its ``galley.toml`` if there is one, else defaults.

    Raises:
        SiteConfigError: the file is unreadable, not valid TOML, or has a wrong setting.
    """
    path = root / CONFIG_NAME
    defaults = default_posts(root)
    if not os.path.exists(path):  # (a dangling link counts as no file, as before)
        settings = SiteSettings(posts=defaults)
        _confine(root, settings, None)
        return settings
    try:  # a FIFO or a link to /dev/zero in its place is refused, never read
        data = fileio.read_bytes(path, fileio.MAX_SETTINGS_BYTES, kind="settings files")
    except GalleyError as exc:
        raise SiteConfigError(
            exc.summary,
            f"{exc.detail} Without the file Galley uses its default settings.",
            path=path,
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SiteConfigError(
            f"Could not read the site settings in {path}: it is not UTF-8 text.",
            "Fix or remove the file; without it Galley uses its default settings.",
            path=path,
        ) from None
    settings = parse_settings(text, path, default_posts=defaults)
    _confine(root, settings, path)
    return settings


def parse_settings(
    text: str, path: Path | None = None, *, default_posts: Sequence[str] = SITE_POSTS
) -> SiteSettings:
    """Parse the TOML text of a ``galley.toml``.

    Raises:
        SiteConfigError: the text is not valid TOML or a setting has the wrong type.
    """
    name = str(path) if path is not None else CONFIG_NAME
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason, line, column = _toml_problem(exc, text)
        where = f" (line {line}, column {column})" if line is not None else ""
        raise SiteConfigError(
            f"Could not read the site settings in {name}{where}: {reason}.",
            "Fix that line (settings are TOML: 'key = value', text in quotes, lists in [ ]), "
            "or remove the file to use the default settings.",
            path=path, line=line, column=column,
        ) from None  # fmt: skip

    def wrong(key: str, expected: str, example: str) -> SiteConfigError:
        line = _key_line(text, key)
        where = f" (line {line})" if line is not None else ""
        return SiteConfigError(
            f"The setting '{key}' in {name}{where} must be {expected}.",
            f"Write it like: {example}",
            path=path, line=line, column=1 if line is not None else None,
        )  # fmt: skip

    def text_value(key: str, example: str) -> str | None:
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value
        raise wrong(key, "text in quotes", example)

    def outside(key: str, value: str, rule: str, example: str) -> SiteConfigError:
        line = _key_line(text, key)
        where = f" (line {line})" if line is not None else ""
        return SiteConfigError(
            f"The setting '{key}' in {name}{where} points outside the site: '{value}'.",
            "Galley reads and writes only inside the site's folder (the one with galley.toml); "
            f"write {rule}, like: {example}",
            path=path, line=line, column=1 if line is not None else None,
        )  # fmt: skip

    from_root = "a path from the site's folder, without '..' or a leading '/'"

    posts: Any = data.get("posts", list(default_posts))
    if isinstance(posts, str):
        posts = [posts]
    if not (isinstance(posts, list) and posts and all(isinstance(p, str) and p for p in posts)):
        raise wrong("posts", "a list of file patterns", 'posts = ["content/blog/**/index.md"]')
    posts = [p.replace("\\", "/") for p in posts]
    for pattern in posts:  # ``posts = ["../../etc/*"]`` would read /etc
        if _climbs_out(pattern, root_slash=False):
            raise outside("posts", pattern, from_root, 'posts = ["content/blog/**/index.md"]')
    assets = text_value("assets", 'assets = "."') or "."
    if _climbs_out(assets, root_slash=True, relative_ok=True):  # "/x" is from the site root
        rule = "a folder relative to the post's folder, or from the site's folder after a '/'"
        raise outside("assets", assets, rule, 'assets = "images" or assets = "/static/images"')
    templates = text_value("templates", 'templates = "templates"')
    if templates is not None and _climbs_out(templates, root_slash=False):
        raise outside("templates", templates, from_root, 'templates = "templates"')
    return SiteSettings(
        posts=tuple(posts),
        assets=assets,
        date_format=text_value("date_format", 'date_format = "%Y-%m-%dT%H:%M:%S.0Z"'),
        pull_request_base=text_value(
            "pull_request_base", 'pull_request_base = "https://github.com/owner/repo/pull/"'
        ),
        templates=templates,
        spelling_language=text_value("spelling_language", 'spelling_language = "en"'),
        ignored_keys=tuple(k for k in data if k not in _KNOWN_KEYS),
        lines={k: line for k in data if (line := _key_line(text, k)) is not None},
    )


def _climbs_out(value: str, *, root_slash: bool, relative_ok: bool = False) -> bool:
    """Whether a path setting leaves the site as written (before any symlink is looked at).

    An absolute path or one on a drive leaves it; a leading ``/`` is the site root where
    ``root_slash`` says so (``assets``). ``..`` leaves it, except where the path is relative
    to a post's folder (``relative_ok``, again ``assets``: ``../images`` is the section's
    shared folder), which :meth:`Site.asset_folder` checks against each post.
    """
    text = value.replace("\\", "/")
    if PureWindowsPath(value).drive or text.startswith("//"):
        return True  # C:/x, //server/share
    if text.startswith("/"):
        if not root_slash:
            return True
        return _rises(text)
    return not relative_ok and _rises(text)


def _rises(text: str) -> bool:
    """Whether a relative path climbs above its start (``a/../..``), segment by segment."""
    depth = 0
    for part in text.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _is_inside(path: Path | str, root: Path | str) -> bool:
    """Whether ``path`` is ``root`` or below it once every symlink of both is resolved."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def _confine(root: Path, settings: SiteSettings, config: Path | None) -> None:
    """Refuse settings whose folders are symlinks out of the site (a cloned site can carry
    ``content/blog -> /``). What the text says was checked by :func:`parse_settings`.

    Raises:
        SiteConfigError: naming the setting and its line (or the folder, for a default).
    """
    folders = [("posts", root.joinpath(*_split_pattern(p)[0])) for p in settings.posts]
    if settings.templates:
        folders.append(("templates", root / settings.templates))
    if settings.assets.startswith("/"):
        folders.append(("assets", root / settings.assets.lstrip("/")))
    for key, folder in folders:
        if _is_inside(folder, root):
            continue
        real = os.path.realpath(folder)
        if config is None or key not in settings.lines:
            raise SiteConfigError(
                f"The folder {folder} is a link to {real}, outside the site in {root}.",
                "Galley reads posts only inside the site's folder; replace the link with the "
                "real folder, or open the folder it points to.",
                path=folder,
            )
        line = settings.lines[key]
        raise SiteConfigError(
            f"The setting '{key}' in {config} (line {line}) leads outside the site: "
            f"{folder} is a link to {real}.",
            "Galley reads and writes only inside the site's folder; replace the link with the "
            "real folder, or change the setting.",
            path=config, line=line, column=1,
        )  # fmt: skip


_KNOWN_KEYS = frozenset(f.name for f in dataclasses.fields(SiteSettings)) - {
    "ignored_keys",
    "lines",
}
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def _toml_problem(exc: ValueError, text: str) -> tuple[str, int | None, int | None]:
    """The reason, line and column of a TOML error, whose message ends in its position."""
    message = str(exc)
    match = _TOML_POSITION.search(message)
    if match is None:
        return message.rstrip("."), None, None
    reason = message[: match.start()].rstrip(".")
    if match.group(1) is None:  # at the end of the document
        last_line = text[text.rfind("\n") + 1 :]
        return f"{reason} at the end of the file", text.count("\n") + 1, len(last_line) + 1
    return reason, int(match.group(1)), int(match.group(2))


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


# -- finding the site and its posts


def find_root(path: Path | str) -> Path:
    """The root folder of the site that ``path`` (a folder or a post file) belongs to.

    That is the nearest folder at or above ``path`` holding a ``galley.toml``. Failing that, a
    post file's root is the parent of its nearest ``content`` folder, or else the folder the
    post sits in (for ``<slug>/index.md``, the folder above it); a folder is its own root.
    """
    start = Path(os.path.abspath(path))
    # Anything there but a folder is a post, even a FIFO (reading it refuses it with a
    # sentence; taken for a folder, it made a site of no posts that checked clean).
    is_file = os.path.lexists(start) and not start.is_dir()
    folder = start.parent if is_file else start
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    if not is_file:
        return folder
    for candidate in (folder, *folder.parents):
        if candidate.name == "content":
            return candidate.parent
    return folder.parent if start.name == "index.md" else folder


def _is_skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_FOLDERS


def _split_pattern(pattern: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A pattern's literal leading folders and the rest (from its first wildcard on)."""
    parts = tuple(p for p in pattern.strip("/").split("/") if p not in ("", "."))
    for i, part in enumerate(parts):
        if part == "**" or any(c in part for c in "*?["):
            return parts[:i], parts[i:]
    return parts[:-1], parts[-1:]


def _match_parts(parts: Sequence[str], pattern: Sequence[str]) -> bool:
    """Whether path segments match pattern segments; ``**`` matches any number of segments."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_match_parts(parts[i:], pattern[1:]) for i in range(len(parts) + 1))
    return bool(parts) and (
        fnmatch.fnmatchcase(parts[0], pattern[0]) and _match_parts(parts[1:], pattern[1:])
    )


@dataclass
class _Budget:
    folders: int  # left to look into
    stopped: str | None = None  # "posts" or "folders": which cap stopped the listing


def _walk(base: Path, pattern: tuple[str, ...], budget: _Budget) -> Iterator[Path]:
    """Files under ``base`` matching ``pattern``, skipping hidden and tool folders.

    ``os.walk`` does not follow symlinked folders (so a link loop is not walked round), and a
    FIFO named ``x.md`` is only listed here, never opened: reading refuses it.
    """
    max_depth = None if "**" in pattern else len(pattern) - 1
    start = len(str(base).rstrip(os.sep))  # ("/" itself: 0)
    for folder, subfolders, files in os.walk(base):
        budget.folders -= 1
        if budget.folders < 0:
            budget.stopped = "folders"
            return
        rel = tuple(folder[start:].split(os.sep)[1:])  # (as Path.relative_to, 3x faster)
        if max_depth is not None and len(rel) >= max_depth:
            subfolders.clear()
        subfolders[:] = sorted(s for s in subfolders if not _is_skipped(s))
        for name in files:
            wanted = not name.startswith(".") and name not in SKIPPED_FILES
            if wanted and _match_parts((*rel, name), pattern):
                yield Path(folder, name)


@dataclass(frozen=True)
class PostScan:
    """The post files of a site, and why the list is partial when it is.

    Attributes:
        paths: the post files, sorted.
        truncated: None when every post was listed; else the error to show (what stopped the
            listing and what to do).
    """

    paths: list[Path]
    truncated: SiteTruncatedError | None = None


def scan_posts(
    root: Path,
    patterns: Iterable[str],
    *,
    exclude: Collection[Path] = (),
    max_posts: int | None = None,
    max_folders: int | None = None,
) -> PostScan:
    """The post files under ``root`` matching ``patterns``, without those under ``exclude``:
    at most ``max_posts`` of them (default :data:`MAX_POSTS`), looking into at most
    ``max_folders`` folders (default :data:`MAX_FOLDERS`)."""
    max_posts = MAX_POSTS if max_posts is None else max_posts
    max_folders = MAX_FOLDERS if max_folders is None else max_folders
    found: set[Path] = set()
    budget = _Budget(max_folders)
    excluded = tuple(os.path.join(os.path.normpath(x), "") for x in exclude)  # "t/", not "t2"
    for pattern in patterns:
        fixed, rest = _split_pattern(pattern)
        base = Path(os.path.normpath(root.joinpath(*fixed)))
        if not (rest and base.is_dir()):
            continue
        if not _is_inside(base, root):  # a link out of the site since the settings were read
            log.warning("Not listing posts in %s: it leads outside the site %s", base, root)
            continue
        for path in _walk(base, rest, budget):
            if path in found or (excluded and str(path).startswith(excluded)):
                continue
            if len(found) >= max_posts:
                budget.stopped = "posts"
                break
            found.add(path)
        if budget.stopped:
            break
    return PostScan(
        sorted(found), _truncated(root, budget.stopped, len(found), max_posts, max_folders)
    )


def _truncated(
    root: Path, stopped: str | None, count: int, max_posts: int, max_folders: int
) -> SiteTruncatedError | None:
    if stopped is None:
        return None
    log.warning("Listed only %d posts of %s: the %s cap was reached", count, root, stopped)
    if stopped == "posts":
        summary = (
            f"Galley read only the first {count:,} posts of the site in {root}: it reads "
            f"sites of up to {max_posts:,} posts."
        )
    else:
        summary = (
            f"Galley read only {count:,} posts of the site in {root}: it stopped after "
            f"looking into {max_folders:,} folders."
        )
    return SiteTruncatedError(
        summary,
        "A site check and a new issue need every post, so they are refused; open the site's "
        "own folder (the one with galley.toml or content/blog), or narrow the 'posts' "
        "patterns in galley.toml.",
        path=root,
    )


def find_posts(
    root: Path, patterns: Iterable[str], *, exclude: Collection[Path] = ()
) -> list[Path]:
    """The post files under ``root`` matching ``patterns``, without those under ``exclude``
    (:func:`scan_posts` also says whether the list is complete)."""
    return scan_posts(root, patterns, exclude=exclude).paths


def matches_posts(root: Path, patterns: Iterable[str], path: Path) -> bool:
    """Whether the file ``path`` is one of the site's posts by ``patterns``."""
    for pattern in patterns:
        fixed, rest = _split_pattern(pattern)
        base = os.path.normpath(root.joinpath(*fixed))
        try:
            parts = Path(os.path.relpath(path, base)).parts
        except ValueError:  # another drive on Windows
            continue
        if parts[0] == ".." or any(_is_skipped(p) for p in parts[:-1]):
            continue
        wanted = not parts[-1].startswith(".") and parts[-1] not in SKIPPED_FILES
        if wanted and _match_parts(parts, rest):
            return True
    return False


# -- one post


@dataclass(frozen=True)
class PostInfo:
    """What the site needs to know about one post, read from its front matter and headings.

    Attributes:
        path: the post file.
        slug: the folder name for ``<slug>/index.md``, else the file name without ``.md``.
        title: the ``title`` value, or "" without one.
        date: the ``date`` value read by :func:`editor.core.dates.parse` (aware if it has a zone).
        date_raw: the ``date`` value as loaded: a string as written, or a date/datetime for an
            unquoted YAML timestamp. Pass it to :func:`editor.core.dates.format_like`.
        draft: ``draft: true`` in the front matter.
        tags: the ``tags`` list (a single string counts as one tag).
        author: ``author.name`` (or ``author`` when it is plain text).
        avatar: ``author.avatar``, as written (usually relative to the post's folder).
        description: the ``description`` value, or None if missing or blank.
        headings: the text of the body's level-2 (``## ``) headings, in order.
        outline: the body's level-2 and level-3 headings as (level, text), in order.
        series: the name of the series the post belongs to (set by the site, which needs at
            least two posts to call it a series).
        series_number: the post's issue number in that series.
        error: why the post could not be read; None when it was read.
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
    error: str | None = None

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


def read_post(path: Path) -> PostInfo:
    """Read one post's :class:`PostInfo`; a post that cannot be read gets ``error`` set."""
    try:
        post = Post.load(path)
        return _info(path, post.meta.to_dict(), post.body)
    except GalleyError as exc:
        return PostInfo(path, slug_of(path), error=f"{exc.summary} {exc.detail}".strip())
    except Exception:  # one odd file must never stop a whole site from opening
        log.exception("Could not read the post %s", path)
        return PostInfo(
            path, slug_of(path), error=f"Could not read {path}: Galley met an unexpected problem."
        )


def _info(path: Path, meta: Mapping[str, Any], body: str) -> PostInfo:
    author: Any = meta.get("author")
    avatar: Any = None
    if isinstance(author, Mapping):
        author, avatar = author.get("name"), author.get("avatar")
    raw_date = meta.get("date")
    tags = meta.get("tags")
    if isinstance(tags, str):
        tags = [tags]
    draft = meta.get("draft")
    outline = tuple(_headings(body))
    return PostInfo(
        path=path,
        slug=slug_of(path),
        title=_text(meta.get("title")) or "",
        date=dates.parse(raw_date),
        date_raw=raw_date if isinstance(raw_date, (str, dt.date)) else None,
        draft=draft is True or (isinstance(draft, str) and draft.lower() in ("true", "yes")),
        tags=tuple(t for t in map(_text, tags) if t) if isinstance(tags, list) else (),
        author=_text(author),
        avatar=_text(avatar),
        description=_text(meta.get("description")),
        headings=tuple(text for level, text in outline if level == 2),
        outline=outline,
    )


def _text(value: object) -> str | None:
    """A front-matter scalar as stripped text; None for missing, blank or structured values."""
    if value is None or isinstance(value, (Mapping, list)):
        return None
    return str(value).strip() or None


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{2,3})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def _headings(body: str) -> Iterator[tuple[int, str]]:
    """The level and text of ATX level-2 and level-3 headings outside fenced code blocks."""
    fence = ""
    for line in body.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        elif (heading := _HEADING.match(line)) and heading.group(2):
            yield len(heading.group(1)), heading.group(2)


# -- the site


@dataclass
class _Entry:
    signature: tuple[int, int] | None  # (mtime_ns, size) when read; None if unknown
    info: PostInfo


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class Site:
    """The posts of one site, read once and kept up to date with :meth:`refresh`."""

    def __init__(
        self,
        root: Path,
        settings: SiteSettings,
        *,
        max_posts: int | None = None,
        max_folders: int | None = None,
    ) -> None:
        """Prefer :meth:`open`; this does not read the posts. ``max_posts`` and
        ``max_folders`` cap the listing (default :data:`MAX_POSTS` and :data:`MAX_FOLDERS`,
        read when the site is made, so tests can lower them)."""
        self.root = root
        self.settings = settings
        self.max_posts = MAX_POSTS if max_posts is None else max_posts
        self.max_folders = MAX_FOLDERS if max_folders is None else max_folders
        # Why the posts are only part of the site's (too many posts or folders), or None.
        self.truncated: SiteTruncatedError | None = None
        self._entries: dict[Path, _Entry] = {}
        self._config_signature = _signature(self.config_path)
        self._posts: tuple[PostInfo, ...] | None = None
        self._by_path: dict[Path, PostInfo] = {}
        self._series: tuple[Series, ...] = ()

    @classmethod
    def open(
        cls, path: Path | str, *, max_posts: int | None = None, max_folders: int | None = None
    ) -> Site:
        """Open the site that the folder or post file ``path`` belongs to (see :func:`find_root`).

        A site with more than ``max_posts`` posts opens with the first of them and
        :attr:`truncated` saying so.

        Raises:
            SiteError: ``path`` does not exist.
            SiteConfigError: its ``galley.toml`` is malformed or points outside the site.
        """
        if not os.path.exists(path):
            raise SiteError(
                f"Could not open the site at {path}.",
                "The folder does not exist any more; choose another folder.",
                path=Path(path),
            )
        root = find_root(path)
        site = cls(root, read_settings(root), max_posts=max_posts, max_folders=max_folders)
        site.refresh()
        return site

    @property
    def config_path(self) -> Path:
        """Where this site's ``galley.toml`` is (or would be)."""
        return self.root / CONFIG_NAME

    @property
    def templates_dir(self) -> Path | None:
        """The site's own templates folder, if the settings name one."""
        return self.root / self.settings.templates if self.settings.templates else None

    def contains(self, path: Path | str) -> bool:
        """Whether ``path`` is inside the site's folder once symlinks are resolved."""
        return _is_inside(path, self.root)

    def asset_folder(self, post_path: Path) -> Path:
        """The folder the images of the post at ``post_path`` belong in.

        Raises:
            SiteConfigError: the ``assets`` setting leads outside the site for this post (by
                ``..`` or through a symlinked folder); images are never written there.
        """
        assets = self.settings.assets
        if assets.startswith("/"):
            folder = Path(os.path.normpath(self.root / assets.lstrip("/")))
        else:
            folder = Path(os.path.normpath(Path(post_path).parent / assets))
        if not self.contains(folder):
            line = self.settings.lines.get("assets")
            where = f" (line {line})" if line is not None else ""
            real = os.path.realpath(folder)
            shown = f"{folder} is a link to {real}" if real != str(folder) else str(folder)
            raise SiteConfigError(
                f"The setting 'assets' in {self.config_path}{where} leads outside the site "
                f"for {post_path}: {shown}.",
                "Galley keeps images inside the site's folder; change the setting (a value "
                "starting with / is from the site root), or replace a linked folder with a "
                "real one.",
                path=self.config_path, line=line, column=1 if line is not None else None,
            )  # fmt: skip
        return folder

    # -- reading

    def refresh(self, changed_paths: Iterable[Path | str] | None = None) -> frozenset[Path]:
        """Bring the posts up to date with the disk; returns the paths added, changed or removed.

        Without ``changed_paths`` the post folders are listed again and only files whose
        modification time or size changed are re-read. With them (from a file watcher, say) only
        those paths are looked at, and each is re-read. A changed ``galley.toml`` reloads the
        settings and lists everything again.

        Raises:
            SiteConfigError: ``galley.toml`` changed and is now malformed (nothing is changed).
        """
        paths = None if changed_paths is None else {Path(os.path.abspath(p)) for p in changed_paths}
        if paths is None or self.config_path in paths:
            signature = _signature(self.config_path)
            if signature != self._config_signature:
                self.settings = read_settings(self.root)
                self._config_signature = signature
                paths = None
        changed = self._rescan() if paths is None else self._recheck(paths)
        if changed or self._posts is None:
            self._update_derived()
        return frozenset(changed)

    def _rescan(self) -> set[Path]:
        exclude = [self.templates_dir] if self.templates_dir else []
        scan = scan_posts(
            self.root,
            self.settings.posts,
            exclude=exclude,
            max_posts=self.max_posts,
            max_folders=self.max_folders,
        )
        self.truncated, found = scan.truncated, scan.paths
        changed = set(self._entries).difference(found)
        for path in changed:
            del self._entries[path]
        for path in found:
            signature = _signature(path)
            entry = self._entries.get(path)
            if entry is None or signature is None or entry.signature != signature:
                self._entries[path] = _Entry(signature, read_post(path))
                changed.add(path)
        return changed

    def _recheck(self, paths: Iterable[Path]) -> set[Path]:
        changed = set()
        for path in paths:
            signature = _signature(path)
            templates = self.templates_dir
            wanted = (
                signature is not None
                and path.is_file()
                and matches_posts(self.root, self.settings.posts, path)
                and not (templates and path.is_relative_to(templates))
            )
            if wanted:
                self._entries[path] = _Entry(signature, read_post(path))
                changed.add(path)
            elif self._entries.pop(path, None) is not None:
                changed.add(path)
        return changed

    def _update_derived(self) -> None:
        infos = [e.info for e in self._entries.values()]
        grouped = group_series(infos)
        membership = {i.post.path: (name, i.number) for name, _, issues in grouped for i in issues}
        final = {
            p.path: dataclasses.replace(
                p, series=membership[p.path][0], series_number=membership[p.path][1]
            )
            if p.path in membership
            else p
            for p in infos
        }
        self._posts = tuple(sorted(final.values(), key=_newest_first))
        self._by_path = final
        self._series = tuple(
            build_series(
                name, prefix, [dataclasses.replace(i, post=final[i.post.path]) for i in issues]
            )
            for name, prefix, issues in grouped
        )

    # -- what the site knows

    @property
    def posts(self) -> tuple[PostInfo, ...]:
        """Every post, newest first; undated posts last, by path."""
        if self._posts is None:
            self._update_derived()
        assert self._posts is not None
        return self._posts

    def post(self, path: Path | str) -> PostInfo | None:
        """The post at ``path``, if it is one of this site's."""
        if self._posts is None:
            self._update_derived()
        return self._by_path.get(Path(os.path.abspath(path)))

    def authors(self) -> dict[str, str | None]:
        """Author name → avatar of their newest post that has one; most prolific author first."""
        counts: Counter[str] = Counter()
        avatars: dict[str, str | None] = {}
        for post in self.posts:  # newest first
            if post.author:
                counts[post.author] += 1
                if avatars.get(post.author) is None:
                    avatars[post.author] = post.avatar
        return {name: avatars[name] for name in sorted(counts, key=lambda n: (-counts[n], n))}

    def tags(self) -> list[tuple[str, int]]:
        """Each tag with the number of posts that use it, most used first, then by name."""
        counts = Counter(tag for post in self.posts for tag in dict.fromkeys(post.tags))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))

    def series(self) -> list[Series]:
        """The series of this site (two or more numbered posts sharing a name), by name."""
        if self._posts is None:
            self._update_derived()
        return list(self._series)

    # -- writing

    def __repr__(self) -> str:
        return f"Site({str(self.root)!r}, {len(self._entries)} posts)"


def _newest_first(post: PostInfo) -> tuple[int, float, str]:
    key = post.date_key
    if key is None:
        return 1, 0.0, str(post.path)
    return 0, -(key - dt.datetime.min).total_seconds(), str(post.path)
