"""Bare URLs as each generator links them (pure; no Qt): the ``linkify`` of a dialect.

markdown-it-py finds bare links with linkify-it-py, whose defaults are markdown-it's own: it also
links "fuzzy" domains without a scheme (``crates.io``, ``CLAUDE.md``, ``scale.An`` in "at
scale.An engineering") and protocol-relative ``//host`` links. The generators that link bare URLs
link fewer:

- ``"gfm"``: remark-gfm's autolink literals (Gatsby, Astro, Docusaurus), as the GFM spec's
  "Autolinks (extension)": ``http://`` and ``https://`` URLs, ``www.`` domains (written
  ``http://``) and e-mail addresses. A ``www.`` link starts a line or follows white space or one
  of ``( * _ [ ] ~``; a URL does not follow a letter; an address follows neither a letter nor
  ``/``.
- ``"goldmark"``: goldmark's Linkify extension (Hugo): the same plus ``ftp://``, a ``www.``
  domain written with the site's ``linkifyProtocol`` (``https`` unless the site says otherwise),
  and every kind only at the start of a line or after white space or one of ``* _ ~ (`` (so
  ``(text)[https://x]`` stays text).
- ``"markdown-it"``: markdown-it's linkify-it defaults unchanged (Eleventy's markdown-it), fuzzy
  domains and all.

A link's preceding character is read inside the text it is found in; at the start of a text run
(after emphasis, a line break or the start of the paragraph) it counts as a line start.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

__all__ = ["AUTOLINK_STYLES", "SiteLinkify", "use_autolinks"]

AUTOLINK_STYLES = ("gfm", "goldmark", "markdown-it")

_WWW = "www."
_GOLDMARK_BEFORE = frozenset("*_~(")
_GFM_WWW_BEFORE = frozenset("(*_[]~")
# the scheme the inline rule is about to link: the letters before "://" (as markdown-it reads them)
_SCHEME = re.compile(r"(?:^|[^a-z0-9.+-])([a-z][a-z0-9.+-]*)$", re.IGNORECASE)


def _letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


class SiteLinkify(LinkifyIt):  # type: ignore[misc]  # linkify-it-py has no type hints
    """linkify-it-py with a generator's rules (``style``, one of :data:`AUTOLINK_STYLES`):
    which schemes link, whether a ``www.`` domain links without a scheme (and with which
    scheme it is written), and which characters may come before a link."""

    def __init__(self, style: str = "gfm", www_scheme: str = "http") -> None:
        self.style = style
        self.www_scheme = www_scheme or "http"
        if style == "markdown-it":
            super().__init__()
            return
        schemas: dict[str, Any] = {"//": None, _WWW: {"validate": self._validate_www}}
        if style == "gfm":
            schemas["ftp:"] = None
        super().__init__(schemas, {"fuzzy_link": False, "fuzzy_email": True})
        # an address's domain may end in any name (remark and goldmark check no list of TLDs)
        self.tlds(["[a-z]{2,63}"], keep_old=True)

    def _validate_www(self, text: str, pos: int) -> int:
        """The length of a ``www.`` domain's rest (and path) at ``pos``, 0 when there is none:
        at least one more dot, as in ``www.example.com``."""
        pattern = self.re.get("galley_www")
        if pattern is None:
            pattern = re.compile(
                f"(?:(?:{self.re['src_domain']})\\.)+(?:{self.re['src_domain']})"
                f"{self.re['src_port']}{self.re['src_host_terminator']}{self.re['src_path']}",
                flags=re.IGNORECASE,
            )
            self.re["galley_www"] = pattern
        found = pattern.match(text, pos)
        return len(found.group(0)) if found else 0

    def normalize(self, match: Any) -> None:
        if match.schema == _WWW:
            match.url = f"{self.www_scheme}://{match.url}"
        else:
            super().normalize(match)

    def allowed(self, before: str, schema: str, text: str) -> bool:
        """Whether this generator links ``text`` (a found link of ``schema``) after the
        character ``before`` ("" at the start of a line or text run)."""
        if self.style == "markdown-it":
            return True
        schema = schema.lower()
        if self.style == "goldmark":
            if schema == _WWW and not text.startswith(_WWW):
                return False  # goldmark's www. is lower case
            if schema == "mailto:" and text[:7].lower() == "mailto:":
                return False  # goldmark links bare addresses, not mailto: URLs
            return not before or before.isspace() or before in _GOLDMARK_BEFORE
        if schema == _WWW:
            return not before or before.isspace() or before in _GFM_WWW_BEFORE
        if schema == "mailto:":
            return not (_letter(before) or before == "/")
        return not _letter(before)

    def match(self, text: str) -> list[Any] | None:
        found: list[Any] | None = super().match(text)
        if not found or self.style == "markdown-it":
            return found
        kept = [
            link
            for link in found
            if self.allowed(text[link.index - 1] if link.index else "", link.schema, link.raw)
        ]
        return kept or None

    def test(self, text: str) -> bool:
        if self.style == "markdown-it":
            return bool(super().test(text))
        return bool(super().test(text)) and self.match(text) is not None


InlineRule = Callable[[StateInline, bool], bool]


def _inline_rule(original: InlineRule) -> InlineRule:
    """markdown-it's inline linkify rule (links with ``://`` found as the text is read), asking
    the site's rules first about the character before the scheme."""

    def rule(state: StateInline, silent: bool) -> bool:
        linkify = state.md.linkify
        if isinstance(linkify, SiteLinkify) and state.src.startswith("://", state.pos):
            scheme = _SCHEME.search(state.pending)
            if scheme is None:
                return False
            start = state.pos - len(scheme.group(1))
            before = state.src[start - 1] if start > 0 else ""
            if not linkify.allowed(before, scheme.group(1) + ":", state.src[start:]):
                return False
        return original(state, silent)

    return rule


def use_autolinks(md: MarkdownIt, style: str, www_scheme: str = "http") -> None:
    """Make ``md``'s linkify link bare URLs as ``style`` says (see the module's text)."""
    md.linkify = SiteLinkify(style, www_scheme)
    if style == "markdown-it":
        return
    from markdown_it.rules_inline.linkify import linkify as inline_linkify

    md.inline.ruler.at("linkify", _inline_rule(inline_linkify))
