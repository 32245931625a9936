"""The Outline dock: the open post's headings as a tree, following typing and the cursor.

The headings come from :func:`editor.core.outline.headings`, recomputed a moment after typing pauses
(and only while the dock shows: Go to Heading asks for them when it opens). The heading the
cursor is under is selected when the cursor rests (``FOLLOW_DELAY_MS``), without taking the focus
from the editor.
Clicking a heading (or Enter on it) emits ``heading_requested(line)``; the window jumps there.
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core import outline
from editor.core.outline import Heading
from editor.state.document import Document

UPDATE_DELAY_MS = 250  # the pause in typing after which the outline is recomputed
WAITS_FOR_RENDER = 8  # times the outline waits a delay for the preview's render, then scans
UPDATE_DELAY_PER_SCAN = 10.0  # ... but at least this many times as long as the last scan took
FOLLOW_DELAY_MS = 150
"""The cursor rests this long before its section is selected. Selecting at once repainted the
tree in the same frame as the editor's jump, and typing into a 400 KB post stalled for 17-22 ms
at each new place (12 ms without the Outline)."""
_INDEX_ROLE = Qt.ItemDataRole.UserRole


class OutlinePanel(QWidget):
    """The tree of headings; emits ``heading_requested(index)`` on a click or Enter."""

    heading_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline-panel")
        self.tree = QTreeWidget()
        self.tree.setObjectName("outline-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)  # a double click jumps, as a click does
        self.tree.itemClicked.connect(self._requested)
        self.tree.itemActivated.connect(self._requested)
        self.empty = QLabel("No headings yet. Lines starting with # become headings.")
        self.empty.setObjectName("outline-empty")
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)
        self._items: list[QTreeWidgetItem] = []
        self._shape: list[tuple[int, str]] = []

    def set_headings(self, found: list[Heading]) -> None:
        """Show ``found``; the tree is rebuilt only when a heading's level or text changed."""
        shape = [(heading.level, heading.text) for heading in found]
        if shape != self._shape and [level for level, _ in shape] == [
            level for level, _ in self._shape
        ]:
            # The same headings at the same levels, some retitled (typing in a heading): set
            # those titles, and keep the tree (rebuilding 400 items took 10-20 ms).
            for item, (_, text), (_, was) in zip(self._items, shape, self._shape, strict=True):
                if text != was:
                    item.setText(0, text)
                    item.setToolTip(0, text)
            self._shape = shape
        if shape != self._shape:
            self._shape = shape
            self.tree.clear()
            self._items = []
            for index, (heading, parent) in enumerate(
                zip(found, outline.parents(found), strict=True)
            ):
                item = QTreeWidgetItem([heading.text])
                item.setData(0, _INDEX_ROLE, index)
                item.setToolTip(0, heading.text)
                if parent < 0:
                    self.tree.addTopLevelItem(item)
                else:
                    self._items[parent].addChild(item)
                self._items.append(item)
            self.tree.expandAll()
        self.tree.setVisible(bool(found))
        self.empty.setVisible(not found)

    def select(self, index: int) -> None:
        """Select the ``index``-th heading (-1: none), as the cursor's section."""
        item = self._items[index] if 0 <= index < len(self._items) else None
        if item is self.tree.currentItem():
            return
        if item is None:
            self.tree.clearSelection()
            self.tree.setCurrentItem(None)  # type: ignore[arg-type]
            return
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)

    def rows(self) -> list[str]:
        """Every heading's text, indented two spaces a level of nesting (tests)."""
        out = []
        for item in self._items:
            depth, parent = 0, item.parent()
            while parent is not None:
                depth, parent = depth + 1, parent.parent()
            out.append("  " * depth + item.text(0))
        return out

    def selected_index(self) -> int:
        """The selected heading's index (-1: none)."""
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return -1
        return int(item.data(0, _INDEX_ROLE))

    def current_text(self) -> str | None:
        item = self.tree.currentItem()
        return item.text(0) if item is not None and item.isSelected() else None

    def item_of(self, index: int) -> QTreeWidgetItem:
        return self._items[index]

    def _requested(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.heading_requested.emit(int(item.data(0, _INDEX_ROLE)))


class OutlineDock(QObject):
    """Builds the Outline dock of ``window`` and keeps it in step with the open document.

    Emits ``heading_requested(line)`` (a file line) when the user picks a heading.
    """

    heading_requested = Signal(int)

    def __init__(self, window: QMainWindow, editor: QPlainTextEdit) -> None:
        super().__init__(window)
        self._editor = editor
        self._document: Document | None = None
        self._headings: list[Heading] = []
        self._stale = True
        self.scan_ms = 0.0  # how long the last scan took (measurements)
        self.panel = OutlinePanel()
        self.dock = QDockWidget("Outline", window)
        self.dock.setObjectName("outline-dock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self._waits = 0  # delays waited for the preview to render the last edit
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_DELAY_MS)
        self._timer.timeout.connect(lambda: self.refresh(after_typing=True))
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_DELAY_MS)
        self._follow_timer.timeout.connect(self._select_current)
        self.panel.heading_requested.connect(self._requested)
        self.dock.visibilityChanged.connect(self._visibility)
        editor.cursorPositionChanged.connect(self._follow_cursor)

    def set_document(self, document: Document) -> None:
        """Follow ``document`` (the window shows it now)."""
        if self._document is not None:
            with contextlib.suppress(RuntimeError):  # the old document may be gone already
                self._document.content_changed.disconnect(self._changed)
        self._document = document
        document.content_changed.connect(self._changed)
        self._stale = True
        self.refresh()

    def headings(self) -> list[Heading]:
        """The post's headings now (scanned again if the text changed since)."""
        if self._stale or self._timer.isActive():
            self.refresh(force=True)
        return list(self._headings)

    def current_index(self) -> int:
        """The heading the cursor is under (-1: above the first)."""
        return outline.section_at(self._headings, self._cursor_line())

    def refresh(self, force: bool = False, after_typing: bool = False) -> None:
        """Scan the headings again (at once) and show them; skipped while the dock is hidden."""
        self._timer.stop()
        document = self._document
        if document is None or not (force or self.dock.isVisible()):
            self._stale = True
            return
        started = time.perf_counter()
        rendered = document.renders.rendered_headings()  # what the preview's renderer found: cheap
        if rendered is None and after_typing and self._waits < WAITS_FOR_RENDER:
            # The preview has not rendered the last edit yet (a patch is still in flight):
            # its headings will come soon, and scanning costs 27 ms at 400 KB.
            self._waits += 1
            self._timer.start()
            return
        self._waits = 0
        if rendered is not None:
            self._headings = outline.from_rendered(rendered, document.body_start_line)
        else:  # not rendered since the last edit (the preview is hidden): scan the lines
            self._headings = outline.headings(document.body_lines(), document.body_start_line)
        self.scan_ms = (time.perf_counter() - started) * 1000
        self._timer.setInterval(round(max(UPDATE_DELAY_MS, UPDATE_DELAY_PER_SCAN * self.scan_ms)))
        self._stale = False
        self.panel.set_headings(self._headings)
        self._select_current()

    def _changed(self) -> None:
        self._stale = True
        if self.dock.isVisible():
            self._timer.start()

    def _visibility(self, visible: bool) -> None:
        if visible and self._stale:
            self.refresh()

    def _cursor_line(self) -> int:
        start = self._document.body_start_line if self._document is not None else 1
        return self._editor.textCursor().blockNumber() + start

    def _follow_cursor(self) -> None:
        """The cursor moved: select its section once it rests, if that is another section."""
        if self._stale or not self.dock.isVisible():
            return
        if self.current_index() != self.panel.selected_index():
            self._follow_timer.start()
        else:
            self._follow_timer.stop()  # back in the selected section before the delay ended

    def _select_current(self) -> None:
        if not self._stale and self.dock.isVisible():
            self.panel.select(self.current_index())

    def _requested(self, index: int) -> None:
        if 0 <= index < len(self._headings):
            self.heading_requested.emit(self._headings[index].line)
