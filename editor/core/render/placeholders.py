"""The HTML of generator syntax in the preview: labelled placeholders, cards, callouts (pure).

What only the site build can expand is shown as it is written, in monospace, in an element with
the class ``galley-unrendered`` and ``data-syntax`` (``hugo-shortcode``, ``liquid``,
``zola-shortcode`` or ``mdx``) and a small label; inline, as a ``<code>`` of the same class. A
well-known embed (``youtube``, ``vimeo``, ``tweet``, ``figure``) shows as the card or figure it
becomes. Everything here is escaped: these blocks never need the preview's sanitiser, except a
card's iframe, which goes through it as any iframe does (it becomes a card there).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown_it.token import Token

from editor.core.render.common import image_html
from editor.core.render.dialects import SYNTAX_LABELS
from editor.core.render.syntax import shortcode_args

if TYPE_CHECKING:
    from editor.core.site import ImageResolver

__all__ = [
    "admonition_open",
    "block_html",
    "excerpt_html",
    "fill_tocs",
    "inline_html",
    "pair_close_html",
    "pair_open_html",
    "toc_html",
    "toc_list",
]

_VIDEO_ID = re.compile(r"[\w-]{1,64}")
_TWEET_ID = re.compile(r"\d{1,30}")
_TWEET_USER = re.compile(r"\w{1,30}")
_MDX_LABELS = {"esm": "MDX import", "expression": "MDX expression"}
_ADMONITION_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "info": "Info",
    "warning": "Warning",
    "danger": "Danger",
    "caution": "Caution",
    "important": "Important",
    "success": "Success",
    "secondary": "Note",
}


def label(meta: dict[str, Any]) -> str:
    """The small label of a placeholder: "Hugo shortcode", "Liquid", "MDX component"…"""
    syntax = str(meta.get("syntax", ""))
    if syntax == "mdx":
        return _MDX_LABELS.get(str(meta.get("kind", "")), "MDX component")
    return SYNTAX_LABELS.get(syntax, "Generator syntax")


def _syntax(meta: dict[str, Any]) -> str:
    return escape(str(meta.get("syntax", "")), quote=True)


def inline_html(token: Token) -> str:
    """An inline placeholder: the source as a chip of code, its label as the tooltip."""
    text = escape(label(token.meta), quote=True)
    return (
        f'<code class="galley-unrendered galley-inline" data-syntax="{_syntax(token.meta)}" '
        f'title="{text}: the site build expands this">{escape(token.content)}</code>'
    )


def block_html(token: Token, folder: Path | None, images: ImageResolver | None = None) -> str:
    """A block placeholder (or the card of a well-known embed)."""
    meta = token.meta
    name = str(meta.get("name", ""))
    card = _card(name, str(meta.get("args", "")), folder, images)
    syntax = _syntax(meta)
    text = escape(label(meta))
    if card is not None:
        return (
            f'<div class="galley-unrendered galley-card" data-syntax="{syntax}">'
            f'<span class="galley-unrendered-label">{text} \u00b7 {escape(name)}</span>\n'
            f"{card}</div>\n"
        )
    source = token.content.rstrip("\n")
    return (
        f'<div class="galley-unrendered" data-syntax="{syntax}">'
        f'<span class="galley-unrendered-label">{text}</span>'
        f"<pre><code>{escape(source)}</code></pre></div>\n"
    )


def pair_open_html(token: Token) -> str:
    """The start of a pair (``{{< notice >}}`` … ``{{< /notice >}}``): its opening tag; the
    content between follows, rendered, then :func:`pair_close_html`."""
    meta = token.meta
    return (
        f'<div class="galley-unrendered galley-pair" data-syntax="{_syntax(meta)}">'
        f'<div class="galley-unrendered-tag"><span class="galley-unrendered-label">'
        f"{escape(label(meta))}</span><code>{escape(str(meta.get('source', '')))}</code></div>\n"
        '<div class="galley-unrendered-body">\n'
    )


def pair_close_html(token: Token) -> str:
    closing = str(token.meta.get("source", ""))
    shown = (
        f"<code>{escape(closing)}</code>"
        if closing
        else '<span class="galley-unrendered-note">not closed: the site build stops here</span>'
    )
    return f'</div>\n<div class="galley-unrendered-tag">{shown}</div></div>\n'


def excerpt_html() -> str:
    """``<!--more-->`` and ``<!-- truncate -->``: where the post's excerpt ends."""
    return (
        '<div class="galley-excerpt" role="separator" aria-label="Excerpt ends here">'
        "<span>excerpt ends here</span></div>\n"
    )


def toc_html() -> str:
    """kramdown's ``{:toc}`` and Python-Markdown's ``[TOC]``: where the post's table of contents
    goes. The headings are listed in it by :func:`fill_tocs` (a whole body) or by the preview
    page's script (a body patched block by block, where one block cannot see the others)."""
    return (
        '<nav class="galley-toc" aria-label="Table of contents">'
        '<span class="galley-unrendered-label">Table of contents</span></nav>\n'
    )


_TOC = re.compile(r'(<nav\b[^>]*\bclass="galley-toc"[^>]*>).*?</nav>', re.S)
_HEADING = re.compile(r"<h([1-6])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_ANCHOR = re.compile(r"<a\b[^>]*\bclass=\"[^\"]*\banchor\b[^\"]*\"[^>]*>.*?</a>", re.S)
_TAG = re.compile(r"<[^>]+>")


def fill_tocs(html: str) -> str:
    """``html`` (a rendered body) with each table of contents listing the body's headings that
    have an id, nested by level, each a link to its heading, as kramdown and Python-Markdown's
    ``toc`` build it."""
    if 'class="galley-toc"' not in html:
        return html
    headings = [
        (int(level), slug, _TAG.sub("", _ANCHOR.sub("", inner)).strip())
        for level, slug, inner in _HEADING.findall(html)
    ]
    listing = toc_list([(level, slug, text) for level, slug, text in headings if text])
    return _TOC.sub(lambda m: f"{m.group(1)}{listing}</nav>", html)


def toc_list(headings: list[tuple[int, str, str]]) -> str:
    """Nested ``<ul>`` of ``(level, id, text HTML)`` headings: a heading deeper than the one
    before opens a list inside that one's item (the preview page's script builds the same)."""
    Item = tuple[str, str, list[Any]]
    top: list[Item] = []
    stack: list[list[Any]] = [[None, top]]
    for level, slug, text in headings:
        while len(stack) > 1 and level < stack[-1][0]:
            stack.pop()
        current = stack[-1]
        items: list[Item] = current[1]
        if current[0] is None:
            current[0] = level
        elif level > current[0] and items:
            items = items[-1][2]
            stack.append([level, items])
        items.append((slug, text, []))

    def listing(items: list[Item]) -> str:
        entries = (
            f'<li><a href="#{escape(slug)}">{text}</a>{listing(nested) if nested else ""}</li>'
            for slug, text, nested in items
        )
        return "<ul>" + "".join(entries) + "</ul>"

    return listing(top) if top else ""


def admonition_open(params: str) -> str:
    """A Docusaurus admonition's opening (``:::tip Title`` or ``:::tip[Title]``)."""
    match = re.match(r"\s*([A-Za-z]+)\s*(?:\[(.*)\]|(.*))$", params)
    kind = match.group(1).lower() if match else "note"
    title = ((match.group(2) or match.group(3) or "") if match else "").strip()
    title = title or _ADMONITION_TITLES.get(kind, kind.title())
    css = "warning" if kind == "caution" else kind
    return (
        f'<div class="admonition admonition-{escape(css, quote=True)}">'
        f'<p class="admonition-title">{escape(title)}</p>\n'
    )


def _card(
    name: str, args: str, folder: Path | None, images: ImageResolver | None = None
) -> str | None:
    """The card or figure of a well-known embed, or None."""
    kind = name.lower()
    if kind not in ("youtube", "vimeo", "tweet", "x", "twitter", "figure"):
        return None
    positional, named = shortcode_args(args)
    if kind in ("youtube", "vimeo"):
        video = named.get("id") or (positional[0] if positional else "")
        if not _VIDEO_ID.fullmatch(video):
            return None
        if kind == "youtube":
            src = f"https://www.youtube-nocookie.com/embed/{video}"
        else:
            src = f"https://player.vimeo.com/video/{video}"
        title = named.get("title") or f"{'YouTube' if kind == 'youtube' else 'Vimeo'} video"
        # Wrapped to keep its ratio by the pipeline, as every iframe (responsive-iframe).
        return (
            f'<iframe width="560" height="315" src="{src}" title="{escape(title, quote=True)}" '
            "allowfullscreen></iframe>\n"
        )
    if kind == "figure":
        src = named.get("src") or (positional[0] if positional else "")
        if not src:
            return None
        img = image_html(src, named.get("alt", ""), named.get("title"), folder, images)
        caption = named.get("caption") or named.get("title") or ""
        text = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        return f"<figure>{img}{text}</figure>\n"
    post = named.get("id") or (positional[-1] if positional else "")
    user = named.get("user") or (positional[0] if len(positional) > 1 else "i")
    if not _TWEET_ID.fullmatch(post) or not _TWEET_USER.fullmatch(user):
        return None
    link = f"https://x.com/{user}/status/{post}"
    return f'<p><a href="{link}" target="_blank" rel="noopener noreferrer">{link}</a></p>\n'
