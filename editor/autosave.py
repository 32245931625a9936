"""Save the open post to its file a while after typing stops, when the user asked for it
(layer 1: QtCore only).

Autosave is off unless ``files/autosave`` is on, and even then it only ever does what Save would
do without asking anything: the post must already have a file, be modified, have valid front
matter (not in safe mode), and its file must still be on disk unchanged since Galley last read
or saved it. When a save fails or meets a newer file, nothing is written, the failure is
reported through :attr:`Autosaver.status` and the log (never a dialog), and the post is not
saved automatically again until the user saves it by hand (:meth:`Autosaver.resume`). The
recovery journal keeps the unsaved text meanwhile, as always.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from editor.document import Document, SaveConflict
from editor.errors import GalleyError
from editor.settings import Settings

log = logging.getLogger(__name__)

MIN_SECONDS = 1  # a delay below this (a bad settings file) is taken as this


class Autosaver(QObject):
    """Saves one window's document ``files/autosave_seconds`` after its last change."""

    status = Signal(str, int)  # what happened, for the status bar (and for how long, in ms)
    saved = Signal()  # the post was saved automatically

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._document: Document | None = None
        self._suspended = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.save_now)
        self._read_delay()
        settings.changed.connect(self._setting_changed)

    @property
    def enabled(self) -> bool:
        return bool(self._settings.get("files/autosave"))

    @property
    def suspended(self) -> bool:
        """Whether autosave gave up on this post until it is saved by hand."""
        return self._suspended

    @property
    def pending(self) -> bool:
        """Whether a save is scheduled."""
        return self._timer.isActive()

    def track(self, document: Document) -> None:
        """Autosave ``document`` from now on (the previous one is let go)."""
        if self._document is not None:
            self._document.content_changed.disconnect(self._changed)
        self._timer.stop()
        self._document = document
        self._suspended = False
        document.content_changed.connect(self._changed)

    def resume(self) -> None:
        """The post was saved by hand: autosave it again after a failure or a conflict."""
        self._suspended = False

    def save_now(self) -> bool:
        """Save the post if autosave may; True if it was saved."""
        self._timer.stop()
        document = self._document
        if document is None or not self._eligible(document):
            return False
        try:
            document.save()
        except SaveConflict as conflict:
            self._give_up(
                document,
                f"Not saved automatically: {conflict.summary} Save by hand to choose which "
                "version to keep.",
                conflict,
            )
            return False
        except GalleyError as error:
            self._give_up(
                document,
                f"Autosave failed: {error.summary} Your text is still here; save by hand.",
                error,
            )
            return False
        log.info("Autosaved %s", document.path)
        self.status.emit(f"Saved {document.display_name} automatically", 4000)
        self.saved.emit()
        return True

    def _eligible(self, document: Document) -> bool:
        return (
            self.enabled
            and not self._suspended
            and document.path is not None
            and document.is_modified
            and document.error is None  # safe mode: nothing is written until the YAML is fixed
            and document.disk_state is not None  # deleted or moved away: only Save rewrites it
        )

    def _give_up(self, document: Document, text: str, error: GalleyError) -> None:
        self._suspended = True
        log.warning("Autosave of %s stopped: %s %s", document.path, error.summary, error.detail)
        self.status.emit(text, 0)  # stays until something else is said

    def _changed(self) -> None:
        document = self._document
        if document is None or not self.enabled or self._suspended:
            return
        if document.path is not None and document.error is None:
            self._timer.start()

    def _read_delay(self) -> None:
        seconds = max(MIN_SECONDS, int(self._settings.get("files/autosave_seconds")))
        self._timer.setInterval(seconds * 1000)

    def _setting_changed(self, key: str) -> None:
        if key == "files/autosave_seconds":
            self._read_delay()
        elif key == "files/autosave" and not self.enabled:
            self._timer.stop()
