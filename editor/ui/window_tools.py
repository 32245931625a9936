"""The window's keyboard and view tools, composed beside :mod:`editor.ui.main_window` (which
would otherwise pass its size limit): pane cycling (F6), Escape from the form, full screen and
focus mode, the line-number gutter, Find in Site and the one-time common-words offer.

Like the window, this module only composes: each part is a leaf that shows and asks, wired
here to the window's actions, settings and site.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget

from editor.ui.editing.line_numbers import LineNumbers
from editor.ui.editing.words_offer import WordsOffer
from editor.ui.pane_focus import PaneFocus
from editor.ui.site.site_search import SiteSearchPanel
from editor.ui.window_modes import WindowModes

if TYPE_CHECKING:
    from editor.state.settings import Settings
    from editor.ui.main_window import MainWindow

_POSSESSIVE = re.compile(r"['’]s$")
OFFER_MIN_WORDS = 5  # distinct underlined words in the open post before the offer is made
OFFER_TEXT_LIMIT = 200_000  # characters of the post looked at for it


class WindowTools(QObject):
    """Builds and wires the tools of ``window`` (its panes, docks and actions exist)."""

    def __init__(self, window: MainWindow, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        w, a = window, window.actions_
        a.add_window_actions()
        self.search = SiteSearchPanel(self._site_posts, self._unsaved)
        self.search_dock = QDockWidget("Find in Site", w)
        self.search_dock.setObjectName("search-dock")
        self.search_dock.setWidget(self.search)
        self.search_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.search_dock)
        w.tabifyDockWidget(w.docks.problems_dock, self.search_dock)
        self.search_dock.hide()  # until Ctrl+Shift+F (a saved window state may show it)
        self.search.open_requested.connect(self._open_result)
        a.find_in_site.triggered.connect(self.find_in_site)

        self.panes = PaneFocus(self, self._panes)
        a.next_pane.triggered.connect(self.panes.next)
        a.previous_pane.triggered.connect(self.panes.previous)
        w.form.leave_requested.connect(lambda: w.editor.setFocus(Qt.FocusReason.OtherFocusReason))

        self.modes = WindowModes(
            w,
            full_screen=a.full_screen,
            focus_mode=a.focus_mode,
            editor=w.editor,
            editor_layout=w.editor_layout,
            panes=[(w.preview_pane, a.show_preview), (w.form, a.show_form)],
            toolbar=w.toolbar,
        )

        self.line_numbers = LineNumbers(w.editor, lambda: w.document.body_start_line)
        a.line_numbers.toggled.connect(self._line_numbers_toggled)
        a.line_numbers.setChecked(bool(self._settings.get("editor/line_numbers")))

        self.offer = WordsOffer()
        w.statusBar().addWidget(self.offer)
        self.offer.accepted.connect(w.spelling.seed)
        w.spelling.loaded.connect(lambda _speller: self.maybe_offer_words())
        w.site.followed.connect(self.maybe_offer_words)

    # -- panes

    def _panes(self) -> list:  # type: ignore[type-arg]
        w = self._window
        docks = [w.docks.posts_dock, w.outline.dock, w.docks.problems_dock, self.search_dock]
        return [
            w.editor,
            w.form,
            w.preview,
            *(dock.widget() for dock in docks if dock.isVisible() and dock.widget() is not None),
        ]

    # -- line numbers

    def _line_numbers_toggled(self, on: bool) -> None:
        self.line_numbers.set_shown(on)
        self._settings.set("editor/line_numbers", on)

    # -- find in site

    def find_in_site(self) -> None:
        """Edit ▸ Find in Site: the panel shown and raised, its query focused (the editor's
        selection as the query, when it is a phrase on one line)."""
        self.search_dock.show()
        self.search_dock.raise_()
        selected = self._window.editor.textCursor().selectedText()
        phrase = selected if selected and "\u2029" not in selected and len(selected) < 200 else ""
        self.search.start(phrase.strip())

    def _site_posts(self) -> list[tuple[Path, str]]:
        site = self._window.site.current()
        if site is None:
            return []
        return [(post.path, post.title or post.slug) for post in site.posts]

    def _unsaved(self) -> tuple[Path | None, str]:
        document = self._window.document
        if document.path is None or not document.is_modified:
            return None, ""
        return document.path, document.full_text()

    def _open_result(self, path: Path, line: int) -> None:
        w = self._window
        if w.document.path != path and not w.files.open_path(path):
            return
        w.scroll_sync.go_to_file_line(line)
        w.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the common words offer

    def maybe_offer_words(self) -> None:
        """Once per site: a fresh site (no word list yet) whose open post shows many
        underlined words is offered View ▸ Add the Site's Common Words…."""
        from editor.core.spelling import dictionary_path

        w = self._window
        site, speller = w.site.site, w.spelling.speller
        if site is None or speller is None or not w.spelling.toggle_action.isChecked():
            return
        root = str(site.root)
        offered = [str(name) for name in self._settings.get("spelling/offered_sites")]
        if root in offered or dictionary_path(site.root).exists():
            return
        seen: dict[str, str] = {}  # casefolded, without a possessive -> as written
        for word in speller.check_text(w.editor.toPlainText()[:OFFER_TEXT_LIMIT]):
            form = _POSSESSIVE.sub("", word.word)  # Spotify's is Spotify
            seen.setdefault(form.casefold(), form)
        if len(seen) < OFFER_MIN_WORDS:
            return
        self._settings.set("spelling/offered_sites", [root, *offered][:200])
        self.offer.offer(list(seen.values()), len(seen))
