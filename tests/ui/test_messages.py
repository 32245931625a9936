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


def on_modal(check: list[object], action: object) -> None:
    """When the next modal shows: record what ``action(modal)`` returns into ``check``."""

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, look)
            return
        check.append(action(modal))  # type: ignore[operator]

    QTimer.singleShot(0, look)


def _buttons(modal: QWidget) -> dict[str, object]:
    from PySide6.QtWidgets import QMessageBox

    assert isinstance(modal, QMessageBox)
    return {button.text(): button for button in modal.buttons()}


def test_save_changes_buttons_have_mnemonics_and_escape_cancels(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[object] = []
    on_modal(seen, lambda modal: sorted(_buttons(modal)))
    press_on_modal(Qt.Key.Key_Escape)
    assert messages.ask_save_changes(parent, "weekly-26") is messages.Choice.CANCEL
    assert seen == [sorted(["&Save", "Do&n't Save", "Cancel"])]


def test_the_save_changes_mnemonics_are_alt_s_and_alt_n(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    keys: list[object] = []

    def shortcuts_then_dont_save(modal: QWidget) -> None:
        buttons = _buttons(modal)
        keys.extend(buttons[text].shortcut().toString() for text in ("&Save", "Do&n't Save"))
        buttons["Do&n't Save"].click()

    on_modal([], shortcuts_then_dont_save)
    assert messages.ask_save_changes(parent, "weekly-26") is messages.Choice.DISCARD
    assert keys == ["Alt+S", "Alt+N"]


def test_enter_in_save_changes_saves(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    press_on_modal(Qt.Key.Key_Return)
    assert messages.ask_save_changes(parent, "weekly-26") is messages.Choice.SAVE


def test_the_revert_question_cancels_on_enter_space_and_escape(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_Escape):
        seen: list[object] = []

        def default_and_focus_then_press(modal: QWidget, key: Qt.Key = key) -> tuple[str, str]:
            from PySide6.QtWidgets import QMessageBox

            assert isinstance(modal, QMessageBox)
            focused = modal.focusWidget()
            seen = modal.defaultButton().text(), getattr(focused, "text", str)()
            QTest.keyClick(focused or modal, key)  # as a person's key reaches the box
            return seen

        on_modal(seen, default_and_focus_then_press)
        question = "Discard your changes to “weekly-26” and go back to the saved version?"
        assert not messages.confirm(parent, "Revert", question, "&Discard Changes")
        assert seen == [("Cancel", "Cancel")]  # the default, and the focused button
