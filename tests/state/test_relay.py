"""Answers from worker threads reach live receivers, and never a closed window's objects."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from editor.state import relay


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.token = relay.new_token()
        self.got: list[object] = []
        relay.thread_relay().arrived.connect(self._relayed)

    def _relayed(self, token: int, answer: object) -> None:
        if token == self.token:
            self.got.append((answer, threading.current_thread() is threading.main_thread()))


def test_an_answer_from_a_thread_reaches_its_receiver_on_the_window_thread(qtbot: QtBot) -> None:
    first, second = Receiver(), Receiver()
    worker = threading.Thread(target=relay.deliver, args=(second.token, "checked"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(second.got), timeout=5000)
    assert second.got == [("checked", True)] and first.got == []


def test_answers_racing_a_receivers_deletion_are_dropped(qtbot: QtBot) -> None:
    """A window closing while its answers arrive (this crashed when the thread emitted a
    signal of the window's own object)."""
    stop = threading.Event()
    receivers = [Receiver() for _ in range(50)]
    tokens = [r.token for r in receivers]

    def flood() -> None:
        while not stop.is_set():
            for token in tokens:
                relay.deliver(token, "late")

    worker = threading.Thread(target=flood)
    worker.start()
    try:
        for receiver in receivers:
            receiver.deleteLater()
            qtbot.wait(1)
    finally:
        stop.set()
        worker.join()
    qtbot.wait(50)  # the queued answers of deleted receivers are dropped, not delivered
    survivor = Receiver()
    relay.deliver(survivor.token, "fine")
    qtbot.waitUntil(lambda: bool(survivor.got), timeout=5000)
