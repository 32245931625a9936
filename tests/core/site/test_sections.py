"""Recurring sections found by similarity across a series' issues, recent issues weighing more
(issue 19: New Issue gave an empty body though the issues share "Roadie news" and "Merged ...")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from editor.core.site import Site, plan_issue
from editor.core.site.sections import recurring_sections, shared_blocks
from tests.helpers import write_post

# Newest first, as the Backstage Weekly issues spell their sections (trimmed).
WEEKLY = [
    ["Merged to Backstage recently", "Search Modal", "Roadie news", "Scaffolder in beta"],
    ["Recent Backstage merges", "Tech insights is coming", "Roadie stuff"],
    ["News roundup", "Backstage jobs", "Merged recently", "Composable homepage"],
    ["Roadie news", "July community contribution spotlight", "Jenkins plugin"],
    ["Merged in the last 2 weeks", "Search V1 Alpha released"],
    ["Backstage community session 4", "Merged last week", "New catalog UI"],
    ["Merged into Backstage last week", "Shortcuts plugin for sidebar"],
    ["Merged in the last two weeks", "Organization Diagram"],
    ["News roundup", "Merged to Backstage in the last 2 weeks", "GCS URL Reader"],
    ["Code coverage plugin", "Roadie news"],
    ["Merged in the last 2 weeks", "Read-only mode", "Roadie news", "Plugin upgrades"],
    ["Merged last week", "Todo Plugin", "Roadie news"],
    ["Merged last 2 weeks...", "Other news"],
    ["Merged last week", "Splunk On-Call plugin", "Roadie news"],
    ["Merged over the holidays...", "FOSSA Plugin", "Roadie news"],
]


def outlines(titles: list[list[str]]) -> list[list[tuple[int, str]]]:
    """Section headings at level 2; the items under them (all but the first) at level 3."""
    return [[(2 if i == 0 or "news" in t.lower() else 3, t) for i, t in enumerate(issue)]
            for issue in titles]  # fmt: skip


def test_differently_worded_sections_are_found_with_the_newest_wording_in_order() -> None:
    sections = recurring_sections("Backstage Weekly", outlines(WEEKLY))
    assert sections == ((2, "Merged to Backstage recently"), (2, "Roadie news"))


def test_a_section_that_opens_the_issues_is_not_one_that_closes_them() -> None:
    # "News roundup" and "Roadie news" share a word but not a place (first against last).
    found = recurring_sections(
        "Weekly", outlines([["News roundup", "Merged"], ["Merged", "Roadie news"]] * 3)
    )
    assert [text for _, text in found] == ["News roundup", "Merged", "Roadie news"]


def test_two_headings_of_one_issue_are_never_one_section() -> None:
    issue = ["2,790 pull requests merged", "41% of pull requests come from the community"]
    assert recurring_sections("Weekly", outlines([issue] * 4)) == (
        (2, "2,790 pull requests merged"),
        (3, "41% of pull requests come from the community"),
    )


def test_recent_issues_weigh_more_than_old_ones() -> None:
    old = [["Old section", "Merged"]] * 12  # twelve old issues had it; the newest eight do not
    new = [["Merged last week", "Community"]] * 8
    found = recurring_sections("Weekly", outlines(new + old))
    assert [text for _, text in found] == ["Merged last week", "Community"]
    two_of_five = [["Intro", "Release notes"], ["Intro"], ["Intro"], ["Intro", "Release notes"]]
    found = recurring_sections("Weekly", outlines([*two_of_five, ["Intro"]]))
    assert found == ((2, "Intro"),)  # "Release notes" is in 2 of 5 issues: not yet


def test_new_issue_body_has_the_recurring_sections(tmp_path: Path) -> None:
    for n, issue in enumerate(reversed(WEEKLY), start=1):
        day = dt.date(2024, 1, 1) + dt.timedelta(weeks=n)
        sections = outlines([issue])[0]
        body = "\n\n".join(f"{'#' * level} {text}\n\nNews {n}." for level, text in sections)
        write_post(
            tmp_path,
            f"backstage-weekly-{n}/index.md",
            f"title: Backstage Weekly {n}\ndate: '{day}'",
            body,
        )
    plan = plan_issue(Site.open(tmp_path), "Backstage Weekly", "", today=dt.date(2024, 6, 1))
    body = plan.text.split("---\n", 2)[2]
    assert body.split() == ["##", "Merged", "to", "Backstage", "recently", "##", "Roadie", "news"]


def test_level_one_sections_and_a_section_named_in_the_series_words() -> None:
    issue = [(1, "Updates from the Community"), (2, "Kiln of the Week"), (1, "Upcoming Events")]
    assert recurring_sections("This Week in Kilns", [issue] * 3) == tuple(issue)


def _issue(n: int, *, sponsor: bool = True) -> str:
    """A body as a Hugo newsletter writes one: a shortcode first, a sponsor shortcode last."""
    end = "\n\n{{< sponsor >}}\n" if sponsor else "\n"
    return f"\n{{{{< subscribe >}}}}\n\nThe tide {n} came in.\n\n## Links\n\n- Link {n}{end}"


def test_blocks_most_recent_issues_open_and_close_with_are_boilerplate() -> None:
    bodies = [_issue(n, sponsor=n > 2) for n in (5, 4, 3, 2, 1)]  # the sponsor in 3 of 5
    assert shared_blocks(bodies) == (("{{< subscribe >}}",), ("{{< sponsor >}}",))
    two_of_five = [_issue(n, sponsor=n > 3) for n in (5, 4, 3, 2, 1)]
    assert shared_blocks(two_of_five) == (("{{< subscribe >}}",), ())
    # only the 5 newest count: older issues without the shortcodes change nothing
    assert shared_blocks(bodies + ["\nOld text.\n"] * 6) == shared_blocks(bodies)


def test_a_shared_run_stops_at_a_heading_and_keeps_a_fence_whole() -> None:
    sign_off = "```\nfair winds\n\nand following seas\n```"
    bodies = [f"## Intro\n\nHello.\n\nIssue {n}.\n\n{sign_off}\n" for n in (3, 2, 1)]
    assert shared_blocks(bodies) == ((), (sign_off,))
    # a title heading that opens the body (Docusaurus) is passed over
    titled = [f"# Issue {n}\n\nimport Sub from '@site/sub';\n\nText {n}.\n" for n in (3, 2, 1)]
    assert shared_blocks(titled, title_heading=True)[0] == ("import Sub from '@site/sub';",)
    assert shared_blocks(titled[:1]) == ((), ())  # one issue shares nothing
