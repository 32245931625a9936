"""Steady typing, then SIGKILL: how much of it is missing from the recovery journal?

Usage: python bench/sigkill_typing.py [--json] [--seconds 17] [--galley .venv/bin/galley]

Runs the real app (``galley POST`` on a copy of resources/example-site, its own XDG folders) in a
real X11 window on a virtual screen (Xvfb), types into the post's end, one key every 50-100 ms
(random, seeded; never a pause of a second), for ``--seconds``, then kills the app with SIGKILL
straight after the last key and reads the journal entry it left. The typed text is
``w0001 w0002 ...``, so the entry shows exactly which keys reached it. The window is placed and
focused with xdotool; the keys are sent through the XTEST extension (libXtst, as xdotool does),
from this process: starting an xdotool per key took longer than the gap between two keys.

``lost_s`` is the time from the first key missing from the journal to the kill (0 when every key
is there); ``lost_keys`` counts those keys. RELIABILITY.md item 1 promises at most 5 s.
Needs Debian's xvfb, xdotool and libxtst6. To measure other code with the same script, put its
folder first on PYTHONPATH.

Prints {"typed_keys": ..., "typed_s": ..., "max_gap_ms": ..., "journaled_keys": ...,
"lost_keys": ..., "lost_s": ..., "entries": ...}.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POST = "content/blog/writing-release-notes/index.md"


def typed_text(count: int) -> str:
    words = " ".join(f"w{n:04d}" for n in range(1, count // 6 + 2))
    return words[:count]


def keysym(char: str) -> str:
    return "space" if char == " " else char


def free_display() -> str:
    for number in range(80, 100):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            return f":{number}"
    raise RuntimeError("no free X display between :80 and :99")


def window_of(pid: int, env: dict[str, str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if found:
            return found[0]
        time.sleep(0.5)
    raise RuntimeError(f"no window from the app within {timeout:.0f} s")


def xdotool(env: dict[str, str], *args: str) -> None:
    subprocess.run(["xdotool", *args], env=env, check=True, capture_output=True)


class Keyboard:
    """Key presses through XTEST, as a person's keyboard would send them."""

    def __init__(self, display: str) -> None:
        self._x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        self._xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        self._x11.XOpenDisplay.restype = ctypes.c_void_p
        self._x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x11.XStringToKeysym.restype = ctypes.c_ulong
        self._x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self._x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self._x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self._x11.XFlush.argtypes = [ctypes.c_void_p]
        self._x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._xtst.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self._display = self._x11.XOpenDisplay(display.encode())
        if not self._display:
            raise RuntimeError(f"cannot open X display {display}")
        self._codes: dict[str, int] = {}

    def press(self, name: str) -> None:
        """Press and release the key of keysym ``name`` ("a", "space", ...)."""
        code = self._codes.get(name)
        if code is None:
            code = self._x11.XKeysymToKeycode(
                self._display, self._x11.XStringToKeysym(name.encode())
            )
            self._codes[name] = code
        self._xtst.XTestFakeKeyEvent(self._display, code, 1, 0)
        self._xtst.XTestFakeKeyEvent(self._display, code, 0, 0)
        self._x11.XFlush(self._display)

    def close(self) -> None:
        self._x11.XCloseDisplay(self._display)


def read_entries(recovery: Path) -> list[str]:
    texts = []
    for path in sorted(recovery.glob("*.galley-recovery")):
        _header, _, body = path.read_bytes().partition(b"\n")
        texts.append(body.decode("utf-8", "surrogatepass"))
    return texts


def measure(seconds: float, galley: str, settle: float) -> dict[str, Any]:
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install -y xvfb xdotool")
    home = Path(tempfile.mkdtemp(prefix="galley-sigkill-"))
    try:
        site = home / "site"
        shutil.copytree(ROOT / "resources" / "example-site", site)
        post = site / POST
        env = dict(os.environ)
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(home / name.lower())
        env["HOME"] = str(home)
        display = free_display()
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
        xvfb = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", "1400x900x24"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        app: subprocess.Popen[bytes] | None = None
        try:
            time.sleep(1)
            log = (home / "app.log").open("wb")
            app = subprocess.Popen([galley, str(post)], env=env, stdout=log, stderr=log)
            window = window_of(app.pid, env)
            xdotool(env, "windowsize", window, "1400", "900")
            xdotool(env, "windowmove", window, "0", "0")
            xdotool(env, "windowfocus", "--sync", window)
            time.sleep(settle)  # the preview, the site panels and the checks settle
            xdotool(env, "key", "ctrl+End")
            xdotool(env, "key", "Return")
            # The Return is journaled after the pause: only what follows counts, and an app
            # that did not take the key (focus elsewhere) measures nothing.
            recovery = home / "xdg_data_home" / "galley" / "recovery"
            deadline = time.monotonic() + 10
            while not read_entries(recovery) and time.monotonic() < deadline:
                time.sleep(0.2)
            if not read_entries(recovery):
                raise RuntimeError("the app did not journal the Return: did it have the focus?")
            time.sleep(0.5)
            keyboard = Keyboard(display)
            chooser = random.Random(17)
            text = typed_text(int(seconds * 20) + 10)
            sent: list[float] = []
            started = time.monotonic()
            next_at = started
            for char in text:
                now = time.monotonic()
                if now < next_at:
                    time.sleep(next_at - now)
                if time.monotonic() - started >= seconds:
                    break
                keyboard.press(keysym(char))
                sent.append(time.monotonic())
                next_at += chooser.uniform(0.050, 0.100)
            os.kill(app.pid, signal.SIGKILL)
            keyboard.close()
            killed = time.monotonic()
            app.wait(30)
        finally:
            if app is not None and app.poll() is None:
                app.kill()
                app.wait(30)
            xvfb.terminate()
            xvfb.wait(30)
        typed = text[: len(sent)]
        entries = read_entries(recovery)
        journaled = 0
        for entry in entries:
            body = entry.rstrip("\n")
            for count in range(len(typed), 0, -1):
                if body.endswith("\n" + typed[:count]):
                    journaled = max(journaled, count)
                    break
        gaps = [b - a for a, b in itertools.pairwise(sent)]
        lost = len(typed) - journaled
        return {
            "typed_keys": len(typed),
            "typed_s": round(sent[-1] - sent[0], 2) if sent else 0.0,
            "max_gap_ms": round(max(gaps, default=0.0) * 1000, 1),
            "journaled_keys": journaled,
            "lost_keys": lost,
            "lost_s": round(killed - sent[journaled], 2) if lost else 0.0,
            "entries": len(entries),
        }
    finally:
        if os.environ.get("GALLEY_BENCH_KEEP"):
            print(f"kept {home}", file=sys.stderr)
        else:
            shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--seconds", type=float, default=17.0, help="how long to type")
    parser.add_argument("--settle", type=float, default=6.0, help="seconds before typing")
    parser.add_argument("--galley", default=str(ROOT / ".venv" / "bin" / "galley"))
    args = parser.parse_args()
    report = measure(args.seconds, args.galley, args.settle)
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
