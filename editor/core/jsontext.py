"""Edit JSON front matter (Hugo's ``{ … }`` at the top of a post) in place (pure).

The block is one JSON object, braces included. An edit rewrites only the characters of the
value it sets: where each member and item lies is read from the text itself (the text is valid
JSON, checked first, so a small scanner over it suffices). A new key goes after the object's
last member, on a line of its own with that member's indentation (or inline when the object is
written on one line); a nested value is written with the file's indentation unit. Every edit is
read back and compared with what was asked for before it is returned. A key written twice
reads as its last value, as Go's ``encoding/json`` (Hugo) reads it, and that is the one edited.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from editor.core.errors import GalleyError
from editor.core.fmtext import SyntaxProblem
from editor.core.yamltext import MISSING as _MISSING
from editor.core.yamltext import KeyPath, same, to_plain
from editor.core.yamltext import get_at as _get
from editor.core.yamltext import with_at as _with

_WS = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()
_scanstring: Any = json.decoder.scanstring  # type: ignore[attr-defined]


class JsonFormat:
    """JSON front matter, for :class:`~editor.core.post.Post` (see :mod:`editor.core.fmtext`)."""

    name = "json"
    label = "JSON"
    tab = "JSON"

    def load(self, text: str) -> Mapping[str, Any]:
        data: Mapping[str, Any] = load(text)
        return data

    def set_value(self, text: str, path: KeyPath, value: Any, newline: str) -> str:
        return set_value(text, path, value, newline)

    def delete(self, text: str, path: KeyPath, newline: str) -> str:
        return delete(text, path, newline)

    def duplicate_keys(self, text: str) -> tuple[str, ...]:
        found: list[str] = []

        def note(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    found.append(key)
                seen.add(key)
            return dict(pairs)

        try:
            json.loads(text, object_pairs_hook=note)
        except ValueError:
            return ()
        return tuple(dict.fromkeys(found))

    def key(self, key: str) -> str:
        return key

    def key_lines(self, text: str) -> dict[str, int]:
        try:
            load(text)
            members, _ = _members(text, _skip(text, 0))
        except (SyntaxProblem, IndexError, ValueError):
            return {}
        return {str(m.key): text.count("\n", 0, m.start) for m in members}


def load(text: str) -> Any:
    """Parse the JSON object. Raises :class:`SyntaxProblem` (0-based line and column)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SyntaxProblem(exc.msg, exc.lineno - 1, exc.colno - 1) from None
    except RecursionError:
        raise SyntaxProblem("the JSON is nested too deeply") from None


class _Member(NamedTuple):
    key: Any  # a str in an object, the index in an array
    start: int  # where the member starts (its key in an object)
    key_end: int  # after its key's closing quote (== start in an array)
    value_start: int
    value_end: int


def _skip(text: str, i: int) -> int:
    match = _WS.match(text, i)
    return match.end() if match else i


def _members(text: str, start: int) -> tuple[list[_Member], int]:
    """The members of the object or array whose bracket is at ``start``, and its closing index."""
    is_object = text[start] == "{"
    closer = "}" if is_object else "]"
    members: list[_Member] = []
    i = _skip(text, start + 1)
    index = 0
    while text[i] != closer:
        member_start = key_end = i
        key: Any = index
        if is_object:
            key, key_end = _scanstring(text, i + 1)
            i = _skip(text, key_end) + 1  # the colon
            i = _skip(text, i)
        _, end = _DECODER.raw_decode(text, i)
        members.append(_Member(key, member_start, key_end, i, end))
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
        index += 1
    return members, i


def _find(members: list[_Member], key: Any) -> _Member | None:
    found = [m for m in members if m.key == key]
    return found[-1] if found else None  # the last of a key written twice: the one read


def _line_indent(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    line = text[start:index]
    return line[: len(line) - len(line.lstrip(" \t"))]


def _unit(text: str) -> str:
    """The file's indentation step (that of the object's first member), else two spaces."""
    match = re.search(r"\n([ \t]+)\"", text)
    return match.group(1) if match else "  "


def _dump(value: Any, indent: str, unit: str, newline: str) -> str:
    text = json.dumps(_jsonable(value), ensure_ascii=False, indent=unit)
    return text.replace("\n", newline + indent)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()  # JSON has no dates: Hugo reads the string
    return value


# -- public edits


def set_value(text: str, path: KeyPath, value: Any, newline: str = "\n") -> str:
    """``text`` with the value at ``path`` set to ``value``, every other byte as it was.

    Raises:
        SyntaxProblem: ``text`` does not parse.
        GalleyError: the value cannot be written so that it reads back as asked.
    """
    if not path:
        raise ValueError("set_value needs a key path")
    value = to_plain(value)
    before = load(text)
    if same(to_plain(_get(before, path)), value):
        return text
    return _edit(text, before, path, value, newline)


def delete(text: str, path: KeyPath, newline: str = "\n") -> str:
    before = load(text)
    if _get(before, path) is _MISSING:
        return text
    return _edit(text, before, path, _MISSING, newline)


def _edit(text: str, before: Any, path: KeyPath, value: Any, newline: str) -> str:
    where = ".".join(str(k) for k in path)
    if not isinstance(before, dict):
        raise GalleyError(
            "The front matter is not a JSON object.",
            'Fix it in the JSON tab so that it reads like { "title": "My post" }.',
        )
    try:
        candidate = _apply(text, _skip(text, 0), path, value, newline, _unit(text))
        after = load(candidate)
    except (ValueError, IndexError, TypeError, SyntaxProblem) as exc:
        raise _refused(where, exc) from None
    if not same(to_plain(after), to_plain(_with(before, path, _jsonable(value)))):
        raise _refused(where, None)
    return candidate


def _refused(where: str, exc: Exception | None) -> GalleyError:
    why = f" ({exc})" if exc is not None and str(exc) else ""
    return GalleyError(
        f"Could not change '{where}' in the front matter.",
        f"Galley could not write that value in JSON so that it reads back the same{why}. "
        "Edit it in the JSON tab instead.",
    )


def _apply(text: str, at: int, path: KeyPath, value: Any, nl: str, unit: str) -> str:
    """Edit the container whose bracket is at ``at``."""
    members, close = _members(text, at)
    key, rest = path[0], path[1:]
    if isinstance(key, int) and text[at] == "[" and key < 0:
        key += len(members)
    member = _find(members, key)
    if member is None:
        if value is _MISSING:
            return text
        if text[at] != "{" or not isinstance(key, str):
            raise IndexError(key)
        return _append(text, at, members, close, key, _with({}, rest, value), nl, unit)
    if rest:
        if text[member.value_start] in "{[":
            return _apply(text, member.value_start, rest, value, nl, unit)
        nested = _with(None, rest, value)  # a scalar becomes the object the path needs
        return _put(text, member, nested, nl, unit)
    if value is _MISSING:
        text = _remove(text, at, members, close, member)
        while isinstance(key, str):  # every copy of a key written twice
            members, close = _members(text, at)
            member = _find(members, key)
            if member is None:
                break
            text = _remove(text, at, members, close, member)
        return text
    return _put(text, member, value, nl, unit)


def _put(text: str, member: _Member, value: Any, nl: str, unit: str) -> str:
    start, end = member.value_start, member.value_end
    old = json.loads(text[start:end])
    multiline = "\n" in text[start:end]
    if isinstance(old, dict) and isinstance(value, dict) and multiline:
        for k in [k for k in old if k not in value]:
            text = _apply(text, start, (k,), _MISSING, nl, unit)
        for k, v in value.items():
            text = _apply(text, start, (k,), v, nl, unit)
        return text
    if not multiline and isinstance(value, (dict, list)):
        written = json.dumps(_jsonable(value), ensure_ascii=False)
    else:
        written = _dump(value, _line_indent(text, start), unit, nl)
    return text[:start] + written + text[end:]


def _append(
    text: str, at: int, members: list[_Member], close: int, key: str, value: Any, nl: str, unit: str
) -> str:
    separator = ": "
    if members:
        separator = _separator(text, members[0])
        last = members[-1]
        if "\n" in text[at:close]:
            indent = _line_indent(text, last.start)
            entry = f"{json.dumps(key)}{separator}{_dump(value, indent, unit, nl)}"
            return text[: last.value_end] + "," + nl + indent + entry + text[last.value_end :]
        entry = f"{json.dumps(key)}{separator}{json.dumps(_jsonable(value), ensure_ascii=False)}"
        return text[: last.value_end] + ", " + entry + text[last.value_end :]
    inside = text[at + 1 : close]
    if "\n" in inside or at == _skip(text, 0):  # the front matter object is always multi-line
        outer = _line_indent(text, at)
        indent = outer + unit
        entry = f"{json.dumps(key)}{separator}{_dump(value, indent, unit, nl)}"
        return text[: at + 1] + nl + indent + entry + nl + outer + text[close:]
    entry = f"{json.dumps(key)}{separator}{json.dumps(_jsonable(value), ensure_ascii=False)}"
    return text[: at + 1] + entry + text[close:]


def _separator(text: str, member: _Member) -> str:
    """How the file writes ``"key": value`` (``": "``, ``":"``, ``" : "``)."""
    written = text[member.key_end : member.value_start]
    return written if ":" in written and "\n" not in written else ": "


def _remove(text: str, at: int, members: list[_Member], close: int, member: _Member) -> str:
    index = members.index(member)
    if len(members) == 1:
        inside = text[at + 1 : close]
        keep = _emptied(inside)
        return text[: at + 1] + keep + text[close:]
    if index > 0:  # from the end of the one before: its comma goes with this member
        previous = members[index - 1]
        return text[: previous.value_end] + text[member.value_end :]
    following = members[1]
    return text[: member.start] + text[following.start :]


def _emptied(inside: str) -> str:
    """What stays between the braces of an object emptied of its last member: its line break
    and the closing brace's indentation, when it had them."""
    if "\n" not in inside:
        return ""
    return inside[inside.rfind("\n") - (1 if "\r\n" in inside else 0) :]
