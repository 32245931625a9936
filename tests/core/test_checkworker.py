"""The check worker: answers in its own process, at a lower priority than the window."""

from __future__ import annotations

import os
import threading
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
