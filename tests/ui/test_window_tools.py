"""The keyboard and view tools as a person uses them: F6 through the panes, Escape out of the
form, Quick Open giving the keys back, Ctrl+W keeping the site, full screen and focus mode, line
numbers, Find in Site, Open Recent's sites and the one-time common-words offer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")

ISSUE = """---
title: 'Lighthouse Weekly {n} - {sub}'
date: '2021-05-{day:02d}T09:00:00.0Z'
tags: ['newsletter']
---

Intro of issue {n}.

## Lamps

The keepers moved the lamps to {where}.
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    blog = root / "content" / "blog"
    (root / "galley.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "galley.toml").write_text("")
    for n, day, sub, where in (
        (1, 3, "Hello", "the north tower"),
        (2, 10, "Lenses", "Kubernetes Point"),
        (3, 17, "Storms", "the harbour wall"),
    ):
        folder = blog / f"lighthouse-weekly-{n}-{sub.lower()}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(ISSUE.format(n=n, day=day, sub=sub, where=where))
    return root


def make_window(qtbot: QtBot, settings: Settings, site: Path | None) -> MainWindow:
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    win.activateWindow()
    if site is not None:
        with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
            assert win.files.open_folder(site)
        qtbot.waitUntil(lambda: win.site_followed)
    return win


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, site: Path) -> Iterator[MainWindow]:
    yield make_window(qtbot, settings, site)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = focused()
    assert widget is not None
    QTest.keyClick(widget, key, modifiers)


# -- panes


def test_f6_cycles_the_panes_and_shift_f6_goes_back(qtbot: QtBot, window: MainWindow) -> None:
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)
    seen = []
    for _ in range(4):
        press(Qt.Key.Key_F6)
        seen.append(window.tools.panes.current())
    posts = window.docks.posts
    assert seen == [window.form, window.preview, posts, window.outline.dock.widget()]
    press(Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is not None and posts.isAncestorOf(focused())  # the Posts filter
    for _ in range(3):
        press(Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.tools.panes.current() is window.editor  # form, preview, editor: back home


def test_ctrl_e_moves_on_too(qtbot: QtBot, window: MainWindow) -> None:
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)
    press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.tools.panes.current() is window.form


def test_escape_in_the_form_returns_to_the_editor(qtbot: QtBot, window: MainWindow) -> None:
    for field in (window.form.title, window.form.date.edit, window.form.description):
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        press(Qt.Key.Key_Escape)
        assert window.editor.hasFocus(), field.objectName()


def test_escape_sends_what_was_typed_in_the_form_first(qtbot: QtBot, window: MainWindow) -> None:
    window.form.title.setFocus()
    qtbot.waitUntil(window.form.title.hasFocus)
    window.form.title.selectAll()
    qtbot.keyClicks(window.form.title, "Renamed at once")
    press(Qt.Key.Key_Escape)
    assert window.document.meta_dict()["title"] == "Renamed at once"


def test_quick_open_gives_the_keys_to_the_editor_when_cancelled(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.docks.posts.filter.setFocus()
    qtbot.waitUntil(window.docks.posts.filter.hasFocus)
    pick = window.navigator.quick_open()
    qtbot.waitUntil(pick.filter.hasFocus)
    QTest.keyClick(pick.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.navigator.pick is None)
    # The window's focus (offscreen, no window is re-activated after a popup closes).
    qtbot.waitUntil(lambda: window.focusWidget() is window.editor)


def test_quick_open_gives_the_keys_to_the_editor_of_the_chosen_post(
    qtbot: QtBot, window: MainWindow, site: Path
) -> None:
    window.docks.posts.filter.setFocus()
    pick = window.navigator.quick_open()
    qtbot.waitUntil(pick.filter.hasFocus)
    qtbot.keyClicks(pick.filter, "hello")
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        QTest.keyClick(pick.filter, Qt.Key.Key_Return)
    assert window.document.path == site / "content/blog/lighthouse-weekly-1-hello/index.md"
    qtbot.waitUntil(lambda: window.focusWidget() is window.editor)


# -- closing and untitled posts


def test_closing_the_post_keeps_the_site_listed(qtbot: QtBot, window: MainWindow) -> None:
    assert len(window.docks.posts.rows()) == 3
    window.actions_.close.trigger()
    qtbot.waitUntil(lambda: window.site_followed)
    qtbot.wait(50)
    assert window.welcome_shown
    assert window.docks.posts_dock.isVisible()
    assert window.docks.posts.rows() == ["…3 · Storms", "…2 · Lenses", "…1 · Hello"]


def test_a_pristine_untitled_post_lists_no_problems_until_typed_into(
    qtbot: QtBot, settings: Settings
) -> None:
    win = make_window(qtbot, settings, None)
    win.files.new_post()
    qtbot.waitUntil(lambda: win.site_followed)
    win.docks.wait_for_checks()
    assert win.docks.problems.list.topLevelItemCount() == 0
    assert win.docks.problems_dock.windowTitle() == "Problems"
    win.editor.setFocus()
    qtbot.keyClicks(win.editor, "A first line.")
    win.docks.check_now()
    win.docks.wait_for_checks()
    qtbot.waitUntil(lambda: win.docks.problems.list.topLevelItemCount() > 0, timeout=10000)


# -- full screen and focus mode


def test_f11_enters_and_leaves_full_screen(qtbot: QtBot, window: MainWindow) -> None:
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)
    press(Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.actions_.full_screen.isChecked()
    press(Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.actions_.full_screen.isChecked()


def test_focus_mode_shows_the_editor_alone_in_a_centred_column(
    qtbot: QtBot, window: MainWindow
) -> None:
    a = window.actions_
    window.docks.problems_dock.show()
    before = {
        "posts": window.docks.posts_dock.isVisible(),
        "problems": window.docks.problems_dock.isVisible(),
        "toolbar": window.toolbar.isVisible(),
    }
    assert all(before.values())
    a.focus_mode.trigger()
    assert window.editor.isVisible() and window.editor.hasFocus()
    hidden = [window.preview_pane, window.form, window.toolbar, window.docks.posts_dock]
    assert not any(widget.isVisible() for widget in [*hidden, window.docks.problems_dock])
    qtbot.waitUntil(lambda: window.editor_layout.contentsMargins().left() > 24)
    margins = window.editor_layout.contentsMargins()
    pane = window.editor.parentWidget()
    assert abs(margins.left() - margins.right()) <= 1  # centred
    assert window.editor.width() == pytest.approx(window.tools.modes.column_width(), abs=2)
    assert window.editor.width() < pane.width() * 0.9
    assert a.show_preview.isChecked() and a.show_form.isChecked()  # the toggles are untouched
    modes, menu_bar, status_bar = window.tools.modes, window.menuBar(), window.statusBar()
    assert modes.dimmed(menu_bar) and modes.dimmed(status_bar)
    QApplication.sendEvent(status_bar, QEvent(QEvent.Type.Enter))  # the pointer over it
    assert not modes.dimmed(status_bar) and modes.dimmed(menu_bar)
    QApplication.sendEvent(status_bar, QEvent(QEvent.Type.Leave))
    assert modes.dimmed(status_bar)

    press(Qt.Key.Key_Escape)  # leaves it
    assert not a.focus_mode.isChecked()
    assert window.preview_pane.isVisible() and window.form.isVisible()
    assert window.docks.posts_dock.isVisible() and window.docks.problems_dock.isVisible()
    assert window.toolbar.isVisible()
    assert window.editor_layout.contentsMargins().left() == 0
    assert not modes.dimmed(menu_bar) and not modes.dimmed(status_bar)


def test_focus_mode_keeps_a_pane_hidden_that_was_hidden(qtbot: QtBot, window: MainWindow) -> None:
    a = window.actions_
    a.show_form.setChecked(False)
    a.focus_mode.trigger()
    a.focus_mode.trigger()  # the same key leaves it
    assert window.preview_pane.isVisible() and not window.form.isVisible()


# -- line numbers


def test_line_numbers_count_the_files_lines_and_are_remembered(
    qtbot: QtBot, settings: Settings, site: Path
) -> None:
    win = make_window(qtbot, settings, site)
    gutter = win.tools.line_numbers
    assert not gutter.isVisible()
    win.actions_.line_numbers.trigger()
    assert gutter.isVisible() and gutter.width() > 0
    first = win.document.body_start_line
    assert first > 1  # the front matter comes first
    assert gutter.numbers_shown()[:3] == [first, first + 1, first + 2]
    assert win.editor.viewport().x() >= gutter.width()  # the text sits right of the numbers
    win.close()
    again = make_window(qtbot, settings, site)
    assert again.actions_.line_numbers.isChecked() and again.tools.line_numbers.isVisible()


# -- find in site


def test_find_in_site_lists_posts_and_lines_and_opens_the_post_at_the_line(
    qtbot: QtBot, window: MainWindow, site: Path
) -> None:
    window.editor.setFocus()
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.tools.search
    assert window.tools.search_dock.isVisible() and panel.query.hasFocus()
    qtbot.keyClicks(panel.query, "kubernetes")
    qtbot.waitUntil(lambda: bool(panel.rows()) and not panel.running, timeout=5000)
    assert panel.rows() == [
        "Lighthouse Weekly 2 - Lenses  (1 line)",
        "  11:  The keepers moved the lamps to Kubernetes Point.",
    ]
    assert panel.summary.text() == "1 line in 1 post of 3."
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        QTest.keyClick(panel.query, Qt.Key.Key_Return)
    assert window.document.path == site / "content/blog/lighthouse-weekly-2-lenses/index.md"
    cursor_line = window.editor.textCursor().blockNumber() + window.document.body_start_line
    assert cursor_line == 11
    assert window.editor.hasFocus()


def test_find_in_site_searches_the_unsaved_text_and_says_when_nothing_matches(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("\nA fresh lighthouse keeper arrived.\n")
    window.tools.find_in_site()
    panel = window.tools.search
    panel.query.setText("fresh lighthouse")
    panel.search_now()
    qtbot.waitUntil(lambda: not panel.running, timeout=5000)
    assert panel.rows()[0].startswith("Lighthouse Weekly 3 - Storms")
    panel.query.setText("no such words anywhere")
    panel.search_now()
    qtbot.waitUntil(lambda: not panel.running, timeout=5000)
    assert panel.rows() == []
    assert panel.summary.text() == "No post of 3 contains “no such words anywhere”."


# -- open recent


def test_open_recent_lists_sites_then_posts_and_clears(
    qtbot: QtBot, window: MainWindow, settings: Settings, site: Path
) -> None:
    menu = window.actions_.recent_menu
    menu.aboutToShow.emit()
    texts = [action.text() for action in menu.actions()]
    assert texts[0] == "Sites" and texts[1].startswith("&1 ") and texts[1].endswith("site/")
    assert texts[2] == "Posts" and texts[3].startswith("&2 ")
    assert texts[-1] == "&Clear Recent"
    clear = menu.actions()[-1]
    clear.trigger()
    assert settings.recent_sites() == [] and settings.recent_files() == []
    menu.aboutToShow.emit()
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts == ["&No recent posts or sites", "&Clear Recent"]


def test_a_recent_site_opens_as_a_site(
    qtbot: QtBot, settings: Settings, site: Path, tmp_path: Path
) -> None:
    settings.add_recent_site(str(site))
    win = make_window(qtbot, settings, None)
    menu = win.actions_.recent_menu
    menu.aboutToShow.emit()
    entry = next(action for action in menu.actions() if action.text().startswith("&1 "))
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        entry.trigger()
    qtbot.waitUntil(lambda: win.site_followed)
    assert len(win.docks.posts.rows()) == 3


# -- the common words offer


def test_a_fresh_site_with_many_unknown_words_is_offered_its_common_words_once(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "fresh"
    folder = root / "content" / "blog" / "stack"
    folder.mkdir(parents=True)
    (root / "galley.toml").write_text("")
    names = "Spotify Kubernetes Grafana Prometheus Zookeeper Kafkaesque Backstagey Roadiely"
    (folder / "index.md").write_text(f"---\ntitle: Stack\n---\n\nWe use {names}.\n")
    settings.set("editor/spelling", True)
    win = make_window(qtbot, settings, root)
    offer = win.tools.offer
    qtbot.waitUntil(offer.isVisible, timeout=15000)
    assert "Spotify" in offer.label.text() or "Kubernetes" in offer.label.text()
    offer.later.click()
    assert not offer.isVisible()
    win.close()
    again = make_window(qtbot, settings, root)
    qtbot.waitUntil(lambda: again.spelling.speller is not None, timeout=15000)
    qtbot.wait(100)
    assert not again.tools.offer.isVisible()  # once per site
