"""The current post's problems (from :mod:`editor.core.checks`), kept up to date as one types.

Clicking a problem (or Enter) asks the window to go to its line; a problem with a safe fix shows
the fix on the button below the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from editor.core.checks import Problem

_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
_ORDER = {"error": 0, "warning": 1, "info": 2}


class ProblemsPanel(QWidget):
    """Lists problems; emits ``line_requested(file_line)`` and ``fix_requested(problem)``."""

    line_requested = Signal(int)
    fix_requested = Signal(object)  # Problem
    count_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems-panel")
        self._problems: list[Problem] = []
        self.list = QTreeWidget()
        self.list.setObjectName("problems-list")
        self.list.setHeaderLabels(["Problem", "Line"])
        self.list.setRootIsDecorated(False)
        self.list.setWordWrap(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemClicked.connect(self._go)
        self.list.itemActivated.connect(self._go)
        self.list.currentItemChanged.connect(lambda *_: self._update_fix())
        self.fix = QPushButton("Fix")
        self.fix.setObjectName("problems-fix")
        self.fix.setEnabled(False)
        self.fix.clicked.connect(self._fix)
        self.empty = QLabel("No problems found in this post.")
        self.empty.setObjectName("problems-empty")
        bottom = QHBoxLayout()
        bottom.addWidget(self.empty, 1)
        bottom.addWidget(self.fix)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def set_problems(self, problems: Sequence[Problem]) -> None:
        """Show ``problems`` (errors first, then by line); keeps the selection when it can."""
        ordered = sorted(problems, key=lambda p: (_ORDER.get(p.severity, 3), p.line, p.code))
        if ordered == self._problems:
            return
        current = self._selected()
        self._problems = ordered
        self.list.clear()
        style = self.style()
        for problem in ordered:
            where = str(problem.line) if problem.line else ""
            item = QTreeWidgetItem([problem.message, where])
            item.setIcon(0, style.standardIcon(_ICONS.get(problem.severity, _ICONS["info"])))
            item.setToolTip(0, f"{problem.severity}: {problem.message} ({problem.code})")
            self.list.addTopLevelItem(item)
            if current is not None and (problem.code, problem.message) == current:
                self.list.setCurrentItem(item)
        self.empty.setVisible(not ordered)
        self._update_fix()
        self.count_changed.emit(len(ordered))

    def _selected(self) -> tuple[str, str] | None:
        problem = self._current()
        return (problem.code, problem.message) if problem is not None else None

    def _current(self) -> Problem | None:
        index = self.list.indexOfTopLevelItem(self.list.currentItem())
        return self._problems[index] if 0 <= index < len(self._problems) else None

    def _go(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        problem = self._problems[self.list.indexOfTopLevelItem(item)]
        if problem.line:
            self.line_requested.emit(problem.line)

    def _update_fix(self) -> None:
        problem = self._current()
        fix = problem.fix if problem is not None else None
        self.fix.setEnabled(fix is not None)
        self.fix.setText(fix.label if fix is not None else "Fix")

    def _fix(self) -> None:
        problem = self._current()
        if problem is not None and problem.fix is not None:
            self.fix_requested.emit(problem)
