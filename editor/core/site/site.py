"""The posts of a site, what they have in common, and the series they form (pure; no Qt).

:meth:`Site.open` finds the site root (the folder with ``galley.toml``, else the folder with the
site generator's config file), reads its settings, tells its generator
(:attr:`Site.generator`), lists its posts by that generator's rules (or the ``posts`` patterns
of ``galley.toml``), and reads every post's front matter once into a :class:`PostInfo`.
:meth:`Site.refresh` re-reads only what changed on disk. From the posts the site learns what
a new post needs: the authors and their avatars, the tags in use, and the series
(``Lighthouse Weekly 12 - …``) with their numbering, cadence, date shape, constant fields and
recurring section headings.

A post that cannot be read is still listed, with :attr:`PostInfo.error` saying why, so one broken
file never hides the others.

One post is read by :mod:`editor.core.site.posts`, the settings by
:mod:`editor.core.site.settings`, the series are found by :mod:`editor.core.site.series`, and the
next issue of one is planned and created by :mod:`editor.core.site.newissue` (:func:`add_issue`).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import fnmatch
import logging
import os
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.core.post import Post
from editor.core.site.assets import (
    LATEST_POSTS,
    ImagePattern,
    ImageResolver,
    PostFacts,
    learn_image_pattern,
)
from editor.core.site.generators import (
    Generator,
    PostRules,
    config_root,
    detect_generator,
    docusaurus_below,
    generator_named,
    header_lines_of,
)
from editor.core.site.posts import PostInfo, read_post
from editor.core.site.series import Series, build_series, group_series, slug_issue, title_issue
from editor.core.site.settings import (
    CONFIG_NAME,
    SiteConfigError,
    SiteError,
    SiteSettings,
    _is_inside,  # (the package's own path rules, shared with the settings' checks)
    _split_pattern,
    read_settings,
)

# The caps MAX_POSTS and MAX_FOLDERS are not exported: this module reads them, so a test that
# lowers one patches ``editor.core.site.site``.
__all__ = [
    "PostScan",
    "Site",
    "SiteTruncatedError",
    "find_posts",
    "find_root",
    "matches_posts",
    "post_header_lines",
    "post_sources",
    "scan_posts",
    "site_generator",
]

log = logging.getLogger(__name__)

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})  # and every hidden folder
SKIPPED_FILES = frozenset({"_index.md"})  # Hugo's section pages are not posts
# A site is read whole or it says it was not: checks and new issues need every post (a partial
# read once checked "2,500 posts, 0 errors" of 2,600 and numbered a new issue twice).
MAX_POSTS = 20_000  # the Rust blog has 751 posts, big Jekyll sites a few thousand
MAX_FOLDERS = 200_000  # image folders count too; this only stops a walk of a whole home folder


class SiteTruncatedError(SiteError):
    """A site was only read in part: it has more posts (or folders) than Galley reads."""


# -- finding the site and its posts


def find_root(path: Path | str) -> Path:
    """The root folder of the site that ``path`` (a folder or a post file) belongs to.

    That is the nearest folder at or above ``path`` holding a ``galley.toml``; failing that, the
    nearest holding a site generator's config file (``hugo.toml``, ``_config.yml``, …); for a
    folder, a Docusaurus site one folder down (``website/``). Failing those, a post file's root
    is the parent of its nearest ``content`` folder, or else the folder the post sits in (for
    ``<slug>/index.md``, the folder above it); a folder is its own root.
    """
    start = Path(os.path.abspath(path))
    # Anything there but a folder is a post, even a FIFO (reading it refuses it with a
    # sentence; taken for a folder, it made a site of no posts that checked clean).
    is_file = os.path.lexists(start) and not start.is_dir()
    folder = start.parent if is_file else start
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    generator_root = config_root(folder)
    if generator_root is not None:
        return generator_root
    if not is_file:
        below = docusaurus_below(folder)
        return below.parent if below is not None else folder
    for candidate in (folder, *folder.parents):
        if candidate.name == "content":
            return candidate.parent
    return folder.parent if start.name == "index.md" else folder


def _is_skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_FOLDERS


def _match_parts(parts: Sequence[str], pattern: Sequence[str]) -> bool:
    """Whether path segments match pattern segments; ``**`` matches any number of segments."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_match_parts(parts[i:], pattern[1:]) for i in range(len(parts) + 1))
    return bool(parts) and (
        fnmatch.fnmatchcase(parts[0], pattern[0]) and _match_parts(parts[1:], pattern[1:])
    )


@dataclass
class _Budget:
    folders: int  # left to look into
    stopped: str | None = None  # "posts" or "folders": which cap stopped the listing


def _walk(
    base: Path, pattern: tuple[str, ...], budget: _Budget, rules: PostRules | None = None
) -> Iterator[Path]:
    """Files under ``base`` matching ``pattern``, skipping hidden and tool folders, and what
    the generator's ``rules`` say are not posts (a leaf bundle's folder yields its index only).

    ``os.walk`` does not follow symlinked folders (so a link loop is not walked round), and a
    FIFO named ``x.md`` is only listed here, never opened: reading refuses it.
    """
    max_depth = None if "**" in pattern else len(pattern) - 1
    start = len(str(base).rstrip(os.sep))  # ("/" itself: 0)
    for folder, subfolders, files in os.walk(base):
        budget.folders -= 1
        if budget.folders < 0:
            budget.stopped = "folders"
            return
        rel = tuple(folder[start:].split(os.sep)[1:])  # (as Path.relative_to, 3x faster)
        if max_depth is not None and len(rel) >= max_depth:
            subfolders.clear()
        subfolders[:] = sorted(s for s in subfolders if _wants_folder(s, rules))
        if rules is not None and (indexes := rules.bundle_indexes(files)):
            subfolders.clear()  # a leaf bundle (in each of its languages): the rest are resources
            files = indexes
        for name in files:
            if _wants_name(name, rules) and _match_parts((*rel, name), pattern):
                path = Path(folder, name)
                if rules is None or rules.wants(path):
                    yield path


def _wants_folder(name: str, rules: PostRules | None) -> bool:
    return not _is_skipped(name) and (rules is None or rules.wants_folder(name))


def _wants_name(name: str, rules: PostRules | None) -> bool:
    if rules is not None:
        return rules.wants_name(name)
    return not name.startswith(".") and name not in SKIPPED_FILES


@dataclass(frozen=True)
class PostScan:
    """The post files of a site, and why the list is partial when it is.

    Attributes:
        paths: the post files, sorted.
        truncated: None when every post was listed; else the error to show (what stopped the
            listing and what to do).
    """

    paths: list[Path]
    truncated: SiteTruncatedError | None = None


def scan_posts(
    root: Path,
    patterns: Iterable[str],
    *,
    exclude: Collection[Path] = (),
    max_posts: int | None = None,
    max_folders: int | None = None,
    rules: PostRules | None = None,
) -> PostScan:
    """The post files under ``root`` matching ``patterns``, without those under ``exclude``
    and those the generator's ``rules`` say are not posts: at most ``max_posts`` of them
    (default :data:`MAX_POSTS`), looking into at most ``max_folders`` folders (default
    :data:`MAX_FOLDERS`)."""
    max_posts = MAX_POSTS if max_posts is None else max_posts
    max_folders = MAX_FOLDERS if max_folders is None else max_folders
    found: set[Path] = set()
    budget = _Budget(max_folders)
    excluded = tuple(os.path.join(os.path.normpath(x), "") for x in exclude)  # "t/", not "t2"
    for pattern in patterns:
        fixed, rest = _split_pattern(pattern)
        base = Path(os.path.normpath(root.joinpath(*fixed)))
        if not (rest and base.is_dir()):
            continue
        if not _is_inside(base, root):  # a link out of the site since the settings were read
            log.warning("Not listing posts in %s: it leads outside the site %s", base, root)
            continue
        for path in _walk(base, rest, budget, rules):
            if path in found or (excluded and str(path).startswith(excluded)):
                continue
            if len(found) >= max_posts:
                budget.stopped = "posts"
                break
            found.add(path)
        if budget.stopped:
            break
    return PostScan(
        sorted(found), _truncated(root, budget.stopped, len(found), max_posts, max_folders)
    )


def _truncated(
    root: Path, stopped: str | None, count: int, max_posts: int, max_folders: int
) -> SiteTruncatedError | None:
    if stopped is None:
        return None
    log.warning("Listed only %d posts of %s: the %s cap was reached", count, root, stopped)
    if stopped == "posts":
        summary = (
            f"Galley read only the first {count:,} posts of the site in {root}: it reads "
            f"sites of up to {max_posts:,} posts."
        )
    else:
        summary = (
            f"Galley read only {count:,} posts of the site in {root}: it stopped after "
            f"looking into {max_folders:,} folders."
        )
    return SiteTruncatedError(
        summary,
        "A site check and a new issue need every post, so they are refused; open the site's "
        "own folder (the one with galley.toml or content/blog), or narrow the 'posts' "
        "patterns in galley.toml.",
        path=root,
    )


def find_posts(
    root: Path, patterns: Iterable[str], *, exclude: Collection[Path] = ()
) -> list[Path]:
    """The post files under ``root`` matching ``patterns``, without those under ``exclude``
    (:func:`scan_posts` also says whether the list is complete)."""
    return scan_posts(root, patterns, exclude=exclude).paths


def matches_posts(
    root: Path, patterns: Iterable[str], path: Path, rules: PostRules | None = None
) -> bool:
    """Whether the file ``path`` is one of the site's posts by ``patterns`` (and the
    generator's ``rules``, when given)."""
    for pattern in patterns:
        fixed, rest = _split_pattern(pattern)
        base = os.path.normpath(root.joinpath(*fixed))
        try:
            parts = Path(os.path.relpath(path, base)).parts
        except ValueError:  # another drive on Windows
            continue
        if parts[0] == ".." or not all(_wants_folder(p, rules) for p in parts[:-1]):
            continue
        if not (_wants_name(parts[-1], rules) and _match_parts(parts, rest)):
            continue
        if rules is None or (rules.wants(path) and not rules.in_bundle(path, Path(base))):
            return True
    return False


def site_generator(root: Path, settings: SiteSettings) -> Generator | None:
    """The generator of the site at ``root``: the one ``galley.toml`` names, else the one its
    config file tells (see :func:`~editor.core.site.generators.detect_generator`)."""
    if settings.generator is not None:
        return generator_named(settings.generator, root)
    return detect_generator(root)


def post_header_lines(path: Path | str) -> bool | None:
    """``header_lines`` for opening the post at ``path`` on its own (see
    :class:`~editor.core.post.Post`): whether its site's generator reads Pelican header lines,
    or None when the site or its generator is not known (a ``galley.toml`` that cannot be read
    counts as not known: opening the post must not fail for it)."""
    root = find_root(path)
    try:
        generator = site_generator(root, read_settings(root))
    except SiteError:
        return None
    return header_lines_of(generator)


def post_sources(
    root: Path, settings: SiteSettings, generator: Generator | None
) -> tuple[tuple[str, ...], PostRules | None]:
    """The post patterns (from ``root``) and rules of a site: the ``posts`` of galley.toml when
    it sets them, else the generator's, else the defaults for the site's layout."""
    if generator is None or settings.posts_given:
        return settings.posts, None
    prefix = Path(os.path.relpath(generator.root, root)).as_posix()
    if prefix == ".":
        return generator.posts, generator.rules
    return tuple(f"{prefix}/{p}" for p in generator.posts), generator.rules


# -- one post


# -- the site


@dataclass
class _Entry:
    signature: tuple[int, int] | None  # (mtime_ns, size) when read; None if unknown
    info: PostInfo


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _signature_of(generator: Generator | None) -> tuple[int, int] | None:
    """The signature of a generator's config file (None without one)."""
    config = generator.config_path if generator is not None else None
    return _signature(config) if config is not None else None


class Site:
    """The posts of one site, read once and kept up to date with :meth:`refresh`."""

    def __init__(
        self,
        root: Path,
        settings: SiteSettings,
        *,
        max_posts: int | None = None,
        max_folders: int | None = None,
        generator: Generator | None = None,
    ) -> None:
        """Prefer :meth:`open`; this does not read the posts. ``max_posts`` and
        ``max_folders`` cap the listing (default :data:`MAX_POSTS` and :data:`MAX_FOLDERS`,
        read when the site is made, so tests can lower them). ``generator``: the site's (see
        :func:`site_generator`), whose rules find the posts unless ``galley.toml`` sets
        ``posts``; None: the settings' patterns alone."""
        self.root = root
        self.settings = settings
        # The generator that builds the site (Hugo, Jekyll, ...), or None when unknown.
        self.generator = generator
        self._generator_signature = _signature_of(generator)
        self.post_patterns, self._rules = post_sources(root, settings, generator)
        self.max_posts = MAX_POSTS if max_posts is None else max_posts
        self.max_folders = MAX_FOLDERS if max_folders is None else max_folders
        # Why the posts are only part of the site's (too many posts or folders), or None.
        self.truncated: SiteTruncatedError | None = None
        self._entries: dict[Path, _Entry] = {}
        self._config_signature = _signature(self.config_path)
        self._posts: tuple[PostInfo, ...] | None = None
        self._by_path: dict[Path, PostInfo] = {}
        self._series: tuple[Series, ...] = ()
        self._image_pattern: ImagePattern | bool | None = False  # False: not learned yet

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        max_posts: int | None = None,
        max_folders: int | None = None,
        previous: Site | None = None,
    ) -> Site:
        """Open the site that the folder or post file ``path`` belongs to (see :func:`find_root`).

        A site with more than ``max_posts`` posts opens with the first of them and
        :attr:`truncated` saying so.

        ``previous``: a site read before. When ``path`` belongs to the same root, the new site
        starts from a :meth:`copy` of it and reads again only the posts whose modification time
        or size changed (and everything, when ``galley.toml`` or the generator's config file
        changed); its caps are kept unless given. ``previous`` itself is never changed, but it
        must not change while this runs: from another thread, pass a copy made first.

        Raises:
            SiteError: ``path`` does not exist.
            SiteConfigError: its ``galley.toml`` is malformed or points outside the site.
        """
        if not os.path.exists(path):
            raise SiteError(
                f"Could not open the site at {path}.",
                "The folder does not exist any more; choose another folder.",
                path=Path(path),
            )
        root = find_root(path)
        if previous is not None and previous.root == root:
            site = previous.copy()
            site.max_posts = site.max_posts if max_posts is None else max_posts
            site.max_folders = site.max_folders if max_folders is None else max_folders
            site.refresh()
            return site
        settings = read_settings(root)
        site = cls(
            root,
            settings,
            max_posts=max_posts,
            max_folders=max_folders,
            generator=site_generator(root, settings),
        )
        site.refresh()
        return site

    def copy(self) -> Site:
        """A new site with this one's settings, generator and posts as they were read, reading
        nothing (a dictionary copy: well under a millisecond for 2,000 posts).

        The two share no state that either changes, so each can be refreshed on its own, one
        of them on another thread (the window reads a site on a worker and swaps the result in).
        """
        twin = copy.copy(self)
        twin._entries = dict(self._entries)  # (an entry is replaced when read, never changed)
        twin._by_path = dict(self._by_path)
        return twin

    @property
    def config_path(self) -> Path:
        """Where this site's ``galley.toml`` is (or would be)."""
        return self.root / CONFIG_NAME

    @property
    def templates_dir(self) -> Path | None:
        """The site's own templates folder, if the settings name one."""
        return self.root / self.settings.templates if self.settings.templates else None

    @property
    def summary(self) -> str:
        """What the site is, in a few words: "Hugo site", or "Site" for an unknown generator."""
        return f"{self.generator.label} site" if self.generator is not None else "Site"

    def is_post(self, path: Path | str) -> bool:
        """Whether the file ``path`` is one of this site's posts by its patterns and rules
        (whether or not it exists yet); templates never are."""
        path = Path(os.path.abspath(path))
        templates = self.templates_dir
        if templates and path.is_relative_to(templates):
            return False
        return matches_posts(self.root, self.post_patterns, path, self._rules)

    def contains(self, path: Path | str) -> bool:
        """Whether ``path`` is inside the site's folder once symlinks are resolved."""
        return _is_inside(path, self.root)

    # -- images

    @property
    def static_roots(self) -> tuple[Path, ...]:
        """The folders site-root paths (``/img/x.png``) resolve in, in order: the generator's
        (see :class:`~editor.core.site.assets.ImageResolver`); none when it is not known."""
        return self.generator.static_roots if self.generator is not None else ()

    def image_resolver(self, post_path: Path | None, *, writing: bool = False) -> ImageResolver:
        """How the image references of the post at ``post_path`` resolve on this site.

        ``writing``: also how new references are written, as the site's latest posts write
        theirs (:attr:`image_pattern`, learned on first use), unless ``assets`` is set.
        """
        pattern = None if self._assets_set or not writing else self.image_pattern
        return ImageResolver(
            self.root, post_path, self.static_roots, pattern.style if pattern else None
        )

    @property
    def image_pattern(self) -> ImagePattern | None:
        """Where this site's latest posts keep their images, learned from them (read once, and
        again when the posts change); None when they do not agree."""
        if self._image_pattern is False:
            latest = [post for post in self.posts[: 2 * LATEST_POSTS] if post.ok]
            facts = [self._facts(post) for post in latest[:LATEST_POSTS]]
            resolver = ImageResolver(self.root, None, self.static_roots)
            header_lines = header_lines_of(self.generator)
            self._image_pattern = learn_image_pattern(
                self.root, facts, lambda path: _body_of(path, header_lines), resolver
            )
        assert not isinstance(self._image_pattern, bool)
        return self._image_pattern

    @property
    def _assets_set(self) -> bool:
        """Whether ``galley.toml`` says where images go (then nothing is learned)."""
        return "assets" in self.settings.lines

    def learned_asset_folder(self, post_path: Path) -> Path | None:
        """The folder the latest posts' pattern gives the post at ``post_path``, or None: the
        ``assets`` setting decides, no pattern was learned, or the post lacks what it needs."""
        if self._assets_set or self.image_pattern is None:
            return None
        info = self.post(post_path) or read_post(Path(os.path.abspath(post_path)), self.generator)
        folder = self.image_pattern.folder_for(self.root, self._facts(info))
        return folder if folder is not None and self.contains(folder) else None

    @staticmethod
    def _facts(info: PostInfo) -> PostFacts:
        number = info.series_number
        if number is None:  # a post not yet in a series, or not yet read by the site
            found = title_issue(info.title) or slug_issue(info.slug)
            number = found[1] if found else None
        day = info.date.date() if info.date is not None else None
        return PostFacts(info.path, info.slug, number, day)

    def asset_folder(self, post_path: Path, *, learned: bool = True) -> Path:
        """The folder the images of the post at ``post_path`` belong in: where the ``assets``
        setting says; without it, where the site's latest posts keep theirs (unless
        ``learned`` is False), else the post's folder.

        Raises:
            SiteConfigError: the ``assets`` setting leads outside the site for this post (by
                ``..`` or through a symlinked folder); images are never written there.
        """
        if learned:
            folder = self.learned_asset_folder(post_path)
            if folder is not None:
                return folder
        assets = self.settings.assets
        if assets.startswith("/"):
            folder = Path(os.path.normpath(self.root / assets.lstrip("/")))
        else:
            folder = Path(os.path.normpath(Path(post_path).parent / assets))
        if not self.contains(folder):
            line = self.settings.lines.get("assets")
            where = f" (line {line})" if line is not None else ""
            real = os.path.realpath(folder)
            shown = f"{folder} is a link to {real}" if real != str(folder) else str(folder)
            raise SiteConfigError(
                f"The setting 'assets' in {self.config_path}{where} leads outside the site "
                f"for {post_path}: {shown}.",
                "Galley keeps images inside the site's folder; change the setting (a value "
                "starting with / is from the site root), or replace a linked folder with a "
                "real one.",
                path=self.config_path, line=line, column=1 if line is not None else None,
            )  # fmt: skip
        return folder

    # -- reading

    def refresh(self, changed_paths: Iterable[Path | str] | None = None) -> frozenset[Path]:
        """Bring the posts up to date with the disk; returns the paths added, changed or removed.

        Without ``changed_paths`` the post folders are listed again and only files whose
        modification time or size changed are re-read. With them (from a file watcher, say) only
        those paths are looked at, and each is re-read. A changed ``galley.toml`` or generator
        config file reloads the settings and the generator, and lists everything again.

        Raises:
            SiteConfigError: ``galley.toml`` changed and is now malformed (nothing is changed).
        """
        paths = None if changed_paths is None else {Path(os.path.abspath(p)) for p in changed_paths}
        regenerate = False  # the generator is to be told again
        if paths is None or self.config_path in paths:
            signature = _signature(self.config_path)
            if signature != self._config_signature:
                self.settings = read_settings(self.root)
                self._config_signature = signature
                regenerate = True  # (the file may name another generator, or set posts)
        config = self.generator.config_path if self.generator is not None else None
        if config is not None and (paths is None or config in paths):
            regenerate = regenerate or _signature_of(self.generator) != self._generator_signature
        if regenerate:
            self._use_generator(site_generator(self.root, self.settings))
            paths = None
        changed = self._rescan() if paths is None else self._recheck(paths)
        if changed or self._posts is None:
            self._update_derived()
        return frozenset(changed)

    def _use_generator(self, generator: Generator | None) -> None:
        """Take ``generator`` (read again after its config or galley.toml changed); a post is
        read again on the next listing when the generator's rules changed."""
        if generator != self.generator:
            self._entries.clear()  # (its rules make the posts' dates and titles)
        self.generator = generator
        self._generator_signature = _signature_of(generator)
        self.post_patterns, self._rules = post_sources(self.root, self.settings, generator)

    def _rescan(self) -> set[Path]:
        exclude = [self.templates_dir] if self.templates_dir else []
        scan = scan_posts(
            self.root,
            self.post_patterns,
            exclude=exclude,
            max_posts=self.max_posts,
            max_folders=self.max_folders,
            rules=self._rules,
        )
        self.truncated, found = scan.truncated, scan.paths
        changed = set(self._entries).difference(found)
        for path in changed:
            del self._entries[path]
        for path in found:
            signature = _signature(path)
            entry = self._entries.get(path)
            if entry is None or signature is None or entry.signature != signature:
                self._entries[path] = _Entry(signature, read_post(path, self.generator))
                changed.add(path)
        return changed

    def _recheck(self, paths: Iterable[Path]) -> set[Path]:
        changed = set()
        for path in paths:
            signature = _signature(path)
            wanted = signature is not None and path.is_file() and self.is_post(path)
            if wanted:
                self._entries[path] = _Entry(signature, read_post(path, self.generator))
                changed.add(path)
            elif self._entries.pop(path, None) is not None:
                changed.add(path)
        return changed

    def _update_derived(self) -> None:
        infos = [e.info for e in self._entries.values() if e.info.unlisted is None]
        grouped = group_series(infos)
        membership = {i.post.path: (name, i.number) for name, _, issues in grouped for i in issues}
        final = {
            p.path: dataclasses.replace(
                p, series=membership[p.path][0], series_number=membership[p.path][1]
            )
            if p.path in membership
            else p
            for p in infos
        }
        self._posts = tuple(sorted(final.values(), key=_newest_first))
        self._image_pattern = False  # learned again from the posts as they are now
        self._by_path = final
        self._series = tuple(
            build_series(
                name, prefix, [dataclasses.replace(i, post=final[i.post.path]) for i in issues]
            )
            for name, prefix, issues in grouped
        )

    # -- what the site knows

    @property
    def posts(self) -> tuple[PostInfo, ...]:
        """Every post, newest first; undated posts last, by path."""
        if self._posts is None:
            self._update_derived()
        assert self._posts is not None
        return self._posts

    def post(self, path: Path | str) -> PostInfo | None:
        """The post at ``path``, if it is one of this site's."""
        if self._posts is None:
            self._update_derived()
        return self._by_path.get(Path(os.path.abspath(path)))

    def authors(self) -> dict[str, str | None]:
        """Author name → avatar of their newest post that has one; most prolific author first."""
        counts: Counter[str] = Counter()
        avatars: dict[str, str | None] = {}
        for post in self.posts:  # newest first
            if post.author:
                counts[post.author] += 1
                if avatars.get(post.author) is None:
                    avatars[post.author] = post.avatar
        return {name: avatars[name] for name in sorted(counts, key=lambda n: (-counts[n], n))}

    def tags(self) -> list[tuple[str, int]]:
        """Each tag with the number of posts that use it, most used first, then by name."""
        counts = Counter(tag for post in self.posts for tag in dict.fromkeys(post.tags))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))

    def series(self) -> list[Series]:
        """The series of this site (two or more numbered posts sharing a name), by name."""
        if self._posts is None:
            self._update_derived()
        return list(self._series)

    # -- writing

    def __repr__(self) -> str:
        name = self.generator.name if self.generator is not None else None
        return f"Site({str(self.root)!r}, {name}, {len(self._entries)} posts)"


def _body_of(path: Path, header_lines: bool | None) -> str | None:
    """A post's body, for learning where its images are; None when it cannot be read."""
    try:
        return Post.load(path, header_lines=header_lines).body
    except Exception:  # one odd post must not stop the site from learning from the others
        return None


def _newest_first(post: PostInfo) -> tuple[int, float, str]:
    key = post.date_key
    if key is None:
        return 1, 0.0, str(post.path)
    return 0, -(key - dt.datetime.min).total_seconds(), str(post.path)
