"""The next issue of a series in one step: plan it, then create it (pure; no Qt).

:func:`plan_issue` works out everything about the next issue without writing anything: its
number (one more than the highest in use, drafts and duplicates included), title and slug in the
series' style, file (named as the latest issue's is: :mod:`~editor.core.site.naming`), date (the
series' usual weekday and time, written in its exact date shape) and whole text.
:func:`create_issue` writes that text to a new file and never over anything.

The front matter is the newest readable issue's, in its own format (YAML, TOML, JSON or header
lines), edited in place so its key order, quoting and layout stay: the title and date get their
new values (the date in the generator's date key; none where the file name or a rewritten key
carries it), the description is emptied (a Pelican ``Summary`` is left out: Pelican then
takes the first words), the author, avatar and tags stay; values made of the
issue's date or number (``permalink``, ``slug``, ``Number``) are moved on; keys that differ
between recent issues otherwise (``draft``) are dropped, and so are images the new post would
not find (its predecessor's own cover). Keys every recent issue shares (``layout:
newsletter``, say) stay.

The body comes from a template: the site's own ``issue.md`` in its templates folder (the
``templates`` setting of ``galley.toml``), else Galley's ``templates/issue.md``. A template is
Markdown with these placeholders, written ``{{ name }}`` (spaces inside the braces optional):

- ``title``, ``series``, ``number``, ``subtitle``, ``slug``, ``date`` (as written in the front
  matter) and ``author``;
- ``headings``: the series' recurring section headings, each as ``## Heading`` (or ``###``)
  followed by two empty lines to write in;
- ``opening`` and ``closing``: the blocks most recent issues open and close with word for word
  (a ``{{< subscribe >}}`` shortcode, an ``import`` line, a sign-off; see
  :func:`~editor.core.site.sections.shared_blocks`): an empty line after each opening block,
  one before each closing block.

Anything else in braces stays as typed; nothing in a template is ever run. A template may start
with its own front matter: its keys, with the placeholders in their text filled in, are set in
the new issue's front matter (``description: "{{ series }} {{ number }}"``, say).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core import bundled, dates, fileio, plural, yamltext
from editor.core.errors import GalleyError, SaveError
from editor.core.post import Post, author_value, split_front_matter
from editor.core.site.generators import derive, header_lines_of
from editor.core.site.naming import (
    MISSING,
    Marks,
    carry_value,
    images_named,
    is_bundle_index,
    name_of,
    next_path,
    next_title,
)
from editor.core.site.sections import shared_blocks
from editor.core.site.series import CADENCE_WINDOW, Series, SeriesIssue, slug_issue, slugify
from editor.core.site.site import Site

__all__ = [
    "TEMPLATE_NAME",
    "IssuePlan",
    "NewIssueError",
    "add_issue",
    "create_issue",
    "find_series",
    "plan_issue",
    "render_template",
    "require_whole_site",
]

TEMPLATE_NAME = "issue.md"  # in a site's templates folder, and in resources/templates/
_ISSUE_KEYS = ("title", "date", "description", "author", "tags")  # always kept or written
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


class NewIssueError(GalleyError):
    """The next issue could not be planned or created; nothing was written."""

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path


@dataclass(frozen=True)
class IssuePlan:
    """Everything about the next issue of a series, before anything is written.

    Attributes:
        series: the series' name.
        number: the new issue's number.
        title: ``<Series> <N>`` or ``<Series> <N> - <subtitle>``, in the style of the series'
            titles (``#`` before the number, ``: `` or `` - `` before the subtitle; see
            :func:`~editor.core.site.naming.next_title`).
        slug: the new post's slug: its front matter's ``slug`` where it has one (moved on
            with the issue), else as its generator makes it: from the title for Pelican
            (``this-week-in-rust-673``), else from the path: the bundle folder's or the
            file's name (without a date prefix the generator takes off).
        path: the new file, named as the latest issue is (see
            :func:`~editor.core.site.naming.next_path`): the same folder, bundle or file, and
            extension, with the date and number moved on: ``backstage-weekly-39/index.md``,
            ``_posts/2026-09-04-newsletter.md``, ``archive/324/index.md``.
        date: the date and time as written in the front matter, in the series' time zone
            (naive when its dates have none; midnight when they have no time of day).
        date_text: the date value exactly as the series writes it, e.g.
            ``2022-01-03T09:00:00.0Z`` (the YAML quotes around it follow the latest issue).
        text: the whole new file.
        warnings: things to know before creating it; planning itself never fails on them.
        bundle: the post is a bundle's ``index`` file, whose own folder is created with it.
        folders: date folders the new issue's name moves on to (``_posts/2027`` after
            ``_posts/2026``), outermost first: made when missing.
    """

    series: str
    number: int
    title: str
    slug: str
    path: Path
    date: dt.datetime
    date_text: str
    text: str
    warnings: tuple[str, ...] = ()
    bundle: bool = False
    folders: tuple[Path, ...] = ()


# -- which series


def require_whole_site(site: Site) -> None:
    """Refuse to plan from a site read only in part: the next number would be one already
    used by a post that was not read (on 6,000 posts, issue 5,499 was proposed a second time).

    Raises:
        NewIssueError: the site's posts were not all read (:attr:`Site.truncated`).
    """
    if site.truncated is not None:
        read = len(site.posts)
        raise NewIssueError(
            f"Could not plan a new issue: Galley read only part of the site in {site.root} "
            f"({plural.count(read, 'post')} {plural.noun(read, 'was', 'were')} read).",
            "The next number could be one that a post not read already has. Open the site's own "
            "folder (the one with galley.toml or content/blog), or narrow the 'posts' patterns "
            "in galley.toml.",
            path=site.root,
        )


def find_series(site: Site, name: str | None) -> Series:
    """The series called ``name`` (any case) or with that slug prefix; for None or a blank
    name, the series with the newest issue.

    Raises:
        NewIssueError: the site has no series, or none by that name (the message lists them),
            or it was only read in part.
    """
    require_whole_site(site)
    known = site.series()
    if not known:
        raise NewIssueError(
            f"The site in {site.root} has no series yet.",
            "A series is two or more posts with one name and a number, like 'Weekly 1' and "
            "'Weekly 2'. Write the first two issues, then Galley can make the next ones.",
        )
    if name is None or not name.strip():
        return max(known, key=_newest_issue)
    wanted = " ".join(name.split()).casefold()
    by_name = [s for s in known if s.name.casefold() == wanted]
    by_prefix = [s for s in known if s.slug_prefix == wanted]
    loosely = [s for s in known if slugify(wanted) in (slugify(s.name), s.slug_prefix)]
    for found in (by_name, by_prefix, loosely):
        if found:
            return found[0]
    listed = ", ".join(f"'{s.name}' ({s.slug_prefix})" for s in known)
    raise NewIssueError(
        f"There is no series called '{name.strip()}' in {site.root}.",
        f"Its series are: {listed}. Give one of those names or slug prefixes.",
    )


def _newest_issue(series: Series) -> tuple[dt.datetime, int, str]:
    """The series with the newest issue; of two as new, the one with more issues (the
    original, not a translation), then by name."""
    return series.latest.post.date_key or dt.datetime.min, len(series.issues), series.name


# -- planning


def plan_issue(
    site: Site,
    series: str | Series,
    subtitle: str = "",
    *,
    today: dt.date | None = None,
    when: dt.datetime | None = None,
    default_author: tuple[str, str] = ("", ""),
) -> IssuePlan:
    """Plan the next issue of ``series`` (a :class:`Series`, or a name for :func:`find_series`).

    Args:
        site: the site the series belongs to (for its templates).
        series: the series, or its name or slug prefix.
        subtitle: optional words after the number in the title and slug.
        today: the first day the issue may come out; by default the current date in the
            series' time zone, and then a usual time already past today means next week.
        when: the date and time to use instead of the computed one; a naive value is wall time
            in the series' zone, an aware one is converted to it.
        default_author: the (name, avatar) to write when the series' issues name no author
            (the user's own, from the preferences); a blank name writes none.

    Raises:
        NewIssueError: ``series`` is a name no series of the site has, or the site was only
            read in part.
    """
    require_whole_site(site)
    if not isinstance(series, Series):
        series = find_series(site, series)
    subtitle = " ".join(subtitle.split())
    warnings: list[str] = []
    number = series.next_number
    newest = series.newest_first
    model = _model(site, newest, warnings)

    value, date = _date_value(site, series, newest, today, when, warnings)
    date_text = value if isinstance(value, str) else value.isoformat()
    new = Marks(number, dates.wall_time(date).date())
    latest = series.latest
    readable = [i for i in newest if i.post.ok]
    title = next_title(series.name, [(i.post.title, _marks(i)) for i in readable], new, subtitle)
    path = next_path(
        latest.post.path,
        site.root,
        _marks(latest),
        new,
        others=[(i.post.path, _marks(i)) for i in newest[:CADENCE_WINDOW] if i is not latest],
        subtitle_slug=slugify(subtitle),
        fallback=f"{series.slug_prefix}-{number}",
    )
    warnings.extend(_already_there(path, series.slug_prefix, number))
    if model is None:
        post, heading = _blank_post(site, series), ""
        post.meta["title"] = title
        post.meta["date"] = value
    else:
        post = model.post
        heading = _fill_front_matter(site, model, path, new, title, value)
    own_slug = post.meta.get("slug")  # (Jekyll's, Hugo's and Docusaurus' own, rewritten)
    slug = own_slug if isinstance(own_slug, str) and own_slug.strip() else None
    slug = slug or derive(site.generator, path, post.meta.to_dict(), "").slug

    fields = {
        "title": title,
        "series": series.name,
        "number": str(number),
        "subtitle": subtitle,
        "slug": slug,
        "date": date_text,
        "author": series.author or default_author[0].strip(),
        "headings": "".join(f"{'#' * level} {text}\n\n\n" for level, text in series.outline),
        **_boilerplate(model),
    }
    template_meta, body = _split_template(_template(site, warnings), warnings)
    if "author" not in post.meta and default_author[0].strip():
        post.meta["author"] = author_value(*default_author)
    for key, item in template_meta.items():
        post.meta[key] = _fill_value(item, fields)
    text = heading + render_template(body, fields)
    if post.front_matter_format == "headers" and post.has_front_matter:
        text = text.removeprefix("\n")  # header lines end with their own blank line
    post.body = _body(text, post.newline)
    return IssuePlan(
        series=series.name,
        number=number,
        title=title,
        slug=slug,
        path=path,
        date=date,
        date_text=date_text,
        text=post.dumps(),
        warnings=tuple(warnings),
        bundle=is_bundle_index(path),
        folders=_new_folders(latest.post.path, path),
    )


def render_template(template: str, fields: Mapping[str, str]) -> str:
    """``template`` with each ``{{ name }}`` of ``fields`` replaced; other braces stay."""
    return _PLACEHOLDER.sub(lambda m: fields.get(m.group(1), m.group(0)), template)


def _marks(issue: SeriesIssue) -> Marks:
    """An issue's number and its date as written (wall time)."""
    date = issue.post.date
    return Marks(issue.number, dates.wall_time(date).date() if date is not None else None)


@dataclass(frozen=True)
class _Model:
    """The newest issue that loads (its front matter is the new issue's), and the front
    matter of the recent issues after it, each with its marks; the bodies of them all."""

    issue: SeriesIssue
    post: Post
    others: tuple[tuple[Mapping[str, Any], Marks], ...]
    bodies: tuple[str, ...] = ()  # newest first, the model's own first


def _boilerplate(model: _Model | None) -> dict[str, str]:
    """The ``opening`` and ``closing`` fields: what recent issues open and close with alike."""
    titled = model is not None and model.issue.post.title_from == "the first heading"
    opening, closing = shared_blocks(model.bodies if model else (), title_heading=titled)
    return {
        "opening": "".join(f"{block}\n\n" for block in opening),
        "closing": "\n" + "\n\n".join(closing) if closing else "",
    }


def _model(site: Site, newest: Sequence[SeriesIssue], warnings: list[str]) -> _Model | None:
    """The newest issue that loads, and the front matter of the recent issues after it."""
    found: tuple[SeriesIssue, Post] | None = None
    others: list[tuple[Mapping[str, Any], Marks]] = []
    bodies: list[str] = []
    skipped = False
    header_lines = header_lines_of(site.generator)
    for issue in newest[:CADENCE_WINDOW]:
        if not issue.post.ok:
            continue
        try:
            loaded = Post.load(issue.post.path, header_lines=header_lines)
        except GalleyError as exc:
            warnings.append(f"Could not read {issue.post.path}: {exc.summary}")
            skipped = True
            continue
        bodies.append(loaded.body)
        if found is None:
            found = issue, loaded
            if skipped:
                warnings.append(f"The new issue's front matter follows {issue.post.path}.")
        else:
            others.append((loaded.meta.to_dict(), _marks(issue)))
    if found is None:
        warnings.append(
            "No recent issue of the series could be read, so the front matter is written "
            "from scratch."
        )
        return None
    return _Model(found[0], found[1], tuple(others), tuple(bodies))


def _new_folders(latest: Path, path: Path) -> tuple[Path, ...]:
    """The folders above ``path`` (and its bundle folder) that are not above ``latest``."""

    def base(post: Path) -> Path:
        return post.parent.parent if is_bundle_index(post) else post.parent

    old = {base(latest), *base(latest).parents}
    new = [f for f in (base(path), *base(path).parents) if f not in old]
    return tuple(reversed(new))


def _already_there(path: Path, prefix: str, number: int) -> list[str]:
    """Warnings about files or folders that already use the new issue's name or number."""
    target = path.parent if is_bundle_index(path) else path
    if os.path.lexists(target):
        kind = "folder" if target.is_dir() else "file"
        return [
            f"Issue {number} already has a {kind}: {target}. Galley will not overwrite it; "
            "choose another subtitle, or rename or remove that one."
        ]
    try:
        names = sorted(os.listdir(target.parent))
    except OSError:
        return []
    for name in names:
        if not name.startswith(".") and slug_issue(name_of(Path(name))) == (prefix, number):
            return [
                f"There is already a post or folder named for issue {number}: "
                f"{target.parent / name}. Check that it is not this issue already."
            ]
    return []


# -- the date


def _date_value(
    site: Site,
    series: Series,
    newest: Sequence[SeriesIssue],
    today: dt.date | None,
    when: dt.datetime | None,
    warnings: list[str],
) -> tuple[str | dt.date, dt.datetime]:
    """The new issue's date value, written as the series writes its dates, and that date."""
    zone = _zone(series.date_shape)
    last = next((i.post.date for i in newest if i.post.date is not None), None)
    if when is not None:
        wall = _wall(when, zone)
        if last is not None and wall <= dates.wall_time(last):
            warnings.append(
                f"{wall:%A %d %B %Y, %H:%M} is not after the latest issue's date "
                f"({dates.wall_time(last):%A %d %B %Y, %H:%M})."
            )
    else:
        wall = _next_date(series, last, today, zone, warnings)
    value: str | dt.date
    if series.date_shape is None and site.settings.date_format:
        value = wall.strftime(site.settings.date_format)
    else:
        value = dates.format_like(series.date_shape, wall)
    return value, dates.parse(value) or wall.replace(tzinfo=zone)


def _next_date(
    series: Series,
    last: dt.datetime | None,
    today: dt.date | None,
    zone: dt.tzinfo | None,
    warnings: list[str],
) -> dt.datetime:
    """The usual weekday and time on or after ``today`` and after the latest issue's day."""
    cadence = series.cadence
    time = cadence.time or dt.time()
    now = dt.datetime.now(zone).replace(tzinfo=None) if today is None else None
    start = now.date() if now is not None else today
    assert start is not None
    if last is not None and dates.wall_time(last).date() >= start:
        start = dates.wall_time(last).date() + dt.timedelta(days=1)  # one issue a day at most
    if cadence.weekday is None:
        warnings.append("The series' issues have no dates, so the new one is dated today.")
        return dt.datetime.combine(start, time)
    day = start + dt.timedelta(days=(cadence.weekday - start.weekday()) % 7)
    if now is not None and day == now.date() and now.time() > time:
        day += dt.timedelta(days=7)  # today's issue time has passed
    return dt.datetime.combine(day, time)


def _zone(shape: object) -> dt.tzinfo | None:
    """The time zone the series writes its dates in, if they have one."""
    if isinstance(shape, dt.datetime):
        return shape.tzinfo
    parsed = dates.parse(shape) if isinstance(shape, str) else None
    return parsed.tzinfo if parsed is not None else None


def _wall(when: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """``when`` as naive wall time in ``zone`` (naive values already are)."""
    if when.tzinfo is not None and zone is not None:
        when = when.astimezone(zone)
    return when.replace(tzinfo=None)


# -- the text


def _blank_post(site: Site, series: Series) -> Post:
    """A post with the issue keys in the usual order, for a series none of whose issues loads,
    in the front-matter format the site's generator reads (header lines for Pelican, TOML for
    Zola, else YAML)."""
    generator = site.generator.name if site.generator is not None else None
    empty = "+++\n+++\n" if generator == "zola" else ""
    post = Post.parse(empty, header_lines=generator == "pelican")
    post.meta["title"] = ""
    post.meta["date"] = ""
    if site.generator is None or site.generator.description_from is None:
        post.meta["description"] = ""  # (Pelican's summary is its first words: none written)
    if series.tags:
        post.meta["tags"] = list(series.tags)
    if series.author:
        post.meta["author"] = author_value(series.author, series.avatar or "")
    return post


# Where a generator takes a post's date from its name or from a key the new issue rewrites: the
# new issue needs no date key of its own there.
_DATE_FROM_NAME = ("the file name", "the folder name", "the folder names")


def _missing_image(site: Site, path: Path, value: Any) -> bool:
    """Whether ``value`` names an image the new post at ``path`` would not find, as the site's
    image resolver tells it: the latest issue's own cover beside it (``./cover.png`` in its
    bundle), or one named by the new number that nobody has made yet (``/img/digest/010.png``).
    What the resolver cannot tell (a site-root path on a site of no known generator) stays."""
    resolver = site.image_resolver(path)
    return any(
        resolver.checkable(name) and resolver.resolve(name) is None for name in images_named(value)
    )


def _fill_front_matter(
    site: Site, model: _Model, path: Path, new: Marks, title: str, date: str | dt.date
) -> str:
    """Give the model issue's front matter (edited in place, in its own format) the new title
    and date and empty its description; rewrite the values made of the issue's date or number
    for the new one; drop the keys that differ between recent issues otherwise, and those
    naming an image the new post at ``path`` would not find. Returns a
    title heading to open the body with, for a site that takes titles from it."""
    post, info = model.post, model.issue.post
    old = _marks(model.issue)
    meta = post.meta
    plain = meta.to_dict()
    generator = site.generator
    date_key = generator.date_value(plain)[0] if generator is not None else None
    if date_key is None and plain.get("date") is not None:
        date_key = "date"
    fold = post.front_matter_format == "headers"  # keys as read: case-insensitive

    def named(key: str) -> str:
        return key.casefold() if fold else key

    described = generator.description_key if generator is not None else "description"
    for key, value in plain.items():
        if named(key) in _ISSUE_KEYS or (date_key is not None and named(key) == named(date_key)):
            continue
        if named(key) == described:
            continue  # (emptied or left out below)
        earlier = [
            (next((v for k, v in other.items() if named(k) == named(key)), MISSING), marks)
            for other, marks in model.others
        ]
        keep, carried = carry_value(value, earlier, old, new)
        if not keep or _missing_image(site, path, carried):
            del meta[key]
        elif not yamltext.same(carried, value):
            meta[key] = carried
    heading = ""
    if "title" in meta or info.title_from != "the first heading":
        meta["title"] = title
    else:
        heading = f"\n# {title}\n"  # as the latest issue: Docusaurus takes the title from it
    derived = info.date_from in _DATE_FROM_NAME or (info.date_from or "").endswith(" setting")
    if date_key is not None:
        meta[date_key] = date
    elif not derived:
        meta["date"] = date
    for key in dict.fromkeys(("description", described)):
        if key not in meta:
            continue
        if generator is not None and key == described and generator.description_from:
            del meta[key]  # an empty Pelican Summary shows none; without one, the first words
        else:
            meta[key] = ""
    return heading


def _fill_value(value: Any, fields: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return render_template(value, fields)
    if isinstance(value, list):
        return [_fill_value(v, fields) for v in value]
    if isinstance(value, dict):
        return {k: _fill_value(v, fields) for k, v in value.items()}
    return value


def _template(site: Site, warnings: list[str]) -> str:
    """The site's own issue template if it has one, else Galley's."""
    folder = site.templates_dir
    path = folder / TEMPLATE_NAME if folder is not None else None
    if path is not None and os.path.lexists(path):
        if not site.contains(path):  # a link out of the site would copy that file into a post
            warnings.append(
                f"Did not use the template {path}: it is a link to {os.path.realpath(path)}, "
                "outside the site; used Galley's own."
            )
        else:
            try:  # a FIFO or a device in its place is refused, never read
                return fileio.read_bytes(path, kind="templates").decode("utf-8-sig")
            except GalleyError as exc:
                warnings.append(f"{exc.summary} {exc.detail} Galley's own template was used.")
            except UnicodeDecodeError:
                warnings.append(
                    f"Could not read the template {path}: it is not UTF-8 text; used Galley's own."
                )
    return bundled.read_text(f"templates/{TEMPLATE_NAME}")


def _split_template(template: str, warnings: list[str]) -> tuple[dict[str, Any], str]:
    """A template's own front matter (as plain data) and its body."""
    if split_front_matter(template) is None:
        return {}, template
    try:
        parsed = Post.parse(template)
    except GalleyError as exc:
        warnings.append(f"The template's front matter was left out: {exc.summary}")
        parts = split_front_matter(template)
        return {}, parts.body if parts is not None else template
    return parsed.meta.to_dict(), parsed.body


def _body(text: str, newline: str) -> str:
    """The filled template as a body: ending in one to three newlines (room to write under a
    last heading, but no more), in the latest issue's line ends."""
    text = text.replace("\r\n", "\n")
    if not text.strip():
        text = "\n"
    else:
        content = text.rstrip("\n")
        text = content + "\n" * min(max(len(text) - len(content), 1), 3)
    return text.replace("\n", newline) if newline != "\n" else text


# -- creating


def create_issue(plan: IssuePlan) -> Path:
    """Write the planned issue to :attr:`IssuePlan.path` (creating its own folder for a
    ``<slug>/index.md`` post) and return the path. Nothing else is created or changed.

    Raises:
        NewIssueError: the folder or file already exists (nothing is touched), or it could not
            be written (nothing is left behind).
    """
    path = plan.path
    target = path.parent if plan.bundle else path
    if os.path.lexists(target):
        raise _exists(plan, target)
    made: list[Path] = []  # the folders made here, to take away again if the file is not
    try:
        for folder in plan.folders:
            if not os.path.lexists(folder):
                folder.mkdir()  # not its parents: the posts folder must be there already
                made.append(folder)
        if plan.bundle:
            path.parent.mkdir()
            made.append(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # claim the name
    except FileExistsError:
        _remove(made, None)
        raise _exists(plan, target) from None
    except OSError as exc:
        _remove(made, None)
        raise _not_written(plan, target.parent, exc) from None
    try:
        fileio.atomic_write(path, plan.text.encode("utf-8"))
    except SaveError as exc:
        _remove(made, path)
        cause = exc.__cause__
        reason = cause if isinstance(cause, OSError) else None
        raise _not_written(plan, target.parent, reason) from None
    return path


def _exists(plan: IssuePlan, target: Path) -> NewIssueError:
    kind = "folder" if target.is_dir() else "file"
    return NewIssueError(
        f"Could not create {plan.title}: the {kind} {target} already exists.",
        f"Galley never overwrites a post. Open that {kind} if it is this issue, or rename or "
        "remove it, or give the new issue another subtitle.",
        path=target,
    )


def _not_written(plan: IssuePlan, folder: Path, exc: OSError | None) -> NewIssueError:
    reason = f"{exc.strerror or exc}. " if exc is not None else ""
    return NewIssueError(
        f"Could not create {plan.title} at {plan.path}.",
        f"{reason}Nothing was created. Check that the folder {folder} exists, that you may "
        "write to it, and that the disk has room.",
        path=plan.path,
    )


def _remove(folders: Sequence[Path], file: Path | None) -> None:
    """Undo a half-made issue: only what :func:`create_issue` itself made."""
    if file is not None:
        with contextlib.suppress(OSError):
            os.unlink(file)
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def add_issue(
    site: Site,
    series: str | Series | None,
    subtitle: str = "",
    *,
    today: dt.date | None = None,
    when: dt.datetime | None = None,
) -> Path:
    """Create the next issue of ``series`` (a :class:`Series`, a name or slug prefix, or None for
    the series with the newest issue), tell ``site`` about it, and return its path.

    Raises:
        NewIssueError: no such series, the site was read only in part, or the new issue's file
            or folder already exists.
        SaveError: the file could not be written (nothing was created).
    """
    if not isinstance(series, Series):
        series = find_series(site, series)
    path = create_issue(plan_issue(site, series, subtitle, today=today, when=when))
    site.refresh([path])
    return path
