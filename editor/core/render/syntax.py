"""Generator syntax in a post: what only the site build expands, found where it is written (pure).

:func:`tag_at` recognises one piece at a position of the text, for the syntaxes a dialect names:

- ``hugo-shortcode``: ``{{< name args >}}``, ``{{% name args %}}``, their closing ``{{< /name >}}``
  and self-closing ``{{< name />}}`` forms, and the escaped ``{{</* name */>}}`` (shown as typed);
- ``liquid`` (Jekyll, Eleventy): ``{% tag … %}`` and ``{{ output }}``; the block tags of Liquid,
  Jekyll and Nunjucks (``if``, ``for``, ``raw``, ``highlight``, ``comment``…) open a pair that
  their ``end…`` tag closes; ``{% raw %}…{% endraw %}`` in a line is shown as typed; with
  ``nunjucks`` too (an Eleventy site whose Markdown goes through Nunjucks), ``{# comments #}``;
- ``zola-shortcode``: ``{{ name(arg=…) }}``, the body shortcode ``{% name(…) %}`` … ``{% end %}``
  and the escaped ``{{/* name() */}}``;
- ``mdx``: JSX components (``<Support />``, ``<Tabs>`` … ``</Tabs>``; capitalised, as MDX tells
  them from HTML) and ``{expressions}`` (``{/* comments */}`` are hidden), plus
  :data:`ESM_LINE` for ``import``/``export`` lines.

The spelling checker uses :data:`SPELLING_MASKS` to leave the same syntax out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ESM_LINE",
    "ESM_STATEMENT",
    "LIQUID_BLOCKS",
    "SPELLING_MASKS",
    "Tag",
    "excerpt_line",
    "match_pairs",
    "shortcode_args",
    "tag_at",
]

LIQUID_BLOCKS = frozenset(
    [
        # Liquid
        "if", "unless", "case", "for", "tablerow", "capture", "comment", "raw",
        # Jekyll
        "highlight",
        # Nunjucks (Eleventy)
        "macro", "filter", "call", "verbatim",
    ]
)  # fmt: skip
"""Tags whose ``end…`` tag must close them (the build fails otherwise)."""

ESM_LINE = re.compile(r"(?:import|export)(?=[\s{*])")
"""An MDX ``import``/``export`` statement's first line (at the line's start, not indented)."""

ESM_STATEMENT = re.compile(
    r"""(?:import\s+(?:['"]|[\w*{][^'"]*\sfrom\s*['"])"""
    r"""|export\s+(?:const|let|var|function|async|class|default|\{|\*))"""
)
"""An ``import``/``export`` statement as only JavaScript writes it (for the spelling checker,
which reads every post: ``import X from 'y'``, ``import 'y'``, ``export const``...)."""


def excerpt_line(markers: tuple[str, ...]) -> re.Pattern[str]:
    """A line that is one of ``markers`` (``Dialect.excerpt``) as an HTML comment, alone on its
    line; ``truncate`` is also MDX's ``{/* truncate */}``."""
    words = "|".join(re.escape(m) for m in markers)
    mdx = r"|\{/\*\s*truncate\s*\*/\}" if "truncate" in markers else ""
    return re.compile(rf" {{0,3}}(?:<!--\s*(?:{words})\s*-->{mdx})[ \t]*$", re.IGNORECASE)


_HUGO_ESCAPED = {
    "<": re.compile(r"\{\{(<)/\*(.*?)\*/>\}\}", re.S),
    "%": re.compile(r"\{\{(%)/\*(.*?)\*/%\}\}", re.S),
}
_HUGO = {
    "<": re.compile(r"\{\{<\s*(/)?\s*([\w./-]+)(.*?)\s*(/)?>\}\}", re.S),
    "%": re.compile(r"\{\{%\s*(/)?\s*([\w./-]+)(.*?)\s*(/)?%\}\}", re.S),
}
_LIQUID_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_LIQUID_TAG = re.compile(r"\{%-?\s*(#|[A-Za-z_][\w-]*)(.*?)-?%\}", re.S)
_LIQUID_OUTPUT = re.compile(r"\{\{-?(.*?)-?\}\}", re.S)
_ZOLA_ESCAPED = re.compile(r"\{([{%])/\*(.*?)\*/([}%])\}", re.S)
_ZOLA_CALL = re.compile(r"\{\{\s*([A-Za-z_]\w*)\((.*?)\)\s*\}\}", re.S)
_ZOLA_BODY = re.compile(r"\{%\s*([A-Za-z_]\w*)\((.*?)\)\s*%\}", re.S)
_ZOLA_END = re.compile(r"\{%\s*end\s*%\}")
_JSX_COMMENT = re.compile(r"\{\s*/\*(.*?)\*/\s*\}", re.S)
_JSX_NAME = re.compile(r"[A-Z][\w.:-]*")
_JSX_CLOSE = re.compile(r"</\s*([A-Z][\w.:-]*)?\s*>")


@dataclass(frozen=True)
class Tag:
    """One piece of generator syntax at a place in a text.

    ``kind`` is ``"open"`` (a pair's opening tag), ``"close"``, ``"single"``, ``"literal"`` (an
    escaped shortcode: ``text`` is what the site prints), ``"comment"`` (printed as nothing) or
    ``"expression"`` (an MDX ``{…}``).
    """

    syntax: str
    source: str
    end: int
    kind: str = "single"
    name: str = ""
    args: str = ""
    text: str = ""


def tag_at(text: str, pos: int, syntaxes: frozenset[str], end: int | None = None) -> Tag | None:
    """The generator syntax starting at ``text[pos]`` (and ending by ``end``), or None."""
    stop = len(text) if end is None else end
    char = text[pos] if pos < stop else ""
    if char == "{":
        if "hugo-shortcode" in syntaxes and text.startswith(("{{<", "{{%"), pos):
            return _hugo(text, pos, stop)
        if "zola-shortcode" in syntaxes:
            found = _zola(text, pos, stop)
            if found is not None:
                return found
        if "liquid" in syntaxes:
            found = _liquid(text, pos, stop, "nunjucks" in syntaxes)
            if found is not None:
                return found
        if "mdx" in syntaxes:
            return _expression(text, pos, stop)
    elif char == "<" and "mdx" in syntaxes:
        return _jsx(text, pos, stop)
    return None


def _within(match: re.Match[str] | None, stop: int) -> re.Match[str] | None:
    return match if match is not None and match.end() <= stop else None


def _hugo(text: str, pos: int, stop: int) -> Tag | None:
    delimiter = text[pos + 2]
    escaped = _within(_HUGO_ESCAPED[delimiter].match(text, pos, stop), stop)
    if escaped is not None:
        mark = escaped.group(1)
        shown = "{{" + mark + escaped.group(2) + (">" if mark == "<" else "%") + "}}"
        return Tag("hugo-shortcode", escaped.group(0), escaped.end(), "literal", text=shown)
    match = _within(_HUGO[delimiter].match(text, pos, stop), stop)
    if match is None:
        return None
    closing, name, args, self_closing = match.group(1, 2, 3, 4)
    kind = "close" if closing else "single" if self_closing else "open"
    return Tag("hugo-shortcode", match.group(0), match.end(), kind, name, args.strip())


def _liquid(text: str, pos: int, stop: int, hash_comments: bool = False) -> Tag | None:
    if hash_comments and text.startswith("{#", pos):
        end = text.find("#}", pos + 2, stop)
        if end < 0:
            return None
        source = text[pos : end + 2]
        return Tag("liquid", source, end + 2, "comment", "#", source[2:-2].strip())
    if text.startswith("{%", pos):
        raw = _within(_LIQUID_RAW.match(text, pos, stop), stop)
        if raw is not None and "\n" not in raw.group(0):
            return Tag("liquid", raw.group(0), raw.end(), "literal", "raw", text=raw.group(1))
        match = _within(_LIQUID_TAG.match(text, pos, stop), stop)
        if match is None:
            return None
        name, args = match.group(1), match.group(2).strip()
        if name == "#":
            kind = "comment"
        elif name.startswith("end") and name[3:] in LIQUID_BLOCKS:
            kind, name = "close", name[3:]
        elif name in LIQUID_BLOCKS or (name == "set" and "=" not in args):
            kind = "open"
        else:
            kind = "single"
        return Tag("liquid", match.group(0), match.end(), kind, name, args)
    if text.startswith("{{", pos):
        output = _within(_LIQUID_OUTPUT.match(text, pos, stop), stop)
        if output is not None:
            return Tag("liquid", output.group(0), output.end(), args=output.group(1).strip())
    return None


def _zola(text: str, pos: int, stop: int) -> Tag | None:
    escaped = _within(_ZOLA_ESCAPED.match(text, pos, stop), stop)
    if escaped is not None and {escaped.group(1), escaped.group(3)} in ({"{", "}"}, {"%"}):
        opening = "{" + escaped.group(1)
        closing = escaped.group(3) + "}"
        shown = opening + escaped.group(2) + closing
        return Tag("zola-shortcode", escaped.group(0), escaped.end(), "literal", text=shown)
    for pattern, kind in ((_ZOLA_CALL, "single"), (_ZOLA_BODY, "open")):
        match = _within(pattern.match(text, pos, stop), stop)
        if match is not None:
            name, args = match.group(1), match.group(2).strip()
            return Tag("zola-shortcode", match.group(0), match.end(), kind, name, args)
    end = _within(_ZOLA_END.match(text, pos, stop), stop)
    if end is not None:
        return Tag("zola-shortcode", end.group(0), end.end(), "close")
    return None


def _balanced(text: str, pos: int, stop: int, closer: str) -> int:
    """Where the JavaScript-ish run from ``pos`` ends: the index just after ``closer`` at depth
    0 (quotes, template strings and ``{}`` nesting skipped), or -1."""
    depth = 0
    quote = ""
    i = pos
    while i < stop:
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return i + 1 if closer == "}" else -1
        elif char == closer and depth == 0:
            return i + 1
        i += 1
    return -1


def _expression(text: str, pos: int, stop: int) -> Tag | None:
    comment = _JSX_COMMENT.match(text, pos, stop)
    if comment is not None:  # (its text is no JavaScript: "don't" opens no string)
        inner = comment.group(1)
        return Tag("mdx", comment.group(0), comment.end(), "comment", args=inner.strip())
    end = _balanced(text, pos + 1, stop, "}")
    if end < 0:
        return None
    source = text[pos:end]
    inner = source[1:-1].strip()
    if inner.startswith("/*") and inner.endswith("*/"):
        return Tag("mdx", source, end, "comment", args=inner[2:-2].strip())
    return Tag("mdx", source, end, "expression", args=inner)


def _jsx(text: str, pos: int, stop: int) -> Tag | None:
    if text.startswith("</", pos):
        close = _within(_JSX_CLOSE.match(text, pos, stop), stop)
        if close is None:
            return None
        return Tag("mdx", close.group(0), close.end(), "close", close.group(1) or "")
    if text.startswith("<>", pos):
        return Tag("mdx", "<>", pos + 2, "open")
    name = _JSX_NAME.match(text, pos + 1, stop)
    if name is None:
        return None
    end = _balanced(text, name.end(), stop, ">")
    if end < 0:
        return None
    source = text[pos:end]
    kind = "single" if source[:-1].rstrip().endswith("/") else "open"
    args = source[name.end() - pos : -1].rstrip().removesuffix("/").strip()
    return Tag("mdx", source, end, kind, name.group(0), args)


def match_pairs(tags: Sequence[tuple[str, str] | None]) -> list[tuple[int, int]]:
    """Which opening and closing tags (``(kind, name)``, None for what is no tag) pair up, as
    (opening index, closing index): a closing tag closes the nearest open tag of its name, and
    the tags opened after that one stay single. Pairs never cross; they may nest."""
    stack: list[tuple[int, str]] = []
    pairs: list[tuple[int, int]] = []
    for i, tag in enumerate(tags):
        if tag is None:
            continue
        kind, name = tag
        if kind == "open":
            stack.append((i, name))
        elif kind == "close":
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][1] == name:
                    pairs.append((stack[depth][0], i))
                    del stack[depth:]
                    break
    return pairs


# ---------------------------------------------------------------------------------------------
# Arguments (for the cards of well-known shortcodes)

_ARGUMENT = re.compile(
    r"""([A-Za-z_][\w-]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s,)]+)"""
    r"""|("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s,=]+)"""
)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        return value[1:-1].replace("\\" + value[0], value[0])
    return value


def shortcode_args(args: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments (``"a" b k="v" k2=v2``, commas allowed)."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARGUMENT.finditer(args):
        if match.group(1):
            named[match.group(1).lower()] = _unquote(match.group(2))
        else:
            positional.append(_unquote(match.group(3)))
    return positional, named


# ---------------------------------------------------------------------------------------------
# Spelling

SPELLING_MASKS = (
    ("{{<", _HUGO["<"]),
    ("{{%", _HUGO["%"]),
    ("{%", _LIQUID_TAG),
    ("{{", _LIQUID_OUTPUT),
    ("{:", re.compile(r"\{:[^{}]*\}")),  # kramdown attribute lists, {:toc}
    ("{#", re.compile(r"\{#[^{}]*\}")),  # heading ids
    ("{#", re.compile(r"\{#.*?(?:#\}|$)")),  # Nunjucks comments
    (":::", re.compile(r"^\s*:{3,}\s*[A-Za-z]*")),  # admonition markers (not their titles)
    ("!!!", re.compile(r"^\s*!!!\s*[A-Za-z-]*")),
    ("{/*", re.compile(r"\{/\*.*?(?:\*/\}|$)")),
)
"""(trigger, pattern) pairs: spans of a line that are generator syntax, never prose."""
