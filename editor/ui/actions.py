"""Every window action defined once: text, shortcut, menu role and theme icon (ghostwriter's
appactions). The window connects them; menus and toolbars only place them. The formatting
actions are made here too, connected to the editor's operations and added to the editor (their
keys work while it has the focus)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenuBar, QToolBar, QWidget

from editor.ui.icons import icon as theme_icon

if TYPE_CHECKING:
    from editor.ui.editing.markdown_edit import MarkdownEdit

Key = QKeySequence.StandardKey
Shortcut = QKeySequence.StandardKey | str | list[str] | None

# Icons of the editor's formatting actions (formatting_actions makes them without icons).
FORMAT_ICONS = {
    "format_bold": "format-text-bold",
    "format_italic": "format-text-italic",
    "format_code": "format-text-code",
    "format_link": "insert-link",
    "format_strikethrough": "format-text-strikethrough",
    "format_bullets": "format-list-unordered",
    "format_numbers": "format-list-ordered",
    "format_table": "insert-table",
}
# The View menu's dock toggles, with a mnemonic each (the docks' titles carry none).
DOCK_TEXTS = {
    "posts-dock": ("Posts", "P&osts"),
    "problems-dock": ("Problems", "Pro&blems"),
    "outline-dock": ("Outline", "O&utline"),
}


def formatting_actions(editor: MarkdownEdit) -> list[QAction]:
    """The editor's formatting actions, in menu order: owned by and added to ``editor``, so
    that their keys work while it has the focus (a read-only editor ignores them)."""
    specs: list[tuple[str, str, Callable[[], None], list[QKeySequence.StandardKey | str]]] = [
        ("format_bold", "&Bold", editor.toggle_bold, [Key.Bold]),
        ("format_italic", "&Italic", editor.toggle_italic, [Key.Italic]),
        (
            "format_strikethrough",
            "&Strikethrough",
            partial(editor.toggle_marker, "~~"),
            ["Ctrl+Shift+X"],
        ),
        ("format_code", "Inline &Code", editor.toggle_code, ["Ctrl+`", "Ctrl+Shift+C"]),
        ("format_link", "&Link…", editor.insert_link, ["Ctrl+K"]),
    ]
    for level in range(1, 7):
        heading = partial(editor.set_heading, level)
        specs.append((f"format_heading_{level}", f"Heading &{level}", heading, [f"Ctrl+{level}"]))
    # Ctrl+Alt+0, as in Google Docs: Ctrl+0 is View ▸ Actual Size.
    plain = partial(editor.set_heading, 0)
    specs.append(("format_paragraph", "&Plain Text", plain, ["Ctrl+Alt+0"]))
    lines = editor.formatting  # Format ▸ block formatting and tables (editing/formatting.py)
    specs += [
        ("format_quote", "Block &Quote", lines.toggle_quote, ["Ctrl+Shift+Q"]),
        ("format_bullets", "B&ulleted List", lines.toggle_bullets, ["Ctrl+Shift+8"]),
        ("format_numbers", "&Numbered List", lines.toggle_numbers, ["Ctrl+Shift+7"]),
        ("format_tasks", "&Task List", lines.toggle_tasks, ["Ctrl+Shift+9"]),
        ("format_code_block", "Code Bl&ock", lines.toggle_code_block, ["Ctrl+Shift+K"]),
        ("format_rule", "Horizontal &Rule", lines.insert_rule, ["Ctrl+Shift+-"]),
        ("format_table", "Insert T&able…", partial(_insert_table, editor), ["Ctrl+Alt+T"]),
        ("format_align_table", "Ali&gn Table", lines.align_table, ["Ctrl+Alt+Shift+T"]),
    ]
    actions = []
    for name, text, slot, keys in specs:
        action = QAction(text, editor)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(partial(_unless_read_only, editor, slot))
        editor.addAction(action)
        actions.append(action)
    return actions


def _insert_table(editor: MarkdownEdit) -> None:
    from editor.ui import messages

    size = messages.ask_table_size(editor.window())
    if size is not None:
        editor.formatting.insert_table(*size)


# Where the Format menu has a separator (before these), and its Heading submenu.
FORMAT_GROUPS = ("format_quote", "format_table")
HEADING_ACTIONS = (*(f"format_heading_{level}" for level in range(1, 7)), "format_paragraph")


def _unless_read_only(
    editor: MarkdownEdit, slot: Callable[[], None], _checked: bool = False
) -> None:
    if not editor.isReadOnly():  # a read-only view still shows the actions in its menus
        slot()


class Actions:
    """The main window's actions, owned by ``parent``, and the formatting actions of its
    ``editor`` (``formatting``, in menu order)."""

    def __init__(self, parent: QWidget, editor: MarkdownEdit) -> None:
        self.icon_names: dict[QAction, str] = {}

        def make(
            text: str,
            shortcut: Shortcut = None,
            icon: str = "",
            checkable: bool = False,
            role: QAction.MenuRole | None = None,
        ) -> QAction:
            action = QAction(text, parent)
            if isinstance(shortcut, list):
                action.setShortcuts([QKeySequence(key) for key in shortcut])
            elif shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if icon:
                action.setIcon(theme_icon(icon))
                self.icon_names[action] = icon
            action.setCheckable(checkable)
            if role is not None:
                action.setMenuRole(role)
            parent.addAction(action)
            return action

        self.new = make("&New Post", Key.New, "document-new")
        self.open = make("&Open…", Key.Open, "document-open")
        # Ctrl+Shift+O is Go to Heading's, as in other editors.
        self.open_folder = make("Open &Folder…", "Ctrl+Alt+O", "folder-open")
        # Ctrl+T, as in editors (Ctrl+Shift+P is Show Preview): Ctrl+P prints.
        self.quick_open = make("Quick O&pen…", "Ctrl+T", "document-open")
        self.new_issue = make("New &Issue…", "Ctrl+Shift+N", "document-new")
        self.save = make("&Save", Key.Save, "document-save")
        self.save_as = make("Save &As…", Key.SaveAs, "document-save-as")
        self.revert = make("Re&vert to Saved", "Ctrl+Shift+R", "document-revert")
        self.close = make("&Close", Key.Close, "document-close")
        quit_key = Key.Quit if not QKeySequence(Key.Quit).isEmpty() else "Ctrl+Q"
        self.quit = make("&Quit", quit_key, "application-exit", role=QAction.MenuRole.QuitRole)

        self.undo = make("&Undo", Key.Undo, "edit-undo")
        self.redo = make("&Redo", Key.Redo, "edit-redo")
        for action in (self.undo, self.redo):  # until the editor has something to undo
            action.setEnabled(False)
        self.cut = make("Cu&t", Key.Cut, "edit-cut")
        self.copy = make("&Copy", Key.Copy, "edit-copy")
        self.paste = make("&Paste", Key.Paste, "edit-paste")
        self.paste_image = make("Paste &Image", "Ctrl+Alt+V", "insert-image")
        self.paste_plain = make("Paste as Plain Te&xt", "Ctrl+Shift+V", "edit-paste")
        self.insert_image_file = make("Insert Im&age from File…", "Ctrl+Shift+I", "insert-image")
        self.rename_image = make("Rena&me Image…", "F2", "edit-rename")
        self.scale_images = make("&Scale Down Wide Images", None, checkable=True)
        self.strip_location = make("Remove &Location from Photos", None, checkable=True)
        self.find = make("&Find…", Key.Find, "edit-find")
        self.replace = make("R&eplace…", "Ctrl+H", "edit-find-replace")
        # F3, not the platform's first choice: on GNOME that is Ctrl+G, Go to Line's key.
        self.find_next = make("Find &Next", "F3", "go-down-search")
        self.find_previous = make("Find Pre&vious", "Shift+F3", "go-up-search")
        self.go_to_line = make("&Go to Line…", "Ctrl+G", "go-jump")
        self.go_to_heading = make("Go to &Heading…", "Ctrl+Shift+O", "go-jump")
        self.word_goal = make("Set Word Count Goa&l…")
        self.preferences = make(
            "Preference&s…", "Ctrl+,", "preferences-system", role=QAction.MenuRole.PreferencesRole
        )

        self.show_preview = make("Show &Preview", "Ctrl+Shift+P", "view-preview", True)
        self.show_form = make("Show &Front Matter", "Ctrl+Shift+M", "document-properties", True)
        self.show_toolbar = make("Show &Toolbar", None, checkable=True)
        self.scroll_sync = make("&Scroll Preview with Editor", "Ctrl+Shift+L", checkable=True)
        self.wrap = make("&Wrap Lines", "Alt+Z", checkable=True)
        self.monospace = make("&Monospace Font", None, checkable=True)
        self.remote_content = make("Load &Remote Content", None, "network-wired", True)

        self.shortcuts = make("&Keyboard Shortcuts", ["F1", "Ctrl+/"], "help-keyboard-shortcuts")
        self.about = make("&About Galley", None, "help-about", role=QAction.MenuRole.AboutRole)

        # Export and print (issue 19)
        self.export_html = make("&HTML…")
        self.export_pdf = make("&PDF…")
        self.print = make("Prin&t…", Key.Print, "document-print")
        self.send_test = make("Sen&d Test E-mail…")  # issue 21
        self.export_email = make("&E-mail Message…")
        self.copy_email_html = make("Cop&y as E-mail HTML")
        # View ▸ Zoom: the pane that has the focus (the editor's font, or the preview)
        self.zoom_in = make("Zoom &In", [Key.ZoomIn, "Ctrl+="])
        self.zoom_out = make("&Zoom Out", Key.ZoomOut)
        self.zoom_reset = make("&Actual Size", "Ctrl+0")
        # Windows and panes, Find in Site (placed by add_window_actions).
        self.find_in_site = make("Fin&d in Site…", "Ctrl+Shift+F", "edit-find")
        self.line_numbers = make("Line &Numbers", None, checkable=True)
        self.full_screen = make("Full Scr&een", "F11", checkable=True)
        self.focus_mode = make("Focus Mo&de", "F8", checkable=True)
        self.next_pane = make("Ne&xt Pane", ["F6", "Ctrl+E"])
        self.previous_pane = make("Pre&vious Pane", "Shift+F6")

        self.formatting = formatting_actions(editor)
        for action in self.formatting:
            icon = FORMAT_ICONS.get(action.objectName())
            if icon:
                action.setIcon(theme_icon(icon))
                self.icon_names[action] = icon

    def build_menus(self, bar: QMenuBar) -> None:
        """Fill the menu bar."""
        file_menu = bar.addMenu("&File")
        for action in (
            self.new,
            self.new_issue,
            None,
            self.open,
            self.open_folder,
            self.quick_open,
        ):
            file_menu.addAction(action) if action else file_menu.addSeparator()
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        for action in (self.save, self.save_as, self.revert):
            file_menu.addAction(action)
        file_menu.addSeparator()
        export_menu = file_menu.addMenu("&Export")
        export_menu.addAction(self.export_html)
        export_menu.addAction(self.export_pdf)
        export_menu.addAction(self.export_email)
        file_menu.addAction(self.print)
        file_menu.addAction(self.send_test)
        file_menu.addSeparator()
        file_menu.addAction(self.close)
        file_menu.addAction(self.quit)

        edit_menu = self.edit_menu = bar.addMenu("&Edit")
        for action in (self.undo, self.redo, None, self.cut, self.copy, self.paste):
            edit_menu.addAction(action) if action else edit_menu.addSeparator()
        edit_menu.addAction(self.copy_email_html)
        edit_menu.addAction(self.paste_plain)
        for action in (self.paste_image, self.insert_image_file, self.rename_image):
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
            self.go_to_heading,
        ):
            edit_menu.addAction(action)
        edit_menu.addAction(self.word_goal)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences)

        format_menu = bar.addMenu("F&ormat")
        headings = None
        for action in self.formatting:
            name = action.objectName()
            if name in HEADING_ACTIONS:
                if headings is None:
                    headings = format_menu.addMenu("&Heading")
                headings.addAction(action)
                continue
            if name in FORMAT_GROUPS:
                format_menu.addSeparator()
            format_menu.addAction(action)

        view_menu = self.view_menu = bar.addMenu("&View")
        for action in (self.show_preview, self.show_form, self.show_toolbar, None):
            view_menu.addAction(action) if action else view_menu.addSeparator()
        for action in (self.scroll_sync, self.wrap):
            view_menu.addAction(action) if action else view_menu.addSeparator()
        view_menu.addAction(self.monospace)
        view_menu.addSeparator()
        for action in (self.zoom_in, self.zoom_out, self.zoom_reset):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.remote_content)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts)
        help_menu.addAction(self.about)

    def build_toolbar(self, window: QMainWindow) -> QToolBar:
        """The compact main toolbar; View ▸ Show Toolbar hides it."""
        by_name = {action.objectName(): action for action in self.formatting}
        toolbar = QToolBar("Main Toolbar", window)
        toolbar.setObjectName("main-toolbar")  # saveState() needs a name
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.toggleViewAction().setVisible(False)  # show_toolbar is the one switch
        groups = [
            [self.new, self.open, self.save],
            [self.undo, self.redo],
            [by_name.get("format_bold"), by_name.get("format_italic"), by_name.get("format_link")],
            [self.insert_image_file, self.show_preview],
        ]
        for number, group in enumerate(groups):
            if number:
                toolbar.addSeparator()
            for action in group:
                if action is not None:
                    toolbar.addAction(action)
                    _tool_tip_with_shortcut(action)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    def add_docks(self, *docks: QDockWidget) -> None:
        """Put the docks' show/hide toggles in the View menu, each with a mnemonic."""
        self.view_menu.addSeparator()
        for dock in docks:
            action = dock.toggleViewAction()
            self.view_menu.addAction(action)
            plain, marked = DOCK_TEXTS.get(dock.objectName(), ("", ""))
            if plain:

                def mark(title: str, action: QAction = action, plain=plain, marked=marked) -> None:
                    action.setText(title.replace(plain, marked, 1))

                mark(dock.windowTitle())
                dock.windowTitleChanged.connect(mark)  # after the dock reset the text

    def add_window_actions(self) -> None:
        """Find in Site after Go to Heading; line numbers, full screen, focus mode and pane
        cycling at the end of the View menu."""
        after = self.word_goal
        self.edit_menu.insertAction(after, self.find_in_site)
        self.view_menu.addSeparator()
        for action in (self.line_numbers, self.full_screen, self.focus_mode):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.next_pane)
        self.view_menu.addAction(self.previous_pane)


def _tool_tip_with_shortcut(action: QAction) -> None:
    """A toolbar button's tip: the action's name and its key, "Bold (Ctrl+B)"."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")
    key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{text} ({key})" if key else text)
