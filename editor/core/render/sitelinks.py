"""Links the generator writes when it builds the site: Pelican's ``{filename}``, ``{static}``
and ``{attach}`` (pure; no Qt).

Pelican reads a link or image destination that starts with ``{kind}`` (or the older
``|kind|``) and writes the URL of what it names: ``{filename}/pages/privacy.md`` becomes the
URL of the page built from ``content/pages/privacy.md``; ``{static}/images/x.png`` the URL of
that file. A path starting with ``/`` is from the content folder (``PATH``), any other from the
post's folder. ``{category}``, ``{tag}``, ``{author}`` and ``{index}`` name listing pages.

:func:`built_link` reads such a destination (as written, or %-escaped as markdown-it keeps it).
In the preview (:func:`built_links_rule`), a ``{static}`` or ``{attach}`` image or link, and a
``{filename}`` image, point at their file; a link to a page Pelican builds is inert (it has no
``href``, and its title says what it links to), since its URL is the build's to make.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["FILE_KINDS", "built_link", "built_links_rule"]

FILE_KINDS = frozenset({"filename", "static", "attach"})
"""The kinds of built links that name a file of the site (the others name listing pages)."""
_KINDS = FILE_KINDS | {"category", "tag", "author", "index"}
# Pelican's INTRASITE_LINK_REGEX, '[{|](?P<what>.*?)[|}]', as written and %-escaped.
_BUILT = re.compile(r"(?:[{|]|%7B|%7C)(?P<kind>[^{}|%]*?)(?:[|}]|%7D|%7C)", re.IGNORECASE)


def built_link(destination: str) -> tuple[str, str] | None:
    """The kind (``filename``, ``static``…) and the rest of a destination that Pelican writes
    at build time, or None for any other (an unknown ``{word}`` Pelican leaves as it is)."""
    match = _BUILT.match(destination)
    if match is None:
        return None
    kind = unquote(match.group("kind")).strip().lower()
    return (kind, destination[match.end() :]) if kind in _KINDS else None


def built_links_rule(state: StateCore) -> None:
    """The preview's reading of built links in every inline run (see the module's doc)."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "link_open":
                _link(child)
            elif child.type == "image":
                _image(child)


def _link(token: Token) -> None:
    href = str(token.attrGet("href") or "")
    found = built_link(href)
    if found is None:
        return
    kind, rest = found
    if kind in ("static", "attach"):
        token.attrSet("href", rest)
        return
    del token.attrs["href"]  # only the build knows the page's URL: nothing to follow here
    if not token.attrGet("title"):
        what = unquote(rest).lstrip("/") or "the site"
        page = (
            "the page Pelican builds from" if kind == "filename" else f"Pelican's {kind} page for"
        )
        token.attrSet("title", f"Links to {page} {what}")


def _image(token: Token) -> None:
    found = built_link(str(token.attrGet("src") or ""))
    if found is not None:
        token.attrSet("src", found[1] if found[0] in FILE_KINDS else "")
