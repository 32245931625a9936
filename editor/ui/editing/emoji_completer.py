"""``:emoji:`` shortcodes completed as they are typed.

After a colon at a word's start and two name characters (``:ta``), a list of matching
shortcodes and their emoji opens under the cursor; Up and Down choose, Enter or Tab put the
shortcode in (``:tada:``) for a site whose renderer turns shortcodes into emoji, and the emoji
itself (🎉) for any other site, where a shortcode would be printed as it is written
(:attr:`EmojiCompleter.insert_emoji`). Escape closes the list, and typing on narrows it. The
list never takes the focus from the editor: the editor's keys are looked at only while it is
open.

Per keystroke this costs one slot call: a character typed (one added, none removed) that is
a shortcode's letter is checked against the 64 characters before the cursor; anything else
returns at once (or closes the list). The shortcode table (editor.core.emoji) is read the
first time a list opens.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QPlainTextEdit

from editor.core.emoji import Shortcode, completions, typed_shortcode
from editor.ui.editing.highlighter import MarkdownHighlighter

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-")
SHOWN_ROWS = 8


class EmojiCompleter(QObject):
    """Offers ``:shortcodes:`` in a list under an editor's cursor."""

    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._typed = ""  # the ":sm" the list was made for
        # Put in the emoji, not its shortcode: the site's renderer leaves shortcodes as text.
        self.insert_emoji = True
        self.popup = QListWidget()
        self.popup.setObjectName("emoji-completions")
        self.popup.setWindowFlags(
            Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
        )  # shown beside the editor, never taking its focus
        self.popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.itemClicked.connect(self._insert)
        editor.document().contentsChange.connect(self._typed_text)
        editor.destroyed.connect(self.popup.deleteLater)

    @property
    def shown(self) -> bool:
        return self.popup.isVisible()

    def hide(self) -> None:
        if self.popup.isVisible():
            self.popup.hide()
            self._editor.removeEventFilter(self)

    # -- typing

    def _typed_text(self, position: int, removed: int, added: int) -> None:
        if self._editor.isReadOnly() or added > 1 or (added == 0 and not self.shown):
            self.hide()
            return
        if added == 1 and removed == 0:
            char = self._editor.document().characterAt(position)
            if char not in _NAME_CHARS and char != ":":
                self.hide()
                return
        cursor = self._editor.textCursor()
        block = cursor.block()
        if MarkdownHighlighter.in_code_block(block):
            return
        column = cursor.positionInBlock()
        typed = typed_shortcode(block.text()[:column])
        if typed is None or block.text()[:column].count("`") % 2:  # not inside `code`
            self.hide()
            return
        self._offer(typed, completions(typed))

    def _offer(self, typed: str, found: list[Shortcode]) -> None:
        if not found:
            self.hide()
            return
        self._typed = typed
        popup = self.popup
        popup.clear()
        for code, emoji in found:
            item = QListWidgetItem(f"{emoji}  {code}")
            item.setData(Qt.ItemDataRole.UserRole, emoji if self.insert_emoji else code)
            popup.addItem(item)
        popup.setCurrentRow(0)
        rows = min(len(found), SHOWN_ROWS)
        height = popup.sizeHintForRow(0) * rows + 2 * popup.frameWidth()
        width = max(popup.sizeHintForColumn(0) + 32, 220)
        popup.resize(width, height)
        where = self._editor.cursorRect()
        popup.move(self._editor.viewport().mapToGlobal(QPoint(where.left(), where.bottom() + 2)))
        if not popup.isVisible():
            popup.show()
            self._editor.installEventFilter(self)

    # -- keys while the list is open

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self._editor and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event)
        if watched is self._editor and event.type() == QEvent.Type.FocusOut:
            self.hide()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        popup = self.popup
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            item = popup.currentItem()
            if item is not None:
                self._insert(item)
                return True
        elif key == Qt.Key.Key_Escape:
            self.hide()
            return True
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(key), SHOWN_ROWS)
            if key == Qt.Key.Key_PageUp:
                step = -SHOWN_ROWS
            row = max(0, min(popup.count() - 1, popup.currentRow() + step))
            popup.setCurrentRow(row)
            return True
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            self.hide()
        return False

    def _insert(self, item: QListWidgetItem) -> None:
        """Put the chosen shortcode (or its emoji) in place of what was typed of it."""
        code = item.data(Qt.ItemDataRole.UserRole)
        self.hide()
        cursor = self._editor.textCursor()
        block = cursor.block()
        column = cursor.positionInBlock()
        typed = typed_shortcode(block.text()[:column])
        if typed is None:
            return
        cursor.beginEditBlock()
        cursor.setPosition(cursor.position() - len(typed), QTextCursor.MoveMode.KeepAnchor)
        after = block.text()[column : column + 1]
        cursor.insertText(code + ("" if after in ("", " ") or not after.isalnum() else " "))
        cursor.endEditBlock()
        self._editor.setTextCursor(cursor)
