"""The e-mail export: one self-contained HTML file of a post (pure; no Qt).

:func:`export_page` renders the post, makes it self-contained with :mod:`editor.core.htmlrewrite`
(local images embedded as ``data:`` URIs, embeds turned into linked cards, local links
unlinked), copies ``resources/preview/email.css`` into ``style=""`` attributes with the
`css-inline <https://pypi.org/project/css-inline/>`_ library, because many mail clients drop
``<style>`` blocks, and lets only what :func:`editor.core.sanitise.clean_export_html` allows (nh3
and tinycss2, by allow-list) leave: no script, no fetch but images, no local path.

A post's own ``<style>`` elements are left out of the export, the fragment and the whole page
alike. Inlined, ``body { background: red }`` reached the mail's ``<body>`` and ``p`` rules every
paragraph, so the post restyled the whole mail; kept as a block, Gmail and others strip it, so
readers would see different mails. The published site does not scope them either (they restyle
its whole page), so there is no "as the site shows it" to keep. The mail's look is
``email.css``; a post's ``style=""`` attributes stay, cleaned. The ``post-style`` check says so.
"""

from __future__ import annotations

import base64
import re
from functools import cache, lru_cache
from html import escape, unescape
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import css_inline

from editor.core import bundled
from editor.core.htmlrewrite import EmbedImage, Mode, rewrite
from editor.core.page import page_title, post_header
from editor.core.post import Post
from editor.core.render import render_document
from editor.core.render.dialects import DEFAULT, Dialect
from editor.core.sanitise import clean_export_html, clean_style
from editor.core.svgcheck import svg_problem

if TYPE_CHECKING:
    from editor.core.site import ImageResolver
    from editor.core.site.generators import Generator

__all__ = [
    "export_article",
    "export_mode",
    "export_page",
    "image_embedder",
    "inline_and_clean",
    "paper_size",
    "print_page",
]

_MAX_EMBEDDED_IMAGE = 20 * 1024 * 1024
_AVATAR_PIXELS = 96


def export_page(
    post: Post,
    *,
    fragment: bool = False,
    site_url: str | None = None,
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    images: ImageResolver | None = None,
    embed_image: EmbedImage | None = None,
    cid_images: bool = False,
) -> str:
    """One self-contained, e-mail-ready HTML file of the post (or only its ``<article>``).

    Styles are inlined into ``style=""`` (and kept in a ``<style>`` block for clients that read
    it); local images, the avatar too, become ``data:`` URIs, or a "missing image" box with the
    alt text and file name when the file is not there or not an image; iframes become linked
    cards; remote images stay remote. Nothing else is kept that could run or load: no script,
    event handler, ``javascript:`` or ``data:text/html`` URL, stylesheet, font, video, audio,
    frame, form, ``ping``, ``@import`` or CSS ``url()``; and no local path.

    Site-root links such as ``/blog/other-post/`` point into the published site: with
    ``site_url`` (e.g. ``https://roadie.io``) they become absolute links, otherwise only their
    text is kept, as a mail reader could not follow them. ``emoji`` writes ``:shortcodes:`` as
    emoji, for a site that does (SiteSettings.emoji). ``images`` is where the post's images are
    on its site (``Site.image_resolver``): a site-root image one of the site's static folders
    has (``/img/x.png`` in ``static/``) is embedded too, and nothing outside the site is.

    ``embed_image`` replaces the ``data:`` URI embedder: the e-mail message's
    (:mod:`editor.core.mail`) returns ``cid:`` references to the parts it collects, which the
    sanitiser lets through in ``<img src>`` only when ``cid_images`` says so.
    """
    prepared = _prepared_article(
        post,
        site_url,
        emoji=emoji,
        dialect=dialect,
        generator=generator,
        images=images,
        embed_image=embed_image,
    )
    # The rewrite ran first: it embedded images, turned iframes into linked cards and unlinked
    # local links, so that the inliner sees no script, <link> or local URL (it cannot fetch
    # anything anyway). The allow-list sanitiser runs last, on the inliner's output, and is
    # what makes the promise: only what it lets through leaves Galley (RELIABILITY.md, 9).
    css = _email_css()
    if fragment:
        inlined = _inliner(keep_style_tags=False).inline_fragment(prepared, css)
        return _sanitised(inlined, cid_images=cid_images)
    dark = _email_dark_css(code='class="highlight' in prepared)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="supported-color-schemes" content="light dark">\n'
        f"<title>{escape(page_title(post))}</title>\n<style>\n{css}{dark}</style>\n</head>\n"
        f'<body class="email">\n{prepared}</body>\n</html>\n'
    )
    inlined = _inliner(keep_style_tags=True).inline(page)
    # The head is ours: the bundled CSS and the escaped title (its <meta> tags would not
    # survive the sanitiser, which keeps no <meta>). The body is the post's. html5ever always
    # writes one <body>, and escapes "<" in the <title> before it.
    body_at = inlined.index("<body")
    content_at = inlined.index(">", body_at) + 1
    end_at = inlined.rindex("</body>")
    style = re.search(r'\sstyle="([^"]*)"', inlined[body_at:content_at])
    body_style = (
        clean_style(unescape(style[1])) if style else ""
    )  # a post's <style> may aim at body
    return (
        f'{inlined[:body_at]}<body class="email" style="{escape(body_style)}">'
        f"{_sanitised(inlined[content_at:end_at], cid_images=cid_images)}</body>\n</html>\n"
    )


def export_article(
    post: Post,
    *,
    site_url: str | None = None,
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    images: ImageResolver | None = None,
    embed_image: EmbedImage | None = None,
) -> str:
    """The export's ``<article>``, rewritten and sanitised as :func:`export_page` makes it, but
    with no styles inlined: what the mail says, for another rendering of it (the plain-text
    part, :mod:`editor.core.mail.plaintext`). ``embed_image`` stands in for the export's own
    embedder, which reads and encodes every image; the text only needs to know which ones
    there are."""
    prepared = _prepared_article(
        post,
        site_url,
        emoji=emoji,
        dialect=dialect,
        generator=generator,
        images=images,
        embed_image=embed_image,
    )
    return _sanitised(prepared)


def _prepared_article(
    post: Post,
    site_url: str | None,
    *,
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    images: ImageResolver | None = None,
    embed_image: EmbedImage | None = None,
) -> str:
    """The post's ``<article>`` made self-contained by the rewrite (not yet sanitised)."""
    # Rendered without the folder, so that every image, Markdown or HTML, reaches the rewrite
    # as an <img>: it embeds the file, or shows a box naming only the file. (The renderer's
    # own box, for the preview, shows the reference as written, which may be a local path.)
    dialect = (dialect or DEFAULT).for_post(post.path)  # a .mdx post is MDX
    body = render_document(post.body, None, post.body_start_line, emoji=emoji, dialect=dialect).html
    article = (
        f'<article class="post">\n{post_header(post, dialect, generator, images=images)}'
        f'<div class="post-body">\n{body}</div>\n</article>\n'
    )
    return rewrite(article, export_mode(post, site_url, images=images, embed_image=embed_image))


def export_mode(
    post: Post,
    site_url: str | None,
    *,
    images: ImageResolver | None = None,
    embed_image: EmbedImage | None = None,
) -> Mode:
    """How the export rewrites the post's rendered HTML (its images by ``embed_image``, by
    default as ``data:`` URIs)."""
    return Mode(
        cards="export",
        export=True,
        folder=post.path.parent if post.path is not None else None,
        images=images,
        site_url=site_url or "",
        embed_image=embed_image if embed_image is not None else image_embedder(),
    )


def inline_and_clean(html: str, *, cid_images: bool = False) -> str:
    """A rewritten fragment with the e-mail styles inlined and sanitised, as the export's
    ``<article>`` (for measuring the export block by block: :mod:`editor.core.mail.measure`)."""
    return _sanitised(
        _inliner(keep_style_tags=False).inline_fragment(html, _email_css()), cid_images=cid_images
    )


# Where Letter paper is the usual size; A4 everywhere else.
_LETTER_TERRITORIES = frozenset(
    ["US", "CA", "MX", "PR", "GU", "VI", "AS", "MP", "UM", "PH", "CL", "CO", "VE", "CR", "GT",
     "PA", "SV", "NI", "DO", "BZ"]
)  # fmt: skip


def paper_size(territory: str) -> str:
    """``"Letter"`` where it is the usual paper (ISO 3166 code, e.g. ``US``), else ``"A4"``."""
    return "Letter" if territory.upper() in _LETTER_TERRITORIES else "A4"


def print_page(
    post: Post,
    *,
    site_url: str | None = None,
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    images: ImageResolver | None = None,
) -> str:
    """The post as a page to print or turn into a PDF: the export's content (embedded images,
    linked cards, nothing that runs or loads but remote images) in the preview's light styles,
    with page breaks kept out of images, code and cards (the paper's margins are the printer's).
    """
    article = _sanitised(
        _prepared_article(
            post, site_url, emoji=emoji, dialect=dialect, generator=generator, images=images
        )
    )
    csp = "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'"
    styles = "".join(
        f"<style>\n{bundled.read_text(name)}</style>\n"
        for name in ("preview/preview.css", "preview/pygments-light.css", "preview/print.css")
    )
    return (
        '<!DOCTYPE html>\n<html lang="en" data-theme="light">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{escape(page_title(post))}</title>\n{styles}</head>\n"
        f'<body class="print">\n{article}</body>\n</html>\n'
    )


def _sanitised(html: str, *, cid_images: bool = False) -> str:
    return clean_export_html(html, svg_problem=svg_problem, cid_images=cid_images)


def _inliner(*, keep_style_tags: bool) -> css_inline.CSSInliner:
    """An inliner that loads nothing: no remote or local stylesheet, no ``<link>`` kept."""
    return css_inline.CSSInliner(
        keep_style_tags=keep_style_tags,
        keep_link_tags=False,
        load_remote_stylesheets=False,
        base_url=None,
    )


@lru_cache(maxsize=1)
def _email_css() -> str:
    return bundled.read_text("preview/email.css") + bundled.read_text("preview/pygments-light.css")


@lru_cache(maxsize=2)
def _email_dark_css(*, code: bool) -> str:
    """The message's dark mode (``email-dark.css``, and the dark code theme when the post has
    highlighted code: 4 KB of a message Gmail clips at 102 KB), every declaration
    ``!important`` to win over the inlined light ones, inside ``prefers-color-scheme: dark``."""
    theme = bundled.read_text("preview/pygments-dark.css").splitlines() if code else []
    code_rules = "".join(_important(line) + "\n" for line in theme if line.startswith(".highlight"))
    rules = bundled.read_text("preview/email-dark.css")
    return f"@media (prefers-color-scheme: dark) {{\n{rules}{code_rules}}}\n"


def dark_code_theme_size() -> int:
    """The bytes the dark code theme adds to a page whose post has highlighted code."""
    return len(_email_dark_css(code=True).encode()) - len(_email_dark_css(code=False).encode())


def _important(rule: str) -> str:
    """A one-line rule (``.a { color: #fff; font-style: italic }``) with each declaration
    ``!important`` and its trailing comment dropped."""
    selector, _, rest = rule.partition("{")
    body = rest.partition("}")[0]
    declarations = [part.strip() for part in body.split(";") if part.strip()]
    marked = "; ".join(d if d.endswith("!important") else f"{d} !important" for d in declarations)
    return f"{selector.strip()} {{ {marked} }}"


def image_embedder() -> EmbedImage:
    """Embeds each image file once per export; an avatar as a small thumbnail."""

    @cache
    def embed(path: Path, avatar: bool) -> str | None:
        # An avatar shows at 40 px: a 2x thumbnail keeps a phone photo from weighing a megabyte.
        return _data_uri(path, _AVATAR_PIXELS if avatar else None)

    return lambda path, classes: embed(path, "avatar" in classes)


def _data_uri(path: Path, max_pixels: int | None = None) -> str | None:
    """``path`` as a ``data:`` URI if it is an image (checked by decoding), else None.

    With ``max_pixels``, a larger raster image is scaled down to fit that square.
    """
    try:
        if not path.is_file() or path.stat().st_size > _MAX_EMBEDDED_IMAGE:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if path.suffix.lower() == ".svg":  # only an SVG that draws: the same check as an import's
        return _as_data_uri("image/svg+xml", data) if svg_problem(data) is None else None
    from PIL import Image  # here: only exports need it, and it is slow to import

    try:
        with Image.open(BytesIO(data)) as image:  # a file that is no image fails here
            mime = image.get_format_mimetype() or ""
            if not (max_pixels and max(image.size) > max_pixels):
                image.verify()  # checks the data (PNG checksums) without decoding every pixel
            else:
                image.thumbnail((max_pixels, max_pixels))
                alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                out = BytesIO()
                if alpha:
                    image.save(out, "PNG", optimize=True)
                else:
                    image.convert("RGB").save(out, "JPEG", quality=88)
                mime, data = ("image/png" if alpha else "image/jpeg"), out.getvalue()
    except Exception:  # any failure to decode means: not an image we can embed
        return None
    return _as_data_uri(mime, data) if mime.startswith("image/") else None


def _as_data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
