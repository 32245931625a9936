"""The post as an e-mail (pure; no Qt): the message (:mod:`.message`), the images it carries
(:mod:`.images`), its plain-text part (:mod:`.plaintext`), the size the checks measure
(:mod:`.measure`), and the test send (:mod:`.smtp`, :mod:`.secrets`; imported from there, not
from here).

Named ``mail``, not ``email``, so that it never shadows the standard library's :mod:`email`
package in a reader's mind.
"""

from __future__ import annotations

from editor.core.mail.images import ImageParts, InlineImage, mail_copy
from editor.core.mail.measure import html_size
from editor.core.mail.message import (
    GMAIL_CLIP_BYTES,
    PLACEHOLDER_FROM,
    PLACEHOLDER_TO,
    MailError,
    MailOptions,
    build_message,
    compose_message,
    email_html,
    html_part_size,
    mail_options_for,
    preheader_of,
    subject_of,
)
from editor.core.mail.plaintext import html_to_text, plain_text

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
