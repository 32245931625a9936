"""The test send off the GUI thread: each step reported, then exactly one of finished or failed;
Cancel answers at once and nothing of that send comes after it."""

from __future__ import annotations

import time
from email.message import EmailMessage

from pytestqt.qtbot import QtBot

from editor.core.mail.smtp import SmtpSettings
from editor.state.mail_sender import MailSender
from tests.helpers.smtp_server import REFUSED_RECIPIENT, silent_server, smtp_server

TO = "me@example.org"


def message() -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = "Tideline 44"
    msg["From"] = "news@example.org"
    msg.set_content("Hello, inbox.\n")
    return msg


class Record:
    def __init__(self, sender: MailSender) -> None:
        self.events: list[tuple[str, str]] = []
        sender.progress.connect(lambda text: self.events.append(("progress", text)))
        sender.finished.connect(lambda: self.events.append(("finished", "")))
        sender.failed.connect(lambda text: self.events.append(("failed", text)))

    def ends(self) -> list[str]:
        return [kind for kind, _text in self.events if kind != "progress"]


def test_a_send_reports_its_steps_then_finished(qtbot: QtBot) -> None:
    sender = MailSender()
    record = Record(sender)
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        with qtbot.waitSignal(sender.finished, timeout=10_000):
            sender.start(message(), settings, None, to=TO)
            assert sender.busy
    assert not sender.busy and sender.error is None
    steps = [text for kind, text in record.events if kind == "progress"]
    assert steps[0].startswith("Connecting to 127.0.0.1:")
    assert record.ends() == ["finished"]
    assert [r.message["Subject"] for r in server.received] == ["Tideline 44"]


def test_a_refusal_is_failed_with_its_sentences(qtbot: QtBot) -> None:
    sender = MailSender()
    record = Record(sender)
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        with qtbot.waitSignal(sender.failed, timeout=10_000) as caught:
            sender.start(message(), settings, None, to=REFUSED_RECIPIENT)
    assert caught.args[0].startswith("The server 127.0.0.1 refused the recipient")
    assert sender.error is not None and sender.error.reason == "recipient"
    assert record.ends() == ["failed"]


def test_cancel_answers_at_once_and_the_worker_ends(qtbot: QtBot) -> None:
    sender = MailSender()
    record = Record(sender)
    with silent_server() as server:  # accepts, then never greets
        settings = SmtpSettings(server.host, server.port, security="none")
        sender.start(message(), settings, None, to=TO, timeout=30)
        qtbot.wait(200)
        started = time.monotonic()
        sender.cancel()
        assert record.ends() == ["failed"]  # then and there, not at the timeout
        assert "you cancelled it" in record.events[-1][1]
        assert sender.error is not None and sender.error.reason == "cancelled"
        assert not sender.busy
        assert sender.wait(5)  # the connection was shut under the waiting worker
        assert time.monotonic() - started < 5
    qtbot.wait(100)  # the worker's own late report is dropped
    assert record.ends() == ["failed"]


def test_one_send_at_a_time_and_a_new_one_after(qtbot: QtBot) -> None:
    sender = MailSender()
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        for _ in range(2):
            with qtbot.waitSignal(sender.finished, timeout=10_000):
                sender.start(message(), settings, None, to=TO)
                try:
                    sender.start(message(), settings, None, to=TO)
                except RuntimeError:
                    pass
                else:
                    raise AssertionError("a second send started while one ran")
    assert len(server.received) == 2
