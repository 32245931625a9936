"""Backups: the previous version of a post, kept on its first save in a session."""

from __future__ import annotations

import errno
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from editor.core import journal
from editor.core.journal import JournalError
from tests.helpers.journal_cases import post_file


def test_backups_keep_the_newest_versions(tmp_path: Path) -> None:
    path, _ = post_file(tmp_path)
    backups = tmp_path / "backups"
    start = datetime(2024, 5, 1, 9, 30, 0)
    made = [
        journal.keep_backup(
            path, f"v{n}".encode(), folder=backups, keep=3, now=start + timedelta(minutes=n)
        )
        for n in range(5)
    ]
    assert made[0].parent.name.startswith("post-")  # a page bundle is named by its folder
    assert made[-1].name == "20240501-093400-index.md"
    kept = journal.list_backups(path, folder=backups)
    assert kept == made[:1:-1]
    assert [p.read_bytes() for p in kept] == [b"v4", b"v3", b"v2"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in kept)
    other = tmp_path / "elsewhere" / "index.md"
    assert journal.list_backups(other, folder=backups) == []


def test_backups_in_the_same_second_do_not_overwrite(tmp_path: Path) -> None:
    path, _ = post_file(tmp_path)
    now = datetime(2024, 5, 1, 9, 30, 0)
    one = journal.keep_backup(path, b"one", folder=tmp_path, now=now)
    two = journal.keep_backup(path, b"two", folder=tmp_path, now=now)
    again = journal.keep_backup(path, b"two", folder=tmp_path, now=now)
    assert two == again and two.name == "20240501-093000.2-index.md"
    assert journal.list_backups(path, folder=tmp_path) == [two, one]


def test_a_failed_backup_is_a_journal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = post_file(tmp_path)

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(JournalError, match=r"Could not keep a backup of index\.md") as info:
        journal.keep_backup(path, b"old", folder=tmp_path / "b")
    assert "The post itself is unchanged" in info.value.detail
    monkeypatch.undo()
    assert journal.list_backups(path, folder=tmp_path / "b") == []
