"""The posts of the site, newest first, with a filter and "New Issue…".

Each row shows the title (or the file name of a post that cannot be read), the date, a draft
mark and the tags; the filter matches title, slug and tags. Clicking a row (or Enter) asks the
window to open that post. In the filter, Enter opens the first match and Down moves into the list.
Below the list, what Galley took the site for and how many posts it found ("Hugo site · 345
posts").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core import plural
from editor.core.titles import distinguishing_title

if TYPE_CHECKING:
    from editor.core.site import PostInfo, Site

_PATH_ROLE = Qt.ItemDataRole.UserRole


class PostsPanel(QWidget):
    """Lists a site's posts; emits ``open_requested(path)`` and ``new_issue_requested()``."""

    open_requested = Signal(object)  # Path
    new_issue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("posts-panel")
        self._site: Site | None = None
        self._current: Path | None = None
        self.filter = QLineEdit()
        self.filter.setObjectName("posts-filter")
        self.filter.setPlaceholderText("Filter by title, slug or tag")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.returnPressed.connect(self._open_first)
        self.filter.installEventFilter(self)
        self.new_issue = QPushButton("New Issue…")
        self.new_issue.setObjectName("posts-new-issue")
        self.new_issue.setToolTip("Create the next issue of a series")
        self.new_issue.clicked.connect(self.new_issue_requested)
        self.list = QTreeWidget()
        self.list.setObjectName("posts-list")
        self.list.setHeaderLabels(["Post", "Date"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(False)  # a title, then its tags on a second line
        self.list.setWordWrap(True)  # a long title takes two lines rather than being cut
        self.list.setItemDelegateForColumn(0, _WrappedRows(self.list))
        self.list.setVerticalScrollMode(QTreeWidget.ScrollMode.ScrollPerPixel)  # rows differ
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Rows keep the height they were laid out at: lay them out again when the title column
        # changes width, so a title wraps to the lines it needs (once per burst of resizes).
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(50)
        self._relayout.timeout.connect(self._lay_out_rows)
        self._scroll = QTimer(self)  # then, once the scroll bar knows the new heights, scroll
        self._scroll.setSingleShot(True)
        self._scroll.setInterval(0)
        self._scroll.timeout.connect(self._show_current)
        header.sectionResized.connect(lambda column, _old, _new: column or self._relayout.start())
        self.list.itemClicked.connect(self._open_item)
        self.list.itemActivated.connect(self._open_item)
        self.summary = QLabel()
        self.summary.setObjectName("posts-summary")
        # Says when the list is only part of the site (more posts than Galley reads).
        self.notice = QLabel()
        self.notice.setObjectName("posts-notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.new_issue)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)

    def set_site(self, site: Site | None, current: Path | None = None) -> None:
        """Show ``site``'s posts (again), marking ``current`` as the open one."""
        self._site = site
        self._current = current
        self.list.clear()
        posts = site.posts if site is not None else ()
        for post in posts:
            item = self._item(post)
            self.list.addTopLevelItem(item)
            if post.path == current:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
        self.new_issue.setEnabled(bool(site is not None and site.series()))
        truncated = site.truncated if site is not None else None
        self.notice.setText(f"⚠ {truncated.summary}" if truncated is not None else "")
        self.notice.setToolTip(truncated.detail if truncated is not None else "")
        self.notice.setVisible(truncated is not None)
        self._apply_filter(self.filter.text())
        self._relayout.start()  # (then the current post is scrolled to with its rows' heights)

    def _lay_out_rows(self) -> None:
        self.list.doItemsLayout()
        self._scroll.start()

    def _show_current(self) -> None:
        current = self.list.currentItem()
        if current is not None:
            self.list.scrollToItem(current)

    def rows(self) -> list[str]:
        """The visible rows' titles, top to bottom (for tests and accessibility checks)."""
        return [
            self.list.topLevelItem(i).text(0).split("\n")[0]
            for i in range(self.list.topLevelItemCount())
            if not self.list.topLevelItem(i).isHidden()
        ]

    def _item(self, post: PostInfo) -> QTreeWidgetItem:
        full_title = post.title or post.slug
        title = distinguishing_title(full_title, post.series)  # "…26 · Subtitle"
        if post.draft:
            title = f"{title}  (draft)"
        tags = ", ".join(post.tags)
        item = QTreeWidgetItem([f"{title}\n{tags}" if tags else title, _date(post)])
        item.setData(0, _PATH_ROLE, post.path)
        tip = f"{full_title}\n{post.path}" + (f"\n{tags}" if tags else "")
        if post.error:
            item.setText(0, f"{post.slug} ({post.problem_label})")
            tip = f"{post.path}\n{post.error}"
        item.setToolTip(0, tip)
        item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, tags)
        if post.path == self._current:
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
            item.setFont(1, font)
        return item

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        shown = 0
        posts = {post.path: post for post in self._site.posts} if self._site else {}
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            post = posts.get(item.data(0, _PATH_ROLE))
            haystack = " ".join(
                [post.title, post.slug, *post.tags] if post is not None else [item.text(0)]
            ).casefold()
            hidden = not all(word in haystack for word in words)
            item.setHidden(hidden)
            shown += not hidden
        total = self.list.topLevelItemCount()
        posts = plural.count(total, "post")
        match = plural.noun(shown, "matches", "match")
        text = posts if shown == total else f"{shown:,} of {posts} {match}"
        generator = self._site.generator if self._site is not None else None
        # What Galley took the site for: "Hugo site · 345 posts".
        self.summary.setText(f"{generator.label} site · {text}" if generator else text)

    def _visible_items(self) -> list[QTreeWidgetItem]:
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in items if not item.isHidden()]

    def _open_first(self) -> None:
        """Enter in the filter: open the single (or first) match."""
        shown = self._visible_items()
        if shown:
            self.list.setCurrentItem(shown[0])
            self._open_item(shown[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """Down in the filter moves into the list, onto the first match."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and not event.modifiers():
                shown = self._visible_items()
                if shown:
                    current = self.list.currentItem()
                    if current is None or current.isHidden() or self.filter.text().strip():
                        self.list.setCurrentItem(shown[0])
                    self.list.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        path = item.data(0, _PATH_ROLE)
        if isinstance(path, Path) and path != self._current:
            self.open_requested.emit(path)


class _WrappedRows(QStyledItemDelegate):
    """Rows as tall as their wrapped title and tags (Qt's own hint counts the explicit lines
    only, so a wrapped title pushed the tags out of sight)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:  # Qt override
        size = super().sizeHint(option, index)
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        style = self._view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self._view) + 1
        width = self._view.header().sectionSize(0) - 2 * margin
        if width <= 0:
            return size
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        text = QFontMetrics(styled.font).boundingRect(
            QRect(0, 0, width, 1 << 20), flags, styled.text
        )
        return QSize(size.width(), max(size.height(), text.height() + 2 * margin))


def _date(post: PostInfo) -> str:
    if post.date is None:
        return "no date"
    return post.date.strftime("%d %b %Y")
