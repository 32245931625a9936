"""Dialogs that tell or ask the user something, in two parts: what happened, then what to do.

Every modal dialog of the app goes through this module, so tests can patch it in one place.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from editor.core.errors import GalleyError

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def show_error(
    parent: QWidget | None, error: GalleyError | Exception, title: str = "Galley"
) -> None:
    """Show an error as a sentence a person can act on (never a traceback)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    if isinstance(error, GalleyError):
        box.setText(error.summary)
        box.setInformativeText(error.detail)
    else:
        box.setText("Something went wrong inside Galley.")
        box.setInformativeText(
            "Your text is safe in the window; save it, then restart Galley. "
            "The details were written to the log file."
        )
    box.exec()


def ask_save_changes(parent: QWidget | None, name: str) -> Choice:
    """Ask what to do with unsaved changes: Save (Alt+S), Don't Save (Alt+N) or Cancel
    (Escape). Save is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to “{name}” before closing?")
    box.setInformativeText("If you don't save, your changes will be lost.")
    save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Do&n't Save", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Choice.SAVE
    if clicked is discard:
        return Choice.DISCARD
    return Choice.CANCEL


def ask_save_first(parent: QWidget | None) -> bool:
    """Images need a folder: ask to save an untitled post first. True to go on and save."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Save the post first")
    box.setText("Save this new post before adding images?")
    box.setInformativeText(
        "Images are copied into the post's folder, so the post needs a place on disk first. "
        "Choose where to save it; the images are added right after."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return box.exec() == QMessageBox.StandardButton.Save


def ask_text(parent: QWidget | None, title: str, label: str, text: str) -> str | None:
    """Ask for one line of text, starting from ``text``; None when cancelled."""
    from PySide6.QtWidgets import QDialog, QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.resize(max(dialog.sizeHint().width(), 460), dialog.sizeHint().height())
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.textValue()
    dialog.deleteLater()
    return value if accepted else None


def ask_open_path(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """Ask for a file to open, starting in ``start``; "" when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    name, _filter = QFileDialog.getOpenFileName(parent, title, start, filters)
    return name


def ask_open_paths(parent: QWidget | None, title: str, start: str, filters: str) -> list[str]:
    """Ask for one or more files to open, starting in ``start``; [] when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    names, _filter = QFileDialog.getOpenFileNames(parent, title, start, filters)
    return list(names)


def ask_save_path(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """Ask where to save a file, starting at ``start``; "" when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    name, _filter = QFileDialog.getSaveFileName(parent, title, start, filters)
    return name


def ask_print(parent: QWidget | None, printer: QPrinter) -> bool:
    """The print dialog for ``printer`` (which keeps the choices); False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted


def ask_folder(parent: QWidget | None, title: str, start: str) -> str:
    """Ask for a folder, starting in ``start``; "" when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title, start)


class DiskChoice(Enum):
    RELOAD = "reload"
    KEEP = "keep"
    SHOW = "show"


def ask_external_change(parent: QWidget | None, name: str) -> DiskChoice:
    """The open post changed on disk while it has unsaved changes: Reload, Keep mine, or Show."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Changed on disk")
    box.setText(f"“{name}” was changed on disk by another program.")
    box.setInformativeText(
        "You also have unsaved changes. Reload the file and lose your changes, or keep your "
        "version (saving it will replace the one on disk)."
    )
    reload = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep Mine", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Show Differences", QMessageBox.ButtonRole.HelpRole)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is reload:
        return DiskChoice.RELOAD
    if clicked is keep:
        return DiskChoice.KEEP
    return DiskChoice.SHOW


def ask_overwrite_newer(parent: QWidget | None, error: GalleyError) -> bool:
    """Save found a newer file on disk: True to replace it with the window's text."""
    return _ask_save_anyway(parent, "Newer version on disk", error)


def ask_overwrite_read_only(parent: QWidget | None, error: GalleyError) -> bool:
    """Save found the file marked read-only: True to replace it (it keeps its mode)."""
    return _ask_save_anyway(parent, "Read-only file", error)


def _ask_save_anyway(parent: QWidget | None, title: str, error: GalleyError) -> bool:
    icon = QMessageBox.Icon.Warning
    return _ask_or_cancel(parent, icon, title, error.summary, error.detail, "&Save Anyway")


def _ask_or_cancel(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    detail: str,
    action: str,
) -> bool:
    """``action`` or Cancel (the default: a stray Enter must not replace or delete a thing)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    chosen = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    cancel.setFocus()  # Space, too, must not press the destructive button
    box.exec()
    return box.clickedButton() is chosen


def confirm(parent: QWidget | None, title: str, question: str, action: str) -> bool:
    """Ask before doing something that cannot be taken back: True for ``action`` (the button's
    text, with a mnemonic such as ``"&Discard Changes"``). Cancel is the default, so a stray
    Enter never destroys anything."""
    return _ask_or_cancel(parent, QMessageBox.Icon.Question, title, question, "", action)


def ask_convert_to_utf8(parent: QWidget | None, name: str) -> bool:
    """Offer to open a Latin-1 (Windows-1252) post converted to UTF-8: True to open it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Convert to UTF-8")
    box.setText(f"{name} is not UTF-8 text: it looks like Latin-1 (Windows-1252) text.")
    box.setInformativeText(
        "Galley can open it converted to UTF-8, as unsaved changes: the file stays as it is "
        "until you save, and Save writes it as UTF-8. Look over accented letters and quotes "
        "before saving. Cancel leaves the file unopened and untouched."
    )
    convert = box.addButton("&Open Converted to UTF-8", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(convert)  # nothing is written: the harmless choice is the helpful one
    box.exec()
    return box.clickedButton() is convert


def ask_number(
    parent: QWidget | None,
    title: str,
    label: str,
    value: int,
    minimum: int,
    maximum: int,
    step: int = 1,
) -> int | None:
    """Ask for a whole number between ``minimum`` and ``maximum``; None if cancelled."""
    from PySide6.QtWidgets import QInputDialog

    number, ok = QInputDialog.getInt(parent, title, label, value, minimum, maximum, step)
    return number if ok else None


def show_about(parent: QWidget | None, version: str) -> None:
    """Help ▸ About Galley."""
    QMessageBox.about(
        parent,
        "About Galley",
        f"<h3>Galley {version}</h3><p>Write Markdown newsletters and blog posts, "
        "and see them as your readers will.</p>",
    )


def show_text(parent: QWidget | None, title: str, text: str) -> None:
    """Show a long text (differences between versions) in a read-only, monospaced view."""
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.resize(820, 560)
    dialog.exec()
    dialog.deleteLater()


def ask_table_size(
    parent: QWidget | None, rows: int = 2, columns: int = 3
) -> tuple[int, int] | None:
    """Format ▸ Insert Table: how many rows (below the header) and columns; None if cancelled."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox

    dialog = QDialog(parent)
    dialog.setObjectName("table-size-dialog")
    dialog.setWindowTitle("Insert Table")
    layout = QFormLayout(dialog)
    layout.addRow(QLabel("The table gets a header row, then the rows you ask for."))
    row_box, column_box = QSpinBox(dialog), QSpinBox(dialog)
    for box, value, most, name in (
        (row_box, rows, 200, "rows"),
        (column_box, columns, 20, "columns"),
    ):
        box.setRange(1, most)
        box.setValue(value)
        box.setObjectName(name)
    layout.addRow("&Rows:", row_box)
    layout.addRow("&Columns:", column_box)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText("&Insert")
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addRow(buttons)
    row_box.setFocus()
    row_box.selectAll()
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    size = (row_box.value(), column_box.value())
    dialog.deleteLater()
    return size if accepted else None
