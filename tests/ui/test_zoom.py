"""View ▸ Zoom In / Zoom Out / Actual Size zoom the pane that has the focus, and are remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui.main_window import MainWindow
from tests.helpers.post_cases import write_site_post
from tests.helpers.window_helpers import js, open_window

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    return write_site_post(tmp_path)


def focus(qtbot: QtBot, win: MainWindow, widget: object) -> None:
    win.activateWindow()
    widget.setFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: win.zoom._preview_has_focus() == (widget is win.preview))


def test_the_view_menu_has_the_zoom_entries(qtbot: QtBot, settings: Settings) -> None:
    win = open_window(qtbot, settings, None)
    a = win.actions_
    assert {a.zoom_in, a.zoom_out, a.zoom_reset} <= set(a.view_menu.actions())
    assert QKeySequence("Ctrl+=") in a.zoom_in.shortcuts()
    assert a.zoom_out.shortcut() == QKeySequence("Ctrl+-")
    assert a.zoom_reset.shortcut() == QKeySequence("Ctrl+0")
    plain = next(x for x in a.formatting if x.objectName() == "format_paragraph")
    assert plain.shortcut() == QKeySequence("Ctrl+Alt+0")  # Ctrl+0 is no longer two actions'


def test_ctrl_plus_grows_the_editor_and_ctrl_0_restores_it(
    qtbot: QtBot, settings: Settings, post_file: Path
) -> None:
    win = open_window(qtbot, settings, post_file)
    size = win.editor.font().pointSize()
    focus(qtbot, win, win.editor)
    qtbot.keyClick(win.editor, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(win.editor, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert win.editor.font().pointSize() == size + 2
    qtbot.keyClick(win.editor, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert win.editor.font().pointSize() == size + 1
    assert win.preview.zoomFactor() == 1.0  # the preview did not have the focus
    assert settings.get("editor/font_size") == 11  # Preferences' size stays as chosen
    qtbot.keyClick(win.editor, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert win.editor.font().pointSize() == size


def test_the_preview_zooms_when_it_has_the_focus_and_is_remembered(
    qtbot: QtBot, settings: Settings, post_file: Path
) -> None:
    win = open_window(qtbot, settings, post_file)
    width = js(qtbot, win, "window.innerWidth")
    size = win.editor.font().pointSize()
    focus(qtbot, win, win.preview)
    win.actions_.zoom_in.trigger()
    win.actions_.zoom_in.trigger()
    assert win.preview.zoomFactor() == pytest.approx(1.25)
    qtbot.waitUntil(lambda: js(qtbot, win, "window.innerWidth") < width * 0.85, timeout=5000)
    assert win.editor.font().pointSize() == size
    win.close()

    again = open_window(qtbot, settings, post_file)  # the next start
    assert again.preview.zoomFactor() == pytest.approx(1.25)
    focus(qtbot, again, again.preview)
    again.actions_.zoom_reset.trigger()
    assert again.preview.zoomFactor() == 1.0 and settings.get("preview/zoom") == 100


def test_zoom_stops_at_its_limits(qtbot: QtBot, settings: Settings, post_file: Path) -> None:
    win = open_window(qtbot, settings, post_file)
    focus(qtbot, win, win.preview)
    for _ in range(20):
        win.actions_.zoom_out.trigger()
    assert win.preview.zoomFactor() == pytest.approx(0.3)
    focus(qtbot, win, win.editor)
    for _ in range(60):
        win.actions_.zoom_in.trigger()
    assert settings.get("editor/zoom") == settings.limits("editor/zoom")[1]
