"""How each static-site generator renders Markdown: a :class:`Dialect` per generator (pure; no Qt).

The block renderer (:mod:`editor.core.render.markdown`) is one markdown-it pipeline; a dialect
says which of its features are on and how they look, so that the preview shows a post as the
post's own generator builds it:

- Gatsby (``None`` too: today's renderer, unchanged), Astro and Docusaurus: remark with GFM;
  smart punctuation where the site turns it on (Gatsby's smartypants, Astro's default).
  Docusaurus adds ``{#custom-id}`` heading ids, ``:::note`` admonitions and MDX.
- Hugo (goldmark): typographer and linkify on (a ``www.`` link written ``https://``; which bare
  URLs each generator links is :mod:`editor.core.render.autolinks`), GitHub heading ids,
  ``{#id .class}`` after headings, raw HTML shown as ``<!-- raw HTML omitted -->`` unless the
  site's ``markup.goldmark.renderer.unsafe`` is true, shortcodes.
- Jekyll (kramdown, GFM mode): typographic quotes and dashes, ``{: .class #id}`` attribute lists
  applied to the block or span they follow, ``{:toc}``, definition lists, Markdown inside an
  HTML element with ``markdown="1"``, Liquid (with the reference definitions of the site's
  includes, and ``{% assign %}`` variables written in: :mod:`editor.core.render.liquid`).
- Zola (pulldown-cmark): smart punctuation only with ``smart_punctuation``, footnotes, heading
  anchors as ``insert_anchor_links`` says, Zola's own slugs, shortcodes.
- Eleventy (markdown-it with ``html``): no typographer, no linkify, no heading ids, Liquid.
- Pelican (Python-Markdown): the extensions its ``MARKDOWN`` setting names (``extra``, ``toc``,
  ``codehilite``, ``admonition``, ``smarty``; by default ``codehilite``, ``extra``, ``meta``).

The marker where a post's excerpt (summary) ends shows as a thin "excerpt ends here" rule, each
generator's own: Hugo's and Zola's ``<!--more-->``, Docusaurus's ``<!-- truncate -->``, Jekyll's
and Eleventy's ``excerpt_separator`` when the site sets one as a comment, Pelican's summary plugin
``<!-- PELICAN_END_SUMMARY -->``; any other comment stays a hidden comment, as in the build. What
only the build can expand (Hugo and Zola shortcodes, Liquid, MDX) is a labelled placeholder
(:mod:`editor.core.render.syntax`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.core.render.liquid import IncludeSource

__all__ = [
    "DEFAULT",
    "GENERATORS",
    "SYNTAX_LABELS",
    "Dialect",
    "dialect_for",
    "dialect_for_generator",
    "excerpt_markers",
]

SYNTAX_LABELS = {
    "hugo-shortcode": "Hugo shortcode",
    "liquid": "Liquid",
    "zola-shortcode": "Zola shortcode",
    "mdx": "MDX",
}
"""The generator syntaxes a preview shows as placeholders, and the label each one carries."""

GENERATORS = ("gatsby", "hugo", "jekyll", "zola", "eleventy", "astro", "docusaurus", "pelican")


@dataclass(frozen=True)
class Dialect:
    """What a generator's Markdown renderer does, as far as the preview shows it.

    The default is today's renderer (gatsby-transformer-remark with the Gatsby site's plugins);
    every field is hashable, so a dialect keys the cache of built pipelines.
    """

    name: str = "gatsby"
    label: str = "Gatsby"
    quotes: bool = True  # curly quotes and apostrophes
    dashes: str = "remark"  # "remark": -- is an em dash; "typographer": -- en, --- em; "": none
    guillemets: bool = False  # << and >> as « and » (goldmark, kramdown, smarty)
    linkify: bool = True  # bare URLs become links
    autolinks: str = "gfm"  # which: "gfm" (remark) | "goldmark" | "markdown-it" (autolinks.py)
    www_scheme: str = "http"  # the scheme a linked "www." domain is written with
    raw_html: bool = True  # False: raw HTML is "<!-- raw HTML omitted -->" (Hugo's default)
    slugs: str = "github"  # heading ids: "github" | "zola" | "python-markdown" | "" (none)
    duplicate_suffix: str = "-"  # a repeated heading's id: slug-1 (Python-Markdown: slug_1)
    anchors: str = "gatsby"  # heading permalinks: "gatsby" | "left" | "right" | "heading" | "none"
    heading_attrs: bool = False  # "## Title {#id .class}" sets the heading's id and class
    block_attrs: bool = False  # "{: .class #id}" on the line after (or before) a block
    bare_attrs: bool = False  # Python-Markdown's attr_list: the colon is optional ({.class}),
    # and a list applies only right after what it is for (the last line of a block, an inline
    # element); anywhere else it is text
    toc: str = ""  # "kramdown" ({:toc} after a list) | "python-markdown" ([TOC]) | ""
    admonitions: str = ""  # "docusaurus" (:::note) | "python-markdown" (!!! note) | ""
    tables: bool = True
    strikethrough: bool = True
    tasklists: bool = True
    footnotes: bool = True
    fences: bool = True
    deflists: bool = False
    excerpt: tuple[str, ...] = ()  # the excerpt markers shown as the "excerpt ends here" rule:
    # the words of an HTML comment on its own line ("more" is <!--more--> and <!-- more -->;
    # "truncate" is also MDX's {/* truncate */})
    syntaxes: frozenset[str] = frozenset()  # keys of SYNTAX_LABELS recognised in posts, and
    # "nunjucks" with "liquid": Nunjucks' {# comments #} too
    emoji: bool = False  # :shortcodes: as emoji (the renderer's own emoji flag also turns it on)
    static_links: bool = False  # Pelican's {static}/{filename}/{attach} link prefixes
    markdown_html: bool = False  # kramdown: an HTML element with markdown="1" holds Markdown
    # Where {% include name %} reads from (the site's, see Generator.includes): the reference
    # definitions an include makes join the post's. None: includes are not read.
    includes: IncludeSource | None = None

    @property
    def is_default(self) -> bool:
        """Whether this is today's renderer, to the byte (the fast path stays as it was)."""
        return self is DEFAULT or self == DEFAULT

    def for_post(self, path: Path | None) -> Dialect:
        """This dialect for one post: a ``.mdx`` file is MDX whatever the generator."""
        if path is not None and path.suffix.lower() == ".mdx" and "mdx" not in self.syntaxes:
            return dataclasses.replace(self, syntaxes=self.syntaxes | {"mdx"})
        return self

    def slug(self, text: str) -> str:
        """The id this generator gives a heading whose visible text is ``text``."""
        if self.slugs == "zola":
            return zola_slug(text)
        if self.slugs == "python-markdown":
            return python_markdown_slug(text)
        return github_slug(text)


DEFAULT = Dialect()


def github_slug(text: str) -> str:
    """The id github-slugger gives a heading's text (before de-duplication)."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def zola_slug(text: str) -> str:
    """Zola's heading ids (``slugify.anchors = "on"``): ASCII, lower case, dashes between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def python_markdown_slug(text: str) -> str:
    """Python-Markdown's ``toc`` slugify: ASCII, no punctuation, a run of spaces and dashes as
    one dash."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
    return re.sub(r"[-\s]+", "-", ascii_text)


_PELICAN_DEFAULT_EXTENSIONS = ("codehilite", "extra", "meta")
_ZOLA_ANCHORS = {"left": "left", "right": "right", "heading": "heading", "none": "none"}


def dialect_for(generator: str | None, options: Mapping[str, Any] | None = None) -> Dialect:
    """The dialect of a generator (``Generator.name``), with its site's ``render_options``.

    ``None`` or an unknown name is today's renderer (:data:`DEFAULT`). Options (all optional):
    ``smart_punctuation``, ``unsafe_html``, ``linkify``, ``linkify_protocol`` (Hugo's
    ``linkifyProtocol``), ``anchor_links`` (Zola's
    ``insert_anchor_links``), ``markdown_extensions`` (Pelican's ``MARKDOWN``), ``emoji``.
    """
    options = options or {}
    name = (generator or "").lower()
    smart = options.get("smart_punctuation")
    base = _BUILDERS.get(name)
    dialect = DEFAULT if base is None else base(options)
    changes: dict[str, Any] = {}
    if isinstance(smart, bool) and name in _BUILDERS:
        # remark's smartypants writes -- as an em dash; the others -- as an en dash. kramdown
        # keeps its typographic dashes when only its smart quotes are turned off.
        dash = "remark" if name in ("gatsby", "astro", "docusaurus") else "typographer"
        changes.update(quotes=smart, dashes=dash if smart or name == "jekyll" else "")
        changes["guillemets"] = dialect.guillemets and (smart or name == "jekyll")
    if isinstance(options.get("linkify"), bool):
        changes["linkify"] = options["linkify"]
    if options.get("emoji"):
        changes["emoji"] = True
    return dataclasses.replace(dialect, **changes) if changes else dialect


def excerpt_markers(separator: object) -> tuple[str, ...]:
    """The marker word of a site's ``excerpt_separator`` when it is an HTML comment
    (``"<!--more-->"`` -> ``("more",)``); Jekyll's default, the first paragraph, has none."""
    if not isinstance(separator, str):
        return ()
    match = re.fullmatch(r"\s*<!--\s*(\S.*?)\s*-->\s*", separator)
    return (match.group(1),) if match else ()


def dialect_for_generator(generator: object | None, path: Path | None = None) -> Dialect:
    """The dialect of a site's generator profile (``Site.generator``: anything with ``name``
    and ``render_options``, or None), for the post at ``path`` (a ``.mdx`` post is MDX).

    The hook for every caller that knows the site: the window's preview, ``galley render`` and
    ``galley export``.
    """
    name = getattr(generator, "name", None)
    options = getattr(generator, "render_options", None)
    dialect = dialect_for(name if isinstance(name, str) else None, _mapping(options))
    includes = getattr(generator, "includes", None)
    if includes is not None and "liquid" in dialect.syntaxes:
        dialect = dataclasses.replace(dialect, includes=includes)
    return dialect.for_post(path)


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


# ---------------------------------------------------------------------------------------------
# The generators


def _gatsby(_options: Mapping[str, Any]) -> Dialect:
    return DEFAULT


def _hugo(options: Mapping[str, Any]) -> Dialect:
    return Dialect(
        name="hugo",
        label="Hugo",
        dashes="typographer",
        guillemets=True,
        autolinks="goldmark",
        www_scheme=str(options.get("linkify_protocol") or "https"),
        raw_html=bool(options.get("unsafe_html", False)),
        anchors="none",
        heading_attrs=True,
        deflists=True,
        excerpt=("more",),
        syntaxes=frozenset({"hugo-shortcode"}),
    )


def _jekyll(options: Mapping[str, Any]) -> Dialect:
    return Dialect(
        name="jekyll",
        label="Jekyll",
        dashes="typographer",
        guillemets=True,
        linkify=False,
        anchors="none",
        heading_attrs=True,
        block_attrs=True,
        toc="kramdown",
        deflists=True,
        excerpt=excerpt_markers(options.get("excerpt_separator")),
        syntaxes=frozenset({"liquid"}),
        markdown_html=True,
    )


def _zola(options: Mapping[str, Any]) -> Dialect:
    smart = bool(options.get("smart_punctuation", False))
    anchors = _ZOLA_ANCHORS.get(str(options.get("anchor_links", "none")).lower(), "none")
    return Dialect(
        name="zola",
        label="Zola",
        quotes=smart,
        dashes="typographer" if smart else "",
        linkify=False,
        slugs="zola",
        anchors=anchors,
        heading_attrs=True,
        excerpt=("more",),
        syntaxes=frozenset({"zola-shortcode"}),
    )


def _eleventy(options: Mapping[str, Any]) -> Dialect:
    return Dialect(
        name="eleventy",
        label="Eleventy",
        quotes=False,
        dashes="",
        linkify=False,
        autolinks="markdown-it",
        slugs="",
        anchors="none",
        tasklists=False,
        footnotes=False,
        excerpt=excerpt_markers(options.get("excerpt_separator")),
        # Markdown goes through Liquid first, or Nunjucks (markdownTemplateEngine: "njk"),
        # whose {# comments #} print nothing
        syntaxes=frozenset(
            {"liquid", "nunjucks"} if options.get("template_engine") == "njk" else {"liquid"}
        ),
    )


def _astro(options: Mapping[str, Any]) -> Dialect:
    smart = bool(options.get("smart_punctuation", True))  # Astro's markdown.smartypants
    return Dialect(
        name="astro",
        label="Astro",
        quotes=smart,
        dashes="remark" if smart else "",
        anchors="none",
    )


def _docusaurus(_options: Mapping[str, Any]) -> Dialect:
    return Dialect(
        name="docusaurus",
        label="Docusaurus",
        quotes=False,
        dashes="",
        anchors="right",
        heading_attrs=True,
        admonitions="docusaurus",
        excerpt=("truncate",),
        syntaxes=frozenset({"mdx"}),
    )


def _pelican(options: Mapping[str, Any]) -> Dialect:
    configured = options.get("markdown_extensions")
    names = configured if isinstance(configured, list | tuple) else _PELICAN_DEFAULT_EXTENSIONS
    extensions = {str(name).rsplit(".", 1)[-1].lower() for name in names}
    extra = "extra" in extensions
    smarty = "smarty" in extensions
    toc = "toc" in extensions
    return Dialect(
        name="pelican",
        label="Pelican",
        quotes=smarty,
        dashes="typographer" if smarty else "",
        guillemets=smarty,
        linkify=False,
        slugs="python-markdown" if toc else "",
        duplicate_suffix="_",
        anchors="none",
        heading_attrs=extra or "attr_list" in extensions,
        block_attrs=extra or "attr_list" in extensions,
        bare_attrs=extra or "attr_list" in extensions,
        toc="python-markdown" if toc else "",
        admonitions="python-markdown" if "admonition" in extensions else "",
        tables=extra or "tables" in extensions,
        strikethrough=False,
        tasklists=False,
        footnotes=extra or "footnotes" in extensions,
        fences=extra or "fenced_code" in extensions,
        deflists=extra or "def_list" in extensions,
        excerpt=("PELICAN_END_SUMMARY",),
        static_links=True,
    )


_BUILDERS = {
    "gatsby": _gatsby,
    "hugo": _hugo,
    "jekyll": _jekyll,
    "zola": _zola,
    "eleventy": _eleventy,
    "astro": _astro,
    "docusaurus": _docusaurus,
    "pelican": _pelican,
}
