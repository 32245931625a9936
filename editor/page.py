"""Whole HTML pages around a rendered post (pure; no Qt)."""

from __future__ import annotations

from html import escape

from editor import bundled
from editor.post import Post
from editor.render import render_body


def preview_page(post: Post) -> str:
    """A standalone HTML page showing the post's title and rendered body."""
    title = post.meta.get("title")
    title_text = str(title) if title is not None else (post.path.stem if post.path else "Untitled")
    heading = f"<h1>{escape(str(title))}</h1>\n" if title is not None else ""
    css = bundled.read_text("preview/preview.css")
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title_text)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        f"<article>\n{heading}{render_body(post.body)}</article>\n</body>\n</html>\n"
    )
