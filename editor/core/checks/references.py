"""Reading a post body for its images, links and bare pull-request references, with their
lines, and the problems of the images and links (missing files, missing alt text, paths with
spaces, links to no post of the site).

The body is walked block by block with :func:`editor.core.render.block_parser`, the parser the
preview renders with; each block's inline content is parsed once and cached (:func:`_inline`),
so that typing re-reads only the block typed in.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from editor.core.checks.problem import REPLACE_TARGET, WRAP_PATH, Fix, Problem
from editor.core.checks.site_index import SiteIndex
from editor.core.images import IMAGE_SUFFIXES
from editor.core.render import block_parser
from editor.core.render.dialects import DEFAULT, Dialect
from editor.core.render.liquid import defining_tags, liquid_context
from editor.core.render.sitelinks import FILE_KINDS, built_link
from editor.core.site import ImageResolver, written_by_the_build


@dataclass(frozen=True)
class _Target:
    """An image or a link in the body.

    ``target`` is the destination (%-escapes kept), or None when it is checked elsewhere (an
    image that uses a reference definition); ``source`` is "markdown", "html" or "definition",
    or for an image only the build reads, "import" (MDX), "shortcode" (eleventy-img) or
    "front-matter" (an Astro post's).
    """

    line: int
    target: str | None
    image: bool
    source: str = "markdown"
    alt: str | None = None  # None: no alt attribute (HTML), or not an image
    built: str = ""  # a link the generator writes: Pelican's "filename", "static"… ('' if not)
    written: str = ""  # then: the destination as written ({filename}/pages/about.md)

    @property
    def in_body(self) -> bool:
        """Whether the body shows the image or link where it is written (not an image only the
        build reads: an MDX import, a shortcode's argument, a front-matter path)."""
        return self.source not in ("import", "shortcode", "front-matter")


@dataclass
class Scan:
    targets: list[_Target] = field(default_factory=list)
    # (line, text, destination, image) of ``![text](a b.png)``: a path with spaces, not parsed
    loose: list[tuple[int, str, str, bool]] = field(default_factory=list)
    # file line → the numbers of bare pull-request references on it, in order
    pull_requests: dict[int, list[str]] = field(default_factory=dict)
    # destinations of reference definitions that images use
    reference_images: set[str] = field(default_factory=set)
    # file lines of the post's own <style> elements (in raw HTML blocks)
    styles: list[int] = field(default_factory=list)


_INLINE_CACHE: dict[tuple[str, str], Scan] = {}
_INLINE_CACHE_SIZE = 4096


def _inline(
    md: MarkdownIt, content: str, env: dict[str, Any], context: str, defined: set[str]
) -> Scan:
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
        found = Scan()
        children = md.inline.parse(content, md, env, [])
        _inline_targets(children, content, defined, found)
        _loose_targets(content, 0, found)
        _INLINE_CACHE[key] = found
    return found


# '#1234' not inside a word (letters and digits; '_' and '*' may be emphasis), an entity, a
# path, a heading id or brackets; the same rule reads prose in tokens and raw lines alike.
PULL_REQUEST = re.compile(r"(?<!(?:[^\W_]|[&#/\\{\[]))#(\d{3,})(?![^\W_]|#)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_LOOSE = re.compile(r"(!?)\[((?:\\.|[^\]\\\n])*)\]\(([^()<>\n]*)\)")
_TITLE = re.compile(r"\"[^\"]*\"|'[^']*'|\([^()]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"<(img|a)\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.IGNORECASE)
_HTML_CLOSE_A = re.compile(r"</a\s*>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\[\]()`!*]*")  # the site links these (linkify)
_FILE_LIKE = re.compile(r"/|\.[A-Za-z0-9]{1,5}$")


def scan_body(body: str, first_line: int, dialect: Dialect = DEFAULT) -> Scan:
    """Find the images, links and bare pull-request references of a post body, walking the
    blocks the site's generator (``dialect``) sees: a shortcode or Liquid tag is no link, a
    ``{{ name }}`` its ``{% assign %}`` sets is its value, and the reference definitions of the
    site's includes define links too."""
    md = block_parser(dialect)
    env: dict[str, Any] = {}
    included: Mapping[str, Mapping[str, Any]] = {}
    if "liquid" in dialect.syntaxes and "{%" in body:
        # Liquid runs first: {{ name }} as its {% assign %} sets it; the includes' references
        liquid = liquid_context(defining_tags(body), dialect.includes)
        body = liquid.expand(body)  # (line for line)
        if liquid.references:
            included = _included(liquid.references, dialect)
    tokens = md.parse(body, env)
    own: Mapping[str, Mapping[str, Any]] = dict(env.get("references", {}))
    references = env.setdefault("references", {})
    for label, ref in included.items():
        references.setdefault(label, ref)  # the post's own definition wins
    labels = sorted(env.get("footnotes", {}).get("refs", {}))
    context = repr(sorted((k, v.get("href"), v.get("title")) for k, v in references.items()))
    context += repr(labels)
    scan = Scan()
    defined = {str(ref.get("href", "")) for ref in references.values()}
    for token in tokens:
        if token.map is None:
            continue
        line = first_line + token.map[0]
        if token.type == "html_block":
            _html_targets(token.content, line, scan)
        elif token.type == "inline":
            _add(scan, _inline(md, token.content, env, context, defined), line)
        elif token.type == "galley_block" and token.meta.get("kind") == "esm":
            _import_targets(token.content, line, scan)
        if "liquid" in dialect.syntaxes and token.type in ("html_block", "inline", "galley_block"):
            _shortcode_targets(token.content, line, scan)
    for ref in own.values():  # (an include's definitions are the include's to check)
        href = str(ref.get("href", ""))
        where = ref.get("map") or [0]
        image = href in scan.reference_images or _suffix(href) in IMAGE_SUFFIXES
        scan.targets.append(_Target(first_line + int(where[0]), href, image, "definition"))
    if dialect.static_links:
        scan.targets = [_built(target) for target in scan.targets]
    return scan


def _built(target: _Target) -> _Target:
    """A target Pelican writes at build time (``{filename}/x.md``) as the path it names, with
    its kind; any other as it is."""
    found = built_link(target.target) if target.target else None
    if found is None:
        return target
    kind, rest = found
    written = unquote(target.target or "")
    return dataclasses.replace(target, target=rest, built=kind, written=written)


@functools.lru_cache(maxsize=8)
def _included(definitions: str, dialect: Dialect) -> Mapping[str, Mapping[str, Any]]:
    """The references an include's ``definitions`` make (read once, not at every keystroke)."""
    env: dict[str, Any] = {}
    block_parser(dialect).parse(definitions, env)
    return dict(env.get("references", {}))


def _add(scan: Scan, found: Scan, line: int) -> None:
    """Add what a block holds (``found``, lines from 0) to ``scan``, from file line ``line``."""
    scan.targets += [dataclasses.replace(t, line=t.line + line) for t in found.targets]
    scan.loose += [(at + line, text, dest, image) for at, text, dest, image in found.loose]
    for at, numbers in found.pull_requests.items():
        scan.pull_requests.setdefault(at + line, []).extend(numbers)
    scan.reference_images |= found.reference_images


def _suffix(target: str) -> str:
    return os.path.splitext(re.split(r"[?#]", target, maxsplit=1)[0])[1].lower()


def _inline_targets(
    children: Sequence[Token], content: str, defined: set[str], found: Scan
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


def _loose_targets(content: str, line: int, scan: Scan) -> None:
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


_STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)


def _html_targets(content: str, line: int, scan: Scan) -> None:
    """``<img src alt>`` and ``<a href>`` in raw HTML (comments skipped)."""
    if "<" not in content:
        return
    text = _blank_out(content, _HTML_COMMENT)
    scan.styles += [line + text.count("\n", 0, m.start()) for m in _STYLE_TAG.finditer(text)]
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


# Images only the build reads: an MDX import of an image, the image shortcode of eleventy-img
_IMPORT = re.compile(r"""^import\s+[\w$]+\s+from\s+(["'])([^"'\n]+)\1""", re.M)
_IMAGE_SHORTCODE = re.compile(r"""\{%-?\s*image\s+(["'])([^"'\n]+)\1""")


def _import_targets(content: str, line: int, scan: Scan) -> None:
    """Images an MDX post imports (``import cover from './cover.webp'``): the build fails on a
    missing one. A path from ``/`` is from the project root, as Vite reads it; a package or an
    alias (``~/``) is not checked."""
    for match in _IMPORT.finditer(content):
        value = match.group(2)
        if _suffix(value) in IMAGE_SUFFIXES and value.startswith(("./", "../", "/")):
            at = line + content.count("\n", 0, match.start(2))
            scan.targets.append(_Target(at, value, True, "import"))


def _shortcode_targets(content: str, line: int, scan: Scan) -> None:
    """Images of eleventy-img's ``{% image "./src/x.jpg", "alt" %}``: a path from the project
    root (where the build runs), which the build fails on when it is missing."""
    if "image" not in content:
        return
    for match in _IMAGE_SHORTCODE.finditer(content):
        value = match.group(2)
        if _suffix(value) in IMAGE_SUFFIXES and not _SCHEME.match(value):
            at = line + content.count("\n", 0, match.start(2))
            scan.targets.append(_Target(at, value, True, "shortcode"))


def front_matter_images(meta: Mapping[str, Any], lines: Mapping[str, int]) -> list[_Target]:
    """The image paths of an Astro post's front matter (``coverImage: '/src/content/…'``,
    ``image: ./cover.webp``): top-level text values naming an image file by a path."""
    found = []
    for key, value in meta.items():
        if not isinstance(value, str) or "\n" in value or written_by_the_build(value):
            continue
        text = value.strip()
        path_like = text.startswith(("./", "../", "/")) and not text.startswith("//")
        if path_like and _suffix(text) in IMAGE_SUFFIXES:
            found.append(_Target(lines.get(str(key), 1), text, True, "front-matter"))
    return found


def _pull_request_numbers(text: str, not_prose: re.Pattern[str]) -> list[str]:
    """The numbers of the bare references in ``text`` outside ``not_prose``'s matches."""
    spans = [m.span() for m in not_prose.finditer(text)]
    return [
        m.group(1)
        for m in PULL_REQUEST.finditer(text)
        if not any(a <= m.start() < b for a, b in spans)
    ]


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def reference_problems(
    path: Path,
    scan: Scan,
    index: SiteIndex | None,
    images: ImageResolver | None = None,
    source_links: Sequence[Path] = (),
) -> list[Problem]:
    """The problems of a post's images and links. ``images`` says where its images are on its
    site (``Site.image_resolver``); without it, relative to the post's folder, and site-root
    images are not checked. ``source_links``: folders a relative link to a file also resolves
    from (``Generator.source_links``: Eleventy's InputPath-to-URL plugin turns a link to a
    template's source file into its page's address)."""
    problems = []
    folder = path.parent
    images = images if images is not None else ImageResolver(None, path)
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
        if target.target is not None and not written_by_the_build(target.target):
            problems += _target_problems(
                path, folder, target, target.target, index, images, source_links
            )
    for line, text, destination, image in scan.loose:
        if written_by_the_build(destination):  # only the build knows where it leads
            continue
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
    path: Path,
    folder: Path,
    target: _Target,
    value: str,
    index: SiteIndex | None,
    images: ImageResolver,
    source_links: Sequence[Path] = (),
) -> list[Problem]:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    if target.built:
        if target.built not in FILE_KINDS:
            return []  # a category or tag page: only the build knows it
        if not target.image:
            return _built_link_problems(path, target, value, images)
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
    if target.source in _BUILD_SOURCES:
        return _build_image_problems(path, target, location, images)
    if value.startswith("/"):
        if target.image:
            return _site_image_problems(path, target, value, images)
        if index is None:
            return []
        return _site_link_problems(path, target, location, index)
    if not location:
        return []
    file = folder / location
    if target.image:
        exists = images.resolve(value) is not None
        outside = None if exists else images.outside(value)
        if outside is not None:
            return [
                Problem(path, target.line, "error", "broken-image",
                        f"The image {value} is outside the site's folder ({outside}), so the "
                        "published site will not have it. Move the file into the site, next to "
                        "the post, and correct the path.")
            ]  # fmt: skip
    else:
        exists = any(_exists(base / location) for base in (folder, *source_links))
    if exists:
        return []
    address = re.search(r"[A-Za-z][A-Za-z0-9+.-]*://", value)
    if address:
        what = "image" if target.image else "link"
        prefix = value[: address.start()]
        return [
            Problem(path, target.line, "error" if target.image else "warning",
                    "broken-image" if target.image else "broken-link",
                    f"The {what} {value} is a web address with "
                    f"'{prefix}' in front, so it points to a missing file. "
                    f"Remove the '{prefix}'.",
                    Fix(REPLACE_TARGET, f"Remove the '{prefix}'", target=value,
                        replacement=value[address.start() :]))
        ]  # fmt: skip
    where = _where(file, folder)
    hint = _similar(file)
    if target.image:
        return [
            Problem(path, target.line, "error", "broken-image",
                    f"The image {target.written or value} is missing: there is no file {where}. "
                    f"Add the file, or correct the path.{hint}")
        ]  # fmt: skip
    return [
        Problem(path, target.line, "warning", "broken-link",
                f"The link to {value} leads nowhere: there is no {where}. Correct the path, or "
                f"link to the published address instead.{hint}")
    ]  # fmt: skip


_BUILD_SOURCES = frozenset({"import", "shortcode", "front-matter"})
_BUILD_WHY = {
    "import": "the post imports it, and the site's build stops at a missing import",
    "shortcode": "the image shortcode reads it from the project's folder when the site is built",
    "front-matter": "the front matter names it",
}


def _build_image_problems(
    path: Path, target: _Target, location: str, images: ImageResolver
) -> list[Problem]:
    """An image the build reads (see :data:`_BUILD_SOURCES`): a relative path is from the post
    (from the project root for a shortcode), one from ``/`` from the project root (or, in the
    front matter, a site-root path of the site's static folders)."""
    root = images.root
    if location.startswith("/") or target.source == "shortcode":
        if root is None:
            return []
        candidates = [root / location.lstrip("/")]
    else:
        candidates = [path.parent / location]
    if target.source == "front-matter" and location.startswith("/"):
        if images.resolve(location) is not None:
            return []
        candidates += list(images.candidates(location))
    found = [c for c in candidates if _exists(c) and (root is None or _is_inside(c, root))]
    if found:
        return []
    first = Path(os.path.normpath(candidates[0]))
    where = os.path.relpath(first, root) if root is not None else str(first)
    hint = _similar(first)
    return [
        Problem(path, target.line, "error", "broken-image",
                f"The image {target.target} is missing: there is no file {where} "
                f"({_BUILD_WHY[target.source]}). Add the file, or correct the path.{hint}")
    ]  # fmt: skip


def _is_inside(file: Path, root: Path) -> bool:
    return Path(os.path.realpath(file)).is_relative_to(os.path.realpath(root))


def _exists(file: Path) -> bool:
    try:
        return file.exists()
    except (OSError, ValueError):  # a NUL or an over-long name
        return False


def _site_image_problems(
    path: Path, target: _Target, value: str, images: ImageResolver
) -> list[Problem]:
    """A site-root image (``/img/x.png``) is missing when none of the site's static folders
    has it; with none known it cannot be checked (the published site may have it)."""
    if not images.checkable(value) or images.resolve(value) is not None:
        return []
    candidates = images.candidates(value)
    if not candidates:
        return []
    root = images.root
    shown = [os.path.relpath(c, root) if root is not None else str(c) for c in candidates]
    where = " or ".join(shown)
    hint = _similar(candidates[0])
    return [
        Problem(path, target.line, "error", "broken-image",
                f"The image {target.written or value} is missing: the site serves it from "
                f"{where}, and there is no file there. Add the file, or correct the path.{hint}")
    ]  # fmt: skip


def _built_link_problems(
    path: Path, target: _Target, value: str, images: ImageResolver
) -> list[Problem]:
    """A link to a file Pelican resolves (``{filename}/pages/about.md``): from the content
    folder when it starts with ``/``, else from the post's folder. Missing when no such file
    is there (unknown when the site's content folder is not)."""
    if not images.checkable(value) or images.resolve(value) is not None:
        return []
    candidates = images.candidates(value)
    if not candidates:
        return []
    root = images.root
    where = os.path.relpath(candidates[0], root) if root is not None else str(candidates[0])
    content = images.static_roots[0] if images.static_roots else None
    folder = f", {os.path.relpath(content, root)}/," if content and root else ""
    return [
        Problem(path, target.line, "warning", "broken-link",
                f"The link {target.written} leads nowhere: the site looks for {where}, and there "
                f"is no such file. Correct the path: Pelican reads one starting with / from the "
                f"content folder{folder} and any other from the post's folder."
                f"{_similar(candidates[0])}")
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
    path: Path, target: _Target, location: str, index: SiteIndex
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


def replace_target(text: str, line: int, target: str, replacement: str) -> str:
    """``text`` with the destination ``target`` on file line ``line`` written ``replacement``
    (in ``](…)``, ``<…>``, a reference definition or an HTML attribute)."""
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return text
    before = r"(?<=\]\()<?|(?<=\]:)[ \t]*<?|(?<==[\"'])"
    pattern = re.compile(f"({before}){re.escape(target)}(?=[>)\"'\\s]|$)")
    lines[line - 1] = pattern.sub(lambda m: m.group(1) + replacement, lines[line - 1])
    return "".join(lines)


def wrap_path(text: str, line: int, target: str) -> str:
    """``text`` with ``](target)`` on file line ``line`` written ``](<target>)``, so that a
    path with spaces is a link or image again (CommonMark allows spaces only inside ``<…>``)."""
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return text
    lines[line - 1] = lines[line - 1].replace(f"]({target})", f"](<{target}>)")
    return "".join(lines)
