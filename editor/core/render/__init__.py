"""Markdown to HTML the way the published site renders it, block by block (pure; no Qt).

- :mod:`~editor.core.render.markdown`: the markdown-it pipeline (the site's plugins as render
  rules, Pygments highlighting, heading slugs) that renders one top-level block's HTML, and the
  block parser the checks share.
- :mod:`~editor.core.render.split`: a body cut into lines and top-level blocks, and where two
  versions of it differ.
- :mod:`~editor.core.render.incremental`: :class:`DocumentRenderer`, which renders a body block
  by block, caches each block's HTML and returns only what an edit changed.
"""

from editor.core.render.incremental import (
    Block,
    DocumentRenderer,
    RenderResult,
    RenderUpdate,
    render_body,
    render_document,
)
from editor.core.render.markdown import block_parser, github_slug, smarten
from editor.core.render.split import body_lines

__all__ = [
    "Block",
    "DocumentRenderer",
    "RenderResult",
    "RenderUpdate",
    "block_parser",
    "body_lines",
    "github_slug",
    "render_body",
    "render_document",
    "smarten",
]
