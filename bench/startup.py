"""Start-up: `galley POST` until its first preview is painted (median of several runs).

Usage: python bench/startup.py [--json] [--runs N] [POST]
Runs the real command (`python -m editor POST`, offscreen) with GALLEY_STARTUP_PROBE set, which
makes the app print a line when the first preview page is ready and quit. The first run warms the
disk cache and is not counted; the app's modules are compiled first, as an install does.
Prints {"startup_s": median, "runs_s": [...]}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POST = ROOT / "resources/example-site/content/blog/writing-release-notes/index.md"


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env["GALLEY_STARTUP_PROBE"] = "1"
    return env


def once(post: Path, env: dict[str, str]) -> float:
    """Seconds from starting the process to its "preview ready" line."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "editor", str(post)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    try:
        for line in child.stderr:
            if "galley: preview ready" in line:
                elapsed = time.perf_counter() - started
                child.wait(30)
                return elapsed
    finally:
        child.kill()
        child.wait(30)
    raise RuntimeError("the app ended without showing its preview")


def compile_app() -> None:
    """Compile the app's modules to bytecode, as installing it does (pip compiles a wheel's
    modules; ``make`` compiles the checkout's). Without it, a machine that sets
    PYTHONDONTWRITEBYTECODE recompiles every module at each start (about 0.2 s)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "editor")], check=True)


def measure(post: Path = DEFAULT_POST, runs: int = 5) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="galley-bench-") as home:
        env = child_env(Path(home))
        compile_app()
        once(post, env)  # warm the disk cache
        times = [once(post, env) for _ in range(runs)]
    return {"startup_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("post", nargs="?", type=Path, default=DEFAULT_POST)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    result = measure(args.post, args.runs)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"galley POST to first preview: {result['startup_s']} s (median of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
