"""``:emoji:`` shortcodes: their table, completing them and writing them as emoji (pure; no Qt).

The names are the `emoji` package's: GitHub's and Slack's aliases (``:tada:``, ``:+1:``) and
the Unicode names (``:party_popper:``), the names remark-emoji and gatsby-remark-emoji take.
The table is read on first use (about 50 ms), never when Galley starts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "SHORTCODE",
    "Shortcode",
    "completions",
    "emojize",
    "shortcodes",
    "typed_shortcode",
]

SHORTCODE = re.compile(r":([a-z0-9_+\-]+):")
# What is being typed: ":" and at least two name characters, at a word start.
_TYPED = re.compile(r"(?:^|(?<=[\s(\[>*_~\"']))(:[a-z0-9_+\-]{2,})$", re.IGNORECASE)


class Shortcode(NamedTuple):
    """A shortcode (``:tada:``) and its emoji."""

    code: str
    emoji: str


@lru_cache(maxsize=1)
def shortcodes() -> dict[str, str]:
    """Every shortcode's name (without colons) and its emoji: aliases first, then the
    Unicode names; fully qualified emoji only, as the package's own ``emojize`` does."""
    from emoji import EMOJI_DATA, STATUS

    qualified = STATUS["fully_qualified"]
    table: dict[str, str] = {}
    for char, data in EMOJI_DATA.items():
        if data.get("status", qualified) > qualified:
            continue
        for name in (*data.get("alias", ()), data.get("en", "")):
            key = name.strip(":")
            if key and key not in table:
                table[key] = char
    return table


def emojize(text: str) -> str:
    """``text`` with every known ``:shortcode:`` as its emoji (unknown ones stay as they are:
    ``10:30:00`` is a time)."""
    if ":" not in text:
        return text
    table = shortcodes()
    return SHORTCODE.sub(lambda m: table.get(m.group(1), m.group(0)), text)


def typed_shortcode(before_cursor: str) -> str | None:
    """The shortcode being typed just before the cursor (``":sm"``), or None: a colon at a
    word's start and two or more name characters, no closing colon yet."""
    tail = before_cursor[-64:]
    match = _TYPED.search(tail)
    return match.group(1) if match else None


def completions(typed: str, limit: int = 40) -> list[Shortcode]:
    """Shortcodes for what is typed (``":sm"``): names starting with it first (shortest
    first, so ``:smile:`` comes before ``:smile_cat:``), then names with a word starting
    with it (``:cat_smile:``)."""
    prefix = typed.lstrip(":").lower()
    if not prefix:
        return []
    table = shortcodes()
    starts = sorted((n for n in table if n.startswith(prefix)), key=lambda n: (len(n), n))
    found = starts[:limit]
    if len(found) < limit:
        inner = f"_{prefix}"
        words = sorted((n for n in table if inner in n and not n.startswith(prefix)), key=len)
        found += words[: limit - len(found)]
    return [Shortcode(f":{name}:", table[name]) for name in found]
