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


def test_the_test_sends_server_settings_are_typed(settings: Settings) -> None:
    smtp = settings.smtp()
    assert (smtp.host, smtp.port, smtp.user, smtp.security, smtp.sender) == (
        "",
        587,
        "",
        "starttls",
        "",
    )
    settings.set("mail/smtp_host", " smtp.example.org ")
    settings.set("mail/smtp_port", "70000")  # a hand-edited file
    settings.set("mail/smtp_user", "me@example.org")
    settings.set("mail/smtp_security", "SSL")
    settings.set("mail/from", "Me <me@example.org>")
    smtp = settings.smtp()
    assert (smtp.host, smtp.port, smtp.user, smtp.security, smtp.sender) == (
        "smtp.example.org",
        65535,
        "me@example.org",
        "ssl",
        "Me <me@example.org>",
    )
    settings.set("mail/smtp_security", "carrier pigeon")
    assert settings.smtp().security == "starttls"
    assert settings.mail_recipient() == "Me <me@example.org>"  # no To: the user's own address
    settings.set("mail/to", "proofs@example.org")
    assert settings.mail_recipient() == "proofs@example.org"
