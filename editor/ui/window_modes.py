"""View ▸ Full Screen (F11) and View ▸ Focus Mode (F8): the window's two ways of getting out
of the writer's way.

Focus mode shows the editor alone, as a centred column of a comfortable reading width (about
72 characters of its font), with the docks, toolbar, preview and form hidden and the menu bar and
status bar dimmed (they come back to full strength while the pointer is over them). Escape in the
editor, the same key or the menu item leaves it, and everything comes back as it was: the docks
and toolbar through the window's own saved state, the panes as their View toggles say.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QGraphicsOpacityEffect,
    QLayout,
    QMainWindow,
    QPlainTextEdit,
    QToolBar,
    QWidget,
)

COLUMN_CHARACTERS = 72  # a comfortable line of prose
COLUMN_MARGIN = 24  # the least space either side of the column
DIMMED = 0.35  # the opacity of the menu bar and status bar in focus mode


class WindowModes(QObject):
    """Drives ``full_screen`` and ``focus_mode`` (checkable actions) for ``window``."""

    def __init__(
        self,
        window: QMainWindow,
        *,
        full_screen: QAction,
        focus_mode: QAction,
        editor: QPlainTextEdit,
        editor_layout: QLayout,
        panes: list[tuple[QWidget, QAction]],
        toolbar: QToolBar,
    ) -> None:
        """``panes`` are the preview and the form, each with the View toggle that says whether
        it shows; ``editor_layout`` holds the editor (its margins centre the column)."""
        super().__init__(window)
        self._window = window
        self._full_screen = full_screen
        self._focus_mode = focus_mode
        self._editor = editor
        self._layout = editor_layout
        self._panes = panes
        self._toolbar = toolbar
        self._saved_state: QByteArray | None = None
        self._was_maximized = False
        self._full_screen_by_focus = False
        full_screen.toggled.connect(self._set_full_screen)
        focus_mode.toggled.connect(self._set_focus_mode)
        window.installEventFilter(self)
        # The editor (Escape) and the column's parent (resizes) are watched only in focus mode:
        # a filter on the editor is a call into Python for each of its events, every key too.
        self._pane_parent = editor_layout.parentWidget()

    @property
    def focused(self) -> bool:
        return self._saved_state is not None

    # -- full screen

    def _set_full_screen(self, on: bool) -> None:
        window = self._window
        if on == window.isFullScreen():
            return
        if on:
            self._was_maximized = window.isMaximized()
            window.showFullScreen()
        elif self._was_maximized:
            window.showMaximized()
        else:
            window.showNormal()

    # -- focus mode

    def _set_focus_mode(self, on: bool) -> None:
        if on == self.focused:
            return
        window = self._window
        if on:
            self._saved_state = window.saveState()
            for dock in window.findChildren(QDockWidget):
                if dock.parentWidget() is window:
                    dock.hide()
            self._toolbar.hide()
            for pane, _toggle in self._panes:
                pane.hide()
            self._watch(True)
            self._dim(True)
            self._centre()
            self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        state, self._saved_state = self._saved_state, None
        self._watch(False)
        self._dim(False)
        if state is not None:
            window.restoreState(state)
        for pane, toggle in self._panes:
            pane.setVisible(toggle.isChecked())
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _watch(self, on: bool) -> None:
        for watched in (self._editor, self._pane_parent):
            if watched is None:
                continue
            if on:
                watched.installEventFilter(self)
            else:
                watched.removeEventFilter(self)

    def _bars(self) -> list[QWidget]:
        window = self._window
        return [bar for bar in (window.menuWidget(), window.statusBar()) if bar is not None]

    def _dim(self, on: bool) -> None:
        for bar in self._bars():
            if on:
                effect = QGraphicsOpacityEffect(bar)
                effect.setOpacity(DIMMED)
                bar.setGraphicsEffect(effect)
                bar.installEventFilter(self)
            else:
                bar.removeEventFilter(self)
                bar.setGraphicsEffect(None)  # (deletes the effect)

    def dimmed(self, bar: QWidget) -> bool:
        """Whether ``bar`` (the menu bar or status bar) is drawn dimmed now."""
        effect = bar.graphicsEffect()
        return isinstance(effect, QGraphicsOpacityEffect) and effect.opacity() < 1.0

    def leave(self) -> None:
        """Leave focus mode (and the full screen it was in): before the window saves its state."""
        self._focus_mode.setChecked(False)

    def column_width(self) -> int:
        """The width of the editor's column in focus mode, in pixels."""
        metrics = self._editor.fontMetrics()
        frame = 2 * self._editor.frameWidth() + self._editor.verticalScrollBar().sizeHint().width()
        margin = 2 * round(self._editor.document().documentMargin())
        return metrics.horizontalAdvance("n" * COLUMN_CHARACTERS) + frame + margin

    def _centre(self) -> None:
        parent = self._pane_parent
        if not self.focused or parent is None:
            return
        side = max(COLUMN_MARGIN, (parent.width() - self.column_width()) // 2)
        self._layout.setContentsMargins(side, 0, side, 0)

    # -- events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.WindowStateChange:
            # The window manager (or a key of its own) may leave full screen: follow it.
            self._full_screen.setChecked(self._window.isFullScreen())
        elif watched is self._pane_parent and kind == QEvent.Type.Resize:
            self._centre()
        elif kind in (QEvent.Type.Enter, QEvent.Type.Leave) and isinstance(watched, QWidget):
            effect = watched.graphicsEffect()
            if isinstance(effect, QGraphicsOpacityEffect):  # full strength under the pointer
                effect.setOpacity(1.0 if kind == QEvent.Type.Enter else DIMMED)
        elif (
            watched is self._editor
            and kind == QEvent.Type.KeyPress
            and self.focused
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.modifiers()
        ):
            self.leave()
            return True
        return super().eventFilter(watched, event)
