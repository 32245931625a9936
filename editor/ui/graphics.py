"""How the window draws the preview's view: on the GPU when there is one, else in software.

The preview's ``QWebEngineView`` is drawn through Qt Quick. Left to itself, Qt Quick tries
OpenGL first; on a machine with no GPU (a headless box, a container, a VM, the ``offscreen``
platform) that loads Mesa's software rasteriser, libLLVM included (about 45 MB of the window's
memory, touched once and kept), fails or gets a rasteriser, and the page ends up composited in
software all the same: Chromium does not composite on a software rasteriser either. Without a
GPU, Galley asks for Qt Quick's software renderer from the start. A backend the user chose
(``QT_QUICK_BACKEND`` or ``QSG_RHI_BACKEND``) is always kept.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

_NO_GPU_PLATFORMS = ("offscreen", "minimal", "vnc")
"""Qt platforms that draw into memory only: no GPU surface, whatever the machine has."""


def has_gpu(platform: str, dev: Path = Path("/dev"), system: str = sys.platform) -> bool:
    """Whether Qt could draw on a GPU: not on a memory-only platform, and on Linux only with
    a GPU device (a DRM render node, or NVIDIA's own device). Elsewhere, Qt knows best."""
    name = platform.split(";")[0].split(":")[0].strip().lower()
    if name in _NO_GPU_PLATFORMS:
        return False
    if not system.startswith("linux"):
        return True
    return any((dev / "dri").glob("renderD*")) or (dev / "nvidia0").exists()


def choose_renderer(
    environ: MutableMapping[str, str] = os.environ, dev: Path = Path("/dev")
) -> str:
    """Ask for Qt Quick's software renderer when there is no GPU; must run before the first
    window is made. Returns the backend asked for ("software"), "" when Qt chooses, or the
    user's own choice."""
    for name in ("QT_QUICK_BACKEND", "QSG_RHI_BACKEND"):
        if environ.get(name):
            return environ[name]
    if has_gpu(environ.get("QT_QPA_PLATFORM", ""), dev):
        return ""
    environ["QT_QUICK_BACKEND"] = "software"
    return "software"
