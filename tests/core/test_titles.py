"""The Posts panel shows what tells a series' issues apart, not the name they share."""

from __future__ import annotations

import pytest

from editor.core.titles import distinguishing_title


@pytest.mark.parametrize(
    ("title", "series", "shown"),
    [
        ("Backstage Weekly 26 - Plugins galore", "Backstage Weekly", "…26 · Plugins galore"),
        ("Backstage Weekly #12: Storm season", "Backstage Weekly", "…12 · Storm season"),
        ("Backstage Weekly 3", "Backstage Weekly", "Backstage Weekly 3"),  # short already
        ("backstage weekly 7 — Lower case", "Backstage Weekly", "…7 · Lower case"),
        ("Backstage Weekly 26 - Plugins galore", None, "Backstage Weekly 26 - Plugins galore"),
        ("Why we moved to Kubernetes", "Backstage Weekly", "Why we moved to Kubernetes"),
        ("Roadie Weekly 4 - Other series", "Backstage Weekly", "Roadie Weekly 4 - Other series"),
    ],
)
def test_issue_titles_lose_the_shared_series_name(
    title: str, series: str | None, shown: str
) -> None:
    assert distinguishing_title(title, series) == shown
