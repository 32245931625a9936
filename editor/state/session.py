"""What was open last time, and what a start without arguments reopens (layer 1).

The window tells :class:`Session` what it shows whenever a post or folder is opened or closed
and when it closes; the next start asks :meth:`Session.plan` what to open again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from editor.state.settings import Settings


@dataclass(frozen=True)
class Reopen:
    """What to open: ``post`` (inside the site folder ``site`` when that is set), or only the
    folder ``site``, or nothing; ``missing`` says what was remembered but is gone ("" if
    nothing is)."""

    post: Path | None = None
    site: Path | None = None
    missing: str = ""


def plan(
    last_post: str,
    last_site: str,
    is_file: Callable[[Path], bool] = Path.is_file,
    is_dir: Callable[[Path], bool] = Path.is_dir,
) -> Reopen:
    """Decide what to reopen from the remembered post and site folder (either may be "")."""
    post = Path(last_post) if last_post else None
    site = Path(last_site) if last_site else None
    if post is not None:
        if not is_file(post):
            return Reopen(missing=f"The post open last time, {post}, is no longer there.")
        if site is not None and is_dir(site) and post.is_relative_to(site):
            return Reopen(post=post, site=site)
        return Reopen(post=post)
    if site is not None:
        if not is_dir(site):
            return Reopen(missing=f"The site folder open last time, {site}, is no longer there.")
        return Reopen(site=site)
    return Reopen()


class Session:
    """Remembers the open post and site folder in the settings."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def remember(self, post: Path | None, site: Path | None) -> None:
        """The window shows ``post`` (None: no post, or an untitled one) of the folder
        ``site`` (None: not opened as a folder)."""
        if site is not None and post is not None and not post.is_relative_to(site):
            site = None  # a post from elsewhere: the folder is no longer what is open
        for key, value in (("session/last_post", post), ("session/last_site", site)):
            text = str(value) if value is not None else ""
            if self._settings.get(key) != text:
                self._settings.set(key, text)

    def plan(self) -> Reopen:
        """What a start without arguments opens."""
        get = self._settings.get
        return plan(get("session/last_post"), get("session/last_site"))
