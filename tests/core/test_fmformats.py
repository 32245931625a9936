"""YAML that Jekyll accepts opens: duplicate keys (the last wins), YAML 1.1 flags, space-separated
date-times; and each is edited without rewriting what the author wrote."""

from __future__ import annotations

import datetime as dt

import pytest

from editor.core import dates
from editor.core.post import Post

DUPLICATED = "---\ntitle: First\ntags: [a]\ntitle: Second  # the one Jekyll shows\n---\nBody\n"


def test_a_key_written_twice_reads_as_its_last_value_and_is_named() -> None:
    post = Post.parse(DUPLICATED)
    assert post.meta["title"] == "Second"
    assert post.duplicate_keys == ("title",)
    assert post.dumps() == DUPLICATED
    assert Post.parse("---\ntitle: x\n---\n").duplicate_keys == ()


def test_editing_a_duplicated_key_rewrites_the_one_that_is_read() -> None:
    post = Post.parse(DUPLICATED)
    post.meta["title"] = "Third"
    assert post.dumps() == DUPLICATED.replace("Second", "Third")
    assert post.meta["title"] == "Third"


def test_deleting_a_duplicated_key_removes_every_copy() -> None:
    post = Post.parse(DUPLICATED)
    del post.meta["title"]
    assert post.dumps() == "---\ntags: [a]\n---\nBody\n"


def test_nested_duplicates_are_named_too() -> None:
    post = Post.parse("---\nauthor:\n  name: A\n  name: B\n---\n")
    assert post.meta["author"]["name"] == "B" and post.duplicate_keys == ("name",)


@pytest.mark.parametrize(
    ("word", "value", "flipped"),
    [("yes", True, "no"), ("No", False, "Yes"), ("on", True, "off"), ("OFF", False, "ON")],
)
def test_yaml_1_1_flags_read_as_booleans_and_keep_their_words(
    word: str, value: bool, flipped: str
) -> None:
    text = f"---\ntitle: Yes\ndraft: {word}  # not yet\n---\nBody\n"
    post = Post.parse(text)
    assert post.meta["draft"] is value
    assert post.meta["title"] == "Yes"  # not a flag: text, as on every site
    post.meta["draft"] = value
    assert post.dumps() == text  # the same value: nothing rewritten
    post.meta["draft"] = not value
    assert post.dumps() == text.replace(f"draft: {word}", f"draft: {flipped}")
    assert post.meta["draft"] is (not value)


def test_quoted_yes_is_text() -> None:
    assert Post.parse("---\ndraft: 'yes'\n---\n").meta["draft"] == "yes"


def test_a_space_separated_date_time_with_a_zone_opens_and_keeps_its_shape() -> None:
    text = "---\ndate: 2024-01-01 10:00:00 +0100\n---\n"
    post = Post.parse(text)
    value = post.meta["date"]
    parsed = dates.parse(value)
    assert parsed == dt.datetime(2024, 1, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    post.meta["date"] = dates.format_like(value, dt.datetime(2024, 2, 3, 4, 5))
    assert post.dumps() == "---\ndate: 2024-02-03 04:05:00 +0100\n---\n"


def test_a_docusaurus_month_first_date_keeps_its_shape() -> None:
    post = Post.parse("---\ndate: 08-19-2026\n---\n")
    assert dates.parse(post.meta["date"]) == dt.datetime(2026, 8, 19)
    post.meta["date"] = dates.format_like(post.meta["date"], dt.datetime(2026, 8, 26))
    assert post.dumps() == "---\ndate: 08-26-2026\n---\n"
