"""One window following the user's settings live: whenever a setting changes (in the
Preferences dialog, the View menu, or another window), this window shows it at once.

The window's menu toggles write their settings (see ``MainWindow._connect_signals``); here the
settings flow back to the toggles, so a menu and the dialog (and every window) stay in step.
This object also keeps the window's recovery-copy delay, backups, new-post author and image
options, restores and saves the window's geometry and toggles, and opens the Preferences
dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QWidget

from editor.core.post import Post, new_post
from editor.state.document import Document
from editor.state.settings import Settings
from editor.ui import theme

if TYPE_CHECKING:
    from editor.core.images import ImportOptions
    from editor.ui.actions import Actions
    from editor.ui.dialogs.preferences_dialog import PreferencesDialog
    from editor.ui.editing.markdown_edit import MarkdownEdit
    from editor.ui.safety import DocumentGuard
    from editor.ui.site.site_docks import SiteDocks

_FONT_KEYS = frozenset(
    {
        "editor/monospace",
        "editor/monospace_family",
        "editor/proportional_family",
        "editor/font_size",
        "editor/zoom",
    }
)
MIN_POINT_SIZE, MAX_POINT_SIZE = 6, 72


def editor_font(settings: Settings) -> QFont:
    """The editor's font: the monospace or the proportional family (the system's own when
    none is chosen) at the chosen size, zoomed (View ▸ Zoom In adds points to it)."""
    monospace = bool(settings.get("editor/monospace"))
    kind = QFontDatabase.SystemFont.FixedFont if monospace else QFontDatabase.SystemFont.GeneralFont
    font = QFontDatabase.systemFont(kind)
    family = settings.get("editor/monospace_family" if monospace else "editor/proportional_family")
    if family:
        font.setFamily(str(family))
    size = int(settings.get("editor/font_size")) + int(settings.get("editor/zoom"))
    font.setPointSize(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size)))
    return font


class WindowPreferences(QObject):
    """Applies ``settings`` to one window's parts now and whenever they change.

    It is given the parts it drives (the actions, the editor, the document guard, the docks);
    ``window`` is the parent of the Preferences dialog, and only its geometry and dock state
    are read and restored here.
    """

    def __init__(
        self,
        window: QWidget,
        settings: Settings,
        backup_folder: Path | None,
        *,
        actions: Actions,
        editor: MarkdownEdit,
        guard: DocumentGuard,
        docks: SiteDocks,
    ) -> None:
        """``backup_folder``: where backups go while ``files/backups`` is on."""
        super().__init__(window)
        self._parent = window
        self._settings = settings
        self._backup_folder = backup_folder
        self._actions = actions
        self._editor = editor
        self._guard = guard
        self._document: Document | None = None
        self.dialog: PreferencesDialog | None = None
        docks.default_author = self.default_author
        settings.changed.connect(self._changed)
        self._apply_font()
        self._apply_theme()
        self._apply_recovery_delay()

    # -- what the window asks

    def track(self, document: Document) -> None:
        """The window shows ``document`` from now on."""
        self._document = document
        document.backup_folder = self.backup_folder()

    def backup_folder(self) -> Path | None:
        return self._backup_folder if self._settings.get("files/backups") else None

    def remote_by_default(self) -> bool:
        return bool(self._settings.get("preview/remote_default"))

    def default_author(self) -> tuple[str, str]:
        """The user's (name, avatar) for new posts; the name is blank when none is set."""
        get = self._settings.get
        return str(get("new_post/author")).strip(), str(get("new_post/avatar")).strip()

    def new_post(self) -> Post:
        """A new post, with the user's default author if there is one."""
        return new_post(*self.default_author())

    def image_options(self) -> ImportOptions:
        """How images are imported: scaled down to the maximum width (if on), location kept?"""
        from editor.core.images import ImportOptions

        get = self._settings.get
        return ImportOptions(
            max_width=get("images/max_width") if get("images/scale_down") else None,
            strip_location=get("images/strip_location"),
        )

    def show_dialog(self) -> PreferencesDialog:
        """Open the Preferences dialog (window-modal, so the call returns at once)."""
        from editor.ui.dialogs.preferences_dialog import PreferencesDialog

        if self.dialog is not None:  # already open: bring it forward
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = self.dialog = PreferencesDialog(self._settings, self._parent)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: PreferencesDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- the window's own state

    def restore_window(self, window: QMainWindow, splitter: QSplitter) -> None:
        """The window's geometry, its panes' sizes and docks as last saved, and its menu
        toggles as set (each toggle applied as if just toggled)."""
        s = self._settings
        geometry = s.get("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        else:
            window.resize(1400, 900)
        sizes = s.get("window/splitter")
        if isinstance(sizes, QByteArray) and not sizes.isEmpty():
            splitter.restoreState(sizes)
        else:
            splitter.setSizes([440, 440, 320])
        state = s.get("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)
        a = self._actions
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

    def save_window(self, window: QMainWindow, splitter: QSplitter) -> None:
        self._settings.set("window/geometry", window.saveGeometry())
        self._settings.set("window/splitter", splitter.saveState())
        self._settings.set("window/state", window.saveState())
        self._settings.sync()

    # -- following the settings

    def _changed(self, key: str) -> None:
        actions = self._actions
        toggles = {
            "editor/wrap": actions.wrap,
            "editor/monospace": actions.monospace,
            "preview/scroll_sync": actions.scroll_sync,
            "images/scale_down": actions.scale_images,
            "images/strip_location": actions.strip_location,
        }
        if key in toggles:
            toggles[key].setChecked(bool(self._settings.get(key)))
        if key in _FONT_KEYS:
            self._apply_font()
        elif key == "appearance/theme":
            self._apply_theme()
        elif key == "files/backups" and self._document is not None:
            self._document.backup_folder = self.backup_folder()
        elif key == "files/recovery_seconds":
            self._apply_recovery_delay()

    def recovery_delay(self) -> int:
        return int(self._settings.get("files/recovery_seconds"))  # Settings keeps it in range

    def _apply_recovery_delay(self) -> None:
        keeper = self._guard.keeper
        if keeper is not None:  # None: no journal (it could not be opened)
            keeper.set_delay(self.recovery_delay())

    def _apply_font(self) -> None:
        self._editor.set_editor_font(editor_font(self._settings))

    def _apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, self._settings.theme())
