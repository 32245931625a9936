"""Filtering and ranking for the quick pickers (Quick Open, Go to Heading); pure, no Qt.

Each candidate has a main text (a post's title, a heading) and a secondary one (slug and date).
Every word typed must be found, case-insensitively, in one of them; candidates whose main text
starts with the words, or has them at word starts, come first. With ``fuzzy``, a word may also
match as letters in order ("gsd" finds "Getting Started Docs"), ranked after real substrings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD_START = re.compile(r"(?:^|(?<=[\s\-_/.:(\[\"'“‘]))\w", re.UNICODE)

# Points for where a typed word is found (more is better).
_PREFIX, _WORD, _INSIDE, _SECONDARY, _FUZZY = 8, 5, 3, 1, 0.5


def _fold(text: str) -> str:
    return text.casefold()


def score(
    words: Sequence[str], main: str, secondary: str = "", fuzzy: bool = False
) -> float | None:
    """How well ``main``/``secondary`` match the (case-folded) ``words``; None: no match."""
    main_f, secondary_f = _fold(main), _fold(secondary)
    if not words:
        return 0.0
    starts = {m.start() for m in _WORD_START.finditer(main_f)}
    total = 0.0
    for word in words:
        at = main_f.find(word)
        if at == 0:
            total += _PREFIX
        elif at > 0:
            total += _WORD if any(s in starts for s in _all(main_f, word)) else _INSIDE
        elif word in secondary_f:
            total += _SECONDARY
        elif fuzzy and _subsequence(word, main_f):
            total += _FUZZY
        else:
            return None
    phrase = " ".join(words)
    if len(words) > 1 and phrase in main_f:
        total += _PREFIX  # the words as typed, together
    # Shorter main texts first among equals: "Intro" before "Introducing the new lamps".
    return total - len(main_f) / 1000


def _all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _subsequence(word: str, text: str) -> bool:
    at = 0
    for char in word:
        at = text.find(char, at) + 1
        if not at:
            return False
    return True


def split_query(query: str) -> list[str]:
    """The words of what was typed, case-folded."""
    return _fold(query).split()


def rank(query: str, candidates: Sequence[tuple[str, str]], fuzzy: bool = False) -> list[int]:
    """The indexes of the ``(main, secondary)`` candidates that match ``query``, best first.

    An empty query matches everything, in the given order; equal scores keep it too.
    """
    words = split_query(query)
    scored = []
    for index, (main, secondary) in enumerate(candidates):
        value = score(words, main, secondary, fuzzy)
        if value is not None:
            scored.append((value, index))
    if words:
        scored.sort(key=lambda pair: -pair[0])  # stable: ties keep their order
    return [index for _value, index in scored]
