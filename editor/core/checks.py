"""Pre-publish checks: what a reader would trip over, found before the post goes out (pure; no Qt).

:func:`check_site` checks posts on disk (the ``galley check`` command); :func:`check_post` checks
one post from the text in the editor, fast enough to run as the author types. Each finding is a
:class:`Problem` at a 1-based line of the post file (the opening ``---`` is line 1; line 0 means
the whole post), with a message that says what is wrong and what to do, and sometimes a
:class:`Fix`.

Checks, by code (severity):

Front matter
    ``invalid-front-matter`` (error): the YAML does not parse; at the YAML error's line, and no
    other check runs on that post. ``unreadable-post`` (error): not UTF-8, or not readable.
    ``missing-title``, ``missing-date`` (error), ``missing-description`` (warning): absent or
    blank (at the key's line, or line 1 when the key is absent). ``invalid-date`` (error): a date
    :func:`editor.core.dates.parse` cannot read. ``long-title`` (warning): over 70 characters.
    ``long-description`` (warning): over 160 characters.

Images and links (Markdown, reference definitions, and ``<img src>``/``<a href>`` in HTML)
    ``broken-image`` (error): a relative image path with no file there (``%20`` and other
    escapes decoded). ``image-path-spaces`` (error): ``![alt](./a b.png)`` — a path with a space
    that is not written ``<./a b.png>`` shows as text, not as a picture. ``missing-alt``
    (warning): ``![](x.png)``, or ``<img>`` without ``alt`` (``alt=""`` marks a decorative image
    and is fine). ``broken-link`` (warning): a relative link to a file or folder that does not
    exist. ``link-path-spaces`` (warning): a link to a file path with a space, not in ``<…>``.
    ``broken-site-link`` (warning): a link like ``/blog/<slug>/`` to no post of this site (for
    sites whose posts are in ``content/<section>/``). Remote URLs, ``mailto:``, ``#anchors`` and
    other absolute paths cannot be checked offline and are left alone.

Site
    ``unused-image`` (info): an image file in a bundle post's folder (``<slug>/index.md``) that no
    post mentions; its fix ``delete-file`` names the file (the window asks, then moves it to the
    trash). ``bare-pull-request`` (warning), only when ``pull_request_base`` is set: a plain-text
    ``#5392`` (three digits or more) outside links, code and HTML; one problem per line, with the
    fix ``link-pull-requests`` (see :func:`link_pull_requests`).

Series (see :mod:`editor.core.site`)
    ``duplicate-issue-number`` (error): on each issue whose number another issue also uses.
    ``issue-number-mismatch`` (error): the title's number is not the slug's; on the title line.
    ``missing-issue-numbers`` (info): numbers skipped between the first and the last issue, once
    per series, on the title line of its latest issue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import html
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from editor.core import dates, fileio
from editor.core.errors import FrontMatterError, GalleyError
from editor.core.images import _IMAGE_SUFFIXES
from editor.core.post import Post, decode, split_front_matter
from editor.core.render import block_parser
from editor.core.site import (
    PostInfo,
    Series,
    SeriesIssue,
    Site,
    SiteSettings,
    group_series,
    slug_of,
)

__all__ = [
    "SEVERITIES",
    "Fix",
    "Problem",
    "apply_fix",
    "check_post",
    "check_site",
    "link_pull_requests",
]

SEVERITIES = ("error", "warning", "info")
MAX_TITLE = 70  # characters; longer titles are cut short in search results and mail clients
MAX_DESCRIPTION = 160  # characters; longer descriptions are cut short in search results
LINK_PULL_REQUESTS = "link-pull-requests"
DELETE_FILE = "delete-file"
WRAP_PATH = "wrap-path"

_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Fix:
    """What a problem's button does.

    Attributes:
        kind: ``"link-pull-requests"`` or ``"wrap-path"`` (:func:`apply_fix` rewrites the text),
            or ``"delete-file"`` (remove :attr:`path`; the window confirms and moves it to the
            trash).
        label: the button's text.
        path: the file to delete, for ``"delete-file"``.
        target: the link destination to put in angle brackets, for ``"wrap-path"``.
    """

    kind: str
    label: str
    path: Path | None = None
    target: str | None = None


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


def _sort_key(problem: Problem) -> tuple[str, int, int, str, str]:
    return str(problem.path), problem.line, _RANK[problem.severity], problem.code, problem.message


# ---------------------------------------------------------------------------------------------
# Public entry points


def check_site(site: Site, posts: Iterable[Path] | None = None) -> list[Problem]:
    """Check the posts of ``site`` as saved on disk: all of them, or just ``posts``.

    The series checks run for every series the checked posts belong to, so they may report
    problems in other issues of those series. The result is sorted by path, then line.
    """
    paths = (
        [p.path for p in site.posts]
        if posts is None
        else list(dict.fromkeys(Path(os.path.abspath(p)) for p in posts))
    )
    problems: list[Problem] = []
    texts: dict[Path, str] = {}
    for path in paths:
        try:
            text = decode(fileio.read_bytes(path), path)
        except GalleyError as exc:
            problems.append(_unreadable(path, exc))
            continue
        except OSError as exc:  # fileio wraps its errors; this is a last resort
            problems.append(_unreadable(path, GalleyError(f"Could not read {path}.", str(exc))))
            continue
        texts[path] = text
        problems += _check_text(site, path, text, series=False)
    wanted = set(paths)
    for series in site.series():
        if any(issue.post.path in wanted for issue in series.issues):
            problems += _series_problems(series, lambda p: _title_line(p, texts))
    return sorted(problems, key=_sort_key)


def check_post(site: Site | None, path: Path, text: str) -> list[Problem]:
    """Check one post from its current ``text`` (which may be unsaved).

    With ``site`` None only the checks of the post itself run (its front matter, its images and
    links); with a site, also its series, its folder's unused images and pull-request links.
    Series problems are only those of this post. Sorted by line.
    """
    path = Path(os.path.abspath(path))
    return sorted(_check_text(site, path, text, series=True), key=_sort_key)


def apply_fix(problem: Problem, text: str, site_settings: SiteSettings | None = None) -> str:
    """The post ``text`` with ``problem``'s fix applied.

    ``wrap-path`` puts a destination with spaces in angle brackets on the problem's line;
    ``link-pull-requests`` links the references on the problem's line (or in the whole post for
    line 0) and needs ``site_settings`` with a ``pull_request_base``.

    Raises:
        ValueError: the problem has no text fix, or there is no pull-request base URL.
    """
    fix = problem.fix
    if fix is not None and fix.kind == WRAP_PATH and fix.target is not None:
        return wrap_path(text, problem.line, fix.target)
    if fix is None or fix.kind != LINK_PULL_REQUESTS:
        kind = fix.kind if fix is not None else "none"
        raise ValueError(f"The fix {kind!r} of {problem.code!r} does not change the text.")
    base = site_settings.pull_request_base if site_settings is not None else None
    if not base:
        raise ValueError("Linking pull requests needs the site's pull_request_base setting.")
    return link_pull_requests(text, base, line=problem.line or None)


def wrap_path(text: str, line: int, target: str) -> str:
    """``text`` with ``](target)`` on file line ``line`` written ``](<target>)``, so that a
    path with spaces is a link or image again (CommonMark allows spaces only inside ``<…>``)."""
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return text
    lines[line - 1] = lines[line - 1].replace(f"]({target})", f"](<{target}>)")
    return "".join(lines)


def link_pull_requests(text: str, base: str, *, line: int | None = None) -> str:
    """Turn bare ``#5392`` references in the post ``text`` into ``[#5392](<base>5392)`` links.

    Only the references the ``bare-pull-request`` check reports change: never those in code,
    links, HTML or the front matter. ``line`` (1-based, in the file) limits the change to one
    line. A ``base`` that ends in neither ``/`` nor ``=`` gets a ``/``. Running it twice changes
    nothing more.
    """
    first_line, body = _body(text)
    found = _scan(body, first_line).pull_requests
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


# ---------------------------------------------------------------------------------------------
# One post


def _check_text(site: Site | None, path: Path, text: str, *, series: bool) -> list[Problem]:
    """Every check of one post; ``series``: also this post's series problems (from ``text``)."""
    try:
        post = Post.parse(text, path)
    except FrontMatterError as exc:
        message = f"{exc.summary} {exc.detail}".strip()
        return [Problem(path, exc.line, "error", "invalid-front-matter", message)]
    meta = post.meta.to_dict()
    key_lines = _key_lines(post.front_matter_text)
    problems = _front_matter_problems(path, meta, key_lines, post.has_front_matter)
    scan = _scan(post.body, post.body_start_line)
    index = _site_index(site) if site is not None else None
    problems += _reference_problems(path, scan, index)
    if site is not None and index is not None:  # (the index exists exactly when the site does)
        if site.settings.pull_request_base:
            problems += _pull_request_problems(path, scan)
        problems += _unused_images(site, index, path, text)
        if series:
            title = key_lines.get("title", 0)
            problems += _own_series_problems(site, index, path, meta, title)
    return problems


def _unreadable(path: Path, exc: GalleyError) -> Problem:
    return Problem(path, 0, "error", "unreadable-post", f"{exc.summary} {exc.detail}".strip())


_KEY = re.compile(r"^(?:\"([^\"\n]+)\"|'([^'\n]+)'|([^\s#:'\"][^:\n]*?))[ \t]*:(?:\s|$)")
_LINE_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def _key_lines(front_matter: str) -> dict[str, int]:
    """The file line of each top-level front-matter key (the front matter starts at line 2)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(front_matter.split("\n"), start=2):
        match = _KEY.match(line)
        if match:
            lines.setdefault(next(g for g in match.groups() if g is not None), number)
    return lines


def _body(text: str) -> tuple[int, str]:
    """The file line where the body starts, and the body, without parsing the YAML."""
    parts = split_front_matter(text)
    if parts is None:
        return 1, text
    head = parts.opening + parts.front_matter + parts.closing
    return 1 + head.count("\n"), parts.body


def _text_value(value: object) -> str | None:
    if value is None or isinstance(value, (Mapping, list)):
        return None
    return str(value).strip()


def _front_matter_problems(
    path: Path, meta: Mapping[str, Any], lines: Mapping[str, int], has_front_matter: bool
) -> list[Problem]:
    problems = []
    absent = 1 if has_front_matter else 0

    def text_field(key: str, severity: str, limit: int, why: str) -> None:
        value = meta.get(key)
        line = lines.get(key, absent)
        text = _text_value(value)
        if key not in meta:
            problems.append(
                Problem(path, line, severity, f"missing-{key}",
                        f"The post has no {key}. Add a '{key}:' line to the front matter{why}.")
            )  # fmt: skip
        elif value is None or text == "":
            problems.append(
                Problem(path, line, severity, f"missing-{key}",
                        f"The {key} is empty. Write one{why}.")
            )  # fmt: skip
        elif text is None:
            problems.append(
                Problem(path, line, severity, f"missing-{key}",
                        f"The {key} is not text. Write it as '{key}: …' on one line.")
            )  # fmt: skip
        elif len(text) > limit:
            problems.append(
                Problem(path, line, "warning", f"long-{key}",
                        f"The {key} is {len(text)} characters long; over {limit}, search results "
                        f"and mail clients cut it short. Shorten it.")
            )  # fmt: skip

    text_field("title", "error", MAX_TITLE, "")
    text_field(
        "description", "warning", MAX_DESCRIPTION, "; search results and link previews show it"
    )
    date = meta.get("date")
    line = lines.get("date", absent)
    if "date" not in meta or date is None or (isinstance(date, str) and not date.strip()):
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


# ---------------------------------------------------------------------------------------------
# Reading the body: images, links and bare pull-request references, with their lines


@dataclass(frozen=True)
class _Target:
    """An image or a link in the body.

    ``target`` is the destination (%-escapes kept), or None when it is checked elsewhere (an
    image that uses a reference definition); ``source`` is "markdown", "html" or "definition".
    """

    line: int
    target: str | None
    image: bool
    source: str = "markdown"
    alt: str | None = None  # None: no alt attribute (HTML), or not an image


@dataclass
class _Scan:
    targets: list[_Target] = field(default_factory=list)
    # (line, text, destination, image) of ``![text](a b.png)``: a path with spaces, not parsed
    loose: list[tuple[int, str, str, bool]] = field(default_factory=list)
    # file line → the numbers of bare pull-request references on it, in order
    pull_requests: dict[int, list[str]] = field(default_factory=dict)
    # destinations of reference definitions that images use
    reference_images: set[str] = field(default_factory=set)


_INLINE_CACHE: dict[tuple[str, str], _Scan] = {}
_INLINE_CACHE_SIZE = 4096


def _inline(
    md: MarkdownIt, content: str, env: dict[str, Any], context: str, defined: set[str]
) -> _Scan:
    """What one block's inline content holds, at lines counted from the block's first line.

    Cached, so that typing re-parses only the block typed in. ``context`` stands for what the
    parse depends on besides the content: the post's reference definitions (``defined`` are
    their destinations) and footnote labels.
    """
    key = (content, context)
    found = _INLINE_CACHE.get(key)
    if found is None:
        if len(_INLINE_CACHE) >= _INLINE_CACHE_SIZE:
            _INLINE_CACHE.clear()
        found = _Scan()
        children = md.inline.parse(content, md, env, [])
        _inline_targets(children, content, defined, found)
        _loose_targets(content, 0, found)
        _INLINE_CACHE[key] = found
    return found


# '#1234' not inside a word (letters and digits; '_' and '*' may be emphasis), an entity, a
# path, a heading id or brackets; the same rule reads prose in tokens and raw lines alike.
_PULL_REQUEST = re.compile(r"(?<!(?:[^\W_]|[&#/\\{\[]))#(\d{3,})(?![^\W_]|#)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_LOOSE = re.compile(r"(!?)\[((?:\\.|[^\]\\\n])*)\]\(([^()<>\n]*)\)")
_TITLE = re.compile(r"\"[^\"]*\"|'[^']*'|\([^()]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"<(img|a)\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.IGNORECASE)
_HTML_CLOSE_A = re.compile(r"</a\s*>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\[\]()`!*]*")  # the site links these (linkify)
_FILE_LIKE = re.compile(r"/|\.[A-Za-z0-9]{1,5}$")


def _scan(body: str, first_line: int) -> _Scan:
    """Find the images, links and bare pull-request references of a post body."""
    md = block_parser()
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    references: Mapping[str, Mapping[str, Any]] = env.get("references", {})
    labels = sorted(env.get("footnotes", {}).get("refs", {}))
    context = repr(sorted((k, v.get("href"), v.get("title")) for k, v in references.items()))
    context += repr(labels)
    scan = _Scan()
    defined = {str(ref.get("href", "")) for ref in references.values()}
    for token in tokens:
        if token.map is None:
            continue
        line = first_line + token.map[0]
        if token.type == "html_block":
            _html_targets(token.content, line, scan)
        elif token.type == "inline":
            _add(scan, _inline(md, token.content, env, context, defined), line)
    for ref in references.values():
        href = str(ref.get("href", ""))
        where = ref.get("map") or [0]
        image = href in scan.reference_images or _suffix(href) in _IMAGE_SUFFIXES
        scan.targets.append(_Target(first_line + int(where[0]), href, image, "definition"))
    return scan


def _add(scan: _Scan, found: _Scan, line: int) -> None:
    """Add what a block holds (``found``, lines from 0) to ``scan``, from file line ``line``."""
    scan.targets += [dataclasses.replace(t, line=t.line + line) for t in found.targets]
    scan.loose += [(at + line, text, dest, image) for at, text, dest, image in found.loose]
    for at, numbers in found.pull_requests.items():
        scan.pull_requests.setdefault(at + line, []).extend(numbers)
    scan.reference_images |= found.reference_images


def _suffix(target: str) -> str:
    return os.path.splitext(re.split(r"[?#]", target, maxsplit=1)[0])[1].lower()


def _inline_targets(
    children: Sequence[Token], content: str, defined: set[str], found: _Scan
) -> None:
    """Images, links and bare references among a block's inline tokens (lines from 0)."""
    line = 0
    depth = 0  # inside how many links (Markdown or <a>)
    cursor = 0  # where in ``content`` the last code span ended
    prose: list[str] = []  # the source of the plain text since the last other token

    def flush() -> None:
        text = "".join(prose)
        prose.clear()
        numbers = _pull_request_numbers(text, _BARE_URL) if "#" in text else []
        if numbers:
            found.pull_requests.setdefault(line, []).extend(numbers)

    for child in children:
        kind = child.type
        if kind in ("text", "text_special"):
            if depth == 0:  # escapes and entities as written, as a raw line has them
                prose.append(child.markup if kind == "text_special" else child.content)
            continue
        flush()
        if kind in ("softbreak", "hardbreak"):
            line += 1
        elif kind == "image":
            src = str(child.attrGet("src") or "")
            if src in defined:  # from a reference definition: checked at the definition
                found.reference_images.add(src)
                found.targets.append(_Target(line, None, True, alt=child.content))
            else:
                found.targets.append(_Target(line, src, True, alt=child.content))
            line += sum(c.type in ("softbreak", "hardbreak") for c in child.children or ())
        elif kind == "link_open":
            depth += 1
            href = str(child.attrGet("href") or "")
            if href not in defined and child.markup != "autolink":
                found.targets.append(_Target(line, href, False))
        elif kind == "link_close":
            depth -= 1
        elif kind == "html_inline":
            if _HTML_TAG.match(child.content) and child.content[:2].lower() == "<a":
                depth += 1
            elif _HTML_CLOSE_A.match(child.content):
                depth = max(0, depth - 1)
            _html_targets(child.content, line, found)
            line += child.content.count("\n")
        elif kind == "code_inline" and "\n" in content:
            end = _code_span_end(content, child, cursor)
            if end is not None:  # its line ends became spaces: count them in the source
                cursor = end
                line = content.count("\n", 0, end)
    flush()


def _code_span_end(content: str, token: Token, start: int) -> int | None:
    """Where the code span ``token`` ends in ``content`` (searched from ``start``)."""
    fence = re.escape(token.markup)
    code = r"[ \n]".join(re.escape(part) for part in token.content.split(" "))
    match = re.compile(rf"{fence}[ \n]?{code}[ \n]?{fence}").search(content, start)
    return match.end() if match else None


def _blank_out(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with ``pattern``'s matches turned into spaces (line ends kept, so lines count)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _loose_targets(content: str, line: int, scan: _Scan) -> None:
    """``![alt](./a b.png)``: CommonMark shows it as text, since a path with spaces needs <…>."""
    if "](" not in content:
        return
    for match in _LOOSE.finditer(_blank_out(content, _CODE_SPAN)):
        destination = match.group(3).strip()
        rest = destination.split(None, 1)[1:]
        if not rest or _TITLE.fullmatch(rest[0].strip()):
            continue  # no space, or a valid title: Markdown took it as a link or image
        image = bool(match.group(1))
        if image or _FILE_LIKE.search(destination):
            at = line + content.count("\n", 0, match.start())
            scan.loose.append((at, match.group(2), destination, image))


def _html_targets(content: str, line: int, scan: _Scan) -> None:
    """``<img src alt>`` and ``<a href>`` in raw HTML (comments skipped)."""
    if "<" not in content:
        return
    text = _blank_out(content, _HTML_COMMENT)
    for tag in _HTML_TAG.finditer(text):
        image = tag.group(1).lower() == "img"
        attrs: dict[str, tuple[str, int]] = {}
        for attr in _HTML_ATTR.finditer(tag.group(2)):
            value = next((g for g in attr.groups()[1:] if g is not None), "")
            attrs.setdefault(attr.group(1).lower(), (html.unescape(value), attr.start()))
        wanted = "src" if image else "href"
        if wanted not in attrs:
            continue
        value, offset = attrs[wanted]
        at = line + text.count("\n", 0, tag.start(2) + offset)
        alt = attrs["alt"][0] if "alt" in attrs else None
        scan.targets.append(_Target(at, value.strip(), image, "html", alt))


# ---------------------------------------------------------------------------------------------
# Image and link problems


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _reference_problems(path: Path, scan: _Scan, index: _SiteIndex | None) -> list[Problem]:
    problems = []
    folder = path.parent
    for target in scan.targets:
        if target.image and target.source == "markdown" and not (target.alt or "").strip():
            problems.append(
                Problem(path, target.line, "warning", "missing-alt",
                        "This image has no alt text. Describe it between the brackets, "
                        "![like this](…), for readers who cannot see it.")
            )  # fmt: skip
        elif target.image and target.source == "html" and target.alt is None:
            problems.append(
                Problem(path, target.line, "warning", "missing-alt",
                        'This image has no alt text. Add alt="…" describing it, for readers '
                        'who cannot see it (alt="" marks a decorative image).')
            )  # fmt: skip
        if target.target is not None:
            problems += _target_problems(path, folder, target, target.target, index)
    for line, text, destination, image in scan.loose:
        if image:
            problems.append(
                Problem(path, line, "error", "image-path-spaces",
                        f"The image {destination} shows as text, not as a picture: its path "
                        f"has a space. Put the path in angle brackets: "
                        f"![{text}](<{destination}>).",
                        Fix(WRAP_PATH, f"Put {destination} in angle brackets",
                            target=destination))
            )  # fmt: skip
        else:
            problems.append(
                Problem(path, line, "warning", "link-path-spaces",
                        f"The link to {destination} shows as text: its path has a space. "
                        f"Put the path in angle brackets: [{text}](<{destination}>).",
                        Fix(WRAP_PATH, f"Put {destination} in angle brackets",
                            target=destination))
            )  # fmt: skip
    return problems


def _target_problems(
    path: Path, folder: Path, target: _Target, value: str, index: _SiteIndex | None
) -> list[Problem]:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    if not value:
        if not target.image:
            return []
        return [
            Problem(path, target.line, "error", "broken-image",
                    "This image has no file path. Put the image's file name between the "
                    "parentheses, like ![alt](./picture.png).")
        ]  # fmt: skip
    if value.startswith("#") or value.startswith("//") or _SCHEME.match(value):
        return []  # an anchor or a URL: nothing to check offline
    location = unquote(re.split(r"[?#]", value, maxsplit=1)[0])
    if value.startswith("/"):
        if target.image or index is None:
            return []
        return _site_link_problems(path, target, location, index)
    if not location:
        return []
    file = folder / location
    try:
        exists = file.is_file() if target.image else file.exists()
    except (OSError, ValueError):  # a NUL or an over-long name
        exists = False
    if exists:
        return []
    address = re.search(r"[A-Za-z][A-Za-z0-9+.-]*://", value)
    if address:
        what = "image" if target.image else "link"
        return [
            Problem(path, target.line, "error" if target.image else "warning",
                    "broken-image" if target.image else "broken-link",
                    f"The {what} {value} is a web address with "
                    f"'{value[: address.start()]}' in front, so it points to a missing file. "
                    f"Remove the '{value[: address.start()]}'.")
        ]  # fmt: skip
    where = _where(file, folder)
    hint = _similar(file)
    if target.image:
        return [
            Problem(path, target.line, "error", "broken-image",
                    f"The image {value} is missing: there is no file {where}. Add the file, "
                    f"or correct the path.{hint}")
        ]  # fmt: skip
    return [
        Problem(path, target.line, "warning", "broken-link",
                f"The link to {value} leads nowhere: there is no {where}. Correct the path, or "
                f"link to the published address instead.{hint}")
    ]  # fmt: skip


def _where(file: Path, folder: Path) -> str:
    """Where a missing file was looked for, as a person would say it."""
    normal = Path(os.path.normpath(file))
    if normal.parent == Path(os.path.normpath(folder)):
        return f"{normal.name} in the post's folder"
    return f"{os.path.relpath(normal, folder)} (from the post's folder)"


def _similar(file: Path) -> str:
    """A hint naming a file in the same folder that was probably meant, or ""."""
    try:
        names = [n for n in os.listdir(file.parent) if not n.startswith(".")]
    except (OSError, ValueError):
        return ""
    stem = os.path.splitext(file.name)[0].casefold()
    close = [n for n in names if n.casefold() == file.name.casefold()]  # another case
    close = close or [n for n in names if os.path.splitext(n)[0].casefold() == stem]
    close = close or difflib.get_close_matches(file.name, names, n=1, cutoff=0.8)
    return f" There is a file called {close[0]}: is that the one?" if close else ""


def _site_link_problems(
    path: Path, target: _Target, location: str, index: _SiteIndex
) -> list[Problem]:
    parts = [p for p in location.split("/") if p]
    if len(parts) != 2 or parts[0] not in index.sections:
        return []
    section, slug = parts
    if slug in index.sections[section]:
        return []
    close = difflib.get_close_matches(slug, index.sections[section], n=1, cutoff=0.8)
    hint = f" Did you mean /{section}/{close[0]}/?" if close else ""
    return [
        Problem(path, target.line, "warning", "broken-site-link",
                f"The link {location} leads to no post of this site: there is no post "
                f"'{slug}' in {section}. Correct the address.{hint}")
    ]  # fmt: skip


def _pull_request_problems(path: Path, scan: _Scan) -> list[Problem]:
    problems = []
    for line, numbers in sorted(scan.pull_requests.items()):
        unique = list(dict.fromkeys(numbers))
        shown = _join([f"#{n}" for n in unique])
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


def _join(items: Sequence[str], conjunction: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


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


def _pull_request_numbers(text: str, not_prose: re.Pattern[str]) -> list[str]:
    """The numbers of the bare references in ``text`` outside ``not_prose``'s matches."""
    spans = [m.span() for m in not_prose.finditer(text)]
    return [
        m.group(1)
        for m in _PULL_REQUEST.finditer(text)
        if not any(a <= m.start() < b for a, b in spans)
    ]


def _link_line(line: str, numbers: Sequence[str], base: str) -> str:
    """Link the bare references the check found on ``line`` (``numbers``, one per reference).

    The raw line may hold more ``#1234`` than the check found (in code or a link, say). Then
    the prose patterns tell them apart; if the count still differs, that number is left alone
    rather than changed in the wrong place.
    """
    wanted = Counter(numbers)
    candidates = [m for m in _PULL_REQUEST.finditer(line) if m.group(1) in wanted]
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


# ---------------------------------------------------------------------------------------------
# What the site knows: post slugs by section, posts by folder (rebuilt when the posts change)


@dataclass
class _SiteIndex:
    posts: tuple[PostInfo, ...]
    sections: dict[str, list[str]]  # "blog" → the slugs of the posts in content/blog/
    by_folder: dict[Path, list[Path]]
    folded: dict[Path, str] = field(default_factory=dict)  # other posts' text, casefolded
    series: dict[tuple[Path, str, object], list[tuple[str, str, list[SeriesIssue]]]] = field(
        default_factory=dict
    )


_INDEX: list[_SiteIndex] = []


def _site_index(site: Site) -> _SiteIndex:
    posts = site.posts
    if _INDEX and _INDEX[0].posts is posts:
        return _INDEX[0]
    sections: dict[str, list[str]] = {}
    by_folder: dict[Path, list[Path]] = {}
    for post in posts:
        by_folder.setdefault(post.path.parent, []).append(post.path)
        try:
            parts = post.path.relative_to(site.root).parts
        except ValueError:
            continue
        if len(parts) >= 3 and parts[0] == "content":
            sections.setdefault(parts[1], []).append(post.slug)
    index = _SiteIndex(posts, sections, by_folder)
    _INDEX[:] = [index]
    return index


def _read_folded(index: _SiteIndex, path: Path) -> str:
    """The text of another post, case-folded (for finding file names), read once per index."""
    text = index.folded.get(path)
    if text is None:
        try:
            text = decode(fileio.read_bytes(path), path).casefold()
        except (GalleyError, OSError):
            text = ""
        index.folded[path] = text
    return text


# ---------------------------------------------------------------------------------------------
# Unused images


def _is_bundle(path: Path) -> bool:
    name = path.name.casefold()
    return name.startswith("index.") and name.endswith((".md", ".markdown"))


def _unused_images(site: Site, index: _SiteIndex, path: Path, text: str) -> list[Problem]:
    """Images in a bundle post's folder that no post mentions; reported by the folder's first
    post. Any mention counts (even in code or a comment): deleting is not to be done lightly."""
    folder = path.parent
    try:
        assets = site.asset_folder(path)
    except GalleyError:  # 'assets' leads outside the site: no images of its to judge
        return []
    if not _is_bundle(path) or not (assets == folder or assets.is_relative_to(folder)):
        return []
    neighbours = sorted({*index.by_folder.get(folder, ()), path})
    if neighbours[0] != path:
        return []
    images = _image_files(assets)
    if not images:
        return []
    texts = [text.casefold()] + [_read_folded(index, p) for p in neighbours if p != path]
    problems = []
    for image in images:
        if _mentioned(image.name, texts):
            continue
        if _used_elsewhere(index, folder, image):
            continue
        shown = image.relative_to(folder).as_posix()
        problems.append(
            Problem(path, 0, "info", "unused-image",
                    f"The image {shown} in this post's folder is not used by the post. "
                    "Delete it if it is not needed; unused images still get published.",
                    Fix(DELETE_FILE, f"Delete unused image {shown}…", image))
        )  # fmt: skip
    return problems


def _image_files(folder: Path) -> list[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(
        Path(entry.path)
        for entry in entries
        if not entry.name.startswith(".")
        and os.path.splitext(entry.name)[1].lower() in _IMAGE_SUFFIXES
        and entry.is_file()
    )


def _mentioned(name: str, folded_texts: Iterable[str], prefix: str = "") -> bool:
    """Whether a text names the file ``prefix + name`` (as written or %-escaped), in any case.

    ``folded_texts`` are already :meth:`str.casefold`-ed. A name counts only as a whole name:
    ``a.png`` is not mentioned by ``data.png``.
    """
    whole = prefix + name
    spellings = {s.casefold() for s in (whole, quote(whole), quote(whole, safe="/ "))}
    for text in folded_texts:
        for spelling in spellings:
            start = text.find(spelling)
            while start >= 0:
                end = start + len(spelling)
                before = text[start - 1] if start else " "
                after = text[end] if end < len(text) else " "
                if not _name_char(before, ".") and not _name_char(after, ""):
                    return True
                start = text.find(spelling, start + 1)
    return False


def _name_char(char: str, extra: str) -> bool:
    return char.isalnum() or char in "_-" or char in extra


def _used_elsewhere(index: _SiteIndex, folder: Path, image: Path) -> bool:
    """Whether a post in another folder links to the image through its folder's name."""
    others = (
        _read_folded(index, other)
        for other_folder, paths in index.by_folder.items()
        if other_folder != folder
        for other in paths
    )
    return _mentioned(image.name, others, f"{folder.name}/")


# ---------------------------------------------------------------------------------------------
# Series


def _title_line(path: Path, texts: Mapping[Path, str]) -> int:
    text = texts.get(path)
    if text is None:
        try:
            text = decode(fileio.read_bytes(path), path)
        except (GalleyError, OSError):
            return 0
    parts = split_front_matter(text)
    return _key_lines(parts.front_matter).get("title", 0) if parts is not None else 0


def _own_series_problems(
    site: Site, index: _SiteIndex, path: Path, meta: Mapping[str, Any], title_line: int
) -> list[Problem]:
    """This post's series problems, with its title and date as they are in the editor."""
    title = _text_value(meta.get("title")) or ""
    raw_date = meta.get("date")
    key = (path, title, raw_date if isinstance(raw_date, (str, dt.date)) else None)
    grouped = index.series.get(key)
    if grouped is None:
        current = site.post(path) or PostInfo(path, slug_of(path))
        current = dataclasses.replace(
            current,
            title=title,
            date=dates.parse(raw_date),
            date_raw=key[2],
            error=None,
        )
        infos = [current if p.path == path else p for p in index.posts]
        if current.path not in {p.path for p in index.posts}:
            infos.append(current)
        grouped = [g for g in group_series(infos) if any(i.post.path == path for i in g[2])]
        if len(index.series) > 64:
            index.series.clear()
        index.series[key] = grouped
    problems: list[Problem] = []
    for name, prefix, issues in grouped:
        series = Series(name, prefix, tuple(issues))
        found = _series_problems(series, lambda p: title_line if p == path else 0)
        problems += [p for p in found if p.path == path]
    return problems


def _series_problems(series: Series, title_line: Callable[[Path], int]) -> list[Problem]:
    """The numbering problems of one series; ``title_line(path)`` gives a post's title line."""
    problems = []
    for number in series.duplicates:
        same = [i for i in series.issues if i.number == number]
        for issue in same:
            others = _join([i.post.slug for i in same if i is not issue])
            problems.append(
                Problem(issue.post.path, title_line(issue.post.path), "error",
                        "duplicate-issue-number",
                        f"{series.name} {number} is also the number of {others}. Give each "
                        "issue its own number.")
            )  # fmt: skip
    for issue in series.disagreements:
        post = issue.post
        where = "folder" if _is_bundle(post.path) else "file"
        problems.append(
            Problem(post.path, title_line(post.path), "error", "issue-number-mismatch",
                    f"The title says {series.name} {issue.title_number}, but the {where} name "
                    f"{post.slug} says {issue.slug_number}. Make them agree: correct the "
                    f"title, or rename the {where} (which changes the post's address).")
        )  # fmt: skip
    missing = series.missing
    if missing:
        latest = series.latest.post
        numbers = [str(n) for n in missing]
        shown = _join(numbers, "or") if len(numbers) <= 12 else f"{len(numbers)} numbers"
        problems.append(
            Problem(latest.path, title_line(latest.path), "info", "missing-issue-numbers",
                    f"{series.name} has no issue {shown} (its issues run from "
                    f"{series.numbers[0]} to {series.numbers[-1]}). If an issue is missing, "
                    "add it; if the numbers were skipped on purpose, ignore this.")
        )  # fmt: skip
    return problems
