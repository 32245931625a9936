"""Start the application: QApplication, logging, settings, the window (layer 3)."""

from __future__ import annotations

import logging
import signal
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from editor import __version__

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


def pick_post(path: Path) -> Path:
    """A folder opens on its newest post (by front-matter date, else file time)."""
    if not path.is_dir():
        return path
    from editor.post import Post

    candidates = sorted(path.rglob("index.md")) or sorted(path.rglob("*.md"))
    if not candidates:
        return path

    def newest(p: Path) -> tuple[str, float]:
        try:
            date = str(Post.load(p).meta.get("date") or "")
        except Exception:
            date = ""
        return (date, p.stat().st_mtime)

    return max(candidates, key=newest)


def run(paths: list[Path]) -> int:
    """Open the window (on ``paths[0]`` if given) and run the event loop."""
    from PySide6.QtCore import QEvent, QSettings, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from editor.ui.preview import register_scheme

    register_scheme()  # before the QApplication exists
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Galley")
    app.setOrganizationName("Galley")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("galley")
    app.setWindowIcon(QIcon.fromTheme("accessories-text-editor"))
    log_path = _setup_logging()

    from editor.settings import Settings
    from editor.ui import messages
    from editor.ui.main_window import MainWindow

    settings = Settings(QSettings())
    window = MainWindow(settings)

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("Unhandled exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        messages.show_error(window, value)

    sys.excepthook = excepthook
    # Let Ctrl+C and SIGTERM close the window the normal way (the event loop must wake up).
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, window.close))
    signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, window.close))
    wake = QTimer(interval=250)
    wake.timeout.connect(lambda: None)
    wake.start()

    log.info("Galley %s starting; log at %s", __version__, log_path)
    if paths:
        window.open_path(pick_post(paths[0].absolute()))
    window.show()
    code = app.exec()
    # Delete the window (and its preview's page before the page's web profile) while the
    # application still exists, instead of leaving the order to interpreter shutdown.
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code
