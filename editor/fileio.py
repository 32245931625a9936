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

from editor.errors import PostLoadError, SaveError

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


def read_bytes(path: Path) -> bytes:
    """Read a whole file, turning OS errors into a :class:`PostLoadError` a person can act on."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PostLoadError(
            f"Could not open {path}.",
            "The file does not exist; check the name and folder.",
            path=path,
        ) from None
    except IsADirectoryError:
        raise PostLoadError(
            f"Could not open {path}.", "It is a folder, not a Markdown file.", path=path
        ) from None
    except PermissionError:
        raise PostLoadError(
            f"Could not open {path}.",
            "You do not have permission to read it; check the file's permissions.",
            path=path,
        ) from None
    except OSError as exc:
        raise PostLoadError(
            f"Could not open {path}.", f"{exc.strerror or exc}.", path=path
        ) from None


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
