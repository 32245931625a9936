"""What a post's e-mail is made of besides its HTML: the options, the subject and the
preheader (pure; no Qt).

Kept apart from :mod:`editor.core.mail.message` so that the checks (``email-missing-preheader``,
run on every pause in typing) and the inbox views' header need neither the standard library's
``email`` package nor the export and its style inliner.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.page import page_title

if TYPE_CHECKING:
    from editor.core.post import Post
    from editor.core.site.settings import EmailSettings

__all__ = ["GMAIL_CLIP_BYTES", "MailOptions", "mail_options_for", "preheader_of", "subject_of"]

GMAIL_CLIP_BYTES = 102 * 1024
"""Gmail shows "[Message clipped]" and hides the rest of a message whose HTML passes this."""


@dataclass(frozen=True)
class MailOptions:
    """What a message takes besides the post: from ``galley.toml``'s ``[email]`` table and the
    app's settings.

    Attributes:
        subject_key: the front-matter key whose value is the subject (the title without it).
        preheader_key: the key whose value is the preheader (the description without it).
        sender: the ``From`` address (``"Name <a@b>"``), or "" for :data:`PLACEHOLDER_FROM`.
        recipient: the ``To`` address(es), or "" for :data:`PLACEHOLDER_TO`.
        site_url: the published site's address, for site links (and, in the ``"url"`` image
            mode, site images).
    """

    subject_key: str = "title"
    preheader_key: str = "description"
    sender: str = ""
    recipient: str = ""
    site_url: str | None = None

    @classmethod
    def from_settings(cls, settings: EmailSettings, *, site_url: str | None = None) -> MailOptions:
        """The options a site's ``[email]`` settings give."""
        return cls(
            subject_key=settings.subject_key,
            preheader_key=settings.preheader_key,
            sender=settings.sender,
            recipient=settings.recipient,
            site_url=site_url,
        )


def subject_of(post: Post, options: MailOptions) -> str:
    """The subject: the value of ``options.subject_key``, else the title, else the file name;
    on one line."""
    return _one_line(
        _meta_text(post, options.subject_key) or _meta_text(post, "title") or page_title(post)
    )


def preheader_of(post: Post, options: MailOptions) -> str:
    """The preheader: the value of ``options.preheader_key``, else the description; "" if
    neither is there (the ``email-missing-preheader`` note says so)."""
    return _one_line(_meta_text(post, options.preheader_key) or _meta_text(post, "description"))


def _meta_text(post: Post, key: str) -> str:
    value = post.meta.get(key) if key else None
    if value is None or isinstance(value, Mapping):
        return ""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ""
    return str(value).strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def mail_options_for(
    post_path: Path | None, *, site_url: str | None = None, sender: str = "", recipient: str = ""
) -> MailOptions:
    """The options of the post at ``post_path``: its site's ``[email]`` settings (none outside
    a site), with ``sender``/``recipient`` where the site names none (the app's own settings,
    ``--from``).

    Raises:
        SiteConfigError: the site's ``galley.toml`` cannot be read (its ``[email]`` may be what
            is wrong: never silently the defaults).
    """
    from editor.core.site import EmailSettings, SiteConfigError, SiteError, find_root, read_settings

    settings = EmailSettings()
    if post_path is not None:
        try:
            settings = read_settings(find_root(post_path)).email
        except SiteConfigError:
            raise
        except SiteError:  # not in a site: the defaults
            pass
    options = MailOptions.from_settings(settings, site_url=site_url)
    return dataclasses.replace(
        options,
        sender=options.sender or sender.strip(),
        recipient=options.recipient or recipient.strip(),
    )
