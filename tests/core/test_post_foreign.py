"""TOML (``+++``) and JSON front matter: read and shown, kept byte for byte, never given a second
(YAML) block in front of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from editor.core.errors import GalleyError
from editor.core.post import Post
from editor.state.document import Document

ZOLA = (
    '+++\r\ntitle = "This Week in Rust 665"\r\ndate = 2026-08-21\r\n\r\n'
    '[taxonomies]\r\ntags = ["newsletter"]\r\n+++\r\n\r\nHello, Rustaceans!\r\n'
)
HUGO_JSON = '{\n  "title": "DevOps\'ish 323",\n  "tags": ["devops"]\n}\n\nThe issue.\n'


@pytest.mark.parametrize(
    ("text", "kind", "title", "body"),
    [
        (ZOLA, "toml", "This Week in Rust 665", "\r\nHello, Rustaceans!\r\n"),
        (HUGO_JSON, "json", "DevOps'ish 323", "\nThe issue.\n"),
        ("\ufeff" + ZOLA, "toml", "This Week in Rust 665", "\r\nHello, Rustaceans!\r\n"),
    ],
)
def test_foreign_front_matter_is_read_and_kept(text: str, kind: str, title: str, body: str) -> None:
    post = Post.parse(text)
    assert post.front_matter_format == kind and post.has_front_matter
    assert post.meta["title"] == title
    assert post.body == body
    assert post.dumps() == text
    assert post.read_only_reason is not None and kind.upper() in post.read_only_reason


def test_toml_dates_are_dates() -> None:
    assert Post.parse(ZOLA).meta["date"] == dt.date(2026, 8, 21)


@pytest.mark.parametrize(
    "text",
    [ZOLA, HUGO_JSON, "+++\ntitle = \n+++\nBody\n", '+++\ntitle = "no closing line"\n'],
)
def test_editing_foreign_front_matter_is_refused_and_changes_nothing(text: str) -> None:
    post = Post.parse(text)
    for edit in (
        lambda: post.meta.__setitem__("title", "New"),
        lambda: post.meta.__delitem__("title"),
        lambda: setattr(post, "front_matter_text", "title: yaml now\n"),
    ):
        with pytest.raises((GalleyError, KeyError)):
            edit()
    assert post.dumps() == text
    assert not post.dumps().startswith("---")


def test_broken_toml_is_kept_and_said_so() -> None:
    post = Post.parse("+++\ntitle = \n+++\nBody\n")
    assert post.meta.to_dict() == {}
    assert post.read_only_reason is not None and "could not be read" in post.read_only_reason
    assert post.body == "Body\n"


def test_a_body_starting_with_a_brace_is_still_a_body() -> None:
    post = Post.parse("{% include note.html %}\nText\n")
    assert post.front_matter_format == "yaml" and not post.has_front_matter
    assert post.read_only_reason is None


def test_a_toml_post_edited_in_the_window_keeps_its_block(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    path.write_bytes(ZOLA.encode())
    doc = Document.open(path)
    assert doc.front_matter_read_only and doc.front_matter_format == "toml"
    assert doc.body == "\nHello, Rustaceans!\n"
    doc.set_body(doc.body + "More news.\n")
    doc.set_front_matter_text("title: would be YAML\n")  # ignored: read-only
    with pytest.raises(GalleyError):
        doc.set_field(("title",), "New")
    doc.save()
    assert path.read_bytes() == (ZOLA + "More news.\r\n").encode()
