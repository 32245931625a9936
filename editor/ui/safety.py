"""Never lose a word in the window: the recovery journal and changes made outside Galley.

:class:`DocumentGuard` watches the open post's file and keeps its unsaved text in the recovery
journal (see ../docs/RELIABILITY.md items 1 and 5):

- The file changed on disk and the post has no unsaved changes: it is reloaded quietly, with the
  cursor and scroll position kept. With unsaved changes, the user chooses Reload, Keep Mine or
  Show Differences (the journal is written first, so even Reload loses nothing by accident).
- The file was deleted or moved: the text stays, the post counts as unsaved, and the status bar
  says so; Save writes it again.
- A touch that changes nothing (same bytes) is ignored.
"""

from __future__ import annotations

import difflib
import logging
import uuid

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

from editor.core import fileio
from editor.core.errors import GalleyError
from editor.core.journal import DiskState, Journal, JournalError
from editor.state.document import Document
from editor.state.recovery import RecoveryKeeper
from editor.state.watcher import FileWatcher
from editor.ui import messages

log = logging.getLogger(__name__)


class DocumentGuard(QObject):
    """Watches one window's post on disk and journals its unsaved text."""

    def __init__(
        self, window: QMainWindow, editor: QPlainTextEdit, journal: Journal | None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._document: Document | None = None
        self._asking = False
        self._missing_said = False
        self.watcher = FileWatcher(self)
        self.watcher.changed.connect(self.check_disk)
        self.keeper = RecoveryKeeper(journal, self) if journal is not None else None
        if self.keeper is not None:
            self.keeper.failed.connect(self._journal_failed)
            self.keeper.recovered.connect(
                lambda: self._status("Recovery copies are being written again.", 6000)
            )
        application = QApplication.instance()
        if isinstance(application, QApplication):  # another program got the focus
            application.applicationStateChanged.connect(self._application_state)

    def track(self, document: Document, key: str | None = None) -> None:
        """Guard ``document`` (``key``: the journal entry it was restored from)."""
        self._document = document
        self._missing_said = False
        self.watcher.watch(document.path)
        document.path_changed.connect(self._path_changed)
        if self.keeper is not None:
            self.keeper.track(document, key)

    def new_key(self) -> str:
        """A fresh journal key for a document this window is about to show."""
        return uuid.uuid4().hex

    def flush(self) -> None:
        """Write the recovery copy now (focus lost, a risky step ahead, a crash)."""
        if self.keeper is not None:
            self.keeper.flush()

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.flush()

    def discard(self) -> None:
        """The unsaved changes were discarded and the post is going away: drop their recovery
        copy and stop journaling it."""
        if self.keeper is not None:
            self.keeper.release()

    # -- the file on disk

    def check_disk(self) -> None:
        document = self._document
        if document is None or document.path is None or self._asking:
            return
        path = document.path
        state = DiskState.of(path)
        if state is None:
            if document.disk_state is not None or not self._missing_said:
                document.file_missing()
                self._missing_said = True
                self._status(
                    f"{path.name} was deleted or moved on disk. Your text is still here; "
                    "Save writes it back.",
                    0,
                )
            return
        if state.same_content(document.disk_state):
            document.disk_state = state  # touched, not changed
            return
        self._missing_said = False
        if not document.is_modified:
            self._reload(document, quiet=True)
            return
        self.flush()
        self._asking = True
        try:
            self._ask(document, state)
        finally:
            self._asking = False

    def _ask(self, document: Document, state: DiskState) -> None:
        while True:
            choice = messages.ask_external_change(self._window, document.display_name)
            if choice is messages.DiskChoice.SHOW:
                messages.show_text(self._window, "Differences", self._differences(document))
                continue
            if choice is messages.DiskChoice.RELOAD:
                self._reload(document, quiet=False)
            else:
                document.disk_state = state  # "Keep Mine": the user has seen this version
                self._status("Kept your version; saving will replace the one on disk.", 8000)
            return

    def _differences(self, document: Document) -> str:
        assert document.path is not None
        try:  # the post replaced by a FIFO must not hang the window
            disk = fileio.read_bytes(document.path).decode("utf-8-sig")
        except GalleyError as error:
            return f"The file on disk could not be read. {error}"
        except UnicodeDecodeError:
            return "The file on disk could not be read: it is not UTF-8 text."
        lines = difflib.unified_diff(
            disk.splitlines(keepends=True),
            document.full_text().replace("\r\n", "\n").splitlines(keepends=True),
            fromfile="on disk",
            tofile="in Galley (yours)",
        )
        return "".join(lines) or "No differences in the text."

    def _reload(self, document: Document, quiet: bool) -> None:
        cursor = self._editor.textCursor().position()
        scroll = self._editor.verticalScrollBar().value()
        try:
            document.reload()
        except GalleyError as error:
            messages.show_error(self._window, error)
            return
        restored = self._editor.textCursor()
        restored.setPosition(min(cursor, len(self._editor.toPlainText())))
        self._editor.setTextCursor(restored)
        self._editor.verticalScrollBar().setValue(scroll)
        if quiet:
            self._status(f"Reloaded {document.display_name}: it changed on disk.", 6000)

    def _path_changed(self, path: object) -> None:
        self.watcher.watch(self._document.path if self._document else None)
        self._missing_said = False
        self._status("", 1)

    # -- reporting

    def _journal_failed(self, error: JournalError) -> None:
        messages.show_error(self._window, error, "Recovery copy not written")
        self._status(
            "Recovery copies cannot be written at the moment; save your post to keep it.", 0
        )

    def _status(self, text: str, timeout: int) -> None:
        self._window.statusBar().showMessage(text, timeout)
