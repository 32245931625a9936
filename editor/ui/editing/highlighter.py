"""Markdown syntax highlighting for the editor, one block (line) at a time.

Qt re-highlights only the blocks an edit touched, plus following blocks while their end state
changes, so each call looks at one line and the state the previous line left behind: inside a
fenced code block, in YAML front matter, in an HTML comment or tag, or after a paragraph line (for
setext headings). Nothing here scans the whole document; Pygments is the preview's business.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)

from editor.core.spelling import indented_code

if TYPE_CHECKING:
    from editor.core.spelling import Speller

CATEGORY = int(QTextFormat.Property.UserProperty) + 1  # format property naming a category
MISSPELLED = CATEGORY + 1  # format property: True on a misspelled word's characters
SPELLING_RED = "#e0312b"

# Block states (QTextBlock.userState()); -1 is Qt's "never highlighted".
NORMAL = 0
PARAGRAPH = 1  # a plain text line: the next line may turn it into a setext heading
TITLE = 2  # a plain text line shown as a setext heading (the next line underlines it)
FRONT_MATTER = 3
COMMENT = 4  # inside a multi-line <!-- comment -->
HTML_TAG = 5  # inside a multi-line <tag ...> opened at the start of a line
FENCE = 16  # FENCE + (1 if the fence is ~~~) + 2 * fence length

_BLANK = re.compile(r"[ \t]*$")
_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}(?=[^`]*$)|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_HR = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"(?:[ \t]*>)+[ \t]?")
_LIST = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK = re.compile(r"\[[ xX]\](?=[ \t]|$)")
_REF_DEF = re.compile(r" {0,3}(\[[^\]]+\]):[ \t]*(\S+)")
_YAMLISH = re.compile(r"$|[ \t#]|-(?:[ \t]|$)|\.\.\.[ \t]*$|[\w\"'][^:]*:(?:[ \t]|$)")
_YAML_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?([\w\"'][^:#]*):(?=[ \t]|$)")
_FM_END = re.compile(r"(?:---|\.\.\.)[ \t]*$")
_HTML_BLOCK_OPEN = re.compile(r" {0,3}<[A-Za-z][\w-]*(?:\s[^>]*)?$")

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)")
_HTML_TAG = re.compile(
    r"</?[A-Za-z][\w-]*(?:\s+[A-Za-z_:][\w.:-]*"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][\w+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_BRACKETED = r"\[(?:[^\[\]\\]|\\.|\[[^\]]*\])*\]"
_DESTINATION = r"\((?:[^()\\]|\\.|\([^()]*\))*\)"
_IMAGE = re.compile(r"!(" + _BRACKETED + r")(" + _DESTINATION + r"|\[[^\]]*\])?")
_LINK = re.compile(r"(" + _BRACKETED + r")(" + _DESTINATION + r"|\[[^\]]*\])")
_BARE_URL = re.compile(r"(?<![\w/@])(?:https?://|www\.)[^\s<>]*[^\s<>.,:;\"')\]!?*_~]")

_STRONG = re.compile(
    r"(?<![\\*])\*\*(?!\s).+?(?<![\s\\])\*\*(?!\*)|(?<![\w\\])__(?![\s_]).+?(?<![\s\\])__(?!\w)"
)
_EMPHASIS = re.compile(
    r"(?<![\\*])\*(?![\s*]).+?(?<![\s\\*])\*(?!\*)|(?<![\w\\])_(?![\s_]).+?(?<![\s\\])_(?!\w)"
)
_STRIKE = re.compile(r"(?<![\\~])~~(?![\s~]).+?(?<![\s\\~])~~(?!~)")

# Inline spans that hide what is inside them, in order; each pass runs only if one of its
# trigger strings is in the line, and sees the line with earlier matches blanked out.
_ATOM_PASSES = (
    (("`",), _CODE_SPAN, "code"),
    (("<!--",), _HTML_COMMENT, "comment"),
    (("<",), _AUTOLINK, "url"),
    (("<",), _HTML_TAG, "html"),
    (("![",), _IMAGE, "image"),
    (("[",), _LINK, "link"),
    (("://", "www."), _BARE_URL, "url"),
)

# Inline style flags combined per character (strong inside emphasis and so on).
_STRONG_BIT, _EMPHASIS_BIT, _STRIKE_BIT = 1, 2, 4
_STYLE_SPANS = ((_STRONG, _STRONG_BIT, 2), (_STRIKE, _STRIKE_BIT, 2), (_EMPHASIS, _EMPHASIS_BIT, 1))


@dataclass(frozen=True)
class Theme:
    """Colours of the Markdown categories, as ``#rrggbb`` strings."""

    heading: str
    code: str
    fence: str
    link: str
    url: str
    image: str
    html: str
    quote: str
    list_marker: str
    hr: str
    front_matter: str
    key: str
    comment: str
    strike: str


LIGHT = Theme(
    heading="#1a4d8f",
    code="#a0441a",
    fence="#8a6d3b",
    link="#0a62b8",
    url="#6b7785",
    image="#7a3fb8",
    html="#1c7432",
    quote="#5b6b57",
    list_marker="#b8500c",
    hr="#98a2ad",
    front_matter="#6b7785",
    key="#1a4d8f",
    comment="#98a2ad",
    strike="#7b8590",
)
DARK = Theme(
    heading="#7cb8ff",
    code="#f0a36b",
    fence="#c9a86a",
    link="#6cb2ff",
    url="#8e98a4",
    image="#c9a2f5",
    html="#7fd48f",
    quote="#a3b39e",
    list_marker="#ffa657",
    hr="#6d7681",
    front_matter="#8e98a4",
    key="#7cb8ff",
    comment="#6d7681",
    strike="#8e98a4",
)


def palette_is_dark(palette: QPalette) -> bool:
    """Whether a palette is a dark one (its window colour is darker than mid-grey)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _format(
    category: str, colour: str = "", *, bold: bool = False, italic: bool = False
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setProperty(CATEGORY, category)
    if colour:
        fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    return fmt


def build_formats(theme: Theme) -> dict[str, QTextCharFormat]:
    """The character format of every category, for one theme."""
    strike = _format("strike", theme.strike)
    strike.setFontStrikeOut(True)
    link = _format("link", theme.link)
    link.setFontUnderline(True)
    return {
        "heading": _format("heading", theme.heading, bold=True),
        "strong": _format("strong", bold=True),
        "emphasis": _format("emphasis", italic=True),
        "strike": strike,
        "code": _format("code", theme.code),
        "fence": _format("fence", theme.fence),
        "link": link,
        "url": _format("url", theme.url),
        "image": _format("image", theme.image),
        "html": _format("html", theme.html),
        "comment": _format("comment", theme.comment, italic=True),
        "quote": _format("quote", theme.quote, italic=True),
        "list": _format("list", theme.list_marker, bold=True),
        "task": _format("task", theme.list_marker, bold=True),
        "hr": _format("hr", theme.hr, bold=True),
        "front_matter": _format("front_matter", theme.front_matter),
        "front_matter_key": _format("front_matter", theme.key),
    }


def _fence_state(marker: str) -> int:
    return FENCE + (1 if marker[0] == "~" else 0) + 2 * min(len(marker), 1000)


LOOKAHEAD_LINES = 12  # lines below the window underlined ahead of scrolling


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours Markdown source in a QTextDocument, line by line.

    Emits ``stale`` when the lines shown need underlining again (the editor then calls
    :meth:`underline_shown`).
    """

    stale = Signal()

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        document.documentLayout()  # a document without a layout never reports changes
        super().__init__(document)  # owned by (and attached to) the document
        self._dark = dark
        self._formats = build_formats(DARK if dark else LIGHT)
        self._merged: dict[tuple[str, ...], QTextCharFormat] = {}
        self._fixing_title = False
        self._speller: Speller | None = None
        self._misspelled = QTextCharFormat()
        self._misspelled.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._misspelled.setUnderlineColor(QColor(SPELLING_RED))
        self._misspelled.setProperty(MISSPELLED, True)
        document.contentsChange.connect(self._on_contents_change)
        # The lines highlighted with the current checker (or none), by QTextBlock.fragmentIndex()
        # (stable while a line exists; a new line is highlighted as it appears).
        # When the checker or its words change, only the lines shown are underlined again, and
        # the others as they come into view (:meth:`underline_shown`): re-highlighting every
        # line of a 4 MB post took 14 s of CPU, and kept 225 MB of line layouts in memory.
        self._fresh: set[int] = set()
        self.rehighlight()  # synchronous from now on (setDocument defers the first pass)

    # -- public

    def is_dark(self) -> bool:
        """Whether the dark colours are in use."""
        return self._dark

    def set_dark(self, dark: bool) -> None:
        """Switch between the light and dark colours and re-highlight."""
        if dark == self._dark:
            return
        self._dark = dark
        self._formats = build_formats(DARK if dark else LIGHT)
        self._merged.clear()
        self.rehighlight()

    def format_for(self, category: str) -> QTextCharFormat:
        """The character format used for a category (``"heading"``, ``"code"``, ...)."""
        return QTextCharFormat(self._formats[category])

    def format_at(self, block_number: int, column: int) -> str | None:
        """The category highlighted at a position, or None for plain text."""
        document = self.document()
        block = document.findBlockByNumber(block_number) if document else QTextBlock()
        if not block.isValid():
            return None
        for fmt_range in block.layout().formats():
            if fmt_range.start <= column < fmt_range.start + fmt_range.length:
                category = fmt_range.format.property(CATEGORY)
                return str(category) if category else None
        return None

    def speller(self) -> Speller | None:
        """The spell checker underlining misspelled words, or None when spelling is off."""
        return self._speller

    def set_speller(self, speller: Speller | None) -> None:
        """Underline the words ``speller`` finds misspelled (None: none). The lines shown are
        underlined again by the editor's next :meth:`underline_shown`; ``stale`` asks for it."""
        if speller is not self._speller:
            self._speller = speller
            self.recheck()

    def recheck(self) -> None:
        """The checker's words changed (added, ignored): underline the lines shown again, and
        the others when they are shown."""
        self._fresh.clear()
        self.stale.emit()

    def load_text(self, set_text: Callable[[], None]) -> None:
        """Run ``set_text`` (the whole text replaced: a post opens) with its highlighting, but
        without spelling, and then underline the lines shown (spelling quadruples the time of
        highlighting every line)."""
        speller, self._speller = self._speller, None
        try:
            set_text()
        finally:
            self._speller = speller
        if speller is not None:
            self.recheck()

    def underline_shown(
        self, first: QTextBlock, last: QTextBlock, deadline: float | None = None
    ) -> bool:
        """Underline the misspelled words of the lines from ``first`` to ``last`` (those shown)
        and of a few lines below, where the current checker has not yet looked. With a
        ``deadline`` (a :func:`time.perf_counter` time) it stops at the first line past it,
        having done one at least. Returns whether every one of those lines is underlined."""
        done = 0
        block, after = first, LOOKAHEAD_LINES
        stop = last.blockNumber() if last.isValid() else first.blockNumber()
        while block.isValid() and (block.blockNumber() <= stop or after > 0):
            if block.blockNumber() > stop:
                after -= 1
            if block.fragmentIndex() not in self._fresh:
                if done and deadline is not None and time.perf_counter() > deadline:
                    return False
                self.rehighlightBlock(block)  # highlightBlock marks it fresh
                done += 1
            block = block.next()
        return True

    def is_current(self, block: QTextBlock) -> bool:
        """Whether ``block`` was highlighted with the current checker and its words (tests)."""
        return block.fragmentIndex() in self._fresh

    @staticmethod
    def misspelled_at(block: QTextBlock, column: int) -> tuple[int, int] | None:
        """The columns ``[start, end)`` of the underlined word at ``column`` (or just before
        it), or None when no misspelled word is there."""
        marked = bytearray(len(block.text()) + 1)
        for fmt_range in block.layout().formats():
            if fmt_range.format.property(MISSPELLED):
                end = fmt_range.start + fmt_range.length
                marked[fmt_range.start : end] = b"\1" * fmt_range.length
        for at in (column, column - 1):
            if 0 <= at < len(marked) - 1 and marked[at]:
                start = end = at
                while start > 0 and marked[start - 1]:
                    start -= 1
                while end < len(marked) - 1 and marked[end]:
                    end += 1
                return start, end
        return None

    @staticmethod
    def in_code_block(block: QTextBlock) -> bool:
        """Whether a block is inside a fenced code block (after its opening fence line)."""
        previous = block.previous()
        return previous.isValid() and previous.userState() >= FENCE

    # -- QSyntaxHighlighter

    def highlightBlock(self, text: str) -> None:
        """Highlight one line, given the state the previous line ended in."""
        previous = self.previousBlockState()
        if previous >= FENCE:
            self.setCurrentBlockState(self._fenced_line(text, previous))
        elif previous == FRONT_MATTER:
            self.setCurrentBlockState(self._front_matter_line(text))
        elif previous == COMMENT:
            self.setCurrentBlockState(self._continued(text, "-->", "comment", COMMENT))
        elif previous == HTML_TAG:
            self.setCurrentBlockState(self._continued(text, ">", "html", HTML_TAG))
        elif previous == -1 and text.startswith("---") and _FM_END.match(text):
            self.setFormat(0, len(text), self._formats["front_matter"])
            self.setCurrentBlockState(FRONT_MATTER)
        else:
            state = self._markdown_line(text, previous in (PARAGRAPH, TITLE))
            self.setCurrentBlockState(state)
            if self._speller is not None and state < FENCE and state != HTML_TAG:
                self._underline_misspelled(text, self._speller)
        self._fresh.add(self.currentBlock().fragmentIndex())

    def _underline_misspelled(self, text: str, speller: Speller) -> None:
        """A red wavy line under each misspelled word of a prose line (code, URLs and names
        are left out by :func:`editor.core.spelling.words_in_line`)."""
        if indented_code(text, self.currentBlock().previous().text()):
            return
        for start, end, _word in speller.misspelled(text):
            run = start  # keep each character's own colours: one range per run of a format
            for column in range(start + 1, end + 1):
                if column == end or self.format(column) != self.format(run):
                    fmt = QTextCharFormat(self.format(run))
                    fmt.merge(self._misspelled)
                    self.setFormat(run, column - run, fmt)
                    run = column

    # -- block kinds

    def _fenced_line(self, text: str, state: int) -> int:
        char = "~" if (state - FENCE) & 1 else "`"
        length = (state - FENCE) >> 1
        stripped = text.strip()
        if len(stripped) >= length and stripped == char * len(stripped):
            self.setFormat(0, len(text), self._formats["fence"])
            return NORMAL
        self.setFormat(0, len(text), self._formats["code"])
        return state

    def _front_matter_line(self, text: str) -> int:
        if _FM_END.match(text):
            self.setFormat(0, len(text), self._formats["front_matter"])
            return NORMAL
        if not _YAMLISH.match(text):  # the opening --- was a rule, not front matter
            return self._markdown_line(text, False)
        self.setFormat(0, len(text), self._formats["front_matter"])
        key = _YAML_KEY.match(text)
        if key:
            fmt = self._formats["front_matter_key"]
            self.setFormat(key.start(1), key.end(1) - key.start(1), fmt)
        return FRONT_MATTER

    def _continued(self, text: str, end: str, category: str, state: int) -> int:
        stop = text.find(end)
        if stop < 0:
            self.setFormat(0, len(text), self._formats[category])
            return state
        self.setFormat(0, stop + len(end), self._formats[category])
        self._inline(text, stop + len(end), "")
        return NORMAL

    def _markdown_line(self, text: str, after_paragraph: bool) -> int:
        if _BLANK.match(text):
            return NORMAL
        fence = _FENCE_OPEN.match(text)
        if fence:
            self.setFormat(0, len(text), self._formats["fence"])
            return _fence_state(fence.group(1))
        heading = _ATX.match(text)
        if heading:
            self.setFormat(0, len(text), self._formats["heading"])
            self._inline(text, heading.end(), "heading")
            return NORMAL
        if after_paragraph and _SETEXT.match(text):
            self.setFormat(0, len(text), self._formats["heading"])
            return NORMAL
        if _HR.match(text):
            self.setFormat(0, len(text), self._formats["hr"])
            return NORMAL
        if _HTML_BLOCK_OPEN.match(text) and not text.lstrip().startswith("<!--"):
            start = text.index("<")
            self.setFormat(start, len(text) - start, self._formats["html"])
            return HTML_TAG
        return self._container_line(text)

    def _container_line(self, text: str) -> int:
        """Block quotes, list items, reference definitions and paragraphs."""
        base = ""
        pos = 0
        quote = _QUOTE.match(text)
        if quote:
            base = "quote"
            self.setFormat(0, len(text), self._formats["quote"])
            pos = quote.end()
        item = _LIST.match(text, pos)
        if item and not _HR.match(text, pos):
            self.setFormat(pos, item.end() - pos, self._formats["list"])
            pos = item.end()
            task = _TASK.match(text, pos)
            if task:
                self.setFormat(pos, 3, self._formats["task"])
                pos += 3
        elif not quote:
            ref = _REF_DEF.match(text)
            if ref:
                self.setFormat(ref.start(1), ref.end(1) - ref.start(1), self._formats["link"])
                self.setFormat(ref.start(2), len(text) - ref.start(2), self._formats["url"])
                return NORMAL
        title = not quote and not item and self._underlined()
        if title:
            base = "heading"
            self.setFormat(0, len(text), self._formats["heading"])
        elif quote and _ATX.match(text, pos):
            base = "heading"
            self.setFormat(pos, len(text) - pos, self._merged_format(("quote", "heading")))
        state = self._inline(text, pos, base)
        if quote or item or state != NORMAL:
            return state
        return TITLE if title else PARAGRAPH

    def _underlined(self) -> bool:
        following = self.currentBlock().next()
        return following.isValid() and bool(_SETEXT.match(following.text()))

    # -- inline

    def _inline(self, text: str, pos: int, base: str) -> int:
        """Highlight spans from ``pos``; returns COMMENT if a comment stays open, else NORMAL."""
        if pos >= len(text):
            return NORMAL
        atoms: list[tuple[int, int, str]] = []
        masked = text
        state = NORMAL
        for triggers, pattern, category in _ATOM_PASSES:
            if not any(trigger in masked for trigger in triggers):
                continue  # most lines have no backticks, brackets or tags: skip the regex
            found = []
            for match in pattern.finditer(masked, pos):
                if category in ("image", "link"):
                    found.append((match.start(), match.end(1), category))
                    if match.group(2):
                        found.append((match.start(2), match.end(2), "url"))
                else:
                    found.append((match.start(), match.end(), category))
                    if category == "comment" and not match.group().endswith("-->"):
                        state = COMMENT
            if found:
                atoms.extend(found)
                masked = _mask(masked, found)
        self._styles(masked, pos, base)
        for start, end, category in atoms:
            fmt = self._merged_format((base, category)) if base else self._formats[category]
            self.setFormat(start, end - start, fmt)
        return state

    def _styles(self, masked: str, pos: int, base: str) -> None:
        """Strong, emphasis and strikethrough, which may nest inside each other."""
        if "*" not in masked and "_" not in masked and "~" not in masked:
            return
        spans: list[tuple[int, int, int]] = []
        for pattern, bit, width in _STYLE_SPANS:
            found = [(m.start(), m.end(), bit) for m in pattern.finditer(masked, pos)]
            if found:
                spans.extend(found)
                # Hide the delimiters so that ***x*** still finds the emphasis inside.
                chars = list(masked)
                for start, end, _ in found:
                    chars[start : start + width] = "\0" * width
                    chars[end - width : end] = "\0" * width
                masked = "".join(chars)
        if not spans:
            return
        first = min(start for start, _, _ in spans)
        last = max(end for _, end, _ in spans)
        flags = bytearray(last - first)
        for start, end, bit in spans:
            for index in range(start - first, end - first):
                flags[index] |= bit
        run_start = 0
        for index in range(1, len(flags) + 1):
            if index == len(flags) or flags[index] != flags[run_start]:
                if flags[run_start]:
                    fmt = self._merged_format((base, *_style_names(flags[run_start])))
                    self.setFormat(first + run_start, index - run_start, fmt)
                run_start = index

    def _merged_format(self, categories: tuple[str, ...]) -> QTextCharFormat:
        """The formats of several categories merged in order (the last names the category)."""
        fmt = self._merged.get(categories)
        if fmt is None:
            fmt = QTextCharFormat()
            for category in categories:
                if category:
                    fmt.merge(self._formats[category])
            self._merged[categories] = fmt
        return fmt

    # -- setext headings: the underline restyles the line above it

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        del removed, added
        document = self.document()
        if self._fixing_title or document is None:
            return
        block = document.findBlock(position)
        above = block.previous()
        if not above.isValid() or above.userState() not in (PARAGRAPH, TITLE):
            return
        if bool(_SETEXT.match(block.text())) != (above.userState() == TITLE):
            self._fixing_title = True
            try:
                self.rehighlightBlock(above)
            finally:
                self._fixing_title = False


def _mask(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The text with the given spans blanked out, so later patterns skip them."""
    chars = list(text)
    for start, end, _ in spans:
        chars[start:end] = "\0" * (end - start)
    return "".join(chars)


def _style_names(flags: int) -> tuple[str, ...]:
    names = []
    if flags & _STRONG_BIT:
        names.append("strong")
    if flags & _STRIKE_BIT:
        names.append("strike")
    if flags & _EMPHASIS_BIT:
        names.append("emphasis")
    return tuple(names)
