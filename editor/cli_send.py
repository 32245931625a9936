"""``galley send-test POST --to ADDRESS``: the post as an e-mail, sent over SMTP from a terminal
(pure; no Qt). The command line's part of issue 21's test send; :mod:`editor.cli` registers it.

The server is ``--smtp HOST[:PORT]`` (default ``localhost``; the port follows ``--security``:
587 for STARTTLS, 465 for SSL/TLS, 25 for none). With ``--user``, the password comes from the
``GALLEY_SMTP_PASSWORD`` environment variable, else from the system keyring (where Preferences ▸
E-mail keeps it), else it is asked for when a terminal is there to ask on. It is never printed.

Exit status: 0 when the server accepted the message, 1 when it was refused or could not be sent,
2 on bad arguments or a post that cannot be read; every failure is two sentences on standard
error (what happened, what to do).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from email.message import EmailMessage

    from editor.core.post import Post

COMMAND = "send-test"
PASSWORD_VARIABLE = "GALLEY_SMTP_PASSWORD"
_BAD_INPUT = 2
Rendering = Callable[[Path], tuple[Any, ...]]  # cli._site_rendering: emoji, dialect, ...


def add_parser(commands: Any) -> None:
    """Add ``send-test`` to the ``galley`` command's subparsers."""
    send = commands.add_parser(
        COMMAND, help="send a post as a test e-mail over SMTP",
        description="Send a post as an e-mail to one address over SMTP, to see it in a real "
        "inbox. This is the only network access Galley makes. The password (with --user) "
        f"comes from ${PASSWORD_VARIABLE}, else from the system keyring where Galley's "
        "Preferences keep it, else it is asked for. Exit status: 0 when the server accepted "
        "the message, 1 when it was refused or could not be sent, 2 on bad arguments.",
    )  # fmt: skip
    send.add_argument("post", type=Path, metavar="POST", help="the post's Markdown file")
    send.add_argument(
        "--to", required=True, type=_address, metavar="ADDRESS",
        help="the address to send it to (usually your own)",
    )  # fmt: skip
    send.add_argument(
        "--smtp", type=_server, default=("localhost", None), metavar="HOST:PORT",
        help="the SMTP server (default: localhost; the port follows --security: 587, 465 or 25)",
    )  # fmt: skip
    send.add_argument(
        "--user", default="", metavar="NAME", help="log in as NAME (default: no login)"
    )
    send.add_argument(
        "--security", choices=("starttls", "ssl", "none"), default="starttls",
        help="STARTTLS (the default), SSL/TLS from the first byte, or none for a relay on "
        "this machine; TLS always verifies the server's certificate",
    )  # fmt: skip
    send.add_argument(
        "--from", dest="sender", default=None, type=_address, metavar="ADDRESS",
        help="the address it comes from (default: --user, when that is an address)",
    )  # fmt: skip
    send.add_argument(
        "--cafile", type=Path, metavar="FILE",
        help="trust only the CA certificates in FILE (PEM), instead of the system's",
    )  # fmt: skip
    send.add_argument(
        "--timeout", type=_seconds, default=30.0, metavar="SECONDS",
        help="how long each step may wait for the server (default: 30)",
    )  # fmt: skip


def _address(text: str) -> str:
    from editor.core.mail.smtp import valid_address

    if valid_address(text) is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an e-mail address; write it like you@example.com"
        )
    return text.strip()


def _server(text: str) -> tuple[str, int | None]:
    """``HOST``, ``HOST:PORT`` or ``[IPv6]:PORT``."""
    text = text.strip()
    host, port = text, ""
    if text.startswith("["):
        host, _bracket, rest = text[1:].partition("]")
        port = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, port = text.split(":")
    if not host:
        raise argparse.ArgumentTypeError(f"'{text}' names no server; write it like smtp.host:587")
    if not port:
        return host, None
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(
            f"'{port}' is not a port number; give one from 1 to 65535, like smtp.host:587"
        )
    return host, int(port)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds from 1 to 600")
    return seconds


def run(args: argparse.Namespace, rendering: Rendering) -> int:
    """Send the test; ``rendering(post_path)`` is how the post's site renders it."""
    from editor.core.mail.smtp import DEFAULT_PORTS, SendError, SmtpSettings, send_message
    from editor.core.post import Post
    from editor.core.site import post_header_lines

    host, port = args.smtp
    sender = args.sender or (args.user if _is_address(args.user) else "")
    if not sender:
        return _fail(
            f"Could not send {args.post}: the test e-mail needs a from-address.",
            "Give --from ADDRESS (usually your own, the one the server lets you send from).",
            status=_BAD_INPUT,
        )
    settings = SmtpSettings(
        host=host,
        port=port or DEFAULT_PORTS[args.security],
        user=args.user.strip(),
        security=args.security,
        sender=sender,
        cafile=str(args.cafile) if args.cafile is not None else None,
    )
    post = Post.load(args.post, header_lines=post_header_lines(args.post))
    message = _message_for(post, args, rendering)
    password = None
    if settings.user:
        password = _password(settings.user, settings.host)
        if password is None:
            return _fail(
                f"Could not log in to {settings.host} as {settings.user}: no password was given.",
                f"Set {PASSWORD_VARIABLE}, or keep the password in the system keyring with "
                "Galley's Preferences ▸ E-mail ▸ Remember the password.",
                status=_BAD_INPUT,
            )
    progress = _progress if sys.stderr.isatty() else None
    try:
        send_message(
            message,
            settings,
            password,
            to=args.to,
            timeout=args.timeout,
            progress=progress,
        )
    except SendError as error:
        return _fail(error.summary, error.detail, status=_BAD_INPUT if _bad(error) else 1)
    except KeyboardInterrupt:
        return _fail(
            "The test e-mail was not sent: you interrupted it.",
            "Run the command again when you are ready.",
        )
    print(f"galley: the server {settings.where} accepted the test e-mail for {args.to}.")
    return 0


def _bad(error: Exception) -> bool:
    """Whether ``error`` is about the arguments (exit 2) rather than the server (exit 1)."""
    return getattr(error, "reason", "") == "settings"


def _message_for(post: Post, args: argparse.Namespace, rendering: Rendering) -> EmailMessage:
    """The post's message (:func:`~editor.core.mail.compose_message`), from ``--from`` where
    the site's ``[email] from`` names no one, to ``--to``."""
    from editor.core.mail import compose_message, mail_options_for

    emoji, dialect, generator, images = rendering(args.post)
    sender = args.sender or (args.user if _is_address(args.user) else "")
    options = mail_options_for(args.post, sender=sender, recipient=args.to)
    return compose_message(
        post, options, emoji=emoji, dialect=dialect, generator=generator, images=images
    )


def _password(user: str, host: str) -> str | None:
    """From the environment, else the keyring, else asked on the terminal; None if none."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    from editor.core.mail import secrets

    kept = secrets.stored_password(user, host)
    if kept is not None:
        return kept
    if sys.stdin.isatty() and sys.stderr.isatty():
        import getpass

        try:
            typed = getpass.getpass(f"Password for {user} on {host}: ")
        except (EOFError, KeyboardInterrupt):
            return None
        return typed or None
    return None


def _is_address(text: str) -> bool:
    from editor.core.mail.smtp import valid_address

    return bool(text) and valid_address(text) is not None


def _progress(text: str) -> None:
    print(f"galley: {text}", file=sys.stderr)


def _fail(summary: str, detail: str, *, status: int = 1) -> int:
    print(f"galley: {summary}", file=sys.stderr)
    if detail:
        print(f"  {detail}", file=sys.stderr)
    return status
