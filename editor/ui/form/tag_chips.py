"""Tags as editable chips: each tag a small removable label, a line to add more, completion.

Follows the field contract of :mod:`editor.ui.form.form_fields`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from editor.ui.form.form_fields import name_field, tool_button


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them onto more lines when narrow (chips)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x, y, line_height = rect.x(), y + line_height + self._gap, 0
            if move:  # (a chip wider than the line is narrowed: its text is elided)
                size = QSize(min(hint.width(), max(rect.width(), 0)), hint.height())
                item.setGeometry(QRect(QPoint(x, y), size))
            x += hint.width() + self._gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class TagChips(QWidget):
    """Tags as chips with a × each, and a line to add more (Enter or comma), with completion."""

    edited = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        name_field(self, object_name, accessible_name)
        self._name = accessible_name
        self._tags: list[str] = []
        self._known: list[str] = []
        self._chips = QWidget()
        self._chips.setObjectName(f"{object_name}-chips")
        self._flow = FlowLayout(self._chips)
        self.input = QLineEdit(placeholderText="Add a tag…")
        name_field(self.input, f"{object_name}-input", f"Add to {accessible_name.lower()}")
        self.input.setClearButtonEnabled(True)
        self._completer = QCompleter([], self.input)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.input.setCompleter(self._completer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._chips)
        layout.addWidget(self.input)
        self.input.returnPressed.connect(self._add_typed)
        self.input.editingFinished.connect(self._add_typed)
        self.input.textEdited.connect(self._on_text_edited)
        self._completer.activated.connect(lambda _text: QTimer.singleShot(0, self._add_typed))
        self._rebuild()

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_value(self, tags: Sequence[str] | None) -> None:
        tags = list(tags or [])
        if tags != self._tags:
            self._tags = tags
            self._rebuild()

    def set_completions(self, words: Sequence[str]) -> None:
        words = sorted(set(words), key=str.casefold)
        if words != self._known:
            self._known = words
            self._completer.model().setStringList(words)  # type: ignore[attr-defined]

    def add(self, text: str) -> bool:
        """Add a tag (spelled as a known tag when one matches); False if empty or already there."""
        tag = text.strip()
        known = {word.casefold(): word for word in self._known}
        tag = known.get(tag.casefold(), tag)
        if not tag or tag.casefold() in {t.casefold() for t in self._tags}:
            return False
        self._tags.append(tag)
        self._rebuild()
        self.edited.emit(self.tags())
        return True

    def remove(self, tag: str) -> None:
        if tag in self._tags:
            self._tags.remove(tag)
            self._rebuild()
            self.edited.emit(self.tags())
            self.input.setFocus()

    def _add_typed(self) -> None:
        text = self.input.text()
        if text.strip():
            for part in text.split(","):
                self.add(part)
        self.input.clear()

    def _on_text_edited(self, text: str) -> None:
        if "," in text:
            *done, rest = text.split(",")
            for part in done:
                self.add(part)
            self.input.setText(rest.lstrip())

    def _rebuild(self) -> None:
        while (item := self._flow.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for tag in self._tags:
            self._flow.addItem(QWidgetItem(self._chip(tag)))
        self._chips.setVisible(bool(self._tags))
        self._flow.invalidate()
        self.updateGeometry()

    def _chip(self, tag: str) -> QFrame:
        chip = _Chip(self._chips)
        chip.setObjectName("tag-chip")
        chip.setAccessibleName(f"Tag {tag}")
        label = _ElidedLabel(tag)
        label.setObjectName("tag-chip-text")
        remove = tool_button("×", f"Remove tag “{tag}”")
        name_field(remove, "tag-remove", f"Remove tag {tag}")
        remove.setCursor(Qt.CursorShape.PointingHandCursor)
        remove.setFixedSize(18, 18)
        remove.clicked.connect(lambda: self.remove(tag))
        layout = QHBoxLayout(chip)
        layout.setContentsMargins(9, 1, 3, 1)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(remove)
        chip.show()
        return chip


class _ElidedLabel(QLabel):
    """A chip's text: all of it when there is room, else cut short with "…" (the whole text
    in its tooltip), so one long value (an alias path) never widens the form past the window."""

    MIN_WIDTH = 48

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._full = text

    def minimumSizeHint(self) -> QSize:  # Qt override
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.MIN_WIDTH), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideMiddle, self.width()
        )
        if shown != self.text():
            super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

    def sizeHint(self) -> QSize:  # Qt override: the whole text's size, elided or not
        return QSize(
            self.fontMetrics().horizontalAdvance(self._full) + 2, super().sizeHint().height()
        )


class _Chip(QFrame):
    """A tag's rounded box, painted from the palette as it is at each paint: a theme switch
    recolours it at once (a style sheet's ``palette(mid)`` kept the colours of the palette it
    was first polished with, until the post was reopened)."""

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(box, 11, 11)
        painter.end()
