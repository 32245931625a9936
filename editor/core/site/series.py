"""Series: numbered posts that share a name, and what their issues have in common (pure; no Qt).

A series is found from the posts' titles (``Lighthouse Weekly 12 - Storm season``) or, failing
that, their slugs (``lighthouse-weekly-12-storm-season``); two posts make one. From its issues a
:class:`Series` learns its numbering, its cadence (usual weekday and time), the shape its dates
are written in, its author, avatar and tags, and the section headings that recur in it.

The posts are read by :mod:`editor.core.site.posts`; this module only looks at what was read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TypeVar

from editor.core import dates
from editor.core.site.posts import PostInfo
from editor.core.site.sections import RECURRING_SHARE, recurring_sections

__all__ = [
    "CADENCE_WINDOW",
    "RECURRING_SHARE",
    "Cadence",
    "Series",
    "SeriesIssue",
    "TitleParts",
    "build_series",
    "group_series",
    "shared_title_start",
    "slug_issue",
    "slugify",
    "title_issue",
    "title_parts",
]

CADENCE_WINDOW = 10  # a series' habits (weekday, time, sections) come from its newest issues
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

T = TypeVar("T")


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
        date_shape: the raw date of the latest issue; :func:`editor.core.dates.format_like` writes a
            new date in that shape.
        author, avatar, tags: those of the latest issue.
        constant_fields: which of "author", "avatar" and "tags" are the same in every issue.
        outline: the recurring sections as (level, heading): level-2 and level-3 headings
            found alike across all the issues, recent issues weighing more (see
            :func:`~editor.core.site.sections.recurring_sections`), in their usual order,
            spelled as the newest issue that has each spells it.
        headings: the text of those headings.
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
    outline: tuple[tuple[int, str], ...] = ()

    @property
    def headings(self) -> tuple[str, ...]:
        """The text of the recurring headings (see :attr:`outline`), in their usual order."""
        return tuple(text for _, text in self.outline)

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
        """One more than the highest number in use (drafts and duplicates count)."""
        return self.numbers[-1] + 1

    @property
    def latest(self) -> SeriesIssue:
        """The newest issue by date (undated issues count as oldest), then by number."""
        return max(self.issues, key=_issue_age)

    @property
    def newest_first(self) -> tuple[SeriesIssue, ...]:
        """The issues from the newest to the oldest, in :attr:`latest`'s order."""
        return tuple(sorted(self.issues, key=_issue_age, reverse=True))


def _issue_age(issue: SeriesIssue) -> tuple[bool, dt.datetime, int]:
    key = issue.post.date_key
    return key is not None, key or dt.datetime.min, issue.number


# -- numbers in titles and slugs

_TITLE_ISSUE = re.compile(
    r"(?P<name>.*?[^\W\d_].*?)(?P<lead>\s+(?:#\s*)?)(?P<number>\d{1,5})"
    r"(?:\s*$|(?P<separator>\s*[-–—:|]\s*)(?P<subtitle>.*))",
    re.DOTALL,
)
_SLUG_ISSUE = re.compile(r"(?P<prefix>[\w-]*?[^\W\d_][\w-]*?)-(?P<number>\d{1,5})(?:-.*)?")


@dataclass(frozen=True)
class TitleParts:
    """An issue title cut into its parts: ``name + lead + number + separator + subtitle``.

    For ``Lighthouse Weekly #12: Storm season`` they are ``Lighthouse Weekly``, `` #``, 12,
    ``: `` and ``Storm season``; a title without a subtitle has an empty separator and subtitle.
    ``digits`` is how many digits the number is written with (3 for ``Ops Digest 009``).
    """

    name: str
    lead: str
    number: int
    separator: str = ""
    subtitle: str = ""
    digits: int = 0

    def number_like(self, number: int) -> str:
        """``number`` written as this title writes its own (zero-padded like ``009``)."""
        padded = self.digits > 1 and self.digits > len(str(self.number))
        return f"{number:0{self.digits}d}" if padded else str(number)


def title_parts(title: str) -> TitleParts | None:
    """The parts of an issue title, or None when the title has no issue number."""
    match = _TITLE_ISSUE.fullmatch(title.strip())
    if match is None:
        return None
    separator = match.group("separator") or ""
    if separator == separator.strip() and (match.group("subtitle") or "")[:1].isdigit():
        return None  # a date or a range: "CTCFT 2022-04-18 Agenda", "Issues 12-14"
    return TitleParts(
        name=match.group("name").strip(),
        lead=match.group("lead"),
        number=int(match.group("number")),
        separator=match.group("separator") or "",
        subtitle=match.group("subtitle") or "",
        digits=len(match.group("number")),
    )


def title_issue(title: str) -> tuple[str, int] | None:
    """The series name and number of a title: ``Name 12 - Sub``, ``Name #12: Sub``, ``Name 12``."""
    parts = title_parts(title)
    return (parts.name, parts.number) if parts else None


def slug_issue(slug: str) -> tuple[str, int] | None:
    """The prefix and number of a slug like ``name-12-subtitle`` or ``name-12``."""
    match = _SLUG_ISSUE.fullmatch(slug.casefold())
    return (match.group("prefix"), int(match.group("number"))) if match else None


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens: ``Storm season!`` becomes ``storm-season``."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")


# -- finding series among posts

_YEARS = range(1900, 2101)
"""Numbers read as years, not issue numbers, when a post's date is within a year of them
("Rust Survey 2023 Results", "cve-2022-21658"): a series is a run numbered 1, 2, 3…"""


def _is_year(number: int, post: PostInfo) -> bool:
    if number not in _YEARS:
        return False
    return post.date is None or abs(number - post.date.year) <= 1


_VERSION = re.compile(r"(?<![\d.,])\d+(?:\.\d+)+(?![\d.])")


def _is_version(title: str, number: int) -> bool:
    """Whether ``title`` writes ``number`` as the start of a version or a decimal ("1.77"), as
    "This Development-cycle in Cargo: 1.77" does for the slug ``…-cargo-1-77``, or as a version
    with its dots taken out ("Astro 6.1" for the slug ``astro-610``, "Astro 5.17" for
    ``astro-5170``)."""
    if re.search(rf"(?<![\d.,]){number}[.,]\d", title) is not None:
        return True
    digits = str(number)
    for version in _VERSION.findall(title):
        joined = version.replace(".", "")
        if digits.startswith(joined) and not digits[len(joined) :].strip("0"):
            return True
    return False


def _steps_by_one(issues: Sequence[SeriesIssue]) -> bool:
    """Whether the issues' numbers mostly step by 1, as a series' issues do: half their steps
    or more are of 1 or 2 (an issue may be missing). "Astro 610, 620, 630, 710" (versions with
    their dots taken out) are no series."""
    numbers = sorted({i.number for i in issues})
    steps = [b - a for a, b in itertools.pairwise(numbers)]
    return 2 * sum(1 for step in steps if step <= 2) >= len(steps)


@dataclass(frozen=True)
class _Numbered:
    """What one post says about its series: a name and number from its title (or its own
    ``number`` key), a prefix and number from its slug."""

    post: PostInfo
    name: str | None
    number: int | None
    prefix: str | None
    slug_number: int | None


def _numbered(post: PostInfo) -> _Numbered:
    in_title = title_issue(post.title) if post.ok else None
    if in_title is not None and _is_year(in_title[1], post):
        in_title = None
    in_slug = slug_issue(post.slug)
    if in_slug is not None and (
        _is_year(in_slug[1], post) or (post.ok and _is_version(post.title, in_slug[1]))
    ):
        in_slug = None
    own = post.number if post.ok else None
    name = in_title[0] if in_title is not None else None
    number = own if own is not None else (in_title[1] if in_title is not None else None)
    if name is None and own is not None and post.title.strip():
        name = " ".join(post.title.split())  # "This Week in Rust" with "Number: 12"
    prefix, slug_number = in_slug if in_slug is not None else (None, None)
    return _Numbered(post, name, number, prefix, slug_number)


@dataclass
class _Group:
    key: tuple[str, str | None]  # the slugified name, and the language
    members: list[_Numbered] = field(default_factory=list)
    slug_prefix: str = ""


def group_series(posts: Iterable[PostInfo]) -> list[tuple[str, str, list[SeriesIssue]]]:
    """Find the series among ``posts``: (name, slug prefix, issues) for each, by name.

    A post belongs to a series by its title's name, or else by its slug's prefix (a post that
    could not be read joins by its slug, so its number still counts). Two posts make a series.
    A number that is the year of the post ("Rust Survey 2023 Results") or a version ("Cargo:
    1.77", "Astro 6.1" for ``astro-610``) is no issue number, and the issues' numbers must
    mostly step by 1 (:func:`_steps_by_one`). Issues are numbered within one language
    (``lang``): the translations of a series are a series of their own, named with their language
    ("Bitcoin Optech Newsletter (ja)") unless they are the most issues of that name.
    """
    groups: dict[tuple[str, str | None], _Group] = {}
    by_slug: list[_Numbered] = []
    unnumbered: list[PostInfo] = []
    for post in posts:
        found = _numbered(post)
        if found.name is not None and found.number is not None:
            key = (slugify(found.name), post.lang)
            groups.setdefault(key, _Group(key)).members.append(found)
        elif found.prefix is not None:
            by_slug.append(found)
        else:
            unnumbered.append(post)
    for group in groups.values():
        group.slug_prefix = (
            _most_common([m.prefix for m in group.members if m.prefix]) or (group.key[0])
        )
    prefix_groups = {(g.slug_prefix, g.key[1]): g for g in groups.values()}
    for found in by_slug:
        assert found.prefix is not None
        key = (found.prefix, found.post.lang)
        joined = groups.get(key) or prefix_groups.get(key)
        if joined is None:
            joined = groups[key] = prefix_groups[key] = _Group(key, slug_prefix=found.prefix)
        joined.members.append(found)
    _join_by_layout(list(groups.values()), unnumbered)
    named: list[tuple[str, str | None, str, list[SeriesIssue]]] = []
    for group in groups.values():
        issues = [i for i in (_issue(m, group.slug_prefix) for m in group.members) if i]
        if len(group.members) < 2 or len(issues) < 2 or not _steps_by_one(issues):
            continue
        issues.sort(key=lambda i: (i.number, i.post.date_key or dt.datetime.min))
        named.append((_name(group), group.key[1], group.slug_prefix, issues))
    found_series = [(name, prefix, issues) for name, _, prefix, issues in _by_language(named)]
    found_series.sort(key=lambda s: (s[0].casefold(), s[1]))
    return found_series


# A numbered layout: the folder the issues are in, "folder" for <N>/<file name> or "file" for
# <N><suffix>, and that file name or suffix.
_Layout = tuple[str, str, str]


def _layout(path: PurePath) -> tuple[_Layout, int] | None:
    """Where the path's name holds a number: ``archive/308/index.md`` is (archive, "folder",
    "index.md") with 308, ``newsletter/295.mdx`` is (newsletter, "file", ".mdx") with 295."""
    stem = path.name.split(".", 1)[0]
    if stem.isascii() and stem.isdigit() and len(stem) <= 5:
        return (str(path.parent), "file", path.name[len(stem) :]), int(stem)
    folder = path.parent
    if folder.name.isascii() and folder.name.isdigit() and len(folder.name) <= 5:
        return (str(folder.parent), "folder", path.name), int(folder.name)
    return None


def _join_by_layout(groups: list[_Group], unnumbered: list[PostInfo]) -> None:
    """Posts whose title and slug give no number (``308: …`` with ``slug: '308'``, a title
    without the series' name) join the series whose issues are laid out as they are: a post at
    ``archive/308/index.md`` beside issues at ``archive/<N>/index.md`` numbered N is issue 308.
    A layout counts once two issues of a series use it; a post joins one series at most."""
    layouts: list[tuple[Counter[_Layout], _Group]] = []
    for group in groups:
        seen: Counter[_Layout] = Counter()
        for member in group.members:
            number = member.number if member.number is not None else member.slug_number
            found = _layout(member.post.path)
            if found is not None and found[1] == number:
                seen[found[0]] += 1
        if seen.total() >= 2:
            layouts.append((seen, group))
    layouts.sort(key=lambda entry: -entry[0].total())
    for post in unnumbered:
        found = _layout(post.path)
        if found is None or _is_year(found[1], post):
            continue
        for seen, group in layouts:
            if found[0] in seen and post.lang == group.key[1]:
                group.members.append(_Numbered(post, None, None, group.slug_prefix, found[1]))
                break


def _name(group: _Group) -> str:
    """The series' name as its titles write it: the name before the number as its newest
    issues usually write it ("This Week in Rust", though issue 1 said "This Week In Rust"),
    else the words all its titles start with ("AI Inference on AKS: …"), else its slug
    prefix's words."""
    newest = sorted(group.members, key=lambda m: m.post.date_key or dt.datetime.min, reverse=True)
    names = [m.name for m in newest if m.name is not None][:CADENCE_WINDOW]
    titles = [m.post.title for m in group.members if m.post.ok and m.post.title.strip()]
    shared = shared_title_start(titles)
    return (
        _most_common(names)
        or (shared[0] if shared else None)
        or group.slug_prefix.replace("-", " ").title()
    )


_TITLE_SEPARATOR = re.compile(r"\s*[:|–—]\s+|\s+[-–—|]\s+")


def shared_title_start(titles: Sequence[str]) -> tuple[str, str] | None:
    """The longest start that two or more ``titles`` share up to one separator (``: ``,
    `` - ``, `` | ``), and that separator: ("AI Inference on AKS", ": ") for "AI Inference on
    AKS: Part one" and "AI Inference on AKS: Edge"; None when they share none."""
    if len(titles) < 2:
        return None
    found: dict[str, str] = {}
    for match in _TITLE_SEPARATOR.finditer(titles[0]):
        start = titles[0][: match.start()]
        if all(t.startswith(start + match.group(0)) for t in titles[1:]):
            found[start] = match.group(0)
    good = [s for s in found if len(s.strip()) >= 3 and re.search(r"[^\W\d_]", s)]
    if not good:
        return None
    best = max(good, key=len)
    return best.strip(), found[best]


def _by_language(
    named: list[tuple[str, str | None, str, list[SeriesIssue]]],
) -> list[tuple[str, str | None, str, list[SeriesIssue]]]:
    """Series of one name in several languages: the one with the most issues keeps the name,
    the others say their language."""
    first_lang: dict[str, str | None] = {}  # the language of the biggest series of a name
    shown = []
    for name, lang, prefix, issues in sorted(named, key=lambda n: -len(n[3])):
        folded = name.casefold()
        if folded not in first_lang:
            first_lang[folded] = lang
        elif lang != first_lang[folded]:
            name = f"{name} ({lang or 'no language'})"
        shown.append((name, lang, prefix, issues))
    return shown


def _issue(found: _Numbered, slug_prefix: str) -> SeriesIssue | None:
    """The post as an issue, or None when neither its title (or own number) nor its slug gives
    a number under this prefix (a post that joined by a slug prefix the series does not use)."""
    slug_number = found.slug_number if found.prefix == slug_prefix else None
    number = found.number if found.number is not None else slug_number
    if number is None:
        return None
    title_number = found.number
    return SeriesIssue(found.post, number, title_number, slug_number)


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
        outline=recurring_sections(name, [i.post.outline for i in read]),
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


def _most_common(values_newest_first: Sequence[T]) -> T | None:
    """The most frequent value; between equally frequent ones, the newest."""
    if not values_newest_first:
        return None
    counts = Counter(values_newest_first)
    top = max(counts.values())
    return next(v for v in values_newest_first if counts[v] == top)
