"""How big a post's e-mail HTML is, measured fast enough to run as the author types (pure).

:func:`html_size` is for the ``email-too-large`` check, which runs on every edit: building the
whole message HTML of a 400 KB post takes about 0.35 s here (render, rewrite, inline the
styles, sanitise), several times the rest of the checks. So it is measured block by block, as
the preview renders: each top-level block of the body is exported alone (rewritten, its styles
inlined, sanitised) and its size kept by its HTML, and the rest of the page (the head, its
style block, the post header, the preheader) is measured once per front matter (plus the
dark code theme when a block has highlighted code). An edit then
costs the blocks it changed. Images are not read: a local image that is a file counts as a
``cid:`` reference of the usual length.

The caches are the module's (the check worker's process keeps them from edit to edit): call it
from one thread at a time. A site's whole check (``galley check SITE``) still exports each post
once: about 35 ms a post of the Rust blog here.

The sum is the message's HTML part within a few bytes a block (a raw HTML block left open, a
block's trailing newline); :func:`editor.core.mail.html_part_size` of the built message is the
exact figure ``galley export --eml`` prints.
"""

from __future__ import annotations

import copy
import re
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.export import dark_code_theme_size, export_mode, inline_and_clean
from editor.core.htmlrewrite import rewrite
from editor.core.mail.message import MailOptions, email_page
from editor.core.render.dialects import DEFAULT
from editor.core.render.incremental import Block, DocumentRenderer

if TYPE_CHECKING:
    from editor.core.htmlrewrite import Mode
    from editor.core.post import Post
    from editor.core.render.dialects import Dialect
    from editor.core.site import ImageResolver
    from editor.core.site.generators import Generator

__all__ = ["html_size"]

_CID_LENGTH = len("cid:179619304930.4055.12298585689526722060.image1@galley.invalid")
_RENDERERS: OrderedDict[tuple[Path | None, bool, Dialect], DocumentRenderer] = OrderedDict()
_MAX_RENDERERS = 4  # the posts being edited; a site's check goes through them one by one
# The size of each block's export, by what it depends on besides its HTML: the post's folder,
# the site's URL and its image resolver (a value: each check run makes an equal one).
_SIZES: dict[tuple[Path | None, str, ImageResolver | None], dict[str, int]] = {}
_MAX_SIZES = 16384
_MAX_CONTEXTS = 8
_FRAMES: dict[tuple[object, ...], int] = {}
_MAX_FRAMES = 64
_BLOCK_MARKS = re.compile(r' data-line="\d+" data-block="[^"]*"')


def html_size(
    post: Post,
    options: MailOptions,
    *,
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    resolver: ImageResolver | None = None,
) -> int:
    """The size in bytes of the HTML part of ``post``'s message (see the module documentation)."""
    dialect = (dialect or DEFAULT).for_post(post.path)
    mode = export_mode(post, options.site_url, images=resolver, embed_image=_sizing)
    total = _frame_size(post, options, emoji, dialect, generator, resolver)
    context = (mode.folder, mode.site_url, resolver)
    sizes = _SIZES.get(context)
    if sizes is None or len(sizes) >= _MAX_SIZES:
        if len(_SIZES) >= _MAX_CONTEXTS:
            _SIZES.clear()
        sizes = _SIZES[context] = {}
    code = False
    for block in _blocks(post, emoji, dialect):
        code = code or 'class="highlight' in block.html
        # By the block's HTML as it is (a string whose hash Python keeps), else without its
        # line (a block moved by an edit above it).
        size = sizes.get(block.html)
        if size is None:
            unmarked = _BLOCK_MARKS.sub("", block.html, count=1)
            size = sizes.get(unmarked)
            if size is None:
                size = sizes[unmarked] = _block_size(block.html, mode)
            sizes[block.html] = size
        total += size
    return total + (dark_code_theme_size() if code else 0)  # the head's dark code theme


def _blocks(post: Post, emoji: bool, dialect: Dialect) -> list[Block]:
    """The body's rendered blocks, by a renderer kept for the post (as the export renders:
    without the folder, so that every image reaches the rewrite as an ``<img>``)."""
    key = (post.path, emoji, dialect)
    renderer = _RENDERERS.pop(key, None)
    if renderer is None:
        renderer = DocumentRenderer(None, post.body_start_line, emoji, dialect)
        renderer.render(post.body)
    else:
        renderer.update(post.body, post.body_start_line)
    _RENDERERS[key] = renderer
    while len(_RENDERERS) > _MAX_RENDERERS:
        _RENDERERS.popitem(last=False)
    return renderer.blocks


def _block_size(html: str, mode: Mode) -> int:
    return len(inline_and_clean(rewrite(html, mode), cid_images=True).encode("utf-8"))


def _frame_size(
    post: Post,
    options: MailOptions,
    emoji: bool,
    dialect: Dialect,
    generator: Generator | None,
    resolver: ImageResolver | None,
) -> int:
    """The page without its body's blocks: head, styles, header, preheader."""
    name = generator.name if generator is not None else None
    key = (post.front_matter_text, post.path, options, emoji, dialect, name, resolver)
    size = _FRAMES.get(key)
    if size is None:
        empty = copy.copy(post)
        empty.body = ""
        page = email_page(empty, options, _sizing, True, emoji, dialect, generator, resolver)
        if len(_FRAMES) >= _MAX_FRAMES:
            _FRAMES.clear()
        size = _FRAMES[key] = len(page.encode("utf-8"))
    return size


def _sizing(path: Path, classes: frozenset[str]) -> str | None:
    """A local image as a ``cid:`` reference of the usual length, without reading it."""
    try:
        return "cid:" + "0" * (_CID_LENGTH - 4) if path.is_file() else None
    except (OSError, ValueError):
        return None
