"""The markdown-it pipeline: one top-level block's Markdown to HTML, as the site renders it.

The site builds posts with gatsby-transformer-remark and the plugins -autolink-headers,
-external-links, -responsive-iframe, -prismjs and -smartypants. This module renders the same
features with markdown-it-py: raw HTML, GFM tables, strikethrough, linkify, task lists, footnotes,
smart punctuation, github-slugger heading ids with anchor links, external links opening a new
tab, responsive iframes and Pygments-highlighted code; ``:emoji:`` shortcodes only for a site
that renders them (``env["emoji"]``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

__all__ = ["Rendered", "block_parser", "github_slug", "heading_text", "render_block", "smarten"]


_FORMATTER = HtmlFormatter(nowrap=True)
_EXTERNAL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)
_SAFE_DATA_IMAGE = re.compile(r"^\s*data:image/(?:png|gif|jpeg|webp);", re.IGNORECASE)


def _highlight(code: str, lang: str, _attrs: str) -> str:
    """Pygments for known languages; escaped plain code otherwise (never an error)."""
    name = (lang or "").strip().split()[0] if lang and lang.strip() else ""
    css_lang = f' class="language-{html.escape(name, quote=True)}"' if name else ""
    body = html.escape(code)
    if name:
        try:
            lexer = get_lexer_by_name(name, stripnl=False, ensurenl=False)
            body = pygments_highlight(code, lexer, _FORMATTER)
        except (ClassNotFound, ValueError):
            pass
    return f'<pre class="highlight"><code{css_lang}>{body}</code></pre>\n'


def github_slug(text: str) -> str:
    """The id github-slugger gives a heading's text (before de-duplication)."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _smartypants(state: Any) -> None:
    """Dashes and ellipses as retext-smartypants does (``--`` em dash), never inside code."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            if token.type == "text" and ("--" in token.content or "..." in token.content):
                text = token.content.replace("---", "\u2014").replace("--", "\u2014")
                token.content = text.replace("...", "\u2026")


def _emoji(state: Any) -> None:
    """``:shortcodes:`` as emoji, for a site whose renderer does that (``env["emoji"]``, see
    editor.core.site.settings): nothing at all for other sites. Code is left alone."""
    if not state.env.get("emoji"):
        return
    from editor.core.emoji import emojize

    for block in state.tokens:
        if block.type != "inline" or not block.children or ":" not in block.content:
            continue
        for token in block.children:
            if token.type == "text" and ":" in token.content:
                token.content = emojize(token.content)


def smarten(text: str) -> str:
    """Plain text (a post's title or description) with the body's smart punctuation: curly
    quotes and apostrophes, em dashes and ellipses, by the same rules. The text is not read
    as Markdown: ``*`` and ``_`` stay as they are."""
    if not text or not any(mark in text for mark in ("'", '"', "--", "...")):
        return text
    md = _markdown()
    child = Token("text", "", 0, content=text)
    inline = Token("inline", "", 0, content=text, children=[child])
    state = StateCore(text, md, {})
    state.tokens = [inline]
    smartquotes(state)
    _smartypants(state)
    return child.content


def _link_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if _UNSAFE_URL.match(href):
        token.attrSet("href", "#")
    elif _EXTERNAL.match(href):
        token.attrSet("target", "_blank")
        token.attrSet("rel", "noopener noreferrer")
    return str(self.renderToken(tokens, idx, options, env))


def _image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    if _UNSAFE_URL.match(src) and not _SAFE_DATA_IMAGE.match(src):
        src = ""
    images = env.get("images")  # the site's ImageResolver, when the post's site is known
    if images is not None:
        missing = bool(src) and images.checkable(src) and images.resolve(src) is None
        if not missing and "%7B" in src.upper():  # {{ site.baseurl }}/x.png: what it stands for
            found = images.resolve(src)
            src = images.reference_for(found) if found is not None else src
    else:
        missing = _missing_local_file(src, env.get("folder"))
    if missing:
        return (
            f'<span class="missing-image" role="img" aria-label="{html.escape(alt)}">'
            f"missing image: {html.escape(src)}</span>"
        )
    attrs = f' title="{html.escape(str(token.attrGet("title")))}"' if token.attrGet("title") else ""
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"{attrs} loading="lazy">'


def _missing_local_file(src: str, folder: Path | None) -> bool:
    if folder is None or not src or src.startswith(("#", "/")):
        return False
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return False
    return not (folder / unquote(parts.path)).is_file()


def _heading_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    slug = env.get("slug")
    if not slug:
        return str(self.renderToken(tokens, idx, options, env))
    safe = html.escape(slug, quote=True)
    return (
        f'<{token.tag} id="{safe}"><a href="#{safe}" aria-label="{safe} permalink" '
        f'class="anchor">#</a>'
    )


def _footnote_ref(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    label = html.escape(str(tokens[idx].meta.get("label", "")), quote=True)
    return f'<sup id="fnref-{label}"><a href="#fn-{label}" class="footnote-ref">{label}</a></sup>'


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The full pipeline, used to render one block's source."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": True, "typographer": True})
    md.options["highlight"] = _highlight
    md.enable(["table", "strikethrough", "linkify", "smartquotes"])
    md.use(footnote_plugin).use(tasklists_plugin)
    md.disable("footnote_tail")  # footnotes are gathered into their own block
    md.core.ruler.after("smartquotes", "galley_smartypants", _smartypants)
    md.core.ruler.push("galley_emoji", _emoji)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image)
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("footnote_ref", _footnote_ref)
    return md


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """Block structure only (no inline work), with the render pipeline's block plugins: finds the
    top-level blocks of a text fast. The checks walk the same blocks the preview renders."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.disable(["inline", "footnote_tail", "text_join"])
    return md


def heading_text(inline: str) -> str:
    """The visible text of a heading's inline Markdown (for its slug)."""
    tokens = _inline_parser().parseInline(inline)
    parts: list[str] = []
    for child in tokens[0].children or [] if tokens else []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append("")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# One block's HTML


_IFRAME = re.compile(r"<iframe\b[^>]*>", re.IGNORECASE)
_DIMENSION = re.compile(r"""\b(width|height)\s*=\s*["']?(\d+(?:\.\d+)?)(%?)""", re.IGNORECASE)
_RAW_TOKENS = frozenset(["html_block", "html_inline"])


def _responsive_iframes(block_html: str) -> str:
    """Wrap iframes to keep their aspect ratio at any width (gatsby-remark-responsive-iframe)."""

    def wrap(match: re.Match[str]) -> str:
        tag = match.group(0)
        dims = {k.lower(): float(v) for k, v, pct in _DIMENSION.findall(tag) if not pct}
        if not dims.get("width") or not dims.get("height"):
            return f'<div class="iframe">{tag}'  # no pixel size: nothing to keep in ratio
        ratio = dims["height"] / dims["width"] * 100
        return f'<div class="responsive-iframe" style="padding-bottom: {ratio:.2f}%">{tag}'

    if "<iframe" not in block_html.lower():
        return block_html
    wrapped = _IFRAME.sub(wrap, block_html)
    return re.sub(r"</iframe\s*>", "</iframe></div>", wrapped, flags=re.IGNORECASE)


@dataclass
class Rendered:
    """One block's HTML, before it is tagged with its place in the post."""

    html: str
    raw: bool = True  # holds raw HTML from the post (see Block.raw)


def render_block(text: str, refs: str, labels: tuple[str, ...], env: dict[str, Any]) -> Rendered:
    """Render one top-level block's source, with the document's reference definitions."""
    md = _markdown()
    try:
        if refs:
            md.parse(refs, env)  # fills env["references"]
        env["footnotes"] = {"refs": {f":{label}": -1 for label in labels}}
        tokens = md.parse(text, env)
        if tokens and tokens[0].type == "footnote_reference_open":
            tokens = tokens[1:-1]
        out = md.renderer.render(tokens, md.options, env)
        raw = any(
            token.type in _RAW_TOKENS
            or any(child.type in _RAW_TOKENS for child in token.children or ())
            for token in tokens
        )
    except Exception:  # a renderer bug must never cost the user their preview
        return Rendered(f'<pre class="render-error">{html.escape(text)}</pre>\n')
    return Rendered(_responsive_iframes(out), raw)
