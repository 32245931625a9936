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


def parse(value: object) -> dt.datetime | None:
    """Read a front-matter date value; ``None`` if it is not a date (never raises).

    Accepts :class:`datetime.datetime` and :class:`datetime.date` objects and strings such as
    ``'2021-05-17T21:00:00.0Z'``, ``'2021-05-17'``, ``'2021-05-17 21:00'``, ``'2021/5/7'`` or
    ``'2001-12-14 21:59:43.10 -5'``, and Docusaurus' month-first ``'08-19-2026'`` (as
    JavaScript's ``Date`` reads it). A string with a time zone gives an aware datetime.
    """
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        read = _read(value)
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
    read = _read(value) if isinstance(value, str) else None
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
    return _default(new)
