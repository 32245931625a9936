"""View ▸ Add the Site's Common Words…: seed the site dictionary from the site's own posts.

The posts are read on a thread (about 2 s for a 49-post blog); the dialog then lists the words
the checker does not know that the posts use often (:func:`editor.core.spelling.propose_words`),
each with a tick box, most widely used first. Add writes the ticked ones to the site's
``galley-words.txt``; nothing is written before that.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core import plural
from editor.core.errors import GalleyError
from editor.core.spelling import (
    DICTIONARY_NAME,
    Proposal,
    add_to_dictionary,
    dictionary_path,
    propose_words,
)
from editor.ui import messages

log = logging.getLogger(__name__)


class SeedDictionaryDialog(QDialog):
    """Proposes the site's common unknown words; emits ``added(words)`` once they are written."""

    added = Signal(list)
    _found = Signal(object)  # list[Proposal] or an error sentence, from the reading thread

    def __init__(self, site: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seed-dictionary-dialog")
        self.setWindowTitle("Add the Site's Common Words")
        self._site = site
        self._path = dictionary_path(site.root)
        self.message = QLabel(f"Reading the {plural.count(len(site.posts), 'post')} of the site…")
        self.message.setWordWrap(True)
        self.words = QTreeWidget()
        self.words.setObjectName("seed-words")
        self.words.setHeaderLabels(["Word", "Posts", "Times"])
        self.words.setRootIsDecorated(False)
        self.words.setUniformRowHeights(True)
        header = self.words.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self.words.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        self.words.itemChanged.connect(lambda *_: self._update_button())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = QPushButton("&Add")
        self.add_button.setDefault(True)
        self.add_button.setEnabled(False)
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.none_button = QPushButton("Tick &None")
        self.none_button.clicked.connect(lambda: self._tick_all(False))
        self.all_button = QPushButton("Tick A&ll")
        self.all_button.clicked.connect(lambda: self._tick_all(True))
        for button in (self.all_button, self.none_button):
            button.setEnabled(False)
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 480)
        self._found.connect(self._show)
        threading.Thread(target=self._read, name="seed-dictionary", daemon=True).start()

    def _read(self) -> None:
        try:
            found: object = propose_words(self._site)
        except GalleyError as error:
            found = f"{error.summary} {error.detail}".strip()
        except Exception:  # a post that breaks the reader must not take the window down
            log.exception("Proposing words for %s failed", self._site.root)
            found = "The posts could not be read; the log has the details."
        with contextlib.suppress(RuntimeError):  # the dialog closed while reading the posts
            self._found.emit(found)

    def _show(self, found: object) -> None:
        if isinstance(found, str):
            self.message.setText(found)
            return
        proposals: list[Proposal] = list(found)  # type: ignore[call-overload]
        if not proposals:
            self.message.setText(
                f"Every word the site's posts use often is known already (or in {DICTIONARY_NAME})."
            )
            return
        self.message.setText(
            f"{plural.count(len(proposals), 'word')} the checker does not know "
            f"{plural.noun(len(proposals), 'is')} used in several posts or "
            f"many times. Tick the ones to accept; Add writes them to {DICTIONARY_NAME} at "
            "the site's root, to share with the team through git."
        )
        self.words.blockSignals(True)
        for proposal in proposals:
            item = QTreeWidgetItem([proposal.word, str(proposal.posts), str(proposal.count)])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.words.addTopLevelItem(item)
        self.words.blockSignals(False)
        for button in (self.all_button, self.none_button):
            button.setEnabled(True)
        self._update_button()

    def ticked(self) -> list[str]:
        """The words ticked now."""
        items = (self.words.topLevelItem(i) for i in range(self.words.topLevelItemCount()))
        return [item.text(0) for item in items if item.checkState(0) == Qt.CheckState.Checked]

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for index in range(self.words.topLevelItemCount()):
            self.words.topLevelItem(index).setCheckState(0, state)

    def _update_button(self) -> None:
        count = len(self.ticked())
        self.add_button.setEnabled(count > 0)
        self.add_button.setText(f"&Add {count:,} {plural.noun(count, 'Word')}")

    def accept(self) -> None:
        words = self.ticked()
        if not words:
            return
        try:
            add_to_dictionary(self._path, words)
        except GalleyError as error:
            log.warning("Could not add %d words to %s: %s", len(words), self._path, error)
            messages.show_error(self, error)
            return  # the dialog stays open: nothing was written
        self.added.emit(words)
        super().accept()
