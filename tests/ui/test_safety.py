"""Never lose a word: the recovery journal, changes made outside Galley, crashes and kills."""

from __future__ import annotations

import errno
import json
import os
import queue
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor import app as app_module
from editor.core.journal import Journal, JournalError
from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.main_window import MainWindow
from tests.helpers.post_cases import CORPUS_LIKE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    folder = tmp_path / "site" / "content" / "blog" / "weekly-26"
    folder.mkdir(parents=True)
    path = folder / "index.md"
    path.write_bytes(CORPUS_LIKE)
    return path


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "recovery")
    yield j
    j.close()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every dialog the window shows, recorded; none blocks."""
    seen: list[object] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": seen.append(error))
    monkeypatch.setattr(messages, "ask_save_changes", lambda parent, name: messages.Choice.DISCARD)
    return seen


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, post_file: Path, journal: Journal, shown: list[object]
) -> Iterator[MainWindow]:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(settings, journal=journal, backup_folder=tmp_path / "backups")
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post_file)
    yield win


def type_at_end(win: MainWindow, text: str) -> None:
    win.editor.setFocus()
    win.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(win.editor, text)


def entry_texts(journal: Journal) -> list[str]:
    return [entry.text for entry in journal.entries()]


# -- the journal


def test_typing_is_journaled_a_second_later_and_saving_removes_it(
    qtbot: QtBot, window: MainWindow, journal: Journal, post_file: Path
) -> None:
    type_at_end(window, "Unsaved words")
    assert entry_texts(journal) == []  # not at once: after typing stops
    qtbot.waitUntil(lambda: len(entry_texts(journal)) == 1, timeout=3000)
    (text,) = entry_texts(journal)
    assert text == CORPUS_LIKE.decode() + "Unsaved words"  # the whole post, front matter too
    assert post_file.read_bytes() == CORPUS_LIKE  # only Save writes the post
    grep = [p for p in journal.folder.iterdir() if b"Unsaved words" in p.read_bytes()]
    assert len(grep) == 1  # the typed text is findable as it was typed
    window.files.save()
    assert entry_texts(journal) == []


def test_focus_loss_writes_the_journal_at_once(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    type_at_end(window, "Before switching windows")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    assert entry_texts(journal) and entry_texts(journal)[0].endswith("Before switching windows")


def test_discarding_changes_removes_the_entry(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    type_at_end(window, "Throwaway")
    window.guard.flush()
    assert entry_texts(journal)
    window.close()  # ask_save_changes answers Discard
    assert entry_texts(journal) == []


def test_undo_back_to_the_saved_text_removes_the_entry(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    type_at_end(window, "x")
    window.guard.flush()
    window.editor.undo()
    qtbot.waitUntil(lambda: not window.document.is_modified, timeout=3000)
    qtbot.waitUntil(lambda: entry_texts(journal) == [], timeout=3000)


def test_a_journal_that_cannot_be_written_keeps_the_text_and_says_so(
    qtbot: QtBot,
    window: MainWindow,
    journal: Journal,
    shown: list[object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(*args: object, **kwargs: object) -> Path:
        raise JournalError(
            "Could not write the recovery copy.", "The disk is full. Your text is still here."
        )

    monkeypatch.setattr(journal, "write", full)
    type_at_end(window, "Precious")
    window.guard.flush()
    window.guard.flush()
    assert len(shown) == 1  # told once, not at every pause
    assert "recovery copy" in str(shown[0])
    assert window.editor.toPlainText().endswith("Precious")
    assert "save your post" in window.statusBar().currentMessage()


def test_a_save_that_fails_keeps_text_and_journal(
    qtbot: QtBot,
    window: MainWindow,
    journal: Journal,
    shown: list[object],
    monkeypatch: pytest.MonkeyPatch,
    post_file: Path,
) -> None:
    type_at_end(window, "Keep me")
    window.guard.flush()

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    assert not window.files.save()
    assert "disk is full" in str(shown[-1]).lower()
    assert post_file.read_bytes() == CORPUS_LIKE
    assert window.document.is_modified
    assert entry_texts(journal)[0].endswith("Keep me")  # the last good recovery copy stays


# -- changes made outside Galley


def test_a_clean_post_changed_on_disk_reloads_quietly_keeping_the_cursor(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(5)
    window.editor.setTextCursor(cursor)
    post_file.write_bytes(CORPUS_LIKE.replace(b"Spotify published", b"Spotify announced"))
    qtbot.waitUntil(lambda: "Spotify announced" in window.editor.toPlainText(), timeout=5000)
    assert window.editor.textCursor().position() == 5
    assert not window.document.is_modified
    assert "changed on disk" in window.statusBar().currentMessage()


def test_a_replace_by_rename_is_noticed_too(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    for round_ in range(2):  # the watch survives the first replace
        tmp = post_file.with_name(f".tmp{round_}")
        tmp.write_bytes(CORPUS_LIKE + f"Round {round_}.\n".encode())
        os.replace(tmp, post_file)
        qtbot.waitUntil(lambda r=round_: f"Round {r}." in window.editor.toPlainText(), timeout=5000)


def test_a_dirty_post_changed_on_disk_asks(
    qtbot: QtBot, window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [messages.DiskChoice.SHOW, messages.DiskChoice.KEEP]
    diffs: list[str] = []
    monkeypatch.setattr(messages, "ask_external_change", lambda parent, name: answers.pop(0))
    monkeypatch.setattr(messages, "show_text", lambda parent, title, text: diffs.append(text))
    type_at_end(window, "Mine")
    post_file.write_bytes(CORPUS_LIKE + b"Theirs\n")
    qtbot.waitUntil(lambda: not answers, timeout=5000)
    assert "+Mine" in diffs[0] and "-Theirs" in diffs[0]
    assert window.editor.toPlainText().endswith("Mine")
    assert window.files.save()  # kept: no second question
    assert post_file.read_bytes() == CORPUS_LIKE + b"Mine"


def test_reload_takes_their_version(
    qtbot: QtBot, window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        messages, "ask_external_change", lambda parent, name: messages.DiskChoice.RELOAD
    )
    type_at_end(window, "Mine")
    post_file.write_bytes(CORPUS_LIKE + b"Theirs\n")
    qtbot.waitUntil(lambda: window.editor.toPlainText().endswith("Theirs\n"), timeout=5000)
    assert not window.document.is_modified


def test_a_deleted_post_keeps_its_text_and_save_writes_it_back(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    post_file.unlink()
    qtbot.waitUntil(lambda: window.document.is_modified, timeout=5000)
    assert "deleted or moved" in window.statusBar().currentMessage()
    assert window.editor.toPlainText().startswith("\nSpotify published")
    assert window.files.save()
    assert post_file.read_bytes() == CORPUS_LIKE


def test_save_asks_before_overwriting_a_newer_file(
    qtbot: QtBot, window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.guard.watcher.paused = True  # as if the change arrived between two checks
    answers = [False, True]
    monkeypatch.setattr(messages, "ask_overwrite_newer", lambda parent, error: answers.pop(0))
    type_at_end(window, "Mine")
    post_file.write_bytes(CORPUS_LIKE + b"Theirs\n")
    assert not window.files.save()
    assert post_file.read_bytes() == CORPUS_LIKE + b"Theirs\n"
    assert window.files.save()
    assert post_file.read_bytes() == CORPUS_LIKE + b"Mine"


def test_save_asks_before_replacing_a_read_only_post(
    qtbot: QtBot, window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post_file.chmod(0o444)
    asked: list[str] = []
    answers = [False, True]

    def ask(parent: object, error: messages.GalleyError) -> bool:
        asked.append(error.summary)
        return answers.pop(0)

    monkeypatch.setattr(messages, "ask_overwrite_read_only", ask)
    type_at_end(window, "Mine")
    assert not window.files.save()
    assert post_file.read_bytes() == CORPUS_LIKE
    assert window.isWindowModified()
    assert window.files.save()
    assert asked == ["weekly-26 is read-only."] * 2
    assert post_file.read_bytes() == CORPUS_LIKE + b"Mine"
    assert stat.S_IMODE(post_file.stat().st_mode) == 0o444


def test_the_first_save_keeps_a_backup(
    qtbot: QtBot, window: MainWindow, post_file: Path, tmp_path: Path
) -> None:
    type_at_end(window, "New")
    window.files.save()
    backups = [p for p in (tmp_path / "backups").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in backups] == [CORPUS_LIKE]


# -- recovery after a crash


def abandoned_entry(folder: Path, post: Path | None, text: str) -> None:
    """Leave an entry as a crashed instance would (a child process killed mid-session)."""
    script = (
        "import os, sys; from pathlib import Path; from editor.core.journal import Journal\n"
        "j = Journal(Path(sys.argv[1]))\n"
        "post = Path(sys.argv[2]) if sys.argv[2] else None\n"
        "j.write('k1', post, sys.argv[3], display_name='weekly-26', base=None)\n"
        "os._exit(0)\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(folder), str(post or ""), text], check=True, cwd=ROOT
    )


def test_restore_opens_the_recovered_text_as_modified(
    qtbot: QtBot, tmp_path: Path, post_file: Path, shown: list[object]
) -> None:
    folder = tmp_path / "recovery2"
    abandoned_entry(folder, post_file, CORPUS_LIKE.decode() + "Lost words.\n")
    journal = Journal(folder)
    try:
        (entry,) = journal.orphans()
        settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        win = MainWindow(settings, journal=journal)
        qtbot.addWidget(win)
        assert app_module._recover(journal, win, lambda: win, lambda p, e: [True]) == [win]
        assert win.document.is_modified
        assert win.editor.toPlainText().endswith("Lost words.\n")
        assert win.editor.textCursor().block().text() == "Lost words."  # where changes start
        assert post_file.read_bytes() == CORPUS_LIKE
        assert [e.text for e in journal.entries()] == [entry.text]  # adopted, not lost
        assert journal.orphans() == []
    finally:
        journal.close()


def test_discard_and_decide_later(qtbot: QtBot, tmp_path: Path, post_file: Path) -> None:
    folder = tmp_path / "recovery3"
    abandoned_entry(folder, post_file, "one")
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(settings)
    qtbot.addWidget(win)
    later = Journal(folder)
    assert app_module._recover(later, win, lambda: win, lambda p, e: None) == []
    later.close(clean=False)
    discard = Journal(folder)
    assert len(discard.orphans()) == 1  # still offered after "Decide Later"
    discard.close(clean=False)
    again = Journal(folder)
    app_module._recover(again, win, lambda: win, lambda p, e: [False])
    again.close()
    last = Journal(folder)
    assert last.orphans() == []
    last.close()


def test_a_running_instance_keeps_its_entries(tmp_path: Path, post_file: Path) -> None:
    first = Journal(tmp_path / "rec")
    first.write("k", post_file, "first's text", display_name="w", base=None)
    second = Journal(tmp_path / "rec")
    try:
        assert second.orphans() == []
        assert [e.text for e in first.entries()] == ["first's text"]
    finally:
        second.close()
        first.close()


def run_driver(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.app_driver", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_loses_nothing(tmp_path: Path, post_file: Path) -> None:
    """The real app types into a post, is killed with SIGKILL, and the next start restores."""
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    recovery = tmp_path / "xdg_data_home" / "galley" / "recovery"
    typed = "Words typed just before the crash"
    child = run_driver(env, "type", str(post_file), typed)
    try:
        deadline = time.monotonic() + 60
        found: list[Path] = []
        while time.monotonic() < deadline and not found:
            time.sleep(0.2)
            if recovery.is_dir():
                found = [p for p in recovery.iterdir() if typed.encode() in p.read_bytes()]
        assert found, "no recovery entry with the typed text appeared"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(30)
    assert post_file.read_bytes() == CORPUS_LIKE

    out = tmp_path / "restored.json"
    second = run_driver(env, "restore", str(out))
    try:
        output, _ = second.communicate(timeout=90)
    finally:
        second.kill()
    assert second.returncode == 0, output[-2000:]
    restored = json.loads(out.read_text())
    assert [(w["path"], w["modified"]) for w in restored] == [(str(post_file), True)]
    assert restored[0]["text"] == CORPUS_LIKE.decode() + typed
    assert post_file.read_bytes() == CORPUS_LIKE


def child_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env, tmp_path / "xdg_data_home" / "galley" / "recovery"


def wait_for_line(child: subprocess.Popen[str], prefix: str, timeout: float = 60) -> str:
    """The child's first output line starting with ``prefix`` (read in a thread: no hang)."""
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(prefix):
                found.put(line)
                return
        found.put("")

    threading.Thread(target=read, daemon=True).start()
    try:
        line = found.get(timeout=timeout)
    except queue.Empty:
        line = ""
    assert line, f"the app did not print {prefix!r}"
    return line


def test_sigterm_and_crashes_flush_the_journal_first(tmp_path: Path, post_file: Path) -> None:
    """With the pause timer out of the way, only the SIGTERM and crash paths can write."""
    env, recovery = child_env(tmp_path)
    child = run_driver(env, "type-slow", str(post_file), "Before SIGTERM")
    try:
        wait_for_line(child, "typed")
        child.send_signal(signal.SIGTERM)
        child.wait(30)
    finally:
        child.kill()
    assert child.returncode == 0
    assert [p for p in recovery.iterdir() if b"Before SIGTERM" in p.read_bytes()]

    env, recovery = child_env(tmp_path / "second")  # no entries to offer: no dialog at start
    crashing = run_driver(env, "crash", str(post_file), "Before a bug")
    try:
        wait_for_line(crashing, "shown:")  # the user was told (and the log has the details)
        assert [p for p in recovery.iterdir() if b"Before a bug" in p.read_bytes()]
        assert crashing.poll() is None  # and the window keeps working
    finally:
        crashing.kill()
        crashing.wait(30)
    assert post_file.read_bytes() == CORPUS_LIKE


def test_an_untitled_post_is_journaled_and_restorable(
    qtbot: QtBot, window: MainWindow, journal: Journal, tmp_path: Path
) -> None:
    window.files.new_post()
    type_at_end(window, "A draft with no file yet")
    window.guard.flush()
    (entry,) = journal.entries()
    assert entry.post_path is None and entry.text == "A draft with no file yet"
    journal.close(clean=False)  # as if the app died
    later = Journal(journal.folder)
    try:
        (orphan,) = later.orphans()
        settings = Settings(QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat))
        win = MainWindow(settings, journal=later)
        qtbot.addWidget(win)
        assert win.files.restore(orphan, later)
        assert win.document.path is None and win.document.is_modified
        assert win.editor.toPlainText() == "A draft with no file yet"
    finally:
        later.close(clean=False)
