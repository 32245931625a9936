"""Where a post's images are on disk, and where a new image of a post goes (pure; no Qt).

:class:`ImageResolver` is the one rule by which an image reference written in a post is a file
of the site, for every part of Galley that asks (the preview and its URL scheme, the checks,
the export, adding and renaming images):

- a relative path (``x.png``, ``./img/x.png``, ``../shared/x.png``) is looked for from the
  post's folder, as a page bundle has it;
- a site-root path (``/img/x.png``) is looked for in each of the generator's static folders in
  order (Jekyll: the site root itself; Hugo, Zola, Docusaurus: ``static/``; Astro: ``public/``);
  with none known it is not resolved, as before: the published site may still have it;
- ``%20`` and other escapes are decoded, ``?query`` and ``#fragment`` dropped, ``<…>`` taken
  off; remote URLs (``https:``, ``//host``), ``data:`` and other schemes are not files;
- a path that leads outside the site, as written or through a symlink, is never a file of it.

:meth:`ImageResolver.reference_for` is the way back: the reference a post writes for a file.

:func:`learn_image_pattern` finds where the site's latest posts keep their images (the post's
own bundle folder, ``static/emails/issues/<number>/``, ``assets/images/<slug>/``…) and how they
write the references; :class:`ImagePattern` applies it to another post.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, unquote

__all__ = [
    "REFERENCE_STYLES",
    "ImagePattern",
    "ImageResolver",
    "PostFacts",
    "image_references",
    "learn_image_pattern",
    "markdown_destination",
    "own_image_folder",
    "written_by_the_build",
]

REFERENCE_STYLES = ("site-root", "relative-dot", "relative")
"""How a post writes an image reference: ``/img/x.png``, ``./x.png`` or ``x.png``."""

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Jekyll's ways to write a site-root path: {{ site.baseurl }}/x.png, {{ "/x.png" | relative_url }}
_LIQUID_SITE = re.compile(r"\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\}")
_LIQUID_URL = re.compile(
    r"""\{\{-?\s*(?P<q>['"])(?P<path>[^'"{}]*)(?P=q)\s*\|\s*(?:relative|absolute)_url\s*-?\}\}"""
)
_TEMPLATE = re.compile(r"\{\{|\{%|\{<")
_SITE_ALIAS = "@site/"  # Docusaurus: from the site's folder (@site/static/img/x.png)
_BUNDLE_INDEXES = frozenset({"index", "_index"})  # index.md, index.mdx, _index.markdown…


def _inside(path: Path | str, root: Path | str) -> bool:
    """Whether ``path`` is ``root`` or below it once every symlink of both is resolved (the
    rule of ``Site.contains``)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):  # a NUL, a name too long
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _under(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or below it, as written (both normalised and absolute)."""
    return path == folder or path.is_relative_to(folder)


def _normal(path: Path | str) -> Path:
    return Path(os.path.normpath(os.path.abspath(path)))


def own_image_folder(post_path: Path) -> Path:
    """The folder Galley keeps a post's images in by default: a bundle's own folder
    (``<slug>/index.md``), else the folder named after a flat post (``notes.md`` → ``notes/``).
    (The rule of :func:`editor.core.images.asset_folder`, without its checks.)"""
    if post_path.stem in _BUNDLE_INDEXES:
        return post_path.parent
    return post_path.parent / (post_path.stem if post_path.suffix else f"{post_path.name}-images")


# -- resolving references


@dataclass(frozen=True)
class ImageResolver:
    """How the image references of one post resolve to files on its site.

    Attributes:
        root: the site's root folder; nothing outside it is ever a file of the post. None when
            no site is known (a lone post): then nothing is confined, as before sites existed.
        post_path: the post's file, whose folder relative references start from; None for an
            untitled post (only site-root references resolve then).
        static_roots: the folders site-root paths resolve in, in order (the generator's).
        style: how :meth:`reference_for` writes references (one of :data:`REFERENCE_STYLES`,
            learned from the site's posts), or None to choose by where the file is.
    """

    root: Path | None
    post_path: Path | None
    static_roots: tuple[Path, ...] = ()
    style: str | None = None
    _static: tuple[Path, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        root = _normal(self.root) if self.root is not None else None
        post = _normal(self.post_path) if self.post_path is not None else None
        roots = tuple(_normal(r) for r in self.static_roots)
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "post_path", post)
        object.__setattr__(self, "static_roots", roots)
        # A static folder that leads outside the site (a symlink) serves nothing.
        usable = tuple(r for r in roots if root is None or _inside(r, root))
        object.__setattr__(self, "_static", usable)

    @property
    def folder(self) -> Path | None:
        """The post's folder, where relative references start."""
        return self.post_path.parent if self.post_path is not None else None

    def for_post(self, post_path: Path | None) -> ImageResolver:
        """The resolver of another post of the same site (a Save As, the next post opened)."""
        return replace(self, post_path=post_path)

    # -- what a reference names

    @staticmethod
    def location(src: str) -> str | None:
        """The decoded file path a reference names (``/img/a b.png``, ``img/x.png``), or None
        for what names no file here: an empty reference, an anchor, a remote URL, ``data:``
        or another scheme."""
        target = src.strip()
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1].strip()
        decoded = False
        if "{" in target or "%7b" in target.lower():  # (Markdown's parser escapes the braces)
            plain = unquote(target)
            if _LIQUID_MARK.search(plain):  # ({{ … }} or {% … %}; a lone brace is a name's)
                target, decoded = _without_liquid(plain), True
        if not target or target.startswith(("#", "//", "\\\\")) or _SCHEME.match(target):
            return None
        target = re.split(r"[?#]", target, maxsplit=1)[0]
        return (target if decoded else unquote(target)) or None

    def is_local(self, src: str) -> bool:
        """Whether ``src`` names a file of the site (relative or site-root), not a URL."""
        return self.location(src) is not None

    def is_site_root(self, src: str) -> bool:
        """Whether ``src`` is a site-root path such as ``/img/x.png``."""
        location = self.location(src)
        return location is not None and location.startswith("/")

    def checkable(self, src: str) -> bool:
        """Whether Galley can tell that ``src`` is missing: a relative path of a saved post, or
        a site-root path on a site whose static folders are known; never a path the site's
        build writes (``{{ site.baseurl }}/x.png`` resolves, but only the build knows)."""
        location = self.location(src)
        if location is None or written_by_the_build(src):
            return False
        if location.startswith("/"):
            return bool(self._static)
        if location.startswith(_SITE_ALIAS):
            return self.root is not None
        return self.folder is not None

    def candidates(self, src: str) -> tuple[Path, ...]:
        """Where ``src`` would be on disk, in the order they are tried (normalised paths, which
        need not exist; a site-root path gives one per static folder)."""
        location = self.location(src)
        if location is None:
            return ()
        return self._candidates(location)

    def _candidates(self, location: str) -> tuple[Path, ...]:
        try:
            if location.startswith("/"):  # as a web server reads it: never above its root
                rest = posixpath.normpath("/" + location.lstrip("/")).lstrip("/")
                return tuple(Path(os.path.normpath(r / rest)) for r in self._static)
            if location.startswith(_SITE_ALIAS):
                rest = location.removeprefix(_SITE_ALIAS)
                return (Path(os.path.normpath(self.root / rest)),) if self.root else ()
            if self.folder is None:
                return ()
            return (Path(os.path.normpath(self.folder / location)),)
        except ValueError:
            return ()

    def resolve(self, src: str) -> Path | None:
        """The file ``src`` names on this site, or None: remote, missing, not a regular file, or
        outside the site (as written or through a symlink)."""
        location = self.location(src)
        return self._first_file(self._candidates(location)) if location is not None else None

    def resolve_site_path(self, path: str) -> Path | None:
        """The file a site-root path, already decoded (``/img/a b.png``), names in the static
        folders; for the preview's URL scheme, whose request paths are decoded."""
        if not path.startswith("/") or path.startswith("//"):
            return None
        return self._first_file(self._candidates(path))

    def outside(self, src: str) -> Path | None:
        """A file ``src`` names that is outside the site (so :meth:`resolve` refused it)."""
        location = self.location(src)
        if location is None or self.root is None:
            return None
        for candidate in self._candidates(location):
            if _is_file(candidate) and not self.contains(candidate):
                return candidate
        return None

    def contains(self, path: Path | str) -> bool:
        """Whether ``path`` is inside the site (always, with no site known)."""
        return self.root is None or _inside(path, self.root)

    def _first_file(self, candidates: Iterable[Path]) -> Path | None:
        for candidate in candidates:
            if self.root is not None and not _under(candidate, self.root):
                continue  # ../../ out of the site as written
            if _is_file(candidate) and self.contains(candidate):
                return candidate
        return None

    # -- the way back

    def static_root_of(self, path: Path | str) -> Path | None:
        """The first static folder that holds ``path``, if any."""
        normal = _normal(path)
        return next((r for r in self._static if _under(normal, r) and normal != r), None)

    def site_path(self, path: Path | str) -> str | None:
        """``path`` as a site-root reference (``/img/x.png``) if a static folder holds it."""
        static = self.static_root_of(path)
        if static is None:
            return None
        return "/" + _url_path(_normal(path).relative_to(static).as_posix())

    def relative_reference(self, path: Path | str, *, dot: bool = True) -> str:
        """``path`` relative to the post's folder (``./x.png``, ``x.png``, ``../y/x.png``)."""
        if self.folder is None:
            raise ValueError("an untitled post has no folder to write a relative reference from")
        relative = _url_path(Path(os.path.relpath(_normal(path), self.folder)).as_posix())
        return f"./{relative}" if dot and not relative.startswith("../") else relative

    def reference_for(self, path: Path | str) -> str:
        """The reference a post writes for the image file ``path``: :meth:`resolve` of it is
        ``path`` again. (``%``, ``?`` and ``#`` are escaped; for Markdown's own rules, see
        :func:`markdown_destination`.)

        With a learned :attr:`style`, that style where it can name the file. Otherwise a file
        in the post's folder tree is written relative (``./x.png``), unless the post's folder
        is itself a static folder or holds one (a page at a Jekyll site's root); a file in a
        static folder from the site root (``/img/x.png``); anything else relative.
        """
        normal = _normal(path)
        site = self.site_path(normal)
        if self.style == "site-root" and site is not None:
            return site
        if self.folder is None:
            if site is None:
                raise ValueError(f"{path} cannot be referenced from an untitled post")
            return site
        if self.style in ("relative", "relative-dot"):
            return self.relative_reference(normal, dot=self.style == "relative-dot")
        static = self.static_root_of(normal)
        in_post = _under(normal, self.folder)
        if in_post and (static is None or (self.folder != static and _under(self.folder, static))):
            return self.relative_reference(normal)
        return site if site is not None else self.relative_reference(normal)


_LIQUID_MARK = re.compile(r"\{[{%]")  # what starts a template tag: {{ or {%


def _url_path(path: str) -> str:
    """A file path as a reference: ``%``, ``?`` and ``#`` escaped, as a URL needs them."""
    return re.sub(r"[%?#]", lambda m: quote(m.group()), path)


def written_by_the_build(src: str) -> bool:
    """Whether a reference holds template syntax (as written, or %-escaped by the parser)."""
    return bool(
        _LIQUID_MARK.search(src) or ("%7b" in src.lower() and _LIQUID_MARK.search(unquote(src)))
    )


def _without_liquid(target: str) -> str:
    """A reference with Jekyll's site-root Liquid (``{{ site.baseurl }}/img/x.png``, ``{{
    '/img/x.png' | relative_url }}``) as the site-root path it stands for; "" for one with other
    template syntax, which only the site's build can expand."""
    url = _LIQUID_URL.fullmatch(target)
    if url is not None:
        target = url["path"]
    else:
        stripped = _LIQUID_SITE.sub("", target)
        if stripped != target:
            target = stripped if stripped.startswith("/") else f"/{stripped}"
    return "" if _TEMPLATE.search(target) else target


def markdown_destination(reference: str) -> str:
    """``reference`` as a Markdown link destination: ``<…>`` around spaces and parentheses,
    %-escapes for angle brackets and backslashes, which would break it."""
    reference = re.sub(r"[<>\\]", lambda m: quote(m.group()), reference)
    return f"<{reference}>" if re.search(r"[\s()]", reference) else reference


# -- the references a post writes

_MARKDOWN_IMAGE = re.compile(
    r"!\[(?:\\.|[^\]\\\n])*\]\([ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>[^\s()<>]+))"
)
_HTML_IMAGE = re.compile(r"(?i)<img\b[^>]*?\bsrc[ \t]*=[ \t]*(?:\"([^\"\n]*)\"|'([^'\n]*)')")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


def image_references(body: str) -> list[str]:
    """The image references of a post body as written (``![…](x)`` and ``<img src>``), in
    order, outside fenced code blocks. A quick reading, for learning where images go; the
    checks read the body with the renderer's parser."""
    found: list[str] = []
    fence = ""
    for line in body.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if "![" in line:
            found += [m["angle"] or m["bare"] for m in _MARKDOWN_IMAGE.finditer(line)]
        if "<img" in line.lower():
            found += [m.group(1) or m.group(2) or "" for m in _HTML_IMAGE.finditer(line)]
    return found


# -- where new images go, learned from the latest posts


@dataclass(frozen=True)
class PostFacts:
    """What a learned folder may take from a post: ``{number}`` (its issue number), ``{slug}``,
    ``{name}`` (the file or bundle folder's name), ``{bare}`` (that name without a leading
    ``YYYY-MM-DD-``), ``{year}``, ``{month}``, ``{day}`` and ``{bundle}`` (the post's own image
    folder: a bundle's folder, or ``notes/`` beside ``notes.md``)."""

    path: Path
    slug: str
    number: int | None = None
    date: dt.date | None = None

    def values(self) -> dict[str, str]:
        name = self.path.parent.name if self.path.stem in _BUNDLE_INDEXES else self.path.stem
        values = {"name": name, "slug": self.slug}
        bare = re.sub(r"^\d{4}-\d{1,2}-\d{1,2}-", "", name)
        if bare != name and bare != self.slug:
            values["bare"] = bare
        if self.number is not None:
            values["number"] = str(self.number)
        if self.date is not None:
            values |= {
                "year": f"{self.date.year:04d}",
                "month": f"{self.date.month:02d}",
                "day": f"{self.date.day:02d}",
            }
        return values


@dataclass(frozen=True)
class ImagePattern:
    """Where the site's latest posts keep their images, and how they reference them.

    Attributes:
        folder: the folder, relative to the site root in POSIX form, with the placeholders of
            :class:`PostFacts` (``static/emails/issues/{number}``, ``{bundle}``,
            ``assets/images/{slug}``, ``static/img``).
        style: how the posts write references (one of :data:`REFERENCE_STYLES`).
        posts: how many of the latest posts with images keep them there.
        looked_at: how many of the latest posts with images were looked at.
    """

    folder: str
    style: str
    posts: int
    looked_at: int

    def folder_for(self, root: Path, facts: PostFacts) -> Path | None:
        """This pattern's folder for the post ``facts`` tells of, or None when the pattern
        needs something the post does not have (an issue number) or leads out of the site."""
        values = facts.values()
        parts = self.folder.split("/") if self.folder else []
        if parts[:1] == ["{bundle}"]:
            base, parts = own_image_folder(_normal(facts.path)), parts[1:]
        else:
            base = _normal(root)
        filled: list[str] = []
        for part in parts:
            try:
                text = part.format_map(values)
            except (KeyError, ValueError, IndexError):
                return None
            if text in ("", ".", "..") or "/" in text or "\\" in text or "\x00" in text:
                return None
            filled.append(text)
        folder = Path(os.path.normpath(base.joinpath(*filled)))
        return folder if _under(folder, _normal(root)) else None


LATEST_POSTS = 20
"""How many of the newest posts are read to learn where images go."""
LEARN_FROM = 10
"""How many of those with local images are enough to learn from."""
_MAX_TEMPLATES = 64  # per image folder: placeholders that could stand for each segment


def _escaped(text: str) -> str:
    """``text`` as a template that stands for itself (its braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


def _segment_options(segment: str, values: dict[str, str]) -> list[str]:
    """``segment`` as written, and with each value of the post it holds as a placeholder."""
    options = [_escaped(segment)]
    for key, value in values.items():
        if not value:
            continue
        if segment == value:
            options.append(f"{{{key}}}")
        elif key in ("number", "slug", "name", "bare", "year") and len(value) > 1:
            # issue-12, 2024-05-21-slug: the value as a whole word of the segment
            edge = r"\d" if key in ("number", "year") else r"[A-Za-z0-9]"
            pattern = rf"(?<!{edge}){re.escape(value)}(?!{edge})"
            if re.search(pattern, segment):
                pieces = re.split(pattern, segment)
                options.append(f"{{{key}}}".join(_escaped(piece) for piece in pieces))
    return list(dict.fromkeys(options))


def _templates(folder: Path, root: Path, facts: PostFacts) -> list[str]:
    """The folder templates that the image folder ``folder`` of a post could be an instance
    of: ``{bundle}`` for the post's own folder (and below), else each segment as written or
    as one of the post's values."""
    own = own_image_folder(_normal(facts.path))
    if _under(folder, own):
        rest = folder.relative_to(own).as_posix()
        return ["{bundle}" if rest == "." else f"{{bundle}}/{_escaped(rest)}"]
    parts = folder.relative_to(root).parts
    values = facts.values()
    choices = [_segment_options(part, values) for part in parts]
    templates = []
    for combination in itertools.product(*choices):
        templates.append("/".join(combination))
        if len(templates) >= _MAX_TEMPLATES:
            break
    return templates


def _placeholders(template: str) -> int:
    """How many of a post's values a template takes (``{{`` is a brace as written)."""
    return len(re.findall(r"(?<!\{)\{[a-z]+\}", template.replace("{{", "")))


def _style_of(reference: str) -> str:
    text = reference.strip().strip("<>").strip()
    if text.startswith("/"):
        return "site-root"
    return "relative-dot" if text.startswith("./") else "relative"


@dataclass
class _Votes:
    posts: set[Path] = field(default_factory=set)
    files: set[Path] = field(default_factory=set)
    styles: Counter[str] = field(default_factory=Counter)
    newest: int = 1 << 30  # the rank of the newest post that keeps images here


def learn_image_pattern(
    root: Path,
    posts: Sequence[PostFacts],
    body_of: Callable[[Path], str | None],
    resolver: ImageResolver,
) -> ImagePattern | None:
    """Where the site's latest posts keep the images they add, or None if they agree on none.

    Args:
        root: the site root.
        posts: the posts, newest first (the first :data:`LATEST_POSTS` are read).
        body_of: a post's body text, or None when it cannot be read.
        resolver: the site's resolver (any post's: :meth:`ImageResolver.for_post` is used).

    Each post votes for every folder template its resolved local images fit (a number, slug or
    date in the folder becomes a placeholder). The template most posts share wins, when at
    least two posts and half of those with images share it; a template that only ever holds
    one file (a shared logo) is not where images are added. Ties go to the template with more
    files, then to the newest post's.
    """
    root = _normal(root)
    votes: dict[str, _Votes] = {}
    looked_at = 0
    for rank, facts in enumerate(posts[:LATEST_POSTS]):
        if looked_at >= LEARN_FROM:
            break
        body = body_of(facts.path)
        if body is None:
            continue
        post_resolver = resolver.for_post(facts.path)
        found = False
        for reference in image_references(body):
            file = post_resolver.resolve(reference)
            if file is None or not _under(file, root):
                continue
            found = True
            for template in _templates(file.parent, root, facts):
                vote = votes.setdefault(template, _Votes())
                vote.posts.add(facts.path)
                vote.files.add(file)
                vote.styles[_style_of(reference)] += 1
                vote.newest = min(vote.newest, rank)
        looked_at += found
    candidates = [
        (template, vote)
        for template, vote in votes.items()
        if not (len(vote.files) == 1 and len(vote.posts) > 1)
    ]
    if not candidates:
        return None
    template, vote = max(
        candidates,
        key=lambda tv: (len(tv[1].posts), len(tv[1].files), _placeholders(tv[0]), -tv[1].newest),
    )
    if len(vote.posts) < 2 or 2 * len(vote.posts) < looked_at:
        return None
    style = max(REFERENCE_STYLES, key=lambda s: (vote.styles[s], -REFERENCE_STYLES.index(s)))
    return ImagePattern(template, style, len(vote.posts), looked_at)
