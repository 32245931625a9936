"""Undoing a paste or drop that imported images takes back the files it created.

An imported image is a new file in the post's folder; undoing the edit that referenced it would
leave the file behind, and the Problems panel would then call it unused. :class:`ImportUndo`
remembers, for each import, the files it created (never a reused one) and the undo step that
inserted their Markdown. When that step is undone, each file that nothing in the post
references any more moves to the trash (as the Problems panel's Delete does; where there is no
trash, it is deleted and its bytes kept in memory); redoing the step puts it back.

Only the editor's undo stack is watched, after each change (a zero-time timer, so Qt has
finished the undo): per key that is two integer reads, and the text is read only when an
import's step was undone; while nothing is remembered, the editor's changes are not looked at.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QFile, QObject, QTimer, Signal
from PySide6.QtGui import QTextDocument

from editor.core.errors import GalleyError
from editor.core.images.writing import rename_exclusive

log = logging.getLogger(__name__)


@dataclass
class _Import:
    steps: int  # the undo stack's length right after the import's edit
    files: list[Path]
    undone: bool = False
    trashed: dict[Path, Path] = field(default_factory=dict)  # file -> where the trash put it
    kept: dict[Path, bytes] = field(default_factory=dict)  # file -> its bytes, to put it back


class ImportUndo(QObject):
    """Watches ``document``'s undo stack for the imports :meth:`add` is told about."""

    status = Signal(str)

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._imports: list[_Import] = []
        self._check = QTimer(self, singleShot=True, interval=0)
        self._check.timeout.connect(self._follow)
        self._watching = False
        document.undoCommandAdded.connect(self._new_edit)

    def add(self, files: list[Path]) -> None:
        """The edit just made inserted the Markdown of ``files``, which it created."""
        if files:
            self._imports.append(_Import(self._document.availableUndoSteps(), list(files)))
            self._watch(True)

    def _watch(self, on: bool) -> None:
        if on != self._watching:
            self._watching = on
            if on:
                self._document.contentsChange.connect(self._check.start)
            else:
                self._document.contentsChange.disconnect(self._check.start)

    def _new_edit(self) -> None:
        """A new edit clears the redo stack: undone imports can no longer come back."""
        self._imports = [entry for entry in self._imports if not entry.undone]
        self._watch(bool(self._imports))

    def _follow(self) -> None:
        steps = self._document.availableUndoSteps()
        redo = self._document.isRedoAvailable()
        for entry in list(self._imports):
            if not entry.undone and steps < entry.steps:
                if not redo:  # the text was replaced as a whole (another post opened)
                    self._imports.remove(entry)
                    continue
                entry.undone = True
                self._take_back(entry, self._document.toRawText())  # read only on an undo
            elif entry.undone and steps >= entry.steps:
                entry.undone = False
                self._put_back(entry)
        self._watch(bool(self._imports))

    def _take_back(self, entry: _Import, text: str) -> None:
        removed = []
        for path in entry.files:
            if path.name in text or not path.is_file():
                continue  # still referenced (or already gone): leave it
            data = path.read_bytes()
            trash = QFile(str(path))
            if trash.moveToTrash():
                entry.trashed[path] = Path(trash.fileName())
            else:
                try:
                    path.unlink()
                except OSError:
                    log.warning("could not remove %s after undoing its import", path, exc_info=True)
                    continue
            entry.kept[path] = data
            removed.append(path.name)
        if removed:
            where = "moved to the trash" if entry.trashed else "deleted"
            self.status.emit(f"Undone: {', '.join(removed)}, which it had added, {where}.")

    def _put_back(self, entry: _Import) -> None:
        restored, failed = [], []
        for path, data in entry.kept.items():
            trashed = entry.trashed.get(path)
            try:
                if trashed is not None and trashed.is_file():
                    rename_exclusive(trashed, path, "the image")
                else:
                    _write_new(path, data)
                restored.append(path.name)
            except (GalleyError, OSError):
                failed.append(path.name)
        entry.kept.clear()
        entry.trashed.clear()
        if restored:
            self.status.emit("Redone: put " + ", ".join(restored) + " back in the post's folder.")
        if failed:
            self.status.emit(
                "Could not put " + ", ".join(failed) + " back: a file of that name is in the way."
            )


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet (a file put there since is never replaced)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
