"""A post body rendered block by block, and kept up to date edit by edit (pure; no Qt).

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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.core.render.dialects import DEFAULT, Dialect
from editor.core.render.liquid import EMPTY, liquid_context
from editor.core.render.markdown import Rendered, render_block
from editor.core.render.placeholders import fill_tocs
from editor.core.render.split import (
    Source,
    body_lines,
    common_prefix,
    common_suffix,
    open_tag,
    refs_of,
    slugs_of,
    split_blocks,
    unpaired,
)

if TYPE_CHECKING:
    from editor.core.site import ImageResolver

__all__ = [
    "Block",
    "DocumentRenderer",
    "RenderResult",
    "RenderUpdate",
    "render_body",
    "render_document",
]


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

    @property
    def html(self) -> str:
        """The whole body, its tables of contents listing its headings."""
        return fill_tocs("".join(block.html for block in self.blocks))


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


_FIRST_TAG = re.compile(r"^\s*<([a-zA-Z][a-zA-Z0-9-]*)")


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


_HEADINGS = 1  # an edit touched a heading
_REFERENCES = 2  # an edit touched a link reference or footnote definition


class DocumentRenderer:
    """Renders one post body and keeps it up to date edit by edit.

    Args:
        folder: the post's folder, against which relative images are checked.
        first_line: the file line of the body's first line (front matter lines come before it).
        emoji: render ``:shortcodes:`` as emoji, as the site does (see SiteSettings.emoji).
        dialect: how the site's generator renders Markdown (None: today's Gatsby renderer).
        images: where the post's images are on its site (``Site.image_resolver``): then an
            image is shown missing by its rule, site-root paths too; without it, relative
            images are looked for from ``folder``.
    """

    def __init__(
        self,
        folder: Path | None = None,
        first_line: int = 1,
        emoji: bool = False,
        dialect: Dialect | None = None,
        *,
        images: ImageResolver | None = None,
    ) -> None:
        self.folder = folder
        self.images = images
        self.first_line = first_line
        self.emoji = emoji  # the site writes :shortcodes: as emoji
        self.dialect = dialect or DEFAULT
        self._lines: list[str] = []
        self._sources: list[Source] = []
        self._blocks: list[Block] | None = []  # None: to be rebuilt from _made
        self._footnotes: Block | None = None
        self._cache: dict[tuple[str, str], Rendered] = {}
        self._next_id = 0
        self._ids: list[str] = []
        self._made_from: dict[str, Rendered] = {}  # which cached render each Block was made from
        self._made: list[Block | None] = []  # per source: its Block (None: a definition)
        self._slugs: list[str | None] = []  # the heading id each made block was rendered with
        self._remade: list[int] = []  # blocks outside the edit re-rendered for their heading id
        self._renumber: set[str] = set()  # the slugs an edit added or removed
        # The last edit: (first, old end, new count, line delta, touched refs/headings/footnotes).
        self._changed: tuple[int, int, int, int, int] | None = None
        self._context = ""
        self._refs = ""
        self._labels: tuple[str, ...] = ()
        self._liquid = EMPTY  # what the post's includes and assignments define

    # -- public

    def render(self, body: str) -> RenderResult:
        """Render ``body`` from scratch (the cache of block HTML is kept)."""
        return self.render_lines(body_lines(body))

    def render_lines(self, lines: list[str]) -> RenderResult:
        """:meth:`render` given the body as :func:`body_lines` (the renderer keeps the list)."""
        self._lines = lines
        self._sources = split_blocks(self._lines, 0, self.dialect)
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
            old_blocks = [block for block in before if block is not None]
            if old_footnotes is not None:
                old_blocks.append(old_footnotes)
            self._finish()
            return _diff(old_blocks, self.blocks)
        first, last, count, delta, _ = changed
        self._finish()
        update = _diff(
            [block for block in before[first:last] if block is not None],
            [block for block in self._made[first : first + count] if block is not None],
            after=_last_id(before, first),
        )
        if delta:
            tail = self._made[first + count :]
            update.moved.update((b.id, b.line) for b in tail if b is not None)
        for k in self._remade:  # a heading elsewhere whose id changed (a duplicate's -1 suffix)
            block = self._made[k]
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
            self._blocks = [block for block in self._made if block is not None]
            if self._footnotes is not None:
                self._blocks.append(self._footnotes)
        return self._blocks

    @property
    def result(self) -> RenderResult:
        return RenderResult(list(self.blocks))

    # -- splitting

    def _new_id(self) -> str:
        self._next_id += 1
        return f"b{self._next_id}"

    def _resplit(self, new: list[str], edited: tuple[int, int] | None = None) -> None:
        """Re-parse only a window around the changed lines, then reuse the old blocks."""
        old = self._lines
        same_before, same_after = (0, 0) if edited is None else (edited[0], len(new) - edited[1])
        prefix = common_prefix(old, new, same_before)
        if prefix == len(old) == len(new):
            self._changed = (0, 0, 0, 0, 0)
            return
        suffix = common_suffix(old, new, min(len(old), len(new)) - prefix, same_after)
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
        dialect = self.dialect
        # MDX tags may span lines up to a blank line: a window must hold one after ``sync``.
        bounded = "mdx" in dialect.syntaxes
        # A Liquid tag runs to its %}, blank lines and all: a window must not end inside one,
        # and a tag left open before the window may close in it (then parse it all).
        liquid = bool(dialect.syntaxes & {"liquid", "nunjucks", "mdx"})
        if liquid and any(s.open_tag for s in sources[:first]):
            self._splice(0, len(sources), split_blocks(new, 0, dialect), new)
            return
        after = bisect.bisect_left(sources, old_changed_end, lo=first, key=lambda s: s.start)
        for k in range(after, len(sources)):
            sync = sources[k].start + delta
            stop = min(len(new), sources[k].end + delta + 1)
            if bounded and stop < len(new) and all(line.strip() for line in new[sync:stop]):
                continue
            if liquid and stop < len(new) and open_tag("".join(new[start:stop]), dialect.syntaxes):
                continue
            window = split_blocks(new[start:stop], start, dialect)
            at = next((n for n, s in enumerate(window) if s.start == sync), None)
            # Whether a block starts at ``sync`` depends only on lines up to ``sync``, which the
            # window holds: from there on the old parse (shifted) is the new one.
            if at is None:
                continue
            if any(s.start > sync for s in window[:at]) or window[at].text != sources[k].text:
                continue
            head = window[:at]
            if self._pairs_cross(first, k, head):
                break  # a shortcode in the window pairs with one outside it: parse it all
            if delta:
                for s in sources[k:]:
                    s.start += delta
                    s.end += delta
            self._splice(first, k, head, new)
            return
        else:
            window = split_blocks(new[start:], start, dialect)
            if not self._pairs_cross(first, len(sources), window):
                self._splice(first, len(sources), window, new)
                return
        self._splice(0, len(sources), split_blocks(new, 0, dialect), new)

    def _pairs_cross(self, first: int, k: int, head: list[Source]) -> bool:
        """Whether a Hugo shortcode tag of the re-parsed ``head`` (old blocks ``first`` to
        ``k``) pairs with an unpaired one before or after it (a pair is kept as one block, so
        the blocks outside the window would change too)."""
        if not self.dialect.syntaxes:
            return False
        opened, closed = unpaired(head, "open"), unpaired(head, "close")
        sources = self._sources
        return bool(
            (opened and opened & unpaired(sources[k:], "close"))
            or (closed and closed & unpaired(sources[:first], "open"))
        )

    def _splice(self, first: int, last: int, fresh: list[Source], new: list[str]) -> None:
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
        if refs_of(old_sources) != refs_of(fresh):
            meta = _REFERENCES  # every block may use a reference: render them all again
        elif slugs_of(old_sources) != slugs_of(fresh):
            meta = _HEADINGS  # heading ids are numbered across the post: renumber them
            self._renumber = set(slugs_of(old_sources)) | set(slugs_of(fresh))
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
        self._blocks = None
        footnotes = [s for s in self._sources if s.footnote is not None] if self._labels else []
        self._footnotes = self._footnotes_block(footnotes) if footnotes else None
        if len(self._made_from) > 2 * len(self._made) + 256:
            live = {block.id for block in self._made if block is not None}
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
        tags = [tag for s in self._sources for tag in s.defines]
        self._liquid = liquid_context(tags, self.dialect.includes) if tags else EMPTY
        # The post's own definitions first: they win over an include's (a first one wins)
        self._refs = "".join(s.text for s in self._sources if s.refdef) + self._liquid.references
        self._labels = tuple(s.footnote for s in self._sources if s.footnote)
        self._context = hashlib.sha1(
            f"{self.folder}\0{self.images!r}\0{self._refs}\0{self._labels}\0"
            f"{self._liquid.key if self._liquid is not EMPTY else ''}".encode(),
            usedforsecurity=False,
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
                out[k] = slug if count == 0 else f"{slug}{self.dialect.duplicate_suffix}{count}"
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
            tail = [self._moved(block, delta) for block in tail]
        made = self._made[:first] + fresh + tail  # a new list: update() diffs the old one
        used = self._slugs[:first] + window_slugs + self._slugs[last:]
        for k, slug in assigned.items():
            if slug != used[k] and k not in window:
                made[k] = self._make(self._sources[k], self._ids[k], slug)
                used[k] = slug
                self._remade.append(k)
        self._made, self._slugs = made, used

    def _make(self, source: Source, block_id: str, slug: str | None) -> Block | None:
        line = self.first_line + source.start
        rendered = self._render_source(source, slug)
        if source.refdef or source.footnote is not None:
            return None  # definitions show in place of nothing (footnotes: at the end)
        self._made_from[block_id] = rendered
        html_ = _tag_block(rendered.html, block_id, line)
        return Block(block_id, line, html_, rendered.raw)

    def _moved(self, block: Block | None, delta: int) -> Block | None:
        if block is None:
            return None
        line = block.line + delta
        html_ = _tag_block(self._made_from[block.id].html, block.id, line)
        return Block(block.id, line, html_, block.raw)

    def _render_source(self, source: Source, slug: str | None) -> Rendered:
        key = (source.text, f"{self._context}\0{slug}")
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        dialect = self.dialect
        env: dict[str, Any] = {
            "folder": self.folder,
            "images": self.images,
            "slug": slug if dialect.slugs else None,
            "emoji": self.emoji or dialect.emoji,
        }
        liquid = self._liquid
        if liquid.pending:
            env["galley_pending"] = liquid.pending
        if source.refdef:
            rendered = Rendered("", raw=False)
        else:
            text = liquid.expand(source.text)
            rendered = render_block(text, self._refs, self._labels, env, dialect)
            if source.kind == "html_block":
                # Raw HTML may hold several elements or loose text: one wrapper keeps the
                # block a single element the preview can replace.
                rendered = Rendered(f'<div class="html-block">{rendered.html}</div>\n')
        self._cache[key] = rendered
        return rendered

    def _footnotes_block(self, footnotes: list[Source]) -> Block:
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


def _last_id(made: Sequence[Block | None], end: int) -> str | None:
    """The id of the last block before index ``end``."""
    for k in range(end - 1, -1, -1):
        block = made[k]
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


def render_document(
    body: str,
    folder: Path | None = None,
    first_line: int = 1,
    *,
    emoji: bool = False,
    dialect: Dialect | None = None,
    images: ImageResolver | None = None,
) -> RenderResult:
    """Render a whole post body once (as ``dialect`` says its generator does; ``images``: see
    :class:`DocumentRenderer`)."""
    return DocumentRenderer(folder, first_line, emoji, dialect, images=images).render(body)


def render_body(markdown: str, folder: Path | None = None, dialect: Dialect | None = None) -> str:
    """Render Markdown text to an HTML fragment."""
    return render_document(markdown, folder, dialect=dialect).html
