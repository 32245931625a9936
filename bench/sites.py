"""Opening a big site: `Site.open` cold, `Site.refresh` warm, and the window's longest stall.

Usage: python bench/sites.py [--json] [--posts N] [--runs N] [--no-window] [--no-core]
       [--tree PATH]

Writes a Jekyll site of N posts (default 1,884, the size of a big real newsletter archive) in a
temporary folder: `_config.yml`, `_posts/YYYY/YYYY-MM-DD-slug.md` with YAML front matter and a
body of a few headings and paragraphs, a `_drafts/` post, images under `assets/img/`, and the
README and CONTRIBUTING a repository has. Then, each in a fresh process (so nothing is cached
but the disk's pages), `--runs` times (default 3; medians reported):

- `open_ms`: `Site.open(root)` (detecting Jekyll, listing `_posts` by its rules, reading every
  post's front matter and headings, grouping the series);
- `refresh_ms`: `Site.refresh()` right after, nothing changed (a listing and a stat per post);
- `refresh_one_changed_ms`: `Site.refresh()` after one post's text changed;
- `refresh_paths_ms`: `Site.refresh([post])`, as a file watcher would ask;
- the window (offscreen, on its real event loop) opening the newest post, with a 5 ms timer
  ticking from just before the post is opened until 1 s after the Posts panel lists every
  post. A stall is the gap between two ticks minus 5 ms:
  `window_max_stall_ms` (the whole time), `window_max_stall_after_page_ms` (from the preview's
  first page on: the site's part), `window_max_stall_reading_ms` (while `Site.open` ran) and
  `window_max_stall_listing_ms` (from the site read to every post listed);
  `window_listed_ms` (from opening the post to every post listed), `window_site_read_ms` (how
  long `Site.open` took) and `window_site_read_on_gui_thread`. A second later a word is typed
  and the post saved: `window_save_max_stall_ms` is the longest stall in the 1.5 s from the
  save (the site read again and its posts listed again). For the longest stall after
  the page, `..._cpu_ms` is the GUI thread's own CPU time in it and `..._queued_ms` the time
  it was runnable but waited for a core (Linux); the rest it waited for the interpreter lock
  (or for I/O).
  `load_average` says how busy the machine was. `window_runs` lists every run.

`--tree PATH` measures another source tree's code with this script (for a before/after: `git
archive main | tar -x -C /tmp/before`); `GALLEY_BENCH_SWITCH_INTERVAL=0.001` sets the
interpreter's switch interval in the window's process.
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
import threading
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


def window_child(root: Path, expected: int) -> dict[str, Any]:
    """The window opens the newest post of the site at ``root`` (``expected`` posts): the
    ticks of a 5 ms timer from just before the post is opened until 1 s after the Posts panel
    lists every post, then 1.5 s after a save, on the real event loop (``app.exec``)."""
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

    if os.environ.get("GALLEY_BENCH_SWITCH_INTERVAL"):
        sys.setswitchinterval(float(os.environ["GALLEY_BENCH_SWITCH_INTERVAL"]))
    app = QApplication(sys.argv[:1])
    home = Path(tempfile.mkdtemp(prefix="galley-sites-window-"))
    settings = Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    journal = Journal(home / "recovery")
    window = MainWindow(settings, journal=journal, backup_folder=home / "backups")
    window.resize(1400, 900)
    window.show()
    for _ in range(20):  # the empty window painted, before the clock starts
        app.processEvents()
        time.sleep(0.01)
    reads: list[tuple[float, float, bool]] = []  # (start, end, on the GUI thread)
    real_open = Site.open.__func__  # type: ignore[attr-defined]
    gui_thread = threading.get_ident()

    def timed_open(cls: type[Site], *args: Any, **kwargs: Any) -> Site:
        started = time.perf_counter()
        try:
            return real_open(cls, *args, **kwargs)  # type: ignore[no-any-return]
        finally:
            reads.append((started, time.perf_counter(), threading.get_ident() == gui_thread))

    Site.open = classmethod(timed_open)  # type: ignore[method-assign, assignment]
    newest = max((root / "_posts").rglob("*.md"))
    ticks: list[float] = []
    cpu: dict[float, float] = {}  # tick → the GUI thread's CPU time then
    marks: dict[str, float] = {}
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)

    queued: dict[float, float] = {}  # tick → the GUI thread's time runnable but not run
    schedstat = _schedstat()

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(now)
        cpu[now] = time.thread_time()
        if schedstat is not None:
            queued[now] = schedstat()

    probe.timeout.connect(tick)
    window.preview.page_ready.connect(lambda: marks.setdefault("page", time.perf_counter()))
    posts = window.docks.posts

    def check() -> None:
        if "listed" not in marks:
            if window.site_followed and posts.list.topLevelItemCount() >= expected:
                marks["listed"] = time.perf_counter()
                QTimer.singleShot(1000, save)
            elif time.perf_counter() - marks["open"] > 120:
                app.quit()

    def save() -> None:
        """A word typed and the post saved: the site is read again and listed."""
        window.editor.textCursor().insertText("Saved. ")
        marks["save"] = time.perf_counter()
        window.files.save()
        QTimer.singleShot(1500, app.quit)

    checker = QTimer(interval=10)
    checker.timeout.connect(check)

    def begin() -> None:
        marks["open"] = time.perf_counter()
        window.files.open_path(newest)
        checker.start()

    probe.start()
    QTimer.singleShot(50, begin)
    app.exec()
    probe.stop()
    checker.stop()
    if "listed" not in marks:
        raise RuntimeError(f"the Posts panel did not list {expected} posts in 2 minutes")

    def stalls(since: float, until: float = float("inf")) -> list[float]:
        inside = [t for t in ticks if since <= t <= until]
        gaps = [b - a for a, b in itertools.pairwise(inside)]
        return sorted((max(0.0, gap - 0.005) * 1000 for gap in gaps), reverse=True)

    def worst(since: float, until: float = float("inf")) -> float:
        return round(max(stalls(since, until), default=0.0), 1)

    def worst_busy(since: float, until: float) -> float:
        """The GUI thread's own CPU time in its longest stall (the rest of the stall it
        waited: for the interpreter lock, or for a core the other processes had)."""
        pairs = list(itertools.pairwise(t for t in ticks if since <= t <= until))
        if not pairs:
            return 0.0
        a, b = max(pairs, key=lambda pair: pair[1] - pair[0])
        return round((cpu[b] - cpu[a]) * 1000, 1)

    def worst_queued(since: float, until: float) -> float | None:
        """How long the GUI thread waited for a core in its longest stall (Linux)."""
        pairs = list(itertools.pairwise(t for t in ticks if since <= t <= until))
        if not pairs or not queued:
            return None
        a, b = max(pairs, key=lambda pair: pair[1] - pair[0])
        return round((queued[b] - queued[a]) * 1000, 1)

    page = marks.get("page", marks["open"])
    after_page = stalls(page, marks["save"])
    read = reads[0] if reads else None
    read_start, read_end = (read[0], read[1]) if read else (page, page)
    found = window.site.site
    result = {
        "window_found": len(found.posts) if found is not None else None,
        "window_max_stall_ms": worst(marks["open"], marks["save"]),  # opening → listed + 1 s
        "window_save_max_stall_ms": worst(marks["save"]),  # a save, and 1.5 s after it
        "window_max_stall_after_page_ms": worst(page, marks["save"]),  # the site's part
        "window_max_stall_reading_ms": worst(read_start, read_end),  # while Site.open ran
        "window_max_stall_listing_ms": worst(read_end, marks["listed"]),  # read → listed
        "window_stalls_after_page_ms": [round(x, 1) for x in after_page[:5]],
        "window_longest_stall_after_page_cpu_ms": worst_busy(page, marks["save"]),
        "window_longest_stall_after_page_queued_ms": worst_queued(page, marks["save"]),
        "window_listed_ms": round((marks["listed"] - marks["open"]) * 1000),
        "window_page_ms": round((page - marks["open"]) * 1000),
        "window_site_read_ms": round((read_end - read_start) * 1000, 1) if read else None,
        "window_read_to_listed_ms": round((marks["listed"] - read_end) * 1000) if read else None,
        "window_site_read_on_gui_thread": read[2] if read else None,
        "switch_interval_ms": round(sys.getswitchinterval() * 1000, 2),
        "load_average": os.getloadavg()[0],
    }
    window.document.revert()
    journal.close(clean=False)
    return result


def _schedstat() -> Any:
    """A function giving the calling thread's time spent runnable but waiting for a core, in
    seconds (the second field of Linux's /proc/thread-self/schedstat), or None elsewhere."""
    try:
        fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except OSError:
        return None

    def waited() -> float:
        return int(os.pread(fd, 100, 0).split()[1]) / 1e9

    return waited


def run_child(kind: str, root: Path, *extra: str, tree: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    home = Path(tempfile.mkdtemp(prefix="galley-sites-home-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    if tree is not None:  # another tree's code, measured by this script
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(root), *extra],
        cwd=tree or ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    shutil.rmtree(home, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} run failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


WINDOW_MEDIANS = (
    "window_max_stall_ms",
    "window_save_max_stall_ms",
    "window_max_stall_after_page_ms",
    "window_max_stall_reading_ms",
    "window_max_stall_listing_ms",
    "window_read_to_listed_ms",
    "window_listed_ms",
    "window_page_ms",
    "window_site_read_ms",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print only the JSON")
    parser.add_argument("--posts", type=int, default=1884)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-window", action="store_true", help="skip the window's stall")
    parser.add_argument("--no-core", action="store_true", help="skip the core timings")
    parser.add_argument("--tree", type=Path, help="measure the code of this source tree")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, root, *extra = args.child
        sys.path.insert(0, str(Path.cwd()))  # (the tree measured: this one, or --tree)
        if kind == "core":
            print(json.dumps(core_child(Path(root))))
        else:
            print(json.dumps(window_child(Path(root), int(extra[0]))))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="galley-sites-"))
    tree = args.tree.resolve() if args.tree is not None else None
    report: dict[str, Any] = {"posts": args.posts}
    try:
        if not args.no_core:
            runs = []
            for run in range(args.runs):
                site = make_site(folder / f"site-{run}", args.posts)
                runs.append(run_child("core", site, tree=tree))
            report.update(runs[0])
            for key in ("open_ms", "refresh_ms", "refresh_one_changed_ms", "refresh_paths_ms"):
                report[key] = round(statistics.median(r[key] for r in runs), 1)
        if not args.no_window:
            expected = report.get("found", args.posts + 1)  # (the posts and the draft)
            windows = []
            for run in range(args.runs):
                site = make_site(folder / f"window-{run}", args.posts)
                windows.append(run_child("window", site, str(expected), tree=tree))
            report.update(windows[0])
            for key in WINDOW_MEDIANS:
                values = [w[key] for w in windows if w.get(key) is not None]
                report[key] = round(statistics.median(values), 1) if values else None
            report["window_runs"] = windows
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not args.json:
        for key, value in report.items():
            print(f"{key:>32}: {value}", file=sys.stderr)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
