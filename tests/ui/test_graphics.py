"""Without a GPU the preview's view is drawn in software from the start, not after a failed
try of OpenGL that leaves Mesa's rasteriser (libLLVM, about 45 MB) in the window's memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.ui.graphics import choose_renderer, has_gpu


def _dev(tmp_path: Path, *names: str) -> Path:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    return tmp_path


def test_a_memory_only_platform_has_no_gpu_whatever_the_machine_has(tmp_path: Path) -> None:
    dev = _dev(tmp_path, "dri/renderD128")
    for platform in ("offscreen", "minimal", "offscreen:fontengine=freetype", "Offscreen"):
        assert not has_gpu(platform, dev, "linux")


def test_on_linux_a_gpu_is_a_render_node_or_nvidias_device(tmp_path: Path) -> None:
    assert has_gpu("xcb", _dev(tmp_path / "a", "dri/renderD128"), "linux")
    assert has_gpu("wayland;xcb", _dev(tmp_path / "b", "nvidia0"), "linux")
    assert has_gpu("", _dev(tmp_path / "c", "dri/renderD129"), "linux")
    assert not has_gpu("xcb", _dev(tmp_path / "d", "dri/card0"), "linux")  # display only
    assert not has_gpu("xcb", tmp_path / "missing", "linux")
    assert has_gpu("cocoa", tmp_path / "missing", "darwin")  # elsewhere Qt knows best


def test_software_is_asked_for_only_without_a_gpu_and_a_users_choice_is_kept(
    tmp_path: Path,
) -> None:
    environ: dict[str, str] = {"QT_QPA_PLATFORM": "xcb"}
    assert choose_renderer(environ, _dev(tmp_path / "gpu", "dri/renderD128")) == ""
    assert "QT_QUICK_BACKEND" not in environ
    assert choose_renderer(environ, tmp_path / "none") == "software"
    assert environ["QT_QUICK_BACKEND"] == "software"
    for name in ("QT_QUICK_BACKEND", "QSG_RHI_BACKEND"):
        chosen = {"QT_QPA_PLATFORM": "offscreen", name: "opengl"}
        assert choose_renderer(chosen, tmp_path / "none") == "opengl"
        assert chosen == {"QT_QPA_PLATFORM": "offscreen", name: "opengl"}


_SHOW_A_PAGE = """
from pathlib import Path
from editor.ui.preview import register_scheme
register_scheme()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from editor.ui.preview import PreviewView
app = QApplication([])
view = PreviewView()
view.resize(600, 400)
view.show()
view.loadFinished.connect(lambda ok: QTimer.singleShot(500, app.quit))
view.setHtml("<p>Hello</p>")
QTimer.singleShot(30000, app.quit)
app.exec()
maps = Path("/proc/self/maps").read_text()
print("rasteriser" if "libLLVM" in maps or "swrast_dri" in maps else "none")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_a_shown_preview_leaves_no_software_rasteriser_in_memory() -> None:
    # In a process of its own, started as Galley is: without the tests' --disable-gpu flag.
    env = {k: v for k, v in os.environ.items() if k != "QTWEBENGINE_CHROMIUM_FLAGS"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-c", _SHOW_A_PAGE],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "none"
