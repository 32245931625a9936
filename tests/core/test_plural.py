"""Counts in words: "1 word", "2 words", "0 problems"."""

from __future__ import annotations

from editor.core import plural


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert plural.count(1, "word") == "1 word"
    assert plural.count(2, "word") == "2 words"
    assert plural.count(0, "note") == "0 notes"
    assert plural.count(12034, "word") == "12,034 words"
    assert plural.count(3, "match") == "3 matches"
    assert plural.noun(1, "is") == "is" and plural.noun(4, "is") == "are"


def test_a_check_summary_names_only_what_was_found() -> None:
    assert plural.severity_counts(0, 0, 0) == "no problems"
    assert plural.severity_counts(1, 0, 0) == "1 error"
    assert plural.severity_counts(0, 1, 1) == "1 warning and 1 note"
    assert plural.severity_counts(2, 1, 3) == "2 errors, 1 warning and 3 notes"
