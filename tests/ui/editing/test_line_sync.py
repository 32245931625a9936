"""The document follows the editor line by line, and never drifts from what the editor shows."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from editor.core.post import Post
from editor.core.render import DocumentRenderer
from editor.state.document import Document
from editor.ui.editing.line_sync import LineSync, editor_text
from editor.ui.editing.markdown_edit import MarkdownEdit

BODY = "# Weekly 26\n\nIntro with a\u00a0no-break space.\n\n- one\n- two\n\n```js\ncode()\n```\n"


@pytest.fixture
def synced(qtbot):
    edit = MarkdownEdit()
    qtbot.addWidget(edit)
    document = Document(Post.parse("---\ntitle: T\n---\n" + BODY))
    sync = LineSync(edit, edit)
    sync.paused = True
    edit.setPlainText(document.body)
    sync.paused = False
    sync.set_document(document)
    return edit, document


def _random_edit(edit: MarkdownEdit, rng: random.Random) -> None:
    cursor = edit.textCursor()
    size = len(edit.toPlainText())
    kind = rng.choice(["type", "lines", "delete", "undo", "redo", "enter", "backspace", "tail"])
    cursor.setPosition(rng.randint(0, size))
    if kind == "type":
        cursor.insertText(rng.choice(["x", "word ", "é", "😀", "\u00a0", "`code`"]))
    elif kind == "lines":
        cursor.insertText(rng.choice(["\n", "a\nb", "\n\n## H\n\n", "- item\n- item\n"]))
    elif kind == "delete":
        end = min(size, cursor.position() + rng.randint(1, 40))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
    elif kind == "undo":
        edit.undo()
    elif kind == "redo":
        edit.redo()
    elif kind == "tail":
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(rng.choice(["\n", "end", "\nlast line"]))
    else:
        edit.setTextCursor(cursor)
        key = Qt.Key.Key_Return if kind == "enter" else Qt.Key.Key_Backspace
        QTest.keyClick(edit, key)
        return
    edit.setTextCursor(cursor)


def test_random_edits_keep_the_document_equal_to_the_editor(synced) -> None:
    edit, document = synced
    rng = random.Random(26)
    for step in range(600):
        _random_edit(edit, rng)
        assert document.body == editor_text(edit), f"drifted at step {step}"


def test_no_break_spaces_survive_an_edit(synced) -> None:
    """toPlainText() turns them into spaces; the line sync keeps the file's characters."""
    edit, document = synced
    cursor = edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("More.")
    assert "a\u00a0no-break" in document.body
    assert "a\u00a0no-break" in document.full_text()


def test_shift_enter_inside_a_line_is_a_new_line_of_the_file(synced) -> None:
    edit, document = synced
    cursor = edit.textCursor()
    cursor.setPosition(3)
    edit.setTextCursor(cursor)
    QTest.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(edit, "more")
    assert document.body == editor_text(edit)
    assert "\u2028" not in document.body


def test_incremental_render_from_synced_lines_equals_a_full_render(synced) -> None:
    edit, document = synced
    document.renders.render_full()
    rng = random.Random(8)
    for _ in range(150):
        _random_edit(edit, rng)
        document.renders.render_update()
    fresh = DocumentRenderer(document.folder, document.body_start_line).render(document.body)
    assert [b.html for b in document.renders.render_full().blocks] == [b.html for b in fresh.blocks]


def test_typing_makes_the_post_modified_and_saveable(synced, tmp_path) -> None:
    edit, document = synced
    QTest.keyClicks(edit, "Hello ")
    assert document.is_modified
    target = tmp_path / "index.md"
    document.save(target)
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: T\n---\nHello # Weekly 26")
