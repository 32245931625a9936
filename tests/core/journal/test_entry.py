"""A recovery entry against the post on disk: its state, and how the texts differ."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from editor.core.journal import DiskState, RecoveryEntry
from editor.core.journal import entry as entry_module
from tests.helpers.journal_cases import FRONT_MATTER, post_file


def test_disk_state_notices_content_not_time(tmp_path: Path) -> None:
    path, _ = post_file(tmp_path)
    state = DiskState.of(path)
    assert state == DiskState.from_bytes(path, FRONT_MATTER.encode())
    assert state is not None and state.size == len(FRONT_MATTER.encode())
    os.utime(path, ns=(1, 1))
    touched = DiskState.of(path)
    assert touched != state and state.same_content(touched)
    path.write_text(FRONT_MATTER + "x")
    assert not state.same_content(DiskState.of(path))
    assert not state.same_content(None)
    assert DiskState.of(tmp_path / "missing.md") is None
    assert DiskState.of(tmp_path) is None
    os.mkfifo(tmp_path / "fifo")
    assert DiskState.of(tmp_path / "fifo") is None


def entry_for(path: Path | None, text: str, base: DiskState | None) -> RecoveryEntry:
    now = datetime.now(timezone.utc)
    return RecoveryEntry(Path("x"), "i", "k", path, "index.md", text, now, base)


def test_difference_says_how_the_recovered_text_differs(tmp_path: Path) -> None:
    lines = [f"line {n}\n" for n in range(1, 61)]
    path, base = post_file(tmp_path, "".join(lines))
    edited = lines[:39] + [f"new {n}\n" for n in range(12)] + lines[42:]
    assert entry_for(None, "x", None).difference() == "Untitled: never saved."
    assert entry_for(path, "".join(lines), base).difference() == "Same as the file on disk."
    assert entry_for(path, "".join(edited), base).difference() == (
        "12 lines added and 3 removed, starting at line 40."
    )
    assert entry_for(path, "".join([*lines, "end\n"]), base).difference() == (
        "1 line added, starting at line 61."
    )
    assert entry_for(path, "".join(lines[1:]), base).difference() == (
        "1 line removed, starting at line 1."
    )
    assert entry_for(path, "".join(lines).replace("\n", "\r\n"), base).difference() == (
        "Same text as the file on disk, with different line endings."
    )
    path.write_text("".join(lines[:-1]))  # someone deleted the last line meanwhile
    assert entry_for(path, "".join(edited), base).difference() == (
        "13 lines added and 3 removed, starting at line 40. "
        "The file on disk also changed since these edits began."
    )
    assert entry_for(path, "".join(edited), base).disk_text() == "".join(lines[:-1])
    path.write_bytes(b"\xff\xfe")
    assert entry_for(path, "x", base).disk_text() is None
    assert entry_for(path, "x", base).difference() == "The file on disk could not be read."
    path.unlink()
    assert entry_for(path, "x", base).difference() == "The file no longer exists on disk."
    assert entry_for(path, "x", None).difference() == "The file does not exist on disk yet."


def test_a_post_path_that_is_not_a_regular_file_is_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.md")  # read_bytes() waited for a writer forever
    (tmp_path / "null.md").symlink_to("/dev/null")  # a device: /dev/zero would never end
    (tmp_path / "folder.md").mkdir()
    device = "The file on disk is a device or a pipe, not a regular file, so it was not read."
    cases = {
        "fifo.md": device,
        "null.md": device,
        "folder.md": "There is a folder on disk where the file should be.",
    }
    for name, sentence in cases.items():
        entry = entry_for(tmp_path / name, "words\n", None)
        reader = threading.Thread(target=lambda e=entry: e.difference(), daemon=True)
        reader.start()
        reader.join(30)  # the old code blocked here for good
        assert not reader.is_alive(), f"difference() is stuck reading {name}"
        assert entry.difference() == sentence
        assert entry.disk_text() is None
        assert DiskState.of(tmp_path / name) is None


def test_a_post_larger_than_the_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, base = post_file(tmp_path, "x" * 2000)
    monkeypatch.setattr(entry_module, "POST_READ_LIMIT", 1000)
    entry = entry_for(path, "y", base)
    assert entry.difference() == "The file on disk is too large to compare (2,000 bytes)."
    assert entry.disk_text() is None
    assert DiskState.of(path) == base  # the window's own check of the file has no limit


def paragraphs(count: int, tag: str = "") -> list[str]:
    return [f"Paragraph {n}{tag}: some words of it.\n\n" for n in range(count)]


def test_difference_of_huge_edits_returns_and_says_so(tmp_path: Path) -> None:
    """Each of these took difflib from 43 s to forever; the timings are in bench/recovery.py."""
    old = paragraphs(2000)
    path, base = post_file(tmp_path, "".join(old))
    every_paragraph = "".join(paragraphs(2000, " (edited)"))
    assert entry_for(path, every_paragraph, base).difference() == (
        "2,000 lines added and 2,000 removed, starting at line 1."
    )
    shuffled = old[1:] + old[:1]  # the first paragraph moved to the end
    assert entry_for(path, "".join(shuffled), base).difference() == (
        "2 lines added and 2 removed, starting at line 1."
    )
    mixed = old[::-1]
    sentence = entry_for(path, "".join(mixed), base).difference()
    assert sentence.startswith("About ") and sentence.endswith(", starting at line 1.")

    lines = [f"line {n}\n" for n in range(100_000)]
    path, base = post_file(tmp_path, "".join(lines))
    one = lines[:]
    one[76_543] = "typed before the crash\n"
    assert entry_for(path, "".join(one), base).difference() == (
        "1 line added and 1 removed, starting at line 76,544."
    )
    path, base = post_file(tmp_path, "x" * 20_000_000)
    line = "x" * 10_000_000 + "y" + "x" * 9_999_999
    assert entry_for(path, line, base).difference() == (
        "1 line added and 1 removed, starting at line 1."
    )


def test_age_counts_from_when_the_entry_was_written() -> None:
    entry = entry_for(None, "x", None)
    assert entry.age(entry.saved_at + timedelta(minutes=5)) == timedelta(minutes=5)


# -- folders and backups
