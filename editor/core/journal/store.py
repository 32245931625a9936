"""The journal's folder on disk: file names, the entry format, reading, quarantine and locks.

Entry files are named ``<instance>--<key>.galley-recovery``. The first line is a one-line JSON
header; the post's text follows *verbatim* after the newline, so ``grep`` finds typed words::

    {"galley-recovery": 1, "instance": "…", "key": "…", "path": "/…/index.md" or null,
     "name": "…", "saved_at": "2024-05-01T09:30:00+00:00", "base": {…} or null, "length": 1234}
    ---
    title: …

``length`` counts the text's characters, so a truncated entry is recognised. An entry that can
never be read (truncated, not JSON, absurd fields, too large, not a regular file) is moved to the
:data:`QUARANTINE` subfolder with a log line: never deleted, since it may hold someone's words,
and never offered, so that one bad file cannot keep the good ones beside it from being offered.
Writes go to a temporary file in the same folder that is fsynced and renamed over the entry
(:func:`write_private`), so a failed write leaves the previous entry as it was. An instance's
lock file is taken with :func:`claim`.
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
import stat
import tempfile
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from editor.core import fileio
from editor.core.errors import GalleyError
from editor.core.journal.entry import DiskState, RecoveryEntry

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
QUARANTINE = "quarantine"  # the subfolder that keeps entries that cannot be read
# An entry is a post's text and a header of a few hundred bytes: anything far larger is damage
# (or a planted file), and reading it whole could exhaust memory at start-up.
MAX_ENTRY_BYTES = 128 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
# Saved-at times outside these years are damage; they would also overflow datetime arithmetic
# (year 1 cannot be shown in a time zone west of UTC).
_YEARS = range(1970, 3000)


class JournalError(GalleyError):
    """The recovery journal or a backup could not be written or read.

    ``path`` is the file or folder concerned. The text in the window is never affected.
    """

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path


def reason_of(exc: OSError) -> str:
    """What the system said about ``exc``, to begin a message's detail."""
    return exc.strerror or str(exc) or type(exc).__name__


# -- file names


def safe_name(name: str) -> str:
    """``name`` as used in file names: unchanged when safe; distinct names stay distinct."""
    if _SAFE_NAME.fullmatch(name) and len(name) <= 100:
        return name
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", name)[:40].strip("_")
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{stem}_{digest}" if stem else f"x{digest}"


def parse_entry_name(name: str) -> str | None:
    """The instance of an entry file name, or None if ``name`` is not one."""
    if not name.endswith(_ENTRY_SUFFIX):
        return None
    instance, sep, key = name[: -len(_ENTRY_SUFFIX)].partition(_SEP)
    if sep and _SAFE_NAME.fullmatch(instance) and _SAFE_NAME.fullmatch(key):
        return instance
    return None


def parse_tmp_name(name: str) -> str | None:
    """The instance of a temporary file left by an unfinished entry write."""
    match = _TMP_NAME.fullmatch(name)
    return parse_entry_name(match["entry"]) if match else None


def parse_lock_name(name: str) -> str | None:
    """The instance of a lock file name, or None if ``name`` is not one."""
    instance = name.removesuffix(_LOCK_SUFFIX)
    return instance if instance != name and _SAFE_NAME.fullmatch(instance) else None


def lock_name(instance: str) -> str:
    """The file name of ``instance``'s lock."""
    return f"{instance}{_LOCK_SUFFIX}"


def entry_name(instance: str, key: str) -> str:
    """The file name of ``instance``'s entry for ``key`` (a key is made safe for it)."""
    return f"{instance}{_SEP}{safe_name(key)}{_ENTRY_SUFFIX}"


# -- the format


def encode_entry(
    instance: str,
    key: str,
    post: Path | None,
    text: str,
    *,
    display_name: str,
    saved_at: datetime,
    base: DiskState | None,
) -> bytes:
    """An entry file's bytes: its one-line JSON header, a line break, then ``text`` verbatim."""
    header = {
        "galley-recovery": RECOVERY_VERSION,
        "instance": instance,
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
    return (line + "\n" + text).encode("utf-8", "surrogatepass")


class DamagedEntry(ValueError):
    """A file named like a recovery entry that can never be read as one."""


class NewerEntry(ValueError):
    """An entry written by a newer Galley, in a format this one does not know."""


def read_entry(path: Path, instance: str) -> RecoveryEntry:
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


# -- reading a folder's entries


def read_entries(folder: Path, paths: Iterable[Path], instance: str) -> list[RecoveryEntry]:
    """The readable entries among ``paths`` (files of ``instance`` in ``folder``); the others
    are set aside or left, never raised: one bad file must not keep the good ones from being
    offered."""
    found = []
    for path in paths:
        try:
            found.append(read_entry(path, instance))
        except NewerEntry as exc:  # a newer Galley can still restore it: leave it be
            log.warning("Skipping recovery entry %s (kept): %s", path, exc)
        except DamagedEntry as exc:
            quarantine(folder, path, exc)
        except OSError as exc:  # perhaps only for now (permissions, I/O): try next time
            log.warning("Skipping unreadable recovery entry %s (kept): %s", path, exc)
        except Exception:  # a bug here must not stop Galley from starting
            log.exception("Skipping recovery entry %s (kept)", path)
    return found


def finish_interrupted_writes(folder: Path, tmps: Iterable[Path], instance: str) -> None:
    """A dead instance may have been killed between writing a copy and renaming it: keep
    a complete copy that is newer than the entry it was meant to replace."""
    for tmp in tmps:
        match = _TMP_NAME.fullmatch(tmp.name)
        assert match is not None
        target = folder / match["entry"]
        try:
            fresh = read_entry(tmp, instance)
        except Exception:  # unfinished (or worse): removed with the lock once the instance is
            continue  # cleared, as its complete predecessor, if any, is the entry
        old: RecoveryEntry | None = None
        try:
            old = read_entry(target, instance)
        except FileNotFoundError:
            pass
        except DamagedEntry as exc:  # the fresh copy replaces it, so set it aside first
            quarantine(folder, target, exc)
            if os.path.lexists(target):
                continue
        except Exception:  # not for now: the entry and the copy both stay as they are
            continue
        with contextlib.suppress(OSError):
            if old is None or fresh.saved_at > old.saved_at:
                os.replace(tmp, target)
            else:
                tmp.unlink()


def quarantine(folder: Path, path: Path, reason: Exception) -> None:
    """Move an entry that can never be read to ``folder``'s :data:`QUARANTINE` subfolder,
    keeping its name (where it cannot be moved, it is left and logged)."""
    folder = folder / QUARANTINE
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


# -- writing and locking


def write_private(path: Path, data: bytes) -> None:
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


def claim(path: Path) -> int | None:
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
