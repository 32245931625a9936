"""Markdown to HTML (pure; no Qt).

A plain markdown-it-py render with raw HTML on, as the published site allows it. The rendering
issue (#3) turns this into the site-faithful, block-by-block renderer.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render_body(markdown: str) -> str:
    """Render Markdown text to an HTML fragment."""
    html: str = _markdown().render(markdown)
    return html
