"""Quick Open (Ctrl+T) and Go to Heading (Ctrl+Shift+O): the quick pickers' contents.

Quick Open lists the open site's posts by title (slug and date beside), or the recent posts
when no site is open; Go to Heading lists the post's headings. Choosing asks the window, through
the callables it gave, to open the post (which asks about unsaved changes) or jump to the line.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from editor.core import outline
from editor.ui.site.quick_pick import Entry, QuickPick

if TYPE_CHECKING:
    from editor.core.site import PostInfo, Site
    from editor.ui.site.outline_panel import OutlineDock


class Navigator(QObject):
    """Shows the pickers over ``window``; ``pick`` is the one shown last (tests)."""

    def __init__(
        self,
        window: QWidget,
        outline_dock: OutlineDock,
        *,
        site: Callable[[], Site | None],
        recent: Callable[[], list[str]],
        current_path: Callable[[], Path | None],
        open_post: Callable[[Path], object],
        go_to_line: Callable[[int], None],
        return_focus: Callable[[], None] = lambda: None,
    ) -> None:
        """``return_focus`` gives the keys back (to the editor) once a picker has closed,
        chosen or cancelled, rather than to the widget that had them before."""
        super().__init__(window)
        self._return_focus = return_focus
        self._window = window
        self._outline = outline_dock
        self._site = site
        self._recent = recent
        self._current_path = current_path
        self._open_post = open_post
        self._go_to_line = go_to_line
        self.pick: QuickPick | None = None

    def go_to_heading(self) -> QuickPick:
        found = self._outline.headings()
        depth = outline.parents(found)
        levels: list[int] = []
        for parent in depth:
            levels.append(levels[parent] + 1 if parent >= 0 else 0)
        entries = [
            Entry(heading.text, f"H{heading.level} · line {heading.line}", heading.line, level)
            for heading, level in zip(found, levels, strict=True)
        ]
        current = max(0, self._outline.current_index())
        pick = QuickPick(
            self._window,
            entries,
            placeholder="Go to heading: type part of its text",
            empty_text="No matching headings" if entries else "This post has no headings yet",
            fuzzy=True,
            current=current,
        )
        pick.chosen.connect(self._go_to_line)
        return self._show(pick)

    def quick_open(self) -> QuickPick:
        site = self._site()
        current = self._current_path()
        if site is not None:
            entries = [_post_entry(post) for post in site.posts if post.path != current]
            placeholder = f"Open a post of {site.root.name}: type words of its title or slug"
            empty = "No matching posts"
        else:
            paths = [Path(name) for name in self._recent()]
            entries = [_recent_entry(path) for path in paths if path != current]
            placeholder = "Open a recent post: type words of its name"
            empty = "No matching posts" if entries else "No recent posts yet"
        pick = QuickPick(self._window, entries, placeholder=placeholder, empty_text=empty)
        pick.chosen.connect(lambda path: self._open_post(Path(path)))
        return self._show(pick)

    def _show(self, pick: QuickPick) -> QuickPick:
        if self.pick is not None:
            with contextlib.suppress(RuntimeError):  # already deleted
                self.pick.close()
        self.pick = pick
        pick.destroyed.connect(lambda: self._forget(pick))
        pick.popup()
        return pick

    def _forget(self, pick: QuickPick) -> None:
        if self.pick is pick:
            self.pick = None
            self._return_focus()


def _post_entry(post: PostInfo) -> Entry:
    title = post.title or post.slug
    parts = [post.slug]
    if post.date is not None:
        parts.append(post.date.strftime("%d %b %Y"))
    if post.draft:
        parts.append("draft")
    if post.error:
        title = f"{post.slug} ({post.problem_label})"
    return Entry(title, " · ".join(parts), post.path)


def _recent_entry(path: Path) -> Entry:
    name = path.parent.name if path.name == "index.md" else path.name
    home = str(Path.home())
    folder = str(path.parent)
    if folder.startswith(home + os.sep):
        folder = "~" + folder[len(home) :]
    return Entry(name, folder, path)
