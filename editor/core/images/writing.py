"""Writing in an image folder without ever replacing a file (pure; no Qt).

A new image goes to a temporary file in the folder that is fsynced, then hard-linked to its
final name, which fails if the name is taken (where hard links are not supported, the final file
is created with ``O_EXCL``); a taken name gets ``-2``, ``-3``… (:func:`store`). A rename links
the new name before the old one is removed (:func:`rename_exclusive`). Either way an existing
file is never overwritten, and the final path must resolve inside the folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from editor.core import fileio
from editor.core.images.names import ImageError, refuse

_MAX_SUFFIX = 9999
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# link() errors that mean "this file system has no hard links", not "you may not write here".
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
)
_WRITE_ADVICE = {
    errno.ENOSPC: "The disk is full. Free some space, then try again.",
    errno.EDQUOT: "Your disk quota is used up. Free some space, then try again.",
    errno.EACCES: "You do not have permission to write in {folder}. Check its permissions.",
    errno.EPERM: "The system did not allow writing in {folder}. Check its permissions.",
    errno.EROFS: "The disk is read-only. Move the post to a folder you can write to.",
    errno.EEXIST: "A file is in the way of the image folder {folder}. Rename or move it.",
    errno.ENOTDIR: "A file is in the way of the image folder {folder}. Rename or move it.",
    errno.EIO: "The disk reported an input/output error. Check the disk.",
}


def store(folder: Path, base: str, extension: str, data: bytes, what: str) -> Path:
    """Write ``data`` to a new file ``base[-N]extension`` in ``folder``; return its path."""
    created: list[Path] = []
    done = False
    try:
        created = _make_folder(folder)
        root = folder.resolve(strict=True)
        path = _write_unique(root, base, extension, data, what)
        done = True
        return path
    except OSError as exc:
        raise ImageError(
            f"Could not add {what}.", advice(exc, folder, "Nothing was added."), path=folder
        ) from exc
    finally:
        if not done:
            for made in created:  # deepest first
                with contextlib.suppress(OSError):
                    made.rmdir()


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and missing parents; return the ones created, deepest first."""
    missing = []
    probe = folder
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    return missing


def _write_unique(root: Path, base: str, extension: str, data: bytes, what: str) -> Path:
    temporary = _write_temporary(root, data)
    try:
        for number in range(1, _MAX_SUFFIX + 1):
            path = root / f"{base}{'' if number == 1 else f'-{number}'}{extension}"
            if os.path.lexists(path):
                continue
            if not path.resolve().is_relative_to(root):
                refuse(what, path, "Its name would put it outside the post's image folder.")
            try:
                _publish(temporary, path, data)
            except FileExistsError:  # taken since we looked: try the next number
                continue
            fileio.fsync_folder(root)
            return path
        refuse(what, root, f"Too many images are named {base}; give this one another name.")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _write_temporary(root: Path, data: bytes) -> Path:
    for _ in range(100):
        temporary = root / f".galley-image-{secrets.token_hex(8)}.tmp"
        with contextlib.suppress(FileExistsError):
            _write_new(temporary, data)
            return temporary
    raise FileExistsError(errno.EEXIST, "Could not pick a temporary file name", str(root))


def _publish(temporary: Path, path: Path, data: bytes) -> None:
    """Give the temporary file the name ``path``; FileExistsError if that name is taken."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        _write_new(path, data)  # no hard links here: an exclusive copy is just as safe


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never an existing file), write ``data`` and fsync; remove it on failure."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
    written = False
    try:
        fileio.write_all(fd, data)
        os.fsync(fd)
        written = True
    finally:
        os.close(fd)
        if not written:
            with contextlib.suppress(OSError):
                os.unlink(path)


def advice(exc: OSError, folder: Path, outcome: str) -> str:
    reason = exc.strerror or str(exc)
    hint = _WRITE_ADVICE.get(exc.errno or 0, "Try again.").format(folder=folder)
    return f"{reason}. {outcome} {hint}"


def rename_exclusive(old: Path, new: Path, what: str) -> None:
    """Rename ``old`` to ``new`` without ever replacing an existing ``new``."""
    taken = f"A file named {new.name} already exists there; choose another name."
    try:
        try:
            os.link(old, new)  # fails if ``new`` exists: no window to overwrite it
        except FileExistsError:
            raise ImageError(what, taken, path=new) from None
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            if os.path.lexists(new):
                raise ImageError(what, taken, path=new) from None
            os.rename(old, new)
        else:
            os.unlink(old)
    except OSError as exc:
        raise ImageError(
            what, advice(exc, old.parent, "The image keeps its old name."), path=old
        ) from exc
    fileio.fsync_folder(new.parent)
