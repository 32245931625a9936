"""The site around the open post, for the window: completions for the form, where images are.

Opening a site reads every post once (about 150 ms for 49 posts, 1.5 s for 1,884); the next post
of the same site only re-reads what changed on disk. The site is read on a worker thread
(:class:`~editor.state.site_reader.SiteReader`), so the window never waits for it: the site of a
newly shown post is asked for just after the preview's first frame, and swapped in when it has
been read (:attr:`SiteContext.followed`). Until then the window works with the site as it was.
What needs the whole site at once (Quick Open, Find in Site, New Issue, an image dropped where
the site's latest posts keep theirs) waits for the read with the window still painting
(:meth:`SiteContext.current`); an image whose folder galley.toml sets needs only the settings,
read at once. A broken ``galley.toml`` never stops a post from opening: the window works without
site knowledge and says why in the status bar.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from editor.core.errors import GalleyError
from editor.state.site_reader import SiteRead, SiteReader

if TYPE_CHECKING:
    from editor.core.site import ImageResolver, Site

log = logging.getLogger(__name__)
SITE_AFTER_PAINT_MS = 100  # from the preview page being ready to asking for the site
_NO_PAGE_MS = 1500  # no page came: the site anyway
WAIT_S = 30.0  # Quick Open and the like wait this long for a site being read, at most


class SiteContext(QObject):
    """The site of the window's current post (None for an untitled post or an unreadable site)."""

    followed = Signal()  # the site of the post shown last is current (read, or found unreadable)
    refreshed = Signal()  # the current site was read again (see refresh)
    reading = Signal(bool)  # the shown post's site is being read (True), or current now (False)
    status = Signal(str, int)  # a sentence for the status bar, and how long to show it (ms)

    def __init__(self, post_path: Callable[[], Path | None], parent: QObject | None = None):
        """``post_path``: the path of the post the window shows."""
        super().__init__(parent)
        self.site: Site | None = None
        self.problem: GalleyError | None = None
        self._tags: list[str] = []
        self._authors: dict[str, str] = {}
        self._post_path = post_path
        self.pending = False  # a post was shown and its site is not current yet
        self._asked = False  # ... and the reader was asked for it
        self.held = False  # a post was closed: its site stays until another post opens
        self.reader = SiteReader(self)
        self.reader.done.connect(self._read)
        self._ticket = 0  # the reader's ticket of the read asked for last (0: none)
        self._opening = False  # Open Folder waits for its read: no other read may replace it
        self._refresh_after = False  # ... and a refresh was asked for meanwhile
        self._timer = QTimer(self, singleShot=True, interval=_NO_PAGE_MS)
        self._timer.timeout.connect(self.follow_pending)

    def follow_soon(self) -> None:
        """A post was shown: read its site just after the preview's first paint (see
        :meth:`page_ready`), or in a moment if no page comes. A read still running for the
        post shown before is not delivered."""
        self.pending = True
        self._asked = False
        self._ticket = 0
        self._timer.start()

    def page_ready(self) -> None:
        """The preview's page is ready: a moment for its first frame to reach the screen
        (the worker competes with it for the interpreter), then the site."""
        QTimer.singleShot(SITE_AFTER_PAINT_MS, self.follow_pending)

    def follow_pending(self) -> None:
        """Ask for the shown post's site now, if it is still to be asked for."""
        if self.pending and not self._asked:
            self.follow(self._post_path())

    def current(self) -> Site | None:
        """The site, once read: a site still being read is waited for (the window paints, keys
        wait), for Quick Open right after opening a post. After :data:`WAIT_S`, the site as it
        was, with a status line saying so."""
        self.follow_pending()
        if not self.pending:
            return self.site
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.status.emit("Reading the site…", 0)
        deadline = time.monotonic() + WAIT_S
        try:
            while self.pending and self.reader.busy and time.monotonic() < deadline:
                self.reader.wait(self._ticket, deadline - time.monotonic())
                self.follow_pending()  # (asked again, if another read replaced it)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.pending:
            self.status.emit(
                "The site is still being read; until it is, Galley shows its posts as they "
                "were. Try again in a moment.",
                10000,
            )
        else:
            self.status.emit("", 1)  # (the status bar's own messages come back)
        return self.site

    def hold(self) -> None:
        """A post was closed (File ▸ Close): keep its site open, its posts listed, until a
        post is opened again."""
        self.held = self.site is not None

    def follow(self, post: Path | None) -> None:
        """Make the site of ``post`` current: it is read on the worker, from the current site's
        posts when it is the same site, and :attr:`followed` says when it is current (no post:
        no site, at once, unless :meth:`hold` keeps the last)."""
        if self._opening:  # (a timer, while Open Folder waits): asked for again in a moment
            self.pending, self._asked = True, False
            self._timer.start()
            return
        self._timer.stop()
        if post is None:
            self.reader.forget()
            self._ticket = 0
            if not self.held:
                self._take(None, None)
            self._done_following()
            return
        self.held = False
        self.pending = self._asked = True
        self._ticket = self.reader.request(post, previous=self.site)
        self.reading.emit(True)

    def refresh(self) -> None:
        """Read the current site again on the worker (after a save, a new issue, a deleted
        image); :attr:`refreshed` says when it is current. While the shown post's site is
        still being read, that read is asked for again instead (it may have missed the change)."""
        if self._opening:  # (a change on disk, while Open Folder waits): read once it is done
            self._refresh_after = True
            return
        if self.pending:
            if self._asked:
                self.follow(self._post_path())
            return
        if self.site is None:
            self.refreshed.emit()
            return
        self._ticket = self.reader.request(None, previous=self.site)

    def use(self, site: Site) -> None:
        """Make ``site``, already open, the current one (File ▸ Open Folder reads it once)."""
        self.reader.forget()
        self._replaced()
        self._take(site, None)

    def read_folder(self, folder: Path) -> Site:
        """Read the site of ``folder`` on the worker and wait for it with the window painting
        (File ▸ Open Folder, and reopening the last site at start).

        Raises:
            GalleyError: the site could not be read (the sentence to show).
        """
        ticket = self.reader.request(folder, previous=self.site)
        self.reading.emit(True)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._opening = True  # the window's timers turn meanwhile: what they ask for waits
        try:
            read = self.reader.wait(ticket, WAIT_S * 10)
        finally:
            self._opening = False
            QGuiApplication.restoreOverrideCursor()
            self._replaced()  # (the caller uses the site read, or the one asked for comes)
            self.reading.emit(self.pending)
            if self._refresh_after:
                self._refresh_after = False
                QTimer.singleShot(0, self.refresh)  # (after the caller took the site read)
        if read is None:
            raise GalleyError(
                f"Could not read the site in {folder}: it took too long.",
                "Its folders may be on a slow or disconnected drive; check the drive, then open "
                "the folder again.",
            )
        if read.error is not None:
            raise read.error
        assert read.site is not None
        return read.site

    def _replaced(self) -> None:
        """Another read replaced the one asked for here: the shown post's site is asked for
        again in a moment (unless another post is shown first), a refresh at once."""
        if not self._ticket or self._ticket == self.reader.newest:
            return
        self._ticket = 0
        if self.pending:
            self._asked = False
            self._timer.start()
        else:
            self.refresh()

    def _read(self, read: SiteRead) -> None:
        """The reader delivered: a followed post's site, or a refreshed one."""
        if read.ticket != self._ticket:
            return  # not asked for here (Open Folder waits for its own), or no longer wanted
        self._ticket = 0
        if self.pending:
            self._take(read.site, read.error)
            self._done_following()
        elif read.error is not None:
            log.warning("Site not refreshed: %s", read.error)  # (the last good read stays)
            self.refreshed.emit()
        else:
            self._take(read.site, None)
            self.refreshed.emit()

    def _done_following(self) -> None:
        was_reading = self._asked
        self.pending = self._asked = False
        if was_reading:
            self.reading.emit(False)
        self.followed.emit()

    def _take(self, site: Site | None, problem: GalleyError | None) -> None:
        if problem is not None:
            log.warning("Site not read: %s", problem)
        self.site, self.problem = site, problem
        self._tags = [tag for tag, _count in site.tags()] if site else []
        self._authors = self._read_authors()

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
        applies). While the post's site is still being read, see :meth:`_site_for_images`."""
        site = self._site_for_images(post) if post is not None else None
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
        new ones), or None without a site. While the post's site is still being read, see
        :meth:`_site_for_images`."""
        site = self._site_for_images(post) if post is not None else self.site
        if site is None:
            return None
        return site.image_resolver(post, writing=writing)

    def _site_for_images(self, post: Path) -> Site | None:
        """The site to place and resolve ``post``'s images by. While its site is still being
        read: the site as it was when it is the same one; its settings alone (read at once)
        when galley.toml says where images go; else the read is waited for with the window
        painting (where the latest posts keep their images needs the posts, and an image
        written to the wrong folder is worse than a moment's wait)."""
        if not self.pending:
            return self.site
        quick = self._settings_site(post)
        if quick is None or quick is self.site or "assets" in quick.settings.lines:
            return quick
        return self.current()

    def _settings_site(self, post: Path) -> Site | None:
        """The site of ``post`` with its settings and generator read and no posts (None: no
        site, or its galley.toml cannot be read; the read on the worker says why)."""
        from editor.core.site import Site, find_root, read_settings, site_generator

        try:
            root = find_root(post)
            if self.site is not None and self.site.root == root:
                return self.site
            settings = read_settings(root)
            return Site(root, settings, generator=site_generator(root, settings))
        except GalleyError as error:
            log.warning("Settings of the site of %s not read: %s", post, error)
            return None
