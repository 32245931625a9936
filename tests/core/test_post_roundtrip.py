"""Opening and saving a post without edits never changes a byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.post import Post
from tests.helpers.post_cases import CASES


@pytest.mark.parametrize("name", sorted(CASES))
def test_load_dumps_is_the_file_text(tmp_path: Path, name: str) -> None:
    raw = CASES[name]
    path = tmp_path / "index.md"
    path.write_bytes(raw)
    post = Post.load(path)
    assert post.dumps() == raw.decode("utf-8")
    assert not post.modified


@pytest.mark.parametrize("name", sorted(CASES))
def test_save_without_edits_writes_identical_bytes(tmp_path: Path, name: str) -> None:
    path = tmp_path / "index.md"
    path.write_bytes(CASES[name])
    Post.load(path).save()
    assert path.read_bytes() == CASES[name]


def test_parts_of_a_post() -> None:
    post = Post.parse(CASES["corpus-like"].decode())
    assert post.has_front_matter
    assert post.meta["title"] == "Backstage Weekly 26 - Spotify's product story"
    assert post.body.startswith("\nSpotify published")
    assert post.body_start_line == 10
    assert post.front_matter_text.startswith("title: Backstage")


def test_bom_is_kept_but_not_part_of_the_meta_or_body() -> None:
    post = Post.parse(CASES["bom"].decode("utf-8"))
    assert post.has_bom
    assert post.meta["title"].startswith("Backstage")
    assert post.dumps().startswith("\ufeff---")


def test_dashes_inside_the_body_stay_in_the_body() -> None:
    post = Post.parse(CASES["dashes-in-body"].decode())
    assert post.meta.to_dict() == {"title": "x"}
    assert post.body == "Intro\n\n---\n\nMore\n---\nEnd\n"


def test_no_front_matter_means_empty_meta() -> None:
    post = Post.parse(CASES["no-front-matter"].decode())
    assert not post.has_front_matter
    assert dict(post.meta) == {}
    assert post.body == CASES["no-front-matter"].decode()


def test_values_read_back_as_the_yaml_says() -> None:
    post = Post.parse(CASES["rich"].decode())
    assert post.meta["date"].year == 2021  # unquoted: a YAML timestamp
    quoted = Post.parse(CASES["corpus-like"].decode())
    assert quoted.meta["date"] == "2021-05-17T21:00:00.0Z"  # quoted: stays a string
    assert post.meta["draft"] is False
    assert post.meta["weight"] == 10
    assert post.meta["description"] == "A block scalar that keeps\nits line breaks.  \n"
    assert post.meta["summary"] == "Folded text that reads as one line."
    assert post.meta["tags"] == ["newsletter", "backstage"]
    assert post.meta["author"]["links"][1]["site"] == "mastodon"
    assert post.meta["empty"] is None
    assert quoted.meta["description"] is None
