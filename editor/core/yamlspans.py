"""Where YAML values and entries lie in their text, from ruamel.yaml's composed nodes.

A composed node knows where its token starts and ends; these helpers turn that into the spans
:mod:`editor.core.yamltext` rewrites: a value's own text (after its anchor and tag, before any
comment), the whole lines of a ``key: value`` entry, and the line around an index. Where a span
cannot be told exactly, :class:`CannotPatch` says that a broader edit must be used.
"""

from __future__ import annotations

from ruamel.yaml.nodes import Node, ScalarNode


class CannotPatch(Exception):
    """A precise in-place edit is not possible here; a broader strategy must be used."""


def value_start(text: str, node: Node) -> int:
    """Where a value's own text starts: after its anchor (``&name``) and tag (``!!str``),
    which belong to the key and stay."""
    index = int(node.start_mark.index)
    while index < len(text) and text[index] in "&!":
        while index < len(text) and text[index] not in " \t\r\n":
            index += 1
        while index < len(text) and text[index] in " \t":
            index += 1
    return index


def in_flow(text: str, index: int) -> bool:
    """Whether ``index`` lies inside a flow collection (``[...]`` or ``{...}``) on its line."""
    line = text[text.rfind("\n", 0, index) + 1 : index]
    return line.count("[") + line.count("{") > line.count("]") + line.count("}")


def trimmed_end(text: str, end: int, floor: int) -> int:
    """End of the last non-blank line before ``end`` (after its line break)."""
    i = end
    while i > floor and text[i - 1] in " \t\r\n":
        i -= 1
    return line_end(text, i)


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Index just after the line break that ends the line holding ``index``."""
    j = text.find("\n", index)
    return len(text) if j < 0 else j + 1


def is_empty(node: Node) -> bool:
    """An implicit null (``key:`` with nothing after it); its marks point at the next token."""
    return isinstance(node, ScalarNode) and node.style is None and node.value == ""


def value_end(text: str, node: Node) -> int:
    """Index where the value's own text ends (before comments and blank lines after it)."""
    if isinstance(node, ScalarNode):
        if is_empty(node):
            raise CannotPatch  # only its key knows where it is; see entry_end
        if node.style in ("|", ">"):
            return trimmed_end(text, node.end_mark.index, node.start_mark.index) - 1
        return int(node.end_mark.index)
    if getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    if isinstance(last, tuple):
        return entry_end(text, *last)
    return value_end(text, last)


def entry_end(text: str, key_node: Node, value_node: Node) -> int:
    if is_empty(value_node):
        return int(key_node.end_mark.index)
    return value_end(text, value_node)


def entry_span(text: str, key_node: Node, value_node: Node) -> tuple[int, int]:
    """The whole lines holding one ``key: value`` entry, or raise if they hold more."""
    start = line_start(text, key_node.start_mark.index)
    if text[start : key_node.start_mark.index].strip():
        raise CannotPatch  # e.g. "- name: x": the line starts with something else
    end = line_end(text, entry_end(text, key_node, value_node))
    return start, end
