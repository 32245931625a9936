"""The recovery journal's costs: one entry write, and the recovery dialog's "what differs".

Usage: python bench/recovery.py [--json] [--timeout S] [--cases NAME,...] [--no-write]

``summary``: for each case, the seconds ``RecoveryEntry.difference()`` takes to compare a
recovered text with the post on disk (what the recovery dialog shows for each entry), and the
sentence it gives. Each case runs in a child process, stopped after ``--timeout`` seconds
(reported as ``"timed_out": true``), so that a summary that never finishes is measured too.

``write``: for 400 KB and 4 MB posts, the median and the worst of 7 ``Journal.write`` calls
(the whole text, fsynced), and the median time to build the text that is written
(``Post.dumps``). Then, with a real Document and RecoveryKeeper: ``flush_ms``, a synchronous
``flush()`` (text taken and written on the calling thread, as Save and crash handlers do), and
``timed_main_ms``, what a timed write (pause or ceiling) costs the main thread now that the
writing is done on the keeper's thread (taking the text and handing it over).

Prints {"summary": {"CASE": {"seconds": ..., "sentence": ..., "timed_out": ...}, ...},
"write": {"400KB": {"write_ms": ..., "write_max_ms": ..., "text_ms": ..., "flush_ms": ...,
"timed_main_ms": ...}, ...}}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
FRONT = "---\ntitle: 'Recovery bench'\ntags: ['newsletter']\n---\n\n"


def paragraphs(count: int, tag: str = "") -> list[str]:
    return [
        f"Paragraph {n}{tag}: the quick brown fox jumps over the lazy dog, "
        f"and the journal keeps every word of it safe ({n}).\n\n"
        for n in range(count)
    ]


def every_paragraph_changed(count: int) -> tuple[str, str]:
    return "".join(paragraphs(count)), "".join(paragraphs(count, " (edited)"))


def shuffled(count: int) -> tuple[str, str]:
    old = paragraphs(count)
    new = old[:]
    random.Random(17).shuffle(new)
    return "".join(old), "".join(new)


def lines(count: int, tag: str = "") -> list[str]:
    return [f"Line {n}{tag} of a long post.\n" for n in range(count)]


def every_tenth_line_changed(count: int) -> tuple[str, str]:
    old = lines(count)
    new = [
        line.replace("Line", "Changed line") if n % 10 == 0 else line for n, line in enumerate(old)
    ]
    return "".join(old), "".join(new)


def every_line_changed(count: int) -> tuple[str, str]:
    return "".join(lines(count)), "".join(lines(count, " (edited)"))


def one_changed_line(count: int) -> tuple[str, str]:
    old = lines(count)
    new = old[:]
    new[count // 2] = "A line typed before the crash.\n"
    return "".join(old), "".join(new)


def two_line_alphabet(count: int) -> tuple[str, str]:
    """Only two distinct lines, in random order: the hardest input for a line diff."""
    chooser = random.Random(26)
    old = [chooser.choice(("a\n", "b\n")) for _ in range(count)]
    new = [chooser.choice(("a\n", "b\n")) for _ in range(count)]
    return "".join(old), "".join(new)


def single_line(size: int) -> tuple[str, str]:
    old = "x" * size
    middle = size // 2
    return old, old[:middle] + "y" + old[middle + 1 :]


CASES: dict[str, Callable[[], tuple[str, str]]] = {
    "1000_paragraphs_all_changed": lambda: every_paragraph_changed(1000),
    "2000_paragraphs_all_changed": lambda: every_paragraph_changed(2000),
    "2000_paragraphs_shuffled": lambda: shuffled(2000),
    "100k_lines_all_changed": lambda: every_line_changed(100_000),
    "100k_lines_every_tenth_changed": lambda: every_tenth_line_changed(100_000),
    "100k_lines_one_changed": lambda: one_changed_line(100_000),
    "100k_lines_two_line_alphabet": lambda: two_line_alphabet(100_000),
    "20MB_single_line_one_char_changed": lambda: single_line(20_000_000),
}


def summary_child(name: str) -> dict[str, Any]:
    from datetime import datetime, timezone

    from editor.core.journal import DiskState, RecoveryEntry

    old, new = CASES[name]()
    with tempfile.TemporaryDirectory(prefix="galley-recovery-bench-") as home:
        post = Path(home) / "index.md"
        data = (FRONT + old).encode()
        post.write_bytes(data)
        base = DiskState.from_bytes(post, data)
        entry = RecoveryEntry(
            Path(home) / "x.galley-recovery",
            "bench",
            "k",
            post,
            "index.md",
            FRONT + new,
            datetime.now(timezone.utc),
            base,
        )
        started = time.perf_counter()
        sentence = entry.difference()
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "sentence": sentence, "timed_out": False}


def run_summary(name: str, timeout: float) -> dict[str, Any]:
    try:
        result = subprocess.run(
            [sys.executable, str(Path(__file__)), "--child", name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "sentence": None, "timed_out": True, "timeout_s": timeout}
    rows = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not rows:
        raise RuntimeError(f"{name} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(rows[-1])
    return data


def measure_write() -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from render import make_post  # the same issue-shaped post as bench/render.py

    from editor.core.journal import Journal
    from editor.core.post import Post

    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="galley-recovery-bench-") as home:
        journal = Journal(Path(home) / "recovery")
        try:
            for size, times in (("400KB", 100), ("4MB", 1000)):
                post = Post.parse(FRONT + make_post(times))
                writes, texts = [], []
                for _ in range(7):
                    started = time.perf_counter()
                    post.body = post.body + "x"  # a key typed: the text to write is new
                    text = post.dumps()
                    texts.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    journal.write(
                        "k", Path(home) / "index.md", text, display_name="index.md", base=None
                    )
                    writes.append(time.perf_counter() - started)
                report[size] = {
                    "bytes": len(text.encode()),
                    "write_ms": round(statistics.median(writes) * 1000, 2),
                    "write_max_ms": round(max(writes) * 1000, 2),
                    "text_ms": round(statistics.median(texts) * 1000, 2),
                    **measure_keeper(journal, Path(home), FRONT + make_post(times)),
                }
        finally:
            journal.close()
    return report


def measure_keeper(journal: Any, home: Path, text: str) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication

    from editor.state.document import Document
    from editor.state.recovery import RecoveryKeeper

    app = QCoreApplication.instance() or QCoreApplication([])
    post = home / "keeper.md"
    post.write_text(text, encoding="utf-8")
    document = Document.open(post)
    keeper = RecoveryKeeper(journal)
    keeper.track(document)
    flushes, timed = [], []
    for n in range(7):
        document.edit_lines(10, 1, [f"A key typed ({n})"])
        started = time.perf_counter()
        keeper.flush()
        flushes.append(time.perf_counter() - started)
        document.edit_lines(10, 1, [f"Another key typed ({n})"])
        started = time.perf_counter()
        keeper._timed_write()  # what the pause or the ceiling timer calls
        timed.append(time.perf_counter() - started)
        keeper.flush()  # waits for the background write: the next round starts idle
        app.processEvents()
    keeper.release()
    return {
        "flush_ms": round(statistics.median(flushes) * 1000, 2),
        "timed_main_ms": round(statistics.median(timed) * 1000, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per summary case")
    parser.add_argument("--cases", default=",".join(CASES), help="summary cases to run")
    parser.add_argument("--no-write", action="store_true", help="skip the write timings")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(summary_child(args.child)), flush=True)
        return 0
    os.environ.setdefault("PYTHONHASHSEED", "0")
    report: dict[str, Any] = {"summary": {}}
    for name in args.cases.split(","):
        report["summary"][name] = run_summary(name, args.timeout)
        if not args.json:
            print(f"{name}: {report['summary'][name]}", file=sys.stderr, flush=True)
    if not args.no_write:
        report["write"] = measure_write()
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
