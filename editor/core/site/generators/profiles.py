"""The eight generators: how each is recognised, and its profile built from its config (pure).

:func:`config_here` says which generator's config file a folder holds (a few file checks; a
``config.toml`` is Zola's with ``base_url`` and Hugo's with Hugo keys); :func:`build` reads that
config into a :class:`~editor.core.site.generators.base.Generator`. Every builder reads its file
as text or data and never runs it; a setting it cannot read is left at the generator's default.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from editor.core.site.generators.astro import (
    Collection,
    content_collections,
    post_collections,
    post_patterns,
)
from editor.core.site.generators.base import Generator
from editor.core.site.generators.config import (
    js_code,
    js_objects,
    js_strings,
    load_data,
    lookup,
    py_settings,
    read_text,
    renders_emoji,
)
from editor.core.site.generators.eleventy import read_eleventy_data
from editor.core.site.generators.rules import PostRules, has_sections
from editor.core.site.generators.slugs import pelican_slug_rule
from editor.core.site.includes import IncludeFolder

__all__ = ["GENERATOR_NAMES", "LABELS", "build", "config_here"]

log = logging.getLogger(__name__)

LABELS = {
    "hugo": "Hugo",
    "jekyll": "Jekyll",
    "zola": "Zola",
    "eleventy": "Eleventy",
    "astro": "Astro",
    "docusaurus": "Docusaurus",
    "pelican": "Pelican",
    "gatsby": "Gatsby",
}
GENERATOR_NAMES = tuple(LABELS)

_JS = ("js", "mjs", "cjs", "ts", "mts", "cts")
# The config files that name a generator outright, in the order they are looked for.
_NAMED_CONFIGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hugo", tuple(f"hugo.{x}" for x in ("toml", "yaml", "yml", "json"))),
    ("docusaurus", tuple(f"docusaurus.config.{x}" for x in _JS)),
    ("astro", tuple(f"astro.config.{x}" for x in _JS)),
    ("eleventy", (*(f"eleventy.config.{x}" for x in _JS), ".eleventy.js", ".eleventy.cjs")),
    ("gatsby", tuple(f"gatsby-config.{x}" for x in _JS)),
    ("pelican", ("pelicanconf.py",)),
    ("jekyll", ("_config.yml", "_config.yaml")),
)
_HUGO_DIR_CONFIGS = tuple(
    f"config/_default/{stem}.{x}" for stem in ("hugo", "config") for x in ("toml", "yaml", "json")
)
_SHARED_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")
# Top-level keys only Hugo's config has (compared case-insensitively, as Hugo does).
_HUGO_KEYS = frozenset(
    k.casefold()
    for k in (
        "baseURL", "languageCode", "defaultContentLanguage", "theme", "paginate", "pagination",
        "params", "markup", "menu", "menus", "outputs", "outputFormats", "permalinks",
        "contentDir", "publishDir", "enableEmoji", "enableRobotsTXT", "disableKinds", "module",
        "summaryLength", "canonifyURLs", "relativeURLs", "enableGitInfo", "frontmatter",
    )
)  # fmt: skip


def config_here(folder: Path) -> tuple[str, Path] | None:
    """The generator whose config file ``folder`` holds, and that file; None without one."""
    for name, files in _NAMED_CONFIGS:
        for file in files:
            if (folder / file).is_file():
                return name, folder / file
    for file in _HUGO_DIR_CONFIGS:
        if (folder / file).is_file():
            return "hugo", folder / file
    for file in _SHARED_CONFIGS:
        path = folder / file
        if not path.is_file():
            continue
        text = read_text(path, folder) or ""
        data = load_data(path, text)
        keys = {str(k).casefold() for k in data} if data is not None else set()
        if data is None:  # unparsable: its words still tell
            keys = {m.casefold() for m in re.findall(r"^\s*\"?(\w+)\"?\s*[=:]", text, re.M)}
        if "base_url" in keys and path.suffix == ".toml":
            return "zola", path
        if keys & _HUGO_KEYS:
            return "hugo", path
    return None


def build(name: str, root: Path, config: Path | None) -> Generator:
    """The profile of generator ``name`` for the site at ``root``, read from ``config``."""
    text = read_text(config, root) if config is not None else None
    return _BUILDERS[name](root, config, text or "")


def _generator(name: str, root: Path, config: Path | None, **fields: Any) -> Generator:
    return Generator(name, LABELS[name], root, config, **fields)


def _folder(value: object, default: str) -> str:
    """A folder setting as a clean relative path ('' for the root), or ``default``."""
    if not isinstance(value, str) or not value.strip():
        return default
    text = PurePosixPath(value.strip().replace("\\", "/")).as_posix().lstrip("/")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    return default if ".." in parts else "/".join(parts)


def _under(folder: str, rest: str) -> str:
    return "/".join(p for p in (folder, rest) if p)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def _emoji(root: Path, code: str = "") -> bool:
    return renders_emoji(root) or bool(re.search(r"""["'`]remark-g?emoji["'`]""", code))


# -- Hugo


def _hugo_data(root: Path, config: Path | None, text: str) -> dict[str, Any]:
    """Hugo's settings: its config file, and beside it (``config/_default/``) one file per
    top-level key (``markup.toml`` is the ``markup`` table)."""
    data: dict[str, Any] = dict(load_data(config, text) or {}) if config is not None else {}
    if config is not None and config.parent.name == "_default":
        for path in sorted(config.parent.iterdir()):
            if path == config or path.stem in ("hugo", "config"):
                continue
            table = load_data(path, read_text(path, root) or "")
            if table is not None:
                data.setdefault(path.stem, table)
    return data


def _hugo(root: Path, config: Path | None, text: str) -> Generator:
    data = _hugo_data(root, config, text)
    content = [_folder(lookup(data, "contentDir", fold=True), "content")]
    languages = lookup(data, "languages", fold=True)
    if isinstance(languages, Mapping):
        content += [
            _folder(lookup(lang, "contentDir", fold=True), content[0])
            for lang in languages.values()
        ]
    content = list(dict.fromkeys(content))
    ignore = []
    for pattern in _strings(lookup(data, "ignoreFiles", fold=True)):
        try:
            ignore.append(re.compile(pattern))
        except re.error:
            log.info("Hugo's ignoreFiles pattern %r is not a regex Galley reads", pattern)
    static = _strings(lookup(data, "staticDir", fold=True)) or ["static"]
    themes = _strings(lookup(data, "theme", fold=True))
    static_roots = [root / _folder(s, "static") for s in static]
    static_roots += [root / "themes" / _folder(t, "") / "static" for t in themes if _folder(t, "")]
    date_keys: tuple[str, ...] = ("date", "publishDate", "pubdate", "published", "lastmod")
    name_date, always = None, None
    order = _strings(lookup(data, "frontmatter", "date", fold=True))
    if order:
        keys: list[str] = []
        for key in order:
            if key.casefold() == ":default":
                keys += date_keys
            elif key.casefold() == ":filename":
                name_date = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
            elif key.casefold() in (":filemodtime", ":git"):
                always = "the file's time" if key.casefold() == ":filemodtime" else "Git"
            elif not key.startswith(":"):
                keys.append(key)
        date_keys = tuple(dict.fromkeys(keys)) or ("date",)
    goldmark = lookup(data, "markup", "goldmark", fold=True)
    typographer = lookup(goldmark, "extensions", "typographer", fold=True)
    if isinstance(typographer, Mapping):
        typographer = not lookup(typographer, "disable", fold=True)
    linkify = lookup(goldmark, "extensions", "linkify", fold=True)
    protocol = lookup(goldmark, "extensions", "linkifyProtocol", fold=True)
    options = {
        "unsafe_html": lookup(goldmark, "renderer", "unsafe", fold=True) is True,
        "smart_punctuation": typographer is not False,
        "linkify": linkify is not False,
        "linkify_protocol": protocol if isinstance(protocol, str) and protocol else "https",
        "emoji": _emoji(root),
    }
    rules = PostRules(
        root / content[0] if len(content) == 1 else root,
        extensions=(".md", ".markdown"),
        leaf_bundles=True,
        ignore=tuple(ignore),
    )
    return _generator(
        "hugo", root, config,
        static_roots=tuple(static_roots),
        render_options=options,
        posts=tuple(_under(c, "**/*") for c in content),
        rules=rules,
        date_keys=date_keys,
        name_date=name_date,
        dates_always=always,
        # Hugo's root content is of type "page": the site's pages beside its sections
        root_pages=tuple(c for c in content if has_sections(root / c, rules)),
    )  # fmt: skip


# -- Jekyll

_JEKYLL_SKIPPED = frozenset(
    {"_site", "_includes", "_layouts", "_sass", "_data", "_plugins", "node_modules", "vendor"}
)


def _jekyll(root: Path, config: Path | None, text: str) -> Generator:
    data = load_data(config, text) if config is not None else None
    source = _folder(lookup(data, "source"), "")
    collections = _under(source, _folder(lookup(data, "collections_dir"), ""))
    skipped = set(_JEKYLL_SKIPPED)
    skipped.add(_folder(lookup(data, "destination"), "_site").rsplit("/", 1)[-1])
    excluded = [e.strip("/") for e in _strings(lookup(data, "exclude"))]
    skipped.update(e for e in excluded if e and "/" not in e)
    markdown_ext = lookup(data, "markdown_ext")
    extensions = tuple(
        f".{x.strip().lower()}"
        for x in (
            markdown_ext if isinstance(markdown_ext, str) else "markdown,mkdown,mkdn,mkd,md"
        ).split(",")
        if x.strip()
    )
    smart_quotes = lookup(data, "kramdown", "smart_quotes")
    options: dict[str, Any] = {
        # kramdown writes typographic quotes unless smart_quotes says straight ones
        "smart_punctuation": not (isinstance(smart_quotes, str) and "quot" in smart_quotes),
        "emoji": _emoji(root),
    }
    if isinstance(separator := lookup(data, "excerpt_separator"), str):
        options["excerpt_separator"] = separator
    includes = root / _under(source, _folder(lookup(data, "includes_dir"), "_includes"))
    return _generator(
        "jekyll", root, config,
        static_roots=(root / source if source else root,),
        render_options=options,
        posts=(_under(collections, "**/_posts/**/*"), _under(collections, "_drafts/**/*")),
        rules=PostRules(
            root, extensions=extensions, skip_folders=frozenset(skipped),
            dated_folders=frozenset({"_posts"}),
        ),
        name_date=re.compile(r"(?P<date>\d{2,4}-\d{1,2}-\d{1,2})-(?P<slug>.+)$"),
        dates_always="the file's time",  # a draft is dated by its file
        title_from="file name",
        draft_folders=frozenset({"_drafts"}),
        includes=IncludeFolder(root, includes),
        supplies_excerpt=True,
    )  # fmt: skip


# -- Zola


def _zola(root: Path, config: Path | None, text: str) -> Generator:
    data = load_data(config, text) if config is not None else None
    markdown = lookup(data, "markdown")
    anchors = lookup(markdown, "insert_anchor_links")
    themes = [_folder(t, "") for t in _strings(lookup(data, "theme"))]
    options = {
        "smart_punctuation": lookup(markdown, "smart_punctuation") is True,
        "anchor_links": anchors if isinstance(anchors, str) else "none",
        "linkify": False,
        "emoji": lookup(markdown, "render_emoji") is True or _emoji(root),
    }
    rules = PostRules(
        root / "content", leaf_bundles=True,
        ignore_globs=tuple(_strings(lookup(data, "ignored_content"))),
    )  # fmt: skip
    listed = _zola_lists_root(root) or not has_sections(root / "content", rules)
    return _generator(
        "zola", root, config,
        static_roots=(root / "static", *(root / "themes" / t / "static" for t in themes if t)),
        render_options=options,
        posts=("content/**/*",),
        rules=rules,
        root_pages=() if listed else ("content",),
        name_date=re.compile(
            r"(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?)?)"
            r"[_-](?P<slug>.+)$"
        ),
        url_date_keys=("path",),
    )  # fmt: skip


_FRONT_MATTER = re.compile(r"\A\ufeff?(\+\+\+|---)[ \t]*\r?\n(.*?)^\1[ \t]*$", re.S | re.M)


def _zola_lists_root(root: Path) -> bool:
    """Whether Zola's root section (``content/_index.md``) lists its pages as posts: sorted
    (``sort_by`` other than Zola's default ``"none"``) or paginated. An unsorted root section's
    pages (``content/about.md`` beside ``content/blog/``) are the site's pages. A front matter
    Galley cannot read counts as a list, so its pages stay posts."""
    path = root / "content" / "_index.md"
    text = read_text(path, root)
    if text is None:
        return False
    found = _FRONT_MATTER.match(text)
    if found is None:
        return False
    data = load_data(Path("_index.toml" if found.group(1) == "+++" else "_index.yaml"), found[2])
    if data is None:
        return True
    sort_by, paginate_by = data.get("sort_by"), data.get("paginate_by")
    return (isinstance(sort_by, str) and sort_by != "none") or bool(paginate_by)


# -- the JavaScript generators


# addPassthroughCopy({"public": "/"}): that folder is served from the site root
_PASSTHROUGH_TO_ROOT = r"""addPassthroughCopy\(\s*\{\s*["'`]([^"'`]+)["'`]\s*:\s*["'`]/?["'`]"""


def _eleventy(root: Path, config: Path | None, text: str) -> Generator:
    code = js_code(text)
    found = js_strings(code, "input") + js_strings(code, "setInputDirectory")
    source = _folder(found[0] if found else None, "")
    skipped = {"node_modules", "_site", "_includes", "_data"}
    for key in ("includes", "layouts", "data", "output"):
        skipped.update(_folder(v, "").rsplit("/", 1)[-1] for v in js_strings(code, key))
    ignores = (read_text(root / ".eleventyignore", root) or "").splitlines()
    # each line a file or folder from the root, or a glob ("drafts/", "**/*.draft.md")
    globs = [g for line in ignores if (g := _folder(line.split("#")[0], ""))]
    globs += [f"{g}/*" for g in globs]
    mapped = re.findall(_PASSTHROUGH_TO_ROOT, code)
    options: dict[str, Any] = {
        "smart_punctuation": bool(re.search(r"\btypographer\s*:\s*true\b", code)),
        "linkify": bool(re.search(r"\blinkify\s*:\s*true\b", code)),
        "emoji": _emoji(root, code),
    }
    if separators := js_strings(code, "excerpt_separator"):
        options["excerpt_separator"] = separators[0]
    engines = js_strings(code, "markdownTemplateEngine")
    options["template_engine"] = engines[0] if engines else "liquid"  # Eleventy's default
    layouts = js_strings(code, "layouts") or js_strings(code, "includes")
    data = read_eleventy_data(
        root, source, _folder(layouts[0] if layouts else None, "_includes"), skipped
    )
    # Folders whose directory data tags them into a collection hold the posts; else every
    # template of the input folder may be one.
    posts = tuple(f"{f}/**/*" if f else "**/*" for f in data.post_folders)
    input_folder = root / source if source else root
    return _generator(
        "eleventy", root, config,
        static_roots=(*(root / _folder(m, "") for m in mapped), input_folder),
        render_options=options,
        posts=posts or (_under(source, "**/*"),),
        rules=PostRules(
            root, skip_folders=frozenset(s for s in skipped if s), ignore_globs=tuple(globs)
        ),
        name_date=re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-?(?P<slug>.*)$"),
        dates_always="the file's creation time",
        cascade=data,
        source_links=(input_folder, root) if "InputPathToUrl" in code else (),
    )  # fmt: skip


def _astro(root: Path, config: Path | None, text: str) -> Generator:
    code = js_code(text)
    src = _folder(next(iter(js_strings(code, "srcDir")), None), "src")
    public = _folder(next(iter(js_strings(code, "publicDir")), None), "public")
    collections: list[Collection] = []
    for name in ("content.config", "content/config"):  # (Astro 5's file, then the old one)
        for ext in _JS:
            loaders = read_text(root / src / f"{name}.{ext}", root)
            if loaders is not None and not collections:
                collections = content_collections(js_code(loaders), _under(src, "content"))
    posts = [p for c in post_collections(collections) for p in post_patterns(c)]
    if not collections:  # no config read: every folder of src/content is a collection
        posts = [_under(src, "content/*/**/*")]
        if not (root / src / "content").is_dir():
            posts = [_under(src, "pages/**/*")]  # Markdown pages, before content collections
    options = {
        "smart_punctuation": not re.search(r"\bsmartypants\s*:\s*false\b", code),
        "emoji": _emoji(root, code),
    }
    return _generator(
        "astro", root, config,
        static_roots=(root / public,),
        render_options=options,
        posts=tuple(dict.fromkeys(posts)),
        rules=PostRules(root, extensions=(".md", ".mdx", ".markdown"), skip_underscored=True),
        date_keys=("pubDate", "date", "publishDate", "published", "pubdate"),
    )  # fmt: skip


def docusaurus_blogs(code: str) -> list[str]:
    """The folders of a Docusaurus config's blogs: each blog plugin's ``path`` (default
    ``blog``), from the preset's ``blog: {…}`` and every ``plugin-content-blog`` entry;
    ``blog: false`` turns the preset's off."""
    blogs: list[str] = []
    preset_off = re.search(r"(?<![\w$.])blog\s*:\s*false\b", code) is not None
    objects = [*js_objects(code, r"(?<![\w$.])blog\s*:")]
    objects += js_objects(code, r"""plugin-content-blog["'`]""")
    for options in objects:
        paths = js_strings(_top_level(options), "path")
        blogs.append(_folder(paths[0] if paths else None, "blog"))
    if not objects and not preset_off:
        blogs.append("blog")
    return list(dict.fromkeys(b for b in blogs if b))


def _top_level(obj: str) -> str:
    """An object literal's text with its nested objects blanked (so their keys are not read)."""
    inner = obj[1:-1]
    out, depth = [], 0
    for char in inner:
        depth += char == "{"
        out.append(char if depth == 0 else " ")
        depth -= char == "}" and depth > 0
    return "".join(out)


def _docusaurus(root: Path, config: Path | None, text: str) -> Generator:
    code = js_code(text)
    blogs = docusaurus_blogs(code) if config is not None else ["blog"]
    listed = re.search(r"staticDirectories\s*:\s*\[([^\]]*)\]", code)
    static = re.findall(r"""["'`]([^"'`]+)["'`]""", listed.group(1)) if listed else ["static"]
    options = {
        "smart_punctuation": bool(re.search(r"""["'`]remark-smartypants["'`]""", code)),
        "emoji": _emoji(root, code),
    }
    return _generator(
        "docusaurus", root, config,
        static_roots=tuple(root / _folder(s, "static") for s in static),
        render_options=options,
        posts=tuple(f"{b}/**/*" for b in blogs),
        rules=PostRules(
            root, extensions=(".md", ".mdx"), skip_underscored=True,
            skip_folders=frozenset({"node_modules", "__tests__"}),
        ),
        name_date=re.compile(
            r"(?:^|/)(?P<date>\d{4}[-/]\d{1,2}[-/]\d{1,2})(?:[-/](?P<slug>[^/].*))?$"
        ),
        path_date=True,
        dates_always="its file's history",
        title_from="heading",
    )  # fmt: skip


def _gatsby(root: Path, config: Path | None, text: str) -> Generator:
    code = js_code(text)
    folders = []
    for match in re.finditer(r"""["'`]gatsby-source-filesystem["'`]""", code):
        segment = code[match.end() : match.end() + 600].split("resolve", 1)[0]
        folders += [_folder(p, "") for p in js_strings(segment, "path")]
    folders = [f for f in dict.fromkeys(folders) if f and (root / f).is_dir()]
    posts = [p for f in folders for p in (f"{f}/**/index.md", f"{f}/*.md")]
    options: dict[str, Any] = {"emoji": _emoji(root, code)}
    if config is not None:
        options["smart_punctuation"] = "gatsby-remark-smartypants" in code
    return _generator(
        "gatsby", root, config,
        static_roots=(root / "static",),
        render_options=options,
        posts=tuple(posts) or ("content/blog/**/index.md", "content/blog/*.md"),
        rules=PostRules(root),
    )  # fmt: skip


# -- Pelican


def _pelican(root: Path, config: Path | None, text: str) -> Generator:
    settings = py_settings(text)
    content = _folder(settings.get("PATH"), "content")
    articles = [_folder(p, "") for p in _strings(settings.get("ARTICLE_PATHS", [""]))] or [""]
    pages = [_folder(p, "") for p in _strings(settings.get("PAGE_PATHS", ["pages"]))]
    excluded = _strings(settings.get("ARTICLE_EXCLUDES")) + _strings(settings.get("PAGE_EXCLUDES"))
    name_date = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2}).*")
    pattern = settings.get("FILENAME_METADATA")
    if isinstance(pattern, str):
        try:
            name_date = re.compile(pattern)
        except re.error:
            log.info("Pelican's FILENAME_METADATA %r is not a regex Galley reads", pattern)
    extensions = _pelican_extensions(settings.get("MARKDOWN"))
    options = {
        "markdown_extensions": extensions,
        "smart_punctuation": settings.get("TYPOGRIFY") is True or "smarty" in extensions,
        "emoji": False,
    }
    # (an article path of '' is the whole PATH, pages and all)
    folders = [_under(content, p) for p in (articles if "" in articles else [*articles, *pages])]
    length = settings.get("SUMMARY_MAX_LENGTH", 50)
    summary = (
        f"its first {length} words" if isinstance(length, int) and length > 0 else "its text"
    )  # (SUMMARY_MAX_LENGTH = None: the whole text)
    return _generator(
        "pelican", root, config,
        static_roots=(root / content,),
        render_options=options,
        posts=tuple(dict.fromkeys(_under(f, "**/*") for f in folders)),
        rules=PostRules(
            root / content, extensions=(".md", ".markdown", ".mkd", ".mdown"),
            ignore_globs=tuple(f"{_folder(e, '')}/*" for e in excluded if _folder(e, "")),
        ),
        name_date=name_date,
        fold_keys=True,
        page_folders=tuple(_under(content, p) for p in pages if p),
        slug_rule=pelican_slug_rule(settings),
        description_key="summary",
        description_from=summary,
    )  # fmt: skip


_PELICAN_DEFAULT_EXTENSIONS = ("codehilite", "extra", "meta")


def _pelican_extensions(markdown: object) -> tuple[str, ...]:
    """The Python-Markdown extensions Pelican's ``MARKDOWN`` setting names, short names."""
    if not isinstance(markdown, Mapping):
        return _PELICAN_DEFAULT_EXTENSIONS
    names: Iterable[object] = [
        *(markdown.get("extension_configs") or {}),
        *(markdown.get("extensions") or []),
    ]
    short = [str(n).rsplit(".", 1)[-1].split(":")[0] for n in names if isinstance(n, str)]
    return tuple(dict.fromkeys(short))


_BUILDERS: dict[str, Callable[[Path, Path | None, str], Generator]] = {
    "hugo": _hugo,
    "jekyll": _jekyll,
    "zola": _zola,
    "eleventy": _eleventy,
    "astro": _astro,
    "docusaurus": _docusaurus,
    "pelican": _pelican,
    "gatsby": _gatsby,
}
