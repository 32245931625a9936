"""The choices of the window's e-mail views and what it sends to have one drawn (pure; no Qt).

Light on purpose: the preview bar builds its choices from these when the window opens, and the
page itself is drawn by :mod:`editor.core.mail.inbox` in the check worker, so the window need
not import that (its CSS parser, the export) before an e-mail view is first shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

__all__ = ["COLUMN_PX", "TEXT_COLUMNS", "Dark", "InboxView", "MailSource", "ShowAs"]


class ShowAs(str, Enum):
    """What the preview shows the post as."""

    SITE = "site"  # the live site preview (not drawn here)
    DESKTOP = "desktop"  # the e-mail in a desktop client's column
    PHONE = "phone"  # the e-mail on a phone
    TEXT = "text"  # the message's plain-text part


COLUMN_PX = {ShowAs.DESKTOP: 600, ShowAs.PHONE: 375}
"""The message column's width in each e-mail view (CSS pixels)."""
TEXT_COLUMNS = 72
"""The plain-text view's width in characters."""


class Dark(str, Enum):
    """How a client in dark mode shows the message."""

    OFF = "off"
    APPLE_MAIL = "apple"  # the message's own prefers-color-scheme: dark styles
    GMAIL_APP = "gmail"  # a forced inversion of the message's colours


@dataclass(frozen=True)
class InboxView:
    """The choices of the preview bar for an e-mail view."""

    show: ShowAs = ShowAs.DESKTOP
    dark: Dark = Dark.OFF
    images: bool = True  # False: images off, alt texts in their place
    remote: bool = False  # remote images may load ("Load remote content")
    sender: str = ""  # the From line; "" shows the post's author, else a placeholder


@dataclass(frozen=True)
class MailSource:
    """The post as the window sends it to the worker (everything picklable)."""

    text: str
    path: Path | None = None
    header_lines: bool | None = None
    rendering: Mapping[str, Any] = field(default_factory=dict)  # export_page's keywords
