"""The preview's e-mail views: Show as desktop, phone or plain text, dark mode both ways,
images off, following edits after a typing pause, and the site preview left as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWebEngineCore import QWebEnginePage
from pytestqt.qtbot import QtBot

from editor.core.mail import inbox
from editor.core.mail.inbox import Dark, ShowAs
from editor.state.document import Document
from editor.ui.mail_preview import MailPreview
from editor.ui.preview import PreviewController, PreviewPane, PreviewView

POST = """---
title: 'Galley Weekly 12 - Inboxes'
description: 'Five links and a picture this week'
author: Ann Author
date: '2021-05-17T21:00:00.0Z'
---

First paragraph of the issue.

![A chart of the week](./chart.png)

Last paragraph.
"""

DARK_AWARE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<style>
body { background: #ffffff; color: #111111; }
@media (prefers-color-scheme: dark) { body { background: #102030 !important; } }
</style></head>
<body style="background-color: #ffffff; color: #111111">
<p class="para">A message with its own dark styles.</p></body></html>
"""


class Drawn:
    """Draws pages in this process, a turn of the event loop later (as the worker would)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, args: tuple[Any, ...], on_result: Callable[[object], None]) -> None:
        self.calls += 1
        page = inbox.inbox_page(*args)
        QTimer.singleShot(0, lambda: on_result(page))


@pytest.fixture
def post_path(tmp_path: Path) -> Path:
    (tmp_path / "galley.toml").write_text("")
    folder = tmp_path / "content" / "blog" / "weekly-12"
    folder.mkdir(parents=True)
    Image.new("RGB", (40, 20), "#3366cc").save(folder / "chart.png")
    path = folder / "index.md"
    path.write_text(POST)
    return path


@pytest.fixture
def drawn() -> Drawn:
    return Drawn()


@pytest.fixture
def pane(
    qtbot: QtBot, post_path: Path, drawn: Drawn
) -> Iterator[tuple[PreviewPane, MailPreview, Document]]:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    controller = PreviewController(pane.view)
    mail = MailPreview(pane, submit=drawn)
    document = Document.open(post_path)
    with qtbot.waitSignal(pane.view.page_ready, timeout=20000):
        controller.set_document(document)
    mail.set_document(document)
    yield pane, mail, document


def js(qtbot: QtBot, view: PreviewView, script: str) -> Any:
    box: list[Any] = []
    view.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def show(qtbot: QtBot, mail: MailPreview, view: ShowAs, **choices: Any) -> PreviewView:
    with qtbot.waitSignal(mail.page_shown, timeout=20000):
        mail.choose(view, **choices)
    return current(mail)


def current(mail: MailPreview) -> PreviewView:
    """The e-mail view on screen (each page loads into the other one, which then shows)."""
    assert mail.view is not None
    return mail.view


FRAME = "document.querySelector('iframe.message')"
MESSAGE = f"{FRAME}.contentDocument"


def test_start_up_makes_no_email_view(pane: Any, drawn: Drawn) -> None:
    _pane, mail, _ = pane
    assert mail.shown is ShowAs.SITE
    assert mail.view is None and drawn.calls == 0
    assert not mail.options.isVisible()  # Dark mode and Images off: for the e-mail views


def test_desktop_and_phone_show_the_message_in_a_column_of_their_width(
    qtbot: QtBot, pane: Any
) -> None:
    preview, mail, _ = pane
    site_width = preview.minimumSizeHint().width()
    view = show(qtbot, mail, ShowAs.DESKTOP)
    assert preview.stack.currentWidget() is view
    assert mail.options.isVisible()
    assert preview.minimumSizeHint().width() <= site_width  # the pane is no wider for them
    assert js(qtbot, view, f"{FRAME}.getBoundingClientRect().width") == 600
    assert js(qtbot, view, f"{MESSAGE}.documentElement.clientWidth") == 600
    assert "First paragraph of the issue." in js(qtbot, view, f"{MESSAGE}.body.innerText")
    # The mock inbox row: who from, the subject, and the preheader after it in grey.
    row = js(qtbot, view, "document.querySelector('.inbox-row').innerText")
    assert "Ann Author" in row and "Galley Weekly 12 - Inboxes" in row
    assert "Five links and a picture this week" in row
    grey = js(qtbot, view, "getComputedStyle(document.querySelector('.preheader')).color")
    assert grey == "rgb(95, 99, 104)"
    # The frame is as tall as the message: the page scrolls as a whole.
    assert js(qtbot, view, f"{FRAME}.getBoundingClientRect().height > 150")

    view = show(qtbot, mail, ShowAs.PHONE)
    assert js(qtbot, view, f"{FRAME}.getBoundingClientRect().width") == 375
    assert js(qtbot, view, f"{MESSAGE}.documentElement.clientWidth") == 375


def test_plain_text_is_a_monospace_column_of_72_characters(qtbot: QtBot, pane: Any) -> None:
    preview, mail, _ = pane
    view = show(qtbot, mail, ShowAs.TEXT)
    assert not mail.options.isVisible()  # no dark mode nor images in plain text
    text = js(qtbot, view, f"{MESSAGE}.querySelector('pre').innerText")
    assert "First paragraph of the issue." in text and "<p" not in text
    assert "[Image: A chart of the week]" in text
    assert "monospace" in js(
        qtbot, view, f"getComputedStyle({MESSAGE}.querySelector('pre')).fontFamily"
    )
    # 72 characters of the column's monospace font fit across, and not many more.
    pre = f"{MESSAGE}.querySelector('pre')"
    js(qtbot, view, f"{pre}.insertAdjacentHTML('beforeend', '<span id=probe>{'x' * 72}</span>'); 1")
    probe = f"{MESSAGE}.getElementById('probe').getBoundingClientRect().width"
    fits = [js(qtbot, view, probe), js(qtbot, view, f"{pre}.getBoundingClientRect().width")]
    assert fits[0] <= fits[1] < fits[0] * 1.05
    # In a pane too narrow for 72 columns at 14 px the font shrinks: still 72 across, and the
    # page does not scroll sideways.
    preview.resize(460, 700)
    qtbot.waitUntil(lambda: js(qtbot, view, "window.innerWidth") < 470, timeout=5000)
    qtbot.waitUntil(
        lambda: js(qtbot, view, probe) <= js(qtbot, view, f"{pre}.getBoundingClientRect().width"),
        timeout=5000,
    )
    scrolls = "document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth"
    assert js(qtbot, view, scrolls) is False
    assert js(qtbot, view, f"getComputedStyle({pre}).fontSize") != "14px"


def test_dark_mode_as_apple_mail_honours_the_messages_dark_styles(
    qtbot: QtBot, pane: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pane, mail, _ = pane
    monkeypatch.setattr(inbox, "_mail_html", lambda post, *_, **__: DARK_AWARE)
    inbox._last.clear()
    view = show(qtbot, mail, ShowAs.PHONE)
    background = f"getComputedStyle({MESSAGE}.body).backgroundColor"
    assert js(qtbot, view, background) == "rgb(255, 255, 255)"
    with qtbot.waitSignal(mail.page_shown, timeout=20000):
        mail.choose(ShowAs.PHONE, dark=Dark.APPLE_MAIL)
    view = current(mail)
    assert js(qtbot, view, background) == "rgb(16, 32, 48)"
    assert js(qtbot, view, "getComputedStyle(document.body).backgroundColor") != (
        "rgb(236, 239, 241)"
    )  # the client's own canvas is dark too
    # Gmail's apps ignore the message's dark styles and invert its colours instead.
    with qtbot.waitSignal(mail.page_shown, timeout=20000):
        mail.choose(ShowAs.PHONE, dark=Dark.GMAIL_APP)
    view = current(mail)
    assert js(qtbot, view, background) == "rgb(18, 18, 18)"
    assert js(qtbot, view, f"getComputedStyle({MESSAGE}.querySelector('.para')).color") == (
        "rgb(237, 237, 237)"
    )


def test_dark_mode_as_the_gmail_app_inverts_the_exports_colours(qtbot: QtBot, pane: Any) -> None:
    _pane, mail, _ = pane
    view = show(qtbot, mail, ShowAs.DESKTOP, dark=Dark.GMAIL_APP)
    assert js(qtbot, view, f"getComputedStyle({MESSAGE}.body).backgroundColor") == (
        "rgb(18, 18, 18)"
    )
    first = f"[...{MESSAGE}.querySelectorAll('p')].find(p => p.innerText.includes('First'))"
    colour = js(qtbot, view, f"getComputedStyle({first}).color")
    red = int(colour.removeprefix("rgb(").split(",")[0])
    assert red > 200  # dark text became light
    # The picture is left as it is (Gmail does not invert images).
    assert js(qtbot, view, f"getComputedStyle({MESSAGE}.images[0]).filter") == "none"
    # Apple Mail applies the export's own dark styles: dark canvas, light text, no note.
    with qtbot.waitSignal(mail.page_shown, timeout=20000):
        mail.choose(ShowAs.DESKTOP, dark=Dark.APPLE_MAIL)
    view = current(mail)
    assert js(qtbot, view, f"getComputedStyle({MESSAGE}.body).backgroundColor") == (
        "rgb(13, 17, 23)"
    )
    assert js(qtbot, view, f"getComputedStyle({first}).color") == "rgb(230, 237, 243)"
    assert "no styles for dark mode" not in js(qtbot, view, "document.body.innerText")


def test_apple_mail_dark_says_when_a_message_has_no_dark_styles(
    qtbot: QtBot, pane: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pane, mail, _ = pane
    light_only = DARK_AWARE.replace("prefers-color-scheme: dark", "min-width: 1px")
    monkeypatch.setattr(inbox, "_mail_html", lambda post, *_, **__: light_only)
    inbox._last.clear()
    view = show(qtbot, mail, ShowAs.DESKTOP, dark=Dark.APPLE_MAIL)
    assert "no styles for dark mode" in js(qtbot, view, "document.body.innerText")


def test_images_off_shows_alt_texts_and_loads_no_image(qtbot: QtBot, pane: Any) -> None:
    _pane, mail, _ = pane
    view = show(qtbot, mail, ShowAs.DESKTOP)
    assert js(qtbot, view, f"{MESSAGE}.images.length") >= 1
    with qtbot.waitSignal(mail.page_shown, timeout=20000):
        mail.images_off.setChecked(True)
    view = current(mail)
    assert js(qtbot, view, f"{MESSAGE}.images.length") == 0
    assert js(qtbot, view, "document.images.length") == 0
    assert "A chart of the week" in js(qtbot, view, f"{MESSAGE}.body.innerText")
    loaded = js(
        qtbot, view, f"{FRAME}.contentWindow.performance.getEntriesByType('resource').length"
    )
    assert loaded == 0
    assert view.blocked_requests == []


def test_the_view_follows_an_edit_after_the_typing_pause(
    qtbot: QtBot, pane: Any, drawn: Drawn
) -> None:
    _pane, mail, document = pane
    view = show(qtbot, mail, ShowAs.PHONE)
    before = drawn.calls
    document.set_body(document.body.replace("Last paragraph.", "Last paragraph, edited."))
    document.set_body(document.body.replace("edited.", "edited twice."))
    assert drawn.calls == before  # nothing is drawn while typing goes on
    with qtbot.waitSignal(mail.page_shown, timeout=20000):
        pass
    view = current(mail)
    assert drawn.calls == before + 1  # two edits, one drawing
    assert "Last paragraph, edited twice." in js(qtbot, view, f"{MESSAGE}.body.innerText")
    # The title is the subject line.
    with qtbot.waitSignal(mail.page_shown, timeout=20000):
        document.set_field(("title",), "Galley Weekly 12 - Renamed")
    view = current(mail)
    assert "Renamed" in js(qtbot, view, "document.querySelector('.subject').innerText")


def test_back_to_site_shows_the_site_preview_unchanged(qtbot: QtBot, pane: Any) -> None:
    preview, mail, document = pane
    site = preview.view
    js(qtbot, site, "document.body.dataset.marker = 'kept'; 1")
    show(qtbot, mail, ShowAs.DESKTOP)
    show(qtbot, mail, ShowAs.PHONE)
    # The page it replaced has its renderer freed.
    discarded = QWebEnginePage.LifecycleState.Discarded
    states = [view.page().lifecycleState() for view in preview.findChildren(PreviewView)]
    assert states.count(discarded) == 1
    mail.choose(ShowAs.SITE)
    qtbot.waitUntil(lambda: preview.stack.currentWidget() is site, timeout=5000)
    assert js(qtbot, site, "document.body.dataset.marker") == "kept"  # not reloaded
    qtbot.waitUntil(lambda: current(mail).page().lifecycleState() == discarded, timeout=5000)
    assert not mail.schedule.active
    drawn_before = mail.schedule.busy
    document.set_body(document.body + "\nMore.\n")
    assert not drawn_before and not mail.schedule.busy  # no e-mail drawing in Site mode


def test_switching_keeps_the_readers_place_roughly(qtbot: QtBot, pane: Any) -> None:
    preview, mail, document = pane
    long_body = "\n\n".join(f"Paragraph {n} of a long issue." for n in range(400))
    document.set_body(long_body + "\n")
    qtbot.waitUntil(
        lambda: js(qtbot, preview.view, "document.scrollingElement.scrollHeight") > 5000,
        timeout=10000,
    )
    js(
        qtbot,
        preview.view,
        "document.scrollingElement.scrollTop = 0.5 * (document.scrollingElement.scrollHeight"
        " - document.scrollingElement.clientHeight); 1",
    )
    view = show(qtbot, mail, ShowAs.PHONE)
    place = "document.scrollingElement.scrollTop / (document.scrollingElement.scrollHeight - document.scrollingElement.clientHeight)"  # noqa: E501
    assert abs(js(qtbot, view, place) - 0.5) < 0.05
    view = show(qtbot, mail, ShowAs.DESKTOP)
    assert abs(js(qtbot, view, place) - 0.5) < 0.05


def test_links_in_the_message_open_outside_the_view(qtbot: QtBot, pane: Any) -> None:
    _pane, mail, _ = pane
    view = show(qtbot, mail, ShowAs.DESKTOP)
    target = js(qtbot, view, f"{MESSAGE}.querySelector('base').target")
    assert target == "_top"  # a click reaches the page's navigation guard (system browser)
    sandbox = js(qtbot, view, f"{FRAME}.getAttribute('sandbox')")
    assert "allow-scripts" not in sandbox
