"""Tag chips follow the theme at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from editor.ui import theme
from editor.ui.form.tag_chips import TagChips


@pytest.fixture
def app() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield app
    theme.apply(app, theme.SYSTEM)  # the theme belongs to the whole application


def chip_background(chips: TagChips) -> QColor:
    (chip,) = [w for w in chips.findChildren(QWidget) if w.objectName() == "tag-chip"]
    image = chip.grab().toImage()
    return image.pixelColor(5, image.height() // 2)


def test_chip_colours_follow_a_theme_switch_at_once(qtbot: QtBot, app: QApplication) -> None:
    theme.apply(app, theme.LIGHT)
    chips = TagChips("tags", "Tags")
    qtbot.addWidget(chips)
    chips.set_value(["backstage"])
    chips.show()
    qtbot.waitExposed(chips)
    light = chip_background(chips)
    assert light.lightness() > 200

    theme.apply(app, theme.DARK)
    dark_base = theme.palette(True).color(QPalette.ColorRole.AlternateBase)
    qtbot.waitUntil(lambda: chip_background(chips).lightness() < 100, timeout=3000)
    assert abs(chip_background(chips).lightness() - dark_base.lightness()) < 20


def test_a_long_value_is_elided_and_never_widens_the_field(qtbot: QtBot) -> None:
    # A Zola post's alias (a 60-character path) widened the form past the window's edge.
    long = "2025/02/13/2024-State-Of-Rust-Survey-results-and-more-words.html"
    chips = TagChips("aliases", "Aliases")
    qtbot.addWidget(chips)
    chips.set_value([long])
    chips.resize(220, 80)
    chips.show()
    qtbot.waitExposed(chips)
    assert chips.minimumSizeHint().width() < 200
    (label,) = [w for w in chips.findChildren(QLabel) if w.objectName() == "tag-chip-text"]
    qtbot.waitUntil(lambda: "…" in label.text())
    assert label.toolTip() == long
    assert label.geometry().right() < 220
