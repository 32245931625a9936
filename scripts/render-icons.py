"""Render resources/icons/galley.svg into the PNG sizes the desktop entry installs.

Run once after editing the SVG, then commit the PNGs:
    QT_QPA_PLATFORM=offscreen python scripts/render-icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QPainter on text and paths needs one)
    renderer = QSvgRenderer(str(ICONS / "galley.svg"))
    if not renderer.isValid():
        print(f"Could not read {ICONS / 'galley.svg'}: it is not a valid SVG.", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        target = ICONS / f"galley-{size}.png"
        if not image.save(str(target), "PNG"):
            print(f"Could not write {target}.", file=sys.stderr)
            return 1
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
