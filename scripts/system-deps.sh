#!/bin/sh
# Install the Debian/Ubuntu libraries Qt and QtWebEngine need (see docs: PREVIEW.md), if missing.
#   scripts/system-deps.sh test   libraries for the offscreen tests, desktop-file-utils
#                                 (desktop-file-validate checks the desktop entry) and
#                                 poppler-utils (pdftotext reads back an exported PDF)
#   scripts/system-deps.sh run    plus what a real window on an X11/Wayland desktop needs and a
#                                 colour emoji font
# As root it installs them with apt-get; otherwise it prints the exact command to run.
# On systems without dpkg (not Debian/Ubuntu) it does nothing.
set -eu
purpose=${1:-test}

widgets="libgl1 libegl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libxkbcommon0 libx11-6"
webengine="libnss3 libnspr4 libasound2 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 \
libxext6 libxfixes3 libxcb1 libxcb-dri3-0 libgbm1 libbrotli1"
window="libx11-xcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 \
libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0"
tools="desktop-file-utils poppler-utils"
# File > Print: Qt's CUPS plugin lists the printers (without it the print dialog offers none).
printing="libcups2"
# Emoji in posts (":tada:" sites, pasted 🎉) show as glyphs, not boxes, in the editor and preview.
fonts="fonts-noto-color-emoji"

wanted="$widgets $webengine $printing"
[ "$purpose" = test ] && wanted="$wanted $tools"
[ "$purpose" = run ] && wanted="$wanted $window $fonts"

command -v dpkg-query >/dev/null 2>&1 || exit 0

installed() {
    dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q "ok installed"
}

missing=""
for pkg in $wanted; do
    # Debian 13 and Ubuntu 24.04 renamed some libraries for the 64-bit time_t transition.
    if installed "$pkg" || installed "${pkg}t64"; then
        continue
    fi
    missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "Galley needs these system packages (Qt's libraries; tools for the tests):" >&2
    echo "    sudo apt-get install -y --no-install-recommends$missing" >&2
    echo "Run that command, then run make again." >&2
    exit 1
fi

echo "Installing system packages:$missing"
apt-get update -qq
resolved=""
for pkg in $missing; do
    if apt-cache show "$pkg" >/dev/null 2>&1 && [ -n "$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}' | grep -v none)" ]; then
        resolved="$resolved $pkg"
    else
        resolved="$resolved ${pkg}t64"
    fi
done
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $resolved >/dev/null
