"""Attribute lists and heading ids, as kramdown, Python-Markdown, goldmark, pulldown-cmark and
Docusaurus write them (pure; no Qt).

- ``{: .class #id key="value"}`` on the line after a block applies to it (kramdown, and
  Python-Markdown's ``attr_list``); on the line before a block, to that block (kramdown); after a
  link, image or code span, to it; anywhere else it is dropped: it is never printed. ``{:name:
  …}`` definitions are dropped too. ``{:toc}`` after a list makes the list the table of contents,
  as Python-Markdown's ``[TOC]`` paragraph does.
- ``## Title {#id .class}`` (or ``{: #id}``) sets the heading's id and class.
- Python-Markdown's ``attr_list`` (Pelican) also reads a list without the colon (``{.plain}``),
  but only right after what it is for: on the last line of a block (:func:`bare_ial_rule`) or
  straight after an inline element (:func:`bare_span_ial_rule`); a list anywhere else is text.

The attribute grammar is mdit-py-plugins' (``attrs``), read after kramdown's colon. Only
:data:`ALLOWED_ATTRS` reach the page: no event handler, style or ``data-*`` from a post.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.utils import is_code_block

__all__ = [
    "ALLOWED_ATTRS",
    "bare_ial_rule",
    "bare_span_ial_rule",
    "heading_attrs",
    "heading_attrs_rule",
    "ial_rule",
    "resolve_ials",
    "span_ial_rule",
    "toc_marker",
]

ALLOWED_ATTRS = frozenset(["id", "class", "title", "lang", "dir", "width", "height", "align"])

_IAL_LINE = re.compile(r"\{:([^{}]*)\}[ \t]*$")
_SPAN_IAL = re.compile(r"\{:([^{}\n]*)\}")
_BARE_WORD = re.compile(r"""(?<![^\s{])([A-Za-z_][\w-]*)(?=[\s}]|$)""")
_HEADING_ATTRS = re.compile(r"[ \t]*\{:?([^{}]*)\}[ \t]*$")
# Python-Markdown's attr_list: "{", an optional ":", something not "}" or a space, "}"; it
# reads text only, so braces around a code span, a link or emphasis are no list
_BARE = r"\{:?[ ]*([^}\n `*\[<\\][^}\n`*\[<\\]*?)[ ]*\}"
_BARE_LINE = re.compile(_BARE + r"[ \t]*$")
_BARE_SPAN = re.compile(_BARE)
_SPAN_TARGETS = frozenset(["image", "code_inline", "link_close"])


def _parsed(text: str) -> dict[str, Any]:
    try:
        return dict(parse_attrs("{" + text + "}")[1])
    except ParseError:
        return {}


def _ial_attrs(inner: str) -> tuple[dict[str, Any], bool]:
    """An attribute list's attributes (ALD names and references dropped), and whether it is
    kramdown's ``{:toc}``."""
    text = inner.strip()
    if re.match(r"[\w-]+:", text):  # {:name: …} defines a list for later: never printed
        return {}, False
    words = _BARE_WORD.findall(text)
    return _parsed(_BARE_WORD.sub("", text).strip()), "toc" in words


def heading_attrs(content: str) -> tuple[str, dict[str, Any]]:
    """A heading's text without a trailing ``{#id .class}`` (or ``{: #id}``), and those
    attributes (none when the braces are not an attribute list)."""
    match = _HEADING_ATTRS.search(content)
    if match is None:
        return content, {}
    inner = match.group(1).strip()
    if not inner or (inner[0] not in ".#" and "=" not in inner):
        return content, {}
    attrs = _parsed(inner)
    return (content[: match.start()], attrs) if attrs else (content, {})


def _apply(token: Token, attrs: dict[str, Any]) -> None:
    for key, value in attrs.items():
        if key not in ALLOWED_ATTRS:
            continue  # no event handlers, styles or data-* (the preview's own) from a post
        old = token.attrGet(key)
        token.attrSet(key, f"{old} {value}" if key == "class" and old else str(value))


def ial_rule(state: StateBlock, start_line: int, _end_line: int, silent: bool) -> bool:
    if is_code_block(state, start_line):
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("{:", pos):
        return False
    match = _IAL_LINE.match(state.src, pos, state.eMarks[start_line])
    if match is None:
        return False
    if not silent:
        attrs, toc = _ial_attrs(match.group(1))
        token = state.push("galley_ial", "", 0)
        token.meta = {"attrs": attrs, "toc": toc}
        token.map, token.block = [start_line, start_line + 1], True
        state.line = start_line + 1
    return True


def bare_ial_rule(state: StateBlock, start_line: int, _end_line: int, silent: bool) -> bool:
    """Python-Markdown's block attribute list: ``{.class}`` or ``{: .class}`` on the line
    right after a block's last line applies to that block; a line of its own (after a blank
    line, or opening a block) is text, as Python-Markdown leaves it."""
    if is_code_block(state, start_line):
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if state.src[pos : pos + 1] != "{":
        return False
    match = _BARE_LINE.match(state.src, pos, state.eMarks[start_line])
    if match is None:
        return False
    following = start_line + 1
    if following < state.lineMax and not state.isEmpty(following):
        return False  # not a block's last line: text, as Python-Markdown leaves it
    if silent:
        return True  # (asked whether it ends the paragraph above: it does)
    tokens = state.tokens
    before = tokens[_opening(tokens, len(tokens) - 1)].map if tokens else None
    if before is None or before[1] != start_line:
        return False  # not right after a block: a paragraph of text
    token = state.push("galley_ial", "", 0)
    token.meta = {"attrs": _parsed(match.group(1).strip()), "toc": False}
    token.map, token.block = [start_line, start_line + 1], True
    state.line = start_line + 1
    return True


def _opening(tokens: Sequence[Token], index: int) -> int:
    """The index of the token that opens the one at ``index`` (itself unless it closes)."""
    if tokens[index].nesting != -1:
        return index
    depth = 0
    for i in range(index, -1, -1):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return index


def _closing(tokens: Sequence[Token], index: int) -> int:
    depth = 0
    for i in range(index, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return index


def resolve_ials(state: StateCore) -> None:
    """Each ``{: …}`` line goes to the block it directly follows, else to the one it directly
    precedes; ``{:toc}`` after a list makes the list the table of contents."""
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        ial = tokens[i]
        if ial.type != "galley_ial" or ial.map is None:
            i += 1
            continue
        target: tuple[int, int] | None = None
        if i > 0:
            start = _opening(tokens, i - 1)
            before = tokens[start].map
            if before is not None and before[1] == ial.map[0]:
                target = (start, i - 1)
        if target is None and i + 1 < len(tokens) and tokens[i + 1].nesting >= 0:
            following = tokens[i + 1]
            if following.map and following.map[0] == ial.map[1]:
                target = (i + 1, _closing(tokens, i + 1))
        del tokens[i]
        if target is None:
            continue
        first, last = target if target[0] < i else (target[0] - 1, target[1] - 1)
        if ial.meta["toc"] and tokens[first].type in ("bullet_list_open", "ordered_list_open"):
            toc = Token("galley_toc", "nav", 0)
            toc.map, toc.block = tokens[first].map, True
            tokens[first : last + 1] = [toc]
            i = first + 1
            continue
        _apply(tokens[first], ial.meta["attrs"])


def span_ial_rule(state: StateInline, silent: bool) -> bool:
    """``{: .class}`` after a link, image or code span applies to it; anywhere else it is
    dropped (kramdown never prints it)."""
    if not state.src.startswith("{:", state.pos):
        return False
    match = _SPAN_IAL.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent and not state.pending and state.tokens:
        last = state.tokens[-1]
        if last.type in ("image", "code_inline", "link_close"):
            target = state.tokens[_opening(state.tokens, len(state.tokens) - 1)]
            _apply(target, _ial_attrs(match.group(1))[0])
    state.pos = match.end()
    return True


def bare_span_ial_rule(state: StateInline, silent: bool) -> bool:
    """Python-Markdown's ``{.class}`` (or ``{: .class}``) straight after a link, image or
    code span applies to it; anywhere else it is text. (After emphasis it applies too in
    Python-Markdown; here it stays text, as emphasis is only paired after this rule runs.)"""
    if state.src[state.pos] != "{" or state.pending or not state.tokens:
        return False
    if state.tokens[-1].type not in _SPAN_TARGETS:
        return False
    match = _BARE_SPAN.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        target = state.tokens[_opening(state.tokens, len(state.tokens) - 1)]
        _apply(target, _parsed(match.group(1).strip()))
    state.pos = match.end()
    return True


def heading_attrs_rule(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            text, attrs = heading_attrs(inline.content)
            if attrs:
                inline.content = text
                _apply(token, attrs)


def toc_marker(state: StateCore) -> None:
    """Python-Markdown's ``[TOC]`` paragraph."""
    tokens = state.tokens
    for i in range(len(tokens) - 2, 0, -1):
        if (
            tokens[i].type == "inline"
            and tokens[i].content.strip() == "[TOC]"
            and tokens[i - 1].type == "paragraph_open"
            and tokens[i + 1].type == "paragraph_close"
        ):
            toc = Token("galley_toc", "nav", 0)
            toc.map, toc.block = tokens[i - 1].map, True
            tokens[i - 1 : i + 2] = [toc]
