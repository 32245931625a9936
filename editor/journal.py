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

``length`` counts the text's characters, so a truncated entry is recognised (and kept, never
deleted). Writes go to a temporary file in the same folder that is fsynced and renamed over the
entry, so a failed write leaves the previous entry as it was.

The module also keeps Emacs-style backups: the previous version of a post, on its first save in
a session, in a folder of its own (:func:`keep_backup`).
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import fcntl
import hashlib
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

from editor import fileio
from editor.errors import GalleyError

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


@dataclass(frozen=True)
class DiskState:
    """What a post's file looked like: to notice changes made behind Galley's back."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> DiskState | None:
        """Read and hash the file; None when it is missing, unreadable or not a regular file."""
        try:
            # O_NONBLOCK: opening a FIFO someone put in the post's place must not hang.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                os.close(fd)
                return None
        except BaseException:
            os.close(fd)
            raise
        with os.fdopen(fd, "rb") as file:
            try:
                data = file.read()
            except OSError:
                return None
        return cls(st.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())

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
        """The post's text on disk now (None: untitled, missing, unreadable or not UTF-8)."""
        if self.post_path is None:
            return None
        try:
            return self.post_path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def difference(self) -> str:
        """One or two sentences comparing the recovered text with the file on disk now."""
        if self.post_path is None:
            return "Untitled: never saved."
        now = DiskState.of(self.post_path)
        if now is None and not self.post_path.exists():
            if self.base is None:
                return "The file does not exist on disk yet."
            return "The file no longer exists on disk."
        disk = self.disk_text()
        if disk is None:
            return "The file on disk could not be read."
        ours, theirs = self.text.removeprefix("\ufeff"), disk.removeprefix("\ufeff")
        if ours == theirs:
            return "Same as the file on disk."
        sentence = _compare_lines(theirs, ours)
        if self.base is not None and not self.base.same_content(now):
            sentence += " The file on disk also changed since these edits began."
        return sentence


def _compare_lines(old: str, new: str) -> str:
    """How ``new`` differs from ``old``, line by line, in words."""
    a, b = old.splitlines(), new.splitlines()
    added = removed = 0
    first: int | None = None
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if first is None:
            first = j1 + 1  # before the first change both sides have the same line numbers
        removed += i2 - i1
        added += j2 - j1
    if first is None:
        return "Same text as the file on disk, with different line endings."
    if added and removed:
        change = f"{_lines(added)} added and {removed} removed"
    elif added:
        change = f"{_lines(added)} added"
    else:
        change = f"{_lines(removed)} removed"
    return f"{change}, starting at line {first}."


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"


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
        are never read. Corrupt entries are logged and left in place.
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
        found = []
        for path in self._scan(instance):
            try:
                found.append(_read_entry(path, instance))
            except (OSError, ValueError) as exc:
                log.warning("Skipping unreadable recovery entry %s (kept): %s", path, exc)
        return found

    def _finish_interrupted_writes(self, instance: str) -> None:
        """A dead instance may have been killed between writing a copy and renaming it: keep
        a complete copy that is newer than the entry it was meant to replace."""
        for tmp in self._scan(instance, tmp=True):
            match = _TMP_NAME.fullmatch(tmp.name)
            assert match is not None
            target = self.folder / match["entry"]
            try:
                fresh = _read_entry(tmp, instance)
            except (OSError, ValueError):
                continue  # unfinished: removed with the lock once the instance is cleared
            try:
                old: RecoveryEntry | None = _read_entry(target, instance)
            except (OSError, ValueError):
                old = None
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


def _read_entry(path: Path, instance: str) -> RecoveryEntry:
    """Read one entry file. Raises OSError or ValueError (corrupt, truncated, unknown version)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    if not regular:
        os.close(fd)
        raise ValueError("not a regular file")
    with os.fdopen(fd, "rb") as file:
        data = file.read()
    head, newline, body = data.partition(b"\n")
    if not newline:
        raise ValueError("no header line")
    header: Any = json.loads(head.decode("utf-8", "surrogatepass"))
    if not isinstance(header, dict):
        raise ValueError("the header is not a JSON object")
    version = header.get("galley-recovery")
    if version != RECOVERY_VERSION or isinstance(version, bool):
        raise ValueError(f"unknown format version {version!r}")
    text = body.decode("utf-8", "surrogatepass")
    if header.get("length") != len(text):
        raise ValueError(f"truncated: {len(text)} of {header.get('length')!r} characters")
    key, name, where = header.get("key"), header.get("name"), header.get("path")
    if not isinstance(key, str) or not isinstance(name, str):
        raise ValueError("no key or name")
    if where is not None and not isinstance(where, str):
        raise ValueError("bad path")
    saved_at = datetime.fromisoformat(str(header.get("saved_at")))
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=timezone.utc)
    return RecoveryEntry(
        file=path,
        instance=instance,
        key=key,
        post_path=Path(where) if where is not None else None,
        display_name=name,
        text=text,
        saved_at=saved_at,
        base=_base(header.get("base")),
    )


def _base(value: object) -> DiskState | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("bad base")
    mtime, size, digest = value.get("mtime_ns"), value.get("size"), value.get("sha256")
    if not (isinstance(mtime, int) and isinstance(size, int) and isinstance(digest, str)):
        raise ValueError("bad base")
    return DiskState(mtime, size, digest)


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
