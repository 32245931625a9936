"""TOML (``+++``) and JSON (``{ … }``) front matter: read, edited in place in their own syntax,
kept byte for byte, and never given a second (YAML) block in front of them."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from editor.core.errors import FrontMatterError, GalleyError
from editor.core.post import Post
from editor.state.document import Document

ZOLA = (
    '+++\r\ntitle = "This Week in Rust 665"\r\ndate = 2026-08-21\r\n\r\n'
    '[taxonomies]\r\ntags = ["newsletter"]\r\n+++\r\n\r\nHello, Rustaceans!\r\n'
)
HUGO_JSON = '{\n  "title": "DevOps\'ish 323",\n  "tags": ["devops"]\n}\n\nThe issue.\n'


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


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
    assert not post.modified


def test_toml_dates_are_dates_and_tables_are_maps() -> None:
    post = Post.parse(ZOLA)
    assert post.meta["date"] == dt.date(2026, 8, 21)
    assert post.meta["taxonomies"]["tags"] == ["newsletter"]


def test_a_toml_title_edit_changes_only_the_title_line() -> None:
    post = Post.parse(ZOLA)
    post.meta["title"] = "This Week in Rust 666"
    assert changed_lines(ZOLA, post.dumps()) == (
        ['title = "This Week in Rust 665"\r\n'],
        ['title = "This Week in Rust 666"\r\n'],
    )
    assert Post.parse(post.dumps()).meta["title"] == "This Week in Rust 666"


def test_a_toml_date_stays_a_toml_date() -> None:
    post = Post.parse(ZOLA)
    post.meta["date"] = dt.date(2026, 8, 28)
    assert "date = 2026-08-28\r\n" in post.dumps()
    assert Post.parse(post.dumps()).meta["date"] == dt.date(2026, 8, 28)


def test_toml_nested_tables_new_keys_and_deletes() -> None:
    post = Post.parse(ZOLA)
    post.meta["taxonomies"]["tags"].append("rust")
    post.meta["draft"] = True
    post.meta["extra"] = {"team": "Community"}
    after = post.dumps()
    assert 'tags = ["newsletter", "rust"]\r\n' in after
    assert "date = 2026-08-21\r\ndraft = true\r\n\r\n[taxonomies]" in after  # before the tables
    assert after.endswith('\r\n[extra]\r\nteam = "Community"\r\n+++\r\n\r\nHello, Rustaceans!\r\n')
    del post.meta["draft"]
    del post.meta["extra"]
    assert "draft" not in post.dumps() and "[extra]" not in post.dumps()
    assert post.dumps().startswith(ZOLA.replace('["newsletter"]', '["newsletter", "rust"]')[:90])


def test_toml_comments_and_literal_strings_are_kept() -> None:
    text = "+++\ntitle = 'Plain'  # the title\n# a note\nweight = 3\n+++\nBody\n"
    post = Post.parse(text)
    post.meta["title"] = "New"
    assert post.dumps() == text.replace("'Plain'", "'New'")
    post.meta["title"] = "It's"  # a literal string cannot hold a quote
    assert 'title = "It\'s"  # the title\n# a note\n' in post.dumps()


def test_a_json_edit_rewrites_only_the_value() -> None:
    post = Post.parse(HUGO_JSON)
    post.meta["title"] = "DevOps'ish 324"
    assert changed_lines(HUGO_JSON, post.dumps()) == (
        ['  "title": "DevOps\'ish 323",\n'],
        ['  "title": "DevOps\'ish 324",\n'],
    )
    post.meta["tags"].append("k8s")
    post.meta["draft"] = False
    assert post.dumps() == (
        '{\n  "title": "DevOps\'ish 324",\n  "tags": ["devops", "k8s"],\n  "draft": false\n}\n'
        "\nThe issue.\n"
    )
    del post.meta["tags"]
    assert post.dumps().startswith('{\n  "title": "DevOps\'ish 324",\n  "draft": false\n}\n')


def test_a_json_date_is_written_as_the_string_hugo_reads() -> None:
    post = Post.parse('{\n    "date": "2024-01-01"\n}\nBody\n')
    post.meta["date"] = dt.date(2024, 2, 3)
    assert post.dumps() == '{\n    "date": "2024-02-03"\n}\nBody\n'


def test_a_json_object_whose_brace_closes_at_the_line_start_inside_is_read_whole() -> None:
    text = '{\n"params": {\n"a": 1\n}\n}\nBody\n'
    post = Post.parse(text)
    assert post.meta["params"] == {"a": 1} and post.body == "Body\n"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("+++\ntitle = \n+++\nBody\n", 2, 9),
        ('{\n  "title": "x",\n}\nBody\n', 3, 1),
    ],
)
def test_broken_toml_and_json_report_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(FrontMatterError) as caught:
        Post.parse(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert f"line {line}, column {column}" in caught.value.summary
    assert caught.value.text == text


def test_a_missing_closing_line_is_reported() -> None:
    with pytest.raises(FrontMatterError) as caught:
        Post.parse('+++\ntitle = "no closing line"\n')
    assert "'+++'" in caught.value.summary


def test_raw_toml_that_does_not_parse_changes_nothing() -> None:
    post = Post.parse(ZOLA)
    with pytest.raises(FrontMatterError) as caught:
        post.front_matter_text = 'title = "x"\ntitle = "again"\n'
    assert caught.value.line == 3  # the second title, after the opening '+++'
    with pytest.raises(FrontMatterError):
        post.front_matter_text = "title: yaml now\n"
    with pytest.raises(FrontMatterError):
        post.front_matter_text = 'title = "x"\n+++\nmore = 1\n'  # would end the block early
    assert post.dumps() == ZOLA
    post.front_matter_text = 'title = "Raw"\n'
    assert post.dumps() == '+++\r\ntitle = "Raw"\n+++\r\n\r\nHello, Rustaceans!\r\n'


def test_a_value_toml_cannot_hold_is_refused_without_a_change() -> None:
    post = Post.parse(ZOLA)
    with pytest.raises((GalleyError, TypeError)):
        post.meta["tags"] = ["a", None]
    post.meta["title"] = None  # TOML has no null: the key goes
    assert "title" not in post.meta


def test_a_body_starting_with_a_brace_is_still_a_body() -> None:
    post = Post.parse("{% include note.html %}\nText\n")
    assert post.front_matter_format == "yaml" and not post.has_front_matter


def test_a_toml_post_edited_in_the_window_keeps_its_block(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    path.write_bytes(ZOLA.encode())
    doc = Document.open(path)
    assert doc.front_matter_format == "toml"
    assert doc.front_matter_first_line == 2
    assert doc.body == "\nHello, Rustaceans!\n"
    doc.set_body(doc.body + "More news.\n")
    doc.set_field(("title",), "New")
    doc.save()
    assert (
        path.read_bytes()
        == (
            ZOLA.replace("Rust 665", "").replace('"This Week in "', '"New"') + "More news.\r\n"
        ).encode()
    )


def test_broken_toml_opens_in_safe_mode_and_is_fixed_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    raw = "+++\ntitle = \n+++\nBody\n"
    path.write_text(raw)
    doc = Document.open(path)
    assert doc.error is not None and doc.error.line == 2
    assert doc.front_matter_format == "toml" and doc.front_matter_text == "title = \n"
    with pytest.raises(GalleyError):
        doc.save()
    doc.set_front_matter_text('title = "Fixed"\n')
    assert doc.error is None and doc.post.meta["title"] == "Fixed"
    doc.save()
    assert path.read_text() == '+++\ntitle = "Fixed"\n+++\nBody\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: a\n# c\ndate: 2021-01-01\n---\n", {"title": 2, "date": 4}),
        (ZOLA, {"title": 2, "date": 3, "taxonomies": 5}),
        (HUGO_JSON, {"title": 2, "tags": 3}),
        ("Title: x\nTags: a\n    b\n\nBody\n", {"title": 1, "tags": 2}),
        ("No front matter\n", {}),
    ],
)
def test_each_keys_file_line_in_every_format(text: str, expected: dict[str, int]) -> None:
    assert Post.parse(text).key_lines() == expected


def test_an_mdx_expression_at_the_top_is_body_not_json() -> None:
    text = "{\n  /* a comment MDX allows */\n}\n\nText\n"
    post = Post.parse(text)
    assert not post.has_front_matter and post.body == text
