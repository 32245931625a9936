"""The site around the open post, for the window: completions for the form, the asset folder.

Opening a site reads every post once (about 150 ms for 49 posts); the next post of the same site
only refreshes what changed on disk. A broken ``galley.toml`` never stops a post from opening:
the window works without site knowledge and says why in the status bar.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.errors import GalleyError

if TYPE_CHECKING:
    from editor.core.site import Site

log = logging.getLogger(__name__)


class SiteContext:
    """The site of the window's current post (None for an untitled post or an unreadable site)."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.problem: GalleyError | None = None
        self._tags: list[str] = []
        self._authors: dict[str, str] = {}

    def follow(self, post: Path | None) -> None:
        """Make the site of ``post`` current, reading it only when it is a different site."""
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
        """The site's asset folder for ``post`` when galley.toml sets one, else None (the post's
        own folder rule applies)."""
        site = self.site
        if site is None or post is None or site.settings.assets in ("", "."):
            return None
        return str(site.asset_folder(post))
