"""A language's words with how common each is, kept compact and cached on disk (pure; no Qt).

:class:`Lexicon` holds the words :class:`editor.core.spelling.Speller` checks against: one sorted
UTF-8 blob searched by bisection, a tenth of the memory of pyspellchecker's dict.
:func:`load_lexicon` reads it from the user's cache folder, or builds it from pyspellchecker's
dictionary and keeps it there.
"""

from __future__ import annotations

import array
import bisect
import json
import logging
from collections.abc import Mapping
from pathlib import Path

from editor.core import fileio
from editor.core.errors import GalleyError

log = logging.getLogger(__name__)

LEXICON_MAGIC = b"galley-lexicon 1\n"


class Lexicon:
    """A language's words with how common each is, kept compact: one sorted UTF-8 blob.

    pyspellchecker keeps its 160,000 English words in a dict of str to int, about 37 MB in the
    window's process; this holds the same words and counts in about 4 MB (a blob, where each
    word starts, and the counts), and a lookup is a binary search (about 10 µs; the checker
    caches every verdict). It is kept in the user's cache folder too (:func:`load_lexicon`):
    reading it back takes milliseconds where parsing pyspellchecker's JSON takes 0.5 s.
    """

    def __init__(
        self, blob: bytes, starts: array.array[int], counts: array.array[int], letters: str
    ) -> None:
        if len(starts) != len(counts) + 1 or (counts and starts[-1] != len(blob) + 1):
            raise ValueError("the word list's parts do not match")
        self._blob = blob
        self._starts = starts
        self._counts = counts
        self._size = len(counts)
        self.letters = letters

    @classmethod
    def from_frequencies(cls, frequencies: Mapping[str, int]) -> Lexicon:
        """The words of ``frequencies`` (already in lower case), with their counts."""
        words = sorted(word.encode() for word in frequencies)
        starts = array.array("I", [0])
        counts = array.array("I")
        letters: set[str] = set()
        position = 0
        for word in words:
            text = word.decode()
            position += len(word) + 1
            starts.append(position)
            counts.append(min(frequencies[text], 0xFFFFFFFF))
            letters.update(text)
        return cls(b"\n".join(words), starts, counts, "".join(sorted(letters)))

    def to_bytes(self) -> bytes:
        """The lexicon as a file's bytes (:meth:`from_bytes` reads them back)."""
        header = {"words": self._size, "blob": len(self._blob), "letters": self.letters}
        return b"".join(
            [
                LEXICON_MAGIC,
                json.dumps(header).encode() + b"\n",
                self._blob,
                self._starts.tobytes(),
                self._counts.tobytes(),
            ]
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Lexicon:
        """Read :meth:`to_bytes`'s output; ValueError when it is not one (damaged, other format)."""
        if not data.startswith(LEXICON_MAGIC):
            raise ValueError("not a Galley word list")
        end = data.index(b"\n", len(LEXICON_MAGIC))
        try:
            header = json.loads(data[len(LEXICON_MAGIC) : end])
            size, blob_size, letters = int(header["words"]), int(header["blob"]), header["letters"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError("the word list's header is damaged") from exc
        blob_start = end + 1
        starts_start = blob_start + blob_size
        counts_start = starts_start + 4 * (size + 1)
        if len(data) != counts_start + 4 * size or not isinstance(letters, str):
            raise ValueError("the word list is cut short or too long")
        starts = array.array("I")
        starts.frombytes(data[starts_start:counts_start])
        counts = array.array("I")
        counts.frombytes(data[counts_start:])
        return cls(data[blob_start:starts_start], starts, counts, letters)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: int) -> bytes:
        """The ``index``-th word in sorted order, as UTF-8 (what :mod:`bisect` searches)."""
        return self._blob[self._starts[index] : self._starts[index + 1] - 1]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._index(word) >= 0

    def count(self, word: str) -> int:
        """How common ``word`` is (0: not a word)."""
        index = self._index(word)
        return self._counts[index] if index >= 0 else 0

    def commonest(self, limit: int) -> list[str]:
        """The ``limit`` commonest words, commonest first."""
        order = sorted(range(self._size), key=lambda i: -self._counts[i])[:limit]
        return [self[i].decode() for i in order]

    def _index(self, word: str) -> int:
        key = word.encode()
        index = bisect.bisect_left(self, key)
        return index if index < self._size and self[index] == key else -1


def lexicon_cache_path(language: str) -> Path:
    """Where :func:`load_lexicon` keeps ``language``'s word list (per pyspellchecker version)."""
    from importlib.metadata import version

    import platformdirs

    folder = Path(platformdirs.user_cache_dir("galley", appauthor=False)) / "spelling"
    return folder / f"{language}-{version('pyspellchecker')}.lexicon"


def load_lexicon(language: str, cache: Path | None = None) -> Lexicon:
    """``language``'s words: from ``cache`` when it holds them, else from pyspellchecker's
    dictionary (then written to ``cache``; a cache that cannot be read or written is only
    logged, never an error: it is rebuilt)."""
    if cache is not None:
        try:
            return Lexicon.from_bytes(cache.read_bytes())
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            log.info("Rebuilding the %s word list: %s (%s)", language, exc, cache)
    from spellchecker import SpellChecker

    lexicon = Lexicon.from_frequencies(SpellChecker(language=language).word_frequency.dictionary)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            fileio.atomic_write(cache, lexicon.to_bytes())
        except (OSError, GalleyError) as exc:
            log.info("Could not keep the %s word list in %s: %s", language, cache, exc)
    return lexicon
