"""F6 / Ctrl+E and Shift+F6: move the keyboard focus from pane to pane, as desktop apps do.

The panes are the editor, the front-matter form, the preview and the docks that are shown, in
that order. Entering a pane focuses the control that had the focus there last (the form's
date field, the Posts filter), else its first control that takes Tab focus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

_CHAIN_LIMIT = 5000  # a focus chain longer than this is not walked to its end


class PaneFocus(QObject):
    """Cycles the focus through ``panes()`` (the widgets of the panes, in order)."""

    def __init__(self, parent: QObject, panes: Callable[[], Sequence[QWidget]]) -> None:
        super().__init__(parent)
        self._panes = panes

    def shown_panes(self) -> list[QWidget]:
        return [pane for pane in self._panes() if pane.isVisible() and pane.isEnabled()]

    def current(self) -> QWidget | None:
        """The pane that holds the keyboard focus (None: a toolbar, a popup, nothing)."""
        focus = QApplication.focusWidget()
        for pane in self.shown_panes():
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return pane
        return None

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        panes = self.shown_panes()
        if not panes:
            return
        current = self.current()
        index = panes.index(current) if current in panes else (-1 if step > 0 else 0)
        for offset in range(1, len(panes) + 1):  # skip a pane with nothing to focus
            target = focus_target(panes[(index + step * offset) % len(panes)])
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return


def focus_target(pane: QWidget) -> QWidget | None:
    """The control of ``pane`` to focus: the one focused there last, else the first that takes
    Tab focus, else the pane itself if it takes focus."""
    last = pane.focusWidget()
    if last is not None and last is not pane and _can_focus(last) and pane.isAncestorOf(last):
        return last
    if _can_focus(pane):
        return pane
    widget = pane.nextInFocusChain()
    for _ in range(_CHAIN_LIMIT):
        if widget is pane or widget is None:
            break
        if pane.isAncestorOf(widget) and _can_focus(widget):
            return widget
        widget = widget.nextInFocusChain()
    return None


def _can_focus(widget: QWidget) -> bool:
    return bool(
        widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled()
    )
