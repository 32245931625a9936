"""Rewriting post HTML tag by tag (pure; no Qt): what the preview and the export let through.

Post HTML is raw-HTML-enabled Markdown, so before it goes into a page it is copied through the
stdlib ``HTMLParser`` by :func:`rewrite`, which changes only what its :class:`Mode` asks for:

- ``sanitize``: scripts, ``on*=`` handlers, ``javascript:`` URLs, comments and active CSS go;
- ``scope_styles``: a post's ``<style>`` rules apply only inside the post body (the preview);
- ``cards``: iframes become cards (in the preview, ready to be put back; in exports, linked);
- ``export``: local images are embedded through ``embed_image`` (a missing one becomes a box
  with its alt text and file name, never its path), links to local files, ``data-*``
  attributes and the post's ``<style>`` elements go, task-list check boxes become ☑ and ☐,
  and site-root links point at ``site_url`` when it is known (unless they are a path of this
  computer).

An export's safety does not rest on this hand-written pass: :mod:`editor.core.export` runs the
allow-list sanitiser of :mod:`editor.core.sanitise` (nh3, tinycss2) on what comes out of it.

The rewrite is idempotent: running it again on its own output changes nothing. The export relies
on that to run it once more on the copy the CSS inliner re-serialised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote, urlsplit

from editor.core.scopecss import scope_stylesheet

if TYPE_CHECKING:
    from editor.core.site import ImageResolver

__all__ = ["ENDS_SIBLING", "EmbedImage", "Mode", "local_file", "rewrite", "safe_attr"]

EmbedImage = Callable[[Path, frozenset[str]], str | None]
"""Turns an image file (and its ``<img>``'s classes) into a ``data:`` URI; None if it is none."""


@dataclass(frozen=True)
class Mode:
    """What :func:`rewrite` changes; the default only sanitises."""

    sanitize: bool = True  # drop scripts, handlers, javascript: URLs, comments
    cards: Literal["", "preview", "export"] = ""  # how iframes become cards ("" keeps them)
    export: bool = False  # embed images, drop local links and data-* attributes
    folder: Path | None = None  # the post's folder, for local images
    images: ImageResolver | None = None  # where the post's images are on its site (wins)
    site_url: str = ""  # the published site, for site-root links in exports
    embed_image: EmbedImage | None = None  # for exports; without it local images are boxes
    scope_styles: str = ""  # a selector: a post's <style> rules apply only inside it


def rewrite(html: str, mode: Mode) -> str:
    """``html`` copied through, changed only as ``mode`` asks."""
    return _Rewriter(mode).rewrite(html)


def local_file(src: str, folder: Path | None) -> Path | None:
    """The file a relative URL names inside ``folder``; None for anything else."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or not parts.path or folder is None:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        return None  # site-root paths belong to the published site, not to this folder
    return folder / path


def safe_attr(name: str, value: str | None) -> bool:
    """Whether an attribute can do nothing active: no handler, no script or ``data:`` link."""
    if not _ATTR_NAME.fullmatch(name) or name.startswith("on") or name == "srcdoc":
        return False
    if value is None:
        return True
    squashed = _SPACE_AND_CONTROL.sub("", value).lower()
    if _SCRIPT_URL.match(squashed) or (name == "srcset" and _SCRIPT_URL.search(squashed)):
        return False
    return not (name in _NAVIGATING and squashed.startswith("data:"))


_VOID = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
])  # fmt: skip
# Dropped with everything inside them.
_DROP_WITH_CONTENT = frozenset([
    "script", "object", "applet", "frameset", "noembed", "noframes", "template",
])  # fmt: skip
# Dropped, their content kept.
_DROP_TAG = frozenset(["embed", "base", "link", "meta", "frame", "param"])
# Start tags that end an open <p> (HTML's "close a p element" rule).
_ENDS_P = frozenset([
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "dd", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "table",
    "ul",
])  # fmt: skip
# Start tags that end an open sibling element of theirs (an <li> ends the <li> before it).
ENDS_SIBLING = {
    "li": frozenset(["li"]),
    "dt": frozenset(["dt", "dd"]),
    "dd": frozenset(["dt", "dd"]),
    "tr": frozenset(["tr", "td", "th"]),
    "td": frozenset(["td", "th"]),
    "th": frozenset(["td", "th"]),
    "option": frozenset(["option"]),
}
_ATTR_NAME = re.compile(r"[a-z_:][-a-z0-9_:.]*", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:java|vb|live)script:", re.IGNORECASE)
_SPACE_AND_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_NAVIGATING = frozenset(["href", "action", "formaction", "xlink:href"])
_FILE_REFERENCES = frozenset([
    "src", "href", "poster", "background", "action", "formaction", "xlink:href", "data", "cite",
    "longdesc", "lowsrc",
])  # fmt: skip
_CSS_ACTIVE = re.compile(r"expression\s*\(|(?:java|vb)script:|-moz-binding|behavior\s*:", re.I)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"@import\b[^;]*;?", re.IGNORECASE)
_IFRAME_KEEP = frozenset([
    "src", "title", "width", "height", "allow", "allowfullscreen", "frameborder", "loading",
    "referrerpolicy",
])  # fmt: skip
_BROKEN_CHARREF = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)(?:[^0-9a-fA-F]|\Z))")
_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-presentation"

_Attrs = list[tuple[str, str | None]]


class _Rewriter(HTMLParser):
    """Copies HTML through, changing only what the mode asks for."""

    def __init__(self, mode: Mode) -> None:
        super().__init__(convert_charrefs=False)
        self._mode = mode
        self._out: list[str] = []
        self._skipping: str | None = None  # the element whose content is being dropped
        self._skip_depth = 0
        self._in_style = False
        self._open: list[str] = []  # the elements opened and not yet closed (when sanitising)
        # The <div>s just written, one inside the other, while nothing but white space has
        # followed them: if an iframe comes next and becomes a card, they are its wrappers.
        self._wrappers: list[tuple[int, _Attrs]] = []

    def rewrite(self, text: str) -> str:
        # HTMLParser gives up on a "&#" that starts no character reference and passes all that
        # follows as text, tags included: make such a "&#" plain text first.
        self.feed(_BROKEN_CHARREF.sub("&amp;#", text))
        self.close()
        # Sanitised HTML is balanced: an element left open is closed here, so a block's raw
        # HTML cannot swallow the blocks after it (or the page's own elements) when blocks are
        # put side by side in one page.
        self._out.extend(f"</{tag}>" for tag in reversed(self._open))
        self._open.clear()
        return "".join(self._out)

    # -- text and markup that is not an element

    def handle_data(self, data: str) -> None:
        if self._skipping is not None:
            return
        if data.strip():
            self._wrappers = []
        if self._in_style:
            if self._mode.scope_styles:
                data = scope_stylesheet(data, self._mode.scope_styles)
            data = self._clean_css(data)
        if self._mode.sanitize:
            # Markup the parser could not read as a tag stays text, whatever a browser would
            # make of it (and <style> holds no tags: inside <svg> a browser would parse them).
            data = data.replace("<", "&lt;")
        self._out.append(data)

    def handle_entityref(self, name: str) -> None:
        if self._skipping is None:
            self._out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if self._skipping is None:
            self._out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._other(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._other(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._other(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        marked = re.match(r"(?:cdata|temp|ignore|include|rcdata)\[", data, re.IGNORECASE)
        self._other(f"<![{data}{']]>' if marked else ']>'}")

    def _other(self, text: str) -> None:
        if self._skipping is None and not self._mode.sanitize:
            self._out.append(text)

    # -- elements

    def handle_starttag(self, tag: str, attrs: _Attrs) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: _Attrs) -> None:
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        mode = self._mode
        self._wrappers = []
        if self._skipping is not None:
            if tag == self._skipping:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skipping = None
            return
        if mode.sanitize and (tag in _DROP_WITH_CONTENT or tag in _DROP_TAG):
            return
        if tag == "iframe" and mode.cards:
            return
        if mode.sanitize:
            if tag not in self._open:
                return  # a stray end tag would close an element of the page around the block
            while self._open:
                inner = self._open.pop()
                self._out.append(f"</{inner}>")
                if inner == tag:
                    break
        else:
            self._out.append(f"</{tag}>")
        if tag == "style":
            self._in_style = False

    def _start(self, tag: str, attrs: _Attrs, *, closed: bool) -> None:
        mode = self._mode
        if self._skipping is not None:
            if tag == self._skipping and not closed:
                self._skip_depth += 1
            return
        wrappers, self._wrappers = self._wrappers, []
        classes = frozenset(_attr(attrs, "class").split())
        drop_content = tag in _DROP_WITH_CONTENT or (
            mode.export
            and (
                (tag == "a" and "anchor" in classes)  # heading permalinks
                or tag == "style"  # a mail's look is the export's CSS; mail clients drop <style>
            )
        )
        if mode.sanitize and drop_content:
            self._skip(tag, closed)
            return
        if mode.sanitize and tag in _DROP_TAG:
            return
        if tag == "iframe" and (mode.cards or not self._framable(attrs)):
            for index, wrapper in wrappers:
                self._unwrap(index, wrapper)
            self._out.append(self._card(attrs))
            self._skip(tag, closed)
            return
        if tag == "input" and mode.export:
            # A mail has no form to fill in: a task list's check box becomes its character.
            if _attr(attrs, "type").lower() == "checkbox":
                mark = "\u2611" if _has(attrs, "checked") else "\u2610"  # ☑ ☐
                self._out.append(f'<span class="task-list-item-checkbox">{mark}</span>')
            return
        if tag == "img" and mode.export:
            attrs_or_box = self._export_image(attrs)
            if isinstance(attrs_or_box, str):
                self._out.append(attrs_or_box)
                return
            attrs = attrs_or_box
        elif tag == "img" and (mode.folder is not None or mode.images is not None):
            box = self._missing_image(attrs)
            if box:
                self._out.append(box)
                return
        if not (mode.sanitize or (mode.cards and _is_embed_wrapper(tag, classes))):
            self._out.append(self.get_starttag_text() or "")
        else:
            if mode.sanitize:
                self._implied_ends(tag)
                if not closed and tag not in _VOID:
                    self._open.append(tag)
            self._out.append(self._tag(tag, self._attrs(tag, attrs, classes), closed))
        if tag == "div" and not closed:
            self._wrappers = [*wrappers, (len(self._out) - 1, attrs)]
        if tag == "style" and not closed:
            self._in_style = True

    def _implied_ends(self, tag: str) -> None:
        """Close what ``tag`` closes by itself in a browser, so the closing stays in step."""
        opened = self._open
        if tag in _ENDS_P and opened and opened[-1] == "p":
            self._out.append(f"</{opened.pop()}>")
        siblings = ENDS_SIBLING.get(tag)
        if siblings:
            while opened and opened[-1] in siblings:
                self._out.append(f"</{opened.pop()}>")

    def _skip(self, tag: str, closed: bool) -> None:
        if not closed and tag not in _VOID:
            self._skipping, self._skip_depth = tag, 1

    def _tag(self, tag: str, attrs: _Attrs, closed: bool) -> str:
        text = "".join(
            f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in attrs
        )
        return f"<{tag}{text}{' /' if closed else ''}>"

    def _attrs(self, tag: str, attrs: _Attrs, classes: frozenset[str]) -> _Attrs:
        mode = self._mode
        out: _Attrs = []
        for name, value in attrs:
            if mode.sanitize and not safe_attr(name, value):
                continue
            if value is not None and mode.export and name in _FILE_REFERENCES:
                value = self._exported_url(value)
            if mode.export and (
                name.startswith("data-")
                or (name in _FILE_REFERENCES and value is not None and _is_local_reference(value))
                or (name == "srcset" and value is not None and not _all_remote_srcset(value))
            ):
                continue
            if value is not None and name == "style":
                value = self._clean_css(value)
            out.append((name, value))
        if mode.cards and _is_embed_wrapper(tag, classes):
            out = self._card_wrapper(out)
        if mode.export and tag == "a" and _has(attrs, "href") and not _has(out, "href"):
            # A link to a local file or site page: keep its text, and stop it looking like a link.
            out = [(n, v) for n, v in out if n != "class"]
            out.append(("class", " ".join(sorted(classes | {"unlinked"}))))
        if tag == "iframe" and mode.sanitize and not _has(out, "sandbox"):
            out.append(("sandbox", _SANDBOX))
        return out

    def _clean_css(self, css: str) -> str:
        if not self._mode.sanitize:
            return css
        css = _CSS_ACTIVE.sub("/* removed */", css)
        if self._mode.export:
            css = _CSS_IMPORT.sub("", css)
            css = _CSS_URL.sub(
                lambda m: m[0] if _is_remote(m[2]) or m[2].startswith("data:") else "none", css
            )
        return css

    # -- embeds

    def _framable(self, attrs: _Attrs) -> bool:
        """With remote content on, only https frames are kept (the CSP allows no other)."""
        return not self._mode.sanitize or _https(_attr(attrs, "src")).lower().startswith("https:")

    def _card(self, attrs: _Attrs) -> str:
        src = _https(_attr(attrs, "src"))
        link = src if re.match(r"https?://", src, re.IGNORECASE) else ""
        host = (urlsplit(link).hostname or "").removeprefix("www.")
        title = _attr(attrs, "title").strip() or host or "Embedded content"
        if self._mode.cards == "export":
            page = _page_of_embed(link)
            url = f'<span class="embed-card-url">{escape(page)}</span>' if page else ""
            shown = f'<a class="embed-card-link" href="{escape(page)}">{escape(title)}</a>'
            return (
                '<div class="embed-card"><span class="embed-card-label">Embedded content</span>'
                f"{shown if page else escape(title)}{url}</div>"
            )
        kept = [(n, v) for n, v in attrs if n in _IFRAME_KEEP and safe_attr(n, v)]
        if not _has(kept, "sandbox"):
            kept.append(("sandbox", _SANDBOX))
        reason = "remote content is off" if self._mode.cards else "only https embeds load"
        link_html = (
            f'<a class="embed-card-link" href="{escape(link)}" target="_blank" '
            f'rel="noopener noreferrer">{escape(link)}</a>'
            if link
            else ""
        )
        return (
            f'<div class="embed-card" data-iframe="{escape(self._tag("iframe", kept, False))}">'
            f'<span class="embed-card-label">Embedded content · {reason}</span>'
            f'<span class="embed-card-title">{escape(title)}</span>{link_html}</div>'
        )

    def _unwrap(self, index: int, attrs: _Attrs) -> None:
        """The ``<div>`` written at ``index`` holds only an iframe that became a card: it loses
        its aspect-ratio box, like a ``responsive-iframe`` wrapper.

        Embed codes such as Vimeo's wrap their player in ``<div style="padding:56.25% 0 0 0;
        position:relative">`` with the iframe placed over the padding; once the iframe is a
        card in the page's flow, that padding would be an empty gap above it.
        """
        classes = frozenset(_attr(attrs, "class").split())
        if not _attr(attrs, "style").strip() or (
            self._mode.cards and _is_embed_wrapper("div", classes)
        ):
            return  # no box to give up, or already written as a wrapper
        kept = self._attrs("div", attrs, classes)
        if not _has(kept, "class"):
            kept.append(("class", ""))
        self._out[index] = self._tag("div", self._card_wrapper(kept, force=True), False)

    def _card_wrapper(self, attrs: _Attrs, *, force: bool = False) -> _Attrs:
        """The wrapper of a carded iframe: no aspect-ratio box, so the card shows."""
        out: _Attrs = []
        for name, value in attrs:
            if name == "class":
                carded = "is-card" in (value or "").split()
                out.append((name, value if carded else f"{value or ''} is-card".strip()))
            elif name == "style":
                if self._mode.cards == "preview" or (force and not self._mode.cards):
                    out.append(("data-style", value))
            else:
                out.append((name, value))
        return out

    # -- images

    def _export_image(self, attrs: _Attrs) -> _Attrs | str:
        """An exported ``<img>``'s attributes with its file embedded, or the missing-image box."""
        src = _attr(attrs, "src").strip()
        if not src or src.lower().startswith("data:image/"):
            return attrs
        images = self._mode.images
        # A site-root image the site's static folders have is embedded, not linked.
        path = images.resolve(src) if images is not None else None
        if path is None and _is_remote(self._exported_url(src)):
            return attrs
        if images is None:
            path = local_file(src, self._mode.folder)
        embed = self._mode.embed_image
        classes = frozenset(_attr(attrs, "class").split())
        uri = embed(path, classes) if path is not None and embed is not None else None
        if uri is None:
            return _export_missing_image(src, _attr(attrs, "alt").strip())
        return [(n, uri if n == "src" else v) for n, v in attrs if n != "srcset"]

    def _missing_image(self, attrs: _Attrs) -> str:
        """The box for a raw ``<img>`` whose file is missing (it keeps the block's source line)."""
        src = _attr(attrs, "src")
        images = self._mode.images
        if images is not None:
            if not src.strip() or not images.checkable(src) or images.resolve(src) is not None:
                return ""
        else:
            path = local_file(src, self._mode.folder)
            if path is None or path.is_file():
                return ""
        box: _Attrs = [("class", "missing-image"), ("role", "img")]
        box += [(n, v) for n, v in attrs if n in ("data-line", "data-block")]
        box += [("aria-label", _attr(attrs, "alt"))] if _attr(attrs, "alt") else []
        return f"{self._tag('span', box, False)}missing image: {escape(src)}</span>"

    def _exported_url(self, url: str) -> str:
        """``//host/x`` as https, and site-root paths on the site when its URL is known."""
        url = _https(url)
        site = self._mode.site_url
        if site and url.startswith("/") and not url.startswith("//") and not _local_path(url):
            return site.rstrip("/") + url
        return url


# Site-root references that are a path on the writer's computer, not on the site: a macOS,
# Linux or WSL home, volume or temporary folder. They are never turned into site URLs, which
# would publish the path (https://example.com/Users/alice/Desktop/shot.png).
_LOCAL_ROOTS = re.compile(r"/(?:Users|home|root|Volumes|mnt|tmp|private|var/folders)/")


def _local_path(url: str) -> bool:
    """Whether the site-root ``url`` names a file of this computer rather than of the site."""
    path = unquote(urlsplit(url).path)
    if _LOCAL_ROOTS.match(path):
        return True
    try:
        return Path(path).is_file()  # dragged in from elsewhere on this disk
    except (OSError, ValueError):
        return False


def _export_missing_image(src: str, alt: str) -> str:
    """The box an export shows for an image it cannot embed: its alt text and file name.

    Never the reference as written: ``/Users/alice/Desktop/shot.png``, ``file:///…`` or
    ``C:\\Users\\…`` would tell every reader of the mail where the writer keeps their files.
    """
    parts = urlsplit(src.strip())
    name = ""  # javascript:, data:text/html…: nothing worth showing
    if len(parts.scheme) <= 1 or parts.scheme.lower() == "file":  # C:\Users… has scheme "c"
        name = re.split(r"[/\\]", unquote(parts.path))[-1].strip()
    shown = f"{alt} ({name})" if alt and name and alt != name else alt or name
    label = f' role="img" aria-label="{escape(alt)}"' if alt else ""
    text = f"missing image: {shown}" if shown else "missing image"
    return f'<span class="missing-image"{label}>{escape(text)}</span>'


def _is_remote(url: str) -> bool:
    return re.match(r"\s*(?:https?:)?//", url, re.IGNORECASE) is not None


def _https(url: str) -> str:
    url = url.strip()
    return "https:" + url if url.startswith("//") else url


def _is_local_reference(url: str) -> bool:
    """Whether a URL names a file or site path rather than a web page, a mail or a fragment."""
    value = url.strip()
    if not value or value.startswith("#") or _is_remote(value):
        return False
    scheme = urlsplit(value).scheme.lower()
    return scheme not in ("mailto", "tel", "data", "cid", "sms")


def _attr(attrs: _Attrs, name: str) -> str:
    for key, value in attrs:
        if key == name:
            return value or ""
    return ""


def _has(attrs: _Attrs, name: str) -> bool:
    return any(key == name for key, _ in attrs)


def _all_remote_srcset(value: str) -> bool:
    candidates = [c.strip().split()[0] for c in value.split(",") if c.strip()]
    return all(_is_remote(c) or c.lower().startswith("data:image/") for c in candidates)


def _is_embed_wrapper(tag: str, classes: frozenset[str]) -> bool:
    return tag == "div" and bool(classes & {"responsive-iframe", "iframe"})


def _page_of_embed(src: str) -> str:
    """The page a reader can open for an embed: YouTube and Vimeo players link to the video."""
    parts = urlsplit(src)
    host = (parts.hostname or "").lower()
    if host.endswith(("youtube.com", "youtube-nocookie.com")) and parts.path.startswith("/embed/"):
        video = parts.path.removeprefix("/embed/").strip("/")
        if re.fullmatch(r"[-_A-Za-z0-9]+", video):
            return f"https://www.youtube.com/watch?v={video}"
    if host == "player.vimeo.com" and (match := re.fullmatch(r"/video/(\d+)/?", parts.path)):
        return f"https://vimeo.com/{match[1]}"
    return src
