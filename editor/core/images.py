"""Adding images to a post, and renaming them (pure; no Qt).

:func:`import_image` copies a picture, from a file or from pasted bytes, into the post's asset
folder and returns the Markdown that shows it. The rules follow ../docs/RELIABILITY.md, item 6:

* **Checked by decoding, not by name.** PNG, JPEG, GIF and WebP must open, verify and decode with
  Pillow; the extension comes from the real format (a PNG called ``x.jpg`` is saved as ``x.png``).
  SVG is copied only if everything in it is on :mod:`editor.core.svgcheck`'s allow-list of SVG
  presentation: no script, handler, foreign (XHTML) element, link to another file or CSS that
  loads something, since readers may open it as a page of the published site.
* **Capped.** A file over ``max_bytes`` is refused before it is read; an image over ``max_pixels``
  is refused from its header before it is decoded, whatever Pillow's own limit is.
* **Refused cleanly.** A missing, unreadable or empty file, a folder, a symbolic link, or anything
  that is not an image raises :class:`ImageError` naming the file and the reason, and nothing is
  written: no temporary file, not even the asset folder.
* **Named safely.** From ``name``, else the source file's name, else the alt text, else
  ``screenshot-YYYY-MM-DD-HHMMSS``: the first that leaves something after :func:`slugify` (ASCII,
  lowercase, hyphens, at most 80 characters), so ``../../x``, ``/etc/passwd`` or a NUL cannot
  leave the folder. A name taken by a different file gets ``-2``, ``-3``…; a file with the same
  bytes anywhere in the asset folder is reused instead of copied again.
* **Never overwrites.** The bytes go to a temporary file in the asset folder and are fsynced, then
  hard-linked to the final name, which fails if the name is taken (where hard links are not
  supported, the final file is created with ``O_EXCL``). The final path must resolve inside the
  asset folder.
* **Verbatim by default.** The new file is byte-identical to the source unless
  :class:`ImportOptions` asks to scale wide images down or to remove GPS location data.

The asset folder is the post's own folder for a bundle (``<slug>/index.md``), a sibling folder
named after a flat post (``notes.md`` → ``notes/``), or a site-configured ``asset_dir``.
:func:`rename_image` and :func:`image_reference_at` serve the window's "Rename image…" action.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import io
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import quote, unquote

from editor.core import fileio
from editor.core.errors import GalleyError
from editor.core.svgcheck import NOT_AN_IMAGE, svg_problem

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "ImageError",
    "ImportOptions",
    "ImportedImage",
    "asset_folder",
    "image_reference_at",
    "import_image",
    "rename_image",
    "slugify",
]

_MB = 1024 * 1024
_BUNDLE_INDEXES = frozenset({"index.md", "index.markdown", "_index.md", "_index.markdown"})
_RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
# The real format decides the extension. MPO is how Pillow reports the multi-picture JPEGs
# that many phone cameras write.
_EXTENSIONS = {
    "PNG": ".png",
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "GIF": ".gif",
    "WEBP": ".webp",
    "SVG": ".svg",
}
_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
_NOT_AN_IMAGE = NOT_AN_IMAGE
_MAX_NAME = 80
_MAX_SUFFIX = 9999
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l"}
    | {"Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th"}
)
_EXIF_ORIENTATION = 0x0112
_EXIF_GPS_IFD = 0x8825
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# link() errors that mean "this file system has no hard links", not "you may not write here".
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
)
_WRITE_ADVICE = {
    errno.ENOSPC: "The disk is full. Free some space, then try again.",
    errno.EDQUOT: "Your disk quota is used up. Free some space, then try again.",
    errno.EACCES: "You do not have permission to write in {folder}. Check its permissions.",
    errno.EPERM: "The system did not allow writing in {folder}. Check its permissions.",
    errno.EROFS: "The disk is read-only. Move the post to a folder you can write to.",
    errno.EEXIST: "A file is in the way of the image folder {folder}. Rename or move it.",
    errno.ENOTDIR: "A file is in the way of the image folder {folder}. Rename or move it.",
    errno.EIO: "The disk reported an input/output error. Check the disk.",
}


class ImageError(GalleyError):
    """An image could not be added or renamed; nothing on disk was changed.

    ``path`` is the file the problem is about (the source, or the file that could not be
    written), or None for pasted bytes.
    """

    def __init__(self, summary: str, detail: str = "", *, path: Path | None = None) -> None:
        super().__init__(summary, detail)
        self.path = path


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
    unusable = _unusable_path(folder)
    if unusable:  # realpath would raise ValueError
        raise ImageError(
            f"Could not use the image folder of {_shown(post.name)}: its path has {unusable}.",
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


def import_image(
    post_path: str | os.PathLike[str],
    source: str | os.PathLike[str] | bytes,
    *,
    alt: str | None = None,
    name: str | None = None,
    asset_dir: str | os.PathLike[str] | None = None,
    options: ImportOptions | None = None,
    now: datetime | None = None,
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

    Raises:
        ImageError: the image was refused or could not be written; nothing was left behind.
    """
    opts = options or ImportOptions()
    what, source_path, data = _read_source(source, opts.max_bytes)
    _check_destination(what, post_path, asset_dir)
    kind = _check_image(data, what, source_path, opts.max_pixels)
    data = _adjusted(data, kind, opts, what, source_path)
    stem = source_path.stem if source_path is not None else None
    base, default_alt = _choose_name(name, stem, alt, now)
    alt_text = default_alt if alt is None else alt

    post = Path(post_path)
    folder = asset_folder(post, asset_dir)
    existing = _find_identical(folder, data, post)
    if existing is not None:
        path, reused = existing, True
    else:
        path, reused = _store(folder, base, _EXTENSIONS[kind], data, what), False
    markdown = f"![{_escape_alt(alt_text)}]({_link_target(path, post.parent)})"
    return ImportedImage(path=path, markdown=markdown, alt=alt_text, reused=reused)


# --- reading the source -------------------------------------------------------------------------


def _refuse(what: str, path: Path | None, detail: str) -> NoReturn:
    raise ImageError(f"Could not add {what}.", detail, path=path)


def _read_source(
    source: str | os.PathLike[str] | bytes, max_bytes: int
) -> tuple[str, Path | None, bytes]:
    """(how to name the source in messages, its path or None, its bytes)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        _check_size(len(data), max_bytes, "the pasted image", None)
        return "the pasted image", None, data
    path = Path(source)
    what = f"the image {_shown(path.name or str(path))}"
    unusable = _unusable_path(path)
    if unusable:
        _refuse(what, path, f"Its name has {unusable}, so it cannot be read. {_RENAME_ADVICE}")
    return what, path, _read_file(path, what, max_bytes)


_RENAME_ADVICE = "Choose the file again, then add it."


def _unusable_path(path: str | os.PathLike[str]) -> str | None:
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


def _shown(name: str) -> str:
    """``name`` for a message: control characters (a NUL, a newline) and lone surrogates (bytes
    of a name that are not UTF-8) shown as "?", so the message can be shown and logged."""
    return re.sub(r"[\x00-\x1f\x7f\ud800-\udfff]", "?", name)


def _check_destination(
    what: str, post_path: str | os.PathLike[str], asset_dir: str | os.PathLike[str] | None
) -> None:
    """ImageError if the post's path or the image folder cannot name a file at all."""
    unusable = _unusable_path(post_path)
    if unusable:
        _refuse(
            what,
            None,
            f"The post's file name has {unusable}, so no image folder can be made for it. "
            "Save the post under another name, then add the image again.",
        )
    unusable = _unusable_path(asset_dir) if asset_dir is not None else None
    if unusable:
        _refuse(
            what,
            None,
            f"The image folder set for the site has {unusable}. Correct asset_dir in "
            "galley.toml, then add the image again.",
        )


def _read_file(path: Path, what: str, max_bytes: int) -> bytes:
    try:
        st = path.lstat()  # lstat: a symbolic link is refused, not followed
    except FileNotFoundError:
        _refuse(what, path, "The file does not exist; check the name and folder.")
    except OSError as exc:
        _refuse(what, path, f"{exc.strerror or exc}.")
    if stat.S_ISLNK(st.st_mode):
        _refuse(what, path, "It is a symbolic link; add the file it points to instead.")
    if stat.S_ISDIR(st.st_mode):
        _refuse(what, path, "It is a folder, not an image file.")
    if not stat.S_ISREG(st.st_mode):
        _refuse(what, path, "It is not a regular file.")
    _check_size(st.st_size, max_bytes, what, path)  # before reading a byte
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
        with os.fdopen(fd, "rb") as file:
            data = file.read(max_bytes + 1)  # +1: notices a file that grew since lstat
    except PermissionError:
        _refuse(what, path, "You do not have permission to read it; check its permissions.")
    except OSError as exc:
        _refuse(what, path, f"{exc.strerror or exc}.")
    _check_size(len(data), max_bytes, what, path)
    return data


def _check_size(size: int, max_bytes: int, what: str, path: Path | None) -> None:
    if size == 0:
        _refuse(what, path, "It is empty.")
    if size > max_bytes:
        _refuse(
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
            _refuse(what, path, problem)
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
        _refuse(what, path, too_many)
    except UnidentifiedImageError:
        _refuse(what, path, _NOT_AN_IMAGE)
    except Exception:  # Pillow raises many kinds of errors on a damaged header
        _refuse(what, path, "Its image data is damaged.")
    if kind not in _EXTENSIONS or kind == "SVG":
        _refuse(what, path, _NOT_AN_IMAGE)
    if width * height > max_pixels:
        _refuse(what, path, f"It is {width} × {height} pixels. {too_many}")
    try:
        with Image.open(io.BytesIO(data), formats=_RASTER_FORMATS) as image:
            image.verify()  # checksums and structure (PNG chunks)
        with Image.open(io.BytesIO(data), formats=_RASTER_FORMATS) as image:
            image.load()  # every pixel of the first frame: finds truncated JPEGs too
    except Image.DecompressionBombError:
        _refuse(what, path, too_many)
    except Exception:
        _refuse(what, path, "Its image data is damaged or incomplete.")
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
        _refuse(what, path, "Its image data could not be re-saved; try without the options.")


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


# --- naming -------------------------------------------------------------------------------------


def _choose_name(
    name: str | None, stem: str | None, alt: str | None, now: datetime | None
) -> tuple[str, str]:
    """(file name stem, default alt text)."""
    for candidate in (name, stem, alt):
        slug = slugify(candidate or "")
        if slug:
            return slug, slug.replace("-", " ").capitalize()
    return (now or datetime.now()).strftime("screenshot-%Y-%m-%d-%H%M%S"), "Screenshot"


def _escape_alt(alt: str) -> str:
    one_line = re.sub(r"[\r\n]+", " ", alt)  # a blank line would end the image
    return re.sub(r"([\\\[\]])", r"\\\1", one_line)


def _link_target(path: Path, post_dir: Path) -> str:
    """``path`` relative to the post's folder, as a Markdown link destination."""
    relative = Path(os.path.relpath(path, post_dir.resolve())).as_posix()
    if not relative.startswith("../"):
        relative = f"./{relative}"
    if re.search(r"[<>\\]", relative):
        return quote(relative)
    return f"<{relative}>" if re.search(r"[\s()]", relative) else relative


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
            if file_name.startswith(".") or Path(file_name).suffix.lower() not in _IMAGE_SUFFIXES:
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


# --- writing without overwriting ----------------------------------------------------------------


def _store(folder: Path, base: str, extension: str, data: bytes, what: str) -> Path:
    """Write ``data`` to a new file ``base[-N]extension`` in ``folder``; return its path."""
    created: list[Path] = []
    done = False
    try:
        created = _make_folder(folder)
        root = folder.resolve(strict=True)
        path = _write_unique(root, base, extension, data, what)
        done = True
        return path
    except OSError as exc:
        raise ImageError(
            f"Could not add {what}.", _advice(exc, folder, "Nothing was added."), path=folder
        ) from exc
    finally:
        if not done:
            for made in created:  # deepest first
                with contextlib.suppress(OSError):
                    made.rmdir()


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and missing parents; return the ones created, deepest first."""
    missing = []
    probe = folder
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    return missing


def _write_unique(root: Path, base: str, extension: str, data: bytes, what: str) -> Path:
    temporary = _write_temporary(root, data)
    try:
        for number in range(1, _MAX_SUFFIX + 1):
            path = root / f"{base}{'' if number == 1 else f'-{number}'}{extension}"
            if os.path.lexists(path):
                continue
            if not path.resolve().is_relative_to(root):
                _refuse(what, path, "Its name would put it outside the post's image folder.")
            try:
                _publish(temporary, path, data)
            except FileExistsError:  # taken since we looked: try the next number
                continue
            fileio.fsync_folder(root)
            return path
        _refuse(what, root, f"Too many images are named {base}; give this one another name.")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _write_temporary(root: Path, data: bytes) -> Path:
    for _ in range(100):
        temporary = root / f".galley-image-{secrets.token_hex(8)}.tmp"
        with contextlib.suppress(FileExistsError):
            _write_new(temporary, data)
            return temporary
    raise FileExistsError(errno.EEXIST, "Could not pick a temporary file name", str(root))


def _publish(temporary: Path, path: Path, data: bytes) -> None:
    """Give the temporary file the name ``path``; FileExistsError if that name is taken."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        _write_new(path, data)  # no hard links here: an exclusive copy is just as safe


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never an existing file), write ``data`` and fsync; remove it on failure."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
    written = False
    try:
        fileio.write_all(fd, data)
        os.fsync(fd)
        written = True
    finally:
        os.close(fd)
        if not written:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _advice(exc: OSError, folder: Path, outcome: str) -> str:
    reason = exc.strerror or str(exc)
    hint = _WRITE_ADVICE.get(exc.errno or 0, "Try again.").format(folder=folder)
    return f"{reason}. {outcome} {hint}"


# --- renaming -----------------------------------------------------------------------------------


def rename_image(
    post_path: str | os.PathLike[str],
    body_text: str,
    old_ref: str,
    new_name: str,
    *,
    asset_dir: str | os.PathLike[str] | None = None,
) -> tuple[Path, str]:
    """Rename the image ``old_ref`` points to, and every reference to it in ``body_text``.

    ``old_ref`` is a reference as written in the post (``./x.png``, ``x.png``, ``<./x.png>``,
    ``img/x%20y.png``). The file must be in the post's asset folder; its new name is
    ``slugify(new_name)`` with the old extension, in the same folder. An existing file is never
    replaced. Markdown links and images, reference definitions and HTML ``src``/``href``
    attributes that point to the file are updated, keeping their form.

    Returns:
        The file's new path and the new body text (unchanged if the name did not change).

    Raises:
        ImageError: nothing was renamed; the message says why.
    """
    post = Path(post_path)
    relative = _local_target(old_ref)
    _check_rename_paths(post, relative, old_ref, asset_dir)
    post_dir = post.parent.resolve()
    old = _existing_image(post, post_dir, relative, old_ref, asset_dir)
    what = f"Could not rename the image {_shown(old.name)}."
    stem = new_name.strip()
    if stem.lower().endswith(old.suffix.lower()):
        stem = stem[: -len(old.suffix)]
    slug = slugify(stem)
    if not slug:
        raise ImageError(what, "The new name needs at least one letter or digit.", path=old)
    new = old.parent / f"{slug}{old.suffix}"
    if new == old:
        return old, body_text
    _rename_exclusive(old, new, what)
    old_rel = Path(os.path.relpath(old, post_dir)).as_posix()
    new_rel = Path(os.path.relpath(new, post_dir)).as_posix()
    return new, _replace_references(body_text, old_rel, new_rel)


def _check_rename_paths(
    post: Path, relative: str | None, old_ref: str, asset_dir: str | os.PathLike[str] | None
) -> None:
    """ImageError if the post, the reference or the image folder cannot name a file at all."""
    what = f"Could not rename the image {_shown(old_ref)}."
    checks = (
        (post, "The post's file name has {}. Save the post under another name first."),
        (relative, "The reference has {}, so it names no file. Correct it in the post."),
        (asset_dir, "The image folder set for the site has {}. Correct asset_dir in galley.toml."),
    )
    for path, detail in checks:
        unusable = _unusable_path(path) if path is not None else None
        if unusable:
            raise ImageError(what, detail.format(unusable))


def _existing_image(
    post: Path,
    post_dir: Path,
    relative: str | None,
    old_ref: str,
    asset_dir: str | os.PathLike[str] | None,
) -> Path:
    """The resolved, regular file in the asset folder that ``relative`` names, or ImageError."""
    what = f"Could not rename the image {_shown(old_ref)}."
    root = asset_folder(post, asset_dir).resolve()
    if relative is None:
        raise ImageError(what, "Only images in the post's folder can be renamed.")
    candidate = post_dir / relative
    if not os.path.lexists(candidate):
        raise ImageError(what, "The file does not exist; check the reference.", path=candidate)
    if candidate.is_symlink() or not candidate.is_file():
        raise ImageError(what, "It is not a regular file.", path=candidate)
    old = candidate.resolve()
    if not old.is_relative_to(root):
        raise ImageError(what, f"It is not in the post's image folder {root}.", path=candidate)
    return old


def _rename_exclusive(old: Path, new: Path, what: str) -> None:
    """Rename ``old`` to ``new`` without ever replacing an existing ``new``."""
    taken = f"A file named {new.name} already exists there; choose another name."
    try:
        try:
            os.link(old, new)  # fails if ``new`` exists: no window to overwrite it
        except FileExistsError:
            raise ImageError(what, taken, path=new) from None
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            if os.path.lexists(new):
                raise ImageError(what, taken, path=new) from None
            os.rename(old, new)
        else:
            os.unlink(old)
    except OSError as exc:
        raise ImageError(
            what, _advice(exc, old.parent, "The image keeps its old name."), path=old
        ) from exc
    fileio.fsync_folder(new.parent)


def _reference_patterns(old_rel: str) -> list[re.Pattern[str]]:
    """Patterns for whole link destinations equal to ``old_rel`` (never part of a longer name)."""
    names = "|".join(re.escape(v) for v in sorted({old_rel, quote(old_rel)}, key=len, reverse=True))
    target = rf"(?P<open><)?(?P<dot>\./)?(?:{names})(?(open)>)"
    return [
        re.compile(rf"(?P<pre>\]\([ \t]*){target}(?=[\s)])"),  # [text](x) and ![alt](x)
        re.compile(rf"(?m)(?P<pre>^[ ]{{0,3}}\[(?:\\.|[^\]\\])+\]:[ \t]*){target}(?=\s|$)"),
        re.compile(rf"(?i)(?P<pre>\b(?:src|href)[ \t]*=[ \t]*(?P<q>[\"'])){target}(?=(?P=q))"),
    ]


def _replace_references(text: str, old_rel: str, new_rel: str) -> str:
    def replace(match: re.Match[str]) -> str:
        opened = match["open"] or ""
        return f"{match['pre']}{opened}{match['dot'] or ''}{new_rel}{'>' if opened else ''}"

    for pattern in _reference_patterns(old_rel):
        text = pattern.sub(replace, text)
    return text


# --- the reference under the cursor -------------------------------------------------------------

_MARKDOWN_IMAGE = re.compile(
    r"!\[(?:\\.|[^\]\\\n])*\]\([ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>[^\s()<>]+))"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"
)
_HTML_IMAGE = re.compile(
    r"(?i)<img\b[^>]*?\bsrc[ \t]*=[ \t]*(?:\"(?P<double>[^\"\n]*)\"|'(?P<single>[^'\n]*)')[^>]*>"
)


def image_reference_at(text: str, position: int) -> str | None:
    """The local image reference (``![…](x)`` or ``<img src="x">``) at ``position``, or None.

    ``position`` is an index into ``text`` (a Python string index, not UTF-16 units). The
    result is the destination as written, without angle brackets or title; remote URLs,
    ``data:`` and absolute paths give None, since they cannot be renamed.
    """
    if not 0 <= position <= len(text):
        return None
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : len(text) if end < 0 else end]
    column = position - start
    for pattern in (_MARKDOWN_IMAGE, _HTML_IMAGE):
        for match in pattern.finditer(line):
            if match.start() <= column <= match.end():
                reference = next(group for group in match.groups() if group is not None)
                return reference if _local_target(reference) is not None else None
    return None


def _local_target(reference: str) -> str | None:
    """The relative file path a reference names (``<>``, query and %-escapes removed), or None."""
    target = reference.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    target = re.split(r"[?#]", target, maxsplit=1)[0]
    if (
        not target
        or target.startswith(("/", "\\"))
        or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", target)
    ):
        return None
    return unquote(target)
