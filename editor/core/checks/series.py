"""Series checks: issue numbers used twice, titles whose number is not the slug's, and gaps
(the series themselves are found by :mod:`editor.core.site`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from editor.core import dates, fileio
from editor.core.checks.front_matter import key_lines, text_value
from editor.core.checks.problem import Problem, join_words
from editor.core.checks.site_index import SiteIndex, is_bundle
from editor.core.errors import GalleyError
from editor.core.post import decode, split_front_matter
from editor.core.site import PostInfo, Series, Site, group_series, slug_of


def title_line_of(path: Path, texts: Mapping[Path, str]) -> int:
    text = texts.get(path)
    if text is None:
        try:
            text = decode(fileio.read_bytes(path), path)
        except (GalleyError, OSError):
            return 0
    parts = split_front_matter(text)
    return key_lines(parts.front_matter).get("title", 0) if parts is not None else 0


def own_series_problems(
    site: Site, index: SiteIndex, path: Path, meta: Mapping[str, Any], title_line: int
) -> list[Problem]:
    """This post's series problems, with its title and date as they are in the editor."""
    title = text_value(meta.get("title")) or ""
    raw_date = meta.get("date")
    key = (path, title, raw_date if isinstance(raw_date, (str, dt.date)) else None)
    grouped = index.series.get(key)
    if grouped is None:
        current = site.post(path) or PostInfo(path, slug_of(path))
        current = dataclasses.replace(
            current,
            title=title,
            date=dates.parse(raw_date),
            date_raw=key[2],
            error=None,
        )
        infos = [current if p.path == path else p for p in index.posts]
        if current.path not in {p.path for p in index.posts}:
            infos.append(current)
        grouped = [g for g in group_series(infos) if any(i.post.path == path for i in g[2])]
        if len(index.series) > 64:
            index.series.clear()
        index.series[key] = grouped
    problems: list[Problem] = []
    for name, prefix, issues in grouped:
        series = Series(name, prefix, tuple(issues))
        problems += scoped_series_problems(series, {path}, lambda p: title_line if p == path else 0)
    return problems


def scoped_series_problems(
    series: Series, checked: Collection[Path], title_line: Callable[[Path], int]
) -> list[Problem]:
    """The series problems of the ``checked`` posts only, as checking one post reports them.

    Another issue's own problem (its title and folder disagree) is not reported, nor are the
    series' gaps; where another issue bears on a checked one, a note on the checked post names
    it: another folder carrying the checked issue's number, or numbers missing just before the
    checked issue when it is the newest.
    """
    problems = [
        p
        for p in series_problems(series, title_line)
        if p.path in checked and p.code != "missing-issue-numbers"
    ]
    missing = set(series.missing)
    latest = series.latest
    for issue in series.issues:
        path = issue.post.path
        if path not in checked:
            continue
        for other in series.disagreements:
            if other is not issue and other.slug_number == issue.number:
                where = "folder" if is_bundle(other.post.path) else "file"
                problems.append(
                    Problem(path, title_line(path), "info", "issue-number-elsewhere",
                            f"The {where} name {other.post.slug} also says {series.name} "
                            f"{issue.number}, though that issue's title says "
                            f"{other.title_number}. Nothing to change here; checking the "
                            "whole site reports it on that issue.")
                )  # fmt: skip
        gap = list(itertools.takewhile(missing.__contains__, range(issue.number - 1, 0, -1)))
        if issue is latest and gap:
            problems.append(
                Problem(path, title_line(path), "info", "missing-issue-numbers",
                        f"{series.name} is missing {missing_issues(gap[::-1])} just before "
                        f"this one ({issue.number}). If the number is a mistake, correct it; "
                        "if numbers were skipped on purpose, ignore this.")
            )  # fmt: skip
    return problems


def series_problems(series: Series, title_line: Callable[[Path], int]) -> list[Problem]:
    """The numbering problems of one series; ``title_line(path)`` gives a post's title line."""
    problems = []
    for number in series.duplicates:
        same = [i for i in series.issues if i.number == number]
        for issue in same:
            others = join_words([i.post.slug for i in same if i is not issue])
            problems.append(
                Problem(issue.post.path, title_line(issue.post.path), "error",
                        "duplicate-issue-number",
                        f"{series.name} {number} is also the number of {others}. Give each "
                        "issue its own number.")
            )  # fmt: skip
    for issue in series.disagreements:
        post = issue.post
        where = "folder" if is_bundle(post.path) else "file"
        problems.append(
            Problem(post.path, title_line(post.path), "error", "issue-number-mismatch",
                    f"The title says {series.name} {issue.title_number}, but the {where} name "
                    f"{post.slug} says {issue.slug_number}. Make them agree: correct the "
                    f"title, or rename the {where} (which changes the post's address).")
        )  # fmt: skip
    missing = series.missing
    if missing:
        latest = series.latest.post
        first, last = series.numbers[0], series.numbers[-1]
        shown = missing_issues(missing, (first, last))
        if "between" not in shown:
            shown += f" (its issues run from {first} to {last})"
        problems.append(
            Problem(latest.path, title_line(latest.path), "info", "missing-issue-numbers",
                    f"{series.name} is missing {shown}. If an issue is missing, add it; if "
                    "the numbers were skipped on purpose, ignore this.")
        )  # fmt: skip
    return problems


_LISTED = 12  # more missing numbers than this (in more than one run) are counted, not listed
_RUNS = 6  # and shown as their runs ("201–298") when there are this many runs or fewer


def missing_issues(numbers: Sequence[int], between: tuple[int, int] | None = None) -> str:
    """Sorted missing issue numbers in words: "issue 664", "issues 3 and 9", "issues 9, 30
    and 31", "issues 201–298", or, for many in several runs, "98 issue numbers between 200 and
    328 (201–250 and 252–299)" (``between``: the first and last issue; else the numbers'
    neighbours)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    written: list[str] = []
    for run in runs:
        written += [f"{run[0]}–{run[-1]}"] if len(run) > 2 else [str(n) for n in run]
    if len(numbers) <= _LISTED or len(runs) == 1:
        return f"issue{'s' if len(numbers) > 1 else ''} {join_words(written)}"
    low, high = between or (numbers[0] - 1, numbers[-1] + 1)
    shown = f"{len(numbers)} issue numbers between {low} and {high}"
    return f"{shown} ({join_words(written)})" if len(runs) <= _RUNS else shown
