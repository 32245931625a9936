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


def _posts(*items: tuple[str, str, dt.date | None]) -> list[PostInfo]:
    """Posts from (slug, title, date)."""
    return [
        PostInfo(
            path=Path(f"/s/{slug}.md"),
            slug=slug,
            title=title,
            date=dt.datetime.combine(day, dt.time()) if day else None,
        )
        for slug, title, day in items
    ]


def test_years_versions_and_dates_are_not_issue_numbers() -> None:
    # On the Rust blog these made 36 'duplicate-issue-number' errors: surveys and security
    # advisories of one year, a development cycle per Rust version, meeting agendas by date.
    posts = _posts(
        ("rust-survey-2023-results", "Rust Survey 2023 Results", dt.date(2024, 2, 19)),
        ("rust-survey-2022", "Rust Survey 2022 Results", dt.date(2023, 1, 5)),
        ("cve-2022-21658", "Security advisory (CVE-2022-21658)", dt.date(2022, 1, 20)),
        ("cve-2022-24713", "Security advisory (CVE-2022-24713)", dt.date(2022, 3, 8)),
        ("all-hands-2026", "All Hands 2026", None),
        ("all-hands-2026-retrospective", "All Hands 2026 retrospective", None),
        ("cargo-cycle-1-76", "This cycle in Cargo: 1.76", dt.date(2024, 2, 1)),
        ("cargo-cycle-1-77", "This cycle in Cargo: 1.77", dt.date(2024, 3, 1)),
        ("ctcft-april", "CTCFT 2022-04-18 Agenda", dt.date(2022, 4, 18)),
        ("ctcft-may", "CTCFT 2022-05-16 Agenda", dt.date(2022, 5, 16)),
        # a run numbered 1, 2, 3 by slug, its titles holding the year
        ("traits-sprint-1", "Traits working group 2020 sprint 1 summary", dt.date(2020, 3, 28)),
        ("traits-sprint-2", "Traits working group 2020 sprint 2 summary", dt.date(2020, 5, 18)),
        ("traits-sprint-3", "Traits working group 2020 sprint 3 summary", dt.date(2020, 7, 17)),
    )
    found = group_series(posts)
    assert [(name, [i.number for i in issues]) for name, _, issues in found] == [
        ("Traits Sprint", [1, 2, 3])
    ]


def test_release_posts_named_by_their_version_are_no_series() -> None:
    # "Astro 6.1" at astro-610 made a series "Astro" numbered 610…5170, next issue 5171.
    posts = _posts(
        ("astro-610", "Astro 6.1", dt.date(2026, 3, 26)),
        ("astro-620", "Astro 6.2", dt.date(2026, 4, 28)),
        ("astro-630", "Astro 6.3", dt.date(2026, 5, 7)),
        ("astro-5170", "Astro 5.17", dt.date(2026, 1, 29)),
        ("astro-710", "Astro 7.1", dt.date(2026, 7, 16)),
    )
    assert group_series(posts) == []
    # the slug's number is the version's digits, even where they would step by one
    dotted = _posts(*((f"tool-6{n}", f"Tool 6.{n}", None) for n in (1, 2, 3)))
    assert group_series(dotted) == []


def test_numbers_that_do_not_step_by_one_make_no_series() -> None:
    tens = _posts(*((f"report-{n}", f"Report {n}", None) for n in (10, 20, 30, 40)))
    assert group_series(tens) == []
    gappy = _posts(*((f"report-{n}", f"Report {n}", None) for n in (1, 2, 4, 6, 90)))
    ((name, _, issues),) = group_series(gappy)  # an issue or two may be missing
    assert (name, [i.number for i in issues]) == ("Report", [1, 2, 4, 6, 90])


def test_a_number_far_from_its_posts_year_is_an_issue_number() -> None:
    posts = _posts(
        ("weekly-1999", "Weekly 1999", dt.date(2031, 1, 6)),
        ("weekly-2000", "Weekly 2000", dt.date(2031, 1, 13)),
    )
    ((name, _, issues),) = group_series(posts)
    assert (name, [i.number for i in issues]) == ("Weekly", [1999, 2000])


def test_a_number_key_is_the_issue_number_and_translations_are_their_own_series() -> None:
    posts = [
        PostInfo(Path(f"/s/{day}-kilns.md"), f"{day}-kilns", title=title, number=number)
        for day, title, number in (
            ("2026-08-12", "This Week in Kilns 41", 41),
            ("2026-08-19", "This Week in Kilns", 42),  # the Number line alone
        )
    ]
    posts += [
        PostInfo(Path(f"/s/{lang}/{n}.md"), f"tide-{n}", title=f"Tide #{n}", lang=lang)
        for lang, numbers in (("en", (1, 2, 3)), ("fr", (2, 3)))
        for n in numbers
    ]
    found = {name: [i.number for i in issues] for name, _, issues in group_series(posts)}
    assert found == {"This Week in Kilns": [41, 42], "Tide": [1, 2, 3], "Tide (fr)": [2, 3]}


def test_a_series_found_by_slug_is_named_by_the_start_its_titles_share() -> None:
    posts = _posts(
        ("edge-ai-part-1", "AI at the Edge: Why it matters", dt.date(2026, 4, 7)),
        ("edge-ai-part-2", "AI at the Edge: Scope", dt.date(2026, 4, 8)),
    )
    ((name, prefix, _),) = group_series(posts)
    assert (name, prefix) == ("AI at the Edge", "edge-ai-part")


def test_a_series_is_named_as_its_newest_issues_write_it() -> None:
    """Issue 1 wrote "This Week In Kilns"; the newest issues write "This Week in Kilns"."""
    start = dt.date(2013, 6, 7)
    posts = [
        PostInfo(
            Path(f"/s/{n}.md"), f"k-{n}",
            title=f"This Week {'In' if n <= 12 else 'in'} Kilns {n}",
            date=dt.datetime.combine(start + dt.timedelta(weeks=n), dt.time()),
        )
        for n in range(1, 23)
    ]  # fmt: skip
    ((name, _, issues),) = group_series(posts)
    assert name == "This Week in Kilns" and len(issues) == 22  # 12 old issues, 10 new ones
    ((name, _, _),) = group_series(posts[:14])  # the newest ten: 8 "In", 2 "in"
    assert name == "This Week In Kilns"


def test_a_post_laid_out_as_the_issues_are_is_the_issue_its_folder_numbers() -> None:
    # Issues at archive/<N>/index.md, a few titled without the series' name ("008: Fog") or
    # without a number at all, their slugs the bare number: their folders number them.
    def at(rel: str, title: str, day: dt.date | None = None) -> PostInfo:
        when = dt.datetime.combine(day, dt.time()) if day else None
        path = Path(f"/s/content/{rel}")
        return PostInfo(path, path.parent.name if path.stem == "index" else path.stem,
                        title=title, date=when)  # fmt: skip

    posts = [
        at("archive/008/index.md", "008: Fog"),
        at("archive/010/index.md", "Tides 010: Spring tides"),
        at("archive/011/index.md", "Tides 011: Neap tides"),
        at("archive/012/index.md", "Storms, storms and more storms"),
        at("archive/2025/index.md", "The year in tides", dt.date(2025, 12, 30)),  # a year
        at("archive/13.md", "Tide tables"),  # not the issues' layout
        at("about/index.md", "About"),
        at("7/index.md", "Seven"),
    ]
    ((name, _, issues),) = group_series(posts)
    assert name == "Tides"
    assert [(i.number, i.post.title) for i in issues] == [
        (8, "008: Fog"),
        (10, "Tides 010: Spring tides"),
        (11, "Tides 011: Neap tides"),
        (12, "Storms, storms and more storms"),
    ]
    assert not any(i.disagrees for i in issues)
    # one issue laid out so is no layout yet
    assert group_series(posts[:2] + posts[3:4]) == []
