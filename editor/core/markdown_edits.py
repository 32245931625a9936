"""Markdown source edits as plain functions on strings (pure: no Qt).

The editor's line-level rules: toggling ``**``, ``*`` and backticks around a selection, list
and quote continuation when Enter is pressed, renumbering an ordered list, heading prefixes and
how far Tab and Shift+Tab move a list item. Each takes a line (and the lines around it) and
returns what to change as :class:`Edit` values, so that the editor widget only applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from typing import NamedTuple

__all__ = [
    "LIST_INDENT",
    "LIST_KINDS",
    "LOOK_BACK",
    "TAB_WIDTH",
    "Continuation",
    "Edit",
    "block_insertion",
    "edited_span",
    "has_list_marker",
    "heading_edit",
    "is_fence",
    "is_url",
    "leading_width",
    "list_continuation",
    "nest_width",
    "numbered_start",
    "quote_end",
    "renumbering",
    "rule_insertion",
    "toggle_code_block",
    "toggle_list",
    "toggle_quote",
    "toggle_span",
    "unnest_width",
]

TAB_WIDTH = 4  # spaces a Tab inserts outside lists
LIST_INDENT = 2  # spaces a list item moves when it has no sibling to nest under
LOOK_BACK = 200  # lines scanned for a parent list item: never a whole-document walk

_ITEM = re.compile(
    r"(?P<lead>[ \t]*(?:>[ \t]?)*[ \t]*)"
    r"(?:(?P<bullet>[-*+])|(?P<number>\d{1,9})(?P<delim>[.)]))"
    r"(?P<gap>[ \t]+|$)(?P<task>\[[ xX]\](?:[ \t]+|$))?"
)
_QUOTE = re.compile(r"[ \t]*(?:>[ \t]?)+")
_RULE = re.compile(r"[ \t>]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_HEADING = re.compile(r"(?:[ \t]*>[ \t]?)*(?P<hashes> {0,3}#{1,6}(?:[ \t]+|$))?")
_INDENT = re.compile(r"[ \t]*")
_QUOTE_PREFIX = re.compile(r"(?:[ \t]*>[ \t]?)*")
_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+$")
# An inline link (not an image): its text, then its destination up to a title or the ")".
_INLINE_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:\\.|[^\]\\\n])*)\]\((?P<target><[^<>\n]*>|[^\s()]*)(?:[ \t][^()\n]*)?\)"
)
# What Insert Link (Ctrl+K) writes where the text or the address is still to be typed.
TEXT_PLACEHOLDER = "text"
URL_PLACEHOLDER = "url"


class Edit(NamedTuple):
    """Replace ``length`` characters at ``start`` (in one line) with ``text``."""

    start: int
    length: int
    text: str


class LinkSpans(NamedTuple):
    """Where an inline link's text and destination are in its line (end exclusive)."""

    text_start: int
    text_end: int
    target_start: int
    target_end: int


def link_at(line: str, column: int) -> LinkSpans | None:
    """The inline link ``[text](target)`` of ``line`` that ``column`` is in or at the edge of."""
    for match in _INLINE_LINK.finditer(line):
        if match.start() <= column <= match.end():
            return LinkSpans(
                match.start("text"), match.end("text"), match.start("target"), match.end("target")
            )
    return None


def placeholder_link_at(line: str, column: int) -> bool:
    """Whether ``column`` is in a link Insert Link made whose address is still the placeholder
    (the checks leave it alone until the cursor leaves it)."""
    link = link_at(line, column)
    return link is not None and line[link.target_start : link.target_end] == URL_PLACEHOLDER


class Continuation(NamedTuple):
    """How Enter continues a list item or quote line."""

    marker_end: int  # column where the item's text starts
    prefix: str  # what the new line starts with, or the cleared line if ``empty``
    empty: bool  # the item has no text: Enter ends the list instead


def list_continuation(line: str) -> Continuation | None:
    """The continuation of a list item, task or block quote line, or None for other lines."""
    item = _ITEM.match(line)
    if item and not _RULE.match(line):
        lead = item["lead"]
        if item["bullet"]:
            marker = item["bullet"]
        else:
            number = item["number"]
            marker = str(int(number) + 1).zfill(len(number)) + item["delim"]
        prefix = lead + marker + (item["gap"] or " ") + ("[ ] " if item["task"] else "")
        empty = not line[item.end() :].strip()
        return Continuation(item.end(), lead.rstrip() if empty else prefix, empty)
    quote = _QUOTE.match(line)
    if quote:
        lead = quote.group()
        if line[quote.end() :].strip():
            return Continuation(
                quote.end(), lead if lead.endswith((" ", "\t")) else lead + " ", False
            )
        outer = lead.rstrip()[:-1].rstrip()  # drop one level of quoting
        return Continuation(quote.end(), outer + " " if outer else "", True)
    return None


def renumbering(
    item: str, following: Iterable[str], *, clashes_only: bool = True
) -> list[tuple[int, Edit]]:
    """Edits that renumber the ordered items after ``item`` (just inserted) so numbers stay
    consecutive: ``1. 2. [3.] 3. 4.`` becomes ``1. 2. 3. 4. 5.``. Returns (offset into
    ``following``, edit) pairs. Only a clash the insertion made is renumbered (a list numbered
    ``1. 1. 1.`` on purpose stays so); it stops at an item that no longer clashes, at another
    list, and at text outside the list; nested lines and blank lines are skipped over. With
    ``clashes_only`` False every following item of the list is renumbered (after Format ▸
    Numbered List made or renumbered items above them)."""
    match = _ITEM.match(item)
    if match is None or match["number"] is None:
        return []
    lead, delim, expected = match["lead"], match["delim"], int(match["number"]) + 1
    edits: list[tuple[int, Edit]] = []
    for offset, line in enumerate(following):
        if not line.strip():
            continue
        other = _ITEM.match(line)
        if other is None or other["lead"] != lead:
            if leading_width(line) > len(lead):
                continue  # the item's own continuation or a nested list
            break
        number = other["number"]
        if number is None or other["delim"] != delim:
            break
        if clashes_only and int(number) >= expected:
            break
        if clashes_only and not edits and int(number) != expected - 1:
            break  # not a collision we made (e.g. a list numbered 1. 1. 1. on purpose)
        text = str(expected).zfill(len(number))
        if text != number:
            edits.append((offset, Edit(len(lead), len(number), text)))
        expected += 1
    return edits


def _runs(line: str, start: int, end: int, char: str) -> tuple[int, int]:
    """How many ``char`` sit right before ``start`` and right after ``end``."""
    before = start - len(line[:start].rstrip(char))
    after = len(line[end:]) - len(line[end:].lstrip(char))
    return before, after


def _marked(marker: str, before: int, after: int) -> bool:
    """Whether runs of marker characters on both sides make ``marker`` (``*`` is not ``**``)."""
    if marker == "*":
        return before % 2 == 1 and after % 2 == 1
    return before >= len(marker) and after >= len(marker)


def toggle_span(line: str, start: int, end: int, marker: str) -> tuple[list[Edit], int, int]:
    """Wrap ``line[start:end]`` in ``marker``, or unwrap it if it already is.

    Returns the edits (right to left) and the new selection. With no selection the markers are
    inserted with the cursor between them, and an empty pair around the cursor is removed.
    """
    size = len(marker)
    char = marker[0]
    if start == end:
        before, after = _runs(line, start, end, char)
        if before and after and _marked(marker, before, after):
            return [Edit(start, size, ""), Edit(start - size, size, "")], start - size, start - size
        return [Edit(start, 0, marker * 2)], start + size, start + size
    text = line[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    if start >= end:
        return toggle_span(line, end, end, marker)
    inner = line[start:end]
    if char == "`":
        unwrapped = _code_unwrap(line, start, end)
        if unwrapped:
            return unwrapped
    else:
        lead, trail = _inner_runs(inner, char)
        if lead + trail < len(inner) and _marked(marker, lead, trail):
            return [Edit(end - size, size, ""), Edit(start, size, "")], start, end - 2 * size
        before, after = _runs(line, start, end, char)
        if _marked(marker, before, after):
            return [Edit(end, size, ""), Edit(start - size, size, "")], start - size, end - size
    if char == "`" and "`" in inner:  # a longer fence, padded if the code starts with a backtick
        longest = max(len(run) for run in re.findall(r"`+", inner))
        marker = "`" * (longest + 1)
        pad = " " if inner.startswith("`") or inner.endswith("`") else ""
        edits = [Edit(end, 0, pad + marker), Edit(start, 0, marker + pad)]
        return edits, start + len(marker + pad), end + len(marker + pad)
    return [Edit(end, 0, marker), Edit(start, 0, marker)], start + size, end + size


def _inner_runs(text: str, char: str) -> tuple[int, int]:
    return len(text) - len(text.lstrip(char)), len(text) - len(text.rstrip(char))


def _code_unwrap(line: str, start: int, end: int) -> tuple[list[Edit], int, int] | None:
    """The edits that take a code span's backticks (and padding) off, inside or around a span."""
    inner = line[start:end]
    lead, trail = _inner_runs(inner, "`")
    if lead and lead == trail and lead + trail < len(inner):
        body = inner[lead:-trail]
        cut = lead + (1 if len(body) > 2 and body[0] == body[-1] == " " and body.strip() else 0)
        return [Edit(end - cut, cut, ""), Edit(start, cut, "")], start, end - 2 * cut
    for pad in (1, 0):
        if pad and not line[start - 1 : start] == " " == line[end : end + 1]:
            continue
        before, after = _runs(line, start - pad, end + pad, "`")
        if before and before == after:
            cut = before + pad
            return [Edit(end, cut, ""), Edit(start - cut, cut, "")], start - cut, end - cut
    return None


def heading_edit(line: str, level: int) -> Edit:
    """The edit that makes a line a heading of ``level`` (0 makes it plain text)."""
    match = _HEADING.match(line)
    assert match is not None  # every part of the pattern is optional
    hashes = match["hashes"] or ""
    start = match.end() - len(hashes)
    new = "#" * level + " " if level else ""
    return Edit(start, len(hashes), new)


def edited_span(edits: list[Edit]) -> tuple[int, int]:
    """Where right-to-left edits of one line start, and where the last one ends afterwards."""
    growth = sum(len(edit.text) - edit.length for edit in edits[1:])
    return edits[-1].start, edits[0].start + len(edits[0].text) + growth


def leading_width(line: str) -> int:
    """Columns of leading spaces and tabs (a tab counts as one)."""
    return _INDENT.match(line).end()  # type: ignore[union-attr]


def has_list_marker(line: str) -> bool:
    """Whether ``line`` starts with a list item's marker (``-``, ``*``, ``+``, ``1.``, ``1)``),
    inside any quote markers; a thematic break such as ``* * *`` has one too."""
    return _ITEM.match(line) is not None


def is_url(text: str) -> bool:
    """Whether ``text`` is a link target as it stands (``https://…``, ``mailto:…``, ``www.…``)."""
    return _URL.match(text) is not None


def quote_end(line: str) -> int:
    """Where a line's block-quote markers end (0 outside quotes)."""
    return _QUOTE_PREFIX.match(line).end()  # type: ignore[union-attr]


def _item_indent(line: str) -> tuple[int, re.Match[str] | None]:
    """Indentation inside any quote markers, and the list item match if the line is one."""
    start = quote_end(line)
    return leading_width(line[start:]), _ITEM.match(line)


def nest_width(line: str, above: Iterable[str]) -> int:
    """Spaces that nest a list item under the item above it: that item's marker width.

    ``above`` gives the lines above ``line``, nearest first (at most LOOK_BACK are read).
    """
    indent, item = _item_indent(line)
    if not item:
        return TAB_WIDTH
    for text in islice(above, LOOK_BACK):
        width, sibling = _item_indent(text)
        if text.strip() and width < indent:
            break
        if sibling and width == indent:
            return sibling.end("gap") - sibling.end("lead") if sibling["gap"] else LIST_INDENT
    return LIST_INDENT


def unnest_width(line: str, above: Iterable[str]) -> int:
    """Spaces that move a list item out to the indentation of its parent item.

    ``above`` gives the lines above ``line``, nearest first (at most LOOK_BACK are read).
    """
    indent, item = _item_indent(line)
    for text in islice(above, LOOK_BACK):
        width, parent = _item_indent(text)
        if text.strip() and width < indent:
            return indent - width if parent else min(indent, TAB_WIDTH)
    return LIST_INDENT if item else TAB_WIDTH


# -- block formatting: Format ▸ Block Quote, the lists, Code Block, Horizontal Rule

_FENCE = re.compile(r"(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})")
_QUOTE_MARK = re.compile(r"[ \t]*>[ \t]?")
LIST_KINDS = ("bullet", "number", "task")


def toggle_quote(lines: list[str]) -> list[str]:
    """Quote the lines (``> `` on each), or take one level of quoting off if every line with
    text is quoted already. Blank lines inside the selection become ``>`` so the quote stays
    one block."""
    filled = [line for line in lines if line.strip()]
    if filled and all(_QUOTE_MARK.match(line) for line in filled):
        return [_QUOTE_MARK.sub("", line, count=1) for line in lines]
    if len(lines) == 1:
        return ["> " + lines[0]]
    return ["> " + line if line.strip() else ">" for line in lines]


def _kind(item: re.Match[str]) -> str:
    if item["task"]:
        return "task"
    return "bullet" if item["bullet"] else "number"


def toggle_list(lines: list[str], kind: str, start: int = 1) -> list[str]:
    """Make the lines items of a ``kind`` of list ("bullet", "number" or "task"), or plain
    lines again if they all are such items already.

    Lines at the selection's outermost indentation are the items; deeper lines (nested lists,
    continuations) and blank lines are left as they are. Items of another kind are converted
    (a ticked task keeps its tick); a numbered list counts from ``start`` (see
    :func:`numbered_start`). Quote markers stay in front.
    """
    if kind not in LIST_KINDS:
        raise ValueError(f"unknown list kind {kind!r}")
    parts = []
    for line in lines:
        cut = quote_end(line)
        parts.append((line[:cut], line[cut:]))
    depths = [leading_width(rest) for _, rest in parts if rest.strip()]
    if not depths:  # only blank lines: start an item on each
        return [
            quote + _marker(kind, start + n, ".", "-", " ") for n, (quote, _) in enumerate(parts)
        ]
    base = min(depths)
    items: list[int] = []
    for index, (_, rest) in enumerate(parts):
        if rest.strip() and leading_width(rest) == base:
            items.append(index)
    matches = {index: _ITEM.match(parts[index][1]) for index in items}
    if all(
        (m := matches[index]) is not None and _kind(m) == kind and not _RULE.match(parts[index][1])
        for index in items
    ):
        out = list(lines)
        for index in items:
            quote, rest = parts[index]
            item = matches[index]
            assert item is not None
            out[index] = quote + rest[:base] + rest[item.end() :]
        return out
    found = [m for m in matches.values() if m is not None]
    bullet = next((m["bullet"] for m in found if m["bullet"]), "-")
    delim = next((m["delim"] for m in found if m["delim"]), ".")
    out = list(lines)
    for number, index in enumerate(items, start):
        quote, rest = parts[index]
        item = matches[index]
        text = rest[item.end() :] if item is not None and not _RULE.match(rest) else rest[base:]
        tick = item["task"] if item is not None and item["task"] else None
        gap = " "
        out[index] = quote + rest[:base] + _marker(kind, number, delim, bullet, gap, tick) + text
    return out


def _marker(
    kind: str, number: int, delim: str, bullet: str, gap: str, tick: str | None = None
) -> str:
    if kind == "number":
        return f"{number}{delim}{gap}"
    if kind == "task":
        box = tick.rstrip() if tick else "[ ]"
        return f"{bullet}{gap}{box} "
    return bullet + gap


def numbered_start(above: str, first: str) -> int:
    """The number a numbered list made from ``first`` starts at: one more than the item
    ``above`` it if that is a numbered item at the same indentation (the list goes on)."""
    item = _ITEM.match(above)
    if item is None or item["number"] is None or _RULE.match(above):
        return 1
    quote = quote_end(first)
    lead = first[:quote] + first[quote:][: leading_width(first[quote:])]
    return int(item["number"]) + 1 if item["lead"] == lead else 1


def _fence(line: str) -> str | None:
    match = _FENCE.match(line)
    if match is None or (match["fence"][0] == "`" and "`" in line[match.end() :]):
        return None  # ```` ``` ` ```` in a line's text is inline code, not a fence
    return match["fence"]


def _closes(line: str, fence: str) -> bool:
    match = _FENCE.match(line)
    return (
        match is not None
        and match["fence"][0] == fence[0]
        and len(match["fence"]) >= len(fence)
        and not line[match.end() :].strip()
    )


def toggle_code_block(lines: list[str]) -> list[str]:
    """Fence the lines as a code block, or take the fences off if the first line opens a
    fence that the last line closes. The fence is longer than any fence inside the lines
    (a post about Markdown can show a fenced block in a fenced block)."""
    if len(lines) >= 2:
        fence = _fence(lines[0])
        if fence is not None and _closes(lines[-1], fence):
            return lines[1:-1]
    longest = 0
    for line in lines:
        match = _FENCE.match(line)
        if match is not None and match["fence"][0] == "`":
            longest = max(longest, len(match["fence"]))
    fence = "`" * max(3, longest + 1)
    return [fence, *lines, fence]


def is_fence(line: str) -> bool:
    """Whether ``line`` opens (or closes) a fenced code block."""
    return _fence(line) is not None


def block_insertion(
    line: str, above: str | None, below: str | None, block: list[str]
) -> tuple[list[str], int]:
    """What the current ``line`` becomes when a block (a rule, a table) is put in its own
    paragraph there: on an empty line it takes the line's place, else it goes after the line,
    with blank lines around it where the neighbours have text (``---`` right under text would
    make that text a heading). Returns the lines and the index of the block's first line."""
    lines = [line, ""] if line.strip() else ([""] if above and above.strip() else [])
    first = len(lines)
    lines += block
    if below is None or below.strip():
        lines.append("")
    return lines, first


def rule_insertion(line: str, above: str | None, below: str | None) -> tuple[list[str], int]:
    """A horizontal rule put after ``line`` (see :func:`block_insertion`)."""
    return block_insertion(line, above, below, ["---"])
