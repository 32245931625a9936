"""What leaves Galley, sanitised by allow-list (pure; no Qt). See ../docs/RELIABILITY.md, item 9.

Two tools, neither of which matches known-bad strings:

* **CSS** goes through `tinycss2 <https://pypi.org/project/tinycss2/>`_, a tokenizer that follows
  CSS Syntax Level 3, so escapes (``@\\69mport``, ``u\\72l(``), comments and quotes are read
  as a browser reads them. A value may hold only plain tokens (words, numbers, colours,
  strings) and functions from :data:`CSS_FUNCTIONS`; a ``url()`` is allowed only where the
  caller says (an SVG's ``url(#gradient)``), never ``image-set()``, ``image()`` or
  ``expression()``, and no at-rule but ``@media``, ``@supports`` and ``@keyframes``.
  :func:`clean_style` keeps the safe declarations of a ``style=""`` attribute;
  :func:`css_problem` says why a stylesheet or declaration list is not safe (for SVG files,
  which are refused rather than changed).
* **HTML** of an export goes through `nh3 <https://pypi.org/project/nh3/>`_ (the Rust ammonia
  sanitizer, which parses as browsers do, html5ever): :func:`clean_export_html` keeps only
  the tags, attributes and URL schemes a newsletter needs, and lets through no fetch but
  images (remote ``http(s)``, or embedded ``data:`` images).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import nh3
import tinycss2
import tinycss2.ast

__all__ = [
    "CSS_FUNCTIONS",
    "clean_export_html",
    "clean_style",
    "css_problem",
    "data_image",
    "squashed_url",
]

# Functions that compute a value and can load nothing. Not here, so refused wherever they
# appear: url() (handled apart), image(), image-set(), -webkit-image-set(), cross-fade(),
# element(), paint(), src(), attr() (it can turn an attribute into a URL), expression().
CSS_FUNCTIONS = frozenset([
    # colours
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix",
    "light-dark", "device-cmyk", "icc-color",
    # maths and variables
    "calc", "min", "max", "clamp", "round", "mod", "rem", "abs", "sign", "sqrt", "pow", "hypot",
    "log", "exp", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "var", "env",
    "counter", "counters",
    # gradients (drawn, never loaded)
    "linear-gradient", "radial-gradient", "conic-gradient", "repeating-linear-gradient",
    "repeating-radial-gradient", "repeating-conic-gradient", "-webkit-linear-gradient",
    "-webkit-radial-gradient", "-moz-linear-gradient", "-moz-radial-gradient",
    # transforms, timing, filters, shapes, grids
    "matrix", "matrix3d", "translate", "translatex", "translatey", "translatez", "translate3d",
    "scale", "scalex", "scaley", "scalez", "scale3d", "rotate", "rotatex", "rotatey", "rotatez",
    "rotate3d", "skew", "skewx", "skewy", "perspective", "cubic-bezier", "steps", "linear",
    "blur", "brightness", "contrast", "drop-shadow", "grayscale", "hue-rotate", "invert",
    "opacity", "saturate", "sepia", "inset", "circle", "ellipse", "polygon", "rect", "xywh",
    "minmax", "repeat", "fit-content",
])  # fmt: skip
# At-rules whose content is more rules (checked the same way); every other at-rule is refused:
# @import and @font-face load, @namespace and @charset are never needed by a drawing.
_NESTING_AT_RULES = frozenset(["media", "supports"])
_KEYFRAMES = frozenset(["keyframes", "-webkit-keyframes"])
# The only properties with a power of their own, in old engines (IE behaviours, XBL bindings).
_ACTIVE_PROPERTIES = frozenset(["behavior", "-ms-behavior", "-moz-binding"])
_PROPERTY = re.compile(r"-?-?[a-z][a-z0-9-]*")
_SPACE_AND_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# A base64 data: image, as embedded images are written (no spaces inside the prefix).
_DATA_IMAGE = re.compile(r"[\x00-\x20]*data:image/(png|jpeg|jpg|gif|webp|svg\+xml);base64,", re.I)
_BASE64 = re.compile(r"[A-Za-z0-9+/=\x00-\x20]*")
_HEAD = 64  # enough of a URL to read its scheme, however many spaces come before it

UrlRule = Callable[[str], bool]
"""Whether a ``url()`` to this (stripped) address is allowed."""


def _no_url(_url: str) -> bool:
    return False


def squashed_url(value: str) -> str:
    """``value`` as a browser reads a URL's scheme: no spaces or control characters anywhere.

    ``" java\\tscript:"`` is ``javascript:`` to a browser, which strips them before parsing.
    """
    return _SPACE_AND_CONTROL.sub("", value)


def data_image(url: str) -> tuple[str, bytes] | None:
    """(``png``/``jpeg``/``gif``/``webp``/``svg+xml``, the bytes) of a base64 ``data:`` image."""
    prefix = _DATA_IMAGE.match(url)
    if prefix is None or _BASE64.fullmatch(url, prefix.end()) is None:
        return None
    try:
        data = base64.b64decode(squashed_url(url[prefix.end() :]), validate=True)
    except (binascii.Error, ValueError):
        return None
    kind = prefix[1].lower()
    return ("jpeg" if kind == "jpg" else kind), data


# --- CSS ----------------------------------------------------------------------------------------


def css_problem(css: str, *, declarations: bool, url_allowed: UrlRule = _no_url) -> str | None:
    """Why ``css`` is not safe, or None: a stylesheet, or a ``style=""`` declaration list.

    The answer is the middle of a sentence, such as ``"a url(https://x.test/a.png)"``.
    """
    if declarations:
        return _declarations_problem(tinycss2.parse_declaration_list(css), url_allowed)
    return _rules_problem(tinycss2.parse_stylesheet(css, skip_comments=True), url_allowed)


def css_value_problem(css: str, url_allowed: UrlRule = _no_url) -> str | None:
    """Why the CSS value ``css`` (an SVG presentation attribute, say) is not safe, or None."""
    return _tokens_problem(tinycss2.parse_component_value_list(css), url_allowed)


@lru_cache(maxsize=8192)
def clean_style(css: str) -> str:
    """The declarations of the ``style=""`` value ``css`` that load and run nothing.

    A declaration is dropped whole if its value holds a ``url()`` (even to a remote image: a
    tracking pixel in a background is still a fetch the reader did not ask for), a function
    that is not in :data:`CSS_FUNCTIONS`, or a parse error; so are at-rules and comments. What
    is kept is written back from the tokens that were checked, never from the input text.
    Cached: the inliner writes the same few values on thousands of elements.
    """
    kept = []
    for node in tinycss2.parse_declaration_list(css, skip_comments=True, skip_whitespace=True):
        if isinstance(node, tinycss2.ast.Declaration) and _declaration_problem(node) is None:
            value = tinycss2.serialize(node.value).strip()
            kept.append(f"{node.name}: {value}{' !important' if node.important else ''}")
    return "; ".join(kept)


def _rules_problem(rules: Iterable[Any], url_allowed: UrlRule) -> str | None:
    for rule in rules:
        if isinstance(rule, tinycss2.ast.WhitespaceToken | tinycss2.ast.Comment):
            continue
        if isinstance(rule, tinycss2.ast.ParseError):
            return f"CSS that does not parse ({rule.message})"
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            # The selector is not checked: it loads nothing, and :not() or :nth-child() are
            # no values. The declarations are.
            problem = _declarations_problem(
                tinycss2.parse_declaration_list(rule.content), url_allowed
            )
        elif isinstance(rule, tinycss2.ast.AtRule):
            problem = _at_rule_problem(rule, url_allowed)
        else:
            problem = "CSS that does not parse"
        if problem:
            return problem
    return None


def _at_rule_problem(rule: tinycss2.ast.AtRule, url_allowed: UrlRule) -> str | None:
    name = rule.lower_at_keyword
    if name not in _NESTING_AT_RULES and name not in _KEYFRAMES:
        return f"a CSS @{name} rule"
    if rule.content is None:
        return None
    # @media and @supports hold rules; @keyframes holds rules whose selectors are offsets
    # ("from", "50%"): the same check fits both.
    return _rules_problem(tinycss2.parse_rule_list(rule.content), url_allowed)


def _declarations_problem(nodes: Iterable[Any], url_allowed: UrlRule) -> str | None:
    for node in nodes:
        if isinstance(node, tinycss2.ast.WhitespaceToken | tinycss2.ast.Comment):
            continue
        if isinstance(node, tinycss2.ast.AtRule):
            return f"a CSS @{node.lower_at_keyword} rule"
        if not isinstance(node, tinycss2.ast.Declaration):
            return "CSS that does not parse"
        problem = _declaration_problem(node, url_allowed)
        if problem:
            return problem
    return None


def _declaration_problem(
    declaration: tinycss2.ast.Declaration, url_allowed: UrlRule = _no_url
) -> str | None:
    name = declaration.lower_name
    if not _PROPERTY.fullmatch(name) or name in _ACTIVE_PROPERTIES:
        return f"the CSS property {name}"
    return _tokens_problem(declaration.value, url_allowed)


def _tokens_problem(tokens: Iterable[Any], url_allowed: UrlRule) -> str | None:
    """Why these component values are not plain, or None. Recurses into functions and blocks."""
    for token in tokens:
        if isinstance(token, tinycss2.ast.URLToken):
            if not url_allowed(token.value.strip()):
                return f"a url({token.value.strip()[:80]})"
        elif isinstance(token, tinycss2.ast.FunctionBlock):
            if token.lower_name == "url":
                problem = _quoted_url_problem(token.arguments, url_allowed)
            elif token.lower_name not in CSS_FUNCTIONS:
                problem = f"the CSS function {token.lower_name}()"
            else:
                problem = _tokens_problem(token.arguments, url_allowed)
            if problem:
                return problem
        elif isinstance(token, tinycss2.ast.ParenthesesBlock | tinycss2.ast.SquareBracketsBlock):
            problem = _tokens_problem(token.content, url_allowed)
            if problem:
                return problem
        elif isinstance(token, tinycss2.ast.ParseError):
            return f"CSS that does not parse ({token.message})"
        elif not isinstance(token, _PLAIN_TOKENS):  # {} blocks, @keywords: not in a value
            return f"CSS that does not parse ({tinycss2.serialize([token])[:40]})"
    return None


def _quoted_url_problem(arguments: list[Any], url_allowed: UrlRule) -> str | None:
    """``url("…")``: one string, allowed by ``url_allowed``."""
    values = [a for a in arguments if not isinstance(a, tinycss2.ast.WhitespaceToken)]
    if (
        len(values) == 1
        and isinstance(values[0], tinycss2.ast.StringToken)
        and url_allowed(values[0].value.strip())
    ):
        return None
    return f"a url({tinycss2.serialize(arguments).strip()[:80]})"


_PLAIN_TOKENS = (
    tinycss2.ast.WhitespaceToken,
    tinycss2.ast.Comment,
    tinycss2.ast.IdentToken,
    tinycss2.ast.HashToken,
    tinycss2.ast.StringToken,
    tinycss2.ast.NumberToken,
    tinycss2.ast.PercentageToken,
    tinycss2.ast.DimensionToken,
    tinycss2.ast.UnicodeRangeToken,
    tinycss2.ast.LiteralToken,
)


# --- HTML of an export --------------------------------------------------------------------------

# What a newsletter body is made of: the renderer's output (headings, lists, tables, code,
# footnotes, task lists, details), Galley's own boxes and cards, and the HTML writers put in
# posts by hand. No element that loads or embeds anything but <img>: no link, style, script,
# iframe, frame, object, embed, video, audio, source, track, picture, svg, math, form, input
# (the rewrite turns task-list check boxes into ☑ and ☐), meta or base.
_EXPORT_TAGS = frozenset([
    "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big",
    "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup", "data", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "ins",
    "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "rtc", "ruby", "s",
    "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
])  # fmt: skip
# Dropped with everything inside them (the rest of what is not allowed keeps its text).
_EXPORT_DROP_WITH_CONTENT = frozenset([
    "script", "style", "template", "svg", "math", "object", "applet", "iframe", "frame",
    "frameset", "noscript", "noembed", "noframes", "title", "xmp", "textarea", "select",
])  # fmt: skip
_EXPORT_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "style", "role", "align"},
    "a": {"href", "target", "rel", "name"},  # rel: the renderer's noopener noreferrer
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "border"},
    "table": {"border", "cellpadding", "cellspacing", "width", "summary", "bgcolor"},
    "td": {"colspan", "rowspan", "valign", "scope", "headers", "abbr", "width", "bgcolor"},
    "th": {"colspan", "rowspan", "valign", "scope", "headers", "abbr", "width", "bgcolor"},
    "tr": {"valign", "bgcolor"},
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "del": {"datetime", "cite"},
    "ins": {"datetime", "cite"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "details": {"open"},
    "font": {"color", "face", "size"},
    "data": {"value"},
}
_LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_IMAGE_SCHEMES = ("http:", "https:")
# A message part's Content-ID as an <img src> (RFC 2392), as editor.core.mail writes them.
_CID = re.compile(r"cid:[A-Za-z0-9._%+=@-]+")


def clean_export_html(
    html: str, *, svg_problem: Callable[[bytes], str | None], cid_images: bool = False
) -> str:
    """``html`` (a fragment: the export's ``<body>`` or ``<article>``) with nothing active.

    What is left: the tags in ``_EXPORT_TAGS`` with their listed attributes; links only to
    ``http(s):``, ``mailto:``, ``tel:`` or a ``#fragment`` of the page; images only from
    ``http(s):`` or embedded as base64 ``data:`` PNG, JPEG, GIF, WebP, or SVG when
    ``svg_problem`` finds nothing wrong with it; ``style=""`` through :func:`clean_style`.
    With ``cid_images`` (an e-mail message, whose images are its own parts), also an
    ``<img src="cid:…">``: only there, never in a ``srcset``, a link or a style.
    """
    return _cleaner(svg_problem, cid_images).clean(html)


@lru_cache(maxsize=4)
def _cleaner(svg_problem: Callable[[bytes], str | None], cid_images: bool = False) -> nh3.Cleaner:
    def keep(tag: str, name: str, value: str) -> str | None:
        if name == "style":
            return clean_style(value) or None
        if name in ("href", "cite"):
            head = squashed_url(value[:_HEAD]).lower()
            return value if head.startswith(("#", *_LINK_SCHEMES)) else None
        if name == "src":
            if cid_images and tag == "img" and _CID.fullmatch(value):
                return value
            return value if _image_url(value, svg_problem) else None
        if name == "srcset":
            candidates = [c.split()[0] for c in value.split(",") if c.strip()]
            return value if all(_image_url(c, svg_problem) for c in candidates) else None
        return value

    return nh3.Cleaner(
        tags=set(_EXPORT_TAGS),
        clean_content_tags=set(_EXPORT_DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _EXPORT_ATTRIBUTES.items()},
        attribute_filter=keep,
        # data: (and cid: in a message) for images only; see keep()
        url_schemes={"http", "https", "mailto", "tel", "data", *(["cid"] if cid_images else [])},
        url_relative=lambda url: url if url.startswith("#") else None,
        generic_attribute_prefixes={"aria-"},
        link_rel=None,  # kept as written (rel is allowed): a rel on a link text only is noise
        strip_comments=True,
    )


def _image_url(value: str, svg_problem: Callable[[bytes], str | None]) -> bool:
    """An image from the web, or an embedded PNG, JPEG, GIF, WebP or SVG that only draws.

    Only the start of the value is squashed and lowered: an embedded image is megabytes.
    """
    if squashed_url(value[:_HEAD]).lower().startswith(_IMAGE_SCHEMES):
        return True
    prefix = _DATA_IMAGE.match(value)
    if prefix is None or _BASE64.fullmatch(value, prefix.end()) is None:
        return False
    if prefix[1].lower() != "svg+xml":
        return True
    embedded = data_image(value)
    return embedded is not None and _safe_svg(embedded[1], svg_problem)


@lru_cache(maxsize=64)
def _safe_svg(data: bytes, svg_problem: Callable[[bytes], str | None]) -> bool:
    return svg_problem(data) is None
