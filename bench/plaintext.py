"""The plain-text part (``galley export --text``) of every post of a site, checked and timed.

Usage: python bench/plaintext.py SITE [--limit N] [--only TEXT...] [--json] [--show N]

For each post: ``plain_text`` as ``galley export POST --text`` makes it (the site's generator,
dialect, emoji and images), timed (the best of 3), and checked against the HTML export of the
same post (``export_page(fragment=True)``, the HTML part of the mail):

- every link address of the HTML (``http(s):``, ``mailto:``, ``tel:``) is in the text;
- no HTML or Markdown syntax is left: no tag, entity, ``**``, ``__``, backtick, ``](``,
  ``~~`` or ``#`` heading mark that the HTML does not itself show as text (a post about HTML
  or Python has ``<div>`` and ``**kwargs`` in its code, and the text keeps them);
- no line is longer than 72 columns but a code line (indented) or an address alone on its line.

Prints a summary (posts, failures, median and slowest times, the largest post's time) and the
first failures (``--show``).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from editor.core.export import export_page
from editor.core.mail import plain_text
from editor.core.post import Post
from editor.core.render.dialects import dialect_for_generator
from editor.core.site import Site, post_header_lines

WIDTH = 72
SYNTAX = {
    "tag": re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>\n]*)?/?>"),
    "entity": re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);"),
    "**": re.compile(r"\*\*"),
    "__": re.compile(r"__"),
    "backtick": re.compile(r"`"),
    "](": re.compile(r"\]\("),
    "~~": re.compile(r"~~"),
    "heading mark": re.compile(r"^#{1,6} ", re.MULTILINE),
}
URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+|mailto:\S+|www\.\S+", re.IGNORECASE)
MARKS = re.compile(r"^(?:\s|>|-|\u2610|\u2611|\d+\.|\[\d+\])*")


class Html(HTMLParser):
    """The link addresses and the text (unescaped) of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.texts: list[str] = []
        self.code: list[str] = []
        self._pre = 0
        self.feed(html)
        self.code_lines = {line.strip() for line in "".join(self.code).expandtabs(4).splitlines()}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and re.match(r"(?:https?|mailto|tel):", href, re.IGNORECASE):
            self.links.append(href)
        self._pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._pre > 0:
            self._pre -= 1
            self.code.append("\n")

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._pre:
            self.code.append(data)


def long_line_ok(line: str, code_lines: set[str]) -> bool:
    """A code line, or an address alone on its line (a list's or quote's marks before it)."""
    if line.strip() in code_lines or line.lstrip(" >").strip() in code_lines:
        return True
    rest = line[MARKS.match(line).end() :]  # type: ignore[union-attr]
    rest = re.sub(r"\s\[\d+\]$", "", rest).lstrip("(\"'“‘<[")
    return URL.fullmatch(rest.rstrip(".,;:)!?]>\"'”’")) is not None


def problems(text: str, html: str) -> list[str]:
    page = Html(html)
    shown = unescape("".join(page.texts))
    found = []
    for href in dict.fromkeys(page.links):
        address = re.sub(r"^(?:mailto|tel):", "", href, flags=re.IGNORECASE)
        if address not in text:
            found.append(f"link missing: {href}")
    words = URL.sub(" ", text)  # an address may hold "__" or "**"
    for name, pattern in SYNTAX.items():
        extra = len(pattern.findall(words)) - len(pattern.findall(URL.sub(" ", shown)))
        if extra > 0:
            found.append(f"{name} left: {pattern.findall(words)[:3]}")
    for line in text.splitlines():
        if len(line) > WIDTH and not long_line_ok(line, page.code_lines):
            found.append(f"long line ({len(line)}): {line[:90]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N posts")
    parser.add_argument("--only", nargs="*", default=[], help="only posts whose path has one")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    site = Site.open(args.site)
    generator = site.generator
    posts = [info.path for info in site.posts if info.ok]
    posts = [p for p in posts if not args.only or any(part in str(p) for part in args.only)]
    posts = posts[: args.limit] if args.limit else posts
    times: dict[Path, float] = {}
    failures: dict[Path, list[str]] = {}
    links = 0
    for path in posts:
        post = Post.load(path, header_lines=post_header_lines(path))
        kwargs = {
            "dialect": dialect_for_generator(generator, path),
            "generator": generator,
            "emoji": bool(site.settings.emoji),
            "images": site.image_resolver(path) if site.static_roots else None,
        }
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            text = plain_text(post, **kwargs)  # type: ignore[arg-type]
            best = min(best, (time.perf_counter() - start) * 1000)
        times[path] = best
        html = export_page(post, fragment=True, **kwargs)  # type: ignore[arg-type]
        links += len(set(Html(html).links))
        found = problems(text, html)
        if found:
            failures[path] = found
    largest = max(posts, key=lambda p: p.stat().st_size)
    slowest = max(times, key=lambda p: times[p])
    report = {
        "site": str(site.root),
        "posts": len(posts),
        "links": links,
        "failed": len(failures),
        "median_ms": round(statistics.median(times.values()), 1),
        "slowest": {"post": str(slowest), "ms": round(times[slowest], 1)},
        "largest": {
            "post": str(largest),
            "bytes": largest.stat().st_size,
            "ms": round(times[largest], 1),
        },
    }
    if args.json:
        print(json.dumps({**report, "failures": {str(p): f for p, f in failures.items()}}))
        return
    print(json.dumps(report, indent=2))
    for path, found in list(failures.items())[: args.show]:
        print(f"\n{path}:")
        for problem in found[:8]:
            print(f"  {problem}")


if __name__ == "__main__":
    main()
