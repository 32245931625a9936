"""The images an e-mail message carries as its own parts (pure; no Qt).

A message's HTML names each local image as ``cid:…``, the ``Content-ID`` of a part of its
``multipart/related`` (RFC 2392). :class:`ImageParts` is the export's image embedder for that:
called by the rewrite for every local ``<img>`` (the avatar too), it reads the file once, keeps
one :class:`InlineImage` per file (the same file used twice is one part) and answers the
``cid:`` reference.

What travels is the file's own bytes, with three exceptions, each said in
:attr:`InlineImage.note` (the post's folder is never changed):

- a format that mail clients show unevenly becomes a PNG (with transparency) or JPEG copy made
  with Pillow: WebP (Outlook on Windows and older Apple Mail show none), and any other format
  Pillow reads but that is not PNG, JPEG or GIF (BMP, TIFF, AVIF…); an animated WebP keeps its
  first frame;
- an avatar (shown at 40 px) whose file is over 50 KB travels as a 96 px thumbnail, as in the
  HTML export: a phone photo would otherwise weigh a megabyte in every issue;
- an SVG travels as it is (when it only draws: the import's check): Pillow cannot read SVG,
  and no well-kept pure-Python rasteriser exists, so readers whose client shows no SVG (Gmail,
  Outlook) see its alt text. The ``email-image-format`` check says so.

A file that is not an image (checked by decoding), is over 20 MB, or cannot be read gets no
part: the rewrite shows the export's "missing image" box instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from email.utils import make_msgid
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.svgcheck import svg_problem

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "AVATAR_PIXELS",
    "MAIL_FORMATS",
    "ImageParts",
    "InlineImage",
    "mail_copy",
]

AVATAR_PIXELS = 96
"""An avatar's thumbnail fits this square (twice the 40 px it is shown at, and some)."""

MAIL_FORMATS = frozenset(["PNG", "JPEG", "GIF"])
"""The formats (Pillow's names) every mail client shows; others travel as a PNG or JPEG copy."""

_MAX_IMAGE = 20 * 1024 * 1024  # as the HTML export: a bigger file is no newsletter image
_AVATAR_BYTES = 50 * 1024  # a smaller avatar travels as it is
_JPEG_QUALITY = 88


@dataclass(frozen=True)
class InlineImage:
    """One image part of a message.

    Attributes:
        cid: the part's ``Content-ID`` without its angle brackets, as the HTML's ``cid:`` names it.
        source: the image file in the post's folder (or the site's static folder).
        data: the bytes the part carries.
        mime: their type (``image/png``…).
        filename: the part's file name (a copy's takes its new suffix: ``chart.webp`` →
            ``chart.png``).
        note: "" when ``data`` is the file's own bytes; else what was done, in a few words
            ("a PNG copy of the WebP file", "a 96 px thumbnail of the avatar").
    """

    cid: str
    source: Path
    data: bytes
    mime: str
    filename: str
    note: str = ""

    @property
    def as_is(self) -> bool:
        """Whether the part is the file's own bytes."""
        return not self.note


class ImageParts:
    """The export's image embedder for a message: collects one part per image file.

    Call it as an :data:`editor.core.htmlrewrite.EmbedImage`: with a file and its ``<img>``'s
    classes it answers ``cid:…`` (or None when the file is no image it can carry). The parts,
    in the order the HTML first names them, are :attr:`images`.
    """

    def __init__(self, domain: str = "galley.invalid") -> None:
        self._domain = domain
        self._images: list[InlineImage] = []
        self._by_file: dict[tuple[str, bool], InlineImage | None] = {}

    @property
    def images(self) -> list[InlineImage]:
        return list(self._images)

    def __call__(self, path: Path, classes: frozenset[str]) -> str | None:
        image = self.part_for(path, avatar="avatar" in classes)
        return f"cid:{image.cid}" if image is not None else None

    def part_for(self, path: Path, *, avatar: bool = False) -> InlineImage | None:
        """The part that carries ``path`` (made on the first call for the file)."""
        key = (os.path.realpath(path), avatar)
        if key in self._by_file:
            return self._by_file[key]
        copy = mail_copy(path, avatar=avatar)
        image = None
        if copy is not None:
            data, mime, filename, note = copy
            # The same bytes (an avatar small enough to travel as it is, also in the body)
            # are one part.
            image = next(
                (i for i in self._images if i.source == path and i.data == data), None
            ) or self._add(path, data, mime, filename, note)
        self._by_file[key] = image
        return image

    def _add(self, path: Path, data: bytes, mime: str, filename: str, note: str) -> InlineImage:
        number = len(self._images) + 1
        cid = make_msgid(idstring=f"image{number}", domain=self._domain)[1:-1]
        image = InlineImage(cid, path, data, mime, filename, note)
        self._images.append(image)
        return image


def mail_copy(path: Path, *, avatar: bool = False) -> tuple[bytes, str, str, str] | None:
    """(bytes, MIME type, file name, note) of what a message carries for the image ``path``.

    None when it is no image (checked by decoding), is over 20 MB or cannot be read. The note
    is "" for the file's own bytes (see the module documentation for when it is not).
    """
    try:
        if not path.is_file() or path.stat().st_size > _MAX_IMAGE:
            return None
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    if path.suffix.lower() == ".svg":  # only an SVG that draws: the same check as an import's
        return (data, "image/svg+xml", path.name, "") if svg_problem(data) is None else None
    from PIL import Image  # here: only messages need it, and it is slow to import

    try:
        with Image.open(BytesIO(data)) as image:  # a file that is no image fails here
            kind = image.format or ""
            thumbnail = avatar and len(data) > _AVATAR_BYTES and max(image.size) > AVATAR_PIXELS
            if kind in MAIL_FORMATS and not thumbnail:
                mime = image.get_format_mimetype() or ""
                image.verify()  # checks the data (PNG checksums) without decoding every pixel
                return (data, mime, path.name, "") if mime.startswith("image/") else None
            image.seek(0)  # an animated WebP: its first frame
            image.load()
            if thumbnail:
                image.thumbnail((AVATAR_PIXELS, AVATAR_PIXELS))
            return _converted(image, path, kind, thumbnail=thumbnail)
    except Exception:  # any failure to decode means: not an image we can carry
        return None


def _converted(
    image: Image, path: Path, kind: str, *, thumbnail: bool
) -> tuple[bytes, str, str, str]:
    """``image`` (a loaded Pillow image) saved as PNG when it has transparency, else JPEG."""
    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    out = BytesIO()
    if alpha:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        mime, suffix, name = "image/png", ".png", "PNG"
    else:
        image.convert("RGB").save(out, "JPEG", quality=_JPEG_QUALITY)
        mime, suffix, name = "image/jpeg", ".jpg", "JPEG"
    if thumbnail:
        note = f"a {AVATAR_PIXELS} px thumbnail of the avatar"
    else:
        frames = getattr(image, "n_frames", 1)
        first = " (its first frame)" if frames > 1 else ""
        note = f"a {name} copy of the {_format_name(kind)} file{first}"
    return out.getvalue(), mime, path.with_suffix(suffix).name, note


def _format_name(kind: str) -> str:
    return {"WEBP": "WebP", "TIFF": "TIFF", "BMP": "BMP"}.get(kind, kind or "image")
