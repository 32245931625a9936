"""The open post's body as the editor edits it, line by line (pure).

The editor shows the body as plain ``\\n`` text. :class:`BodyText` keeps it as text and as
lines (:func:`editor.core.render.body_lines`): typing edits the lines, and the text is joined
from them only when asked for. It also keeps each line's own line end (:mod:`editor.core.
lineends`), so a CRLF post stays CRLF and a mixed one stays mixed, and the stand-ins for
characters the editor cannot hold, which are written back as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.core.lineends import Placeholders, split_line_ends
from editor.core.render import body_lines

__all__ = ["BodyText"]


class BodyText:
    """A body as the file holds it (``raw``), shown with ``\\n`` line ends.

    Args:
        raw: the body with the file's line ends.
        fallback_newline: the line end for new lines when ``raw`` has none.
    """

    def __init__(self, raw: str = "", fallback_newline: str = "\n") -> None:
        text, self._ends = split_line_ends(raw, fallback_newline)
        # The editor's stand-ins for characters it cannot hold (None: the body has none).
        self._marks: Placeholders | None = Placeholders.for_text(text)
        self._text: str | None = text
        self._lines: list[str] | None = None

    @property
    def text(self) -> str:
        """The body with ``\\n`` line ends (the file's other characters as they are)."""
        if self._text is None:
            assert self._lines is not None
            self._text = "".join(self._lines)
        return self._text

    def lines(self) -> list[str]:
        """The body as lines with their ``\\n`` (render.body_lines); do not change it."""
        if self._lines is None:
            self._lines = body_lines(self.text)
        return self._lines

    def editor_text(self) -> str:
        """The text with stand-ins for the characters a Qt editor cannot hold."""
        text = self.text
        return self._marks.to_editor(text) if self._marks is not None else text

    def file_text(self) -> str:
        """The body as the file holds it: each line's own end."""
        if not self._ends.mixed:
            return self._ends.join((), self.text)
        return self._ends.join(self.lines(), self.text)

    def replace(self, text: str) -> bool:
        """The editor's text (stand-ins are mapped back) replaces the body; whether it differs."""
        if self._marks is not None:
            text = self._marks.from_editor(text)
        if text == self.text:
            return False
        if self._ends.mixed:
            self._ends.carry(self.lines(), body_lines(text))
        self._text, self._lines = text, None
        return True

    def edit_lines(self, first: int, count: int, blocks: Sequence[str]) -> tuple[int, int] | None:
        """The editor's lines ``first`` to ``first + count`` (0-based, without their line ends)
        are now ``blocks`` (stand-ins are mapped back). Returns None when nothing changed, else
        where the new lines end and how many lines the body gained (negative: lost)."""
        lines = self.lines()
        if self._marks is not None:
            blocks = [self._marks.from_editor(block) for block in blocks]
        before = len(lines)
        if first + count >= self.editor_line_count():  # the edit reaches the last line,
            fresh = [block + "\n" for block in blocks[:-1]]  # which has no line end
            if blocks and blocks[-1]:
                fresh.append(blocks[-1])
            changed = lines[first:] != fresh
            if changed:
                self._ends.splice(first, len(lines) - first, fresh)
            lines[first:] = fresh
        else:
            fresh = [block + "\n" for block in blocks]
            changed = lines[first : first + count] != fresh
            if changed:
                self._ends.splice(first, count, fresh)
            lines[first : first + count] = fresh
        if not changed:
            return None
        self._text = None
        return first + len(fresh), len(lines) - before

    def editor_line_count(self) -> int:
        """How many lines the editor shows: one more than :meth:`lines` when the body ends
        with a line end, or is empty."""
        lines = self.lines()
        return len(lines) + (0 if lines and not lines[-1].endswith("\n") else 1)
