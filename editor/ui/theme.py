"""The app's colour theme: the platform's own (System), or Fusion with a light or dark palette.

Everything else follows the application palette: widgets repaint, the editor's highlighter
picks its light or dark colours from its palette (``MarkdownEdit._apply_palette``), and the
window tells the preview to show its light or dark page (``MainWindow.changeEvent``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

SYSTEM, LIGHT, DARK = "system", "light", "dark"
LABELS = {SYSTEM: "System", LIGHT: "Light", DARK: "Dark"}

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


@dataclass
class _Platform:
    """What the application looked like before Galley chose a theme."""

    style: str
    current: str = SYSTEM


def _state(app: QApplication) -> _Platform:
    """The platform look, remembered on the application the first time it is asked for."""
    state = getattr(app, "_galley_theme", None)
    if not isinstance(state, _Platform):
        state = _Platform(style=app.style().name())
        app._galley_theme = state  # type: ignore[attr-defined]
    return state


def current(app: QApplication) -> str:
    """The theme last applied to ``app`` (System until one is)."""
    return _state(app).current


def apply(app: QApplication, theme: str) -> None:
    """Give the whole application ``theme`` (``system``, ``light`` or ``dark``).

    Widgets receive the new palette through Qt's PaletteChange events, a moment later.
    """
    state = _state(app)
    theme = theme if theme in LABELS else SYSTEM
    if theme == state.current:
        return
    state.current = theme
    hints = QGuiApplication.styleHints()
    if theme == SYSTEM:
        if hasattr(hints, "unsetColorScheme"):  # Qt 6.8: the platform's scheme again
            hints.unsetColorScheme()
        style = QStyleFactory.create(state.style)
        if style is not None:
            app.setStyle(style)
        app.setPalette(QPalette())  # an empty palette: the platform's palette, followed live
        return
    if hasattr(hints, "setColorScheme"):  # window frames and native dialogs, where supported
        hints.setColorScheme(Qt.ColorScheme.Dark if theme == DARK else Qt.ColorScheme.Light)
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(palette(theme == DARK))


def palette(dark: bool) -> QPalette:
    """Fusion's light palette, or a dark one with the same roles filled in."""
    if not dark:
        fusion = QStyleFactory.create("Fusion")
        return fusion.standardPalette() if fusion is not None else QPalette()
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230)
    result = QPalette(window)  # derives the 3D shades (Light, Dark, Mid, Shadow) from it
    colours = {
        _Role.Window: window,
        _Role.WindowText: text,
        _Role.Base: base,
        _Role.AlternateBase: QColor(40, 40, 43),
        _Role.ToolTipBase: QColor(55, 55, 60),
        _Role.ToolTipText: text,
        _Role.PlaceholderText: QColor(140, 140, 140),
        _Role.Text: text,
        _Role.Button: QColor(53, 53, 56),
        _Role.ButtonText: text,
        _Role.BrightText: QColor(255, 90, 90),
        _Role.Link: QColor(90, 160, 255),
        _Role.LinkVisited: QColor(170, 130, 255),
        _Role.Highlight: QColor(42, 110, 200),
        _Role.HighlightedText: QColor(255, 255, 255),
    }
    for role, colour in colours.items():
        result.setColor(role, colour)
    muted = QColor(128, 128, 128)
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText, _Role.HighlightedText):
        result.setColor(_Group.Disabled, role, muted)
    result.setColor(_Group.Disabled, _Role.Highlight, QColor(70, 70, 75))
    return result
