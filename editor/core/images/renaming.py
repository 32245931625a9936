"""Renaming an image of a post, and finding the image reference under the cursor (pure; no Qt).

:func:`rename_image` and :func:`image_reference_at` serve the window's "Rename image…" action:
the file gets a slugified new name in the same folder (never replacing another file), and every
reference to it in the post's text follows, keeping its form: relative (``./x.png``) or, on a
site whose static folders are known, from the site root (``/img/x.png``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from editor.core.images.names import ImageError, asset_folder, shown, slugify, unusable_path
from editor.core.images.writing import rename_exclusive

if TYPE_CHECKING:
    from editor.core.site import ImageResolver


def rename_image(
    post_path: str | os.PathLike[str],
    body_text: str,
    old_ref: str,
    new_name: str,
    *,
    asset_dir: str | os.PathLike[str] | None = None,
    images: ImageResolver | None = None,
) -> tuple[Path, str]:
    """Rename the image ``old_ref`` points to, and every reference to it in ``body_text``.

    ``old_ref`` is a reference as written in the post (``./x.png``, ``x.png``, ``<./x.png>``,
    ``img/x%20y.png``, and with ``images``, the site's resolver, ``/img/x.png``). The file must
    be in the post's asset folder (``asset_dir``, or the post's own folder); its new name is
    ``slugify(new_name)`` with the old extension, in the same folder. An existing file is never
    replaced. Markdown links and images, reference definitions and HTML ``src``/``href``
    attributes that point to the file are updated, keeping their form: relative, or from the
    site root when a static folder of ``images`` holds the file.

    Returns:
        The file's new path and the new body text (unchanged if the name did not change).

    Raises:
        ImageError: nothing was renamed; the message says why.
    """
    post = Path(post_path)
    relative = _local_target(old_ref)
    _check_rename_paths(post, relative, old_ref, asset_dir)
    post_dir = post.parent.resolve()
    candidate = _candidate(post_dir, relative, old_ref, images)
    old = _existing_image(post, candidate, old_ref, asset_dir)
    what = f"Could not rename the image {shown(old.name)}."
    stem = new_name.strip()
    if stem.lower().endswith(old.suffix.lower()):
        stem = stem[: -len(old.suffix)]
    slug = slugify(stem)
    if not slug:
        raise ImageError(what, "The new name needs at least one letter or digit.", path=old)
    new = old.parent / f"{slug}{old.suffix}"
    if new == old:
        return old, body_text
    rename_exclusive(old, new, what)
    old_rel = Path(os.path.relpath(old, post_dir)).as_posix()
    new_rel = Path(os.path.relpath(new, post_dir)).as_posix()
    text = _replace_references(body_text, old_rel, new_rel)
    old_site = images.site_path(candidate) if images is not None else None
    if images is not None and old_site is not None:  # written from the site root
        new_site = images.site_path(candidate.parent / new.name)
        if new_site is not None:
            text = _replace_references(text, old_site, new_site)
    return new, text


def _check_rename_paths(
    post: Path, relative: str | None, old_ref: str, asset_dir: str | os.PathLike[str] | None
) -> None:
    """ImageError if the post, the reference or the image folder cannot name a file at all."""
    what = f"Could not rename the image {shown(old_ref)}."
    checks = (
        (post, "The post's file name has {}. Save the post under another name first."),
        (relative, "The reference has {}, so it names no file. Correct it in the post."),
        (asset_dir, "The image folder set for the site has {}. Correct asset_dir in galley.toml."),
    )
    for path, detail in checks:
        unusable = unusable_path(path) if path is not None else None
        if unusable:
            raise ImageError(what, detail.format(unusable))


def _candidate(
    post_dir: Path, relative: str | None, old_ref: str, images: ImageResolver | None
) -> Path:
    """The file ``old_ref`` names as written (not yet checked), or ImageError."""
    what = f"Could not rename the image {shown(old_ref)}."
    if relative is not None:
        return post_dir / relative
    if images is None or not images.is_site_root(old_ref):
        raise ImageError(what, "Only images in the post's folder can be renamed.")
    candidates = images.candidates(old_ref)
    if not candidates:
        raise ImageError(
            what,
            "Galley does not know where this site keeps the files of site-root paths, so it "
            "cannot find the image; rename the file yourself and correct the reference.",
        )
    return next((c for c in candidates if os.path.lexists(c)), candidates[0])


def _existing_image(
    post: Path, candidate: Path, old_ref: str, asset_dir: str | os.PathLike[str] | None
) -> Path:
    """The resolved, regular file ``candidate`` in the post's image folder, or ImageError."""
    what = f"Could not rename the image {shown(old_ref)}."
    roots = [asset_folder(post, asset_dir).resolve()]
    if asset_dir is not None:  # the post's own folder stays its own
        roots.append(asset_folder(post).resolve())
    if not os.path.lexists(candidate):
        raise ImageError(what, "The file does not exist; check the reference.", path=candidate)
    if candidate.is_symlink() or not candidate.is_file():
        raise ImageError(what, "It is not a regular file.", path=candidate)
    old = candidate.resolve()
    if not any(old.is_relative_to(root) for root in roots):
        raise ImageError(
            what,
            f"It is not in the post's image folder {roots[0]}: other posts may show it too, "
            "so rename it yourself and correct every post that uses it.",
            path=candidate,
        )
    return old


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


def image_reference_at(text: str, position: int, *, site_root: bool = False) -> str | None:
    """The local image reference (``![…](x)`` or ``<img src="x">``) at ``position``, or None.

    ``position`` is an index into ``text`` (a Python string index, not UTF-16 units). The
    result is the destination as written, without angle brackets or title; remote URLs,
    ``data:`` and absolute paths give None, since they cannot be renamed, unless
    ``site_root`` (the site's static folders are known) lets ``/img/x.png`` through.
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
                if _local_target(reference) is not None:
                    return reference
                return reference if site_root and _site_root_target(reference) else None
    return None


def _site_root_target(reference: str) -> bool:
    """Whether a reference is a site-root path (``/img/x.png``), not ``//host/x``."""
    target = reference.strip().strip("<>").strip()
    return target.startswith("/") and not target.startswith("//") and len(target) > 1


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
