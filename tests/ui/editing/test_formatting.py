"""Format ▸ Block Quote, the lists, Code Block, Horizontal Rule and tables, as a writer uses
them: by their keys and menu entries, on a line or a selection of several, one undo step each.

Texts use ``|`` for the cursor and ``⟨...⟩`` for a selection, as in test_markdown_edit.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QSpinBox

from editor.ui import messages
from editor.ui.actions import formatting_actions
from editor.ui.editing.markdown_edit import MarkdownEdit
from tests.ui.editing.test_markdown_edit import put, seen

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def edit(qtbot) -> MarkdownEdit:
    widget = MarkdownEdit()
    widget.format_actions = formatting_actions(widget)  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(640, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def action(edit: MarkdownEdit, name: str) -> QAction:
    return next(a for a in edit.actions() if a.objectName() == name)


def put_at(edit: MarkdownEdit, text: str, before: str) -> None:
    """Set a text with pipes in it and put the cursor just before ``before``."""
    edit.setPlainText(text)
    cursor = edit.textCursor()
    cursor.setPosition(text.index(before))
    edit.setTextCursor(cursor)


def down(edit: MarkdownEdit, qtbot, times: int = 1) -> None:
    for _ in range(times):
        QTest.keyClick(edit, Qt.Key.Key_Down)
    qtbot.wait(5)  # the table helper aligns once the key is handled


# -- lines and blocks


@pytest.mark.parametrize(
    ("before", "key", "after"),
    [
        ("⟨One\n\nTwo⟩", Qt.Key.Key_Q, "⟨> One\n>\n> Two⟩"),
        ("⟨> One\n>\n> Two⟩", Qt.Key.Key_Q, "⟨One\n\nTwo⟩"),
        ("Milk|", Qt.Key.Key_8, "- Milk|"),
        ("⟨Milk\nEggs⟩", Qt.Key.Key_8, "⟨- Milk\n- Eggs⟩"),
        ("⟨- Milk\n- Eggs⟩", Qt.Key.Key_8, "⟨Milk\nEggs⟩"),
        ("⟨Milk\nEggs⟩", Qt.Key.Key_9, "⟨- [ ] Milk\n- [ ] Eggs⟩"),
        ("⟨- Milk\n- Eggs⟩", Qt.Key.Key_7, "⟨1. Milk\n2. Eggs⟩"),
        ("⟨1. Milk\n2. Eggs⟩", Qt.Key.Key_7, "⟨Milk\nEggs⟩"),
        ("say ⟨no⟩", Qt.Key.Key_X, "say ~~⟨no⟩~~"),
        ("say ~~⟨no⟩~~", Qt.Key.Key_X, "say ⟨no⟩"),
        ("Mi|lk", Qt.Key.Key_Q, "> Mi|lk"),  # the cursor stays on its letter
    ],
)
def test_line_formatting_keys_toggle(edit, before, key, after) -> None:
    put(edit, before)
    QTest.keyClick(edit, key, CTRL | SHIFT)
    assert seen(edit) == after


@pytest.mark.parametrize(
    "name",
    ["format_quote", "format_bullets", "format_numbers", "format_tasks", "format_code_block"],
)
def test_each_block_action_is_one_undo_step(edit, name) -> None:
    put(edit, "⟨One\nTwo\nThree⟩\n\n4. after")
    original = edit.toPlainText()
    action(edit, name).trigger()
    assert edit.toPlainText() != original
    edit.undo()
    assert edit.toPlainText() == original
    assert not edit.document().isUndoAvailable()


def test_a_numbered_list_continues_and_renumbers_the_rest(edit) -> None:
    put(edit, "1. Tea\n⟨Milk\nEggs⟩\n2. Bread\n3. Jam")
    QTest.keyClick(edit, Qt.Key.Key_7, CTRL | SHIFT)
    assert edit.toPlainText() == "1. Tea\n2. Milk\n3. Eggs\n4. Bread\n5. Jam"
    edit.undo()
    assert edit.toPlainText() == "1. Tea\nMilk\nEggs\n2. Bread\n3. Jam"


def test_code_block_wraps_a_selection_and_unwraps_from_inside(edit) -> None:
    put(edit, "Run:\n⟨make\nmake test⟩\nDone.")
    QTest.keyClick(edit, Qt.Key.Key_K, CTRL | SHIFT)
    assert edit.toPlainText() == "Run:\n```\nmake\nmake test\n```\nDone."
    cursor = edit.textCursor()
    cursor.setPosition(edit.toPlainText().index("test"))
    edit.setTextCursor(cursor)  # inside the fence, no selection
    QTest.keyClick(edit, Qt.Key.Key_K, CTRL | SHIFT)
    assert edit.toPlainText() == "Run:\nmake\nmake test\nDone."


def test_code_block_on_an_empty_line_puts_the_cursor_inside(edit) -> None:
    put(edit, "Text\n|")
    QTest.keyClick(edit, Qt.Key.Key_K, CTRL | SHIFT)
    QTest.keyClicks(edit, "ls")
    assert seen(edit) == "Text\n```\nls|\n```"


def test_horizontal_rule_goes_in_its_own_paragraph(edit) -> None:
    put(edit, "First part|\nSecond part")
    action(edit, "format_rule").trigger()
    assert seen(edit) == "First part\n\n---\n|\nSecond part"
    edit.undo()
    assert edit.toPlainText() == "First part\nSecond part"


# -- tables


def test_insert_table_asks_rows_and_columns_and_selects_the_first_header(edit, monkeypatch) -> None:
    asked = []
    monkeypatch.setattr(
        messages, "ask_table_size", lambda parent, *a: asked.append(parent) or (2, 2)
    )
    put(edit, "Intro|")
    QTest.keyClick(edit, Qt.Key.Key_T, CTRL | ALT)
    assert asked
    assert seen(edit) == (
        "Intro\n\n| ⟨Column 1⟩ | Column 2 |\n| -------- | -------- |\n"
        "|          |          |\n|          |          |\n"
    )
    QTest.keyClicks(edit, "Name")
    edit.undo()
    edit.undo()
    assert edit.toPlainText() == "Intro"


def test_tab_walks_a_tables_cells_and_adds_a_row_after_the_last(edit, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_table_size", lambda parent, *a: (1, 2))
    put(edit, "Intro|")
    QTest.keyClick(edit, Qt.Key.Key_T, CTRL | ALT)
    QTest.keyClicks(edit, "Name")
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    assert "⟨Column 2⟩" in seen(edit)  # the next header cell, selected to be typed over
    QTest.keyClicks(edit, "Role")
    QTest.keyClick(edit, Qt.Key.Key_Tab)  # past the delimiter row, into the first row
    QTest.keyClicks(edit, "Ann")
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    QTest.keyClicks(edit, "maintainer")
    QTest.keyClick(edit, Qt.Key.Key_Tab)  # the last cell: a new row
    QTest.keyClicks(edit, "Bob")
    QTest.keyClick(edit, Qt.Key.Key_Backtab)  # back to the cell before
    assert "⟨maintainer⟩" in seen(edit)
    QTest.keyClick(edit, Qt.Key.Key_Home, CTRL)  # out of the table: it is aligned
    qtbot.wait(5)
    assert edit.toPlainText() == (
        "Intro\n\n| Name | Role       |\n| ---- | ---------- |\n| Ann  | maintainer |\n"
        "| Bob  |            |\n"
    )


def test_tab_outside_a_table_still_indents(edit) -> None:
    edit.setPlainText("a | b")  # a pipe, but no table
    QTest.keyClick(edit, Qt.Key.Key_End, CTRL)
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.toPlainText() == "a | b   "


def test_cancelled_insert_table_changes_nothing(edit, monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_table_size", lambda parent, *a: None)
    put(edit, "Intro|")
    action(edit, "format_table").trigger()
    assert edit.toPlainText() == "Intro"


def test_the_table_size_dialog(qtbot) -> None:
    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog))
        assert dialog.objectName() == "table-size-dialog" and dialog.isVisible()
        dialog.findChild(QSpinBox, "rows").setValue(4)
        dialog.findChild(QSpinBox, "columns").setValue(5)
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(50, answer)
    assert messages.ask_table_size(None) == (4, 5)


ROUGH = "Intro\n\nName|Role\n--|--\nAnn|maintainer\n\nAfter"
ALIGNED = "Intro\n\n| Name | Role       |\n| ---- | ---------- |\n| Ann  | maintainer |\n\nAfter"


def test_a_table_is_aligned_when_the_cursor_leaves_it(edit, qtbot) -> None:
    put_at(edit, ROUGH.replace("maintainer", "maintaine"), "\n\nAfter")
    QTest.keyClicks(edit, "r")  # the writer finishes the row
    QTest.keyClick(edit, Qt.Key.Key_Up)
    qtbot.wait(5)
    assert edit.toPlainText() == ROUGH  # within the table: nothing moves
    down(edit, qtbot, 2)  # onto the blank line below it
    assert edit.toPlainText() == ALIGNED
    assert edit.textCursor().block().text() == ""  # the cursor stays where it went
    edit.undo()  # one undo step
    assert edit.toPlainText() == ROUGH


def test_an_aligned_table_is_left_alone(edit, qtbot) -> None:
    put_at(edit, ALIGNED, "nn ")
    QTest.keyClicks(edit, "x")
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    steps = edit.document().availableUndoSteps()
    down(edit, qtbot, 2)
    assert edit.toPlainText() == ALIGNED
    assert edit.document().availableUndoSteps() == steps  # no edit was made


def test_moving_through_a_post_never_changes_it(edit, qtbot) -> None:
    put_at(edit, ROUGH, "nn|")
    down(edit, qtbot, 3)
    assert edit.toPlainText() == ROUGH and not edit.document().isModified()


def test_typing_in_a_table_then_leaving_it_aligns_it(edit, qtbot) -> None:
    put_at(edit, ALIGNED, "  | maint")
    QTest.keyClicks(edit, " Smith")
    QTest.keyClick(edit, Qt.Key.Key_Up)
    qtbot.wait(5)
    assert "| Ann Smith | maintainer |" not in edit.toPlainText()  # still in the table
    QTest.keyClick(edit, Qt.Key.Key_Home, CTRL)  # to the top, out of it
    qtbot.wait(5)
    assert "| Ann Smith | maintainer |" in edit.toPlainText()
    assert "| Name      | Role       |" in edit.toPlainText()


def test_opening_other_text_never_aligns_a_table(edit, qtbot) -> None:
    put_at(edit, ROUGH, "nn|")
    QTest.keyClicks(edit, "e")
    edit.setPlainText("Other\n" + ROUGH)  # the window replaces the text as a whole
    qtbot.wait(5)
    down(edit, qtbot, 4)
    assert edit.toPlainText() == "Other\n" + ROUGH


def test_a_table_in_a_code_block_is_not_aligned(edit, qtbot) -> None:
    text = "```\na|b\n-|-\nc|d\n```\n"
    put_at(edit, text, "|d")
    QTest.keyClicks(edit, "c")
    down(edit, qtbot, 2)
    assert edit.toPlainText() == text.replace("c|d", "cc|d")


def test_align_table_action(edit) -> None:
    put_at(edit, ROUGH, "nn|")
    action(edit, "format_align_table").trigger()
    assert edit.toPlainText() == ALIGNED


def test_the_table_helper_ignores_lines_without_pipes(edit, qtbot) -> None:
    """Typing and moving between ordinary lines never starts the table helper."""
    put(edit, "one|\ntwo\nthree")
    QTest.keyClicks(edit, " more")
    QTest.keyClick(edit, Qt.Key.Key_Down)
    assert not edit.formatting._align_timer.isActive()
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert not edit.formatting._align_timer.isActive()


# -- the window's Format menu


def test_format_menu_lists_the_writers_actions(qtbot, settings) -> None:
    from editor.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Format"
    )
    texts = [a.text().replace("&", "") if not a.isSeparator() else "—" for a in menu.actions()]
    assert texts == [
        "Bold", "Italic", "Strikethrough", "Inline Code", "Link…", "Heading", "—",
        "Block Quote", "Bulleted List", "Numbered List", "Task List", "Code Block",
        "Horizontal Rule", "—", "Insert Table…", "Align Table",
    ]  # fmt: skip
    headings = next(a.menu() for a in menu.actions() if isinstance(a.menu(), QMenu))
    assert [a.text().replace("&", "") for a in headings.actions()][-1] == "Plain Text"
