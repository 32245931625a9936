"""What the file holds survives the window: safe mode shows the post's own broken YAML, each
line keeps its own line end, and characters Qt would turn into line breaks stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.form.front_matter_form import YAML_TAB
from editor.ui.main_window import MainWindow
from tests.helpers.post_cases import CORPUS_LIKE
from tests.helpers.window_helpers import open_window

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")

BROKEN = b"---\ntitle: [unclosed\ndate: '2021-05-17'\n---\nThe body survives.\n"


def open_post(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000, raising=False):
        assert window.files.open_path(path)


def type_at_end(window: MainWindow, text: str) -> None:
    editor = window.editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    QTest.keyClicks(editor, text)


def type_at_line_end(window: MainWindow, line: int, text: str) -> None:
    editor = window.editor
    editor.setFocus()
    cursor = QTextCursor(editor.document().findBlockByNumber(line))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    QTest.keyClicks(editor, text)


def test_safe_mode_shows_this_posts_yaml_and_typing_fixes_it(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.md"
    good.write_bytes(CORPUS_LIKE)
    broken = tmp_path / "broken.md"
    broken.write_bytes(BROKEN)
    window = open_window(qtbot, settings, good)
    open_post(qtbot, window, broken)  # opened after another post, as a user would
    yaml = window.form.yaml
    assert yaml.toPlainText() == "title: [unclosed\ndate: '2021-05-17'\n"
    assert window.form.tabs.currentIndex() == YAML_TAB
    # Fix it by typing, as a person does: select the first line and retype it.
    yaml.setFocus()
    cursor = QTextCursor(yaml.document().firstBlock())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    yaml.setTextCursor(cursor)
    QTest.keyClicks(yaml, "title: Fixed at last")
    qtbot.waitUntil(lambda: window.document.error is None, timeout=5000)
    assert window.files.save()
    assert broken.read_bytes() == BROKEN.replace(b"title: [unclosed", b"title: Fixed at last")


def test_revert_in_safe_mode_shows_the_files_own_yaml(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    broken = tmp_path / "broken.md"
    broken.write_bytes(BROKEN)
    window = open_window(qtbot, settings, broken)
    window.form.yaml_edited.emit("title: [still broken\n")
    qtbot.waitUntil(lambda: window.form.yaml.toPlainText() == "title: [still broken\n")
    window.files.revert()
    assert window.form.yaml.toPlainText() == "title: [unclosed\ndate: '2021-05-17'\n"
    assert window.document.error is not None and not window.isWindowModified()


def test_typing_keeps_each_lines_own_line_end(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    raw = b"---\r\ntitle: Mixed\r\n---\r\nCRLF line\r\nLF line\nlone CR line\rlast CRLF\r\n"
    path = tmp_path / "mixed.md"
    path.write_bytes(raw)
    window = open_window(qtbot, settings, path)
    type_at_line_end(window, 1, "!")
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    QTest.keyClicks(window.editor, "typed")
    assert window.files.save()
    assert path.read_bytes() == raw.replace(b"LF line\n", b"LF line!\ntyped\n")


def test_line_and_paragraph_separators_survive_typing(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    raw = "---\ntitle: Seps\n---\nline\u2028sep\nparagraph\u2029sep\nframe\ufdd0\ufdd1marks\n"
    path = tmp_path / "seps.md"
    path.write_bytes(raw.encode())
    window = open_window(qtbot, settings, path)
    assert window.editor.blockCount() == 4  # as many lines as the file has
    type_at_line_end(window, 0, " typed")
    type_at_end(window, "end")
    assert window.files.save()
    assert path.read_bytes().decode() == raw.replace("sep\nparagraph", "sep typed\nparagraph") + (
        "end"
    )


def test_a_form_edit_of_a_shared_yaml_value_is_refused_with_a_message(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = b"---\ntitle: &t Weekly 26\nog_title: *t\n---\nBody.\n"
    path = tmp_path / "shared.md"
    path.write_bytes(raw)
    shown: list[messages.GalleyError] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": shown.append(error))
    window = open_window(qtbot, settings, path)
    title = window.form.title
    title.setFocus()
    title.selectAll()
    QTest.keyClicks(title, "Weekly 27")
    title.flush()  # the typing pause
    assert shown and "without changing other keys" in shown[0].summary
    assert title.text() == "Weekly 26"  # the field shows what the post says
    assert not window.isWindowModified() and window.document.full_text() == raw.decode()


def test_toml_front_matter_is_edited_in_the_form_and_its_own_tab(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    raw = b'+++\ntitle = "This Week in Rust 665"\ndate = 2026-08-21\n+++\nHello, Rustaceans!\n'
    path = tmp_path / "toml.md"
    path.write_bytes(raw)
    window = open_window(qtbot, settings, path)
    form = window.form
    assert form.tabs.tabText(YAML_TAB) == "TOML"
    assert not form.yaml.isReadOnly()
    assert form.yaml.toPlainText() == 'title = "This Week in Rust 665"\ndate = 2026-08-21\n'
    assert form.title.isEnabled() and form.title.text() == "This Week in Rust 665"
    assert form.date.edit.isVisible()  # a TOML date in the date picker
    assert window.editor.toPlainText() == "Hello, Rustaceans!\n"  # no front matter as body
    title = form.title
    title.setFocus()
    title.selectAll()
    QTest.keyClicks(title, "This Week in Rust 666")
    title.flush()
    form.date.edit.setDateTime(form.date.edit.dateTime().addDays(7))
    form.date.flush()
    assert window.files.save()
    assert path.read_bytes() == raw.replace(b"665", b"666").replace(b"08-21", b"08-28")
    other = tmp_path / "yaml.md"
    other.write_bytes(CORPUS_LIKE)
    open_post(qtbot, window, other)
    assert form.tabs.tabText(YAML_TAB) == "YAML" and form.title.isEnabled()


def test_broken_json_front_matter_marks_its_own_line_and_is_fixed_in_its_tab(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    raw = b'{\n  "title": "DevOps\'ish 323",\n  "tags": ["devops",]\n}\nThe issue.\n'
    path = tmp_path / "json.md"
    path.write_bytes(raw)
    window = open_window(qtbot, settings, path)
    form = window.form
    assert form.tabs.tabText(YAML_TAB) == "JSON" and form.tabs.currentIndex() == YAML_TAB
    assert "JSON error on line 3" in form.yaml_error.text()
    marked = form.yaml.extraSelections()
    assert marked and marked[0].cursor.block().text() == '  "tags": ["devops",]'
    assert window.editor.toPlainText() == "The issue.\n"
    form.yaml_edited.emit('{\n  "title": "DevOps\'ish 323",\n  "tags": ["devops"]\n}\n')
    qtbot.waitUntil(lambda: window.document.error is None, timeout=5000)
    assert form.title.text() == "DevOps'ish 323"
    assert window.files.save()
    assert path.read_bytes() == raw.replace(b'"devops",]', b'"devops"]')


def test_pelican_header_lines_show_in_the_form(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    raw = b"Title: This Week in Rust 665\nDate: 2026-08-21 10:20\nTags: rust, weekly\n\nHello.\n"
    path = tmp_path / "twir.md"
    path.write_bytes(raw)
    window = open_window(qtbot, settings, path)
    form = window.form
    assert form.tabs.tabText(YAML_TAB) == "Headers"
    assert form.title.text() == "This Week in Rust 665" and form.date.edit.isVisible()
    assert window.editor.toPlainText() == "Hello.\n"
    window.document.set_field(("tags",), ["rust", "weekly", "news"])
    assert window.files.save()
    assert path.read_bytes() == raw.replace(b"rust, weekly", b"rust, weekly, news")
