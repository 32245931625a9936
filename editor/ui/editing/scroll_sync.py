"""The editor by the file's line numbers, and the preview scrolled with it.

The editor holds a post's body only, so a line of the file (what the preview, the problems and
Go to Line speak in) is a block number plus the body's first line. With View ▸ Scroll Sync on,
scrolling one side scrolls the other; the echo of that scroll is ignored for a moment.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from editor.state.settings import Settings
from editor.ui import messages

_SYNC_QUIET_S = 0.25  # after one side scrolls the other, ignore its echo for this long


class ScrollSync(QObject):
    """Moves ``editor`` to lines of the file, and keeps the preview's scroll in step with it."""

    def __init__(
        self,
        editor: QPlainTextEdit,
        settings: Settings,
        parent: QWidget,
        *,
        body_start_line: Callable[[], int],
        scroll_preview: Callable[[int], None],
    ) -> None:
        """``body_start_line``: the file line of the editor's first line, in the post shown
        now; ``scroll_preview`` puts a line of the file at the top of the preview; ``parent``
        (the window) is also the parent of the Go to Line dialog."""
        super().__init__(parent)
        self._editor = editor
        self._settings = settings
        self._scroll_preview = scroll_preview
        self._parent = parent
        self._body_start = body_start_line
        self._synced_at = 0.0
        self.paused = False  # while the window itself replaces the editor's text

    def go_to_line(self) -> None:
        """Edit ▸ Go to Line: ask for a line of the file and go there."""
        editor = self._editor
        first = self._body_start()
        last = first + editor.blockCount() - 1
        current = editor.textCursor().blockNumber() + first
        line = messages.ask_number(
            self._parent, "Go to Line", f"Line ({first}–{last}):", current, first, last
        )
        if line is not None:
            self.go_to_file_line(line)

    def go_to_file_line(self, line: int) -> None:
        """Move the editor's cursor to a line of the file (front matter lines included)."""
        block = self._editor.document().findBlockByNumber(max(0, line - self._body_start()))
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        self._editor.setTextCursor(cursor)
        self._editor.centerCursor()
        self._editor.setFocus()

    def go_to_heading_line(self, line: int) -> None:
        """Put a heading's line (a file line) at the top of the editor and of the preview."""
        block = self._editor.document().findBlockByNumber(max(0, line - self._body_start()))
        if not block.isValid():
            return
        self._editor.setTextCursor(QTextCursor(block))
        self._synced_at = time.monotonic()  # the preview is told below, not by the echo
        self._editor.verticalScrollBar().setValue(block.firstLineNumber())
        self._scroll_preview(line)
        self._editor.setFocus()

    def editor_scrolled(self) -> None:
        """The editor was scrolled (by the user, or by the window)."""
        if not self._settings.get("preview/scroll_sync") or self.paused:
            return
        if time.monotonic() - self._synced_at < _SYNC_QUIET_S:
            return
        block = self._editor.firstVisibleBlock()
        self._synced_at = time.monotonic()
        self._scroll_preview(block.blockNumber() + self._body_start())

    def preview_scrolled(self, line: float) -> None:
        """The preview was scrolled to ``line`` (a line of the file, with a fraction)."""
        if not self._settings.get("preview/scroll_sync"):
            return
        if time.monotonic() - self._synced_at < _SYNC_QUIET_S:
            return
        self._synced_at = time.monotonic()
        number = max(0, int(line) - self._body_start())
        block = self._editor.document().findBlockByNumber(number)
        if block.isValid():
            bar = self._editor.verticalScrollBar()
            bar.setValue(block.firstLineNumber())
