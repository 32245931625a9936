"""View ▸ Zoom In / Zoom Out / Actual Size: the pane that has the focus grows or shrinks.

The preview zooms the page (``QWebEngineView.setZoomFactor``, in the steps browsers use); every
other pane zooms the editor, by points added to its font size (Preferences keeps the size itself,
so Actual Size goes back to it). Both are settings, so the next start shows the same sizes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QWidget

from editor.state.settings import Settings

PREVIEW_STEPS = (30, 50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
"""The preview's zoom levels in percent, as Chromium's own zoom offers them."""


class Zoom(QObject):
    """Zooms ``preview`` when it has the focus, the editor's font otherwise."""

    def __init__(self, settings: Settings, preview: QWebEngineView, parent: QWidget) -> None:
        super().__init__(parent)
        self._settings = settings
        self._preview = preview
        preview.loadFinished.connect(lambda _ok: self._apply_preview())
        self._apply_preview()

    def zoom_in(self) -> None:
        self._step(+1)

    def zoom_out(self) -> None:
        self._step(-1)

    def reset(self) -> None:
        if self._preview_has_focus():
            self._settings.set("preview/zoom", 100)
            self._apply_preview()
        else:
            self._settings.set("editor/zoom", 0)  # the window's preferences apply the font

    def _step(self, direction: int) -> None:
        if self._preview_has_focus():
            now = int(self._settings.get("preview/zoom"))
            if direction > 0:
                levels = [step for step in PREVIEW_STEPS if step > now]
                level = levels[0] if levels else PREVIEW_STEPS[-1]
            else:
                levels = [step for step in PREVIEW_STEPS if step < now]
                level = levels[-1] if levels else PREVIEW_STEPS[0]
            self._settings.set("preview/zoom", level)
            self._apply_preview()
            return
        low, high = self._settings.limits("editor/zoom")
        now = int(self._settings.get("editor/zoom"))
        self._settings.set("editor/zoom", min(high, max(low, now + direction)))

    def _preview_has_focus(self) -> bool:
        focused = QApplication.focusWidget()
        preview = self._preview
        return focused is not None and (focused is preview or preview.isAncestorOf(focused))

    def _apply_preview(self) -> None:
        factor = int(self._settings.get("preview/zoom")) / 100  # Settings keeps it in range
        if abs(self._preview.zoomFactor() - factor) > 1e-6:
            self._preview.setZoomFactor(factor)
