"""Scroll sync as a writer meets it: the preview keeps its place beside the editor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui.editing.scroll_sync import REVEAL_PAUSE_MS
from editor.ui.main_window import MainWindow
from tests.helpers.post_cases import CORPUS_LIKE
from tests.helpers.window_helpers import js, open_window

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")

PARAGRAPHS = 160


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, tmp_path: Path) -> Iterator[MainWindow]:
    (tmp_path / "galley.toml").write_text("")
    folder = tmp_path / "content" / "blog" / "weekly-26"
    folder.mkdir(parents=True)
    path = folder / "index.md"
    text = CORPUS_LIKE.decode().replace("![A screenshot](./screenshot.png)\n", "")
    text += "".join(f"\nParagraph {n} of the long post.\n" for n in range(PARAGRAPHS))
    path.write_text(text, encoding="utf-8")
    win = open_window(qtbot, settings, path, size=(1200, 700))
    settings.set("preview/scroll_sync", True)
    yield win


def box(qtbot: QtBot, win: MainWindow, text: str) -> tuple[float, float, float]:
    """Where the block holding ``text`` is in the preview's window: top, bottom, window height."""
    found = js(
        qtbot,
        win,
        "(() => { for (const n of document.querySelectorAll('#galley-body [data-line]')) {"
        f" if (n.textContent.includes({text!r})) {{ const r = n.getBoundingClientRect();"
        " return JSON.stringify([r.top, r.bottom, window.innerHeight]); } } return ''; })()",
    )
    assert found, f"{text!r} is not in the preview"
    top, bottom, height = json.loads(found)
    return top, bottom, height


def in_view(qtbot: QtBot, win: MainWindow, text: str) -> bool:
    top, bottom, height = box(qtbot, win, text)
    return top >= 0 and bottom <= height


def header_in_view(qtbot: QtBot, win: MainWindow) -> bool:
    top = js(qtbot, win, "document.getElementById('galley-header').getBoundingClientRect().top")
    return bool(js(qtbot, win, "window.scrollY") == 0 and top >= 0)


def scroll_editor_to(qtbot: QtBot, win: MainWindow, paragraph: int) -> None:
    block = win.editor.document().find(f"Paragraph {paragraph} of").block()
    win.editor.verticalScrollBar().setValue(block.firstLineNumber())
    qtbot.waitUntil(lambda: js(qtbot, win, "window.scrollY") > 1000, timeout=5000)
    qtbot.wait(300)  # past the sync's quiet time


def scroll_preview_to(qtbot: QtBot, win: MainWindow, paragraph: int) -> None:
    """Scroll the preview as its reader does, until the paragraph is at its top."""
    js(
        qtbot,
        win,
        "(() => { for (const n of document.querySelectorAll('#galley-body [data-line]')) {"
        f" if (n.textContent.includes('Paragraph {paragraph} of')) {{"
        " window.scrollTo(0, window.scrollY + n.getBoundingClientRect().top); return 1; } } })()",
    )


def file_line(win: MainWindow, text: str) -> int:
    return win.editor.document().find(text).blockNumber() + win.document.body_start_line


def test_ctrl_home_shows_the_title_and_author(qtbot: QtBot, window: MainWindow) -> None:
    scroll_editor_to(qtbot, window, 100)
    window.editor.setFocus()
    QTest.keyClick(window.editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: header_in_view(qtbot, window), timeout=5000)
    title = js(qtbot, window, "document.querySelector('.post-title').getBoundingClientRect().top")
    assert title >= 0


def test_the_editors_end_is_the_previews_end(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.editor.verticalScrollBar()
    bar.setValue(bar.maximum())
    last = f"Paragraph {PARAGRAPHS - 1} of"
    qtbot.waitUntil(lambda: in_view(qtbot, window, last), timeout=5000)
    at_end = "window.scrollY + window.innerHeight >= document.scrollingElement.scrollHeight - 2"
    assert js(qtbot, window, at_end)


def test_ctrl_end_shows_the_previews_end(qtbot: QtBot, window: MainWindow) -> None:
    # Ctrl+End stops the editor's scroll bar a line short of its end (the last line is in view
    # already): the preview stayed a paragraph short of its end.
    window.editor.setFocus()
    QTest.keyClick(window.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    at_end = "window.scrollY + window.innerHeight >= document.scrollingElement.scrollHeight - 2"
    qtbot.waitUntil(lambda: bool(js(qtbot, window, at_end)), timeout=5000)


def test_go_to_line_shows_the_line_where_the_editor_does(qtbot: QtBot, window: MainWindow) -> None:
    line = file_line(window, "Paragraph 120 of")
    window.scroll_sync.go_to_file_line(line)
    assert window.editor.textCursor().block().text() == "Paragraph 120 of the long post."
    # The last line is far below: never taken for the end (a box of a block out of view gave
    # an old position, and the preview went to its end).
    assert not window.scroll_sync._end_in_view()
    qtbot.waitUntil(lambda: in_view(qtbot, window, "Paragraph 120 of"), timeout=5000)
    top, _, height = box(qtbot, window, "Paragraph 120 of")
    editor_at = window.editor.cursorRect().top() / window.editor.viewport().height()
    assert abs(top / height - editor_at) < 0.1  # the same height in both, give or take a line


@pytest.mark.parametrize("rebuild", ["remote content", "theme"])
def test_a_rebuilt_page_keeps_its_place(qtbot: QtBot, window: MainWindow, rebuild: str) -> None:
    scroll_editor_to(qtbot, window, 100)
    before, _, _ = box(qtbot, window, "Paragraph 100 of")
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        if rebuild == "theme":
            window.preview_controller.set_dark(True)
        else:
            window.remote_toggle.setChecked(True)
    qtbot.waitUntil(lambda: js(qtbot, window, "window.scrollY") > 1000, timeout=5000)
    after, _, _ = box(qtbot, window, "Paragraph 100 of")
    assert abs(after - before) < 40


def test_typing_at_the_end_stays_in_the_previews_view(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    for n in range(6):
        qtbot.keyClick(window.editor, Qt.Key.Key_Return)
        QTest.keyClicks(window.editor, f"New line {n} at the end")
        text = f"New line {n} at the end"
        qtbot.waitUntil(lambda t=text: in_view(qtbot, window, t), timeout=5000)  # type: ignore[misc]


def test_scrolling_the_preview_moves_the_editor(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.wait(300)  # past the quiet time of the window's own first scroll
    scroll_preview_to(qtbot, window, 100)
    first = window.editor.firstVisibleBlock
    qtbot.waitUntil(lambda: "Paragraph 100 of" in first().text(), timeout=5000)
    qtbot.wait(300)
    js(qtbot, window, "window.scrollTo(0, 0); 1")
    qtbot.waitUntil(lambda: window.editor.verticalScrollBar().value() == 0, timeout=5000)


def test_a_scroll_of_the_editor_in_steps_ends_with_the_preview_beside_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    # A wheel turned for a moment: a scroll every 40 ms. Each used to hush the sync for
    # 0.25 s, so the preview stopped at the first step and the editor went on alone.
    qtbot.wait(300)  # past the quiet time of the window's own first scroll
    bar = window.editor.verticalScrollBar()
    for paragraph in range(15, 121, 15):
        bar.setValue(
            window.editor.document().find(f"Paragraph {paragraph} of").block().firstLineNumber()
        )
        qtbot.wait(40)
    qtbot.waitUntil(lambda: abs(box(qtbot, window, "Paragraph 120 of")[0]) < 30, timeout=5000)


def test_a_scroll_of_the_preview_in_steps_ends_with_the_editor_beside_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.wait(300)
    for paragraph in range(15, 121, 15):
        scroll_preview_to(qtbot, window, paragraph)
        qtbot.wait(40)
    first = window.editor.firstVisibleBlock
    qtbot.waitUntil(lambda: "Paragraph 120 of" in first().text(), timeout=5000)


def test_a_patch_after_the_editor_scrolled_away_from_its_cursor_keeps_the_preview_beside_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The cursor stays at the top while the wheel scrolls the editor down; a patch then (a
    # replace further down, the form filled in once the site is read) used to bring the
    # cursor's line into the preview's view: the preview jumped back to the top.
    window.activateWindow()
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)
    scroll_editor_to(qtbot, window, 100)
    block = window.editor.document().find("Paragraph 101 of").block()
    with qtbot.waitSignal(window.preview.patch_applied, timeout=5000):
        QTextCursor(block).insertText("Changed. ")
    qtbot.wait(REVEAL_PAUSE_MS + 200)
    assert window.editor.textCursor().blockNumber() == 0
    top, _, _ = box(qtbot, window, "Paragraph 100 of")
    assert abs(top) < 60
