"""GFM tables in a post's source: finding one, aligning its columns, making a new one (pure).

A table is a header row, a delimiter row (``| --- | :-: |``) with as many cells, and the rows
below it, each a line with a pipe. Cells are split on pipes that are neither escaped (``\\|``)
nor inside a code span, so aligning never changes what a cell holds: only the spaces around
it. Widths count East Asian wide and full-width characters (CJK, most emoji) as two columns
and combining marks as none, as a monospaced editor font shows them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

__all__ = [
    "MAX_TABLE_LINES",
    "Table",
    "align_table",
    "cell_spans",
    "display_width",
    "find_table",
    "is_row",
    "new_table",
    "next_cell",
    "split_row",
]

MAX_TABLE_LINES = 2000  # a longer run of pipe lines is not aligned (nor walked) as a table

_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_DELIMITER_CELL = re.compile(r":?-+:?")


class Table(NamedTuple):
    """Where a table is: its first and last line (inclusive), as indices into the lines."""

    start: int
    end: int


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: wide characters count two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
            continue  # combining marks, zero-width joiners and emoji presentation selectors
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _prefix(line: str) -> str:
    """A row's lead: indentation and block-quote markers."""
    match = _PREFIX.match(line)
    assert match is not None  # every part is optional
    return match.group()


def split_row(line: str) -> list[str] | None:
    """The cells of a table row, stripped, or None if the line has no unescaped pipe outside
    code spans (it is not a row). Outer pipes are optional, as GFM allows."""
    spans = cell_spans(line)
    return None if spans is None else [line[start:end] for start, end in spans]


def _cells(line: str) -> list[tuple[int, int]] | None:
    """Each cell of a row as the index before it (its pipe) and the index after it."""
    lead = len(_prefix(line))
    end = len(line.rstrip())
    pipes: list[int] = []  # the pipes that split cells: not escaped, not in a code span
    index = lead
    while index < end:
        char = line[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            run = len(line) - len(line[index:].lstrip("`")) - index
            close = line.find("`" * run, index + run, end)
            while close != -1 and line[close + run : close + run + 1] == "`":
                close = line.find("`" * run, close + run + 1, end)  # a longer run does not close
            index = close + run if close != -1 else index + run
            continue
        if char == "|":
            pipes.append(index)
        index += 1
    if not pipes:
        return None
    bounds = [lead - 1, *pipes, end]
    cells = list(itertools.pairwise(bounds))
    if pipes[0] == lead:  # an outer pipe: no cell before it
        cells = cells[1:]
    if pipes[-1] == end - 1 and cells:  # nor after the closing one
        cells = cells[:-1]
    return cells


def cell_spans(line: str) -> list[tuple[int, int]] | None:
    """Where each cell's text is in ``line``: start and end indices, without the spaces around
    it (an empty cell is an empty span a space after its pipe); None if the line is no row
    (see :func:`split_row`)."""
    cells = _cells(line)
    if cells is None:
        return None
    spans = []
    for left, right in cells:
        text = line[left + 1 : right]
        if text.strip():
            first = left + 1 + len(text) - len(text.lstrip())
            spans.append((first, first + len(text.strip())))
        else:
            place = min(left + 2, right)
            spans.append((place, place))
    return spans


def next_cell(
    lines: Sequence[str], table: Table, index: int, column: int, *, backwards: bool = False
) -> tuple[int, tuple[int, int]] | None:
    """The cell Tab (or Shift+Tab, ``backwards``) goes to from ``column`` of line ``index``
    of ``table``: its line index and its text's span. The delimiter row is passed over; None
    past the last cell (or before the first)."""
    cells = _cells(lines[index])
    if cells is None:
        return None
    current = next((n for n, (left, right) in enumerate(cells) if column <= right), len(cells) - 1)
    rows = [table.start, *range(table.start + 2, table.end + 1)]
    if index not in rows:  # the delimiter row: as if at the start of the row below it
        index, current = table.start + 2, -1 if not backwards else 0
        if index > table.end:
            return None
    step = -1 if backwards else 1
    spans = cell_spans(lines[index]) or []
    target = current + step
    if 0 <= target < len(spans):
        return index, spans[target]
    position = rows.index(index) + step if index in rows else -1
    if not 0 <= position < len(rows):
        return None
    row = rows[position]
    spans = cell_spans(lines[row]) or []
    if not spans:
        return None
    return row, spans[0] if not backwards else spans[-1]


def is_row(line: str) -> bool:
    """Whether ``line`` could be a table row (cheap: it holds a pipe and text)."""
    return "|" in line and split_row(line) is not None


def _alignments(line: str, count: int) -> list[str] | None:
    """The delimiter row's alignment of each column ("", "left", "center", "right"), or None
    if ``line`` is not a delimiter row for ``count`` columns."""
    cells = split_row(line)
    if cells is None or len(cells) != count:
        return None
    aligns = []
    for cell in cells:
        if not _DELIMITER_CELL.fullmatch(cell):
            return None
        left, right = cell.startswith(":"), cell.endswith(":")
        aligns.append("center" if left and right else "right" if right else "left" if left else "")
    return aligns


def find_table(lines: Sequence[str], index: int) -> Table | None:
    """The table that line ``index`` of ``lines`` belongs to, or None.

    Only the run of pipe lines around ``index`` is read (at most MAX_TABLE_LINES), so asking
    costs that table's lines, never the post's.
    """
    if not 0 <= index < len(lines) or not is_row(lines[index]):
        return None
    start = index
    while start > 0 and index - start < MAX_TABLE_LINES and is_row(lines[start - 1]):
        start -= 1
    end = index
    while end + 1 < len(lines) and end - start < MAX_TABLE_LINES and is_row(lines[end + 1]):
        end += 1
    # The header is the first row whose next line is a delimiter row of as many cells.
    for header in range(start, min(end, index + 1)):
        cells = split_row(lines[header])
        if cells is not None and _alignments(lines[header + 1], len(cells)) is not None:
            if header > start and index < header:
                return None
            return Table(header, end)
    return None


def _pad(text: str, width: int, align: str) -> str:
    room = width - display_width(text)
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def align_table(rows: Sequence[str]) -> list[str]:
    """The table's lines with every column padded to its widest cell.

    ``rows`` are the header, the delimiter row and the body rows. Each line keeps its own
    indentation and quote markers; short rows get empty cells up to the header's count (GFM
    shows them so anyway), and extra cells are kept. Cells are padded as their column is
    aligned; the delimiter row keeps its colons.
    """
    header = split_row(rows[0])
    if header is None or len(rows) < 2:
        return list(rows)
    aligns = _alignments(rows[1], len(header))
    if aligns is None:
        return list(rows)
    table = [header, *(split_row(row) or [row.strip()] for row in rows[2:])]
    columns = max(len(cells) for cells in table)
    for cells in table:
        if len(cells) < len(header):
            cells.extend([""] * (len(header) - len(cells)))
    aligns += [""] * (columns - len(aligns))
    widths = [3] * columns
    for cells in table:
        for column, cell in enumerate(cells):
            widths[column] = max(widths[column], display_width(cell))
    out = []
    for row, cells in zip((rows[0], *rows[2:]), table, strict=True):
        padded = [_pad(cell, widths[n], aligns[n]) for n, cell in enumerate(cells)]
        out.append(_prefix(row) + "| " + " | ".join(padded) + " |")
    delimiter = []
    for width, align in zip(widths[: len(header)], aligns[: len(header)], strict=True):
        left = ":" if align in ("left", "center") else ""
        right = ":" if align in ("right", "center") else ""
        delimiter.append(left + "-" * (width - len(left) - len(right)) + right)
    out.insert(1, _prefix(rows[1]) + "| " + " | ".join(delimiter) + " |")
    return out


def new_table(rows: int, columns: int) -> list[str]:
    """A new table's lines: a header of ``columns`` cells ("Column 1", ...), the delimiter
    row and ``rows`` empty rows, aligned."""
    header = "| " + " | ".join(f"Column {n}" for n in range(1, columns + 1)) + " |"
    delimiter = "|" + "---|" * columns
    body = ["|" + " |" * columns for _ in range(rows)]
    return align_table([header, delimiter, *body])
