"""Markdown to HTML the way the published site renders it, block by block (pure; no Qt).

- :mod:`~editor.core.render.markdown`: the markdown-it pipeline (the site's plugins as render
  rules, Pygments highlighting, heading slugs) that renders one top-level block's HTML, and the
  block parser the checks share.
- :mod:`~editor.core.render.split`: a body cut into lines and top-level blocks, and where two
  versions of it differ.
- :mod:`~editor.core.render.incremental`: :class:`DocumentRenderer`, which renders a body block
  by block, caches each block's HTML and returns only what an edit changed.
- :mod:`~editor.core.render.dialects`: how each site generator renders Markdown (a
  :class:`~editor.core.render.dialects.Dialect` the renderers take; None is today's renderer),
  with its rules in :mod:`~editor.core.render.extensions` and
  :mod:`~editor.core.render.attributes`, and the generator syntax it shows as placeholders in
  :mod:`~editor.core.render.syntax` and :mod:`~editor.core.render.placeholders`; what Liquid
  does before kramdown reads a post (an include's reference definitions, ``{% assign %}``) in
  :mod:`~editor.core.render.liquid`, and kramdown's ``markdown="1"`` in
  :mod:`~editor.core.render.kramdown_html`.
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
