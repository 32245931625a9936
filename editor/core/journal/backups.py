"""Emacs-style backups: the previous version of a post, kept on its first save in a session.

Each post's backups sit in a private folder of their own (:func:`keep_backup`), newest first in
:func:`list_backups`; only the newest few are kept.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from datetime import datetime
from pathlib import Path

import platformdirs

from editor.core.journal.store import JournalError, reason_of, write_private

log = logging.getLogger(__name__)

_BACKUP_NAME = re.compile(r"(?P<stamp>\d{8}-\d{6})(?:\.(?P<n>\d+))?-.+")


def backups_folder() -> Path:
    """Where :func:`keep_backup` puts previous versions of posts by default."""
    return Path(platformdirs.user_data_dir("galley")) / "backups"


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
        write_private(path, data)
    except OSError as exc:
        raise JournalError(
            f"Could not keep a backup of {post_path.name}.",
            f"{reason_of(exc)}. The post itself is unchanged. Free some space or check the "
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
