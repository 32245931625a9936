"""The recovery keeper: when unsaved text reaches the journal, and on which thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from editor.core.journal import Journal, JournalError
from editor.state import recovery
from editor.state.document import Document
from editor.state.recovery import RecoveryKeeper

TEXT = "---\ntitle: Steady typing\n---\n\nFirst words.\n"


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    own = Journal(tmp_path / "recovery", instance="me")
    yield own
    own.close()


@pytest.fixture
def document(tmp_path: Path) -> Document:
    path = tmp_path / "index.md"
    path.write_text(TEXT)
    return Document.open(path)


def texts(journal: Journal) -> list[str]:
    return [entry.text for entry in journal.entries()]


def type_steadily(qtbot: QtBot, document: Document, seconds: float, every_ms: int = 40) -> list:
    """Type a character every ``every_ms`` for ``seconds``, never pausing; after each key,
    note (when, characters typed so far)."""
    keys: list[tuple[float, int]] = []
    timer = QTimer()
    timer.setInterval(every_ms)

    def key() -> None:
        document.set_body(document.body + "x")
        keys.append((time.monotonic(), len(keys) + 1))

    timer.timeout.connect(key)
    timer.start()
    qtbot.waitUntil(lambda: bool(keys) and keys[-1][0] - keys[0][0] >= seconds, timeout=30000)
    timer.stop()
    return keys


def test_steady_typing_is_journaled_at_the_ceiling_without_a_pause(
    qtbot: QtBot, journal: Journal, document: Document
) -> None:
    keeper = RecoveryKeeper(journal, ceiling_ms=300)  # the delay stays 1 s: it is the ceiling
    keeper.track(document)
    seen: list[tuple[float, list[str]]] = []
    probe = QTimer()
    probe.setInterval(50)
    probe.timeout.connect(lambda: seen.append((time.monotonic(), texts(journal))))
    probe.start()
    keys = type_steadily(qtbot, document, seconds=3.5)
    probe.stop()
    typing_ended = keys[-1][0]
    written_while_typing = {tuple(t) for when, t in seen if when < typing_ended and t}
    # Without the ceiling the 1 s pause never comes, and nothing was written before typing
    # stopped. With it, a copy every second (the ceiling follows the delay) while keys come.
    assert len(written_while_typing) >= 2
    (last,) = texts(journal)
    assert last.startswith(TEXT) and last.endswith("x")


def test_the_ceiling_follows_the_preferences_delay(journal: Journal) -> None:
    keeper = RecoveryKeeper(journal)
    assert keeper.intervals_ms == (recovery.DELAY_MS, recovery.CEILING_MS) == (1000, 5000)
    keeper.set_delay(8)
    assert keeper.intervals_ms == (8000, 8000)  # never more often than the user asked for
    keeper.set_delay(0)
    assert keeper.intervals_ms == (recovery.MIN_DELAY_MS, 5000)


def test_timed_writes_run_on_a_thread_and_flush_on_the_caller_s(
    qtbot: QtBot, journal: Journal, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    write = journal.write

    def noting(*args: object, **kwargs: object) -> Path:
        threads.append(threading.current_thread().name)
        return write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(journal, "write", noting)
    keeper = RecoveryKeeper(journal)
    keeper.set_delay(0.2)
    keeper.track(document)
    document.set_body(document.body + "typed")
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert threads == ["recovery-journal"]  # the keystroke's thread never fsyncs
    document.set_body(document.body + " more")
    keeper.flush()  # Save and crash handlers rely on the copy being there on return
    assert threads[-1] == threading.main_thread().name
    assert texts(journal) == [document.full_text()]


def blocked_writes(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> tuple[threading.Event, ...]:
    """Background writes wait for ``release`` after ``started`` is set."""
    started, release = threading.Event(), threading.Event()
    write = journal.write

    def slow(*args: object, **kwargs: object) -> Path:
        if threading.current_thread() is not threading.main_thread():
            started.set()
            assert release.wait(10)
        return write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(journal, "write", slow)
    return started, release


def test_flush_waits_for_a_background_write_and_the_newest_text_wins(
    qtbot: QtBot, journal: Journal, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = blocked_writes(journal, monkeypatch)
    keeper = RecoveryKeeper(journal)
    keeper.set_delay(0.2)
    keeper.track(document)
    document.set_body(document.body + "older")
    qtbot.waitUntil(started.is_set, timeout=5000)  # the older text is being written
    document.set_body(document.body + " newer")
    threading.Timer(0.3, release.set).start()
    keeper.flush()  # waits for the older write, then writes the newer text
    assert texts(journal) == [document.full_text()]
    qtbot.wait(300)  # nothing still queued brings back the older text
    assert texts(journal) == [document.full_text()]


def test_saving_during_a_background_write_leaves_no_entry(
    qtbot: QtBot, journal: Journal, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = blocked_writes(journal, monkeypatch)
    keeper = RecoveryKeeper(journal)
    keeper.set_delay(0.2)
    keeper.track(document)
    document.set_body(document.body + "typed")
    qtbot.waitUntil(started.is_set, timeout=5000)
    threading.Timer(0.3, release.set).start()
    document.save()  # not modified any more: the keeper forgets, after the write under way
    assert not document.is_modified
    qtbot.wait(300)
    assert texts(journal) == []


def test_a_failing_background_write_is_told_once_and_its_end_too(
    qtbot: QtBot, journal: Journal, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = journal.write
    full = [True]

    def maybe_full(*args: object, **kwargs: object) -> Path:
        if full[0]:
            raise JournalError("Could not write the recovery copy.", "The disk is full.")
        return write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(journal, "write", maybe_full)
    keeper = RecoveryKeeper(journal)
    keeper.set_delay(0.2)
    failures: list[object] = []
    recoveries: list[bool] = []
    keeper.failed.connect(failures.append)
    keeper.recovered.connect(lambda: recoveries.append(True))
    keeper.track(document)
    for word in ("one", "two"):
        document.set_body(document.body + word)
        qtbot.wait(600)
    assert len(failures) == 1 and recoveries == []  # told once, on the main thread's signal
    full[0] = False
    document.set_body(document.body + "three")
    qtbot.waitUntil(lambda: recoveries == [True], timeout=5000)
    assert texts(journal) == [document.full_text()]
