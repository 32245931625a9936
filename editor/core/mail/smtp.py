"""The test send: one message to one address over SMTP, with :mod:`smtplib` (pure; no Qt).

This is the only network access Galley makes, and only when the user asks for it (File ▸ Send
Test E-mail…, ``galley send-test``). Three kinds of connection: STARTTLS (port 587, the usual
submission port), SSL/TLS from the first byte (port 465), and ``none`` for a relay on this
machine. TLS always verifies the server's certificate and name, against the system's CA store or
the ``cafile`` given; nothing turns that off.

Every failure is a :class:`SendError` whose text is two sentences a person can act on (what
happened, then what to do), sorted by ``reason``; never a traceback. The password is never put in
an error, a progress line or the log (smtplib's debug output, which would show it, stays off).

``cancelled()`` is asked between the steps (connect, TLS, login, send), and ``on_socket`` is told
the connection's socket as soon as there is one, so that :class:`Cancellation` can end a wait at
once from another thread; each step is bounded by ``timeout`` seconds.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Literal, NoReturn

from editor.core.errors import GalleyError

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "none")
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "ssl": 465, "none": 25}
SECURITY_LABELS: dict[Security, str] = {
    "starttls": "STARTTLS",
    "ssl": "SSL/TLS",
    "none": "None (a relay on this machine)",
}

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: the server, its port, the login (``user``, "" for none), the
    kind of connection, and the envelope and ``From`` address (``sender``, "" for the
    message's own ``From``). ``cafile``: a PEM file of the certificates to trust instead of
    the system's (a private relay's own CA; the tests' generated one)."""

    host: str
    port: int
    user: str = ""
    security: Security = "starttls"
    sender: str = ""
    cafile: str | None = None

    @property
    def where(self) -> str:
        """``host:port``, as the user wrote it (IPv6 hosts in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


class SendError(GalleyError):
    """The test e-mail was not sent (or not accepted); ``str(error)`` says what happened and
    what to do. ``reason``: ``settings``, ``connect``, ``tls``, ``login``, ``sender``,
    ``recipient``, ``message``, ``dropped`` or ``cancelled``."""

    def __init__(self, summary: str, detail: str = "", *, reason: str) -> None:
        super().__init__(summary, detail)
        self.reason = reason


class Cancellation:
    """A cancel switch for one send, safe to flip from any thread: call it to ask whether it is
    cancelled (``send_message``'s ``cancelled``); :meth:`attach` is its ``on_socket``. Once
    cancelled, the attached connection is shut down, so a read that waits for the server ends
    now instead of at the timeout."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None

    def __call__(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()
        with self._lock:
            sock, self._socket = self._socket, None
        if sock is not None:
            _shut(sock)

    def attach(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._socket = sock
        if sock is not None and self._event.is_set():
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    """End the connection under any wait on it (the plain socket's shutdown: an SSL socket's
    own would drop its TLS state under the thread that is reading)."""
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def valid_address(text: str) -> str | None:
    """The bare address in ``text`` (``Name <a@b.example>`` or ``a@b.example``), or None when
    it is not one."""
    _name, address = parseaddr(text.strip())
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in address):
        return None
    return address


def tls_context(cafile: str | None = None) -> ssl.SSLContext:
    """A client TLS context that verifies the server: certificate and host name, against the
    system's CA store, or only against ``cafile`` when one is given."""
    context = ssl.create_default_context(cafile=cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def send_message(
    message: EmailMessage,
    settings: SmtpSettings,
    password: str | None,
    *,
    to: str,
    timeout: float = 30,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[str], None] | None = None,
    on_socket: Callable[[socket.socket | None], None] | None = None,
) -> None:
    """Send ``message`` to ``to`` as ``settings`` say; returns once the server accepted it.

    The copy that goes out names ``to`` in its ``To`` header and ``settings.sender`` (when set)
    in its ``From``; ``message`` itself is not changed. ``password`` is used only when
    ``settings.user`` is set. Raises :class:`SendError`, never anything else.
    """
    say = progress or (lambda _text: None)
    recipient, sender = _addresses(message, settings, to)
    if settings.user and not password:
        raise SendError(
            f"Could not log in to {settings.host} as {settings.user}: no password was given.",
            "Enter the password, or leave the user name empty if the server needs no login.",
            reason="settings",
        )
    if settings.user and settings.security == "none" and not _is_local(settings.host):
        raise SendError(
            f"Galley will not send your password unencrypted to {settings.host}.",
            "Choose STARTTLS or SSL/TLS as the connection's security, or leave the user name "
            "empty for a relay that needs no login.",
            reason="settings",
        )
    outgoing = _outgoing(message, recipient, settings.sender)
    step = _Steps(settings, cancelled, on_socket or (lambda _sock: None))
    say(f"Connecting to {settings.where}…")
    smtp = step.connect(timeout)
    try:
        if settings.security == "starttls":
            say(f"Starting TLS with {settings.host}…")
            step.starttls(smtp)
        if settings.user:
            say(f"Logging in as {settings.user}…")
            step.login(smtp, settings.user, password or "")
        say(f"Sending to {recipient}…")
        step.send(smtp, outgoing, sender, recipient)
        _close(smtp, goodbye=True)
    finally:
        step.on_socket(None)
        _close(smtp)
    say(f"The server accepted the message for {recipient}.")


def _addresses(message: EmailMessage, settings: SmtpSettings, to: str) -> tuple[str, str]:
    """(recipient, envelope sender), or the :class:`SendError` that says what is missing."""
    if not settings.host.strip():
        raise SendError(
            "Could not send the test e-mail: no SMTP server is set.",
            "Enter your mail server's address (for example smtp.example.com) in Preferences "
            "▸ E-mail.",
            reason="settings",
        )
    if not 0 < settings.port < 65536:
        raise SendError(
            f"Could not send the test e-mail: {settings.port} is not a port number.",
            "Give the server's port, from 1 to 65535 (usually 587 for STARTTLS, 465 for SSL/TLS).",
            reason="settings",
        )
    if not to.strip():
        raise SendError(
            "Could not send the test e-mail: no address to send it to was given.",
            "Enter your own address as the one to send it to.",
            reason="settings",
        )
    recipient = valid_address(to)
    if recipient is None:
        raise SendError(
            f"Could not send the test e-mail: '{to}' is not an e-mail address.",
            "Give the address to send it to, like you@example.com.",
            reason="settings",
        )
    given = settings.sender or str(message.get("From", ""))
    sender = valid_address(given)
    if sender is None:
        raise SendError(
            "Could not send the test e-mail: it has no from-address."
            if not given.strip()
            else f"Could not send the test e-mail: '{given}' is not an e-mail address.",
            "Enter the address it comes from (usually your own) in Preferences ▸ E-mail.",
            reason="settings",
        )
    return recipient, sender


def _outgoing(message: EmailMessage, recipient: str, sender: str) -> EmailMessage:
    """A copy of ``message`` addressed to ``recipient`` (and from ``sender`` when given)."""
    outgoing = deepcopy(message)
    for name, value in (("To", recipient), ("From", sender)):
        if not value:
            continue
        if name in outgoing:
            outgoing.replace_header(name, value)
        else:
            outgoing[name] = value
    return outgoing


def _is_local(host: str) -> bool:
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


class _Client(smtplib.SMTP):
    """smtplib's client, telling the socket it opens before waiting for the greeting."""

    def __init__(
        self,
        host: str,
        port: int,
        on_socket: Callable[[socket.socket | None], None],
        timeout: float,
    ) -> None:
        self._on_socket = on_socket
        super().__init__(host, port, timeout=timeout)  # (connects)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        assert isinstance(sock, socket.socket)
        self._on_socket(sock)
        return sock


class _SslClient(smtplib.SMTP_SSL):
    def __init__(
        self,
        host: str,
        port: int,
        on_socket: Callable[[socket.socket | None], None],
        context: ssl.SSLContext,
        timeout: float,
    ) -> None:
        self._on_socket = on_socket
        super().__init__(host, port, context=context, timeout=timeout)  # (connects)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        plain = socket.create_connection((host, port), timeout)
        self._on_socket(plain)  # the handshake can wait too
        sock = self.context.wrap_socket(plain, server_hostname=host)
        self._on_socket(sock)
        return sock


class _Steps:
    """The steps of one send, each turning smtplib's and the socket's errors into sentences."""

    def __init__(
        self,
        settings: SmtpSettings,
        cancelled: Callable[[], bool],
        on_socket: Callable[[socket.socket | None], None],
    ) -> None:
        self.settings = settings
        self.cancelled = cancelled
        self.on_socket = on_socket

    def check(self) -> None:
        if self.cancelled():
            raise SendError(
                "The test e-mail was not sent: you cancelled it.",
                "Send it again when you are ready.",
                reason="cancelled",
            )

    def connect(self, timeout: float) -> smtplib.SMTP:
        self.check()
        s = self.settings
        try:  # (smtplib's debug output, which would show the login, is off unless asked)
            if s.security == "ssl":
                context = tls_context(s.cafile)
                smtp: smtplib.SMTP = _SslClient(s.host, s.port, self.on_socket, context, timeout)
            else:
                smtp = _Client(s.host, s.port, self.on_socket, timeout)
            try:
                smtp.ehlo_or_helo_if_needed()
            except BaseException:
                _close(smtp)
                raise
        except Exception as exc:
            self._connect_failed(exc, timeout)
        self.check_or_close(smtp)
        return smtp

    def check_or_close(self, smtp: smtplib.SMTP) -> None:
        if self.cancelled():
            _close(smtp)
            self.check()

    def starttls(self, smtp: smtplib.SMTP) -> None:
        s = self.settings
        try:
            if not smtp.has_extn("starttls"):
                raise SendError(
                    f"Could not start TLS with {s.host}: the server does not offer STARTTLS on "
                    f"port {s.port}.",
                    "Choose SSL/TLS (usually port 465) in the connection's security, or None "
                    "only for a relay on this machine.",
                    reason="tls",
                )
            smtp.starttls(context=tls_context(s.cafile))
            self.on_socket(smtp.sock)
            smtp.ehlo()
        except smtplib.SMTPResponseException as exc:
            _close(smtp)
            raise SendError(
                f"Could not start TLS with {s.host}: the server refused it "
                f"({_reply(exc.smtp_code, exc.smtp_error)}).",
                "Check the port and the connection's security in Preferences ▸ E-mail.",
                reason="tls",
            ) from None
        except SendError:
            _close(smtp)
            raise
        except Exception as exc:
            _close(smtp)
            self._step_failed(exc, "start TLS with")
        self.check_or_close(smtp)

    def login(self, smtp: smtplib.SMTP, user: str, password: str) -> None:
        s = self.settings
        try:
            if not smtp.has_extn("auth"):
                raise SendError(
                    f"Could not log in to {s.host} as {user}: the server offers no login on "
                    "this connection.",
                    "Check the connection's security (many servers offer a login only after "
                    "STARTTLS), or leave the user name empty for a relay that needs none.",
                    reason="login",
                )
            smtp.login(user, password)
        except smtplib.SMTPAuthenticationError as exc:
            _close(smtp)
            raise SendError(
                f"The server {s.host} refused the login for {user} "
                f"({_reply(exc.smtp_code, exc.smtp_error)}).",
                "Check the user name and the password (some providers want an app password "
                "for mail programs), then send again.",
                reason="login",
            ) from None
        except SendError:
            _close(smtp)
            raise
        except Exception as exc:
            _close(smtp)
            if type(exc) is smtplib.SMTPException:  # "No suitable authentication method found."
                raise SendError(
                    f"Could not log in to {s.host} as {user}: the server offers no login method "
                    "Galley knows (PLAIN, LOGIN or CRAM-MD5).",
                    "Check the connection's security, or leave the user name empty for a relay "
                    "that needs no login.",
                    reason="login",
                ) from None
            self._step_failed(exc, "log in to")
        self.check_or_close(smtp)

    def send(self, smtp: smtplib.SMTP, message: EmailMessage, sender: str, to: str) -> None:
        s = self.settings
        try:
            smtp.send_message(message, from_addr=sender, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()), (0, b""))
            raise SendError(
                f"The server {s.host} refused the recipient {to} ({_reply(code, reply)}).",
                "Check the address; a server may also refuse to pass mail on for a sender it "
                "does not know, so check the login and the from-address too.",
                reason="recipient",
            ) from None
        except smtplib.SMTPSenderRefused as exc:
            raise SendError(
                f"The server {s.host} refused the sender {sender} "
                f"({_reply(exc.smtp_code, exc.smtp_error)}).",
                "Use an address this server lets you send from (usually your own, the one you "
                "log in with) as the from-address in Preferences ▸ E-mail.",
                reason="sender",
            ) from None
        except smtplib.SMTPDataError as exc:
            raise SendError(
                f"The server {s.host} refused the message "
                f"({_reply(exc.smtp_code, exc.smtp_error)}).",
                "The server's answer says why; a message may be too large for it, or look "
                "like spam to it.",
                reason="message",
            ) from None
        except Exception as exc:
            self._step_failed(exc, "send the message to")

    # -- errors into sentences

    def _refused_greeting(self, code: int, reply: bytes | str) -> NoReturn:
        raise SendError(
            f"Could not connect to {self.settings.where}: the server turned the connection "
            f"away ({_reply(code, reply)}).",
            "Try again later, or check the server's address and port in Preferences ▸ E-mail.",
            reason="connect",
        )

    def _connect_failed(self, exc: Exception, timeout: float) -> NoReturn:
        s = self.settings
        if self.cancelled():
            self.check()
        _log.debug("SMTP connect to %s failed: %s", s.where, type(exc).__name__)
        check = "Check the server's address and port in Preferences ▸ E-mail"
        if isinstance(exc, socket.gaierror):
            raise SendError(
                f"Could not connect to {s.where}: the name {s.host} was not found.",
                f"{check}, and that this computer is online.",
                reason="connect",
            ) from None
        if isinstance(exc, ConnectionRefusedError):
            raise SendError(
                f"Could not connect to {s.where}: nothing is listening on port {s.port} "
                "(the connection was refused).",
                f"{check} (usually 587 for STARTTLS, 465 for SSL/TLS).",
                reason="connect",
            ) from None
        if _timed_out(exc):
            raise SendError(
                f"Could not connect to {s.where}: the server did not answer within "
                f"{timeout:g} seconds.",
                f"{check}; a firewall or network may also block the port.",
                reason="connect",
            ) from None
        if isinstance(exc, ssl.SSLError):
            self._tls_failed(exc)
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            self._dropped(exc, "connect to")
        if isinstance(exc, smtplib.SMTPResponseException):
            self._refused_greeting(exc.smtp_code, exc.smtp_error)
        raise SendError(
            f"Could not connect to {s.where}: {_os_error(exc)}.",
            f"{check}, and that this computer is online.",
            reason="connect",
        ) from None

    def _tls_failed(self, exc: ssl.SSLError) -> NoReturn:
        s = self.settings
        if isinstance(exc, ssl.SSLCertVerificationError):
            why = exc.verify_message or "it could not be verified"
            raise SendError(
                f"Could not make a secure connection to {s.host}: its certificate is not "
                f"trusted ({why}).",
                "Check the server's name (it must be the one its certificate is for); a "
                "server with a self-signed certificate needs its CA installed on this system.",
                reason="tls",
            ) from None
        wrong = "WRONG_VERSION_NUMBER" in str(exc) or "wrong version" in str(exc).lower()
        raise SendError(
            f"Could not make a secure connection to {s.where}: the TLS handshake failed "
            f"({exc.reason or type(exc).__name__}).",
            "The port may expect STARTTLS rather than SSL/TLS from the start; check the "
            "connection's security and port in Preferences ▸ E-mail."
            if wrong
            else "Check the connection's security and port in Preferences ▸ E-mail.",
            reason="tls",
        ) from None

    def _dropped(self, exc: Exception, doing: str) -> NoReturn:
        raise SendError(
            f"Could not {doing} {self.settings.host}: the server closed the connection.",
            "Try again; if it keeps happening, check the port and the connection's security "
            "in Preferences ▸ E-mail.",
            reason="dropped",
        ) from None

    def _step_failed(self, exc: Exception, doing: str) -> NoReturn:
        if self.cancelled():
            self.check()
        _log.debug("SMTP step '%s' failed: %s", doing, type(exc).__name__)
        s = self.settings
        if isinstance(exc, ssl.SSLError):
            self._tls_failed(exc)
        if _timed_out(exc):
            raise SendError(
                f"Could not {doing} {s.host}: the server stopped answering.",
                "Try again later; if it keeps happening, check the port and the connection's "
                "security in Preferences ▸ E-mail.",
                reason="dropped",
            ) from None
        if isinstance(exc, (smtplib.SMTPServerDisconnected, ConnectionError)):
            self._dropped(exc, doing)
        if isinstance(exc, smtplib.SMTPResponseException):
            raise SendError(
                f"Could not {doing} {s.host}: the server answered "
                f"{_reply(exc.smtp_code, exc.smtp_error)}.",
                "The server's answer says why; check the settings in Preferences ▸ E-mail.",
                reason="message",
            ) from None
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            raise SendError(
                f"Could not {doing} {s.host}: the server does not support what was asked.",
                "Check the connection's security in Preferences ▸ E-mail.",
                reason="message",
            ) from None
        raise SendError(
            f"Could not {doing} {s.host}: {_os_error(exc)}.",
            "Try again; if it keeps happening, check the settings in Preferences ▸ E-mail.",
            reason="dropped" if isinstance(exc, OSError) else "message",
        ) from None


def _timed_out(exc: BaseException) -> bool:
    """Whether ``exc`` is a wait that ran out (smtplib reports one as a disconnection)."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def _reply(code: int, text: bytes | str) -> str:
    """A server's answer as it can be shown: ``535 5.7.8 Authentication failed`` (one line,
    at most 200 characters)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = " ".join(text.split())
    if len(line) > 200:
        line = line[:199] + "…"
    return f"{code} {line}".strip() if code else line or "no answer"


def _os_error(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return f"the connection failed ({type(exc).__name__})"


def _close(smtp: smtplib.SMTP, *, goodbye: bool = False) -> None:
    """Close the connection; with ``goodbye``, say QUIT first (once the message is accepted:
    after a failure the server may not answer, and a wait for it would be a second timeout)."""
    try:
        if goodbye and smtp.sock is not None:
            smtp.quit()
    except Exception:  # (the message was accepted; a lost goodbye changes nothing)
        pass
    finally:
        smtp.close()
