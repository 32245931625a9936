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
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from editor.core.render.autolinks import use_autolinks
from editor.core.render.common import EXTERNAL, UNSAFE_URL, highlight_code, image_html
from editor.core.render.dialects import DEFAULT, Dialect, github_slug
from editor.core.render.extensions import typographer_rule, use_dialect
from editor.core.render.liquid import pending_reference

__all__ = ["Rendered", "block_parser", "github_slug", "heading_text", "render_block", "smarten"]


_highlight = highlight_code


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


def smarten(text: str, dialect: Dialect | None = None) -> str:
    """Plain text (a post's title or description) with the body's smart punctuation: curly
    quotes and apostrophes, em dashes and ellipses, by the same rules (the ``dialect``'s: none
    for a generator that writes none). The text is not read as Markdown: ``*`` and ``_`` stay
    as they are."""
    dialect = dialect or DEFAULT
    if not dialect.quotes and not dialect.dashes and not dialect.guillemets:
        return text
    if not text or not any(mark in text for mark in ("'", '"', "--", "...", "<<", ">>")):
        return text
    md = _markdown(dialect)
    child = Token("text", "", 0, content=text)
    inline = Token("inline", "", 0, content=text, children=[child])
    state = StateCore(text, md, {})
    state.tokens = [inline]
    if dialect.quotes:
        smartquotes(state)
    if dialect.dashes == "remark":
        _smartypants(state)
    elif dialect.dashes or dialect.guillemets:
        typographer_rule(dialect)(state)
    return child.content


_TEMPLATE_URL = re.compile(r"%7B(?:%7B|%25)|\{[{%]", re.IGNORECASE)


def _link_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if _TEMPLATE_URL.search(href):  # Liquid the preview cannot expand: only the build knows
        written = unquote(href)
        token.attrSet("href", "#")
        token.attrSet("class", "galley-template-link")
        token.attrSet("title", f"The site build writes this address: {written}")
    elif UNSAFE_URL.match(href):
        token.attrSet("href", "#")
    elif EXTERNAL.match(href):
        token.attrSet("target", "_blank")
        token.attrSet("rel", "noopener noreferrer")
    return str(self.renderToken(tokens, idx, options, env))


def _image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    title = token.attrGet("title")
    return image_html(src, alt, str(title) if title else None, env.get("folder"), env.get("images"))


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


@lru_cache(maxsize=16)
def _markdown(dialect: Dialect = DEFAULT) -> MarkdownIt:
    """The full pipeline of a dialect, used to render one block's source."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": dialect.linkify, "typographer": True})
    md.options["highlight"] = _highlight
    if dialect.linkify:
        use_autolinks(md, dialect.autolinks, dialect.www_scheme)
    md.enable(_block_features(dialect) + _inline_features(dialect))
    if dialect.footnotes:
        md.use(footnote_plugin)
    if dialect.tasklists:
        md.use(tasklists_plugin)
    if dialect.footnotes:
        md.disable("footnote_tail")  # footnotes are gathered into their own block
    if not dialect.fences:
        md.disable("fence")
    if dialect.dashes == "remark":
        md.core.ruler.after("smartquotes", "galley_smartypants", _smartypants)
    md.core.ruler.push("galley_emoji", _emoji)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image)
    md.add_render_rule("heading_open", _heading_open)
    if dialect.footnotes:
        md.add_render_rule("footnote_ref", _footnote_ref)
    if not dialect.is_default:
        use_dialect(md, dialect)
    if "liquid" in dialect.syntaxes:  # a reference an include may define: a link to be
        md.inline.ruler.before("link", "galley_pending_link", pending_reference)
    return md


def _block_features(dialect: Dialect) -> list[str]:
    return [
        name
        for name, on in (("table", dialect.tables), ("strikethrough", dialect.strikethrough))
        if on
    ]


def _inline_features(dialect: Dialect) -> list[str]:
    return [
        name for name, on in (("linkify", dialect.linkify), ("smartquotes", dialect.quotes)) if on
    ]


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


@lru_cache(maxsize=16)
def block_parser(dialect: Dialect = DEFAULT) -> MarkdownIt:
    """Block structure only (no inline work), with the render pipeline's block plugins: finds the
    top-level blocks of a text fast. The checks walk the same blocks the preview renders."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(_block_features(dialect))
    if dialect.footnotes:
        md.use(footnote_plugin)
    md.disable(["inline", "text_join"] + (["footnote_tail"] if dialect.footnotes else []))
    if not dialect.fences:
        md.disable("fence")
    if not dialect.is_default:
        use_dialect(md, dialect, block_only=True)
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
_RAW_TOKENS = frozenset(["html_block", "html_inline", "galley_html_open", "galley_html_close"])


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


@lru_cache(maxsize=8)
def _references(refs: str, dialect: Dialect) -> dict[str, Any]:
    """The reference definitions of a post (its definition blocks, and its includes'), read
    once for all its blocks: a post with hundreds of them spent most of its render here."""
    env: dict[str, Any] = {}
    block_parser(dialect).parse(refs, env)
    return dict(env.get("references", {}))


@dataclass
class Rendered:
    """One block's HTML, before it is tagged with its place in the post."""

    html: str
    raw: bool = True  # holds raw HTML from the post (see Block.raw)


def render_block(
    text: str,
    refs: str,
    labels: tuple[str, ...],
    env: dict[str, Any],
    dialect: Dialect = DEFAULT,
) -> Rendered:
    """Render one top-level block's source, with the document's reference definitions."""
    md = _markdown(dialect)
    try:
        if refs:
            env["references"] = {**_references(refs, dialect), **env.get("references", {})}
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
        if not raw and not dialect.is_default:
            raw = "<iframe" in out  # a shortcode's embed: the preview makes it a card
    except Exception:  # a renderer bug must never cost the user their preview
        return Rendered(f'<pre class="render-error">{html.escape(text)}</pre>\n')
    return Rendered(_responsive_iframes(out), raw)
