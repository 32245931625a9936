"""What the preview re-renders, and when: the open post's render schedule (layer 1: QtCore only).

The document tells the schedule which lines each keystroke edited (:meth:`RenderSchedule.
before_edit` and :meth:`~RenderSchedule.lines_edited`) and when the body was replaced as a
whole; the preview asks for a render when its own typing pause is over. Edits close together
are rendered as one small window; when typing moves far from the lines not yet rendered, the
body as it was is rendered early, in an event of its own, so that each render stays small.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer

from editor.core.render import DocumentRenderer, RenderResult, RenderUpdate
from editor.core.render.dialects import Dialect

if TYPE_CHECKING:
    from editor.core.site import ImageResolver

__all__ = ["NEAR_LINES", "RenderSchedule", "RenderSource"]

NEAR_LINES = 64
"""Edits this close to the lines edited since the last render are rendered together."""


class RenderSource(Protocol):
    """The open post as the schedule renders it (the document)."""

    @property
    def folder(self) -> Path | None: ...

    @property
    def body_start_line(self) -> int: ...

    def body_lines(self) -> list[str]: ...


class RenderSchedule(QObject):
    """The renderer of one open post, and the lines edited since it last rendered."""

    def __init__(self, source: RenderSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A weak reference: the document owns its schedule, and a cycle between them would
        # leave a closed document to Python's cycle collector, which may run on any thread
        # (the recovery journal's writer) and delete Qt objects there (a crash, seen in tests).
        self._source = weakref.proxy(source)
        # Lines edited since the last render_update, and what was rendered early when typing
        # moved far from them (see before_edit).
        self._pending: tuple[int, int] | None = None
        # Whether the body changed other than line by line (lines_edited) since the last render
        # or snapshot: then ``_pending`` does not bound what changed.
        self._whole = True
        self._early: list[RenderUpdate] = []
        self._snapshots: list[list[str]] = []  # bodies (as lines) to render early, in order
        self._early_timer = QTimer(self)
        self._early_timer.setSingleShot(True)
        self._early_timer.setInterval(0)
        self._early_timer.timeout.connect(self._render_snapshot)
        self._rendered = False  # the renderer has rendered this body once (render_full)
        self.emoji = False  # the site renders :shortcodes: as emoji (from the next render_full)
        self.dialect: Dialect | None = None  # how the site's generator renders (likewise)
        # Where the post's images are on its site (from the next render_full); None: by folder.
        self.images: ImageResolver | None = None
        self._renderer = DocumentRenderer(source.folder, source.body_start_line)

    # -- what changed

    def body_replaced(self) -> None:
        """The body was replaced as a whole: the next update compares all of it."""
        self._pending, self._whole = None, True

    def before_edit(self, first: int, lines: list[str]) -> None:
        """Lines from ``first`` on are about to be edited; ``lines`` is the body before."""
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

    def lines_edited(self, first: int, end: int, grown: int) -> None:
        """Lines ``first`` to ``end`` of the body are new; the body has ``grown`` more lines
        than before the edit (fewer when negative)."""
        if self._pending is None:
            self._pending = (first, end)
        else:
            start, stop = self._pending
            if first < stop:
                stop = max(first, stop + grown)
            self._pending = (min(start, first), max(stop, end))

    def restart(self) -> None:
        """The post moved to another file (Save As): a new renderer, nothing rendered yet."""
        self._renderer = self._new_renderer()
        self._pending, self._early, self._rendered = None, [], False
        self._snapshots.clear()
        self._whole = True

    # -- rendering

    def rendered_headings(self) -> list[tuple[int, str]] | None:
        """The top-level headings as last rendered (0-based body line, Markdown text), or None
        when the body changed since (or was never rendered)."""
        if not self._rendered or self._whole or self._pending is not None or self._snapshots:
            return None
        return self._renderer.heading_sources()

    def render_full(self) -> RenderResult:
        """Render the body from scratch with a new renderer."""
        source = self._source
        self._renderer = self._new_renderer()
        self._pending, self._early, self._rendered = None, [], True
        self._snapshots.clear()
        self._whole = False
        return self._renderer.render_lines(list(source.body_lines()))

    def render_update(self) -> RenderUpdate:
        """What changed in the rendered body since the last render (cheap after small edits)."""
        while self._snapshots:
            self._render_snapshot()
        # The lines outside the edited range are those of the last render (or snapshot): the
        # renderer need not compare them to find the edit.
        edited = None if self._whole else self._pending
        source = self._source
        update = self._renderer.update_lines(
            list(source.body_lines()), source.body_start_line, edited
        )
        if self._early:
            update.earlier = [step for step in self._early if step]
        self._pending, self._early, self._whole = None, [], False
        return update

    def _new_renderer(self) -> DocumentRenderer:
        source = self._source
        return DocumentRenderer(
            source.folder, source.body_start_line, self.emoji, self.dialect, images=self.images
        )

    def _render_snapshot(self) -> None:
        if self._snapshots:
            lines = self._snapshots.pop(0)
            self._early.append(self._renderer.update_lines(lines, self._source.body_start_line))
        if self._snapshots:
            self._early_timer.start()
