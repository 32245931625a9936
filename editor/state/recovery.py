"""Keep the open post's unsaved text in the recovery journal (layer 1: QtCore only).

Only Save writes the post. The keeper writes the whole text (front matter included) to the
journal about a second after typing stops, and at least every 5 seconds while typing goes on
(Vim's ``updatecount``, Emacs's auto-save interval: steady typing without a pause was never
journaled, and a crash lost all of it); and at once when asked (focus lost, before a risky
operation, on a crash or SIGTERM). It removes the entry when the post is saved or its changes
are discarded. A journal that cannot be written never blocks editing: the failure is reported
once until a write succeeds again.

The timed writes happen on a thread of the keeper's own (:class:`_BackgroundWriter`): the text is
taken on the main thread, but encoding, writing and fsyncing megabytes are not done between two
keystrokes. Writes asked for at once (:meth:`RecoveryKeeper.flush`) stay synchronous: whoever
asks (Save, a crash handler) relies on the copy being on disk when the call returns. The thread
never touches a QObject (a window, and its keeper, may be deleted at any moment): it leaves each
result in a queue that the keeper empties on a timer while writes are under way.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core.journal import DiskState, Journal, JournalError
from editor.state.document import Document

log = logging.getLogger(__name__)

DELAY_MS = 1000  # after typing stops
MIN_DELAY_MS = 200
CEILING_MS = 5000  # at the latest, while typing goes on (never sooner than the delay)
IDLE_THREAD_S = 30.0  # a writer thread with nothing to do for this long ends (one comes back)
RESULTS_MS = 50  # how often the keeper looks for the results of writes under way


@dataclass(frozen=True)
class _Snapshot:
    """What one journal write writes, taken on the main thread; ``number`` orders them."""

    number: int
    key: str
    path: Path | None
    text: str
    display_name: str
    base: DiskState | None


class _BackgroundWriter:
    """Writes one keeper's journal entries on a thread, one at a time, newest text first.

    Only the newest snapshot waits: a newer one replaces it. Every write and removal holds
    ``_io``, and each is done only if it is newer than the last one done, so an entry is never
    written by two threads at once and an older text never replaces a newer one (nor brings
    back an entry that was removed).
    """

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        # (snapshot number, error or None) of each background write, for the main thread
        self.results: queue.SimpleQueue[tuple[int, JournalError | None]] = queue.SimpleQueue()
        self._io = threading.Lock()
        self._wake = threading.Condition()
        self._waiting: _Snapshot | None = None
        self._writing = False
        self._thread: threading.Thread | None = None
        self._done = 0  # the number of the newest snapshot written (or made void by a removal)

    def busy(self) -> bool:
        """Whether a background write waits or runs (its result is not in :attr:`results`)."""
        with self._wake:
            return self._waiting is not None or self._writing

    def submit(self, snapshot: _Snapshot) -> None:
        """Write ``snapshot`` soon, on the thread."""
        with self._wake:
            self._waiting = snapshot
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="recovery-journal", daemon=True
                )
                self._thread.start()
            self._wake.notify()

    def write_now(self, snapshot: _Snapshot) -> JournalError | None:
        """Write ``snapshot`` before returning (after a background write under way, if any)."""
        with self._wake:
            self._waiting = None  # older than this one
        with self._io:
            outcome = self._write(snapshot)
        return outcome if isinstance(outcome, JournalError) else None

    def remove_now(self, key: str, number: int) -> None:
        """Remove the entry for ``key``; snapshots up to ``number`` are never written after.

        Raises:
            JournalError: the entry could not be removed.
        """
        with self._wake:
            if self._waiting is not None and self._waiting.number <= number:
                self._waiting = None
        with self._io:
            self._done = max(self._done, number)
            self._journal.remove(key)

    def _write(self, snapshot: _Snapshot) -> JournalError | bool:
        """The error, True when written, False when not needed: a newer text is on disk
        already, or the entry was removed since the snapshot was taken."""
        if snapshot.number <= self._done:
            return False
        try:
            self._journal.write(
                snapshot.key,
                snapshot.path,
                snapshot.text,
                display_name=snapshot.display_name,
                base=snapshot.base,
            )
        except JournalError as error:
            return error
        self._done = snapshot.number
        return True

    def _run(self) -> None:
        while True:
            with self._wake:
                if not self._wake.wait_for(lambda: self._waiting is not None, IDLE_THREAD_S):
                    self._thread = None  # submit() starts another one when needed
                    return
                snapshot, self._waiting = self._waiting, None
                self._writing = True
            assert snapshot is not None
            try:
                with self._io:
                    outcome = self._write(snapshot)
                if outcome is not False:  # False: nothing happened, nothing to report
                    self.results.put((snapshot.number, None if outcome is True else outcome))
            except Exception:  # a bug here must not end the thread with a write pending
                log.exception("Recovery copy not written")
            finally:
                with self._wake:
                    self._writing = False


class RecoveryKeeper(QObject):
    """Journals one window's document at a time."""

    failed = Signal(object)  # JournalError: the first failure after a success
    recovered = Signal()  # a write worked again after a failure

    def __init__(
        self, journal: Journal, parent: QObject | None = None, *, ceiling_ms: int | None = None
    ) -> None:
        """``ceiling_ms``: the longest typing goes on unjournaled (:data:`CEILING_MS`)."""
        super().__init__(parent)
        self.journal = journal
        self._document: Document | None = None
        self._key = uuid.uuid4().hex
        self._written = False  # an entry may exist for the key
        self._failing = False
        self._snapshots = 0  # snapshots taken so far: each one's number
        self._reported = 0  # the newest snapshot whose result was reported
        self._ceiling_floor = CEILING_MS if ceiling_ms is None else ceiling_ms
        # The pause rule: restarted by every edit, so it fires once typing stops.
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.timeout.connect(self._timed_write)
        # The ceiling: started by the first edit not yet journaled and never restarted by the
        # edits after it, so it fires while typing goes on.
        self._ceiling = QTimer(self)
        self._ceiling.setSingleShot(True)
        self._ceiling.timeout.connect(self._timed_write)
        self._set_intervals(DELAY_MS)
        self._writer = _BackgroundWriter(journal)
        self._results = QTimer(self)
        self._results.setInterval(RESULTS_MS)
        self._results.timeout.connect(self._collect)

    def set_delay(self, seconds: float) -> None:
        """Journal unsaved text ``seconds`` after typing stops (Preferences ▸ Saving); while
        typing goes on, every :data:`CEILING_MS` or every ``seconds`` if that is longer."""
        self._set_intervals(max(MIN_DELAY_MS, round(seconds * 1000)))

    @property
    def intervals_ms(self) -> tuple[int, int]:
        """The delay after typing stops and the ceiling while it goes on, in milliseconds."""
        return self._pause.interval(), self._ceiling.interval()

    @property
    def key(self) -> str:
        return self._key

    def track(self, document: Document, key: str | None = None) -> None:
        """Journal ``document`` from now on (``key``: an adopted entry's key)."""
        if self._document is not None:
            self._document.content_changed.disconnect(self._changed)
            self._document.modified_changed.disconnect(self._modified)
        self._stop_timers()
        self._document = document
        self._key = key or uuid.uuid4().hex
        self._written = key is not None
        document.content_changed.connect(self._changed)
        document.modified_changed.connect(self._modified)

    def flush(self) -> None:
        """Write the entry now, before returning, if there are unsaved changes (remove it if
        there are none)."""
        snapshot = self._take_snapshot()
        if snapshot is not None:
            self._report(snapshot.number, self._writer.write_now(snapshot))

    def forget(self) -> None:
        """The changes were saved or discarded: the entry goes."""
        self._stop_timers()
        if not self._written:
            return
        try:
            self._writer.remove_now(self._key, self._snapshots)
            self._written = False
        except JournalError as error:
            log.warning("Recovery copy not removed: %s", error)

    def release(self) -> None:
        """The document is going away with its changes discarded: drop its entry and stop."""
        self.forget()
        if self._document is not None:
            self._document.content_changed.disconnect(self._changed)
            self._document.modified_changed.disconnect(self._modified)
            self._document = None

    # -- internals

    def _set_intervals(self, delay_ms: int) -> None:
        self._pause.setInterval(delay_ms)
        # A ceiling below the delay would write more often than the user asked for in
        # Preferences while typing; so the delay is the ceiling when it is the longer one.
        self._ceiling.setInterval(max(self._ceiling_floor, delay_ms))

    def _stop_timers(self) -> None:
        self._pause.stop()
        self._ceiling.stop()

    def _changed(self) -> None:
        self._pause.start()
        if not self._ceiling.isActive():
            self._ceiling.start()

    def _modified(self, modified: bool) -> None:
        if not modified:
            self.forget()

    def _timed_write(self) -> None:
        snapshot = self._take_snapshot()
        if snapshot is not None:
            self._writer.submit(snapshot)
            self._results.start()

    def _collect(self) -> None:
        """Report the background writes that ended; stop looking once none is under way."""
        busy = self._writer.busy()  # before emptying the queue: a result may arrive meanwhile
        while True:
            try:
                number, error = self._writer.results.get_nowait()
            except queue.Empty:
                break
            self._report(number, error)
        if not busy:
            self._results.stop()

    def _take_snapshot(self) -> _Snapshot | None:
        """The text to write now (None: nothing to write; an entry not needed is removed)."""
        self._stop_timers()
        document = self._document
        if document is None:
            return None
        if not document.is_modified:
            self.forget()
            return None
        self._snapshots += 1
        self._written = True  # from now on an entry may exist: forget() removes it
        return _Snapshot(
            self._snapshots,
            self._key,
            document.path,
            document.full_text(),
            document.display_name,
            document.disk_state,
        )

    def _report(self, number: int, error: JournalError | None) -> None:
        """A write finished: say so if it failed after a success or worked after a failure.
        A result older than one already reported is stale (a synchronous flush overtook it)."""
        if number < self._reported:
            return
        self._reported = number
        if error is not None:
            log.warning("Recovery copy not written: %s", error)
            if not self._failing:
                self._failing = True
                self.failed.emit(error)
            return
        if self._failing:
            self._failing = False
            self.recovered.emit()
