"""Shared test set-up: Qt runs offscreen, and no test ever touches the user's real folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")


def pytest_configure(config: object) -> None:
    # QtWebEngine must be imported, and the galley: scheme declared, before the QApplication
    # exists (pytest-qt creates it lazily, after this hook).
    from editor.ui.preview import register_scheme

    register_scheme()


def pytest_sessionfinish(session: object, exitstatus: int) -> None:
    # pytest-qt closes each test's widgets with deleteLater(); after the last test no event
    # loop runs again, so delete them now, while the QApplication still exists. Otherwise the
    # previews' pages outlive their web profiles at interpreter exit (QtWebEngine warns).
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
