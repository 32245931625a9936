"""Series checks: duplicate numbers, mismatched titles and gaps."""

from __future__ import annotations

from pathlib import Path

from editor.core.checks import (
    Problem,
    check_post,
    check_site,
)
from editor.core.site import Site
from tests.core.checks.cases import CRANES, NETS, codes_of, one_of


def test_series_problems(problems: list[Problem]) -> None:
    mismatch = one_of(problems, "harbour-notes-4-cranes/index.md", 2, "issue-number-mismatch")
    assert "Harbour Notes 5" in mismatch.message and "harbour-notes-4-cranes" in mismatch.message
    gap = one_of(problems, "harbour-notes-4-cranes/index.md", 2, "missing-issue-numbers")
    assert "is missing issues 3 and 4 (its issues run from 1 to 5)" in gap.message
    duplicate = one_of(problems, "harbour-notes-2-nets/index.md", 2, "duplicate-issue-number")
    assert "harbour-notes-2-weather" in duplicate.message


def test_series_checks_use_the_title_and_date_in_the_editor(site: Site) -> None:
    nets = NETS.read_text(encoding="utf-8")
    renumbered = nets.replace("Harbour Notes 2 - Mending", "Harbour Notes 3 - Mending")
    assert "duplicate-issue-number" not in {p.code for p in check_post(site, NETS, renumbered)}
    # Dated after the cranes issue (5), this one (3) is the newest, but the gap (4) lies
    # between two others: it shows only when the site is checked.
    newest = renumbered.replace("date: 2024-03-08", "date: 2024-04-05")
    assert "missing-issue-numbers" not in {p.code for p in check_post(site, NETS, newest)}
    cranes = CRANES.read_text(encoding="utf-8").replace("Notes 5", "Notes 4")
    assert codes_of([p for p in check_post(site, CRANES, cranes) if "issue" in p.code]) == [
        (2, "missing-issue-numbers")
    ]


def test_posts_that_share_a_year_are_no_series_to_number(tmp_path: Path) -> None:
    # A Zola blog dated by its 'path' keys: surveys and advisories of one year are not issues
    # of a series, so no number is "used twice" and none is missing.
    (tmp_path / "config.toml").write_text('base_url = "https://blog.example"\n')
    posts = {
        "survey-2023.md": ("Launching the 2023 Survey", "2023/12/18/survey-2023"),
        "survey-2023-results.md": ("Survey 2023 Results", "2024/02/19/survey-2023-results"),
        "cve-2024-24576.md": ("Advisory (CVE-2024-24576)", "2024/04/09/cve-2024-24576"),
        "cve-2024-43402.md": ("Advisory (CVE-2024-43402)", "2024/09/04/cve-2024-43402"),
        "gsoc-2024-results.md": ("GSoC 2024 results", "2024/11/07/gsoc-2024-results"),
    }
    (tmp_path / "content").mkdir()
    for name, (title, path) in posts.items():
        (tmp_path / "content" / name).write_text(f'+++\ntitle = "{title}"\npath = "{path}"\n+++\n')
    site = Site.open(tmp_path)
    assert site.series() == []
    assert [p for p in check_site(site) if "issue" in p.code] == []


def test_missing_issue_numbers_read_as_a_sentence() -> None:
    from editor.core.checks.series import missing_issues

    assert missing_issues([664]) == "issue 664"
    assert missing_issues([9, 30, 31]) == "issues 9, 30 and 31"
    assert missing_issues([10, 11, 12, 14]) == "issues 10–12 and 14"
    assert missing_issues(list(range(201, 299))) == "issues 201–298"  # one run, however long
    many = [n for n in range(201, 300) if n not in (250, 280)]
    assert missing_issues(many, (200, 328)) == (
        "97 issue numbers between 200 and 328 (201–249, 251–279 and 281–299)"
    )
