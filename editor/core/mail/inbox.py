"""The inbox preview: the page the window's e-mail views show (pure; no Qt).

- A grey canvas as a mail client's, a mock inbox row (From, the Subject and, grey after it, the
  preheader) and the message in a column of a client's width: 600 px on a desktop, 375 px on a
  phone. The message is a document of its own, in a sandboxed ``srcdoc`` frame exactly that
  wide and as tall as its content (a small script of the page fits it), as mail clients give
  a message its own document, so that its ``<style>`` never restyles theirs.
- Dark mode, both ways clients do it. As Apple Mail: the message's own
  ``@media (prefers-color-scheme: dark)`` styles apply (the frame's ``color-scheme: dark``
  makes the engine match them, and the page's default colours follow the message's
  ``<meta name="color-scheme">``). As Gmail's apps: those styles are ignored and every colour
  of the message is inverted in lightness, keeping its hue (:func:`invert_colours`); images
  stay as they are.
- Images off: every image becomes a box with its alt text (:func:`hide_images`), as clients
  that block images show it, and the page's Content-Security-Policy loads no image at all.
- Plain text: the message's text part in a monospace column 72 characters wide.

:func:`inbox_page` builds the whole page from the post's text. It runs in the check worker
process (editor.state.mail_render): the export of a 400 KB post takes most of a second, and
css-inline holds the interpreter lock for over 100 ms of it, which a thread would take from the
window's typing.
"""

from __future__ import annotations

import colorsys
import logging
import pickle
import re
import secrets
from collections.abc import Callable, Mapping
from functools import lru_cache
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tinycss2
import tinycss2.color3

from editor.core.errors import GalleyError
from editor.core.mail.views import COLUMN_PX, TEXT_COLUMNS, Dark, InboxView, MailSource, ShowAs
from editor.core.post import Post

if TYPE_CHECKING:
    from editor.core.mail.options import MailOptions

__all__ = [
    "COLUMN_PX",
    "TEXT_COLUMNS",
    "Dark",
    "InboxView",
    "MailSource",
    "ShowAs",
    "has_dark_styles",
    "hide_images",
    "inbox_header",
    "inbox_html",
    "inbox_page",
    "invert_colours",
]

log = logging.getLogger(__name__)


# -- where the message comes from: the message itself (editor.core.mail.message)


def _options(path: Path | None, sender: str) -> MailOptions:
    """The post's mail options (its site's ``[email]``, Preferences' from-address); the
    defaults when the site's ``galley.toml`` cannot be read (the Problems panel says why)."""
    from editor.core.mail.options import mail_options_for
    from editor.core.site import SiteConfigError

    try:
        return mail_options_for(path, sender=sender)
    except SiteConfigError:
        from editor.core.mail.options import MailOptions

        return MailOptions(sender=sender.strip())


def _mail_html(post: Post, options: MailOptions, **rendering: Any) -> str:
    """The message's HTML part as it goes out, its local images embedded (``data:``) so the
    view can show them (the message carries them as ``cid:`` parts)."""
    from editor.core.mail.message import email_html

    return email_html(
        post,
        options,
        images="data",
        emoji=bool(rendering.get("emoji", False)),
        dialect=rendering.get("dialect"),
        generator=rendering.get("generator"),
        resolver=rendering.get("images"),
    )[0]


def _mail_text(post: Post, options: MailOptions, **rendering: Any) -> str:
    """The message's plain-text part, as it goes out."""
    from editor.core.mail.plaintext import plain_text

    return plain_text(post, site_url=options.site_url, **rendering)


def _subject(post: Post, options: MailOptions) -> str:
    from editor.core.mail.options import subject_of

    return subject_of(post, options)


def _preheader(post: Post, options: MailOptions) -> str:
    from editor.core.mail.options import preheader_of

    return preheader_of(post, options)


def _sender(post: Post, sender: str) -> str:
    if sender.strip():
        return sender.strip()
    author = post.meta.get("author")
    name = _plain(author.get("name")) if isinstance(author, Mapping) else _plain(author)
    return name or "Sender not set"


def _plain(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


# -- the page


def inbox_page(source: MailSource, view: InboxView) -> str:
    """The whole page of an e-mail view of the post in ``source``; never raises (a problem is
    shown on the page as two sentences)."""
    try:
        post = Post(source.text, source.path, header_lines=source.header_lines)
    except GalleyError as error:
        return error_page(str(error), view)
    try:
        kind = "text" if view.show is ShowAs.TEXT else "html"
        options = _options(source.path, view.sender)
        return inbox_html(post, view, body=_cached(source, post, kind, options), options=options)
    except Exception:  # a bug must never leave the view blank without a word
        log.exception("The e-mail view of %s failed", source.path)
        return error_page(
            "The e-mail view could not be drawn: Galley met an unexpected problem. "
            "The site preview still works; the log has the details.",
            view,
        )


def inbox_html(
    post: Post,
    view: InboxView,
    *,
    body: str | None = None,
    options: MailOptions | None = None,
    **rendering: Any,
) -> str:
    """The e-mail view of ``post``; ``body`` is the message's HTML (or its text, for
    :attr:`ShowAs.TEXT`), made from the post when None; ``options`` its mail options (from the
    view's sender only, when None)."""
    text_view = view.show is ShowAs.TEXT
    if options is None:
        from editor.core.mail.options import MailOptions

        options = MailOptions(sender=view.sender.strip())
    if body is None:
        made = _mail_text if text_view else _mail_html
        body = made(post, options, **rendering)
    dark = Dark.OFF if text_view else view.dark
    if text_view:
        message = _text_document(body)
    else:
        message = body if view.images else hide_images(body)
        if dark is Dark.GMAIL_APP:
            message = invert_colours(message)
        message = _framed(message, dark)
    from editor.core.page import format_date

    header = inbox_header(
        _sender(post, view.sender),
        _subject(post, options),
        _preheader(post, options),
        date=format_date(post.meta.get("date"))[0] if post.meta.get("date") else "",
    )
    note = (
        "This message has no styles for dark mode: Apple Mail shows it as it is."
        if dark is Dark.APPLE_MAIL and not has_dark_styles(body)
        else ""
    )
    return _shell(view, dark, header, message, title=_subject(post, options), note=note)


def error_page(sentences: str, view: InboxView) -> str:
    """A page that says what went wrong, in the view's place."""
    return _shell(view, Dark.OFF, "", "", title="E-mail view", problem=sentences)


def inbox_header(sender: str, subject: str, preheader: str, *, date: str = "") -> str:
    """The mock inbox row: who it is from, when, the subject and the preheader in grey."""
    initial = escape((sender.strip()[:1] or "?").upper())
    when = f'<span class="date">{escape(date)}</span>' if date else ""
    pre = f'<span class="preheader">{escape(preheader)}</span>' if preheader else ""
    return (
        '<header class="inbox-row">\n'
        f'<span class="avatar" aria-hidden="true">{initial}</span>\n'
        f'<div class="row-text"><div class="from-line"><span class="from">{escape(sender)}'
        f"</span>{when}</div>\n"
        f'<div class="subject-line"><span class="subject">{escape(subject or "(no subject)")}'
        f"</span>{pre}</div></div>\n</header>\n"
    )


def _shell(
    view: InboxView,
    dark: Dark,
    header: str,
    message: str,
    *,
    title: str,
    problem: str = "",
    note: str = "",
) -> str:
    nonce = secrets.token_urlsafe(18)
    images = "'none'" if not view.images else ("data: https:" if view.remote else "data:")
    csp = (
        f"default-src 'none'; img-src {images}; style-src 'unsafe-inline'; "
        f"script-src 'nonce-{nonce}'"
    )
    width = COLUMN_PX.get(view.show)
    column_style = f"width: {width}px" if width else ""
    frame = (
        '<iframe class="message" title="The message" scrolling="no" '
        'sandbox="allow-same-origin allow-top-navigation-by-user-activation" '
        f'srcdoc="{escape(message)}"></iframe>\n'
        if message
        else ""
    )
    said = f'<p class="problem">{escape(problem)}</p>\n' if problem else ""
    if note:
        said += f'<p class="note">{escape(note)}</p>\n'
    scheme = "light" if dark is Dark.OFF else "dark"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">\n'
        f'<meta name="color-scheme" content="{scheme}">\n'
        f"<title>{escape(title)}</title>\n<style>\n{_SHELL_CSS}</style>\n</head>\n"
        f'<body class="inbox {view.show.value} dark-{dark.value}" '
        f'data-show="{view.show.value}" data-dark="{dark.value}">\n'
        f'<main class="canvas">\n<div class="column" style="{column_style}">\n'
        f"{header}{said}{frame}</div>\n</main>\n"
        f'<script nonce="{nonce}">\n{_FIT_SCRIPT}</script>\n</body>\n</html>\n'
    )


_SHELL_CSS = """\
html, body { margin: 0; padding: 0; }
body {
  background: #eceff1; color: #202124;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
}
.canvas { padding: 20px 12px 40px; overflow-x: auto; }
.column { margin: 0 auto; }
.inbox.text .column {
  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  width: min(calc(72ch + 32px), 100%);
}
.inbox-row {
  display: flex; gap: 12px; align-items: flex-start; box-sizing: border-box; width: 100%;
  margin: 0 0 12px; padding: 12px 14px; border-radius: 8px; background: #ffffff;
  font: 14px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Arial, sans-serif;
  box-shadow: 0 1px 2px rgba(0, 0, 0, 0.15);
}
.avatar {
  flex: none; width: 36px; height: 36px; border-radius: 50%; background: #5f6368;
  color: #ffffff; font-weight: bold; line-height: 36px; text-align: center;
}
.row-text { flex: 1; min-width: 0; }
.from-line { display: flex; gap: 8px; }
.from {
  flex: 1; font-weight: bold; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
}
.date { flex: none; color: #5f6368; font-size: 12px; }
.subject-line { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.subject { font-weight: bold; }
.preheader { color: #5f6368; }
.preheader::before { content: " \\2013  "; }
.phone .subject-line { white-space: normal; }
.phone .subject { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.phone .preheader {
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden;
}
.phone .preheader::before { content: none; }
.message {
  display: block; width: 100%; height: 150px; border: 0; background: #ffffff;
  box-shadow: 0 1px 2px rgba(0, 0, 0, 0.15);
}
.dark-apple .message { color-scheme: dark; background: transparent; }
.dark-apple, .dark-gmail { background: #1f1f1f; color: #e3e3e3; }
.dark-apple .inbox-row, .dark-gmail .inbox-row { background: #2d2e30; box-shadow: none; }
.dark-apple .date, .dark-apple .preheader, .dark-gmail .date, .dark-gmail .preheader {
  color: #9aa0a6;
}
.dark-gmail .message { color-scheme: light; background: #121212; box-shadow: none; }
.problem { padding: 16px; border-radius: 8px; background: #fff8c5; color: #3b2300; }
.note { margin: 0 0 12px; font-size: 13px; color: #9aa0a6; }
"""

# Fits the message's frame to its content, so that the page scrolls as a whole (as a client's
# reading pane does) and the message is exactly the column's width (no scroll bar inside).
_FIT_SCRIPT = """\
(function () {
  const frame = document.querySelector("iframe.message");
  if (!frame) return;
  function fit() {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    frame.style.height = Math.ceil(doc.documentElement.getBoundingClientRect().height) + "px";
  }
  function watch() {
    fit();
    const doc = frame.contentDocument;
    if (doc && doc.documentElement && window.ResizeObserver) {
      new ResizeObserver(fit).observe(doc.documentElement);
    }
  }
  frame.addEventListener("load", watch);
  if (frame.contentDocument && frame.contentDocument.readyState === "complete") watch();
})();
"""


def _framed(message: str, dark: Dark) -> str:
    """The message as its frame's document: links open outside it (in the top page, which
    hands them to the system browser), no scroll bar of its own, and under the Gmail app's
    inversion a dark default canvas (the inverse of a client's white)."""
    extra = '<base target="_top">\n<style>html { overflow-y: hidden; }</style>\n'
    if dark is Dark.GMAIL_APP:
        extra += (
            f"<style>:root {{ background-color: {_INVERTED_WHITE}; "
            f"color: {_INVERTED_BLACK}; }}</style>\n"
        )
    head = re.search(r"<head\b[^>]*>", message, re.I)
    if head is None:
        return extra + message
    return message[: head.end()] + "\n" + extra + message[head.end() :]


def _text_document(text: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="color-scheme" content="light">\n<style>\n'
        "body { margin: 0; padding: 16px; background: #ffffff; color: #202124; }\n"
        "pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere;\n"
        '  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono",'
        " monospace;\n"
        # A pane narrower than 72 columns of 14 px shrinks the font (a monospace character is
        # about 0.6 em wide) rather than rewrap the lines; below 8 px they wrap.
        f"  font-size: clamp(8px, calc((100vw - 32px) / {TEXT_COLUMNS * 0.604:.2f}), 14px); }}\n"
        f"</style>\n</head>\n<body>\n<pre>{escape(text)}</pre>\n</body>\n</html>\n"
    )


# The last message made, per kind: switching views, dark mode or images off draws again
# without exporting the post again.
_last: dict[str, tuple[tuple[Any, ...], str]] = {}


def _cached(source: MailSource, post: Post, kind: str, options: MailOptions) -> str:
    key = (
        source.text,
        source.path,
        source.header_lines,
        options,
        pickle.dumps(dict(source.rendering)),
    )
    hit = _last.get(kind)
    if hit is not None and hit[0] == key:
        return hit[1]
    rendering = dict(source.rendering)
    made = (_mail_text if kind == "text" else _mail_html)(post, options, **rendering)
    _last[kind] = (key, made)
    return made


# -- rewriting the message's HTML (as html5ever serialises it: quoted attribute values)

# A tag with its attributes (quoted values may hold ">"), or a <style> element whole.
_MARKUP = re.compile(
    r"""<style\b[^>]*>(?P<css>.*?)</style\s*>|<(?P<name>[a-zA-Z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)


def _attributes(tag: str) -> dict[str, str]:
    found: dict[str, str] = {}
    start = tag.find(" ")
    for match in _ATTRIBUTE.finditer(tag, start if start > 0 else len(tag)):
        value = match["dq"] if match["dq"] is not None else (match["sq"] or match["bare"] or "")
        found.setdefault(match["name"].lower(), unescape(value))
    return found


def _rewrite(html: str, tag: Callable[[str, str], str], css: Callable[[str], str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match["name"] is None:
            whole = match[0]
            start = match.start("css") - match.start()
            end = match.end("css") - match.start()
            return whole[:start] + css(match["css"]) + whole[end:]
        return tag(match["name"].lower(), match[0])

    return _MARKUP.sub(one, html)


def hide_images(html: str) -> str:
    """``html`` with every image replaced by a box showing its alt text (an image without one
    by an empty box of its size), as clients that block images show a message."""

    def tag(name: str, markup: str) -> str:
        if name != "img":
            return markup
        attributes = _attributes(markup)
        alt = attributes.get("alt", "").strip()
        style = [_ALT_BOX]
        for side in ("width", "height"):
            size = attributes.get(side, "").strip().removesuffix("px")
            if size.isdigit():
                style.append(f"{side}: {size}px")
        label = escape(alt) if alt else ""
        hint = "" if alt else ' title="An image without alt text"'
        return (
            f'<span class="galley-image-off" role="img" aria-label="{label}"{hint} '
            f'style="{escape("; ".join(style))}">{label}</span>'
        )

    return _rewrite(html, tag, lambda css: css)


_ALT_BOX = (
    "display: inline-block; box-sizing: border-box; max-width: 100%; min-width: 24px; "
    "min-height: 24px; overflow: hidden; vertical-align: middle; padding: 4px 8px; "
    "border: 1px solid #dadce0; background-color: #f1f3f4; color: #5f6368; "
    "font-family: Arial, Helvetica, sans-serif; font-size: 13px; line-height: 1.4; "
    "font-style: italic; text-align: left"
)


def has_dark_styles(html: str) -> bool:
    """Whether the message has styles of its own for dark mode (what Apple Mail honours)."""
    return re.search(r"prefers-color-scheme\s*:\s*dark", html, re.I) is not None


# -- the Gmail app's forced inversion

_DARKEST, _LIGHTEST = 0.07, 0.93  # white becomes #121212, black #ededed, as the apps draw


def invert_colours(html: str) -> str:
    """``html`` with every colour of its styles, ``style=""`` attributes and ``bgcolor`` /
    ``color`` attributes inverted in lightness (hue kept), as Gmail's apps show a message in
    dark mode whatever styles it has for dark mode itself."""

    def tag(_name: str, markup: str) -> str:
        return _COLOUR_ATTRIBUTE.sub(_inverted_attribute, markup)

    return _rewrite(html, tag, _inverted_stylesheet)


_COLOUR_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s(?P<name>style|bgcolor|color|text|link|vlink|alink)\s*=\s*)(?P<q>["'])(?P<value>.*?)(?P=q)""",
    re.I | re.S,
)


def _inverted_attribute(match: re.Match[str]) -> str:
    name, value = match["name"].lower(), unescape(match["value"])
    changed = _inverted_declarations(value) if name == "style" else _inverted_value(value)
    quote = match["q"]
    return f"{match['lead']}{quote}{escape(changed)}{quote}"


def _is_colour_property(name: str) -> bool:
    return (
        name.endswith("color")
        or name.startswith("border")
        or name
        in {"background", "outline", "box-shadow", "text-shadow", "text-decoration", "fill",
            "stroke", "column-rule", "-webkit-text-stroke"}
    )  # fmt: skip


@lru_cache(maxsize=4096)
def _inverted_declarations(css: str) -> str:
    nodes = tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True)
    if any(node.type == "error" for node in nodes):
        return css  # not read as a browser would: leave it be
    parts = []
    for node in nodes:
        if node.type == "declaration":
            if _is_colour_property(node.lower_name):
                value = _inverted_tokens(node.value).strip()
            else:
                value = tinycss2.serialize(node.value).strip()
            important = " !important" if node.important else ""
            parts.append(f"{node.name}: {value}{important}")
        else:
            parts.append(node.serialize())
    return "; ".join(parts)


def _inverted_stylesheet(css: str) -> str:
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True):
        if rule.type == "qualified-rule":
            content = _inverted_declarations(tinycss2.serialize(rule.content))
            out.append(f"{tinycss2.serialize(rule.prelude).strip()} {{ {content} }}")
        elif (
            rule.type == "at-rule"
            and rule.content is not None
            and rule.lower_at_keyword
            in (
                "media",
                "supports",
            )
        ):
            inner = _inverted_stylesheet(tinycss2.serialize(rule.content))
            prelude = tinycss2.serialize(rule.prelude).strip()
            out.append(f"@{rule.at_keyword} {prelude} {{ {inner} }}")
        elif rule.type != "error":
            out.append(rule.serialize())
    return "".join(out)


@lru_cache(maxsize=1024)
def _inverted_value(value: str) -> str:
    return _inverted_tokens(tinycss2.parse_component_value_list(value))


def _inverted_tokens(tokens: list[Any]) -> str:
    out = []
    for token in tokens:
        colour = (
            tinycss2.color3.parse_color(token)
            if token.type in ("ident", "hash", "function")
            else None
        )
        if isinstance(colour, tinycss2.color3.RGBA):
            out.append(_inverted(colour))
        elif token.type == "function":
            out.append(f"{token.name}({_inverted_tokens(token.arguments)})")
        else:
            out.append(token.serialize())
    return "".join(out)


def _inverted(colour: tinycss2.color3.RGBA) -> str:
    if colour.alpha == 0:
        return "transparent"
    hue, lightness, saturation = colorsys.rgb_to_hls(colour.red, colour.green, colour.blue)
    lightness = min(_LIGHTEST, max(_DARKEST, 1.0 - lightness))
    red, green, blue = (round(c * 255) for c in colorsys.hls_to_rgb(hue, lightness, saturation))
    if colour.alpha >= 1:
        return f"#{red:02x}{green:02x}{blue:02x}"
    return f"rgba({red}, {green}, {blue}, {round(colour.alpha, 3)})"


_INVERTED_WHITE = _inverted(tinycss2.color3.RGBA(1.0, 1.0, 1.0, 1.0))
_INVERTED_BLACK = _inverted(tinycss2.color3.RGBA(0.0, 0.0, 0.0, 1.0))


# -- the plain-text stand-in
