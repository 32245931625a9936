"""The floor for bench/startup.py: the bare stack Galley is built on, showing the same post.

Usage: python bench/floor_app.py POST
A QMainWindow whose central widget is a QSplitter: a QPlainTextEdit with the post's text and a
QWebEngineView with its body (front matter left out) rendered by markdown-it-py's CommonMark
preset, pushed with setHtml (base URL: the post's folder, so its images load). Nothing else:
no settings, no journal, no check worker, no custom scheme, no QWebChannel.
With GALLEY_STARTUP_PROBE set it reports like Galley (editor/ui/startup_probe.py): once the
page has painted (its own script: DOMContentLoaded, then a requestAnimationFrame, sets the
title), it prints the native windows created and "galley: preview ready" on stderr, and quits
(or stays open with GALLEY_STARTUP_PROBE=memory).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout: the probe module is there
    sys.path.insert(0, str(ROOT))

from markdown_it import MarkdownIt  # noqa: E402
from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402 (before the QApplication)
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QSplitter  # noqa: E402

from editor.ui import startup_probe  # noqa: E402 (Qt only)

READY_TITLE = "galley-ready"
FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n.*?^\1[ \t]*(\r?\n|\Z)", re.S | re.M)

CSS = """
body { font: 16px/1.6 sans-serif; max-width: 42em; margin: 2em auto; padding: 0 1em; color: #222; }
img { max-width: 100%; height: auto; }
pre { background: #f5f5f5; padding: .8em; overflow-x: auto; }
code { font-family: monospace; }
blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 1em; color: #555; }
"""

SCRIPT = f"""
document.addEventListener("DOMContentLoaded", function () {{
  requestAnimationFrame(function () {{ document.title = "{READY_TITLE}"; }});
}});
"""


def page(text: str) -> str:
    body = MarkdownIt("commonmark").render(FRONT_MATTER.sub("", text, count=1))
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>preview</title>'
        f"<style>{CSS}</style><script>{SCRIPT}</script></head><body>{body}</body></html>"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: floor_app.py POST", file=sys.stderr)
        return 2
    post = Path(argv[0]).absolute()
    text = post.read_text(encoding="utf-8")
    app = QApplication(sys.argv[:1])
    probing = startup_probe.enabled()
    if probing:
        startup_probe.install(app)
    window = QMainWindow()
    window.setWindowTitle(post.name)
    splitter = QSplitter()
    editor = QPlainTextEdit()
    editor.setPlainText(text)
    view = QWebEngineView()
    splitter.addWidget(editor)
    splitter.addWidget(view)
    window.setCentralWidget(splitter)
    window.resize(1400, 900)  # Galley's first window size
    if probing:
        startup_probe.watch(window)
        view.titleChanged.connect(
            lambda title: startup_probe.report_ready(app) if title == READY_TITLE else None
        )
    view.setHtml(page(text), QUrl.fromLocalFile(str(post.parent) + "/"))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
