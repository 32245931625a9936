"""Where pasted, dropped or picked images go in the text: never inside a line.

An image is a paragraph of its own. :func:`image_span` says which part of the text the new
images' paragraphs replace, given the editor's selection:

- A selection inside a line that is one image and nothing else (``![alt](x.png)``, also with
  only its alt text selected, or an ``<img>`` tag) replaces that image.
- Otherwise the images go after the paragraph the selection ends in (a run of non-blank
  lines), on the blank line the cursor is on, or before the paragraph the cursor starts; a
  fenced code block is never split, they go after it.

:func:`paragraphs` then adds the blank lines the images need around them.
"""

from __future__ import annotations

import re

from editor.core.images.renaming import _HTML_IMAGE, _MARKDOWN_IMAGE

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _line_at(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def _is_image_line(line: str) -> bool:
    line = line.strip()
    return any(pattern.fullmatch(line) for pattern in (_MARKDOWN_IMAGE, _HTML_IMAGE))


def _closes(line: str, fence: str, opening: str) -> bool:
    """Whether a fence line closes a block opened by ``opening`` (same character, at least as
    long, and no info string)."""
    same = fence[0] == opening[0] and len(fence) >= len(opening)
    return same and not line.strip(fence[0] + " \t\r\n")


def _fence_end(text: str, position: int) -> int | None:
    """The end of the fenced code block ``position`` is in (its closing fence line), if any."""
    offset = 0
    opening: tuple[int, str] | None = None  # where the open block starts, and its fence
    for line in text.splitlines(keepends=True):
        end = offset + len(line.rstrip("\n"))
        match = _FENCE.match(line)
        if opening is None:
            if match:
                opening = offset, match.group(1)
        elif match and _closes(line, match.group(1), opening[1]):
            if opening[0] <= position <= end:
                return end
            opening = None
        offset += len(line)
        if offset > position and opening is None:
            return None
    return len(text) if opening is not None and opening[0] <= position else None


def image_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of ``text`` the new images' paragraphs replace, for a selection from
    ``start`` to ``end`` (equal when nothing is selected)."""
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    line_start, line_end = _line_at(text, start)
    if start != end and end <= line_end and _is_image_line(text[line_start:line_end]):
        return line_start, line_end
    fence = _fence_end(text, end)
    if fence is not None:
        return fence, fence
    line_start, line_end = _line_at(text, end)
    if not text[line_start:line_end].strip():
        return line_start, line_end  # a blank line: the images take its place
    above = text[_line_at(text, line_start - 1)[0] : line_start] if line_start else ""
    if start == end == line_start and not above.strip():
        return start, start  # at the start of a paragraph: before it, splitting nothing
    while line_end < len(text):
        next_start, next_end = _line_at(text, line_end + 1)
        if not text[next_start:next_end].strip():
            break
        line_end = next_end
    return line_end, line_end


def paragraphs(before: str, after: str, snippets: list[str]) -> tuple[str, int]:
    """Text that puts each snippet in its own paragraph between ``before`` and ``after`` (the
    text around it), and where the last snippet starts in it."""
    if not before or before == "\n" or before.endswith("\n\n"):  # ("\n": an empty first line)
        lead = ""
    elif before.endswith("\n"):
        lead = "\n"
    else:
        lead = "\n\n"
    if not after.strip():  # the end of the text: it keeps its final line end, if it had one
        trail = "\n" if not after and before.endswith("\n") else ""
    elif after.startswith("\n\n"):
        trail = ""
    elif after.startswith("\n"):
        trail = "\n"
    else:
        trail = "\n\n"
    body = "\n\n".join(snippets)
    return lead + body + trail, len(lead) + len(body) - len(snippets[-1])
