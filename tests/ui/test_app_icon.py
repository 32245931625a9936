"""The window shows Galley's own icon even when no icon theme knows 'galley'."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from editor.ui.app_icon import bundled_icon


def test_the_bundled_icon_has_every_size_and_is_not_blank(qtbot: QtBot) -> None:
    icon = bundled_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} == {16, 32, 48, 64, 128, 256}
    for size in (16, 256):
        image = icon.pixmap(QSize(size, size)).toImage()
        assert image.size() == QSize(size, size)
        centre = image.pixelColor(size // 2, size // 3)
        assert centre.alpha() == 255  # the page, not a transparent hole


def test_the_theme_lookup_falls_back_to_the_bundled_icon(qtbot: QtBot) -> None:
    saved = QIcon.themeSearchPaths()
    QIcon.setThemeSearchPaths([])  # a desktop without Galley's icon installed
    try:
        icon = QIcon.fromTheme("galley", bundled_icon())
        assert not icon.isNull()
        assert QSize(48, 48) in icon.availableSizes()
    finally:
        QIcon.setThemeSearchPaths(saved)
