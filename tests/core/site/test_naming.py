"""The next issue in the series' own naming: dates and numbers moved on inside names and
front-matter values, in their own shapes; which values a new issue carries over; its file and
its title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from editor.core.site.naming import (
    MISSING,
    Marks,
    carry_value,
    images_named,
    next_path,
    next_title,
    rewrite_text,
    rewrite_value,
)

OLD = Marks(42, dt.date(2026, 8, 28))
NEW = Marks(43, dt.date(2026, 9, 4))
ROOT = Path("/site")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/en/newsletters/2026/08/28/", "/en/newsletters/2026/09/04/"),
        ("2026-08-28-newsletter", "2026-09-04-newsletter"),
        ("Tideline Newsletter #42", "Tideline Newsletter #43"),
        ("/archive/042.html", "/archive/043.html"),  # zero padding kept
        ("08-28-2026", "09-04-2026"),  # Docusaurus' month first
        ("2026/8/28", "2026/9/4"),  # unpadded stays unpadded
        ("20260828", "20260904"),
        ("weekly/42", "weekly/43"),
        # what is not the issue's: another date, a version, a number inside a word or a longer
        # number, the year alone
        ("reference: 2026/08/21/", "reference: 2026/08/21/"),
        ("Cargo 42.1 and 1.42", "Cargo 42.1 and 1.42"),
        ("h42 x42y 420 1042", "h42 x42y 420 1042"),
        ("Since 2026", "Since 2026"),
    ],
)
def test_rewrite_text_moves_the_date_and_number_on_in_their_own_shape(
    text: str, expected: str
) -> None:
    assert rewrite_text(text, OLD, NEW) == expected


def test_rewrite_text_reads_the_date_before_the_number() -> None:
    # The day is 28 and so is the number: the date is one piece, and 28 elsewhere is the number.
    old, new = Marks(28, dt.date(2026, 8, 28)), Marks(29, dt.date(2026, 9, 4))
    assert rewrite_text("2026-08-28 issue 28", old, new) == "2026-09-04 issue 29"


def test_rewrite_value_keeps_each_type() -> None:
    assert rewrite_value(42, OLD, NEW) == 43
    assert rewrite_value(41, OLD, NEW) == 41
    assert rewrite_value(True, OLD, NEW) is True
    assert rewrite_value(dt.date(2026, 8, 28), OLD, NEW) == dt.date(2026, 9, 4)
    zone = dt.timezone(dt.timedelta(hours=1))
    stamp = dt.datetime(2026, 8, 28, 9, 30, tzinfo=zone)
    assert rewrite_value(stamp, OLD, NEW) == dt.datetime(2026, 9, 4, 9, 30, tzinfo=zone)
    assert rewrite_value(["/42/", {"issue": 42, "team": "x"}], OLD, NEW) == [
        "/43/",
        {"issue": 43, "team": "x"},
    ]


EARLIER = Marks(41, dt.date(2026, 8, 21))


@pytest.mark.parametrize(
    ("latest", "earlier", "expected"),
    [
        # made of each issue's own date or number: moved on
        (
            "/en/newsletters/2026/08/28/",
            ["/en/newsletters/2026/08/21/"],
            (True, "/en/newsletters/2026/09/04/"),
        ),
        ("42", ["41"], (True, "43")),
        # the same in every issue: kept as it is
        ("newsletter", ["newsletter"], (True, "newsletter")),
        (1, [1], (True, 1)),
        # different in each issue, and not by its marks: left out
        ("Three storms", ["A calm week"], (False, None)),
        (True, [MISSING], (False, None)),
        # holds the number by chance, the same in every issue: kept, not moved on
        (42, [42], (True, 42)),
        # the first issue with the key: nothing tells it is made of the marks
        ("/p/2026/08/28/", [MISSING], (False, None)),
        # no earlier issue to compare with: moved on
        ("/p/2026/08/28/", [], (True, "/p/2026/09/04/")),
    ],
)
def test_carry_value(latest: object, earlier: list[object], expected: tuple[bool, object]) -> None:
    assert carry_value(latest, [(v, EARLIER) for v in earlier], OLD, NEW) == expected


def test_images_named_are_files_not_urls() -> None:
    assert images_named("./cover.png") == ["./cover.png"]
    assert images_named(["/img/42.jpg", "https://cdn.example/x.png", "notes"]) == ["/img/42.jpg"]
    assert images_named({"src": "a.webp?v=2"}) == ["a.webp?v=2"]


def _next(
    latest: str,
    *,
    others: tuple[tuple[str, Marks], ...] = (),
    subtitle: str = "",
    old: Marks = OLD,
    new: Marks = NEW,
) -> str:
    path = next_path(
        ROOT / latest,
        ROOT,
        old,
        new,
        others=[(ROOT / p, m) for p, m in others],
        subtitle_slug=subtitle,
        fallback=f"weekly-{new.number}",
    )
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize(
    ("latest", "earlier", "expected"),
    [
        # Jekyll's dated names, the same words in every issue
        ("_posts/en/newsletters/2026-08-28-newsletter.md",
         "_posts/en/newsletters/2026-08-21-newsletter.md",
         "_posts/en/newsletters/2026-09-04-newsletter.md"),
        # Docusaurus' dated bundle folders with the number
        ("blog/2026-08-28-kettle-42/index.mdx", "blog/2026-08-21-kettle-41/index.mdx",
         "blog/2026-09-04-kettle-43/index.mdx"),
        # numbered bundles, zero padded, and numbered files
        ("content/archive/042/index.md", "content/archive/041/index.md",
         "content/archive/043/index.md"),
        ("newsletter/42.mdx", "newsletter/41.mdx", "newsletter/43.mdx"),
        # a file named by its date alone
        ("issues/2026-08-28.md", "issues/2026-08-21.md", "issues/2026-09-04.md"),
        # year and month folders move on with the date
        ("content/2026/08/28/issue-42/index.md", "content/2026/08/21/issue-41/index.md",
         "content/2026/09/04/issue-43/index.md"),
    ],
)  # fmt: skip
def test_next_path_follows_the_latest_issues_naming(
    latest: str, earlier: str, expected: str
) -> None:
    assert _next(latest, others=((earlier, EARLIER),)) == expected


def test_a_subtitle_takes_the_place_of_the_latest_subtitle_in_the_name() -> None:
    latest = "content/blog/weekly-42-storm-season/index.md"
    earlier = (("content/blog/weekly-41-new-lamps/index.md", EARLIER),)
    assert _next(latest, others=earlier) == "content/blog/weekly-43/index.md"
    assert _next(latest, others=earlier, subtitle="fog") == "content/blog/weekly-43-fog/index.md"
    # words every issue has after its number are the naming's, not a subtitle
    shared = (("posts/weekly-41-en.md", EARLIER),)
    assert _next("posts/weekly-42-en.md", others=shared, subtitle="x") == "posts/weekly-43-en.md"


def test_a_name_of_its_own_gives_way_to_the_subtitle_or_the_series_name() -> None:
    # Jekyll: "2026-08-28-seed-swap" after "2026-08-21-newsletter": each issue's own slug
    latest = "_posts/2026/2026-08-28-seed-swap.markdown"
    earlier = (("_posts/2026-08-21-newsletter.md", EARLIER),)
    assert _next(latest, others=earlier) == "_posts/2026/2026-09-04-weekly-43.markdown"
    frost = _next(latest, others=earlier, subtitle="frost")
    assert frost == "_posts/2026/2026-09-04-frost.markdown"
    next_year = Marks(43, dt.date(2027, 1, 1))
    assert _next(latest, others=earlier, new=next_year) == (
        "_posts/2027/2027-01-01-weekly-43.markdown"
    )
    # a bundle with no date or number in its name
    assert _next("content/journal/harbour-seals/index.md", others=(
        ("content/journal/first-swim.md", EARLIER),
    )) == "content/journal/weekly-43/index.md"  # fmt: skip


def test_a_name_that_never_changes_still_gives_a_new_file() -> None:
    assert _next("posts/newsletter.md", others=(("posts/newsletter.md", EARLIER),)) == (
        "posts/newsletter-weekly-43.md"
    )


@pytest.mark.parametrize(
    ("titles", "subtitle", "expected"),
    [
        (["Tideline Newsletter #42"], "", "Tideline Newsletter #43"),
        (["Ops Digest 042: Rollbacks", "Ops Digest 041: Disks"], "Pagers",
         "Ops Digest 043: Pagers"),
        (["This Week in Kilns 42"], "", "This Week in Kilns 43"),
        # the number elsewhere in the title: the newest title, moved on
        (["Scaling inference on AKS (Part 42)"], "", "Scaling inference on AKS (Part 43)"),
        (["Traits working group 2026 sprint 42 summary"], "",
         "Traits working group 2026 sprint 43 summary"),
        # no number in the titles, but a shared start
        (["AI at the Edge: Triton", "AI at the Edge: Scope"], "vLLM", "AI at the Edge: vLLM"),
        # nothing to follow
        (["Opening the harbour", "Ships"], "", "Weekly 43"),
    ],
)  # fmt: skip
def test_next_title_follows_the_newest_titles(
    titles: list[str], subtitle: str, expected: str
) -> None:
    marks = [OLD, EARLIER, Marks(40)]
    assert next_title("Weekly", list(zip(titles, marks, strict=False)), NEW, subtitle) == expected
