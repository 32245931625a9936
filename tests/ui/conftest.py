"""Fixtures the window tests share (a module's own fixture of the same name wins)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from editor.core.errors import GalleyError
from editor.state.settings import Settings
from editor.ui import messages


@pytest.fixture(autouse=True)
def empty_clipboard(qapp: object) -> Iterator[None]:
    """Each test leaves the clipboard empty. Data a test put there (a QMimeData made in Python)
    would otherwise outlive the application, and freeing it at exit crashed the interpreter
    after every test had passed (seen when the image-paste tests ran last)."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings in a file of the test's own, never the user's."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may block a test: unsaved changes are discarded unless a test says otherwise.
    Modules opt in with ``pytestmark = pytest.mark.usefixtures("no_modal_dialogs")``."""
    monkeypatch.setattr(messages, "ask_save_changes", lambda parent, name: messages.Choice.DISCARD)
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": None)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[GalleyError]:
    """Every error the window shows, recorded (none blocks); unsaved changes are discarded."""
    shown: list[GalleyError] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": shown.append(error))
    monkeypatch.setattr(messages, "ask_save_changes", lambda parent, name: messages.Choice.DISCARD)
    return shown
