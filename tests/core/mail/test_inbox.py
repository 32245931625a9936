"""The inbox preview's page (pure): the column, the mock inbox row, dark mode both ways, images
off, and the plain-text stand-in."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from editor.core.mail import inbox
from editor.core.mail.inbox import Dark, InboxView, MailSource, ShowAs

POST = """---
title: 'Galley Weekly 7 - <Inboxes> & more'
description: 'Three links and a chart'
author:
  name: Ann Author
date: '2021-05-17T21:00:00.0Z'
---

First paragraph, with [a link](https://example.com/a).

![A chart of the week](./chart.png)

Last paragraph.
"""


@pytest.fixture
def source(tmp_path: Path) -> MailSource:
    Image.new("RGB", (8, 4), "#3366cc").save(tmp_path / "chart.png")
    path = tmp_path / "index.md"
    path.write_text(POST)
    inbox._last.clear()
    return MailSource(POST, path)


def message_of(page: str) -> str:
    """The message's own document, out of the page's srcdoc frame."""
    found = re.search(r'<iframe class="message"[^>]*srcdoc="([^"]*)"', page)
    assert found is not None
    return unescape(found[1])


def csp_of(page: str) -> str:
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert found is not None
    return unescape(found[1])


def test_the_phone_and_desktop_columns_have_their_clients_widths(source: MailSource) -> None:
    assert 'class="column" style="width: 600px"' in inbox.inbox_page(source, InboxView())
    phone = inbox.inbox_page(source, InboxView(show=ShowAs.PHONE))
    assert 'class="column" style="width: 375px"' in phone
    assert inbox.COLUMN_PX == {ShowAs.DESKTOP: 600, ShowAs.PHONE: 375}


def test_the_inbox_row_has_sender_subject_and_preheader_escaped(source: MailSource) -> None:
    page = inbox.inbox_page(source, InboxView())
    row = page[page.index('<header class="inbox-row">') : page.index("</header>")]
    assert '<span class="from">Ann Author</span>' in row
    assert "Galley Weekly 7 - &lt;Inboxes&gt; &amp; more" in row
    assert '<span class="preheader">Three links and a chart</span>' in row
    assert "17 May 2021" in row
    named = inbox.inbox_page(source, InboxView(sender="Galley <news@example.com>"))
    assert "Galley &lt;news@example.com&gt;" in named


def test_a_post_without_author_or_description_shows_placeholders() -> None:
    page = inbox.inbox_page(MailSource("---\ntitle: T\n---\nHi.\n"), InboxView())
    assert "Sender not set" in page and 'class="preheader"' not in page


def test_the_message_is_sandboxed_and_its_links_leave_the_frame(source: MailSource) -> None:
    page = inbox.inbox_page(source, InboxView())
    assert 'sandbox="allow-same-origin allow-top-navigation-by-user-activation"' in page
    message = message_of(page)
    assert '<base target="_top">' in message
    assert "First paragraph" in message and "data:image/png;base64," in message
    assert "script-src 'nonce-" in csp_of(page)  # only the page's own script runs


def test_images_load_only_as_allowed(source: MailSource) -> None:
    assert "img-src data:;" in csp_of(inbox.inbox_page(source, InboxView()))
    remote = inbox.inbox_page(source, InboxView(remote=True))
    assert "img-src data: https:;" in csp_of(remote)
    off = inbox.inbox_page(source, InboxView(images=False, remote=True))
    assert "img-src 'none';" in csp_of(off)
    message = message_of(off)
    assert "<img" not in message
    assert '<span class="galley-image-off" role="img" aria-label="A chart of the week"' in message


def test_images_off_keeps_sizes_and_escapes_alt_text() -> None:
    html = (
        '<p><img src="a.png" alt="a &lt;b&gt; &amp; &quot;c&quot;" width="120" height="40">'
        '<a title="<img src=x>" href="https://e.com">link</a><img src="b.png"></p>'
    )
    off = inbox.hide_images(html)
    assert "<img" not in off.replace('title="<img src=x>"', "")
    assert ">a &lt;b&gt; &amp; &quot;c&quot;</span>" in off
    assert "width: 120px; height: 40px" in off
    assert 'title="An image without alt text"' in off
    assert 'title="<img src=x>"' in off  # a tag inside an attribute is not a tag


def test_the_gmail_apps_inversion_flips_lightness_and_keeps_hue() -> None:
    html = (
        "<html><head><style>body { background: #ffffff; color: #000 }"
        "@media (max-width: 600px) { .x { border: 1px solid white } }</style></head>"
        '<body style="background-color: #ffffff; color: rgba(0, 0, 0, 0.5)">'
        '<table bgcolor="#eeeeee"><tr><td style="color: #000080 !important; '
        'font-family: Red Hat, sans-serif">x</td></tr></table>'
        '<pre>style="color: #ffffff"</pre></body></html>'
    )
    out = inbox.invert_colours(html)
    assert "body { background: #121212; color: #ededed }" in out
    assert ".x { border: 1px solid #121212 }" in out  # inside @media too
    assert 'style="background-color: #121212; color: rgba(237, 237, 237, 0.5)"' in out
    assert 'bgcolor="#121212"' in out
    assert "color: #7f7fff !important" in out  # navy becomes a light blue
    assert "font-family: Red Hat, sans-serif" in out  # "Red" is a font here, not a colour
    assert '<pre>style="color: #ffffff"</pre>' in out  # text, not an attribute
    assert inbox.invert_colours("<p style='color: transparent'>x</p>") == (
        "<p style='color: transparent'>x</p>"
    )


def test_dark_mode_as_apple_mail_lets_the_message_decide(source: MailSource) -> None:
    page = inbox.inbox_page(source, InboxView(dark=Dark.APPLE_MAIL))
    assert 'data-dark="apple"' in page and ".dark-apple .message { color-scheme: dark;" in page
    assert "no styles for dark mode" not in page  # the export has its own
    assert "@media (prefers-color-scheme: dark)" in message_of(page)
    assert message_of(page) == message_of(inbox.inbox_page(source, InboxView()))  # untouched
    assert inbox.has_dark_styles("@media (prefers-color-scheme: dark) { body { color: red } }")
    assert not inbox.has_dark_styles("body { color: red }")


def test_dark_mode_as_the_gmail_app_inverts_the_message(source: MailSource) -> None:
    page = inbox.inbox_page(source, InboxView(dark=Dark.GMAIL_APP))
    message = message_of(page)
    assert ":root { background-color: #121212; color: #ededed; }" in message
    assert "#ffffff" not in message.lower().split("</head>")[1]
    assert ".dark-gmail .message { color-scheme: light;" in page  # its dark styles never apply


def test_plain_text_is_the_messages_own_text_part(source: MailSource) -> None:
    page = inbox.inbox_page(source, InboxView(show=ShowAs.TEXT, dark=Dark.GMAIL_APP))
    assert 'data-dark="off"' in page  # dark and images off are for the HTML views
    text = unescape(re.search(r"<pre>(.*)</pre>", message_of(page), re.S)[1])  # type: ignore[index]
    assert "First paragraph, with a link [1]." in text
    assert "[1] https://example.com/a" in text
    assert "[Image: A chart of the week]" in text
    assert "<p" not in text and "](" not in text
    assert all(len(line) <= 72 for line in text.splitlines() if "https://" not in line)


def test_a_view_change_draws_again_without_exporting_again(
    source: MailSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    original = inbox._mail_html
    monkeypatch.setattr(
        inbox,
        "_mail_html",
        lambda post, options, **kw: made.append("x") or original(post, options, **kw),
    )
    inbox.inbox_page(source, InboxView())
    inbox.inbox_page(source, InboxView(show=ShowAs.PHONE, dark=Dark.GMAIL_APP, images=False))
    assert made == ["x"]
    inbox.inbox_page(MailSource(source.text + "More.\n", source.path), InboxView())
    assert made == ["x", "x"]


def test_problems_are_shown_as_sentences_never_raised(
    source: MailSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = inbox.inbox_page(MailSource("---\ntitle: [unclosed\n---\nHi.\n"), InboxView())
    assert 'class="problem"' in broken and "<iframe" not in broken

    def fails(post: object, *_: object, **__: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(inbox, "_mail_html", fails)
    inbox._last.clear()
    page = inbox.inbox_page(source, InboxView())
    assert "could not be drawn" in page and "the log has the details" in page
