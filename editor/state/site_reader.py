"""Reading a site off the GUI thread: one read at a time, the newest request wins.

Opening a site reads every post's front matter (about 1.5 s for 1,884 posts); on the GUI thread
that froze the window for as long. :class:`SiteReader` runs :meth:`Site.open
<editor.core.site.Site.open>` on a worker thread and hands the new :class:`~editor.core.site.Site`
back to the GUI thread with a signal. Two threads never touch one ``Site``: the worker builds a
new one from a :meth:`~editor.core.site.Site.copy` of the previous site (made on the GUI thread
when the read is asked for), so the posts whose modification time and size are unchanged are not
read again, and the GUI thread swaps the result in when it arrives.

A request while a read runs waits for it, and a newer request replaces the waiting one; only the
result of the newest request is delivered. A superseded result is not shown, but its posts seed
the next read when it is of the same site.

While the worker reads, the GUI thread waits for the interpreter lock about one switch interval
(:func:`sys.getswitchinterval`, 5 ms) at most before each of its own Python calls, so the window
keeps painting and typing stays as fast: ``bench/sites.py`` measured a longest stall of 6–8 ms
while 1,884 posts were read (more on a machine whose cores are all busy, when the GUI thread
waits for a core).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal, Slot

from editor.core.errors import GalleyError

if TYPE_CHECKING:
    from editor.core.site import Site

log = logging.getLogger(__name__)

__all__ = ["SiteRead", "SiteReader"]


@dataclass(frozen=True)
class SiteRead:
    """What one read gave.

    Attributes:
        ticket: the number :meth:`SiteReader.request` returned for it.
        path: the post or folder whose site was read; None for a refresh of ``previous``.
        site: the site, or None when it could not be read.
        error: why it could not be read (a sentence to show), or None.
        seconds: how long the read took on the worker.
    """

    ticket: int
    path: Path | None
    site: Site | None
    error: GalleyError | None
    seconds: float


@dataclass
class _Job:
    ticket: int
    path: Path | None
    previous: Site | None  # a copy the job owns, or None


class _Relay(QObject):
    """Carries results from the worker to the GUI thread. It is made once and never deleted, so
    a worker finishing after its reader is gone never signals a deleted object."""

    carried = Signal(object)  # (weakref to the reader, SiteRead)

    def __init__(self) -> None:
        super().__init__()
        self.carried.connect(self._deliver)

    @Slot(object)
    def _deliver(self, payload: tuple[weakref.ref[SiteReader], SiteRead]) -> None:
        ref, result = payload
        reader = ref()
        if reader is not None:
            with contextlib.suppress(RuntimeError):  # its Qt side was deleted meanwhile
                reader._finished(result)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()  # (on the GUI thread: the first request is made there)
    return _relay


class SiteReader(QObject):
    """Reads sites on a worker thread; :attr:`done` delivers the newest request's result."""

    done = Signal(object)  # SiteRead, on the GUI thread
    _settled = Signal()  # a read ended or what was asked was forgotten: waits look again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tickets = 0
        self._running: _Job | None = None
        self._waiting: _Job | None = None  # asked for while one runs: started after it
        self._delivered: SiteRead | None = None  # the newest request's result, once it came
        self.reads = 0  # reads started (tests and benchmarks)

    @property
    def busy(self) -> bool:
        """Whether a read runs or waits to run."""
        return self._running is not None or self._waiting is not None

    @property
    def newest(self) -> int:
        """The ticket of the newest request (0 before the first)."""
        return self._tickets

    def request(self, path: Path | None, previous: Site | None = None) -> int:
        """Read the site of the post or folder ``path`` on the worker, starting from
        ``previous`` (copied now) when it is the same site; ``path`` None refreshes ``previous``.
        Returns the request's ticket; :attr:`done` brings its result, unless a newer request
        replaced it."""
        if path is None and previous is None:
            raise ValueError("a read needs a path or a site to refresh")
        self._tickets += 1
        job = _Job(self._tickets, path, previous.copy() if previous is not None else None)
        if self._running is None:
            self._start(job)
        else:
            self._waiting = job  # (a request waiting before it is dropped: this one is newer)
        self._settled.emit()  # (a wait for an older request ends)
        return job.ticket

    def forget(self) -> None:
        """Deliver nothing of what was asked so far (the window took a site from elsewhere)."""
        self._tickets += 1
        self._waiting = None
        self._settled.emit()

    def result(self, ticket: int) -> SiteRead | None:
        """The result of request ``ticket``, if it was delivered and nothing newer was asked."""
        read = self._delivered
        return read if read is not None and read.ticket == ticket == self._tickets else None

    def wait(self, ticket: int, timeout: float) -> SiteRead | None:
        """Wait for request ``ticket``'s result, at most ``timeout`` seconds, with the event loop
        turning (the window paints, timers fire; keys and clicks wait until this returns).
        None if it did not come in time or a newer request replaced it."""
        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        timer = QTimer(singleShot=True)
        timer.timeout.connect(loop.quit)
        self._settled.connect(loop.quit)
        try:
            while self.result(ticket) is None and ticket == self._tickets and self.busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                timer.start(max(1, round(left * 1000)))
                loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            timer.stop()
            self._settled.disconnect(loop.quit)
        return self.result(ticket)

    # -- the worker

    def _start(self, job: _Job) -> None:
        self._running = job
        self.reads += 1
        relay, me = _the_relay(), weakref.ref(self)
        thread = threading.Thread(
            target=_read, args=(job, relay, me), name="galley-site-reader", daemon=True
        )
        thread.start()

    def _finished(self, result: SiteRead) -> None:
        """On the GUI thread: ``result`` of the running read came."""
        self._running = None
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            seed, asked = result.site, waiting.previous
            if seed is not None and (asked is None or asked.root == seed.root):
                waiting.previous = seed  # fresher than the copy it was asked with
            self._start(waiting)
        # (Else superseded: a newer request runs, or the window took another site.)
        if result.ticket == self._tickets:
            self._delivered = result
            self.done.emit(result)
        self._settled.emit()


def _read(job: _Job, relay: _Relay, reader: weakref.ref[SiteReader]) -> None:
    """On the worker thread: read, then hand the result to the GUI thread."""
    from editor.core.site import Site  # (imported here: the window starts without it)

    started = time.perf_counter()
    site: Site | None = None
    error: GalleyError | None = None
    try:
        if job.path is None:
            assert job.previous is not None
            site = job.previous
            site.refresh()
        else:
            site = Site.open(job.path, previous=job.previous)
    except GalleyError as problem:
        site, error = None, problem
    except Exception:  # a bug must not leave the window waiting for ever, nor kill it
        log.exception("Reading the site of %s failed", job.path)
        site, error = None, _unexpected(job.path)
    seconds = time.perf_counter() - started
    log.debug("Site of %s read in %.0f ms", job.path, seconds * 1000)
    with contextlib.suppress(RuntimeError):  # the application is shutting down
        relay.carried.emit((reader, SiteRead(job.ticket, job.path, site, error, seconds)))


def _unexpected(path: Path | None) -> GalleyError:
    where = f" of {path}" if path is not None else ""
    return GalleyError(
        f"Could not read the site{where}: Galley met an unexpected problem.",
        "The post is open without its site's posts, tags and checks; the log has the details. "
        "Reopen the post to try again.",
    )
