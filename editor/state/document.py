"""One open post: its file, its modified state, saving and reverting (layer 1: QtCore only).

The window asks, the document decides (ghostwriter's DocumentManager). The editor shows the body
as plain ``\\n`` text; the document keeps it line by line (editor.core.bodytext), each line with
its own line end, so a CRLF post stays CRLF and a mixed one stays mixed, and characters Qt's
editor would turn into line breaks are shown as stand-ins and written back as they were. What
the preview re-renders, and when, is the document's render schedule (editor.state.render_schedule).
A post whose front matter does not parse opens in a safe mode: the body can be edited and the
raw front matter (YAML, TOML, JSON or header lines) fixed, but nothing is saved until it parses
again.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core import fileio, journal
from editor.core.bodytext import BodyText
from editor.core.errors import FrontMatterError, GalleyError, SaveError
from editor.core.fmformats import FORMATS
from editor.core.journal import DiskState
from editor.core.lineends import split_line_ends
from editor.core.post import Post, decode, split_block
from editor.core.render import body_lines
from editor.core.yamltext import KeyPath
from editor.state.render_schedule import RenderSchedule

log = logging.getLogger(__name__)


class SaveConflict(SaveError):
    """The file changed on disk since it was loaded or last saved; saving would overwrite it."""


class ReadOnlyFile(SaveError):
    """The file on disk is marked read-only; saving would replace it all the same (a rename
    needs only the folder's permission), so the user is asked first."""


def is_read_only(path: Path) -> bool:
    """Whether the file at ``path`` is marked read-only: no write permission bit at all (what
    ``chmod a-w`` does; root, for whom every file is writable, is asked too), or not writable
    by this user."""
    try:
        st = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not os.access(path, os.W_OK)


def to_editor_text(text: str) -> str:
    """Line ends as the editor shows them (``\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Broken(NamedTuple):
    """Front matter that does not parse (safe mode): kept exactly as typed, never saved."""

    prefix: str  # the opening delimiter (and the BOM, if any)
    raw: str  # the front matter as typed
    closing: str  # the closing delimiter
    kind: str = "yaml"  # its format

    @property
    def newline(self) -> str:
        return "\r\n" if self.prefix.endswith("\r\n") else "\n"


class Document(QObject):
    """The open post, shared by the editor, the form and the preview."""

    modified_changed = Signal(bool)
    path_changed = Signal(object)  # Path | None
    meta_changed = Signal()  # the front matter changed: refresh the form and the header
    body_reset = Signal(str)  # the body was replaced (revert, repaired front matter)
    front_matter_error = Signal(object)  # FrontMatterError | None
    content_changed = Signal()  # anything the preview shows changed

    def __init__(self, post: Post | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._post = post if post is not None else Post.parse("")
        self._header_lines = self._post.header_lines  # whether the site reads header lines
        self._error: FrontMatterError | None = None
        self._broken: _Broken | None = None  # front matter that does not parse, kept as typed
        self.renders = RenderSchedule(self, self)  # what the preview renders, and when
        # The body as typing edits it (``_body``, a BodyText); the post's body is joined from it
        # only when asked for: ``_post_stale`` says it is behind.
        self._load_body(self._post.body, self._post.newline)
        self._saved_text: str | None = self._post.dumps()  # None: the file is gone from disk
        self._modified = False
        # The file as Galley last read or saved it, or as the user has seen it on disk and chose
        # to keep their text over it (None: untitled, or never on disk): to notice outside changes.
        self.disk_state: DiskState | None = None
        self._backed_up = False
        self.backup_folder: Path | None = None  # where the first save keeps the old version
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(400)
        self._check.timeout.connect(self._recheck_modified)

    # -- opening

    @classmethod
    def open(
        cls,
        path: Path | str,
        parent: QObject | None = None,
        *,
        encoding: str = "utf-8",
        header_lines: bool | None = None,
    ) -> Document:
        """Open a post file. Raises PostLoadError (missing, unreadable, not UTF-8).

        With another ``encoding`` (Windows-1252 text the person chose to convert), the post
        opens as a modified copy: nothing is written until Save, which writes UTF-8.
        ``header_lines``: whether the site reads Pelican header lines (see ``Post``).
        """
        path = Path(os.path.abspath(path))  # absolute and without "..", symlinks kept
        data = fileio.read_bytes(path)
        text = decode(data, path, encoding)
        try:
            document = cls(Post.parse(text, path, header_lines=header_lines), parent)
        except FrontMatterError as error:
            document = cls(Post.parse("", path, header_lines=header_lines), parent)
            document._open_broken(text, error)
        document.disk_state = DiskState.from_bytes(path, data)
        if encoding != "utf-8":  # the file on disk is not this text until it is saved
            document._saved_text, document._modified = None, True
        return document

    def _open_broken(self, text: str, error: FrontMatterError) -> None:
        block = split_block(text, self._header_lines)
        assert block is not None  # only front matter can fail to parse
        self._broken = _Broken(block.opening, block.front_matter, block.closing, block.kind)
        self._load_body(block.body, self._broken.newline)
        self._error = error
        self._saved_text = text

    # -- state

    @property
    def path(self) -> Path | None:
        return self._post.path

    @property
    def folder(self) -> Path | None:
        return self._post.path.parent if self._post.path is not None else None

    @property
    def display_name(self) -> str:
        if self.path is None:
            return "Untitled"
        if self.path.name == "index.md":
            return self.path.parent.name
        return self.path.name

    @property
    def is_modified(self) -> bool:
        return self._modified

    @property
    def error(self) -> FrontMatterError | None:
        """The front-matter error while the post is in safe mode, else None."""
        return self._error

    @property
    def post(self) -> Post:
        self._sync_post()
        return self._post

    @property
    def editor_body(self) -> str:
        """The body as the editor shows it: ``body`` with stand-ins for the characters a Qt
        editor cannot hold (the same text in the usual case). Give what the editor holds back
        to :meth:`set_body` and :meth:`edit_lines`, which map the stand-ins back."""
        return self._body.editor_text()

    @property
    def body(self) -> str:
        """The body with ``\\n`` line ends (the file's other characters as they are)."""
        return self._body.text

    def body_lines(self) -> list[str]:
        """The body as lines with their ``\\n`` (render.body_lines); do not change it."""
        return self._body.lines()

    def _load_body(self, raw: str, fallback_newline: str) -> None:
        """Take a body as the file holds it: its line ends, and stand-ins if it needs them."""
        self._body = BodyText(raw, fallback_newline)
        self._post_stale = False
        self.renders.body_replaced()

    def _sync_post(self) -> None:
        if self._post_stale:
            self._post_stale = False
            if self._broken is None:
                self._post.body = self._body.file_text()

    @property
    def front_matter_text(self) -> str:
        return self._broken.raw if self._broken else self._post.front_matter_text

    @property
    def front_matter_format(self) -> str:
        """``yaml``, ``toml``, ``json`` or ``headers`` (``FORMATS[…].tab`` names its raw tab)."""
        return self._broken.kind if self._broken is not None else self._post.front_matter_format

    @property
    def front_matter_first_line(self) -> int:
        """The file line (1-based) where the raw front matter starts: 2 after a ``---`` or
        ``+++`` line, 1 for JSON and header lines."""
        prefix = self._broken.prefix if self._broken is not None else self._post.delimiters()[0]
        return 1 + prefix.count("\n")

    def meta_dict(self) -> dict[str, Any]:
        return self._post.meta.to_dict()

    @property
    def body_start_line(self) -> int:
        if self._broken:
            prefix, raw, closing = self._broken[:3]
            return 1 + (prefix + raw + closing).count("\n")
        return self._post.body_start_line

    # -- edits

    def set_body(self, text: str) -> None:
        """The editor's text changed (as a whole; stand-ins are mapped back)."""
        if not self._body.replace(text):
            return
        self._post_stale = False
        self.renders.body_replaced()
        if self._broken is None:
            self._post.body = self._body.file_text()
        self._touched()

    def edit_lines(self, first: int, count: int, blocks: Sequence[str]) -> int:
        """The editor's lines ``first`` to ``first + count`` (0-based, without their line ends)
        are now ``blocks``: how typing reaches the document without a copy of the whole text
        per key. Returns how many lines the body has now, in the editor's count (a last empty
        line included), for the caller to check that it is in step."""
        body = self._body
        self.renders.before_edit(first, body.lines())
        edited = body.edit_lines(first, count, blocks)
        if edited is not None:
            self._post_stale = True
            self.renders.lines_edited(first, *edited)
            self._touched()
        return body.editor_line_count()

    def set_field(self, path: KeyPath, value: Any) -> None:
        """A form field changed: rewrite only that key."""
        if self._broken is not None:
            return
        before = self._post.front_matter_text
        self._post._set(path, value)
        if self._post.front_matter_text != before:
            self._touched(meta=True)

    def remove_field(self, path: KeyPath) -> None:
        if self._broken is not None:
            return
        before = self._post.front_matter_text
        self._post._delete(path)
        if self._post.front_matter_text != before:
            self._touched(meta=True)

    def set_front_matter_text(self, text: str) -> None:
        """The raw front matter was edited (the raw tab gives ``\\n`` line ends; each line gets
        the front matter's own). Text that does not parse is kept as typed and reported, never
        saved."""
        current = self.front_matter_text
        if text == current or text == to_editor_text(current):
            return
        if text and not text.endswith(("\n", "\r")):
            text += "\n"  # the closing line must start a line of its own
        newline = self._post.newline if self._broken is None else self._broken.newline
        text = _with_line_ends(current, text, newline)
        if text == current:
            return
        if self._broken is not None:
            self._repair(self._broken.prefix, text, self._broken.closing)
            return
        try:
            self._post.front_matter_text = text
        except FrontMatterError as error:
            self._enter_broken(text, error)
            return
        self._touched(meta=True)

    def _enter_broken(self, raw: str, error: FrontMatterError) -> None:
        self._sync_post()
        prefix, closing = self._post.delimiters()
        self._broken = _Broken(prefix, raw, closing, self._post.front_matter_format)
        self._error = error
        self.front_matter_error.emit(error)
        self._touched()

    def _repair(self, prefix: str, raw: str, closing: str) -> None:
        text = prefix + raw + closing + self._body.file_text()
        kind = self._broken.kind if self._broken is not None else "yaml"
        try:
            post = Post.parse(text, self.path, header_lines=self._header_lines)
            if post.front_matter_format != kind and kind == "headers":  # Title: line gone
                post = Post.parse(text, self.path, header_lines=True)
        except FrontMatterError as error:
            self._broken = _Broken(prefix, raw, closing, kind)
            self._error = error
            self.front_matter_error.emit(error)
            self._touched()
            return
        self._post, self._broken, self._error = post, None, None
        self.front_matter_error.emit(None)
        if to_editor_text(post.body) != self.body:  # the repaired front matter took lines
            self._load_body(post.body, post.newline)
            self.body_reset.emit(self.editor_body)
        self._touched(meta=True)

    def _touched(self, meta: bool = False) -> None:
        if not self._modified:
            self._modified = True
            self.modified_changed.emit(True)
        self._check.start()
        if meta:
            self.meta_changed.emit()
        self.content_changed.emit()

    def full_text(self) -> str:
        """The whole post as it would be saved (front matter included, the file's line ends)."""
        if self._broken is not None:
            prefix, raw, closing = self._broken[:3]
            return prefix + raw + closing + self._body.file_text()
        self._sync_post()
        return self._post.dumps()

    def _recheck_modified(self) -> None:
        """Undoing back to the saved text makes the post unmodified again."""
        modified = self._saved_text is None or self.full_text() != self._saved_text
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    # -- saving

    def save(
        self,
        path: Path | str | None = None,
        *,
        overwrite_newer: bool = False,
        overwrite_read_only: bool = False,
    ) -> None:
        """Save atomically. Raises SaveError (nothing written) with what to do; SaveConflict
        when the file changed on disk since it was loaded, saved or acknowledged
        (``overwrite_newer=True`` saves anyway), also when that happens while the new text is
        being written; ReadOnlyFile when the file is marked read-only
        (``overwrite_read_only=True`` saves anyway, and the file keeps its mode)."""
        if self._error is not None:
            kind = FORMATS[self.front_matter_format]
            raise SaveError(
                f"Could not save {self.display_name}: its front matter is not valid {kind.label} "
                f"(line {self._error.line}).",
                f"Fix it in the form's {kind.tab} tab; nothing has been written.",
                path=self.path,
            )
        target = Path(os.path.abspath(path)) if path is not None else self.path
        if target is None:
            raise SaveError("Could not save the post.", "It has no file yet; use Save As.")
        moved = target != self.path
        name = self.display_name
        newer_ok = moved or overwrite_newer
        on_disk = _check_target(name, target, self.disk_state, newer_ok, overwrite_read_only)
        if on_disk is not None and not self._backed_up and self.backup_folder is not None:
            self._backed_up = _keep_backup(target, self.backup_folder)
        self._sync_post()
        self._post.save(target, before_replace=_unchanged_check(name, target, on_disk))
        self._saved_text = self._post.dumps()
        self.disk_state = DiskState.of(target)
        if self._modified:
            self._modified = False
            self.modified_changed.emit(False)
        if moved:
            self.renders.restart()
            self.path_changed.emit(target)
            self.content_changed.emit()

    def reload(self) -> None:
        """Read the file again (it changed on disk); the post becomes unmodified.

        Raises PostLoadError when it cannot be read; the text in the window is then untouched.
        """
        if self.path is None:
            return
        data = fileio.read_bytes(self.path)
        text = decode(data, self.path)
        self.disk_state = DiskState.from_bytes(self.path, data)
        self._set_text(text, saved=text)

    def restore(self, text: str) -> None:
        """Show recovered text (from the recovery journal); it stays modified until saved."""
        self._set_text(text, saved=self._saved_text)

    def revert(self) -> None:
        """Go back to the text last saved or loaded (nothing to go back to once it is gone)."""
        if self._saved_text is not None:
            self._set_text(self._saved_text, saved=self._saved_text)

    def file_missing(self) -> None:
        """The file was deleted or moved away: the window's text is now the only copy, so the
        post counts as unsaved (closing asks) and Save writes the file again."""
        self.disk_state = None
        self._saved_text = None
        if not self._modified:
            self._modified = True
            self.modified_changed.emit(True)

    def _set_text(self, text: str, saved: str | None) -> None:
        """Replace the whole post with ``text``; ``saved`` is the text on disk."""
        path = self.path
        try:
            self._post = Post.parse(text, path, header_lines=self._header_lines)
            self._broken = self._error = None
        except FrontMatterError as error:
            self._post = Post.parse("", path, header_lines=self._header_lines)
            self._open_broken(text, error)
        self._saved_text = saved
        if self._broken is None:
            self._load_body(self._post.body, self._post.newline)
        self.front_matter_error.emit(self._error)
        self.body_reset.emit(self.editor_body)
        self.meta_changed.emit()
        modified = saved is None or text != saved
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)
        self.content_changed.emit()


def _check_target(
    name: str, target: Path, known: DiskState | None, newer_ok: bool, read_only_ok: bool
) -> DiskState | None:
    """The file at ``target`` as it is before saving over it (None: there is none). Raises
    SaveConflict when it changed since ``known`` (unless ``newer_ok``), ReadOnlyFile when it is
    marked read-only (unless ``read_only_ok``)."""
    on_disk = DiskState.of(target)
    newer = on_disk is not None and not on_disk.same_content(known)
    if newer and not newer_ok:
        raise SaveConflict(
            f"{name} was changed on disk since you opened it.",
            "Saving now would replace that newer version with yours. Reload it to see "
            "the other changes, or save anyway to keep yours.",
            path=target,
        )
    if on_disk is not None and not read_only_ok and is_read_only(target):
        raise ReadOnlyFile(
            f"{name} is read-only.",
            "The file is marked read-only, perhaps on purpose. Save anyway to replace it "
            "(it stays read-only), or use Save As to save a copy elsewhere.",
            path=target,
        )
    return on_disk


def _unchanged_check(name: str, target: Path, expected: DiskState | None) -> Callable[[], None]:
    """The check made just before the saved text replaces ``target``: writing and fsyncing a
    big post takes a while, and a program that wrote the file meanwhile must not be replaced
    without a word."""

    def unchanged_since_check() -> None:
        now = DiskState.of(target)
        if now != expected and not (now is not None and now.same_content(expected)):
            raise SaveConflict(
                f"{name} was changed on disk while Galley was saving it.",
                "Nothing was written. Reload it to see the other changes, or save again "
                "to keep yours.",
                path=target,
            )

    return unchanged_since_check


def _keep_backup(target: Path, folder: Path) -> bool:
    """The first save of a session keeps the previous version (a failure only logs): whether
    it did."""
    try:
        journal.keep_backup(target, fileio.read_bytes(target), folder=folder)
        return True
    except GalleyError as error:
        log.warning("No backup of %s: %s", target, error)
        return False


def _with_line_ends(old: str, new: str, fallback: str) -> str:
    """``new`` (``\\n`` line ends) with the line ends of ``old``, the text it replaces: lines
    kept from ``old`` keep theirs, new lines get ``old``'s first (else ``fallback``)."""
    old_text, ends = split_line_ends(old, fallback)
    new = to_editor_text(new)
    if ends.mixed:
        ends.carry(body_lines(old_text), body_lines(new))
        return ends.join(body_lines(new), new)
    return ends.join((), new)
