"""The site's panels around the editor: Posts (left) and Problems (bottom).

The Posts panel lists the site of the open post and creates new issues; the Problems panel
re-checks the open post's unsaved text shortly after typing pauses. Fixes are applied through
the editor (one undo step), and deleting an unused image asks first and moves it to the trash.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFile, QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDockWidget, QMainWindow, QPlainTextEdit

from editor.core import checkworker
from editor.core.errors import GalleyError
from editor.core.markdown_edits import URL_PLACEHOLDER, placeholder_link_at
from editor.state import relay
from editor.state.document import Document
from editor.ui import messages
from editor.ui.editing.image_import import apply_text
from editor.ui.editing.line_sync import editor_text
from editor.ui.site.posts_panel import PostsPanel
from editor.ui.site.problems_panel import ProblemsPanel
from editor.ui.site.site_context import SiteContext

if TYPE_CHECKING:
    from editor.core.checks import Problem

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 400  # the pause in typing after which the post is checked again
CHECK_DELAY_MAX_MS = 2000
CHECK_DELAY_PER_CHECK = 2.0  # ... but at least this many times as long as the last check took
_UNTITLED = Path("untitled.md")


class SiteDocks(QObject):
    """Builds and feeds the Posts and Problems docks of ``window``."""

    def __init__(
        self,
        window: QMainWindow,
        site: SiteContext,
        editor: QPlainTextEdit,
        *,
        open_post: Callable[[Path], object],
        go_to_line: Callable[[int], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._site = site
        self._editor = editor
        self._open_post = open_post
        # The user's (name, avatar) for new issues of a series that names no author.
        self.default_author: Callable[[], tuple[str, str]] = lambda: ("", "")
        self._document: Document | None = None
        self._waiting = False
        self._again = False
        self._snapshot: str | None = None
        self._shown: str | None = None
        self._sent_at = 0.0
        self._found: list[Problem] = []  # the last check's problems, before any is held back
        self._holding = False  # a placeholder link's problem is held back while the cursor is in it
        editor.cursorPositionChanged.connect(self._cursor_moved)
        # Checks come back (text, problems) from the worker's reader thread.
        self._checked = relay.Inbox(lambda answer: self._show_checked(*answer), self)
        self.posts = PostsPanel()
        self.problems = ProblemsPanel()
        self.posts_dock = self._dock("Posts", "posts-dock", self.posts)
        self.problems_dock = self._dock("Problems", "problems-dock", self.problems)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.posts_dock)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        # Sizes for a first start (a saved window state replaces them).
        window.resizeDocks([self.posts_dock], [290], Qt.Orientation.Horizontal)
        window.resizeDocks([self.problems_dock], [110], Qt.Orientation.Vertical)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        site.refreshed.connect(self._list_posts)
        site.reading.connect(self.posts.set_reading)
        self.posts.open_requested.connect(open_post)
        self.posts.new_issue_requested.connect(self.new_issue)
        self.problems.line_requested.connect(go_to_line)
        self.problems.fix_requested.connect(self.apply_fix)
        self.problems.count_changed.connect(self._count_changed)

    def _dock(self, title: str, name: str, widget: PostsPanel | ProblemsPanel) -> QDockWidget:
        dock = QDockWidget(title, self._window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        return dock

    # -- following the window

    def show_document(self, document: Document) -> None:
        """The window shows ``document`` now: list its site and check it."""
        if self._document is not None:
            with contextlib.suppress(RuntimeError):  # the old document may be gone already
                self._document.content_changed.disconnect(self._timer.start)
        self._document = document
        document.content_changed.connect(self._timer.start)
        self._list_posts()  # the window has just followed (read or refreshed) the site
        self.check_now()

    def refresh_posts(self) -> None:
        """List the site's posts again (after a save, a new issue, a change on disk), once it
        has been read again on the worker."""
        self._site.refresh()

    def _list_posts(self) -> None:
        current = self._document.path if self._document is not None else None
        self.posts.set_site(self._site.site, current)

    def check_now(self) -> None:
        """Check the open post's current text (unsaved edits included), off the typing path.

        The checks of a long post take a while (about 0.3 s at 400 KB), so they run in the
        check worker process (:mod:`editor.core.checkworker`) on a snapshot of the text; the result
        is shown if the text has not changed since. One check is asked for at a time; a
        request while one runs is remembered and sent after it.
        """
        self._timer.stop()
        document = self._document
        if document is None:
            return
        if self._waiting:
            self._again = True
            return
        self._again = False
        if document.path is None and not document.is_modified:
            # A pristine untitled post (a new one, the empty window after a crash or a
            # missing path) has no title or date yet by design: nothing to report until typed.
            self._snapshot = self._shown = document.full_text()
            self.problems.set_problems([])
            return
        site = self._site.site
        text = document.full_text()
        self._snapshot = text
        self._waiting = True
        self._sent_at = time.monotonic()
        checkworker.service().submit(
            site.root if site is not None else None,
            document.path or _UNTITLED,
            text,
            lambda _number, found: self._deliver(text, found),
        )

    def _deliver(self, text: str, found: list[Problem] | None) -> None:
        """From the reader thread: hand the result to the window's thread (if still there)."""
        self._checked.deliver((text, found))

    def wait_for_checks(self, timeout: float = 30.0) -> None:
        """Block until the latest check is done and shown (tests and benchmarks)."""
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            QCoreApplication.processEvents()
            if not self._waiting and not self._again and self._shown == self._snapshot:
                return
            time.sleep(0.005)

    def _show_checked(self, text: str, found: list[Problem] | None) -> None:
        self._waiting = False
        # A long post's check takes a while (0.4 s at 400 KB): wait for a longer pause before
        # the next, so that checking takes at most about a third of a core while one types.
        took_ms = (time.monotonic() - self._sent_at) * 1000
        self._timer.setInterval(
            round(min(CHECK_DELAY_MAX_MS, max(CHECK_DELAY_MS, CHECK_DELAY_PER_CHECK * took_ms)))
        )
        document = self._document
        self._shown = text
        if found is not None and document is not None and document.full_text() == text:
            self._found = found
            self._show_found()
        if self._again:
            self.check_now()

    def _show_found(self) -> None:
        """Show the last check's problems, but not the one of a link Insert Link has just made
        while the cursor is still in it (its address is still the placeholder)."""
        line = self._placeholder_line()
        held = f"The link to {URL_PLACEHOLDER} "
        shown = [
            problem
            for problem in self._found
            if not (problem.line == line and problem.code == "broken-link")
            or not problem.message.startswith(held)
        ]
        self._holding = len(shown) != len(self._found)
        self.problems.set_problems(shown)

    def _placeholder_line(self) -> int | None:
        cursor = self._editor.textCursor()
        document = self._document
        line = cursor.block().text()
        units = line.encode("utf-16-le")[: 2 * cursor.positionInBlock()]
        if document is None or not placeholder_link_at(
            line, len(units.decode("utf-16-le", "ignore"))
        ):
            return None
        return cursor.blockNumber() + document.body_start_line

    def _cursor_moved(self) -> None:
        if self._holding and self._placeholder_line() is None:
            self._show_found()  # the cursor left the link: now it is reported

    # -- actions

    def apply_fix(self, problem: Problem) -> None:
        from editor.core import checks

        fix = problem.fix
        document = self._document
        if fix is None or document is None:
            return
        if fix.kind == "delete-file" and fix.path is not None:
            self._delete_unused(fix.path)
        else:
            # Text fixes work on the whole file (their line numbers count the front matter);
            # the editor shows the body, which ends the file.
            body = editor_text(self._editor)  # no-break spaces kept, as the document has them
            full = document.full_text().replace("\r\n", "\n").replace("\r", "\n")
            site = self._site.site
            try:
                fixed = checks.apply_fix(problem, full, site.settings if site else None)
            except ValueError as error:
                log.warning("Fix not applied: %s", error)
                return
            head = len(full) - len(body)
            if full.endswith(body) and fixed[:head] == full[:head]:
                apply_text(self._editor, fixed[head:])
        self.check_now()

    def _delete_unused(self, path: Path) -> None:
        question = f"Move {path.name} to the trash? No post of this site uses it."
        if not messages.confirm(self._window, "Delete unused image", question, "&Move to Trash"):
            return
        if QFile.moveToTrash(str(path)):
            self._window.statusBar().showMessage(f"Moved {path.name} to the trash.", 6000)
        else:
            question = f"The trash is not available for {path.parent}. Delete {path.name} for good?"
            if messages.confirm(self._window, "Delete unused image", question, "&Delete"):
                try:
                    path.unlink()
                except OSError as error:
                    messages.show_error(
                        self._window,
                        GalleyError(
                            f"Could not delete {path.name}.",
                            f"{error.strerror or error}. Check the folder's permissions, or "
                            "delete it in your file manager.",
                        ),
                    )
        self.refresh_posts()

    def new_issue(self) -> None:
        from editor.core.site import create_issue, require_whole_site
        from editor.ui.site.new_issue_dialog import NewIssueDialog

        site = self._site.current()  # (a site still being read is waited for)
        if site is None:
            return
        try:  # never plan from a partial read: the number could be taken already
            require_whole_site(site)
        except GalleyError as error:
            messages.show_error(self._window, error)
            return
        dialog = NewIssueDialog(site, self._window, default_author=self.default_author())
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        plan = dialog.plan
        dialog.deleteLater()
        if not accepted or plan is None:
            return
        try:
            path = create_issue(plan)
        except GalleyError as error:
            messages.show_error(self._window, error)
            return
        self._open_post(path)
        self.refresh_posts()

    def _count_changed(self, count: int) -> None:
        self.problems_dock.setWindowTitle(f"Problems ({count})" if count else "Problems")
