"""Every modal goes through editor.ui.messages; a stray Enter never destroys anything."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from editor.core.errors import GalleyError
from editor.ui import messages


def press_on_modal(key: Qt.Key) -> None:
    def press() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, press)
            return
        QTest.keyClick(modal, key)

    QTimer.singleShot(0, press)


def test_enter_in_a_confirmation_cancels(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    press_on_modal(Qt.Key.Key_Return)
    assert not messages.confirm(parent, "Revert", "Discard your changes?", "&Discard Changes")


def test_enter_in_save_anyway_cancels(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    press_on_modal(Qt.Key.Key_Return)
    error = GalleyError("weekly-26 is read-only.", "Save anyway to replace it.")
    assert not messages.ask_overwrite_read_only(parent, error)
