"""Galley's window: the Markdown editor beside the live preview, the front-matter form at the side.

This is the one place that composes the widgets; each of them only shows and asks (intent
signals), :class:`~editor.ui.post_files.PostFiles` decides what happens to the file, and
:class:`~editor.state.document.Document` holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from editor import __version__
from editor.core.journal import Journal
from editor.core.render.dialects import dialect_for_generator
from editor.state.document import Document
from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.actions import Actions
from editor.ui.dialogs.word_goal import WordGoal
from editor.ui.editing.emoji_completer import EmojiCompleter
from editor.ui.editing.find_bar import FindBar
from editor.ui.editing.highlighter import palette_is_dark
from editor.ui.editing.image_import import ImageImporter, reference_under
from editor.ui.editing.line_sync import LineSync
from editor.ui.editing.markdown_edit import MarkdownEdit
from editor.ui.editing.scroll_sync import ScrollSync
from editor.ui.editing.spell_menu import SpellChecking
from editor.ui.exporting import export_rendering
from editor.ui.form.form_sync import FormSync
from editor.ui.form.front_matter_form import FrontMatterForm
from editor.ui.mail_preview import MailPreview
from editor.ui.post_files import PostFiles
from editor.ui.preview import PreviewController, PreviewPane
from editor.ui.safety import DocumentGuard
from editor.ui.site.navigation import Navigator
from editor.ui.site.outline_panel import OutlineDock
from editor.ui.site.site_context import SiteContext
from editor.ui.site.site_docks import SiteDocks
from editor.ui.window_output import wire_output
from editor.ui.window_preferences import WindowPreferences
from editor.ui.window_tools import WindowTools
from editor.ui.zoom import Zoom

if TYPE_CHECKING:
    from editor.ui.dialogs.welcome import WelcomeScreen


class MainWindow(QMainWindow):
    """One post at a time; File ▸ Open replaces it (after asking about unsaved changes)."""

    prefs: WindowPreferences  # made once the parts it applies the settings to exist

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
        self._build_panes()
        self.welcome: WelcomeScreen | None = None  # made when first shown
        self.site = SiteContext(lambda: self.document.path, self)
        self.form_sync = FormSync(
            self.form,
            self,
            known_tags=self.site.known_tags,
            known_authors=self.site.known_authors,
        )
        self.guard = DocumentGuard(self, self.editor, journal)
        self.files = PostFiles(
            self,
            settings,
            self.guard,
            document=lambda: self.document,
            new_post=lambda: self.prefs.new_post(),
            read_site=self.site.read_folder,
        )
        self.images = ImageImporter(
            self.editor,
            self,
            post_path=lambda: self.document.path,
            save_first=self.files.save_as,
            open_post=self.files.open_path,
            asset_dir=lambda: self.site.asset_dir(self.document.path),
            resolver=lambda: self.site.image_resolver(self.document.path, writing=True),
            options=lambda: self.prefs.image_options(),
        )
        self.editor.mime_handler = self.images.handle_mime
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._build_docks()
        self._build_status()
        self.prefs = WindowPreferences(  # settings applied live
            self,
            settings,
            backup_folder,
            actions=self.actions_,
            editor=self.editor,
            guard=self.guard,
            docks=self.docks,
        )

        self.tools = WindowTools(self, settings)  # panes, view modes, Find in Site
        self._connect_signals()
        self.prefs.restore_window(self, self.splitter)
        self._show_document(Document(self.prefs.new_post(), parent=self))

    def _build_panes(self) -> None:
        """The editor (with its find bar), the preview (with its bar) and the form, side by
        side in a splitter, which shares the central stack with the welcome page."""
        self.editor = MarkdownEdit()
        self.line_sync = LineSync(self.editor, self)
        self.emoji_completer = EmojiCompleter(self.editor, self)  # :shortcodes: as typed
        self.editor.setObjectName("editor")
        self.find_bar = FindBar(self.editor)
        self.preview_pane = PreviewPane()  # the preview under its bar
        self.preview = self.preview_pane.view
        self.remote_toggle = self.preview_pane.remote_toggle
        self.preview_controller = PreviewController(self.preview, self)
        self.preview_controller.set_dark(palette_is_dark(self.palette()))
        # A web view makes its render widget when its page first loads, and a window that gains
        # one after it is shown is destroyed and made again (seen on X11: the first window unmaps
        # 40 ms later and a second one maps). An empty page now gives the window its render
        # widget before the first show; the post's page, loaded a turn later, replaces it.
        self.preview.load(QUrl("about:blank"))
        self.mail_preview = MailPreview(  # "Show as": the e-mail views beside the site preview
            self.preview_pane,
            lambda: export_rendering(self.site.site, self.document.path),  # never waits
            self,
        )
        self.scroll_sync = ScrollSync(
            self.editor,
            self._settings,
            self,
            body_start_line=lambda: self.document.body_start_line,
            preview=self.preview,
        )
        self.form = FrontMatterForm()
        self.form.setObjectName("front-matter-form")

        editor_pane = QWidget()
        editor_layout = self.editor_layout = QVBoxLayout(editor_pane)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        editor_layout.addWidget(self.editor)
        editor_layout.addWidget(self.find_bar)

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

    def _build_docks(self) -> None:
        """The actions with their menus and toolbar, then the docks they show and hide: the
        site's Posts and Problems, the Outline below Posts."""
        self.actions_ = Actions(self, self.editor)
        self.toolbar = self.actions_.build_toolbar(self)
        self.actions_.build_menus(self.menuBar())
        self.spelling = SpellChecking(self.editor, self._settings, self)
        self.actions_.view_menu.addSeparator()
        self.actions_.view_menu.addAction(self.spelling.toggle_action)
        self.actions_.view_menu.addAction(self.spelling.seed_action)
        self.docks = SiteDocks(
            self,
            self.site,
            self.editor,
            open_post=self.files.open_path,
            go_to_line=self.scroll_sync.go_to_file_line,
        )
        self.outline = OutlineDock(self, self.editor)  # below Posts
        self.splitDockWidget(self.docks.posts_dock, self.outline.dock, Qt.Orientation.Vertical)
        self.actions_.add_docks(self.docks.posts_dock, self.outline.dock, self.docks.problems_dock)
        self.navigator = Navigator(
            self,
            self.outline,
            site=self.site.current,
            recent=self._settings.recent_files,
            current_path=lambda: self.document.path,
            open_post=self.files.open_path,
            go_to_line=self.scroll_sync.go_to_heading_line,
            return_focus=lambda: self.editor.setFocus(Qt.FocusReason.PopupFocusReason),
        )

    def _build_status(self) -> None:
        """The status bar: the word count (and goal), the cursor's line and column."""
        self.word_goal = WordGoal(
            self._settings,
            self,
            editor=self.editor,
            body_lines=lambda: self.document.body_lines(),
        )
        self.status_words = self.word_goal.label
        self.status_position = QLabel()
        self.statusBar().addPermanentWidget(self.word_goal.bar)
        self.statusBar().addPermanentWidget(self.status_words)
        self.statusBar().addPermanentWidget(self.status_position)

    # -- wiring

    def _connect_signals(self) -> None:
        a, files = self.actions_, self.files
        a.new.triggered.connect(files.new_post)
        a.open.triggered.connect(files.open_dialog)
        a.open_folder.triggered.connect(files.open_folder_dialog)
        a.new_issue.triggered.connect(lambda: self.docks.new_issue())
        a.save.triggered.connect(files.save)
        a.save_as.triggered.connect(files.save_as)
        a.revert.triggered.connect(files.revert)
        a.close.triggered.connect(files.close_post)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.editor.undo)
        a.redo.triggered.connect(self.editor.redo)
        a.cut.triggered.connect(self.editor.cut)
        a.copy.triggered.connect(self.editor.copy)
        a.paste.triggered.connect(self.editor.paste)
        a.paste_image.triggered.connect(self.images.paste_image)
        a.paste_plain.triggered.connect(self.images.paste_plain_text)
        a.insert_image_file.triggered.connect(self.images.insert_from_files)
        a.rename_image.triggered.connect(self.images.rename_image_at_cursor)
        self.images.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.spelling.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.editor.customContextMenuRequested.connect(self._editor_menu)
        a.find.triggered.connect(lambda: self.find_bar.open_find(replace=False))
        a.replace.triggered.connect(lambda: self.find_bar.open_find(replace=True))
        a.find_next.triggered.connect(self.find_bar.find_next)
        a.find_previous.triggered.connect(self.find_bar.find_previous)
        a.go_to_line.triggered.connect(self.scroll_sync.go_to_line)
        a.go_to_heading.triggered.connect(self.navigator.go_to_heading)
        a.quick_open.triggered.connect(self.navigator.quick_open)
        self.export, self.send_test, self.mail_export = wire_output(self, self._settings)
        self.zoom = Zoom(self._settings, self.preview, self)
        a.zoom_in.triggered.connect(self.zoom.zoom_in)
        a.zoom_out.triggered.connect(self.zoom.zoom_out)
        a.zoom_reset.triggered.connect(self.zoom.reset)
        a.word_goal.triggered.connect(self.word_goal.ask)
        self.outline.heading_requested.connect(self.scroll_sync.go_to_heading_line)
        for action, key, apply in (  # each toggle is applied, then written to the settings
            (a.scale_images, "images/scale_down", None),
            (a.strip_location, "images/strip_location", None),
            (a.show_preview, "preview/visible", self.preview_pane.setVisible),
            (a.show_form, "form/visible", self.form.setVisible),
            (a.scroll_sync, "preview/scroll_sync", None),
            (a.wrap, "editor/wrap", self.editor.set_wrap),
            (a.monospace, "editor/monospace", None),  # self.prefs sets the font
            (a.show_toolbar, "window/toolbar", self.toolbar.setVisible),
        ):
            action.toggled.connect(lambda on, k=key, f=apply: self._toggled(k, f, on))
        a.remote_content.toggled.connect(self.remote_toggle.setChecked)
        a.about.triggered.connect(lambda: messages.show_about(self, __version__))
        a.preferences.triggered.connect(self.prefs.show_dialog)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.recent_menu.aboutToShow.connect(lambda: files.fill_recent_menu(a.recent_menu))
        self.remote_toggle.toggled.connect(a.remote_content.setChecked)
        self.remote_toggle.toggled.connect(self.preview_controller.set_remote_content)

        files.show_document.connect(self._show_document)
        files.site_opened.connect(self.site.use)
        files.site_opened.connect(lambda _site: self.docks.posts_dock.show())
        files.saved.connect(self.docks.refresh_posts)
        files.saved.connect(lambda: a.revert.setEnabled(True))
        files.welcome_requested.connect(self.show_welcome)
        files.line_requested.connect(self.scroll_sync.go_to_file_line)
        files.status.connect(self.statusBar().showMessage)
        self.form_sync.status.connect(self.statusBar().showMessage)
        self.preview.page_ready.connect(self.site.page_ready)
        self.site.followed.connect(self._site_read)
        self.site.status.connect(self.statusBar().showMessage)

        self.editor.textChanged.connect(self._editor_changed)  # typing itself: self.line_sync
        self.editor.cursorPositionChanged.connect(self._update_position)
        self.editor.selectionChanged.connect(self.word_goal.recount)  # the selection's count
        self.editor.verticalScrollBar().valueChanged.connect(self.scroll_sync.editor_scrolled)
        self.editor.undoAvailable.connect(a.undo.setEnabled)
        self.editor.redoAvailable.connect(a.redo.setEnabled)
        self.preview.line_clicked.connect(self.scroll_sync.go_to_file_line)
        self.preview.line_scrolled.connect(self.scroll_sync.preview_scrolled)
        self.preview_controller.updated.connect(self.scroll_sync.text_shown)

    def _toggled(self, key: str, apply: Callable[[bool], None] | None, on: bool) -> None:
        if apply is not None:
            apply(on)
        self._settings.set(key, on)

    def _editor_menu(self, position: QPoint) -> None:
        """The editor's own context menu, plus the image actions."""
        menu = self.editor.createStandardContextMenu(position)
        self.spelling.extend_menu(menu, position)
        menu.addSeparator()
        menu.addAction(self.actions_.paste_image)
        menu.addAction(self.actions_.paste_plain)
        menu.addAction(self.actions_.insert_image_file)
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
        if self.welcome is not None:
            self.welcome.leave()
        self.document = document
        self.prefs.track(document)  # backups
        self.guard.track(document, key)
        document.modified_changed.connect(self.setWindowModified)
        document.modified_changed.connect(lambda _m: self._update_title())
        document.path_changed.connect(lambda _p: self._update_title())
        document.path_changed.connect(lambda path: self.site.follow(path))
        document.path_changed.connect(self.word_goal.set_post)
        self.word_goal.set_post(document.path)
        document.body_reset.connect(self._set_editor_text)
        self._set_editor_text(document.editor_body)
        self.line_sync.set_document(document)
        self.form_sync.set_document(document)  # the form shows its front matter
        self.remote_toggle.setChecked(self.prefs.remote_by_default())
        self.preview_controller.set_document(document)
        self.mail_preview.set_document(document)
        self.outline.set_document(document)
        self.setWindowModified(document.is_modified)
        self._update_title()
        self.actions_.revert.setEnabled(document.path is not None)
        document.modified_changed.connect(self._modified_changed)
        self._modified_changed(document.is_modified)
        self.site.follow_soon()  # its posts, completions and checks: after the first paint

    def _modified_changed(self, modified: bool) -> None:
        """Save is on while there is something to save (or no file yet); at the saved text the
        editor's undo history is marked clean, so undo steps never merge across it."""
        if not modified:
            self.editor.document().setModified(False)
        welcome = self.welcome is not None and self.welcome.shown
        self.actions_.save.setEnabled(not welcome and (modified or self.document.path is None))

    @property
    def site_followed(self) -> bool:
        """Whether the open post's site is current (read on a worker after its first paint)."""
        return not self.site.pending

    def _site_read(self) -> None:
        """The open post's site was read: the parts that know the site follow it."""
        document = self.document
        self.spelling.follow(self.site.site, document.meta_dict())
        if self.site.problem is not None:
            self.statusBar().showMessage(str(self.site.problem), 10000)
        elif self.site.site is not None and self.site.site.truncated is not None:
            self.statusBar().showMessage(str(self.site.site.truncated), 10000)
        self.docks.show_document(document)
        self.actions_.new_issue.setEnabled(self.site.site is not None)
        self.form_sync.fill()  # now with the site's tags and authors
        site = self.site.site  # :emoji: shortcodes shown as the site renders them
        emoji = bool(site is not None and site.settings.emoji)
        self.preview_controller.set_emoji(emoji)
        self.emoji_completer.insert_emoji = not emoji  # a shortcode the site prints as text
        # Markdown as the site's generator renders it (None: Galley's default renderer)
        generator = site.generator if site is not None else None
        self.preview_controller.set_dialect(dialect_for_generator(generator), generator)
        # Site-root images (/img/x.png) shown from the site's static folders.
        self.preview_controller.set_image_resolver(
            site.image_resolver(document.path) if site is not None else None
        )
        self.mail_preview.refresh()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        """The preview follows the window between light and dark palettes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.preview_controller.set_dark(palette_is_dark(self.palette()))
        elif event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.guard.flush()  # focus lost: the recovery copy now

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if not self.files.maybe_save():
            event.ignore()
            return
        self.files.remember(showing_post=not self.welcome_shown)
        self.tools.modes.leave()  # the layout saved is the one focus mode hid
        if self.welcome is not None:
            self.welcome.restore_docks()
        self.prefs.save_window(self, self.splitter)
        event.accept()

    # -- the welcome page

    def show_welcome(self, message: str = "") -> None:
        """Show the welcome page in place of the editor (``message``: in the status bar)."""
        if self.welcome is None:
            from editor.ui.dialogs.welcome import WelcomeScreen

            d = self.docks
            self.welcome = WelcomeScreen(
                self.stack,
                self.splitter,
                self.files,
                recent=self._settings.recent_files,
                docks=lambda: [  # the posts stay beside the page while a site is open
                    d.problems_dock,
                    self.outline.dock,
                    *([d.posts_dock] if self.site.site is None else []),
                ],
                parent=self,
            )
            self.welcome.shown_changed.connect(self._welcome_shown_changed)
            self.welcome.status.connect(self.statusBar().showMessage)
        self.site.hold()  # a closed post's site stays open beside the page
        self.welcome.show(message)
        self.files.remember(showing_post=False)

    @property
    def welcome_shown(self) -> bool:
        return self.welcome is not None and self.welcome.shown

    def _welcome_shown_changed(self, welcome: bool) -> None:
        """Actions that need a post are off while the welcome page shows."""
        a = self.actions_
        for action in (
            *(a.save, a.save_as, a.close, a.cut, a.copy, a.paste, a.paste_image),
            *(a.rename_image, a.find, a.replace, a.find_next, a.find_previous, a.go_to_line),
            *(a.go_to_heading, a.word_goal),
            *a.formatting,
        ):
            action.setEnabled(not welcome)
        for action in (a.paste_plain, a.insert_image_file):
            action.setEnabled(not welcome)
        if not welcome:
            self._modified_changed(self.document.is_modified)
        self.status_words.setVisible(not welcome)
        self.word_goal.bar.setVisible(not welcome and self.word_goal.goal is not None)
        self.status_position.setVisible(not welcome)
        if welcome:
            a.revert.setEnabled(False)
            self.setWindowTitle("Galley")

    # -- editor and status bar

    def _set_editor_text(self, text: str) -> None:
        self.line_sync.paused = self.scroll_sync.paused = True
        try:
            self.editor.highlighter.load_text(lambda: self.editor.setPlainText(text))
        finally:
            self.line_sync.paused = self.scroll_sync.paused = False
        self.line_sync.reset()
        self.word_goal.recount()

    def _editor_changed(self) -> None:
        if not self.line_sync.paused:  # the window's own loading is counted once, after it
            self.word_goal.recount()

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — Galley")

    def _update_position(self) -> None:
        cursor = self.editor.textCursor()
        line = cursor.blockNumber() + self.document.body_start_line
        self.status_position.setText(f"Ln {line}, Col {cursor.positionInBlock() + 1}")

    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard Shortcuts: made from the menus each time, so it is never stale."""
        from editor.ui.dialogs.shortcuts_dialog import ShortcutsDialog, menu_rows

        rows = menu_rows(self.menuBar(), skip=[self.actions_.recent_menu])
        dialog = ShortcutsDialog(rows, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog = dialog
        dialog.show()
