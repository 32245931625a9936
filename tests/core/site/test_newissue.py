"""The next issue of a series: planned exactly, created without touching anything else."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from editor.core import bundled
from editor.core.site import (
    IssuePlan,
    NewIssueError,
    Site,
    add_issue,
    create_issue,
    find_series,
    plan_issue,
)
from tests.helpers import FIXTURES, write_post
from tests.helpers.hostile_files import make_fifo, unblocking

FIXTURE = FIXTURES / "site"
BLOG = FIXTURE / "content" / "blog"
UTC = dt.timezone.utc
TUESDAY = dt.date(2026, 2, 10)  # the day after the latest issue (Monday 9 February 09:30 UTC)

FRONT_MATTER = """\
---
title: {title}
date: '{date}'
description: ''
tags: ['newsletter']
author:
  name: Ada Example
  avatar: '../../assets/team/ada-2026.png'
---
"""
HEADINGS = "## Community news\n\n\n### Keeper of the week\n\n\n## Pull requests of the week\n\n\n"


def _plan(
    site: Site,
    subtitle: str = "",
    *,
    today: dt.date | None = TUESDAY,
    when: dt.datetime | None = None,
) -> IssuePlan:
    return plan_issue(site, "Lighthouse Weekly", subtitle, today=today, when=when)


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` with its bytes and modification time."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _folders(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()}


# -- the plan


def test_the_whole_plan_for_the_fixture_series(site: Site) -> None:
    plan = _plan(site)
    assert plan.series == "Lighthouse Weekly"
    assert plan.number == 7  # 6 is used twice, once by a draft: the highest still counts
    assert plan.title == "Lighthouse Weekly 7"
    assert plan.slug == "lighthouse-weekly-7"
    assert plan.path == BLOG / "lighthouse-weekly-7" / "index.md"
    assert plan.date == dt.datetime(2026, 2, 16, 9, 30, tzinfo=UTC)
    assert plan.date_text == "2026-02-16T09:30:00.0Z"
    assert plan.warnings == ()
    # Key order, quoting and layout are the latest issue's; its description is emptied, and
    # 'draft: true' (which the other issues do not have) is left out.
    assert plan.text == (
        FRONT_MATTER.format(title="Lighthouse Weekly 7", date="2026-02-16T09:30:00.0Z")
        + "\n"
        + HEADINGS
    )


def test_the_highest_number_counts_even_when_only_a_draft_has_it(site_copy: Path) -> None:
    shutil.rmtree(site_copy / "content/blog/lighthouse-weekly-6-foghorns")
    plan = _plan(Site.open(site_copy))
    assert plan.number == 7


def test_a_subtitle_joins_the_title_in_the_series_style_and_the_slug_slugified(
    site: Site,
) -> None:
    plan = _plan(site, "  Beacons &  Bells! ")
    # The latest title has no subtitle; the newest one that has, 'Lighthouse Weekly #6:
    # Foghorns', shows the separator. The number follows the latest title: no '#'.
    assert plan.title == "Lighthouse Weekly 7: Beacons & Bells!"
    assert plan.slug == "lighthouse-weekly-7-beacons-bells"
    assert plan.path == BLOG / "lighthouse-weekly-7-beacons-bells" / "index.md"
    assert plan.text.startswith("---\ntitle: 'Lighthouse Weekly 7: Beacons & Bells!'\n")
    assert _plan(site, "!!!").slug == "lighthouse-weekly-7"  # nothing to slugify


@pytest.mark.parametrize(
    ("latest_title", "expected"),
    [
        ("Lighthouse Weekly #6 – Keeper's log", "Lighthouse Weekly #7 – Beacons"),
        ("Lighthouse Weekly 6 - Keeper's log", "Lighthouse Weekly 7 - Beacons"),
        ("Lighthouse Weekly 6 | Keeper's log", "Lighthouse Weekly 7 | Beacons"),
    ],
)
def test_the_title_follows_the_latest_title(
    site_copy: Path, latest_title: str, expected: str
) -> None:
    latest = site_copy / "content/blog/lighthouse-weekly-6-keepers-log/index.md"
    latest.write_text(latest.read_text().replace("Lighthouse Weekly 6", f'"{latest_title}"'))
    assert _plan(Site.open(site_copy), "Beacons").title == expected


def test_without_any_separator_in_the_titles_a_hyphen_is_used(tmp_path: Path) -> None:
    write_post(tmp_path, "news-1.md", "title: News 1\ndate: 2024-03-01")
    write_post(tmp_path, "news-2.md", "title: News 2\ndate: 2024-03-08")
    plan = plan_issue(Site.open(tmp_path), "News", "Spring", today=dt.date(2024, 3, 9))
    assert (plan.title, plan.slug) == ("News 3 - Spring", "news-3-spring")
    assert plan.path == tmp_path / "news-3-spring.md"  # flat posts: beside the latest


# -- the date


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 2, 10), dt.date(2026, 2, 16)),  # Tuesday: the next Monday
        (dt.date(2026, 2, 16), dt.date(2026, 2, 16)),  # a Monday: that day
        (dt.date(2026, 2, 17), dt.date(2026, 2, 23)),
        (dt.date(2026, 11, 26), dt.date(2026, 11, 30)),
        (dt.date(2026, 1, 1), dt.date(2026, 2, 16)),  # never on or before the latest issue
    ],
)
def test_the_date_is_the_usual_weekday_and_time_on_or_after_today(
    site: Site, today: dt.date, expected: dt.date
) -> None:
    plan = _plan(site, today=today)
    assert plan.date == dt.datetime.combine(expected, dt.time(9, 30), tzinfo=UTC)
    assert plan.date_text == f"{expected}T09:30:00.0Z"
    assert f"\ndate: '{expected}T09:30:00.0Z'\n" in plan.text


def test_without_today_the_date_is_the_next_usual_time_from_now(site: Site) -> None:
    plan = plan_issue(site, "Lighthouse Weekly")
    now = dt.datetime.now(UTC)
    assert now < plan.date <= now + dt.timedelta(days=7)
    assert (plan.date.weekday(), plan.date.time()) == (0, dt.time(9, 30))


def test_when_overrides_the_date_in_the_series_shape(site: Site) -> None:
    naive = _plan(site, when=dt.datetime(2026, 3, 4, 7, 5))  # wall time in the series' zone
    assert naive.date_text == "2026-03-04T07:05:00.0Z"
    assert naive.date == dt.datetime(2026, 3, 4, 7, 5, tzinfo=UTC)
    plus_two = dt.timezone(dt.timedelta(hours=2))
    aware = _plan(site, when=dt.datetime(2026, 3, 4, 7, 5, tzinfo=plus_two))
    assert aware.date_text == "2026-03-04T05:05:00.0Z"
    assert aware.warnings == ()
    early = _plan(site, when=dt.datetime(2026, 2, 1, 9, 30))
    assert "is not after the latest issue's date" in early.warnings[0]


def test_dates_without_quotes_or_time_stay_that_way(tmp_path: Path) -> None:
    for n, day in ((1, "2024-03-01"), (2, "2024-03-08")):  # Fridays, YAML dates
        write_post(tmp_path, f"harbour-log-{n}/index.md", f"title: Harbour Log {n}\ndate: {day}")
    plan = plan_issue(Site.open(tmp_path), "harbour-log", today=dt.date(2024, 3, 11))
    assert plan.date == dt.datetime(2024, 3, 15)
    assert plan.date_text == "2024-03-15"
    assert plan.text.startswith("---\ntitle: Harbour Log 3\ndate: 2024-03-15\n---\n")


def test_other_date_shapes_are_reproduced(tmp_path: Path) -> None:
    for n, day in ((1, "2024/3/1 18:00 +01:00"), (2, "2024/3/8 18:00 +01:00")):
        write_post(tmp_path, f"log-{n}.md", f'title: "Log #{n}"\ndate: "{day}"')
    site = Site.open(tmp_path)
    plan = plan_issue(site, find_series(site, None), today=dt.date(2024, 3, 9))
    assert plan.date_text == "2024/3/15 18:00 +01:00"
    assert plan.date == dt.datetime(2024, 3, 15, 18, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert plan.text.startswith('---\ntitle: "Log #3"\ndate: "2024/3/15 18:00 +01:00"\n---\n')


# -- the text


def test_keys_every_recent_issue_shares_stay_and_line_ends_follow_the_latest(
    tmp_path: Path,
) -> None:
    for n in (1, 2):
        draft = "draft: true\n" if n == 2 else ""
        text = (
            f"---\r\nlayout: newsletter\r\ntitle: Weekly {n}\r\n{draft}"
            f"cover: cover-{n}.png\r\ndate: '2024-03-{7 * n - 6:02}'\r\n---\r\n\r\nBody {n}.\r\n"
        )
        (tmp_path / f"weekly-{n}.md").write_bytes(text.encode())
    plan = plan_issue(Site.open(tmp_path), "Weekly", today=dt.date(2024, 3, 9))
    expected = "---\nlayout: newsletter\ntitle: Weekly 3\ndate: '2024-03-15'\n---\n\n"
    assert plan.text == expected.replace("\n", "\r\n")


def test_the_site_template_replaces_galleys_own(site_copy: Path) -> None:
    (site_copy / "templates" / "issue.md").write_text(
        "---\n"
        "description: '{{ series }} number {{number}}'\n"
        "---\n"
        "# {{ title }}\n\n"
        "By {{ author }}, {{ date }}, at {{slug}}: {{ subtitle }}.\n\n"
        "{{ headings }}"
        "{{ unknown }} {{ title | upper }} {% raw %} {{ __import__('os') }}\n"
    )
    plan = _plan(Site.open(site_copy), "Beacons")
    assert plan.text == (
        FRONT_MATTER.format(
            title="'Lighthouse Weekly 7: Beacons'", date="2026-02-16T09:30:00.0Z"
        ).replace("description: ''", "description: 'Lighthouse Weekly number 7'")
        + "# Lighthouse Weekly 7: Beacons\n\n"
        "By Ada Example, 2026-02-16T09:30:00.0Z, at lighthouse-weekly-7-beacons: Beacons.\n\n"
        + HEADINGS
        + "{{ unknown }} {{ title | upper }} {% raw %} {{ __import__('os') }}\n"
    )


def test_galleys_template_is_the_recurring_headings() -> None:
    assert bundled.read_text("templates/issue.md") == "\n{{ opening }}{{ headings }}{{ closing }}\n"


def test_without_recurring_headings_the_body_is_one_empty_line(tmp_path: Path) -> None:
    write_post(tmp_path, "a-1.md", "title: A 1\ndate: '2024-03-01'", "\n## In one of three\n")
    write_post(tmp_path, "a-2.md", "title: A 2\ndate: '2024-03-08'", "\nText.\n")
    write_post(tmp_path, "a-3.md", "title: A 3\ndate: '2024-03-15'", "\nText.\n")
    plan = plan_issue(Site.open(tmp_path), "A", today=dt.date(2024, 3, 16))
    assert plan.text == "---\ntitle: A 4\ndate: '2024-03-22'\n---\n\n"


def test_an_unreadable_latest_issue_is_passed_over_with_a_warning(site_copy: Path) -> None:
    site = Site.open(site_copy)
    latest = site_copy / "content/blog/lighthouse-weekly-6-keepers-log/index.md"
    latest.write_bytes(b"---\ntitle: Caf\xe9\n---\n")  # changed on disk since the site read it
    plan = _plan(site)
    assert plan.number == 7
    assert "Could not read" in plan.warnings[0]
    assert "follows" in plan.warnings[1] and "foghorns" in plan.warnings[1]
    assert "  avatar: '../../assets/team/ada.png'\n" in plan.text  # the foghorns issue's


# -- creating


def test_create_writes_exactly_the_planned_file_and_nothing_else(site_copy: Path) -> None:
    site = Site.open(site_copy)
    before, folders = _tree(site_copy), _folders(site_copy)
    plan = _plan(site, "Beacons")
    path = create_issue(plan)
    assert path == plan.path == site_copy / "content/blog/lighthouse-weekly-7-beacons/index.md"
    after = _tree(site_copy)
    new = str(path.relative_to(site_copy))
    assert set(after) - set(before) == {new}
    assert {k: v for k, v in after.items() if k != new} == before
    assert _folders(site_copy) - folders == {str(path.parent.relative_to(site_copy))}
    assert path.read_text(encoding="utf-8") == plan.text
    assert os.listdir(path.parent) == ["index.md"]


def test_create_never_overwrites(site_copy: Path) -> None:
    site = Site.open(site_copy)
    plan = _plan(site)
    create_issue(plan)
    plan.path.write_text("my work")
    with pytest.raises(NewIssueError) as caught:
        create_issue(plan)
    assert caught.value.summary == (
        f"Could not create Lighthouse Weekly 7: the folder {plan.path.parent} already exists."
    )
    assert "never overwrites" in caught.value.detail
    assert plan.path.read_text() == "my work"

    again = _plan(site)  # the site has not been refreshed, so the number is the same
    assert again.warnings == (
        f"Issue 7 already has a folder: {plan.path.parent}. Galley will not overwrite it; "
        "choose another subtitle, or rename or remove that one.",
    )
    assert "already has a folder" in again.warnings[0]


def test_an_empty_folder_in_the_way_is_not_used(site_copy: Path) -> None:
    folder = site_copy / "content/blog/lighthouse-weekly-7"
    folder.mkdir()
    with pytest.raises(NewIssueError, match="already exists"):
        create_issue(_plan(Site.open(site_copy)))
    assert list(folder.iterdir()) == []


def test_a_flat_post_in_the_way_is_not_overwritten(tmp_path: Path) -> None:
    write_post(tmp_path, "news-1.md", "title: News 1\ndate: 2024-03-01")
    write_post(tmp_path, "news-2.md", "title: News 2\ndate: 2024-03-08")
    plan = plan_issue(Site.open(tmp_path), "News", today=dt.date(2024, 3, 9))
    plan.path.write_text("mine")
    with pytest.raises(NewIssueError, match=r"the file .*news-3\.md already exists"):
        create_issue(plan)
    assert plan.path.read_text() == "mine"


def test_a_missing_posts_folder_is_not_created(site_copy: Path) -> None:
    plan = _plan(Site.open(site_copy))
    shutil.rmtree(site_copy / "content" / "blog")
    with pytest.raises(NewIssueError, match="Nothing was created"):
        create_issue(plan)
    assert not (site_copy / "content" / "blog").exists()


def test_add_issue_creates_it_and_the_site_knows_the_new_post(site_copy: Path) -> None:
    site = Site.open(site_copy)
    path = add_issue(site, "lighthouse-weekly", "Beacons", today=TUESDAY)
    assert path == site_copy / "content/blog/lighthouse-weekly-7-beacons/index.md"
    info = site.post(path)
    assert info is not None and (info.series, info.series_number) == ("Lighthouse Weekly", 7)
    assert site.series()[0].next_number == 8
    second = add_issue(site, None, when=dt.datetime(2026, 2, 23, 9, 30))
    assert second.parent.name == "lighthouse-weekly-8"


# -- which series


def test_find_series_by_name_prefix_or_newest(tmp_path: Path) -> None:
    write_post(tmp_path, "harbour-log-1.md", "title: Harbour Log 1\ndate: 2024-03-01")
    write_post(tmp_path, "harbour-log-2.md", "title: Harbour Log 2\ndate: 2024-03-08")
    write_post(tmp_path, "tide-tables-1.md", "title: Tide Tables 1\ndate: 2024-01-01")
    write_post(tmp_path, "tide-tables-2.md", "title: Tide Tables 2\ndate: 2024-01-08")
    site = Site.open(tmp_path)
    assert find_series(site, "tide tables").name == "Tide Tables"
    assert find_series(site, "  TIDE   Tables ").name == "Tide Tables"
    assert find_series(site, "tide-tables").name == "Tide Tables"
    assert find_series(site, None).name == "Harbour Log"  # it has the newest issue
    assert find_series(site, "").name == "Harbour Log"
    with pytest.raises(NewIssueError) as caught:
        find_series(site, "Lighthouse Weekly")
    assert caught.value.summary == f"There is no series called 'Lighthouse Weekly' in {tmp_path}."
    assert "'Harbour Log' (harbour-log), 'Tide Tables' (tide-tables)" in caught.value.detail
    with pytest.raises(NewIssueError, match="no series called 'Nope'"):
        plan_issue(site, "Nope")


def test_a_site_without_series_says_what_a_series_is(tmp_path: Path) -> None:
    write_post(tmp_path, "hello.md", "title: Hello")
    with pytest.raises(NewIssueError) as caught:
        find_series(Site.open(tmp_path), None)
    assert "has no series yet" in caught.value.summary
    assert "two or more posts" in caught.value.detail


def test_the_users_author_is_the_fallback_for_a_series_without_one(tmp_path: Path) -> None:
    write_post(tmp_path, "news-1.md", "title: News 1\ndate: 2024-03-01")
    write_post(tmp_path, "news-2.md", "title: News 2\ndate: 2024-03-08")
    plan = plan_issue(
        Site.open(tmp_path),
        "News",
        today=dt.date(2024, 3, 9),
        default_author=("Ada Lovelace", "../assets/ada.jpg"),
    )
    assert "\nauthor:\n  name: Ada Lovelace\n  avatar: ../assets/ada.jpg\n---\n" in plan.text


def test_the_series_author_wins_over_the_users(site: Site) -> None:
    plan = plan_issue(site, "Lighthouse Weekly", today=TUESDAY, default_author=("Someone Else", ""))
    assert "name: Ada Example" in plan.text
    assert "Someone Else" not in plan.text


# -- never from a partial read, never from outside the site


def test_a_site_read_in_part_plans_no_issue(tmp_path: Path) -> None:
    # On 6,000 posts read as 2,500, issue 5,499 (which existed) was proposed and created.
    for n in range(1, 7):
        write_post(tmp_path, f"weekly-{n}.md", f"title: Weekly {n}\ndate: '2024-03-{n:02}'")
    site = Site.open(tmp_path, max_posts=4)
    assert site.truncated is not None
    for attempt in (
        lambda: plan_issue(site, "Weekly"),
        lambda: find_series(site, None),
        lambda: add_issue(site, "Weekly"),
    ):
        with pytest.raises(NewIssueError) as caught:
            attempt()
        assert caught.value.summary == (
            f"Could not plan a new issue: Galley read only part of the site in {tmp_path} "
            "(4 posts were read)."
        )
        assert caught.value.detail.startswith("The next number could be one that a post not")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"weekly-{n}.md" for n in range(1, 7)]
    assert plan_issue(Site.open(tmp_path), "Weekly").number == 7


def test_a_template_linked_out_of_the_site_is_not_copied_in(site_copy: Path) -> None:
    secret = site_copy.parent / "secret.txt"
    secret.write_text("not for a post\n")
    template = site_copy / "templates" / "issue.md"
    template.symlink_to(secret)
    plan = _plan(Site.open(site_copy))
    assert "not for a post" not in plan.text and HEADINGS in plan.text
    assert f"Did not use the template {template}: it is a link to {secret}" in plan.warnings[0]


def test_a_template_that_is_a_fifo_is_refused_not_read(site_copy: Path) -> None:
    fifo = make_fifo(site_copy / "templates" / "issue.md")
    with unblocking(fifo) as guard:
        plan = _plan(Site.open(site_copy))
    assert not guard.released and HEADINGS in plan.text
    assert plan.warnings[0] == (
        f"Could not open {fifo}: it is a named pipe (FIFO), not a file. Galley opens only "
        "regular files; replace it with the real file. Galley's own template was used."
    )


def test_a_site_read_to_one_post_says_one_post_was_read(tmp_path: Path) -> None:
    for n in range(1, 3):
        write_post(tmp_path, f"weekly-{n}.md", f"title: Weekly {n}\ndate: '2024-03-{n:02}'")
    with pytest.raises(NewIssueError) as caught:
        plan_issue(Site.open(tmp_path, max_posts=1), "Weekly")
    assert caught.value.summary.endswith("(1 post was read).")


# -- the series' own naming, on every generator


def test_a_docusaurus_issue_gets_its_dated_mdx_folder_and_its_title_heading(
    tmp_path: Path,
) -> None:
    site_root = Path(shutil.copytree(FIXTURES / "sites" / "docusaurus", tmp_path / "d"))
    site = Site.open(site_root)
    plan = plan_issue(site, "Cluster Weekly", today=dt.date(2026, 8, 24))
    root = site_root / "website"
    # the latest issue is a file named by its date, titled by its first heading
    assert plan.path == root / "newsletter/2026-08-28-issue-3.mdx"
    assert plan.text == "---\nauthors: [sam]\n---\n\n# Cluster Weekly #3\n\n\n"
    # a dated folder with its index.md as the latest: the next one is one too
    write_post(root, "newsletter/2026-08-28-issue-3/index.md", 'title: "Cluster Weekly #3"')
    plan = plan_issue(Site.open(site_root), "Cluster Weekly", today=dt.date(2026, 8, 31))
    assert plan.path == root / "newsletter/2026-09-04-issue-4/index.md"
    assert plan.bundle and plan.slug == "issue-4"
    assert plan.text == '---\ntitle: "Cluster Weekly #4"\n---\n\n'
    assert create_issue(plan) == plan.path
    assert sorted(os.listdir(plan.path.parent)) == ["index.md"]


def test_an_image_value_is_carried_only_when_the_new_post_finds_it(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('title = "Weekly"\n')
    posts = tmp_path / "content" / "posts"
    for n in (1, 2):
        write_post(
            posts,
            f"weekly-{n}/index.md",
            f"title: Weekly {n}\ndate: '2024-03-0{n}'\ncover: /img/cover-{n}.png\n"
            "banner: ./banner.png\nlogo: /img/logo.png",
        )
        (posts / f"weekly-{n}" / "banner.png").write_bytes(b"png")
    static = tmp_path / "static" / "img"
    static.mkdir(parents=True)
    (static / "logo.png").write_bytes(b"png")
    site = Site.open(tmp_path)
    plan = plan_issue(site, "Weekly", today=dt.date(2024, 3, 4))
    # the bundle's own banner is not in the new folder, and no one made cover-3 yet
    assert plan.text == "---\ntitle: Weekly 3\ndate: '2024-03-09'\nlogo: /img/logo.png\n---\n\n"
    (static / "cover-3.png").write_bytes(b"png")
    plan = plan_issue(site, "Weekly", today=dt.date(2024, 3, 4))
    assert "\ncover: /img/cover-3.png\n" in plan.text


def test_an_issue_of_a_pelican_site_with_no_readable_issue_is_written_in_header_lines(
    tmp_path: Path,
) -> None:
    (tmp_path / "pelicanconf.py").write_text('PATH = "content"\n')
    (tmp_path / "content").mkdir()
    for n in (1, 2):
        (tmp_path / "content" / f"kilns-{n}.md").write_bytes(b"Title: Kilns \xff\n")
    plan = plan_issue(Site.open(tmp_path), "kilns", today=dt.date(2024, 3, 4))
    assert plan.path == tmp_path / "content" / "kilns-3.md"
    assert plan.text.startswith("Title: Kilns 3\nDate: 2024-03-04")


def test_the_slug_is_the_front_matters_own_moved_on() -> None:
    site = Site.open(FIXTURES / "sites" / "jekyll-newsletter")
    plan = plan_issue(site, "Tideline Newsletter", today=dt.date(2026, 9, 1))
    assert plan.slug == "2026-09-04-newsletter"  # not 'newsletter', the name without its date
    assert (plan.bundle, plan.folders) == (False, ())


def test_a_pelican_issue_has_pelicans_slug_and_no_summary_of_the_last_one(tmp_path: Path) -> None:
    root = Path(shutil.copytree(FIXTURES / "sites" / "pelican-newsletter", tmp_path / "kilns"))
    latest = root / "content" / "2026-08-26-this-week-in-kilns.md"
    text = latest.read_text(encoding="utf-8")
    latest.write_text(text.replace("Number: 43\n", "Number: 43\nSummary: Glazes and a kiln.\n"))
    plan = plan_issue(Site.open(root), "This Week in Kilns", today=dt.date(2026, 8, 27))
    assert plan.slug == "this-week-in-kilns-44"  # from the title, as Pelican makes it
    assert "Summary" not in plan.text  # without one, Pelican uses the first words
    assert plan.text.startswith("Title: This Week in Kilns 44\nNumber: 44\nDate: 2026-09-02\n")


def test_a_pelican_draft_keeps_its_number(tmp_path: Path) -> None:
    """An upcoming issue written as a draft (``Status: draft``, in the content folder) has its
    number: the next issue is the one after it, never a second issue of that number."""
    root = Path(shutil.copytree(FIXTURES / "sites" / "pelican-newsletter", tmp_path / "kilns"))
    (root / "content" / "2026-09-02-this-week-in-kilns.md").write_text(
        "Title: This Week in Kilns 44\nNumber: 44\nDate: 2026-09-02\nStatus: draft\n\nSoon.\n"
    )
    site = Site.open(root)
    assert site.post(root / "content" / "2026-09-02-this-week-in-kilns.md").draft  # type: ignore[union-attr]
    plan = plan_issue(site, "This Week in Kilns", today=dt.date(2026, 8, 27))
    assert (plan.number, plan.path.name) == (45, "2026-09-09-this-week-in-kilns.md")


def test_the_new_issue_opens_and_closes_as_recent_issues_do(tmp_path: Path) -> None:
    for n in (1, 2, 3, 4):
        links = f"## Links\n\n- Link {n}"
        body = f"\n{{{{< subscribe >}}}}\n\nTide {n}.\n\n{links}\n\n{{{{< sponsor >}}}}\n"
        write_post(tmp_path, f"tides-{n}.md", f"title: Tides {n}\ndate: '2024-03-0{n}'", body)
    plan = plan_issue(Site.open(tmp_path), "Tides", today=dt.date(2024, 3, 5))
    assert plan.text.split("---\n", 2)[2] == (
        "\n{{< subscribe >}}\n\n## Links\n\n\n\n{{< sponsor >}}\n"
    )
