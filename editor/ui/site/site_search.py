"""Find in Site (Ctrl+Shift+F): a panel that searches every post of the site as you type.

The search (:mod:`editor.core.sitesearch`) runs on a worker thread, so the window never waits
for it; a newer query cancels an older one, and only the newest result is shown. Results are
grouped by post, one row per matching line with its number and the match highlighted. Enter,
a double-click or a click on a line asks the window to open the post at that line.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.sitesearch import PostMatches, SearchResult, SiteSearch

SEARCH_PAUSE_MS = 250  # typing pause before the search runs (Enter: at once)
MIN_CHARACTERS = 2  # a single letter would list every line of the site
_TARGET_ROLE = Qt.ItemDataRole.UserRole  # (path, line) to open
_SPAN_ROLE = Qt.ItemDataRole.UserRole + 1  # (start, end) of the match in the row's text


class SiteSearchPanel(QWidget):
    """The query box, a one-line summary and the results; emits ``open_requested(path, line)``.

    ``posts()`` gives the site's posts as (path, title) pairs, newest first; ``unsaved()`` the
    open post's path and its text as it is in the window (searched instead of the file)."""

    open_requested = Signal(object, int)
    _found = Signal(int, object)  # from the worker: the search's number, its SearchResult

    def __init__(
        self,
        posts: Callable[[], Sequence[tuple[Path, str]]],
        unsaved: Callable[[], tuple[Path | None, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("site-search")
        self._posts = posts
        self._unsaved = unsaved
        self._search = SiteSearch()
        self._number = 0  # of the newest search asked for
        self.running = False
        self.query = QLineEdit()
        self.query.setObjectName("site-search-query")
        self.query.setPlaceholderText("Find in all posts of the site")
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Find in site")
        self.summary = QLabel()
        self.summary.setObjectName("site-search-summary")
        self.summary.setWordWrap(True)
        self.results = QTreeWidget()
        self.results.setObjectName("site-search-results")
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(True)
        self.results.setItemDelegate(_MatchDelegate(self.results))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.search_now)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._enter)
        self.query.installEventFilter(self)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._clicked)
        self._found.connect(self._show)

    # -- searching

    def start(self, text: str = "") -> None:
        """Edit ▸ Find in Site: the query box focused (with ``text``, the editor's selection,
        when there is one), the last results kept."""
        if text:
            self.query.setText(text)
        self.query.selectAll()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if text:
            self.search_now()

    def search_now(self) -> None:
        """Search for the query now, on a worker thread (the newest search wins)."""
        self._timer.stop()
        self._number += 1
        number = self._number
        query = self.query.text().strip()
        if len(query) < MIN_CHARACTERS:
            self.results.clear()
            self.summary.setText("Type at least two characters." if query else "")
            return
        posts = list(self._posts())
        if not posts:
            self.results.clear()
            self.summary.setText("Open a site's post (or File ▸ Open Folder) to search its posts.")
            return
        path, text = self._unsaved()
        overrides = {path: text} if path is not None else {}
        self.running = True
        self.summary.setText("Searching…")

        def run() -> None:
            result = self._search.search(
                posts, query, overrides=overrides, cancelled=lambda: number != self._number
            )
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self._found.emit(number, result)

        threading.Thread(target=run, name="site-search", daemon=True).start()

    def _show(self, number: int, result: SearchResult) -> None:
        if number != self._number or result.cancelled:
            return  # a newer search is on its way
        self.running = False
        self.results.clear()
        bold = QFont(self.results.font())
        bold.setBold(True)
        items = [self._post_item(post, bold) for post in result.posts]
        self.results.addTopLevelItems(items)
        for item in items:
            item.setExpanded(True)
        if items:
            self.results.setCurrentItem(items[0].child(0))
        self.summary.setText(_summary(result))

    def _post_item(self, post: PostMatches, bold: QFont) -> QTreeWidgetItem:
        title = post.title or post.path.stem
        lines = len(post.matches) + post.more
        item = QTreeWidgetItem([f"{title}  ({lines} {'line' if lines == 1 else 'lines'})"])
        item.setFont(0, bold)
        item.setToolTip(0, str(post.path))
        item.setData(0, _TARGET_ROLE, (post.path, post.matches[0].line))
        for match in post.matches:
            prefix = f"{match.line}:  "
            row = QTreeWidgetItem([prefix + match.text])
            row.setData(0, _TARGET_ROLE, (post.path, match.line))
            row.setData(0, _SPAN_ROLE, (len(prefix) + match.start, len(prefix) + match.end))
            row.setToolTip(0, f"{title}, line {match.line}")
            item.addChild(row)
        if post.more:
            more = QTreeWidgetItem([f"… {post.more} more lines in this post"])
            more.setDisabled(True)
            item.addChild(more)
        return item

    def rows(self) -> list[str]:
        """The results as shown, posts and their lines, top to bottom (tests)."""
        shown = []
        for i in range(self.results.topLevelItemCount()):
            item = self.results.topLevelItem(i)
            shown.append(item.text(0))
            shown.extend("  " + item.child(n).text(0) for n in range(item.childCount()))
        return shown

    # -- keys and choosing

    def _enter(self) -> None:
        """Enter in the query: search now, or open the chosen result once they are shown."""
        if self._timer.isActive() or not self.results.topLevelItemCount():
            self.search_now()
            return
        item = self.results.currentItem()
        if item is not None:
            self._activated(item)

    def eventFilter(self, watched: object, event: object) -> bool:  # Qt override
        """Down in the query moves into the results."""
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.results.topLevelItemCount()
        ):
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if item.parent() is not None:  # a line; a post's row only folds
            self._activated(item)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, _TARGET_ROLE)
        if isinstance(target, tuple):
            path, line = target
            self.open_requested.emit(path, int(line))


def _summary(result: SearchResult) -> str:
    lines, posts = result.match_count, len(result.posts)
    if not posts:
        text = f"No post of {result.searched} contains “{result.query}”."
    else:
        text = (
            f"{lines} {'line' if lines == 1 else 'lines'} in {posts} "
            f"{'post' if posts == 1 else 'posts'} of {result.searched}"
        )
        if result.truncated:
            text += f" (the first {lines}: type more of the phrase to narrow it)"
        text += "."
    if result.unreadable:
        text += f" {result.unreadable} could not be read."
    return text


class _MatchDelegate(QStyledItemDelegate):
    """Paints a result line with its match highlighted (bold, on the highlight colour)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        span = index.data(_SPAN_ROLE)
        if not isinstance(span, tuple):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        rect.adjust(3, 0, -3, 0)
        start, end = span
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        normal = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.save()
        painter.setClipRect(rect)
        x = rect.x()
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        pieces = ((text[:start], False), (text[start:end], True), (text[end:], False))
        for piece, is_match in pieces:
            if not piece:
                continue
            font = QFont(opt.font)
            font.setBold(is_match)
            painter.setFont(font)
            width = painter.fontMetrics().horizontalAdvance(piece)
            box = rect.adjusted(x - rect.x(), 0, 0, 0)
            box.setWidth(width)
            if is_match and not selected:
                painter.fillRect(box, palette.color(QPalette.ColorRole.Highlight).lighter(160))
            painter.setPen(normal)
            painter.drawText(box, flags, piece)
            x += width
            if x > rect.right():
                break
        painter.restore()
