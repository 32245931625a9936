"""GALLEY_STARTUP_PROBE's window counter (bench/startup.py's "windows created")."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu, QPlainTextEdit
from pytestqt.qtbot import QtBot

from editor.ui.startup_probe import WindowCounter


def test_a_shown_main_window_is_one_native_window_created(qtbot: QtBot) -> None:
    counter = WindowCounter()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QPlainTextEdit())
    counter.watch(window)
    window.show()
    qtbot.waitExposed(window)
    window.hide()
    window.show()  # hidden and shown again: the same native window
    assert counter.created == 1


def test_a_native_window_made_again_counts_again(qtbot: QtBot) -> None:
    counter = WindowCounter()
    window = QMainWindow()
    qtbot.addWidget(window)
    counter.watch(window)
    window.show()
    qtbot.waitExposed(window)
    window.destroy()  # what Qt does to a shown window that must change its kind of surface
    window.show()
    qtbot.waitExposed(window)
    assert counter.created == 2


def test_menus_are_not_counted(qtbot: QtBot) -> None:
    counter = WindowCounter()
    menu = QMenu()
    qtbot.addWidget(menu)
    menu.addAction("One")
    counter.watch(menu)
    menu.popup(menu.mapToGlobal(menu.rect().center()))
    qtbot.waitExposed(menu)
    assert counter.created == 0
