"""Editing the front matter rewrites only the edited key's lines."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from editor.core.errors import FrontMatterError, GalleyError
from editor.core.post import Post
from tests.helpers.post_cases import CASES, CORPUS_LIKE, RICH


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The removed and added lines between two texts (line ends included)."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def edit(raw: bytes, action) -> tuple[str, str, Post]:  # type: ignore[no-untyped-def]
    before = raw.decode("utf-8")
    post = Post.parse(before)
    action(post)
    after = post.dumps()
    return before, after, Post.parse(after)


def test_title_edit_changes_one_line_and_keeps_everything_else() -> None:
    before, after, again = edit(CORPUS_LIKE, lambda p: p.meta.__setitem__("title", "New title"))
    assert changes(before, after) == (
        ["title: Backstage Weekly 26 - Spotify's product story\n"],
        ["title: New title\n"],
    )
    assert again.meta["title"] == "New title"


def test_quoting_style_and_end_of_line_comment_are_kept() -> None:
    before, after, again = edit(RICH, lambda p: p.meta.__setitem__("title", "It's new"))
    assert changes(before, after)[1] == ['title: "It\'s new"   # shown on the index\n']
    assert again.meta["title"] == "It's new"
    _, after, _ = edit(CORPUS_LIKE, lambda p: p.meta.__setitem__("date", "2021-06-01T21:00:00.0Z"))
    assert "date: '2021-06-01T21:00:00.0Z'\n" in after


def test_plain_value_that_would_change_type_gets_quoted() -> None:
    for value in ("123", "true", "2021-01-01", "null", "a: b", "#tag", ""):
        _, after, again = edit(CORPUS_LIKE, lambda p, v=value: p.meta.__setitem__("title", v))
        assert again.meta["title"] == value, after


def test_crlf_post_stays_crlf() -> None:
    before, after, again = edit(CASES["crlf"], lambda p: p.meta.__setitem__("title", "CRLF"))
    assert changes(before, after) == (
        ["title: Backstage Weekly 26 - Spotify's product story\r\n"],
        ["title: CRLF\r\n"],
    )
    before, after, again = edit(CASES["crlf"], lambda p: p.meta.__setitem__("draft", True))
    assert changes(before, after) == ([], ["draft: true\r\n"])
    assert "\n" not in after.replace("\r\n", "")


def test_bom_survives_an_edit() -> None:
    _, after, again = edit(CASES["bom"], lambda p: p.meta.__setitem__("title", "x"))
    assert after.startswith("\ufeff---\n")
    assert again.meta["title"] == "x"


def test_nested_value_edit() -> None:
    def rename(post: Post) -> None:
        post.meta["author"]["name"] = "Jane Doe"

    before, after, again = edit(CORPUS_LIKE, rename)
    assert changes(before, after) == (["  name: David Tuite\n"], ["  name: Jane Doe\n"])
    assert again.meta["author"]["name"] == "Jane Doe"


def test_block_scalar_keeps_its_style_and_the_lines_around_it() -> None:
    def describe(post: Post) -> None:
        post.meta["description"] = "Two lines\nof text\n"

    before, after, again = edit(RICH, describe)
    assert "description: |\n  Two lines\n  of text\n\nsummary: >-\n" in after
    assert again.meta["description"] == "Two lines\nof text\n"
    removed, added = changes(before, after)
    assert all("line breaks" in r or "block scalar" in r for r in removed)


def test_flow_list_stays_a_flow_list_with_its_quotes() -> None:
    before, after, again = edit(CORPUS_LIKE, lambda p: p.meta["tags"].append("backstage"))
    assert changes(before, after) == (
        ["tags: ['newsletter']\n"],
        ["tags: ['newsletter', 'backstage']\n"],
    )
    assert again.meta["tags"] == ["newsletter", "backstage"]


def test_block_list_append_and_remove() -> None:
    before, after, again = edit(RICH, lambda p: p.meta["tags"].append("weekly"))
    assert changes(before, after) == ([], ["  - weekly\n"])
    before, after, again = edit(RICH, lambda p: p.meta["tags"].remove("newsletter"))
    assert changes(before, after) == (["  - newsletter\n"], [])
    assert again.meta["tags"] == ["backstage"]


def test_adding_a_key_appends_it_at_the_end_of_the_block() -> None:
    before, after, again = edit(CORPUS_LIKE, lambda p: p.meta.__setitem__("draft", True))
    assert after.startswith(before[: before.index("---\n\nSpotify")])
    assert "  avatar: '../../assets/team/david-tuite.jpg'\ndraft: true\n---\n" in after
    _, after, again = edit(
        CORPUS_LIKE, lambda p: p.meta.__setitem__("series", {"name": "Weekly", "number": 26})
    )
    assert "draft" not in after and "series:\n  name: Weekly\n  number: 26\n---\n" in after
    assert again.meta["series"] == {"name": "Weekly", "number": 26}


def test_adding_a_nested_key_goes_under_its_parent() -> None:
    before, after, again = edit(CORPUS_LIKE, lambda p: p.meta["author"].__setitem__("bio", "Hi"))
    assert changes(before, after) == ([], ["  bio: Hi\n"])
    assert again.meta["author"].to_dict()["bio"] == "Hi"


def test_deleting_a_key_removes_its_lines() -> None:
    before, after, again = edit(RICH, lambda p: p.meta.__delitem__("description"))
    removed, added = changes(before, after)
    assert removed == [
        "description: |\n",
        "  A block scalar that keeps\n",
        "  its line breaks.  \n",
    ]
    assert added == []
    assert "description" not in again.meta
    with pytest.raises(KeyError):
        del again.meta["description"]


def test_deleting_a_nested_key() -> None:
    before, after, again = edit(CORPUS_LIKE, lambda p: p.meta["author"].__delitem__("avatar"))
    assert changes(before, after) == (["  avatar: '../../assets/team/david-tuite.jpg'\n"], [])


def test_flow_mapping_edits_stay_flow() -> None:
    def bump(post: Post) -> None:
        post.meta["series"]["number"] = 4

    before, after, again = edit(RICH, bump)
    assert changes(before, after) == (
        ["series: {name: Galley Weekly, number: 3}\n"],
        ["series: {name: Galley Weekly, number: 4}\n"],
    )


def test_filling_an_empty_value() -> None:
    before, after, again = edit(CORPUS_LIKE, lambda p: p.meta.__setitem__("description", "Hi"))
    assert changes(before, after) == (["description: \n"], ["description: Hi\n"])
    before, after, again = edit(RICH, lambda p: p.meta.__setitem__("empty", ["a"]))
    assert again.meta["empty"] == ["a"]


def test_changing_a_value_type_rewrites_only_that_key() -> None:
    before, after, again = edit(CORPUS_LIKE, lambda p: p.meta.__setitem__("title", ["a", "b"]))
    removed, added = changes(before, after)
    assert removed == ["title: Backstage Weekly 26 - Spotify's product story\n"]
    assert again.meta["title"] == ["a", "b"]


def test_setting_an_equal_value_changes_nothing() -> None:
    before, after, _ = edit(RICH, lambda p: p.meta.__setitem__("weight", 10))
    assert before == after
    before, after, _ = edit(RICH, lambda p: p.meta.__setitem__("weight", 10.0))
    assert "weight: 10.0\n" in after  # a float is not the int it replaced


def test_dates_and_booleans() -> None:
    def set_values(post: Post) -> None:
        post.meta["date"] = dt.date(2022, 3, 4)
        post.meta["draft"] = True

    _, after, again = edit(RICH, set_values)
    assert again.meta["date"] == dt.date(2022, 3, 4)
    assert again.meta["draft"] is True


def test_meta_on_a_post_without_front_matter_creates_the_block() -> None:
    before, after, again = edit(
        CASES["no-front-matter"], lambda p: p.meta.__setitem__("title", "T")
    )
    assert after == "---\ntitle: T\n---\n" + before
    assert again.meta["title"] == "T"
    assert again.body == before
    _, after, _ = edit(b"a\r\nb\r\n", lambda p: p.meta.__setitem__("title", "T"))
    assert after == "---\r\ntitle: T\r\n---\r\na\r\nb\r\n"


def test_replacing_the_whole_meta() -> None:
    _, after, again = edit(CORPUS_LIKE, lambda p: setattr(p, "meta", {"title": "Only"}))
    assert again.meta.to_dict() == {"title": "Only"}
    assert after.endswith(
        "---\n\nSpotify published a case study.\n\n![A screenshot](./screenshot.png)\n"
    )


def test_unsupported_values_are_refused_without_changing_the_post() -> None:
    post = Post.parse(CORPUS_LIKE.decode())
    with pytest.raises(TypeError):
        post.meta["title"] = object()
    assert post.dumps() == CORPUS_LIKE.decode()


def test_body_edit_keeps_the_front_matter() -> None:
    post = Post.parse(RICH.decode())
    post.body = "New body\n"
    assert post.dumps() == RICH.decode().replace("Body text.\n", "New body\n")
    assert post.modified


def test_raw_front_matter_can_be_replaced_and_is_validated() -> None:
    post = Post.parse(CORPUS_LIKE.decode())
    post.front_matter_text = "title: Raw\n"
    assert post.meta.to_dict() == {"title": "Raw"}
    with pytest.raises(FrontMatterError) as info:
        post.front_matter_text = "title: [unclosed\n"
    assert info.value.line >= 2
    assert post.meta.to_dict() == {"title": "Raw"}  # unchanged


def test_saved_edit_reaches_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    path.write_bytes(CORPUS_LIKE)
    post = Post.load(path)
    post.meta["title"] = "Saved"
    post.save()
    assert Post.load(path).meta["title"] == "Saved"
    assert not post.modified
    copy = tmp_path / "copy.md"
    post.save(copy)
    assert post.path == copy and copy.read_bytes() == path.read_bytes()


def test_replacing_meta_with_one_changed_key_touches_only_that_key() -> None:
    raw = b"---\ntitle: a long\n  plain title\ntags: ['x']\nn: 1\n---\nBody\n"

    def bump(post: Post) -> None:
        post.meta = {**post.meta.to_dict(), "n": 2}

    before, after, again = edit(raw, bump)
    assert changes(before, after) == (["n: 1\n"], ["n: 2\n"])
    assert again.meta["title"] == "a long plain title"


# -- YAML anchors, aliases and merge keys are kept (or the edit is refused), never expanded

SHARED = """---
defaults: &defaults
  name: Alice
  avatar: ./alice.png
author:
  <<: *defaults
  role: writer
title: &title Backstage Weekly 26
tags: &tags [news, backstage]
summary: &summary |
  Two lines
  of summary.
repeated: *title
---
Body.
"""


@pytest.mark.parametrize(
    ("key", "value", "old_line", "new_line"),
    [
        ("tags", ["news"], "tags: &tags [news, backstage]\n", "tags: &tags [news]\n"),
        (
            "summary",
            "One line.\n",
            "summary: &summary |\n  Two lines\n  of summary.\n",
            "summary: &summary |\n  One line.\n",
        ),
    ],
)
def test_an_anchored_value_is_edited_after_its_anchor(
    key: str, value: object, old_line: str, new_line: str
) -> None:
    post = Post.parse(SHARED)
    post.meta[key] = value
    assert post.dumps() == SHARED.replace(old_line, new_line)


def test_keys_beside_a_merge_are_edited_in_place() -> None:
    post = Post.parse(SHARED)
    post.meta["author"]["role"] = "editor"
    post.meta["draft"] = True
    after = post.dumps()
    assert after == SHARED.replace("role: writer", "role: editor").replace(
        "repeated: *title\n", "repeated: *title\ndraft: true\n"
    )


def test_a_merged_key_set_on_its_own_overrides_only_that_mapping() -> None:
    post = Post.parse(SHARED)
    post.meta["author"]["name"] = "Bob"
    assert post.dumps() == SHARED.replace("  role: writer\n", "  role: writer\n  name: Bob\n")
    assert post.meta["defaults"]["name"] == "Alice"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("title",), "A new title"),  # *title repeats it
        (("defaults", "name"), "Bob"),  # merged into author
        (("title",), ["a", "list"]),
    ],
)
def test_an_edit_that_would_change_other_keys_is_refused(
    path: tuple[str, ...], value: object
) -> None:
    post = Post.parse(SHARED)
    with pytest.raises(GalleyError) as caught:
        post._set(path, value)
    assert "without changing other keys" in caught.value.summary
    assert "YAML tab" in caught.value.detail
    assert post.dumps() == SHARED


def test_deleting_a_merged_key_is_refused() -> None:
    post = Post.parse(SHARED)
    with pytest.raises(GalleyError):
        del post.meta["author"]["name"]
    assert post.dumps() == SHARED
