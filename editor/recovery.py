"""Keep the open post's unsaved text in the recovery journal (layer 1: QtCore only).

Only Save writes the post. The keeper writes the whole text (front matter included) to the
journal about a second after typing stops, and at once when asked (focus lost, before a risky
operation, on a crash or SIGTERM); it removes the entry when the post is saved or its changes are
discarded. A journal that cannot be written never blocks editing: the failure is reported once
until a write succeeds again.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, QTimer, Signal

from editor.document import Document
from editor.journal import Journal, JournalError

log = logging.getLogger(__name__)

DELAY_MS = 1000  # after typing stops
MIN_DELAY_MS = 200


class RecoveryKeeper(QObject):
    """Journals one window's document at a time."""

    failed = Signal(object)  # JournalError: the first failure after a success
    recovered = Signal()  # a write worked again after a failure

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._document: Document | None = None
        self._key = uuid.uuid4().hex
        self._written = False
        self._failing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.flush)

    def set_delay(self, seconds: float) -> None:
        """Journal unsaved text ``seconds`` after typing stops (Preferences ▸ Saving)."""
        self._timer.setInterval(max(MIN_DELAY_MS, round(seconds * 1000)))

    @property
    def key(self) -> str:
        return self._key

    def track(self, document: Document, key: str | None = None) -> None:
        """Journal ``document`` from now on (``key``: an adopted entry's key)."""
        if self._document is not None:
            self._document.content_changed.disconnect(self._changed)
            self._document.modified_changed.disconnect(self._modified)
        self._timer.stop()
        self._document = document
        self._key = key or uuid.uuid4().hex
        self._written = key is not None
        document.content_changed.connect(self._changed)
        document.modified_changed.connect(self._modified)

    def flush(self) -> None:
        """Write the entry now if there are unsaved changes (remove it if there are none)."""
        self._timer.stop()
        document = self._document
        if document is None:
            return
        if not document.is_modified:
            self.forget()
            return
        try:
            self.journal.write(
                self._key,
                document.path,
                document.full_text(),
                display_name=document.display_name,
                base=document.disk_state,
            )
        except JournalError as error:
            log.warning("Recovery copy not written: %s", error)
            if not self._failing:
                self._failing = True
                self.failed.emit(error)
            return
        self._written = True
        if self._failing:
            self._failing = False
            self.recovered.emit()

    def forget(self) -> None:
        """The changes were saved or discarded: the entry goes."""
        self._timer.stop()
        if not self._written:
            return
        try:
            self.journal.remove(self._key)
            self._written = False
        except JournalError as error:
            log.warning("Recovery copy not removed: %s", error)

    def release(self) -> None:
        """The document is going away with its changes discarded: drop its entry and stop."""
        self.forget()
        if self._document is not None:
            self._document.content_changed.disconnect(self._changed)
            self._document.modified_changed.disconnect(self._modified)
            self._document = None

    def _changed(self) -> None:
        self._timer.start()

    def _modified(self, modified: bool) -> None:
        if not modified:
            self.forget()
