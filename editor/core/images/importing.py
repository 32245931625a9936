"""Adding an image to a post: read the source, check it by decoding, change it if asked, copy it.

:func:`import_image` reads a picture from a file or from pasted bytes within the size caps,
checks it (rasters open, verify and decode with Pillow; SVG must pass
:mod:`editor.core.svgcheck`), re-saves it only if :class:`ImportOptions` asks for a change that
applies, reuses a file with the same bytes already in the asset folder, or else stores it under a
free name (:mod:`editor.core.images.writing`), and returns the Markdown that shows it.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.core.images.names import (
    EXTENSIONS,
    IMAGE_SUFFIXES,
    asset_folder,
    choose_name,
    escape_alt,
    link_target,
    refuse,
    shown,
    unusable_path,
)
from editor.core.images.writing import store
from editor.core.svgcheck import NOT_AN_IMAGE, svg_problem

if TYPE_CHECKING:
    from PIL import Image

_MB = 1024 * 1024
_RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
_NOT_AN_IMAGE = NOT_AN_IMAGE
_EXIF_ORIENTATION = 0x0112
_EXIF_GPS_IFD = 0x8825
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class ImportOptions:
    """How images are checked and whether they are changed on the way in.

    Attributes:
        max_bytes: larger files are refused before they are read.
        max_pixels: images with more pixels (width × height) are refused before decoding.
        max_width: if set, wider still images are scaled down to this width (same format,
            same aspect ratio); animated GIFs are never scaled.
        strip_location: remove EXIF GPS data from JPEG, PNG and WebP (other EXIF, including
            the orientation, stays). Only images that carry GPS data are re-saved.
    """

    max_bytes: int = 25 * _MB
    max_pixels: int = 50_000_000
    max_width: int | None = None
    strip_location: bool = False


@dataclass(frozen=True)
class ImportedImage:
    """An image in the post's asset folder and the Markdown that shows it."""

    path: Path
    markdown: str
    alt: str
    reused: bool


def import_image(
    post_path: str | os.PathLike[str],
    source: str | os.PathLike[str] | bytes,
    *,
    alt: str | None = None,
    name: str | None = None,
    asset_dir: str | os.PathLike[str] | None = None,
    options: ImportOptions | None = None,
    now: datetime | None = None,
    reference: Callable[[Path], str] | None = None,
) -> ImportedImage:
    """Copy the image ``source`` (a file path, or image bytes) into the post's asset folder.

    Args:
        post_path: the post's Markdown file; it need not exist yet, its folder must.
        source: the image file, or its bytes (a paste or a drop).
        alt: the alt text, used as written; by default the words of the file name.
        name: the file name to use (slugified; the extension comes from the real format).
        asset_dir: a site-configured image folder, relative to the post's folder or absolute.
        options: size limits and optional changes; see :class:`ImportOptions`.
        now: the time for a ``screenshot-…`` name (tests pass a fixed one).
        reference: the reference the post writes for the stored file (the site's way, such
            as ``/emails/issues/12/x.png``: ``ImageResolver.reference_for``); by default the
            file relative to the post's folder (``./x.png``).

    Raises:
        ImageError: the image was refused or could not be written; nothing was left behind.
    """
    opts = options or ImportOptions()
    what, source_path, data = _read_source(source, opts.max_bytes)
    _check_destination(what, post_path, asset_dir)
    kind = _check_image(data, what, source_path, opts.max_pixels)
    data = _adjusted(data, kind, opts, what, source_path)
    stem = source_path.stem if source_path is not None else None
    base, default_alt = choose_name(name, stem, alt, now)
    alt_text = default_alt if alt is None else alt

    post = Path(post_path)
    folder = asset_folder(post, asset_dir)
    existing = _find_identical(folder, data, post)
    if existing is not None:
        path, reused = existing, True
    else:
        path, reused = store(folder, base, EXTENSIONS[kind], data, what), False
    target = link_target(path, post.parent) if reference is None else _destination(reference(path))
    markdown = f"![{escape_alt(alt_text)}]({target})"
    return ImportedImage(path=path, markdown=markdown, alt=alt_text, reused=reused)


def _destination(reference: str) -> str:
    from editor.core.site import markdown_destination  # (the site package is big)

    return markdown_destination(reference)


# --- reading the source -------------------------------------------------------------------------


def _read_source(
    source: str | os.PathLike[str] | bytes, max_bytes: int
) -> tuple[str, Path | None, bytes]:
    """(how to name the source in messages, its path or None, its bytes)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        _check_size(len(data), max_bytes, "the pasted image", None)
        return "the pasted image", None, data
    path = Path(source)
    what = f"the image {shown(path.name or str(path))}"
    unusable = unusable_path(path)
    if unusable:
        refuse(what, path, f"Its name has {unusable}, so it cannot be read. {_RENAME_ADVICE}")
    return what, path, _read_file(path, what, max_bytes)


_RENAME_ADVICE = "Choose the file again, then add it."


def _check_destination(
    what: str, post_path: str | os.PathLike[str], asset_dir: str | os.PathLike[str] | None
) -> None:
    """ImageError if the post's path or the image folder cannot name a file at all."""
    unusable = unusable_path(post_path)
    if unusable:
        refuse(
            what,
            None,
            f"The post's file name has {unusable}, so no image folder can be made for it. "
            "Save the post under another name, then add the image again.",
        )
    unusable = unusable_path(asset_dir) if asset_dir is not None else None
    if unusable:
        refuse(
            what,
            None,
            f"The image folder set for the site has {unusable}. Correct asset_dir in "
            "galley.toml, then add the image again.",
        )


def _read_file(path: Path, what: str, max_bytes: int) -> bytes:
    try:
        st = path.lstat()  # lstat: a symbolic link is refused, not followed
    except FileNotFoundError:
        refuse(what, path, "The file does not exist; check the name and folder.")
    except OSError as exc:
        refuse(what, path, f"{exc.strerror or exc}.")
    if stat.S_ISLNK(st.st_mode):
        refuse(what, path, "It is a symbolic link; add the file it points to instead.")
    if stat.S_ISDIR(st.st_mode):
        refuse(what, path, "It is a folder, not an image file.")
    if not stat.S_ISREG(st.st_mode):
        refuse(what, path, "It is not a regular file.")
    _check_size(st.st_size, max_bytes, what, path)  # before reading a byte
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
        with os.fdopen(fd, "rb") as file:
            data = file.read(max_bytes + 1)  # +1: notices a file that grew since lstat
    except PermissionError:
        refuse(what, path, "You do not have permission to read it; check its permissions.")
    except OSError as exc:
        refuse(what, path, f"{exc.strerror or exc}.")
    _check_size(len(data), max_bytes, what, path)
    return data


def _check_size(size: int, max_bytes: int, what: str, path: Path | None) -> None:
    if size == 0:
        refuse(what, path, "It is empty.")
    if size > max_bytes:
        refuse(
            what,
            path,
            f"It is {size / _MB:.1f} MB; images larger than {max_bytes / _MB:.0f} MB are not "
            "added. Make it smaller in an image editor, then add it again.",
        )


# --- checking the image -------------------------------------------------------------------------


def _check_image(data: bytes, what: str, path: Path | None, max_pixels: int) -> str:
    """The image's real format ("PNG", "JPEG", "MPO", "GIF", "WEBP" or "SVG"), or ImageError."""
    if _looks_like_xml(data):
        problem = svg_problem(data)
        if problem is not None:
            refuse(what, path, problem)
        return "SVG"
    return _check_raster(data, what, path, max_pixels)


def _looks_like_xml(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return data[:4096].removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<")


def _check_raster(data: bytes, what: str, path: Path | None, max_pixels: int) -> str:
    from PIL import Image, UnidentifiedImageError  # here: slow to import, and only needed here

    too_many = f"It has more than {max_pixels / 1e6:g} megapixels; scale it down first."
    try:
        with Image.open(io.BytesIO(data), formats=_RASTER_FORMATS) as image:
            kind, (width, height) = image.format or "", image.size
    except Image.DecompressionBombError:  # so large that even Pillow refuses its header
        refuse(what, path, too_many)
    except UnidentifiedImageError:
        refuse(what, path, _NOT_AN_IMAGE)
    except Exception:  # Pillow raises many kinds of errors on a damaged header
        refuse(what, path, "Its image data is damaged.")
    if kind not in EXTENSIONS or kind == "SVG":
        refuse(what, path, _NOT_AN_IMAGE)
    if width * height > max_pixels:
        refuse(what, path, f"It is {width} × {height} pixels. {too_many}")
    try:
        with Image.open(io.BytesIO(data), formats=_RASTER_FORMATS) as image:
            image.verify()  # checksums and structure (PNG chunks)
        with Image.open(io.BytesIO(data), formats=_RASTER_FORMATS) as image:
            image.load()  # every pixel of the first frame: finds truncated JPEGs too
    except Image.DecompressionBombError:
        refuse(what, path, too_many)
    except Exception:
        refuse(what, path, "Its image data is damaged or incomplete.")
    return kind


# --- optional changes ---------------------------------------------------------------------------


def _adjusted(data: bytes, kind: str, opts: ImportOptions, what: str, path: Path | None) -> bytes:
    """``data`` re-saved if the options ask for a change that applies, else ``data`` itself."""
    if kind == "SVG" or (opts.max_width is None and not opts.strip_location):
        return data
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=_RASTER_FORMATS) as image:
            return _resaved(image, kind, opts) or data
    except Exception:
        refuse(what, path, "Its image data could not be re-saved; try without the options.")


def _resaved(image: Image.Image, kind: str, opts: ImportOptions) -> bytes | None:
    """New bytes for ``image`` if the options change it, else None (the caller copies)."""
    exif = image.getexif()
    strip = opts.strip_location and _EXIF_GPS_IFD in exif
    turned = exif.get(_EXIF_ORIENTATION) in (5, 6, 7, 8)  # shown rotated by a quarter turn
    shown_width = image.height if turned else image.width
    animated = bool(getattr(image, "is_animated", False))
    width = opts.max_width
    shrink = width is not None and shown_width > width and not animated
    if not (strip or shrink):
        return None
    params: dict[str, Any] = {}
    if width is not None and shrink:
        image = _scaled(image, width)
        exif = image.getexif()  # upright now: the orientation tag is gone
    elif kind == "JPEG":
        params.update(quality="keep", subsampling="keep")  # the original's tables: least loss
    if kind in ("JPEG", "MPO", "WEBP"):
        params.setdefault("quality", 90)
    if animated:
        params["save_all"] = True  # only stripping reaches here: keep every frame
    if strip:
        del exif[_EXIF_GPS_IFD]
    if exif:
        params["exif"] = exif.tobytes()
    if image.info.get("icc_profile"):
        params["icc_profile"] = image.info["icc_profile"]
    out = io.BytesIO()
    image.save(out, "JPEG" if kind == "MPO" else kind, **params)
    return out.getvalue()


def _scaled(image: Image.Image, width: int) -> Image.Image:
    from PIL import Image, ImageOps

    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("1", "P"):  # palette images only scale with NEAREST; smooth them
        upright = upright.convert("RGBA" if "transparency" in upright.info else "RGB")
    height = max(1, round(upright.height * width / upright.width))
    return upright.resize((width, height), Image.Resampling.LANCZOS)


# --- finding an identical file ------------------------------------------------------------------


def _find_identical(folder: Path, data: bytes, post: Path) -> Path | None:
    """A file in ``folder`` (or below) with exactly the bytes ``data``, or None."""
    try:
        root = folder.resolve(strict=True)
    except OSError:
        return None
    post_real = os.path.realpath(post)
    digest = hashlib.sha256(data).digest()
    for candidate, size in _image_files(root):
        if size == len(data) and str(candidate) != post_real and _sha256(candidate) == digest:
            return candidate
    return None


def _image_files(root: Path) -> Iterator[tuple[Path, int]]:
    """Regular image files under ``root``, top folder first, symlinks and hidden files skipped."""
    for folder, subfolders, files in os.walk(root):  # never follows symlinked folders
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for file_name in sorted(files):
            if file_name.startswith(".") or Path(file_name).suffix.lower() not in IMAGE_SUFFIXES:
                continue
            path = Path(folder, file_name)
            with contextlib.suppress(OSError):
                st = path.lstat()
                if stat.S_ISREG(st.st_mode):
                    yield path, st.st_size


def _sha256(path: Path) -> bytes | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while chunk := file.read(_MB):
                digest.update(chunk)
    except OSError:
        return None
    return digest.digest()
