"""Renaming an image of a post, and finding the image reference under the cursor (pure; no Qt).

:func:`rename_image` and :func:`image_reference_at` serve the window's "Rename image…" action:
the file gets a slugified new name in the same folder (never replacing another file), and every
reference to it in the post's text follows, keeping its form.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote, unquote

from editor.core.images.names import ImageError, asset_folder, shown, slugify, unusable_path
from editor.core.images.writing import rename_exclusive


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
    return new, _replace_references(body_text, old_rel, new_rel)


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


def _existing_image(
    post: Path,
    post_dir: Path,
    relative: str | None,
    old_ref: str,
    asset_dir: str | os.PathLike[str] | None,
) -> Path:
    """The resolved, regular file in the asset folder that ``relative`` names, or ImageError."""
    what = f"Could not rename the image {shown(old_ref)}."
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
