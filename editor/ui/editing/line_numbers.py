"""View ▸ Line Numbers: an optional gutter beside the editor, numbering the file's lines.

Go to Line, the status bar and the Problems panel count the lines of the whole file (front
matter included), so the gutter does too: the body's first line is numbered as the file counts
it. It paints only the lines in view, and only the strip Qt asks it to repaint: typing repaints
the edited line's number, nothing more (see :meth:`LineNumbers._update_request`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QPlainTextEdit, QWidget

PADDING = 6  # pixels either side of the numbers


class LineNumbers(QWidget):
    """The gutter of ``editor``; ``first_line()`` is the file line of the editor's first."""

    def __init__(self, editor: QPlainTextEdit, first_line: Callable[[], int]) -> None:
        super().__init__(editor)
        self.setObjectName("line-numbers")
        self._editor = editor
        self._first_line = first_line
        self._digits = 0
        self._width = 0
        self.setFont(editor.font())
        self.hide()
        editor.installEventFilter(self)

    def set_shown(self, on: bool) -> None:
        """Show or hide the gutter; while hidden it costs the editor nothing (its signals
        are connected only while it shows)."""
        if on == self.isVisible():
            return
        editor = self._editor
        if on:
            editor.blockCountChanged.connect(self._count_changed)
            editor.updateRequest.connect(self._update_request)
        else:
            editor.blockCountChanged.disconnect(self._count_changed)
            editor.updateRequest.disconnect(self._update_request)
        self.setVisible(on)
        self._digits = 0  # recomputed
        self.update_width()
        self.update()

    def _count_changed(self, _count: int) -> None:
        self.update_width()

    def update_width(self) -> None:
        """Room for the largest number (a new digit every tenfold lines); nothing when hidden.
        Runs when the number of lines changes, not per key."""
        if not self.isVisible():
            if self._width:
                self._width = 0
                self._editor.setViewportMargins(0, 0, 0, 0)
            return
        digits = max(3, len(str(self._editor.blockCount() + self._first_line() - 1)))
        if digits == self._digits:
            return
        self._digits = digits
        self._width = self.fontMetrics().horizontalAdvance("9" * digits) + 2 * PADDING
        self._editor.setViewportMargins(self._width, 0, 0, 0)
        self._place()

    def _place(self) -> None:
        area = self._editor.contentsRect()
        self.setGeometry(QRect(area.left(), area.top(), self._width, area.height()))

    def _update_request(self, rect: QRect, dy: int) -> None:
        """The editor repainted ``rect`` (an edit, the cursor) or scrolled by ``dy``: repaint
        the same strip of the gutter."""
        if dy:
            self.scroll(0, dy)
        else:
            self.update(0, rect.y(), self.width(), rect.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self._editor and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        elif watched is self._editor and event.type() == QEvent.Type.FontChange:
            self.setFont(self._editor.font())
            self._digits = 0
            self.update_width()
        return super().eventFilter(watched, event)

    def numbers_shown(self) -> list[int]:
        """The numbers of the lines in view (tests)."""
        return [number for number, _top, _height in self._visible()]

    def _visible(self, top_limit: float = 0, bottom_limit: float | None = None):  # type: ignore[no-untyped-def]
        editor = self._editor
        bottom_limit = editor.viewport().height() if bottom_limit is None else bottom_limit
        block = editor.firstVisibleBlock()
        offset = editor.contentOffset()
        first = self._first_line()
        while block.isValid():
            geometry = editor.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom_limit:
                break
            if block.isVisible() and geometry.bottom() >= top_limit:
                yield block.blockNumber() + first, geometry.top(), geometry.height()
            block = block.next()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        palette = self._editor.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        current = self._editor.textCursor().blockNumber() + self._first_line()
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        bright = palette.color(QPalette.ColorRole.Text)
        painter.setFont(self._editor.font())
        height = self.fontMetrics().height()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        rect = event.rect()
        for number, top, _block_height in self._visible(rect.top(), rect.bottom()):
            painter.setPen(bright if number == current else dim)
            box = QRect(0, round(top), self._width - PADDING, height)
            painter.drawText(box, right, str(number))
        painter.end()
