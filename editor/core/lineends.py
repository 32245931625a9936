"""Each line keeps its own line end, and characters a Qt editor cannot hold survive (pure).

The editor shows a post's body with ``\\n`` line ends. A file may mix them (CRLF lines pasted
into an LF post, a lone CR from an old Mac tool): typing one character must not rewrite every
line end of the body to the first kind found. :class:`LineEnds` remembers each line's own end
and puts it back when the body is written; a line that typing created gets the body's usual
end (its first).

Qt's text document turns U+2029 (paragraph separator), U+FDD0 and U+FDD1 (its own frame
markers) into line breaks, and Galley's editor reads U+2028 (line separator) as the line end
Shift+Enter typed. When a body holds any of them, :class:`Placeholders` shows each as a private
use character that the text does not contain, so the editor keeps the line structure the file
has, and maps them back on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["LineEnds", "Placeholders", "split_line_ends"]

_END = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

UNHELD = ("\u2028", "\u2029", "\ufdd0", "\ufdd1")
"""Characters the editor would turn into line ends."""

# Private use characters (the BMP's, so that they count as one position in Qt too).
_SPARE = range(0xE000, 0xF8FF)


def split_line_ends(raw: str, fallback: str = "\n") -> tuple[str, LineEnds]:
    """``raw`` with ``\\n`` line ends, and the line ends it had.

    ``fallback`` is the end for new lines when ``raw`` has none (the file's first line end).
    """
    first = _END.search(raw)
    default = first.group(0) if first else fallback
    if "\r" not in raw and default == "\n":
        return raw, LineEnds(default)
    ends = [line[len(line.rstrip("\r\n")) :] for line in _LINE.findall(raw)]
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if all(end in ("", default) for end in ends):
        return text, LineEnds(default)
    return text, LineEnds(default, ends)


class LineEnds:
    """The file's line ends of a body whose lines (``render.body_lines``) end in ``\\n``.

    ``ends[i]`` is line ``i``'s end in the file (``""`` for a last line without one); when
    every line ends in ``default`` the list is not kept at all (``ends is None``), and the
    body is written by one ``replace``.
    """

    def __init__(self, default: str = "\n", ends: list[str] | None = None) -> None:
        self.default = default
        self.ends = ends

    @property
    def mixed(self) -> bool:
        return self.ends is not None

    def splice(self, first: int, count: int, fresh: Sequence[str]) -> None:
        """Lines ``first`` to ``first + count`` of the body (before the edit) became ``fresh``.

        Untouched lines keep their ends. Edited lines that stayed as many keep theirs, one to
        one; otherwise the first keeps its end and the last takes the last replaced line's (so
        Enter inside a line, or joining two lines, leaves the original end where the line
        ended), and lines in between get the default.
        """
        if self.ends is None:
            return
        old = self.ends[first : first + count]
        last = len(fresh) - 1
        new: list[str] = []
        for index, line in enumerate(fresh):
            end = ""
            if not line.endswith("\n"):
                new.append("")
                continue
            if len(fresh) == len(old):
                end = old[index]
            elif index == last and old:
                end = old[-1]
            elif index == 0 and old:
                end = old[0]
            new.append(end or self.default)
        self.ends[first : first + count] = new

    def carry(self, old: Sequence[str], new: Sequence[str]) -> None:
        """The body's lines went from ``old`` to ``new`` as a whole (a paste of everything, a
        rename of an image in every line): lines the same at the start and at the end keep
        their ends, the changed middle is spliced as one edit."""
        if self.ends is None:
            return
        start = 0
        limit = min(len(old), len(new))
        while start < limit and old[start] == new[start]:
            start += 1
        tail = 0
        while tail < limit - start and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        self.splice(start, len(old) - start - tail, new[start : len(new) - tail])

    def join(self, lines: Sequence[str], text: str) -> str:
        """The body ``text`` (made of ``lines``) with the file's line ends."""
        if self.ends is None:
            return text.replace("\n", self.default) if self.default != "\n" else text
        if len(self.ends) != len(lines):  # never expected: keep the text rather than guess
            return text.replace("\n", self.default) if self.default != "\n" else text
        return "".join(
            line[:-1] + end if line.endswith("\n") else line
            for line, end in zip(lines, self.ends, strict=True)
        )


class Placeholders:
    """Stand-ins for :data:`UNHELD` characters while a body is in the editor."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self._out = str.maketrans(mapping)
        self._back = str.maketrans({v: k for k, v in mapping.items()})
        self.shown = frozenset(mapping.values())

    @classmethod
    def for_text(cls, text: str) -> Placeholders | None:
        """Placeholders for the unheld characters of ``text``, None when it has none (the
        usual case: then nothing is translated). Each stand-in is a character ``text`` does
        not contain, so the way back is exact."""
        needed = [char for char in UNHELD if char in text]
        if not needed:
            return None
        mapping: dict[str, str] = {}
        spare = iter(_SPARE)
        for char in needed:
            for code in spare:
                if chr(code) not in text:
                    mapping[char] = chr(code)
                    break
            else:  # every private use character is in the text: nothing left to stand in
                return None
        return cls(mapping)

    def to_editor(self, text: str) -> str:
        return text.translate(self._out)

    def from_editor(self, text: str) -> str:
        return text.translate(self._back)
