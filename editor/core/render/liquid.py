"""What Liquid does to a post before kramdown reads it, where Galley can tell (pure; no Qt).

Jekyll runs Liquid over a post first, then renders the Markdown that comes out. Two things it
does there change how the Markdown reads, and a post's own text says enough to follow them:

- ``{% include references.md %}`` puts an include's text in the post: the reference
  definitions it holds (``[bips repo]: https://…``) define links of the post. The site's
  :class:`IncludeSource` says which definitions an include makes, and whether that is all it can
  make: an include with loops or parameters (``linkers/issues.md``) may define more, so a
  reference the post leaves undefined may still be a link (:attr:`LiquidContext.pending`), and
  the preview shows it as a link to be (:func:`pending_reference`) rather than as brackets.
- ``{% assign bse = "https://…/a/" %}`` (a string literal) and ``{% capture x %}plain
  text{% endcapture %}`` set a variable that ``{{ bse }}`` prints: :meth:`LiquidContext.expand`
  writes the value in, so ``[Q]({{bse}}130977)`` links where the site's does. A name set to
  anything else (a filter, another variable), or to two different values, is left to the build.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline import StateInline

__all__ = [
    "IncludeSource",
    "LiquidContext",
    "defining_tags",
    "liquid_context",
    "pending_reference",
]


class IncludeSource(Protocol):
    """Where ``{% include name %}`` reads from (``Generator.includes``): for a name, the
    reference definitions the include makes and whether they are all it can make, or None for
    an include Galley cannot read."""

    def definitions(self, name: str) -> tuple[str, bool] | None: ...


_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?(?:\{%-?\s*endraw\s*-?%\}|\Z)", re.DOTALL)
_DEFINING = re.compile(
    r"\{%-?\s*(?:include(?:_relative)?|assign)\b.*?%\}"
    r"|\{%-?\s*capture\b.*?%\}.*?\{%-?\s*endcapture\s*-?%\}",
    re.DOTALL,
)
_INCLUDE = re.compile(r"\{%-?\s*(include(?:_relative)?)\s+(\S+)", re.DOTALL)
_ASSIGN = re.compile(r"\{%-?\s*assign\s+([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*-?%\}", re.DOTALL)
_CAPTURE = re.compile(
    r"\{%-?\s*capture\s+([A-Za-z_][\w-]*)\s*-?%\}(.*?)\{%-?\s*endcapture\s*-?%\}", re.DOTALL
)
_STRING = re.compile(r""""([^"\n]*)"|'([^'\n]*)'""")
_OUTPUT = re.compile(r"\{\{-?\s*([A-Za-z_][\w-]*)\s*-?\}\}")


def defining_tags(text: str) -> tuple[str, ...]:
    """The Liquid tags of ``text`` that define something for the rest of the post (includes,
    assignments, captures), in order; ``{% raw %}`` text is not Liquid."""
    if "{%" not in text:
        return ()
    if "raw" in text:
        text = _RAW.sub("", text)
    return tuple(match.group(0) for match in _DEFINING.finditer(text))


@dataclass(frozen=True)
class LiquidContext:
    """What a post's Liquid defines, as far as Galley can tell.

    Attributes:
        references: the reference definitions the post's includes make (Markdown lines).
        pending: the includes that may define more than ``references`` (loops, parameters,
            an include Galley cannot read): a reference left undefined may be theirs.
        variables: the variables set to plain text, by name.
    """

    references: str = ""
    pending: tuple[str, ...] = ()
    variables: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """A digest of the context, for caches of what it renders."""
        text = f"{self.references}\0{self.pending}\0{sorted(self.variables.items())}"
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()

    def expand(self, text: str) -> str:
        """``text`` with ``{{ name }}`` written as the value of each variable known (outside
        ``{% raw %}``); line ends are never added or taken away."""
        if not self.variables or "{{" not in text:
            return text
        variables = self.variables

        def value(match: re.Match[str]) -> str:
            return variables.get(match.group(1), match.group(0))

        if "raw" not in text:
            return _OUTPUT.sub(value, text)
        out: list[str] = []
        done = 0
        for raw in _RAW.finditer(text):
            out.append(_OUTPUT.sub(value, text[done : raw.start()]))
            out.append(raw.group(0))
            done = raw.end()
        out.append(_OUTPUT.sub(value, text[done:]))
        return "".join(out)


EMPTY = LiquidContext()


def liquid_context(tags: Iterable[str], includes: IncludeSource | None) -> LiquidContext:
    """The context the defining ``tags`` of a post (:func:`defining_tags`, in order) make, its
    includes read from ``includes`` (None: includes are not read, and may define anything)."""
    definitions: list[str] = []
    pending: list[str] = []
    values: dict[str, str | None] = {}
    seen: set[str] = set()
    for tag in tags:
        include = _INCLUDE.match(tag)
        if include is not None:
            name = include.group(2).strip("\"'")
            if name in seen:
                continue
            seen.add(name)
            found = None
            if includes is not None and include.group(1) == "include" and "{" not in name:
                found = includes.definitions(name)
            if found is None or not found[1]:
                pending.append(name)
            if found is not None:
                definitions.append(found[0])
            continue
        name, value = _variable(tag)
        if name:
            values[name] = value if values.get(name, value) == value else None
    variables = {k: v for k, v in values.items() if v is not None}
    if not definitions and not pending and not variables:
        return EMPTY
    return LiquidContext("".join(definitions), tuple(pending), variables)


def _variable(tag: str) -> tuple[str, str | None]:
    """The variable a tag sets and its value when that is plain text on one line (else None)."""
    assign = _ASSIGN.match(tag)
    if assign is not None:
        literal = _STRING.fullmatch(assign.group(2))
        if literal is None:
            return assign.group(1), None
        value = literal.group(1) if literal.group(1) is not None else literal.group(2)
        return assign.group(1), _plain(value)
    capture = _CAPTURE.match(tag)
    if capture is not None:
        return capture.group(1), _plain(capture.group(2))
    return "", None


def _plain(value: str) -> str | None:
    return None if "\n" in value or "\r" in value or "{{" in value or "{%" in value else value


# ---------------------------------------------------------------------------------------------
# The preview: a reference an include may define


def pending_reference(state: StateInline, silent: bool) -> bool:
    """``[text][label]`` or ``[label][]`` whose label the post does not define, in a post with
    an include that may (``env["galley_pending"]`` names those includes): a link to be, its
    text with a dotted underline and a tooltip, never the brackets. A defined label is left to
    the link rule."""
    pending: Sequence[str] = state.env.get("galley_pending") or ()
    if not pending or state.src[state.pos] != "[":
        return False
    src, start, maximum = state.src, state.pos, state.posMax
    label_end = state.md.helpers.parseLinkLabel(state, start, True)
    if label_end < 0:
        return False
    pos = label_end + 1
    if pos >= maximum or src[pos] != "[":
        return False  # an inline link, a shortcut reference or plain brackets
    close = src.find("]", pos + 1, maximum)
    if close < 0 or "[" in src[pos + 1 : close]:
        return False
    label = src[pos + 1 : close] or src[start + 1 : label_end]
    if not label.strip() or normalizeReference(label) in state.env.get("references", {}):
        return False
    if not silent:
        shown = " ".join(label.split())
        names = ", ".join(pending)
        token = state.push("galley_pending_open", "span", 1)
        token.attrs = {
            "class": "galley-pending-link",
            "title": f"[{shown}]: defined by an include the site expands ({names})",
        }
        state.pos, state.posMax = start + 1, label_end
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("galley_pending_close", "span", -1)
    state.pos, state.posMax = close + 1, maximum
    return True
