"""Quick Open's and Go to Heading's filter: every word must match, best matches first."""

from __future__ import annotations

from editor.core.quickmatch import rank, score

POSTS = [
    ("Lighthouse Weekly 3 - Storm season", "lighthouse-weekly-3-storm-season · 21 Jan 2024"),
    ("Keeping the lamp lit", "keeping-the-lamp-lit · 02 Feb 2024"),
    ("Lighthouse Weekly 1 - First light", "lighthouse-weekly-1-first-light · 01 Jan 2024"),
    ("Release checklist", "release-checklist"),
    ("Storms and lamps", "storms"),
]


def titles(query: str, fuzzy: bool = False) -> list[str]:
    return [POSTS[i][0] for i in rank(query, POSTS, fuzzy=fuzzy)]


def test_empty_query_lists_everything_in_order() -> None:
    assert titles("") == [title for title, _ in POSTS]
    assert titles("   ") == [title for title, _ in POSTS]


def test_every_word_must_match_case_insensitively() -> None:
    assert titles("WEEKLY storm") == ["Lighthouse Weekly 3 - Storm season"]
    assert set(titles("lamp")) == {"Keeping the lamp lit", "Storms and lamps"}
    assert titles("weekly nothing") == []


def test_prefix_and_word_starts_rank_first() -> None:
    assert titles("storm") == ["Storms and lamps", "Lighthouse Weekly 3 - Storm season"]
    assert set(titles("light")[:2]) == {
        "Lighthouse Weekly 3 - Storm season",
        "Lighthouse Weekly 1 - First light",
    }
    assert titles("lamp")[0] == "Storms and lamps"  # equal matches: the shorter title first


def test_the_secondary_text_matches_but_ranks_after_the_title() -> None:
    assert titles("2024 first") == ["Lighthouse Weekly 1 - First light"]
    assert titles("checklist") == ["Release checklist"]


def test_fuzzy_letters_in_order_only_when_asked() -> None:
    assert titles("rcl") == []
    assert titles("rcl", fuzzy=True) == ["Release checklist"]
    assert score(["xyz"], "Release checklist", fuzzy=True) is None
