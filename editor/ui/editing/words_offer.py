"""A one-time offer in the status bar: "Add the Site's Common Words…" for a fresh site whose
post shows many underlined names (Spotify, Kubernetes). Non-modal: typing goes on beside it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class WordsOffer(QFrame):
    """Emits ``accepted()`` (open the dialog) or ``dismissed()``; hides itself either way."""

    accepted = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("words-offer")
        self.label = QLabel()
        self.label.setObjectName("words-offer-text")
        self.add = QPushButton("&Add Common Words…")
        self.add.setObjectName("words-offer-add")
        self.later = QPushButton("Not Now")
        self.later.setObjectName("words-offer-dismiss")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.add)
        layout.addWidget(self.later)
        self.add.clicked.connect(self._accept)
        self.later.clicked.connect(self._dismiss)
        self.hide()

    def offer(self, examples: Sequence[str], count: int) -> None:
        names = ", ".join(examples[:3])
        self.label.setText(
            f"{count} words are underlined ({names}…): names this site uses? "
            "Galley can learn the site's common words."
        )
        self.show()

    def _accept(self) -> None:
        self.hide()
        self.accepted.emit()

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
