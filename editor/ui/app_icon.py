"""Galley's own icon, from the bundled PNGs, for when the desktop's icon theme has none."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

from editor.core import bundled

_PNG = re.compile(r"galley-(\d+)\.png")


def bundled_icon() -> QIcon:
    """The application icon at every bundled size (``resources/icons/galley-<size>.png``).

    Files are added by path, so Qt reads each size only when something asks for it (start-up
    pays nothing); a resource that is not a plain file (a zipped install) is read right away.
    """
    icon = QIcon()
    for node in sorted(bundled.resource("icons").iterdir(), key=lambda n: n.name):
        match = _PNG.fullmatch(node.name)
        if match is None:
            continue
        size = int(match.group(1))
        if isinstance(node, Path):
            icon.addFile(str(node), QSize(size, size))
        else:
            pixmap = QPixmap()
            if pixmap.loadFromData(node.read_bytes(), "PNG"):
                icon.addPixmap(pixmap)
    return icon
