"""Unused images: image files in a bundle post's folder that no post mentions.

Any mention counts, even in code or a comment, since the fix deletes a file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from editor.core import fileio
from editor.core.checks.problem import DELETE_FILE, Fix, Problem
from editor.core.checks.site_index import SiteIndex, is_bundle
from editor.core.errors import GalleyError
from editor.core.images import IMAGE_SUFFIXES
from editor.core.post import decode
from editor.core.site import Site


def _read_folded(index: SiteIndex, path: Path) -> str:
    """The text of another post, case-folded (for finding file names), read once per index."""
    text = index.folded.get(path)
    if text is None:
        try:
            text = decode(fileio.read_bytes(path), path).casefold()
        except (GalleyError, OSError):
            text = ""
        index.folded[path] = text
    return text


def unused_images(site: Site, index: SiteIndex, path: Path, text: str) -> list[Problem]:
    """Images in a bundle post's folder that no post mentions; reported by the folder's first
    post. Any mention counts (even in code or a comment): deleting is not to be done lightly."""
    folder = path.parent
    try:
        assets = site.asset_folder(path, learned=False)  # the bundle's own images
    except GalleyError:  # 'assets' leads outside the site: no images of its to judge
        return []
    if not is_bundle(path) or not (assets == folder or assets.is_relative_to(folder)):
        return []
    neighbours = sorted({*index.by_folder.get(folder, ()), path})
    if neighbours[0] != path:
        return []
    images = _image_files(assets)
    if not images:
        return []
    texts = [text.casefold()] + [_read_folded(index, p) for p in neighbours if p != path]
    problems = []
    for image in images:
        if _mentioned(image.name, texts):
            continue
        if _used_elsewhere(index, folder, image):
            continue
        shown = image.relative_to(folder).as_posix()
        problems.append(
            Problem(path, 0, "info", "unused-image",
                    f"The image {shown} in this post's folder is not used by the post. "
                    "Delete it if it is not needed; unused images still get published.",
                    Fix(DELETE_FILE, f"Delete unused image {shown}…", image))
        )  # fmt: skip
    return problems


def _image_files(folder: Path) -> list[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(
        Path(entry.path)
        for entry in entries
        if not entry.name.startswith(".")
        and os.path.splitext(entry.name)[1].lower() in IMAGE_SUFFIXES
        and entry.is_file()
    )


def _mentioned(name: str, folded_texts: Iterable[str], prefix: str = "") -> bool:
    """Whether a text names the file ``prefix + name`` (as written or %-escaped), in any case.

    ``folded_texts`` are already :meth:`str.casefold`-ed. A name counts only as a whole name:
    ``a.png`` is not mentioned by ``data.png``.
    """
    whole = prefix + name
    spellings = {s.casefold() for s in (whole, quote(whole), quote(whole, safe="/ "))}
    for text in folded_texts:
        for spelling in spellings:
            start = text.find(spelling)
            while start >= 0:
                end = start + len(spelling)
                before = text[start - 1] if start else " "
                after = text[end] if end < len(text) else " "
                if not _name_char(before, ".") and not _name_char(after, ""):
                    return True
                start = text.find(spelling, start + 1)
    return False


def _name_char(char: str, extra: str) -> bool:
    return char.isalnum() or char in "_-" or char in extra


def _used_elsewhere(index: SiteIndex, folder: Path, image: Path) -> bool:
    """Whether a post in another folder links to the image through its folder's name."""
    others = (
        _read_folded(index, other)
        for other_folder, paths in index.by_folder.items()
        if other_folder != folder
        for other in paths
    )
    return _mentioned(image.name, others, f"{folder.name}/")
