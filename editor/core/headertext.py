"""Edit Pelican / MultiMarkdown header lines (``Title: …`` up to the first blank line) (pure).

As Pelican's Markdown reader (Python-Markdown's ``meta`` extension) reads them: one ``Key: value``
a line, a key of letters, digits, ``_`` and ``-``, case-insensitive (``Title`` is ``title``); a
line indented four spaces or more continues the value of the key above it; a key written twice
adds its value as one more line. Values are text: a value of several lines reads as its lines
joined with ``\\n``. ``tags`` and ``authors`` are lists, written as one comma-separated line
(``Tags: a, b``; a ``;`` anywhere separates instead, as Pelican splits them), and written back
with the separator the post uses.

An edit rewrites only the lines of the key it sets, keeping the key's case as written (a new key
takes the case of the post's keys: ``Summary`` where they are capitalised). Numbers and dates
set here are written as text, which is how Pelican reads them back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from editor.core.errors import GalleyError
from editor.core.fmtext import CONTINUATION, HEADER_LINE, SyntaxProblem
from editor.core.yamltext import KeyPath, to_plain

LIST_KEYS = frozenset({"tags", "authors"})
_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SEPARATOR = re.compile(r"[ \t]*[,;][ \t]*")


class HeaderFormat:
    """Header lines, for :class:`~editor.core.post.Post` (see :mod:`editor.core.fmtext`)."""

    name = "headers"
    label = "header lines"
    tab = "Headers"

    def load(self, text: str) -> Mapping[str, Any]:
        return load(text)

    def set_value(self, text: str, path: KeyPath, value: Any, newline: str) -> str:
        return set_value(text, path, value, newline)

    def delete(self, text: str, path: KeyPath, newline: str) -> str:
        return delete(text, path, newline)

    def duplicate_keys(self, text: str) -> tuple[str, ...]:
        names = [entry.name for entry in _entries(text)]
        return tuple(dict.fromkeys(n for n in names if names.count(n) > 1))

    def key(self, key: str) -> str:
        return key.lower()

    def key_lines(self, text: str) -> dict[str, int]:
        try:
            entries = _entries(text)
        except SyntaxProblem:
            return {}
        lines: dict[str, int] = {}
        for entry in entries:
            lines.setdefault(entry.name, text.count("\n", 0, entry.start))
        return lines


class _Entry(NamedTuple):
    key: str  # as written
    name: str  # lower-case, as read
    start: int
    end: int  # after the last continuation line's line end
    gap: str  # between the colon and the value as written
    indent: str  # of its continuation lines ("" when it has none)
    values: list[str]  # the first line's value, then each continuation line's


def _entries(text: str) -> list[_Entry]:
    """The entries of a header block. Raises :class:`SyntaxProblem` on a line that is none."""
    entries: list[_Entry] = []
    pos = 0
    for number, line in enumerate(text.splitlines(True)):
        content = line.rstrip("\r\n")
        header = HEADER_LINE.fullmatch(content)
        more = CONTINUATION.fullmatch(content)
        if not content.strip():
            raise SyntaxProblem("a blank line ends the header lines", number, 0)
        if header is not None and not (more and entries):
            value = header.group("value")
            gap = content[header.end("key") + 1 : header.start("value")]
            entries.append(
                _Entry(header.group("key"), header.group("key").lower(), pos, pos + len(line),
                       gap, "", [value.strip()])
            )  # fmt: skip
        elif more is not None and entries:
            last = entries[-1]
            indent = last.indent or content[: more.start("value")]
            values = [*last.values, more.group("value").strip()]
            entries[-1] = last._replace(end=pos + len(line), indent=indent, values=values)
        else:
            raise SyntaxProblem(
                "this line is not a 'Key: value' header line (nor indented to continue one)",
                number,
                0,
            )
        pos += len(line)
    return entries


def load(text: str) -> dict[str, Any]:
    """The header lines' keys (lower-case) and values. Raises :class:`SyntaxProblem`."""
    lines: dict[str, list[str]] = {}
    for entry in _entries(text):
        lines.setdefault(entry.name, []).extend(entry.values)
    return {name: _value(name, values) for name, values in lines.items()}


def _value(name: str, values: list[str]) -> Any:
    if name in LIST_KEYS:
        joined = ",".join(values) if not any(";" in v for v in values) else ";".join(values)
        separator = ";" if ";" in joined else ","
        return [item.strip() for item in joined.split(separator) if item.strip()]
    return "\n".join(values)


# -- edits


def set_value(text: str, path: KeyPath, value: Any, newline: str = "\n") -> str:
    """``text`` with the header ``path[0]`` set to ``value``; only that key's lines change.

    Raises:
        SyntaxProblem: ``text`` is not header lines.
        GalleyError: the value cannot be written as header lines that read back as asked.
    """
    name = _name(path)
    before = load(text)
    value = to_plain(value)
    if len(path) == 2 and isinstance(before.get(name), list) and isinstance(path[1], int):
        items = list(before[name])
        items[path[1]] = value
        return set_value(text, (path[0],), items, newline)
    if len(path) != 1:
        raise _nested(path)
    if value is None:
        return delete(text, path, newline)
    entries = [e for e in _entries(text) if e.name == name]
    lines = _lines(path, value, _separator(text, entries))
    expected = _value(name, [ln.strip() for ln in lines])
    if before.get(name) == expected:
        return text
    if entries:
        first = entries[0]
        entry = _write(first.key, first.gap or " ", first.indent or "    ", lines, newline)
        candidate = text[: first.start] + entry + _drop(text, entries[1:], first.end)
    else:
        key = _new_key(str(path[0]), _entries(text))
        prefix = text if not text or text.endswith(("\n", "\r")) else text + newline
        candidate = prefix + _write(key, " ", "    ", lines, newline)
    after = load(candidate)
    if after.get(name) != expected or {k: v for k, v in after.items() if k != name} != {
        k: v for k, v in before.items() if k != name
    }:
        raise _refused(str(path[0]))
    return candidate


def delete(text: str, path: KeyPath, newline: str = "\n") -> str:
    """``text`` without the header ``path[0]`` (every line of it)."""
    name = _name(path)
    if len(path) == 2 and isinstance(path[1], int):
        items = load(text).get(name)
        if isinstance(items, list) and -len(items) <= path[1] < len(items):
            del items[path[1]]
            return set_value(text, (path[0],), items, newline)
        return text
    if len(path) != 1:
        raise _nested(path)
    entries = [e for e in _entries(text) if e.name == name]
    if not entries:
        return text
    return text[: entries[0].start] + _drop(text, entries[1:], entries[0].end)


def _name(path: KeyPath) -> str:
    if not path or not isinstance(path[0], str):
        raise ValueError("a header key path starts with a key")
    return path[0].lower()


def _drop(text: str, entries: list[_Entry], start: int) -> str:
    """``text`` from ``start`` on, without the lines of ``entries`` (which lie after it)."""
    out, pos = [], start
    for entry in entries:
        out.append(text[pos : entry.start])
        pos = entry.end
    out.append(text[pos:])
    return "".join(out)


def _write(key: str, gap: str, indent: str, lines: list[str], nl: str) -> str:
    first, *more = lines
    head = f"{key}:{gap if first else ''}{first}{nl}"
    return head + "".join(f"{indent}{line}{nl}" for line in more)


def _separator(text: str, entries: list[_Entry]) -> str:
    for entry in entries:
        line = text[entry.start : entry.end]
        found = _SEPARATOR.search(line.split(":", 1)[1])
        if found:
            return found.group(0).lstrip(" \t") or ", "
    return ", "


def _lines(path: KeyPath, value: Any, separator: str) -> list[str]:
    if isinstance(value, dict):
        raise _nested(path)
    if isinstance(value, list):
        if any(isinstance(v, (dict, list)) for v in value):
            raise _nested(path)
        return [separator.join(_text(v) for v in value)]
    text = _text(value)
    lines = text.split("\n")
    if len(lines) > 1 and any(not line.strip() for line in lines):
        raise GalleyError(
            f"Could not change '{path[0]}' in the header lines.",
            "A blank line ends the header lines, so a value written on several lines cannot "
            "hold an empty one. Remove the empty lines and try again.",
        )
    return lines


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M" + (":%S" if value.second else ""))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _new_key(key: str, entries: list[_Entry]) -> str:
    if not _KEY.fullmatch(key):
        raise GalleyError(
            f"Could not add '{key}' to the header lines.",
            "A header key is letters, digits, '_' and '-' only (like 'Title' or 'og_image').",
        )
    capitalised = entries[0].key[:1].isupper() if entries else True  # Pelican's docs' style
    return key[:1].upper() + key[1:] if capitalised and key.islower() else key


def _nested(path: KeyPath) -> GalleyError:
    return GalleyError(
        f"Could not change '{'.'.join(str(k) for k in path)}' in the header lines.",
        "Header lines ('Key: value') hold text and comma-separated lists, not nested keys. "
        "Edit the Headers tab instead.",
    )


def _refused(key: str) -> GalleyError:
    return GalleyError(
        f"Could not change '{key}' in the header lines.",
        "Galley could not write that value as a header line that reads back the same (a "
        "value's spaces at either end, or a comma inside a tag, are lost there). Edit the "
        "Headers tab instead.",
    )
