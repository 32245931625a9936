"""A site generator's configuration, read as text and never run (pure; no Qt).

TOML, YAML and JSON files are parsed (:func:`load_data`); a JavaScript config is only searched:
:func:`js_code` blanks its comments so a commented-out setting is not read, :func:`js_objects`
finds the ``{ … }`` object after a name, :func:`js_strings` the string literals given to a key.
A Python config (Pelican's ``pelicanconf.py``) is parsed by :mod:`ast` and only its literal
assignments are read (:func:`py_settings`). A file that is missing, too big, not a regular file
or a link out of the site reads as nothing, never as an error: detection then falls back to the
file's name.
"""

from __future__ import annotations

import ast
import json
import logging
import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from editor.core import fileio
from editor.core.errors import GalleyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "js_code",
    "js_objects",
    "js_strings",
    "load_data",
    "lookup",
    "py_settings",
    "read_text",
    "renders_emoji",
]

log = logging.getLogger(__name__)


def read_text(path: Path, root: Path) -> str | None:
    """The text of the config file ``path`` of the site at ``root``, or None when there is no
    such regular file inside the site (a link out of it is not followed) or it is unreadable."""
    try:
        if not path.is_file():
            return None
        if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
            log.warning("Not reading %s: it leads outside the site %s", path, root)
            return None
        data = fileio.read_bytes(path, fileio.MAX_SETTINGS_BYTES, kind="settings files")
    except (GalleyError, OSError):
        return None
    return data.decode("utf-8-sig", "replace")


def load_data(path: Path, text: str) -> Mapping[str, Any] | None:
    """The settings of a TOML, YAML or JSON config file (chosen by its suffix), or None when
    its text does not parse into a table."""
    suffix = path.suffix.lower()
    data: Any
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            yaml = YAML(typ="safe", pure=True)
            yaml.Constructor = _LastKeyWins
            data = yaml.load(text)
        elif suffix == ".json":
            data = json.loads(text)
        else:
            return None
    except Exception as exc:  # any parser's error: the file is read as having no settings
        log.info("Could not parse %s: %s", path, exc)
        return None
    return data if isinstance(data, Mapping) else None


class _LastKeyWins(SafeConstructor):
    """YAML read as Jekyll's and Hugo's parsers read it: of a key given twice, the last."""

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        return True


def lookup(data: Mapping[str, Any] | None, *keys: str, fold: bool = False) -> Any:
    """The value at the path of ``keys`` in nested tables, or None; ``fold``: keys compare
    case-insensitively (Hugo's do)."""
    value: Any = data
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        if fold:
            value = next((v for k, v in value.items() if str(k).casefold() == key.casefold()), None)
        else:
            value = value.get(key)
    return value


# -- JavaScript, searched as text

_JS_TOKEN = re.compile(
    r"""//[^\n]*|/\*.*?(?:\*/|\Z)"""  # comments
    r"""|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`""",  # strings
    re.S,
)
_JS_STRING = r"""(?:'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"|`((?:\\.|[^`\\])*)`)"""


def js_code(text: str) -> str:
    """``text`` with its comments blanked (same length, newlines kept); strings are kept."""

    def blank(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith(("//", "/*")):
            return re.sub(r"[^\n]", " ", token)
        return token

    return _JS_TOKEN.sub(blank, text)


def js_objects(code: str, after: str) -> Iterator[str]:
    """Each balanced ``{ … }`` object that follows a match of the regex ``after`` in ``code``
    (skipping what lies between, up to the first ``{``; a ``false`` or ``]`` there ends it)."""
    for match in re.finditer(after, code):
        start = match.end()
        opening = re.compile(r"\s*(?:[:,(\[]\s*)*\{").match(code, start)
        if opening is None:
            continue
        end = _closing_brace(code, opening.end() - 1)
        if end is not None:
            yield code[opening.end() - 1 : end + 1]


def _closing_brace(code: str, start: int) -> int | None:
    depth = 0
    index = start
    while index < len(code):
        char = code[index]
        if char in "'\"`":
            token = _JS_TOKEN.match(code, index)
            index = token.end() if token else index + 1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def js_strings(code: str, key: str) -> list[str]:
    """The string literals given to ``key`` (``key: '…'``, ``key = "…"``, ``key(`…`)``), with
    ``${__dirname}/`` and a leading ``./`` taken off; template literals with other ``${…}``
    parts are skipped (only the build knows them)."""
    found = []
    pattern = rf"""(?<![\w$.])["']?{re.escape(key)}["']?\s*(?:[:=]|\(\s*)\s*{_JS_STRING}"""
    for match in re.finditer(pattern, code):
        value = next(g for g in match.groups() if g is not None)
        value = re.sub(r"^\$\{\s*(?:__dirname|process\.cwd\(\))\s*\}/?", "", value)
        if "${" in value:
            continue
        found.append(value.removeprefix("./"))
    return found


# -- Python, parsed and never run


def py_settings(text: str) -> dict[str, Any]:
    """The module-level ``NAME = literal`` assignments of a Python config file (a value that
    is not a plain literal is left out; a file that does not parse gives ``{}``)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return {}
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        try:
            literal = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                found[target.id] = literal
    return found


# -- emoji

# Where a site's build says it writes :shortcodes: as emoji: Gatsby's remark plugins
# (gatsby-remark-emoji, -emojis, remark-emoji), Hugo's enableEmoji, Jekyll's jemoji, Zola's
# [markdown] render_emoji.
_EMOJI_CONFIGS = (
    ("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs", "package.json"),
    ("hugo.toml", "hugo.yaml", "config.toml", "config.yaml"),
    ("_config.yml",),
)
_EMOJI_USE = re.compile(
    r"""["'`](?:gatsby-remark-emojis?|remark-emoji|jemoji)["'`]|^\s*-\s*jemoji\s*$"""
    r"""|\benableEmoji["']?\s*[:=]\s*true\b|^\s*render_emoji\s*=\s*true\b""",
    re.IGNORECASE | re.MULTILINE,
)


def renders_emoji(root: Path) -> bool:
    """Whether the site at ``root`` turns ``:shortcodes:`` into emoji when it is built, as
    its configuration files say (a few small files at the root are read, never followed out
    of the site)."""
    for names in _EMOJI_CONFIGS:
        for name in names:
            text = read_text(root / name, root)
            if text is not None and _EMOJI_USE.search(text):
                return True
    return False
