"""Typing reaches the Document line by line, not as a copy of the whole text per key.

``QTextDocument.contentsChange`` says where an edit happened; the lines (text blocks) it touched
are read and handed to :meth:`Document.edit_lines`. In a 4 MB post, ``toPlainText()`` alone
took 11 ms per key and splitting it into lines again for the renderer another 11 ms; reading
the touched lines takes microseconds. The block count is checked after every edit: if the
document ever disagrees with the editor, it is given the whole text instead.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from editor.state.document import Document

# Inside a text block, Shift+Enter's line separator is a line end of the file.
_LINE_SEPARATOR = "\u2028"


def editor_text(editor: QPlainTextEdit) -> str:
    """The editor's whole text as the file holds it: ``\\n`` line ends, no-break spaces kept
    (``toPlainText()`` would turn them into spaces)."""
    raw = editor.document().toRawText()
    return raw.replace("\u2029", "\n").replace(_LINE_SEPARATOR, "\n")


class LineSync(QObject):
    """Keeps a Document's body in step with a QPlainTextEdit, one edit at a time."""

    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._document: Document | None = None
        self._blocks = editor.blockCount()
        self.paused = False  # while the window itself replaces the editor's text
        editor.document().contentsChange.connect(self._changed)

    def set_document(self, document: Document) -> None:
        self._document = document
        self.reset()

    def reset(self) -> None:
        """The editor's text was replaced as a whole (and already matches the document)."""
        self._blocks = self._editor.blockCount()

    def _changed(self, position: int, _removed: int, added: int) -> None:
        document = self._document
        if self.paused or document is None:
            return
        text = self._editor.document()
        count = text.blockCount()
        first = text.findBlock(position)
        last = text.findBlock(position + added)
        if not last.isValid():
            last = text.lastBlock()
        grown = count - self._blocks
        self._blocks = count
        if not first.isValid():
            self._whole(document)
            return
        start, end = first.blockNumber(), last.blockNumber()
        old_count = end - start + 1 - grown
        lines = _texts(first, last)
        if old_count < 0 or any(_LINE_SEPARATOR in line for line in lines):
            self._whole(document)
            return
        if document.edit_lines(start, old_count, lines) != count:
            self._whole(document)  # out of step: never let the document drift from the editor

    def _whole(self, document: Document) -> None:
        document.set_body(editor_text(self._editor))


def _texts(first: QTextBlock, last: QTextBlock) -> list[str]:
    texts = []
    block = first
    stop = last.blockNumber()
    while block.isValid():
        texts.append(block.text())
        if block.blockNumber() >= stop:
            break
        block = block.next()
    return texts
