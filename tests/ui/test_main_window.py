"""The window as a user meets it: open, type, see the preview, edit the form, save, close."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.main_window import MainWindow
from tests.helpers.post_cases import CORPUS_LIKE, write_site_post
from tests.helpers.window_helpers import js, open_window

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    return write_site_post(tmp_path, screenshot=True)


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, post_file: Path) -> Iterator[MainWindow]:
    yield open_window(qtbot, settings, post_file)


def preview_text(qtbot: QtBot, win: MainWindow) -> str:
    return str(js(qtbot, win, "document.body.textContent"))


def test_open_shows_body_form_and_preview(qtbot: QtBot, window: MainWindow) -> None:
    assert window.windowTitle() == "weekly-26[*] — Galley"
    assert window.editor.toPlainText().startswith("\nSpotify published")
    text = preview_text(qtbot, window)
    assert "Backstage Weekly 26 - Spotify’s product story" in text or "Spotify's" in text
    assert "Spotify published a case study." in text


def test_typing_reaches_the_preview(qtbot: QtBot, window: MainWindow) -> None:
    editor = window.editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClicks(editor, "Hello from the keyboard")
    qtbot.waitUntil(lambda: "Hello from the keyboard" in preview_text(qtbot, window), timeout=5000)
    assert window.isWindowModified()


def test_form_edit_then_save_changes_only_that_key(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    window.form.field_edited.emit(("title",), "A better title")
    qtbot.waitUntil(lambda: "A better title" in preview_text(qtbot, window), timeout=5000)
    assert window.files.save()
    old = CORPUS_LIKE.decode().splitlines()
    new = post_file.read_text().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("title: Backstage Weekly 26 - Spotify's product story", "title: A better title")
    ]
    assert not window.isWindowModified()


def test_invalid_yaml_blocks_saving_without_touching_the_file(
    qtbot: QtBot, window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[Any] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": shown.append(error))
    window.form.yaml_edited.emit("title: [broken\n")
    assert window.document.error is not None
    assert not window.files.save()
    assert "not valid YAML" in shown[0].summary
    assert post_file.read_bytes() == CORPUS_LIKE


def test_closing_with_unsaved_changes_asks(
    qtbot: QtBot, window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.editor.insertPlainText("unsaved words ")
    asked: list[str] = []

    def answer(choice: messages.Choice) -> Any:
        def ask(parent: Any, name: str) -> messages.Choice:
            asked.append(name)
            return choice

        return ask

    monkeypatch.setattr(messages, "ask_save_changes", answer(messages.Choice.CANCEL))
    assert not window.close()
    assert asked == ["weekly-26"] and window.isVisible()
    monkeypatch.setattr(messages, "ask_save_changes", answer(messages.Choice.SAVE))
    assert window.close()
    assert b"unsaved words" in post_file.read_bytes()


def test_clicking_a_preview_block_moves_the_editor(qtbot: QtBot, window: MainWindow) -> None:
    window.preview.line_clicked.emit(13)  # the image line of the post
    assert window.editor.textCursor().block().text() == "![A screenshot](./screenshot.png)"


def test_scroll_sync_moves_the_preview(qtbot: QtBot, window: MainWindow) -> None:
    window.editor.setPlainText(
        window.editor.toPlainText() + "".join(f"\nParagraph {n}.\n" for n in range(300))
    )
    qtbot.waitUntil(lambda: "Paragraph 299." in preview_text(qtbot, window), timeout=5000)
    window.editor.verticalScrollBar().setValue(400)
    qtbot.waitUntil(lambda: js(qtbot, window, "window.scrollY") > 1000, timeout=5000)


def test_preview_follows_a_dark_palette(qtbot: QtBot, window: MainWindow) -> None:
    def page_background() -> str:
        return str(js(qtbot, window, "getComputedStyle(document.body).backgroundColor"))

    light = page_background()
    palette = QPalette(QColor("#202124"))  # a dark window colour makes a dark palette
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        window.setPalette(palette)
    assert js(qtbot, window, "document.documentElement.dataset.theme") == "dark"
    dark = page_background()
    assert dark != light
    channels = [int(part) for part in dark[dark.index("(") + 1 : -1].split(",")[:3]]
    assert max(channels) < 80  # a dark page around the dark editor


def test_find_and_replace(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_.replace.trigger()
    window.find_bar.find_edit.setText("Spotify")
    window.find_bar.replace_edit.setText("Spotify Inc.")
    assert window.find_bar.replace_all() == 1
    assert "Spotify Inc. published" in window.editor.toPlainText()
    window.editor.undo()
    assert "Spotify Inc." not in window.editor.toPlainText()


def test_status_bar_counts_words(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: "words" in window.status_words.text())
    assert window.status_words.text().startswith("7 words")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_soak_many_edits_keep_none_refcount_steady(qtbot: QtBot, window: MainWindow) -> None:
    """Guards the PySide6 6.12 'none_dealloc' crash (docs: PREVIEW.md) on the real path."""
    editor = window.editor
    gc.collect()
    start = sys.getrefcount(None)
    for n in range(20000):
        editor.insertPlainText("a" if n % 50 else "\n")
        if n % 25 == 0:
            QTest.qWait(0)
    qtbot.waitUntil(lambda: window.preview_controller._in_flight is False, timeout=10000)
    gc.collect()
    # With the bug every void Qt call drops one reference (20,000+ here); freed objects that
    # held None account for a few thousand at most.
    assert start - sys.getrefcount(None) < 5000
    assert editor.toPlainText().count("a") > 19000


def test_the_form_completes_tags_and_authors_from_the_site(
    qtbot: QtBot, settings: Settings, post_file: Path
) -> None:
    other = post_file.parent.parent / "kubernetes-guide" / "index.md"
    other.parent.mkdir()
    other.write_text(
        "---\ntitle: A Kubernetes guide\ndate: '2021-06-01T09:00:00.0Z'\n"
        "tags: ['kubernetes', 'tutorial']\n"
        "author:\n  name: Grace Example\n  avatar: '../../assets/team/grace.png'\n---\n\nHi.\n"
    )
    win = MainWindow(settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post_file)
    qtbot.waitUntil(lambda: win.site_followed)  # read just after the first paint
    completer = win.form.tags.input.completer()
    completer.setCompletionPrefix("kub")
    assert completer.currentCompletion() == "kubernetes"
    assert win.form.author.findText("Grace Example") >= 0
    win.form.author.setEditText("Grace Example")
    win.form.author.lineEdit().editingFinished.emit()
    qtbot.waitUntil(lambda: win.document.meta_dict()["author"]["name"] == "Grace Example")
    assert win.document.meta_dict()["author"]["avatar"] == "../../assets/team/grace.png"


def test_scroll_sync_lands_on_the_line_in_a_long_post(qtbot: QtBot, window: MainWindow) -> None:
    """Chunks far down a long post are not laid out until shown; syncing must still land there."""
    window.editor.setPlainText("".join(f"Paragraph {n}.\n\n" for n in range(3000)))
    qtbot.waitUntil(lambda: "Paragraph 2999." in preview_text(qtbot, window), timeout=10000)
    target = window.editor.document().findBlockByNumber(4000)  # "Paragraph 2000."
    window.editor.verticalScrollBar().setValue(target.firstLineNumber())
    top_line = (
        "(() => { for (const n of document.querySelectorAll('#galley-body [data-line]')) {"
        " if (n.getBoundingClientRect().bottom > 0) return Number(n.dataset.line); } })()"
    )
    first = window.document.body_start_line
    qtbot.waitUntil(lambda: abs(js(qtbot, window, top_line) - (4000 + first)) <= 6, timeout=5000)


def test_a_latin1_post_opens_converted_and_marked_modified(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cafe.md"
    legacy = "---\ntitle: Café\n---\n\n\u201cDéjà vu\u201d, once more.\n".encode("cp1252")
    path.write_bytes(legacy)
    monkeypatch.setattr(messages, "ask_convert_to_utf8", lambda parent, name: True)
    win = open_window(qtbot, settings, path)
    assert win.isWindowModified() and win.document.is_modified
    assert "\u201cDéjà vu\u201d, once more." in win.editor.toPlainText()
    assert "“Déjà vu”, once more." in preview_text(qtbot, win)
    assert path.read_bytes() == legacy  # nothing written until Save


def test_the_status_bar_says_1_word_not_1_words(qtbot: QtBot, window: MainWindow) -> None:
    window.editor.setPlainText("Hello")
    qtbot.waitUntil(lambda: window.status_words.text().startswith("1 word ·"))
