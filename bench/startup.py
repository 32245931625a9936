"""Start-up: `galley POST` until its first preview is ready, beside the bare stack (the floor).

Usage: python bench/startup.py [--json] [--runs N] [--galley-only] [--memory] [--cold] [--x11]
                               [POST]
Runs the real command (`python -m editor POST`, offscreen) and bench/floor_app.py (QMainWindow,
QSplitter, QPlainTextEdit and a QWebEngineView given the post rendered by markdown-it-py with
setHtml) on the same post with the same environment, GALLEY_STARTUP_PROBE set: each prints the
native windows it created and "galley: preview ready" on stderr when its preview is ready
(Galley: the page's QWebChannel is connected; the floor: the page's first animation frame),
then quits. Runs alternate, Galley then the floor; the first pair warms the disk cache and is
not counted. The app's modules are compiled first, as an install does.
Prints {"galley": {"startup_s": median, "runs_s": [...], "windows_created": max},
"floor": {...}, "ratio": galley / floor, "target_ratio": 1.15}.

--galley-only: Galley alone, as before ({"startup_s", "runs_s", "windows_created"}).
--memory: GALLEY_STARTUP_PROBE=memory keeps each app open; 6 s after its ready line, the PSS of
  its process and all its descendants (/proc/PID/smaps_rollup), by role ("window", "check
  worker", QtWebEngineProcess by its --type), then the tree is terminated. 3 runs each unless
  --runs; {"galley": {"pss_mb": median, "runs_mb", "processes": [{"role", "pss_mb"}] (of the
  median run), "windows_created"}, "floor": {...}, "ratio", "target_ratio": 1.10}.
--cold: every counted run gets a new empty XDG home (no caches, no settings, no spelling word
  list yet); plain runs share one home (warm). The result is under the key "cold".
--x11: a real X11 window on a virtual screen (Xvfb, QT_QPA_PLATFORM=xcb) instead of offscreen,
  where a top-level window made again for a GPU-composited child shows in windows_created.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POST = ROOT / "resources/example-site/content/blog/writing-release-notes/index.md"
FLOOR_APP = ROOT / "bench" / "floor_app.py"
READY = "galley: preview ready"
WINDOWS = "galley: windows created "
TARGET_RATIO = 1.15
TARGET_MEMORY_RATIO = 1.10
MEMORY_SETTLE_S = 6.0
READY_TIMEOUT_S = 120.0
"""An app not ready by then is killed (a modal dialog offscreen, say, waits for ever)."""
XDG = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
APPS = ("galley", "floor")


def child_env(home: Path, probe: str = "1", base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    for name in XDG:
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)  # as a desktop session has them
        env[name] = str(folder)
    env["GALLEY_STARTUP_PROBE"] = probe
    return env


def command(app: str, post: Path) -> list[str]:
    if app == "galley":
        return [sys.executable, "-m", "editor", str(post)]
    return [sys.executable, str(FLOOR_APP), str(post)]


class Started:
    """One app started with the probe, until its ready line (its stderr drained after it)."""

    def __init__(self, app: str, post: Path, env: dict[str, str]) -> None:
        self.app = app
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command(app, post),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.windows_created: int | None = None
        watchdog = threading.Timer(READY_TIMEOUT_S, self.process.kill)
        watchdog.start()
        try:
            self.elapsed = self._wait_ready()
        except BaseException:
            self.process.kill()
            self.process.wait(30)
            raise
        finally:
            watchdog.cancel()
        self._drain = threading.Thread(target=self._read_rest, daemon=True)
        self._drain.start()

    def _wait_ready(self) -> float:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            if line.startswith(WINDOWS):
                self.windows_created = int(line[len(WINDOWS) :])
            elif READY in line:
                return time.perf_counter() - self.started
        self.process.wait(30)
        raise RuntimeError(f"{self.app} ended ({self.process.returncode}) without its preview")

    def _read_rest(self) -> None:  # keeps a chatty app from blocking on a full pipe
        assert self.process.stderr is not None
        for _ in self.process.stderr:
            pass

    def stop(self, tree: Sequence[int] = ()) -> None:
        """Let the app quit (it does by itself unless the probe is "memory"): SIGTERM, then
        SIGKILL for it and the given descendants still running after 20 s."""
        if self.process.poll() is None and tree:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(20)
        deadline = time.monotonic() + 10
        for pid in tree:
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)


def once(post: Path, env: dict[str, str], app: str = "galley") -> float:
    """Seconds from starting the process to its "preview ready" line."""
    return run_once(app, post, env)[0]


def run_once(app: str, post: Path, env: dict[str, str]) -> tuple[float, int | None]:
    """(seconds to the ready line, native windows created) for one start of ``app``."""
    started = Started(app, post, env)
    try:
        return started.elapsed, started.windows_created
    finally:
        started.stop()


# Memory -----------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def parents() -> dict[int, int]:
    """Every process's parent, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                found[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
    return found


def descendants(root: int, parent_of: dict[int, int]) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parent_of.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def pss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def _engine_type(args: list[str]) -> str | None:
    """A QtWebEngineProcess's --type (None for any other program)."""
    if not args or Path(args[0]).name != "QtWebEngineProcess":
        return None
    for arg in args:
        if arg.startswith("--type="):
            return arg[len("--type=") :]
    return ""


def _threads(pid: int) -> set[str]:
    names = set()
    for task in Path(f"/proc/{pid}/task").glob("*/comm"):
        with contextlib.suppress(OSError):
            names.add(task.read_text().strip())
    return names


def role(pid: int, root: int, parents: dict[int, int]) -> str:
    """What a process of the app's tree is: "window" (the app's own), "check worker" (spawned,
    or forked by the window: then its command line is the window's), or a
    QtWebEngineProcess by its --type. A process the zygote forks keeps the zygote's command
    line: it is called "renderer" when it runs a compositor thread."""
    if pid == root:
        return "window"
    args = _cmdline(pid)
    if any("editor.core.checkworker" in arg for arg in args):
        return "check worker"
    if parents.get(pid) == root and args and args == _cmdline(root):
        return "check worker"  # forked from the window before Qt loaded (same command line)
    kind = _engine_type(args)
    if kind is None:
        return Path(args[0]).name if args and args[0] else "?"
    if kind == "zygote" and _engine_type(_cmdline(parents.get(pid, 0))) == "zygote":
        return "renderer" if "Compositor" in _threads(pid) else "zygote child"
    return kind or "QtWebEngineProcess"


def memory_once(app: str, post: Path, env: dict[str, str]) -> dict[str, Any]:
    started = Started(app, post, env)
    tree: list[int] = []
    try:
        time.sleep(MEMORY_SETTLE_S)
        parent_of = parents()
        tree = descendants(started.process.pid, parent_of)
        processes: list[dict[str, Any]] = []
        for pid in tree:
            pss = pss_mb(pid)
            if pss is not None:
                kind = role(pid, started.process.pid, parent_of)
                processes.append({"role": kind, "pss_mb": round(pss, 1)})
    finally:
        started.stop(tree or [started.process.pid])
    processes.sort(key=lambda p: (p["role"] != "window", -p["pss_mb"]))
    total = sum(p["pss_mb"] for p in processes)
    return {
        "pss_mb": round(total, 1),
        "processes": processes,
        "windows_created": started.windows_created,
    }


# Runs -------------------------------------------------------------------------------------


def compile_app() -> None:
    """Compile the app's modules to bytecode, as installing it does (pip compiles a wheel's
    modules; ``make`` compiles the checkout's). Without it, a machine that sets
    PYTHONDONTWRITEBYTECODE recompiles every module at each start (about 0.2 s)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "editor")], check=True)


@contextlib.contextmanager
def homes(cold: bool) -> Iterator[Callable[[], Path]]:
    """A function giving the home for the next run: the same one (warm), or a new one (cold)."""
    with tempfile.TemporaryDirectory(prefix="galley-bench-") as base:
        count = 0

        def next_home() -> Path:
            nonlocal count
            count += 1
            if not cold:
                return Path(base) / "home"
            shutil.rmtree(Path(base) / f"home-{count - 1}", ignore_errors=True)  # the last run's
            return Path(base) / f"home-{count}"

        yield next_home


def _max_windows(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _startup_summary(results: list[Any]) -> dict[str, Any]:
    times = [t for t, _ in results]
    return {
        "startup_s": round(statistics.median(times), 3),
        "runs_s": [round(t, 3) for t in times],
        "windows_created": _max_windows([w for _, w in results]),
    }


def _memory_summary(results: list[Any]) -> dict[str, Any]:
    totals = [r["pss_mb"] for r in results]
    middle = sorted(results, key=lambda r: r["pss_mb"])[(len(results) - 1) // 2]
    return {
        "pss_mb": round(statistics.median(totals), 1),
        "runs_mb": [round(t, 1) for t in totals],
        "processes": middle["processes"],
        "windows_created": _max_windows([r["windows_created"] for r in results]),
    }


def compare(
    post: Path = DEFAULT_POST,
    runs: int = 5,
    apps: Sequence[str] = APPS,
    memory: bool = False,
    cold: bool = False,
    base_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Start the apps in turn (G F G F ...; the first round is a warm-up) ``runs`` times each."""
    probe = "memory" if memory else "1"
    one: Callable[[str, Path, dict[str, str]], Any] = memory_once if memory else run_once
    results: dict[str, list[Any]] = {app: [] for app in apps}
    compile_app()
    with homes(cold) as next_home:
        for round_ in range(runs + 1):
            for app in apps:
                outcome = one(app, post, child_env(next_home(), probe, base_env))
                if round_ > 0:
                    results[app].append(outcome)
    summarise = _memory_summary if memory else _startup_summary
    report: dict[str, Any] = {app: summarise(results[app]) for app in apps}
    if set(apps) == set(APPS):
        key = "pss_mb" if memory else "startup_s"
        report["ratio"] = round(report["galley"][key] / report["floor"][key], 3)
        report["target_ratio"] = TARGET_MEMORY_RATIO if memory else TARGET_RATIO
    return report


def measure(post: Path = DEFAULT_POST, runs: int = 5) -> dict[str, Any]:
    """Galley alone: {"startup_s": median, "runs_s": [...], "windows_created": max}."""
    result: dict[str, Any] = compare(post, runs, apps=("galley",))["galley"]
    return result


# X11 --------------------------------------------------------------------------------------


@contextlib.contextmanager
def x11_display() -> Iterator[dict[str, str]]:
    """An Xvfb screen for the runs: the environment that points Qt at it."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("--x11 needs Xvfb")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as answer:
            number = answer.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start")
        env = dict(os.environ)
        env.update(DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
        yield env
    finally:
        server.terminate()
        server.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("post", nargs="?", type=Path, default=DEFAULT_POST)
    parser.add_argument("--runs", type=int, help="counted runs of each app (5; 3 with --memory)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--galley-only", action="store_true", help="Galley alone, no floor")
    parser.add_argument("--memory", action="store_true", help="PSS of every process, 6 s in")
    parser.add_argument("--cold", action="store_true", help="a new empty home for every run")
    parser.add_argument("--x11", action="store_true", help="under Xvfb instead of offscreen")
    args = parser.parse_args()
    runs = args.runs or (3 if args.memory else 5)
    apps = ("galley",) if args.galley_only else APPS
    with contextlib.ExitStack() as stack:
        base_env = stack.enter_context(x11_display()) if args.x11 else None
        report = compare(args.post.absolute(), runs, apps, args.memory, args.cold, base_env)
    result: dict[str, Any] = report["galley"] if args.galley_only else report
    if args.cold:
        result = {"cold": result}
    if args.json:
        print(json.dumps(result))
        return 0
    key, unit = ("pss_mb", "MB PSS") if args.memory else ("startup_s", "s to first preview")
    for app in apps:
        entry = report[app]
        assert isinstance(entry, dict)
        print(
            f"{app}: {entry[key]} {unit} (median of {runs}"
            f"{', cold' if args.cold else ''}), {entry['windows_created']} native window(s)"
        )
        for process in entry.get("processes", []):
            print(f"  {process['role']}: {process['pss_mb']} MB")
    if "ratio" in report:
        print(f"galley / floor: {report['ratio']} (target {report['target_ratio']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
