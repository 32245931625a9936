"""The welcome page, shown in place of the editor while no post is open.

:class:`WelcomePage` only shows and asks: each button and recent-post link emits an intent
signal. Colours come from the palette (links in the palette's link colour), so the page follows
light and dark themes. :class:`WelcomeScreen` is what the window does with it: it puts the page
in place of the editor (the docks of a post step aside), answers its buttons through the
window's :class:`Opener`, and opens the example newsletter. The window makes it when the page is
first shown, so a start that opens a post never imports this module.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from editor.core.errors import GalleyError
from editor.ui import messages
from editor.ui.icons import icon as theme_icon

COLUMN_WIDTH = 560  # a readable measure, whatever the window's width
DESCRIPTION = "Write Markdown newsletters and blog posts, and see them as your readers will."


class WelcomePage(QScrollArea):
    """The app's name and purpose, buttons to start, and the recent posts as links."""

    open_folder_requested = Signal()
    open_post_requested = Signal()
    new_post_requested = Signal()
    example_requested = Signal()
    recent_requested = Signal(str)  # the path of a recent post

    def __init__(self, icons: dict[str, QIcon] | None = None, parent: QWidget | None = None):
        """``icons`` maps the button names (``folder``, ``post``, ``new``, ``example``) to
        icons."""
        super().__init__(parent)
        self.setObjectName("welcome-page")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        icons = icons or {}

        column = QWidget()
        column.setMaximumWidth(COLUMN_WIDTH)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(8)

        title = QLabel("Galley")
        title.setObjectName("welcome-title")
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 2.6)
        title_font.setWeight(QFont.Weight.DemiBold)
        title.setFont(title_font)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        description = QLabel(DESCRIPTION)
        description.setObjectName("welcome-description")
        description.setWordWrap(True)
        description.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        layout.addWidget(description)
        layout.addSpacing(24)

        # Mnemonics avoid the menu bar's (File, Edit, Format, View, Help): Alt+F stays File.
        self.open_folder_button = self._button("Open Fol&der…", icons.get("folder"))
        self.open_post_button = self._button("Open &Post…", icons.get("post"))
        self.new_post_button = self._button("&New Post", icons.get("new"))
        self.example_button = self._button("Open the E&xample Newsletter", icons.get("example"))
        self.open_folder_button.setToolTip("Open a site: its posts in a panel, the newest open")
        self.example_button.setToolTip("A small newsletter site to try Galley on (a copy of it)")
        grid = QGridLayout()
        grid.setSpacing(10)
        grid.addWidget(self.open_folder_button, 0, 0)
        grid.addWidget(self.open_post_button, 0, 1)
        grid.addWidget(self.new_post_button, 1, 0)
        grid.addWidget(self.example_button, 1, 1)
        layout.addLayout(grid)
        self.open_folder_button.clicked.connect(self.open_folder_requested)
        self.open_post_button.clicked.connect(self.open_post_requested)
        self.new_post_button.clicked.connect(self.new_post_requested)
        self.example_button.clicked.connect(self.example_requested)

        layout.addSpacing(24)
        self.recent_heading = QLabel("Recent posts")
        heading_font = QFont(self.recent_heading.font())
        heading_font.setWeight(QFont.Weight.DemiBold)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
        self.recent_heading.setFont(heading_font)
        layout.addWidget(self.recent_heading)
        self._recent_box = QVBoxLayout()
        self._recent_box.setSpacing(2)
        layout.addLayout(self._recent_box)
        self.recent_links: list[QLabel] = []
        self._recent_paths: list[str] = []
        layout.addStretch(1)

        page = QWidget()
        page.setBackgroundRole(QPalette.ColorRole.Base)
        rows = QVBoxLayout(page)
        rows.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(column, 100)
        centred.addStretch(1)
        rows.addLayout(centred)
        rows.addStretch(2)  # a little above the middle, where the eye lands
        self.setWidget(page)
        self.set_recent([])

    def _button(self, text: str, icon: QIcon | None) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(max(44, button.sizeHint().height() * 3 // 2))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if icon is not None:
            button.setIcon(icon)
            button.setIconSize(QSize(22, 22))
        button.setAutoDefault(True)  # Enter presses the focused button
        return button

    def set_recent(self, paths: Sequence[str]) -> None:
        """Show ``paths`` (newest first) as links; those no longer on disk are left out."""
        self._recent_paths = list(paths)
        palette = self.palette()
        text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        muted = QColor.fromRgbF(  # the text colour, halfway to the background
            *((t + b) / 2 for t, b in zip(text.getRgbF()[:3], base.getRgbF()[:3], strict=True))
        ).name()
        for label in self.recent_links:
            self._recent_box.removeWidget(label)
            label.deleteLater()
        self.recent_links = []
        for path in paths:
            if not Path(path).is_file():
                continue
            label = QLabel(_link_html(Path(path), muted, self.fontMetrics()))
            label.setObjectName("welcome-recent")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            label.setToolTip(path)
            label.linkActivated.connect(self.recent_requested)
            self._recent_box.addWidget(label)
            self.recent_links.append(label)
        self.recent_heading.setVisible(bool(self.recent_links))
        self._update_tab_order()

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.open_folder_button,
            self.open_post_button,
            self.new_post_button,
            self.example_button,
            *self.recent_links,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the folders' muted colour
            self.set_recent(self._recent_paths)

    def focus_first(self) -> None:
        """Put the keyboard focus on the first button."""
        self.open_folder_button.setFocus(Qt.FocusReason.OtherFocusReason)


class Opener(Protocol):
    """What the welcome page's buttons ask the window for (its PostFiles does them)."""

    def open_path(self, path: Path | str) -> bool: ...
    def open_folder(self, folder: Path | str, post: Path | None = None) -> bool: ...
    def open_dialog(self) -> None: ...
    def open_folder_dialog(self) -> None: ...
    def new_post(self) -> None: ...


_ICONS = (
    ("folder", "folder-open"),
    ("post", "document-open"),
    ("new", "document-new"),
    ("example", "mail-message"),
)


class WelcomeScreen(QObject):
    """The window's welcome page, in place of its editor page in ``stack`` while shown."""

    shown_changed = Signal(bool)  # the page took the editor's place (True) or gave it back
    status = Signal(str, int)  # a status bar message, and for how long (0: until the next)

    def __init__(
        self,
        stack: QStackedWidget,
        editor_page: QWidget,
        opener: Opener,
        *,
        recent: Callable[[], list[str]],
        docks: Callable[[], list[QWidget]],
        parent: QWidget,
    ) -> None:
        """``recent``: the recent posts, newest first; ``docks``: those that step aside while
        the page shows (a post's problems, outline, and the posts of no site); ``parent``: the
        window, also the parent of error messages."""
        super().__init__(parent)
        self._stack = stack
        self._editor_page = editor_page
        self._opener = opener
        self._recent = recent
        self._docks = docks
        self._parent = parent
        self._hidden_docks: list[QWidget] = []
        self.page = WelcomePage({name: theme_icon(icon) for name, icon in _ICONS})
        self.page.open_folder_requested.connect(opener.open_folder_dialog)
        self.page.open_post_requested.connect(opener.open_dialog)
        self.page.new_post_requested.connect(opener.new_post)
        self.page.example_requested.connect(self.open_example)
        self.page.recent_requested.connect(opener.open_path)
        stack.addWidget(self.page)

    @property
    def shown(self) -> bool:
        return self._stack.currentWidget() is self.page

    def show(self, message: str = "") -> None:
        """Show the page with the recent posts, its first button focused (``message``: in
        the status bar)."""
        self.page.set_recent(self._recent())
        self._switch(True)
        self.page.focus_first()
        if message:
            self.status.emit(message, 0)

    def leave(self) -> None:
        """Give the editor its place back (a post is shown)."""
        self._switch(False)

    def _switch(self, shown: bool) -> None:
        if shown == self.shown:
            return
        self._stack.setCurrentWidget(self.page if shown else self._editor_page)
        if shown:
            self._hidden_docks = [dock for dock in self._docks() if not dock.isHidden()]
            for dock in self._hidden_docks:
                dock.hide()
        else:
            self.restore_docks()
        self.shown_changed.emit(shown)

    def restore_docks(self) -> None:
        """Show the docks the page hid (with the editor, and before the window state is
        saved)."""
        for dock in self._hidden_docks:
            dock.show()
        self._hidden_docks = []

    def open_example(self) -> bool:
        """Open the example newsletter: the user's copy of it, made on first use."""
        from editor.core import example_site

        try:
            folder = example_site.ensure_copy()
        except GalleyError as error:
            messages.show_error(self._parent, error)
            return False
        if not self._opener.open_folder(folder):
            return False
        self.status.emit(f"The example newsletter is yours to change, in {folder}", 0)
        return True


def _link_html(path: Path, muted: str, metrics: QFontMetrics) -> str:
    """``weekly-26`` (a link), then its folder in the palette's muted text colour, shortened
    in the middle to fit the column."""
    name = path.parent.name if path.stem == "index" else path.stem
    folder = path.parent.parent if path.stem == "index" else path.parent
    try:
        shown = "~/" + folder.relative_to(Path.home()).as_posix()
    except ValueError:
        shown = folder.as_posix()
    room = COLUMN_WIDTH - 64 - metrics.horizontalAdvance(name + "    ")
    shown = metrics.elidedText(shown, Qt.TextElideMode.ElideMiddle, max(room, 80))
    return (
        f'<a href="{html.escape(str(path))}">{html.escape(name)}</a>'
        f'&nbsp;&nbsp;<span style="color:{muted}">{html.escape(shown)}</span>'
    )
