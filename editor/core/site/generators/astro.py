"""An Astro site's content collections, read from ``content.config.ts`` as text (pure; no Qt).

Each ``defineCollection({ … })`` of the config is read without running it: its name (the
``collections`` key, or the ``const`` it is assigned to), its loader (``glob({ base, pattern })``
files; the pre-5.0 form without a loader is ``src/content/<name>/``; ``file()`` and other loaders
are data, never posts) and whether its schema has a date field (``pubDate``, ``publishDate``,
``date``…). :func:`post_collections` chooses the collections that are the site's posts: those
named like a blog (``blog``, ``posts``, ``newsletter``, ``articles``…) when there are any, else
those whose schema has a date field; failing both, every collection of files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from editor.core.site.generators.config import js_objects, js_strings

__all__ = ["POST_NAMES", "Collection", "content_collections", "post_collections", "post_patterns"]

POST_NAMES = frozenset(
    {"blog", "blogs", "post", "posts", "newsletter", "newsletters", "article", "articles", "news"}
)
"""Collection names that are a site's posts whatever their schema."""

DATE_FIELDS = (
    "pubDate", "publishDate", "date", "published", "pubdate", "publishedAt", "publishedOn",
    "publishedDate", "datePublished", "postDate",
)  # fmt: skip
"""Schema keys that date a collection's entries as posts are dated."""

_DEFINITION = re.compile(
    r"""(?:(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=|["']?([A-Za-z_$][\w$]*)["']?\s*:)"""
    r"""\s*defineCollection\s*\("""
)
_DATED = re.compile(rf"""(?<![\w$.])["']?(?:{"|".join(DATE_FIELDS)})["']?\s*:""")
_STRING = re.compile(r"""'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"|`([^`$]*)`""")


@dataclass(frozen=True)
class Collection:
    """One content collection of an Astro site.

    Attributes:
        name: the collection's name (``blog``).
        folder: where its files are, from the project root (``src/content/blog``); None for a
            collection of data or of entries no file on disk holds (``file()``, a remote loader).
        patterns: the glob patterns of its entries, from ``folder`` (``*.mdx``, ``**/*.md``).
        dated: its schema has a date field (:data:`DATE_FIELDS`).
    """

    name: str
    folder: str | None
    patterns: tuple[str, ...] = ("**/*",)
    dated: bool = False


def content_collections(code: str, content_folder: str) -> list[Collection]:
    """The collections a content config defines (``code``: its text with comments blanked);
    ``content_folder``: where the pre-5.0 collections' folders are (``src/content``)."""
    aliases = _aliases(code)
    found = []
    for match in _DEFINITION.finditer(code):
        name = match.group(1) or match.group(2)
        definition = next(js_objects(code[match.start() :], r"defineCollection\s*\("), "")
        found.append(_collection(aliases.get(name, name), definition, content_folder))
    return found


def post_collections(collections: Sequence[Collection]) -> list[Collection]:
    """The collections that are the site's posts (see the module's description)."""
    files = [c for c in collections if c.folder is not None]
    named = [c for c in files if c.name.casefold() in POST_NAMES]
    return named or [c for c in files if c.dated] or files


def post_patterns(collection: Collection) -> list[str]:
    """The glob patterns (from the project root) of a collection's entries: braces expanded
    (``**/*.{md,mdx}``), ``[^_]`` written as glob writes it, negated patterns left out."""
    if collection.folder is None:
        return []
    patterns = []
    for pattern in collection.patterns:
        for expanded in _braces(pattern.strip()):
            if not expanded or expanded.startswith("!"):
                continue
            expanded = expanded.replace("[^", "[!").removeprefix("./")
            parts = [p for p in PurePosixPath(expanded).parts if p not in ("/", ".")]
            if ".." in parts:
                continue
            patterns.append("/".join(p for p in (collection.folder, *parts) if p))
    return patterns


def _aliases(code: str) -> dict[str, str]:
    """The ``collections`` object's renames: ``{ news: newsCollection }`` gives
    ``newsCollection`` the name ``news``."""
    aliases = {}
    for obj in js_objects(code, r"(?<![\w$.])collections\s*="):
        for key, value in re.findall(
            r"""["']?([A-Za-z_$][\w$]*)["']?\s*:\s*([A-Za-z_$][\w$]*)""", obj
        ):
            aliases[value] = key
    return aliases


def _collection(name: str, definition: str, content_folder: str) -> Collection:
    dated = _DATED.search(definition) is not None
    loader = re.search(r"(?<![\w$.])loader\s*:\s*([A-Za-z_$][\w$]*)\s*\(", definition)
    if loader is None:  # the pre-5.0 form: a folder of src/content, unless it is data
        if re.search(r"""(?<![\w$.])type\s*:\s*["']data["']""", definition):
            return Collection(name, None, dated=dated)
        return Collection(name, f"{content_folder}/{name}", dated=dated)
    if loader.group(1) != "glob":
        return Collection(name, None, dated=dated)
    options = next(js_objects(definition[loader.start() :], r"glob\s*\("), "")
    bases = js_strings(options, "base")
    folder = _clean(bases[0]) if bases else None
    patterns = js_strings(options, "pattern")
    listed = re.search(r"(?<![\w$.])pattern\s*:\s*\[([^\]]*)\]", options)
    if listed is not None:
        patterns += [
            next(g for g in m.groups() if g is not None) for m in _STRING.finditer(listed.group(1))
        ]
    if folder is None or not patterns:
        return Collection(name, None, dated=dated)
    return Collection(name, folder, tuple(patterns), dated)


def _clean(base: str) -> str | None:
    """A loader's ``base`` as a folder from the project root, or None (outside it)."""
    parts = [p for p in PurePosixPath(base.strip().replace("\\", "/")).parts if p not in ("/", ".")]
    return None if ".." in parts else "/".join(parts)


def _braces(pattern: str) -> list[str]:
    """A glob pattern with its ``{a,b}`` alternatives expanded (nested ones too)."""
    match = re.search(r"\{([^{}]*)\}", pattern)
    if match is None:
        return [pattern]
    head, tail = pattern[: match.start()], pattern[match.end() :]
    return [e for alt in match.group(1).split(",") for e in _braces(head + alt + tail)]
