"""Icons for actions: the system theme's when it has one, else Galley's own line icons.

The bundled icons (``resources/icons/actions/<name>.svg``) are drawn in ``currentColor`` and
painted in the palette's text colour when shown, so they follow light and dark palettes (and
disabled and selected states) without a second set of files.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer

from editor.core import bundled

FOLDER = "icons/actions"
# PySide6 does not hand a Python-made engine returned by clone() over to C++ (the icon would
# keep a pointer to a collected object), so clones are kept alive here. Qt clones only when an
# icon that is shared is changed (addPixmap on a copy), which Galley never does: a few at most.
_CLONES: list[QIconEngine] = []


def icon(name: str) -> QIcon:
    """The theme's icon ``name`` if the theme has it, else the bundled one (null if neither)."""
    if QIcon.hasThemeIcon(name):
        return QIcon.fromTheme(name)
    return bundled_icon(name)


def bundled_icon(name: str) -> QIcon:
    """Galley's own icon ``name`` (a null icon if there is none)."""
    if not has_bundled(name):
        return QIcon()
    return QIcon(SvgIconEngine(name))


def has_bundled(name: str) -> bool:
    return bundled.resource(f"{FOLDER}/{name}.svg").is_file()


class SvgIconEngine(QIconEngine):
    """Paints a bundled SVG in the application palette's colour for the icon's mode."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name
        self._svg: bytes | None = None  # read on first paint: creating icons costs nothing
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> tuple[QSvgRenderer, float]:
        """The SVG in the colour for ``mode``, and that colour's opacity."""
        palette = QGuiApplication.palette()
        if mode == QIcon.Mode.Disabled:
            color = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
            if color == palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText):
                color.setAlphaF(color.alphaF() * 0.4)  # a palette without a disabled colour
        elif mode == QIcon.Mode.Selected:
            color = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
        else:
            color = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
        key = color.name(QColor.NameFormat.HexRgb)  # SVG has no #AARRGGBB: see paint()
        renderer = self._renderers.get(key)
        if renderer is None:
            if self._svg is None:
                self._svg = bundled.read_bytes(f"{FOLDER}/{self._name}.svg")
            data = self._svg.replace(b"currentColor", key.encode("ascii"))
            renderer = self._renderers[key] = QSvgRenderer(QByteArray(data))
        return renderer, color.alphaF()

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer, opacity = self._renderer(mode)
        painter.setOpacity(painter.opacity() * opacity)
        renderer.render(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), pixmap.size()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        engine = SvgIconEngine(self._name)
        _CLONES.append(engine)
        return engine

    def key(self) -> str:
        return "galley-svg"

    def iconName(self) -> str:
        return self._name

    def isNull(self) -> bool:
        return False
