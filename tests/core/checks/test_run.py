"""Running the checks: the whole fixture site, some of its posts, one post with or without
its site, problem order, fixes refused, and speed."""

from __future__ import annotations

import re
import statistics
import time

import pytest

from editor.core import checks
from editor.core.checks import (
    SEVERITIES,
    Problem,
    apply_fix,
    check_post,
    check_site,
)
from editor.core.site import Site, SiteSettings
from tests.core.checks.cases import BASE, BLOG, MERGED, NETS, codes_of, keys_of

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


def test_check_site_finds_every_problem_of_the_fixture_and_nothing_else(
    problems: list[Problem],
) -> None:
    assert keys_of(problems) == EXPECTED
    assert len(problems) == len(EXPECTED)


def test_problems_are_sorted_by_path_then_line(problems: list[Problem]) -> None:
    keys = [(str(p.path), p.line) for p in problems]
    assert keys == sorted(keys)
    same_line = codes_of([p for p in problems if p.path == NETS and p.line == 20])
    assert same_line == [(20, "broken-image"), (20, "missing-alt")]  # errors first


def test_every_code_and_severity_is_documented(problems: list[Problem]) -> None:
    doc = checks.__doc__ or ""
    for problem in problems:
        assert problem.severity in SEVERITIES
        assert f"``{problem.code}``" in doc
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", problem.code)
        assert problem.message.endswith((".", "?"))


def test_checking_some_posts_reports_only_their_problems(site: Site) -> None:
    found = keys_of(check_site(site, [NETS]))  # once: every issue's, the cranes' gap and all
    assert found == {f for f in EXPECTED if f[0] == "harbour-notes-2-nets/index.md"}
    assert keys_of(check_site(site, [BLOG / "links" / "index.md"])) == {
        f for f in EXPECTED if f[0] == "links/index.md"
    }


def test_without_a_site_only_the_post_itself_is_checked(site: Site) -> None:
    text = NETS.read_text(encoding="utf-8")
    with_site = {p.code for p in check_post(site, NETS, text)}
    alone = {p.code for p in check_post(None, NETS, text)}
    assert with_site - alone == {"unused-image", "duplicate-issue-number"}
    merged = MERGED.read_text(encoding="utf-8")
    assert "bare-pull-request" not in {p.code for p in check_post(None, MERGED, merged)}


def test_apply_fix_refuses_what_it_cannot_do(problems: list[Problem]) -> None:
    unused = next(p for p in problems if p.code == "unused-image")
    with pytest.raises(ValueError):
        apply_fix(unused, "text", SiteSettings(pull_request_base=BASE))
    bare = next(p for p in problems if p.code == "bare-pull-request")
    with pytest.raises(ValueError):
        apply_fix(bare, "text", None)
    with pytest.raises(ValueError):
        apply_fix(bare, "text", SiteSettings())


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


def test_a_post_with_its_own_style_gets_a_note_saying_what_galley_does(site: Site) -> None:
    text = (
        "---\ntitle: Styled\ndate: 2024-05-17\ndescription: d\n---\n\nHi.\n\n"
        "<style>\nbody{background:red}\n</style>\n"
    )
    (note,) = [p for p in check_post(site, BLOG / "styled.md", text) if p.code == "post-style"]
    assert (note.severity, note.line) == ("info", 9)
    assert "inside the post body only" in note.message
    assert "the e-mail export leaves them out" in note.message and "strip <style>" in note.message
    code = text.replace("<style>\nbody{background:red}\n</style>", "```html\n<style>\n```")
    assert "post-style" not in {p.code for p in check_post(site, BLOG / "styled.md", code)}
