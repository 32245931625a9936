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
named after a flat post (``notes.md`` → ``notes/``), or an ``asset_dir`` the site gives: its
``assets`` setting, or where its latest posts keep their images (``Site.asset_folder``). The
reference written for the new file can be the site's own (``import_image(reference=…)``, from
``ImageResolver.reference_for``: ``/emails/issues/12/x.png``).
:func:`rename_image` and :func:`image_reference_at` serve the window's "Rename image…" action.

* :mod:`~editor.core.images.importing`: :func:`import_image`: reading, checking by decoding,
  the optional changes, reusing an identical file.
* :mod:`~editor.core.images.names`: the asset folder, safe names, extensions, the Markdown of an
  image, and :class:`ImageError`.
* :mod:`~editor.core.images.writing`: new files and renames that never replace a file.
* :mod:`~editor.core.images.renaming`: :func:`rename_image` and :func:`image_reference_at`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.core.lazy import lazy_names

if TYPE_CHECKING:
    from editor.core.images.importing import ImportedImage, ImportOptions, import_image
    from editor.core.images.names import IMAGE_SUFFIXES, ImageError, asset_folder, slugify
    from editor.core.images.renaming import image_reference_at, rename_image

_HOMES = {
    "ImportedImage": "editor.core.images.importing",
    "ImportOptions": "editor.core.images.importing",
    "import_image": "editor.core.images.importing",
    "IMAGE_SUFFIXES": "editor.core.images.names",
    "ImageError": "editor.core.images.names",
    "asset_folder": "editor.core.images.names",
    "slugify": "editor.core.images.names",
    "image_reference_at": "editor.core.images.renaming",
    "rename_image": "editor.core.images.renaming",
}
"""Where each name lives: imported when first asked for (PEP 562), so that the window's
start-up, which needs only :mod:`.placement` (where an image's Markdown is), does not load
Pillow's checks, the SVG allow-list and its CSS parser (13 ms) before the first paint."""


__getattr__ = lazy_names(__name__, _HOMES)


__all__ = [
    "IMAGE_SUFFIXES",
    "ImageError",
    "ImportOptions",
    "ImportedImage",
    "asset_folder",
    "image_reference_at",
    "import_image",
    "rename_image",
    "slugify",
]
