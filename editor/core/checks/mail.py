"""The post as an e-mail: what would go wrong once it is in an inbox.

``email-too-large`` (warning): the message's HTML passes the 102 KB at which Gmail clips it.
``email-missing-preheader`` (info): nothing for the inbox's preview line after the subject.
``email-image-too-large`` (warning): a local image over 1 MB, carried inside the message.
``email-image-format`` (info): a WebP or SVG image, which some mail clients do not show.

Cheap enough to run as the author types: the images are only looked at (their size, and the
first bytes of each), and the HTML is the e-mail export's without reading an image
(:func:`editor.core.mail.html_size`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.checks.problem import Problem
from editor.core.checks.references import Scan
from editor.core.htmlrewrite import local_file
from editor.core.mail.options import GMAIL_CLIP_BYTES, MailOptions, preheader_of

if TYPE_CHECKING:
    from editor.core.post import Post
    from editor.core.render.dialects import Dialect
    from editor.core.site import Generator, ImageResolver

MAX_INLINE_IMAGE = 1024 * 1024
"""An image the message carries should be under this (1 MB)."""

_log = logging.getLogger(__name__)
_KB = 1024


def mail_problems(
    path: Path,
    post: Post,
    scan: Scan,
    options: MailOptions,
    *,
    emoji: bool = False,
    dialect: Dialect | None = None,
    generator: Generator | None = None,
    images: ImageResolver | None = None,
) -> list[Problem]:
    """The e-mail problems of ``post`` (read from the file ``path``), whose body ``scan`` is."""
    keys = post.key_lines()
    problems = []
    if not preheader_of(post, options):
        # (as missing-description: the key's line, else the front matter's, else the post)
        line = keys.get(options.preheader_key) or keys.get("description") or 1
        line = line if post.has_front_matter else 0
        problems.append(
            Problem(
                path,
                line,
                "info",
                "email-missing-preheader",
                f"The post has no {options.preheader_key}, which the e-mail would use as its "
                "preheader, the line inboxes show after the subject; without it they show the "
                f"e-mail's first words instead. Add a {options.preheader_key} of a sentence "
                "or two that makes readers open it.",
            )
        )
    size = 0
    if may_clip(post):
        try:
            from editor.core.mail.measure import html_size  # (the export: only when needed)

            size = html_size(
                post, options, emoji=emoji, dialect=dialect, generator=generator, resolver=images
            )
        except Exception:  # the export is never worth a failed check run
            _log.debug("could not measure the e-mail of %s", path, exc_info=True)
    if size > GMAIL_CLIP_BYTES:
        problems.append(
            Problem(
                path,
                0,
                "warning",
                "email-too-large",
                f"The e-mail's HTML is {_kb(size)}, over the {GMAIL_CLIP_BYTES // _KB} KB at "
                "which Gmail clips a message: its readers see \u201c[Message clipped]\u201d and "
                "must open the rest in a browser. Shorten the post or split it into two issues; "
                "long code blocks and tables weigh the most (images travel apart and do not "
                "count).",
            )
        )
    problems += _image_problems(path, post, scan, keys, images)
    return problems


_FRAME_BYTES = 16 * _KB
"""More than the message's HTML outside the body (head, style block, header, preheader): about
11.6 KB on the Rust, AKS and Roadie blogs."""
_GROWTH = 10
"""More than a body's e-mail HTML per byte of its Markdown: at most 6 on those 532 posts
(highlighted code: every token a span with its colour inlined)."""


def may_clip(post: Post) -> bool:
    """Whether the post's e-mail HTML could pass Gmail's clipping size: only then is it measured
    (a site's whole check measured every post, 35 ms each, for a handful that can)."""
    return _FRAME_BYTES + _GROWTH * len(post.body.encode("utf-8")) > GMAIL_CLIP_BYTES


def _image_problems(
    path: Path,
    post: Post,
    scan: Scan,
    keys: Mapping[str, int],
    images: ImageResolver | None,
) -> list[Problem]:
    folder = post.path.parent if post.path is not None else path.parent
    found: list[tuple[int, str, bool]] = [
        (t.line, t.target, False) for t in scan.targets if t.image and t.target and t.in_body
    ]
    author = post.meta.get("author")
    avatar = author.get("avatar") if isinstance(author, Mapping) else None
    if isinstance(avatar, str) and avatar.strip():
        found.insert(0, (keys.get("author", 1), avatar.strip(), True))
    problems = []
    seen: set[str] = set()
    targets: set[str] = set()
    for line, target, is_avatar in found:
        if target in targets:
            continue  # the same reference again (only its first line is reported)
        targets.add(target)
        file = images.resolve(target) if images is not None else local_file(target, folder)
        if file is None:
            continue  # remote, or missing: broken-image says so
        real = os.path.realpath(file)
        if real in seen:
            continue  # the message carries it once
        seen.add(real)
        try:
            size = file.stat().st_size
            kind = _format_of(file)
        except (OSError, ValueError):
            continue
        if size > MAX_INLINE_IMAGE and not is_avatar:  # (a large avatar travels as a thumbnail)
            problems.append(
                Problem(
                    path,
                    line,
                    "warning",
                    "email-image-too-large",
                    f"The image {file.name} is {_kb(size)}, too large to travel inside an "
                    "e-mail: the message grows by a third again when encoded, opens slowly on "
                    "phones, and some mail services refuse messages over 10 to 25 MB. Scale it "
                    "down or save it as JPEG to bring it under 1 MB.",
                )
            )
        if kind:
            problems.append(Problem(path, line, "info", "email-image-format", _FORMAT[kind](file)))
    return problems


def _format_of(file: Path) -> str:
    """``"webp"`` or ``"svg"`` for the formats some mail clients do not show, else ""."""
    if file.suffix.lower() in (".svg", ".svgz"):
        return "svg"
    with file.open("rb") as stream:
        head = stream.read(12)
    return "webp" if head[:4] == b"RIFF" and head[8:12] == b"WEBP" else ""


_FORMAT = {
    "webp": lambda file: (
        f"The image {file.name} is WebP, which some mail clients (Outlook on Windows, older "
        "Apple Mail) do not show, so the e-mail carries a PNG copy of it (a JPEG for a photo "
        "without transparency); the file in the post's folder is not changed."
    ),
    "svg": lambda file: (
        f"The image {file.name} is SVG, which Gmail and Outlook do not show: the e-mail "
        "carries it as it is, so their readers see its alt text. For the e-mail, save a PNG "
        "copy of it and use that in the post."
    ),
}


def _kb(size: int) -> str:
    if size >= 1024 * _KB:
        return f"{size / (1024 * _KB):.1f} MB"
    return f"{max(1, round(size / _KB))} KB"
