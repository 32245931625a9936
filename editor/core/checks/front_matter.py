"""Front-matter checks: the title, date and description of a post, at their keys' lines.

The front matter is read by :class:`editor.core.post.Post`; this module finds the file line of
each top-level key without a second YAML parse (:func:`key_lines`), and where the body starts
(:func:`split_body`). A title, date or description the site's generator supplies when the front
matter has none (Jekyll's title from the file name, a date from ``2024-05-21-slug.md``,
Pelican's summary from the first words, Jekyll's excerpt) is never missing:
:func:`supplied_fields` says which, from the generator's profile. The description is read from
the generator's own key (Pelican's ``Summary``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from editor.core import dates
from editor.core.checks.problem import Problem
from editor.core.post import split_block
from editor.core.site import Generator, derive

MAX_TITLE = 70  # characters; longer titles are cut short in search results and mail clients
MAX_DESCRIPTION = 160  # characters; longer descriptions are cut short in search results

_KEY = re.compile(r"^(?:\"([^\"\n]+)\"|'([^'\n]+)'|([^\s#:'\"][^:\n]*?))[ \t]*:(?:\s|$)")


def key_lines(front_matter: str) -> dict[str, int]:
    """The file line of each top-level front-matter key (the front matter starts at line 2)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(front_matter.split("\n"), start=2):
        match = _KEY.match(line)
        if match:
            lines.setdefault(next(g for g in match.groups() if g is not None), number)
    return lines


def split_body(text: str, header_lines: bool | None = None) -> tuple[int, str]:
    """The file line where the body starts, and the body, without parsing the front matter
    (in any format: ``header_lines`` as for :class:`~editor.core.post.Post`)."""
    parts = split_block(text, header_lines)
    if parts is None or not parts.complete:
        return 1, text
    head = parts.opening + parts.front_matter + parts.closing
    return 1 + head.count("\n"), parts.body


def text_value(value: object) -> str | None:
    if value is None or isinstance(value, (Mapping, list)):
        return None
    return str(value).strip()


def supplied_fields(
    generator: Generator | None, path: Path, meta: Mapping[str, Any], body: str
) -> dict[str, str]:
    """The front-matter fields ("title", "date", "description") the site's ``generator``
    supplies for this post when its front matter has none, each with where it takes it from
    (Pelican describes a post without a ``Summary`` by its first words)."""
    if generator is None:
        return {}
    derived = derive(generator, path, meta, body)
    supplied = {}
    if generator.description_from is not None:
        supplied["description"] = generator.description_from
    if derived.title is not None and derived.title_from is not None:
        supplied["title"] = derived.title_from
    if derived.date_from is not None:
        supplied["date"] = derived.date_from
    elif derived.page:
        supplied["date"] = "none: a page has no date"
    if generator.supplies_excerpt:  # jekyll-seo-tag and feeds fall back to the excerpt
        supplied["description"] = "the excerpt"
    return supplied


def duplicate_key_problems(
    path: Path,
    keys: tuple[str, ...],
    lines: Mapping[str, int],
    generator: Generator | None,
) -> list[Problem]:
    """A warning for each key the front matter writes twice: the post opens (Jekyll's YAML
    reader keeps the last value, and so does Galley), but other readers refuse it."""
    problems = []
    for key in keys:
        reader = "Jekyll" if generator is not None and generator.name == "jekyll" else "Galley"
        problems.append(
            Problem(path, lines.get(key, lines.get(key.casefold(), 1)), "warning", "duplicate-key",
                    f"The front matter sets '{key}' more than once; {reader} reads the last "
                    "value, other generators may refuse the post. Keep one of them.")
        )  # fmt: skip
    return problems


def front_matter_problems(
    path: Path,
    meta: Mapping[str, Any],
    lines: Mapping[str, int],
    has_front_matter: bool,
    *,
    supplied: Mapping[str, str] | None = None,
    date_keys: tuple[str, ...] = ("date",),
    description_key: str = "description",
    written: Mapping[str, str] | None = None,
) -> list[Problem]:
    """The problems of a post's title, description and date.

    ``supplied``: the fields the site's generator fills in when they are missing (see
    :func:`supplied_fields`): no "missing" problem for those. ``date_keys``: the keys the
    generator reads a date from, in order (Astro's ``pubDate``); the first present is checked.
    ``description_key``: the key the generator reads the description from (Pelican's
    ``summary``). ``written``: how a key is written in the front matter, for the messages
    (Pelican's header lines: ``Summary``); by default as it is. The problems' codes name the
    field ("missing-description") whatever its key.
    """
    problems = []
    absent = 1 if has_front_matter else 0
    supplied = supplied or {}
    written = written or {}

    def text_field(field: str, key: str, severity: str, limit: int, why: str) -> None:
        value = meta.get(key)
        line = lines.get(key, absent)
        text = text_value(value)
        shown = written.get(key, key)
        if field == "description" and field in supplied and key in meta and not text:
            problems.append(
                Problem(path, line, severity, f"missing-{field}",
                        f"The {key} is empty, so the site shows none. Write one, or remove "
                        f"the '{shown}:' line: the site then uses {supplied[field]}.")
            )  # fmt: skip
            return
        if field in supplied and (value is None or key not in meta):
            return  # the generator takes it from elsewhere
        if key not in meta:
            problems.append(
                Problem(path, line, severity, f"missing-{field}",
                        f"The post has no {key}. Add a '{shown}:' line to the front matter"
                        f"{why}.")
            )  # fmt: skip
        elif value is None or text == "":
            problems.append(
                Problem(path, line, severity, f"missing-{field}",
                        f"The {key} is empty. Write one{why}.")
            )  # fmt: skip
        elif text is None:
            problems.append(
                Problem(path, line, severity, f"missing-{field}",
                        f"The {key} is not text. Write it as '{shown}: …' on one line.")
            )  # fmt: skip
        elif len(text) > limit:
            problems.append(
                Problem(path, line, "warning", f"long-{field}",
                        f"The {key} is {len(text)} characters long; over {limit}, search results "
                        f"and mail clients cut it short. Shorten it.")
            )  # fmt: skip

    text_field("title", "title", "error", MAX_TITLE, "")
    text_field(
        "description", description_key, "warning", MAX_DESCRIPTION,
        "; search results and link previews show it",
    )  # fmt: skip
    date_key = next((k for k in date_keys if meta.get(k) is not None), date_keys[0])
    date = meta.get(date_key)
    line = lines.get(date_key, absent)
    blank = date is None or (isinstance(date, str) and not date.strip())
    if blank and "date" in supplied:
        pass  # the generator dates it by its name or path
    elif blank:
        problems.append(
            Problem(path, line, "error", "missing-date",
                    "The post has no date. Add one to the front matter, like "
                    "'date: 2024-05-17'; the site orders posts by it.")
        )  # fmt: skip
    elif dates.parse(date) is None:
        shown = date if isinstance(date, str) else type(date).__name__
        problems.append(
            Problem(path, line, "error", "invalid-date",
                    f"The date '{shown}' is not a date Galley can read. Write it like "
                    "2024-05-17 or 2024-05-17T09:30:00Z.")
        )  # fmt: skip
    return problems
