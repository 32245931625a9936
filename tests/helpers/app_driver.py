"""Runs the real app (editor.app.run) in a child process and drives it, for crash tests.

``python -m tests.helpers.app_driver MODE POST TEXT`` with MODE:

- ``type``: type TEXT at the end of the body, then idle;
- ``type-slow``: the same, but the journal only writes when flushed (crash, SIGTERM), not on a
  pause;
- ``crash``: type-slow, then an unhandled exception;
- ``restore OUT``: restore every offered entry, write the windows' texts to OUT as JSON, then quit.

The parent sets XDG_DATA_HOME / XDG_CONFIG_HOME / XDG_STATE_HOME to throwaway folders.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor import app
from editor.state import recovery
from editor.ui import messages
from editor.ui.dialogs import recovery_dialog
from editor.ui.main_window import MainWindow


def windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def type_into_window(text: str, then: Callable[[], None] = lambda: None) -> None:
    def go() -> None:
        found = [w for w in windows() if w.document.path is not None]
        if not found:
            QTimer.singleShot(100, go)
            return
        editor = found[0].editor
        editor.setFocus()
        editor.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(editor, text)
        print("typed", flush=True)
        then()

    QTimer.singleShot(500, go)


def report_and_quit(out: Path) -> None:
    def go() -> None:
        texts = [
            {
                "path": str(w.document.path),
                "modified": w.document.is_modified,
                "text": w.document.full_text(),
            }
            for w in windows()
        ]
        out.write_text(json.dumps(texts))
        for window in windows():
            window.document.revert()  # leave nothing unsaved: quit without questions
            window.guard.discard()
        QApplication.quit()

    QTimer.singleShot(1500, go)


def crash() -> None:
    raise RuntimeError("a bug in a slot")


def main() -> int:
    from editor.ui.preview import register_scheme

    register_scheme()  # before the QApplication, which must exist before the timers below
    application = QApplication(sys.argv[:1])
    mode = sys.argv[1]
    if mode in ("type-slow", "crash"):
        # Only a flush writes the journal: no pause, no ceiling, and Preferences' delay (applied
        # when the window opens) does not bring them back.
        recovery.DELAY_MS = recovery.CEILING_MS = 10 * 60 * 1000
        recovery.RecoveryKeeper.set_delay = lambda self, seconds: None  # type: ignore[method-assign]
    if mode == "crash":
        messages.show_error = lambda parent, error, title="": print("shown:", error, flush=True)
        type_into_window(sys.argv[3], then=lambda: QTimer.singleShot(0, crash))
    elif mode != "restore":
        type_into_window(sys.argv[3])
    if mode != "restore":
        return app.run([Path(sys.argv[2])])
    recovery_dialog.ask = lambda parent, entries: [True] * len(entries)  # type: ignore[assignment]
    report_and_quit(Path(sys.argv[2]))
    code = app.run([])
    del application
    return code


if __name__ == "__main__":
    sys.exit(main())
