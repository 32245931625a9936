"""Help ▸ Keyboard Shortcuts: every menu action and its keys, read from the menus themselves.

Nothing here is a hand-written list: the rows come from walking the menu bar, so a new action
or a changed key shows up without touching this file.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

MOVED = (
    "Quick Open moved to Ctrl+T: Ctrl+P now prints (File ▸ Print…). "
    "Plain Text moved to Ctrl+Alt+0: Ctrl+0 is View ▸ Actual Size."
)
"""Keys that changed, said where people look for them."""


@dataclass(frozen=True)
class Row:
    group: str  # "Edit" or "Edit ▸ Image Options"
    text: str  # "Find Next"
    keys: str  # "F3", "F1, Ctrl+/" or "" (no shortcut)


def plain_text(text: str) -> str:
    """A menu text without its mnemonic marker and trailing ellipsis: "Save &As…" → "Save As"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def menu_rows(bar: QMenuBar, skip: Collection[QMenu] = ()) -> list[Row]:
    """Every visible action of the menu bar's menus, in menu order (``skip``: menus whose
    entries are not actions, such as Open Recent)."""
    rows: list[Row] = []

    def walk(menu: QMenu, group: str) -> None:
        submenus: list[tuple[QMenu, str]] = []  # listed after the menu's own actions
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                if submenu not in skip:
                    submenus.append((submenu, f"{group} ▸ {plain_text(action.text())}"))
                continue
            keys = ", ".join(
                key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
            )
            rows.append(Row(group, plain_text(action.text()), keys))
        for submenu, name in submenus:
            walk(submenu, name)

    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.isVisible():
            walk(menu, plain_text(action.text()))
    return rows


class ShortcutsDialog(QDialog):
    """The actions grouped by menu, with a filter box (matches names, keys and menus)."""

    def __init__(self, rows: list[Row], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("shortcuts-dialog")
        self.resize(560, 640)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Type part of a name or a key, e.g. “bold” or “Ctrl+B”")
        self.filter_edit.setClearButtonEnabled(True)
        label = QLabel("&Filter:")
        label.setBuddy(self.filter_edit)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.filter_edit, 1)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self._groups: list[QTreeWidgetItem] = []
        for row in rows:
            if not self._groups or self._groups[-1].text(0) != row.group:
                group = QTreeWidgetItem(self.tree, [row.group])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self._groups.append(group)
            QTreeWidgetItem(self._groups[-1], [row.text, row.keys])
        self.tree.expandAll()
        self.tree.setItemsExpandable(False)

        self.empty = QLabel("No action matches.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.moved = QLabel(MOVED)
        self.moved.setObjectName("shortcuts-moved")
        self.moved.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.moved)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.filter_edit.textChanged.connect(self.set_filter)
        self.filter_edit.setFocus()

    def set_filter(self, text: str) -> None:
        """Show only the actions whose name, keys or menu contain ``text`` (any case)."""
        needle = text.strip().casefold()
        shown = 0
        for group in self._groups:
            group_matches = needle in group.text(0).casefold()
            visible = 0
            for index in range(group.childCount()):
                item = group.child(index)
                haystack = f"{item.text(0)}\n{item.text(1)}".casefold()
                hidden = bool(needle) and not group_matches and needle not in haystack
                item.setHidden(hidden)
                visible += not hidden
            group.setHidden(visible == 0)
            shown += visible
        self.empty.setVisible(shown == 0)

    def visible_rows(self) -> list[tuple[str, str]]:
        """The (name, keys) rows the filter lets through, in order."""
        return [
            (group.child(i).text(0), group.child(i).text(1))
            for group in self._groups
            if not group.isHidden()
            for i in range(group.childCount())
            if not group.child(i).isHidden()
        ]
