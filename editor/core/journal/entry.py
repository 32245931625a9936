"""A recovery entry as Galley sees it, and the file state it was made against (pure; no Qt).

:class:`RecoveryEntry` is one post's unsaved text found in the journal; its
:meth:`~RecoveryEntry.difference` says in words how it differs from the post on disk now.
:class:`DiskState` is what a post's file looked like, to notice changes made behind Galley's back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from editor.core import fileio, linediff, plural
from editor.core.errors import PostLoadError

# The recovery dialog reads the post an entry belongs to, to say how they differ; a post larger
# than this is not read (RELIABILITY.md item 8: only regular files, within a size cap).
POST_READ_LIMIT = 50 * 1024 * 1024


_UNREADABLE = {
    "folder": "There is a folder on disk where the file should be.",
    "not-regular": (
        "The file on disk is a device or a pipe, not a regular file, so it was not read."
    ),
}


def _read_post(path: Path, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of ``path`` and its status, if it is a regular file of at most ``limit`` bytes
    (:data:`POST_READ_LIMIT` unless given): :func:`editor.core.fileio.read_regular`, which never
    opens a device or blocks on a FIFO (a cloned site can hold one in a post's place).

    Raises:
        PostLoadError: it cannot be read; ``reason`` says why.
    """
    return fileio.read_regular(path, POST_READ_LIMIT if limit is None else limit)


def _unreadable_sentence(error: PostLoadError, size: int | None = None) -> str:
    if error.reason == "too-large":
        amount = ""
        if size is not None:
            amount = f" ({size / 1e6:,.0f} MB)" if size >= 1e6 else f" ({size:,} bytes)"
        return f"The file on disk is too large to compare{amount}."
    return _UNREADABLE.get(error.reason, "The file on disk could not be read.")


@dataclass(frozen=True)
class DiskState:
    """What a post's file looked like: to notice changes made behind Galley's back."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> DiskState | None:
        """Hash the file; None when it is missing, unreadable or not a regular file.

        There is no size limit here: None means "the file is gone" to the window, which would
        then treat a large post as deleted. The hash is computed a chunk at a time instead, so a
        large file never sits in memory whole.
        """
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return None  # examined first: opening some devices does something
            # O_NONBLOCK: opening a FIFO someone put in the post's place must not hang.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, ValueError):
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None
            digest = hashlib.sha256()
            size = 0
            while chunk := os.read(fd, 1 << 20):
                digest.update(chunk)
                size += len(chunk)
        except OSError:
            return None
        finally:
            os.close(fd)
        return cls(st.st_mtime_ns, size, digest.hexdigest())

    @classmethod
    def from_bytes(cls, path: Path, data: bytes) -> DiskState:
        """The state of ``path`` just after ``data`` was read from or written to it.

        Only the modification time comes from the file (0 if it cannot be examined).
        """
        try:
            mtime_ns = os.stat(path).st_mtime_ns
        except OSError:
            mtime_ns = 0
        return cls(mtime_ns, len(data), hashlib.sha256(data).hexdigest())

    def same_content(self, other: DiskState | None) -> bool:
        """Whether ``other`` holds the same bytes (the time may differ, as after ``touch``)."""
        return other is not None and other.sha256 == self.sha256 and other.size == self.size


@dataclass(frozen=True)
class RecoveryEntry:
    """One post's unsaved text, as found in the journal."""

    file: Path
    instance: str
    key: str
    post_path: Path | None
    display_name: str
    text: str
    saved_at: datetime
    base: DiskState | None

    def age(self, now: datetime | None = None) -> timedelta:
        """How long ago the entry was written."""
        return (now or datetime.now(timezone.utc)) - self.saved_at

    def disk_text(self) -> str | None:
        """The post's text on disk now (None: untitled, missing, unreadable, not a regular
        file, larger than :data:`POST_READ_LIMIT`, or not UTF-8)."""
        if self.post_path is None:
            return None
        try:
            return _read_post(self.post_path)[0].decode("utf-8")
        except (PostLoadError, UnicodeDecodeError):
            return None

    def difference(self) -> str:
        """One or two sentences comparing the recovered text with the file on disk now.

        Bounded in time whatever the texts are (see :mod:`editor.core.linediff`), but it reads the
        post: the recovery dialog calls it off the main thread.
        """
        if self.post_path is None:
            return "Untitled: never saved."
        try:
            data, status = _read_post(self.post_path)
        except PostLoadError as error:
            if error.reason == "missing":
                if self.base is None:
                    return "The file does not exist on disk yet."
                return "The file no longer exists on disk."
            size = None
            with contextlib.suppress(OSError, ValueError):
                size = os.stat(self.post_path).st_size
            return _unreadable_sentence(error, size)
        try:
            disk = data.decode("utf-8")
        except UnicodeDecodeError:
            return "The file on disk could not be read."
        ours, theirs = self.text.removeprefix("\ufeff"), disk.removeprefix("\ufeff")
        if ours == theirs:
            return "Same as the file on disk."
        sentence = _compare_lines(theirs, ours)
        now = DiskState(status.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())
        if self.base is not None and not self.base.same_content(now):
            sentence += " The file on disk also changed since these edits began."
        return sentence


def _compare_lines(old: str, new: str) -> str:
    """How ``new`` differs from ``old``, line by line, in words."""
    changes = linediff.compare(old, new)
    if changes.first is None:
        return "Same text as the file on disk, with different line endings."
    added, removed = changes.added, changes.removed
    if added and removed:
        change = f"{_lines(added)} added and {removed:,} removed"
    elif added:
        change = f"{_lines(added)} added"
    else:
        change = f"{_lines(removed)} removed"
    if not changes.exact:  # too many changes to count exactly in good time: an honest estimate
        change = f"about {change}"
    return f"{change[0].upper()}{change[1:]}, starting at line {changes.first:,}."


def _lines(count: int) -> str:
    return plural.count(count, "line")
