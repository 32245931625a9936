"""The post as an e-mail (pure; no Qt): the message (:mod:`.message`), the images it carries
(:mod:`.images`), its plain-text part (:mod:`.plaintext`), the size the checks measure
(:mod:`.measure`), and the test send (:mod:`.smtp`, :mod:`.secrets`; imported from there, not
from here).

Named ``mail``, not ``email``, so that it never shadows the standard library's :mod:`email`
package in a reader's mind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.core.lazy import lazy_names

if TYPE_CHECKING:
    from editor.core.mail.images import (
        ImageParts,
        InlineImage,
        mail_copy,
    )
    from editor.core.mail.measure import html_size
    from editor.core.mail.message import (
        PLACEHOLDER_FROM,
        PLACEHOLDER_TO,
        MailError,
        build_message,
        compose_message,
        email_html,
        html_part_size,
    )
    from editor.core.mail.options import (
        GMAIL_CLIP_BYTES,
        MailOptions,
        mail_options_for,
        preheader_of,
        subject_of,
    )
    from editor.core.mail.plaintext import html_to_text, plain_text

_HOMES = {
    "ImageParts": "editor.core.mail.images",
    "InlineImage": "editor.core.mail.images",
    "mail_copy": "editor.core.mail.images",
    "html_size": "editor.core.mail.measure",
    "GMAIL_CLIP_BYTES": "editor.core.mail.options",
    "PLACEHOLDER_FROM": "editor.core.mail.message",
    "PLACEHOLDER_TO": "editor.core.mail.message",
    "MailError": "editor.core.mail.message",
    "MailOptions": "editor.core.mail.options",
    "build_message": "editor.core.mail.message",
    "compose_message": "editor.core.mail.message",
    "email_html": "editor.core.mail.message",
    "html_part_size": "editor.core.mail.message",
    "mail_options_for": "editor.core.mail.options",
    "preheader_of": "editor.core.mail.options",
    "subject_of": "editor.core.mail.options",
    "html_to_text": "editor.core.mail.plaintext",
    "plain_text": "editor.core.mail.plaintext",
}
"""Where each name lives: imported when first asked for (PEP 562), so that a window that
imports one module of the package (the inbox view's choices) does not pay for the message,
the export and the style inliner at start-up."""


__getattr__ = lazy_names(__name__, _HOMES)


__all__ = [
    "GMAIL_CLIP_BYTES",
    "PLACEHOLDER_FROM",
    "PLACEHOLDER_TO",
    "ImageParts",
    "InlineImage",
    "MailError",
    "MailOptions",
    "build_message",
    "compose_message",
    "email_html",
    "html_part_size",
    "html_size",
    "html_to_text",
    "mail_copy",
    "mail_options_for",
    "plain_text",
    "preheader_of",
    "subject_of",
]
