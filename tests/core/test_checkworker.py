"""The check worker: answers in its own process, at a lower priority than the window."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from editor.core import checkworker


def test_checks_run_in_a_worker_below_the_window_priority(tmp_path: Path) -> None:
    service = checkworker.CheckService()
    answered = threading.Event()
    results: list[object] = []

    def on_result(_number: int, found: object) -> None:
        results.append(found)
        answered.set()

    try:
        post = tmp_path / "index.md"
        service.submit(None, post, "---\ntitle: T\n---\n![](./missing.png)\n", on_result)
        assert answered.wait(30), "the worker did not answer"
        assert results and isinstance(results[0], list)
        assert any("missing.png" in problem.message for problem in results[0])
        pid = service.pid
        assert pid is not None and pid != os.getpid()
        if hasattr(os, "SCHED_IDLE"):  # Linux: it runs only where a core is otherwise idle
            assert os.sched_getscheduler(pid) == os.SCHED_IDLE
        if os.getpriority(os.PRIO_PROCESS, 0) + checkworker.WORKER_NICE <= 19:
            expected = os.getpriority(os.PRIO_PROCESS, 0) + checkworker.WORKER_NICE
            assert os.getpriority(os.PRIO_PROCESS, pid) == expected
        else:
            pytest.skip("already at the lowest priority")
    finally:
        service.close()


def test_a_dead_worker_is_started_again(tmp_path: Path) -> None:
    service = checkworker.CheckService()
    answered = threading.Event()
    try:
        service.start()
        first = service.pid
        assert first is not None
        os.kill(first, 9)
        os.waitpid(first, 0)
        service.submit(None, tmp_path / "index.md", "Hello.\n", lambda _n, _f: answered.set())
        assert answered.wait(30)
        assert service.pid not in (None, first)
    finally:
        service.close()


def test_a_core_function_runs_in_the_worker_and_nothing_else(tmp_path: Path) -> None:
    service = checkworker.CheckService()
    answers: dict[str, object] = {}
    done = threading.Event()

    def keep(name: str) -> checkworker.Answer:
        def on_result(_number: int, answer: object) -> None:
            answers[name] = answer
            if len(answers) == 2:
                done.set()

        return on_result

    try:
        dark = "@media (prefers-color-scheme: dark) { body { color: red } }"
        service.call("editor.core.mail.inbox:has_dark_styles", (dark,), keep("core"))
        service.call("os:getpid", (), keep("elsewhere"))
        assert done.wait(30)
        assert answers == {"core": True, "elsewhere": None}
    finally:
        service.close()


def test_asking_a_busy_worker_returns_at_once(tmp_path: Path) -> None:
    """A long drawing in the worker never makes the window wait to ask for the next thing: a
    request far larger than a pipe holds is handed to a writer thread."""
    from editor.core.mail.inbox import InboxView, MailSource

    service = checkworker.CheckService()
    answered = threading.Event()
    try:
        long = "---\ntitle: T\n---\n" + "A paragraph of a long post, *emphasised*.\n\n" * 20000
        service.call(
            "editor.core.mail.inbox:inbox_page",
            (MailSource(long), InboxView()),
            lambda _n, _page: None,
        )
        started = time.perf_counter()
        service.submit(None, tmp_path / "index.md", long, lambda _n, _f: answered.set())
        assert time.perf_counter() - started < 0.2
        assert answered.wait(60)
    finally:
        service.close()


FORKED = """
import os, sys, threading
from pathlib import Path
from editor.core import checkworker
service = checkworker.CheckService()
service.start(fork=True)
pid = service.pid
with open(f"/proc/{pid}/cmdline", "rb") as f:
    same = f.read() == open("/proc/self/cmdline", "rb").read()
done = threading.Event()
found = []
service.submit(None, Path(sys.argv[1]), "---\\ntitle: T\\n---\\n![](./gone.png)\\n",
               lambda _n, f: (found.append(f), done.set()))
assert done.wait(30), "no answer"
messages = [p.message for p in found[0]]
os.kill(pid, 9)
os.waitpid(pid, 0)
again = threading.Event()
service.submit(None, Path(sys.argv[1]), "Hello.\\n", lambda _n, _f: again.set())
assert again.wait(30), "no answer from the worker started again"
restarted = service.pid
service.close()
print(same, any("gone.png" in m for m in messages), restarted not in (None, pid))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_worker_forked_before_qt_answers_and_a_dead_one_is_spawned_again(
    tmp_path: Path,
) -> None:
    """The app forks its worker before Qt loads (sharing the modules it imported); one that dies
    is started again as a new interpreter (Qt's threads run by then)."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", FORKED, str(tmp_path / "index.md")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]  # a copy; it checks; spawned again


def test_no_fork_once_qt_is_loaded(tmp_path: Path) -> None:
    import PySide6.QtCore  # noqa: F401 - what makes a copy unsafe

    service = checkworker.CheckService()
    try:
        service.start(fork=True)
        pid = service.pid
        assert pid is not None
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            assert b"editor.core.checkworker" in f.read()  # a new interpreter
    finally:
        service.close()


def test_a_worker_whose_app_is_gone_ends_without_a_traceback() -> None:
    # The app quit (or was killed) with an answer on its way: the worker's last flush, when
    # its answer pipe closes, printed a BrokenPipeError traceback to the user's terminal.
    import pickle
    import subprocess

    their_requests, our_requests = os.pipe()
    our_answers, their_answers = os.pipe()
    package = str(Path(checkworker.__file__).parents[2])
    worker = subprocess.Popen(
        [sys.executable, "-c", checkworker._BOOT, package, str(their_requests), str(their_answers)],
        pass_fds=(their_requests, their_answers),
        stderr=subprocess.PIPE,
    )
    os.close(their_requests)
    os.close(their_answers)
    os.close(our_answers)  # the app is gone before the answer comes
    with os.fdopen(our_requests, "wb") as requests:
        call = checkworker._Call(1, "editor.core.mail.inbox:has_dark_styles", ("body {}",))
        pickle.dump(call, requests)
    _out, err = worker.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode()
