"""The test send against a real SMTP server on 127.0.0.1 (aiosmtpd): plain, STARTTLS and SSL with
a certificate made for the test, and every refusal as two sentences without the password."""

from __future__ import annotations

import logging
import socket
import threading
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from editor.core.mail.smtp import (
    Cancellation,
    SendError,
    SmtpSettings,
    send_message,
    valid_address,
)
from tests.helpers.smtp_server import (
    PASSWORD,
    REFUSED_RECIPIENT,
    REFUSED_SENDER,
    USER,
    Certificates,
    free_port,
    silent_server,
    smtp_server,
)

TO = "me@example.org"
FROM = "Tideline <news@example.org>"


def message(subject: str = "Tideline 43 · Low water") -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = FROM
    msg["To"] = "Your readers <placeholder@example.invalid>"
    msg.set_content("The tide went out further than anyone remembered.\n")
    msg.add_alternative("<p>The tide went out <em>further</em> than anyone remembered.</p>", "html")
    return msg


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return Certificates(tmp_path_factory.mktemp("certs"))


def sentences(error: SendError) -> None:
    """Two parts, each a sentence; never a traceback."""
    assert error.summary.endswith(".") and error.detail.endswith(".")
    assert "Traceback" not in str(error) and "Error(" not in str(error)


def test_plain_delivery_to_a_local_relay() -> None:
    original = message()
    before = original.as_bytes()
    steps: list[str] = []
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        send_message(original, settings, None, to=TO, progress=steps.append)
    [got] = server.received
    assert got.recipients == [TO]
    assert got.sender == "news@example.org"
    received = got.message
    assert received["Subject"] == "Tideline 43 · Low water"
    assert received["To"] == TO  # the copy sent names where it went
    assert received.get_body(("plain",)).get_content().startswith("The tide went out")
    assert "<em>further</em>" in received.get_body(("html",)).get_content()
    assert original.as_bytes() == before  # the message given is not changed
    assert steps[0].startswith("Connecting to 127.0.0.1:")
    assert steps[-1] == f"The server accepted the message for {TO}."


def test_starttls_with_a_certificate_the_test_made(certificates: Certificates) -> None:
    with smtp_server(security="starttls", certificates=certificates, auth=True) as server:
        settings = SmtpSettings(
            server.host, server.port, USER, "starttls", "me@example.org", server.cafile
        )
        send_message(message(), settings, PASSWORD, to=TO)
    [got] = server.received
    assert server.handler.logins == [(USER, PASSWORD)]
    assert got.sender == "me@example.org"
    assert got.message["From"] == "me@example.org"  # the from-address of the settings


def test_ssl_from_the_first_byte(certificates: Certificates) -> None:
    with smtp_server(security="ssl", certificates=certificates, auth=True) as server:
        settings = SmtpSettings(server.host, server.port, USER, "ssl", cafile=server.cafile)
        send_message(message(), settings, PASSWORD, to=TO)
    assert [r.message["Subject"] for r in server.received] == ["Tideline 43 · Low water"]


def test_an_untrusted_certificate_is_refused_never_waved_through(
    certificates: Certificates,
) -> None:
    with smtp_server(security="starttls", certificates=certificates) as server:
        settings = SmtpSettings(server.host, server.port, security="starttls")  # system CAs
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO)
    assert caught.value.reason == "tls"
    assert "certificate is not trusted" in caught.value.summary
    sentences(caught.value)
    assert server.received == []


def test_a_server_without_starttls_says_which_setting_to_change() -> None:
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="starttls")
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO)
    assert caught.value.reason == "tls"
    assert "does not offer STARTTLS" in caught.value.summary
    sentences(caught.value)


def test_ssl_to_a_plain_port_is_a_tls_failure(certificates: Certificates) -> None:
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="ssl", cafile=server.cafile)
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO, timeout=5)
    assert caught.value.reason == "tls"
    sentences(caught.value)


def test_a_refused_login_is_a_sentence_without_the_password(
    certificates: Certificates, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-Password-42"
    with smtp_server(security="starttls", certificates=certificates, auth=True) as server:
        settings = SmtpSettings(server.host, server.port, USER, "starttls", cafile=server.cafile)
        progress: list[str] = []
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, wrong, to=TO, progress=progress.append)
    error = caught.value
    assert error.reason == "login"
    assert error.summary.startswith(f"The server 127.0.0.1 refused the login for {USER} (535")
    sentences(error)
    for text in (str(error), caplog.text, *progress):
        assert wrong not in text and PASSWORD not in text
    assert server.received == []


def test_a_refused_recipient() -> None:
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=REFUSED_RECIPIENT)
    assert caught.value.reason == "recipient"
    assert f"refused the recipient {REFUSED_RECIPIENT} (550 5.1.1" in caught.value.summary
    sentences(caught.value)


def test_a_refused_sender() -> None:
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none", sender=REFUSED_SENDER)
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO)
    assert caught.value.reason == "sender"
    assert "(553 5.7.1" in caught.value.summary
    sentences(caught.value)


def test_nothing_listening_is_a_refused_connection() -> None:
    settings = SmtpSettings("127.0.0.1", free_port(), security="none")
    with pytest.raises(SendError) as caught:
        send_message(message(), settings, None, to=TO, timeout=5)
    assert caught.value.reason == "connect"
    assert "nothing is listening on port" in caught.value.summary
    sentences(caught.value)


def test_a_name_that_is_not_found(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_found(*_args: object, **_kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", not_found)  # (no DNS query leaves the test)
    settings = SmtpSettings("smtp.galley-test.invalid", 587)
    with pytest.raises(SendError) as caught:
        send_message(message(), settings, None, to=TO, timeout=5)
    assert caught.value.reason == "connect"
    assert caught.value.summary == (
        "Could not connect to smtp.galley-test.invalid:587: the name smtp.galley-test.invalid "
        "was not found."
    )
    sentences(caught.value)


def test_a_silent_server_times_out_within_the_timeout() -> None:
    with silent_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        start = time.monotonic()
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO, timeout=0.5)
    assert time.monotonic() - start < 5
    assert caught.value.reason == "connect"
    assert "did not answer within 0.5 seconds" in caught.value.summary


def test_a_dropped_connection() -> None:
    with silent_server(greet=b"220 galley-test ESMTP\r\n", then_close=True) as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO, timeout=5)
    assert caught.value.reason == "dropped"
    assert "closed the connection" in caught.value.summary
    sentences(caught.value)


def test_cancel_ends_a_wait_at_once_from_another_thread() -> None:
    with silent_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        cancel = Cancellation()
        threading.Timer(0.3, cancel.cancel).start()
        start = time.monotonic()
        with pytest.raises(SendError) as caught:
            send_message(
                message(), settings, None, to=TO, timeout=30, cancelled=cancel,
                on_socket=cancel.attach,
            )  # fmt: skip
    assert time.monotonic() - start < 5  # not the 30 s timeout
    assert caught.value.reason == "cancelled"
    sentences(caught.value)


def test_cancelled_before_it_starts_sends_nothing() -> None:
    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO, cancelled=lambda: True)
    assert caught.value.reason == "cancelled"
    assert server.received == []


def test_a_cancel_between_steps_stops_before_the_message_goes() -> None:
    asked: list[str] = []

    def cancelled() -> bool:
        return len(asked) >= 1  # after the connection: the first step is done

    with smtp_server() as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO, cancelled=cancelled,
                         progress=asked.append)  # fmt: skip
    assert caught.value.reason == "cancelled"
    assert server.received == []


@pytest.mark.parametrize(
    ("settings", "to", "words"),
    [
        (SmtpSettings("", 587), TO, "no SMTP server is set"),
        (SmtpSettings("smtp.example.org", 0), TO, "0 is not a port number"),
        (SmtpSettings("smtp.example.org", 587), "me at example", "is not an e-mail address"),
        (SmtpSettings("smtp.example.org", 587), " ", "no address to send it to"),
        (SmtpSettings("smtp.example.org", 587, "me"), TO, "no password was given"),
        (SmtpSettings("smtp.example.org", 25, "me", "none"), TO, "unencrypted"),
    ],
)
def test_settings_that_cannot_work_are_said_before_connecting(
    settings: SmtpSettings, to: str, words: str
) -> None:
    password = "pw" if "unencrypted" in words else None
    with pytest.raises(SendError) as caught:
        send_message(message(), settings, password, to=to)
    assert caught.value.reason == "settings"
    assert words in caught.value.summary
    sentences(caught.value)


def test_without_a_from_address_the_settings_are_asked_for() -> None:
    msg = message()
    del msg["From"]
    with pytest.raises(SendError) as caught:
        send_message(msg, SmtpSettings("127.0.0.1", 25, security="none"), None, to=TO)
    assert caught.value.summary == "Could not send the test e-mail: it has no from-address."


def test_addresses() -> None:
    assert valid_address("Tideline <news@example.org>") == "news@example.org"
    assert valid_address(" me@example.org ") == "me@example.org"
    assert valid_address("me") is None
    assert valid_address("") is None


def test_the_certificate_file_is_the_only_trust_when_given(
    certificates: Certificates, tmp_path: Path
) -> None:
    other = Certificates(tmp_path)  # another CA: the server's certificate is not its
    with smtp_server(security="ssl", certificates=certificates) as server:
        settings = SmtpSettings(server.host, server.port, security="ssl", cafile=str(other.cafile))
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO, timeout=5)
    assert caught.value.reason == "tls"
    assert "not trusted" in caught.value.summary


def test_a_server_that_turns_the_connection_away() -> None:
    with silent_server(greet=b"554 5.3.2 Too busy, try later\r\n") as server:
        settings = SmtpSettings(server.host, server.port, security="none")
        with pytest.raises(SendError) as caught:
            send_message(message(), settings, None, to=TO, timeout=5)
    assert caught.value.reason == "connect"
    assert "turned the connection away (554 5.3.2 Too busy, try later)" in caught.value.summary
    sentences(caught.value)
