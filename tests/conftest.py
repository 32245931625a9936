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
