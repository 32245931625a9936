"""The dialog that offers unsaved work found after a session that did not end cleanly.

Each entry shows the post, how long ago it was written and how it differs from the file on
disk, with Restore (the default) or Discard. "Decide Later" leaves every entry where it is, for
the next start.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from editor.journal import RecoveryEntry


def format_age(age: timedelta) -> str:
    """``age`` as people say it: "just now", "5 minutes ago", "yesterday", "3 days ago"."""
    seconds = max(0, int(age.total_seconds()))
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    days = hours // 24
    return "yesterday" if days == 1 else f"{days} days ago"


class RecoveryDialog(QDialog):
    """Lists recovery entries; :meth:`choices` says which to restore after it was accepted."""

    def __init__(
        self,
        entries: Sequence[RecoveryEntry],
        parent: QWidget | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self._entries = list(entries)
        self._restore: list[QRadioButton] = []
        now = now or datetime.now(timezone.utc)

        intro = QLabel(
            "<b>Galley did not close normally last time.</b><br>"
            "These posts had changes that were not saved. Restore opens each one with its "
            "changes (save to keep them); Discard deletes the recovered copy. The files on disk "
            "have not been touched."
        )
        intro.setWordWrap(True)
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        for entry in self._entries:
            rows_layout.addWidget(self._row(entry, now))
        rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)

        buttons = QDialogButtonBox()
        go = buttons.addButton("Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        go.setObjectName("recovery-continue")
        later = buttons.addButton("Decide Later", QDialogButtonBox.ButtonRole.RejectRole)
        later.setObjectName("recovery-later")
        later.setToolTip("Keep the recovered copies and ask again next time")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(680, min(220 + 110 * len(self._entries), 640))

    def _row(self, entry: RecoveryEntry, now: datetime) -> QWidget:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        where = str(entry.post_path) if entry.post_path else "An untitled post, never saved"
        name = QLabel(f"<b>{_html(entry.display_name)}</b><br><small>{_html(where)}</small>")
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details = QLabel(f"Written {format_age(entry.age(now))}. {entry.difference()}")
        details.setWordWrap(True)
        restore = QRadioButton("Restore")
        discard = QRadioButton("Discard")
        restore.setChecked(True)
        group = QButtonGroup(frame)
        group.addButton(restore)
        group.addButton(discard)
        restore.setAccessibleName(f"Restore {entry.display_name}")
        discard.setAccessibleName(f"Discard {entry.display_name}")
        self._restore.append(restore)
        choice = QVBoxLayout()
        choice.addWidget(restore)
        choice.addWidget(discard)
        text = QVBoxLayout()
        text.addWidget(name)
        text.addWidget(details)
        row = QHBoxLayout(frame)
        row.addLayout(text, 1)
        row.addLayout(choice)
        return frame

    def set_choice(self, index: int, restore: bool) -> None:
        """Choose for one entry (as a click on its Restore or Discard would)."""
        button = self._restore[index]
        if restore:
            button.setChecked(True)
        else:
            group = button.group()
            other = next(b for b in group.buttons() if b is not button)
            other.setChecked(True)

    def choices(self) -> list[bool]:
        """For each entry, True to restore it, False to discard it."""
        return [button.isChecked() for button in self._restore]


def ask(parent: QWidget | None, entries: Sequence[RecoveryEntry]) -> list[bool] | None:
    """Show the dialog: a restore/discard choice per entry, or None for "Decide Later"."""
    dialog = RecoveryDialog(entries, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    choices = dialog.choices()
    dialog.deleteLater()
    return choices if accepted else None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
