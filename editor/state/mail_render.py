"""When the e-mail views of the preview are drawn, off the typing path (layer 1: QtCore only).

Drawing an e-mail view exports the post (about 10 ms at 4 KB, 0.7 s at 400 KB, with stretches
of over 100 ms in which css-inline holds the interpreter lock), so it never runs on the
window's thread, nor on a thread of its own: :class:`MailRenderSchedule` sends it to the check
worker process (:meth:`editor.core.checkworker.CheckService.call`), after a typing pause
(:data:`DEBOUNCE_MS` after the last change), and never more than one at a time: a change while
one is drawn, or while its page loads into the view (until :meth:`~MailRenderSchedule.shown`),
is remembered and drawn after it, with the text as it is then. The window's thread only takes
a snapshot of the text (about half a millisecond at 400 KB) and, when the page comes back,
hands it to the view.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from editor.state import relay

__all__ = ["DEBOUNCE_MS", "LOST_AFTER_S", "MailRenderSchedule", "Submit"]

DEBOUNCE_MS = 400
"""The typing pause after which an e-mail view follows the post."""
LOST_AFTER_S = 120.0
"""A drawing not answered in this long is given up (the worker died with it): the next change
is drawn again."""
TARGET = "editor.core.mail.inbox:inbox_page"

Submit = Callable[[tuple[Any, ...], Callable[[object], None]], None]
"""Sends ``inbox_page``'s arguments to be drawn; calls back (from any thread) with the page."""


def _in_check_worker(args: tuple[Any, ...], on_result: Callable[[object], None]) -> None:
    from editor.core import checkworker

    checkworker.service().call(TARGET, args, lambda _number, page: on_result(page))


class MailRenderSchedule(QObject):
    """Draws the page of an e-mail view from what ``job()`` returns at the time of sending.

    ``job`` gives :func:`editor.core.mail.inbox.inbox_page`'s arguments, or None when there is
    nothing to draw (no post, or its front matter does not parse: the view keeps its page).
    """

    rendered = Signal(int, str)  # the drawing's number, the page
    failed = Signal(int)  # a drawing came back empty (the worker logged why)

    def __init__(
        self,
        job: Callable[[], tuple[Any, ...] | None],
        submit: Submit | None = None,
        parent: QObject | None = None,
        *,
        delay_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self._job = job
        self._submit = submit or _in_check_worker
        self._number = 0  # the latest drawing sent
        self._sent_at: float | None = None  # while one is being drawn or loaded
        self._loading = False  # its page was handed over, and is loading
        self._again = False  # a change came while one was being drawn
        self.active = False  # only an active schedule draws (an e-mail view is shown)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._send)
        self._arrived = relay.Inbox(self._answered, self)  # drawings, from the worker's thread

    @property
    def busy(self) -> bool:
        """Whether a drawing is on its way or waiting for its pause."""
        return self._sent_at is not None or self._timer.isActive() or self._again

    def changed(self) -> None:
        """The post changed: draw it after the typing pause."""
        if self.active:
            self._timer.start()  # each change restarts the pause

    def now(self) -> None:
        """The view's choices changed (or it was just shown): draw as soon as possible."""
        if not self.active:
            return
        self._timer.stop()
        self._send()

    def shown(self) -> None:
        """The page handed over by :attr:`rendered` is shown: the next may be drawn."""
        if self._loading:
            self._loading = False
            self._sent_at = None
            if self._again and not self._timer.isActive():
                self._send()

    def stop(self) -> None:
        """No e-mail view is shown: nothing more is drawn; a drawing on its way is dropped."""
        self.active = False
        self._timer.stop()
        self._again = False
        self._number += 1  # what comes back now is for a view no longer shown
        if self._loading:  # (a drawing still in the worker stays counted until it comes)
            self._loading = False
            self._sent_at = None

    def _send(self) -> None:
        if not self.active:
            return
        if self._sent_at is not None:
            if time.monotonic() - self._sent_at < LOST_AFTER_S:
                self._again = True
                return
            self._sent_at, self._loading = None, False  # lost (a worker died): draw again
        args = self._job()
        if args is None:
            return
        self._again = False
        self._number += 1
        number = self._number
        self._sent_at = time.monotonic()

        def answered(page: object) -> None:  # from the worker's reader thread
            self._arrived.deliver((number, page))

        self._submit(args, answered)

    def _answered(self, answer: object) -> None:
        assert isinstance(answer, tuple)
        self._deliver(*answer)

    def _deliver(self, number: int, page: object) -> None:
        """On the window's thread: a drawing came back."""
        self._sent_at = None
        if number == self._number and self.active:
            if isinstance(page, str):
                self._sent_at, self._loading = time.monotonic(), True  # until shown()
                self.rendered.emit(number, page)
                return
            self.failed.emit(number)
        if self._again and not self._timer.isActive():
            self._send()
