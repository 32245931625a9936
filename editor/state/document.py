"""One open post: its file, its modified state, saving and reverting (layer 1: QtCore only).

The window asks, the document decides (ghostwriter's DocumentManager). The editor shows the body
as plain ``\\n`` text; the document keeps each line's own line end (editor.core.lineends), so a CRLF
post stays CRLF and a mixed one stays mixed, and characters Qt's editor would turn into line
breaks are shown as stand-ins and written back as they were.
A post whose front matter does not parse opens in a safe mode: the body can be edited and the
raw YAML fixed, but nothing is saved until the YAML is valid again.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core import fileio, journal
from editor.core.errors import FrontMatterError, GalleyError, SaveError
from editor.core.journal import DiskState
from editor.core.lineends import LineEnds, Placeholders, split_line_ends
from editor.core.post import BOM, Post, decode, split_front_matter
from editor.core.render import (
    DocumentRenderer,
    RenderResult,
    RenderUpdate,
    body_lines,
)
from editor.core.yamltext import KeyPath

log = logging.getLogger(__name__)

NEAR_LINES = 64
"""Edits this close to the lines edited since the last render are rendered together."""


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
        self._error: FrontMatterError | None = None
        self._broken: tuple[str, str, str] | None = None  # (prefix, raw yaml, closing)
        # The body with ``\\n`` line ends, as text and as lines (body_lines): typing edits the
        # lines, and the text (and the post's body) is joined from them only when asked for.
        # ``_ends`` holds the file's own line ends, ``_marks`` the editor's stand-ins for
        # characters it cannot hold (None: the body has none).
        self._body: str | None = None
        self._lines: list[str] | None = None
        self._ends = LineEnds()
        self._marks: Placeholders | None = None
        self._post_stale = False  # the post's body is behind the lines
        # Lines edited since the last render_update, and what was rendered early when typing
        # moved far from them (see edit_lines).
        self._pending: tuple[int, int] | None = None
        # Whether the body changed other than line by line (edit_lines) since the last render
        # or snapshot: then ``_pending`` does not bound what changed.
        self._whole = True
        self._early: list[RenderUpdate] = []
        self._snapshots: list[list[str]] = []  # bodies (as lines) to render early, in order
        self._early_timer = QTimer(self)
        self._early_timer.setSingleShot(True)
        self._early_timer.setInterval(0)
        self._early_timer.timeout.connect(self._render_snapshot)
        self._rendered = False  # the renderer has rendered this body once (render_full)
        self._load_body(self._post.body, self._post.newline)
        self._saved_text: str | None = self._post.dumps()  # None: the file is gone from disk
        self._modified = False
        # The file as Galley last read, saved or was told about it (to notice outside changes).
        self._disk: DiskState | None = None
        self._backed_up = False
        self.backup_folder: Path | None = None  # where the first save keeps the old version
        self._renderer = DocumentRenderer(self.folder, self._post.body_start_line)
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(400)
        self._check.timeout.connect(self._recheck_modified)

    # -- opening

    @classmethod
    def open(cls, path: Path | str, parent: QObject | None = None) -> Document:
        """Open a post file. Raises PostLoadError (missing, unreadable, not UTF-8)."""
        path = Path(os.path.abspath(path))  # absolute and without "..", symlinks kept
        data = fileio.read_bytes(path)
        text = decode(data, path)
        try:
            document = cls(Post.parse(text, path), parent)
        except FrontMatterError as error:
            document = cls(Post.parse("", path), parent)
            document._open_broken(text, error)
        document._disk = DiskState.from_bytes(path, data)
        return document

    def _open_broken(self, text: str, error: FrontMatterError) -> None:
        parts = split_front_matter(text)
        assert parts is not None  # only front matter can fail to parse
        self._broken = (parts.opening, parts.front_matter, parts.closing)
        self._load_body(parts.body, "\r\n" if parts.opening.endswith("\r\n") else "\n")
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
        body = self.body
        return self._marks.to_editor(body) if self._marks is not None else body

    @property
    def body(self) -> str:
        """The body with ``\\n`` line ends (the file's other characters as they are)."""
        if self._body is None:
            assert self._lines is not None
            self._body = "".join(self._lines)
        return self._body

    def body_lines(self) -> list[str]:
        """The body as lines with their ``\\n`` (render.body_lines); do not change it."""
        return self._lines_now()

    def _lines_now(self) -> list[str]:
        if self._lines is None:
            self._lines = body_lines(self.body)
        return self._lines

    def _set_body_text(self, text: str) -> None:
        self._body, self._lines, self._post_stale = text, None, False
        self._pending, self._whole = None, True

    def _load_body(self, raw: str, fallback_newline: str) -> None:
        """Take a body as the file holds it: its line ends, and stand-ins if it needs them."""
        text, self._ends = split_line_ends(raw, fallback_newline)
        self._marks = Placeholders.for_text(text)
        self._set_body_text(text)

    def _sync_post(self) -> None:
        if self._post_stale:
            self._post_stale = False
            if self._broken is None:
                self._post.body = self._file_body()

    @property
    def front_matter_text(self) -> str:
        return self._broken[1] if self._broken else self._post.front_matter_text

    @property
    def front_matter_format(self) -> str:
        """``yaml``, ``toml`` or ``json``."""
        return "yaml" if self._broken is not None else self._post.front_matter_format

    @property
    def front_matter_read_only(self) -> str | None:
        """Why the front matter cannot be edited in Galley (TOML, JSON), or None."""
        return None if self._broken is not None else self._post.read_only_reason

    @property
    def disk_state(self) -> DiskState | None:
        """The file as last loaded, saved or acknowledged (None: untitled, or never on disk)."""
        return self._disk

    def acknowledge_disk(self, state: DiskState | None) -> None:
        """The user has seen this version of the file on disk (and chose to keep their text)."""
        self._disk = state

    def full_text(self) -> str:
        """The whole post as it would be saved (front matter included, the file's line ends)."""
        return self._current_text()

    def meta_dict(self) -> dict[str, Any]:
        return self._post.meta.to_dict()

    @property
    def body_start_line(self) -> int:
        if self._broken:
            prefix, raw, closing = self._broken
            return 1 + (prefix + raw + closing).count("\n")
        return self._post.body_start_line

    # -- edits

    def set_body(self, text: str) -> None:
        """The editor's text changed (as a whole; stand-ins are mapped back)."""
        if self._marks is not None:
            text = self._marks.from_editor(text)
        if text == self.body:
            return
        if self._ends.mixed:
            self._ends.carry(self._lines_now(), body_lines(text))
        self._set_body_text(text)
        if self._broken is None:
            self._post.body = self._file_body()
        self._touched()

    def edit_lines(self, first: int, count: int, blocks: Sequence[str]) -> int:
        """The editor's lines ``first`` to ``first + count`` (0-based, without their line ends)
        are now ``blocks``: how typing reaches the document without a copy of the whole text
        per key. Returns how many lines the body has now, in the editor's count (a last empty
        line included), for the caller to check that it is in step."""
        lines = self._lines_now()
        if self._marks is not None:
            blocks = [self._marks.from_editor(block) for block in blocks]
        pending = self._pending
        if pending is not None and not pending[0] - NEAR_LINES <= first <= pending[1] + NEAR_LINES:
            # Typing moved far from the lines not yet rendered: render the body as it is now
            # (soon, in an event of its own, not inside this keystroke), so that each render
            # is of one small window and not of all the lines in between (a word at the top
            # and one in the middle of a 4 MB post took 2.6 s as one).
            self._pending = None
            if self._rendered:
                self._snapshots.append(list(lines))
                self._early_timer.start()
                self._whole = False  # from here on, edits are counted from the snapshot
        total = _editor_line_count(lines)
        before = len(lines)
        if first + count >= total:  # the edit reaches the last line, which has no line end
            fresh = [block + "\n" for block in blocks[:-1]]
            if blocks and blocks[-1]:
                fresh.append(blocks[-1])
            changed = lines[first:] != fresh
            if changed:
                self._ends.splice(first, len(lines) - first, fresh)
            lines[first:] = fresh
        else:
            fresh = [block + "\n" for block in blocks]
            changed = lines[first : first + count] != fresh
            if changed:
                self._ends.splice(first, count, fresh)
            lines[first : first + count] = fresh
        if changed:
            self._body = None
            self._post_stale = True
            end = first + len(fresh)
            if self._pending is None:
                self._pending = (first, end)
            else:
                start, stop = self._pending
                if first < stop:
                    stop = max(first, stop + len(lines) - before)
                self._pending = (min(start, first), max(stop, end))
            self._touched()
        return _editor_line_count(lines)

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
        """The raw YAML was edited (the YAML tab gives ``\\n`` line ends; each line gets the
        front matter's own). Invalid YAML is kept as typed and reported, never saved."""
        current = self.front_matter_text
        if text == current or text == to_editor_text(current) or self.front_matter_read_only:
            return
        if text and not text.endswith(("\n", "\r")):
            text += "\n"  # the closing '---' must start a line of its own
        text = _with_line_ends(current, text, self._front_matter_newline())
        if text == current:
            return
        if self._broken is not None:
            prefix, _, closing = self._broken
            self._repair(prefix, text, closing)
            return
        try:
            self._post.front_matter_text = text
        except FrontMatterError as error:
            self._enter_broken(text, error)
            return
        self._touched(meta=True)

    def _front_matter_newline(self) -> str:
        if self._broken is not None:
            return "\r\n" if self._broken[0].endswith("\r\n") else "\n"
        return self._post.newline

    def _enter_broken(self, raw: str, error: FrontMatterError) -> None:
        self._sync_post()
        parts = split_front_matter(self._post.dumps())
        delimiter = "---" + self._post.newline
        bom = BOM if self._post.has_bom else ""
        prefix = parts.opening if parts else bom + delimiter
        closing = parts.closing if parts and parts.closing else delimiter
        self._broken = (prefix, raw, closing)
        self._error = error
        self.front_matter_error.emit(error)
        self._touched()

    def _repair(self, prefix: str, raw: str, closing: str) -> None:
        text = prefix + raw + closing + self._file_body()
        try:
            post = Post.parse(text, self.path)
        except FrontMatterError as error:
            self._broken = (prefix, raw, closing)
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

    def _file_body(self) -> str:
        """The body as the file holds it: each line's own end."""
        if not self._ends.mixed:
            return self._ends.join((), self.body)
        return self._ends.join(self._lines_now(), self.body)

    def _touched(self, meta: bool = False) -> None:
        if not self._modified:
            self._modified = True
            self.modified_changed.emit(True)
        self._check.start()
        if meta:
            self.meta_changed.emit()
        self.content_changed.emit()

    def _current_text(self) -> str:
        if self._broken is not None:
            prefix, raw, closing = self._broken
            return prefix + raw + closing + self._file_body()
        self._sync_post()
        return self._post.dumps()

    def _recheck_modified(self) -> None:
        """Undoing back to the saved text makes the post unmodified again."""
        modified = self._saved_text is None or self._current_text() != self._saved_text
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
            raise SaveError(
                f"Could not save {self.display_name}: its front matter is not valid YAML "
                f"(line {self._error.line}).",
                "Fix the YAML in the form's YAML tab; nothing has been written.",
                path=self.path,
            )
        target = Path(os.path.abspath(path)) if path is not None else self.path
        if target is None:
            raise SaveError("Could not save the post.", "It has no file yet; use Save As.")
        moved = target != self.path
        on_disk = DiskState.of(target)
        newer = on_disk is not None and not on_disk.same_content(self._disk)
        if newer and not moved and not overwrite_newer:
            raise SaveConflict(
                f"{self.display_name} was changed on disk since you opened it.",
                "Saving now would replace that newer version with yours. Reload it to see "
                "the other changes, or save anyway to keep yours.",
                path=target,
            )
        if on_disk is not None and not overwrite_read_only and is_read_only(target):
            raise ReadOnlyFile(
                f"{self.display_name} is read-only.",
                "The file is marked read-only, perhaps on purpose. Save anyway to replace it "
                "(it stays read-only), or use Save As to save a copy elsewhere.",
                path=target,
            )
        if on_disk is not None and not self._backed_up and self.backup_folder is not None:
            self._keep_backup(target)
        self._sync_post()
        expected = on_disk

        def unchanged_since_check() -> None:
            # Writing and fsyncing a big post takes a while: a program that wrote the file
            # meanwhile must not be replaced without a word.
            now = DiskState.of(target)
            if now != expected and not (now is not None and now.same_content(expected)):
                raise SaveConflict(
                    f"{self.display_name} was changed on disk while Galley was saving it.",
                    "Nothing was written. Reload it to see the other changes, or save again "
                    "to keep yours.",
                    path=target,
                )

        self._post.save(target, before_replace=unchanged_since_check)
        self._saved_text = self._post.dumps()
        self._disk = DiskState.of(target)
        if self._modified:
            self._modified = False
            self.modified_changed.emit(False)
        if moved:
            self._renderer = DocumentRenderer(self.folder, self.body_start_line)
            self._pending, self._early, self._rendered = None, [], False
            self._snapshots.clear()
            self._whole = True
            self.path_changed.emit(target)
            self.content_changed.emit()

    def _keep_backup(self, target: Path) -> None:
        """The first save of a session keeps the previous version (a failure only logs)."""
        assert self.backup_folder is not None
        try:
            journal.keep_backup(target, fileio.read_bytes(target), folder=self.backup_folder)
            self._backed_up = True
        except GalleyError as error:
            log.warning("No backup of %s: %s", target, error)

    def reload(self) -> None:
        """Read the file again (it changed on disk); the post becomes unmodified.

        Raises PostLoadError when it cannot be read; the text in the window is then untouched.
        """
        if self.path is None:
            return
        data = fileio.read_bytes(self.path)
        text = decode(data, self.path)
        self._disk = DiskState.from_bytes(self.path, data)
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
        self._disk = None
        self._saved_text = None
        if not self._modified:
            self._modified = True
            self.modified_changed.emit(True)

    def _set_text(self, text: str, saved: str | None) -> None:
        """Replace the whole post with ``text``; ``saved`` is the text on disk."""
        path = self.path
        try:
            self._post = Post.parse(text, path)
            self._broken = self._error = None
        except FrontMatterError as error:
            self._post = Post.parse("", path)
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

    # -- rendering

    def rendered_headings(self) -> list[tuple[int, str]] | None:
        """The top-level headings of the body as the preview last rendered it (0-based body
        line, Markdown text), or None when the body changed since (or was never rendered)."""
        if not self._rendered or self._whole or self._pending is not None or self._snapshots:
            return None
        return self._renderer.heading_sources()

    def render_full(self) -> RenderResult:
        self._renderer = DocumentRenderer(self.folder, self.body_start_line)
        self._pending, self._early, self._rendered = None, [], True
        self._snapshots.clear()
        self._whole = False
        return self._renderer.render_lines(list(self._lines_now()))

    def render_update(self) -> RenderUpdate:
        """What changed in the rendered body since the last render (cheap after small edits)."""
        while self._snapshots:
            self._render_snapshot()
        # The lines outside the edited range are those of the last render (or snapshot): the
        # renderer need not compare them to find the edit.
        edited = None if self._whole else self._pending
        update = self._renderer.update_lines(list(self._lines_now()), self.body_start_line, edited)
        if self._early:
            update.earlier = [step for step in self._early if step]
        self._pending, self._early, self._whole = None, [], False
        return update

    def _render_snapshot(self) -> None:
        if self._snapshots:
            lines = self._snapshots.pop(0)
            self._early.append(self._renderer.update_lines(lines, self.body_start_line))
        if self._snapshots:
            self._early_timer.start()


def _with_line_ends(old: str, new: str, fallback: str) -> str:
    """``new`` (``\\n`` line ends) with the line ends of ``old``, the text it replaces: lines
    kept from ``old`` keep theirs, new lines get ``old``'s first (else ``fallback``)."""
    old_text, ends = split_line_ends(old, fallback)
    new = to_editor_text(new)
    if ends.mixed:
        ends.carry(body_lines(old_text), body_lines(new))
        return ends.join(body_lines(new), new)
    return ends.join((), new)


def _editor_line_count(lines: list[str]) -> int:
    """How many lines the editor shows for ``lines`` (body_lines): one more when the body ends
    with a line end, or is empty."""
    return len(lines) + (0 if lines and not lines[-1].endswith("\n") else 1)
