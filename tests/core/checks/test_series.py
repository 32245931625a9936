"""Series checks: duplicate numbers, mismatched titles and gaps."""

from __future__ import annotations

from editor.core.checks import (
    Problem,
    check_post,
)
from editor.core.site import Site
from tests.core.checks.cases import CRANES, NETS, codes_of, one_of


def test_series_problems(problems: list[Problem]) -> None:
    mismatch = one_of(problems, "harbour-notes-4-cranes/index.md", 2, "issue-number-mismatch")
    assert "Harbour Notes 5" in mismatch.message and "harbour-notes-4-cranes" in mismatch.message
    gap = one_of(problems, "harbour-notes-4-cranes/index.md", 2, "missing-issue-numbers")
    assert "no issue 3 or 4" in gap.message
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
