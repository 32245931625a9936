"""Helpers the window tests share: open a post in a shown MainWindow, run script in its preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui.main_window import MainWindow


def open_window(
    qtbot: QtBot, settings: Settings, post: Path | None, size: tuple[int, int] = (1300, 800)
) -> MainWindow:
    """A shown window of ``size``, with ``post`` open and its preview ready (None: no post)."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    if post is not None:
        with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
            assert win.files.open_path(post)
    return win


def js(qtbot: QtBot, win: MainWindow, script: str) -> Any:
    """The value of ``script`` run in the window's preview page."""
    box: list[Any] = []
    win.preview.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]
