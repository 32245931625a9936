"""A small tree of HTML elements, read with the stdlib's ``html.parser`` (pure; no Qt).

The mail's text part (:mod:`editor.core.mail.plaintext`) is written from it. The parser closes
what a browser closes by itself (a ``<p>`` before a block, an ``<li>`` before the next), and
leaves out what does not show: scripts, styles, frames, media, form controls, and elements
that are ``hidden`` or ``display: none``. Entities are unescaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from editor.core.htmlrewrite import ENDS_SIBLING

__all__ = ["BLOCKS", "Node", "parse"]

# Elements left out with all they hold: what does not show, runs or loads.
_SKIP = frozenset([
    "script", "style", "template", "head", "title", "noscript", "iframe", "frame", "frameset",
    "svg", "math", "object", "applet", "embed", "textarea", "select", "button", "audio",
    "video", "canvas", "map", "noembed", "noframes", "xmp", "meta", "link", "base",
])  # fmt: skip
_VOID = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr",
])  # fmt: skip
BLOCKS = frozenset([
    "address", "article", "aside", "blockquote", "caption", "center", "details", "dialog",
    "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
])  # fmt: skip
_ENDS_P = BLOCKS - {"caption", "tbody", "td", "tfoot", "th", "thead", "tr"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    def elements(self) -> Iterator[Node]:
        return (child for child in self.children if isinstance(child, Node))

    def walk(self) -> Iterator[Node]:
        for child in self.elements():
            yield child
            yield from child.walk()

    def text(self) -> str:
        """All the text inside, as written (for code)."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    """Reads HTML into :class:`Node` s, closing what a browser closes by itself, and leaves
    out what does not show (``_SKIP``, ``hidden``, ``display: none``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self._stack = [self.root]
        self._skipping: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        if self._skipping is not None:
            self._depth += tag == self._skipping and not closed
            return
        values = {name: value or "" for name, value in attrs}
        if tag in _SKIP or "hidden" in values or _not_shown(values.get("style", "")):
            if not closed and tag not in _VOID:
                self._skipping, self._depth = tag, 1
            return
        stack = self._stack
        if tag in _ENDS_P:
            self._close(frozenset(["p"]))
        siblings = ENDS_SIBLING.get(tag)
        if siblings:
            self._close(siblings)
        node = Node(tag, values)
        stack[-1].children.append(node)
        if not closed and tag not in _VOID:
            stack.append(node)

    def _close(self, tags: frozenset[str]) -> None:
        """Close the open ``tags`` nearest the top, down to the first other block (and what is
        open inside them): a ``<ul>`` closes the ``<p>`` it is in, ``<b>`` and all; a ``<tr>``
        closes the open ``<td>`` and its ``<tr>``."""
        stack = self._stack
        lowest = None
        for index in range(len(stack) - 1, 0, -1):
            if stack[index].tag in tags:
                lowest = index
            elif stack[index].tag in BLOCKS:
                break
        if lowest is not None:
            del stack[lowest:]

    def handle_endtag(self, tag: str) -> None:
        if self._skipping is not None:
            if tag == self._skipping:
                self._depth -= 1
                if self._depth == 0:
                    self._skipping = None
            return
        if tag == "br":  # "</br>" is a line break to browsers
            self._stack[-1].children.append(Node("br", {}))
            return
        open_tags = [node.tag for node in self._stack]
        if tag in open_tags[1:]:
            while self._stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._skipping is not None or not data:
            return
        children = self._stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def _not_shown(style: str) -> bool:
    squashed = style.replace(" ", "").lower()
    return "display:none" in squashed or "visibility:hidden" in squashed


def parse(html: str) -> Node:
    """The tree of ``html``: a ``#root`` node holding its elements and text."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
