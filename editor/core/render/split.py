"""A post body cut into lines and top-level blocks, and where two versions of it differ."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from editor.core.render.markdown import block_parser, github_slug, heading_text

__all__ = [
    "Source",
    "body_lines",
    "common_prefix",
    "common_suffix",
    "refs_of",
    "slugs_of",
    "split_blocks",
]


@dataclass
class Source:
    """A top-level block found by the block parser: ``start``/``end`` are 0-based body lines."""

    kind: str
    start: int
    end: int
    text: str
    slug: str | None = None
    footnote: str | None = None

    @property
    def refdef(self) -> bool:
        return self.kind == "refdef"


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def body_lines(body: str) -> list[str]:
    """``body`` cut into lines that keep their ends (the last has none unless the body ends
    with one). As in Markdown, only ``\n``, ``\r\n`` and ``\r`` end a line."""
    if "\r" in body:
        return _LINE.findall(body)
    lines = body.split("\n")
    last = lines.pop()
    out = [line + "\n" for line in lines]
    if last:
        out.append(last)
    return out


def split_blocks(lines: Sequence[str], offset: int) -> list[Source]:
    """The top-level blocks of ``lines`` (with line ends), numbered from ``offset``."""
    text = "".join(lines)
    tokens = block_parser().parse(text, {})
    out: list[Source] = []
    covered = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        j = i
        if token.nesting == 1:
            depth = 0
            for j in range(i, len(tokens)):
                depth += tokens[j].nesting
                if depth == 0:
                    break
        if token.map is None:
            i = j + 1
            continue
        start, end = token.map
        if token.type == "footnote_reference_open":
            end = _trim_blank_tail(lines, start, end)
        _gap(lines, covered, start, offset, out)
        source = Source(token.type, start + offset, end + offset, "".join(lines[start:end]))
        if token.type == "heading_open" and j > i:
            source.slug = github_slug(heading_text(tokens[i + 1].content))
        if token.type == "footnote_reference_open":
            source.footnote = str(token.meta.get("label", ""))
        out.append(source)
        covered = max(covered, end)
        i = j + 1
    _gap(lines, covered, len(lines), offset, out)
    return out


def refs_of(sources: Sequence[Source]) -> list[tuple[str, str | None]]:
    return [(s.text, None) for s in sources if s.refdef] + [
        ("", s.footnote) for s in sources if s.footnote is not None
    ]


def slugs_of(sources: Sequence[Source]) -> list[str]:
    return [s.slug for s in sources if s.slug is not None]


def common_prefix(a: Sequence[str], b: Sequence[str], known: int = 0) -> int:
    """How many leading items two lists share (compared in C, 64 at a time), given that the
    first ``known`` are the same."""
    n = min(len(a), len(b))
    i = min(known, n)
    while i < n and a[i : i + 64] == b[i : i + 64]:
        i += 64
    i = min(i, n)
    while i < n and a[i] == b[i]:
        i += 1
    return i


def common_suffix(a: Sequence[str], b: Sequence[str], limit: int, known: int = 0) -> int:
    """How many trailing items two lists share, at most ``limit``, given that the last
    ``known`` are the same."""
    i = min(known, limit)
    la, lb = len(a), len(b)
    while i + 64 <= limit and a[la - i - 64 : la - i] == b[lb - i - 64 : lb - i]:
        i += 64
    while i < limit and a[la - i - 1] == b[lb - i - 1]:
        i += 1
    return i


def _trim_blank_tail(lines: Sequence[str], start: int, end: int) -> int:
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _gap(lines: Sequence[str], start: int, end: int, offset: int, out: list[Source]) -> None:
    """Non-blank lines no token covers are reference definitions: keep them as blocks."""
    i = start
    while i < end:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < end and lines[j].strip():
            j += 1
        out.append(Source("refdef", i + offset, j + offset, "".join(lines[i:j])))
        i = j
