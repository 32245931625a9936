"""Bare pull-request references: found, linked one line or all at once, and never guessed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.checks import (
    Fix,
    Problem,
    apply_fix,
    check_post,
    link_pull_requests,
)
from editor.core.checks.references import scan_body
from editor.core.site import SiteSettings
from tests.core.checks.cases import BASE, BLOG, MERGED, one_of

MARKDOWN_PIECES = [
    *"ab #12`[]()!<>\\/\n-:*_&;\"'{}~|\t",
    *["```\n", "#1234", " #5678 ", "\r\n", "    ", "> ", "[x]: ", "<a href='x'>", "</a>"],
    *["https://", "| --- |\n", "- ", "## ", "&amp;", "\\#", "![a](b c.png)", "[l](u)", "{#"],
]


def test_bare_pull_requests_are_found_per_line_outside_code_links_and_html(
    problems: list[Problem],
) -> None:
    found = [p for p in problems if p.code == "bare-pull-request"]
    assert [p.line for p in found] == [7, 19, 25]
    assert found[0].fix == Fix("link-pull-requests", "Link #5392 and #5393 to the pull requests")
    assert found[2].fix == Fix("link-pull-requests", "Link #5401 to the pull request")


def test_apply_fix_links_the_references_of_one_line(problems: list[Problem]) -> None:
    text = MERGED.read_text(encoding="utf-8")
    settings = SiteSettings(pull_request_base=BASE)
    fixed = apply_fix(
        one_of(problems, "merged-this-month/index.md", 7, "bare-pull-request"), text, settings
    )
    changed = [
        (n, new)
        for n, (old, new) in enumerate(zip(text.split("\n"), fixed.split("\n"), strict=True), 1)
        if old != new
    ]
    assert changed == [
        (
            7,
            f"The tide tables load faster ([#5392]({BASE}5392)), and [#5393]({BASE}5393) "
            "fixed the buoy colours.",
        )
    ]
    assert 7 not in [
        p.line for p in check_post(None, MERGED, fixed) if p.code == "bare-pull-request"
    ]


def test_link_pull_requests_everywhere_leaves_code_links_and_html_alone() -> None:
    text = MERGED.read_text(encoding="utf-8")
    linked = link_pull_requests(text, BASE)
    assert linked.count("](https://github.com/example/harbour/pull/") == 6  # 5 new + 1 already
    for untouched in ("`#4002`", "#12,", "#123abc", "owner/repo#4003", "issue#4004", "&#4005;",
                      '"#4006"', '"#4007"', "code #4008", "<!-- #4009", "<div>#4010", "`#4011`",
                      "4012#issuecomment-4013", "/#4014>"):  # fmt: skip
        assert untouched in linked
    assert "## Fixes in [#5400](" in linked
    assert link_pull_requests(linked, BASE) == linked  # idempotent


def test_link_pull_requests_details() -> None:
    crlf = "---\r\ntitle: Fixes #1234\r\n---\r\nMerged #1234.\r\nAnd #5678.\r\n"
    assert link_pull_requests(crlf, "https://x.test/pr", line=5) == crlf.replace(
        "And #5678.", "And [#5678](https://x.test/pr/5678)."
    )
    assert (
        link_pull_requests(crlf, "https://x.test/?pr=", line=4).count("(https://x.test/?pr=1234)")
        == 1
    )
    assert link_pull_requests(crlf, BASE, line=3) == crlf  # the front matter is never touched
    assert link_pull_requests("\ufeffSee #999.", BASE) == f"\ufeffSee [#999]({BASE}999)."


def test_a_reference_that_cannot_be_told_apart_is_left_alone() -> None:
    # Line 2 holds '#1234' twice, the first inside a code span begun on line 1: the check
    # reports one, and the fix will not guess which.
    text = "See `git log --grep\n#1234` and #1234.\n"
    assert scan_body(text, 1).pull_requests == {2: ["1234"]}
    assert link_pull_requests(text, BASE) == text
    # One line can say: the code span is whole there.
    assert link_pull_requests("`#1234` and #1234\n", BASE) == f"`#1234` and [#1234]({BASE}1234)\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join))
def test_linking_is_safe_and_idempotent_on_any_text(text: str) -> None:
    flagged = sum(len(n) for n in scan_body(text, 1).pull_requests.values())
    once = link_pull_requests(text, BASE)
    added = once.count(f"]({BASE}") - text.count(f"]({BASE}")
    assert added <= flagged  # never a link the check did not ask for
    left = sum(len(n) for n in scan_body(once, 1).pull_requests.values())
    assert left == flagged - added
    assert link_pull_requests(once, BASE) == once
    check_post(None, BLOG / "x.md", text)  # and checking never fails
