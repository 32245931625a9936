"""Pre-publish checks in a worker process, so that a long post never stalls typing (pure; no Qt).

Checking a 400 KB post takes about 0.3 s of pure Python. In a thread it would still hold the
interpreter lock against the window's own work, so it runs in one long-lived worker process per
application (started on first use with the "spawn" method: never a fork of a process running Qt
threads). The worker keeps each site it is asked about open and refreshes it before each check.

:class:`CheckService` is used from one thread: :meth:`submit` sends a request and returns at
once; a reader thread waits for the answers and hands each to ``on_result``. If the worker dies,
the next :meth:`submit` starts a new one.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.checks import Problem

log = logging.getLogger(__name__)

Result = Callable[[int, "list[Problem] | None"], None]


def _serve(conn: Connection) -> None:
    """The worker process: answer (number, site root, post path, text) requests until None.

    The checker is imported on the first request, so a worker started early (while the app
    starts) costs only an idle interpreter until it is needed.
    """
    sites: dict[Path, Any] = {}
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        from editor.checks import check_post
        from editor.site import Site

        number, root, path, text = request
        found: list[Any] | None
        try:
            site = None
            if root is not None:
                site = sites.get(root)
                if site is None:
                    site = sites[root] = Site.open(root)
                else:
                    site.refresh()
            found = check_post(site, path, text)
        except Exception:  # a checker bug: no problems shown, and the window goes on
            log.exception("Checking %s failed", path)
            found = None
        conn.send((number, found))


class CheckService:
    """One worker process that runs :func:`editor.checks.check_post`."""

    def __init__(self) -> None:
        self._conn: Connection | None = None
        self._process: Any = None
        self._numbers = itertools.count(1)
        self._listeners: dict[int, Result] = {}
        self._lock = threading.Lock()

    def submit(self, root: Path | None, path: Path, text: str, on_result: Result) -> int:
        """Ask for the problems of ``text`` (the post at ``path`` in the site at ``root``);
        ``on_result(number, problems)`` is called from a reader thread when they are known."""
        number = next(self._numbers)
        with self._lock:
            self._listeners[number] = on_result
        try:
            self._connection().send((number, root, path, text))
        except (OSError, EOFError, ValueError):
            self._restart()
            self._connection().send((number, root, path, text))
        return number

    def start(self) -> None:
        """Start the worker now (cheap while the app is small: forking a process that already
        runs QtWebEngine takes about 0.3 s on the UI thread)."""
        self._connection()

    def close(self) -> None:
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
            conn.close()
        if process is not None:
            process.join(2)
            if process.is_alive():
                process.terminate()

    def _connection(self) -> Connection:
        if self._conn is None or self._process is None or not self._process.is_alive():
            self._start()
        assert self._conn is not None
        return self._conn

    def _restart(self) -> None:
        self._conn = self._process = None
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs,), name="galley-checks", daemon=True)
        process.start()
        theirs.close()
        self._conn, self._process = ours, process
        threading.Thread(target=self._read, args=(ours,), name="galley-checks-reader",
                         daemon=True).start()  # fmt: skip

    def _read(self, conn: Connection) -> None:
        while True:
            try:
                number, found = conn.recv()
            except (EOFError, OSError):
                return
            with self._lock:
                listener = self._listeners.pop(number, None)
            if listener is not None:
                listener(number, found)


_service: CheckService | None = None


def service() -> CheckService:
    """The application's check worker (started on first use)."""
    global _service
    if _service is None:
        _service = CheckService()
    return _service
