"""Bare pull-request references (``#5392`` in prose): the ``bare-pull-request`` problems and
:func:`link_pull_requests`, which links them.

The references are found by the body scan (:func:`editor.core.checks.references.scan_body`);
linking rewrites only the lines it reports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from editor.core.checks.front_matter import split_body
from editor.core.checks.problem import LINK_PULL_REQUESTS, Fix, Problem, join_words
from editor.core.checks.references import PULL_REQUEST, Scan, scan_body

_LINE_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def link_pull_requests(text: str, base: str, *, line: int | None = None) -> str:
    """Turn bare ``#5392`` references in the post ``text`` into ``[#5392](<base>5392)`` links.

    Only the references the ``bare-pull-request`` check reports change: never those in code,
    links, HTML or the front matter. ``line`` (1-based, in the file) limits the change to one
    line. A ``base`` that ends in neither ``/`` nor ``=`` gets a ``/``. Running it twice changes
    nothing more.
    """
    first_line, body = split_body(text)
    found = scan_body(body, first_line).pull_requests
    if line is not None:
        found = {line: found[line]} if line in found else {}
    if not found:
        return text
    if not base.endswith(("/", "=")):
        base += "/"
    lines = _LINE_BREAK.split(text)
    for number, refs in found.items():
        if 0 < number <= len(lines):
            lines[number - 1] = _link_line(lines[number - 1], refs, base)
    return "".join(lines)


def pull_request_problems(path: Path, scan: Scan) -> list[Problem]:
    problems = []
    for line, numbers in sorted(scan.pull_requests.items()):
        unique = list(dict.fromkeys(numbers))
        shown = join_words([f"#{n}" for n in unique])
        label = (
            f"Link #{unique[0]} to the pull request"
            if len(unique) == 1
            else f"Link {shown} to the pull requests"
        )
        problems.append(
            Problem(path, line, "warning", "bare-pull-request",
                    f"{shown} {'is' if len(unique) == 1 else 'are'} not linked, so readers "
                    f"cannot click through to {'it' if len(unique) == 1 else 'them'}. Link "
                    f"{'it' if len(unique) == 1 else 'them'} to the pull "
                    f"request{'' if len(unique) == 1 else 's'}.",
                    Fix(LINK_PULL_REQUESTS, label))
        )  # fmt: skip
    return problems


# Parts of a line where a '#1234' is not prose: code spans, links and images, HTML tags and
# autolinks, bare URLs and heading ids. (Only lines with references in prose are rewritten, so
# whole-line constructs such as code blocks and reference definitions need no pattern here.)
_NOT_PROSE = re.compile(
    r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)"
    r"|!?\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:\([^)]*\)|\[[^\]]*\])"
    r"|<[aA](?:\s[^<>]*)?>.*?</[aA]\s*>"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*"
    r"\s*/?>"
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"
    r"|<!--.*?-->"
    r"|(?:https?://|www\.)[^\s<>\[\]()`!*]*"
    r"|\{#[^}\n]*\}"
)


def _link_line(line: str, numbers: Sequence[str], base: str) -> str:
    """Link the bare references the check found on ``line`` (``numbers``, one per reference).

    The raw line may hold more ``#1234`` than the check found (in code or a link, say). Then
    the prose patterns tell them apart; if the count still differs, that number is left alone
    rather than changed in the wrong place.
    """
    wanted = Counter(numbers)
    candidates = [m for m in PULL_REQUEST.finditer(line) if m.group(1) in wanted]
    spans = [m.span() for m in _NOT_PROSE.finditer(line)]
    chosen: list[re.Match[str]] = []
    for number, count in wanted.items():
        found = [m for m in candidates if m.group(1) == number]
        if len(found) != count:
            found = [m for m in found if not any(a <= m.start() < b for a, b in spans)]
        if len(found) == count:
            chosen += found
    parts = []
    end = 0
    for match in sorted(chosen, key=lambda m: m.start()):
        parts += [line[end : match.start()], f"[#{match.group(1)}]({base}{match.group(1)})"]
        end = match.end()
    return "".join(parts) + line[end:]
