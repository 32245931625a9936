"""Notice when the open post's file changes on disk (layer 1: QtCore only).

QFileSystemWatcher loses a file that is replaced by a rename (how git, editors and Galley itself
save), so the post's folder is watched too and the file is watched again whenever it exists.
Bursts of events are coalesced; whether the content really changed is decided by comparing
:class:`editor.core.journal.DiskState` values, not by the events.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 250  # wait for a burst of events (write, rename, chmod) to settle


class FileWatcher(QObject):
    """Watches one file; ``changed`` fires (debounced) after it was written, replaced or removed."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._settled)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self.paused = False  # True while Galley itself saves

    @property
    def path(self) -> Path | None:
        return self._path

    def watch(self, path: Path | None) -> None:
        """Watch ``path`` (None: nothing)."""
        for old in self._watcher.files() + self._watcher.directories():
            self._watcher.removePath(old)
        self._timer.stop()
        self._path = path
        if path is not None:
            self._rewatch()

    def _rewatch(self) -> None:
        path = self._path
        if path is None:
            return
        if path.parent.is_dir() and str(path.parent) not in self._watcher.directories():
            self._watcher.addPath(str(path.parent))
        if path.exists() and str(path) not in self._watcher.files():
            self._watcher.addPath(str(path))

    def _poke(self, _path: str) -> None:
        self._timer.start()

    def _settled(self) -> None:
        self._rewatch()
        if not self.paused:
            self.changed.emit()
