"""A filter box over a list, popping up at the top of the window (Quick Open, Go to Heading).

Typing filters the list (:mod:`editor.core.quickmatch`: every word must match, best matches first);
Up/Down (and Page Up/Down) move through it without leaving the box, Enter or a click chooses,
Esc or a click elsewhere closes. The picker only emits ``chosen(payload)``; the window decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core import quickmatch

_INDEX_ROLE = Qt.ItemDataRole.UserRole
MAX_ROWS = 200  # more would only slow typing; the filter narrows them


class Entry:
    """One row: the main text, a secondary text (greyed), and what choosing it means."""

    __slots__ = ("indent", "main", "payload", "secondary")

    def __init__(self, main: str, secondary: str, payload: Any, indent: int = 0) -> None:
        self.main = main
        self.secondary = secondary
        self.payload = payload
        self.indent = indent  # leading levels shown while unfiltered (headings' nesting)


class QuickPick(QFrame):
    """The popup; show it with :meth:`popup`. It deletes itself once closed."""

    chosen = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        entries: Sequence[Entry],
        *,
        placeholder: str,
        empty_text: str,
        fuzzy: bool = False,
        current: int = 0,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("quick-pick")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._entries = list(entries)
        self._candidates = [(entry.main, entry.secondary) for entry in self._entries]
        self._fuzzy = fuzzy
        self._current = current
        self.filter = QLineEdit()
        self.filter.setObjectName("quick-pick-filter")
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.installEventFilter(self)
        self.filter.textChanged.connect(self._refilter)
        self.list = QTreeWidget()
        self.list.setObjectName("quick-pick-list")
        self.list.setColumnCount(2)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay in the filter box
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemClicked.connect(lambda item, _column: self._choose(item))
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("quick-pick-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        self._refilter("")

    # -- showing

    def popup(self) -> None:
        """Show at the top centre of the parent window, the filter box focused."""
        parent = self.parentWidget()
        width = max(360, min(640, parent.width() // 2))
        rows = max(1, min(12, len(self._entries)))
        row = self.list.sizeHintForRow(0) if self.list.topLevelItemCount() else 0
        height = self.filter.sizeHint().height() + 24 + rows * max(18, row)
        top_left = parent.mapToGlobal(QPoint((parent.width() - width) // 2, 48))
        self.setGeometry(top_left.x(), top_left.y(), width, height)
        self.show()
        self.activateWindow()
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)

    # -- what it shows

    def rows(self) -> list[str]:
        """The main texts of the rows shown, top to bottom (tests, accessibility)."""
        return [
            self.list.topLevelItem(i).text(0).strip() for i in range(self.list.topLevelItemCount())
        ]

    def current_row(self) -> str | None:
        item = self.list.currentItem()
        return item.text(0).strip() if item is not None else None

    def _refilter(self, text: str) -> None:
        order = quickmatch.rank(text, self._candidates, fuzzy=self._fuzzy)[:MAX_ROWS]
        filtered = bool(text.strip())
        self.list.clear()
        grey = self.palette().color(QPalette.ColorRole.PlaceholderText)
        items = []
        for index in order:
            entry = self._entries[index]
            indent = "" if filtered else "    " * entry.indent
            item = QTreeWidgetItem([indent + entry.main, entry.secondary])
            item.setData(0, _INDEX_ROLE, index)
            item.setForeground(1, grey)
            item.setToolTip(0, entry.main)
            items.append(item)
        self.list.addTopLevelItems(items)
        self.list.setVisible(bool(items))
        self.empty.setVisible(not items)
        if items:
            start = (
                0
                if filtered
                else next((n for n, index in enumerate(order) if index == self._current), 0)
            )
            self.list.setCurrentItem(items[start])
            self.list.scrollToItem(items[start])

    # -- keys and choosing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.list.currentItem()
                if item is not None:
                    self._choose(item)
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
            steps = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 10,
                Qt.Key.Key_PageUp: -10,
            }
            if key in steps:
                self._move(steps[key])
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        count = self.list.topLevelItemCount()
        if not count:
            return
        item = self.list.currentItem()
        row = self.list.indexOfTopLevelItem(item) if item is not None else -1
        row = max(0, min(count - 1, row + step))
        self.list.setCurrentItem(self.list.topLevelItem(row))

    def _choose(self, item: QTreeWidgetItem) -> None:
        entry = self._entries[int(item.data(0, _INDEX_ROLE))]
        self.close()
        self.chosen.emit(entry.payload)
