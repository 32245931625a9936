#!/usr/bin/env bash
# Take the README's screenshots from the real app on a virtual screen (Xvfb), driven with xdotool
# as a person would drive it: the welcome page, the window on an example post, dropping an image
# from another application (a real X11 drag and drop), Preferences, and a misspelled word's
# context menu, the Format menu, page 1 of File ▸ Export ▸ PDF…, and a Hugo and a Jekyll post.
#   scripts/readme-screenshots.sh [OUT_DIR]        (default: resources/screenshots)
# Needs Debian's xvfb, xdotool, imagemagick and poppler-utils, and `make run`'s .venv.
set -eu
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-resources/screenshots}")
mkdir -p "$out"
work=$(mktemp -d /tmp/galley-shots.XXXXXX)
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
export XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache
mkdir -p "$HOME"
cp -r resources/example-site "$work/site"
post=$work/site/content/blog/galley-weekly-2-plugins-and-meetups/index.md
python=$PWD/.venv/bin/python
galley=$PWD/.venv/bin/galley
"$python" - "$work/Release Dashboard.png" <<'PY'
import sys
from PIL import Image, ImageDraw
image = Image.new("RGB", (960, 540), "#fbfaf7")
draw = ImageDraw.Draw(image)
draw.rectangle((0, 0, 960, 64), fill="#1f3a5f")
draw.text((28, 22), "Release dashboard  -  week 26", fill="white")
for n, (height, colour) in enumerate([(180, "#4e79a7"), (260, "#59a14f"), (220, "#f28e2b"),
                                      (330, "#e15759"), (290, "#76b7b2"), (380, "#edc948")]):
    left = 90 + n * 135
    draw.rectangle((left, 480 - height, left + 90, 480), fill=colour)
draw.line((60, 480, 900, 480), fill="#555", width=2)
image.save(sys.argv[1])
PY

for n in $(seq 80 99); do [ -e /tmp/.X11-unix/X$n ] || { display=:$n; break; }; done
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display QT_QPA_PLATFORM=xcb QTWEBENGINE_DISABLE_SANDBOX=1
app=
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
sleep 1

window_of() {  # the first visible window of process $1
  for _ in $(seq 1 60); do
    w=$(xdotool search --onlyvisible --pid "$1" 2>/dev/null | head -1)
    [ -n "$w" ] && { echo "$w"; return; }
    sleep 0.5
  done
  echo "no window from process $1; its log:" >&2; tail -20 "$work/log" >&2; exit 1
}
start() {  # start galley with arguments, full screen, focused
  "$galley" "$@" >>"$work/log" 2>&1 &
  app=$!
  win=$(window_of "$app")
  xdotool windowsize "$win" 1400 900 windowmove "$win" 0 0 windowfocus --sync "$win"
}
stop() { kill "$app"; wait "$app" 2>/dev/null || true; app=; }
shot() { import -window root "$out/$1"; echo "saved $out/$1"; }

# 1. The very first start: the welcome page.
start
sleep 3
shot welcome.png
stop

# 2. The window on an example post, just after typing a line at its end.
start "$post"
sleep 7
xdotool key ctrl+End Return
xdotool type --delay 25 "PS: see you at the meetup!"
sleep 2
shot window.png

# 3. Dropping an image from another application onto the editor.
xdotool key ctrl+Home
"$python" scripts/drag-source.py "$work/Release Dashboard.png" 40 720 >>"$work/log" 2>&1 &
source=$!
window_of "$source" >/dev/null
sleep 1.5
shot drop-1.png
xdotool mousemove 130 790 mousedown 1
for x in 160 220 300 380 440 480; do xdotool mousemove "$x" $((790 - (x - 130))); sleep 0.15; done
sleep 0.5
shot drop-2.png
xdotool mouseup 1
sleep 3
shot drop-3.png
kill "$source" 2>/dev/null || true
convert -delay 180 -loop 0 "$out/drop-1.png" "$out/drop-2.png" -delay 400 "$out/drop-3.png" \
  -resize 1000x "$out/drop-image.gif"
echo "saved $out/drop-image.gif"

# 4. Preferences (Edit ▸ Preferences, Ctrl+,).
xdotool windowfocus --sync "$win"
sleep 0.5
xdotool key ctrl+comma
sleep 2
shot preferences.png
xdotool key Escape

# 5. Spelling: a misspelled word typed at the end, right-clicked for its corrections.
sleep 0.5
xdotool key ctrl+End Return
xdotool type --delay 25 "We recieve Kuberentes news."
sleep 1.5
xdotool mousemove "${SPELL_X:-325}" "${SPELL_Y:-720}" click 3
sleep 1
shot spelling.png
xdotool key Escape

# 6. The Format menu (Alt+O).
sleep 0.5
xdotool key alt+o
sleep 1
shot format-menu.png
xdotool key Escape Escape

# 7. File ▸ Export ▸ PDF…: its suggested name in the post's folder, then page 1 as a picture.
pdf=$(dirname "$post")/$(basename "$(dirname "$post")").pdf
sleep 0.5
xdotool key alt+f
sleep 0.5
xdotool key e
sleep 0.5
xdotool key p
sleep 2
xdotool key Return
for _ in $(seq 1 40); do [ -s "$pdf" ] && break; sleep 0.5; done
sleep 1
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "$out/pdf-page"
echo "saved $out/pdf-page.png"
stop

# 8. Other generators' sites: a Hugo and a Jekyll post of the test fixture sites, as they open
# (with fresh settings: the window killed above left its typing to recover, which would ask).
export XDG_CONFIG_HOME=$work/config2 XDG_DATA_HOME=$work/data2 XDG_STATE_HOME=$work/state2
cp -r tests/fixtures/sites/hugo "$work/hugo"
cp -r tests/fixtures/sites/jekyll "$work/jekyll"
start "$work/hugo/content/posts/low-tide-walks/index.md"
sleep 7
shot hugo-post.png
stop
start "$work/jekyll/_posts/2026-08-21-newsletter.md"
sleep 7
shot jekyll-post.png
stop

