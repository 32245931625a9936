"""The Markdown editor: a plain-text editor with writer's shortcuts and list continuation.

The widget only shows text and reports intent (``cursor_line_changed``, ``top_line_changed``);
what the text means is the document's business. The line-level rules (toggling ``**``, list
continuation, heading prefixes) are plain functions on strings, so they are easy to read and test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import NamedTuple

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
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

from editor.ui.editing.highlighter import MarkdownHighlighter, palette_is_dark

TAB_WIDTH = 4  # spaces a Tab inserts outside lists
LIST_INDENT = 2  # spaces a list item moves when it has no sibling to nest under
DOCUMENT_MARGIN = 14
DEFAULT_POINT_SIZE = 11
URL_PLACEHOLDER = "url"
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
_KEEP = QTextCursor.MoveMode.KeepAnchor
_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+$")


class Edit(NamedTuple):
    """Replace ``length`` characters at ``start`` (in one line) with ``text``."""

    start: int
    length: int
    text: str


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


def renumbering(item: str, following: Iterable[str]) -> list[tuple[int, Edit]]:
    """Edits that renumber the ordered items after ``item`` (just inserted) so numbers stay
    consecutive: ``1. 2. [3.] 3. 4.`` becomes ``1. 2. 3. 4. 5.``. Returns (offset into
    ``following``, edit) pairs. Only a clash the insertion made is renumbered (a list numbered
    ``1. 1. 1.`` on purpose stays so); it stops at an item that no longer clashes, at another
    list, and at text outside the list; nested lines and blank lines are skipped over."""
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
        if number is None or other["delim"] != delim or int(number) >= expected:
            break
        if not edits and int(number) != expected - 1:
            break  # not a collision we made (e.g. a list numbered 1. 1. 1. on purpose)
        text = str(expected).zfill(len(number))
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


def _extent(edits: list[Edit]) -> tuple[int, int]:
    """Where right-to-left edits of one line start, and where the last one ends afterwards."""
    growth = sum(len(edit.text) - edit.length for edit in edits[1:])
    return edits[-1].start, edits[0].start + len(edits[0].text) + growth


def leading_width(line: str) -> int:
    """Columns of leading spaces and tabs (a tab counts as one)."""
    return _INDENT.match(line).end()  # type: ignore[union-attr]


class MarkdownEdit(QPlainTextEdit):
    """A Markdown source editor with highlighting, formatting actions and list continuation."""

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
        self._by_name: dict[str, QAction] = {}
        self._by_shortcut: dict[str, QAction] = {}
        # Drops and pastes go here first (the window's image importer); True means handled.
        self.mime_handler: Callable[[QMimeData, bool], bool] | None = None
        self._dropping = False
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.setTabChangesFocus(False)
        self.set_wrap(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(DEFAULT_POINT_SIZE)
        self.set_editor_font(font)
        self._create_actions()
        self._apply_palette()
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        # Spelling underlines the lines shown (and a few below) as they come into view
        # (on scrolling and resizing) and when the highlighter says they are stale.
        self._shown_timer = QTimer(self, singleShot=True, interval=0)
        self._shown_timer.timeout.connect(self.underline_shown)
        self._highlighter.stale.connect(self.underline_shown)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

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

    def formatting_actions(self) -> list[QAction]:
        """The formatting actions, in menu order (also in ``actions()``)."""
        return list(self._by_name.values())

    def toggle_bold(self) -> None:
        """Make the selection **strong**, or plain again."""
        self._toggle("**")

    def toggle_italic(self) -> None:
        """Make the selection *emphasised*, or plain again."""
        self._toggle("*")

    def toggle_code(self) -> None:
        """Make the selection `inline code`, or plain again."""
        self._toggle("`")

    def insert_link(self) -> None:
        """Wrap the selection as ``[text](url)``; the URL comes from the clipboard if it has one."""
        cursor = self.textCursor()
        clip = QGuiApplication.clipboard().text().strip()
        url = clip if _URL.match(clip) else ""
        selected = cursor.selectedText().replace("\u2029", "\n")
        start = cursor.selectionStart()
        cursor.beginEditBlock()
        if selected and _URL.match(selected.strip()):
            cursor.insertText(f"[]({selected.strip()})")
            cursor.setPosition(start + 1)
        elif selected:
            cursor.insertText(f"[{selected}]({url or URL_PLACEHOLDER})")
            if url:
                cursor.setPosition(cursor.position())
            else:
                cursor.setPosition(cursor.position() - 1 - len(URL_PLACEHOLDER))
                cursor.setPosition(cursor.position() + len(URL_PLACEHOLDER), _KEEP)
        else:
            cursor.insertText(f"[]({url or URL_PLACEHOLDER})")
            cursor.setPosition(start + 1)
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
        spaces = " " * nest_width(blocks[0])
        several = len(blocks) > 1

        def edit(block: QTextBlock) -> Edit | None:
            text = block.text()
            return Edit(quote_end(text), 0, spaces) if text or not several else None

        self._edit_lines(edit)

    def outdent(self) -> None:
        """Outdent the current or selected lines to the parent list item (or by one step)."""
        width = unnest_width(selected_blocks(self.textCursor())[0])

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
            self.outdent()
            return
        elif modifiers & Qt.KeyboardModifier.ControlModifier:
            # Ctrl+K is "delete to end of line" for a plain text edit on X11: ours wins.
            action = self._by_shortcut.get(QKeySequence(event.keyCombination()).toString())
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

    def _create_actions(self) -> None:
        specs = [
            ("format_bold", "&Bold", self.toggle_bold, [QKeySequence.StandardKey.Bold]),
            ("format_italic", "&Italic", self.toggle_italic, [QKeySequence.StandardKey.Italic]),
            ("format_code", "Inline &Code", self.toggle_code, ["Ctrl+`", "Ctrl+Shift+C"]),
            ("format_link", "&Link…", self.insert_link, ["Ctrl+K"]),
        ]
        for level in range(1, 7):
            slot = partial(self.set_heading, level)
            specs.append((f"format_heading_{level}", f"Heading &{level}", slot, [f"Ctrl+{level}"]))
        specs.append(("format_paragraph", "&Plain Text", partial(self.set_heading, 0), ["Ctrl+0"]))
        for name, text, slot, keys in specs:
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(partial(self._run_action, slot))
            self.addAction(action)
            self._by_name[name] = action
            for sequence in action.shortcuts():
                self._by_shortcut[sequence.toString()] = action

    def _run_action(self, slot: Callable[[], None], _checked: bool = False) -> None:
        if not self.isReadOnly():  # a read-only view still shows the actions in its menus
            slot()

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
        """Let the highlighter underline the lines shown now, where it has not yet."""
        self._shown_timer.stop()
        first = self.firstVisibleBlock()
        bottom = self.viewport().height()
        offset = self.contentOffset().y()
        block = last = first
        while block.isValid() and self.blockBoundingGeometry(block).top() + offset < bottom:
            last = block
            block = block.next()
        self._highlighter.underline_shown(first, last)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._shown_timer.start()

    def _on_scrolled(self, value: int) -> None:
        self._shown_timer.start()  # lines come into view: underline them
        if value != self._top_line:
            self._top_line = value
            self.top_line_changed.emit(value)

    def _toggle(self, marker: str) -> None:
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
                new_start, new_end = _extent(edits)
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
        if multi_line or (_ITEM.match(block.text()) and not in_code):
            self.indent()
            return
        column = cursor.positionInBlock()
        cursor.insertText(" " * (TAB_WIDTH - column % TAB_WIDTH))
        self.setTextCursor(cursor)


def apply_edits(cursor: QTextCursor, block: QTextBlock, edits: list[Edit]) -> None:
    """Apply one line's edits (right to left) with a copy of an editing cursor."""
    edit_cursor = QTextCursor(cursor)
    for start, length, text in edits:
        edit_cursor.setPosition(block.position() + start)
        if length:
            edit_cursor.setPosition(block.position() + start + length, _KEEP)
        edit_cursor.insertText(text)


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


def quote_end(line: str) -> int:
    """Where a line's block-quote markers end (0 outside quotes)."""
    return _QUOTE_PREFIX.match(line).end()  # type: ignore[union-attr]


def _item_indent(line: str) -> tuple[int, re.Match[str] | None]:
    """Indentation inside any quote markers, and the list item match if the line is one."""
    start = quote_end(line)
    return leading_width(line[start:]), _ITEM.match(line)


def nest_width(block: QTextBlock) -> int:
    """Spaces that nest a list item under the item above it: that item's marker width."""
    indent, item = _item_indent(block.text())
    if not item:
        return TAB_WIDTH
    above = block.previous()
    for _ in range(LOOK_BACK):
        if not above.isValid():
            break
        width, sibling = _item_indent(above.text())
        if above.text().strip() and width < indent:
            break
        if sibling and width == indent:
            return sibling.end("gap") - sibling.end("lead") if sibling["gap"] else LIST_INDENT
        above = above.previous()
    return LIST_INDENT


def unnest_width(block: QTextBlock) -> int:
    """Spaces that move a list item out to the indentation of its parent item."""
    indent, item = _item_indent(block.text())
    above = block.previous()
    for _ in range(LOOK_BACK):
        if not above.isValid():
            break
        width, parent = _item_indent(above.text())
        if above.text().strip() and width < indent:
            return indent - width if parent else min(indent, TAB_WIDTH)
        above = above.previous()
    return LIST_INDENT if item else TAB_WIDTH
