"""The posts of the site, newest first, with a filter and "New Issue…".

Each row shows the title (or the file name of a post that cannot be read), the date, a draft
mark and the tags; the filter matches title, slug and tags. Clicking a row (or Enter) asks the
window to open that post. In the filter, Enter opens the first match and Down moves into the list.
Below the list, what Galley took the site for and how many posts it found ("Hugo site · 345
posts"), or "Reading the site…" while the site is read.

A big site never holds the window: its rows are listed a batch per turn of the event loop, each
row's height is worked out once (and kept as its size hint, so laying the list out runs no
Python), and the same posts read again (after a save) fill only the rows that changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRect,
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
_SIZE_ROLE = Qt.ItemDataRole.SizeHintRole
READING = "Reading the site…"
BATCH = 150  # rows listed per turn of the event loop (about 10 ms)


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
        self._heights = _RowHeights(self.list)
        self.list.setItemDelegateForColumn(0, self._heights)
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
        self._relayout.timeout.connect(lambda: self._steps.start())
        self._scroll = QTimer(self)  # then, once the scroll bar knows the new heights, scroll
        self._scroll.setSingleShot(True)
        self._scroll.setInterval(0)
        self._scroll.timeout.connect(self._show_current)
        self._steps = QTimer(self, singleShot=True, interval=0)  # rows added, heights measured
        self._steps.timeout.connect(self._step)
        self._rest: list[PostInfo] = []  # posts whose rows are still to be added
        self._haystacks: list[str] = []  # what the filter matches, row by row
        self._shown: list[PostInfo] = []  # the post of each row
        self._words: list[str] = []  # the filter's words
        header.sectionResized.connect(lambda column, _old, _new: column or self._relayout.start())
        self.list.itemClicked.connect(self._open_item)
        self.list.itemActivated.connect(self._open_item)
        self.summary = QLabel()
        self.summary.setObjectName("posts-summary")
        self._summary = ""  # what the summary says once the site is read
        self._reading = False
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
        """Show ``site``'s posts (again), marking ``current`` as the open one.

        The first :data:`BATCH` rows are listed at once; a bigger site's others follow a batch
        per turn of the event loop (a thousand rows at once held the window for 100 ms)."""
        self.new_issue.setEnabled(bool(site is not None and site.series()))
        truncated = site.truncated if site is not None else None
        self.notice.setText(f"⚠ {truncated.summary}" if truncated is not None else "")
        self.notice.setToolTip(truncated.detail if truncated is not None else "")
        self.notice.setVisible(truncated is not None)
        if self._update_rows(site, current):
            return
        self._steps.stop()
        self._site = site
        self._current = current
        self._haystacks = []
        self._shown = []
        self._rest = list(site.posts) if site is not None else []
        self._words = self.filter.text().casefold().split()
        self.list.clear()
        self._heights.reset()
        self._add_batch()
        if self._rest:
            self.list.resizeColumnToContents(1)
            self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self._steps.start()

    def _update_rows(self, site: Site | None, current: Path | None) -> bool:
        """The same posts in the same order as the rows (the site read again after a save,
        another post of it opened): only the rows that changed are filled again, and the list
        keeps its place. False when the rows are to be listed afresh."""
        posts = site.posts if site is not None else ()
        if (
            site is None
            or self._site is None
            or self._rest
            or len(posts) != len(self._shown)
            or any(a.path != b.path for a, b in zip(posts, self._shown, strict=True))
        ):
            return False
        marked = {self._current, current}
        self._site, self._current = site, current
        for row, (post, before) in enumerate(zip(posts, self._shown, strict=True)):
            if post != before or post.path in marked:
                item = self.list.topLevelItem(row)
                self._fill(item, post)
                self._shown[row], self._haystacks[row] = post, _haystack(post)
                item.setHidden(not all(word in self._haystacks[row] for word in self._words))
                self._heights.measure(row, 1)
                if post.path == current:
                    self.list.setCurrentItem(item)
        self.list.doItemsLayout()  # (the heights changed behind the view's back)
        self._show_summary()
        self._scroll.start()
        return True

    @property
    def listing(self) -> bool:
        """Whether rows are still to be added or measured (a big site, a batch at a time)."""
        return bool(self._rest) or self._steps.isActive()

    def _step(self) -> None:
        """One turn's work: the next batch of rows, else rows to measure again at the title
        column's new width, else the list laid out and the open post scrolled to."""
        header = self.list.header()
        if self._rest:
            self._add_batch()
        elif header.sectionResizeMode(1) != QHeaderView.ResizeMode.ResizeToContents:
            # While rows came, the date column kept the first batch's width: fitted to every
            # row each batch, it cost more than the batch itself. Now it fits them all, once.
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        elif not self._heights.measure_stale(2 * BATCH):
            self.list.doItemsLayout()
            self._scroll.start()
            return
        self._steps.start()

    def _add_batch(self) -> None:
        batch, self._rest = self._rest[:BATCH], self._rest[BATCH:]
        items = [self._fill(QTreeWidgetItem(), post) for post in batch]
        self._haystacks.extend(_haystack(post) for post in batch)
        self._shown.extend(batch)
        first = self.list.topLevelItemCount()
        self.list.addTopLevelItems(items)
        if words := self._words:  # (an item is hidden in its list, once it is in one)
            for item, haystack in zip(items, self._haystacks[first:], strict=True):
                item.setHidden(not all(word in haystack for word in words))
        self._heights.measure(first, len(items))
        for item, post in zip(items, batch, strict=True):
            if post.path == self._current:
                self.list.setCurrentItem(item)  # (scrolled to once every row is there)
        self._show_summary()

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

    def _fill(self, item: QTreeWidgetItem, post: PostInfo) -> QTreeWidgetItem:
        """Show ``post`` in the row ``item`` (made for it, or showing it before)."""
        full_title = post.title or post.slug
        title = distinguishing_title(full_title, post.series)  # "…26 · Subtitle"
        if post.draft:
            title = f"{title}  (draft)"
        tags = ", ".join(post.tags)
        item.setText(0, f"{title}\n{tags}" if tags else title)
        item.setText(1, _date(post))
        item.setData(0, _PATH_ROLE, post.path)
        tip = f"{full_title}\n{post.path}" + (f"\n{tags}" if tags else "")
        if post.error:
            item.setText(0, f"{post.slug} ({post.problem_label})")
            tip = f"{post.path}\n{post.error}"
        item.setToolTip(0, tip)
        item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, tags)
        if post.path == self._current:
            font = QFont(self.list.font())
            font.setBold(True)
            item.setFont(0, font)
            item.setFont(1, font)
        else:
            for column in (0, 1):
                item.setData(column, Qt.ItemDataRole.FontRole, None)
        return item

    def _apply_filter(self, text: str) -> None:
        words = self._words = text.casefold().split()
        for index, haystack in enumerate(self._haystacks):
            self.list.topLevelItem(index).setHidden(not all(word in haystack for word in words))
        self._show_summary()

    def _show_summary(self) -> None:
        words = self._words
        total = len(self._haystacks) + len(self._rest)
        shown = sum(all(word in hay for word in words) for hay in self._haystacks) if words else 0
        if words:
            shown += sum(all(word in _haystack(post) for word in words) for post in self._rest)
        else:
            shown = total
        posts = plural.count(total, "post")
        match = plural.noun(shown, "matches", "match")
        text = posts if shown == total else f"{shown:,} of {posts} {match}"
        generator = self._site.generator if self._site is not None else None
        # What Galley took the site for: "Hugo site · 345 posts".
        self._summary = f"{generator.label} site · {text}" if generator else text
        self.summary.setText(READING if self._reading else self._summary)

    def set_reading(self, reading: bool) -> None:
        """While the site is read (on a worker), the summary says so; the list stays as it was
        until the site is there."""
        self._reading = reading
        self.summary.setText(READING if reading else self._summary)

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


class _RowHeights(QStyledItemDelegate):
    """The title column's delegate: rows as tall as their wrapped title and tags (Qt's own
    hint counts the explicit lines only, so a wrapped title pushed the tags out of sight).

    Each row's height is worked out once for the column's width and kept as the row's size
    hint, which the view reads without calling Python: asked of Python on every layout, a
    thousand rows' heights took 60 ms each time."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self._view = view
        self._widths: list[int] = []  # the column width each row was measured at

    def reset(self) -> None:
        """The list was emptied."""
        self._widths.clear()

    def measure(self, first: int, count: int, *, dates: bool = True) -> None:
        """Work out the heights of ``count`` rows from row ``first`` at the width now, and
        (``dates``: new rows) the date column's size, which no width changes."""
        view = self._view
        width = view.header().sectionSize(0)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect.setWidth(-1)  # (as the view asks: the explicit lines only)
        style = view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        bounds = QRect(0, 0, width - 2 * margin, 1 << 20)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        model = view.model()
        blocked = model.blockSignals(True)  # (the view lays the rows out once, after)
        try:
            for row in range(first, first + count):
                item = view.topLevelItem(row)
                if dates:
                    item.setData(1, _SIZE_ROLE, self.sizeHint(option, view.indexFromItem(item, 1)))
                item.setData(0, _SIZE_ROLE, None)
                index = view.indexFromItem(item, 0)
                size = self.sizeHint(option, index)
                if bounds.width() > 0:
                    styled = QStyleOptionViewItem(option)
                    self.initStyleOption(styled, index)
                    text = QFontMetrics(styled.font).boundingRect(bounds, flags, styled.text)
                    size.setHeight(max(size.height(), text.height() + 2 * margin))
                item.setData(0, _SIZE_ROLE, size)
        finally:
            model.blockSignals(blocked)
        self._widths[first : first + count] = [width] * count

    def measure_stale(self, most: int) -> bool:
        """Measure again up to ``most`` rows from the first one measured at another width;
        False if there was none."""
        width = self._view.header().sectionSize(0)
        first = next((row for row, at in enumerate(self._widths) if at != width), None)
        if first is None:
            return False
        self.measure(first, min(most, len(self._widths) - first), dates=False)
        return True


def _haystack(post: PostInfo) -> str:
    """What the filter looks for words in: title, slug and tags."""
    return " ".join([post.title, post.slug, *post.tags]).casefold()


def _date(post: PostInfo) -> str:
    if post.date is None:
        return "no date"
    return post.date.strftime("%d %b %Y")
