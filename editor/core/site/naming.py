"""The next issue in the series' own naming: its file, its title and the front-matter values that
hold the issue's date or number (pure; no Qt).

An issue's name and some of its front matter are made of its date and number: Jekyll's
``_posts/en/newsletters/2026-08-21-newsletter.md`` with ``permalink: /en/newsletters/2026/08/21/``,
a Hugo bundle ``archive/323/index.md`` with ``slug: '323'``, Zola's ``path =
"inside-rust/2020/07/17/traits-sprint-3"``, Pelican's ``Number: 665``. :class:`Marks` are an
issue's number and date; :func:`rewrite_text` and :func:`rewrite_value` write one issue's marks
as another's, in the same shape (separators, zero padding, a TOML date stays a date).

:func:`next_path` names the new issue's file as the latest one is named: the same folder (its
year and month folders moved on), the same bundle-or-file shape and extension, the date and
number rewritten, a subtitle slug where the issues put theirs. :func:`carry_value` tells which
front-matter values the new issue gets: those every recent issue shares as they are, those that
hold the issue's date or number rewritten, no others. :func:`next_title` writes the title as the
newest titles are written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core import yamltext
from editor.core.site.series import shared_title_start, slugify, title_parts

__all__ = [
    "DEFAULT_SEPARATOR",
    "MISSING",
    "Marks",
    "carry_value",
    "images_named",
    "is_bundle_index",
    "name_of",
    "next_path",
    "next_title",
    "rewrite_text",
    "rewrite_value",
]

DEFAULT_SEPARATOR = " - "  # between number and subtitle when no issue title shows one


@dataclass(frozen=True)
class Marks:
    """What changes from one issue to the next: its number and (wall) date."""

    number: int
    date: dt.date | None = None


# -- dates and numbers inside text

# A date written year first (2026-08-28, 2026/8/28, 2026.08.28, 2026_08_28), month first as
# Docusaurus reads it (08-28-2026), or as eight digits (20260828).
_DATE_TEXT = re.compile(
    r"(?<![\d])(?:"
    r"(?P<y>\d{4})(?P<s>[-/._])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"|(?P<um>\d{1,2})(?P<us>[-/])(?P<ud>\d{1,2})(?P=us)(?P<uy>\d{4})"
    r"|(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})"
    r")(?![\d])"
)
# A whole number, not part of a word ("mp4", "v2"), a version (1.77) or a longer number.
_NUMBER_TEXT = r"(?<![^\W_])(?<!\d[.,])(?P<number>0*{n})(?![^\W_])(?![.,]\d)"


def _date_of(match: re.Match[str]) -> dt.date | None:
    g = match.groupdict()
    year, month, day = (
        (g["y"], g["m"], g["d"]) if g["y"] else (g["uy"], g["um"], g["ud"]) if g["uy"] else
        (g["cy"], g["cm"], g["cd"])
    )  # fmt: skip
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _date_like(match: re.Match[str], new: dt.date) -> str:
    """``new`` written as the matched date is: separators, order and zero padding."""
    g = match.groupdict()
    if g["cy"]:
        return f"{new.year:04d}{new.month:02d}{new.day:02d}"
    month, day = (g["m"], g["d"]) if g["y"] else (g["um"], g["ud"])
    sep = g["s"] or g["us"]
    # "08" is padded and "8" is not; "12" or "28" tells nothing, and follows the other field
    padded = any(f.startswith("0") for f in (month, day)) or len(month) == len(day) == 2
    mm, dd = (
        f"{value:02d}" if len(field) == 2 and (padded or field.startswith("0")) else str(value)
        for field, value in ((month, new.month), (day, new.day))
    )
    if g["y"]:
        return f"{new.year:04d}{sep}{mm}{sep}{dd}"
    return f"{mm}{sep}{dd}{sep}{new.year:04d}"


def rewrite_text(text: str, old: Marks, new: Marks) -> str:
    """``text`` with ``old``'s date and number written as ``new``'s, each in its own shape:
    ``/en/newsletters/2026/08/21/`` and ``2026-08-21-newsletter`` take the new date, ``'098'``
    becomes ``'099'``. Other dates, versions (``1.77``) and numbers inside words stay."""
    pieces: list[str] = []
    done = 0
    number = re.compile(_NUMBER_TEXT.format(n=old.number)) if old.number >= 0 else None
    for match in _DATE_TEXT.finditer(text):
        pieces.append(_numbers(text[done : match.start()], number, new.number))
        found = _date_of(match)
        if old.date is not None and new.date is not None and found == old.date:
            pieces.append(_date_like(match, new.date))
        else:
            pieces.append(match.group(0))  # another date: its digits are not the number either
        done = match.end()
    pieces.append(_numbers(text[done:], number, new.number))
    return "".join(pieces)


def _numbers(text: str, number: re.Pattern[str] | None, new: int) -> str:
    if number is None:
        return text
    return number.sub(lambda m: f"{new:0{len(m.group('number'))}d}", text)


def rewrite_value(value: Any, old: Marks, new: Marks) -> Any:
    """A front-matter value with ``old``'s date and number written as ``new``'s: text by
    :func:`rewrite_text`, a whole number equal to the old number, a date (or a datetime on
    that day, its time kept), and the items of lists and tables."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return rewrite_text(value, old, new)
    if isinstance(value, int):
        return new.number if value == old.number else value
    if isinstance(value, dt.datetime):
        if old.date is not None and new.date is not None and value.date() == old.date:
            return dt.datetime.combine(new.date, value.timetz())
        return value
    if isinstance(value, dt.date):
        return new.date if old.date is not None and new.date and value == old.date else value
    if isinstance(value, list):
        return [rewrite_value(v, old, new) for v in value]
    if isinstance(value, Mapping):
        return {k: rewrite_value(v, old, new) for k, v in value.items()}
    return value


_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|bmp|ico)(?:[?#]|$)", re.IGNORECASE)


def images_named(value: Any) -> list[str]:
    """The image files a front-matter value names (``cover.png``, ``/img/x.jpg``), not URLs."""
    if isinstance(value, str):
        text = value.strip()
        is_url = re.match(r"[a-z][a-z0-9+.-]*:|//", text, re.IGNORECASE) is not None
        return [text] if _IMAGE.search(text) and not is_url else []
    if isinstance(value, list):
        return [name for v in value for name in images_named(v)]
    if isinstance(value, Mapping):
        return [name for v in value.values() for name in images_named(v)]
    return []


MISSING: Any = object()
"""A key an issue's front matter does not have (for :func:`carry_value`'s ``others``)."""


def carry_value(
    value: Any,
    others: Sequence[tuple[Any, Marks]],
    old: Marks,
    new: Marks,
) -> tuple[bool, Any]:
    """Whether the new issue keeps a front-matter key of the latest issue, and its value.

    ``value`` is the latest issue's (marks ``old``), ``others`` the same key's value in the
    recent issues before it (:data:`MISSING` where one has none) with their marks. A value
    every other issue shares stays as it is. A value that holds the latest issue's date or
    number is rewritten for the new one (``new``) when an earlier issue's value is the same
    made of its own marks (``permalink``, ``slug``, ``Number``), or when there is no earlier
    issue to compare with. Anything else differs from issue to issue (a draft flag, a
    summary) and is left out. (Whether an image a value names is there for the new issue is
    for the caller to tell: see :func:`images_named`.)
    """
    value = yamltext.to_plain(value)
    rewritten = rewrite_value(value, old, new)
    if rewritten != value:
        present = [(v, m) for v, m in others if v is not MISSING]
        if not others or any(
            not yamltext.same(v, value) and rewrite_value(yamltext.to_plain(v), m, old) == value
            for v, m in present
        ):
            return True, rewritten
    if all(v is not MISSING and yamltext.same(v, value) for v, _ in others):
        return True, value
    return False, None


# -- the file


def is_bundle_index(path: Path) -> bool:
    """Whether ``path`` is the post of a bundle folder: ``index.md``, ``index.mdx``, …"""
    return path.name.split(".")[0] == "index" and path.suffix.lower() in (
        ".md", ".mdx", ".markdown", ".mkd", ".mdown",
    )  # fmt: skip


def name_of(path: Path) -> str:
    """The name an issue is known by: its bundle folder's, else its file's without extension."""
    return path.parent.name if is_bundle_index(path) else _stem(path.name)


def _stem(name: str) -> str:
    return name[: -len(Path(name).suffix)] if Path(name).suffix else name


def _split_date(name: str, marks: Marks) -> tuple[str, str, str]:
    """``name`` cut into a date prefix (with its ``-``), the rest, and a date suffix; the date
    parts are empty when the name does not start or end with the issue's date."""
    if marks.date is None:
        return "", name, ""
    for match in _DATE_TEXT.finditer(name):
        if _date_of(match) != marks.date:
            continue
        if match.start() == 0:
            end = match.end() + (1 if name[match.end() : match.end() + 1] in ("-", "_") else 0)
            return name[:end], name[end:], ""
        if match.end() == len(name):
            start = match.start() - (1 if name[match.start() - 1] in ("-", "_") else 0)
            return "", name[:start], name[start:]
    return "", name, ""


def _number_span(core: str, number: int) -> re.Match[str] | None:
    """The last place ``core`` writes the issue number, outside its dates."""
    masked = _DATE_TEXT.sub(lambda m: "#" * len(m.group(0)), core)
    found = list(re.finditer(_NUMBER_TEXT.format(n=number), masked))
    return found[-1] if found else None


def _next_core(
    core: str,
    old: Marks,
    new: Marks,
    others: Sequence[tuple[str, Marks]],
    subtitle_slug: str,
    fallback: str,
) -> str:
    """The part of the name that is neither date nor extension, for the new issue."""
    span = _number_span(core, old.number)
    if span is not None:
        head = rewrite_text(core[: span.start()], old, new)
        number = f"{new.number:0{len(span.group('number'))}d}"
        tail = core[span.end() :]
        if tail[:1] in ("-", "_") and len(tail) > 1 and not _shared_tail(tail, others):
            # a subtitle after the number: backstage-weekly-38-backstage-numbers-2021
            return head + number + (tail[0] + subtitle_slug if subtitle_slug else "")
        if not tail and subtitle_slug and head[-1:] in ("-", "_"):
            return f"{head}{number}{head[-1]}{subtitle_slug}"  # news-2, then news-3-spring
        return head + number + rewrite_text(tail, old, new)
    if not core:
        return core
    if others and all(c == core for c, _ in others):
        return core  # the same in every issue: "newsletter", "this-week-in-rust"
    return subtitle_slug or fallback  # a slug of its own: the subtitle's, or the series'


def _shared_tail(tail: str, others: Sequence[tuple[str, Marks]]) -> bool:
    """Whether the other issues' names end the same after their own numbers (``-en``)."""
    tails = []
    for core, marks in others:
        span = _number_span(core, marks.number)
        if span is not None:
            tails.append(core[span.end() :])
    return bool(tails) and all(t == tail for t in tails)


def _next_folders(parts: Sequence[str], old: dt.date | None, new: dt.date | None) -> list[str]:
    """Folder names with the latest issue's year (and month and day after it) moved on, as
    ``_posts/2026/`` or ``2026/08/21/``."""
    out = list(parts)
    if old is None or new is None:
        return out
    for i, part in enumerate(out):
        if part != f"{old.year:04d}":
            continue
        out[i] = f"{new.year:04d}"
        for j, (was, now) in enumerate(((old.month, new.month), (old.day, new.day)), start=1):
            if i + j < len(out) and out[i + j].isdigit() and int(out[i + j]) == was:
                out[i + j] = f"{now:0{len(out[i + j])}d}"
            else:
                break
        break
    return out


def next_path(
    latest: Path,
    root: Path,
    old: Marks,
    new: Marks,
    *,
    others: Sequence[tuple[Path, Marks]] = (),
    subtitle_slug: str = "",
    fallback: str,
) -> Path:
    """The new issue's file, named as the ``latest`` issue's is.

    Args:
        latest: the latest issue's file (under ``root``, the site's root).
        old, new: the latest issue's marks and the new one's.
        others: earlier issues' files and marks, to tell a name every issue shares
            (``newsletter``) from a slug of its own.
        subtitle_slug: the new issue's subtitle, slugified ('' for none).
        fallback: the name (without date) for an issue whose latest name is a free slug and
            which has no subtitle, such as ``allotment-letter-14``.
    """
    bundle = is_bundle_index(latest)
    folder = latest.parent.parent if bundle else latest.parent
    try:
        base = root.joinpath(*_next_folders(folder.relative_to(root).parts, old.date, new.date))
    except ValueError:  # (not under the root: the folder as it is)
        base = folder
    before, core, after = _split_date(name_of(latest), old)
    cores = [(_split_date(name_of(p), m)[1], m) for p, m in others]
    name = (
        rewrite_text(before, old, new)
        + _next_core(core, old, new, cores, subtitle_slug, fallback)
        + rewrite_text(after, old, new)
    )
    path = base / name / latest.name if bundle else base / (name + latest.suffix)
    if path == latest:  # nothing in the name changes from issue to issue
        name = f"{name}-{fallback}" if name else fallback
        path = base / name / latest.name if bundle else base / (name + latest.suffix)
    return path


# -- the title


def next_title(
    name: str,
    titles_newest_first: Sequence[tuple[str, Marks]],
    new: Marks,
    subtitle: str,
) -> str:
    """The new issue's title, written as the newest titles are.

    ``Name N``, ``Name #N: Subtitle`` and the like follow the newest title's name and ``#`` and
    the newest separator; a title that holds its number elsewhere ("… on AKS (Part 4)") is the
    newest one with the number (and date) moved on; titles that share their start before a
    separator ("AI Inference on AKS: …") keep it; else ``<series name> <N>``. A subtitle joins
    with the series' separator (`` - `` when no title shows one).
    """
    parts = [p for p in (title_parts(t) for t, _ in titles_newest_first) if p]
    ours = [p for p in parts if slugify(p.name) == slugify(name)] or parts
    if ours:
        separator = next((p.separator for p in ours if p.separator), DEFAULT_SEPARATOR)
        title = f"{ours[0].name}{ours[0].lead}{ours[0].number_like(new.number)}"
        return f"{title}{separator}{subtitle}" if subtitle else title
    for title, marks in titles_newest_first[:1]:
        if _number_span(title, marks.number) is not None:
            moved = rewrite_text(title, marks, new)
            return f"{moved}{DEFAULT_SEPARATOR}{subtitle}" if subtitle else moved
    start = shared_title_start([t for t, _ in titles_newest_first])
    if start is not None:
        text, separator = start
        return f"{text}{separator}{subtitle}" if subtitle else text
    title = f"{name} {new.number}"
    return f"{title}{DEFAULT_SEPARATOR}{subtitle}" if subtitle else title
