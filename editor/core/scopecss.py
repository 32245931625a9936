"""A post's own ``<style>`` made to apply inside the post body only (pure; no Qt).

The published site passes a post's raw ``<style>`` through, so ``body { background: red }``
restyles the whole page around it; in Galley's preview it would restyle the preview's header
and margins too. :func:`scope_stylesheet` rewrites every selector, with the tinycss2 tokenizer,
to match only inside the post body's container: ``p`` becomes ``#galley-body p``; ``html``,
``body`` and ``:root`` (alone or leading a selector) become the container itself. Rules inside
``@media``, ``@supports``, ``@container`` and ``@layer`` are scoped the same way; ``@import``,
``@font-face``, ``@namespace``, ``@page`` and unknown at-rules are dropped (they load fonts or
files, or reach outside the body); ``@keyframes`` is kept as it is (it selects nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import tinycss2
import tinycss2.ast

__all__ = ["scope_stylesheet"]

_NESTED = frozenset(["media", "supports", "container", "layer", "document"])
_KEPT = frozenset(["keyframes", "-webkit-keyframes", "counter-style", "property"])
_ROOTS = frozenset(["html", "body"])


def scope_stylesheet(css: str, scope: str) -> str:
    """``css`` with every rule made to apply only inside the element ``scope`` selects."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _rules(rules, scope)


def _rules(rules: Iterable[Any], scope: str) -> str:
    out: list[str] = []
    for rule in rules:
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            selectors = _selectors(rule.prelude, scope)
            if selectors:
                out.append(f"{selectors} {{{tinycss2.serialize(rule.content)}}}")
        elif isinstance(rule, tinycss2.ast.AtRule):
            name = rule.lower_at_keyword
            prelude = tinycss2.serialize(rule.prelude).strip()
            if name in _NESTED and rule.content is not None:
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                out.append(f"@{name} {prelude} {{\n{_rules(inner, scope)}}}")
            elif name == "layer" and rule.content is None:
                out.append(f"@layer {prelude};")
            elif name in _KEPT and rule.content is not None:
                out.append(f"@{name} {prelude} {{{tinycss2.serialize(rule.content)}}}")
    return "".join(f"{text}\n" for text in out)


def _selectors(prelude: list[Any], scope: str) -> str:
    """The selector list ``prelude``, each selector scoped; "" if nothing is left."""
    groups: list[list[Any]] = [[]]
    for token in prelude:
        if isinstance(token, tinycss2.ast.LiteralToken) and token.value == ",":
            groups.append([])
        else:
            groups[-1].append(token)
    scoped = [_scoped(group, scope) for group in groups]
    return ", ".join(s for s in scoped if s)


def _scoped(tokens: list[Any], scope: str) -> str:
    tokens = _strip(tokens)
    if not tokens:
        return ""
    plain: str = tinycss2.serialize(tokens).strip()
    if re.match(re.escape(scope) + r"(?![\w-])", plain):
        return plain  # scoped already: scoping twice changes nothing
    rest, rooted = _drop_roots(tokens)
    text = tinycss2.serialize(rest).strip()
    if not rooted:
        return f"{scope} {text}"
    if not text:
        return scope
    # "body.dark p": the compound's other parts (".dark") now qualify the container itself
    return (
        f"{scope}{text}"
        if not isinstance(rest[0], tinycss2.ast.WhitespaceToken)
        else (f"{scope} {text}")
    )


def _drop_roots(tokens: list[Any]) -> tuple[list[Any], bool]:
    """``tokens`` without the leading ``html``, ``body`` and ``:root`` parts (and whether any
    were there): ``html body > p`` leaves ``> p``."""
    rooted = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if isinstance(token, tinycss2.ast.IdentToken) and token.lower_value in _ROOTS:
            index, rooted = index + 1, True
        elif (
            isinstance(token, tinycss2.ast.LiteralToken)
            and token.value == ":"
            and index + 1 < len(tokens)
            and isinstance(tokens[index + 1], tinycss2.ast.IdentToken)
            and tokens[index + 1].lower_value == "root"
        ):
            index, rooted = index + 2, True
        else:
            break
        following = tokens[index] if index < len(tokens) else None
        if isinstance(following, tinycss2.ast.WhitespaceToken):
            after = _strip(tokens[index:])
            if after and _is_root(after):
                index = len(tokens) - len(after)  # "html body": both are the container
    return tokens[index:], rooted


def _is_root(tokens: list[Any]) -> bool:
    first = tokens[0]
    if isinstance(first, tinycss2.ast.IdentToken):
        return bool(first.lower_value in _ROOTS)
    second = tokens[1] if len(tokens) > 1 else None
    return (
        isinstance(first, tinycss2.ast.LiteralToken)
        and first.value == ":"
        and isinstance(second, tinycss2.ast.IdentToken)
        and second.lower_value == "root"
    )


def _strip(tokens: list[Any]) -> list[Any]:
    start, end = 0, len(tokens)
    while start < end and isinstance(tokens[start], tinycss2.ast.WhitespaceToken):
        start += 1
    while end > start and isinstance(tokens[end - 1], tinycss2.ast.WhitespaceToken):
        end -= 1
    return tokens[start:end]
