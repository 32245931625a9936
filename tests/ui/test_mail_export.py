"""File ▸ Export ▸ E-mail Message… and Edit ▸ Copy as E-mail HTML."""

from __future__ import annotations

from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.main_window import MainWindow
from tests.helpers.post_cases import write_site_post
from tests.helpers.window_helpers import open_window

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    from PIL import Image

    path = write_site_post(tmp_path)
    Image.new("RGB", (40, 20), "teal").save(path.parent / "screenshot.png")
    return path


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, post_file: Path) -> Iterator[MainWindow]:
    yield open_window(qtbot, settings, post_file)


def test_export_writes_the_whole_message_beside_the_post(
    window: MainWindow, post_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    target = tmp_path / "issue"

    def ask(parent: Any, title: str, start: str, filters: str) -> str:
        asked.append(start)
        return str(target)

    monkeypatch.setattr(messages, "ask_save_path", ask)
    before = post_file.read_bytes()
    window.actions_.export_email.trigger()
    assert asked == [str(post_file.parent / "weekly-26.eml")]
    message = BytesParser(policy=policy.default).parsebytes((tmp_path / "issue.eml").read_bytes())
    assert message["Subject"].startswith("Backstage Weekly 26")
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",))
    assert html is not None and "Spotify published a case study." in html.get_content()
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Spotify published a case study." in text and "<p" not in text
    [image] = [part for part in message.walk() if part.get_content_maintype() == "image"]
    assert image.get_payload(decode=True) == (post_file.parent / "screenshot.png").read_bytes()
    assert f"cid:{image['Content-ID'].strip('<>')}" in html.get_content()
    assert post_file.read_bytes() == before
    assert "Exported the e-mail" in window.statusBar().currentMessage()


def test_copy_puts_the_mails_html_and_its_text_on_the_clipboard(window: MainWindow) -> None:
    window.actions_.copy_email_html.trigger()
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasHtml() and data.hasText()
    assert "Spotify published a case study." in data.html()
    assert 'style="' in data.html()  # styles inlined, as mailers' editors keep them
    assert "<script" not in data.html()
    assert data.text().startswith("Backstage Weekly 26")
    assert "<" not in data.text().split("\n", 1)[0]
