"""The e-mail view's drawing schedule: after a typing pause, one at a time, never on a key."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from editor.state import mail_render
from editor.state.mail_render import MailRenderSchedule


class Worker:
    """Holds each request until the test answers it (as a busy worker would)."""

    def __init__(self) -> None:
        self.requests: list[tuple[tuple[Any, ...], Callable[[object], None]]] = []

    def __call__(self, args: tuple[Any, ...], on_result: Callable[[object], None]) -> None:
        self.requests.append((args, on_result))

    def answer(self, page: object = "<p>page</p>", index: int = -1) -> None:
        self.requests[index][1](page)


@pytest.fixture
def texts() -> list[str]:
    return ["first"]


@pytest.fixture
def worker() -> Worker:
    return Worker()


@pytest.fixture
def schedule(qtbot: QtBot, texts: list[str], worker: Worker) -> MailRenderSchedule:
    made = MailRenderSchedule(lambda: (texts[-1],), worker, delay_ms=50)
    made.active = True
    return made


def test_edits_are_drawn_once_after_the_pause(
    qtbot: QtBot, schedule: MailRenderSchedule, worker: Worker, texts: list[str]
) -> None:
    for text in ("a", "ab", "abc"):
        texts.append(text)
        schedule.changed()
    assert worker.requests == []  # nothing on the keys themselves
    qtbot.waitUntil(lambda: len(worker.requests) == 1, timeout=2000)
    assert worker.requests[0][0] == ("abc",)  # the text as it was when sent
    with qtbot.waitSignal(schedule.rendered, timeout=2000) as shown:
        worker.answer("<p>abc</p>")
    assert shown.args[1] == "<p>abc</p>"


def test_never_more_than_one_in_flight_until_its_page_is_shown(
    qtbot: QtBot, schedule: MailRenderSchedule, worker: Worker, texts: list[str]
) -> None:
    schedule.now()
    assert len(worker.requests) == 1
    texts.append("second")
    schedule.changed()
    schedule.now()
    qtbot.wait(120)
    assert len(worker.requests) == 1  # the first is still being drawn
    with qtbot.waitSignal(schedule.rendered, timeout=2000):
        worker.answer()
    assert len(worker.requests) == 1 and schedule.busy  # its page is still loading
    schedule.shown()
    assert len(worker.requests) == 2 and worker.requests[1][0] == ("second",)


def test_an_inactive_schedule_draws_nothing(
    qtbot: QtBot, schedule: MailRenderSchedule, worker: Worker
) -> None:
    schedule.stop()
    schedule.changed()
    schedule.now()
    qtbot.wait(120)
    assert worker.requests == [] and not schedule.busy


def test_a_drawing_for_a_view_no_longer_shown_is_dropped(
    qtbot: QtBot, schedule: MailRenderSchedule, worker: Worker
) -> None:
    schedule.now()
    schedule.stop()
    with qtbot.assertNotEmitted(schedule.rendered, wait=100):
        worker.answer()


def test_a_failed_drawing_says_so_and_the_next_goes_on(
    qtbot: QtBot, schedule: MailRenderSchedule, worker: Worker
) -> None:
    schedule.now()
    schedule.changed()
    with qtbot.waitSignal(schedule.failed, timeout=2000):
        worker.answer(None)
    qtbot.waitUntil(lambda: len(worker.requests) == 2, timeout=2000)


def test_the_answer_from_another_thread_arrives_on_the_windows_thread(
    qtbot: QtBot, schedule: MailRenderSchedule, worker: Worker
) -> None:
    schedule.now()
    where: list[threading.Thread] = []
    schedule.rendered.connect(lambda _n, _page: where.append(threading.current_thread()))
    thread = threading.Thread(target=worker.answer)
    with qtbot.waitSignal(schedule.rendered, timeout=2000):
        thread.start()
        thread.join()
    assert where == [threading.main_thread()]


def test_a_drawing_lost_with_its_worker_is_asked_for_again(
    qtbot: QtBot, schedule: MailRenderSchedule, worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    schedule.now()
    monkeypatch.setattr(mail_render, "LOST_AFTER_S", 0.0)
    schedule.now()
    assert len(worker.requests) == 2


def test_nothing_to_draw_sends_nothing(qtbot: QtBot, worker: Worker) -> None:
    schedule = MailRenderSchedule(lambda: None, worker)
    schedule.active = True
    schedule.now()
    assert worker.requests == [] and not schedule.busy
