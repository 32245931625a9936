"""The preview page around a rendered post, and the post header it shares with exports (pure).

- :func:`post_header` is the front matter as a reader sees it (title, date, author, tags).
- :func:`preview_page` is the page the preview loads once: a strict Content-Security-Policy, the
  CSS from ``resources/preview/``, the header and ``<article id="galley-body">``. Block patches
  go through :func:`preview_html`, which the page's own body went through too.

Post HTML is raw-HTML-enabled Markdown: :mod:`editor.core.htmlrewrite` drops scripts, ``on*=``
handlers and ``javascript:`` URLs from it. The preview's CSP is the real boundary; the rewrite
keeps copies clean too. The e-mail export is :mod:`editor.core.export`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from editor.core import bundled, dates
from editor.core.htmlrewrite import Mode, local_file, rewrite, safe_attr
from editor.core.post import Post
from editor.core.render import render_document, smarten
from editor.core.render.dialects import Dialect

if TYPE_CHECKING:
    from editor.core.site import ImageResolver
    from editor.core.site.generators import Derived, Generator

__all__ = [
    "content_security_policy",
    "embed_cards",
    "format_date",
    "page_title",
    "post_header",
    "preview_html",
    "preview_page",
]

POST_BODY = "#galley-body"
"""The selector of the preview's post body container, which a post's own styles are kept to."""

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DATE = re.compile(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_NONCE = re.compile(r"[A-Za-z0-9+/_=-]+")
_CSP_BASE = re.compile(r"[a-z][a-z0-9+.-]*:(?://[^\s;,'\"/]*)?", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# The header


def _derived(post: Post, meta: Mapping[str, Any], generator: Generator | None) -> Derived:
    # (imported here: the site package is not needed for a first paint without a site)
    from editor.core.site.generators import Derived, derive

    if generator is None or post.path is None:
        return Derived("")
    try:
        return derive(generator, post.path, meta, post.body)
    except Exception:  # the header is never worth a failed preview
        return Derived("")


def format_date(value: object) -> tuple[str, str | None]:
    """``(text, iso)`` for a front-matter date, e.g. ``("17 May 2021", "2021-05-17")``.

    Accepts a date, a datetime or a string starting ``YYYY-MM-DD`` (the corpus writes
    ``'2021-05-17T21:00:00.0Z'``), or another string :func:`editor.core.dates.parse` reads
    (``'August 31, 2026'``); the day is the one written, never shifted to a time zone.
    Anything else comes back as its own text with ``iso`` None. Never raises.
    """
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and (match := _DATE.match(value)):
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            day = None
    elif isinstance(value, str) and (parsed := dates.parse(value)) is not None:
        day = parsed.date()  # "August 31, 2026", as the site's JavaScript reads it
    if day is None:
        return _text(value), None
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}", day.isoformat()


def post_header(
    post: Post,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    *,
    images: ImageResolver | None = None,
) -> str:
    """The post's front matter as readers see it; missing fields are left out. The title and
    description get the body's smart punctuation (curly quotes, em dashes), as the body has in
    the site generator's ``dialect`` (none where it writes none). With the site's
    ``generator``, what it takes from elsewhere shows too: a date from the file name or the
    generator's own date key (Astro's ``pubDate``), a title from the file name or first
    heading, and a Zola or Hugo ``authors`` list.

    The avatar path stays as written (relative to the post file), for the page's base URL to
    resolve; an avatar that is known to be missing (by ``images``, the site's rule, when
    given) is left out rather than shown broken.
    """
    meta: Mapping[str, Any] = post.meta
    derived = _derived(post, meta, generator)
    parts: list[str] = []
    title = _text(meta.get("title")) or derived.title
    if title:
        parts.append(f'<h1 class="post-title">{escape(smarten(title, dialect))}</h1>')
    byline = []
    name, avatar = _author(meta.get("author"))
    if not name and generator is not None and generator.name in ("zola", "hugo"):
        authors = meta.get("authors")
        if isinstance(authors, list) and authors and all(isinstance(a, str) for a in authors):
            name = ", ".join(authors)
    if avatar and safe_attr("src", avatar) and not _known_missing(avatar, post.path, images):
        byline.append(f'<img class="avatar" src="{escape(avatar)}" alt="" width="40" height="40">')
    if name:
        byline.append(f'<span class="author-name">{escape(name)}</span>')
    line = []
    if byline:
        line.append(f'<span class="post-author">{" ".join(byline)}</span>')
    date = meta.get("date")
    if date is None and generator is not None:
        date = generator.date_value(meta)[1] or derived.date
    date_text, iso = format_date(date)
    if date_text:
        stamp = f' datetime="{iso}"' if iso else ""
        line.append(f'<time class="post-date"{stamp}>{escape(date_text)}</time>')
    if line:
        separator = '<span class="separator">&middot;</span>'
        parts.append(f'<p class="post-byline">{separator.join(line)}</p>')
    description = _text(meta.get("description"))
    if description:
        parts.append(f'<p class="post-description">{escape(smarten(description, dialect))}</p>')
    tags = _tags(meta.get("tags"))
    if tags:
        chips = "".join(f'<li class="tag">{escape(tag)}</li>' for tag in tags)
        parts.append(f'<ul class="post-tags">{chips}</ul>')
    inner = "\n".join(parts)
    return f'<header class="post-header" id="galley-header" data-line="1">\n{inner}\n</header>\n'


def _text(value: object) -> str:
    if value is None or isinstance(value, Mapping):
        return ""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ""
    return str(value).strip()


def _author(value: object) -> tuple[str, str]:
    if isinstance(value, Mapping):
        return _text(value.get("name")), _text(value.get("avatar"))
    return _text(value), ""


def _tags(value: object) -> list[str]:
    if isinstance(value, str):
        items: Sequence[object] = value.split(",")
    elif isinstance(value, Sequence):
        items = value
    else:
        return []
    return [text for item in items if (text := _text(item))]


def _known_missing(src: str, post_path: Path | None, images: ImageResolver | None) -> bool:
    if images is not None:
        return images.checkable(src) and images.resolve(src) is None
    if post_path is None:
        return False
    path = local_file(src, post_path.parent)
    return path is not None and not path.is_file()


# ---------------------------------------------------------------------------------------------
# The preview page


def content_security_policy(
    *, remote_content: bool = False, nonce: str = "", base_url: str | None = None
) -> str:
    """The preview's CSP: nothing by default; images from the post's base and ``data:``.

    Remote images and frames (``https:`` only) are allowed only with ``remote_content``; scripts
    only by ``nonce``; styles inline (posts carry ``style=""``, and CSS cannot fetch anything the
    other directives do not allow).
    """
    if nonce and not _NONCE.fullmatch(nonce):
        raise ValueError(f"not a CSP nonce: {nonce!r}")
    base = _csp_source(base_url)
    images = ["'self'", "data:", *([base] if base else []), *(["https:"] if remote_content else [])]
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'nonce-{nonce}'" if nonce else "script-src 'none'",
            "style-src 'self' 'unsafe-inline'",
            "img-src " + " ".join(images),
            "frame-src https:" if remote_content else "frame-src 'none'",
            "object-src 'none'",
            f"base-uri {base}" if base else "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def _csp_source(base_url: str | None) -> str:
    """The CSP source of the post's folder URL: its scheme and host (``file:`` for files)."""
    if not base_url:
        return ""
    parts = urlsplit(base_url)
    if parts.scheme.lower() == "file":
        return "file:"
    source = f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"{parts.scheme}:"
    return source if parts.scheme and _CSP_BASE.fullmatch(source) else ""


def preview_page(
    post: Post,
    *,
    remote_content: bool = False,
    nonce: str = "",
    dark: bool | None = None,
    base_url: str | None = None,
    body_html: str | None = None,
    blocks_html: Sequence[str] | None = None,
    raw: Sequence[bool] | None = None,
    scripts: Sequence[str] = (),
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    images: ImageResolver | None = None,
) -> str:
    """The preview's HTML shell with the post rendered in it (``dialect`` and ``generator``:
    the site's, for the header, see :func:`post_header`; the body is the caller's when rendered
    in a dialect).

    Args:
        post: the post; its body is rendered unless ``body_html`` is given.
        remote_content: let ``https:`` images and frames load; otherwise iframes are cards.
        nonce: the CSP nonce of the app's own scripts; none means no script runs at all.
        dark: force the dark (True) or light (False) theme; None follows the system.
        base_url: the URL of the post's folder (ending in ``/``): relative images resolve
            against it and the CSP allows images from its origin.
        body_html: the body as already rendered by the caller's renderer (its block ids are
            the ones later patches refer to); it goes through :func:`preview_html` here.
        blocks_html: instead of ``body_html``, the body's blocks one by one (the live preview's
            way): each goes through :func:`preview_html` on its own, and they are grouped in
            chunks (see :func:`chunked`) that the page script keeps up to date.
        raw: with ``blocks_html``, which blocks hold the post's raw HTML (``Block.raw``); only
            those go through :func:`preview_html` (the renderer's own HTML is safe as it is).
            None: all of them.
        scripts: JavaScript sources to run in the page, each in a ``<script>`` with the nonce.
        images: where the post's images are on its site (``Site.image_resolver``), for the
            missing-image boxes; site-root images load through the preview's URL scheme.
    """
    if scripts and not nonce:
        raise ValueError("scripts need a nonce to run under the preview's CSP")
    folder = post.path.parent if post.path is not None else None
    if blocks_html is not None:
        body = chunked(
            preview_html(html, remote_content=remote_content, folder=folder, images=images)
            for html in blocks_html
        )
    else:
        html = _render(post, images) if body_html is None else body_html
        body = preview_html(html, remote_content=remote_content, folder=folder, images=images)
    csp = content_security_policy(remote_content=remote_content, nonce=nonce, base_url=base_url)
    theme = {None: "", True: ' data-theme="dark"', False: ' data-theme="light"'}[dark]
    scheme = {None: "light dark", True: "dark", False: "light"}[dark]
    base = f'<base href="{escape(base_url)}">\n' if base_url else ""
    code_css = _pygments_css(dark)
    header = post_header(post, dialect, generator, images=images)
    script_tags = "".join(
        f'<script nonce="{nonce}">{_script_text(source)}</script>\n' for source in scripts
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"{theme}>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="color-scheme" content="{scheme}">\n{base}'
        f"<title>{escape(page_title(post))}</title>\n"
        f"<style>\n{bundled.read_text('preview/preview.css')}</style>\n"
        f"<style>\n{code_css}</style>\n</head>\n<body>\n"
        f'<div class="post" id="galley-post">\n{header}'
        f'<article class="post-body" id="galley-body">\n'
        f"{body}"
        "</article>\n</div>\n"
        f"{script_tags}</body>\n</html>\n"
    )


CHUNK_BLOCKS = 64
"""Blocks per chunk of the live preview (preview.js cuts a chunk in two at twice as many)."""


def chunked(blocks_html: Iterable[str], size: int = CHUNK_BLOCKS) -> str:
    """Blocks grouped in ``<div class="galley-chunk">`` of ``size``.

    A chunk is a plain block box (no border, padding or margin of its own), so the page looks
    the same as with the blocks side by side; but a block that changes height lays out its own
    chunk and the chunks after it, not every block of a long post (13 ms → 1 ms per patch at
    400 KB, measured in the preview engine). Each block must be balanced HTML, which
    :func:`preview_html` makes sure of.
    """
    blocks = list(blocks_html)
    return "".join(
        f'<div class="galley-chunk">\n{"".join(blocks[i : i + size])}</div>\n'
        for i in range(0, len(blocks), size)
    )


def preview_html(
    html: str,
    *,
    remote_content: bool = False,
    folder: Path | None = None,
    images: ImageResolver | None = None,
) -> str:
    """Rendered post HTML made fit for the preview; use it on every block patched into the page.

    Nothing active is left, embeds are cards unless ``remote_content``, and with the post's
    ``folder`` (or, by the site's rule, ``images``) a raw ``<img>`` whose file is missing shows
    as the missing-image box, as the renderer shows a Markdown image (keeping the block's
    ``data-line`` and ``data-block``).
    A post's ``<style>`` applies only inside the post body (:data:`POST_BODY`), not to the
    header or the page around it.
    """
    cards: Literal["", "preview"] = "" if remote_content else "preview"
    return rewrite(html, Mode(cards=cards, folder=folder, images=images, scope_styles=POST_BODY))


def embed_cards(html: str) -> str:
    """Replace every ``<iframe>`` by a card showing its title (or host) and its URL as a link.

    The card keeps the iframe's tag in ``data-iframe`` (and its wrapper's aspect ratio in
    ``data-style``) so that the preview can put the embed back once remote content is allowed.
    Nothing else in ``html`` changes.
    """
    return rewrite(html, Mode(sanitize=False, cards="preview"))


def _render(post: Post, images: ImageResolver | None = None) -> str:
    folder = post.path.parent if post.path is not None else None
    return render_document(post.body, folder, post.body_start_line, images=images).html


def page_title(post: Post) -> str:
    """The page's ``<title>``: the post's title, else its file name."""
    title = _text(post.meta.get("title"))
    return title or (post.path.stem if post.path is not None else "Untitled")


def _pygments_css(dark: bool | None) -> str:
    light = bundled.read_text("preview/pygments-light.css")
    night = bundled.read_text("preview/pygments-dark.css")
    if dark is None:
        return (
            f"@media not all and (prefers-color-scheme: dark) {{\n{light}}}\n"
            f"@media (prefers-color-scheme: dark) {{\n{night}}}\n"
        )
    return night if dark else light


def _script_text(source: str) -> str:
    return re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE)
