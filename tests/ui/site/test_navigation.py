"""Finding one's way: the Outline dock, Go to Heading, Quick Open, and the word count goal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.dialogs import word_goal
from editor.ui.main_window import MainWindow
from tests.helpers.window_helpers import js, open_window

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")

FILLER = "".join(
    f"Paragraph {n} of the long part, with enough words to wrap.\n\n" for n in range(60)
)

GUIDE = f"""---
title: The keeper's guide
# a YAML comment, not a heading
date: 2024-03-01
---

The introduction.

# Lamps

{FILLER}
Lenses and prisms
-----------------

```sh
# trim the wick
```

### Oil

{FILLER}
# Storms

{FILLER}
## Foghorns

The end.
"""


def _post(root: Path, slug: str, title: str, date: str, body: str = "Text.\n") -> Path:
    folder = root / "content" / "blog" / slug
    folder.mkdir(parents=True)
    path = folder / "index.md"
    path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small site: a long guide with headings, and three issues of a weekly."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "galley.toml").write_text("")
    (root / "content" / "blog").mkdir(parents=True)
    guide = root / "content" / "blog" / "keepers-guide" / "index.md"
    guide.parent.mkdir()
    guide.write_text(GUIDE, encoding="utf-8")
    _post(root, "lighthouse-weekly-1", "Lighthouse Weekly 1 - First light", "2024-01-01")
    _post(root, "lighthouse-weekly-2", "Lighthouse Weekly 2 - New lamps", "2024-01-08")
    _post(root, "lighthouse-weekly-3", "Lighthouse Weekly 3 - Storm season", "2024-01-15")
    return root


@pytest.fixture
def guide(site: Path) -> Path:
    return site / "content" / "blog" / "keepers-guide" / "index.md"


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, guide: Path) -> Iterator[MainWindow]:
    yield open_window(qtbot, settings, guide)


def heading_line(win: MainWindow, text: str) -> int:
    """The file line of the heading ``text``, found in the editor's text."""
    lines = win.editor.toPlainText().split("\n")
    return lines.index(text) + win.document.body_start_line


# -- the outline


def test_the_outline_shows_the_post_headings_as_a_tree(window: MainWindow) -> None:
    assert window.outline.dock.isVisible()
    assert window.outline.panel.rows() == [
        "Lamps",
        "  Lenses and prisms",
        "    Oil",
        "Storms",
        "  Foghorns",
    ]  # no YAML comment, no shell comment in the code fence


def test_the_outline_follows_typing(qtbot: QtBot, window: MainWindow) -> None:
    editor = window.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClicks(editor, "## Lanterns")
    qtbot.waitUntil(lambda: window.outline.panel.rows()[-1] == "  Lanterns", timeout=3000)
    qtbot.waitUntil(lambda: window.outline.panel.current_text() == "Lanterns", timeout=2000)


def test_clicking_a_heading_moves_the_editor_and_the_preview(
    qtbot: QtBot, window: MainWindow
) -> None:
    tree = window.outline.panel.tree
    item = window.outline.panel.item_of(3)  # Storms
    assert item.text(0) == "Storms"
    rect = tree.visualItemRect(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    line = heading_line(window, "# Storms")
    block = window.editor.textCursor().block()
    assert block.text() == "# Storms"
    assert window.editor.firstVisibleBlock().blockNumber() == block.blockNumber()  # at the top
    top = f"document.querySelector('[data-line=\"{line}\"]').getBoundingClientRect().top"
    qtbot.waitUntil(lambda: abs(js(qtbot, window, top)) < 30, timeout=5000)
    assert js(qtbot, window, "window.scrollY") > 500


def test_the_current_section_follows_the_cursor_without_taking_focus(
    qtbot: QtBot, window: MainWindow
) -> None:
    editor = window.editor
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor, timeout=2000)
    for text, expected in (("### Oil", "Oil"), ("Lenses and prisms", "Lenses and prisms")):
        number = editor.toPlainText().split("\n").index(text)
        cursor = QTextCursor(editor.document().findBlockByNumber(number + 2))
        editor.setTextCursor(cursor)
        qtbot.waitUntil(lambda e=expected: window.outline.panel.current_text() == e, timeout=2000)
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.waitUntil(lambda: window.outline.panel.current_text() is None, timeout=2000)
    assert QApplication.focusWidget() is editor


def test_the_outline_is_a_remembered_view_toggle(
    qtbot: QtBot, settings: Settings, window: MainWindow, guide: Path
) -> None:
    toggle = window.outline.dock.toggleViewAction()
    assert toggle in window.actions_.view_menu.actions()
    assert toggle.text() == "O&utline"
    toggle.trigger()
    assert not window.outline.dock.isVisible()
    window.close()
    again = open_window(qtbot, settings, guide)
    assert not again.outline.dock.isVisible()
    again.outline.dock.toggleViewAction().trigger()
    assert again.outline.panel.rows()[0] == "Lamps"  # scanned when shown


# -- Go to Heading


def test_go_to_heading_filters_and_jumps(qtbot: QtBot, window: MainWindow) -> None:
    assert window.actions_.go_to_heading.shortcut() == QKeySequence("Ctrl+Shift+O")
    window.actions_.go_to_heading.trigger()
    pick = window.navigator.pick
    assert pick is not None and pick.isVisible()
    assert pick.rows() == ["Lamps", "Lenses and prisms", "Oil", "Storms", "Foghorns"]
    QTest.keyClicks(pick.filter, "fog")
    assert pick.rows() == ["Foghorns"]
    pick.filter.clear()
    QTest.keyClicks(pick.filter, "o")  # Foghorns, Oil, Storms... and Lenses and prisms
    assert "Lamps" not in pick.rows()
    pick.filter.setText("strms")  # letters in order
    assert pick.rows() == ["Storms"]
    pick.filter.setText("l")
    QTest.keyClick(pick.filter, Qt.Key.Key_Down)
    chosen = pick.current_row()
    QTest.keyClick(pick.filter, Qt.Key.Key_Return)
    assert not pick.isVisible()
    assert window.editor.textCursor().block().text().lstrip("# ") == chosen


def test_go_to_heading_escape_closes(qtbot: QtBot, window: MainWindow) -> None:
    before = window.editor.textCursor().position()
    pick = window.navigator.go_to_heading()
    QTest.keyClick(pick.filter, Qt.Key.Key_Escape)
    assert not pick.isVisible()
    assert window.editor.textCursor().position() == before


# -- Quick Open


def test_quick_open_lists_the_site_posts_and_opens_the_chosen_one(
    qtbot: QtBot, window: MainWindow, site: Path
) -> None:
    assert window.files.open_folder(site, post=site / "content/blog/keepers-guide/index.md")
    assert window.actions_.quick_open.shortcut() == QKeySequence("Ctrl+T")
    window.actions_.quick_open.trigger()
    pick = window.navigator.pick
    assert pick is not None
    assert pick.rows() == [  # newest first; the open post is not offered
        "Lighthouse Weekly 3 - Storm season",
        "Lighthouse Weekly 2 - New lamps",
        "Lighthouse Weekly 1 - First light",
    ]
    assert pick.list.topLevelItem(0).text(1) == "lighthouse-weekly-3 · 15 Jan 2024"
    QTest.keyClicks(pick.filter, "WEEKLY lamps")
    assert pick.rows() == ["Lighthouse Weekly 2 - New lamps"]
    pick.filter.setText("weekly nothing")
    assert pick.rows() == [] and pick.empty.isVisible()
    pick.filter.setText("first")
    assert pick.rows() == ["Lighthouse Weekly 1 - First light"]
    QTest.keyClick(pick.filter, Qt.Key.Key_Return)
    assert window.document.path == site / "content/blog/lighthouse-weekly-1/index.md"


def test_quick_open_asks_about_unsaved_changes(
    qtbot: QtBot, window: MainWindow, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.files.open_folder(site, post=site / "content/blog/keepers-guide/index.md")
    QTest.keyClicks(window.editor, "changed ")
    asked: list[str] = []

    def cancel(parent: object, name: str) -> messages.Choice:
        asked.append(name)
        return messages.Choice.CANCEL

    monkeypatch.setattr(messages, "ask_save_changes", cancel)
    pick = window.navigator.quick_open()
    QTest.keyClick(pick.filter, Qt.Key.Key_Return)
    assert asked == ["keepers-guide"]
    assert window.document.path is not None and window.document.path.parent.name == "keepers-guide"


def test_quick_open_without_a_site_lists_recent_posts(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    first, second = loose / "first-note.md", loose / "second-note.md"
    first.write_text("# First\n")
    second.write_text("# Second\n")
    settings.set("files/recent", [str(second)])
    win = open_window(qtbot, settings, first)
    win.files.new_post()  # untitled: no site
    pick = win.navigator.quick_open()
    assert win.site.site is None
    assert pick.rows() == ["first-note.md", "second-note.md"]
    assert pick.list.topLevelItem(0).text(1) == str(loose)
    QTest.keyClicks(pick.filter, "SECOND")
    QTest.keyClick(pick.filter, Qt.Key.Key_Return)
    assert win.document.path == second


# -- the word count goal


def test_a_word_count_goal_shows_and_is_kept_for_that_post(
    qtbot: QtBot,
    settings: Settings,
    window: MainWindow,
    guide: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    label = window.status_words
    qtbot.waitUntil(lambda: "words" in label.text(), timeout=3000)
    words = int(label.text().split(" ")[0].replace(",", ""))
    assert "/" not in label.text() and not window.word_goal.bar.isVisible()
    monkeypatch.setattr(word_goal, "ask_goal", lambda parent, current: 5000)
    QTest.mouseClick(label, Qt.MouseButton.LeftButton)
    assert label.text().startswith(f"{words:,} / 5,000 words · ")
    assert window.word_goal.bar.isVisible() and window.word_goal.bar.value() == words
    assert guide.read_text(encoding="utf-8") == GUIDE  # never written into the post
    window.close()

    again = open_window(qtbot, settings, guide)
    qtbot.waitUntil(lambda: "/ 5,000 words" in again.status_words.text(), timeout=3000)
    number = again.editor.toPlainText().split("\n").index("The introduction.")
    cursor = QTextCursor(again.editor.document().findBlockByNumber(number))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    again.editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: again.status_words.text().startswith("Selection: "), timeout=3000)
    assert again.status_words.text() == "Selection: 2 words · 1 min read"  # as before
    assert not again.word_goal.bar.isVisible()

    monkeypatch.setattr(word_goal, "ask_goal", lambda parent, current: 0)  # clears it
    again.actions_.word_goal.trigger()
    again.editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.waitUntil(lambda: not again.status_words.text().startswith("Sel"), timeout=3000)
    assert "/" not in again.status_words.text() and not again.word_goal.bar.isVisible()
    assert settings.get("posts/word_goals") == ""


def test_the_new_shortcuts_are_unique(window: MainWindow) -> None:
    a = window.actions_
    assert a.open_folder.shortcut() == QKeySequence("Ctrl+Alt+O")
    keys = [
        key.toString() for action in window.findChildren(type(a.open)) for key in action.shortcuts()
    ]
    assert len(keys) == len(set(keys))
