"""File ▸ Send Test E-mail… as a user meets it, against a real SMTP server on 127.0.0.1: the
progress line while it sends, Cancel that stops waiting at once, the outcome as two sentences,
the password asked for (and kept in the keyring only when asked, never in the settings file)."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from editor.core.errors import GalleyError
from editor.core.mail import secrets
from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.dialogs.send_test import SendTestDialog
from tests.helpers.memory_keyring import MemoryKeyring, memory_keyring
from tests.helpers.post_cases import write_site_post
from tests.helpers.smtp_server import (
    PASSWORD,
    USER,
    Certificates,
    Server,
    silent_server,
    smtp_server,
)
from tests.helpers.window_helpers import open_window

ME = "me@example.org"


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def settings(ini: Path) -> Settings:
    return Settings(QSettings(str(ini), QSettings.Format.IniFormat))


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return Certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def keyring() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


class Messages:
    def __init__(self) -> None:
        self.built = 0

    def __call__(self) -> EmailMessage:
        self.built += 1
        msg = EmailMessage()
        msg["Subject"] = "Tideline 45 · Spring tides"
        msg["From"] = "Tideline <news@example.org>"
        msg.set_content("Two high tides a day.\n")
        msg.add_alternative("<p>Two high tides a day.</p>", subtype="html")
        return msg


def use_server(settings: Settings, server: Server, security: str, user: str = "") -> None:
    settings.set("mail/smtp_host", server.host)
    settings.set("mail/smtp_port", server.port)
    settings.set("mail/smtp_security", security)
    settings.set("mail/smtp_user", user)
    settings.set("mail/from", f"Me <{ME}>")


def make_dialog(
    qtbot: QtBot, settings: Settings, build: Messages, server: Server | None = None
) -> SendTestDialog:
    cafile = server.cafile if server is not None else None
    dialog = SendTestDialog(settings, build, timeout=10, cafile=cafile)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def send_and_wait(qtbot: QtBot, dialog: SendTestDialog) -> None:
    dialog.send_button.click()  # (the send starts at once: busy until it ends)
    qtbot.waitUntil(lambda: not dialog.mailer.busy, timeout=10_000)


def test_a_test_goes_to_the_users_own_address_and_says_so(qtbot: QtBot, settings: Settings) -> None:
    build = Messages()
    with smtp_server() as server:
        use_server(settings, server, "none")
        dialog = make_dialog(qtbot, settings, build)
        assert dialog.to.text() == f"Me <{ME}>"  # the from-address: the user's own
        assert not dialog.password.isVisible()  # no login, no password
        assert dialog.server.text() == f"Through 127.0.0.1:{server.port} (None), from Me <{ME}>."
        progress: list[str] = []
        dialog.mailer.progress.connect(progress.append)
        with qtbot.waitSignal(dialog.sent, timeout=10_000) as sent:
            dialog.send_button.click()
            assert dialog.busy.isVisible() and not dialog.send_button.isEnabled()
            assert dialog.close_button.text() == "&Cancel"
    assert sent.args == [f"Sent a test e-mail to Me <{ME}>"]
    assert progress[0].startswith("Connecting to 127.0.0.1:")
    assert dialog.result_text.startswith(f"The server accepted the test e-mail for Me <{ME}>.")
    assert not dialog.busy.isVisible() and dialog.send_button.isEnabled()
    assert dialog.close_button.text() == "&Close"
    assert build.built == 1  # built when Send was clicked, from the post as it was
    [got] = server.received
    assert got.recipients == [ME]
    assert got.message["Subject"] == "Tideline 45 · Spring tides"


def test_the_password_is_asked_for_and_kept_in_the_keyring_only(
    qtbot: QtBot, settings: Settings, ini: Path, keyring: MemoryKeyring, certificates: Certificates
) -> None:
    with smtp_server(security="starttls", certificates=certificates, auth=True) as server:
        use_server(settings, server, "starttls", USER)
        dialog = make_dialog(qtbot, settings, Messages(), server)
        assert dialog.password.isVisible() and dialog.remember.isVisible()
        dialog.password.setText(PASSWORD)
        dialog.remember.setChecked(True)
        send_and_wait(qtbot, dialog)
        assert dialog.result_text.startswith("The server accepted the test e-mail"), (
            dialog.result_text
        )
        assert keyring.kept == {("Galley SMTP", f"{USER}@127.0.0.1"): PASSWORD}
        assert not dialog.password.isVisible()  # kept: not asked again
        settings.sync()
        assert PASSWORD.encode() not in ini.read_bytes()

        again = make_dialog(qtbot, settings, Messages(), server)  # the next test send
        assert not again.password.isVisible()
        send_and_wait(qtbot, again)
        assert again.result_text.startswith("The server accepted"), again.result_text
    assert server.handler.logins == [(USER, PASSWORD), (USER, PASSWORD)]


def test_a_refused_login_says_so_and_asks_for_the_password_again(
    qtbot: QtBot, settings: Settings, ini: Path, keyring: MemoryKeyring, certificates: Certificates
) -> None:
    keyring.kept[("Galley SMTP", f"{USER}@127.0.0.1")] = "an-old-password"
    with smtp_server(security="starttls", certificates=certificates, auth=True) as server:
        use_server(settings, server, "starttls", USER)
        dialog = make_dialog(qtbot, settings, Messages(), server)
        assert not dialog.password.isVisible()  # the kept one is used
        send_and_wait(qtbot, dialog)
        summary, detail = dialog.result_text.split("\n")
        assert summary.startswith(f"The server 127.0.0.1 refused the login for {USER} (535")
        assert detail.startswith("Check the user name and the password")
        assert dialog.password.isVisible() and dialog.password.hasFocus()
        dialog.password.setText("still-wrong")
        send_and_wait(qtbot, dialog)
        assert "refused the login" in dialog.result_text
    assert keyring.kept[("Galley SMTP", f"{USER}@127.0.0.1")] == "an-old-password"  # not kept
    assert server.received == []
    settings.sync()
    assert b"still-wrong" not in ini.read_bytes()


def test_without_a_keyring_the_password_is_asked_each_time(
    qtbot: QtBot, settings: Settings, certificates: Certificates
) -> None:
    assert not secrets.keyring_available()  # the tests' fail backend
    with smtp_server(security="starttls", certificates=certificates, auth=True) as server:
        use_server(settings, server, "starttls", USER)
        dialog = make_dialog(qtbot, settings, Messages(), server)
        assert dialog.password.isVisible() and not dialog.remember.isVisible()
        dialog.password.setText(PASSWORD)
        send_and_wait(qtbot, dialog)
        assert dialog.result_text.startswith("The server accepted"), dialog.result_text
        assert dialog.password.isVisible()  # nowhere to keep it: asked again next time


def test_cancel_stops_waiting_at_once(qtbot: QtBot, settings: Settings) -> None:
    with silent_server() as server:  # accepts the connection and never answers
        use_server(settings, server, "none")
        dialog = make_dialog(qtbot, settings, Messages())
        dialog.send_button.click()
        qtbot.waitUntil(lambda: dialog.result_text.startswith("Connecting to"), timeout=5000)
        dialog.close_button.click()  # it reads Cancel while sending
        assert dialog.isVisible()  # the dialog stays, with the outcome
        assert dialog.result_text.startswith("The test e-mail was not sent: you cancelled it.")
        assert not dialog.busy.isVisible() and dialog.send_button.isEnabled()
        assert dialog.mailer.wait(5)
        dialog.close_button.click()  # now it reads Close
        assert not dialog.isVisible()


def test_closing_while_it_sends_cancels_the_send(qtbot: QtBot, settings: Settings) -> None:
    with silent_server() as server:
        use_server(settings, server, "none")
        dialog = make_dialog(qtbot, settings, Messages())
        dialog.send_button.click()
        dialog.reject()
        assert not dialog.mailer.busy
        assert dialog.mailer.wait(5)


def test_no_server_set_is_said_before_anything_is_sent(qtbot: QtBot, settings: Settings) -> None:
    dialog = make_dialog(qtbot, settings, Messages())
    assert "No mail server is set yet" in dialog.server.text()
    send_and_wait(qtbot, dialog)
    assert dialog.result_text.startswith("Could not send the test e-mail: no SMTP server is set.")
    assert "Preferences ▸ E-mail" in dialog.result_text


def test_a_message_that_cannot_be_made_is_a_sentence(qtbot: QtBot, settings: Settings) -> None:
    def broken() -> EmailMessage:
        raise GalleyError("Could not make the e-mail: an image is missing.", "Fix the image.")

    dialog = make_dialog(qtbot, settings, broken)  # type: ignore[arg-type]
    dialog.send_button.click()
    assert dialog.result_text == "Could not make the e-mail: an image is missing.\nFix the image."
    assert not dialog.mailer.busy


# -- the window


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    shown: list[object] = []
    monkeypatch.setattr(messages, "ask_save_changes", lambda parent, name: messages.Choice.DISCARD)
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": shown.append(error))
    return shown


def test_file_send_test_email_sends_the_open_post_and_leaves_it_alone(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    post_file = write_site_post(tmp_path)
    before = post_file.read_bytes()
    win = open_window(qtbot, settings, post_file, size=(1100, 700))
    file_menu = win.menuBar().actions()[0].menu()
    assert win.actions_.send_test in file_menu.actions()
    with smtp_server() as server:
        use_server(settings, server, "none")
        win.actions_.send_test.trigger()
        dialog = win.send_test().dialog
        assert dialog is not None and dialog.isVisible()
        with qtbot.waitSignal(dialog.sent, timeout=10_000):
            dialog.send_button.click()
    [got] = server.received
    assert got.message["Subject"] == "Backstage Weekly 26 - Spotify's product story"
    assert "Spotify published a case study." in got.message.get_body(("html",)).get_content()
    assert "Sent a test e-mail to" in win.statusBar().currentMessage()
    assert post_file.read_bytes() == before and not win.document.is_modified
    dialog.reject()
