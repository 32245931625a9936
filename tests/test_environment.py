"""The installed Qt stack is the one Galley is built for (see docs: PREVIEW.md)."""

from __future__ import annotations

import sys


def test_pyside6_is_pinned_below_6_12_on_python_before_3_12() -> None:
    import PySide6

    major, minor = (int(part) for part in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        # 6.12.0 on Python 3.11 aborts long editing sessions ("none_dealloc").
        assert (major, minor) < (6, 12)


def test_qtwebengine_is_available() -> None:
    from PySide6 import QtWebEngineCore, QtWebEngineWidgets

    assert QtWebEngineWidgets.QWebEngineView is not None
    assert QtWebEngineCore.QWebEngineProfile is not None
