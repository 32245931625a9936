"""The Dark theme reaches the widgets' scrollbars too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from editor.ui import theme


@pytest.fixture
def app() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield app
    theme.apply(app, theme.SYSTEM)  # the theme belongs to the whole application


def test_scrollbars_are_dark_in_the_dark_theme(qtbot: QtBot, app: QApplication) -> None:
    edit = QPlainTextEdit("\n".join(f"Line {n}" for n in range(500)))
    qtbot.addWidget(edit)
    edit.resize(300, 200)
    edit.show()
    qtbot.waitExposed(edit)

    def groove_lightness() -> int:
        image = edit.verticalScrollBar().grab().toImage()
        return image.pixelColor(image.width() // 2, image.height() - 30).lightness()

    theme.apply(app, theme.LIGHT)
    qtbot.waitUntil(lambda: groove_lightness() > 180, timeout=3000)
    theme.apply(app, theme.DARK)
    qtbot.waitUntil(lambda: groove_lightness() < 90, timeout=3000)
