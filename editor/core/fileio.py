"""Reading and atomically writing files (pure; no Qt).

Saving follows ../docs/RELIABILITY.md: write a temporary file in the target's folder, flush and
fsync it, give it the original's permissions, ``os.replace`` it over the real target (through a
symlink, so a symlinked post stays a symlink), then fsync the folder. If any step fails, the
temporary file is removed, the original is untouched, and a :class:`SaveError` says what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from editor.core import plural
from editor.core.errors import PostLoadError, SaveError

_ADVICE = {
    errno.ENOSPC: "The disk is full. Free some space, then save again.",
    errno.EDQUOT: "Your disk quota is used up. Free some space, then save again.",
    errno.EACCES: "You do not have permission to write there. Check the folder's permissions, "
    "or use Save As to save somewhere else.",
    errno.EPERM: "The system did not allow the write. Check the folder's permissions, "
    "or use Save As to save somewhere else.",
    errno.EROFS: "The disk is read-only. Use Save As to save somewhere else.",
    errno.ENOENT: "The folder does not exist any more. Use Save As to choose another folder.",
    errno.EIO: "The disk reported an input/output error. Save a copy elsewhere with Save As, "
    "and check the disk.",
}


def _advice(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    hint = _ADVICE.get(exc.errno or 0, "Try again, or use Save As to save somewhere else.")
    return f"{reason}. Your previous version is unchanged. {hint}"


MAX_POST_BYTES = 50 * 1024 * 1024  # the largest post Galley opens; real posts are well under 5 MB
MAX_SETTINGS_BYTES = 1024 * 1024  # galley.toml and the like: a few hundred bytes in practice
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX only; Windows has no FIFOs to block on
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def read_bytes(path: Path, max_bytes: int = MAX_POST_BYTES, *, kind: str = "posts") -> bytes:
    """Read a whole regular file of at most ``max_bytes`` (see :func:`read_regular`)."""
    return read_regular(path, max_bytes, kind=kind)[0]


def read_regular(
    path: Path, max_bytes: int = MAX_POST_BYTES, *, kind: str = "posts"
) -> tuple[bytes, os.stat_result]:
    """Read a whole regular file of at most ``max_bytes``, turning every way it can fail into a
    :class:`PostLoadError` a person can act on (``kind`` names what is read, in its message).

    Only regular files are read (RELIABILITY.md, 8): a FIFO would block the caller for ever, and
    a device such as ``/dev/zero`` (a cloned site can carry a symlink to it) would fill the
    memory. The path is stat-ed first, so a device is never even opened; it is then opened with
    ``O_NONBLOCK``, so a FIFO swapped in since does not block, and checked again on the open
    file. The size is refused before reading a byte, and at most ``max_bytes + 1`` bytes are
    read, in case the file grows (or says it is smaller than it is, as ``/proc`` files do).
    Returns the bytes and the open file's status; the error's ``reason`` says what refused it
    (``missing``, ``folder``, ``not-regular``, ``too-large`` or ``other``).
    """
    try:
        _check_regular(path, os.stat(path), max_bytes, kind)
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | _O_BINARY)
    except (OSError, ValueError) as exc:
        raise _load_error(path, exc) from None
    try:
        st = os.fstat(fd)
        _check_regular(path, st, max_bytes, kind)
        data = _read_at_most(fd, max_bytes + 1, first=st.st_size + 1)
    except OSError as exc:
        raise _load_error(path, exc) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise PostLoadError(
            f"Could not open {path}.",
            f"It is larger than {_size(max_bytes)}; Galley opens {kind} up to {_size(max_bytes)}.",
            path=path,
            reason="too-large",
        )
    return data, st


def atomic_write(
    path: Path, data: bytes, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Replace the file at ``path`` with ``data`` atomically and durably.

    ``before_replace`` runs once the new bytes are on disk, just before the rename: the last
    moment to notice that another program wrote the file meanwhile (writing and fsyncing a big
    post takes long enough for that). Whatever it raises propagates, and nothing is replaced.

    Raises:
        SaveError: nothing was changed on disk; the message says why and what to do.
    """
    target = Path(os.path.realpath(path))  # write through symlinks, keep the link itself
    folder = target.parent
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SaveError(f"Could not save {path}.", _advice(exc), path=path) from exc
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise SaveError(
            f"Could not save {path}.", "It is not a regular file; use Save As.", path=path
        )

    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".galley-tmp", dir=folder)
        try:
            write_all(fd, data)
            os.fsync(fd)
            if st is not None:
                # The owner first: chown clears the setuid and setgid bits, so the mode
                # (with them) goes on afterwards.
                with contextlib.suppress(OSError):  # only root may give files away
                    os.fchown(fd, st.st_uid, st.st_gid)
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(fd, 0o666 & ~umask)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise SaveError(f"Could not save {path}.", _advice(exc), path=path) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    fsync_folder(folder)


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the open file ``fd`` (os.write may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fsync_folder(folder: Path) -> None:
    """Make a new name or a rename in ``folder`` durable; a folder that cannot be opened or
    synced is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


# -- reading: the helpers of read_bytes (kept apart from the saving code above)

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _check_regular(path: Path, st: os.stat_result, max_bytes: int, kind: str) -> None:
    """Refuse, with a sentence, anything but a regular file of at most ``max_bytes``."""
    if stat.S_ISDIR(st.st_mode):
        raise PostLoadError(
            f"Could not open {path}.",
            "It is a folder, not a Markdown file.",
            path=path,
            reason="folder",
        )
    if not stat.S_ISREG(st.st_mode):
        what = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        replace = "it"
        if os.path.islink(path):
            what = f"a link to {os.path.realpath(path)}, which is {what}"
            replace = "the link"
        raise PostLoadError(
            f"Could not open {path}: it is {what}, not a file.",
            f"Galley opens only regular files; replace {replace} with the real file.",
            path=path,
            reason="not-regular",
        )
    if st.st_size > max_bytes:
        raise PostLoadError(
            f"Could not open {path}: it is {_size(st.st_size)}.",
            f"Galley opens {kind} up to {_size(max_bytes)}; check that it is the right file.",
            path=path,
            reason="too-large",
        )


def _read_at_most(fd: int, limit: int, *, first: int) -> bytes:
    """Up to ``limit`` bytes from ``fd``; the first read asks for ``first`` (the size + 1), so
    a regular file takes one read and one more to see its end."""
    chunks: list[bytes] = []
    total = 0
    ask = max(1 << 16, first)
    while total < limit:
        chunk = os.read(fd, min(limit - total, ask))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _size(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return plural.count(size, "byte")


def _load_error(path: Path, exc: OSError | ValueError) -> PostLoadError:
    reason = "other"
    if isinstance(exc, ValueError):  # os.stat refuses a name with a NUL in it
        detail = "Its name has a NUL character, which no file's name can have."
    elif isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        detail = "The file does not exist; check the name and folder."
        reason = "missing"
    elif isinstance(exc, IsADirectoryError):
        detail = "It is a folder, not a Markdown file."
        reason = "folder"
    elif isinstance(exc, PermissionError):
        detail = "You do not have permission to read it; check the file's permissions."
    elif exc.errno == errno.ELOOP:
        detail = "It is a symbolic link that leads round in a loop; fix or remove the link."
    elif exc.errno == errno.ENXIO:  # a socket, or a device without its hardware
        detail = "It is not a regular file; Galley opens only regular files."
        reason = "not-regular"
    else:
        detail = f"{exc.strerror or exc}."
    return PostLoadError(f"Could not open {path}.", detail, path=path, reason=reason)


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (through symlinks and hard links: one device and
    inode); False when either does not exist or cannot be looked at."""
    try:
        first, second = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)
