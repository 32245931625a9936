"""The recovery journal: unsaved text kept safe between saves (pure; no Qt).

Autosave never touches a post (../docs/RELIABILITY.md, item 1). Instead each running Galley,
an *instance*, writes the full text of every modified post to its own entry file in a private
folder, and deletes the entry once the post is saved or the changes are discarded. An instance
holds an exclusive ``flock`` on ``<instance>.lock`` for as long as it runs, so the next start can
tell a crashed session's entries (their lock is free) from a running window's (never touched).

Entry files are named ``<instance>--<key>.galley-recovery``. The first line is a one-line JSON
header; the post's text follows *verbatim* after the newline, so ``grep`` finds typed words::

    {"galley-recovery": 1, "instance": "…", "key": "…", "path": "/…/index.md" or null,
     "name": "…", "saved_at": "2024-05-01T09:30:00+00:00", "base": {…} or null, "length": 1234}
    ---
    title: …

``length`` counts the text's characters, so a truncated entry is recognised. An entry that can
never be read (truncated, not JSON, absurd fields, too large, not a regular file) is moved to the
``quarantine`` subfolder with a log line: never deleted, since it may hold someone's words, and
never offered, so that one bad file cannot keep the good ones beside it from being offered.
Writes go to a temporary file in the same folder that is fsynced and renamed over the entry, so a
failed write leaves the previous entry as it was.

The module also keeps Emacs-style backups: the previous version of a post, on its first save in
a session, in a folder of its own (:func:`keep_backup`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import itertools
import json
import logging
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import platformdirs

from editor.core import fileio, linediff
from editor.core.errors import GalleyError, PostLoadError

log = logging.getLogger(__name__)

RECOVERY_VERSION = 1

_ENTRY_SUFFIX = ".galley-recovery"
_TMP_SUFFIX = ".galley-tmp"
_LOCK_SUFFIX = ".lock"
_SEP = "--"
# Instance names and keys as they appear in file names: never "--", never a leading "-" or ".".
_SAFE_NAME = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*")
_TMP_NAME = re.compile(
    r"\.(?P<entry>.+" + re.escape(_ENTRY_SUFFIX) + r")\.[^.]+" + re.escape(_TMP_SUFFIX)
)
_BACKUP_NAME = re.compile(r"(?P<stamp>\d{8}-\d{6})(?:\.(?P<n>\d+))?-.+")
QUARANTINE = "quarantine"  # the subfolder that keeps entries that cannot be read
# An entry is a post's text and a header of a few hundred bytes: anything far larger is damage
# (or a planted file), and reading it whole could exhaust memory at start-up.
MAX_ENTRY_BYTES = 128 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
# The recovery dialog reads the post an entry belongs to, to say how they differ; a post larger
# than this is not read (RELIABILITY.md item 8: only regular files, within a size cap).
POST_READ_LIMIT = 50 * 1024 * 1024
# Saved-at times outside these years are damage; they would also overflow datetime arithmetic
# (year 1 cannot be shown in a time zone west of UTC).
_YEARS = range(1970, 3000)


def default_folder() -> Path:
    """Where the journal lives: ``$XDG_DATA_HOME/galley/recovery`` (usually ~/.local/share)."""
    return Path(platformdirs.user_data_dir("galley")) / "recovery"


def backups_folder() -> Path:
    """Where :func:`keep_backup` puts previous versions of posts by default."""
    return Path(platformdirs.user_data_dir("galley")) / "backups"


class JournalError(GalleyError):
    """The recovery journal or a backup could not be written or read.

    ``path`` is the file or folder concerned. The text in the window is never affected.
    """

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path


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
    return f"{count:,} line" if count == 1 else f"{count:,} lines"


class Journal:
    """This instance's recovery entries, and the entries of instances that ended badly.

    Raises:
        JournalError: the folder could not be created, or the instance's lock not taken.
    """

    def __init__(self, folder: Path | None = None, *, instance: str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()
        self.instance = _safe(instance or f"{os.getpid()}-{secrets.token_hex(4)}")
        self._claimed: dict[str, int] = {}  # dead instances whose lock this journal holds
        self._last_error: JournalError | None = None
        self._lock_fd: int | None = None
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with contextlib.suppress(OSError):  # the entries hold private, unsaved writing
                if stat.S_IMODE(self.folder.stat().st_mode) & 0o077:
                    self.folder.chmod(0o700)
            self._lock_fd = _claim(self._lock_path(self.instance))
        except OSError as exc:
            raise JournalError(
                f"Could not start the recovery journal in {self.folder}.",
                f"{_reason(exc)}. Galley can still edit and save posts, but unsaved changes "
                "cannot be recovered after a crash. Check that folder's permissions and free "
                "space, then restart Galley.",
                path=self.folder,
            ) from exc
        if self._lock_fd is None:
            raise JournalError(
                f"Could not start the recovery journal in {self.folder}.",
                f"Another running Galley already uses the journal name {self.instance!r}. "
                "Close it, or start Galley without choosing that name.",
                path=self.folder,
            )

    # -- this instance's entries

    def write(
        self,
        key: str,
        post_path: Path | None,
        text: str,
        *,
        display_name: str,
        base: DiskState | None,
    ) -> Path:
        """Keep ``text`` as the recovery copy for ``key``, replacing the previous one atomically.

        Raises:
            JournalError: nothing was written and the previous copy (if any) is unchanged.
        """
        return self._write(key, post_path, text, display_name=display_name, base=base).file

    def remove(self, key: str) -> None:
        """Delete the recovery copy for ``key`` (the post was saved or its changes discarded)."""
        self._check_open()
        path = self._entry_path(self.instance, key)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise JournalError(
                "Could not delete an old recovery copy.",
                f"{_reason(exc)}. Your post is safe; the next start of Galley may offer the "
                f"copy again. Check the permissions of {self.folder}.",
                path=path,
            ) from exc

    def entries(self) -> list[RecoveryEntry]:
        """This instance's own entries, newest first (unreadable ones are skipped)."""
        self._check_open()
        return _newest_first(self._read_entries(self.instance))

    def flush_error(self) -> JournalError | None:
        """The error of the most recent :meth:`write`, or None if it succeeded."""
        return self._last_error

    # -- entries of instances that are gone

    def orphans(self) -> list[RecoveryEntry]:
        """Entries left by instances that are no longer running, newest first.

        Each dead instance's lock is taken and kept until :meth:`close`, so a second Galley
        starting at the same moment does not offer the same entries. Running instances' entries
        are never read. Entries that can never be read are moved to the :data:`QUARANTINE`
        subfolder (never deleted); entries of a newer Galley, or that cannot be read for now,
        stay where they are. Never raises for an entry's sake.
        """
        self._check_open()
        try:
            names = os.listdir(self.folder)
        except OSError as exc:
            log.warning("Cannot list the recovery folder %s: %s", self.folder, exc)
            return []
        instances: set[str] = set()
        for name in names:
            if name.endswith(_LOCK_SUFFIX) and _SAFE_NAME.fullmatch(name[: -len(_LOCK_SUFFIX)]):
                instances.add(name[: -len(_LOCK_SUFFIX)])
            elif (parsed := _parse_entry_name(name)) or (parsed := _parse_tmp_name(name)):
                instances.add(parsed)
        instances.discard(self.instance)
        found: list[RecoveryEntry] = []
        for instance in sorted(instances):
            if instance not in self._claimed and not self._try_claim(instance):
                continue  # still running
            self._finish_interrupted_writes(instance)
            found.extend(self._read_entries(instance))
            if not self._files_of(instance):
                self._release(instance, delete_lock=True)
        return _newest_first(found)

    def discard(self, entry: RecoveryEntry) -> None:
        """Delete an entry (its text is not wanted); a dead instance left empty is cleared."""
        self._check_open()
        instance = self._owner(entry)
        try:
            entry.file.unlink(missing_ok=True)
        except OSError as exc:
            raise JournalError(
                f"Could not delete the recovery copy of {entry.display_name}.",
                f"{_reason(exc)}. Galley will offer it again at the next start. Check the "
                f"permissions of {self.folder}.",
                path=entry.file,
            ) from exc
        if instance != self.instance and not self._files_of(instance):
            self._release(instance, delete_lock=True)

    def adopt(self, entry: RecoveryEntry, key: str) -> RecoveryEntry:
        """Make ``entry`` this instance's entry under ``key`` (it is being restored).

        Raises:
            JournalError: the copy could not be written; the orphan is left as it was.
        """
        self._check_open()
        self._owner(entry)
        adopted = self._write(
            key, entry.post_path, entry.text, display_name=entry.display_name, base=entry.base
        )
        if adopted.file != entry.file:
            try:
                self.discard(entry)
            except JournalError as error:  # the text is safe in the new entry; only a duplicate
                log.warning("Restored entry kept its old file: %s", error)
        return adopted

    # -- lifetime

    def close(self, *, clean: bool = True) -> None:
        """Release the locks; entries always stay (unsaved work must survive).

        With ``clean`` (a normal quit) lock files of instances with no entries left are deleted,
        this instance's included. ``clean=False`` only lets go, as a crash would.
        """
        if self._lock_fd is None:
            return
        for instance in list(self._claimed):
            self._release(instance, delete_lock=clean and not self._files_of(instance))
        if clean and not self._files_of(self.instance):
            with contextlib.suppress(OSError):
                self._lock_path(self.instance).unlink()
        os.close(self._lock_fd)  # unlinked first, so no one locks a file about to vanish
        self._lock_fd = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals

    def _write(
        self,
        key: str,
        post_path: Path | None,
        text: str,
        *,
        display_name: str,
        base: DiskState | None,
    ) -> RecoveryEntry:
        self._check_open()
        path = self._entry_path(self.instance, key)
        saved_at = datetime.now(timezone.utc)
        post = Path(os.path.abspath(post_path)) if post_path is not None else None
        header = {
            "galley-recovery": RECOVERY_VERSION,
            "instance": self.instance,
            "key": key,
            "path": os.fspath(post) if post is not None else None,
            "name": display_name,
            "saved_at": saved_at.isoformat(),
            "base": None
            if base is None
            else {"mtime_ns": base.mtime_ns, "size": base.size, "sha256": base.sha256},
            "length": len(text),
        }
        line = json.dumps(header, ensure_ascii=False)
        data = (line + "\n" + text).encode("utf-8", "surrogatepass")
        try:
            _write_private(path, data)
        except OSError as exc:
            self._last_error = JournalError(
                f"Could not write the recovery copy of {display_name}.",
                f"{_reason(exc)}. Your text is still in the window, but would be lost in a "
                f"crash. {_WRITE_ADVICE.get(exc.errno or 0, _WRITE_ADVICE[0])}",
                path=path,
            )
            raise self._last_error from exc
        self._last_error = None
        return RecoveryEntry(path, self.instance, key, post, display_name, text, saved_at, base)

    def _check_open(self) -> None:
        if self._lock_fd is None:
            raise JournalError(
                "The recovery journal is closed.",
                "Galley is quitting; save your posts to keep their changes.",
                path=self.folder,
            )

    def _lock_path(self, instance: str) -> Path:
        return self.folder / f"{instance}{_LOCK_SUFFIX}"

    def _entry_path(self, instance: str, key: str) -> Path:
        return self.folder / f"{instance}{_SEP}{_safe(key)}{_ENTRY_SUFFIX}"

    def _owner(self, entry: RecoveryEntry) -> str:
        """The instance ``entry`` belongs to, once it is certain that instance is not running."""
        instance = _parse_entry_name(entry.file.name)
        if entry.file.parent != self.folder or instance is None:
            raise JournalError(
                f"The recovery copy of {entry.display_name} is not in this journal.",
                f"It is {entry.file}; only copies in {self.folder} can be restored or deleted.",
                path=entry.file,
            )
        if instance != self.instance and instance not in self._claimed:
            claimed = False
            with contextlib.suppress(OSError):
                claimed = self._try_claim(instance)
            if not claimed:
                raise JournalError(
                    f"The recovery copy of {entry.display_name} belongs to a running Galley.",
                    "Switch to that window to keep or discard its changes.",
                    path=entry.file,
                )
        return instance

    def _try_claim(self, instance: str) -> bool:
        try:
            fd = _claim(self._lock_path(instance))
        except OSError as exc:
            log.warning("Cannot check recovery instance %s: %s", instance, exc)
            return False
        if fd is None:
            return False
        self._claimed[instance] = fd
        return True

    def _release(self, instance: str, *, delete_lock: bool) -> None:
        fd = self._claimed.pop(instance)
        if delete_lock:
            for leftover in self._scan(instance, tmp=True):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            with contextlib.suppress(OSError):
                self._lock_path(instance).unlink()
        os.close(fd)

    def _scan(self, instance: str, *, tmp: bool = False) -> Iterator[Path]:
        """Entry files (or, with ``tmp``, unfinished temporary files) of ``instance``."""
        parse = _parse_tmp_name if tmp else _parse_entry_name
        try:
            with os.scandir(self.folder) as listing:
                names = [item.name for item in listing]
        except OSError as exc:
            log.warning("Cannot list the recovery folder %s: %s", self.folder, exc)
            return
        for name in sorted(names):
            if parse(name) == instance:
                yield self.folder / name

    def _files_of(self, instance: str) -> list[Path]:
        return list(self._scan(instance))

    def _read_entries(self, instance: str) -> list[RecoveryEntry]:
        """The readable entries of ``instance``; the others are set aside or left, never
        raised: one bad file must not keep the good ones from being offered."""
        found = []
        for path in self._scan(instance):
            try:
                found.append(_read_entry(path, instance))
            except NewerEntry as exc:  # a newer Galley can still restore it: leave it be
                log.warning("Skipping recovery entry %s (kept): %s", path, exc)
            except DamagedEntry as exc:
                self._quarantine(path, exc)
            except OSError as exc:  # perhaps only for now (permissions, I/O): try next time
                log.warning("Skipping unreadable recovery entry %s (kept): %s", path, exc)
            except Exception:  # a bug here must not stop Galley from starting
                log.exception("Skipping recovery entry %s (kept)", path)
        return found

    def _quarantine(self, path: Path, reason: Exception) -> None:
        """Move an entry that can never be read to the quarantine folder, keeping its name."""
        folder = self.folder / QUARANTINE
        try:
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, 0o700)
            if not stat.S_ISDIR(os.lstat(folder).st_mode):  # a file or a link in its place
                raise OSError(errno.ENOTDIR, "not a folder", os.fspath(folder))
            target = folder / path.name
            for counter in itertools.count(2):
                if not os.path.lexists(target):
                    break
                target = folder / f"{path.name}.{counter}"
            os.rename(path, target)  # the folder is inside this one: never a copy
        except OSError as exc:
            log.warning(
                "Skipping damaged recovery entry %s (%s); it could not be moved to %s and is "
                "left where it is: %s",
                path,
                reason,
                folder,
                exc,
            )
            return
        log.warning(
            "Moved damaged recovery entry %s to %s (%s): kept, never offered", path, target, reason
        )

    def _finish_interrupted_writes(self, instance: str) -> None:
        """A dead instance may have been killed between writing a copy and renaming it: keep
        a complete copy that is newer than the entry it was meant to replace."""
        for tmp in self._scan(instance, tmp=True):
            match = _TMP_NAME.fullmatch(tmp.name)
            assert match is not None
            target = self.folder / match["entry"]
            try:
                fresh = _read_entry(tmp, instance)
            except Exception:  # unfinished (or worse): removed with the lock once the instance is
                continue  # cleared, as its complete predecessor, if any, is the entry
            old: RecoveryEntry | None = None
            try:
                old = _read_entry(target, instance)
            except FileNotFoundError:
                pass
            except DamagedEntry as exc:  # the fresh copy replaces it, so set it aside first
                self._quarantine(target, exc)
                if os.path.lexists(target):
                    continue
            except Exception:  # not for now: the entry and the copy both stay as they are
                continue
            with contextlib.suppress(OSError):
                if old is None or fresh.saved_at > old.saved_at:
                    os.replace(tmp, target)
                else:
                    tmp.unlink()


def _claim(path: Path) -> int | None:
    """Open ``path`` and lock it exclusively without waiting; the fd, or None if it is held.

    A missing lock file is created already locked (written aside, then linked into place), so
    no one ever sees a new instance's lock file unlocked. After locking, the path must still
    name the locked file: whoever deletes a lock file does so while holding it.
    """
    for _ in range(20):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
        except FileNotFoundError:
            created = _create_locked(path)
            if created is None:
                continue  # someone else created it meanwhile: try theirs
            return created
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # it was deleted (or replaced) while we waited for it: start again
    raise OSError(errno.EAGAIN, "The lock file keeps changing", os.fspath(path))


def _create_locked(path: Path) -> int | None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.link(tmp, path)
    except FileExistsError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return fd


def _write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, readable by its owner only (mode 0o600).

    fileio.atomic_write gives a new file the umask's mode; recovery copies and backups are
    private from their first byte, so they are written here (mkstemp creates files as 0o600).
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        try:
            fileio.write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fileio.fsync_folder(path.parent)


class DamagedEntry(ValueError):
    """A file named like a recovery entry that can never be read as one."""


class NewerEntry(ValueError):
    """An entry written by a newer Galley, in a format this one does not know."""


def _read_entry(path: Path, instance: str) -> RecoveryEntry:
    """Read one entry file.

    Raises:
        OSError: it could not be read now (it may be later).
        NewerEntry: a newer Galley wrote it.
        DamagedEntry: anything else wrong with it (truncated, not JSON, wrong fields, too large,
            a link or not a regular file).
    """
    if not stat.S_ISREG(os.lstat(path).st_mode):  # examined first: opening a device can act
        raise DamagedEntry("a link, a FIFO or a device, not an entry")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # it became a link since
            raise DamagedEntry("a symbolic link, not an entry") from exc
        raise
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise DamagedEntry("not a regular file")
        if status.st_size > MAX_ENTRY_BYTES:
            raise DamagedEntry(f"too large ({status.st_size} bytes)")
        chunks = []
        left = MAX_ENTRY_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_ENTRY_BYTES:
        raise DamagedEntry("too large (it grew while being read)")
    return _parse_entry(data, path, instance)


def _parse_entry(data: bytes, path: Path, instance: str) -> RecoveryEntry:
    """An entry from its bytes. Raises NewerEntry or DamagedEntry."""
    end = data.find(b"\n", 0, MAX_HEADER_BYTES + 1)
    if end < 0:
        raise DamagedEntry("no header line" if len(data) <= MAX_HEADER_BYTES else "header too long")
    head, body = data[:end], data[end + 1 :]
    try:
        header: Any = json.loads(head.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly nested JSON
        raise DamagedEntry(f"the header is not JSON ({type(exc).__name__})") from None
    if not isinstance(header, dict):
        raise DamagedEntry("the header is not a JSON object")
    version = header.get("galley-recovery")
    if isinstance(version, int) and not isinstance(version, bool) and version > RECOVERY_VERSION:
        raise NewerEntry(f"unknown format version {version!r}")
    if version != RECOVERY_VERSION or isinstance(version, bool):
        raise DamagedEntry(f"unknown format version {_short(version)}")
    try:
        text = body.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise DamagedEntry("the text is not UTF-8") from None
    length = header.get("length")
    if not isinstance(length, int) or isinstance(length, bool) or length != len(text):
        raise DamagedEntry(f"truncated: {len(text)} of {_short(length)} characters")
    key, name, where = header.get("key"), header.get("name"), header.get("path")
    if not isinstance(key, str) or not isinstance(name, str):
        raise DamagedEntry("no key or name")
    return RecoveryEntry(
        file=path,
        instance=instance,
        key=key,
        post_path=_post_path(where),
        display_name=name,
        text=text,
        saved_at=_saved_at(header.get("saved_at")),
        base=_base(header.get("base")),
    )


def _post_path(value: object) -> Path | None:
    """The post's path from a header: None (untitled) or an absolute path the OS can take."""
    if value is None:
        return None
    if not isinstance(value, str) or not os.path.isabs(value) or "\x00" in value:
        raise DamagedEntry("bad path")
    try:
        os.fsencode(value)  # a lone surrogate that is not an undecodable file-name byte
    except UnicodeError:
        raise DamagedEntry("bad path") from None
    return Path(value)


def _saved_at(value: object) -> datetime:
    if not isinstance(value, str):
        raise DamagedEntry("no time")
    try:
        saved_at = datetime.fromisoformat(value)
    except ValueError:
        raise DamagedEntry(f"bad time {_short(value)}") from None
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=timezone.utc)
    try:
        in_range = saved_at.astimezone(timezone.utc).year in _YEARS
    except (OverflowError, ValueError):
        in_range = False
    if not in_range:
        raise DamagedEntry(f"absurd time {_short(value)}")
    return saved_at


def _base(value: object) -> DiskState | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise DamagedEntry("bad base")
    mtime, size, digest = value.get("mtime_ns"), value.get("size"), value.get("sha256")
    if not (isinstance(mtime, int) and isinstance(size, int) and isinstance(digest, str)):
        raise DamagedEntry("bad base")
    return DiskState(mtime, size, digest)


def _short(value: object) -> str:
    """``value`` for a log line, never long (a header can hold anything)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _safe(name: str) -> str:
    """``name`` as used in file names: unchanged when safe; distinct names stay distinct."""
    if _SAFE_NAME.fullmatch(name) and len(name) <= 100:
        return name
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", name)[:40].strip("_")
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{stem}_{digest}" if stem else f"x{digest}"


def _parse_entry_name(name: str) -> str | None:
    """The instance of an entry file name, or None if ``name`` is not one."""
    if not name.endswith(_ENTRY_SUFFIX):
        return None
    instance, sep, key = name[: -len(_ENTRY_SUFFIX)].partition(_SEP)
    if sep and _SAFE_NAME.fullmatch(instance) and _SAFE_NAME.fullmatch(key):
        return instance
    return None


def _parse_tmp_name(name: str) -> str | None:
    """The instance of a temporary file left by an unfinished entry write."""
    match = _TMP_NAME.fullmatch(name)
    return _parse_entry_name(match["entry"]) if match else None


def _newest_first(entries: list[RecoveryEntry]) -> list[RecoveryEntry]:
    return sorted(entries, key=lambda e: (e.saved_at, e.file.name), reverse=True)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


_WRITE_ADVICE = {
    0: "Save the post now to keep your changes.",
    errno.ENOSPC: "The disk is full: free some space, or save the post now.",
    errno.EDQUOT: "Your disk quota is used up: free some space, or save the post now.",
    errno.EACCES: "Check the permissions of Galley's recovery folder, or save the post now.",
    errno.EPERM: "Check the permissions of Galley's recovery folder, or save the post now.",
    errno.EROFS: "The disk is read-only: save the post somewhere else now.",
}


# -- backups


def keep_backup(
    post_path: Path,
    data: bytes,
    *,
    folder: Path | None = None,
    keep: int = 10,
    now: datetime | None = None,
) -> Path:
    """Keep ``data``, the previous version of ``post_path``, before it is first overwritten.

    Backups go to ``<folder>/<post slug>-<hash of the post's path>/<YYYYmmdd-HHMMSS>-<name>``
    (private to the user); only the newest ``keep`` of each post are kept.

    Raises:
        JournalError: the backup could not be written; the post itself is unchanged.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    target = _backup_dir(post_path, folder)
    stamp = f"{(now or datetime.now().astimezone()):%Y%m%d-%H%M%S}"
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = target / f"{stamp}-{post_path.name}"
        counter = 1
        while path.exists():
            if path.read_bytes() == data:
                return path  # the same version, kept twice in one second
            counter += 1
            path = target / f"{stamp}.{counter}-{post_path.name}"
        _write_private(path, data)
    except OSError as exc:
        raise JournalError(
            f"Could not keep a backup of {post_path.name}.",
            f"{_reason(exc)}. The post itself is unchanged. Free some space or check the "
            f"permissions of {target}, or turn backups off.",
            path=target,
        ) from exc
    for old in list_backups(post_path, folder=folder)[keep:]:
        try:
            old.unlink()
        except OSError as exc:
            log.warning("Could not delete the old backup %s: %s", old, exc)
    return path


def list_backups(post_path: Path, *, folder: Path | None = None) -> list[Path]:
    """The backups kept of ``post_path``, newest first."""
    target = _backup_dir(post_path, folder)
    try:
        names = os.listdir(target)
    except OSError:
        return []
    found = []
    for name in names:
        match = _BACKUP_NAME.fullmatch(name)
        if match:
            found.append(((match["stamp"], int(match["n"] or 1)), target / name))
    return [path for _, path in sorted(found, reverse=True)]


def _backup_dir(post_path: Path, folder: Path | None) -> Path:
    absolute = os.path.abspath(post_path)
    stem = post_path.stem
    if stem in ("index", "_index") and post_path.parent.name:
        stem = Path(absolute).parent.name  # a page bundle is named by its folder
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.")[:60] or "post"
    digest = hashlib.sha1(os.fsencode(absolute)).hexdigest()[:10]
    return (folder if folder is not None else backups_folder()) / f"{slug}-{digest}"
