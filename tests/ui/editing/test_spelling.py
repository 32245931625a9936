"""Spelling in the window: red wavy lines as you type, and the context menu's corrections."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from editor.core.spelling import DICTIONARY_NAME, Speller, user_dictionary_path
from editor.state.settings import Settings
from editor.ui.editing.markdown_edit import MarkdownEdit
from editor.ui.main_window import MainWindow
from tests.helpers import window_helpers

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")

WAVY = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
POST = "---\ntitle: Spelling\ndate: 2024-05-17\n---\n\nA first line.\n"


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller()


def underlined(editor: MarkdownEdit, line: int) -> list[str]:
    """The words of a line the user sees with a red wavy line under them."""
    block = editor.document().findBlockByNumber(line)
    marked = [False] * len(block.text())
    for fmt_range in block.layout().formats():
        if fmt_range.format.underlineStyle() == WAVY:
            for column in range(fmt_range.start, fmt_range.start + fmt_range.length):
                marked[column] = True
    words, start = [], None
    for column, on in enumerate([*marked, False]):
        if on and start is None:
            start = column
        elif not on and start is not None:
            words.append(block.text()[start:column])
            start = None
    return words


def type_line(qtbot: QtBot, editor: MarkdownEdit, text: str) -> int:
    """Type ``text`` on a new last line, as a user does; returns its line number."""
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(editor, "\r")
    QTest.keyClicks(editor, text)
    return editor.textCursor().blockNumber()


# -- the highlighter on its own


@pytest.fixture
def editor(qtbot: QtBot, speller: Speller) -> Iterator[MarkdownEdit]:
    widget = MarkdownEdit()
    qtbot.addWidget(widget)
    widget.highlighter.set_speller(speller)
    yield widget


def test_nothing_in_code_urls_or_html_is_underlined(editor: MarkdownEdit) -> None:
    lines = [
        "Plain recieve here.",
        "Code `recieve --fast` and https://recieve.example.com/recieve and <b class='recieve'>",
        "A [lnk](./recieve.md) and <https://recieve.example> and TechDocs API",
        "```",
        "recieve in a fence",
        "```",
        "",
        "    recieve indented code",
    ]
    editor.setPlainText("\n".join(lines))
    assert underlined(editor, 0) == ["recieve"]
    assert underlined(editor, 1) == []
    assert underlined(editor, 2) == ["lnk"]
    assert [underlined(editor, n) for n in range(3, 8)] == [[], [], [], [], []]


def test_a_fence_opened_above_stops_the_underlines_below(editor: MarkdownEdit) -> None:
    editor.setPlainText("text\nrecieve\n")
    assert underlined(editor, 1) == ["recieve"]
    cursor = QTextCursor(editor.document())
    cursor.insertText("```\n")
    assert underlined(editor, 2) == []


def test_highlighting_a_long_post_with_spelling(
    editor: MarkdownEdit, speller: Speller, qtbot: QtBot
) -> None:
    """Measured, not asserted: re-highlighting a 400 KB post with and without spelling."""
    paragraph = (
        "Roadie runs Backstage for you, so we recieve questions about TechDocs, the "
        "[scaffolder](https://roadie.io/docs/scaffolder/) and `app-config.yaml` every week.\n\n"
    )
    text = paragraph * (400_000 // len(paragraph))
    editor.setPlainText(text)
    timings = {}
    for label, checker in (("without spelling", None), ("with spelling", speller)):
        editor.highlighter.set_speller(checker)
        start = time.perf_counter()
        editor.highlighter.rehighlight()
        timings[label] = time.perf_counter() - start
    lines = editor.document().blockCount()
    print(
        f"\nhighlighting a {len(text) // 1000} KB post ({lines} lines): "
        + ", ".join(f"{label} {seconds * 1000:.0f} ms" for label, seconds in timings.items())
    )
    assert underlined(editor, 0) == ["recieve", "scaffolder"]


# -- in the window


@pytest.fixture
def site_post(tmp_path: Path) -> Path:
    (tmp_path / "galley.toml").write_text("")
    folder = tmp_path / "content" / "blog"
    folder.mkdir(parents=True)
    path = folder / "spelling.md"
    path.write_text(POST)
    return path


def open_window(qtbot: QtBot, settings: Settings, post: Path | None) -> MainWindow:
    win = window_helpers.open_window(qtbot, settings, post, size=(1100, 700))
    qtbot.waitUntil(lambda: win.editor.highlighter.speller() is not None, timeout=20000)
    return win


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, site_post: Path) -> MainWindow:
    return open_window(qtbot, settings, site_post)


def test_a_misspelled_word_gets_a_wavy_underline_as_you_type(
    qtbot: QtBot, window: MainWindow
) -> None:
    line = type_line(qtbot, window.editor, "We recieve `recieve` from https://recieve.example")
    qtbot.waitUntil(lambda: underlined(window.editor, line) == ["recieve"], timeout=1000)
    block = window.editor.document().findBlockByNumber(line)
    assert window.editor.highlighter.misspelled_at(block, 5) == (3, 10)


def menu_for(window: MainWindow, line: int, column: int) -> QMenu:
    """The context menu a right-click on ``column`` of ``line`` opens, filled as the window
    fills it (not shown: exec would block)."""
    editor = window.editor
    block = editor.document().findBlockByNumber(line)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + column)
    position = editor.cursorRect(cursor).center()
    menu = editor.createStandardContextMenu(position)
    window.spelling.extend_menu(menu, position)
    return menu


def test_the_context_menu_corrects_the_word_in_one_undo_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    line = type_line(qtbot, window.editor, "We recieve mail")
    menu = menu_for(window, line, 5)
    texts = [action.text() for action in menu.actions()]
    assert texts[0] == "receive"
    assert len([t for t in texts[: texts.index("")] if t]) <= 5
    assert "&Add “recieve” to Site Dictionary" in texts and "I&gnore" in texts
    menu.actions()[0].trigger()
    block = window.editor.document().findBlockByNumber(line)
    assert block.text() == "We receive mail"
    assert underlined(window.editor, line) == []
    window.editor.undo()
    assert window.editor.document().findBlockByNumber(line).text() == "We recieve mail"


def test_no_spelling_entries_off_a_misspelled_word(qtbot: QtBot, window: MainWindow) -> None:
    line = type_line(qtbot, window.editor, "Fine words only")
    texts = [action.text() for action in menu_for(window, line, 2).actions()]
    assert not any("Dictionary" in text for text in texts)


def test_add_to_site_dictionary_writes_the_list_and_clears_the_underline(
    qtbot: QtBot, window: MainWindow, site_post: Path
) -> None:
    line = type_line(qtbot, window.editor, "Kubernetes's pods. kubernetes again")
    assert underlined(window.editor, line) == ["Kubernetes's", "kubernetes"]
    menu = menu_for(window, line, 3)
    [add] = [a for a in menu.actions() if "Dictionary" in a.text()]
    assert add.text() == "&Add “Kubernetes” to Site Dictionary"
    add.trigger()
    root = site_post.parents[2]
    assert (root / DICTIONARY_NAME).read_text(encoding="utf-8") == "Kubernetes\n"
    assert underlined(window.editor, line) == []


def test_ignore_lasts_for_the_session_without_writing(
    qtbot: QtBot, window: MainWindow, site_post: Path
) -> None:
    line = type_line(qtbot, window.editor, "Fargate tasks")
    [ignore] = [a for a in menu_for(window, line, 1).actions() if a.text() == "I&gnore"]
    ignore.trigger()
    assert underlined(window.editor, line) == []
    assert not (site_post.parents[2] / DICTIONARY_NAME).exists()


def test_without_a_site_words_go_to_the_personal_dictionary(
    qtbot: QtBot, settings: Settings
) -> None:
    window = open_window(qtbot, settings, None)
    line = type_line(qtbot, window.editor, "Zalando shops")
    [add] = [a for a in menu_for(window, line, 2).actions() if "Dictionary" in a.text()]
    assert add.text() == "&Add “Zalando” to Personal Dictionary"
    add.trigger()
    assert "Zalando" in user_dictionary_path().read_text(encoding="utf-8").split()
    assert underlined(window.editor, line) == []


def test_a_post_in_a_language_without_a_dictionary_is_not_underlined(
    qtbot: QtBot, window: MainWindow, site_post: Path
) -> None:
    czech = site_post.with_name("zpravodaj.md")
    czech.write_text(
        "---\ntitle: Zpravodaj\nlang: cs\n---\n\nZpravodaj tento týden shrnuje diskuzi.\n",
        encoding="utf-8",
    )
    messages: list[str] = []
    window.spelling.status.connect(messages.append)
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        assert window.files.open_path(czech)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages == [
        "Spelling is not checked in this post: it is in Czech (lang: cs), and Galley has no "
        "Czech dictionary."
    ]
    assert window.editor.highlighter.speller() is None
    document = window.editor.document()
    line = document.find("shrnuje").blockNumber()
    assert line >= 0 and underlined(window.editor, line) == []
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        assert window.files.open_path(site_post)  # an English post is checked again
    qtbot.waitUntil(lambda: window.editor.highlighter.speller() is not None, timeout=20000)


def test_view_check_spelling_turns_the_underlines_off_and_on(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    line = type_line(qtbot, window.editor, "We recieve")
    assert underlined(window.editor, line) == ["recieve"]
    toggle = window.spelling.toggle_action
    assert toggle in window.actions_.view_menu.actions() and toggle.isChecked()
    toggle.trigger()  # the post is underlined again a slice at a time, between events
    qtbot.waitUntil(lambda: underlined(window.editor, line) == [], timeout=3000)
    assert settings.get("editor/spelling") is False
    toggle.trigger()
    qtbot.waitUntil(lambda: underlined(window.editor, line) == ["recieve"], timeout=3000)


def test_a_long_post_is_underlined_where_it_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    """Switching spelling on (or a dictionary arriving, or a word added) in a long post checks
    the lines shown and a few below at once, and the others as they come into view: checking
    every line of a 4 MB post took 14 s and kept 225 MB of line layouts."""
    editor = window.editor
    window.spelling.toggle_action.trigger()  # off
    editor.setPlainText("We recieve mail.\n\n" * 6000)
    last = editor.document().blockCount() - 3  # the last "We recieve mail."
    assert underlined(editor, 0) == []
    window.spelling.toggle_action.trigger()  # on again
    assert underlined(editor, 0) == ["recieve"]  # at once
    assert underlined(editor, last) == []
    document = editor.document()
    checked = sum(
        editor.highlighter.is_current(document.findBlockByNumber(n))
        for n in range(document.blockCount())
    )
    assert checked < 150  # the window shows about 30 lines
    editor.moveCursor(QTextCursor.MoveOperation.End)  # scrolls to the end
    qtbot.waitUntil(lambda: underlined(editor, last) == ["recieve"], timeout=2000)


def test_lines_come_into_view_underlined_a_slice_at_a_time(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A jump to an unseen part of a long post underlines its lines a few at a time between
    events (all 40-odd at once held the window 8 ms), the lines shown first."""
    from editor.ui.editing import markdown_edit

    editor = window.editor
    window.spelling.toggle_action.trigger()  # off
    editor.setPlainText("We recieve mail.\n" * 3000)
    window.spelling.toggle_action.trigger()  # on again: the lines at the top are underlined
    monkeypatch.setattr(markdown_edit, "UNDERLINE_SLICE_S", 0.0)  # one line a slice
    editor.moveCursor(QTextCursor.MoveOperation.End)  # scrolls to the end
    editor.underline_shown()
    first = editor.firstVisibleBlock().blockNumber()
    shown = range(first, first + 10)
    assert [bool(underlined(editor, n)) for n in shown] == [True] + [False] * 9
    qtbot.waitUntil(lambda: all(underlined(editor, n) == ["recieve"] for n in shown))


def test_seeding_the_site_dictionary_from_the_posts(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    """View ▸ Add the Site's Common Words…: the words the posts use often and the checker does
    not know, ticked; Add writes the ticked ones, and they stop being underlined."""
    (tmp_path / "galley.toml").write_text("")
    for number in range(1, 4):
        folder = tmp_path / "content" / "blog" / f"issue-{number}"
        folder.mkdir(parents=True)
        body = "Kustomize news."
        if number < 3:
            body = "Kustomize ships Fargate support. Kustomize again."
        (folder / "index.md").write_text(
            f"---\ntitle: Issue {number}\ndate: 2024-05-1{number}\n---\n\n{body} Zzyzx once.\n"
        )
    window = open_window(qtbot, settings, tmp_path / "content" / "blog" / "issue-1" / "index.md")
    line = 1  # the editor shows the body: a blank line, then the text
    qtbot.waitUntil(lambda: "Kustomize" in underlined(window.editor, line), timeout=5000)
    seed = window.spelling.seed_action
    assert seed.isEnabled()
    seed.trigger()
    dialog = window.spelling.seed_dialog
    qtbot.waitUntil(lambda: dialog.words.topLevelItemCount() > 0, timeout=20000)
    rows = [dialog.words.topLevelItem(i) for i in range(dialog.words.topLevelItemCount())]
    assert [(r.text(0), r.text(1), r.text(2)) for r in rows] == [
        ("Kustomize", "3", "5"),  # in 3 posts
        ("Zzyzx", "3", "3"),
    ]  # Fargate: 2 posts, twice; not common enough
    assert dialog.add_button.text() == "&Add 2 Words"
    rows[1].setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.add_button.text() == "&Add 1 Word"
    dialog.add_button.click()
    assert (tmp_path / DICTIONARY_NAME).read_text(encoding="utf-8") == "Kustomize\n"
    qtbot.waitUntil(lambda: underlined(window.editor, line) == ["Fargate", "Zzyzx"], timeout=5000)


def test_seeding_needs_a_site(qtbot: QtBot, settings: Settings) -> None:
    window = open_window(qtbot, settings, None)
    assert not window.spelling.seed_action.isEnabled()
