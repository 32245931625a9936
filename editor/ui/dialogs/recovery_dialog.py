"""The dialog that offers unsaved work found after a session that did not end cleanly.

Each entry shows the post, how long ago it was written and how it differs from the file on
disk, with Restore (the default) or Discard. "Decide Later" leaves every entry where it is, for
the next start.

How an entry differs is worked out on a thread, after the dialog is up: it reads the post from
disk and compares two texts that may be megabytes long, and start-up must not wait for that. Each
row says "Comparing…" until its sentence arrives.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt, QTimer
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

from editor.core import plural
from editor.core.journal import RecoveryEntry

log = logging.getLogger(__name__)

COMPARING = "Comparing with the file on disk…"
POLL_MS = 50  # how often the dialog looks for sentences the thread has finished


def format_age(age: timedelta) -> str:
    """``age`` as people say it: "just now", "5 minutes ago", "yesterday", "3 days ago"."""
    seconds = max(0, int(age.total_seconds()))
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{plural.count(minutes, 'minute')} ago"
    hours = minutes // 60
    if hours < 24:
        return f"{plural.count(hours, 'hour')} ago"
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
        self._details: list[QLabel] = []
        self._ages: list[str] = []
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

        # The sentences come from a thread through a queue that a timer here empties: the thread
        # never touches a widget, and a dialog closed early just stops listening.
        self._sentences: queue.SimpleQueue[tuple[int, str]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._pending = len(self._entries)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._show_sentences)
        if self._entries:
            self._poll.start()
            threading.Thread(
                target=_compare_all,
                args=(self._entries, self._sentences, self._stop),
                name="recovery-compare",
                daemon=True,  # quitting never waits for a comparison
            ).start()

    def _row(self, entry: RecoveryEntry, now: datetime) -> QWidget:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        where = str(entry.post_path) if entry.post_path else "An untitled post, never saved"
        name = QLabel(f"<b>{_html(entry.display_name)}</b><br><small>{_html(where)}</small>")
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        age = f"Written {format_age(entry.age(now))}."
        details = QLabel(f"{age} {COMPARING}")
        details.setWordWrap(True)
        self._ages.append(age)
        self._details.append(details)
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

    def choices(self) -> list[bool]:
        """For each entry, True to restore it, False to discard it."""
        return [button.isChecked() for button in self._restore]

    def details(self, index: int) -> str:
        """What the row of entry ``index`` says about it (its age, how it differs)."""
        return self._details[index].text()

    def comparing(self) -> bool:
        """Whether some row still waits for its sentence."""
        return self._pending > 0

    def done(self, result: int) -> None:  # Qt override
        self._stop.set()  # the rows no longer matter: compare nothing more
        self._poll.stop()
        super().done(result)

    def _show_sentences(self) -> None:
        while True:
            try:
                index, sentence = self._sentences.get_nowait()
            except queue.Empty:
                break
            self._details[index].setText(f"{self._ages[index]} {sentence}")
            self._pending -= 1
        if self._pending <= 0:
            self._poll.stop()


def _compare_all(
    entries: Sequence[RecoveryEntry],
    sentences: queue.SimpleQueue[tuple[int, str]],
    stop: threading.Event,
) -> None:
    """On the thread: each entry's sentence, in order, until the dialog closes."""
    for index, entry in enumerate(entries):
        if stop.is_set():
            return
        try:
            sentence = entry.difference()
        except Exception:  # a bug here must not leave the row saying "Comparing…" forever
            log.exception("Comparing the recovery copy of %s failed", entry.display_name)
            sentence = "Galley could not compare it with the file on disk."
        sentences.put((index, sentence))


def ask(parent: QWidget | None, entries: Sequence[RecoveryEntry]) -> list[bool] | None:
    """Show the dialog: a restore/discard choice per entry, or None for "Decide Later"."""
    dialog = RecoveryDialog(entries, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    choices = dialog.choices()
    dialog.deleteLater()
    return choices if accepted else None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
