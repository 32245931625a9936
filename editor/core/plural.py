"""Counts in words: "1 word", "2 words", "0 problems" (pure; no Qt).

English plural rules: one is singular, every other count (0 too) is plural. Nouns whose plural is
not a plain "s" are given it (``count(3, "match", "matches")``).
"""

from __future__ import annotations

_IRREGULAR = {"match": "matches", "entry": "entries", "this": "these", "is": "are"}


def noun(number: int, singular: str, plural: str | None = None) -> str:
    """``singular`` or its plural, as ``number`` needs (no number in front)."""
    if number == 1:
        return singular
    return plural if plural is not None else _IRREGULAR.get(singular, singular + "s")


def count(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and the noun, with thousands separators: "1 word", "12,034 words"."""
    return f"{number:,} {noun(number, singular, plural)}"


def severity_counts(errors: int, warnings: int, notes: int) -> str:
    """A check's summary: "no problems", or "1 error, 2 warnings and 1 note" (zeros left out)."""
    parts = [
        count(n, name)
        for n, name in ((errors, "error"), (warnings, "warning"), (notes, "note"))
        if n
    ]
    if not parts:
        return "no problems"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
