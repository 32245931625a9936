"""The preview's e-mail views: drawing cost, update delay, typing stalls and memory.

Usage: python bench/mail_preview.py [--json] [--sizes 4KB,400KB] [--runs N]

For each size (the issue-shaped post of bench/render.py, 4 KB and 400 KB):

- ``draw_ms``: :func:`editor.core.mail.inbox.inbox_page` in this process (median of ``--runs``)
  for the phone view from scratch (the export of the post included), ``redraw_ms`` for a change
  of Dark or Images off only (the message is cached), ``gmail_ms`` for the Gmail app's dark
  mode from the cached message and ``text_ms`` for the plain-text view (its stand-in export);
  ``page_kb`` is the page's size.
- In the real window (its own process): ``switch_ms`` from choosing "E-mail (phone)" to the
  page shown (the check worker draws it; its first drawing imports the export modules),
  ``update_ms`` from the last key of a typed word to the updated page shown (the 400 ms typing
  pause included), ``max_stall_ms`` the longest event-loop stall (gaps of a 5 ms timer) while
  typing with the e-mail view shown, and the summed PSS of the app's processes (QtWebEngine's
  and the check worker's included): ``memory_site_mb`` with the site preview only,
  ``memory_email_mb`` with the e-mail view shown, ``memory_back_mb`` after going back to Site
  (the e-mail view's page discarded).

Prints {"4KB": {...}, "400KB": {...}}. The machine may be shared: say so with the numbers.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))
SIZES = {"4KB": 1, "400KB": 100}
FRONT_MATTER = """---
title: 'Galley Weekly 26 - Benchmarks'
date: '2021-05-17T21:00:00.0Z'
description: 'How fast is the inbox preview?'
author: Ann Author
tags: ['newsletter']
---

"""
PNG = bytes.fromhex(  # a 1x1 PNG with valid checksums
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _post_text(size: str) -> str:
    from render import make_post

    return FRONT_MATTER + make_post(SIZES[size])


def _folder(home: Path) -> Path:
    folder = home / "site" / "content" / "blog" / "galley-weekly-26"
    folder.mkdir(parents=True)
    (home / "site" / "galley.toml").write_text("")
    (folder / "screenshot.png").write_bytes(PNG)
    return folder


def drawing(size: str, runs: int) -> dict[str, Any]:
    """The page's cost in this process (the worker runs the same function)."""
    from editor.core.mail import inbox

    home = Path(tempfile.mkdtemp(prefix="galley-mailbench-"))
    path = _folder(home) / "index.md"
    text = _post_text(size)
    path.write_text(text, encoding="utf-8")
    source = inbox.MailSource(text, path)
    phone = inbox.InboxView(show=inbox.ShowAs.PHONE)
    inbox.inbox_page(source, phone)  # imports and caches warm

    def median_ms(view: inbox.InboxView, cold: bool) -> float:
        times = []
        for _ in range(runs):
            if cold:
                inbox._last.clear()
            started = time.perf_counter()
            inbox.inbox_page(source, view)
            times.append(time.perf_counter() - started)
        return round(statistics.median(times) * 1000, 1)

    result = {
        "bytes": len(text.encode("utf-8")),
        "draw_ms": median_ms(phone, cold=True),
        "redraw_ms": median_ms(inbox.InboxView(show=inbox.ShowAs.PHONE, images=False), False),
        "gmail_ms": median_ms(
            inbox.InboxView(show=inbox.ShowAs.PHONE, dark=inbox.Dark.GMAIL_APP), False
        ),
        "text_ms": median_ms(inbox.InboxView(show=inbox.ShowAs.TEXT), cold=True),
        "page_kb": round(len(inbox.inbox_page(source, phone).encode("utf-8")) / 1024),
    }
    return result


# -- the window, in a child process per size


def run_child(size: str) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    with tempfile.TemporaryDirectory(prefix="galley-mailbench-") as home:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(home) / name.lower())
        done = subprocess.run(
            [sys.executable, str(Path(__file__)), "--child", size],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{size} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def child(size: str) -> dict[str, Any]:
    from latency import memory_mb

    from editor.core import checkworker
    from editor.ui.preview import register_scheme

    checkworker.service().start()  # as editor.app.run does
    register_scheme()
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from editor.core.journal import Journal
    from editor.core.mail.inbox import ShowAs
    from editor.state.settings import Settings
    from editor.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    home = Path(tempfile.mkdtemp(prefix="galley-mailbench-post-"))
    post = _folder(home) / "index.md"
    post.write_text(_post_text(size), encoding="utf-8")
    settings = Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    journal = Journal(home / "recovery")
    window = MainWindow(settings, journal=journal, backup_folder=home / "backups")
    window.resize(1400, 900)
    window.show()
    mail = window.mail_preview

    def wait(predicate: Any, timeout: float = 300.0) -> None:
        deadline = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{size}: timed out")
            app.processEvents()
            time.sleep(0.002)

    def settle(seconds: float) -> None:
        end = time.perf_counter() + seconds
        wait(lambda: time.perf_counter() > end)

    ready: list[float] = []
    window.preview.page_ready.connect(lambda: ready.append(time.perf_counter()))
    window.files.open_path(post)
    wait(lambda: bool(ready))
    settle(2.0)  # the site, the checks, the form
    memory_site = memory_mb()

    shown: list[float] = []
    mail.page_shown.connect(lambda _show: shown.append(time.perf_counter()))
    started = time.perf_counter()
    mail.choose(ShowAs.PHONE)
    wait(lambda: bool(shown))
    switch_ms = (shown[0] - started) * 1000
    settle(1.0)
    memory_email = memory_mb()

    # Typing with the e-mail view shown: a word at a time, a key every 45 ms, at the end.
    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    editor = window.editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.setFocus()
    updates = []
    probe.start()
    for _word in range(4):
        for char in "quick ":
            QTest.keyClick(editor, char)
            settle(0.045)
        last_key = time.perf_counter()
        before = len(shown)
        wait(lambda before=before: len(shown) > before and not mail.schedule.busy)
        updates.append((shown[-1] - last_key) * 1000)
        settle(0.3)
    probe.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]

    mail.choose(ShowAs.SITE)
    settle(2.0)
    memory_back = memory_mb()
    window.document.revert()
    journal.close(clean=False)
    return {
        "switch_ms": round(switch_ms),
        "update_ms": round(statistics.median(updates)),
        "max_stall_ms": round(max(0.0, max(gaps, default=0.0) - 0.005) * 1000, 1),
        "memory_site_mb": memory_site,
        "memory_email_mb": memory_email,
        "memory_back_mb": memory_back,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--sizes", default=",".join(SIZES), help="e.g. 4KB,400KB")
    parser.add_argument("--runs", type=int, default=5, help="runs per drawing median")
    parser.add_argument("--no-window", action="store_true", help="only the drawing costs")
    parser.add_argument("--child", metavar="SIZE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)), flush=True)
        return 0
    report: dict[str, Any] = {}
    for size in args.sizes.split(","):
        report[size] = drawing(size, args.runs)
        if not args.no_window:
            report[size].update(run_child(size))
        if not args.json:
            print(f"{size}: {report[size]}", file=sys.stderr, flush=True)
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
