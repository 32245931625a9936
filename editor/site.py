"""The posts of a site, what they have in common, and the series they form (pure; no Qt).

:meth:`Site.open` finds the site root (the folder with ``galley.toml``), reads its settings, and
reads every post's front matter once into a :class:`PostInfo`. :meth:`Site.refresh` re-reads only
what changed on disk. From the posts the site learns what a new post needs: the authors and their
avatars, the tags in use, and the series (``Lighthouse Weekly 12 - …``) with their numbering,
cadence, date shape, constant fields and recurring section headings.

A post that cannot be read is still listed, with :attr:`PostInfo.error` saying why, so one broken
file never hides the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import itertools
import logging
import os
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from editor import dates
from editor.errors import GalleyError
from editor.post import Post

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "CONFIG_NAME",
    "Cadence",
    "PostInfo",
    "Series",
    "SeriesIssue",
    "Site",
    "SiteConfigError",
    "SiteError",
    "SiteSettings",
    "build_series",
    "default_posts",
    "find_posts",
    "find_root",
    "group_series",
    "matches_posts",
    "parse_settings",
    "read_post",
    "read_settings",
    "slug_issue",
    "slug_of",
    "slugify",
    "title_issue",
]

log = logging.getLogger(__name__)

CONFIG_NAME = "galley.toml"
SITE_POSTS = ("content/blog/**/index.md", "content/blog/*.md")
FOLDER_POSTS = ("**/index.md", "*.md")
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})  # and every hidden folder
SKIPPED_FILES = frozenset({"_index.md"})  # Hugo's section pages are not posts
MAX_FOLDERS = 5_000  # a folder walk stops here, so opening a home folder cannot hang the app
CADENCE_WINDOW = 10  # a series' usual weekday and time come from its newest issues
RECURRING_SHARE = 0.5  # a heading recurs when at least this share of a series' issues has it
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

T = TypeVar("T")


class SiteError(GalleyError):
    """A site could not be opened."""

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path


class SiteConfigError(SiteError):
    """``galley.toml`` is not valid TOML or has a setting of the wrong type.

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
        ignored_keys: keys in the file Galley does not know (kept for a settings check).
    """

    posts: tuple[str, ...] = SITE_POSTS
    assets: str = "."
    date_format: str | None = None
    pull_request_base: str | None = None
    templates: str | None = None
    ignored_keys: tuple[str, ...] = ()


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
    if not path.is_file():
        return SiteSettings(posts=defaults)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise SiteConfigError(
            f"Could not read the site settings in {path}: {reason}.",
            "Fix or remove the file; without it Galley uses its default settings.",
            path=path,
        ) from None
    return parse_settings(text, path, default_posts=defaults)


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

    posts: Any = data.get("posts", list(default_posts))
    if isinstance(posts, str):
        posts = [posts]
    if not (isinstance(posts, list) and posts and all(isinstance(p, str) and p for p in posts)):
        raise wrong("posts", "a list of file patterns", 'posts = ["content/blog/**/index.md"]')
    return SiteSettings(
        posts=tuple(p.replace("\\", "/") for p in posts),
        assets=text_value("assets", 'assets = "."') or ".",
        date_format=text_value("date_format", 'date_format = "%Y-%m-%dT%H:%M:%S.0Z"'),
        pull_request_base=text_value(
            "pull_request_base", 'pull_request_base = "https://github.com/owner/repo/pull/"'
        ),
        templates=text_value("templates", 'templates = "templates"'),
        ignored_keys=tuple(k for k in data if k not in _KNOWN_KEYS),
    )


_KNOWN_KEYS = frozenset(f.name for f in dataclasses.fields(SiteSettings)) - {"ignored_keys"}
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
    is_file = start.is_file()
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


def _walk(base: Path, pattern: tuple[str, ...], budget: list[int]) -> Iterator[Path]:
    """Files under ``base`` matching ``pattern``, skipping hidden and tool folders."""
    max_depth = None if "**" in pattern else len(pattern) - 1
    for folder, subfolders, files in os.walk(base):
        budget[0] -= 1
        if budget[0] < 0:
            log.warning("Stopped listing posts after %d folders under %s", MAX_FOLDERS, base)
            return
        rel = Path(folder).relative_to(base).parts
        if max_depth is not None and len(rel) >= max_depth:
            subfolders.clear()
        subfolders[:] = sorted(s for s in subfolders if not _is_skipped(s))
        for name in files:
            wanted = not name.startswith(".") and name not in SKIPPED_FILES
            if wanted and _match_parts((*rel, name), pattern):
                yield Path(folder, name)


def find_posts(
    root: Path, patterns: Iterable[str], *, exclude: Collection[Path] = ()
) -> list[Path]:
    """The post files under ``root`` matching ``patterns``, without those under ``exclude``."""
    found: set[Path] = set()
    budget = [MAX_FOLDERS]
    for pattern in patterns:
        fixed, rest = _split_pattern(pattern)
        base = Path(os.path.normpath(root.joinpath(*fixed)))
        if base.is_dir() and rest:
            found.update(_walk(base, rest, budget))
    return sorted(p for p in found if not any(p.is_relative_to(x) for x in exclude))


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
        date: the ``date`` value read by :func:`editor.dates.parse` (aware if it has a zone).
        date_raw: the ``date`` value as loaded: a string as written, or a date/datetime for an
            unquoted YAML timestamp. Pass it to :func:`editor.dates.format_like`.
        draft: ``draft: true`` in the front matter.
        tags: the ``tags`` list (a single string counts as one tag).
        author: ``author.name`` (or ``author`` when it is plain text).
        avatar: ``author.avatar``, as written (usually relative to the post's folder).
        description: the ``description`` value, or None if missing or blank.
        headings: the text of the body's level-2 (``## ``) headings, in order.
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
        headings=tuple(_level2_headings(body)),
    )


def _text(value: object) -> str | None:
    """A front-matter scalar as stripped text; None for missing, blank or structured values."""
    if value is None or isinstance(value, (Mapping, list)):
        return None
    return str(value).strip() or None


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING2 = re.compile(r" {0,3}##[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def _level2_headings(body: str) -> Iterator[str]:
    """The text of ATX level-2 headings outside fenced code blocks."""
    fence = ""
    for line in body.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        elif (heading := _HEADING2.match(line)) and heading.group(1):
            yield heading.group(1)


# -- series


@dataclass(frozen=True)
class SeriesIssue:
    """One post of a series, with the numbers its title and its slug give it."""

    post: PostInfo
    number: int  # the title's number, or the slug's when the title has none
    title_number: int | None
    slug_number: int | None

    @property
    def disagrees(self) -> bool:
        """Whether title and slug give different numbers (the slug was not renamed, say)."""
        return None not in (self.title_number, self.slug_number) and (
            self.title_number != self.slug_number
        )


@dataclass(frozen=True)
class Cadence:
    """When the issues of a series usually come out (wall time, as written in the posts)."""

    weekday: int | None = None  # Monday is 0
    time: dt.time | None = None  # None when the dates have no time of day
    interval_days: int | None = None  # the most common number of days between issues

    @property
    def weekday_name(self) -> str | None:
        return _WEEKDAYS[self.weekday] if self.weekday is not None else None


@dataclass(frozen=True)
class Series:
    """Posts that share a name and are numbered, like ``Lighthouse Weekly 12 - Storm season``.

    Attributes:
        name: the series name as the titles write it.
        slug_prefix: what the issues' slugs start with, before ``-<number>``.
        issues: sorted by number, then date.
        cadence: the usual weekday, time and interval of the issues.
        date_shape: the raw date of the latest issue; :func:`editor.dates.format_like` writes a
            new date in that shape.
        author, avatar, tags: those of the latest issue.
        constant_fields: which of "author", "avatar" and "tags" are the same in every issue.
        headings: the ``##`` headings at least half of the issues have, in their usual order.
    """

    name: str
    slug_prefix: str
    issues: tuple[SeriesIssue, ...]
    cadence: Cadence = field(default_factory=Cadence)
    date_shape: str | dt.date | None = None
    author: str | None = None
    avatar: str | None = None
    tags: tuple[str, ...] = ()
    constant_fields: frozenset[str] = frozenset()
    headings: tuple[str, ...] = ()

    @property
    def numbers(self) -> tuple[int, ...]:
        """The issue numbers in use, sorted, each once."""
        return tuple(sorted({i.number for i in self.issues}))

    @property
    def missing(self) -> tuple[int, ...]:
        """The numbers skipped between the first and the last issue."""
        used = set(self.numbers)
        return tuple(n for n in range(self.numbers[0], self.numbers[-1]) if n not in used)

    @property
    def duplicates(self) -> tuple[int, ...]:
        """The numbers more than one issue uses."""
        counts = Counter(i.number for i in self.issues)
        return tuple(sorted(n for n, count in counts.items() if count > 1))

    @property
    def disagreements(self) -> tuple[SeriesIssue, ...]:
        """The issues whose title and slug numbers differ."""
        return tuple(i for i in self.issues if i.disagrees)

    @property
    def next_number(self) -> int:
        return self.numbers[-1] + 1

    @property
    def latest(self) -> SeriesIssue:
        """The newest issue by date (undated issues count as oldest), then by number."""
        return max(self.issues, key=_issue_age)


def _issue_age(issue: SeriesIssue) -> tuple[bool, dt.datetime, int]:
    key = issue.post.date_key
    return key is not None, key or dt.datetime.min, issue.number


_TITLE_ISSUE = re.compile(
    r"(?P<name>.*?[^\W\d_].*?)\s+(?:#\s*)?(?P<number>\d{1,5})\s*(?:$|[-–—:|]\s*(?P<subtitle>.*))",
    re.DOTALL,
)
_SLUG_ISSUE = re.compile(r"(?P<prefix>[\w-]*?[^\W\d_][\w-]*?)-(?P<number>\d{1,5})(?:-.*)?")


def title_issue(title: str) -> tuple[str, int] | None:
    """The series name and number of a title: ``Name 12 - Sub``, ``Name #12: Sub``, ``Name 12``."""
    match = _TITLE_ISSUE.fullmatch(title.strip())
    return (match.group("name").strip(), int(match.group("number"))) if match else None


def slug_issue(slug: str) -> tuple[str, int] | None:
    """The prefix and number of a slug like ``name-12-subtitle`` or ``name-12``."""
    match = _SLUG_ISSUE.fullmatch(slug.casefold())
    return (match.group("prefix"), int(match.group("number"))) if match else None


def slugify(text: str) -> str:
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")


@dataclass
class _Group:
    key: str
    members: list[PostInfo] = field(default_factory=list)
    slug_prefix: str = ""


def group_series(posts: Iterable[PostInfo]) -> list[tuple[str, str, list[SeriesIssue]]]:
    """Find the series among ``posts``: (name, slug prefix, issues) for each, by first issue.

    A post belongs to a series by its title's name, or else by its slug's prefix (a post that
    could not be read joins by its slug, so its number still counts). Two posts make a series.
    """
    groups: dict[str, _Group] = {}
    by_slug: list[tuple[str, PostInfo]] = []
    for post in posts:
        in_title = title_issue(post.title) if post.ok else None
        in_slug = slug_issue(post.slug)
        if in_title is not None:
            key = slugify(in_title[0])
            groups.setdefault(key, _Group(key)).members.append(post)
        elif in_slug is not None:
            by_slug.append((in_slug[0], post))
    for group in groups.values():
        prefixes = [s[0] for s in map(slug_issue, (p.slug for p in group.members)) if s]
        group.slug_prefix = _most_common(prefixes) or group.key
    prefix_groups = {g.slug_prefix: g for g in groups.values()}
    for prefix, post in by_slug:
        joined = groups.get(prefix) or prefix_groups.get(prefix)
        if joined is None:
            joined = groups[prefix] = prefix_groups[prefix] = _Group(prefix, slug_prefix=prefix)
        joined.members.append(post)
    found = []
    for group in groups.values():
        if len(group.members) >= 2:
            names = [t[0] for t in map(title_issue, (p.title for p in group.members)) if t]
            name = _most_common(names) or group.slug_prefix.replace("-", " ").title()
            issues = [_issue(p, group.slug_prefix) for p in group.members]
            issues.sort(key=lambda i: (i.number, i.post.date_key or dt.datetime.min))
            found.append((name, group.slug_prefix, issues))
    found.sort(key=lambda s: (s[0].casefold(), s[1]))
    return found


def _issue(post: PostInfo, slug_prefix: str) -> SeriesIssue:
    in_title = title_issue(post.title) if post.ok else None
    in_slug = slug_issue(post.slug)
    title_number = in_title[1] if in_title else None
    slug_number = in_slug[1] if in_slug and in_slug[0] == slug_prefix else None
    number = title_number if title_number is not None else slug_number
    assert number is not None  # a member matched by its title or by this prefix
    return SeriesIssue(post, number, title_number, slug_number)


def build_series(name: str, slug_prefix: str, issues: Sequence[SeriesIssue]) -> Series:
    """A :class:`Series` with what its readable issues have in common."""
    read = sorted((i for i in issues if i.post.ok), key=_issue_age, reverse=True)
    series = Series(name, slug_prefix, tuple(issues))
    if not read:
        return series
    latest = read[0].post
    values: dict[str, Callable[[PostInfo], object]] = {
        "author": lambda p: p.author,
        "avatar": lambda p: p.avatar,
        "tags": lambda p: p.tags,
    }
    constant = {k for k, get in values.items() if len({get(i.post) for i in read}) == 1}
    return dataclasses.replace(
        series,
        cadence=_cadence([i.post for i in read]),
        date_shape=latest.date_raw,
        author=latest.author,
        avatar=latest.avatar,
        tags=latest.tags,
        constant_fields=frozenset(constant),
        headings=_recurring_headings([i.post for i in read]),
    )


def _cadence(newest_first: Sequence[PostInfo]) -> Cadence:
    """Weekday and time: the most common among recent issues (habits change); interval: the
    most common number of days between consecutive issues."""
    dated = [(p.date, p.date_raw) for p in newest_first if p.date is not None]
    recent = dated[:CADENCE_WINDOW]
    walls = [dates.wall_time(date) for date, _ in recent]
    timed = [
        w.time() for w, (_, raw) in zip(walls, recent, strict=True) if dates.precision(raw) != "day"
    ]
    keys = sorted(k for k in (p.date_key for p in newest_first) if k is not None)
    gaps = [round((b - a).total_seconds() / 86400) for a, b in itertools.pairwise(keys)]
    return Cadence(
        weekday=_most_common([w.weekday() for w in walls]),
        time=_most_common(timed),
        interval_days=_most_common(gaps[::-1]),
    )


def _heading_key(text: str) -> str:
    return " ".join(text.casefold().rstrip(" .…:!?").split())


def _recurring_headings(newest_first: Sequence[PostInfo]) -> tuple[str, ...]:
    """Headings (compared loosely: case and trailing '...' aside) in enough issues, in order."""
    places: dict[str, list[float]] = {}
    spelling: dict[str, str] = {}
    for post in newest_first:
        headings: dict[str, str] = {}
        for heading in post.headings:
            if key := _heading_key(heading):
                headings.setdefault(key, heading)
        for index, (key, heading) in enumerate(headings.items()):
            spelling.setdefault(key, heading)  # the newest spelling wins
            places.setdefault(key, []).append(index / len(headings))
    needed = RECURRING_SHARE * len(newest_first)
    recurring = [key for key, found in places.items() if len(found) >= needed]
    recurring.sort(key=lambda key: statistics.mean(places[key]))
    return tuple(spelling[key] for key in recurring)


def _most_common(values_newest_first: Sequence[T]) -> T | None:
    """The most frequent value; between equally frequent ones, the newest."""
    if not values_newest_first:
        return None
    counts = Counter(values_newest_first)
    top = max(counts.values())
    return next(v for v in values_newest_first if counts[v] == top)


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

    def __init__(self, root: Path, settings: SiteSettings) -> None:
        """Prefer :meth:`open`; this does not read the posts."""
        self.root = root
        self.settings = settings
        self._entries: dict[Path, _Entry] = {}
        self._config_signature = _signature(self.config_path)
        self._posts: tuple[PostInfo, ...] | None = None
        self._by_path: dict[Path, PostInfo] = {}
        self._series: tuple[Series, ...] = ()

    @classmethod
    def open(cls, path: Path | str) -> Site:
        """Open the site that the folder or post file ``path`` belongs to (see :func:`find_root`).

        Raises:
            SiteError: ``path`` does not exist.
            SiteConfigError: its ``galley.toml`` is malformed.
        """
        if not os.path.exists(path):
            raise SiteError(
                f"Could not open the site at {path}.",
                "The folder does not exist any more; choose another folder.",
                path=Path(path),
            )
        root = find_root(path)
        site = cls(root, read_settings(root))
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

    def asset_folder(self, post_path: Path) -> Path:
        """The folder the images of the post at ``post_path`` belong in."""
        assets = self.settings.assets
        if assets.startswith("/"):
            return Path(os.path.normpath(self.root / assets.lstrip("/")))
        return Path(os.path.normpath(Path(post_path).parent / assets))

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
        found = find_posts(self.root, self.settings.posts, exclude=exclude)
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

    def __repr__(self) -> str:
        return f"Site({str(self.root)!r}, {len(self._entries)} posts)"


def _newest_first(post: PostInfo) -> tuple[int, float, str]:
    key = post.date_key
    if key is None:
        return 1, 0.0, str(post.path)
    return 0, -(key - dt.datetime.min).total_seconds(), str(post.path)
