"""What an added image is called and where it goes (pure; no Qt).

The asset folder of a post (:func:`asset_folder`), safe file name stems (:func:`slugify`, and
the ``screenshot-…`` fallback), the extension each real format gets, and the Markdown that shows
an image. Also what every message about an image shares: :class:`ImageError`, the error of all of
:mod:`editor.core.images`, and names made safe to show (:func:`shown`, :func:`unusable_path`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote

from editor.core.errors import GalleyError

_BUNDLE_INDEXES = frozenset({"index.md", "index.markdown", "_index.md", "_index.markdown"})
# The real format decides the extension. MPO is how Pillow reports the multi-picture JPEGs
# that many phone cameras write.
EXTENSIONS = {
    "PNG": ".png",
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "GIF": ".gif",
    "WEBP": ".webp",
    "SVG": ".svg",
}
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
_MAX_NAME = 80
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l"}
    | {"Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th"}
)


class ImageError(GalleyError):
    """An image could not be added or renamed; nothing on disk was changed.

    ``path`` is the file the problem is about (the source, or the file that could not be
    written), or None for pasted bytes.
    """

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path


def refuse(what: str, path: Path | None, detail: str) -> NoReturn:
    """Raise the :class:`ImageError` of an image that was not added: "Could not add ``what``."."""
    raise ImageError(f"Could not add {what}.", detail, path=path)


def asset_folder(
    post_path: str | os.PathLike[str], asset_dir: str | os.PathLike[str] | None = None
) -> Path:
    """The folder that holds the images of the post at ``post_path``.

    ``asset_dir`` (relative to the post's folder, or absolute) wins; otherwise a bundle
    (``<slug>/index.md``) keeps images beside its index, and a flat ``name.md`` uses ``name/``.

    Raises:
        ImageError: the post's path has a NUL (or a character no file name can hold), or
            the flat post's folder ``name/`` is a symlink out of the post's folder (a
            cloned site can carry ``name -> /``); images are never written through it. (A
            site's ``asset_dir`` is confined to the site by ``Site.asset_folder``.)
    """
    post = Path(post_path)
    if asset_dir is not None:
        return post.parent / Path(asset_dir)  # an absolute asset_dir replaces the parent
    if post.name in _BUNDLE_INDEXES:
        return post.parent
    # A post without extension must not share its name with its folder.
    folder = post.parent / (post.stem if post.suffix else f"{post.name}-images")
    unusable = unusable_path(folder)
    if unusable:  # realpath would raise ValueError
        raise ImageError(
            f"Could not use the image folder of {shown(post.name)}: its path has {unusable}.",
            "Save the post under another name, then try again.",
        )
    real = os.path.realpath(folder)
    if not Path(real).is_relative_to(os.path.realpath(post.parent)):
        raise ImageError(
            f"Could not use the image folder {folder}: it is a link to {real}, outside the "
            "post's folder.",
            "Galley keeps a post's images beside it; replace the link with a real folder, or "
            "remove it and Galley makes the folder.",
            path=folder,
        )
    return folder


def slugify(text: str, max_length: int = _MAX_NAME) -> str:
    """``text`` as a safe file name stem: ASCII letters, digits and single hyphens.

    "Café screen shot" → "cafe-screen-shot". Returns "" if nothing usable is left. Names that
    Windows reserves (``con``, ``lpt1``…) get ``-image`` appended, so a synced site still works.
    """
    plain = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    ascii_text = plain.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_length].rstrip("-")
    return f"{slug}-image" if slug in _WINDOWS_RESERVED else slug


def unusable_path(path: str | os.PathLike[str]) -> str | None:
    """What in ``path`` no file name can hold (os calls raise ValueError for it), or None.

    A NUL byte ends a name for the system; a lone surrogate (from a broken file name or a
    bad paste) has no bytes in the file system's encoding.
    """
    text = os.fspath(path)
    if "\x00" in text:
        return "a NUL character"
    try:
        os.fsencode(text)
    except UnicodeError:
        return "characters that are not valid in a file name here"
    return None


def shown(name: str) -> str:
    """``name`` for a message: control characters (a NUL, a newline) and lone surrogates (bytes
    of a name that are not UTF-8) shown as "?", so the message can be shown and logged."""
    return re.sub(r"[\x00-\x1f\x7f\ud800-\udfff]", "?", name)


def choose_name(
    name: str | None, stem: str | None, alt: str | None, now: datetime | None
) -> tuple[str, str]:
    """(file name stem, default alt text)."""
    for candidate in (name, stem, alt):
        slug = slugify(candidate or "")
        if slug:
            return slug, slug.replace("-", " ").capitalize()
    return (now or datetime.now()).strftime("screenshot-%Y-%m-%d-%H%M%S"), "Screenshot"


def escape_alt(alt: str) -> str:
    one_line = re.sub(r"[\r\n]+", " ", alt)  # a blank line would end the image
    return re.sub(r"([\\\[\]])", r"\\\1", one_line)


def link_target(path: Path, post_dir: Path) -> str:
    """``path`` relative to the post's folder, as a Markdown link destination."""
    relative = Path(os.path.relpath(path, post_dir.resolve())).as_posix()
    if not relative.startswith("../"):
        relative = f"./{relative}"
    if re.search(r"[<>\\]", relative):
        return quote(relative)
    return f"<{relative}>" if re.search(r"[\s()]", relative) else relative
