"""Shared test set-up: Qt runs offscreen, and no test ever touches the user's real folders."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Per-user folders (recovery journal, backups, trash, settings, logs) go to a throwaway place.
_HOME = tempfile.mkdtemp(prefix="galley-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = os.path.join(_HOME, _name.lower())
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
# No test reads or writes the user's real keyring (the SMTP password, issue 21): the tests that
# need one set an in-memory keyring of their own.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
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
