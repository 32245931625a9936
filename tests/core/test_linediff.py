"""Counting changed lines: exact when it is cheap, an honest estimate within the budget else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core import linediff
from editor.core.linediff import LineChanges


def longest_common(a: list[str], b: list[str]) -> int:
    """The textbook dynamic programme: the reference the fast paths are checked against."""
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


def first_difference(a: list[str], b: list[str]) -> int | None:
    for number, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return number
    return None if len(a) == len(b) else min(len(a), len(b)) + 1


# Few distinct lines, so that lines repeat (the blank lines between paragraphs) and orders clash.
texts = st.lists(st.sampled_from(["", "a", "b", "c", "d", "e f"]), max_size=25)


@settings(max_examples=400, deadline=None)
@given(old=texts, new=texts)
def test_with_budget_enough_the_counts_are_the_fewest_lines(old: list[str], new: list[str]) -> None:
    before, after = "\n".join(old), "\n".join(new)
    old, new = before.splitlines(), after.splitlines()  # what compare() counts
    changes = linediff.compare(before, after, budget=10**9)
    common = longest_common(old, new)
    assert changes == LineChanges(
        len(new) - common, len(old) - common, first_difference(old, new), True
    )


@settings(max_examples=400, deadline=None)
@given(old=texts, new=texts, budget=st.integers(0, 30))
def test_out_of_budget_the_counts_are_still_a_real_edit(
    old: list[str], new: list[str], budget: int
) -> None:
    before, after = "\n".join(old), "\n".join(new)
    old, new = before.splitlines(), after.splitlines()
    changes = linediff.compare(before, after, budget=budget)
    common = longest_common(old, new)
    kept = len(new) - changes.added
    assert kept == len(old) - changes.removed  # the lines kept are the same on both sides
    assert 0 <= kept <= common  # ...and no more than can be kept: never fewer changes than real
    if changes.exact:
        assert kept == common
    assert changes.first == first_difference(old, new)


def test_examples_in_words() -> None:
    assert linediff.compare("a\nb\nc", "a\nb\nc") == LineChanges(0, 0, None, True)
    assert linediff.compare("a\nb\nc\n", "a\nb\nc") == LineChanges(0, 0, None, True)
    assert linediff.compare("a\nb\nc", "a\nx\nc") == LineChanges(1, 1, 2, True)
    assert linediff.compare("", "new\nlines") == LineChanges(2, 0, 1, True)
    assert linediff.compare("a\n\nb\n\nc", "x\n\ny\n\nz") == LineChanges(3, 3, 1, True)


def test_a_big_reordering_is_an_estimate_within_the_budget() -> None:
    old = [f"paragraph {n}\n\n" for n in range(3000)]
    changes = linediff.compare("".join(old), "".join(reversed(old)), budget=1000)
    assert not changes.exact and changes.first == 1
    # Every blank line can stay; the estimate keeps at least those
    assert changes.added == changes.removed <= 3000
