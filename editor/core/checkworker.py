"""Pre-publish checks in a worker process, so that a long post never stalls typing (pure; no Qt).

Checking a 400 KB post takes about 0.3 s of pure Python. In a thread it would hold the
interpreter lock against the window's own work, so it runs in one long-lived worker process per
application: a fresh interpreter (never a fork of a process running Qt threads), or a copy of the
app made before Qt loads (:meth:`CheckService.start` with ``fork``), that talks over two private
pipes, one pickled request or answer after another. It is started with :mod:`subprocess`
rather than :mod:`multiprocessing`, which would also start a resource-tracker interpreter and
re-import the app's ``__main__`` in the worker (about 0.15 s of CPU at start-up). The worker
keeps each site it is asked about open and refreshes it before each check. It runs at a lower
scheduling priority (``WORKER_NICE``): checks are background work, and on a machine with few
cores a check of a long post otherwise takes the CPU from the window and the preview while the
writer types (at 400 KB, a third of a core during a typing burst). On Linux it also runs under
the ``SCHED_IDLE`` policy: a low nice value alone still left a 4 MB check holding one of two
cores for whole seconds while the window and the preview's renderer queued for the other (the
scheduler places a waking thread on its last core unless another is idle, and a core running
a nice 10 process is not idle; one running only ``SCHED_IDLE`` work counts as idle), and a key
waited 33 ms of a 67 ms stall for a CPU.

:class:`CheckService` is used from one thread: :meth:`submit` sends a request and returns at
once; a reader thread waits for the answers and hands each to ``on_result``. If the worker dies,
the next :meth:`submit` starts a new one.

The same worker runs other background work of the window that a thread would do with the lock
held, one request after another: :meth:`CheckService.call` runs a function of ``editor.core``
(the e-mail preview's page, :func:`editor.core.mail.inbox.inbox_page`) on picklable arguments.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.core.checks import Problem

log = logging.getLogger(__name__)

Result = Callable[[int, "list[Problem] | None"], None]
Answer = Callable[[int, Any], None]

# The worker's interpreter: find this package where the app found it, then serve.
WORKER_NICE = 10  # added to the app's nice value in the worker

_BOOT = (
    "import sys; sys.path.insert(0, sys.argv[1]); from editor.core.checkworker import main; main()"
)


@dataclass(frozen=True)
class _Call:
    """A request to run ``target`` (``"editor.core.module:function"``) on ``args``."""

    number: int
    target: str
    args: tuple[Any, ...]


def _run(call: _Call) -> Any:
    """In the worker: the target's answer, or None if it failed (logged)."""
    import importlib

    module, _, name = call.target.partition(":")
    try:
        if not module.startswith("editor.core."):
            raise ValueError(f"not a core function: {call.target}")
        return getattr(importlib.import_module(module), name)(*call.args)
    except Exception:
        log.exception("%s failed in the worker", call.target)
        return None


def _serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The worker process: answer (number, site root, post path, text) requests and
    :class:`_Call` requests until None.

    The checker is imported on the first request, so a worker started early (while the app
    starts) costs only an idle interpreter until it is needed.
    """
    sites: dict[Path, Any] = {}
    while True:
        try:
            request = pickle.load(requests)
        except (EOFError, OSError):
            return
        if request is None:
            return
        if isinstance(request, _Call):
            if not _answer(answers, request.number, _run(request)):
                return
            continue
        number, root, path, text = request
        if not _answer(answers, number, _checked(sites, root, path, text)):
            return


def _answer(answers: IO[bytes], number: int, answer: object) -> bool:
    """Send an answer; False when the app is gone."""
    try:
        pickle.dump((number, answer), answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()
    except OSError:
        return False
    return True


def _worker_setup() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the app's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):  # no os.nice: checks at normal priority
        os.nice(WORKER_NICE)
    with contextlib.suppress(OSError, AttributeError):  # Linux: CPU time nobody else wants
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def main() -> None:
    """The worker's entry point: ``argv`` is [-c, package folder, request fd, answer fd]."""
    _worker_setup()
    # The app gone (quit or killed) with an answer on its way: the last flush, on closing the
    # answer pipe, fails with it, and nobody is left to tell.
    with (
        contextlib.suppress(BrokenPipeError),
        open(int(sys.argv[2]), "rb") as requests,
        open(int(sys.argv[3]), "wb") as answers,
    ):
        _serve(requests, answers)


class CheckService:
    """One worker process that runs :func:`editor.core.checks.check_post` (and :meth:`call`)."""

    def __init__(self) -> None:
        self._requests: IO[bytes] | None = None
        self._process: _Worker | None = None
        self._numbers = itertools.count(1)
        self._listeners: dict[int, Answer] = {}
        self._lock = threading.Lock()
        self._process_lock = threading.RLock()  # the worker and its pipe
        # Requests are written by a thread of their own: a request of 400 KB fills the pipe,
        # and while the worker is busy with another (an e-mail view of a long post takes
        # 0.7 s) writing it would block the caller, the window's thread, until it is read.
        self._outbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None

    def submit(self, root: Path | None, path: Path, text: str, on_result: Result) -> int:
        """Ask for the problems of ``text`` (the post at ``path`` in the site at ``root``);
        ``on_result(number, problems)`` is called from a reader thread when they are known."""
        return self._ask(lambda number: (number, root, path, text), on_result)

    def call(self, target: str, args: tuple[Any, ...], on_result: Answer) -> int:
        """Run ``target`` (``"editor.core.module:function"``) on ``args`` in the worker;
        ``on_result(number, answer)`` is called from a reader thread with what it returned
        (None if it raised: the worker logs it)."""
        return self._ask(lambda number: _Call(number, target, args), on_result)

    def _ask(self, request_for: Callable[[int], object], on_result: Answer) -> int:
        number = next(self._numbers)
        with self._lock:
            self._listeners[number] = on_result
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(
                    target=self._write, name="galley-checks-writer", daemon=True
                )
                self._writer.start()
        self._outbox.put(request_for(number))
        return number

    def _write(self) -> None:
        """The writer thread: send each request in turn (a dead worker is started again)."""
        while True:
            request = self._outbox.get()
            if request is None:
                return
            try:
                try:
                    with self._process_lock:
                        connection = self._connection()
                    self._send(connection, request)
                except (OSError, EOFError, ValueError):
                    with self._process_lock:
                        self._restart()
                        connection = self._connection()
                    self._send(connection, request)
            except Exception:  # no worker can be started: the caller hears "no answer"
                log.exception("Could not send a request to the worker")
                number = request.number if isinstance(request, _Call) else _number_of(request)
                with self._lock:
                    listener = self._listeners.pop(number, None)
                if listener is not None:
                    listener(number, None)

    def start(self, *, fork: bool = False) -> None:
        """Start the worker now, if it is not running.

        With ``fork``, the worker is a copy of this process rather than a new interpreter, when
        that is safe: no other thread runs and Qt is not loaded (Qt's threads would not be in
        the copy, and their locks could be held). It then needs no imports of its own and shares
        every module imported so far with the window's process until either writes to it (the
        modules' objects are frozen out of the garbage collector's passes first, so that those
        do not write to them): about 20 MB less memory in all. Otherwise, and for a worker
        started again later, it is a new interpreter."""
        with self._process_lock:
            if self._process is not None and self._process.poll() is None:
                return
            if fork and _can_fork():
                self._fork()
            else:
                self._connection()

    @property
    def pid(self) -> int | None:
        """The worker's process id, while it runs."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None and writer.is_alive():
            self._outbox.put(None)  # what was asked before is sent first
            writer.join(5)
        with self._process_lock:
            requests, process = self._requests, self._process
            self._requests = self._process = None
        if requests is not None:
            with contextlib.suppress(OSError, ValueError):
                self._send(requests, None)
            with contextlib.suppress(OSError):
                requests.close()
        if process is not None:
            try:
                process.wait(2)
            except subprocess.TimeoutExpired:
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(2)

    @staticmethod
    def _send(requests: IO[bytes], message: object) -> None:
        pickle.dump(message, requests, protocol=pickle.HIGHEST_PROTOCOL)
        requests.flush()

    def _connection(self) -> IO[bytes]:
        if self._requests is None or self._process is None or self._process.poll() is not None:
            self._restart()
        assert self._requests is not None
        return self._requests

    def _restart(self) -> None:
        requests = self._requests
        self._requests = self._process = None
        if requests is not None:
            with contextlib.suppress(OSError):
                requests.close()
        self._start()

    def _fork(self) -> None:
        their_requests, our_requests = os.pipe()
        our_answers, their_answers = os.pipe()
        gc.freeze()  # the objects made so far stay shared: no collection touches them
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                os.close(our_requests)
                os.close(our_answers)
                _worker_setup()
                with open(their_requests, "rb") as requests, open(their_answers, "wb") as answers:
                    _serve(requests, answers)
            except BaseException:  # the worker must never return into the app's code
                code = 1
            finally:
                os._exit(code)
        os.close(their_requests)
        os.close(their_answers)
        self._connect(_Forked(pid), our_requests, our_answers)

    def _start(self) -> None:
        their_requests, our_requests = os.pipe()
        our_answers, their_answers = os.pipe()
        package_folder = str(Path(__file__).resolve().parents[2])  # the folder holding editor/
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, package_folder, str(their_requests),
                 str(their_answers)],
                stdin=subprocess.DEVNULL,
                pass_fds=(their_requests, their_answers),
            )  # fmt: skip
        except BaseException:
            for fd in (their_requests, our_requests, our_answers, their_answers):
                os.close(fd)
            raise
        os.close(their_requests)
        os.close(their_answers)
        self._connect(process, our_requests, our_answers)

    def _connect(self, process: _Worker, our_requests: int, our_answers: int) -> None:
        self._requests = open(our_requests, "wb")  # noqa: SIM115 - kept open for the worker
        self._process = process
        answers = open(our_answers, "rb")  # noqa: SIM115 - the reader thread closes it
        threading.Thread(target=self._read, args=(answers,), name="galley-checks-reader",
                         daemon=True).start()  # fmt: skip

    def _read(self, answers: IO[bytes]) -> None:
        with answers:
            while True:
                try:
                    number, found = pickle.load(answers)
                except (EOFError, OSError, pickle.UnpicklingError):
                    return
                with self._lock:
                    listener = self._listeners.pop(number, None)
                if listener is not None:
                    listener(number, found)


def _can_fork() -> bool:
    """Whether this process can be copied safely: one thread, and no Qt loaded."""
    return (
        hasattr(os, "fork")
        and threading.active_count() == 1
        and not any(name.startswith("PySide6") for name in sys.modules)
    )


class _Forked:
    """A worker made by :func:`os.fork`, with the parts of :class:`subprocess.Popen` used."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0)
            time.sleep(0.01)
        return code

    def terminate(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)


_Worker = subprocess.Popen[bytes] | _Forked


def _checked(sites: dict[Path, Any], root: Path | None, path: Path, text: str) -> Any:
    """In the worker: the problems of ``text`` in the site at ``root`` (None if the checker
    failed: logged), with ``sites`` the sites the worker opened so far."""
    from editor.core.site import Site

    try:
        site = None
        if root is not None:
            site = sites.get(root)
            if site is None:
                site = sites[root] = Site.open(root)
            else:
                site.refresh()
        from editor.core.checks import check_post

        return check_post(site, path, text)
    except Exception:  # a checker bug: no problems shown, and the window goes on
        log.exception("Checking %s failed", path)
        return None


_service: CheckService | None = None


def service() -> CheckService:
    """The application's check worker (started on first use)."""
    global _service
    if _service is None:
        _service = CheckService()
    return _service


def _number_of(request: object) -> int:
    """The number of a check request ``(number, root, path, text)``."""
    assert isinstance(request, tuple)
    number: int = request[0]
    return number
