"""Front-matter dates: read any common shape, write a new date back in the post's own shape (pure).

Posts store dates in many shapes: quoted strings such as ``'2021-05-17T21:00:00.0Z'``, YAML
timestamps that load as :class:`datetime.date` or :class:`datetime.datetime` objects, plain
``2021-05-17``. Editing a date must not change that shape, or a site generator that expects it
breaks, so :func:`format_like` writes a new value with the original's type, separators, field
widths, fractional digits and time-zone text.

Time zones: a string with a zone (``Z``, ``+02:00``, ``-5``) is read as an aware datetime. A naive
``new`` value is taken as wall time in the original's zone (that is what a date field shows); an
aware one is converted to the original's zone first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["format_like", "is_date_value", "parse", "precision", "wall_time"]

_PATTERN = re.compile(
    r"""
    (?P<lead>\s*)
    (?:
        (?P<year>\d{4})(?P<dsep>[-/.])(?P<month>\d{1,2})(?P=dsep)(?P<day>\d{1,2})
    |   # month first, as Docusaurus (JavaScript's Date) reads "08-19-2026"
        (?P<us_month>\d{1,2})(?P<us_sep>[-/])(?P<us_day>\d{1,2})(?P=us_sep)(?P<us_year>\d{4})
    )
    (?:
        (?P<tsep>[Tt]|[ \t]+)
        (?P<hour>\d{1,2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:\.(?P<frac>\d+))?)?
        (?:(?P<tzsp>[ \t]*)(?P<tz>[Zz]|[+-]\d{1,2}(?::?\d{2})?))?
    )?
    (?P<trail>\s*)
    """,
    re.VERBOSE | re.ASCII,
)
_MICRO_DIGITS = 6


@dataclass(frozen=True)
class _Shape:
    """How a date string is written, apart from the date itself."""

    lead: str
    date_sep: str
    month_width: int
    day_width: int
    trail: str
    month_first: bool = False  # "08-19-2026" rather than "2026-08-19"
    time_sep: str | None = None  # None: a date without a time
    hour_width: int = 2
    has_seconds: bool = False
    frac_digits: int = 0
    tz_space: str = ""
    tz_text: str = ""  # as written: "", "Z", "+02:00", "-5"
    tz: dt.tzinfo | None = None


def _offset(text: str) -> dt.tzinfo:
    if text in ("Z", "z"):
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))


def _widths(fields: list[str | None]) -> list[int]:
    """Zero-padding of month, day and hour: "05" is padded, "5" is not, and "12" (which could be
    either) follows the others, padded when none of them tells."""
    present = [f for f in fields if f is not None]
    padded = any(f.startswith("0") and len(f) == 2 for f in present) or all(
        len(f) == 2 for f in present
    )
    ambiguous = 2 if padded else 1
    return [ambiguous if f is None or (len(f) == 2 and f[0] != "0") else len(f) for f in fields]


def _read(text: str) -> tuple[dt.datetime, _Shape] | None:
    match = _PATTERN.fullmatch(text)
    if match is None:
        return None
    g = match.groupdict()
    month_first = g["us_year"] is not None
    if month_first:
        g.update(year=g["us_year"], month=g["us_month"], day=g["us_day"], dsep=g["us_sep"])
    month, day, hour = _widths([g["month"], g["day"], g["hour"]])
    shape = _Shape(g["lead"], g["dsep"], month, day, g["trail"], month_first)
    try:
        if g["tsep"] is None:
            return dt.datetime(int(g["year"]), int(g["month"]), int(g["day"])), shape
        frac = g["frac"] or ""
        tz = _offset(g["tz"]) if g["tz"] else None
        value = dt.datetime(
            int(g["year"]), int(g["month"]), int(g["day"]),
            int(g["hour"]), int(g["minute"]), int(g["second"] or 0),
            int(frac[:_MICRO_DIGITS].ljust(_MICRO_DIGITS, "0")), tzinfo=tz,
        )  # fmt: skip
    except ValueError:  # month 13, day 31 in April, hour 25, offset of a day or more
        return None
    shape = _Shape(
        shape.lead, shape.date_sep, shape.month_width, shape.day_width, shape.trail,
        month_first, time_sep=g["tsep"], hour_width=hour, has_seconds=g["second"] is not None,
        frac_digits=len(frac), tz_space=g["tzsp"] or "", tz_text=g["tz"] or "", tz=tz,
    )  # fmt: skip
    return value, shape


# -- month names, as JavaScript's Date reads them ("August 31, 2026", "31 Aug 2026")

_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_WORD = r"[A-Za-z]{3,9}"
_NAMED = re.compile(
    rf"""
    (?P<lead>\s*)
    (?:(?P<weekday>[A-Za-z]{{3,9}})(?P<wsep>,?[ \t]+))?
    (?:
        (?P<m1>{_MONTH_WORD})(?P<dot1>\.?)(?P<s1>[ \t]+)(?P<d1>\d{{1,2}})
        (?P<s2>,?[ \t]+)(?P<y1>\d{{4}})
    |   (?P<d2>\d{{1,2}})(?P<s3>[ \t]+)(?P<m2>{_MONTH_WORD})(?P<dot2>\.?)
        (?P<s4>,?[ \t]+)(?P<y2>\d{{4}})
    )
    (?:
        (?P<tsep>,?[ \t]+)(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?::(?P<second>\d{{2}}))?
        (?:(?P<tzsp>[ \t]*)(?P<tz>Z|GMT|UTC|[+-]\d{{2}}:?\d{{2}}))?
    )?
    (?P<trail>\s*)
    """,
    re.VERBOSE | re.ASCII,
)


@dataclass(frozen=True)
class _NamedShape:
    """How a date with a month name is written: its words' style and the text between."""

    lead: str
    weekday: str  # "", or the weekday's style: "full" or "short", with its case
    wsep: str
    day_first: bool  # "31 August 2026" rather than "August 31, 2026"
    month: str  # "full" or "short" (with "." after it when written so), with its case
    sep1: str
    sep2: str
    day_width: int
    trail: str
    time_sep: str | None = None
    hour_width: int = 2
    has_seconds: bool = False
    tz_space: str = ""
    tz_text: str = ""
    tz: dt.tzinfo | None = None


def _word_index(word: str, names: tuple[str, ...]) -> tuple[int, str] | None:
    """The index of a month or weekday name (whole, or its first three letters, as JavaScript
    reads it; "Sept" too) and its style; None for another word."""
    folded = word.casefold()
    for index, name in enumerate(names):
        if folded == name:
            style = "full"
        elif folded == name[:3] or (folded == "sept" and name == "september"):
            style = "short" if len(folded) == 3 else "short4"
        else:
            continue
        case = "upper" if word.isupper() else "lower" if word.islower() else "title"
        return index, f"{style}:{case}"
    return None


def _cased(word: str, style: str) -> str:
    kind, case = style.split(":")
    if kind == "short4":  # "Sept": only September has a four-letter short form
        kind = "short4" if word == "september" else "short"
    word = word[:3] if kind == "short" else word[:4] if kind == "short4" else word
    return word.upper() if case == "upper" else word.lower() if case == "lower" else word.title()


def _read_named(text: str) -> tuple[dt.datetime, _NamedShape] | None:
    match = _NAMED.fullmatch(text)
    if match is None:
        return None
    g = match.groupdict()
    day_first = g["d2"] is not None
    month_word = g["m2"] if day_first else g["m1"]
    month = _word_index(month_word, _MONTHS)
    weekday = _word_index(g["weekday"], _DAYS) if g["weekday"] else None
    if month is None or (g["weekday"] and weekday is None):
        return None
    day_text = g["d2"] if day_first else g["d1"]
    year = int(g["y2"] if day_first else g["y1"])
    dot = (g["dot2"] if day_first else g["dot1"]) or ""
    tz = None
    if g["tz"]:
        tz = dt.timezone.utc if g["tz"] in ("GMT", "UTC") else _offset(g["tz"])
    try:
        value = dt.datetime(
            year, month[0] + 1, int(day_text), int(g["hour"] or 0), int(g["minute"] or 0),
            int(g["second"] or 0), tzinfo=tz if g["tsep"] is not None else None,
        )  # fmt: skip
    except ValueError:
        return None
    shape = _NamedShape(
        lead=g["lead"], weekday=weekday[1] if weekday else "", wsep=g["wsep"] or "",
        day_first=day_first, month=month[1] + dot,
        sep1=(g["s3"] if day_first else g["s1"]), sep2=(g["s4"] if day_first else g["s2"]),
        day_width=len(day_text) if day_text.startswith("0") else 1, trail=g["trail"],
        time_sep=g["tsep"], hour_width=len(g["hour"] or "00"),
        has_seconds=g["second"] is not None, tz_space=g["tzsp"] or "", tz_text=g["tz"] or "",
        tz=tz,
    )  # fmt: skip
    return value, shape


def _write_named(new: dt.datetime, shape: _NamedShape) -> str:
    if shape.time_sep is not None:
        new = _in_zone(new, shape.tz)
    style, dot = (shape.month[:-1], ".") if shape.month.endswith(".") else (shape.month, "")
    month = _cased(_MONTHS[new.month - 1], style) + dot
    day = f"{new.day:0{shape.day_width}d}"
    if shape.day_first:
        date = f"{day}{shape.sep1}{month}{shape.sep2}{new.year:04d}"
    else:
        date = f"{month}{shape.sep1}{day}{shape.sep2}{new.year:04d}"
    if shape.weekday:
        date = _cased(_DAYS[new.weekday()], shape.weekday) + shape.wsep + date
    if shape.time_sep is not None:
        date += f"{shape.time_sep}{new.hour:0{shape.hour_width}d}:{new.minute:02d}"
        if shape.has_seconds:
            date += f":{new.second:02d}"
        date += f"{shape.tz_space}{shape.tz_text}"
    return f"{shape.lead}{date}{shape.trail}"


def parse(value: object) -> dt.datetime | None:
    """Read a front-matter date value; ``None`` if it is not a date (never raises).

    Accepts :class:`datetime.datetime` and :class:`datetime.date` objects and strings such as
    ``'2021-05-17T21:00:00.0Z'``, ``'2021-05-17'``, ``'2021-05-17 21:00'``, ``'2021/5/7'`` or
    ``'2001-12-14 21:59:43.10 -5'``, Docusaurus' month-first ``'08-19-2026'`` and the
    month names JavaScript's ``Date`` reads (``'August 31, 2026'``, ``'31 Aug 2026'``,
    ``'Mon, 31 Aug 2026 10:00:00 GMT'``; Astro's ``z.coerce.date()`` takes them). A string with
    a time zone gives an aware datetime.
    """
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        read = _read(value) or _read_named(value)
        return read[0] if read is not None else None
    return None


def is_date_value(value: object) -> bool:
    """Whether ``value`` is a date object or a string in a date shape :func:`parse` reads."""
    return parse(value) is not None


def precision(value: object) -> Literal["day", "minute", "second"] | None:
    """How finely ``value`` is written: ``"day"`` (no time), ``"minute"``, ``"second"``, or None.

    A date field uses this to show only what the post stores.
    """
    if isinstance(value, dt.datetime):
        return "second"
    if isinstance(value, dt.date):
        return "day"
    read = (_read(value) or _read_named(value)) if isinstance(value, str) else None
    if read is None:
        return None
    shape = read[1]
    if shape.time_sep is None:
        return "day"
    return "second" if shape.has_seconds else "minute"


def wall_time(value: dt.datetime) -> dt.datetime:
    """The naive date and time as written in the post (in its own zone), for showing to a user."""
    return value.replace(tzinfo=None)


def _in_zone(new: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    """``new`` as wall time in ``tz``: naive values are already wall time there."""
    if new.tzinfo is None or tz is None:
        return new.replace(tzinfo=tz)
    return new.astimezone(tz)


def _write(new: dt.datetime, shape: _Shape) -> str:
    if shape.time_sep is not None:
        new = _in_zone(new, shape.tz)
    sep = shape.date_sep
    month, day = f"{new.month:0{shape.month_width}d}", f"{new.day:0{shape.day_width}d}"
    if shape.month_first:
        date = f"{month}{sep}{day}{sep}{new.year:04d}"
    else:
        date = f"{new.year:04d}{sep}{month}{sep}{day}"
    if shape.time_sep is None:
        return f"{shape.lead}{date}{shape.trail}"
    time = f"{new.hour:0{shape.hour_width}d}:{new.minute:02d}"
    if shape.has_seconds:
        time += f":{new.second:02d}"
        if shape.frac_digits:
            micro = f"{new.microsecond:06d}"
            time += "." + micro[: shape.frac_digits].ljust(shape.frac_digits, "0")
    zone = f"{shape.tz_space}{shape.tz_text}"
    return f"{shape.lead}{date}{shape.time_sep}{time}{zone}{shape.trail}"


def _default(new: dt.datetime) -> str:
    """A new date for a post that had none (or an unreadable one): ISO 8601, to the second."""
    text = new.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def format_like(original: object, new: dt.datetime) -> str | dt.date | dt.datetime:
    """``new`` written in the shape and type of ``original``.

    A string stays a string with the same separators, widths, fractional digits and zone
    (``'2021-05-17T21:00:00.0Z'`` becomes ``'2022-01-02T09:30:00.0Z'``); a date object gives a
    date; a datetime gives a datetime in the original's zone. Parts the shape has no room for
    (the time of a date-only value, digits beyond its fraction) are dropped. An original that is
    not a date (``None``, say) gives an ISO 8601 string such as ``'2022-01-02T09:30:00'``.
    """
    if isinstance(original, dt.datetime):
        return _in_zone(new, original.tzinfo)
    if isinstance(original, dt.date):
        return dt.date(new.year, new.month, new.day)
    if isinstance(original, str):
        read = _read(original)
        if read is not None:
            return _write(new, read[1])
        named = _read_named(original)
        if named is not None:
            return _write_named(new, named[1])
    return _default(new)
