"""The test send off the GUI thread (layer 1: QtCore only).

:class:`MailSender` runs :func:`editor.core.mail.smtp.send_message` on a worker thread and
reports on the GUI thread: ``progress(text)`` for each step ("Connecting to …"), then exactly one
of ``finished()`` (the server accepted the message) or ``failed(text)`` (two sentences; the
:class:`~editor.core.mail.smtp.SendError` itself is :attr:`MailSender.error`).

:meth:`MailSender.cancel` stops waiting at once: ``failed`` comes then and there with the
cancelled sentence, nothing more is reported for that send, and the worker's connection is shut
down under it, so the thread ends within moments (a connection still being made ends at the
timeout). The thread is a daemon and reports through a relay that is never deleted, so neither a
closed dialog nor quitting Galley waits for a slow server.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from email.message import EmailMessage

    from editor.core.mail.smtp import Cancellation, SendError, SmtpSettings

__all__ = ["MailSender"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Report:
    ticket: int
    kind: str  # "progress", "finished" or "failed"
    text: str = ""
    error: SendError | None = None


class _Relay(QObject):
    """Carries reports from the worker to the GUI thread; made once, never deleted."""

    carried = Signal(object)  # (weakref to the sender, _Report)

    def __init__(self) -> None:
        super().__init__()
        self.carried.connect(self._deliver)

    @Slot(object)
    def _deliver(self, payload: tuple[weakref.ref[MailSender], _Report]) -> None:
        ref, report = payload
        sender = ref()
        if sender is not None:
            with contextlib.suppress(RuntimeError):  # its Qt side was deleted meanwhile
                sender._report(report)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()  # (on the GUI thread: the first send is started there)
    return _relay


class MailSender(QObject):
    """Sends one test e-mail at a time on a worker thread; see the module docstring."""

    progress = Signal(str)
    finished = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticket = 0
        self._running: int | None = None  # the ticket being waited for
        self._cancel: Cancellation | None = None
        self._thread: threading.Thread | None = None
        self.error: SendError | None = None  # why the last send failed, or None

    @property
    def busy(self) -> bool:
        """Whether a send is being waited for."""
        return self._running is not None

    def start(
        self,
        message: EmailMessage,
        settings: SmtpSettings,
        password: str | None,
        *,
        to: str,
        timeout: float = 30,
    ) -> None:
        """Send ``message`` to ``to`` on a worker thread (``message`` is not changed)."""
        from editor.core.mail.smtp import Cancellation

        if self.busy:
            raise RuntimeError("a test e-mail is being sent already")
        self._ticket += 1
        self._running = self._ticket
        self.error = None
        cancel = self._cancel = Cancellation()
        relay, me, ticket = _the_relay(), weakref.ref(self), self._ticket

        def run() -> None:
            _send(ticket, message, settings, password, to, timeout, cancel, relay, me)

        self._thread = threading.Thread(target=run, name="galley-mail-sender", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop waiting now: ``failed`` comes at once; the worker's connection is shut."""
        if self._running is None or self._cancel is None:
            return
        from editor.core.mail.smtp import SendError

        self._cancel.cancel()
        self._done(
            _Report(
                self._running,
                "failed",
                error=SendError(
                    "The test e-mail was not sent: you cancelled it.",
                    "If the server had already taken it, it may still arrive; otherwise send "
                    "it again when you are ready.",
                    reason="cancelled",
                ),
            )
        )

    def wait(self, timeout: float) -> bool:
        """Wait for the worker thread to end (tests); whether it did within ``timeout`` s."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    # -- on the GUI thread

    def _report(self, report: _Report) -> None:
        if report.ticket != self._running:
            return  # a cancelled send's late news
        if report.kind == "progress":
            self.progress.emit(report.text)
        else:
            self._done(report)

    def _done(self, report: _Report) -> None:
        self._running = None
        self._cancel = None
        if report.kind == "finished":
            self.finished.emit()
        else:
            self.error = report.error
            self.failed.emit(str(report.error) if report.error is not None else report.text)


def _send(
    ticket: int,
    message: EmailMessage,
    settings: SmtpSettings,
    password: str | None,
    to: str,
    timeout: float,
    cancel: Cancellation,
    relay: _Relay,
    sender: weakref.ref[MailSender],
) -> None:
    """On the worker thread: send, reporting each step to the GUI thread."""
    from editor.core.mail.smtp import SendError, send_message

    def report(kind: str, text: str = "", error: SendError | None = None) -> None:
        with contextlib.suppress(RuntimeError):  # the application is shutting down
            relay.carried.emit((sender, _Report(ticket, kind, text, error)))

    try:
        send_message(
            message,
            settings,
            password,
            to=to,
            timeout=timeout,
            cancelled=cancel,
            progress=lambda text: report("progress", text),
            on_socket=cancel.attach,
        )
    except SendError as error:
        report("failed", error=error)
    except Exception as exc:  # a bug must not leave the dialog waiting for ever
        _log.error("The test send failed: %s", type(exc).__name__)
        report(
            "failed",
            error=SendError(
                f"Could not send the test e-mail: Galley hit an internal error "
                f"({type(exc).__name__}).",
                "This is a bug in Galley; please report it. The post is unchanged.",
                reason="message",
            ),
        )
    else:
        report("finished")
