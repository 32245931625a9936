"""Spelling in the window: the View ▸ Check Spelling switch, the checker, and the context menu.

The checker (:class:`editor.core.spelling.Speller`) takes about 0.4 s to load its dictionary, so it
is loaded on a worker thread once the window is up; until it arrives nothing is underlined. The
highlighter underlines as it highlights, so only the lines Qt re-highlights (the edited ones)
are checked while typing. Right-clicking an underlined word offers up to five corrections (one
undo step each), Add to Site Dictionary (the site's ``galley-words.txt``, or the user's own list
for a post outside any site) and Ignore (until Galley quits).
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFont, QTextCursor
from PySide6.QtWidgets import QMenu, QWidget

from editor.core import plural
from editor.core.errors import GalleyError
from editor.core.spelling import (
    Speller,
    SpellingError,
    add_to_dictionary,
    dictionary_path,
    read_dictionary,
    spelling_language,
    user_dictionary_path,
)
from editor.state.settings import Settings
from editor.ui import messages

if TYPE_CHECKING:
    from editor.ui.editing.markdown_edit import MarkdownEdit

log = logging.getLogger(__name__)
SETTING = "editor/spelling"
_POSSESSIVE = re.compile(r"['’]s$")


class SpellChecking(QObject):
    """Spell checking for one editor: owns the checker, the switch and the menu entries."""

    status = Signal(str)  # a short message for the status bar
    loaded = Signal(object)  # Speller, from the loading thread (queued to this thread)

    def __init__(self, editor: MarkdownEdit, settings: Settings, parent: QWidget) -> None:
        super().__init__(parent)
        self._editor = editor
        self._settings = settings
        self._parent = parent
        self._speller: Speller | None = None
        self._language = ""  # of the checker loaded or loading ("": none, see _note)
        self._note = ""  # why the open post is not spell-checked, if it is not
        self._root: Path | None = None  # the site whose word list is in use
        self._meta: dict[str, Any] = {}
        self.toggle_action = QAction("Chec&k Spelling", parent, checkable=True)
        self.toggle_action.setChecked(bool(settings.get(SETTING)))
        self.toggle_action.toggled.connect(lambda on: settings.set(SETTING, on))
        self._site: Any = None
        self.seed_action = QAction("Add the Site's &Common Words…", parent)
        self.seed_action.setToolTip(
            "Add words the site's posts use often, and the checker does not know, to "
            "galley-words.txt"
        )
        self.seed_action.setEnabled(False)
        self.seed_action.triggered.connect(self.seed)
        settings.changed.connect(self._setting_changed)
        self.loaded.connect(self._use)

    # -- the checker

    @property
    def speller(self) -> Speller | None:
        """The loaded checker (None until it has loaded)."""
        return self._speller

    def follow(self, site: Any, meta: dict[str, Any] | None = None) -> None:
        """Use the word list of ``site`` (an :class:`editor.core.site.Site`, or None for a post
        outside any site) and the language of the post with front matter ``meta``."""
        self._root = site.root if site is not None else None
        self._site = site
        self.seed_action.setEnabled(site is not None)
        self._meta = dict(meta or {})
        site_language = site.settings.spelling_language if site is not None else None
        language, note = spelling_language(self._meta, site_language)
        if language is None:  # a post in a language Galley has no dictionary for
            if (self._language or note != self._note) and self._settings.get(SETTING):
                self.status.emit(note)
            self._language, self._note, self._speller = "", note, None
            self._editor.highlighter.set_speller(None)
            return
        self._note = ""
        if note:
            log.info("%s", note)
        if language != self._language:
            self._language = language
            self._speller = None
            self._editor.highlighter.set_speller(None)
            if self._settings.get(SETTING):
                self._load(language)
        elif self._speller is not None:
            self._speller.set_accepted(self._accepted_words())
            self._apply()

    def _load(self, language: str) -> None:
        words = self._accepted_words()

        def load() -> None:
            try:
                speller = Speller(language, words)
            except Exception:  # a broken dictionary package: the editor works without it
                log.exception("Could not load the %s spelling dictionary", language)
                return
            with contextlib.suppress(RuntimeError):  # the window closed while it loaded
                self.loaded.emit(speller)

        threading.Thread(target=load, name="spelling-load", daemon=True).start()

    def _use(self, speller: Speller) -> None:
        if speller.language != self._language:
            return  # another post's language was asked for meanwhile
        speller.set_accepted(self._accepted_words())
        self._speller = speller
        self._apply()

    def _apply(self) -> None:
        on = bool(self._settings.get(SETTING))
        self._editor.highlighter.set_speller(self._speller if on else None)

    def _setting_changed(self, key: str) -> None:
        if key != SETTING:
            return
        on = bool(self._settings.get(SETTING))
        self.toggle_action.setChecked(on)
        if on and self._speller is None and self._language:
            self._load(self._language)
        elif on and self._note:
            self.status.emit(self._note)
        self._apply()

    def _dictionary(self) -> Path:
        return dictionary_path(self._root) if self._root is not None else user_dictionary_path()

    def _accepted_words(self) -> list[str]:
        words: list[str] = []
        for path in dict.fromkeys((self._dictionary(), user_dictionary_path())):
            try:
                words += read_dictionary(path)
            except SpellingError as error:
                log.warning("%s %s", error.summary, error.detail)
                self.status.emit(error.summary)
        return words

    # -- the context menu

    def extend_menu(self, menu: QMenu, position: QPoint) -> None:
        """Put the corrections of the misspelled word at ``position`` (viewport coordinates)
        at the top of ``menu``, with Add to Site Dictionary and Ignore."""
        speller = self._editor.highlighter.speller()
        if speller is None:
            return
        cursor = self._editor.cursorForPosition(position)
        block = cursor.block()
        span = self._editor.highlighter.misspelled_at(block, cursor.positionInBlock())
        if span is None:
            return
        start, end = span
        word = block.text()[start:end]
        first = menu.actions()[0] if menu.actions() else None
        entries: list[QAction] = []
        for suggestion in speller.suggestions(word):
            action = QAction(suggestion, menu)
            bold = QFont(action.font())
            bold.setBold(True)
            action.setFont(bold)
            action.triggered.connect(
                lambda _checked=False, s=suggestion: self.replace(block.position(), start, end, s)
            )
            entries.append(action)
        if not entries:
            none = QAction("No Suggestions", menu)
            none.setEnabled(False)
            entries.append(none)
        entries.append(_separator(menu))
        where = "Site Dictionary" if self._root is not None else "Personal Dictionary"
        add = QAction(f"&Add “{_stem(word)}” to {where}", menu)
        add.triggered.connect(lambda: self.add_word(word))
        ignore = QAction("I&gnore", menu)
        ignore.setToolTip("Accept this word until Galley quits")
        ignore.triggered.connect(lambda: self.ignore_word(word))
        entries += [add, ignore, _separator(menu)]
        if first is None:
            menu.addActions(entries)
        else:
            menu.insertActions(first, entries)

    def replace(self, block_position: int, start: int, end: int, text: str) -> None:
        """Replace the characters ``[start, end)`` of the line at ``block_position``: one undo
        step."""
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(block_position + start)
        cursor.setPosition(block_position + end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        self._editor.setTextCursor(cursor)

    def add_word(self, word: str) -> None:
        """Add ``word`` (without a possessive 's) to the site's word list, or to the user's
        own when the post is outside any site, and stop underlining it."""
        stem = _stem(word)
        path = self._dictionary()
        try:
            add_to_dictionary(path, [stem])
        except GalleyError as error:
            log.warning("Could not add %r to %s: %s", stem, path, error)
            messages.show_error(self._parent, error)
            return
        if self._speller is not None:
            self._speller.accept([stem])
        self._editor.highlighter.recheck()
        self.status.emit(f"Added “{stem}” to {path.name}.")

    def seed(self) -> None:
        """Propose the site's common unknown words; the ticked ones go to its word list."""
        if self._site is None:
            return
        from editor.ui.dialogs.seed_dialog import SeedDictionaryDialog

        dialog = SeedDictionaryDialog(self._site, self._parent)
        dialog.added.connect(self._seeded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.seed_dialog = dialog  # tests

    def _seeded(self, words: list[str]) -> None:
        if self._speller is not None:
            self._speller.accept(words)
            self._editor.highlighter.recheck()
        self.status.emit(f"Added {plural.count(len(words), 'word')} to {self._dictionary().name}.")

    def ignore_word(self, word: str) -> None:
        """Stop underlining ``word`` until Galley quits."""
        if self._speller is not None:
            self._speller.ignore(_stem(word))
        self._editor.highlighter.recheck()


def _stem(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _separator(parent: QObject) -> QAction:
    action = QAction(parent)
    action.setSeparator(True)
    return action
