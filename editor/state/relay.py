"""Answers from worker threads to the window's thread, on an object that outlives every window.

A thread that emits a signal of a window's own object races that object's deletion: when the
window closes as an answer arrives, the emit can reach a C++ object that is being destroyed
(a segmentation fault, seen in CI as a check result came back while a test's window closed).
So answers travel on one relay object, made on the window's thread before any worker runs and
never deleted while the application runs; each receiver connects one of its own methods (a
queued connection: Qt drops it when the receiver is destroyed) and takes the answers that
carry its token. :class:`Inbox` is such a receiver, made a child of the object it serves.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class ThreadRelay(QObject):
    """Carries ``(token, answer)`` from any thread to the receivers on the window's thread."""

    arrived = Signal(int, object)


_relay: ThreadRelay | None = None
_tokens = itertools.count(1)


def thread_relay() -> ThreadRelay:
    """The application's relay; call it first on the window's thread (a receiver's
    ``__init__``), so that the relay lives there."""
    global _relay
    if _relay is None:
        _relay = ThreadRelay()
    return _relay


def new_token() -> int:
    """A token for one receiver."""
    return next(_tokens)


def deliver(token: int, answer: object) -> None:
    """From any thread: hand ``answer`` to the receiver holding ``token``."""
    relay = _relay
    if relay is not None:
        relay.arrived.emit(token, answer)


class Inbox(QObject):
    """Answers for one object of the window's thread (``parent``): :meth:`deliver` from any
    thread, ``on_answer(answer)`` on the window's thread, never once ``parent`` is gone."""

    def __init__(self, on_answer: Callable[[object], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_answer = on_answer
        self._token = new_token()
        thread_relay().arrived.connect(self._arrived)

    def deliver(self, answer: object) -> None:
        """From any thread (this touches only the token, never the Qt object)."""
        deliver(self._token, answer)

    def _arrived(self, token: int, answer: object) -> None:
        if token == self._token:
            self._on_answer(answer)
