"""The recovery journal: unsaved text kept safe between saves (pure; no Qt).

Autosave never touches a post (../docs/RELIABILITY.md, item 1). Instead each running Galley,
an *instance*, writes the full text of every modified post to its own entry file in a private
folder, and deletes the entry once the post is saved or the changes are discarded. An instance
holds an exclusive ``flock`` on ``<instance>.lock`` for as long as it runs, so the next start can
tell a crashed session's entries (their lock is free) from a running window's (never touched).

* :mod:`~editor.core.journal.journal`: :class:`Journal`, one instance's entries and the orphans
  of instances that ended badly (locks, writing, restoring, discarding).
* :mod:`~editor.core.journal.store`: the files in the folder: names, the entry format (a JSON
  header line, then the text verbatim), reading within size caps, quarantine of entries that
  can never be read, private atomic writes and lock files.
* :mod:`~editor.core.journal.entry`: :class:`RecoveryEntry` and :class:`DiskState`, and how an
  entry differs from the post on disk now.
* :mod:`~editor.core.journal.backups`: Emacs-style backups, the previous version of a post on
  its first save in a session (:func:`keep_backup`).
"""

from editor.core.journal.backups import backups_folder, keep_backup, list_backups
from editor.core.journal.entry import DiskState, RecoveryEntry
from editor.core.journal.journal import Journal, default_folder
from editor.core.journal.store import JournalError

__all__ = [
    "DiskState",
    "Journal",
    "JournalError",
    "RecoveryEntry",
    "backups_folder",
    "default_folder",
    "keep_backup",
    "list_backups",
]
