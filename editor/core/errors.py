"""Errors Galley shows to people.

Every error has two parts, as a person needs them: ``summary`` says what failed, ``detail`` says
why and what to do about it. ``str(error)`` joins them into one readable sentence pair.
"""

from __future__ import annotations

from pathlib import Path


class GalleyError(Exception):
    """Base class of every error Galley reports to the user."""

    def __init__(self, summary: str, detail: str = "") -> None:
        super().__init__(f"{summary} {detail}".strip())
        self.summary = summary
        self.detail = detail


class PostLoadError(GalleyError):
    """A post could not be read: missing, unreadable, or not UTF-8 text.

    ``reason`` sorts the failure for callers that word it their own way: ``missing``,
    ``folder``, ``not-regular`` (a FIFO, a device), ``too-large`` or ``other``.
    """

    def __init__(
        self, summary: str, detail: str = "", *, path: Path | None = None, reason: str = "other"
    ) -> None:
        super().__init__(summary, detail)
        self.path = path
        self.reason = reason


class FrontMatterError(GalleyError):
    """The YAML front matter of a post is malformed.

    ``line`` and ``column`` are 1-based positions in the whole file (the opening ``---`` is line 1).
    ``text`` is the post's complete raw text, so nothing is lost while the user fixes it.
    """

    def __init__(
        self,
        summary: str,
        detail: str = "",
        *,
        line: int,
        column: int,
        text: str = "",
        path: Path | None = None,
    ) -> None:
        super().__init__(summary, detail)
        self.line = line
        self.column = column
        self.text = text
        self.path = path


class SaveError(GalleyError):
    """A file could not be written; the previous version on disk is untouched."""

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path
