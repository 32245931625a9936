"""Starting Galley: the welcome page, the example newsletter, and reopening the last post."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.main_window import MainWindow
from tests.helpers.post_cases import CORPUS_LIKE


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway home and data folder (where the example newsletter is copied)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setattr(messages, "ask_save_changes", lambda parent, name: messages.Choice.DISCARD)
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": None)
    return home


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    (tmp_path / "site" / "galley.toml").parent.mkdir()
    (tmp_path / "site" / "galley.toml").write_text("")
    folder = tmp_path / "site" / "content" / "blog" / "weekly-26"
    folder.mkdir(parents=True)
    path = folder / "index.md"
    path.write_bytes(CORPUS_LIKE)
    return path


def start(qtbot: QtBot, settings: Settings) -> MainWindow:
    """What ``galley`` without arguments does with a window."""
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1100, 750)
    window.show()
    window.files.reopen_last()
    return window


def test_the_first_run_shows_the_welcome_page_with_its_buttons(
    qtbot: QtBot, settings: Settings
) -> None:
    window = start(qtbot, settings)
    assert window.welcome is not None
    page = window.welcome.page
    assert page is not None and window.welcome_shown and page.isVisible()
    assert not window.editor.isVisible()
    buttons = [b.text() for b in page.findChildren(QPushButton) if b.isVisible()]
    assert buttons == [
        "Open Fol&der…",
        "Open &Post…",
        "&New Post",
        "Open the E&xample Newsletter",
    ]
    assert page.open_folder_button.hasFocus() or not window.isActiveWindow()
    assert window.windowTitle() == "Galley"
    assert not window.actions_.save.isEnabled()  # nothing to save yet
    assert window.statusBar().currentMessage() == ""


def test_the_example_newsletter_opens_a_post_of_a_copy(
    qtbot: QtBot, settings: Settings, user_folders: Path
) -> None:
    window = start(qtbot, settings)
    assert window.welcome is not None
    qtbot.mouseClick(window.welcome.page.example_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document.path is not None, timeout=10000)

    copy = user_folders / ".local" / "share" / "galley" / "Example Newsletter"
    path = window.document.path
    assert path is not None and path.is_relative_to(copy)
    assert not window.welcome_shown and window.editor.isVisible()
    assert window.editor.toPlainText().strip()
    assert window.actions_.save_as.isEnabled()
    assert not window.actions_.save.isEnabled()  # nothing to save until the post changes
    qtbot.waitUntil(lambda: window.site_followed, timeout=10000)
    assert window.site.site is not None and window.site.site.root == copy
    assert window.docks.posts_dock.isVisible()

    # The copy is the user's now: a second time opens it as it is.
    path.write_text(path.read_text(encoding="utf-8") + "\nMy own line.\n", encoding="utf-8")
    window.files.close_post()
    assert window.welcome_shown
    qtbot.mouseClick(window.welcome.page.example_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document.path is not None, timeout=10000)
    assert "My own line." in path.read_text(encoding="utf-8")


def test_a_second_start_reopens_the_last_post(
    qtbot: QtBot, settings: Settings, post_file: Path
) -> None:
    first = start(qtbot, settings)
    assert first.files.open_path(post_file)
    first.close()

    second = start(qtbot, settings)
    assert second.document.path == post_file
    assert not second.welcome_shown and second.editor.isVisible()
    assert second.editor.toPlainText().startswith("\nSpotify published")


def test_a_second_start_reopens_the_last_site_folder_and_its_post(
    qtbot: QtBot, settings: Settings, post_file: Path
) -> None:
    older = post_file.parent.parent / "weekly-25" / "index.md"
    older.parent.mkdir()
    older.write_text("---\ntitle: Weekly 25\ndate: 2001-01-01\n---\nOld.\n", encoding="utf-8")
    first = start(qtbot, settings)
    assert first.files.open_folder(post_file.parents[3])
    assert first.files.open_path(older)  # a post of the same site, from its Posts panel
    first.close()

    second = start(qtbot, settings)
    assert second.document.path == older
    assert second.site.site is not None and second.site.site.root == post_file.parents[3]


def test_a_missing_last_post_falls_back_to_the_welcome_page_with_a_message(
    qtbot: QtBot, settings: Settings, post_file: Path
) -> None:
    first = start(qtbot, settings)
    assert first.files.open_path(post_file)
    first.close()
    post_file.unlink()

    second = start(qtbot, settings)
    assert second.welcome_shown
    message = second.statusBar().currentMessage()
    assert str(post_file) in message and "no longer there" in message


def test_closing_the_post_shows_the_welcome_page_with_recent_posts(
    qtbot: QtBot, settings: Settings, post_file: Path
) -> None:
    window = start(qtbot, settings)
    assert window.files.open_path(post_file)
    window.files.close_post()
    assert window.welcome is not None and window.welcome_shown
    assert not window.docks.problems_dock.isVisible()  # no problems of a post not shown
    links = window.welcome.page.recent_links
    assert len(links) == 1 and "weekly-26" in links[0].text()
    links[0].linkActivated.emit(str(post_file))  # what clicking the link sends
    assert window.document.path == post_file and not window.welcome_shown

    # Closed with nothing open: the next start shows the welcome page again.
    window.files.close_post()
    window.close()
    again = start(qtbot, settings)
    assert again.welcome_shown and again.statusBar().currentMessage() == ""


def test_the_welcome_page_works_from_the_keyboard(qtbot: QtBot, settings: Settings) -> None:
    window = start(qtbot, settings)
    assert window.welcome is not None
    page = window.welcome.page
    page.focus_first()
    order = [page.open_folder_button]
    for _ in range(3):
        order.append(order[-1].nextInFocusChain())
    assert order == [
        page.open_folder_button,
        page.open_post_button,
        page.new_post_button,
        page.example_button,
    ]
    page.new_post_button.setFocus()
    qtbot.keyClick(page.new_post_button, Qt.Key.Key_Space)  # a focused button presses
    assert not window.welcome_shown and window.document.path is None
