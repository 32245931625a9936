"""Undoing back to the saved text: the post is no longer marked modified."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from editor.ui.main_window import MainWindow
from tests.ui.editing import test_image_import as images
from tests.ui.editing.test_image_import import put_cursor

post_file = images.post_file  # the same post and window fixtures
window = images.window


def undo(qtbot: QtBot, win: MainWindow) -> None:
    qtbot.keyClick(win.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_undo_back_to_the_saved_text_clears_the_modified_mark(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    save = window.actions_.save
    assert not window.isWindowModified() and not save.isEnabled()  # nothing to save yet
    put_cursor(window, len("\nFirst paragraph."))
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, " Saved")
    assert window.isWindowModified() and save.isEnabled()
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = post_file.read_text()
    assert "First paragraph. Saved" in saved and not save.isEnabled()
    qtbot.keyClicks(window.editor, " and more")  # typed on, in the same line
    assert window.isWindowModified()
    undo(qtbot, window)  # takes back what came after the save, not the saved words too
    assert "First paragraph. Saved\n" in window.editor.toPlainText()
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=2000)
    assert "*" not in window.windowTitle().replace("[*]", "") and not save.isEnabled()
    undo(qtbot, window)  # on, past the saved text: modified again
    qtbot.waitUntil(window.isWindowModified, timeout=2000)
    assert save.isEnabled()
