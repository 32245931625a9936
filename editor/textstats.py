"""Word counts and reading time (pure; no Qt)."""

from __future__ import annotations

import math
import re

_WORD = re.compile(r"[\w’'-]+")
# What a reader never sees: link and image targets, reference definitions, HTML tags, URLs.
_HIDDEN = re.compile(
    r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|^\s*\[[^\]]+\]:.*$|<[^>\n]+>|https?://\S+", re.MULTILINE
)
WORDS_PER_MINUTE = 230


def word_count(text: str) -> int:
    """Words as a reader counts them (Markdown punctuation and URLs' slashes are not words)."""
    return len(_WORD.findall(_HIDDEN.sub(" ", text)))


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` words, at least one for any text."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0
