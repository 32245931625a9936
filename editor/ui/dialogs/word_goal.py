"""The status bar's word count, with an optional word count goal per post.

The goal is the writer's, not the post's: it is kept in the settings under the post's path
(``posts/word_goals``), never written into the post. Clicking the count (or Edit ▸ Set Word
Count Goal…) sets it; 0 clears it. With a goal the count reads "812 / 1,000 words", beside a
thin progress bar; a selection shows its own words and reading time instead.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QProgressBar, QWidget

from editor.core import plural, textstats
from editor.state.settings import Settings
from editor.ui import messages

log = logging.getLogger(__name__)
KEY = "posts/word_goals"
MAX_GOAL = 1_000_000


def ask_goal(parent: QWidget, current: int) -> int | None:
    """Ask for a goal (0: none); None if cancelled. Tests replace this."""
    return messages.ask_number(
        parent,
        "Word Count Goal",
        "Words to aim for in this post (0 for no goal):",
        current,
        0,
        MAX_GOAL,
        100,
    )


class _ClickableLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class WordGoal(QObject):
    """The word count label and goal bar for the status bar of ``window``."""

    def __init__(
        self,
        settings: Settings,
        window: QWidget,
        *,
        editor: QPlainTextEdit,
        body_lines: Callable[[], list[str]],
    ) -> None:
        """The words counted are ``editor``'s selection, else the post's ``body_lines()``."""
        super().__init__(window)
        self._settings = settings
        self._window = window
        self._editor = editor
        self._body_lines = body_lines
        self._counter = textstats.WordCounter()
        self._count_timer = QTimer(self, singleShot=True, interval=250)
        self._count_timer.timeout.connect(self._count)
        self._path: Path | None = None
        self._untitled_goal: int | None = None  # until the post has a path
        self._words = 0
        self.label = _ClickableLabel()
        self.label.setObjectName("status-words")
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label.setToolTip("Click to set a word count goal for this post")
        self.label.clicked.connect(self.ask)
        self.bar = QProgressBar()
        self.bar.setObjectName("word-goal-bar")
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(72, 6)
        self.bar.hide()

    # -- the goal

    def set_post(self, path: Path | None) -> None:
        """The window shows the post at ``path`` now (or it was saved there)."""
        untitled = self._path is None and self._untitled_goal is not None
        if path is not None and untitled and self._goal_of(path) is None:
            self._store(path, self._untitled_goal)  # an untitled post's goal follows its save
        if path is None and self._path is not None:
            self._untitled_goal = None  # a new untitled post starts without one
        self._path = path

    @property
    def goal(self) -> int | None:
        if self._path is None:
            return self._untitled_goal
        return self._goal_of(self._path)

    def set_goal(self, goal: int | None) -> None:
        """Set (or, with None or 0, clear) the open post's goal."""
        goal = goal if goal and goal > 0 else None
        if self._path is None:
            self._untitled_goal = goal
        else:
            self._store(self._path, goal)

    def ask(self) -> None:
        value = ask_goal(self._window, self.goal or 0)
        if value is not None:
            self.set_goal(value)
            self.show_count(self._words, minutes=None)

    # -- the count

    def recount(self) -> None:
        """Count again in a moment (the text or the selection changed)."""
        self._count_timer.start()

    def _count(self) -> None:
        selected = self._editor.textCursor().selectedText().replace("\u2029", "\n")
        if selected:
            words = self._counter.count(selected)
        else:
            words = self._counter.count_lines(self._body_lines())
        minutes = textstats.reading_minutes(words)
        self.show_count(words, minutes, selection=bool(selected))

    def show_count(self, words: int, minutes: int | None, selection: bool = False) -> None:
        """Show ``words`` (the post's, or the selection's) and the reading time."""
        if minutes is None:  # the goal changed: same words
            minutes = textstats.reading_minutes(words)
        goal = None if selection else self.goal
        if not selection:
            self._words = words
        if selection:
            text = f"Selection: {plural.count(words, 'word')} · {minutes} min read"
        elif goal:
            text = f"{words:,} / {plural.count(goal, 'word')} · {minutes} min read"
        else:
            text = f"{plural.count(words, 'word')} · {minutes} min read"
        self.label.setText(text)
        self.bar.setVisible(goal is not None)
        if goal:
            self.bar.setRange(0, goal)
            self.bar.setValue(min(words, goal))
            share = round(100 * words / goal)
            self.bar.setToolTip(f"{share}% of your goal of {plural.count(goal, 'word')}")

    # -- storage

    def _all(self) -> dict[str, int]:
        raw = self._settings.get(KEY)
        if not raw:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            log.warning("Word count goals unreadable; starting afresh")
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): int(v) for k, v in data.items() if isinstance(v, int) and v > 0}

    def _goal_of(self, path: Path) -> int | None:
        return self._all().get(str(path))

    def _store(self, path: Path, goal: int | None) -> None:
        goals = self._all()
        if goal is None:
            goals.pop(str(path), None)
        else:
            goals[str(path)] = goal
        self._settings.set(KEY, json.dumps(goals, sort_keys=True) if goals else "")
