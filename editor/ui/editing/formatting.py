"""Format menu operations on whole lines, acting on a QPlainTextEdit's cursor.

Block quotes, the three kinds of list, code blocks, horizontal rules and tables: each reads
the lines the cursor's selection touches, asks a pure rule in editor.core.markdown_edits or
editor.core.tables what they become, and writes them back as one undo step, with the changed
lines selected so that the same action undoes itself.

The table helper re-aligns a table when the cursor leaves it. It costs nothing per keystroke:
it runs only when the cursor's line changes (the editor's ``cursor_line_changed``), and then
looks for a pipe in the line the cursor left; only then, once the key is handled, does it read
the run of pipe lines around that line. A post only moved through, never typed in, is never
changed (QTextDocument.isModified, which opening a post clears).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.markdown_edits import (
    Edit,
    block_insertion,
    is_fence,
    numbered_start,
    renumbering,
    rule_insertion,
    toggle_code_block,
    toggle_list,
    toggle_quote,
)
from editor.core.tables import (
    MAX_TABLE_LINES,
    Table,
    align_table,
    cell_spans,
    find_table,
    new_table,
    next_cell,
)
from editor.ui.editing.highlighter import FENCE, MarkdownHighlighter

_KEEP = QTextCursor.MoveMode.KeepAnchor


class LineFormatting(QObject):
    """The editor's line and block formatting, and its table helper."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self._previous: QTextBlock | None = None  # the cursor's line
        self._left: QTextBlock | None = None  # a row the cursor just left, to align soon
        self._align_timer = QTimer(self, singleShot=True, interval=0)
        self._align_timer.timeout.connect(self._align_left_table)

    # -- the Format menu

    def toggle_quote(self) -> None:
        """Quote the current or selected lines, or unquote them."""
        self._transform(toggle_quote)

    def toggle_bullets(self) -> None:
        """Make the lines a bulleted list, or plain lines again."""
        self._transform(lambda lines: toggle_list(lines, "bullet"))

    def toggle_tasks(self) -> None:
        """Make the lines a task list (``- [ ]``), or plain lines again."""
        self._transform(lambda lines: toggle_list(lines, "task"))

    def toggle_numbers(self) -> None:
        """Make the lines a numbered list (continuing a numbered item above), or plain lines
        again; the items after them in the same list are renumbered to follow."""
        first = self._selected()[0]
        above = first.previous().text() if first.previous().isValid() else ""
        start = numbered_start(above, first.text())
        if self._transform(lambda lines: toggle_list(lines, "number", start)):
            self._renumber_after(self._selected()[1])

    def toggle_code_block(self) -> None:
        """Fence the selected lines as a code block, or take the fences off the code block
        the cursor is in (or the fenced lines selected)."""
        cursor = self._editor.textCursor()
        first, last = self._selected()
        if first == last and not cursor.hasSelection():
            fenced = _fenced_block(first)
            if fenced is not None:
                self._replace(*fenced, toggle_code_block(_texts(*fenced)), select=False)
                return
            if not first.text().strip():  # an empty line: an empty block, the cursor inside
                self._replace(first, last, toggle_code_block([""]), select=False)
                self._put_cursor(first.next(), 0)
                return
        self._transform(toggle_code_block)

    def insert_rule(self) -> None:
        """Put a horizontal rule after the current line, in its own paragraph."""
        block = self._editor.textCursor().block()
        lines, first = rule_insertion(block.text(), *_neighbours(block))
        number = block.blockNumber()
        self._replace(block, block, lines, select=False)
        self._put_cursor(self._editor.document().findBlockByNumber(number + first + 1), 0)

    def insert_table(self, rows: int, columns: int) -> None:
        """Put a new table (``rows`` below a header of ``columns`` cells) after the current
        line, with the first header cell selected for typing."""
        block = self._editor.textCursor().block()
        table = new_table(rows, columns)
        lines, first = block_insertion(block.text(), *_neighbours(block), table)
        number = block.blockNumber()
        self._replace(block, block, lines, select=False)
        header = self._editor.document().findBlockByNumber(number + first)
        cursor = QTextCursor(header)
        cursor.setPosition(header.position() + 2)
        cursor.setPosition(header.position() + 2 + len("Column 1"), _KEEP)
        self._editor.setTextCursor(cursor)

    def align_table(self) -> bool:
        """Align the columns of the table the cursor is in; False if it is not in one."""
        return self._align(self._editor.textCursor().block())

    # -- the table helper

    def line_changed(self, _line: int = 0) -> None:
        """The cursor moved to another line: if the line it left is a table's, re-align that
        table (soon, once the key that moved it is handled)."""
        block = self._editor.textCursor().block()
        previous, self._previous = self._previous, block
        if previous is not None and previous != block and "|" in previous.text():
            self._left = previous
            self._align_timer.start()

    def _align_left_table(self) -> None:
        left, self._left = self._left, None
        editor = self._editor
        if left is None or not left.isValid() or editor.isReadOnly():
            return
        if not editor.document().isModified():
            # The whole text was just replaced (a post opened: ``left`` may name a line of
            # the new text now), or nothing was typed since: moving through a post never
            # changes it.
            return
        if editor.textCursor().hasSelection():
            return  # selecting out of a table: aligning would move what is being selected
        self._align(left, unless_in=editor.textCursor().block())

    def move_to_cell(self, backwards: bool = False) -> bool:
        """Tab in a table: select the next cell's text (Shift+Tab: the previous one's); Tab in
        the last cell adds a row. False when the cursor is not in a table."""
        cursor = self._editor.textCursor()
        block = cursor.block()
        if self._editor.document().findBlock(cursor.anchor()) != block:
            return False  # a selection of several lines: Tab indents it
        found = self._table_around(block)
        if found is None:
            return False
        top, lines, table = found
        index = block.blockNumber() - top.blockNumber()
        line = lines[index]
        column = len(
            line.encode("utf-16-le")[: 2 * cursor.positionInBlock()].decode("utf-16-le", "ignore")
        )
        target = next_cell(lines, table, index, column, backwards=backwards)
        document = self._editor.document()
        if target is None:
            if backwards:
                return True  # the first cell: stay there
            last = document.findBlockByNumber(top.blockNumber() + table.end)
            count = len(cell_spans(lines[table.start]) or [""])
            prefix = lines[table.end][: len(lines[table.end]) - len(lines[table.end].lstrip())]
            row = prefix + "|" + " |" * count
            edit = QTextCursor(last)
            edit.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            edit.insertText("\n" + row)
            target = (table.end + 1, (cell_spans(row) or [(len(row), len(row))])[0])
        number, (start, end) = target
        row_block = document.findBlockByNumber(top.blockNumber() + number)
        text = row_block.text()

        def position(at: int) -> int:
            return row_block.position() + len(text[:at].encode("utf-16-le")) // 2

        cursor = QTextCursor(row_block)
        cursor.setPosition(position(start))
        cursor.setPosition(position(end), _KEEP)
        self._editor.setTextCursor(cursor)
        return True

    def _table_around(self, block: QTextBlock) -> tuple[QTextBlock, list[str], Table] | None:
        """The table ``block`` is a line of: the first line read, the lines read, and where
        the table is in them; None outside a table (or in a code block)."""
        if "|" not in block.text() or MarkdownHighlighter.in_code_block(block):
            return None
        top, lines = block, [block.text()]
        while len(lines) < MAX_TABLE_LINES and "|" in top.previous().text():
            top = top.previous()
            lines.insert(0, top.text())
        index = block.blockNumber() - top.blockNumber()
        bottom = block
        while len(lines) < 2 * MAX_TABLE_LINES and "|" in bottom.next().text():
            bottom = bottom.next()
            lines.append(bottom.text())
        table = find_table(lines, index)
        return None if table is None else (top, lines, table)

    def _align(self, block: QTextBlock, unless_in: QTextBlock | None = None) -> bool:
        """Align the table around ``block`` unless ``unless_in`` is one of its lines."""
        found = self._table_around(block)
        if found is None:
            return False
        top, lines, table = found
        first = self._editor.document().findBlockByNumber(top.blockNumber() + table.start)
        last = self._editor.document().findBlockByNumber(top.blockNumber() + table.end)
        if unless_in is not None and first.blockNumber() <= unless_in.blockNumber() <= (
            last.blockNumber()
        ):
            return False  # still inside it
        self._replace(first, last, align_table(lines[table.start : table.end + 1]), False)
        return True

    # -- internals

    def _selected(self) -> tuple[QTextBlock, QTextBlock]:
        """The first and last line the selection touches (the cursor's line without one)."""
        cursor = self._editor.textCursor()
        document = self._editor.document()
        first = document.findBlock(cursor.selectionStart())
        last = document.findBlock(cursor.selectionEnd())
        if cursor.hasSelection() and last != first and cursor.selectionEnd() == last.position():
            last = last.previous()  # a selection ending at a line start leaves that line alone
        return first, last

    def _transform(self, rule: Callable[[list[str]], list[str]]) -> bool:
        """Replace the selected lines by ``rule(lines)``; True if anything changed."""
        cursor = self._editor.textCursor()
        first, last = self._selected()
        old = _texts(first, last)
        new: list[str] = rule(old)
        if new == old:
            return False
        whole = cursor.hasSelection() or len(old) != len(new)
        column = cursor.positionInBlock()
        number = first.blockNumber()
        self._replace(first, last, new, select=whole)
        if not whole:  # the cursor stays on the same character of its line
            block = self._editor.document().findBlockByNumber(number)
            self._put_cursor(block, max(0, len(new[0]) - (len(old[0]) - column)))
        return True

    def _replace(self, first: QTextBlock, last: QTextBlock, lines: list[str], select: bool) -> None:
        """Write ``lines`` in place of the lines ``first`` to ``last``, as one undo step."""
        start = first.position()
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(start)
        cursor.setPosition(last.position() + last.length() - 1, _KEEP)
        text = "\n".join(lines)
        if cursor.selectedText().replace("\u2029", "\n") != text:
            cursor.beginEditBlock()
            cursor.insertText(text)
            cursor.endEditBlock()
        if select:
            view = self._editor.textCursor()
            view.setPosition(start)
            view.setPosition(start + len(text), _KEEP)
            self._editor.setTextCursor(view)

    def _put_cursor(self, block: QTextBlock, column: int) -> None:
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(column, block.length() - 1))
        self._editor.setTextCursor(cursor)

    def _renumber_after(self, last: QTextBlock) -> None:
        """Renumber the numbered items after ``last`` so they follow on from it."""
        blocks: list[QTextBlock] = []
        block = last.next()
        texts = []
        while block.isValid() and len(texts) < MAX_TABLE_LINES:
            blocks.append(block)
            texts.append(block.text())
            block = block.next()
        edits = renumbering(last.text(), texts, clashes_only=False)
        if not edits:
            return
        cursor = QTextCursor(self._editor.document())
        cursor.joinPreviousEditBlock()  # one undo step with the list itself
        for offset, edit in edits:
            apply_edits(cursor, blocks[offset], [edit])
        cursor.endEditBlock()


def _texts(first: QTextBlock, last: QTextBlock) -> list[str]:
    texts = [first.text()]
    block = first
    while block != last and block.isValid():
        block = block.next()
        texts.append(block.text())
    return texts


def _neighbours(block: QTextBlock) -> tuple[str | None, str | None]:
    above, below = block.previous(), block.next()
    return (
        above.text() if above.isValid() else None,
        below.text() if below.isValid() else None,
    )


def _fenced_block(block: QTextBlock) -> tuple[QTextBlock, QTextBlock] | None:
    """The opening and closing fence lines of the fenced code block ``block`` is in (or
    opens), from the highlighter's line states; None outside one."""

    def inside(line: QTextBlock) -> bool:
        return MarkdownHighlighter.in_code_block(line)

    opens = not inside(block) and block.userState() >= FENCE and is_fence(block.text())
    if not opens and not inside(block):
        return None
    first = block
    while inside(first):
        first = first.previous()
    last = first.next()
    while last.isValid() and last.userState() >= FENCE:
        last = last.next()
    return (first, last) if last.isValid() else None  # an unclosed fence is left alone


def apply_edits(cursor: QTextCursor, block: QTextBlock, edits: list[Edit]) -> None:
    """Apply one line's edits (right to left) with a copy of an editing cursor."""
    edit_cursor = QTextCursor(cursor)
    for start, length, text in edits:
        edit_cursor.setPosition(block.position() + start)
        if length:
            edit_cursor.setPosition(block.position() + start + length, _KEEP)
        edit_cursor.insertText(text)
