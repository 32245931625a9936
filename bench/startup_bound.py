"""How close to the bare stack Galley's start-up can come: the import cost of its first paint.

Usage: python bench/startup_bound.py [--json] [--runs N]
Starts fresh interpreters, in turn (after one warm-up pair), that only import modules and exit:
the bare stack's (PySide6's QtCore, QtGui, QtWidgets, QtWebEngineCore, QtWebEngineWidgets and
markdown-it-py, what bench/floor_app.py imports), then those plus the fewest of Galley's own a
window needs to show a post as its site shows it: the post in every front-matter format, the
renderer with the site's dialect, the preview page, the open document, the preview and the
editor widgets (no docks, form, checks, site tools, dialogs or e-mail), the pure ones before
PySide6 as the app imports them. Whatever else a start-up
does, Galley pays the difference on top of the floor's whole start-up, so
``(floor_start_s + difference) / floor_start_s`` bounds its start-up ratio from below (pass the
floor's start-up from ``bench/startup.py --json`` as ``--floor-start``; else it is measured).
Prints {"floor_imports_s", "first_paint_imports_s", "difference_s", "floor_start_s",
"lowest_ratio", "target_ratio": 1.15}.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = (
    "import markdown_it; "
    "from PySide6 import QtCore, QtGui, QtWidgets, QtWebEngineCore, QtWebEngineWidgets"
)
FIRST_PAINT = (  # the pure modules before PySide6, as editor/app.py does (fewer source scans)
    "import editor.core.post, editor.core.fmformats, editor.core.render, editor.core.page; "
    + FLOOR
    + "; import editor.state.document, editor.ui.preview, editor.ui.editing.markdown_edit"
)


def once(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--floor-start", type=float, help="the floor's start-up, in seconds")
    args = parser.parse_args()
    once(FLOOR)  # warm the disk cache and the bytecode
    once(FIRST_PAINT)
    floor, first = [], []
    for _ in range(args.runs):
        floor.append(once(FLOOR))
        first.append(once(FIRST_PAINT))
    difference = statistics.median(first) - statistics.median(floor)
    floor_start = args.floor_start
    if floor_start is None:
        sys.path.insert(0, str(ROOT / "bench"))
        from startup import compare

        floor_start = compare(runs=3, apps=("floor",))["floor"]["startup_s"]
    report = {
        "floor_imports_s": round(statistics.median(floor), 3),
        "first_paint_imports_s": round(statistics.median(first), 3),
        "difference_s": round(difference, 3),
        "floor_start_s": floor_start,
        "lowest_ratio": round((floor_start + difference) / floor_start, 2),
        "target_ratio": 1.15,
    }
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
