"""Find and replace in a bar under the editor (case, whole word, regular expression)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class FindBar(QWidget):
    """Searches a QPlainTextEdit it is given; hidden until Find or Replace is asked for."""

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.find_edit = QLineEdit(placeholderText="Find")
        self.find_edit.setObjectName("find-text")
        self.replace_edit = QLineEdit(placeholderText="Replace with")
        self.replace_edit.setObjectName("replace-text")
        self.case = QCheckBox("Match case")
        self.whole = QCheckBox("Whole words")
        self.regex = QCheckBox("Regular expression")
        self.status = QLabel()
        previous = QPushButton("Previous")
        following = QPushButton("Next")
        self.replace_button = QPushButton("Replace")
        self.replace_all_button = QPushButton("Replace All")
        close = QToolButton(text="✕", toolTip="Close (Esc)", autoRaise=True)

        top = QHBoxLayout()
        for widget in (self.find_edit, previous, following, self.case, self.whole, self.regex):
            top.addWidget(widget)
        top.addWidget(self.status, 1)
        top.addWidget(close)
        bottom = QHBoxLayout()
        for widget in (self.replace_edit, self.replace_button, self.replace_all_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        self._replace_row = QWidget()
        self._replace_row.setLayout(bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self._replace_row)

        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(self._search_as_you_type)
        following.clicked.connect(self.find_next)
        previous.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.replace_edit.returnPressed.connect(self.replace)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        self.hide()

    def open_find(self, replace: bool = False) -> None:
        self._replace_row.setVisible(replace)
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus()
        self.closed.emit()

    # -- searching

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if self.whole.isChecked():
            flags |= QTextDocument.FindFlag.FindWholeWords
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _pattern(self) -> re.Pattern[str] | str | None:
        text = self.find_edit.text()
        if not text:
            return None
        if not self.regex.isChecked():
            return text
        try:
            return re.compile(text, 0 if self.case.isChecked() else re.IGNORECASE)
        except re.error as exc:
            self.status.setText(f"Not a valid regular expression: {exc.msg}")
            return None

    def _find(self, backward: bool, from_cursor: QTextCursor | None = None) -> bool:
        pattern = self._pattern()
        if pattern is None:
            return False
        document = self._editor.document()
        start = from_cursor or self._editor.textCursor()
        query: object = pattern
        if isinstance(pattern, re.Pattern):
            from PySide6.QtCore import QRegularExpression

            options = QRegularExpression.PatternOption.NoPatternOption
            if not self.case.isChecked():
                options = QRegularExpression.PatternOption.CaseInsensitiveOption
            query = QRegularExpression(pattern.pattern, options)
        found = document.find(query, start, self._flags(backward))  # type: ignore[call-overload]
        if found.isNull():  # wrap around
            edge = QTextCursor(document)
            if backward:
                edge.movePosition(QTextCursor.MoveOperation.End)
            found = document.find(query, edge, self._flags(backward))  # type: ignore[call-overload]
        if found.isNull():
            self.status.setText("Not found")
            return False
        self.status.setText("")
        self._editor.setTextCursor(found)
        return True

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _search_as_you_type(self) -> None:
        cursor = self._editor.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self._find(backward=False, from_cursor=cursor)

    def _replacement(self, matched: str) -> str:
        pattern = self._pattern()
        if isinstance(pattern, re.Pattern):
            return pattern.sub(self.replace_edit.text(), matched, count=1)
        return self.replace_edit.text()

    def replace(self) -> None:
        cursor = self._editor.textCursor()
        if cursor.hasSelection() and self._matches(cursor.selectedText()):
            cursor.insertText(self._replacement(cursor.selectedText()))
        self.find_next()

    def _matches(self, text: str) -> bool:
        pattern = self._pattern()
        if isinstance(pattern, re.Pattern):
            return pattern.fullmatch(text) is not None
        if pattern is None:
            return False
        return text == pattern if self.case.isChecked() else text.lower() == pattern.lower()

    def replace_all(self) -> int:
        """Replace every match in one undo step; returns how many were replaced."""
        count, last = 0, -1
        document = self._editor.document()
        edit = QTextCursor(document)
        edit.beginEditBlock()
        self._editor.setTextCursor(QTextCursor(document))
        while self._find(backward=False):
            cursor = self._editor.textCursor()
            if count and cursor.selectionStart() < last:
                break  # wrapped around
            cursor.insertText(self._replacement(cursor.selectedText()))
            last = cursor.position()
            count += 1
        edit.endEditBlock()
        self.status.setText(f"Replaced {count}" if count else "Not found")
        return count
