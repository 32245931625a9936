"""The recovery dialog comes up at once; how each entry differs fills in as it is worked out."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from editor.core.journal import DiskState, RecoveryEntry
from editor.ui.dialogs.recovery_dialog import COMPARING, RecoveryDialog


def entry_for(path: Path | None, text: str, base: DiskState | None = None) -> RecoveryEntry:
    now = datetime.now(timezone.utc)
    return RecoveryEntry(Path("x"), "i", "k", path, "index.md", text, now, base)


def test_the_rows_say_comparing_until_their_sentence_arrives(qtbot: QtBot, tmp_path: Path) -> None:
    post = tmp_path / "index.md"
    post.write_text("one\ntwo\n")
    os.mkfifo(tmp_path / "fifo.md")
    entries = [
        entry_for(post, "one\ntwo\nthree\n"),
        entry_for(None, "draft"),
        entry_for(tmp_path / "fifo.md", "x"),
    ]
    dialog = RecoveryDialog(entries)
    qtbot.addWidget(dialog)
    # Nothing was compared while the dialog was being built: start-up never waits for it
    assert [dialog.details(i) for i in range(3)] == [f"Written just now. {COMPARING}"] * 3
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.comparing(), timeout=10000)
    assert [dialog.details(i) for i in range(3)] == [
        "Written just now. 1 line added, starting at line 3.",
        "Written just now. Untitled: never saved.",
        "Written just now. The file on disk is a device or a pipe, not a regular file, so it "
        "was not read.",
    ]


def test_a_failed_comparison_says_so(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: RecoveryEntry) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(RecoveryEntry, "difference", broken)
    dialog = RecoveryDialog([entry_for(None, "x")])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.comparing(), timeout=10000)
    assert dialog.details(0) == (
        "Written just now. Galley could not compare it with the file on disk."
    )
    assert "a bug" in caplog.text


def test_closing_before_the_comparisons_end_stops_them(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    compared: list[str] = []

    def slow(self: RecoveryEntry) -> str:
        started.set()
        release.wait(10)
        compared.append(self.text)
        return "compared"

    monkeypatch.setattr(RecoveryEntry, "difference", slow)
    dialog = RecoveryDialog([entry_for(None, "first"), entry_for(None, "second")])
    qtbot.addWidget(dialog)
    dialog.show()
    assert started.wait(10)
    dialog.reject()  # "Decide Later" while the first comparison runs
    release.set()
    qtbot.wait(300)
    assert compared == ["first"]  # the second was never started
    assert dialog.details(1) == f"Written just now. {COMPARING}"
