"""Pelican / MultiMarkdown header lines: found only where they are meant, read as Pelican reads
them, and edited one key's lines at a time."""

from __future__ import annotations

import difflib

import pytest

from editor.core.errors import FrontMatterError, GalleyError
from editor.core.post import Post

PELICAN = (
    "Title: This Week in Rust 665\n"
    "Date: 2026-08-21 10:20\n"
    "Tags: rust, newsletter\n"
    "Number: 665\n"
    "Summary: A long summary\n"
    "    that goes on.\n"
    "\n"
    "Hello and welcome.\n"
)


def changed(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(True), after.splitlines(True)))
    return [d[2:] for d in diff if d[0] == "-"], [d[2:] for d in diff if d[0] == "+"]


def test_header_lines_are_read_case_insensitively() -> None:
    post = Post.parse(PELICAN)
    assert post.front_matter_format == "headers"
    assert post.meta["title"] == post.meta["Title"] == "This Week in Rust 665"
    assert post.meta["tags"] == ["rust", "newsletter"]
    assert post.meta["number"] == "665"  # Pelican reads text
    assert post.meta["summary"] == "A long summary\nthat goes on."
    assert post.body == "Hello and welcome.\n" and post.body_start_line == 8
    assert post.dumps() == PELICAN


def test_a_title_edit_keeps_the_keys_case_and_changes_one_line() -> None:
    post = Post.parse(PELICAN)
    post.meta["title"] = "This Week in Rust 666"
    assert changed(PELICAN, post.dumps()) == (
        ["Title: This Week in Rust 665\n"],
        ["Title: This Week in Rust 666\n"],
    )


def test_tags_are_written_back_as_the_same_comma_separated_line() -> None:
    post = Post.parse(PELICAN)
    post.meta["tags"].append("weekly")
    assert changed(PELICAN, post.dumps()) == (
        ["Tags: rust, newsletter\n"],
        ["Tags: rust, newsletter, weekly\n"],
    )
    semi = Post.parse("Title: x\nTags: a;b\n\nBody\n")
    semi.meta["tags"] = ["a", "c"]
    assert semi.dumps() == "Title: x\nTags: a;c\n\nBody\n"


def test_new_keys_take_the_posts_case_and_deletes_take_every_line() -> None:
    post = Post.parse(PELICAN)
    post.meta["slug"] = "twir-666"
    del post.meta["summary"]
    assert post.dumps() == PELICAN.replace(
        "Summary: A long summary\n    that goes on.\n", "Slug: twir-666\n"
    )
    lower = Post.parse("title: x\n\nBody\n", header_lines=True)
    lower.meta["status"] = "draft"
    assert lower.dumps() == "title: x\nstatus: draft\n\nBody\n"


def test_a_multi_line_value_uses_continuation_lines() -> None:
    post = Post.parse(PELICAN)
    post.meta["summary"] = "One\nTwo"
    assert "Summary: One\n    Two\n\n" in post.dumps()
    with pytest.raises(GalleyError):
        post.meta["summary"] = "One\n\nThree"  # a blank line would end the block
    with pytest.raises(GalleyError):
        post.meta["author"] = {"name": "Ann"}


@pytest.mark.parametrize(
    ("text", "header_lines", "kind"),
    [
        ("Note: this is prose.\n\nMore prose.\n", None, "yaml"),  # not a Title: line
        ("Title: A post\nwith prose after it\n\nBody\n", None, "yaml"),
        ("Note: x\n\nBody\n", True, "headers"),  # a Pelican site: any key
        ("Title: x\n\nBody\n", False, "yaml"),
        ("Title: x\n\nBody\n", None, "headers"),
    ],
)
def test_header_lines_are_taken_only_where_meant(
    text: str, header_lines: bool | None, kind: str
) -> None:
    post = Post.parse(text, header_lines=header_lines)
    assert post.front_matter_format == kind
    assert post.dumps() == text
    if kind == "yaml":
        assert post.body == text and not post.has_front_matter


def test_on_a_pelican_site_a_line_that_is_no_header_starts_the_body() -> None:
    post = Post.parse("Title: x\nJust text\n", header_lines=True)
    assert post.meta.to_dict() == {"title": "x"} and post.body == "Just text\n"


def test_a_pelican_post_without_headers_gets_header_lines() -> None:
    post = Post.parse("Body\n", header_lines=True)
    post.meta["title"] = "New"
    assert post.dumps() == "Title: New\n\nBody\n"


def test_duplicate_headers_are_named() -> None:
    post = Post.parse("Title: a\nTitle: b\n\nBody\n")
    assert post.duplicate_keys == ("title",)
    post.meta["title"] = "c"
    assert post.dumps() == "Title: c\n\nBody\n"


def test_raw_header_lines_are_checked_before_they_are_taken() -> None:
    post = Post.parse(PELICAN)
    with pytest.raises(FrontMatterError) as caught:
        post.front_matter_text = "Title: x\nnot a header\n"
    assert caught.value.line == 2
    assert post.dumps() == PELICAN


def test_crlf_headers_stay_crlf() -> None:
    text = "Title: x\r\nTags: a\r\n\r\nBody\r\n"
    post = Post.parse(text)
    post.meta["date"] = "2026-01-02"
    assert post.dumps() == "Title: x\r\nTags: a\r\nDate: 2026-01-02\r\n\r\nBody\r\n"
