"""What the checks report: :class:`Problem`, its :class:`Fix`, the severities and the fix kinds.

The leaf of :mod:`editor.core.checks`: every other module of the package imports it, and it
imports none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SEVERITIES = ("error", "warning", "info")

LINK_PULL_REQUESTS = "link-pull-requests"
DELETE_FILE = "delete-file"
WRAP_PATH = "wrap-path"
REPLACE_TARGET = "replace-target"

_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Fix:
    """What a problem's button does.

    Attributes:
        kind: ``"link-pull-requests"``, ``"wrap-path"`` or ``"replace-target"``
            (:func:`~editor.core.checks.apply_fix` rewrites the text), or ``"delete-file"``
            (remove :attr:`path`; the window confirms and moves it to the trash).
        label: the button's text.
        path: the file to delete, for ``"delete-file"``.
        target: the link destination to put in angle brackets, for ``"wrap-path"``, or to
            replace, for ``"replace-target"``.
        replacement: what ``target`` becomes, for ``"replace-target"``.
    """

    kind: str
    label: str
    path: Path | None = None
    target: str | None = None
    replacement: str | None = None


@dataclass(frozen=True)
class Problem:
    """One finding of the checks.

    Attributes:
        path: the post (for an unused image, the post whose folder holds it).
        line: the 1-based line in the post file (front matter lines count; the opening ``---``
            is line 1), or 0 when it concerns the whole post.
        severity: one of :data:`SEVERITIES`.
        code: a stable kebab-case id (see the module documentation).
        message: what is wrong and what to do about it.
        fix: what a button can do about it, if anything.
    """

    path: Path
    line: int
    severity: str
    code: str
    message: str
    fix: Fix | None = None

    def to_json(self) -> dict[str, object]:
        """The problem as JSON-ready data (paths as text)."""
        fix: dict[str, object] | None = None
        if self.fix is not None:
            path = str(self.fix.path) if self.fix.path is not None else None
            fix = {
                "kind": self.fix.kind,
                "label": self.fix.label,
                "path": path,
                "target": self.fix.target,
            }
        return {
            "path": str(self.path),
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "fix": fix,
        }


def sort_key(problem: Problem) -> tuple[str, int, int, str, str]:
    return str(problem.path), problem.line, _RANK[problem.severity], problem.code, problem.message


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
