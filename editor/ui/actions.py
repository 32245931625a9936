"""Every window action defined once: text, shortcut, menu role and theme icon (ghostwriter's
appactions). The window connects them; menus and toolbars only place them."""

from __future__ import annotations

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

Key = QKeySequence.StandardKey


class Actions:
    """The main window's actions, owned by ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        def make(
            text: str,
            shortcut: QKeySequence.StandardKey | str | None = None,
            icon: str = "",
            checkable: bool = False,
            role: QAction.MenuRole | None = None,
        ) -> QAction:
            action = QAction(text, parent)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if icon:
                action.setIcon(QIcon.fromTheme(icon))
            action.setCheckable(checkable)
            if role is not None:
                action.setMenuRole(role)
            parent.addAction(action)
            return action

        self.new = make("&New Post", Key.New, "document-new")
        self.open = make("&Open…", Key.Open, "document-open")
        self.open_folder = make("Open &Folder…", "Ctrl+Shift+O", "folder-open")
        self.new_issue = make("New &Issue…", "Ctrl+Shift+N", "document-new")
        self.save = make("&Save", Key.Save, "document-save")
        self.save_as = make("Save &As…", Key.SaveAs, "document-save-as")
        self.revert = make("&Revert to Saved", None, "document-revert")
        self.close = make("&Close", Key.Close, "document-close")
        self.quit = make("&Quit", Key.Quit, "application-exit", role=QAction.MenuRole.QuitRole)

        self.undo = make("&Undo", Key.Undo, "edit-undo")
        self.redo = make("&Redo", Key.Redo, "edit-redo")
        self.cut = make("Cu&t", Key.Cut, "edit-cut")
        self.copy = make("&Copy", Key.Copy, "edit-copy")
        self.paste = make("&Paste", Key.Paste, "edit-paste")
        self.paste_image = make("Paste &Image", "Ctrl+Alt+V", "insert-image")
        self.rename_image = make("Rena&me Image…", None)
        self.scale_images = make("&Scale Down Wide Images", None, checkable=True)
        self.strip_location = make("Remove &Location from Photos", None, checkable=True)
        self.find = make("&Find…", Key.Find, "edit-find")
        self.replace = make("R&eplace…", "Ctrl+H", "edit-find-replace")
        self.find_next = make("Find &Next", Key.FindNext)
        self.find_previous = make("Find Pre&vious", Key.FindPrevious)
        self.go_to_line = make("&Go to Line…", "Ctrl+G", "go-jump")
        self.preferences = make(
            "Pre&ferences…", "Ctrl+,", "preferences-system", role=QAction.MenuRole.PreferencesRole
        )

        self.show_preview = make("Show &Preview", "Ctrl+Shift+P", checkable=True)
        self.show_form = make("Show &Front Matter", "Ctrl+Shift+M", checkable=True)
        self.scroll_sync = make("&Scroll Preview with Editor", None, checkable=True)
        self.wrap = make("&Wrap Lines", None, checkable=True)
        self.monospace = make("&Monospace Font", None, checkable=True)
        self.remote_content = make("Load &Remote Content", None, "network-wired", True)

        self.about = make("&About Galley", None, "help-about", role=QAction.MenuRole.AboutRole)

    def build_menus(self, bar: QMenuBar, format_actions: list[QAction]) -> None:
        """Fill the menu bar; ``format_actions`` come from the editor widget."""
        file_menu = bar.addMenu("&File")
        for action in (self.new, self.new_issue, None, self.open, self.open_folder):
            file_menu.addAction(action) if action else file_menu.addSeparator()
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        for action in (self.save, self.save_as, self.revert):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.close)
        file_menu.addAction(self.quit)

        edit_menu = bar.addMenu("&Edit")
        for action in (self.undo, self.redo, None, self.cut, self.copy, self.paste):
            edit_menu.addAction(action) if action else edit_menu.addSeparator()
        for action in (self.paste_image, self.rename_image):
            edit_menu.addAction(action)
        options = edit_menu.addMenu("Image &Options")
        options.addAction(self.scale_images)
        options.addAction(self.strip_location)
        edit_menu.addSeparator()
        for action in (
            self.find,
            self.replace,
            self.find_next,
            self.find_previous,
            self.go_to_line,
        ):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences)

        format_menu = bar.addMenu("F&ormat")
        for action in format_actions:
            format_menu.addAction(action)

        view_menu = self.view_menu = bar.addMenu("&View")
        for action in (self.show_preview, self.show_form, None, self.scroll_sync, self.wrap):
            view_menu.addAction(action) if action else view_menu.addSeparator()
        view_menu.addAction(self.monospace)
        view_menu.addSeparator()
        view_menu.addAction(self.remote_content)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about)
