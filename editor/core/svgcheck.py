"""Whether an SVG file only draws (pure; no Qt). See ../docs/RELIABILITY.md, items 6 and 9.

An imported SVG is published beside the post, and readers may open it as a page of its own,
where a script in it runs with the site's origin. So :func:`svg_problem` accepts a file only
when everything in it is on an allow-list of SVG presentation, and refuses it otherwise
(nothing is changed: Galley copies images verbatim or not at all):

* **XML only:** no DOCTYPE but the standard SVG one without an internal subset (so no entity
  declarations), no processing instruction but XMP's ``xpacket``. The root is ``<svg>`` in the
  SVG namespace.
* **Elements:** those of :data:`SVG_ELEMENTS` in the SVG namespace; no ``<script>``,
  ``<foreignObject>``, and nothing from XHTML (``<h:iframe>``, ``<h:embed>``, ``<h:meta>``…),
  MathML or any other namespace, with two exceptions that browsers give no behaviour to: the
  Inkscape and Sodipodi elements Inkscape writes anywhere (``<sodipodi:namedview>``), and the
  RDF, Creative Commons and Dublin Core elements editors write inside ``<metadata>`` (only
  there). Each element is judged by its own namespace, so an XHTML element inside one of those
  is still refused.
* **Attributes:** those of :data:`SVG_ATTRIBUTES` without a namespace (no ``on*`` handler),
  ``xlink:href`` and ``xlink:title``, ``xml:space`` and ``xml:lang`` (not ``xml:base``, which
  would move where ``#fragment`` points), ``data-*`` and ``aria-*``, and the editors' own
  (Inkscape, Sodipodi, Sketch, Affinity), which browsers ignore.
* **References:** ``href`` and ``xlink:href`` only to a ``#fragment`` of the same file, and on
  ``<image>`` and ``<feImage>`` also to an embedded base64 PNG, JPEG, GIF or WebP. An animation
  (``<set>``, ``<animate>``…) may change only a drawing attribute, never ``href`` or ``style``.
* **CSS** in ``<style>``, ``style=""``, presentation attributes (``fill="url(#g)"``) and
  animated values goes through :mod:`editor.core.sanitise`'s tokenizer: ``url()`` only to a
  ``#fragment``, no ``@import`` or ``@font-face``, no function that can load something.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.parsers import expat

from editor.core.sanitise import css_problem, css_value_problem, data_image, squashed_url

__all__ = ["NOT_AN_IMAGE", "SVG_ADVICE", "SVG_ATTRIBUTES", "SVG_ELEMENTS", "svg_problem"]

NOT_AN_IMAGE = "It is not a PNG, JPEG, GIF, WebP or SVG image."
SVG_ADVICE = (
    "Galley only adds SVG images that draw, without scripts or links to other files; export "
    "a plain SVG (in Inkscape: Save As, Plain SVG), or use PNG."
)

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
# Editor namespaces whose elements and attributes browsers treat as inert unknown markup.
_EDITOR = frozenset([
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
])  # fmt: skip
# Metadata namespaces: elements only inside <metadata>, where editors put them.
_METADATA = frozenset([
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
])  # fmt: skip
# Namespaces of attributes only (Sketch's sketch:type, Affinity's serif:id, Illustrator's
# i:extraneous and a:adobe-blending-mode, Inkscape 0.92's osb:paint on swatches), ignored by
# browsers.
_ATTRIBUTE_ONLY = frozenset([
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://www.openswatchbook.org/uri/2009/osb",
])  # fmt: skip

SVG_ELEMENTS = frozenset([
    "svg", "g", "defs", "desc", "title", "metadata", "symbol", "use", "image", "switch", "a",
    "view", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "solidcolor", "solidColor", "meshgradient", "meshGradient", "meshrow", "meshRow",
    "meshpatch", "meshPatch", "hatch", "hatchpath", "hatchPath",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    "animate", "animateMotion", "animateTransform", "set", "mpath",
    # Inkscape's flowed text (0.4x–0.92), still common in files made then.
    "flowRoot", "flowRegion", "flowRegionExclude", "flowPara", "flowSpan", "flowDiv",
])  # fmt: skip
_ANIMATIONS = frozenset(["animate", "animateMotion", "animateTransform", "set"])
_HREF_ELEMENTS_WITH_IMAGES = frozenset(["image", "feImage"])

# Attributes read as CSS values by browsers: checked with the CSS tokenizer.
_PRESENTATION = frozenset([
    "alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
    "color-interpolation", "color-interpolation-filters", "color-rendering", "cursor",
    "direction", "display", "dominant-baseline", "enable-background", "fill", "fill-opacity",
    "fill-rule", "filter", "flood-color", "flood-opacity", "font", "font-family", "font-size",
    "font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight",
    "font-feature-settings", "font-variation-settings", "glyph-orientation-horizontal",
    "glyph-orientation-vertical", "image-rendering", "inline-size", "isolation", "kerning",
    "letter-spacing", "lighting-color", "line-height", "marker", "marker-end", "marker-mid",
    "marker-start", "mask", "mask-type", "mix-blend-mode", "opacity", "overflow", "paint-order",
    "pointer-events", "shape-inside", "shape-margin", "shape-padding", "shape-rendering",
    "solid-color", "solid-opacity", "stop-color", "stop-opacity", "stroke", "stroke-dasharray",
    "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-opacity", "stroke-width", "text-align", "text-anchor", "text-decoration",
    "text-rendering", "transform", "transform-origin", "unicode-bidi", "vector-effect",
    "visibility", "white-space", "word-spacing", "writing-mode",
])  # fmt: skip
_GEOMETRY = frozenset([
    "x", "y", "width", "height", "viewBox", "preserveAspectRatio", "d", "pathLength", "points",
    "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "dx", "dy", "rotate",
    "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side", "offset",
    "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
    "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
    "maskContentUnits", "markerUnits", "markerWidth", "markerHeight", "refX", "refY", "orient",
    "filterUnits", "primitiveUnits", "filterRes", "in", "in2", "result", "stdDeviation",
    "mode", "tableValues", "slope", "intercept", "amplitude", "exponent", "k1", "k2", "k3",
    "k4", "operator", "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY",
    "edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale", "diffuseConstant",
    "specularConstant", "specularExponent", "azimuth", "elevation", "z", "pointsAtX",
    "pointsAtY", "pointsAtZ", "limitingConeAngle", "scale", "xChannelSelector",
    "yChannelSelector", "baseFrequency", "numOctaves", "seed", "stitchTiles", "radius",
])  # fmt: skip
# What an animation may change: drawing, never a reference, a style or a handler.
_ANIMATABLE = _PRESENTATION | _GEOMETRY
# Animated values are CSS values of those attributes.
_ANIMATION_VALUES = frozenset(["values", "from", "to", "by"])
_OTHER_ATTRIBUTES = frozenset([
    "id", "class", "style", "lang", "tabindex", "role", "focusable", "version", "baseProfile",
    "zoomAndPan", "contentStyleType", "requiredFeatures", "requiredExtensions",
    "systemLanguage", "href", "target", "type", "media", "title", "attributeName",
    "attributeType", "begin", "dur", "end", "min", "max", "restart", "repeatCount",
    "repeatDur", "calcMode", "keyTimes", "keySplines", "additive", "accumulate", "path",
    "keyPoints", "origin",
])  # fmt: skip
SVG_ATTRIBUTES = _ANIMATABLE | _ANIMATION_VALUES | _OTHER_ATTRIBUTES
_XLINK_ATTRIBUTES = frozenset(["href", "title"])
_XML_ATTRIBUTES = frozenset(["space", "lang"])
_SVG_DOCTYPES = re.compile(r"-//W3C//DTD SVG [0-9.]+( Basic| Tiny)?//EN")
_SCRIPT_URL = re.compile(r"(?:java|vb|live)script:|data:text/html", re.IGNORECASE)
_RASTER_DATA = frozenset(["png", "jpeg", "gif", "webp"])


class _Refused(Exception):
    """Raised from inside the XML parser's callbacks to stop at the first problem."""


def _refuse(what: str) -> _Refused:
    return _Refused(f"It is an SVG file with {what}. {SVG_ADVICE}")


def svg_problem(data: bytes) -> str | None:
    """Why ``data`` is not an SVG image that only draws, or None if it is one.

    The answer is one or two sentences for the detail of an error: what is wrong, then what to
    do (see :data:`SVG_ADVICE`).
    """
    checker = _Checker()
    try:
        checker.parse(data)
    except _Refused as refused:
        return str(refused)
    except expat.ExpatError as exc:
        return f"{NOT_AN_IMAGE} (It is not well-formed XML: line {exc.lineno}.)"
    return None


class _Checker:
    """One pass of expat over the file, refusing at the first element, attribute or CSS."""

    def __init__(self) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.namespace_prefixes = True  # "uri local prefix": messages show h:iframe
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self._parser = parser
        self._open: list[tuple[str, str]] = []  # (namespace, local name) of open elements
        self._in_metadata = 0
        self._style: list[str] | None = None  # the text of an open <style>

    def parse(self, data: bytes) -> None:
        self._parser.Parse(data, True)

    def _doctype(
        self, name: str, system_id: str | None, public_id: str | None, internal: int
    ) -> None:
        # The standard SVG DOCTYPE (older Illustrator writes it) declares nothing; browsers do
        # not fetch its DTD, and neither does expat. An internal subset can declare entities.
        if internal or name != "svg" or not _SVG_DOCTYPES.fullmatch(public_id or ""):
            raise _Refused(
                "It is an SVG file with a DOCTYPE or entity declaration, which Galley refuses "
                "for safety. Remove the <!DOCTYPE …> part, then add it again."
            )

    def _entity(self, *_: object) -> None:
        self._doctype("", None, None, 1)

    def _instruction(self, target: str, _data: str) -> None:
        if target == "xpacket":  # XMP metadata's wrapper (Adobe): read by no browser
            return
        if target.lower() == "xml-stylesheet":  # a stylesheet (XSLT) could run code
            raise _refuse("a stylesheet instruction")
        raise _refuse(f"a <?{target}?> processing instruction")

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        namespace, local, shown = _split(tag)
        if not self._open and (namespace, local) != (_SVG, "svg"):
            raise _Refused(NOT_AN_IMAGE)
        if namespace == _SVG:
            if local not in SVG_ELEMENTS:
                raise _refuse(f"{_a(local)} <{local}> element")
        elif namespace in _METADATA and self._in_metadata:
            pass
        elif namespace not in _EDITOR:
            raise _refuse(f"{_a(shown)} <{shown}> element, which is not part of an SVG drawing")
        if (namespace, local) == (_SVG, "metadata") or self._in_metadata:
            self._in_metadata += 1
        self._open.append((namespace, local))
        for key, value in attributes.items():
            self._attribute(namespace, local, key, value)
        if namespace == _SVG and local in _ANIMATIONS:
            target = attributes.get("attributeName", "").strip()
            if target and target not in _ANIMATABLE:
                raise _refuse(f'an animation of the attribute "{target}"')
        if (namespace, local) == (_SVG, "style"):
            self._style = []

    def _end(self, tag: str) -> None:
        namespace, local = self._open.pop()
        if self._in_metadata:
            self._in_metadata -= 1
        if (namespace, local) == (_SVG, "style") and self._style is not None:
            problem = _stylesheet_problem("".join(self._style))
            self._style = None
            if problem:
                raise _refuse(f"{problem} in its <style>")

    def _text(self, text: str) -> None:
        if self._style is not None:
            self._style.append(text)

    def _attribute(self, element_ns: str, element: str, key: str, value: str) -> None:
        namespace, name, shown = _split(key)
        if name.lower().startswith("on") and namespace in ("", _SVG):
            raise _refuse(f"an {name} handler")
        script = _SCRIPT_URL.search(squashed_url(value))
        if script:  # a second line: the allow-lists below refuse these anyway
            raise _refuse(f"a {script[0].lower()} link")
        if element_ns != _SVG:  # an inert editor or metadata element: no links, no handlers
            if namespace in ("", *_EDITOR, *_METADATA, *_ATTRIBUTE_ONLY):
                return
            raise _refuse(f"a {shown} attribute on <{element}>")
        if namespace == "":
            if name not in SVG_ATTRIBUTES and not name.startswith(("data-", "aria-")):
                raise _refuse(f"a {name} attribute, which is not part of an SVG drawing")
        elif namespace == _XLINK:
            if name not in _XLINK_ATTRIBUTES:
                raise _refuse(f"an xlink:{name} attribute")
        elif namespace == _XML:
            if name not in _XML_ATTRIBUTES:
                raise _refuse(f"an xml:{name} attribute")
        elif namespace not in _EDITOR and namespace not in _ATTRIBUTE_ONLY:
            raise _refuse(f"a {shown} attribute, which is not part of an SVG drawing")
        else:
            return
        if name == "href" and namespace in ("", _XLINK):
            self._href(element, value)
        elif name == "style" and namespace == "":
            problem = _declarations_problem(value)
            if problem:
                raise _refuse(f"{problem} in a style attribute")
        elif namespace == "" and (name in _PRESENTATION or name in _ANIMATION_VALUES):
            problem = _value_problem(value)
            if problem:
                raise _refuse(f"{problem} in its {name} attribute")

    def _href(self, element: str, value: str) -> None:
        url = squashed_url(value)
        if url.startswith("#"):
            return
        embedded = data_image(url) if element in _HREF_ELEMENTS_WITH_IMAGES else None
        if embedded is not None and embedded[0] in _RASTER_DATA:
            return
        shown = url if len(url) <= 60 else f"{url[:57]}…"
        if element in _HREF_ELEMENTS_WITH_IMAGES and url.lower().startswith("data:"):
            kind = url[5:].split(";")[0].split(",")[0] or "data"
            raise _Refused(
                f"It is an SVG file with a picture embedded as {kind}, which Galley does not "
                "check. Embed pictures in it as PNG or JPEG, or use PNG for the whole image."
            )
        if element in _HREF_ELEMENTS_WITH_IMAGES:
            raise _Refused(
                f"It is an SVG file with a picture linked from {shown}, outside the file. "
                "Embed the picture in the SVG (in Inkscape: Extensions, Images, Embed Images), "
                "or use PNG."
            )
        raise _refuse(f"a link to {shown}")


def _a(word: str) -> str:
    """The article for ``word``: "an <image>", "a <script>"."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _split(name: str) -> tuple[str, str, str]:
    """(namespace, local name, name as written) of an expat "uri local prefix" name."""
    parts = name.split(" ")
    if len(parts) == 1:
        return "", parts[0], parts[0]
    namespace, local = parts[0], parts[1]
    return namespace, local, f"{parts[2]}:{local}" if len(parts) == 3 else local


def _fragment(url: str) -> bool:
    return url.startswith("#")


# Cached: drawings repeat the same few styles and colours on thousands of elements.
@lru_cache(maxsize=4096)
def _declarations_problem(css: str) -> str | None:
    return css_problem(css, declarations=True, url_allowed=_fragment)


@lru_cache(maxsize=4096)
def _value_problem(css: str) -> str | None:
    return css_value_problem(css, url_allowed=_fragment)


def _stylesheet_problem(css: str) -> str | None:
    return css_problem(css, declarations=False, url_allowed=_fragment)
