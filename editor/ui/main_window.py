"""Galley's window: the Markdown editor beside the live preview, the front-matter form at the side.

This is the one place that composes the widgets; each of them only shows and asks (intent
signals), and :class:`~editor.state.document.Document` decides what happens to the file.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from editor import __version__
from editor.core import textstats
from editor.core.errors import FrontMatterError, GalleyError
from editor.core.journal import Journal, RecoveryEntry
from editor.core.post import Post
from editor.state.document import Document, ReadOnlyFile, SaveConflict
from editor.state.session import Session
from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.actions import Actions
from editor.ui.dialogs.word_goal import WordGoal
from editor.ui.editing.find_bar import FindBar
from editor.ui.editing.highlighter import palette_is_dark
from editor.ui.editing.image_import import ImageImporter, reference_under
from editor.ui.editing.line_sync import LineSync
from editor.ui.editing.markdown_edit import MarkdownEdit
from editor.ui.editing.spell_menu import SpellChecking
from editor.ui.form.front_matter_form import FrontMatterForm
from editor.ui.icons import icon as theme_icon
from editor.ui.preview import PreviewController, PreviewView
from editor.ui.safety import DocumentGuard
from editor.ui.site.navigation import Navigator
from editor.ui.site.outline_panel import OutlineDock
from editor.ui.site.site_context import SiteContext
from editor.ui.site.site_docks import SiteDocks
from editor.ui.window_preferences import WindowPreferences

if TYPE_CHECKING:
    from editor.core.images import ImportOptions
    from editor.core.site import Site
    from editor.ui.dialogs.welcome import WelcomePage

log = logging.getLogger(__name__)
_SYNC_QUIET_S = 0.25  # after one side scrolls the other, ignore its echo for this long


SITE_AFTER_PAINT_MS = 100  # from the preview page being ready to reading the site


class MainWindow(QMainWindow):
    """One post at a time; File ▸ Open replaces it (after asking about unsaved changes)."""

    def __init__(
        self,
        settings: Settings,
        journal: Journal | None = None,
        backup_folder: Path | None = None,
    ) -> None:
        """``journal`` keeps unsaved text for crash recovery; ``backup_folder`` receives the
        previous version of a post on its first save in a session while the ``files/backups``
        setting is on (None: no backups)."""
        super().__init__()
        self._settings = settings
        self.document = Document(parent=self)
        self._loading = False
        self._synced_at = 0.0

        self.editor = MarkdownEdit()
        self.line_sync = LineSync(self.editor, self)
        self.editor.setObjectName("editor")
        self.find_bar = FindBar(self.editor)
        self.preview = PreviewView()
        self.preview.setObjectName("preview")
        self.preview_controller = PreviewController(self.preview, self)
        self.preview_controller.set_dark(palette_is_dark(self.palette()))
        self.remote_toggle = QCheckBox("Load remote content")
        self.remote_toggle.setToolTip(
            "Let this post's embedded videos, podcasts and remote images load from the internet"
        )
        self.form = FrontMatterForm()
        self.form.setObjectName("front-matter-form")

        editor_pane = QWidget()
        editor_layout = QVBoxLayout(editor_pane)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        editor_layout.addWidget(self.editor)
        editor_layout.addWidget(self.find_bar)
        self.preview_pane = QWidget()
        preview_layout = QVBoxLayout(self.preview_pane)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.setSpacing(0)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 2, 8, 2)
        bar.addWidget(QLabel("Preview"))
        bar.addStretch(1)
        bar.addWidget(self.remote_toggle)
        preview_layout.addLayout(bar)
        preview_layout.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(editor_pane)
        self.splitter.addWidget(self.preview_pane)
        self.splitter.addWidget(self.form)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 1)
        self.stack = QStackedWidget()  # the editor area, or the welcome page (made when shown)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)
        self.welcome: WelcomePage | None = None
        self.session = Session(settings)
        self._folder: Path | None = None  # the site folder opened with Open Folder
        self._hidden_docks: list[QWidget] = []  # while the welcome page shows

        self.site = SiteContext()
        self.guard = DocumentGuard(self, self.editor, journal)
        self._site_pending = False
        self._site_timer = QTimer(self, singleShot=True, interval=1500)  # if no page comes
        self._site_timer.timeout.connect(self._follow_site)
        # Once the page is ready, a moment for its first frame to reach the screen (reading
        # the site takes 60-140 ms of this thread), then the site.
        self.preview.page_ready.connect(
            lambda: QTimer.singleShot(SITE_AFTER_PAINT_MS, self._follow_site)
        )
        application = QApplication.instance()
        if isinstance(application, QApplication):  # another program got the focus
            application.applicationStateChanged.connect(self._application_state)
        self.images = ImageImporter(
            self.editor,
            self,
            post_path=lambda: self.document.path,
            save_first=self.save_as,
            open_post=self.open_path,
            asset_dir=self._asset_dir,
            options=self._image_options,
        )
        self.editor.mime_handler = self.images.handle_mime
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.actions_ = Actions(self)
        self.toolbar = self.actions_.build_toolbar(self, self.editor.formatting_actions())
        self.actions_.build_menus(self.menuBar(), self.editor.formatting_actions())
        self.spelling = SpellChecking(self.editor, settings, self)
        self.actions_.view_menu.addSeparator()
        self.actions_.view_menu.addAction(self.spelling.toggle_action)
        self.actions_.view_menu.addAction(self.spelling.seed_action)
        self.docks = SiteDocks(
            self,
            self.site,
            self.editor,
            open_post=self.open_path,
            go_to_line=self.go_to_file_line,
        )
        self.outline = OutlineDock(self, self.editor)  # below Posts
        self.splitDockWidget(self.docks.posts_dock, self.outline.dock, Qt.Orientation.Vertical)
        self.actions_.add_docks(self.docks.posts_dock, self.outline.dock, self.docks.problems_dock)
        self.navigator = Navigator(
            self,
            self.outline,
            site=self._current_site,
            recent=settings.recent_files,
            current_path=lambda: self.document.path,
            open_post=self.open_path,
            go_to_line=self.go_to_heading_line,
        )
        self.word_goal = WordGoal(settings, self)
        self.status_words = self.word_goal.label
        self.status_position = QLabel()
        self.statusBar().addPermanentWidget(self.word_goal.bar)
        self.statusBar().addPermanentWidget(self.status_words)
        self.statusBar().addPermanentWidget(self.status_position)
        self._stats_timer = QTimer(self, singleShot=True, interval=250)
        self._words = textstats.WordCounter()
        self.prefs = WindowPreferences(  # settings applied live
            self,
            settings,
            backup_folder,
            actions=self.actions_,
            editor=self.editor,
            guard=self.guard,
            docks=self.docks,
        )

        self._connect_signals()
        self._restore_settings()
        self._show_document(Document(self.prefs.new_post(), parent=self))

    # -- wiring

    def _connect_signals(self) -> None:
        a = self.actions_
        a.new.triggered.connect(self.new_post)
        a.open.triggered.connect(self.open_dialog)
        a.open_folder.triggered.connect(self.open_folder_dialog)
        a.new_issue.triggered.connect(lambda: self.docks.new_issue())
        a.save.triggered.connect(self.save)
        a.save_as.triggered.connect(self.save_as)
        a.revert.triggered.connect(self.revert)
        a.close.triggered.connect(self.close_post)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.editor.undo)
        a.redo.triggered.connect(self.editor.redo)
        a.cut.triggered.connect(self.editor.cut)
        a.copy.triggered.connect(self.editor.copy)
        a.paste.triggered.connect(self.editor.paste)
        a.paste_image.triggered.connect(self.images.paste_image)
        a.rename_image.triggered.connect(self.images.rename_image_at_cursor)
        a.scale_images.toggled.connect(lambda on: self._settings.set("images/scale_down", on))
        a.strip_location.toggled.connect(lambda on: self._settings.set("images/strip_location", on))
        self.images.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.spelling.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.editor.customContextMenuRequested.connect(self._editor_menu)
        a.find.triggered.connect(lambda: self.find_bar.open_find(replace=False))
        a.replace.triggered.connect(lambda: self.find_bar.open_find(replace=True))
        a.find_next.triggered.connect(self.find_bar.find_next)
        a.find_previous.triggered.connect(self.find_bar.find_previous)
        a.go_to_line.triggered.connect(self.go_to_line)
        a.go_to_heading.triggered.connect(self.navigator.go_to_heading)
        a.quick_open.triggered.connect(self.navigator.quick_open)
        a.word_goal.triggered.connect(self.word_goal.ask)
        self.outline.heading_requested.connect(self.go_to_heading_line)
        a.show_preview.toggled.connect(self._set_preview_visible)
        a.show_form.toggled.connect(self._set_form_visible)
        a.scroll_sync.toggled.connect(lambda on: self._settings.set("preview/scroll_sync", on))
        a.wrap.toggled.connect(self._set_wrap)
        a.monospace.toggled.connect(self._set_monospace)
        a.remote_content.toggled.connect(self.remote_toggle.setChecked)
        a.about.triggered.connect(self.about)
        a.preferences.triggered.connect(self.prefs.show_dialog)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.show_toolbar.toggled.connect(self._set_toolbar_visible)
        a.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.remote_toggle.toggled.connect(a.remote_content.setChecked)
        self.remote_toggle.toggled.connect(self.preview_controller.set_remote_content)

        self.editor.textChanged.connect(self._editor_changed)  # typing itself: self.line_sync
        self.editor.cursorPositionChanged.connect(self._update_position)
        self.editor.selectionChanged.connect(self._stats_timer.start)  # the selection's count
        self.editor.verticalScrollBar().valueChanged.connect(self._editor_scrolled)
        self.editor.undoAvailable.connect(a.undo.setEnabled)
        self.editor.redoAvailable.connect(a.redo.setEnabled)
        self.preview.line_clicked.connect(self.go_to_file_line)
        self.preview.line_scrolled.connect(self._preview_scrolled)
        self.form.field_edited.connect(self._set_field)
        self.form.key_removed.connect(self._remove_field)
        self.form.yaml_edited.connect(lambda text: self.document.set_front_matter_text(text))
        self._stats_timer.timeout.connect(self._update_stats)

    def _image_options(self) -> ImportOptions:
        from editor.core.images import ImportOptions

        get = self._settings.get
        return ImportOptions(
            max_width=get("images/max_width") if get("images/scale_down") else None,
            strip_location=get("images/strip_location"),
        )

    def _editor_menu(self, position: QPoint) -> None:
        """The editor's own context menu, plus the image actions."""
        menu = self.editor.createStandardContextMenu(position)
        self.spelling.extend_menu(menu, position)
        menu.addSeparator()
        menu.addAction(self.actions_.paste_image)
        cursor = self.editor.cursorForPosition(position)
        if reference_under(cursor):
            if not self.editor.textCursor().hasSelection():
                self.editor.setTextCursor(cursor)
            menu.addAction(self.actions_.rename_image)
        menu.exec(self.editor.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _show_document(self, document: Document, key: str | None = None) -> None:
        """Make ``document`` the one the window shows (the old one is dropped); ``key`` is the
        recovery entry it was restored from."""
        old = self.document
        if old is not document:
            old.deleteLater()
        self._show_page(welcome=False)
        self.document = document
        self.prefs.track(document)  # backups
        self.guard.track(document, key)
        document.modified_changed.connect(self.setWindowModified)
        document.modified_changed.connect(lambda _m: self._update_title())
        document.path_changed.connect(lambda _p: self._update_title())
        document.path_changed.connect(lambda path: self.site.follow(path))
        document.path_changed.connect(self.word_goal.set_post)
        self.word_goal.set_post(document.path)
        document.meta_changed.connect(self._fill_form)
        document.body_reset.connect(self._set_editor_text)
        document.front_matter_error.connect(self._front_matter_error)
        self._set_editor_text(document.editor_body)
        self.line_sync.set_document(document)
        self._fill_form()
        self._front_matter_error(document.error)
        self.remote_toggle.setChecked(self.prefs.remote_by_default())
        self.preview_controller.set_document(document)
        self.outline.set_document(document)
        self.setWindowModified(document.is_modified)
        self._update_title()
        self.actions_.revert.setEnabled(document.path is not None)
        # The site (posts, completions, checks) is read once the preview shows the post, so
        # that the first paint never waits for it.
        self._site_pending = True
        self._site_timer.start()

    def _current_site(self) -> Site | None:
        self._follow_site()  # Quick Open right after opening: the site now
        return self.site.site

    @property
    def site_followed(self) -> bool:
        """Whether the open post's site has been read (just after its first paint)."""
        return not self._site_pending

    def _asset_dir(self) -> str | None:
        self._follow_site()  # an image dropped before the site was read goes where it says
        return self.site.asset_dir(self.document.path)

    def _follow_site(self) -> None:
        if not self._site_pending:
            return
        self._site_pending = False
        self._site_timer.stop()
        document = self.document
        self.site.follow(document.path)
        self.spelling.follow(self.site.site, document.meta_dict())
        if self.site.problem is not None:
            self.statusBar().showMessage(str(self.site.problem), 10000)
        elif self.site.site is not None and self.site.site.truncated is not None:
            self.statusBar().showMessage(str(self.site.site.truncated), 10000)
        self.docks.show_document(document)
        self.actions_.new_issue.setEnabled(self.site.site is not None)
        self._fill_form()  # now with the site's tags and authors

    # -- files

    def open_path(self, path: Path | str) -> bool:
        """Open a post; False (and a message) if it could not be opened or the user cancelled."""
        try:  # read it first: a post that cannot be opened must not cost the current one
            document = Document.open(path, self)
        except GalleyError as error:
            messages.show_error(self, error)
            return False
        if not self.maybe_save():
            document.deleteLater()
            return False
        self._show_document(document)
        if document.path is not None:
            self._settings.add_recent_file(str(document.path))
            self._settings.set("files/last_folder", str(document.path.parent))
            if self._folder is not None and not document.path.is_relative_to(self._folder):
                self._folder = None  # a post from elsewhere: that folder is no longer open
        self._remember()
        return True

    def new_post(self) -> None:
        if self.maybe_save():
            self._show_document(Document(self.prefs.new_post(), parent=self))
            self._remember()

    def close_post(self) -> None:
        """Let the post go (asking about unsaved changes) and show the welcome page."""
        if self.maybe_save():
            self._show_document(Document(parent=self))
            self.show_welcome()

    def open_dialog(self) -> None:
        start = self._settings.get("files/last_folder") or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self, "Open Post", start, "Markdown posts (*.md *.markdown);;All files (*)"
        )
        if name:
            self.open_path(name)

    def open_folder(self, folder: Path | str, post: Path | None = None) -> bool:
        """Open a site folder: its posts in the Posts panel, its newest post (or ``post``) in
        the editor."""
        from editor.core.site import Site

        try:
            site = Site.open(Path(folder))
        except GalleyError as error:
            messages.show_error(self, error)
            return False
        readable = [post for post in site.posts if post.ok]
        if not readable:
            messages.show_error(
                self,
                GalleyError(
                    f"No posts found in {folder}.",
                    "Galley looks for content/blog/<slug>/index.md and *.md files (or the "
                    "'posts' patterns of galley.toml). Choose the site's folder, or create a "
                    "post with File ▸ New Post.",
                ),
            )
            return False
        self._settings.set("files/last_folder", str(site.root))
        self.site.use(site)  # the post's site is this one: not read a second time
        self.docks.posts_dock.show()
        before, self._folder = self._folder, site.root
        if not self.open_path(post if post is not None else readable[0].path):
            self._folder = before
            return False
        return True

    def open_folder_dialog(self) -> None:
        start = self._settings.get("files/last_folder") or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Site Folder", start)
        if folder:
            self.open_folder(folder)

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        start = str(
            self.document.path or Path(self._settings.get("files/last_folder") or Path.home())
        )
        name, _ = QFileDialog.getSaveFileName(self, "Save Post As", start, "Markdown posts (*.md)")
        return self._save_to(Path(name)) if name else False

    def _save_to(self, path: Path | None) -> bool:
        self.guard.flush()  # the recovery copy first: a failed save then loses nothing
        allowed: dict[str, bool] = {}
        try:
            while True:
                try:
                    self.document.save(path, **allowed)
                    break
                except SaveConflict as conflict:
                    if "overwrite_newer" in allowed:
                        raise  # changed again while saving: say so
                    if not messages.ask_overwrite_newer(self, conflict):
                        return False
                    allowed["overwrite_newer"] = True
                except ReadOnlyFile as read_only:
                    if not messages.ask_overwrite_read_only(self, read_only):
                        return False
                    allowed["overwrite_read_only"] = True
        except GalleyError as error:
            messages.show_error(self, error)
            return False
        self.statusBar().showMessage(f"Saved {self.document.path}", 4000)
        self.docks.refresh_posts()
        if self.document.path is not None:
            self._settings.add_recent_file(str(self.document.path))
        self.actions_.revert.setEnabled(True)
        return True

    def revert(self) -> None:
        if self.document.is_modified:
            question = "Discard your changes and go back to the saved version?"
            if not messages.confirm(self, "Revert", question, "&Discard Changes"):
                return
        self.document.revert()

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when it is fine to let the document go."""
        if not self.document.is_modified:
            return True
        choice = messages.ask_save_changes(self, self.document.display_name)
        if choice is messages.Choice.SAVE:
            return self.save()
        if choice is messages.Choice.DISCARD:
            self.guard.discard()
            return True
        return False

    def restore(self, entry: RecoveryEntry, journal: Journal) -> bool:
        """Show a recovered entry: the post (or an untitled one) with the recovered text,
        modified until saved. The entry becomes this window's own recovery copy."""
        path = entry.post_path
        try:
            if path is not None and path.is_file():
                document = Document.open(path, self)
            else:
                document = Document(Post.parse("", path), self)
            adopted = journal.adopt(entry, self.guard.new_key())
        except GalleyError as error:
            messages.show_error(self, error)
            return False
        before = document.full_text()
        self._show_document(document, adopted.key)
        document.restore(entry.text)
        self.go_to_file_line(_first_difference(before, entry.text))  # where the changes start
        self.statusBar().showMessage(
            f"Restored unsaved changes to {document.display_name} from "
            f"{entry.saved_at.astimezone():%d %b %Y %H:%M}. Save to keep them.",
            0,
        )
        return True

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        """The preview follows the window between light and dark palettes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.preview_controller.set_dark(palette_is_dark(self.palette()))
        elif event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.guard.flush()  # focus lost: the recovery copy now

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.guard.flush()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if not self.maybe_save():
            event.ignore()
            return
        self._remember()
        self._hide_docks(False)
        self._save_settings()
        event.accept()

    def _fill_recent_menu(self) -> None:
        menu = self.actions_.recent_menu
        menu.clear()
        recent = self._settings.recent_files()
        for number, name in enumerate(recent, start=1):
            mnemonic = f"&{number} " if number < 10 else "1&0 " if number == 10 else ""
            action = menu.addAction(mnemonic + name.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, n=name: self.open_path(n))
        if not recent:
            menu.addAction("&No recent posts").setEnabled(False)

    # -- welcome page and reopening

    def show_welcome(self, message: str = "") -> None:
        """Show the welcome page in place of the editor (``message``: in the status bar)."""
        if self.welcome is None:
            from editor.ui.dialogs.welcome import WelcomePage

            self.welcome = WelcomePage(
                {
                    name: theme_icon(icon)
                    for name, icon in (
                        ("folder", "folder-open"),
                        ("post", "document-open"),
                        ("new", "document-new"),
                        ("example", "mail-message"),
                    )
                }
            )
            self.welcome.open_folder_requested.connect(self.open_folder_dialog)
            self.welcome.open_post_requested.connect(self.open_dialog)
            self.welcome.new_post_requested.connect(self.new_post)
            self.welcome.example_requested.connect(self.open_example)
            self.welcome.recent_requested.connect(self.open_path)
            self.stack.addWidget(self.welcome)
        self.welcome.set_recent(self._settings.recent_files())
        self._show_page(welcome=True)
        self._remember()
        self.welcome.focus_first()
        if message:
            self.statusBar().showMessage(message, 0)

    @property
    def welcome_shown(self) -> bool:
        return self.welcome is not None and self.stack.currentWidget() is self.welcome

    def _show_page(self, welcome: bool) -> None:
        """Switch between the welcome page and the editor; actions that need a post are off
        while the welcome page shows."""
        if welcome == self.welcome_shown:
            return
        if self.welcome is not None:
            self.stack.setCurrentWidget(self.welcome if welcome else self.splitter)
        self._hide_docks(welcome)
        a = self.actions_
        for action in (
            *(a.save, a.save_as, a.close, a.cut, a.copy, a.paste, a.paste_image),
            *(a.rename_image, a.find, a.replace, a.find_next, a.find_previous, a.go_to_line),
            *(a.go_to_heading, a.word_goal),
            *self.editor.formatting_actions(),
        ):
            action.setEnabled(not welcome)
        self.status_words.setVisible(not welcome)
        self.word_goal.bar.setVisible(not welcome and self.word_goal.goal is not None)
        self.status_position.setVisible(not welcome)
        if welcome:
            a.revert.setEnabled(False)
            self.setWindowTitle("Galley")

    def _hide_docks(self, hide: bool) -> None:
        """The welcome page shows alone (no list of an untitled post's problems); the docks
        come back with the editor, and before the window state is saved."""
        if hide:
            docks = [self.docks.problems_dock, self.outline.dock]
            if self.site.site is None:
                docks.append(self.docks.posts_dock)
            self._hidden_docks = [dock for dock in docks if not dock.isHidden()]
            for dock in self._hidden_docks:
                dock.hide()
        else:
            for dock in self._hidden_docks:
                dock.show()
            self._hidden_docks = []

    def reopen_last(self) -> bool:
        """A start without arguments: open what was open last time, else the welcome page
        (saying what is missing, if something is)."""
        plan = self.session.plan()
        opened = False
        if plan.site is not None:
            opened = self.open_folder(plan.site, post=plan.post)
        elif plan.post is not None:
            opened = self.open_path(plan.post)
        if not opened:
            self.show_welcome(plan.missing)
        return opened

    def open_example(self) -> bool:
        """Open the example newsletter: the user's copy of it, made on first use."""
        from editor.core import example_site

        try:
            folder = example_site.ensure_copy()
        except GalleyError as error:
            messages.show_error(self, error)
            return False
        if not self.open_folder(folder):
            return False
        self.statusBar().showMessage(f"The example newsletter is yours to change, in {folder}", 0)
        return True

    def _remember(self) -> None:
        """Tell the session what is open now (no post while the welcome page shows)."""
        self.session.remember(None if self.welcome_shown else self.document.path, self._folder)

    # -- editor, form and preview

    def _set_editor_text(self, text: str) -> None:
        self._loading = self.line_sync.paused = True
        try:
            self.editor.highlighter.load_text(lambda: self.editor.setPlainText(text))
        finally:
            self._loading = self.line_sync.paused = False
        self.line_sync.reset()
        self._stats_timer.start()

    def _editor_changed(self) -> None:
        if not self._loading:
            self._stats_timer.start()

    def _fill_form(self) -> None:
        document = self.document
        self.form.set_read_only(
            document.front_matter_read_only, document.front_matter_format.upper()
        )
        if document.error is None:
            self.form.set_front_matter(
                document.meta_dict(),
                document.front_matter_text,
                document.folder,
                known_tags=self.site.known_tags(),
                known_authors=self.site.known_authors(),
            )
        else:  # safe mode: this post's own raw front matter, to fix in place
            self.form.set_broken_front_matter(document.front_matter_text, document.folder)

    def _set_field(self, path: tuple[str | int, ...], value: object) -> None:
        try:
            self.document.set_field(path, value)
        except GalleyError as error:  # e.g. a value shared through a YAML anchor
            messages.show_error(self, error)
            self._fill_form()  # the field shows what the post really says

    def _remove_field(self, path: tuple[str | int, ...]) -> None:
        try:
            self.document.remove_field(path)
        except GalleyError as error:
            messages.show_error(self, error)
            self._fill_form()

    def _front_matter_error(self, error: FrontMatterError | None) -> None:
        if error is None:
            self.form.clear_yaml_error()
            self._fill_form()
        else:
            self._fill_form()  # this post's own raw YAML, then its error line marked
            self.form.show_yaml_error(error.line, error.column, error.summary)
            self.statusBar().showMessage(error.summary, 8000)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — Galley")

    def _update_position(self) -> None:
        cursor = self.editor.textCursor()
        line = cursor.blockNumber() + self.document.body_start_line
        self.status_position.setText(f"Ln {line}, Col {cursor.positionInBlock() + 1}")

    def _update_stats(self) -> None:
        selected = self.editor.textCursor().selectedText().replace("\u2029", "\n")
        if selected:
            words = self._words.count(selected)
        else:
            words = self._words.count_lines(self.document.body_lines())
        minutes = textstats.reading_minutes(words)
        self.word_goal.show_count(words, minutes, selection=bool(selected))

    def go_to_line(self) -> None:
        first = self.document.body_start_line
        last = first + self.editor.blockCount() - 1
        current = self.editor.textCursor().blockNumber() + first
        line = messages.ask_number(
            self, "Go to Line", f"Line ({first}–{last}):", current, first, last
        )
        if line is not None:
            self.go_to_file_line(line)

    def go_to_file_line(self, line: int) -> None:
        """Move the editor's cursor to a line of the file (front matter lines included)."""
        block = self.editor.document().findBlockByNumber(
            max(0, line - self.document.body_start_line)
        )
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()
        self.editor.setFocus()

    def go_to_heading_line(self, line: int) -> None:
        """Put a heading's line (a file line) at the top of the editor and of the preview."""
        block = self.editor.document().findBlockByNumber(
            max(0, line - self.document.body_start_line)
        )
        if not block.isValid():
            return
        self.editor.setTextCursor(QTextCursor(block))
        self._synced_at = time.monotonic()  # the preview is told below, not by the echo
        self.editor.verticalScrollBar().setValue(block.firstLineNumber())
        self.preview.scroll_to_line(line)
        self.editor.setFocus()

    def _editor_scrolled(self) -> None:
        if not self._settings.get("preview/scroll_sync") or self._loading:
            return
        if time.monotonic() - self._synced_at < _SYNC_QUIET_S:
            return
        block = self.editor.firstVisibleBlock()
        self._synced_at = time.monotonic()
        self.preview.scroll_to_line(block.blockNumber() + self.document.body_start_line)

    def _preview_scrolled(self, line: float) -> None:
        if not self._settings.get("preview/scroll_sync"):
            return
        if time.monotonic() - self._synced_at < _SYNC_QUIET_S:
            return
        self._synced_at = time.monotonic()
        number = max(0, int(line) - self.document.body_start_line)
        block = self.editor.document().findBlockByNumber(number)
        if block.isValid():
            bar = self.editor.verticalScrollBar()
            bar.setValue(block.firstLineNumber())

    # -- view

    def _set_preview_visible(self, visible: bool) -> None:
        self.preview_pane.setVisible(visible)
        self._settings.set("preview/visible", visible)

    def _set_form_visible(self, visible: bool) -> None:
        self.form.setVisible(visible)
        self._settings.set("form/visible", visible)

    def _set_toolbar_visible(self, visible: bool) -> None:
        self.toolbar.setVisible(visible)
        self._settings.set("window/toolbar", visible)

    def _set_wrap(self, on: bool) -> None:
        self.editor.set_wrap(on)
        self._settings.set("editor/wrap", on)

    def _set_monospace(self, on: bool) -> None:
        self._settings.set("editor/monospace", on)  # self.prefs sets the font

    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard Shortcuts: made from the menus each time, so it is never stale."""
        from editor.ui.dialogs.shortcuts_dialog import ShortcutsDialog, menu_rows

        rows = menu_rows(self.menuBar(), skip=[self.actions_.recent_menu])
        dialog = ShortcutsDialog(rows, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog = dialog
        dialog.show()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Galley",
            f"<h3>Galley {__version__}</h3><p>Write Markdown newsletters and blog posts, "
            "and see them as your readers will.</p>",
        )

    # -- settings

    def _restore_settings(self) -> None:
        s = self._settings
        geometry = s.get("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        splitter = s.get("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([440, 440, 320])
        state = s.get("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        a = self.actions_
        for action, key in (
            (a.show_preview, "preview/visible"),
            (a.show_form, "form/visible"),
            (a.show_toolbar, "window/toolbar"),
            (a.scroll_sync, "preview/scroll_sync"),
            (a.wrap, "editor/wrap"),
            (a.monospace, "editor/monospace"),
            (a.scale_images, "images/scale_down"),
            (a.strip_location, "images/strip_location"),
        ):
            value = bool(s.get(key))
            action.setChecked(value)
            action.toggled.emit(value)

    def _save_settings(self) -> None:
        self._settings.set("window/geometry", self.saveGeometry())
        self._settings.set("window/splitter", self.splitter.saveState())
        self._settings.set("window/state", self.saveState())
        self._settings.sync()


def _first_difference(old: str, new: str) -> int:
    """The first line (1-based) where ``new`` differs from ``old``."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines)) + 1
