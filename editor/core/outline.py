"""The headings of a post's body, for the Outline panel and Go to Heading (pure; no Qt).

A line scanner rather than the Markdown parser: a 400 KB post is scanned in a few milliseconds,
so the outline can follow typing. It finds the top-level headings the renderer finds (ATX and
Setext; not in fenced or indented code, HTML blocks, lists or block quotes), which are the
ones the preview can scroll to (each top-level block carries its ``data-line``). The body never
holds the front matter (:class:`editor.core.post.Post` splits it off), so that needs no skipping.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple


class Heading(NamedTuple):
    """A heading: its level (1-6), its text as a reader sees it, its 1-based file line."""

    level: int
    text: str
    line: int


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LIST = re.compile(r"( {0,3})([-+*]|\d{1,9}[.)])([ \t]+|$)")
_QUOTE = re.compile(r" {0,3}>")
_HTML = re.compile(r" {0,3}</?[A-Za-z]")
# HTML blocks that a blank line does not end (CommonMark's types 1 and 2).
_HTML_RAW = re.compile(r" {0,3}<(pre|script|style|textarea)(?:[\s>]|$)", re.IGNORECASE)
_HTML_COMMENT = re.compile(r" {0,3}<!--")

# What a line belongs to, besides a fence or a raw HTML block.
_NONE, _PARAGRAPH, _NESTED, _HTML_BLOCK = 0, 1, 2, 3


def from_rendered(found: Sequence[tuple[int, str]], first_line: int = 1) -> list[Heading]:
    """The headings of a post from its rendered top-level heading blocks ((0-based body line,
    Markdown text), as ``RenderSchedule.rendered_headings`` in :mod:`editor.state` gives them):
    the renderer has already found them, so this costs little even in a long post."""
    out: list[Heading] = []
    for line, text in found:
        level, title = _rendered_heading(text)
        if title:
            out.append(Heading(level, title, first_line + line))
    return out


@lru_cache(maxsize=4096)
def _rendered_heading(text: str) -> tuple[int, str]:
    """(level, plain text) of one heading block's Markdown (ATX or Setext)."""
    lines = [line.expandtabs(4) for line in text.rstrip("\n").split("\n")]
    if atx := _ATX.match(lines[0]):
        return len(atx.group(1)), plain(_ATX_CLOSE.sub("", atx.group(2) or "").strip())
    underline = lines[-1].strip()
    level = 1 if underline.startswith("=") else 2
    return level, plain(" ".join(part.strip() for part in lines[:-1]))


def headings(lines: Sequence[str], first_line: int = 1) -> list[Heading]:
    """The top-level headings of a body given as lines (with or without their ends).

    Args:
        lines: the body, as :func:`editor.core.render.body_lines` or ``str.splitlines()`` gives it.
        first_line: the file line of ``lines[0]`` (the front matter's lines come before it).
    """
    found: list[Heading] = []
    fence = ""  # the opening fence while inside fenced code
    html_end = ""  # what ends the raw HTML block we are in
    state = _NONE
    paragraph: list[str] = []  # a top-level paragraph's lines (a Setext heading's text)
    paragraph_at = 0
    list_indent: int | None = None  # the content column of the list we are in
    blank_before = True
    for number, raw in enumerate(lines):
        line = raw.rstrip("\r\n")
        if "\t" in line:
            line = line.expandtabs(4)
        if fence:
            opening = _FENCE.match(line)
            if opening and _closes(opening, fence):
                fence = ""
            continue
        if html_end:
            if html_end in line.lower():
                html_end = ""
            continue
        stripped = line.lstrip(" ")
        if not stripped:
            state, paragraph, blank_before = _NONE, [], True
            continue
        indent = len(line) - len(stripped)
        was_blank, blank_before = blank_before, False
        if list_indent is not None:
            if indent >= list_indent:
                if state != _HTML_BLOCK:
                    state = _NESTED
                continue
            lazy = state == _NESTED and not was_blank and not _starts_block(line)
            if lazy:
                continue
            list_indent = None
        if state == _HTML_BLOCK:
            continue
        if indent < 4 and stripped[0].isalpha() and state != _HTML_BLOCK:
            # Most lines: prose, which starts no block (the fast path: no pattern tried).
            if state == _PARAGRAPH:
                paragraph.append(stripped)
            elif state == _NONE:
                state, paragraph, paragraph_at = _PARAGRAPH, [stripped], number
            continue
        if indent >= 4:
            if state == _NONE:
                continue  # indented code
            if state == _PARAGRAPH:
                paragraph.append(stripped)
            continue
        opening = _FENCE.match(line)
        if opening and (opening.group(1)[0] != "`" or "`" not in opening.group(2)):
            fence = opening.group(1)
            state, paragraph = _NONE, []
            continue
        if heading := _ATX.match(line):
            text = _ATX_CLOSE.sub("", heading.group(2) or "").strip()
            if text:
                found.append(Heading(len(heading.group(1)), plain(text), first_line + number))
            state, paragraph = _NONE, []
            continue
        if state == _PARAGRAPH and (underline := _SETEXT.match(line)):
            text = " ".join(part.strip() for part in paragraph)
            level = 1 if underline.group(1)[0] == "=" else 2
            found.append(Heading(level, plain(text), first_line + paragraph_at))
            state, paragraph = _NONE, []
            continue
        if _BREAK.match(line):
            state, paragraph = _NONE, []
            continue
        if state == _NONE and (_HTML_COMMENT.match(line) or _HTML_RAW.match(line)):
            raw_match = _HTML_RAW.match(line)
            end = f"</{raw_match.group(1).lower()}>" if raw_match else "-->"
            if end not in line.lower()[indent + 4 :]:
                html_end = end
            continue
        if state == _NONE and _HTML.match(line):
            state = _HTML_BLOCK  # until a blank line
            continue
        if item := _LIST.match(line):
            spaces = len(item.group(3))
            width = len(item.group(2)) + (spaces if 0 < spaces <= 4 else 1)
            list_indent = len(item.group(1)) + width
            state, paragraph = _NESTED, []
            continue
        if _QUOTE.match(line):
            state, paragraph = _NESTED, []  # lazy lines stay in the quote
            continue
        if state == _PARAGRAPH:
            paragraph.append(stripped)
        elif state == _NONE:
            state, paragraph, paragraph_at = _PARAGRAPH, [stripped], number
    return found


def _closes(match: re.Match[str], fence: str) -> bool:
    marker = match.group(1)
    return marker[0] == fence[0] and len(marker) >= len(fence) and not match.group(2).strip()


def _starts_block(line: str) -> bool:
    """Whether ``line`` interrupts a paragraph rather than continuing it lazily."""
    return bool(_ATX.match(line) or _FENCE.match(line) or _BREAK.match(line) or _LIST.match(line))


_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_CODE = re.compile(r"(`+)(.+?)\1")
_EMPHASIS = re.compile(r"\*{1,3}|~~|(?<![\w\\])_{1,3}|_{1,3}(?![\w])")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """A heading's inline Markdown as its visible text (links, emphasis, code marks gone)."""
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(match.group(2).strip() or match.group(2))
        return f"\0{len(codes) - 1}\0"

    def escaped(match: re.Match[str]) -> str:
        codes.append(match.group(1))
        return f"\0{len(codes) - 1}\0"

    text = _CODE.sub(keep, text)
    text = _ESCAPE.sub(escaped, text)  # an escaped * or _ is text, not emphasis
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"\0(\d+)\0", lambda m: codes[int(m.group(1))], text)
    return " ".join(text.split())


def parents(found: Sequence[Heading]) -> list[int]:
    """Each heading's parent in the outline tree (an index into ``found``; -1 for the top):
    the nearest heading before it with a lower level."""
    out: list[int] = []
    stack: list[int] = []
    for index, heading in enumerate(found):
        while stack and found[stack[-1]].level >= heading.level:
            stack.pop()
        out.append(stack[-1] if stack else -1)
        stack.append(index)
    return out


def section_at(found: Sequence[Heading], line: int) -> int:
    """The index of the heading whose section holds file line ``line``; -1 before the first."""
    return bisect_right([heading.line for heading in found], line) - 1
