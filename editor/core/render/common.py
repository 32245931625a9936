"""What the pipeline and its extensions share: code highlighting, URL rules, images (pure)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

if TYPE_CHECKING:
    from editor.core.site import ImageResolver

__all__ = [
    "EXTERNAL",
    "SAFE_DATA_IMAGE",
    "UNSAFE_URL",
    "highlight_code",
    "image_html",
    "missing_local_file",
]

_FORMATTER = HtmlFormatter(nowrap=True)
EXTERNAL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)
SAFE_DATA_IMAGE = re.compile(r"^\s*data:image/(?:png|gif|jpeg|webp);", re.IGNORECASE)


def highlight_code(code: str, lang: str, _attrs: str = "") -> str:
    """Pygments for known languages; escaped plain code otherwise (never an error)."""
    name = (lang or "").strip().split()[0] if lang and lang.strip() else ""
    css_lang = f' class="language-{html.escape(name, quote=True)}"' if name else ""
    body = html.escape(code)
    if name:
        try:
            lexer = get_lexer_by_name(name, stripnl=False, ensurenl=False)
            body = pygments_highlight(code, lexer, _FORMATTER)
        except (ClassNotFound, ValueError):
            pass
    return f'<pre class="highlight"><code{css_lang}>{body}</code></pre>\n'


def missing_local_file(src: str, folder: Path | None) -> bool:
    """Whether ``src`` names a file relative to the post's ``folder`` that is not there."""
    if folder is None or not src or src.startswith(("#", "/")):
        return False
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return False
    return not (folder / unquote(parts.path)).is_file()


def image_html(
    src: str,
    alt: str,
    title: str | None,
    folder: Path | None,
    images: ImageResolver | None = None,
) -> str:
    """An image as the preview shows it: the ``<img>``, or the missing-image box.

    ``images`` (the site's resolver, when the post's site is known) decides what is missing,
    site-root paths too; without it, relative paths are looked for from ``folder``.
    """
    if UNSAFE_URL.match(src) and not SAFE_DATA_IMAGE.match(src):
        src = ""
    if images is not None:
        missing = bool(src) and images.checkable(src) and images.resolve(src) is None
        if not missing and "%7B" in src.upper():  # {{ site.baseurl }}/x.png: what it stands for
            found = images.resolve(src)
            src = images.reference_for(found) if found is not None else src
    else:
        missing = missing_local_file(src, folder)
    if missing:
        return (
            f'<span class="missing-image" role="img" aria-label="{html.escape(alt)}">'
            f"missing image: {html.escape(src)}</span>"
        )
    attrs = f' title="{html.escape(title)}"' if title else ""
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"{attrs} loading="lazy">'
