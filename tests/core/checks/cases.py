"""The pre-publish checks' fixture site, its posts, and helpers that summarise problems."""

from __future__ import annotations

from editor.core.checks import Problem
from tests.helpers import FIXTURES

FIXTURE = FIXTURES / "checksite"
BLOG = FIXTURE.absolute() / "content" / "blog"
NETS = BLOG / "harbour-notes-2-nets" / "index.md"
CRANES = BLOG / "harbour-notes-4-cranes" / "index.md"
MERGED = BLOG / "merged-this-month" / "index.md"
BASE = "https://github.com/example/harbour/pull/"


def keys_of(problems: list[Problem]) -> set[tuple[str, int, str, str]]:
    """(post, from the blog folder; line; severity; code) of each problem."""
    return {(p.path.relative_to(BLOG).as_posix(), p.line, p.severity, p.code) for p in problems}


def codes_of(problems: list[Problem]) -> list[tuple[int, str]]:
    """(line, code) of each problem, in order."""
    return [(p.line, p.code) for p in problems]


def one_of(problems: list[Problem], post: str, line: int, code: str) -> Problem:
    """The one problem of ``code`` at ``line`` of ``post`` (from the blog folder)."""
    (problem,) = [
        p for p in problems if p.path == BLOG / post and p.line == line and p.code == code
    ]
    return problem
