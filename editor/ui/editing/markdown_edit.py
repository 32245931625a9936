"""The Markdown editor: a plain-text editor with writer's shortcuts and list continuation.

The widget only shows text and reports intent (``cursor_line_changed``, ``top_line_changed``);
what the text means is the document's business. The line-level rules (toggling ``**``, list
continuation, heading prefixes) are plain functions on strings in editor.core.markdown_edits,
so they are easy to read and test; the formatting actions that call the editor's operations
(bold, italic, code, link, headings) are made in editor.ui.actions; the line and block
formatting (quotes, lists, code blocks, rules, tables) is editor.ui.editing.formatting's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDropEvent,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from editor.core.markdown_edits import (
    TAB_WIDTH,
    TEXT_PLACEHOLDER,
    URL_PLACEHOLDER,
    Edit,
    edited_span,
    has_list_marker,
    heading_edit,
    is_url,
    leading_width,
    link_at,
    list_continuation,
    nest_width,
    quote_end,
    renumbering,
    toggle_span,
    unnest_width,
)
from editor.ui.editing.formatting import LineFormatting, apply_edits
from editor.ui.editing.highlighter import MarkdownHighlighter, palette_is_dark

DOCUMENT_MARGIN = 14
DEFAULT_POINT_SIZE = 11
UNDERLINE_SLICE_S = 0.003
"""The longest the spelling underlines of newly shown lines may hold the window at a time."""

_KEEP = QTextCursor.MoveMode.KeepAnchor


class MarkdownEdit(QPlainTextEdit):
    """A Markdown source editor with highlighting, formatting operations and list continuation.

    Actions added to the editor (``addAction``: the formatting actions) get their Ctrl keys
    before the text edit's own bindings.
    """

    cursor_line_changed = Signal(int)  # 0-based block number of the cursor
    top_line_changed = Signal(int)  # 0-based block number at the top of the view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdown_edit")
        self._highlighter = MarkdownHighlighter(self.document(), palette_is_dark(self.palette()))
        self._cursor_line = 0
        self._top_line = 0
        self._line = QTextEdit.ExtraSelection()
        self._line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        # Drops and pastes go here first (the window's image importer); True means handled.
        self.mime_handler: Callable[[QMimeData, bool], bool] | None = None
        self._dropping = False
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.setTabChangesFocus(False)
        self.set_wrap(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(DEFAULT_POINT_SIZE)
        self.set_editor_font(font)
        self._apply_palette()
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        # Spelling underlines the lines shown (and a few below) as they come into view
        # (on scrolling and resizing) and when the highlighter says they are stale.
        self._shown_timer = QTimer(self, singleShot=True, interval=0)
        self._shown_timer.timeout.connect(self.underline_shown)
        self._highlighter.stale.connect(self.underline_shown)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        # Format ▸ Block Quote, lists, code blocks, rules and tables, and the table helper.
        self.formatting = LineFormatting(self)
        self.cursor_line_changed.connect(self.formatting.line_changed)

    # -- view settings

    @property
    def highlighter(self) -> MarkdownHighlighter:
        """The syntax highlighter attached to this editor's document."""
        return self._highlighter

    def set_wrap(self, wrap: bool) -> None:
        """Soft-wrap long lines at the window edge (on) or scroll sideways (off)."""
        mode = (
            QPlainTextEdit.LineWrapMode.WidgetWidth if wrap else QPlainTextEdit.LineWrapMode.NoWrap
        )
        self.setLineWrapMode(mode)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def set_editor_font(self, font: QFont) -> None:
        """Use a font for the text (tab stops follow its width)."""
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * TAB_WIDTH)

    # -- navigation

    def go_to_line(self, line: int) -> None:
        """Put the cursor at the start of a 0-based line and show it."""
        block = self.document().findBlockByNumber(max(0, min(line, self.blockCount() - 1)))
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()

    def scroll_to_line(self, line: int) -> None:
        """Scroll so that a 0-based line is at the top, without moving the cursor."""
        self.verticalScrollBar().setValue(line)  # a plain text edit scrolls by blocks

    # -- formatting

    def toggle_bold(self) -> None:
        """Make the selection **strong**, or plain again."""
        self.toggle_marker("**")

    def toggle_italic(self) -> None:
        """Make the selection *emphasised*, or plain again."""
        self.toggle_marker("*")

    def toggle_code(self) -> None:
        """Make the selection `inline code`, or plain again."""
        self.toggle_marker("`")

    def insert_link(self) -> None:
        """Wrap the selection as ``[text](url)``; the URL comes from the clipboard if it has one.
        What is still to be typed is selected: the address (Tab in the text goes to it), or the
        text when the address is there."""
        cursor = self.textCursor()
        clip = QGuiApplication.clipboard().text().strip()
        url = clip if is_url(clip) else ""
        selected = cursor.selectedText().replace("\u2029", "\n")
        start = cursor.selectionStart()
        cursor.beginEditBlock()
        if selected and is_url(selected.strip()):
            cursor.insertText(f"[]({selected.strip()})")
            cursor.setPosition(start + 1)
        elif selected:
            cursor.insertText(f"[{selected}]({url or URL_PLACEHOLDER})")
            if url:
                cursor.setPosition(cursor.position())
            else:
                cursor.setPosition(cursor.position() - 1 - len(URL_PLACEHOLDER))
                cursor.setPosition(cursor.position() + len(URL_PLACEHOLDER), _KEEP)
        elif url:
            cursor.insertText(f"[{TEXT_PLACEHOLDER}]({url})")
            cursor.setPosition(start + 1)
            cursor.setPosition(start + 1 + len(TEXT_PLACEHOLDER), _KEEP)
        else:
            cursor.insertText(f"[{TEXT_PLACEHOLDER}]({URL_PLACEHOLDER})")
            cursor.setPosition(cursor.position() - 1 - len(URL_PLACEHOLDER))
            cursor.setPosition(cursor.position() + len(URL_PLACEHOLDER), _KEEP)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def set_heading(self, level: int) -> None:
        """Make the current or selected lines headings of ``level`` (1-6), or plain text (0)."""

        def edit(block: QTextBlock) -> Edit | None:
            text = block.text()
            change = heading_edit(text, level)
            unchanged = text[change.start : change.start + change.length] == change.text
            return None if unchanged else change

        self._edit_lines(edit)

    def indent(self) -> None:
        """Indent the current or selected lines (list items by their marker width)."""
        blocks = selected_blocks(self.textCursor())
        spaces = " " * nest_width(blocks[0].text(), _lines_above(blocks[0]))
        several = len(blocks) > 1

        def edit(block: QTextBlock) -> Edit | None:
            text = block.text()
            return Edit(quote_end(text), 0, spaces) if text or not several else None

        self._edit_lines(edit)

    def outdent(self) -> None:
        """Outdent the current or selected lines to the parent list item (or by one step)."""
        first = selected_blocks(self.textCursor())[0]
        width = unnest_width(first.text(), _lines_above(first))

        def edit(block: QTextBlock) -> Edit | None:
            start = quote_end(block.text())
            text = block.text()[start:]
            remove = 1 if text.startswith("\t") else min(width, len(text) - len(text.lstrip(" ")))
            return Edit(start, remove, "") if remove else None

        self._edit_lines(edit)

    # -- Qt overrides

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter continues lists, Tab indents them; formatting keys reach their actions."""
        if self.isReadOnly():
            super().keyPressEvent(event)
            return
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers == Qt.KeyboardModifier.NoModifier and not self.textCursor().hasSelection():
                self._new_line()
                return
            if modifiers == Qt.KeyboardModifier.ShiftModifier:
                self.textCursor().insertText("\n")  # a real line, not Qt's U+2028 line break
                return
        elif key == Qt.Key.Key_Tab and modifiers == Qt.KeyboardModifier.NoModifier:
            self._tab()
            return
        elif key == Qt.Key.Key_Backtab:
            if not self.formatting.move_to_cell(backwards=True):
                self.outdent()
            return
        elif modifiers & Qt.KeyboardModifier.ControlModifier:
            # Ctrl+K is "delete to end of line" for a plain text edit on X11: ours wins.
            pressed = QKeySequence(event.keyCombination()).toString()
            action = next(
                (a for a in self.actions() if any(s.toString() == pressed for s in a.shortcuts())),
                None,
            )
            if action is not None and action.isEnabled():
                action.trigger()
                return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # Qt override
        return source.hasUrls() or source.hasImage() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # Qt override (drop and paste)
        handler = self.mime_handler
        if handler is None or not handler(source, self._dropping):
            super().insertFromMimeData(source)

    def dropEvent(self, event: QDropEvent) -> None:  # Qt override
        self._dropping = True
        try:
            super().dropEvent(event)
        finally:
            self._dropping = False

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette (light/dark) and font changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        elif event.type() == QEvent.Type.FontChange:
            self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * TAB_WIDTH)

    # -- internals

    def _apply_palette(self) -> None:
        palette = self.palette()
        self._highlighter.set_dark(palette_is_dark(palette))
        base = palette.color(QPalette.ColorRole.Base)
        tint = palette.color(QPalette.ColorRole.Highlight)
        share = 0.14 if palette_is_dark(palette) else 0.08
        line = QColor.fromRgbF(
            base.redF() + (tint.redF() - base.redF()) * share,
            base.greenF() + (tint.greenF() - base.greenF()) * share,
            base.blueF() + (tint.blueF() - base.blueF()) * share,
        )
        self._line.format.setBackground(line)
        self._update_line_highlight()

    def _update_line_highlight(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self._line.cursor = cursor
        self.setExtraSelections([self._line])

    def _on_cursor_moved(self) -> None:
        self._update_line_highlight()
        line = self.textCursor().blockNumber()
        if line != self._cursor_line:
            self._cursor_line = line
            self.cursor_line_changed.emit(line)

    def underline_shown(self) -> None:
        """Let the highlighter underline the lines shown now, where it has not yet: a slice of
        at most :data:`UNDERLINE_SLICE_S` at a time, the rest a turn of the event loop later
        (a jump to an unseen part of a long post meant 40-odd lines at once, 8 ms)."""
        self._shown_timer.stop()
        first = self.firstVisibleBlock()
        bottom = self.viewport().height()
        offset = self.contentOffset().y()
        block = last = first
        while block.isValid() and self.blockBoundingGeometry(block).top() + offset < bottom:
            last = block
            block = block.next()
        deadline = time.perf_counter() + UNDERLINE_SLICE_S
        if not self._highlighter.underline_shown(first, last, deadline):
            self._shown_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._shown_timer.start()

    def _on_scrolled(self, value: int) -> None:
        self._shown_timer.start()  # lines come into view: underline them
        if value != self._top_line:
            self._top_line = value
            self.top_line_changed.emit(value)

    def toggle_marker(self, marker: str) -> None:
        """Wrap the selection in ``marker`` (``**``, ``~~``, a backtick), or unwrap it."""
        cursor = self.textCursor()
        anchor_first = cursor.anchor() <= cursor.position()
        selection_start, selection_end = cursor.selectionStart(), cursor.selectionEnd()
        placed: list[tuple[QTextBlock, int, int]] = []
        blocks = selected_blocks(self.textCursor())
        cursor.beginEditBlock()
        for block in reversed(blocks):
            position = block.position()
            start = max(selection_start - position, 0)
            end = min(selection_end - position, block.length() - 1)
            if len(blocks) > 1 and not block.text()[start:end].strip():
                continue
            edits, new_start, new_end = toggle_span(block.text(), start, end, marker)
            apply_edits(cursor, block, edits)
            if len(blocks) > 1:  # select whole marked lines, so the next toggle undoes this one
                new_start, new_end = edited_span(edits)
            placed.append((block, new_start, new_end))
        cursor.endEditBlock()
        if not placed:
            return
        first, last = placed[-1], placed[0]
        start, end = first[0].position() + first[1], last[0].position() + last[2]
        cursor.setPosition(start if anchor_first else end)
        cursor.setPosition(end if anchor_first else start, _KEEP)
        self.setTextCursor(cursor)

    def _edit_lines(self, edit_for: Callable[[QTextBlock], Edit | None]) -> None:
        """Edit the current or selected lines as one undo step, keeping whole lines selected."""
        cursor = self.textCursor()
        blocks = selected_blocks(self.textCursor())
        from_line_start = cursor.hasSelection() and cursor.selectionStart() == blocks[0].position()
        forward = cursor.anchor() < cursor.position()
        cursor.beginEditBlock()
        for block in blocks:
            edit = edit_for(block)
            if edit is not None:
                apply_edits(cursor, block, [edit])
        cursor.endEditBlock()
        if from_line_start:  # text inserted at a line start pushed the selection's start along
            cursor = self.textCursor()
            start, end = blocks[0].position(), cursor.selectionEnd()
            cursor.setPosition(start if forward else end)
            cursor.setPosition(end if forward else start, _KEEP)
            self.setTextCursor(cursor)

    def _new_line(self) -> None:
        cursor = self.textCursor()
        block = cursor.block()
        text = block.text()
        column = cursor.positionInBlock()
        continuation = None if MarkdownHighlighter.in_code_block(block) else list_continuation(text)
        cursor.beginEditBlock()
        if continuation is None or column < continuation.marker_end:
            cursor.insertText("\n" + text[: min(leading_width(text), column)])
        elif continuation.empty:
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, _KEEP)
            cursor.insertText(continuation.prefix)
        else:
            cursor.insertText("\n" + continuation.prefix)
            self._renumber_after(cursor)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _renumber_after(self, cursor: QTextCursor) -> None:
        """Keep an ordered list consecutive after Enter inserted an item in its middle."""
        item = cursor.block()
        blocks: list[QTextBlock] = []

        def following() -> Iterator[str]:
            block = item.next()
            while block.isValid():
                blocks.append(block)
                yield block.text()
                block = block.next()

        for offset, edit in renumbering(item.text(), following()):
            apply_edits(cursor, blocks[offset], [edit])

    def _tab(self) -> None:
        cursor = self.textCursor()
        block = cursor.block()
        multi_line = cursor.hasSelection() and len(selected_blocks(cursor)) > 1
        in_code = MarkdownHighlighter.in_code_block(block)
        if not multi_line and self.formatting.move_to_cell():  # a table's next cell
            return
        if not cursor.hasSelection() and not in_code and self._to_link_target(cursor):
            return
        if multi_line or (has_list_marker(block.text()) and not in_code):
            self.indent()
            return
        column = cursor.positionInBlock()
        cursor.insertText(" " * (TAB_WIDTH - column % TAB_WIDTH))
        self.setTextCursor(cursor)

    def _to_link_target(self, cursor: QTextCursor) -> bool:
        """Tab in a link's text selects its address (to type or replace it)."""
        line = cursor.block().text()
        units = line.encode("utf-16-le")
        column = len(units[: 2 * cursor.positionInBlock()].decode("utf-16-le", "ignore"))
        link = link_at(line, column)
        if link is None or not link.text_start <= column <= link.text_end:
            return False

        def position(index: int) -> int:
            return cursor.block().position() + len(line[:index].encode("utf-16-le")) // 2

        target = line[link.target_start : link.target_end]
        inner = 1 if target.startswith("<") and target.endswith(">") else 0
        cursor.setPosition(position(link.target_start + inner))
        cursor.setPosition(position(link.target_end - inner), _KEEP)
        self.setTextCursor(cursor)
        return True


def selected_blocks(cursor: QTextCursor) -> list[QTextBlock]:
    """The lines a cursor's selection touches (just its line without a selection)."""
    document = cursor.document()
    first = document.findBlock(cursor.selectionStart())
    last = document.findBlock(cursor.selectionEnd())
    if cursor.hasSelection() and last != first and cursor.selectionEnd() == last.position():
        last = last.previous()  # a selection ending at a line start leaves that line alone
    blocks = [first]
    while blocks[-1] != last and blocks[-1].isValid():
        blocks.append(blocks[-1].next())
    return blocks


def _lines_above(block: QTextBlock) -> Iterator[str]:
    """The text of the lines above ``block``, nearest first (read as they are asked for)."""
    above = block.previous()
    while above.isValid():
        yield above.text()
        above = above.previous()
