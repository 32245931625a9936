"""Start the application: QApplication, logging, settings, the window (layer 3)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import platformdirs

from editor import __version__

if TYPE_CHECKING:  # the window layer is imported only when the window opens
    from PySide6.QtWidgets import QApplication, QWidget

    from editor.core.journal import Journal, RecoveryEntry
    from editor.ui.main_window import MainWindow

log = logging.getLogger("galley")


def log_folder() -> Path:
    return Path(platformdirs.user_log_dir("galley", appauthor=False))


def _setup_logging() -> Path:
    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "galley.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


# The pure modules the window uses, imported before PySide6: once PySide6 is loaded, every
# module imported is read back as source to see whether it mentions PySide (shiboken's
# __feature__ switch), about 0.13 ms a module; imported first, a library and its own imports
# are never looked at (370 source scans at start-up became 133). The check worker, forked
# after them, shares them.
_PURE_FIRST = (
    "editor.core.page",
    "editor.core.site.site",
    "editor.core.journal",
    "editor.core.spelling",
    "editor.core.outline",
    "editor.core.images.placement",
    "editor.core.markdown_edits",
    "editor.core.textstats",
    "editor.core.emoji",
    "editor.core.mail.views",
    "editor.core.sitesearch",
)


def start_before_qt() -> None:
    """What start-up does before PySide6 is loaded: import the pure modules, then make the
    check worker a copy of this process, which shares them instead of importing them again in
    an interpreter of its own (bench/latency.py starts the same way)."""
    import importlib

    from editor.core import checkworker

    for name in _PURE_FIRST:
        importlib.import_module(name)
    checkworker.service().start(fork=True)


def run(paths: list[Path]) -> int:
    """Open the window (on ``paths[0]`` if given) and run the event loop."""
    start_before_qt()

    from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from editor.ui.app_icon import bundled_icon
    from editor.ui.preview import register_scheme

    register_scheme()  # before the QApplication exists
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Galley")
    app.setOrganizationName("Galley")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("galley")
    app.setWindowIcon(QIcon.fromTheme("galley", bundled_icon()))
    log_path = _setup_logging()

    from editor.core import journal as journal_module
    from editor.state.settings import Settings
    from editor.ui import messages
    from editor.ui.main_window import MainWindow

    settings = Settings(QSettings())
    journal_problem: Exception | None = None
    try:
        journal: journal_module.Journal | None = journal_module.Journal()
    except journal_module.JournalError as error:
        journal, journal_problem = None, error
        log.error("No recovery journal: %s", error)
    backups = journal_module.backups_folder()  # used while the files/backups setting is on
    windows: list[MainWindow] = []

    def new_window() -> MainWindow:
        window = MainWindow(settings, journal=journal, backup_folder=backups)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: windows.remove(window) if window in windows else None)
        windows.append(window)
        return window

    def flush_all() -> None:
        for window in list(windows):
            try:
                window.guard.flush()
            except Exception:  # a crash handler must not crash
                log.exception("Flushing the recovery journal failed")

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        flush_all()
        log.error("Unhandled exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        messages.show_error(windows[0] if windows else None, value)

    def terminate(*_: object) -> None:
        # Killed politely (logout, kill, Ctrl+C): keep unsaved text in the journal and quit
        # without questions; the next start offers it back.
        flush_all()
        app.exit(0)

    sys.excepthook = excepthook
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, terminate))
    signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, terminate))
    wake = QTimer(interval=250)  # lets Python see signals while Qt's event loop runs
    wake.timeout.connect(lambda: None)
    wake.start()

    log.info("Galley %s starting; log at %s", __version__, log_path)
    if os.environ.get("GALLEY_STARTUP_PROBE"):  # bench/startup.py: count native windows
        from editor.ui import startup_probe

        startup_probe.install(app)
    first = new_window()
    if os.environ.get("GALLEY_STARTUP_PROBE"):  # bench/startup.py: report and quit
        first.preview.page_ready.connect(lambda: _startup_probe(app))
        startup_probe.watch(first)
    first.show()
    if journal_problem is not None:
        messages.show_error(first, journal_problem, "No crash recovery")
    restored = _recover(journal, first, new_window, _ask_recovery)
    if paths:
        target = paths[0].absolute()
        if not any(w.document.path == target for w in windows):
            window = first if first not in restored else new_window()
            if target.is_dir():  # a site: its posts, and its newest post open
                window.files.open_folder(target)
            else:
                window.files.open_path(target)
            window.show()
    elif not restored:  # no arguments: what was open last time, or the welcome page
        first.files.reopen_last()
    code = app.exec()
    # Delete the windows (and their previews' pages before the pages' web profiles) while the
    # application still exists, instead of leaving the order to interpreter shutdown.
    for window in list(windows):
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if journal is not None:
        journal.close()
    return code


def _startup_probe(app: QApplication) -> None:
    """Tell bench/startup.py that the first preview is painted (and how many native windows
    were created), then quit (unless GALLEY_STARTUP_PROBE=memory)."""
    from editor.ui import startup_probe

    startup_probe.report_ready(app)


def _ask_recovery(parent: QWidget | None, entries: Sequence[RecoveryEntry]) -> list[bool] | None:
    """The recovery dialog, imported only when there is something to recover."""
    from editor.ui.dialogs import recovery_dialog

    return recovery_dialog.ask(parent, entries)


def _recover(
    journal: Journal | None,
    first: MainWindow,
    new_window: Callable[[], MainWindow],
    ask: Callable[[QWidget | None, Sequence[RecoveryEntry]], list[bool] | None],
) -> list[MainWindow]:
    """Offer the unsaved work of sessions that did not end cleanly; return the windows that
    show restored posts (the first entry goes to ``first``)."""
    if journal is None:
        return []
    orphans = journal.orphans()
    if not orphans:
        return []
    choices = ask(first, orphans)
    if choices is None:  # decide later: leave every entry for the next start
        return []
    restored: list[MainWindow] = []
    for entry, restore in zip(orphans, choices, strict=True):
        if not restore:
            journal.discard(entry)
            continue
        window = first if not restored else new_window()
        if window.files.restore(entry, journal):
            window.show()
            restored.append(window)
    return restored
