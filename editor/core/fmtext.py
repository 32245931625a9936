"""Where a post's front matter block lies, and the one interface each format is edited through.

A post's text starts with at most one block, in one of four formats, found in this order:

- ``yaml``: between ``---`` lines (Jekyll, Hugo, Gatsby, Astro, Eleventy, Docusaurus);
- ``toml``: between ``+++`` lines (Hugo, Zola);
- ``json``: Hugo's JSON object, its ``{`` alone on the first line and its matching ``}`` ending a
  line; the block is the whole object, braces included, as JSON needs them (a ``{`` line that
  opens no JSON and no ``"key"`` is body text: MDX starts expressions so);
- ``headers``: Pelican / MultiMarkdown header lines (``Title: …``, ``Tags: a, b``), up to the
  first blank line, which closes the block. Prose can start like a header (``Note: …``), so these
  are taken only when the caller says the site reads them (``header_lines=True``, a Pelican
  site) or, when it does not say (``None``), when the first line is a ``Title:`` key and every
  line up to the first blank line is a header line or an indented continuation of one.
  ``header_lines=False`` never takes them.

Every format module (:mod:`~editor.core.yamltext` through an adapter, :mod:`~editor.core.tomltext`,
:mod:`~editor.core.jsontext`, :mod:`~editor.core.headertext`) offers the same few calls, the
:class:`FrontMatterFormat` protocol; :mod:`~editor.core.fmformats` holds them by name.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import re
from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

from editor.core.yamltext import KeyPath

BOM = "\ufeff"

__all__ = [
    "BOM",
    "Block",
    "FrontMatterFormat",
    "SyntaxProblem",
    "keep_line_ends",
    "split",
]


class SyntaxProblem(Exception):
    """A block's text does not parse; ``line`` and ``column`` are 0-based within that text."""

    def __init__(self, problem: str, line: int = 0, column: int = 0) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


class FrontMatterFormat(Protocol):
    """What :class:`~editor.core.post.Post` asks of a front matter format.

    ``text`` is always the block's own text (``Block.front_matter``). Edits return the whole new
    text, changed only where the value is, and raise :class:`SyntaxProblem` when ``text`` does
    not parse, or a :class:`~editor.core.errors.GalleyError` (nothing changed) when the value
    cannot be written so that it reads back as asked.
    """

    name: str  # "yaml" | "toml" | "json" | "headers"
    label: str  # as a person reads it: "YAML", "TOML", "JSON", "header lines"
    tab: str  # the raw text tab's name: "YAML", "TOML", "JSON", "Headers"

    def load(self, text: str) -> Mapping[str, Any]:
        """The block's keys and values (treat as read-only)."""
        ...

    def set_value(self, text: str, path: KeyPath, value: Any, newline: str) -> str: ...

    def delete(self, text: str, path: KeyPath, newline: str) -> str: ...

    def duplicate_keys(self, text: str) -> tuple[str, ...]:
        """Keys written more than once (the value read is the one the generator reads)."""
        ...

    def key(self, key: str) -> str:
        """The key as looked up (header lines are case-insensitive: ``Title`` is ``title``)."""
        ...

    def key_lines(self, text: str) -> dict[str, int]:
        """The 0-based line in ``text`` of each top-level key (a table's header line in TOML)."""
        ...


class Block(NamedTuple):
    """A post's text cut at its front matter; ``opening`` keeps a BOM if the text has one.

    ``opening + front_matter + closing + body`` is the text. ``complete`` is False when the
    opening line has no closing one (``front_matter`` is then the rest of the text).
    """

    kind: str
    opening: str
    front_matter: str
    closing: str
    body: str
    complete: bool = True


_DELIMITED = tuple(
    (kind, re.compile(rf"{line}[ \t]*(\r\n|\n)"), re.compile(rf"^{line}[ \t]*(?:\r\n|\n|\Z)", re.M))
    for kind, line in (("yaml", "---"), ("toml", r"\+\+\+"))
)
_JSON_OPENING = re.compile(r"\{[ \t]*(\r\n|\n)")
_JSON_CLOSING = re.compile(r"^\}[ \t]*(?:\r\n|\n|\Z)", re.M)
_JSON_KEY = re.compile(r"\{\s*\"")  # an object's first key: JSON meant, even when it is broken
_LINE_REST = re.compile(r"[ \t]*(?:\r\n|\n|\Z)")
# Python-Markdown's meta extension, which Pelican's Markdown reader uses.
HEADER_LINE = re.compile(r"[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):[ \t]*(?P<value>.*)")
CONTINUATION = re.compile(r"[ ]{4,}(?P<value>.*)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r(?!\n)|\Z)")


def split(text: str, header_lines: bool | None = None) -> Block | None:
    """Cut ``text`` at its front matter block; None when it has none (see the module doc)."""
    bom = BOM if text.startswith(BOM) else ""
    start = len(bom)
    for kind, opening_re, closing_re in _DELIMITED:
        opening = opening_re.match(text, start)
        if opening is None:
            continue
        closing = closing_re.search(text, opening.end())
        if closing is None:
            return Block(kind, text[: opening.end()], text[opening.end() :], "", "", False)
        return Block(
            kind,
            text[: opening.end()],
            text[opening.end() : closing.start()],
            closing.group(0),
            text[closing.end() :],
        )
    if _JSON_OPENING.match(text, start):
        return _split_json(text, bom)
    if header_lines is not False:
        return _split_headers(text, bom, strict=header_lines is None)
    return None


def _split_json(text: str, bom: str) -> Block | None:
    """As Hugo reads it: the object that opens the text, to its matching brace (which must end
    its line). A text that is no valid JSON is JSON front matter still when its first key
    starts (``{`` then ``"``), and ends at the first ``}`` alone on a line, so that its error can
    be shown and fixed; else it is no front matter (an MDX ``{`` expression, say)."""
    start = len(bom)
    end: int | None = None
    with contextlib.suppress(ValueError, RecursionError):
        _, end = json.JSONDecoder().raw_decode(text, start)
    rest = _LINE_REST.match(text, end) if end is not None else None
    if rest is None and not _JSON_KEY.match(text, start):
        return None  # no JSON and not meant as JSON: MDX's "{" expression, say
    if rest is None:
        closing = _JSON_CLOSING.search(text, start)
        if closing is None:
            return Block("json", bom, text[start:], "", "", False)
        stop = closing.end()
    else:
        stop = rest.end()
    return Block("json", bom, text[start:stop], "", text[stop:])


def _split_headers(text: str, bom: str, *, strict: bool) -> Block | None:
    """Header lines from the start of ``text`` to its first blank line (the block's closing)."""
    pos = len(bom)
    first = _LINE.match(text, pos)
    assert first is not None
    key = HEADER_LINE.match(first.group(0))
    if key is None or (strict and key.group("key").lower() != "title"):
        return None
    end = pos
    while end < len(text):
        line = _LINE.match(text, end)
        assert line is not None
        content = line.group(0).rstrip("\r\n")
        if not content.strip():
            return Block("headers", bom, text[pos:end], line.group(0), text[line.end() :])
        if not (HEADER_LINE.match(content) or (end > pos and CONTINUATION.match(content))):
            if strict:
                return None  # prose after a "Title:" line: not a header block
            break
        end = line.end()
    return Block("headers", bom, text[pos:end], "", text[end:])


def keep_line_ends(old: str, new: str, newline: str) -> str:
    """``new`` (an edit of ``old``) with ``newline`` ending the lines the edit wrote: libraries
    write ``\\n``, a CRLF post keeps CRLF, and lines that were not touched keep their own."""
    if newline == "\n" or "\n" not in new:
        return new
    old_lines, new_lines = old.splitlines(True), new.splitlines(True)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, _i1, _i2, j1, j2 in matcher.get_opcodes():
        for line in new_lines[j1:j2]:
            if op != "equal" and line.endswith("\n") and not line.endswith("\r\n"):
                line = line[:-1] + newline
            out.append(line)
    return "".join(out)
