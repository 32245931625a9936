"""Screenshots of the preview's e-mail views in the real window (run under X11, e.g. Xvfb).

    scripts/email-screenshots.sh [OUT_DIR] [--all]   (starts Xvfb and runs this; default
                                                      OUT_DIR: resources/screenshots)

Opens a copy of the example site's second issue in the real window, then for each shot picks
the preview bar's choices (as a reader would with the "Show as", "Dark" and "Images off"
controls), waits for the view to be drawn and painted, and saves the whole screen with
ImageMagick's ``import``: ``email-phone.png`` (the phone view) and ``email-dark.png`` (the Gmail
app's dark mode on a phone), the README's; with ``--all`` also ``email-dark-apple.png``,
``email-desktop.png``, ``email-images-off.png`` and ``email-text.png``, to look at.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHOTS = [  # file, show, dark, images, scrolled to the post's first picture
    ("email-phone.png", "phone", "off", True, False),
    ("email-dark.png", "phone", "gmail", True, True),
    ("email-dark-apple.png", "desktop", "apple", True, False),
    ("email-desktop.png", "desktop", "off", True, True),
    ("email-images-off.png", "desktop", "off", False, True),
    ("email-text.png", "text", "off", True, False),
]
# Scrolls the page to the message's first picture (or its alt-text box), a little above it.
TO_PICTURE = """(() => {
  const frame = document.querySelector("iframe.message");
  const doc = frame.contentDocument;
  const picture = doc.querySelector(".post-body img, .post-body .galley-image-off");
  if (picture) window.scrollTo(0, frame.offsetTop + picture.getBoundingClientRect().top - 160);
})()"""


def main() -> int:
    arguments = [argument for argument in sys.argv[1:] if argument != "--all"]
    out = Path(arguments[0] if arguments else ROOT / "resources" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    from editor.ui.preview import register_scheme

    register_scheme()
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from editor.core.journal import Journal
    from editor.core.mail.inbox import Dark, ShowAs
    from editor.state.settings import Settings
    from editor.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="galley-email-shots-"))
    shutil.copytree(ROOT / "resources" / "example-site", work / "site")
    post = work / "site" / "content" / "blog" / "galley-weekly-2-plugins-and-meetups" / "index.md"
    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, journal=Journal(work / "recovery"), backup_folder=work / "b")
    window.resize(1400, 900)
    window.show()
    window.files.open_path(post)
    mail = window.mail_preview
    queue = list(SHOTS) if "--all" in sys.argv else SHOTS[:2]

    def next_shot() -> None:
        if not queue:
            app.exit(0)
            return
        _name, show, dark, images, _scrolled = queue[0]
        # The editor readable, the phone's column and its canvas in full.
        window.splitter.setSizes([400, 470, 240])
        mail.page_shown.connect(shoot)
        mail.choose(ShowAs(show), Dark(dark), images)

    def shoot(shown: str) -> None:
        if shown != queue[0][1] or mail.schedule.busy:
            return  # a drawing for a choice made on the way (Dark before Show as)
        mail.page_shown.disconnect(shoot)
        if queue[0][4] and mail.view is not None:
            mail.view.run_js(TO_PICTURE)
        QTimer.singleShot(1500, take)

    def take() -> None:
        name = queue.pop(0)[0]
        subprocess.run(["import", "-window", "root", str(out / name)], check=True)
        print(f"saved {out / name}", flush=True)
        next_shot()

    QTimer.singleShot(6000, next_shot)  # the site read, the first paint
    QTimer.singleShot(120_000, lambda: app.exit(1))
    code = app.exec()
    window.document.revert()
    shutil.rmtree(work, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
