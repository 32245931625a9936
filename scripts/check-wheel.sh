#!/bin/sh
# Check that 'pip install galley-editor' gives a working Galley: build the wheel from the
# project's files (as a clean clone has them, plus uncommitted changes), install it with its
# dependencies into a fresh virtual environment, then, from outside the source tree, run the
# installed 'galley': --version, render and export a post, start the app offscreen until its
# first preview is painted, and install/validate/uninstall its desktop entry.
#   scripts/check-wheel.sh [PYTHON]    PYTHON builds the wheel and makes the virtual environment
#                                      (default: .venv/bin/python, else python3)
# Dependencies come from PyPI (pip's cache makes a second run quick). Exits 1 on any failure,
# saying which step failed and showing its output. GALLEY_KEEP_WHEEL_CHECK=1 keeps the folder.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
python=${1:-}
if [ -z "$python" ]; then
    if [ -x "$root/.venv/bin/python" ]; then python=$root/.venv/bin/python; else python=python3; fi
fi
started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/galley-wheel-check.XXXXXX")
log=$work/step.log

cleanup() {
    if [ -n "${GALLEY_KEEP_WHEEL_CHECK:-}" ]; then
        echo "check-wheel: kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { echo "check-wheel: $*"; }

# fail WHAT [ADVICE]: say what failed and what to do, show the step's output, exit 1.
fail() {
    echo "check-wheel: FAILED: $1" >&2
    [ $# -gt 1 ] && echo "  $2" >&2
    if [ -s "$log" ]; then
        echo "  Its output (last 40 lines):" >&2
        tail -n 40 "$log" | sed 's/^/  | /' >&2
    fi
    exit 1
}

# run COMMAND...: run a command with its output in the step log; its exit status is returned.
run() { "$@" >"$log" 2>&1; }

command -v desktop-file-validate >/dev/null 2>&1 ||
    fail "desktop-file-validate is not installed, so the desktop entry cannot be checked." \
        "On Debian/Ubuntu: sudo apt-get install desktop-file-utils (or run: sh scripts/system-deps.sh test)"
command -v timeout >/dev/null 2>&1 ||
    fail "the 'timeout' command (coreutils) is missing." "Install coreutils, then run this again."
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null ||
    fail "$python is not Python 3.10 or newer." "Pass another interpreter: scripts/check-wheel.sh PYTHON"

# 1. The project's files, as a clean clone has them (plus changes not yet committed): never the
#    build/, *.egg-info or .venv left in the working tree, which could hide a packaging mistake.
step "copying the project's files into $work/src"
mkdir "$work/src"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$root" ls-files -z --cached --others --exclude-standard >"$work/files" ||
        fail "git could not list the project's files."
else
    : >"$work/files"  # not a git checkout (an unpacked source archive): copy the folder
fi
run "$python" - "$root" "$work/src" "$work/files" <<'EOF' || fail "could not copy the project's files."
import shutil, sys
from pathlib import Path
root, dest, listing = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]).read_bytes()
if listing:
    for name in filter(None, listing.split(b"\0")):
        source = root / name.decode()
        if source.is_file():  # tracked files deleted in the working tree are skipped
            (dest / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name.decode())
else:
    skip = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                  ".*_cache", ".hypothesis")
    shutil.copytree(root, dest, ignore=skip, dirs_exist_ok=True)
EOF

# 2. The wheel, built as 'pip wheel' builds it for anyone (isolated build environment).
step "building the wheel"
run "$python" -m pip wheel --no-deps --disable-pip-version-check -w "$work/dist" "$work/src" ||
    fail "the wheel could not be built." "Read pip's output below; pyproject.toml is the usual place."
set -- "$work"/dist/galley_editor-*.whl
[ $# -eq 1 ] && [ -f "$1" ] || fail "pip did not produce exactly one galley_editor wheel in $work/dist."
wheel=$1
version=$(basename "$wheel" | cut -d- -f2)
run "$python" - "$wheel" <<'EOF' || fail "the wheel lacks files Galley needs." "Check [tool.setuptools] package-data in pyproject.toml."
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
needed = ["editor/__main__.py", "editor/ui/main_window.py", "editor/core/post.py",
          "editor/state/document.py", "editor/ui/editing/markdown_edit.py",
          "editor/resources/preview/preview.css",
          "editor/resources/preview/preview.js", "editor/resources/templates/issue.md",
          "editor/resources/galley.desktop", "editor/resources/icons/galley.svg"]
needed += [f"editor/resources/icons/galley-{size}.png" for size in (16, 32, 48, 64, 128, 256)]
missing = [name for name in needed if name not in names]
for name in missing:
    print("missing from the wheel:", name)
sys.exit(1 if missing else 0)
EOF
step "built $(basename "$wheel")"

# 3. A fresh virtual environment with the wheel and its dependencies from PyPI.
step "installing it into a fresh virtual environment (dependencies from PyPI)"
run "$python" -m venv "$work/venv" ||
    fail "could not create a virtual environment." "On Debian/Ubuntu: sudo apt-get install python3-venv"
bin=$work/venv/bin
run "$bin/python" -m pip install --disable-pip-version-check "$wheel" ||
    fail "pip could not install the wheel and its dependencies." \
        "Check the network connection to PyPI and the dependency list in pyproject.toml."
[ -x "$bin/galley" ] || fail "installing the wheel did not create the 'galley' command."

# 4. The installed app, from outside the source tree, with throwaway per-user folders.
mkdir -p "$work/run" "$work/home"
cd "$work/run"
unset PYTHONPATH PYTHONHOME PYTHONSTARTUP
export XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
export XDG_STATE_HOME="$work/home/state" XDG_CACHE_HOME="$work/home/cache"

run "$bin/python" -c 'import editor; print(editor.__file__)' ||
    fail "the installed package 'editor' does not import."
case $(cat "$log") in
    "$work/venv/"*) ;;
    *) fail "'editor' was imported from $(cat "$log"), not from the new environment." ;;
esac

step "galley --version"
run "$bin/galley" --version || fail "'galley --version' did not run."
[ "$(cat "$log")" = "galley $version" ] ||
    fail "'galley --version' printed '$(cat "$log")', not 'galley $version' as the wheel's name says."

cat >post.md <<'EOF'
---
title: Wheel check weekly
date: 2024-05-06
tags: [packaging]
---
# Shipping it

Galley installed **from a wheel** renders this post.

```python
print("hello")
```
EOF
step "galley render post.md"
run "$bin/galley" render post.md -o page.html || fail "'galley render' failed."
for needle in "<title>Wheel check weekly</title>" "Galley preview page" "<strong>from a wheel</strong>" \
    'class="highlight"'; do
    grep -qF "$needle" page.html ||
        fail "the rendered page lacks '$needle'." "The bundled resources or the renderer are missing from the install."
done
step "galley export post.md"
run "$bin/galley" export post.md -o email.html || fail "'galley export' failed."
grep -qF "from a wheel" email.html || fail "the exported page lacks the post's text."

step "starting the installed app offscreen until its first preview is painted"
[ "$(id -u)" -eq 0 ] && export QTWEBENGINE_DISABLE_SANDBOX=1
status=0
QT_QPA_PLATFORM=offscreen GALLEY_STARTUP_PROBE=1 QTWEBENGINE_CHROMIUM_FLAGS=--disable-gpu \
    timeout -k 10 180 "$bin/galley" post.md >"$log" 2>&1 || status=$?
[ "$status" -ne 124 ] || fail "the app did not show its first preview within 180 seconds."
grep -q "galley: preview ready" "$log" ||
    fail "the app exited (status $status) without showing its first preview." \
        "Missing system libraries for Qt? Run: sh scripts/system-deps.sh test"
[ "$status" -eq 0 ] || fail "the app showed its preview but then exited with status $status."

step "galley --install-desktop-entry (into a throwaway XDG_DATA_HOME)"
run "$bin/galley" --install-desktop-entry || fail "'galley --install-desktop-entry' failed."
cp "$log" installed.txt
entry=$XDG_DATA_HOME/applications/galley.desktop
[ "$(head -n 1 installed.txt)" = "$entry" ] || fail "the desktop entry was not written to $entry."
while read -r file; do
    [ -s "$file" ] || fail "'galley --install-desktop-entry' listed $file, but it is not there."
done <installed.txt
[ "$(wc -l <installed.txt)" -eq 8 ] || fail "expected the entry and 7 icons, got: $(tr '\n' ' ' <installed.txt)"
run desktop-file-validate "$entry" || fail "desktop-file-validate rejects $entry."
! grep -q "error:" "$log" || fail "desktop-file-validate reports errors in $entry."
exec_line=$(sed -n 's/^Exec=//p' "$entry")
[ "$exec_line" = "$bin/galley %F" ] ||
    fail "the desktop entry runs '$exec_line', not the installed '$bin/galley %F'."
run "$bin/galley" --uninstall-desktop-entry || fail "'galley --uninstall-desktop-entry' failed."
while read -r file; do
    [ ! -e "$file" ] || fail "'galley --uninstall-desktop-entry' left $file behind."
done <installed.txt

step "all good: galley $version installs from its wheel and works ($(($(date +%s) - started)) s)"
