"""Settings are typed and kept in range, whatever a hand-edited settings file says."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from editor.state.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.mark.parametrize(
    ("key", "written", "read"),
    [
        ("editor/font_size", 0, 6),
        ("editor/font_size", 500, 48),
        ("editor/font_size", "14", 14),
        ("files/recovery_seconds", 0, 1),
        ("files/recovery_seconds", 3600, 60),
        ("images/max_width", 5, 100),
        ("files/recovery_seconds", "soon", 1),
    ],
)
def test_numbers_are_kept_within_their_limits(
    settings: Settings, key: str, written: object, read: int
) -> None:
    settings.set(key, written)
    assert settings.get(key) == read


def test_limits_are_what_preferences_offers(settings: Settings) -> None:
    assert settings.limits("files/recovery_seconds") == (1, 60)
    with pytest.raises(KeyError):
        settings.limits("editor/wrap")
