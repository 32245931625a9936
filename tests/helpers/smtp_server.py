"""A real SMTP server on 127.0.0.1 for the test-send tests (aiosmtpd, on a free port), and
TLS certificates made for it on the spot (trustme): nothing leaves this machine."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "reader", "s3cret-Pa55word!"
REFUSED_RECIPIENT = "nobody@example.com"
REFUSED_SENDER = "spammer@example.com"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Handler:
    """Keeps what it is sent; refuses REFUSED_RECIPIENT and REFUSED_SENDER."""

    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == REFUSED_SENDER:
            return "553 5.7.1 Sender address rejected: not owned by user"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == REFUSED_RECIPIENT:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            self.logins.append((login, password))
            if (login, password) == (USER, PASSWORD):
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


@dataclass
class Server:
    host: str
    port: int
    handler: Handler
    cafile: str | None = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received


class Certificates:
    """A CA made for the tests and a certificate for 127.0.0.1 and localhost signed by it."""

    def __init__(self, folder: Path) -> None:
        self.ca = trustme.CA()
        self.cafile = folder / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.cafile))
        self.cert = self.ca.issue_cert("127.0.0.1", "localhost")

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.cert.configure_cert(context)
        return context


@contextlib.contextmanager
def smtp_server(
    *,
    security: str = "none",
    certificates: Certificates | None = None,
    auth: bool = False,
) -> Iterator[Server]:
    """A running server: ``none`` (plain), ``starttls`` (offers STARTTLS) or ``ssl`` (TLS from
    the first byte); with ``auth``, it offers a login (USER and PASSWORD are the right ones)."""
    handler = Handler()
    port = free_port()
    kwargs: dict[str, Any] = {}
    if auth:
        # (aiosmtpd counts only STARTTLS as TLS; SSL from the first byte is TLS too)
        kwargs.update(authenticator=handler.authenticate, auth_require_tls=security == "starttls")
    if security == "starttls":
        assert certificates is not None
        kwargs["tls_context"] = certificates.server_context()
    elif security == "ssl":
        assert certificates is not None
        kwargs["ssl_context"] = certificates.server_context()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        cafile = str(certificates.cafile) if certificates is not None else None
        yield Server("127.0.0.1", port, handler, cafile)
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server(*, greet: bytes | None = None, then_close: bool = False) -> Iterator[Server]:
    """A TCP server that accepts and then says nothing (or ``greet``, and closes the connection
    when ``then_close``): for timeouts, cancelling and dropped connections."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.05)  # the loop looks at ``stop`` this often
    port = int(listener.getsockname()[1])
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            held.append(conn)
            if greet is not None:
                conn.sendall(greet)
            if then_close:
                with contextlib.suppress(OSError):
                    conn.recv(1024)  # the EHLO, then the server goes away
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield Server("127.0.0.1", port, Handler())
    finally:
        stop.set()
        listener.close()
        for conn in held:
            conn.close()
        thread.join(2)
