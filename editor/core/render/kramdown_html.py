"""kramdown's ``markdown="1"``: Markdown inside an HTML element (pure; no Qt).

kramdown leaves the inside of an HTML block as raw HTML, except where the element says
``markdown="1"`` (or ``markdown="block"``): then what is inside is read as Markdown blocks, up to
the element's closing tag, blank lines and all; ``markdown="span"`` reads it as one paragraph's
text, without the ``<p>``. The attribute itself is not written out. :func:`markdown_html_rule`
is that block rule for markdown-it (the Jekyll dialect's): the element is one top-level block,
its opening and closing tags raw HTML (``galley_html_open`` / ``galley_html_close``), what is
between parsed as the post's Markdown. An element with no closing tag runs to the end of the
post, as kramdown reads it.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.utils import is_code_block

__all__ = ["markdown_html_rule", "use_markdown_html"]

_OPENING = re.compile(
    r"<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"\s*>",
)
_MARKDOWN_ATTR = re.compile(
    r"""\s+markdown\s*=\s*(?:"(1|block|span)"|'(1|block|span)'|(1|block|span)(?=[\s>]))""",
    re.IGNORECASE,
)
_SPAN_ELEMENTS = frozenset(
    ["a", "abbr", "b", "bdi", "bdo", "br", "button", "cite", "code", "data", "dfn", "em", "i",
     "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
     "u", "var"]
)  # fmt: skip
_MAX_DEPTH = 12  # elements nested deeper are left to the HTML block rule


def use_markdown_html(md: MarkdownIt) -> None:
    """Add the rule (before markdown-it's HTML block) and its render rules to ``md``."""
    md.block.ruler.before(
        "html_block",
        "galley_markdown_html",
        markdown_html_rule,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    md.add_render_rule("galley_html_open", _raw)
    md.add_render_rule("galley_html_close", _raw)


def _raw(_self: Any, tokens: list[Token], idx: int, _options: Any, _env: Any) -> str:
    token = tokens[idx]
    span = token.nesting == 1 and token.meta.get("span")
    return token.content if span else token.content + "\n"  # span: the text follows the tag


def _closing(src: str, name: str, start: int, stop: int) -> tuple[int, int] | None:
    """Where the element ``name`` opened before ``start`` closes: the span of its ``</name>``
    (elements of the same name nest), or None."""
    tags = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.IGNORECASE)
    depth = 0
    for tag in tags.finditer(src, start, stop):
        if tag.group(1):
            if depth == 0:
                return tag.start(), tag.end()
            depth -= 1
        elif not tag.group(0).endswith("/>"):
            depth += 1
    return None


def _line_at(state: StateBlock, index: int, first: int, end_line: int) -> int:
    line = first
    while line < end_line - 1 and state.eMarks[line] < index:
        line += 1
    return line


def markdown_html_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """An HTML element whose opening tag starts the line and says ``markdown="1"``."""
    if is_code_block(state, start_line):
        return False
    src = state.src
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if not src.startswith("<", pos) or "markdown" not in src[pos : state.eMarks[start_line]]:
        return False
    opening = _OPENING.match(src, pos, state.eMarks[start_line])
    if opening is None:
        return False
    attr = _MARKDOWN_ATTR.search(opening.group(2))
    depth = int(state.env.get("galley_html_depth", 0))
    if attr is None or depth >= _MAX_DEPTH:
        return False
    if silent:
        return True
    name = opening.group(1)
    mode = (attr.group(1) or attr.group(2) or attr.group(3)).lower()
    span = mode == "span" or (mode == "1" and name.lower() in _SPAN_ELEMENTS)
    stop = state.eMarks[end_line - 1] if end_line > 0 else len(src)
    closing = _closing(src, name, opening.end(), stop)
    inner_start = opening.end()
    if closing is not None:
        inner_end, close_end = closing
        last = _line_at(state, close_end, start_line, end_line)
        trailer = src[close_end : state.eMarks[last]]
        close_source = src[inner_end:close_end] + trailer
    else:  # kramdown closes it at the end of the post
        inner_end, last, close_source = stop, end_line - 1, f"</{name}>"
    tag = src[pos : opening.start(2)] + _MARKDOWN_ATTR.sub("", opening.group(2)) + ">"
    token = state.push("galley_html_open", name, 1)
    token.content, token.map, token.block = tag, [start_line, last + 1], True
    token.meta = {"span": span}
    inner = src[inner_start:inner_end]
    if inner[:1] == "\n" or inner[:2] == "\r\n":  # the opening tag on a line of its own
        inner, shift = inner[inner.index("\n") + 1 :], start_line + 1
    else:
        shift = start_line
    if span:
        if inner.strip():
            text = state.push("inline", "", 0)
            text.content, text.map, text.children = inner.strip(), [shift, last + 1], []
    elif inner.strip():
        count = len(state.tokens)
        state.env["galley_html_depth"] = depth + 1
        try:
            state.md.block.parse(inner, state.md, state.env, state.tokens)
        finally:
            state.env["galley_html_depth"] = depth
        for nested in state.tokens[count:]:  # their lines, counted in the post
            if nested.map is not None:
                nested.map = [nested.map[0] + shift, nested.map[1] + shift]
    token = state.push("galley_html_close", name, -1)
    token.content, token.block = close_source.strip(), True
    state.line = last + 1
    return True
