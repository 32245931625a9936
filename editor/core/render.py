"""Markdown to HTML the way the published site renders it, block by block (pure; no Qt).

The site builds posts with gatsby-transformer-remark and the plugins -autolink-headers,
-external-links, -responsive-iframe, -prismjs and -smartypants. This module renders the same
features with markdown-it-py: raw HTML, GFM tables, strikethrough, linkify, task lists, footnotes,
smart punctuation, github-slugger heading ids with anchor links, external links opening a new
tab, responsive iframes and Pygments-highlighted code.

It is built for live editing. A post body is split into top-level blocks; each block's HTML is
cached by its source and by the document context it depends on (reference links, footnotes, the
post folder, its heading slug's rank). An edit re-parses only a window around the changed lines
until the block structure re-synchronises with the old one, and :class:`DocumentRenderer.update`
returns just the blocks that were added, removed, replaced or moved to another line.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

__all__ = [
    "Block",
    "DocumentRenderer",
    "Problem",
    "RenderResult",
    "RenderUpdate",
    "block_parser",
    "body_lines",
    "github_slug",
    "render_body",
    "render_document",
]


@dataclass(frozen=True)
class Problem:
    """Something in the post a reader would notice, at a 1-based file line."""

    line: int
    code: str
    message: str


@dataclass(frozen=True)
class Block:
    """One top-level block of the post; its ``html`` carries ``data-line`` and ``data-block``."""

    id: str
    line: int
    html: str
    # Whether the HTML holds the post's own raw HTML (not only what the renderer writes, which
    # is escaped and balanced, with javascript: and the like refused as link targets): only
    # such blocks need the preview's sanitising (editor.core.page.preview_html).
    raw: bool = field(default=True, compare=False)


@dataclass
class RenderResult:
    blocks: list[Block]
    problems: list[Problem]

    @property
    def html(self) -> str:
        return "".join(block.html for block in self.blocks)


@dataclass
class RenderUpdate:
    """What changed since the previous render, in document order.

    ``inserted`` holds ``(id, after_id, html)`` (``after_id`` None: at the start), ``replaced``
    ``(id, html)``, ``moved`` maps ids of unchanged blocks to their new first line.
    """

    removed: list[str] = field(default_factory=list)
    inserted: list[tuple[str, str | None, str]] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)
    raw: set[str] = field(default_factory=set)  # inserted or replaced blocks with raw HTML
    # Updates to apply before this one, in order (rendered early, when typing moved elsewhere).
    earlier: list[RenderUpdate] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.removed or self.inserted or self.replaced or self.moved or self.earlier)

    def steps(self) -> list[RenderUpdate]:
        """This update as a page applies it: the earlier ones, then itself."""
        return [*self.earlier, self]


# ---------------------------------------------------------------------------------------------
# The markdown-it pipeline


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
    missing = _missing_local_file(src, env.get("folder"))
    if missing:
        env.setdefault("missing_images", []).append(src)
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


# ---------------------------------------------------------------------------------------------
# Blocks


_IFRAME = re.compile(r"<iframe\b[^>]*>", re.IGNORECASE)
_DIMENSION = re.compile(r"""\b(width|height)\s*=\s*["']?(\d+(?:\.\d+)?)(%?)""", re.IGNORECASE)
_HTML_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_FIRST_TAG = re.compile(r"^\s*<([a-zA-Z][a-zA-Z0-9-]*)")


@dataclass
class _Source:
    """A top-level block found by the block parser: ``start``/``end`` are 0-based body lines."""

    kind: str
    start: int
    end: int
    text: str
    slug: str | None = None
    footnote: str | None = None

    @property
    def refdef(self) -> bool:
        return self.kind == "refdef"


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def body_lines(body: str) -> list[str]:
    """``body`` cut into lines that keep their ends (the last has none unless the body ends
    with one). As in Markdown, only ``\n``, ``\r\n`` and ``\r`` end a line."""
    if "\r" in body:
        return _LINE.findall(body)
    lines = body.split("\n")
    last = lines.pop()
    out = [line + "\n" for line in lines]
    if last:
        out.append(last)
    return out


def _split(lines: Sequence[str], offset: int) -> list[_Source]:
    """The top-level blocks of ``lines`` (with line ends), numbered from ``offset``."""
    text = "".join(lines)
    tokens = block_parser().parse(text, {})
    out: list[_Source] = []
    covered = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        j = i
        if token.nesting == 1:
            depth = 0
            for j in range(i, len(tokens)):
                depth += tokens[j].nesting
                if depth == 0:
                    break
        if token.map is None:
            i = j + 1
            continue
        start, end = token.map
        if token.type == "footnote_reference_open":
            end = _trim_blank_tail(lines, start, end)
        _gap(lines, covered, start, offset, out)
        source = _Source(token.type, start + offset, end + offset, "".join(lines[start:end]))
        if token.type == "heading_open" and j > i:
            source.slug = github_slug(_plain_text(tokens[i + 1].content))
        if token.type == "footnote_reference_open":
            source.footnote = str(token.meta.get("label", ""))
        out.append(source)
        covered = max(covered, end)
        i = j + 1
    _gap(lines, covered, len(lines), offset, out)
    return out


def _refs_of(sources: Sequence[_Source]) -> list[tuple[str, str | None]]:
    return [(s.text, None) for s in sources if s.refdef] + [
        ("", s.footnote) for s in sources if s.footnote is not None
    ]


def _slugs_of(sources: Sequence[_Source]) -> list[str]:
    return [s.slug for s in sources if s.slug is not None]


def _common_prefix(a: Sequence[str], b: Sequence[str], known: int = 0) -> int:
    """How many leading items two lists share (compared in C, 64 at a time), given that the
    first ``known`` are the same."""
    n = min(len(a), len(b))
    i = min(known, n)
    while i < n and a[i : i + 64] == b[i : i + 64]:
        i += 64
    i = min(i, n)
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: Sequence[str], b: Sequence[str], limit: int, known: int = 0) -> int:
    """How many trailing items two lists share, at most ``limit``, given that the last
    ``known`` are the same."""
    i = min(known, limit)
    la, lb = len(a), len(b)
    while i + 64 <= limit and a[la - i - 64 : la - i] == b[lb - i - 64 : lb - i]:
        i += 64
    while i < limit and a[la - i - 1] == b[lb - i - 1]:
        i += 1
    return i


def _trim_blank_tail(lines: Sequence[str], start: int, end: int) -> int:
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _gap(lines: Sequence[str], start: int, end: int, offset: int, out: list[_Source]) -> None:
    """Non-blank lines no token covers are reference definitions: keep them as blocks."""
    i = start
    while i < end:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < end and lines[j].strip():
            j += 1
        out.append(_Source("refdef", i + offset, j + offset, "".join(lines[i:j])))
        i = j


def _plain_text(inline: str) -> str:
    """The visible text of a heading's inline Markdown (for its slug)."""
    tokens = _inline_parser().parseInline(inline)
    parts: list[str] = []
    for child in tokens[0].children or [] if tokens else []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append("")
    return "".join(parts)


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


def _tag_block(block_html: str, block_id: str, line: int) -> str:
    """Put ``data-line`` and ``data-block`` on the block's first element (or wrap it)."""
    attrs = f' data-line="{line}" data-block="{block_id}"'
    match = _FIRST_TAG.match(block_html)
    if match and not block_html.lstrip().startswith("<!--"):
        at = match.end()
        return block_html[:at] + attrs + block_html[at:]
    return f"<div{attrs}>{block_html}</div>\n"


# ---------------------------------------------------------------------------------------------
# The renderer


@dataclass
class _Rendered:
    html: str
    problems: tuple[tuple[int, str, str], ...]  # (line offset within block, code, message)
    raw: bool = True  # holds raw HTML from the post (see Block.raw)


_HEADINGS = 1  # an edit touched a heading
_REFERENCES = 2  # an edit touched a link reference or footnote definition


class DocumentRenderer:
    """Renders one post body and keeps it up to date edit by edit.

    Args:
        folder: the post's folder, against which relative images are checked.
        first_line: the file line of the body's first line (front matter lines come before it).
    """

    def __init__(self, folder: Path | None = None, first_line: int = 1) -> None:
        self.folder = folder
        self.first_line = first_line
        self._lines: list[str] = []
        self._sources: list[_Source] = []
        self._blocks: list[Block] | None = []  # None: to be rebuilt from _made
        self._problems: list[Problem] | None = []
        self._footnotes: Block | None = None
        self._cache: dict[tuple[str, str], _Rendered] = {}
        self._next_id = 0
        self._ids: list[str] = []
        self._made_from: dict[str, _Rendered] = {}  # which cached render each Block was made from
        # Per source: its Block (None for reference definitions) and its problems.
        self._made: list[tuple[Block | None, tuple[Problem, ...]]] = []
        self._slugs: list[str | None] = []  # the heading id each made block was rendered with
        self._remade: list[int] = []  # blocks outside the edit re-rendered for their heading id
        self._renumber: set[str] = set()  # the slugs an edit added or removed
        # The last edit: (first, old end, new count, line delta, touched refs/headings/footnotes).
        self._changed: tuple[int, int, int, int, int] | None = None
        self._context = ""
        self._refs = ""
        self._labels: tuple[str, ...] = ()

    # -- public

    def render(self, body: str) -> RenderResult:
        """Render ``body`` from scratch (the cache of block HTML is kept)."""
        return self.render_lines(body_lines(body))

    def render_lines(self, lines: list[str]) -> RenderResult:
        """:meth:`render` given the body as :func:`body_lines` (the renderer keeps the list)."""
        self._lines = lines
        self._sources = _split(self._lines, 0)
        self._ids = [self._new_id() for _ in self._sources]
        self._changed = None
        self._finish()
        return self.result

    def update(self, body: str, first_line: int | None = None) -> RenderUpdate:
        """Render ``body`` after an edit; return only what changed since the last render."""
        return self.update_lines(body_lines(body), first_line)

    def update_lines(
        self,
        lines: list[str],
        first_line: int | None = None,
        edited: tuple[int, int] | None = None,
    ) -> RenderUpdate:
        """Like :meth:`update`, given the body as :func:`body_lines` (the renderer keeps the
        list: pass one that nobody changes afterwards). Lines that are the same string objects
        as last time compare at once, so an editor that keeps its lines costs little here.

        ``edited`` = (start, stop), when the caller knows it, says that only ``lines[start:stop]``
        may differ from the lines of the last render: the lines before are the same, and so are
        the lines from ``stop`` on (shifted). It spares comparing the whole post to find the
        edit (about 3.5 ms at 4 MB); the comparison still runs from those bounds."""
        moved_start = first_line is not None and first_line != self.first_line
        if first_line is not None:
            self.first_line = first_line
        before = self._made
        old_footnotes = self._footnotes
        self._resplit(lines, edited)
        if moved_start:
            self._changed = None  # every block's line changes
        changed = self._changed
        if changed is None or changed[4] == _REFERENCES:
            old_blocks = [made[0] for made in before if made[0] is not None]
            if old_footnotes is not None:
                old_blocks.append(old_footnotes)
            self._finish()
            return _diff(old_blocks, self.blocks)
        first, last, count, delta, _ = changed
        self._finish()
        update = _diff(
            [made[0] for made in before[first:last] if made[0] is not None],
            [made[0] for made in self._made[first : first + count] if made[0] is not None],
            after=_last_id(before, first),
        )
        if delta:
            tail = self._made[first + count :]
            update.moved.update((m[0].id, m[0].line) for m in tail if m[0] is not None)
        for k in self._remade:  # a heading elsewhere whose id changed (a duplicate's -1 suffix)
            block = self._made[k][0]
            if block is not None:
                update.replaced.append((block.id, block.html))
                if block.raw:
                    update.raw.add(block.id)
        if old_footnotes is not None or self._footnotes is not None:
            note = _diff(
                [old_footnotes] if old_footnotes else [],
                [self._footnotes] if self._footnotes else [],
                after=_last_id(self._made, len(self._made)),
            )
            update.removed += note.removed
            update.inserted += note.inserted
            update.replaced += note.replaced
            update.moved.update(note.moved)
            update.raw |= note.raw
        return update

    def heading_sources(self) -> list[tuple[int, str]]:
        """The top-level headings as last rendered: (0-based body line, Markdown text)."""
        return [(s.start, s.text) for s in self._sources if s.slug is not None]

    @property
    def blocks(self) -> list[Block]:
        """The rendered blocks in document order."""
        if self._blocks is None:
            self._blocks = [made[0] for made in self._made if made[0] is not None]
            if self._footnotes is not None:
                self._blocks.append(self._footnotes)
        return self._blocks

    @property
    def problems(self) -> list[Problem]:
        if self._problems is None:
            self._problems = [p for made in self._made if made[1] for p in made[1]]
        return self._problems

    @property
    def result(self) -> RenderResult:
        return RenderResult(list(self.blocks), list(self.problems))

    # -- splitting

    def _new_id(self) -> str:
        self._next_id += 1
        return f"b{self._next_id}"

    def _resplit(self, new: list[str], edited: tuple[int, int] | None = None) -> None:
        """Re-parse only a window around the changed lines, then reuse the old blocks."""
        old = self._lines
        same_before, same_after = (0, 0) if edited is None else (edited[0], len(new) - edited[1])
        prefix = _common_prefix(old, new, same_before)
        if prefix == len(old) == len(new):
            self._changed = (0, 0, 0, 0, 0)
            return
        suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix, same_after)
        delta = len(new) - len(old)
        old_changed_end = len(old) - suffix  # first unchanged old line after the change
        sources = self._sources
        # Start at the last block that begins before the first changed line, and go back over
        # blocks that touch it with no blank line between (a paragraph a table interrupted can
        # swallow it again), plus one more for safety.
        first = max(0, bisect.bisect_left(sources, prefix, key=lambda s: s.start) - 1)
        while first > 0 and sources[first - 1].end >= sources[first].start:
            first -= 1
        first = max(0, first - 1)
        start = sources[first].start if sources else 0
        if first == 0:
            start = 0
        # Try to re-synchronise at each old block after the change, nearest first.
        after = bisect.bisect_left(sources, old_changed_end, lo=first, key=lambda s: s.start)
        for k in range(after, len(sources)):
            sync = sources[k].start + delta
            stop = min(len(new), sources[k].end + delta + 1)
            window = _split(new[start:stop], start)
            at = next((n for n, s in enumerate(window) if s.start == sync), None)
            # Whether a block starts at ``sync`` depends only on lines up to ``sync``, which the
            # window holds: from there on the old parse (shifted) is the new one.
            if at is None:
                continue
            if any(s.start > sync for s in window[:at]) or window[at].text != sources[k].text:
                continue
            head = window[:at]
            if delta:
                for s in sources[k:]:
                    s.start += delta
                    s.end += delta
            self._splice(first, k, head, new)
            return
        window = _split(new[start:], start)
        self._splice(first, len(sources), window, new)

    def _splice(self, first: int, last: int, fresh: list[_Source], new: list[str]) -> None:
        """Replace old sources[first:last] with ``fresh``, keeping ids of identical blocks.

        Kept ids stay in their old order: the page moves no blocks, it only removes, inserts
        and replaces them, so blocks whose order changed (two lines swapped) are new ones."""
        old_sources = self._sources[first:last]
        old_ids = self._ids[first:last]
        by_text: dict[str, list[int]] = {}
        for n, s in enumerate(old_sources):
            by_text.setdefault(s.text, []).append(n)
        fresh_ids: list[str] = []
        next_old = 0  # old blocks before this one are passed: their ids can no longer be kept
        for n, s in enumerate(fresh):
            same = by_text.get(s.text, [])
            at = bisect.bisect_left(same, next_old)
            if at < len(same):
                kept = same[at]
            elif len(fresh) == len(old_sources) and n >= next_old:
                kept = n  # same position, new text: a replacement
            else:
                fresh_ids.append(self._new_id())
                continue
            fresh_ids.append(old_ids[kept])
            next_old = kept + 1
        # What other blocks depend on: reference definitions and footnote labels (every block
        # may use them) and heading slugs (numbered across the post). Typing next to them, with
        # them unchanged, re-renders only the window (a full pass took 4 s at 4 MB).
        if _refs_of(old_sources) != _refs_of(fresh):
            meta = _REFERENCES  # every block may use a reference: render them all again
        elif _slugs_of(old_sources) != _slugs_of(fresh):
            meta = _HEADINGS  # heading ids are numbered across the post: renumber them
            self._renumber = set(_slugs_of(old_sources)) | set(_slugs_of(fresh))
        else:
            meta = 0
        delta = len(new) - len(self._lines)
        self._changed = (first, last, len(fresh), delta, meta)
        self._sources[first:last] = fresh
        self._ids[first:last] = fresh_ids
        self._lines = new

    # -- rendering

    def _finish(self) -> None:
        changed = self._changed
        self._remade = []
        if changed is not None and changed[4] != _REFERENCES:
            self._finish_range(*changed[:4], headings=changed[4] == _HEADINGS)
        else:
            self._finish_all()
        self._blocks = self._problems = None
        footnotes = [s for s in self._sources if s.footnote is not None] if self._labels else []
        self._footnotes = self._footnotes_block(footnotes) if footnotes else None
        if len(self._made_from) > 2 * len(self._made) + 256:
            live = {made[0].id for made in self._made if made[0] is not None}
            self._made_from = {k: v for k, v in self._made_from.items() if k in live}
        if len(self._cache) > 2 * len(self._sources) + 256:
            # Keep what the post uses now. (Renders of text typed since, of headings numbered
            # otherwise, of another context, went: typing into a heading with 1,000 namesakes
            # in a 4 MB post re-rendered them all at each key, and kept each render.)
            in_use = {
                (source.text, f"{self._context}\0{slug}")
                for source, slug in zip(self._sources, self._slugs, strict=False)
            }
            self._cache = {k: v for k, v in self._cache.items() if k in in_use}

    def _finish_all(self) -> None:
        """Render every block (most come from the cache): the context may have changed."""
        self._refs = "".join(s.text for s in self._sources if s.refdef)
        self._labels = tuple(s.footnote for s in self._sources if s.footnote)
        self._context = hashlib.sha1(
            f"{self.folder}\0{self._refs}\0{self._labels}".encode(), usedforsecurity=False
        ).hexdigest()
        slugs = self._assign_slugs()
        self._made = [
            self._make(source, block_id, slug)
            for source, block_id, slug in zip(self._sources, self._ids, slugs, strict=True)
        ]
        self._slugs = slugs

    def _assign_slugs(self) -> list[str | None]:
        """Each block's heading id: its slug, with -1, -2… for repeats (GitHub's rule)."""
        slugs: list[str | None] = [None] * len(self._sources)
        for k, slug in self._renumbered(None).items():
            slugs[k] = slug
        return slugs

    def _renumbered(self, bases: set[str] | None) -> dict[int, str]:
        """The ids of the headings whose slug is one of ``bases`` (None: all), by block index.

        Each slug is numbered on its own, so renumbering the slugs an edit touched gives what
        numbering them all would."""
        seen: dict[str, int] = {}
        out: dict[int, str] = {}
        sources = self._sources
        for k in self._headings():
            slug = sources[k].slug
            if slug is not None and (bases is None or slug in bases):
                count = seen.get(slug, 0)
                seen[slug] = count + 1
                out[k] = slug if count == 0 else f"{slug}-{count}"
        return out

    def _headings(self) -> list[int]:
        """Where the headings are among the blocks (one pass in a comprehension: cheap)."""
        return [k for k, source in enumerate(self._sources) if source.slug is not None]

    def _finish_range(
        self, first: int, last: int, count: int, delta: int, *, headings: bool = False
    ) -> None:
        """Render only the re-parsed blocks; later blocks just move by ``delta`` lines.

        With ``headings``, heading ids are numbered again over the whole post, and the few
        headings elsewhere whose id changed (a repeated title gaining or losing its ``-1``) are
        rendered again too (listed in ``_remade``).
        """
        window = range(first, first + count)
        assigned: dict[int, str] = {}
        if headings:  # number again the headings that share a slug with one edited
            assigned = self._renumbered(self._renumber)
            window_slugs = [assigned.get(k) for k in window]
        else:  # the window's headings are the ones it had: they keep their ids, in order
            kept = iter([slug for slug in self._slugs[first:last] if slug is not None])
            window_slugs = [
                next(kept, None) if self._sources[k].slug is not None else None for k in window
            ]
        fresh = [
            self._make(self._sources[k], self._ids[k], window_slugs[n])
            for n, k in enumerate(window)
        ]
        tail = self._made[last:]
        if delta:
            tail = [self._moved(block, problems, delta) for block, problems in tail]
        made = self._made[:first] + fresh + tail  # a new list: update() diffs the old one
        used = self._slugs[:first] + window_slugs + self._slugs[last:]
        for k, slug in assigned.items():
            if slug != used[k] and k not in window:
                made[k] = self._make(self._sources[k], self._ids[k], slug)
                used[k] = slug
                self._remade.append(k)
        self._made, self._slugs = made, used

    def _make(
        self, source: _Source, block_id: str, slug: str | None
    ) -> tuple[Block | None, tuple[Problem, ...]]:
        line = self.first_line + source.start
        rendered = self._render_source(source, slug)
        problems = tuple(Problem(line + off, code, msg) for off, code, msg in rendered.problems)
        if source.refdef or source.footnote is not None:
            return None, problems  # definitions show in place of nothing (footnotes: at the end)
        self._made_from[block_id] = rendered
        html_ = _tag_block(rendered.html, block_id, line)
        return Block(block_id, line, html_, rendered.raw), problems

    def _moved(
        self, block: Block | None, problems: tuple[Problem, ...], delta: int
    ) -> tuple[Block | None, tuple[Problem, ...]]:
        moved = tuple(Problem(p.line + delta, p.code, p.message) for p in problems)
        if block is None:
            return None, moved
        line = block.line + delta
        html_ = _tag_block(self._made_from[block.id].html, block.id, line)
        return Block(block.id, line, html_, block.raw), moved

    def _render_source(self, source: _Source, slug: str | None) -> _Rendered:
        key = (source.text, f"{self._context}\0{slug}")
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        env: dict[str, Any] = {"folder": self.folder, "slug": slug}
        if source.refdef:
            rendered = _Rendered("", (), raw=False)
        else:
            rendered = _render_block_html(source.text, self._refs, self._labels, env)
            if source.kind == "html_block":
                # Raw HTML may hold several elements or loose text: one wrapper keeps the
                # block a single element the preview can replace.
                rendered = _Rendered(
                    f'<div class="html-block">{rendered.html}</div>\n', rendered.problems
                )
        self._cache[key] = rendered
        return rendered

    def _footnotes_block(self, footnotes: list[_Source]) -> Block:
        items = []
        for source in footnotes:
            label = html.escape(source.footnote or "", quote=True)
            inner = self._render_source(source, None).html
            items.append(
                f'<li id="fn-{label}">{inner}<a href="#fnref-{label}" '
                f'class="footnote-backref">\u21a9</a></li>\n'
            )
        line = self.first_line + footnotes[0].start
        body = f'<div class="footnotes">\n<hr>\n<ol>\n{"".join(items)}</ol>\n</div>\n'
        return Block("footnotes", line, _tag_block(body, "footnotes", line))


_RAW_TOKENS = frozenset(["html_block", "html_inline"])


def _render_block_html(
    text: str, refs: str, labels: tuple[str, ...], env: dict[str, Any]
) -> _Rendered:
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
    except Exception as exc:  # a renderer bug must never cost the user their preview
        out = f'<pre class="render-error">{html.escape(text)}</pre>\n'
        return _Rendered(out, ((0, "render-error", f"Could not render this block: {exc}"),))
    out = _responsive_iframes(out)
    problems: list[tuple[int, str, str]] = []
    missing = list(env.get("missing_images", []))
    for src in _HTML_IMG_SRC.findall(text):
        if _missing_local_file(src, env.get("folder")):
            missing.append(src)
    for src in missing:
        offset = next((n for n, ln in enumerate(text.splitlines()) if src in ln), 0)
        problems.append(
            (offset, "missing-image", f"The image {src} does not exist next to the post.")
        )
    return _Rendered(out, tuple(problems), raw)


def _last_id(made: Sequence[tuple[Block | None, Any]], end: int) -> str | None:
    """The id of the last block before index ``end``."""
    for k in range(end - 1, -1, -1):
        block = made[k][0]
        if block is not None:
            return block.id
    return None


def _diff(old: list[Block], new: list[Block], after: str | None = None) -> RenderUpdate:
    """The update turning the ``old`` run of blocks into ``new`` (``after``: the block before)."""
    update = RenderUpdate()
    old_by_id = {b.id: b for b in old}
    new_ids = {b.id for b in new}
    update.removed = [b.id for b in old if b.id not in new_ids]
    previous = after
    for block in new:
        was = old_by_id.get(block.id)
        if was is None:
            update.inserted.append((block.id, previous, block.html))
            if block.raw:
                update.raw.add(block.id)
        elif was.html != block.html:
            if was.line != block.line and _strip_line(was.html) == _strip_line(block.html):
                update.moved[block.id] = block.line
            else:
                update.replaced.append((block.id, block.html))
                if block.raw:
                    update.raw.add(block.id)
        previous = block.id
    return update


def _strip_line(block_html: str) -> str:
    return re.sub(r' data-line="\d+"', "", block_html, count=1)


# ---------------------------------------------------------------------------------------------
# Convenience


def render_document(body: str, folder: Path | None = None, first_line: int = 1) -> RenderResult:
    """Render a whole post body once."""
    return DocumentRenderer(folder, first_line).render(body)


def render_body(markdown: str, folder: Path | None = None) -> str:
    """Render Markdown text to an HTML fragment."""
    return render_document(markdown, folder).html
