"""Checking one post reports that post: another issue's series problem and the series' gaps
only with the whole site, or as a note on the checked post naming the other issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.checks import check_post, check_site
from editor.core.site import Site

ISSUES = {  # folder: (title, date), as in the Backstage Weekly corpus
    "weekly-21-oss": ("Weekly 21 - Open source", "2021-06-01"),
    "weekly-22-search": ("Weekly 22 - Search", "2021-06-08"),
    "weekly-23-coverage": ("Weekly 24 - Code coverage", "2021-06-15"),  # title says 24
    "weekly-23-composability": ("Weekly 23 - Composability", "2021-06-22"),
    "weekly-25-org-chart": ("Weekly 25 - Org chart", "2021-06-29"),
    "weekly-28-numbers": ("Weekly 28 - Numbers", "2021-07-20"),  # 26 and 27 missing
}


@pytest.fixture
def weekly(tmp_path: Path) -> Site:
    for folder, (title, date) in ISSUES.items():
        post = tmp_path / "content" / "blog" / folder / "index.md"
        post.parent.mkdir(parents=True)
        post.write_text(
            f"---\ntitle: {title}\ndate: {date}\ndescription: An issue.\n---\n\nNews.\n",
            encoding="utf-8",
        )
    return Site.open(tmp_path)


def post(site: Site, folder: str) -> Path:
    return site.root / "content" / "blog" / folder / "index.md"


def found(site: Site, folder: str) -> list[tuple[str, str]]:
    return [(p.severity, p.code) for p in check_site(site, [post(site, folder)])]


def test_a_clean_issue_has_no_problems_though_others_do(weekly: Site) -> None:
    assert found(weekly, "weekly-22-search") == []  # was the 23/24 mismatch and the gap note
    live = check_post(weekly, post(weekly, "weekly-22-search"), "")
    assert [p.code for p in live if "issue" in p.code] == []


def test_the_issue_at_fault_gets_its_error(weekly: Site) -> None:
    assert found(weekly, "weekly-23-coverage") == [("error", "issue-number-mismatch")]


def test_an_issue_another_folder_bears_on_gets_a_note_naming_it(weekly: Site) -> None:
    path = post(weekly, "weekly-23-composability")
    (problem,) = check_site(weekly, [path])
    assert (problem.severity, problem.code, problem.line) == ("info", "issue-number-elsewhere", 2)
    assert "weekly-23-coverage also says Weekly 23" in problem.message
    assert "title says 24" in problem.message
    text = path.read_text(encoding="utf-8")
    assert [p.code for p in check_post(weekly, path, text)] == ["issue-number-elsewhere"]


def test_the_gap_shows_with_the_site_or_on_the_newest_issue_after_it(weekly: Site) -> None:
    whole = [(p.path.parent.name, p.code) for p in check_site(weekly)]
    assert ("weekly-28-numbers", "missing-issue-numbers") in whole
    assert ("weekly-23-coverage", "issue-number-mismatch") in whole
    (gap,) = check_site(weekly, [post(weekly, "weekly-28-numbers")])
    assert gap.severity == "info" and gap.code == "missing-issue-numbers"
    assert "is missing issues 26 and 27 just before this one (28)" in gap.message
