"""The plain-text part of a newsletter mail (pure; no Qt).

:func:`plain_text` writes a post as a person writes an e-mail, from the same article the HTML
export sends (:func:`editor.core.export.export_article`: rendered, rewritten and sanitised), so
that the two parts say the same thing; :func:`html_to_text` is the converter itself, on any
such ``<article>`` (the stdlib's ``html.parser`` reads it into a small tree first).

What the text looks like:

- the title first, underlined with ``=``; the byline, description and tags after it;
  headings underlined (``=`` for ``<h1>``, ``-`` for ``<h2>``, ``·`` deeper);
- paragraphs wrapped at ``width`` (72) columns by :mod:`textwrap`, never inside an address:
  an address too long for a line stands on a line of its own, whole;
- lists (nested, numbered, task lists with ☐ and ☑) and quotes (``> ``) kept; code blocks
  indented four spaces and never wrapped; tables as aligned columns (wrapped inside their
  columns, or one "Header: value" line a cell when they cannot fit);
- links as ``text [1]``, their addresses listed, numbered, at the end under a rule; a link
  whose text is its address is written once, with no number, and an address linked twice has
  one number; links inside the page (``#…``) keep only their text;
- images as ``[Image: alt text]``, embeds as ``[Video: title] address`` (``[Embed: …]`` when it
  is no video); footnotes as superscript numbers, the notes numbered under "Notes" at the end;
- no HTML and no Markdown syntax: entities are unescaped, emphasis is plain text, the
  generator's placeholders (``galley-unrendered``) and a post's ``<style>`` and scripts are
  left out. Smart punctuation stays as the renderer made it.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from editor.core.mail.htmltree import BLOCKS, Node, parse
from editor.core.mail.texttables import Cell, table_lines

if TYPE_CHECKING:
    from editor.core.post import Post
    from editor.core.render.dialects import Dialect
    from editor.core.site import ImageResolver
    from editor.core.site.generators import Generator

__all__ = ["html_to_text", "plain_text"]

_MIN_WIDTH = 24  # the narrowest a nested list or quote is wrapped to
_GLUE = "\ue000"  # a space no line may break at ("text [1]"); a space again in the output
_IMAGE_MARK = "data:image/png;base64,iVBORw0KGgo="  # "an image is there" (never read back)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f]+")
_INVISIBLE = re.compile("[\u00ad\u200b\ue000]")  # a soft hyphen, a zero-width space, our glue
_AFTER_NUMBER = re.compile(f"({_GLUE}\\[\\d+\\])(?=[([])")
_UNDERLINES = {"h1": "=", "h2": "-"}
_UNDERLINE = "\u00b7"  # h3 to h6
_VIDEO_HOSTS = (
    "youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "loom.com", "wistia.com",
    "wistia.net", "dailymotion.com", "twitch.tv", "ted.com", "streamable.com", "vidyard.com",
)  # fmt: skip

# Galley's own boxes that stand for what only the site build makes, left out of a mail's text,
# and their labels ("Hugo shortcode", "Table of contents" in a table not yet filled).
_PLACEHOLDERS = frozenset(["galley-unrendered", "galley-excerpt", "galley-unrendered-label"])


def plain_text(
    post: Post,
    *,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    site_url: str | None = None,
    emoji: bool = False,
    width: int = 72,
    images: ImageResolver | None = None,
) -> str:
    """The post as the plain-text part of its mail: what the HTML export says, as text.

    The arguments are :func:`editor.core.export.export_page`'s: with ``site_url``, links to
    the site's own pages become addresses on it (without, only their text is kept, as in the
    HTML); ``images`` is where the site keeps its images (``Site.image_resolver``).
    """
    from editor.core.export import export_article  # (it loads the CSS inliner)

    article = export_article(
        post,
        site_url=site_url,
        emoji=emoji,
        dialect=dialect,
        generator=generator,
        images=images,
        embed_image=_image_marker,
    )
    return html_to_text(article, width=width)


def html_to_text(article_html: str, *, width: int = 72) -> str:
    """``article_html`` (an export's ``<article>``, or any HTML fragment) as plain text.

    Lines are at most ``width`` columns long, but for a code line or an address too long to
    fit (which stands alone on its line, only a list's or quote's marks before it); a width
    under 24 is taken as 24. The text ends with one newline; an article with no text gives "".
    """
    return _Writer(max(width, _MIN_WIDTH), parse(article_html)).text()


def _image_marker(path: Path, _classes: frozenset[str]) -> str | None:
    """Stands for the export's image embedder: says which images the mail has, reading none
    but SVG files (an SVG that does more than draw is not embedded)."""
    try:
        if not path.is_file():
            return None
        if path.suffix.lower() == ".svg":
            from editor.core.svgcheck import svg_problem

            return _IMAGE_MARK if svg_problem(path.read_bytes()) is None else None
    except OSError:
        return None
    return _IMAGE_MARK


# ---------------------------------------------------------------------------------------------
# The writer

_Block = list[str]


class _Writer:
    """Writes a tree as blocks of lines; the numbered links and the notes come last."""

    def __init__(self, width: int, root: Node) -> None:
        self._width = width
        self._root = root
        self._links: dict[str, int] = {}
        # The footnotes, numbered in the order they are listed (their labels may be words).
        self._notes: dict[str, int] = {}
        for node in root.walk():
            if "footnotes" in node.classes:
                items = (li for ol in node.elements() if ol.tag == "ol" for li in ol.elements())
                for li in items:
                    if li.tag == "li" and li.attrs.get("id"):
                        self._notes.setdefault(li.attrs["id"], len(self._notes) + 1)

    def text(self) -> str:
        blocks = self._flow(self._root, self._width)
        if self._links:
            blocks.append(["-" * self._width, *self._link_list()])
        lines: list[str] = []
        for block in blocks:
            if not block:
                continue
            if lines:
                lines.append("")
            lines.extend(block)
        out = "\n".join(line.replace(_GLUE, " ").rstrip() for line in lines).strip("\n")
        return re.sub(r"\n{3,}", "\n\n", out) + "\n" if out else ""

    def _link_list(self) -> list[str]:
        size = len(f"[{len(self._links)}]")
        return [f"[{n}]".ljust(size) + f" {address}" for address, n in self._links.items()]

    # -- blocks

    def _flow(self, node: Node, width: int) -> list[_Block]:
        """The blocks of what ``node`` holds: runs of inline content become paragraphs."""
        blocks: list[_Block] = []
        pieces: list[str] = []
        for child in node.children:
            if isinstance(child, Node) and child.tag in BLOCKS:
                blocks.append(self._wrap(pieces, width))
                pieces = []
                blocks.extend(self._block(child, width))
            else:
                self._inline(child, pieces)
        blocks.append(self._wrap(pieces, width))
        return [block for block in blocks if block]

    def _block(self, node: Node, width: int) -> list[_Block]:
        tag, classes = node.tag, node.classes
        if classes & _PLACEHOLDERS:
            return self._placeholder(node, width)
        if "embed-card" in classes:
            return [self._embed(node, width)]
        if "footnotes" in classes:
            return self._footnotes(node, width)
        if "admonition" in classes:
            return self._flow(self._admonition(node), width)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return [self._heading(node, width)]
        if tag in ("ul", "ol", "menu"):
            return self._list(node, width)
        if tag == "li":  # outside a list
            return self._list(Node("ul", {}, [node]), width)
        if tag == "blockquote":
            return [_prefixed(_joined(self._flow(node, max(width - 2, _MIN_WIDTH))), "> ", "> ")]
        if tag == "pre":
            return [self._code(node)]
        if tag == "table":
            return self._table(node, width)
        if tag == "hr":
            return [["-" * width]]
        if tag == "dl":
            return self._definitions(node, width)
        return self._flow(node, width)

    def _placeholder(self, node: Node, width: int) -> list[_Block]:
        """A generator placeholder: left out, but for a well-known embed's card and the
        rendered content between a pair's tags."""
        classes = node.classes
        if "galley-card" in classes:
            kept = [c for c in node.elements() if "galley-unrendered-label" not in c.classes]
            return self._flow(Node("div", {}, list(kept)), width)
        if "galley-pair" in classes:
            bodies = [c for c in node.elements() if "galley-unrendered-body" in c.classes]
            return [block for body in bodies for block in self._flow(body, width)]
        return []

    def _admonition(self, node: Node) -> Node:
        """A callout with its title ("Warning") run into its first paragraph: "Warning: …"."""
        title_node = next((c for c in node.elements() if "admonition-title" in c.classes), None)
        if title_node is None:
            return node
        title = _collapse(self._inline_text(title_node)).replace("\n", " ")
        rest = [child for child in node.children if child is not title_node]
        first = next((child for child in rest if isinstance(child, Node)), None)
        lead = title if title.endswith((":", ".", "!", "?")) else f"{title}:"
        if first is not None and first.tag == "p":
            rest[rest.index(first)] = Node("p", first.attrs, [f"{lead} ", *first.children])
        elif title:
            rest.insert(0, Node("p", {}, [lead]))
        return Node("div", {}, rest)

    def _heading(self, node: Node, width: int) -> _Block:
        pieces: list[str] = []
        self._inline(node, pieces)
        lines = self._wrap([" ".join("".join(pieces).split("\n"))], width)
        if not lines:
            return []
        mark = _UNDERLINES.get(node.tag, _UNDERLINE)
        return [*lines, mark * min(width, max(_columns(line) for line in lines))]

    def _list(self, node: Node, width: int) -> list[_Block]:
        if "post-tags" in node.classes:
            tags = [_collapse(self._inline_text(li)) for li in node.elements()]
            return [self._wrap(["Tags: " + ", ".join(tag for tag in tags if tag)], width)]
        items = [c for c in node.elements() if c.tag == "li" or c.tag in BLOCKS]
        if not items:
            return []
        ordered = node.tag == "ol"
        number = _int(node.attrs.get("start"), 1)
        markers: list[str] = []
        for item in items:
            number = _int(item.attrs.get("value"), number)
            markers.append(f"{number}." if ordered else "-")
            number += 1
        indent = max(len(marker) for marker in markers) + 1
        loose = any(child.tag == "p" for item in items for child in item.elements())
        out: list[_Block] = []
        for item, marker in zip(items, markers, strict=True):
            box = _task_box(item)
            if box is not None:
                marker = box
            inner = self._flow(item, max(width - indent, _MIN_WIDTH))
            lines = _joined(inner, blank=loose) or [""]
            out.append(_prefixed(lines, marker.ljust(indent), " " * indent))
        return out if loose else [[line for block in out for line in block]]

    def _code(self, node: Node) -> _Block:
        code = node.text().expandtabs(4)
        code = code[1:] if code.startswith("\n") else code  # as HTML reads <pre>
        code = _INVISIBLE.sub("", code).rstrip()
        return [f"    {line}".rstrip() for line in code.split("\n")] if code.strip() else []

    def _table(self, node: Node, width: int) -> list[_Block]:
        rows: list[list[Cell]] = []
        header = False
        captions: list[_Block] = []
        for part in node.elements():
            if part.tag == "caption":
                captions.extend(self._flow(part, width))
            trs = [part] if part.tag == "tr" else [r for r in part.elements() if r.tag == "tr"]
            for tr in trs:
                cells = [self._cell(c) for c in tr.elements() if c.tag in ("td", "th")]
                if cells:
                    if not rows:
                        header = part.tag == "thead" or all(c.tag == "th" for c in tr.elements())
                    rows.append(cells)
        return [*captions, table_lines(rows, width, header=header, wrap=self._wrap_text)]

    def _cell(self, node: Node) -> Cell:
        style = node.attrs.get("style", "").replace(" ", "").lower()
        align = node.attrs.get("align", "").lower()
        for side in ("right", "center"):
            if f"text-align:{side}" in style:
                align = side
        return Cell(_collapse(self._inline_text(node)).replace("\n", " "), align)

    def _definitions(self, node: Node, width: int) -> list[_Block]:
        out: list[_Block] = []
        for child in node.elements():
            if child.tag == "dd":
                inner = _joined(self._flow(child, max(width - 4, _MIN_WIDTH)))
                lines = _prefixed(inner, "    ", "    ")
                if out:
                    out[-1].extend(lines)
                else:
                    out.append(lines)
            else:
                out.append(_joined(self._flow(child, width)))
        return out

    def _embed(self, node: Node, width: int) -> _Block:
        """A linked card: ``[Video: title] address``, the address written once."""
        link = next((n for n in node.walk() if n.tag == "a" and n.attrs.get("href")), None)
        address = link.attrs["href"].strip() if link is not None else ""
        parts = [
            c for c in node.elements() if not c.classes & {"embed-card-label", "embed-card-url"}
        ]
        title = _collapse(self._inline_text(Node("span", {}, list(parts)), links=False))
        host = (urlsplit(address).hostname or "").lower().removeprefix("www.")
        video = host.endswith(_VIDEO_HOSTS) or "video" in title.lower()
        label = f"[{'Video' if video else 'Embed'}: {title or 'Embedded content'}]"
        return self._wrap([f"{label} {address}" if address else label], width)

    def _footnotes(self, node: Node, width: int) -> list[_Block]:
        items = [li for ol in node.elements() if ol.tag == "ol" for li in ol.elements()]
        if not items:
            return []
        notes: list[_Block] = []
        for item in items:
            number = self._notes.get(item.attrs.get("id", ""), len(notes) + 1)
            marker = f"{number}."
            inner = self._flow(item, max(width - len(marker) - 1, _MIN_WIDTH))
            lines = _joined(inner) or [""]
            notes.append(_prefixed(lines, f"{marker} ", " " * (len(marker) + 1)))
        return [["Notes", "-----"], *notes]

    # -- inline content

    def _inline_text(self, node: Node, *, links: bool = True) -> str:
        pieces: list[str] = []
        self._inline(node, pieces, links=links)
        return "".join(pieces)

    def _inline(self, child: Node | str, out: list[str], *, links: bool = True) -> None:
        """Appends the text of ``child`` to ``out``: white space collapsed, "\\n" for a break."""
        if isinstance(child, str):
            out.append(_SPACE.sub(" ", _INVISIBLE.sub("", child)).replace("\u00a0", _GLUE))
            return
        tag, classes = child.tag, child.classes
        if classes & _PLACEHOLDERS or "footnote-backref" in classes:
            return
        if tag == "br":
            out.append("\n")
        elif tag == "img":
            out.append(_image(child))
        elif tag == "input":
            if child.attrs.get("type", "").lower() == "checkbox":
                out.append("\u2611 " if "checked" in child.attrs else "\u2610 ")
        elif tag == "a" and links:
            self._link(child, out)
        elif "missing-image" in classes:
            shown = _collapse(child.text()).removeprefix("missing image").lstrip(": ")
            out.append(f"[Missing image: {shown}]" if shown else "[Missing image]")
        elif "separator" in classes:
            out.append(" \u00b7 ")
        elif tag == "q":
            out.append("\u201c")
            self._inline_children(child, out, links)
            out.append("\u201d")
        elif tag in BLOCKS:
            out.append(" ")
            self._inline_children(child, out, links)
            out.append(" ")
        else:
            self._inline_children(child, out, links)

    def _inline_children(self, node: Node, out: list[str], links: bool) -> None:
        for grandchild in node.children:
            self._inline(grandchild, out, links=links)

    def _link(self, node: Node, out: list[str]) -> None:
        href = node.attrs.get("href", "").strip()
        if "footnote-ref" in node.classes and href.startswith("#"):
            number = self._notes.get(href[1:])
            if number is not None:
                out.append(str(number).translate(_SUPERSCRIPT))
                return
        pieces: list[str] = []
        self._inline_children(node, pieces, True)
        if not href or href.startswith("#"):  # a place in the page, or no address left
            out.extend(pieces)
            return
        text = _collapse("".join(pieces))
        if not text.strip(" \n" + _GLUE) or _same_address(text, href):
            out.append(_address_shown(href))
            return
        number = self._links.setdefault(href, len(self._links) + 1)
        out.extend(pieces)
        out.append(f"{_GLUE}[{number}]")

    # -- wrapping

    def _wrap(self, pieces: list[str], width: int) -> _Block:
        return self._wrap_text(_collapse("".join(pieces)), width)

    def _wrap_text(self, text: str, width: int) -> _Block:
        wrapper = _Wrapper(width)
        lines: list[str] = []
        for segment in text.split("\n"):
            lines.extend(wrapper.wrap(segment) or [""])
        while lines and not lines[-1].strip(_GLUE + " "):
            lines.pop()
        while lines and not lines[0].strip(_GLUE + " "):
            lines.pop(0)
        return lines


class _Wrapper(textwrap.TextWrapper):
    """textwrap's wrapping, but an address is never broken: one too long for a line stands
    alone on its line. Other words too long for a line are broken, as textwrap does."""

    def __init__(self, width: int) -> None:
        super().__init__(width=width, break_on_hyphens=False)

    def _handle_long_word(
        self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int
    ) -> None:
        chunk = reversed_chunks[-1]
        match = _URL.search(chunk)
        if match is None:
            super()._handle_long_word(reversed_chunks, cur_line, cur_len, width)
        elif match.start() > 0 and re.search(r"\w", chunk[: match.start()]):
            # Words glued before the address ("comment](https://…" in a post whose Markdown
            # went wrong) go where they fit; the address starts a line of its own.
            reversed_chunks[-1:] = [chunk[match.start() :], chunk[: match.start()]]
            if cur_len + len(reversed_chunks[-1]) <= width:
                cur_line.append(reversed_chunks.pop())
            elif len(reversed_chunks[-1]) > width:
                super()._handle_long_word(reversed_chunks, cur_line, cur_len, width)
        elif not cur_line:
            cur_line.append(reversed_chunks.pop())


def _collapse(text: str) -> str:
    """Inline text with runs of spaces made one, and none around a line break.

    A link's number just before a "(" or "[" is kept apart from it: ``#624 [111](https://…``
    (from a post whose Markdown went wrong) would read as a Markdown link.
    """
    text = _AFTER_NUMBER.sub(r"\1 ", text)
    text = re.sub(r" {2,}", " ", text)
    return re.sub(r" *\n *", "\n", text).strip(" ")


def _columns(line: str) -> int:
    """How many columns ``line`` takes in a monospaced font: wide characters (CJK, most
    emoji) two, combining marks and variation selectors none."""
    return sum(
        0 if unicodedata.combining(c) or "\ufe00" <= c <= "\ufe0f" or c == "\u200d"
        else 2 if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in line
    )  # fmt: skip


def _joined(blocks: list[_Block], *, blank: bool = True) -> _Block:
    lines: _Block = []
    for block in blocks:
        if lines and blank:
            lines.append("")
        lines.extend(block)
    return lines


def _prefixed(lines: _Block, first: str, rest: str) -> _Block:
    """``lines`` with ``first`` before the first and ``rest`` before the others (a quote's
    ``>`` stays on its blank lines, a list's indent does not)."""
    out = []
    for index, line in enumerate(lines):
        prefix = first if index == 0 else rest
        out.append(f"{prefix}{line}" if line else prefix.rstrip())
    return out


def _image(node: Node) -> str:
    if "avatar" in node.classes:
        return ""
    alt = _collapse(_SPACE.sub(" ", node.attrs.get("alt", "")))
    return f"[Image: {alt}]" if alt else "[Image]"


def _task_box(item: Node) -> str | None:
    """A task-list item's ☐ or ☑ (taken out of the item), or None."""
    for child in item.children:
        if isinstance(child, str):
            if child.strip():
                return None
            continue
        if "task-list-item-checkbox" in child.classes:
            item.children.remove(child)
            return _collapse(child.text()) or None
        if child.tag == "input" and child.attrs.get("type", "").lower() == "checkbox":
            item.children.remove(child)
            return "\u2611" if "checked" in child.attrs else "\u2610"
        return None
    return None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None and value.strip() else default
    except ValueError:
        return default


def _same_address(text: str, href: str) -> bool:
    """Whether a link's text is its address (``example.com`` for ``https://example.com/``)."""
    return _bare(text) == _bare(href) != ""


def _bare(address: str) -> str:
    bare = address.strip().lower()
    bare = re.sub(r"^(?:[a-z][a-z0-9+.-]*://|mailto:|tel:)", "", bare)
    return bare.removeprefix("www.").rstrip("/")


def _address_shown(href: str) -> str:
    """How an address is written in the text: a mail address or phone number without its
    ``mailto:`` or ``tel:``, anything else as the link has it."""
    for scheme in ("mailto:", "tel:"):
        if href.lower().startswith(scheme):
            return href[len(scheme) :]
    return href
