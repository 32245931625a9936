"""The front matter formats by name, each behind :class:`~editor.core.fmtext.FrontMatterFormat`.

YAML is edited by :mod:`~editor.core.yamltext`; this module adds what generators that read YAML
1.1 accept (Jekyll's Psych, Hugo's older go-yaml): ``yes``/``no``/``on``/``off`` written plainly
as the value of a top-level flag such as ``draft`` read as true and false. Only flags: a title
that says ``Yes`` is text on every site, and YAML 1.1 read whole would also turn ``10:30`` into
a number of minutes. The words are never rewritten: setting such a flag writes the word of the
same pair and case (``yes`` becomes ``no``, ``On`` becomes ``Off``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from editor.core import yamltext
from editor.core.fmtext import FrontMatterFormat, SyntaxProblem
from editor.core.headertext import HeaderFormat
from editor.core.jsontext import JsonFormat
from editor.core.yamltext import KeyPath

__all__ = ["FLAG_KEYS", "FORMATS", "YamlFormat"]

# Top-level keys that hold true or false in the generators' own docs and common themes.
FLAG_KEYS = frozenset(
    {
        "draft", "published", "unlisted", "hidden", "featured", "pinned", "comments", "toc",
        "private", "sticky", "archived", "noindex", "sitemap", "math", "mermaid", "hide",
        "show_toc", "disable_comments", "hide_table_of_contents", "unsafe",
    }
)  # fmt: skip
_WORDS = {"yes": True, "on": True, "no": False, "off": False}
_PAIRS = {"yes": "no", "no": "yes", "on": "off", "off": "on"}
_YAML11_FLAG = re.compile(
    r"^(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]+"
    r"(?P<word>yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)[ \t]*(?:#.*)?\r?$",
    re.MULTILINE,
)


class YamlFormat:
    """YAML front matter (see :mod:`editor.core.yamltext` and this module's doc)."""

    name = "yaml"
    label = "YAML"
    tab = "YAML"

    def load(self, text: str) -> Mapping[str, Any]:
        try:
            data = yamltext.load(text)
        except yamltext.YamlSyntaxError as exc:
            raise SyntaxProblem(exc.problem, exc.line, exc.column) from None
        if data is None:
            return {}
        flags = _flags(text)
        if not flags or not isinstance(data, Mapping):
            return data  # type: ignore[no-any-return]
        read = dict(data)
        for key, word in flags.items():
            if read.get(key) == word:
                read[key] = _WORDS[word.lower()]
        return read

    def set_value(self, text: str, path: KeyPath, value: Any, newline: str) -> str:
        word = _flags(text).get(path[0]) if len(path) == 1 and isinstance(path[0], str) else None
        if word is not None and isinstance(value, bool):
            if _WORDS[word.lower()] == value:
                return text
            value = _matching_case(word, _PAIRS[word.lower()])
        return self._edit(yamltext.set_value, text, path, value, newline)

    def delete(self, text: str, path: KeyPath, newline: str) -> str:
        return self._edit(yamltext.delete, text, path, newline)

    def _edit(self, edit: Any, text: str, *args: Any) -> str:
        try:
            return edit(text, *args)  # type: ignore[no-any-return]
        except yamltext.YamlSyntaxError as exc:
            raise SyntaxProblem(exc.problem, exc.line, exc.column) from None

    def duplicate_keys(self, text: str) -> tuple[str, ...]:
        try:
            return yamltext.duplicate_keys(text)
        except yamltext.YamlSyntaxError:
            return ()

    def key(self, key: str) -> str:
        return key

    def key_lines(self, text: str) -> dict[str, int]:
        try:
            return yamltext.key_lines(text)
        except yamltext.YamlSyntaxError:
            return {}


def _flags(text: str) -> dict[str, str]:
    """Top-level flags written as YAML 1.1 words: key to word (the last one, if written twice)."""
    return {
        m.group("key"): m.group("word")
        for m in _YAML11_FLAG.finditer(text)
        if m.group("key") in FLAG_KEYS
    }


def _matching_case(like: str, word: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word.capitalize()
    return word


def _toml() -> FrontMatterFormat:
    from editor.core.tomltext import TomlFormat

    return TomlFormat()


class _Formats(Mapping[str, FrontMatterFormat]):
    """The formats by name, each made when first asked for: tomlkit (12 ms to import) is
    loaded only once a TOML post is opened, not on every start."""

    def __init__(self, makers: dict[str, Callable[[], FrontMatterFormat]]) -> None:
        self._makers = makers
        self._made: dict[str, FrontMatterFormat] = {}

    def __getitem__(self, name: str) -> FrontMatterFormat:
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = self._makers[name]()
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


FORMATS: Mapping[str, FrontMatterFormat] = _Formats(
    {"yaml": YamlFormat, "toml": _toml, "json": JsonFormat, "headers": HeaderFormat}
)
