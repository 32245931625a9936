"""Pre-publish checks: each check on a small site, fixes, unsaved text, ordering and speed."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core import checks
from editor.core.checks import (
    SEVERITIES,
    Fix,
    Problem,
    apply_fix,
    check_post,
    check_site,
    link_pull_requests,
)
from editor.core.site import Site, SiteSettings
from tests.helpers import FIXTURES

FIXTURE = FIXTURES / "checksite"
BLOG = FIXTURE.absolute() / "content" / "blog"
NETS = BLOG / "harbour-notes-2-nets" / "index.md"
CRANES = BLOG / "harbour-notes-4-cranes" / "index.md"
MERGED = BLOG / "merged-this-month" / "index.md"
BASE = "https://github.com/example/harbour/pull/"

MARKDOWN_PIECES = [
    *"ab #12`[]()!<>\\/\n-:*_&;\"'{}~|\t",
    *["```\n", "#1234", " #5678 ", "\r\n", "    ", "> ", "[x]: ", "<a href='x'>", "</a>"],
    *["https://", "| --- |\n", "- ", "## ", "&amp;", "\\#", "![a](b c.png)", "[l](u)", "{#"],
]

# Everything the fixture site should report, and nothing else: (post, line, severity, code).
EXPECTED = {
    ("broken-yaml/index.md", 5, "error", "invalid-front-matter"),
    ("flat-note.md", 1, "error", "missing-title"),
    ("flat-note.md", 2, "error", "missing-date"),
    ("front-matter-trouble/index.md", 2, "warning", "long-title"),
    ("front-matter-trouble/index.md", 3, "error", "invalid-date"),
    ("front-matter-trouble/index.md", 4, "warning", "long-description"),
    ("harbour-notes-2-nets/index.md", 0, "info", "unused-image"),
    ("harbour-notes-2-nets/index.md", 2, "error", "duplicate-issue-number"),
    ("harbour-notes-2-nets/index.md", 9, "error", "broken-image"),
    ("harbour-notes-2-nets/index.md", 11, "error", "image-path-spaces"),
    ("harbour-notes-2-nets/index.md", 15, "warning", "missing-alt"),
    ("harbour-notes-2-nets/index.md", 20, "error", "broken-image"),
    ("harbour-notes-2-nets/index.md", 20, "warning", "missing-alt"),
    ("harbour-notes-2-nets/index.md", 23, "error", "broken-image"),
    ("harbour-notes-2-weather/index.md", 2, "error", "duplicate-issue-number"),
    ("harbour-notes-4-cranes/index.md", 2, "error", "issue-number-mismatch"),
    ("harbour-notes-4-cranes/index.md", 2, "info", "missing-issue-numbers"),
    ("links/index.md", 8, "warning", "broken-link"),
    ("links/index.md", 9, "warning", "broken-site-link"),
    ("links/index.md", 11, "warning", "link-path-spaces"),
    ("links/index.md", 12, "warning", "broken-link"),
    ("merged-this-month/index.md", 7, "warning", "bare-pull-request"),
    ("merged-this-month/index.md", 19, "warning", "bare-pull-request"),
    ("merged-this-month/index.md", 25, "warning", "bare-pull-request"),
    ("no-description/index.md", 1, "warning", "missing-description"),
}


@pytest.fixture(scope="module")
def site() -> Site:
    return Site.open(FIXTURE)


@pytest.fixture(scope="module")
def problems(site: Site) -> list[Problem]:
    return check_site(site)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "site"))


def _found(problems: list[Problem]) -> set[tuple[str, int, str, str]]:
    return {(p.path.relative_to(BLOG).as_posix(), p.line, p.severity, p.code) for p in problems}


def _codes(problems: list[Problem]) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in problems]


def _one(problems: list[Problem], post: str, line: int, code: str) -> Problem:
    (problem,) = [
        p for p in problems if p.path == BLOG / post and p.line == line and p.code == code
    ]
    return problem


# -- the whole site


def test_check_site_finds_every_problem_of_the_fixture_and_nothing_else(
    problems: list[Problem],
) -> None:
    assert _found(problems) == EXPECTED
    assert len(problems) == len(EXPECTED)


def test_problems_are_sorted_by_path_then_line(problems: list[Problem]) -> None:
    keys = [(str(p.path), p.line) for p in problems]
    assert keys == sorted(keys)
    same_line = _codes([p for p in problems if p.path == NETS and p.line == 20])
    assert same_line == [(20, "broken-image"), (20, "missing-alt")]  # errors first


def test_every_code_and_severity_is_documented(problems: list[Problem]) -> None:
    doc = checks.__doc__ or ""
    for problem in problems:
        assert problem.severity in SEVERITIES
        assert f"``{problem.code}``" in doc
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", problem.code)
        assert problem.message.endswith((".", "?"))


def test_only_some_posts_still_get_their_whole_series_checked(site: Site) -> None:
    found = _found(check_site(site, [NETS]))
    assert found == {f for f in EXPECTED if f[0].startswith("harbour-notes")}
    assert _found(check_site(site, [BLOG / "links" / "index.md"])) == {
        f for f in EXPECTED if f[0] == "links/index.md"
    }


# -- front matter


def test_front_matter_problems_point_at_their_keys(problems: list[Problem]) -> None:
    trouble = "front-matter-trouble/index.md"
    assert "80 characters" in _one(problems, trouble, 2, "long-title").message
    assert "'2024-13-45'" in _one(problems, trouble, 3, "invalid-date").message
    assert "176 characters" in _one(problems, trouble, 4, "long-description").message
    # A missing key points at the front matter's first line, an empty one at its own line.
    assert "no title" in _one(problems, "flat-note.md", 1, "missing-title").message
    assert _one(problems, "flat-note.md", 2, "missing-date")


def test_bad_yaml_is_one_error_at_the_yaml_line(problems: list[Problem]) -> None:
    broken = [p for p in problems if p.path == BLOG / "broken-yaml" / "index.md"]
    assert _codes(broken) == [(5, "invalid-front-matter")]
    assert "not valid YAML" in broken[0].message
    text = "---\ntitle: A\n  bad: indent\n---\n![](missing.png)\n"
    assert _codes(check_post(None, BLOG / "x.md", text)) == [(3, "invalid-front-matter")]


def test_front_matter_values_of_the_wrong_kind() -> None:
    text = "---\ntitle: [a, list]\ndate: 12\ndescription: ''\n---\n"
    found = check_post(None, BLOG / "x.md", text)
    assert _codes(found) == [(2, "missing-title"), (3, "invalid-date"), (4, "missing-description")]
    assert "not text" in found[0].message
    assert "empty" in found[2].message
    no_front_matter = check_post(None, BLOG / "x.md", "Just text.\n")
    assert {(p.line, p.code) for p in no_front_matter} == {
        (0, "missing-title"),
        (0, "missing-date"),
        (0, "missing-description"),
    }


def test_a_post_that_is_not_utf8_is_reported(site_copy: Path) -> None:
    post = site_copy / "content" / "blog" / "no-description" / "index.md"
    post.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    found = check_site(Site.open(site_copy), [post])
    assert _codes(found) == [(0, "unreadable-post")]
    assert "UTF-8" in found[0].message


# -- images and links


def test_image_problems_say_what_to_do(problems: list[Problem]) -> None:
    gif = _one(problems, "harbour-notes-2-nets/index.md", 9, "broken-image").message
    assert "./nets.gif" in gif and "nets.png" in gif  # a similar name is suggested
    spaces = _one(problems, "harbour-notes-2-nets/index.md", 11, "image-path-spaces").message
    assert "(<./boats in bay.png>)" in spaces
    chart = _one(problems, "harbour-notes-2-nets/index.md", 23, "broken-image")
    assert "./chart.png" in chart.message  # reported where the reference is defined
    assert 'alt="' in _one(problems, "harbour-notes-2-nets/index.md", 20, "missing-alt").message


def test_the_space_fix_puts_the_path_in_angle_brackets(site: Site) -> None:
    text = NETS.read_text(encoding="utf-8")
    problem = _one(check_post(site, NETS, text), "harbour-notes-2-nets/index.md", 11,
                   "image-path-spaces")  # fmt: skip
    fixed = apply_fix(problem, text)
    assert "(<./boats in bay.png>)" in fixed.splitlines()[10]
    assert fixed.splitlines()[:10] == text.splitlines()[:10]
    assert (11, "image-path-spaces") not in _codes(check_post(site, NETS, fixed))
    assert apply_fix(problem, fixed) == fixed  # nothing left to wrap


def test_fixing_a_broken_reference_in_the_editor_removes_its_problem(site: Site) -> None:
    text = NETS.read_text(encoding="utf-8")
    before = _codes(check_post(site, NETS, text))
    assert (9, "broken-image") in before and (11, "image-path-spaces") in before
    text = text.replace("./nets.gif", "./nets.png").replace("(./boats", "(<./boats")
    text = text.replace("bay.png)", "bay.png>)")
    after = _codes(check_post(site, NETS, text))
    assert (9, "broken-image") not in after and (11, "image-path-spaces") not in after
    assert (15, "missing-alt") in after  # the rest is still found


def test_what_counts_as_a_local_image_or_link(tmp_path: Path) -> None:
    (tmp_path / "a b.png").write_bytes(b"png")
    (tmp_path / "here.png").write_bytes(b"png")
    post = tmp_path / "post.md"
    body = "\n".join(
        [
            "![ok](<a b.png>) ![ok](a%20b.png) ![ok](./here.png?v=2 'title') ![ok](here.png#x)",
            "![remote](https://example.com/x.png) ![data](data:image/png;base64,AAAA)",
            "![site](/images/x.png) ![proto](//cdn.example.com/x.png)",
            "`![code](not here.png)` and `![code](gone.png)`",
            "[mail](mailto:a@example.com) [anchor](#top) [folder](./) [quoted](<./a b.png>)",
            "[not a path](some words here)",
            "![](https://example.com/no-alt.png)",
            "<img src='gone.png' alt='Gone'>",
            "![empty]()",
            "",
            "```",
            "![fenced](gone.png)",
            "```",
            "<!-- <img src='commented.png'> -->",
        ]
    )
    found = check_post(None, post, f"---\ntitle: T\ndate: 2024-01-01\ndescription: D\n---\n{body}")
    assert _codes(found) == [(12, "missing-alt"), (13, "broken-image"), (14, "broken-image")]


def test_site_links_are_only_checked_with_a_site(site: Site) -> None:
    links = BLOG / "links" / "index.md"
    text = links.read_text(encoding="utf-8")
    assert (9, "broken-site-link") in _codes(check_post(site, links, text))
    assert (9, "broken-site-link") not in _codes(check_post(None, links, text))
    message = _one(check_post(site, links, text), "links/index.md", 9, "broken-site-link").message
    assert "/blog/harbour-notes-2-weather/" in message  # the near miss is suggested


# -- unused images


def test_unused_images_offer_to_delete_the_file(problems: list[Problem]) -> None:
    unused = [p for p in problems if p.code == "unused-image"]
    assert [p.fix for p in unused] == [
        Fix("delete-file", "Delete unused image old-nets.png…", NETS.parent / "old-nets.png")
    ]
    # Not reported: an image named only in the front matter (cover.png), one used from
    # another post's folder (shared.png), a hidden file, and images beside a single-file post.


def test_an_image_used_in_the_unsaved_text_is_not_unused(site: Site) -> None:
    text = NETS.read_text(encoding="utf-8") + "\n![Old nets](./old-nets.png)\n"
    assert "unused-image" not in {p.code for p in check_post(site, NETS, text)}
    removed = NETS.read_text(encoding="utf-8").replace("![](./nets.png)", "")
    unused = [p.fix.path for p in check_post(site, NETS, removed) if p.fix and p.fix.path]
    assert sorted(p.name for p in unused) == ["nets.png", "old-nets.png"]


def test_without_a_site_only_the_post_itself_is_checked(site: Site) -> None:
    text = NETS.read_text(encoding="utf-8")
    with_site = {p.code for p in check_post(site, NETS, text)}
    alone = {p.code for p in check_post(None, NETS, text)}
    assert with_site - alone == {"unused-image", "duplicate-issue-number"}
    merged = MERGED.read_text(encoding="utf-8")
    assert "bare-pull-request" not in {p.code for p in check_post(None, MERGED, merged)}


# -- series


def test_series_problems(problems: list[Problem]) -> None:
    mismatch = _one(problems, "harbour-notes-4-cranes/index.md", 2, "issue-number-mismatch")
    assert "Harbour Notes 5" in mismatch.message and "harbour-notes-4-cranes" in mismatch.message
    gap = _one(problems, "harbour-notes-4-cranes/index.md", 2, "missing-issue-numbers")
    assert "no issue 3 or 4" in gap.message
    duplicate = _one(problems, "harbour-notes-2-nets/index.md", 2, "duplicate-issue-number")
    assert "harbour-notes-2-weather" in duplicate.message


def test_series_checks_use_the_title_and_date_in_the_editor(site: Site) -> None:
    nets = NETS.read_text(encoding="utf-8")
    renumbered = nets.replace("Harbour Notes 2 - Mending", "Harbour Notes 3 - Mending")
    assert "duplicate-issue-number" not in {p.code for p in check_post(site, NETS, renumbered)}
    # Dated after the cranes issue, this one is the latest and gets the note on the gap.
    newest = renumbered.replace("date: 2024-03-08", "date: 2024-04-05")
    gap = [p for p in check_post(site, NETS, newest) if p.code == "missing-issue-numbers"]
    assert [p.line for p in gap] == [2] and "no issue 4" in gap[0].message
    cranes = CRANES.read_text(encoding="utf-8").replace("Notes 5", "Notes 4")
    assert _codes([p for p in check_post(site, CRANES, cranes) if "issue" in p.code]) == [
        (2, "missing-issue-numbers")
    ]


# -- pull requests


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
        _one(problems, "merged-this-month/index.md", 7, "bare-pull-request"), text, settings
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


def test_lines_are_counted_through_code_spans_that_wrap() -> None:
    text = "Run `git log\n--grep x` to see #1234,\nthen ![](a.png)\n"
    found = check_post(None, BLOG / "x.md", text)
    assert [(p.line, p.code) for p in found if p.code == "missing-alt"] == [(3, "missing-alt")]
    assert checks._scan(text, 1).pull_requests == {2: ["1234"]}


def test_a_reference_that_cannot_be_told_apart_is_left_alone() -> None:
    # Line 2 holds '#1234' twice, the first inside a code span begun on line 1: the check
    # reports one, and the fix will not guess which.
    text = "See `git log --grep\n#1234` and #1234.\n"
    assert checks._scan(text, 1).pull_requests == {2: ["1234"]}
    assert link_pull_requests(text, BASE) == text
    # One line can say: the code span is whole there.
    assert link_pull_requests("`#1234` and #1234\n", BASE) == f"`#1234` and [#1234]({BASE}1234)\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join))
def test_linking_is_safe_and_idempotent_on_any_text(text: str) -> None:
    flagged = sum(len(n) for n in checks._scan(text, 1).pull_requests.values())
    once = link_pull_requests(text, BASE)
    added = once.count(f"]({BASE}") - text.count(f"]({BASE}")
    assert added <= flagged  # never a link the check did not ask for
    left = sum(len(n) for n in checks._scan(once, 1).pull_requests.values())
    assert left == flagged - added
    assert link_pull_requests(once, BASE) == once
    check_post(None, BLOG / "x.md", text)  # and checking never fails


def test_apply_fix_refuses_what_it_cannot_do(problems: list[Problem]) -> None:
    unused = next(p for p in problems if p.code == "unused-image")
    with pytest.raises(ValueError):
        apply_fix(unused, "text", SiteSettings(pull_request_base=BASE))
    bare = next(p for p in problems if p.code == "bare-pull-request")
    with pytest.raises(ValueError):
        apply_fix(bare, "text", None)
    with pytest.raises(ValueError):
        apply_fix(bare, "text", SiteSettings())


# -- output and speed


def test_to_json(problems: list[Problem]) -> None:
    unused = next(p for p in problems if p.code == "unused-image")
    data = json.loads(json.dumps(unused.to_json()))
    assert data == {
        "path": str(NETS),
        "line": 0,
        "severity": "info",
        "code": "unused-image",
        "message": unused.message,
        "fix": {
            "kind": "delete-file",
            "label": "Delete unused image old-nets.png…",
            "path": str(NETS.parent / "old-nets.png"),
            "target": None,
        },
    }
    plain = Problem(NETS, 3, "warning", "missing-alt", "No alt.")
    assert plain.to_json()["fix"] is None
    bare = next(p for p in problems if p.code == "bare-pull-request")
    assert bare.to_json()["fix"] == {
        "kind": "link-pull-requests",
        "label": bare.fix.label if bare.fix else "",
        "path": None,
        "target": None,
    }


def test_check_post_is_fast_enough_to_run_while_typing(site: Site) -> None:
    paragraphs = [
        f"Paragraph {n} mentions #{5000 + n}, `code`, a [link](https://example.com/{n}) and "
        f"![a picture](./nets.png).\n"
        for n in range(200)
    ]
    text = "---\ntitle: Harbour Notes 2 - Mending nets\ndate: 2024-03-08\n---\n\n" + "\n".join(
        paragraphs
    )
    assert text.count("\n") > 390
    check_post(site, NETS, text)
    timings = []
    for n in range(7):
        edited = text.replace("Paragraph 60 ", f"Paragraph 60{'x' * n} ")
        start = time.perf_counter()
        check_post(site, NETS, edited)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.1  # about 10 ms on a laptop; generous for slow CI
