"""The journal of one running Galley: its own recovery entries, and those of instances gone.

An *instance* (a running Galley) writes the full text of every modified post to its own entry
file in a private folder, and deletes the entry once the post is saved or the changes are
discarded. It holds an exclusive ``flock`` on ``<instance>.lock`` for as long as it runs, so the
next start can tell a crashed session's entries (their lock is free) from a running window's
(never touched). The files themselves are :mod:`editor.core.journal.store`'s business.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
import stat
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from editor.core.journal.entry import DiskState, RecoveryEntry
from editor.core.journal.store import (
    JournalError,
    claim,
    encode_entry,
    entry_name,
    finish_interrupted_writes,
    lock_name,
    parse_entry_name,
    parse_lock_name,
    parse_tmp_name,
    read_entries,
    reason_of,
    safe_name,
    write_private,
)

log = logging.getLogger(__name__)


def default_folder() -> Path:
    """Where the journal lives: ``$XDG_DATA_HOME/galley/recovery`` (usually ~/.local/share)."""
    return Path(platformdirs.user_data_dir("galley")) / "recovery"


_WRITE_ADVICE = {
    0: "Save the post now to keep your changes.",
    errno.ENOSPC: "The disk is full: free some space, or save the post now.",
    errno.EDQUOT: "Your disk quota is used up: free some space, or save the post now.",
    errno.EACCES: "Check the permissions of Galley's recovery folder, or save the post now.",
    errno.EPERM: "Check the permissions of Galley's recovery folder, or save the post now.",
    errno.EROFS: "The disk is read-only: save the post somewhere else now.",
}


class Journal:
    """This instance's recovery entries, and the entries of instances that ended badly.

    Raises:
        JournalError: the folder could not be created, or the instance's lock not taken.
    """

    def __init__(self, folder: Path | None = None, *, instance: str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()
        self.instance = safe_name(instance or f"{os.getpid()}-{secrets.token_hex(4)}")
        self._claimed: dict[str, int] = {}  # dead instances whose lock this journal holds
        self._last_error: JournalError | None = None
        self._lock_fd: int | None = None
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with contextlib.suppress(OSError):  # the entries hold private, unsaved writing
                if stat.S_IMODE(self.folder.stat().st_mode) & 0o077:
                    self.folder.chmod(0o700)
            self._lock_fd = claim(self._lock_path(self.instance))
        except OSError as exc:
            raise JournalError(
                f"Could not start the recovery journal in {self.folder}.",
                f"{reason_of(exc)}. Galley can still edit and save posts, but unsaved changes "
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
                f"{reason_of(exc)}. Your post is safe; the next start of Galley may offer the "
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
            parsed = parse_lock_name(name) or parse_entry_name(name) or parse_tmp_name(name)
            if parsed:
                instances.add(parsed)
        instances.discard(self.instance)
        found: list[RecoveryEntry] = []
        for instance in sorted(instances):
            if instance not in self._claimed and not self._try_claim(instance):
                continue  # still running
            finish_interrupted_writes(self.folder, self._scan(instance, tmp=True), instance)
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
                f"{reason_of(exc)}. Galley will offer it again at the next start. Check the "
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
        data = encode_entry(
            self.instance, key, post, text, display_name=display_name, saved_at=saved_at, base=base
        )
        try:
            write_private(path, data)
        except OSError as exc:
            self._last_error = JournalError(
                f"Could not write the recovery copy of {display_name}.",
                f"{reason_of(exc)}. Your text is still in the window, but would be lost in a "
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
        return self.folder / lock_name(instance)

    def _entry_path(self, instance: str, key: str) -> Path:
        return self.folder / entry_name(instance, key)

    def _owner(self, entry: RecoveryEntry) -> str:
        """The instance ``entry`` belongs to, once it is certain that instance is not running."""
        instance = parse_entry_name(entry.file.name)
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
            fd = claim(self._lock_path(instance))
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
        parse = parse_tmp_name if tmp else parse_entry_name
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
        return read_entries(self.folder, self._scan(instance), instance)


def _newest_first(entries: list[RecoveryEntry]) -> list[RecoveryEntry]:
    return sorted(entries, key=lambda e: (e.saved_at, e.file.name), reverse=True)
