"""A post's slug as a generator makes it when the front matter names none (pure; no Qt).

Pelican makes it from the title (``SLUGIFY_SOURCE = 'title'``, its default) or the file's base
name (``'basename'``): tags taken out, the text written in ASCII, its ``SLUG_REGEX_SUBSTITUTIONS``
applied (by default: what is not a letter, digit, ``_``, space or ``-`` dropped, runs of spaces
and dashes made one ``-``), and lower-cased unless ``SLUGIFY_PRESERVE_CASE``. "This Week in Rust
672" becomes ``this-week-in-rust-672``.

Pelican writes non-ASCII text with ``unidecode``; Galley has no transliteration table for every
script, so accented Latin letters lose their accents (``é`` is ``e``), a few letters that do
not decompose are spelled out (``ß`` is ``ss``, ``æ`` is ``ae``), and letters of other scripts
are dropped (a title of only those keeps the file's name as its slug).
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PELICAN_SUBSTITUTIONS", "SlugRule", "pelican_slug_rule"]

log = logging.getLogger(__name__)

# Pelican's default SLUG_REGEX_SUBSTITUTIONS, in order.
PELICAN_SUBSTITUTIONS: tuple[tuple[str, str], ...] = (
    (r"[^\w\s-]", ""),  # what is not a letter, digit, _, space or -
    (r"(?u)\A\s*", ""),  # leading space
    (r"(?u)\s*\Z", ""),  # trailing space
    (r"[-\s]+", "-"),  # runs of spaces and dashes
)

# Letters (and dashes) that Unicode does not decompose into ASCII, as unidecode writes them.
_SPELLED = str.maketrans(
    {
        "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l", "Ł": "L",
        "ı": "i", "—": "--", "–": "-", "‐": "-", "‑": "-",
    }
)  # fmt: skip
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


@dataclass(frozen=True)
class SlugRule:
    """How a generator makes a slug the front matter does not give.

    Attributes:
        source: "title" (from the post's title) or "basename" (from its file's name without
            the extension); anything else makes none.
        substitutions: (pattern, replacement) regexes applied in order, ignoring case.
        preserve_case: keep the letters' case (else lower-cased).
        use_unicode: keep non-ASCII letters (else written in ASCII).
    """

    source: str = "title"
    substitutions: tuple[tuple[str, str], ...] = PELICAN_SUBSTITUTIONS
    preserve_case: bool = False
    use_unicode: bool = False

    def slugify(self, text: str) -> str:
        """``text`` as a slug (may be "" when nothing of it is left)."""
        value = " ".join(html.unescape(_TAG.sub("", text)).split())
        value = unicodedata.normalize("NFKC", value)
        if not self.use_unicode:
            value = unicodedata.normalize("NFKD", value.translate(_SPELLED))
            value = value.encode("ascii", "ignore").decode("ascii")
        for pattern, replacement in self.substitutions:
            try:
                value = re.sub(
                    unicodedata.normalize("NFKC", pattern),
                    unicodedata.normalize("NFKC", replacement),
                    value,
                    flags=re.IGNORECASE,
                )
            except (re.error, IndexError):  # (a bad group reference in the replacement)
                log.info("Skipped the slug substitution %r: not a regex Galley reads", pattern)
        return (value if self.preserve_case else value.lower()).strip()

    def slug(self, title: str | None, basename: str) -> str | None:
        """The slug made from the post's ``title`` or ``basename``, as :attr:`source` says;
        None when there is nothing to make it from."""
        text = title if self.source == "title" else basename if self.source == "basename" else None
        made = self.slugify(text) if text and text.strip() else ""
        return made or None


def pelican_slug_rule(settings: dict[str, object]) -> SlugRule:
    """The slug rule of Pelican's settings (``SLUGIFY_SOURCE``, ``SLUG_REGEX_SUBSTITUTIONS``,
    ``SLUGIFY_PRESERVE_CASE``, ``SLUGIFY_USE_UNICODE``); a setting that is not a literal of
    the right kind is left at Pelican's default."""
    source = settings.get("SLUGIFY_SOURCE")
    given = settings.get("SLUG_REGEX_SUBSTITUTIONS")
    substitutions = _pairs(given) if isinstance(given, (list, tuple)) else None
    return SlugRule(
        source=source if isinstance(source, str) else "title",
        substitutions=PELICAN_SUBSTITUTIONS if substitutions is None else substitutions,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE") is True,
        use_unicode=settings.get("SLUGIFY_USE_UNICODE") is True,
    )


def _pairs(items: Iterable[object]) -> tuple[tuple[str, str], ...] | None:
    pairs = []
    for item in items:
        if not (isinstance(item, (list, tuple)) and len(item) == 2):
            return None
        pattern, replacement = item
        if not (isinstance(pattern, str) and isinstance(replacement, str)):
            return None
        pairs.append((pattern, replacement))
    return tuple(pairs)
