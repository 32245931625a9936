"""The open post's file lifecycle: open, new, close, open a site folder, save, save as, revert,
and restore unsaved work from the recovery journal, each asking what it must.

As in ghostwriter's ``DocumentManager``, the window asks and :class:`PostFiles` decides. It is
given what it drives (the window's current document, the settings, the document guard) and
keeps the session; it tells the window what to show through signals, never knowing the window.
Every question goes through :mod:`editor.ui.messages`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from editor.core.errors import GalleyError, PostLoadError
from editor.core.post import Post
from editor.core.textsniff import LEGACY_ENCODING
from editor.state.document import Document, ReadOnlyFile, SaveConflict
from editor.state.session import Session
from editor.state.settings import Settings
from editor.ui import messages

if TYPE_CHECKING:
    from editor.core.journal import Journal, RecoveryEntry
    from editor.core.site import Site
    from editor.ui.safety import DocumentGuard

_POSTS_FILTER = "Markdown posts (*.md *.markdown *.mdx);;All files (*)"


class PostFiles(QObject):
    """Opens, saves and lets go of the window's post; ``document()`` is the one shown now."""

    show_document = Signal(object, object)  # the Document to show now, its recovery key or None
    site_opened = Signal(object)  # the Site of Open Folder, just before its post opens
    saved = Signal()  # the shown document was saved (to its path, or a new one)
    welcome_requested = Signal(str)  # no post to show: the welcome page, with this message
    line_requested = Signal(int)  # a line of the file to put the cursor on
    status = Signal(str, int)  # a status bar message, and for how long (0: until the next)

    def __init__(
        self,
        parent: QWidget,
        settings: Settings,
        guard: DocumentGuard,
        *,
        document: Callable[[], Document],
        new_post: Callable[[], Post],
        read_site: Callable[[Path], Site] | None = None,
    ) -> None:
        """``parent`` owns the documents and the dialogs; ``new_post`` makes File ▸ New's post;
        ``read_site`` reads the site of a folder for Open Folder, raising a GalleyError when it
        cannot (the window's reads it on a worker; default: :meth:`Site.open`, here)."""
        super().__init__(parent)
        self._parent = parent
        self._settings = settings
        self._guard = guard
        self._document = document
        self._new_post = new_post
        self.session = Session(settings)
        self._folder: Path | None = None  # the site folder opened with Open Folder
        self._read_site = read_site or _open_site

    # -- opening

    def open_path(self, path: Path | str) -> bool:
        """Open a post; False (and a message) if it could not be opened or the user cancelled."""
        from editor.core.site import post_header_lines

        lines = post_header_lines(path)  # (Pelican's "Title: …" header lines)
        try:  # read it first: a post that cannot be opened must not cost the current one
            document = Document.open(path, self._parent, header_lines=lines)
        except PostLoadError as error:
            if error.reason != "legacy-encoding" or not messages.ask_convert_to_utf8(
                self._parent, Path(path).name
            ):
                if error.reason != "legacy-encoding":
                    messages.show_error(self._parent, error)
                return False
            try:  # Windows-1252 decodes every byte it was sniffed for; still, never a traceback
                document = Document.open(
                    path, self._parent, encoding=LEGACY_ENCODING, header_lines=lines
                )
            except GalleyError as again:
                messages.show_error(self._parent, again)
                return False
        except GalleyError as error:
            messages.show_error(self._parent, error)
            return False
        if not self.maybe_save():
            document.deleteLater()
            return False
        self.show_document.emit(document, None)
        if document.path is not None:
            self._settings.add_recent_file(str(document.path))
            self._settings.set("files/last_folder", str(document.path.parent))
            if self._folder is not None and not document.path.is_relative_to(self._folder):
                self._folder = None  # a post from elsewhere: that folder is no longer open
        self.remember()
        return True

    def new_post(self) -> None:
        if self.maybe_save():
            self.show_document.emit(Document(self._new_post(), parent=self._parent), None)
            self.remember()

    def close_post(self) -> None:
        """Let the post go (asking about unsaved changes) and show the welcome page."""
        if self.maybe_save():
            self.show_document.emit(Document(parent=self._parent), None)
            self.welcome_requested.emit("")

    def open_dialog(self) -> None:
        start = self._settings.get("files/last_folder") or str(Path.home())
        name = messages.ask_open_path(self._parent, "Open Post", start, _POSTS_FILTER)
        if name:
            self.open_path(name)

    def open_folder(self, folder: Path | str, post: Path | None = None) -> bool:
        """Open a site folder: its posts in the Posts panel, its newest post (or ``post``) in
        the editor."""
        try:
            site = self._read_site(Path(folder))
        except GalleyError as error:
            messages.show_error(self._parent, error)
            return False
        readable = [post for post in site.posts if post.ok]
        if not readable:
            messages.show_error(
                self._parent,
                GalleyError(f"No posts found in {folder}.", _no_posts_detail(site)),
            )
            return False
        self._settings.set("files/last_folder", str(site.root))
        self._settings.add_recent_site(str(site.root))
        self.site_opened.emit(site)  # the post's site is this one: not read a second time
        before, self._folder = self._folder, site.root
        if not self.open_path(post if post is not None else readable[0].path):
            self._folder = before
            return False
        return True

    def open_folder_dialog(self) -> None:
        start = self._settings.get("files/last_folder") or str(Path.home())
        folder = messages.ask_folder(self._parent, "Open Site Folder", start)
        if folder:
            self.open_folder(folder)

    def fill_recent_menu(self, menu: QMenu) -> None:
        """File ▸ Open Recent, made afresh each time it opens: the recent sites (folders
        opened with Open Folder), then the recent posts, then Clear Recent."""
        menu.clear()
        sites, posts = self._settings.recent_sites(), self._settings.recent_files()
        number = 0
        for title, names, opener, end in (
            ("Sites", sites, self.open_folder, os.sep),  # a folder's name ends in "/"
            ("Posts", posts, self.open_path, ""),
        ):
            if not names:
                continue
            if sites and posts:
                menu.addSection(title)
            for name in names:
                number += 1
                mnemonic = f"&{number} " if number < 10 else "1&0 " if number == 10 else ""
                shown = _home_short(name) + end
                action = menu.addAction(mnemonic + shown.replace("&", "&&"))
                action.setToolTip(name)
                action.triggered.connect(lambda _checked=False, n=name, o=opener: o(n))
        if not sites and not posts:
            menu.addAction("&No recent posts or sites").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("&Clear Recent")
        clear.setObjectName("clear-recent")
        clear.setEnabled(bool(sites or posts))
        clear.triggered.connect(self._settings.clear_recent)

    # -- saving

    def save(self) -> bool:
        if self._document().path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        document = self._document()
        start = str(document.path or Path(self._settings.get("files/last_folder") or Path.home()))
        name = messages.ask_save_path(self._parent, "Save Post As", start, "Markdown posts (*.md)")
        return self._save_to(Path(name)) if name else False

    def _save_to(self, path: Path | None) -> bool:
        document = self._document()
        self._guard.flush()  # the recovery copy first: a failed save then loses nothing
        allowed: dict[str, bool] = {}
        try:
            while True:
                try:
                    document.save(path, **allowed)
                    break
                except SaveConflict as conflict:
                    if "overwrite_newer" in allowed:
                        raise  # changed again while saving: say so
                    if not messages.ask_overwrite_newer(self._parent, conflict):
                        return False
                    allowed["overwrite_newer"] = True
                except ReadOnlyFile as read_only:
                    if not messages.ask_overwrite_read_only(self._parent, read_only):
                        return False
                    allowed["overwrite_read_only"] = True
        except GalleyError as error:
            messages.show_error(self._parent, error)
            return False
        self.status.emit(f"Saved {document.path}", 4000)
        if document.path is not None:
            self._settings.add_recent_file(str(document.path))
        self.saved.emit()
        return True

    def revert(self) -> None:
        document = self._document()
        if document.is_modified:  # Cancel is the default, Escape's and the focused button
            question = (
                f"Discard your changes to “{document.display_name}” and go back to the "
                "saved version?"
            )
            if not messages.confirm(self._parent, "Revert", question, "&Discard Changes"):
                return
        document.revert()

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when it is fine to let the document go."""
        document = self._document()
        if not document.is_modified:
            return True
        choice = messages.ask_save_changes(self._parent, document.display_name)
        if choice is messages.Choice.SAVE:
            return self.save()
        if choice is messages.Choice.DISCARD:
            self._guard.discard()
            return True
        return False

    # -- recovery and the session

    def restore(self, entry: RecoveryEntry, journal: Journal) -> bool:
        """Show a recovered entry: the post (or an untitled one) with the recovered text,
        modified until saved. The entry becomes this window's own recovery copy."""
        path = entry.post_path
        try:
            if path is not None and path.is_file():
                from editor.core.site import post_header_lines

                document = Document.open(path, self._parent, header_lines=post_header_lines(path))
            else:
                document = Document(Post.parse("", path), self._parent)
            adopted = journal.adopt(entry, self._guard.new_key())
        except GalleyError as error:
            messages.show_error(self._parent, error)
            return False
        before = document.full_text()
        self.show_document.emit(document, adopted.key)
        document.restore(entry.text)
        self.line_requested.emit(_first_difference(before, entry.text))  # where changes start
        self.status.emit(
            f"Restored unsaved changes to {document.display_name} from "
            f"{entry.saved_at.astimezone():%d %b %Y %H:%M}. Save to keep them.",
            0,
        )
        return True

    def reopen_last(self) -> bool:
        """A start without arguments: open what was open last time, else the welcome page
        (saying what is missing, if something is)."""
        plan = self.session.plan()
        opened = False
        if plan.site is not None:
            opened = self.open_folder(plan.site, post=plan.post)
        elif plan.post is not None:
            opened = self.open_path(plan.post)
        if not opened:
            self.welcome_requested.emit(plan.missing)
        return opened

    def remember(self, showing_post: bool = True) -> None:
        """Tell the session what is open now (no post while the welcome page shows)."""
        self.session.remember(self._document().path if showing_post else None, self._folder)


def _open_site(folder: Path) -> Site:
    from editor.core.site import Site

    return Site.open(folder)


def _home_short(name: str) -> str:
    """``/home/ann/sites/blog`` as ``~/sites/blog``."""
    home = str(Path.home())
    return "~" + name[len(home) :] if name.startswith(home + os.sep) else name


def _first_difference(old: str, new: str) -> int:
    """The first line (1-based) where ``new`` differs from ``old``."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines)) + 1


def _no_posts_detail(site: Site) -> str:
    """Where Galley looked, in the terms of the site's generator (what to do comes last)."""
    patterns = ", ".join(site.post_patterns[:3]) + (" …" if len(site.post_patterns) > 3 else "")
    generator = None if site.settings.posts_given else site.generator
    rules = f", by {generator.label}'s rules" if generator is not None else ""
    return (
        f"Galley looked for Markdown files matching {patterns}{rules} (the 'posts' patterns of "
        "galley.toml change where it looks). Choose the site's folder, or create a post with "
        "File ▸ New Post."
    )
