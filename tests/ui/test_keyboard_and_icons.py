"""Every action can be reached from the keyboard, is listed in Help ▸ Keyboard Shortcuts, and
has an icon even where the system's icon theme has none."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui import icons
from editor.ui.dialogs.shortcuts_dialog import ShortcutsDialog, plain_text
from editor.ui.main_window import MainWindow

MNEMONIC = re.compile(r"(?<!&)&([^&])")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.set("files/recent", [str(tmp_path / f"post-{n}.md") for n in range(10)])
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    return win


def menus(window: MainWindow) -> Iterator[QMenu]:
    """Every menu of the menu bar, submenus included (Open Recent filled as when opened)."""
    window.actions_.recent_menu.aboutToShow.emit()
    pending = [a.menu() for a in window.menuBar().actions()]
    while pending:
        menu = pending.pop(0)
        assert isinstance(menu, QMenu)
        yield menu
        pending.extend(a.menu() for a in menu.actions() if isinstance(a.menu(), QMenu))


def menu_actions(window: MainWindow) -> list[QAction]:
    return [
        action
        for menu in menus(window)
        for action in menu.actions()
        if not action.isSeparator() and not isinstance(action.menu(), QMenu)
    ]


def test_no_two_actions_share_a_shortcut(window: MainWindow) -> None:
    owners: dict[str, str] = {}
    actions = {*window.findChildren(QAction), *menu_actions(window)}
    for action in actions:
        for key in action.shortcuts():
            name = key.toString()
            assert name not in owners, f"{name}: {owners[name]} and {action.text()}"
            owners[name] = action.text()
    # The important ones have keys.
    a = window.actions_
    for action in (a.revert, a.rename_image, a.scroll_sync, a.shortcuts, a.quit, a.find_next):
        assert not action.shortcut().isEmpty(), action.text()


def test_every_menu_item_has_a_mnemonic_of_its_own(window: MainWindow) -> None:
    bar = [MNEMONIC.search(a.text()) for a in window.menuBar().actions()]
    assert all(bar)
    titles = [m.group(1).lower() for m in bar if m]
    assert len(titles) == len(set(titles))
    for menu in menus(window):
        letters: dict[str, str] = {}
        for action in menu.actions():
            if action.isSeparator():
                continue
            found = MNEMONIC.search(action.text())
            assert found, f"no mnemonic: {action.text()!r} in {menu.title()!r}"
            letter = found.group(1).lower()
            assert letter not in letters, f"{action.text()} and {letters[letter]}: &{letter}"
            letters[letter] = action.text()


def test_the_dock_toggles_keep_their_mnemonics_when_the_title_changes(
    window: MainWindow,
) -> None:
    window.docks.problems_dock.setWindowTitle("Problems (3)")
    assert window.docks.problems_dock.toggleViewAction().text() == "Pro&blems (3)"


def test_the_keyboard_shortcuts_dialog_lists_every_action_and_filters(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.actions_.shortcuts.trigger()
    dialog = window.shortcuts_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    rows = dialog.visible_rows()
    actions = menu_actions(window)
    recent = set(window.actions_.recent_menu.actions())
    for action in actions:
        if action in recent:
            continue  # posts, not actions
        keys = ", ".join(k.toString() for k in action.shortcuts())
        assert (plain_text(action.text()), keys) in rows
    assert ("Bold", "Ctrl+B") in rows
    assert ("Keyboard Shortcuts", "F1, Ctrl+/") in rows
    assert ("Rename Image", "F2") in rows

    qtbot.keyClicks(dialog.filter_edit, "bold")
    assert dialog.visible_rows() == [("Bold", "Ctrl+B")]
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "f3")
    assert {name for name, _keys in dialog.visible_rows()} == {"Find Next", "Find Previous"}
    dialog.filter_edit.setText("no such action")
    assert dialog.visible_rows() == [] and dialog.empty.isVisible()
    dialog.filter_edit.clear()
    assert dialog.visible_rows() == rows


@pytest.fixture
def no_icon_theme() -> Iterator[None]:
    theme, fallback = QIcon.themeName(), QIcon.fallbackThemeName()
    paths = QIcon.themeSearchPaths()
    QIcon.setThemeName("galley-no-such-theme")
    QIcon.setFallbackThemeName("galley-no-such-theme")
    QIcon.setThemeSearchPaths([])
    yield
    QIcon.setThemeSearchPaths(paths)
    QIcon.setFallbackThemeName(fallback)
    QIcon.setThemeName(theme)


def test_every_action_icon_shows_without_an_icon_theme(
    qtbot: QtBot, tmp_path: Path, no_icon_theme: None
) -> None:
    assert not QIcon.hasThemeIcon("document-save")
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    named = window.actions_.icon_names
    toolbar = [a for a in window.toolbar.actions() if not a.isSeparator()]
    assert len(toolbar) == 10 and all(a in named for a in toolbar)
    for action, name in named.items():
        assert icons.has_bundled(name), name
        icon = action.icon()
        assert not icon.isNull(), action.text()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled):
            image = icon.pixmap(QSize(24, 24), mode).toImage()
            inked = sum(image.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24))
            assert inked > 20, f"{name} paints nothing"


def test_the_toolbar_can_be_hidden_and_stays_hidden(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.toolbar.isVisible()
    window.actions_.show_toolbar.trigger()  # View ▸ Show Toolbar
    assert not window.toolbar.isVisible()
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    assert not again.toolbar.isVisible() and not again.actions_.show_toolbar.isChecked()


def test_the_forms_mnemonics_do_not_clash_with_the_menu_bar(window: MainWindow) -> None:
    """Alt+letter in the front-matter form reaches its field, never a menu (Alt+E was
    Description's and Edit's, Alt+V Avatar's and View's)."""
    from PySide6.QtWidgets import QLabel

    owners: dict[str, str] = {}
    for action in window.menuBar().actions():
        for letter in MNEMONIC.findall(action.text()):
            assert letter.lower() not in owners, f"Alt+{letter}: {owners[letter.lower()]}"
            owners[letter.lower()] = f"menu {action.text()}"
    labels = [label.text() for label in window.form.findChildren(QLabel) if label.buddy()]
    assert len(labels) >= 6  # title, date, description, author, avatar, tags
    for text in labels:
        for letter in MNEMONIC.findall(text):
            owner = owners.get(letter.lower())
            assert owner is None, f"Alt+{letter}: form field {text!r} and {owner}"
            owners[letter.lower()] = f"form field {text}"
