"""Opening a big site: `Site.open` cold, `Site.refresh` warm, and the window's longest stall.

Usage: python bench/sites.py [--json] [--posts N] [--no-window]

Writes a Jekyll site of N posts (default 1,884, the size of a big real newsletter archive) in a
temporary folder: `_config.yml`, `_posts/YYYY/YYYY-MM-DD-slug.md` with YAML front matter and a
body of a few headings and paragraphs, a `_drafts/` post, images under `assets/img/`, and the
README and CONTRIBUTING a repository has. Then, each in a fresh process (so nothing is cached
but the disk's pages):

- `open_ms`: `Site.open(root)` (detecting Jekyll, listing `_posts` by its rules, reading every
  post's front matter and headings, grouping the series);
- `refresh_ms`: `Site.refresh()` right after, nothing changed (a listing and a stat per post);
- `refresh_one_changed_ms`: `Site.refresh()` after one post's text changed;
- `refresh_paths_ms`: `Site.refresh([post])`, as a file watcher would ask;
- with the window (offscreen): `window_max_stall_ms`, the largest gap between the ticks of a
  5 ms timer minus 5 ms, from opening the newest post until 2 s after its site was read (the
  window reads the site on the GUI thread, just after the preview's first paint), and
  `window_site_read_ms`, how long that read took.

Prints {"posts": N, "found": ..., "generator": "jekyll", "open_ms": ..., "refresh_ms": ...,
"refresh_one_changed_ms": ..., "refresh_paths_ms": ..., "window_max_stall_ms": ...,
"window_site_read_ms": ...}: medians of 3 runs for the core timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
BODY = """
Welcome to issue {n} of the Weekly Letter. This week: what changed, what broke, what is next.

## Merged last week

- A fix to the scheduler that kept retrying forever.
- A new option for the build cache, off by default.

![A chart of the week](/assets/img/{folder}/chart.png)

## Worth reading

A long paragraph about a talk given at a conference, with a [link](https://example.com/{n})
and some `code` in it, written to be about as long as a real newsletter's paragraph is, so that
reading a post costs what it costs on a real site.

## Events

Nothing this week.
"""


def make_site(root: Path, posts: int) -> Path:
    """A Jekyll site of ``posts`` posts, one a week back from 2026-08-21, in ``root``."""
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: The Weekly Letter\nmarkdown: kramdown\n")
    (root / "README.md").write_text("# The Weekly Letter\n\nThe site's source.\n")
    (root / "CONTRIBUTING.md").write_text("# Contributing\n\nSend a pull request.\n")
    (root / "index.md").write_text("---\nlayout: home\n---\n")
    (root / "_drafts").mkdir()
    (root / "_drafts" / "next-letter.md").write_text("---\ntitle: Next letter\n---\n")
    newest = dt.date(2026, 8, 21)
    for n in range(posts, 0, -1):
        day = newest - dt.timedelta(weeks=posts - n)
        folder = root / "_posts" / str(day.year)
        folder.mkdir(exist_ok=True)
        front = (
            f"---\ntitle: 'Weekly Letter #{n}'\ndate: {day.isoformat()} 09:00:00 +0000\n"
            f"tags: [letter, week-{n % 52}]\nauthor: Sam Rivera\n---\n"
        )
        name = f"{day.isoformat()}-weekly-letter-{n}.md"
        (folder / name).write_text(front + BODY.format(n=n, folder=n // 10), encoding="utf-8")
        if n % 10 == 0:
            images = root / "assets" / "img" / str(n // 10)
            images.mkdir(parents=True)
            (images / "chart.png").write_bytes(PNG)
    return root


def core_child(root: Path) -> dict[str, Any]:
    from editor.core.site import Site

    started = time.perf_counter()
    site = Site.open(root)
    open_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    site.refresh()
    refresh_ms = (time.perf_counter() - started) * 1000
    post = site.posts[len(site.posts) // 2].path
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    started = time.perf_counter()
    changed = site.refresh()
    refresh_one_ms = (time.perf_counter() - started) * 1000
    assert changed == {post}, changed
    started = time.perf_counter()
    site.refresh([post])
    refresh_paths_ms = (time.perf_counter() - started) * 1000
    return {
        "found": len(site.posts),
        "generator": site.generator.name if site.generator is not None else None,
        "open_ms": open_ms,
        "refresh_ms": refresh_ms,
        "refresh_one_changed_ms": refresh_one_ms,
        "refresh_paths_ms": refresh_paths_ms,
    }


def window_child(root: Path) -> dict[str, Any]:
    from editor.core import checkworker
    from editor.ui.preview import register_scheme

    checkworker.service().start()  # as editor.app.run does, before Qt grows the process
    register_scheme()
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from editor.core.journal import Journal
    from editor.core.site import Site
    from editor.state.settings import Settings
    from editor.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    home = Path(tempfile.mkdtemp(prefix="galley-sites-window-"))
    settings = Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    journal = Journal(home / "recovery")
    window = MainWindow(settings, journal=journal, backup_folder=home / "backups")
    window.resize(1400, 900)
    window.show()
    reads: list[float] = []
    real_open = Site.open.__func__  # type: ignore[attr-defined]

    def timed_open(cls: type[Site], *args: Any, **kwargs: Any) -> Site:
        started = time.perf_counter()
        try:
            return real_open(cls, *args, **kwargs)  # type: ignore[no-any-return]
        finally:
            reads.append((time.perf_counter() - started) * 1000)

    Site.open = classmethod(timed_open)  # type: ignore[method-assign, assignment]
    newest = max((root / "_posts").rglob("*.md"))
    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    probe.start()
    window.files.open_path(newest)
    deadline = time.perf_counter() + 120
    while not window.site_followed and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    settle = time.perf_counter() + 2.0
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.001)
    probe.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    found = window.site.site
    result = {
        "window_found": len(found.posts) if found is not None else None,
        "window_max_stall_ms": round(max(0.0, max(gaps, default=0.0) - 0.005) * 1000, 1),
        "window_site_read_ms": round(reads[0], 1) if reads else None,
    }
    window.document.revert()
    journal.close(clean=False)
    return result


def run_child(kind: str, root: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    home = Path(tempfile.mkdtemp(prefix="galley-sites-home-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(root)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    shutil.rmtree(home, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} run failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print only the JSON")
    parser.add_argument("--posts", type=int, default=1884)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-window", action="store_true", help="skip the window's stall")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, root = args.child
        sys.path.insert(0, str(ROOT))
        child = core_child if kind == "core" else window_child
        print(json.dumps(child(Path(root))))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="galley-sites-"))
    try:
        runs = []
        for run in range(args.runs):
            site = make_site(folder / f"site-{run}", args.posts)
            runs.append(run_child("core", site))
        report: dict[str, Any] = {"posts": args.posts, **runs[0]}
        for key in ("open_ms", "refresh_ms", "refresh_one_changed_ms", "refresh_paths_ms"):
            report[key] = round(statistics.median(r[key] for r in runs), 1)
        if not args.no_window:
            report.update(run_child("window", make_site(folder / "window", args.posts)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not args.json:
        for key, value in report.items():
            print(f"{key:>24}: {value}", file=sys.stderr)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
