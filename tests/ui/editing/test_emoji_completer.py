"""``:emoji:`` shortcodes completed as they are typed: the list opens after a colon and two
letters, narrows as typing goes on, and Enter, Tab or a click puts the shortcode in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from editor.ui.editing.emoji_completer import EmojiCompleter
from editor.ui.editing.markdown_edit import MarkdownEdit


@pytest.fixture
def edit(qtbot) -> MarkdownEdit:
    widget = MarkdownEdit()
    completer = EmojiCompleter(widget, widget)
    completer.insert_emoji = False  # as for a site that renders :shortcodes:
    widget.completer = completer  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(640, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def completer(edit: MarkdownEdit) -> EmojiCompleter:
    return edit.completer  # type: ignore[attr-defined,no-any-return]


def offered(edit: MarkdownEdit) -> list[str]:
    popup = completer(edit).popup
    return [popup.item(row).text() for row in range(popup.count())] if popup.isVisible() else []


def test_the_list_opens_after_a_colon_and_two_letters(edit) -> None:
    QTest.keyClicks(edit, "Ship it :t")
    assert not completer(edit).shown
    QTest.keyClicks(edit, "a")
    assert completer(edit).shown
    assert "🎉  :tada:" in offered(edit)
    QTest.keyClicks(edit, "d")
    assert offered(edit)[0] == "🎉  :tada:"  # narrowed as typing goes on


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_enter_or_tab_puts_the_shortcode_in(edit, key) -> None:
    QTest.keyClicks(edit, "Ship it :tad")
    QTest.keyClick(edit, key)
    assert edit.toPlainText() == "Ship it :tada:"
    assert not completer(edit).shown
    edit.undo()  # one step takes it back to what was typed
    assert edit.toPlainText() == "Ship it :tad"


def test_for_a_site_that_prints_shortcodes_the_emoji_itself_goes_in(edit) -> None:
    completer(edit).insert_emoji = True
    QTest.keyClicks(edit, "Ship it :tad")
    assert "🎉  :tada:" in offered(edit)  # the list still speaks in shortcodes
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert edit.toPlainText() == "Ship it 🎉"


def test_down_chooses_and_escape_closes(edit) -> None:
    QTest.keyClicks(edit, ":smi")
    second = offered(edit)[1].split()[-1]
    QTest.keyClick(edit, Qt.Key.Key_Down)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert edit.toPlainText() == second
    QTest.keyClicks(edit, " :smi")
    QTest.keyClick(edit, Qt.Key.Key_Escape)
    assert not completer(edit).shown
    QTest.keyClick(edit, Qt.Key.Key_Return)  # Enter is the editor's again
    assert edit.toPlainText() == f"{second} :smi\n"


def test_a_click_puts_the_shortcode_in(edit) -> None:
    QTest.keyClicks(edit, "Yes :+1")
    popup = completer(edit).popup
    item = popup.item(0)
    QTest.mouseClick(
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualItemRect(item).center()
    )
    assert edit.toPlainText() == f"Yes {item.text().split()[-1]}"


@pytest.mark.parametrize(
    "text",
    ["at 10:30", "see http://x:80", "`code :sm", "Note:ab", ":zzqx"],
)
def test_no_list_where_no_shortcode_is_being_typed(edit, text) -> None:
    QTest.keyClicks(edit, text)
    assert not completer(edit).shown


def test_no_list_in_a_code_block(edit) -> None:
    edit.setPlainText("```\n")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    QTest.keyClicks(edit, ":smi")
    assert not completer(edit).shown


def test_the_list_closes_when_the_cursor_moves_away(edit) -> None:
    QTest.keyClicks(edit, "x :smi")
    QTest.keyClick(edit, Qt.Key.Key_Left)
    assert not completer(edit).shown


# -- in the window: the preview shows shortcodes as the site's renderer does


@pytest.mark.parametrize(
    ("setting", "shown", "completed"),
    [("emoji = true", "Shipped 🎉", ":rock:"), ("", ":tada:", "🪨")],
)
def test_the_preview_shows_shortcodes_as_the_site_renders_them(
    qtbot, settings, tmp_path, no_modal_dialogs, setting, shown, completed
) -> None:
    from editor.ui.main_window import MainWindow
    from tests.helpers.window_helpers import js

    (tmp_path / "galley.toml").write_text(setting + "\n")
    folder = tmp_path / "content" / "blog" / "hello"
    folder.mkdir(parents=True)
    post = folder / "index.md"
    post.write_text("---\ntitle: Hello\n---\n\nShipped :tada:\n")
    win = MainWindow(settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post)
    qtbot.waitUntil(lambda: win.site_followed)
    qtbot.waitUntil(
        lambda: shown in str(js(qtbot, win, "document.body.textContent")), timeout=20000
    )
    win.editor.setFocus()
    win.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(win.editor, " :rock")  # completion works in the window too
    assert win.emoji_completer.shown
    QTest.keyClick(win.editor, Qt.Key.Key_Tab)
    assert win.editor.toPlainText().endswith(f"Shipped :tada:\n {completed}")
