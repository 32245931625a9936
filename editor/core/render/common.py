"""What the pipeline and its extensions share: code highlighting, URL rules, images (pure)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

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


def image_html(src: str, alt: str, title: str | None, folder: Path | None) -> str:
    """An image as the preview shows it: the ``<img>``, or the missing-image box."""
    if UNSAFE_URL.match(src) and not SAFE_DATA_IMAGE.match(src):
        src = ""
    if missing_local_file(src, folder):
        return (
            f'<span class="missing-image" role="img" aria-label="{html.escape(alt)}">'
            f"missing image: {html.escape(src)}</span>"
        )
    attrs = f' title="{html.escape(title)}"' if title else ""
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"{attrs} loading="lazy">'
