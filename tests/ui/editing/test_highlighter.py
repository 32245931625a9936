"""Markdown highlighting: what colour category each construct gets, and that it follows edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from editor.ui.editing.highlighter import MarkdownHighlighter
from editor.ui.editing.markdown_edit import MarkdownEdit

CORPUS_POST = Path(
    "/work/shared/corpus/roadie-blog/content/blog/backstage-weekly-26-spotify-product-story/index.md"
)


@pytest.fixture
def document(qtbot):
    """A document in a plain text edit (the layout Qt highlights through), with our highlighter."""
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    yield edit.document(), MarkdownHighlighter(edit.document())


def categories(highlighter: MarkdownHighlighter, document: QTextDocument, line: int) -> list:
    text = document.findBlockByNumber(line).text()
    return [highlighter.format_at(line, column) for column in range(len(text))]


def at(text: str, line: int, needle: str, offset: int = 0) -> tuple[int, int]:
    """The (line, column) of ``needle`` in ``text``'s given line."""
    return line, text.splitlines()[line].index(needle) + offset


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("# Title", "Title", "heading"),
        ("###### Six", "#", "heading"),
        ("####### seven is not a heading", "seven", None),
        ("Some **strong** text", "strong", "strong"),
        ("Some __strong__ text", "strong", "strong"),
        ("Some *soft* text", "soft", "emphasis"),
        ("Some _soft_ text", "soft", "emphasis"),
        ("snake_case_name stays plain", "case", None),
        ("2 * 3 * 4 is not emphasis", "3", None),
        ("Some ~~old~~ text", "old", "strike"),
        ("Run `make *all*` now", "all", "code"),
        ("Run ``a ` b`` now", "`", "code"),
        ("A [link](https://x.org) here", "link", "link"),
        ("A [link](https://x.org) here", "x.org", "url"),
        ("An ![alt text](./x.png) here", "alt", "image"),
        ("An ![alt text](./x.png) here", "x.png", "url"),
        ("A [ref link][ref] here", "ref link", "link"),
        ("A [collapsed][] here", "collapsed", "link"),
        ("[![badge](b.svg)](https://ci)", "https", "url"),
        ("[ref]: https://example.com 'Title'", "ref", "link"),
        ("[ref]: https://example.com 'Title'", "example", "url"),
        ("See <https://auto.link/x> now", "auto", "url"),
        ("Mail <me@example.com> now", "example", "url"),
        ("See https://bare.url/path. Done", "bare", "url"),
        ("See https://bare.url/path. Done", "Done", None),
        ("Under https://x.org/a_b_c_ scores", "a_b", "url"),
        ('<iframe src="https://open.spotify.com/embed" width="100%"></iframe>', "src", "html"),
        ("Text with <br/> break", "br", "html"),
        ("Text <!-- hidden --> shown", "hidden", "comment"),
        ("Text <!-- hidden --> shown", "shown", None),
        ("> A quote", "quote", "quote"),
        ("> A **bold** quote", "bold", "strong"),
        ("> ## Quoted heading", "Quoted", "heading"),
        ("- item", "-", "list"),
        ("* item", "*", "list"),
        ("+ item", "+", "list"),
        ("12. item", "12.", "list"),
        ("3) item", ")", "list"),
        ("- item", "item", None),
        ("- [ ] todo", "[ ]", "task"),
        ("- [x] done", "x", "task"),
        ("* * *", "*", "hr"),
        ("___", "_", "hr"),
        ("```python", "python", "fence"),
        ("\\*not emphasis\\*", "not", None),
    ],
)
def test_inline_and_line_categories(document, text, needle, expected) -> None:
    doc, highlighter = document
    doc.setPlainText(text)
    assert highlighter.format_at(*at(text, 0, needle)) == expected


def test_strong_and_emphasis_combine(document) -> None:
    doc, highlighter = document
    doc.setPlainText("***both*** and **bold *inner* bold**")
    fmt = doc.findBlockByNumber(0).layout().formats()
    both = next(r.format for r in fmt if r.start <= 4 < r.start + r.length)
    assert both.fontWeight() == QFont.Weight.Bold and both.fontItalic()
    inner = doc.toPlainText().index("inner")
    inner_format = next(r.format for r in fmt if r.start <= inner < r.start + r.length)
    assert inner_format.fontWeight() == QFont.Weight.Bold and inner_format.fontItalic()


def test_fenced_code_blocks_span_lines(document) -> None:
    doc, highlighter = document
    text = "Intro\n```js\nconst a = **b**; // [x](y)\n# not a heading\n```\nAfter *this*"
    doc.setPlainText(text)
    assert highlighter.format_at(1, 0) == "fence"
    assert set(categories(highlighter, doc, 2)) == {"code"}
    assert set(categories(highlighter, doc, 3)) == {"code"}
    assert highlighter.format_at(4, 0) == "fence"
    assert highlighter.format_at(*at(text, 5, "this")) == "emphasis"


def test_tilde_fences_close_only_on_a_long_enough_fence(document) -> None:
    doc, highlighter = document
    doc.setPlainText("~~~~\n```\n~~~\nstill code\n~~~~~\nout")
    assert [highlighter.format_at(n, 0) for n in range(6)] == [
        "fence",
        "code",
        "code",
        "code",
        "fence",
        None,
    ]


def test_typing_a_fence_turns_following_lines_into_code_and_back(document) -> None:
    doc, highlighter = document
    doc.setPlainText("before\n\n# Heading\ntext")
    cursor = QTextCursor(doc.findBlockByNumber(1))
    cursor.insertText("```")
    assert highlighter.format_at(2, 2) == "code"
    assert highlighter.format_at(3, 0) == "code"
    cursor.deletePreviousChar()
    assert highlighter.format_at(2, 2) == "heading"
    assert highlighter.format_at(3, 0) is None


def test_setext_headings_follow_their_underline(document) -> None:
    doc, highlighter = document
    doc.setPlainText("A title\n\nA paragraph\n---\nA rule follows\n\n---")
    assert highlighter.format_at(0, 0) is None
    assert highlighter.format_at(2, 0) == "heading"
    assert highlighter.format_at(3, 0) == "heading"
    assert highlighter.format_at(6, 0) == "hr"
    cursor = QTextCursor(doc.findBlockByNumber(1))
    cursor.insertText("=====")  # underline the first line
    assert highlighter.format_at(0, 2) == "heading"
    assert highlighter.format_at(1, 0) == "heading"
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    cursor.removeSelectedText()  # and take the underline away again
    assert doc.findBlockByNumber(0).text() == "A title"
    assert highlighter.format_at(0, 2) is None


def test_setext_heading_keeps_inline_styles(document) -> None:
    doc, highlighter = document
    doc.setPlainText("A *soft* title\n===")
    assert highlighter.format_at(0, 0) == "heading"
    assert highlighter.format_at(0, 4) == "emphasis"


def test_list_item_followed_by_dashes_is_a_rule_not_a_heading(document) -> None:
    doc, highlighter = document
    doc.setPlainText("- item\n---")
    assert highlighter.format_at(0, 2) is None
    assert highlighter.format_at(1, 0) == "hr"


def test_front_matter_at_the_very_top(document) -> None:
    doc, highlighter = document
    doc.setPlainText("---\ntitle: Hello *world*\ntags: ['a']\n---\n# Body")
    assert highlighter.format_at(1, 0) == "front_matter"
    assert highlighter.format_at(1, 10) == "front_matter"  # no emphasis inside YAML
    assert highlighter.format_at(3, 0) == "front_matter"
    assert highlighter.format_at(4, 2) == "heading"


def test_a_rule_at_the_top_of_a_body_is_not_front_matter(document) -> None:
    doc, highlighter = document
    doc.setPlainText("---\n\nA *paragraph* of text\n")
    assert highlighter.format_at(2, 4) == "emphasis"


def test_multi_line_html_comment_and_tag(document) -> None:
    doc, highlighter = document
    doc.setPlainText('<!-- start\nstill *hidden*\nend --> *shown*\n<iframe\n  src="x">\n*after*')
    assert highlighter.format_at(1, 8) == "comment"
    assert highlighter.format_at(2, 0) == "comment"
    assert highlighter.format_at(2, 10) == "emphasis"
    assert highlighter.format_at(4, 3) == "html"
    assert highlighter.format_at(5, 2) == "emphasis"


def test_set_dark_rehighlights_with_other_colours(document) -> None:
    doc, highlighter = document
    doc.setPlainText("# Heading")

    def colour() -> QColor:
        (heading,) = doc.findBlockByNumber(0).layout().formats()
        return QColor(heading.format.foreground().color())

    light = colour()
    highlighter.set_dark(True)
    dark = colour()
    assert dark != light
    assert highlighter.format_at(0, 3) == "heading"


def test_a_corpus_post_highlights(qtbot) -> None:
    edit = MarkdownEdit()
    qtbot.addWidget(edit)
    text = CORPUS_POST.read_text(encoding="utf-8")
    edit.setPlainText(text)
    lines = text.splitlines()
    highlighter = edit.highlighter
    assert highlighter.format_at(1, 0) == "front_matter"
    heading = lines.index("### Developer portals are a super power")
    assert highlighter.format_at(heading, 5) == "heading"
    iframe = next(n for n, line in enumerate(lines) if line.startswith("<iframe"))
    assert highlighter.format_at(iframe, 1) == "html"
    numbered = next(n for n, line in enumerate(lines) if line.startswith("1. "))
    assert highlighter.format_at(numbered, 0) == "list"


def test_a_large_post_loads_and_highlights(qtbot) -> None:
    chunk = (
        "## Section\n\nSome **bold**, *soft* and `code` with a [link](https://x.org/a).\n\n"
        "- item one\n- [ ] task two\n\n> A quote\n\n```python\ndef f(x):\n    return x * 2\n```\n\n"
        '<iframe src="https://example.com/embed" width="100%"></iframe>\n\n---\n\n'
    )
    text = chunk * (400_000 // len(chunk) + 1)
    assert len(text) >= 400_000
    edit = MarkdownEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(text)
    last = edit.blockCount() - 1
    section = text.count("\n") - chunk.count("\n")  # the last chunk's first line
    assert edit.highlighter.format_at(section, 3) == "heading"
    assert edit.highlighter.format_at(section + 9, 0) == "fence"
    assert edit.highlighter.format_at(section + 11, 4) == "code"
    assert last > 10_000
    # An edit near the top re-highlights locally and the end still looks right.
    cursor = QTextCursor(edit.document().findBlockByNumber(2))
    cursor.insertText("More *words* ")
    assert edit.highlighter.format_at(2, 7) == "emphasis"
    assert edit.highlighter.format_at(section + 11, 4) == "code"
