"""Files a cloned site can carry that must never be read: a FIFO, a link to /dev/zero.

A FIFO blocks whoever opens it for reading until a writer comes; :func:`unblocking` is that
writer, arriving after a few seconds, so a test of code that wrongly opens it fails (the code
then reads an empty file) instead of hanging the whole run.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DEV_ZERO = Path("/dev/zero")


def make_fifo(path: Path) -> Path:
    """A FIFO at ``path`` (the test is skipped where there are none)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no FIFOs")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def link_to_dev_zero(path: Path) -> Path:
    """A symlink at ``path`` to ``/dev/zero``, which git can carry in a clone."""
    if not DEV_ZERO.exists():
        pytest.skip("this system has no /dev/zero")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(DEV_ZERO)
    return path


@dataclass
class Unblocker:
    released: bool = False  # True when something was blocked on a FIFO and had to be let go


@contextlib.contextmanager
def unblocking(*fifos: Path, after: float = 5.0) -> Iterator[Unblocker]:
    """Within the block, anything still blocked reading one of ``fifos`` after ``after``
    seconds gets an end of file (and ``released`` is set): assert it stays False."""
    state = Unblocker()
    done = threading.Event()

    def release() -> None:
        if done.wait(after):
            return
        while not done.is_set():
            for fifo in fifos:
                try:  # succeeds only while a reader has it open: that reader is blocked
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:
                    continue
                state.released = True
                os.close(fd)  # the reader sees the end of the file
            done.wait(0.05)

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        done.set()
        thread.join()


def run_galley(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``galley ARGS`` in a child with 1 GB of address space and a time limit, so that a
    regression that reads a FIFO or /dev/zero fails the test instead of hanging the run or
    filling the machine's memory. (The child sets its own limit: ``preexec_fn`` is unsafe in
    a process with threads, as the test run's is.)"""
    code = (
        "import resource, runpy, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "sys.argv = ['galley', *sys.argv[1:]]\n"
        "runpy.run_module('editor', run_name='__main__', alter_sys=True)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
