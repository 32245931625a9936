"""What ``GALLEY_STARTUP_PROBE`` makes the app report to bench/startup.py (light: Qt only).

With the variable set, the app counts the native windows its top-level windows are given (a
window whose native window is destroyed and created again counts twice) and, when its first
preview page is ready, prints ``galley: windows created N`` and then ``galley: preview ready``
on stderr. It then quits, unless the variable is ``memory``: then it stays open until it is
terminated, so that the benchmark can measure its processes' memory. bench/floor_app.py (the
bare stack Galley is compared with) uses this module too, so it imports nothing of the app's.

The counter watches the top-level windows it is given (:func:`watch`, before they are shown),
not the whole application: with PySide6 6.11, a Python event filter on the QApplication is
handed every object that receives an event, and wrapping some of QtWebEngine's internal objects
for it (a ``QWebEngineUrlRequestJob`` being constructed, for one) crashes the process before
the filter's code runs. A QWidget receives the platform-surface events of its native window
(QWidgetWindow forwards them), including those of a native window made for it again later.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPlatformSurfaceEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

VARIABLE = "GALLEY_STARTUP_PROBE"
STAY_OPEN = "memory"
"""The variable's value that keeps the app running after it reported."""

_TRANSIENT = (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
"""Window types not counted: a tooltip or a menu is not the app's window being made again."""

_CREATED = QPlatformSurfaceEvent.SurfaceEventType.SurfaceCreated


def enabled() -> bool:
    return bool(os.environ.get(VARIABLE))


def _top_level(watched: QObject) -> bool:
    if isinstance(watched, QWidget):
        return watched.isWindow() and watched.windowType() not in _TRANSIENT
    if isinstance(watched, QWindow):
        return watched.isTopLevel() and watched.type() not in _TRANSIENT
    return False


class WindowCounter(QObject):
    """An event filter that counts native windows created for the top-level windows it
    watches (install it on them with :meth:`watch`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.created = 0

    def watch(self, window: QWidget | QWindow) -> None:
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.PlatformSurface
            and isinstance(event, QPlatformSurfaceEvent)
            and event.surfaceEventType() == _CREATED
            and _top_level(watched)
        ):
            self.created += 1
        return False


_counter: WindowCounter | None = None


def install(app: QApplication) -> WindowCounter:
    """Start a counter for ``app`` (once; later calls return the same counter)."""
    global _counter
    if _counter is None:
        _counter = WindowCounter(app)
    return _counter


def watch(window: QWidget | QWindow) -> None:
    """Count the native windows created for ``window`` from now on (if :func:`install` ran)."""
    if _counter is not None:
        _counter.watch(window)


def report_ready(app: QApplication) -> None:
    """Print the window count and the ready line; quit unless the probe is ``memory``."""
    created = _counter.created if _counter is not None else 0
    print(f"galley: windows created {created}", file=sys.stderr, flush=True)
    print("galley: preview ready", file=sys.stderr, flush=True)
    if os.environ.get(VARIABLE) != STAY_OPEN:
        QTimer.singleShot(0, app.quit)
