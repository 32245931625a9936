"""The editor by the file's line numbers, and the preview scrolled with it.

The editor holds a post's body only, so a line of the file (what the preview, the problems and
Go to Line speak in) is a block number plus the body's first line. With View ▸ Scroll Sync on,
scrolling one side scrolls the other; the echo of that scroll is ignored for a moment (only
the echo: a scroll in many steps, a wheel turned, is followed to its last step).

Both ends are mapped explicitly, as the two sides' heights differ: the editor at its top shows
the preview's top (the title and author header, which stand before the first body line), the
editor at its end shows the preview's end. Go to Line puts the line at the same height in both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from editor.state.settings import Settings
from editor.ui import messages

FOLLOW_MS = 16  # a scroll the cursor made reaches the preview this much later (a frame)
_SYNC_QUIET_S = 0.25  # after one side scrolls the other, ignore its echo for this long
PREVIEW_TOP = 0.0  # the line the preview takes, and reports, for its top (see preview.js)
PREVIEW_END = 1e9  # and for its end


REVEAL_PAUSE_MS = 150
"""The pause in the preview's patches after which the cursor's line is brought into its view."""


class Preview(Protocol):
    """What scroll sync asks of the preview (ui.preview.PreviewView)."""

    def scroll_to_line(self, line: float, at: float = 0.0) -> None: ...

    def reveal_line(self, line: float) -> None: ...


class ScrollSync(QObject):
    """Moves ``editor`` to lines of the file, and keeps the preview's scroll in step with it."""

    def __init__(
        self,
        editor: QPlainTextEdit,
        settings: Settings,
        parent: QWidget,
        *,
        body_start_line: Callable[[], int],
        preview: Preview,
    ) -> None:
        """``body_start_line``: the file line of the editor's first line, in the post shown
        now; ``preview`` scrolls to lines of the file; ``parent`` (the window) is also the
        parent of the Go to Line dialog."""
        super().__init__(parent)
        self._editor = editor
        self._settings = settings
        self._preview = preview
        self._parent = parent
        self._body_start = body_start_line
        self._preview_told_at = 0.0  # the editor's side scrolled the preview (its echo comes)
        self._editor_told_at = 0.0  # the preview's side (or Go to) scrolled the editor
        self._told_line: float | None = None  # the line the preview was told to show last
        self._placed_at: int | None = None  # the editor's scroll that a Go to Line placed
        self.paused = False  # while the window itself replaces the editor's text
        # Keeping the cursor's line in the preview's view waits for a pause in the patches:
        # the page measures its blocks to do it, which forces a layout, and doing that after
        # every patch made typing in a 400 KB post twice as slow (p95 14-20 -> 26-39 ms).
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(REVEAL_PAUSE_MS)
        self._reveal.timeout.connect(self._reveal_cursor)
        # A scroll the cursor made (a click or a key far away, Ctrl+End, typing past the
        # bottom) reaches the preview a frame later, once: the editor repaints its new view
        # before the preview's engine starts painting its own on the same cores. The editor
        # scrolls before it reports the cursor's move, so such a scroll is told by the cursor
        # not being where it was last reported. Other scrolls are followed at once.
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_MS)
        self._follow.timeout.connect(self._follow_editor)
        self._cursor_at = editor.textCursor().position()
        editor.cursorPositionChanged.connect(self._cursor_moved)

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
        self._editor_told_at = time.monotonic()  # the editor's scroll below is no sync request
        self._editor.setTextCursor(cursor)
        self._editor.centerCursor()
        self._editor.setFocus()
        if self._syncing():
            # The line goes to the same height in the preview as in the editor (not the
            # editor's top line to the preview's top, which left the line out of sight).
            self._preview_told_at = time.monotonic()
            self._placed_at = self._editor.verticalScrollBar().value()  # (its echo, however late)
            height = max(1, self._editor.viewport().height())
            at = min(1.0, max(0.0, self._editor.cursorRect().top() / height))
            self._told_line = None  # (told a place in the window, not a top line)
            self._preview.scroll_to_line(line, at)

    def go_to_heading_line(self, line: int) -> None:
        """Put a heading's line (a file line) at the top of the editor and of the preview."""
        block = self._editor.document().findBlockByNumber(max(0, line - self._body_start()))
        if not block.isValid():
            return
        self._editor.setTextCursor(QTextCursor(block))
        self._editor_told_at = self._preview_told_at = time.monotonic()  # (told below)
        self._told_line = None
        self._editor.verticalScrollBar().setValue(block.firstLineNumber())
        self._preview.scroll_to_line(line)
        self._editor.setFocus()

    def _syncing(self) -> bool:
        return bool(self._settings.get("preview/scroll_sync")) and not self.paused

    def editor_scrolled(self) -> None:
        """The editor was scrolled (by the user, or by the window)."""
        if not self._syncing():
            return
        value = self._editor.verticalScrollBar().value()
        if value == self._placed_at:
            return  # the scroll Go to Line made: the preview was placed for the line already
        self._placed_at = None
        if time.monotonic() - self._editor_told_at < _SYNC_QUIET_S:
            return  # the preview's scroll, followed here
        if self._editor.textCursor().position() != self._cursor_at:
            self._follow.start()  # the cursor's scroll: a frame later
        else:
            self._follow_editor()

    def _cursor_moved(self) -> None:
        self._cursor_at = self._editor.textCursor().position()

    def _follow_editor(self) -> None:
        self._follow.stop()
        if not self._syncing():
            return
        line = self._editor_top_line()
        if line == self._told_line:
            return  # (the editor's layout settling moves its bar, not its top line)
        self._preview_told_at, self._told_line = time.monotonic(), line
        self._preview.scroll_to_line(line)

    def _editor_top_line(self) -> float:
        """The file line at the editor's top, with the fraction scrolled into it; the preview's
        top and end for the editor's."""
        bar = self._editor.verticalScrollBar()
        if bar.value() <= bar.minimum():
            return PREVIEW_TOP
        if bar.value() >= bar.maximum() or self._end_in_view():
            return PREVIEW_END
        block = self._editor.firstVisibleBlock()
        lines = max(1, block.lineCount())
        fraction = min(1.0, max(0.0, (bar.value() - block.firstLineNumber()) / lines))
        return block.blockNumber() + self._body_start() + fraction

    def _end_in_view(self) -> bool:
        """Whether the text's last line is in the editor's view (Ctrl+End stops a line short of
        the scroll bar's end, the last line being in view already). The blocks in view are
        walked down from the first, as the editor paints them: a block's box out of view says
        nothing of where it is."""
        editor = self._editor
        height = editor.viewport().height()
        margin = editor.document().documentMargin()  # (the last block's box holds it)
        block = editor.firstVisibleBlock()
        top = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).top()
        while block.isValid() and top <= height:
            bottom = top + editor.blockBoundingRect(block).height()
            if not block.next().isValid():
                return bottom - margin <= height + 1
            top, block = bottom, block.next()
        return False

    def text_shown(self) -> None:
        """The preview shows the latest edit: keep the cursor's line in its view, so typing at
        the end of the post is seen in the preview as it is typed (while the cursor is in the
        editor's view: a page patched after the editor was scrolled away stays beside it)."""
        if self._syncing() and self._editor.hasFocus():
            self._reveal.start()

    def _reveal_cursor(self) -> None:
        if not self._syncing() or not self._editor.hasFocus():
            return
        if not self._editor.viewport().rect().intersects(self._editor.cursorRect()):
            return  # the editor was scrolled away from its cursor: the preview is beside it
        cursor = self._editor.textCursor()
        self._told_line = None  # (the preview scrolls its own way)
        if cursor.atEnd():
            self._preview.reveal_line(PREVIEW_END)
        else:
            self._preview.reveal_line(cursor.blockNumber() + self._body_start())

    def preview_scrolled(self, line: float) -> None:
        """The preview was scrolled to ``line`` (a line of the file, with a fraction)."""
        if not self._settings.get("preview/scroll_sync"):
            return
        if time.monotonic() - self._preview_told_at < _SYNC_QUIET_S:
            return  # the editor's scroll, followed there
        self._editor_told_at, self._told_line = time.monotonic(), None
        bar = self._editor.verticalScrollBar()
        if line >= PREVIEW_END:
            bar.setValue(bar.maximum())
            return
        if line < self._body_start():  # the header: the editor's top
            bar.setValue(bar.minimum())
            return
        block = self._editor.document().findBlockByNumber(int(line) - self._body_start())
        if block.isValid():
            inside = int((line - int(line)) * block.lineCount())
            bar.setValue(block.firstLineNumber() + inside)
