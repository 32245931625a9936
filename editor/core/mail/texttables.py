"""Tables as aligned columns of plain text, for the mail's text part (pure; no Qt).

A table that fits in the width is laid out as it is, a column as wide as its widest cell, two
spaces between columns and a line of ``-`` under the header. One that does not fit has its
widest columns narrowed and their cells wrapped inside them; when even that cannot fit (too
many columns, or an address too long to wrap), each row is written as "Header: value" lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Cell", "table_lines"]

Wrap = Callable[[str, int], list[str]]
"""Wraps text to a width (never breaking an address): the text part's own wrapping."""

_GAP = 2
_NARROWEST = 8  # a column is never narrowed below this (or its widest unbreakable word)
_UNBREAKABLE = re.compile(r"\S*(?:[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)\S*", re.IGNORECASE)


@dataclass(frozen=True)
class Cell:
    text: str  # on one line
    align: str = ""  # "", "left", "right" or "center"


def table_lines(rows: list[list[Cell]], width: int, *, header: bool, wrap: Wrap) -> list[str]:
    """The lines of a table whose first row is its header when ``header`` is true."""
    rows = [row for row in rows if any(cell.text for cell in row)]
    if not rows:
        return []
    count = max(len(row) for row in rows)
    rows = [row + [Cell("")] * (count - len(row)) for row in rows]
    natural = [max(len(row[c].text) for row in rows) for c in range(count)]
    floors = [
        max([min(natural[c], _NARROWEST)] + [len(m[0]) for r in rows for m in _words(r[c].text)])
        for c in range(count)
    ]
    widths = _narrowed(natural, floors, width - _GAP * (count - 1))
    if widths is None:
        return _records(rows, width, header=header, wrap=wrap)
    lines: list[str] = []
    for index, row in enumerate(rows):
        lines.extend(_row_lines(row, widths, wrap))
        if index == 0 and header and len(rows) > 1:
            lines.append((" " * _GAP).join("-" * w for w in widths).rstrip())
    return lines


def _words(text: str) -> list[re.Match[str]]:
    return list(_UNBREAKABLE.finditer(text))


def _narrowed(natural: list[int], floors: list[int], room: int) -> list[int] | None:
    """Column widths that fit in ``room``: the widest columns narrowed first, none below its
    floor; None if they cannot fit."""
    widths = list(natural)
    while sum(widths) > room:
        narrowable = [c for c in range(len(widths)) if widths[c] > floors[c]]
        if not narrowable:
            return None
        widest = max(narrowable, key=lambda c: widths[c])
        widths[widest] -= 1
    return widths


def _row_lines(row: list[Cell], widths: list[int], wrap: Wrap) -> list[str]:
    cells = [
        wrap(cell.text, w) if w > 0 and cell.text else []
        for cell, w in zip(row, widths, strict=True)
    ]
    height = max((len(lines) for lines in cells), default=0) or 1
    out = []
    for line in range(height):
        parts = []
        for cell, lines, w in zip(row, cells, widths, strict=True):
            text = lines[line] if line < len(lines) else ""
            if cell.align == "right":
                parts.append(text.rjust(w))
            elif cell.align == "center":
                parts.append(text.center(w))
            else:
                parts.append(text.ljust(w))
        out.append((" " * _GAP).join(parts).rstrip())
    return out


def _records(rows: list[list[Cell]], width: int, *, header: bool, wrap: Wrap) -> list[str]:
    """Each row as "Header: value" lines (a row without a header's names: its cells)."""
    names = [cell.text for cell in rows[0]] if header else []
    lines: list[str] = []
    for row in rows[1:] if header else rows:
        if lines:
            lines.append("")
        for index, cell in enumerate(row):
            if not cell.text:
                continue
            name = names[index] if index < len(names) else ""
            lines.extend(wrap(f"{name}: {cell.text}" if name else cell.text, width))
    return lines
