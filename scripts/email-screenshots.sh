#!/usr/bin/env bash
# Screenshots of the preview's e-mail views (phone, Gmail-app dark mode, desktop, Apple Mail dark,
# images off, plain text) from the real window on a virtual screen (Xvfb).
#   scripts/email-screenshots.sh [OUT_DIR] [--all]   (default: resources/screenshots; the
#   README's email-phone.png and email-dark.png, with --all four more to look at)
# Needs Debian's xvfb and imagemagick, and `make run`'s .venv.
set -eu
cd "$(dirname "$0")/.."
all=
if [ "${1:-}" = --all ]; then all=--all; shift; fi
if [ "${2:-}" = --all ]; then all=--all; fi
out=$(realpath -m "${1:-resources/screenshots}")
work=$(mktemp -d /tmp/galley-email-shots.XXXXXX)
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
export XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache
mkdir -p "$HOME"
for n in $(seq 80 99); do [ -e /tmp/.X11-unix/X$n ] || { display=:$n; break; }; done
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
export DISPLAY=$display QT_QPA_PLATFORM=xcb QTWEBENGINE_DISABLE_SANDBOX=1
sleep 1
.venv/bin/python scripts/email-screenshots.py "$out" $all
