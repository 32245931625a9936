"""Front-matter dates are read in any common shape and written back in exactly that shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from editor.core import dates
from editor.core.post import Post

UTC = dt.timezone.utc
NEW = dt.datetime(2022, 1, 2, 9, 30, 15, 123456)


ARABIC_INDIC_DATE = "\u0662\u0660\u0662\u0661-\u0660\u0665-\u0661\u0667"


def _zone(hours: int, minutes: int = 0) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours, minutes=minutes))


# -- parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-05-17T21:00:00.0Z", dt.datetime(2021, 5, 17, 21, tzinfo=UTC)),
        ("2021-05-17", dt.datetime(2021, 5, 17)),
        ("2021-05-17 21:00", dt.datetime(2021, 5, 17, 21)),
        ("2021-05-17t21:05:09", dt.datetime(2021, 5, 17, 21, 5, 9)),
        ("2021-05-17T21:00:00+02:00", dt.datetime(2021, 5, 17, 21, tzinfo=_zone(2))),
        ("2001-12-14 21:59:43.1 -5", dt.datetime(2001, 12, 14, 21, 59, 43, 10**5, _zone(-5))),
        ("2021-05-17T21:00:00.123456789Z", dt.datetime(2021, 5, 17, 21, 0, 0, 123456, tzinfo=UTC)),
        ("2021-5-7 9:05", dt.datetime(2021, 5, 7, 9, 5)),
        ("2021/05/17", dt.datetime(2021, 5, 17)),
        ("2021.05.17", dt.datetime(2021, 5, 17)),
        ("  2021-05-17 ", dt.datetime(2021, 5, 17)),
        ("2021-05-17T05:30:00+0530", dt.datetime(2021, 5, 17, 5, 30, tzinfo=_zone(5, 30))),
    ],
)  # fmt: skip
def test_parse_strings(text: str, expected: dt.datetime) -> None:
    assert dates.parse(text) == expected
    got = dates.parse(text)
    assert got is not None and (got.tzinfo is None) == (expected.tzinfo is None)


def test_parse_date_and_datetime_objects() -> None:
    assert dates.parse(dt.date(2021, 5, 17)) == dt.datetime(2021, 5, 17)
    stamp = dt.datetime(2021, 5, 17, 21, 0, tzinfo=UTC)
    assert dates.parse(stamp) is stamp


@pytest.mark.parametrize(
    "value",
    [
        None, "", "hello", "2021-13-01", "2021-02-30", "2021-05-17T25:00", "2021-05-17T21:60",
        "21-05-17", "2021-05-17T", "2021-05-17 21", "2021-05-17T21:00:00+25:00",
        "2021-05/17", ARABIC_INDIC_DATE, 20210517, 3.5, True, ["2021-05-17"], {"a": 1},
    ],
)  # fmt: skip
def test_parse_returns_none_for_non_dates(value: object) -> None:
    assert dates.parse(value) is None
    assert not dates.is_date_value(value)


@given(st.text(max_size=40))
def test_parse_never_raises(text: str) -> None:
    result = dates.parse(text)
    assert result is None or isinstance(result, dt.datetime)


# -- format_like


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("2021-05-17T21:00:00.0Z", "2022-01-02T09:30:15.1Z"),
        ("2021-05-17T21:00:00Z", "2022-01-02T09:30:15Z"),
        ("2021-05-17T21:00:00.000Z", "2022-01-02T09:30:15.123Z"),
        ("2021-05-17T21:00:00.123456789Z", "2022-01-02T09:30:15.123456000Z"),
        ("2021-05-17", "2022-01-02"),
        ("2021-05-17 21:00", "2022-01-02 09:30"),
        ("2021-5-7 9:00", "2022-1-2 9:30"),
        ("2021/05/17", "2022/01/02"),
        ("2021-05-17t21:00:00z", "2022-01-02t09:30:15z"),
        ("2021-05-17T21:00:00+02:00", "2022-01-02T09:30:15+02:00"),
        ("2001-12-14 21:59:43.10 -5", "2022-01-02 09:30:15.12 -5"),
        (" 2021-05-17 ", " 2022-01-02 "),
    ],
)
def test_format_like_keeps_string_shape(original: str, expected: str) -> None:
    assert dates.format_like(original, NEW) == expected


def test_format_like_the_corpus_shape() -> None:
    new = dt.datetime(2022, 1, 2, 9, 30)
    assert dates.format_like("2021-05-17T21:00:00.0Z", new) == "2022-01-02T09:30:00.0Z"


def test_format_like_keeps_object_types() -> None:
    day = dates.format_like(dt.date(2021, 5, 17), NEW)
    assert type(day) is dt.date and day == dt.date(2022, 1, 2)
    naive = dates.format_like(dt.datetime(2021, 5, 17, 21), NEW)
    assert type(naive) is dt.datetime and naive == NEW and naive.tzinfo is None
    plus2 = dt.timezone(dt.timedelta(hours=2))
    aware = dates.format_like(dt.datetime(2021, 5, 17, 21, tzinfo=plus2), NEW)
    assert isinstance(aware, dt.datetime)
    assert aware.tzinfo is plus2 and dates.wall_time(aware) == NEW


def test_aware_new_value_is_converted_to_the_originals_zone() -> None:
    new = dt.datetime(2022, 1, 2, 9, 30, tzinfo=UTC)
    assert dates.format_like("2021-05-17T21:00+02:00", new) == "2022-01-02T11:30+02:00"
    west = new.astimezone(_zone(-3))
    assert dates.format_like("2021-05-17T21:00:00Z", west) == "2022-01-02T09:30:00Z"
    # An original without a zone keeps the wall time it is given.
    assert dates.format_like("2021-05-17 21:00", new) == "2022-01-02 09:30"


@pytest.mark.parametrize("original", [None, "", "soon", 42])
def test_format_like_without_a_date_shape_writes_iso(original: object) -> None:
    assert (
        dates.format_like(original, dt.datetime(2022, 1, 2, 9, 30, 15, 5)) == "2022-01-02T09:30:15"
    )
    aware = dt.datetime(2022, 1, 2, 9, 30, tzinfo=UTC)
    assert dates.format_like(original, aware) == "2022-01-02T09:30:00Z"


def test_precision() -> None:
    assert dates.precision("2021-05-17") == "day"
    assert dates.precision(dt.date(2021, 5, 17)) == "day"
    assert dates.precision("2021-05-17 21:00") == "minute"
    assert dates.precision("2021-05-17T21:00:00.0Z") == "second"
    assert dates.precision(dt.datetime(2021, 5, 17)) == "second"
    assert dates.precision("nope") is None
    assert dates.precision(None) is None


def test_written_value_keeps_the_post_text_shape() -> None:
    post = Post.parse("---\ntitle: x\ndate: '2021-05-17T21:00:00.0Z'\n---\nbody\n")
    original = post.meta["date"]
    post.meta["date"] = dates.format_like(original, dt.datetime(2022, 1, 2, 9, 30))
    assert post.dumps() == "---\ntitle: x\ndate: '2022-01-02T09:30:00.0Z'\n---\nbody\n"


# -- round trips over generated shapes

_datetimes = st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31))
Render = Callable[[dt.datetime], str]


@st.composite
def shapes(draw: st.DrawFn) -> Render:
    """A supported date shape (at most microsecond precision), as a function that writes one."""
    sep = draw(st.sampled_from("-/."))
    width = draw(st.sampled_from([1, 2]))  # zero-padded or not
    lead, trail = draw(st.sampled_from(["", " "])), draw(st.sampled_from(["", " ", "\n"]))
    time_sep = draw(st.sampled_from([None, "T", "t", " ", "  "]))
    seconds = draw(st.booleans())
    digits = draw(st.integers(0, 6)) if seconds else 0
    zone = draw(st.sampled_from([None, "Z", "z", "+02:00", "-05:30", "+0100", "-5", "+14:00"]))
    zone_space = draw(st.sampled_from(["", " "]))

    def render(value: dt.datetime) -> str:
        text = f"{value.year:04d}{sep}{value.month:0{width}d}{sep}{value.day:0{width}d}"
        if time_sep is not None:
            text += f"{time_sep}{value.hour:0{width}d}:{value.minute:02d}"
            if seconds:
                text += f":{value.second:02d}"
                if digits:
                    text += "." + f"{value.microsecond:06d}"[:digits]
            if zone is not None:
                text += zone_space + zone
        return lead + text + trail

    render.unpadded_needs_proof = (width == 1, time_sep is not None)  # type: ignore[attr-defined]
    return render


@given(shapes(), _datetimes)
def test_round_trip(render: Render, value: dt.datetime) -> None:
    text = render(value)
    parsed = dates.parse(text)
    assert parsed is not None
    assert dates.format_like(text, parsed) == text


@given(shapes(), _datetimes, _datetimes)
def test_a_new_value_is_written_in_the_originals_shape(
    render: Render, old: dt.datetime, new: dt.datetime
) -> None:
    before, after = render(old), render(new)
    # "2021-12-10" could be padded or not; only a single digit or a leading zero tells.
    unpadded, has_time = render.unpadded_needs_proof  # type: ignore[attr-defined]
    assume(not unpadded or min(old.month, old.day, old.hour if has_time else 10) < 10)
    parsed = dates.parse(after)
    assert parsed is not None
    assert dates.format_like(before, dates.wall_time(parsed)) == after
    if parsed.tzinfo is not None:  # the same instant given in another zone: the same text
        assert dates.format_like(before, parsed.astimezone(UTC)) == after


@given(_datetimes)
def test_objects_round_trip(value: dt.datetime) -> None:
    assert dates.format_like(value, value) == value
    assert dates.format_like(value.date(), value) == value.date()
    assert dates.parse(dates.format_like(value.date(), value)) == dt.datetime.combine(
        value.date(), dt.time()
    )


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("08-19-2026", "01-05-2027"),
        ("8/9/2026", "1/5/2027"),
        ("08-19-2026 10:30", "01-05-2027 09:07"),
    ],
)
def test_month_first_dates_as_docusaurus_reads_them(original: str, expected: str) -> None:
    assert dates.parse(original) is not None
    assert dates.format_like(original, dt.datetime(2027, 1, 5, 9, 7)) == expected


def test_a_month_first_date_with_a_thirteenth_month_is_no_date() -> None:
    assert dates.parse("13-01-2026") is None


# -- month names, as JavaScript's Date (and Astro's z.coerce.date()) reads them


@pytest.mark.parametrize(
    ("original", "read", "expected"),
    [
        ("August 31, 2026", dt.datetime(2026, 8, 31), "January 5, 2027"),
        ("Aug 31 2026", dt.datetime(2026, 8, 31), "Jan 5 2027"),
        ("31 August 2026", dt.datetime(2026, 8, 31), "5 January 2027"),
        ("Sept 03, 2026", dt.datetime(2026, 9, 3), "Jan 05, 2027"),
        ("AUGUST 31, 2026", dt.datetime(2026, 8, 31), "JANUARY 5, 2027"),
        ("Mon, 31 Aug 2026 10:00:00 GMT", dt.datetime(2026, 8, 31, 10, tzinfo=UTC),
         "Tue, 5 Jan 2027 09:07:00 GMT"),
        ("May 5, 2026 9:30", dt.datetime(2026, 5, 5, 9, 30), "January 5, 2027 9:07"),
    ],
)  # fmt: skip
def test_month_name_dates_are_read_and_keep_their_shape(
    original: str, read: dt.datetime, expected: str
) -> None:
    assert dates.parse(original) == read
    assert dates.format_like(original, dt.datetime(2027, 1, 5, 9, 7)) == expected


@pytest.mark.parametrize(
    "text", ["Augusts 3, 2026", "Foo 3, 2026", "February 30, 2026", "May 2026"]
)
def test_other_words_and_impossible_days_are_no_month_name_date(text: str) -> None:
    assert dates.parse(text) is None


def test_a_month_name_date_is_a_day_not_a_time() -> None:
    assert dates.precision("August 31, 2026") == "day"
    assert dates.precision("Aug 31, 2026 10:00") == "minute"


_NAMED_SHAPES = st.sampled_from(
    ["August 31, 2026", "Aug 31 2026", "31 August 2026", "Mon, 01 Aug. 2026", "sept 3, 2026"]
)


@given(_NAMED_SHAPES, st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_a_month_name_date_reads_back_as_written(shape: str, day: dt.date) -> None:
    new = dt.datetime(day.year, day.month, day.day)
    written = dates.format_like(shape, new)
    assert isinstance(written, str) and dates.parse(written) == new
    assert dates.format_like(written, new) == written
