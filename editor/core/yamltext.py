"""Edit YAML text in place, rewriting only the characters of the value that changed.

Front matter belongs to the author: its key order, quoting, comments, block scalars and odd
spacing must survive an edit. Re-dumping the whole mapping with ruamel.yaml loses some of that, so
edits here work on the text itself: ruamel.yaml composes the text into nodes that know where each
value starts and ends, the new value is written in the old value's style into exactly that span,
and the result is parsed again and compared with what was asked for. If a precise edit is not
possible (say a scalar becomes a list), the key's own lines are rewritten, and only as a last
resort the whole block.

Anchors, aliases and merge keys (``&base``, ``*base``, ``<<: *base``) are kept: an edit writes
after the value's anchor, and a value shared through them is never re-dumped (that would expand
the merge and drop the anchors of keys the user did not touch). An edit that would change
other keys through an alias is refused with a message instead. Where each value and entry lies
in the text is worked out by :mod:`editor.core.yamlspans`.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import LiteralScalarString

from editor.core.errors import GalleyError
from editor.core.yamlspans import (
    CannotPatch,
    entry_end,
    entry_span,
    in_flow,
    is_empty,
    line_end,
    line_start,
    trimmed_end,
    value_end,
    value_start,
)

Key = str | int
KeyPath = tuple[Key, ...]

_MISSING = object()


class YamlSyntaxError(Exception):
    """The YAML text does not parse; ``line`` and ``column`` are 0-based within the text."""

    def __init__(self, problem: str, line: int, column: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


_local = threading.local()


class _LastKeyWins(RoundTripConstructor):
    """A key written twice reads as its last value, as Jekyll's parser (Ruby's Psych) and
    go-yaml read it; the keys met twice are noted in ``duplicates``."""

    duplicates: list[str]

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        if key in mapping:
            mapping[key] = value  # in the first one's place, with the last one's value
            self.duplicates.append(str(key))
            return False
        return True


def _yaml() -> YAML:
    """A round-trip parser, made once per thread (creating one costs more than a small parse)."""
    parser: YAML | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = YAML(typ="rt")
        parser.Constructor = _LastKeyWins
    return parser


def _dumper() -> YAML:
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 1_000_000  # never fold long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> Any:
    """Parse YAML text (round-trip types). Raises :class:`YamlSyntaxError`.

    The result is shared between callers that parse the same text (an edit parses the same
    front matter several times): treat it as read-only. A key written twice reads as its last
    value (:func:`duplicate_keys` names them).
    """
    return _load_cached(text)[0]


def duplicate_keys(text: str) -> tuple[str, ...]:
    """The keys written more than once in one mapping of ``text``, each named once."""
    return _load_cached(text)[1]


@functools.lru_cache(maxsize=16)
def _load_cached(text: str) -> tuple[Any, tuple[str, ...]]:
    parser = _yaml()
    constructor = parser.constructor
    constructor.duplicates = []
    try:
        data = parser.load(text)
        return data, tuple(dict.fromkeys(constructor.duplicates))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        line = mark.line if mark is not None else 0
        column = mark.column if mark is not None else 0
        raise YamlSyntaxError(problem, line, column) from None
    except YAMLError as exc:
        raise YamlSyntaxError(str(exc).strip() or "invalid YAML", 0, 0) from None


def to_plain(value: Any) -> Any:
    """Convert round-trip YAML data (or meta proxies) to plain dicts, lists, str, int, dates."""
    if isinstance(value, Mapping):
        return {to_plain(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return [to_plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, value.tzinfo,
        )  # fmt: skip
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return value


def same(a: Any, b: Any) -> bool:
    """Equality that tells ``True`` from ``1`` and ``1`` from ``1.0``, on plain data."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _get(data: Any, path: KeyPath) -> Any:
    for key in path:
        in_dict = isinstance(data, dict) and key in data
        in_list = isinstance(data, list) and isinstance(key, int) and -len(data) <= key < len(data)
        if in_dict or in_list:
            data = data[key]
        else:
            return _MISSING
    return data


def _with(data: Any, path: KeyPath, value: Any) -> Any:
    """Return plain ``data`` with ``path`` set to ``value`` (``_MISSING`` deletes it)."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if isinstance(data, list) and isinstance(key, int):
        new_list = list(data)
        if value is _MISSING and not rest:
            del new_list[key]
        else:
            new_list[key] = _with(new_list[key], rest, value)
        return new_list
    new: dict[Any, Any] = dict(data) if isinstance(data, dict) else {}
    if value is _MISSING and not rest:
        new.pop(key, None)
    elif value is _MISSING and key not in new:
        pass
    else:
        new[key] = _with(new.get(key), rest, value)
    return new


# The same key-path helpers serve the other formats' edits (tomltext, jsontext).
MISSING = _MISSING
get_at = _get
with_at = _with


# ---------------------------------------------------------------------------------------------
# Public edits


def set_value(text: str, path: KeyPath, value: Any, newline: str = "\n") -> str:
    """Return ``text`` with the value at ``path`` set to ``value``, changing as little as possible.

    Raises:
        YamlSyntaxError: ``text`` itself does not parse.
        GalleyError: the edit could not be written so that it reads back as asked.
    """
    if not path:
        raise ValueError("set_value needs a key path")
    value = to_plain(value)
    _check_value(value)
    before = to_plain(load(text)) or {}
    if not isinstance(before, dict):
        raise _not_a_mapping()
    if same(_get(before, path), value):
        return text
    return _edit(text, before, path, value, newline)


def delete(text: str, path: KeyPath, newline: str = "\n") -> str:
    """Return ``text`` without the entry at ``path`` (its lines removed); unchanged if absent."""
    before = to_plain(load(text)) or {}
    if not isinstance(before, dict):
        raise _not_a_mapping()
    if _get(before, path) is _MISSING:
        return text
    return _edit(text, before, path, _MISSING, newline)


def _not_a_mapping() -> GalleyError:
    return GalleyError(
        "The front matter is not a list of keys and values.",
        "Fix it in the YAML tab so that each line reads like 'title: My post'.",
    )


def _edit(text: str, before: Any, path: KeyPath, value: Any, newline: str) -> str:
    expected = _with(before, path, value)
    shares = _shares_values(_compose(text))
    strategies: tuple[Callable[[str, KeyPath, Any, Any, str], str], ...] = (
        _edit_in_place,
        _rewrite_entry,
        _rewrite_all,
    )
    if shares:  # re-dumping the block would expand merges and drop anchors
        strategies = (_edit_in_place, _rewrite_entry)
    for strategy in strategies:
        try:
            candidate = strategy(text, path, value, expected, newline)
            if same(to_plain(load(candidate)) or {}, expected):
                return candidate
        except (CannotPatch, YamlSyntaxError):
            continue
    where = ".".join(str(k) for k in path)
    if shares:
        raise GalleyError(
            f"Could not change '{where}' in the front matter without changing other keys.",
            "The front matter shares values between keys through YAML anchors and aliases "
            "(&name, *name, <<: *name). Edit it in the YAML tab, where you can decide what "
            "the other keys should say.",
        )
    raise GalleyError(
        f"Could not change '{where}' in the front matter.",
        "Galley could not write that value so that it reads back the same. "
        "Edit it in the YAML tab instead.",
    )


def _check_value(value: Any) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, (str, int)):
                raise TypeError(f"front matter keys must be text or numbers, not {k!r}")
            _check_value(v)
    elif isinstance(value, list):
        for v in value:
            _check_value(v)
    elif value is not None and not isinstance(value, (str, int, float, dt.date)):
        raise TypeError(
            "front matter values must be text, numbers, true/false, dates, lists or maps, "
            f"not {type(value).__name__}"
        )


# ---------------------------------------------------------------------------------------------
# Strategy 1: precise edits of the changed spans


def _edit_in_place(text: str, path: KeyPath, value: Any, expected: Any, newline: str) -> str:
    if value is _MISSING:
        return _delete_lines(text, path)
    return _apply(text, path, value, newline)


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _shares_values(root: Node | None) -> bool:
    """Whether any node below ``root`` has an anchor (so aliases may use it) or is a merge."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen or getattr(node, "anchor", None):
            return True  # met twice: an alias
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, item in node.value:
                if str(key.tag) == _MERGE_TAG:
                    return True
                stack += (key, item)
        elif isinstance(node, SequenceNode):
            stack += node.value
    return False


def _compose(text: str) -> Node | None:
    try:
        return _yaml().compose(text)  # type: ignore[no-any-return]
    except YAMLError as exc:
        raise YamlSyntaxError(str(exc), 0, 0) from None


def key_lines(text: str) -> dict[str, int]:
    """The 0-based line of each top-level key of ``text`` (of its last copy, if written twice)."""
    root = _compose(text)
    if not isinstance(root, MappingNode):
        return {}
    return {
        str(key.value): int(key.start_mark.line)
        for key, _ in root.value
        if isinstance(key, ScalarNode) and str(key.tag) != _MERGE_TAG
    }


def _find(mapping: MappingNode, key: Key) -> tuple[Node, Node] | None:
    """The entry of ``key``: its last one when it is written twice (that is the one read)."""
    found = _find_all(mapping, key)
    return found[-1] if found else None


def _find_all(mapping: MappingNode, key: Key) -> list[tuple[Node, Node]]:
    return [
        (key_node, value_node)
        for key_node, value_node in mapping.value
        if isinstance(key_node, ScalarNode) and key_node.value == str(key)
    ]


def _node_at(root: Node | None, path: KeyPath) -> Node | None:
    node = root
    for key in path:
        if isinstance(node, MappingNode):
            pair = _find(node, key)
            node = pair[1] if pair else None
        elif isinstance(node, SequenceNode) and isinstance(key, int):
            node = node.value[key] if -len(node.value) <= key < len(node.value) else None
        else:
            return None
    return node


def _apply(text: str, path: KeyPath, value: Any, newline: str) -> str:
    root = _compose(text)
    parent_path, key = path[:-1], path[-1]
    parent = _node_at(root, parent_path)
    if parent is None and not parent_path:
        return _append_entry(text, None, key, value, newline)
    if isinstance(parent, MappingNode):
        pair = _find(parent, key)
        if pair is None and parent.flow_style and parent_path:
            siblings = _get(to_plain(load(text)), parent_path)
            return _replace(text, parent, parent_path, {**siblings, key: value}, 0, newline)
        if pair is None:
            return _append_entry(text, parent if parent_path else None, key, value, newline)
        key_node, node = pair
        if is_empty(node) and not isinstance(value, (dict, list)):
            return _fill_empty(text, key_node, value)
        return _replace(text, node, path, value, key_node.start_mark.column, newline)
    if isinstance(parent, SequenceNode) and isinstance(key, int):
        item = _node_at(parent, (key,))
        if item is None:
            raise CannotPatch
        return _replace(text, item, path, value, item.start_mark.column - 2, newline)
    if parent is not None and parent_path and isinstance(key, str):
        # The parent is a scalar (often an empty ``author:``): give it a mapping.
        return _apply(text, parent_path, {key: value}, newline)
    raise CannotPatch


def _replace(text: str, node: Node, path: KeyPath, value: Any, key_col: int, newline: str) -> str:
    old = _get(to_plain(load(text)), path)  # cached parse: cheap
    if same(old, value):
        return text
    if isinstance(node, ScalarNode) and not isinstance(value, (dict, list)):
        if node.style in ("|", ">"):
            return _replace_block_scalar(text, node, value, key_col, newline)
        start, end = value_start(text, node), node.end_mark.index
        return text[:start] + _scalar(value, node.style, flow=in_flow(text, start)) + text[end:]
    if isinstance(node, SequenceNode) and isinstance(value, list) and isinstance(old, list):
        if node.flow_style:
            return _splice_flow(text, node, value)
        if len(value) == len(old):
            for i, item in enumerate(value):
                text = _apply(text, (*path, i), item, newline)
            return text
        if len(value) > len(old) and all(same(a, b) for a, b in zip(old, value, strict=False)):
            return _append_items(text, node, value[len(old) :], newline)
        removed = _removed_indices(old, value)
        if removed is None:
            raise CannotPatch
        for i in reversed(removed):
            text = _delete_lines(text, (*path, i))
        return text
    if isinstance(node, MappingNode) and isinstance(value, dict) and isinstance(old, dict):
        if node.flow_style:
            return _splice_flow(text, node, value)
        for k in old:
            if k not in value:
                text = _delete_lines(text, (*path, k))
        for k, v in value.items():
            text = _apply(text, (*path, k), v, newline)
        return text
    raise CannotPatch


def _fill_empty(text: str, key_node: Node, value: Any) -> str:
    """Write a scalar after ``key:`` where there was no value, keeping any comment after it."""
    colon = text.find(":", key_node.end_mark.index)
    if colon < 0 or "\n" in text[key_node.end_mark.index : colon]:
        raise CannotPatch
    end = colon + 1
    while end < len(text) and text[end] in " \t":
        end += 1
    after = " " if end < len(text) and text[end] == "#" else ""
    return text[: colon + 1] + " " + _scalar(value, None) + after + text[end:]


def _removed_indices(old: list[Any], new: list[Any]) -> list[int] | None:
    """Indices of ``old`` to delete to get ``new``, if ``new`` is ``old`` with items taken out."""
    removed: list[int] = []
    j = 0
    for i, item in enumerate(old):
        if j < len(new) and same(item, new[j]):
            j += 1
        else:
            removed.append(i)
    return removed if j == len(new) else None


# -- scalars


_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def _scalar(value: Any, style: str | None, *, flow: bool = False) -> str:
    """Write ``value`` as a one-line YAML scalar, in ``style`` when it allows."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if style is None and _plain_ok(text, flow):
        return text
    if style != '"' and "\n" not in text and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or "\n" in text or not text.isprintable():
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(c in text for c in ",[]{}"):
        return False
    try:
        loaded = load(f"k: {text}\n")
    except YamlSyntaxError:
        return False
    return isinstance(loaded, Mapping) and type(loaded.get("k")) is str and loaded["k"] == text


def _replace_block_scalar(text: str, node: ScalarNode, value: Any, key_col: int, nl: str) -> str:
    start = value_start(text, node)
    header_end = text.find("\n", start)
    header_end = len(text) if header_end < 0 else header_end
    header = text[start:header_end].rstrip("\r")
    comment = header[header.find(" #") :] if " #" in header else ""
    keep = "+" in header.split("#")[0]
    end = node.end_mark.index if keep else trimmed_end(text, node.end_mark.index, start)
    content_lines = text[header_end + 1 : end].splitlines()
    indents = [len(ln) - len(ln.lstrip(" ")) for ln in content_lines if ln.strip()]
    indent = " " * (min(indents) if indents else key_col + 2)
    if not isinstance(value, str) or (value and value[0] in " \t"):
        return text[:start] + _scalar(value, None) + nl + text[end:]
    body = value[:-1] if value.endswith("\n") else value
    style = "|" if node.style == "|" or "\n" in body else ">"
    if value.endswith("\n\n"):
        chomp = "+"
    elif value.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    lines = body.split("\n") if chomp != "+" else value[:-1].split("\n")
    out = [f"{style}{chomp}{comment}"] + [indent + ln if ln else "" for ln in lines]
    return text[:start] + nl.join(out) + nl + text[end:]


# -- flow collections


def _splice_flow(text: str, node: Node, value: Any) -> str:
    """Rewrite a flow collection (``['a', 'b']``, ``{a: 1}``) keeping its quoting and spacing."""
    start, end = value_start(text, node), node.end_mark.index
    styles: dict[Any, str | None] = {}
    string_style: str | None = None
    for i, entry in enumerate(node.value):
        key, item = (entry[0].value, entry[1]) if isinstance(entry, tuple) else (i, entry)
        if isinstance(item, ScalarNode):
            styles[key] = item.style
            if str(item.tag).endswith(":str") and string_style is None:
                string_style = item.style
    pad = " " if end - start > 2 and text[start + 1] == " " else ""
    entries = value.values() if isinstance(value, dict) else value
    if any(isinstance(v, (dict, list)) for v in entries):
        raise CannotPatch

    def scalar(key: Any, item: Any) -> str:
        return _scalar(item, styles.get(key, string_style), flow=True)

    if isinstance(value, dict):
        parts = [f"{_scalar(k, None, flow=True)}: {scalar(k, v)}" for k, v in value.items()]
        opener, closer = "{", "}"
    else:
        parts = [scalar(i, v) for i, v in enumerate(value)]
        opener, closer = "[", "]"
    inner = ", ".join(parts)
    return (
        text[:start]
        + (opener + pad + inner + pad + closer if inner else opener + closer)
        + text[end:]
    )


# -- block collections


def _delete_lines(text: str, path: KeyPath) -> str:
    root = _compose(text)
    parent = _node_at(root, path[:-1])
    key = path[-1]
    if isinstance(parent, (MappingNode, SequenceNode)) and parent.flow_style:
        remaining = _with(_get(to_plain(load(text)), path[:-1]), (key,), _MISSING)
        return _splice_flow(text, parent, remaining)
    if isinstance(parent, MappingNode) and not parent.flow_style:
        for pair in reversed(_find_all(parent, key)):  # every copy of a key written twice
            start, end = entry_span(text, *pair)
            text = text[:start] + text[end:]
        return text
    if isinstance(parent, SequenceNode) and not parent.flow_style and isinstance(key, int):
        item = parent.value[key]
        dash = text.rfind("-", 0, item.start_mark.index)
        start = line_start(text, dash)
        if dash < 0 or text[start:dash].strip():
            raise CannotPatch
        end = line_end(text, value_end(text, item))
        return text[:start] + text[end:]
    raise CannotPatch


def _append_entry(text: str, parent: MappingNode | None, key: Key, value: Any, nl: str) -> str:
    """Add ``key: value`` after the last entry of ``parent`` (``None``: the top level)."""
    if parent is None:
        # The top level: append at the end of the block.
        if text and not text.endswith("\n"):
            text += nl
        return text + _dump_entry(key, value, 0, nl)
    if parent.flow_style or not parent.value:
        raise CannotPatch
    first_key = parent.value[0][0]
    at = line_end(text, entry_end(text, *parent.value[-1]))
    prefix = text[:at] if text[:at].endswith("\n") or not text[:at] else text[:at] + nl
    return prefix + _dump_entry(key, value, first_key.start_mark.column, nl) + text[at:]


def _append_items(text: str, node: SequenceNode, items: list[Any], nl: str) -> str:
    if any(isinstance(v, (dict, list)) for v in items) or not node.value:
        raise CannotPatch
    first = node.value[0]
    dash = text.rfind("-", 0, first.start_mark.index)
    if dash < 0:
        raise CannotPatch
    column = dash - line_start(text, dash)
    style = first.style if isinstance(first, ScalarNode) else None
    at = line_end(text, value_end(text, node.value[-1]))
    prefix = text[:at] if text[:at].endswith("\n") else text[:at] + nl
    lines = "".join(f"{' ' * column}- {_scalar(v, style)}{nl}" for v in items)
    return prefix + lines + text[at:]


def _dump_entry(key: Key, value: Any, indent: int, nl: str) -> str:
    """``key: value`` as block YAML, every line indented by ``indent`` spaces."""
    buf = StringIO()
    _dumper().dump({key: _literal_multiline(value)}, buf)
    lines = buf.getvalue().splitlines()
    return "".join((" " * indent + ln if ln else "") + nl for ln in lines)


def _literal_multiline(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, dict):
        return {k: _literal_multiline(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal_multiline(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Strategy 2: rewrite the lines of the nearest whole entry; strategy 3: the whole block


def _rewrite_entry(text: str, path: KeyPath, value: Any, expected: Any, newline: str) -> str:
    root = _compose(text)
    for depth in range(len(path), 0, -1):
        sub = path[:depth]
        parent = _node_at(root, sub[:-1])
        if not isinstance(parent, MappingNode) or parent.flow_style:
            continue
        new_value = _get(expected, sub)
        pair = _find(parent, sub[-1])
        if pair is None:
            if new_value is _MISSING:
                return text
            return _append_entry(text, parent if sub[:-1] else None, sub[-1], new_value, newline)
        if _shares_values(pair[0]) or _shares_values(pair[1]):
            raise CannotPatch  # its anchors or aliases would be lost in the rewrite
        try:
            start, end = entry_span(text, *pair)
        except CannotPatch:
            continue
        if new_value is _MISSING:
            return text[:start] + text[end:]
        column = pair[0].start_mark.column
        return text[:start] + _dump_entry(sub[-1], new_value, column, newline) + text[end:]
    raise CannotPatch


def _rewrite_all(text: str, path: KeyPath, value: Any, expected: Any, newline: str) -> str:
    """Re-dump the whole block from its round-trip data, which keeps comments and key order."""
    data = copy.deepcopy(load(text))
    if data is None:
        data = {}
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if value is _MISSING:
        del parent[path[-1]]
    else:
        parent[path[-1]] = _literal_multiline(value)
    if not data:
        return ""
    buf = StringIO()
    _dumper().dump(data, buf)
    return re.sub(r"\r?\n", lambda _: newline, buf.getvalue())
