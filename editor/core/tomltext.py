"""Edit TOML front matter (Hugo's and Zola's ``+++`` blocks) in place, with tomlkit (pure).

tomlkit keeps a document's comments, key order, spacing and string styles, and
``tomlkit.parse(text).as_string()`` is ``text``; an edit changes the one item it sets. On top of
that, a new value is written in the old one's style: a literal string (``'…'``) stays literal, a
multi-line string stays multi-line, a date-time keeps its separator and digits (``2024-01-01
10:00:00`` stays space-separated), a list is edited item by item so a list written one item a
line keeps its layout, and a table set as a whole is edited key by key. TOML has no null:
setting a key to ``None`` removes it.

Values are read with :mod:`tomllib` (plain Python: strings, numbers, booleans, lists, dicts and
:class:`datetime.date` / :class:`datetime.datetime` for TOML's dates), and every edit is read
back and compared with what was asked for before it is returned.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Array, Date, DateTime, Item, String, StringType

from editor.core import dates
from editor.core.errors import GalleyError
from editor.core.fmtext import SyntaxProblem, keep_line_ends
from editor.core.yamltext import MISSING as _MISSING
from editor.core.yamltext import KeyPath, same, to_plain
from editor.core.yamltext import get_at as _get
from editor.core.yamltext import with_at as _with

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


class TomlFormat:
    """TOML front matter, for :class:`~editor.core.post.Post` (see :mod:`editor.core.fmtext`)."""

    name = "toml"
    label = "TOML"
    tab = "TOML"

    def load(self, text: str) -> Mapping[str, Any]:
        return load(text)

    def set_value(self, text: str, path: KeyPath, value: Any, newline: str) -> str:
        return set_value(text, path, value, newline)

    def delete(self, text: str, path: KeyPath, newline: str) -> str:
        return delete(text, path, newline)

    def duplicate_keys(self, text: str) -> tuple[str, ...]:
        return ()  # TOML forbids them: such a block does not parse

    def key(self, key: str) -> str:
        return key

    def key_lines(self, text: str) -> dict[str, int]:
        return key_lines(text)


_TOP_KEY = re.compile(r"[ \t]*(?:\"([^\"\n]*)\"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*[=.]")
_TABLE = re.compile(r"[ \t]*\[\[?[ \t]*(?:\"([^\"\n]*)\"|'([^'\n]*)'|([A-Za-z0-9_-]+))")


def key_lines(text: str) -> dict[str, int]:
    """The 0-based line of each top-level key: its ``key =`` line before the first table, or
    the first ``[key]`` / ``[key.sub]`` header of a table."""
    lines: dict[str, int] = {}
    in_table = False
    for number, line in enumerate(text.splitlines()):
        table = _TABLE.match(line)
        if table is not None:
            in_table = True
            lines.setdefault(next(g for g in table.groups() if g is not None), number)
        elif not in_table and (match := _TOP_KEY.match(line)) is not None:
            lines.setdefault(next(g for g in match.groups() if g is not None), number)
    return lines


def load(text: str) -> dict[str, Any]:
    """Parse TOML text. Raises :class:`SyntaxProblem` (0-based line and column)."""
    try:
        data: dict[str, Any] = tomllib.loads(text.replace("\r\n", "\n"))
        return data
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _AT.search(message)
        problem = _AT.sub("", message).strip() or "invalid TOML"
        if where is not None and where.group(1):
            raise SyntaxProblem(problem, int(where.group(1)) - 1, int(where.group(2)) - 1) from None
        lines = text.splitlines() or [""]
        raise SyntaxProblem(problem, len(lines) - 1, len(lines[-1])) from None


def set_value(text: str, path: KeyPath, value: Any, newline: str = "\n") -> str:
    """``text`` with the value at ``path`` set to ``value``, every other byte as it was.

    Raises:
        SyntaxProblem: ``text`` does not parse.
        GalleyError: the value cannot be written in TOML so that it reads back as asked.
    """
    if not path:
        raise ValueError("set_value needs a key path")
    value = to_plain(value)
    if value is None:
        return delete(text, path, newline)
    _check(value)
    before = load(text)
    if same(_get(before, path), value):
        return text
    return _edit(text, before, path, value, newline)


def delete(text: str, path: KeyPath, newline: str = "\n") -> str:
    """``text`` without the entry at ``path``; unchanged if there is none."""
    before = load(text)
    if _get(before, path) is _MISSING:
        return text
    return _edit(text, before, path, _MISSING, newline)


def _edit(text: str, before: dict[str, Any], path: KeyPath, value: Any, newline: str) -> str:
    where = ".".join(str(k) for k in path)
    doc = _parse(text)
    try:
        _apply(doc, path, value)
        candidate = _no_trailing_blank(text, keep_line_ends(text, doc.as_string(), newline))
        after = load(candidate)
    except (KeyError, IndexError, TypeError, ValueError, SyntaxProblem) as exc:
        raise _refused(where, exc) from None
    if not same(to_plain(after), _with(before, path, value)):
        raise _refused(where, None)
    return candidate


def _no_trailing_blank(old: str, new: str) -> str:
    """``new`` without the blank line tomlkit puts after a key it adds in front of a table
    (``draft = true`` then an empty line before ``[extra]``): only the key's line is new."""
    old_lines, new_lines = old.splitlines(True), new.splitlines(True)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, _i1, _i2, j1, j2 in matcher.get_opcodes():
        chunk = new_lines[j1:j2]
        if op == "insert" and any(line.strip() for line in chunk):
            while chunk and not chunk[-1].strip():
                chunk = chunk[:-1]
        out += chunk
    return "".join(out)


def _refused(where: str, exc: Exception | None) -> GalleyError:
    why = f" ({exc})" if exc is not None and str(exc) else ""
    return GalleyError(
        f"Could not change '{where}' in the front matter.",
        f"Galley could not write that value in TOML so that it reads back the same{why}. "
        "Edit it in the TOML tab instead.",
    )


def _parse(text: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise SyntaxProblem(str(exc), max(exc.line - 1, 0), max(exc.col, 0)) from None


def _check(value: Any) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"TOML keys must be text, not {k!r}")
            _check(v)
    elif isinstance(value, list):
        for v in value:
            if v is None:
                raise TypeError("a TOML list cannot hold an empty value")
            _check(v)
    elif not isinstance(value, (str, int, float, dt.date, dt.time)):
        raise TypeError(
            "front matter values must be text, numbers, true/false, dates, lists or tables, "
            f"not {type(value).__name__}"
        )


# -- edits on the tomlkit document


def _apply(container: Any, path: KeyPath, value: Any) -> None:
    """Set (or with ``_MISSING`` delete) ``path`` below ``container``, a tomlkit container."""
    key, rest = path[0], path[1:]
    exists = _has(container, key)
    if rest:
        if not exists:  # a table that is not there yet: write it with the new key in it
            _assign(container, key, _with({}, rest, value))
            return
        _apply(container[key], rest, value)
        return
    if value is _MISSING:
        del container[key]
    elif exists:
        _replace(container, key, value)
    else:
        _assign(container, key, value)


def _has(container: Any, key: Any) -> bool:
    if isinstance(container, list):
        return isinstance(key, int) and -len(container) <= key < len(container)
    return key in container


def _assign(container: Any, key: Any, value: Any) -> None:
    container[key] = _item(value)


def _replace(container: Any, key: Any, value: Any) -> None:
    """Write ``value`` over an existing item in the item's own style."""
    old = container[key]
    if isinstance(old, MutableMapping) and not isinstance(old, AoT) and isinstance(value, dict):
        for k in [k for k in old if k not in value]:
            del old[k]
        for k, v in value.items():
            _apply(old, (k,), v)
        return
    if isinstance(old, Array) and isinstance(value, list) and _scalars(value):
        _edit_array(old, value)
        return
    if isinstance(old, String) and isinstance(value, str):
        container[key] = _string_like(old, value)
        return
    if isinstance(old, (Date, DateTime)) and isinstance(value, dt.date):
        container[key] = _date_like(old, value)
        return
    container[key] = _item(value)


def _scalars(items: list[Any]) -> bool:
    return not any(isinstance(v, (dict, list)) for v in items)


def _edit_array(old: Array, new: list[Any]) -> None:
    """Edit a list item by item, so its layout (one item a line, say) stays."""
    plain = to_plain(list(old))
    if len(new) >= len(plain) and all(same(a, b) for a, b in zip(plain, new, strict=False)):
        for item in new[len(plain) :]:
            old.append(_item(item))
        return
    removed = _removed(plain, new)
    if removed is not None:
        for i in reversed(removed):
            del old[i]
        return
    if len(new) == len(plain):
        for i, item in enumerate(new):
            if not same(plain[i], item):
                old[i] = _item(item)
        return
    multiline = "\n" in old.as_string()
    old.clear()
    for item in new:
        old.append(_item(item))
    old.multiline(multiline)


def _removed(old: list[Any], new: list[Any]) -> list[int] | None:
    removed: list[int] = []
    j = 0
    for i, item in enumerate(old):
        if j < len(new) and same(item, new[j]):
            j += 1
        else:
            removed.append(i)
    return removed if j == len(new) else None


def _string_like(old: String, value: str) -> Item:
    kind = old.type
    literal = kind in (StringType.SLL, StringType.MLL)
    multiline = kind in (StringType.MLB, StringType.MLL) or "\n" in value
    for literal_try, multiline_try in ((literal, multiline), (False, multiline), (False, False)):
        try:
            return tomlkit.string(value, literal=literal_try, multiline=multiline_try)
        except (ValueError, tomlkit.exceptions.TOMLKitError):
            continue
    return tomlkit.item(value)


def _date_like(old: Date | DateTime, value: dt.date) -> Item:
    """A date or date-time written as the old one was (separator, seconds, fraction, zone)."""
    both_times = isinstance(old, DateTime) and isinstance(value, dt.datetime)
    both_days = isinstance(old, Date) and not isinstance(value, dt.datetime)
    if both_times or both_days:
        new = value if isinstance(value, dt.datetime) else dt.datetime(*value.timetuple()[:3])
        raw = dates.format_like(old.as_string(), new)
        if isinstance(raw, str):
            try:
                item = tomlkit.value(raw)
            except tomlkit.exceptions.ParseError:
                item = None
            if item is not None and same(to_plain(item), to_plain(value)):
                return item
    return tomlkit.item(value)


def _item(value: Any) -> Item:
    if isinstance(value, dict):
        table = tomlkit.table()
        for k, v in value.items():
            table[k] = _item(v)
        return table
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            aot = tomlkit.aot()
            for v in value:
                aot.append(_item(v))
            return aot
        array = tomlkit.array()
        for v in value:
            array.append(_inline(v))
        return array
    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    item: Item = tomlkit.item(value)
    return item


def _inline(value: Any) -> Any:
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for k, v in value.items():
            table[k] = _inline(v)
        return table
    if isinstance(value, list):
        return [_inline(v) for v in value]
    return _item(value)
