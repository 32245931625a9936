"""Keystroke to preview latency, event-loop stalls and memory, against a full-reload baseline.

Usage: python bench/latency.py [--json] [--quick] [--sizes 4KB,400KB,4MB] [--show-as phone]

Each size runs in its own process (so memory is that size's alone), twice: Galley's own path
(the real MainWindow, its PreviewController patching changed blocks over QWebChannel) and a
baseline that re-renders the whole post and reloads the page with ``setHtml`` on every change,
as peers do (posts over setHtml's 2 MB limit are loaded through the same URL scheme instead).

Typing is real key events sent to the editor at a fast typist's pace (one every 45 ms), a word
at a time at five places (start, middle, end, inside a list item, inside a code block), with a
short pause after each word so that the app's pause-time work (word count, checks, recovery
journal) runs too. A keystroke's latency ends when the page itself confirms, through the
QWebChannel, that it applied a patch built after the key (or when the app found that the key
changed nothing visible). The longest event-loop stall is the largest gap between the ticks of
a 5 ms timer minus 5 ms. Memory is the summed PSS of the app and its QtWebEngine processes
after all edits (at least 1,000 without --quick).

With ``--show-as phone`` (or ``desktop``, ``text``) the preview shows that e-mail view while
typing (editor.ui.mail_preview; it follows the post after each typing pause, drawn in the
check worker) and the baseline is not run: the latencies are still those of the site preview,
which is patched behind it, and ``email_pages`` counts the e-mail pages drawn meanwhile.

Prints {"4KB": {"p95_ms": ..., "p50_ms": ..., "baseline_p95_ms": ..., "ratio": ...,
"max_stall_ms": ..., "baseline_max_stall_ms": ..., "memory_mb": ..., "open_s": ..., "edits": ...},
"startup_s": ...}.
"""

from __future__ import annotations

import argparse
import bisect
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
SIZES = {"4KB": 1, "400KB": 100, "4MB": 1000}
KEY_INTERVAL_MS = 45
WORD_PAUSE_MS = 350
CONFIRM_WAIT_S = 600
FRONT_MATTER = """---
title: 'Galley Weekly 26 - Benchmarks'
date: '2021-05-17T21:00:00.0Z'
description: 'How fast is the preview?'
tags: ['newsletter']
---

"""


# -- the parent: one child process per size and mode


def run_child(size: str, mode: str, edits: int) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    with tempfile.TemporaryDirectory(prefix="galley-latency-") as home:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(home) / name.lower())
        result = subprocess.run(
            [sys.executable, str(Path(__file__)), "--child", size, mode, str(edits)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{size} {mode} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--quick", action="store_true", help="fewer edits (for CI)")
    parser.add_argument("--sizes", default=",".join(SIZES), help="e.g. 4KB,400KB")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up benchmark")
    parser.add_argument(
        "--show-as", default="site", choices=["site", "desktop", "phone", "text"],
        help="type with this e-mail view shown (no baseline)",
    )  # fmt: skip
    parser.add_argument(
        "--child", nargs=3, metavar=("SIZE", "MODE", "EDITS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        size, mode, edits = args.child
        print(json.dumps(child(size, mode, int(edits))), flush=True)
        return 0
    report: dict[str, Any] = {}
    for size in args.sizes.split(","):
        edits = 120 if args.quick else 1000
        baseline_edits = 60 if args.quick or SIZES[size] >= 1000 else 120
        if args.show_as != "site":
            ours = run_child(size, f"galley-{args.show_as}", edits)
            report[size] = {key: ours[key] for key in ours if key not in ("size", "mode")}
            if not args.json:
                print(f"{size}: {report[size]}", file=sys.stderr, flush=True)
            continue
        ours = run_child(size, "galley", edits)
        base = run_child(size, "baseline", baseline_edits)
        report[size] = {
            "p95_ms": ours["p95_ms"],
            "p50_ms": ours["p50_ms"],
            "baseline_p95_ms": base["p95_ms"],
            "ratio": (
                round(base["p95_ms"] / ours["p95_ms"], 1)
                if ours["p95_ms"] and base["p95_ms"]
                else None
            ),
            "max_stall_ms": ours["max_stall_ms"],
            "baseline_max_stall_ms": base["max_stall_ms"],
            "memory_mb": ours["memory_mb"],
            "memory_by_role": ours["memory_by_role"],
            "stalls": ours["stalls"],
            "open_s": ours["open_s"],
            "edits": ours["edits"],
            "confirmed": ours["confirmed"],
            "baseline_edits": base["edits"],
            "baseline_confirmed": base["confirmed"],
            "bytes": ours["bytes"],
        }
        if not args.json:
            print(f"{size}: {report[size]}", file=sys.stderr, flush=True)
    if not args.no_startup:
        sys.path.insert(0, str(BENCH))
        from startup import measure as measure_startup

        report["startup_s"] = measure_startup(runs=3 if args.quick else 5)["startup_s"]
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    return 0


# -- the child: the real window, typed into


def memory_by_role() -> list[dict[str, Any]]:
    """PSS of this process and each of its descendants, by role (bench/startup.py's: "window",
    "check worker", "renderer", "zygote", ...), largest first."""
    sys.path.insert(0, str(BENCH))
    from startup import descendants, parents, pss_mb, role

    parent_of = parents()
    me = os.getpid()
    rows = []
    for pid in descendants(me, parent_of):
        pss = pss_mb(pid)
        if pss is not None:
            rows.append({"role": role(pid, me, parent_of), "pss_mb": round(pss, 1)})
    rows.sort(key=lambda row: -row["pss_mb"])
    return rows


def memory_mb(rows: list[dict[str, Any]] | None = None) -> float:
    """Summed PSS of this process and all its descendants, in MB (of ``rows`` from
    :func:`memory_by_role` when given)."""
    return round(sum(row["pss_mb"] for row in (memory_by_role() if rows is None else rows)), 1)


def child(size: str, mode: str, edits: int) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from render import make_post  # the same issue-shaped post as bench/render.py

    home = Path(tempfile.mkdtemp(prefix="galley-latency-post-"))
    folder = home / "site" / "content" / "blog" / "galley-weekly-26"
    folder.mkdir(parents=True)
    (home / "site" / "galley.toml").write_text("")
    (folder / "screenshot.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
        )
    )
    post = folder / "index.md"
    post.write_text(FRONT_MATTER + make_post(SIZES[size]), encoding="utf-8")

    from editor.app import start_before_qt

    start_before_qt()  # as editor.app.run does: the pure modules, then the worker forked
    from editor.ui.preview import register_scheme

    register_scheme()
    from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from editor.core.journal import Journal
    from editor.core.page import preview_page
    from editor.state.settings import Settings
    from editor.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])

    settings = Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    journal = Journal(home / "recovery")
    window = MainWindow(settings, journal=journal, backup_folder=home / "backups")
    window.resize(1400, 900)
    window.show()
    ready: list[float] = []
    window.preview.page_ready.connect(lambda: ready.append(time.perf_counter()))
    opened = time.perf_counter()
    window.files.open_path(post)
    deadline = opened + 600
    while not ready and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.002)
    if not ready:
        raise RuntimeError(f"the {size} post's preview was not ready after 600 s")
    open_s = ready[0] - opened
    settle = time.perf_counter() + 1.5  # let the site, checks and form settle
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.005)

    pending: list[float] = []  # key times not yet confirmed
    latencies: list[float] = []
    built: dict[int, float] = {}  # patch or load number -> when it was built

    def confirm(upto: float) -> None:
        now = time.perf_counter()
        while pending and pending[0] <= upto:
            latencies.append(now - pending.pop(0))

    email_pages: list[str] = []
    if mode.startswith("galley-"):  # type with an e-mail view shown
        from editor.core.mail.inbox import ShowAs

        window.mail_preview.page_shown.connect(email_pages.append)
        window.mail_preview.choose(ShowAs(mode.removeprefix("galley-")))
        deadline = time.perf_counter() + 600
        while not email_pages and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.005)
        if not email_pages:
            raise RuntimeError(f"the {size} post's e-mail view was not shown after 600 s")
        email_pages.clear()

    controller = window.preview_controller
    if mode == "baseline":
        baseline = _Baseline(window, preview_page, QUrl, confirm)
        baseline.attach()
    else:
        # Time the controller's own flush (the code path is untouched): what it sends is built
        # from the text as it is at this moment.
        flush = controller._flush

        def timed_flush() -> None:
            started = time.perf_counter()
            before = controller._seq
            flush()
            if controller._seq != before:
                built[controller._seq] = started
            elif not controller._in_flight:
                confirm(started)  # nothing visible changed: the page already shows it

        controller._timer.timeout.disconnect()
        controller._timer.timeout.connect(timed_flush)
        controller.updated.connect(lambda seq: confirm(built.pop(seq, 0.0)))

    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))

    editor = window.editor
    text = editor.toPlainText()
    places = _places(text)
    word = "quick "
    plan: list[tuple[str, int | str]] = []
    typed = 0
    while typed < edits:
        for _name, position in places:
            plan.append(("move", position))
            for char in word:
                plan.append(("key", char))
                typed += 1
            plan.append(("pause", WORD_PAUSE_MS))
            if typed >= edits:
                break

    steps: list[tuple[float, str, float]] = []  # each key, move and pause: start, kind, time

    def step() -> None:
        if not plan:
            finish_timer.start()
            return
        kind, value = plan.pop(0)
        began = time.perf_counter()
        if kind == "move":
            cursor = editor.textCursor()
            cursor.setPosition(min(int(value), editor.document().characterCount() - 1))
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            editor.setTextCursor(cursor)
            steps.append((began, kind, time.perf_counter() - began))
            QTimer.singleShot(0, step)
        elif kind == "key":
            pending.append(began)
            QTest.keyClick(editor, str(value))
            steps.append((began, kind, time.perf_counter() - began))
            QTimer.singleShot(KEY_INTERVAL_MS, step)
        else:
            steps.append((began, kind, 0.0))
            QTimer.singleShot(int(value), step)

    # After the last key: the pause-time work, then every key's confirmation (a full reload of a
    # 4 MB post takes the baseline about a minute; give up after CONFIRM_WAIT_S).
    finish_timer = QTimer()
    finish_timer.setSingleShot(True)
    finish_timer.setInterval(1500)
    waited: list[float] = []

    def finish() -> None:
        if not waited:
            waited.append(time.perf_counter())
        if pending and time.perf_counter() - waited[0] < CONFIRM_WAIT_S:
            QTimer.singleShot(50, finish)
            return
        app.exit(0)  # exit: no closing, no questions

    finish_timer.timeout.connect(finish)
    editor.setFocus()
    probe.start()
    QTimer.singleShot(0, step)
    app.exec()
    probe.stop()

    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    samples = sorted(latencies)
    memory = memory_by_role()
    result = {
        "size": size,
        "mode": mode,
        "bytes": len(post.read_bytes()),
        "edits": typed,
        "confirmed": len(samples),
        "p50_ms": round(statistics.median(samples) * 1000, 1) if samples else None,
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))] * 1000, 1) if samples else None,
        "max_stall_ms": round(max(0.0, max(gaps, default=0.0) - 0.005) * 1000, 1),
        "memory_mb": memory_mb(memory),
        "memory_by_role": memory,
        "stalls": _longest_stalls(ticks, steps),
        "open_s": round(open_s, 2),
    }
    if mode.startswith("galley-"):
        result["email_pages"] = len(email_pages)
    window.document.revert()
    journal.close(clean=False)
    return result


def _longest_stalls(
    ticks: list[float], steps: list[tuple[float, str, float]], count: int = 5
) -> list[dict[str, Any]]:
    """The longest gaps between the 5 ms timer's ticks, each with the typist's steps begun
    inside it ("key"; "move": the cursor put at the next place; "pause": a word's end, when the
    pause-time work runs) and how long each took itself, else the last step before it and how
    long before (what it set off stalled the window)."""
    gaps = sorted(((b - a, a) for a, b in itertools.pairwise(ticks)), reverse=True)[:count]
    found = []
    for gap, start in gaps:
        first = bisect.bisect_left(steps, (start,))
        inside = [s for s in steps[first:] if s[0] < start + gap]
        row: dict[str, Any] = {"ms": round(max(0.0, gap - 0.005) * 1000, 1)}
        if inside:
            row["steps"] = [f"{kind} {took * 1000:.1f} ms" for _at, kind, took in inside]
        elif first > 0:
            at, kind, _took = steps[first - 1]
            row["after"] = f"{kind}, {(start - at) * 1000:.0f} ms before"
        found.append(row)
    return found


def _places(text: str) -> list[tuple[str, int]]:
    """Where to type: start, middle, end, in a list item, in a code block."""
    lines = text.split("\n")
    offsets = []
    total = 0
    for line in lines:
        offsets.append(total)
        total += len(line) + 1
    middle = len(lines) // 2

    def first(predicate: Any, start: int) -> int:
        for index in range(start, len(lines)):
            if predicate(lines[index]):
                return offsets[index]
        return offsets[start]

    in_code = first(lambda line: line.startswith("export const"), middle)
    return [
        ("start", first(lambda line: line.strip() != "", 0)),
        ("middle", first(lambda line: line.startswith("The Backstage"), middle)),
        ("end", max(0, len(text.rstrip()))),
        ("list", first(lambda line: line.startswith("- "), middle)),
        ("code", in_code + len(lines[offsets.index(in_code)]) if in_code in offsets else in_code),
    ]


class _Baseline:
    """What peers do: on a change, render the whole post and reload the page with setHtml."""

    def __init__(self, window: Any, preview_page: Any, qurl: Any, confirm: Any) -> None:
        self.window = window
        self.preview_page = preview_page
        self.qurl = qurl
        self.confirm = confirm
        self.loading = False
        self.dirty = False
        self.built = 0.0

    def attach(self) -> None:
        controller = self.window.preview_controller
        document = self.window.document
        document.content_changed.disconnect(controller._on_changed)
        document.meta_changed.disconnect(controller._on_meta)
        document.content_changed.connect(self.changed)
        self.window.preview.loadFinished.connect(self.finished)

    def changed(self) -> None:
        self.dirty = True
        if not self.loading:
            self.load()

    def load(self) -> None:
        self.dirty = False
        self.loading = True
        self.built = time.perf_counter()
        document = self.window.document
        view = self.window.preview
        html = self.preview_page(
            document.post,
            nonce="baseline",
            base_url=view.base_url(document.folder),
            body_html=document.renders.render_full().html,
            scripts=view.page_scripts(),
        )
        if len(html.encode("utf-8")) < 2_000_000:
            view.setHtml(html, self.qurl(view.base_url(document.folder)))
        else:  # setHtml refuses more than 2 MB: load it through the scheme like a file
            view.load_page(html, document.folder)

    def finished(self, _ok: bool) -> None:
        self.loading = False
        self.confirm(self.built)
        if self.dirty:
            self.load()


if __name__ == "__main__":
    sys.exit(main())
