"""The site around the open post, for the window: completions for the form, where images are.

Opening a site reads every post once (about 150 ms for 49 posts); the next post of the same site
only refreshes what changed on disk. So that a post's first paint never waits for its site, the
site of a newly shown post is read just after the preview's first frame. A broken
``galley.toml`` never stops a post from opening: the window works without site knowledge and
says why in the status bar.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core.errors import GalleyError

if TYPE_CHECKING:
    from editor.core.site import ImageResolver, Site

log = logging.getLogger(__name__)
SITE_AFTER_PAINT_MS = 100  # from the preview page being ready to reading the site
_NO_PAGE_MS = 1500  # no page came: the site anyway


class SiteContext(QObject):
    """The site of the window's current post (None for an untitled post or an unreadable site)."""

    followed = Signal()  # the site of the post shown last was read (see follow_soon)

    def __init__(self, post_path: Callable[[], Path | None], parent: QObject | None = None):
        """``post_path``: the path of the post the window shows."""
        super().__init__(parent)
        self.site: Site | None = None
        self.problem: GalleyError | None = None
        self._tags: list[str] = []
        self._authors: dict[str, str] = {}
        self._post_path = post_path
        self.pending = False  # a post was shown and its site is still to be read
        self.held = False  # a post was closed: its site stays until another post opens
        self._timer = QTimer(self, singleShot=True, interval=_NO_PAGE_MS)
        self._timer.timeout.connect(self.follow_pending)

    def follow_soon(self) -> None:
        """A post was shown: read its site just after the preview's first paint (see
        :meth:`page_ready`), or in a moment if no page comes."""
        self.pending = True
        self._timer.start()

    def page_ready(self) -> None:
        """The preview's page is ready: a moment for its first frame to reach the screen
        (reading the site takes 60-140 ms of this thread), then the site."""
        QTimer.singleShot(SITE_AFTER_PAINT_MS, self.follow_pending)

    def follow_pending(self) -> None:
        """Read the shown post's site now, if it is still to be read."""
        if not self.pending:
            return
        self.pending = False
        self._timer.stop()
        self.follow(self._post_path())
        self.followed.emit()

    def current(self) -> Site | None:
        """The site, read first if it is still to be read (Quick Open right after opening)."""
        self.follow_pending()
        return self.site

    def hold(self) -> None:
        """A post was closed (File ▸ Close): keep its site open, its posts listed, until a
        post is opened again."""
        self.held = self.site is not None

    def follow(self, post: Path | None) -> None:
        """Make the site of ``post`` current, reading it only when it is a different site
        (no post: no site, unless :meth:`hold` keeps the last)."""
        if post is None and self.held:
            return
        self.held = False
        self.problem = None
        self.site = self._site_of(post) if post is not None else None
        self._tags = [tag for tag, _count in self.site.tags()] if self.site else []
        self._authors = self._read_authors()

    def use(self, site: Site) -> None:
        """Make ``site``, already open, the current one (File ▸ Open Folder reads it once)."""
        self.site, self.problem = site, None

    def _site_of(self, post: Path) -> Site | None:
        from editor.core.site import Site, find_root  # imported on first use

        try:
            if self.site is not None and self.site.root == find_root(post):
                self.site.refresh()
                return self.site
            return Site.open(post)
        except GalleyError as error:
            log.warning("Site of %s not read: %s", post, error)
            self.problem = error
            return None

    def known_tags(self) -> list[str]:
        """The site's tags, most used first."""
        return self._tags

    def known_authors(self) -> dict[str, str]:
        """Author name → avatar as an absolute path (or a URL), from the newest post with one."""
        return self._authors

    def _read_authors(self) -> dict[str, str]:
        if self.site is None:
            return {}
        authors: dict[str, str] = {}
        for post in self.site.posts:  # newest first
            name, avatar = post.author, post.avatar
            if not name or name in authors or not avatar:
                continue
            if "://" in avatar or avatar.startswith("/"):
                authors[name] = avatar
            else:
                authors[name] = os.path.normpath(post.path.parent / avatar)
        return authors

    def asset_dir(self, post: Path | None) -> str | None:
        """The site's asset folder for ``post`` when galley.toml sets one, or else where the
        site's latest posts keep their images; None otherwise (the post's own folder rule
        applies). The site is read first if it is still to be read: an image dropped before
        then goes where the site says."""
        self.follow_pending()
        site = self.site
        if site is None or post is None:
            return None
        learned = site.learned_asset_folder(post)
        if learned is not None:
            return str(learned)
        if site.settings.assets in ("", "."):
            return None
        return str(site.asset_folder(post))

    def image_resolver(self, post: Path | None, *, writing: bool = False) -> ImageResolver | None:
        """How the site resolves the image references of ``post`` (and, ``writing``, writes
        new ones), or None without a site. The site is read first if it is still to be read."""
        self.follow_pending()
        site = self.site
        if site is None:
            return None
        return site.image_resolver(post, writing=writing)
