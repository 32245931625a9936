"""Front-matter checks: missing, empty, long and unreadable titles, dates and descriptions."""

from __future__ import annotations

from pathlib import Path

from editor.core.checks import (
    Problem,
    check_post,
    check_site,
)
from editor.core.site import Site
from tests.core.checks.cases import BLOG, codes_of, one_of


def test_front_matter_problems_point_at_their_keys(problems: list[Problem]) -> None:
    trouble = "front-matter-trouble/index.md"
    assert "80 characters" in one_of(problems, trouble, 2, "long-title").message
    assert "'2024-13-45'" in one_of(problems, trouble, 3, "invalid-date").message
    assert "176 characters" in one_of(problems, trouble, 4, "long-description").message
    # A missing key points at the front matter's first line, an empty one at its own line.
    assert "no title" in one_of(problems, "flat-note.md", 1, "missing-title").message
    assert one_of(problems, "flat-note.md", 2, "missing-date")


def test_bad_yaml_is_one_error_at_the_yaml_line(problems: list[Problem]) -> None:
    broken = [p for p in problems if p.path == BLOG / "broken-yaml" / "index.md"]
    assert codes_of(broken) == [(5, "invalid-front-matter")]
    assert "not valid YAML" in broken[0].message
    text = "---\ntitle: A\n  bad: indent\n---\n![](missing.png)\n"
    assert codes_of(check_post(None, BLOG / "x.md", text)) == [(3, "invalid-front-matter")]


def test_front_matter_values_of_the_wrong_kind() -> None:
    text = "---\ntitle: [a, list]\ndate: 12\ndescription: ''\n---\n"
    found = check_post(None, BLOG / "x.md", text)
    assert codes_of(found) == [
        (2, "missing-title"),
        (3, "invalid-date"),
        (4, "missing-description"),
    ]
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
    assert codes_of(found) == [(0, "unreadable-post")]
    assert "UTF-8" in found[0].message
