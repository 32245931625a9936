"""Series: found among the posts by title or slug, with their numbers, cadence and headings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from editor.core import dates
from editor.core.site import (
    CADENCE_WINDOW,
    PostInfo,
    Series,
    Site,
    group_series,
    slug_issue,
    title_issue,
)
from tests.helpers import write_post


def test_series_numbers_gaps_duplicates_and_disagreements(weekly: Series) -> None:
    assert weekly.name == "Lighthouse Weekly"
    assert weekly.slug_prefix == "lighthouse-weekly"
    assert [i.number for i in weekly.issues] == [1, 2, 4, 6, 6]
    assert weekly.numbers == (1, 2, 4, 6)
    assert weekly.missing == (3, 5)
    assert weekly.duplicates == (6,)
    assert weekly.next_number == 7
    (odd,) = weekly.disagreements
    assert odd.post.slug == "lighthouse-weekly-3-storm-season"
    assert (odd.title_number, odd.slug_number) == (4, 3)


def test_series_cadence_and_date_shape(weekly: Series) -> None:
    assert weekly.cadence.weekday_name == "Monday"  # one issue came out on a Tuesday
    assert weekly.cadence.time == dt.time(9, 30)  # that one at 18:00
    assert weekly.cadence.interval_days == 7
    assert weekly.latest.post.slug == "lighthouse-weekly-6-keepers-log"
    assert weekly.date_shape == "2026-02-09T09:30:00.0Z"
    next_date = dt.datetime(2026, 2, 16, 9, 30)
    assert dates.format_like(weekly.date_shape, next_date) == "2026-02-16T09:30:00.0Z"


def test_series_constant_fields_and_recurring_headings(weekly: Series) -> None:
    assert weekly.author == "Ada Example"
    assert weekly.avatar == "../../assets/team/ada-2026.png"
    assert weekly.tags == ("newsletter",)
    assert weekly.constant_fields == {"author"}  # the avatar changed, one issue has more tags
    # 'Release notes' is in 2 of 5 issues; 'Community News...' counts as 'Community news'.
    assert weekly.outline == (
        (2, "Community news"),
        (3, "Keeper of the week"),  # level 3 counts too
        (2, "Pull requests of the week"),
    )
    assert weekly.headings == ("Community news", "Keeper of the week", "Pull requests of the week")


def test_recurring_headings_come_from_the_newest_issues_only(tmp_path: Path) -> None:
    # 20 issues: the old ten all have 'Old section'; of the newest ten, half have 'Merged last
    # week' (once as a level-3 heading) and four have 'Roadie news'.
    for n in range(1, 21):
        headings = ["## Old section"] if n <= 10 else []
        if n > 10 and n % 2:
            headings.append("### Merged last week" if n == 11 else "## Merged last week...")
        if n in (12, 14, 16, 18):
            headings.append("## Roadie news")
        day = dt.date(2024, 1, 1) + dt.timedelta(weeks=n)
        front_matter = f"title: Weekly {n}\ndate: '{day}'"
        write_post(tmp_path, f"weekly-{n}/index.md", front_matter, "\n\n".join(headings))
    (weekly,) = Site.open(tmp_path).series()
    assert len(weekly.issues) == 2 * CADENCE_WINDOW
    assert weekly.outline == ((2, "Merged last week..."),)  # the newest spelling, usual level


def test_series_found_by_slug_alone_and_an_unreadable_issue_keeps_its_number(
    tmp_path: Path,
) -> None:
    write_post(tmp_path, "harbour-log-1/index.md", "title: Opening the harbour\ndate: 2024-03-01")
    write_post(tmp_path, "harbour-log-2/index.md", "title: Ships\ndate: 2024-03-08")
    write_post(tmp_path, "harbour-log-3/index.md", "title: [broken")
    (series,) = Site.open(tmp_path).series()
    assert (series.name, series.slug_prefix) == ("Harbour Log", "harbour-log")
    assert series.numbers == (1, 2, 3)
    assert series.latest.post.slug == "harbour-log-2"  # the unreadable one has no date
    assert series.cadence.time is None  # the dates have no time of day
    assert series.cadence.weekday_name == "Friday"
    assert series.date_shape == dt.date(2024, 3, 8)  # the newest readable issue's


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Lighthouse Weekly 12 - Storm season", ("Lighthouse Weekly", 12)),
        ("Lighthouse Weekly #12: Storm season", ("Lighthouse Weekly", 12)),
        ("Lighthouse Weekly 12", ("Lighthouse Weekly", 12)),
        ("Lighthouse Weekly 12 – Storm - part two", ("Lighthouse Weekly", 12)),
        ("Top 10 tips for keepers", None),
        ("Python 3.11 is out", None),
        ("2024 - a year", None),
        ("Keeping the lamp lit", None),
    ],
)
def test_title_issue(title: str, expected: tuple[str, int] | None) -> None:
    assert title_issue(title) == expected


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("backstage-weekly-23-code-coverage-plugin", ("backstage-weekly", 23)),
        ("roadie-rundown-1", ("roadie-rundown", 1)),
        ("2021-05-17-my-post", None),
        ("keeping-the-lamp-lit", None),
    ],
)
def test_slug_issue(slug: str, expected: tuple[str, int] | None) -> None:
    assert slug_issue(slug) == expected


def test_a_post_joining_by_a_slug_prefix_the_series_does_not_use_is_left_out() -> None:
    posts = [
        PostInfo(path=Path(f"/s/harbour-notes-{n}/index.md"), slug=f"harbour-notes-{n}",
                 title=f"Harbour Notes {n}")
        for n in (1, 2)
    ] + [
        PostInfo(path=Path("/s/harbour-notes-3/index.md"), slug="harbour-notes-3", title="")
    ]  # fmt: skip
    posts.append(PostInfo(path=Path("/s/tides-4/index.md"), slug="tides-4", title="Tides"))
    posts.append(PostInfo(path=Path("/s/x/tides-weekly/index.md"), slug="tides", title="x"))
    found = group_series(posts)
    assert [(name, [i.number for i in issues]) for name, _, issues in found] == [
        ("Harbour Notes", [1, 2, 3])
    ]
