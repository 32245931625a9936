"""Dropping and pasting images into the window: real drop and paste events, files on disk."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QFile, QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor.core.errors import GalleyError
from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.editing.image_import import Payload, link_markdown, paragraphs
from editor.ui.main_window import MainWindow

POST = """---
title: 'Galley Weekly 3 - Screenshots'
date: '2021-05-17T21:00:00.0Z'
tags: ['newsletter']
---

First paragraph.

Second paragraph.
"""


def png(color: str = "red", size: tuple[int, int] = (4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    (tmp_path / "galley.toml").write_text("")
    folder = tmp_path / "content" / "blog" / "weekly-3"
    folder.mkdir(parents=True)
    path = folder / "index.md"
    path.write_text(POST)
    return path


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, post_file: Path, errors: list[GalleyError]
) -> Iterator[MainWindow]:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post_file)
    yield win


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def drop(qtbot: QtBot, win: MainWindow, mime: QMimeData, line: int) -> None:
    """Drag ``mime`` over the editor and drop it at the start of 0-based ``line``."""
    editor = win.editor
    block = editor.document().findBlockByNumber(line)
    rect = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
    point = QPointF(rect.left() + 8, rect.top() + rect.height() / 2)
    viewport = editor.viewport()
    action = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), action, mime, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(viewport, QDragMoveEvent(point.toPoint(), action, mime, buttons, keys))
    QApplication.sendEvent(viewport, QDropEvent(point, action, mime, buttons, keys))
    qtbot.wait(50)  # drops are handled once the drag has finished


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def test_dropping_image_files_imports_them_as_paragraphs(
    qtbot: QtBot, window: MainWindow, post_file: Path, tmp_path: Path
) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    (downloads / "Shortcuts Plugin.png").write_bytes(png("red"))
    (downloads / "entity_errors.PNG").write_bytes(png("blue"))
    drop(
        qtbot,
        window,
        file_mime(downloads / "Shortcuts Plugin.png", downloads / "entity_errors.PNG"),
        line=3,
    )
    qtbot.waitUntil(lambda: "entity-errors" in window.editor.toPlainText())
    folder = post_file.parent
    assert files_in(folder) == ["entity-errors.png", "index.md", "shortcuts-plugin.png"]
    assert (folder / "shortcuts-plugin.png").read_bytes() == png("red")  # copied verbatim
    assert window.editor.toPlainText() == (
        "\nFirst paragraph.\n\n"
        "![Shortcuts plugin](./shortcuts-plugin.png)\n\n"
        "![Entity errors](./entity-errors.png)\n\n"
        "Second paragraph.\n"
    )
    assert window.editor.textCursor().selectedText() == "Entity errors"  # ready to retype
    window.editor.undo()  # one undo step takes both out
    assert window.editor.toPlainText() == "\nFirst paragraph.\n\nSecond paragraph.\n"


def test_the_preview_shows_a_dropped_image_at_once(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    source = tmp_path / "diagram.png"
    source.write_bytes(png("green", (40, 20)))
    drop(qtbot, window, file_mime(source), line=1)

    def width() -> Any:
        box: list[Any] = []
        window.preview.run_js(
            "(() => { const i = document.querySelector('img[src*=\"diagram\"]');"
            " return i && i.complete ? i.naturalWidth : 0; })()",
            box.append,
        )
        qtbot.waitUntil(lambda: bool(box), timeout=5000)
        return box[0]

    qtbot.waitUntil(lambda: width() == 40, timeout=10000)


def test_dropping_the_same_image_twice_reuses_the_file(
    qtbot: QtBot, window: MainWindow, post_file: Path, tmp_path: Path
) -> None:
    source = tmp_path / "shot.png"
    source.write_bytes(png())
    drop(qtbot, window, file_mime(source), line=1)
    copy = tmp_path / "other name.png"
    copy.write_bytes(png())
    drop(qtbot, window, file_mime(copy), line=3)
    qtbot.waitUntil(lambda: window.editor.toPlainText().count("./shot.png") == 2)
    assert files_in(post_file.parent) == ["index.md", "shot.png"]


def test_a_different_image_with_a_taken_name_gets_a_number(
    qtbot: QtBot, window: MainWindow, post_file: Path, tmp_path: Path
) -> None:
    (post_file.parent / "shot.png").write_bytes(png("red"))
    source = tmp_path / "shot.png"
    source.write_bytes(png("blue"))
    drop(qtbot, window, file_mime(source), line=1)
    qtbot.waitUntil(lambda: "./shot-2.png" in window.editor.toPlainText())
    assert (post_file.parent / "shot.png").read_bytes() == png("red")  # never overwritten


def test_image_data_from_a_browser_is_imported_without_downloading(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    mime = QMimeData()
    mime.setData("image/png", png("purple"))
    mime.setUrls([QUrl("https://example.com/media/Backstage-Logo.png?size=2")])
    drop(qtbot, window, mime, line=1)
    qtbot.waitUntil(lambda: "backstage-logo.png" in window.editor.toPlainText())
    assert (post_file.parent / "backstage-logo.png").read_bytes() == png("purple")
    assert "https://example.com" not in window.editor.toPlainText()


def test_a_dropped_web_address_becomes_a_link(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl("https://github.com/backstage/backstage/pull/5392")])
    drop(qtbot, window, mime, line=1)
    qtbot.waitUntil(lambda: "pull/5392" in window.editor.toPlainText())
    assert "<https://github.com/backstage/backstage/pull/5392>\n\n" in window.editor.toPlainText()
    assert files_in(post_file.parent) == ["index.md"]


def test_dropping_a_post_opens_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "notes.md"
    other.write_text("# Notes\n\nA draft.\n")
    drop(qtbot, window, file_mime(other), line=1)
    qtbot.waitUntil(lambda: window.document.path == other)
    assert window.editor.toPlainText() == "# Notes\n\nA draft.\n"


def test_a_bad_file_is_refused_and_nothing_changes(
    qtbot: QtBot, window: MainWindow, post_file: Path, tmp_path: Path, errors: list[GalleyError]
) -> None:
    fake = tmp_path / "notes.png"
    fake.write_text("this is not an image")
    before = window.editor.toPlainText()
    drop(qtbot, window, file_mime(fake), line=1)
    qtbot.waitUntil(lambda: bool(errors))
    assert "notes.png" in str(errors[0])
    assert window.editor.toPlainText() == before
    assert files_in(post_file.parent) == ["index.md"]
    assert not window.document.is_modified


def test_one_bad_file_among_good_ones(
    qtbot: QtBot, window: MainWindow, post_file: Path, tmp_path: Path, errors: list[GalleyError]
) -> None:
    good = tmp_path / "good.png"
    good.write_bytes(png())
    bad = tmp_path / "bad.gif"
    bad.write_bytes(b"GIF89a but not really")
    drop(qtbot, window, file_mime(good, bad), line=1)
    qtbot.waitUntil(lambda: bool(errors))
    assert "./good.png" in window.editor.toPlainText()
    assert "bad" not in window.editor.toPlainText()
    assert files_in(post_file.parent) == ["good.png", "index.md"]


def paste(window: MainWindow, mime: QMimeData) -> None:
    QGuiApplication.clipboard().setMimeData(mime)
    window.editor.setFocus()
    window.actions_.paste.trigger()


def test_pasting_a_screenshot_imports_it(qtbot: QtBot, window: MainWindow, post_file: Path) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(len("\nFirst paragraph."))
    window.editor.setTextCursor(cursor)
    mime = QMimeData()
    mime.setData("image/png", png("orange"))
    paste(window, mime)
    names = [n for n in files_in(post_file.parent) if n.startswith("screenshot-")]
    assert len(names) == 1 and names[0].endswith(".png")
    text = window.editor.toPlainText()
    assert text.startswith("\nFirst paragraph.\n\n![Screenshot](")
    assert f"](./{names[0]})\n\nSecond paragraph." in text


def put_cursor(window: MainWindow, start: int, end: int | None = None) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(start)
    if end is not None:
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)


def test_pasting_inside_a_word_never_splits_the_line(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    window.editor.setPlainText("\nThere are screenshots below.\nSee them.\n\nSecond paragraph.\n")
    put_cursor(window, len("\nThere are scree"))
    mime = QMimeData()
    mime.setData("image/png", png("orange"))
    paste(window, mime)
    text = window.editor.toPlainText()
    assert text.startswith(
        "\nThere are screenshots below.\nSee them.\n\n![Screenshot](./screenshot-"
    )
    assert text.endswith(".png)\n\nSecond paragraph.\n")


def test_paste_image_over_a_selected_alt_text_replaces_that_image(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    (post_file.parent / "old.png").write_bytes(png("gray"))
    window.editor.setPlainText("\nIntro.\n\n![Old shot](./old.png)\n\nOutro.\n")
    start = window.editor.toPlainText().index("Old shot")
    put_cursor(window, start, start + len("Old shot"))
    mime = QMimeData()
    mime.setData("image/png", png("purple"))
    mime.setText("some words")  # Paste Image takes the image even beside text
    QGuiApplication.clipboard().setMimeData(mime)
    window.actions_.paste_image.trigger()
    text = window.editor.toPlainText()
    assert "old.png" not in text and "[Old" not in text
    assert text.startswith("\nIntro.\n\n![Screenshot](./screenshot-")
    assert text.endswith(".png)\n\nOutro.\n")
    assert window.editor.textCursor().selectedText() == "Screenshot"


def test_undoing_a_paste_takes_its_new_image_back_and_redo_restores_it(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    put_cursor(window, len("\nFirst paragraph."))
    mime = QMimeData()
    mime.setData("image/png", png("olive"))
    paste(window, mime)
    folder = post_file.parent
    (created,) = [name for name in files_in(folder) if name.startswith("screenshot-")]
    trash = Path(os.environ["XDG_DATA_HOME"]) / "Trash" / "files"
    trash.parent.parent.mkdir(parents=True, exist_ok=True)  # a desktop's data folder exists
    window.editor.undo()
    assert window.editor.toPlainText() == POST.split("---\n")[2]
    qtbot.waitUntil(lambda: not (folder / created).exists())
    assert (trash / created).read_bytes() == png("olive")  # in the trash, not gone for good
    assert (
        f"{created}, which it had added, moved to the trash" in window.statusBar().currentMessage()
    )
    window.editor.redo()
    qtbot.waitUntil(lambda: (folder / created).exists())
    assert (folder / created).read_bytes() == png("olive")
    assert not (trash / created).exists()


def test_without_a_trash_undo_deletes_the_new_image_and_redo_writes_it_again(
    qtbot: QtBot, window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFile, "moveToTrash", lambda self: False)
    mime = QMimeData()
    mime.setData("image/png", png("maroon"))
    paste(window, mime)
    folder = post_file.parent
    (created,) = [name for name in files_in(folder) if name.startswith("screenshot-")]
    window.editor.undo()
    qtbot.waitUntil(lambda: files_in(folder) == ["index.md"])
    window.editor.redo()
    qtbot.waitUntil(lambda: (folder / created).exists())
    assert (folder / created).read_bytes() == png("maroon")


def test_undo_keeps_an_image_the_paste_reused_or_the_post_still_shows(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    folder = post_file.parent
    (folder / "logo.png").write_bytes(png("navy"))
    mime = QMimeData()
    mime.setData("image/png", png("navy"))  # identical bytes: the existing file is reused
    paste(window, mime)
    assert files_in(folder) == ["index.md", "logo.png"]
    window.editor.undo()
    qtbot.wait(50)
    assert files_in(folder) == ["index.md", "logo.png"]


def test_paste_prefers_text_but_paste_image_takes_the_image(
    qtbot: QtBot, window: MainWindow, post_file: Path
) -> None:
    mime = QMimeData()
    mime.setText("pasted words")
    mime.setData("image/png", png("teal"))
    cursor = window.editor.textCursor()
    cursor.setPosition(1)
    window.editor.setTextCursor(cursor)
    paste(window, mime)
    assert window.editor.toPlainText().startswith("\npasted wordsFirst paragraph.")
    assert files_in(post_file.parent) == ["index.md"]
    window.actions_.paste_image.trigger()
    assert len(files_in(post_file.parent)) == 2


def test_paste_image_with_no_image_says_so(
    qtbot: QtBot, window: MainWindow, errors: list[GalleyError]
) -> None:
    mime = QMimeData()
    mime.setText("only words")
    QGuiApplication.clipboard().setMimeData(mime)
    window.actions_.paste_image.trigger()
    assert errors and "no image on the clipboard" in errors[0].summary


def test_an_untitled_post_is_saved_before_images_are_added(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.files.new_post()
    window.editor.setPlainText("A new issue.\n")
    target = tmp_path / "content" / "blog" / "weekly-4"
    target.mkdir()
    monkeypatch.setattr(messages, "ask_save_first", lambda parent: True)
    monkeypatch.setattr(messages, "ask_save_path", lambda *a, **k: str(target / "index.md"))
    source = tmp_path / "first.png"
    source.write_bytes(png())
    drop(qtbot, window, file_mime(source), line=1)
    qtbot.waitUntil(lambda: "./first.png" in window.editor.toPlainText())
    assert files_in(target) == ["first.png", "index.md"]


def test_declining_to_save_an_untitled_post_adds_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.files.new_post()
    window.editor.setPlainText("A new issue.\n")
    monkeypatch.setattr(messages, "ask_save_first", lambda parent: False)
    source = tmp_path / "first.png"
    source.write_bytes(png())
    drop(qtbot, window, file_mime(source), line=0)
    qtbot.wait(100)
    assert window.editor.toPlainText() == "A new issue.\n"


def test_rename_image_renames_the_file_and_every_reference(
    qtbot: QtBot, window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (post_file.parent / "shot.png").write_bytes(png())
    window.editor.setPlainText(
        "\n![A shot](./shot.png)\n\nAgain: ![Same](shot.png) and [the file](./shot.png).\n"
        "\n![Other](./shot-2.png)\n"
    )
    cursor = window.editor.textCursor()
    cursor.setPosition(8)  # inside the first reference
    window.editor.setTextCursor(cursor)
    monkeypatch.setattr(messages, "ask_text", lambda parent, title, label, text: "Catalog View")
    window.actions_.rename_image.trigger()
    assert files_in(post_file.parent) == ["catalog-view.png", "index.md"]
    assert window.editor.toPlainText() == (
        "\n![A shot](./catalog-view.png)\n\nAgain: ![Same](catalog-view.png) and "
        "[the file](./catalog-view.png).\n\n![Other](./shot-2.png)\n"
    )


def test_images_go_where_the_sites_latest_issues_keep_theirs(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: list[GalleyError]
) -> None:
    """A newsletter keeping issue N's images in static/emails/issues/N/: a new image of issue
    13 goes there, written as the issues write theirs, and Rename Image follows it."""
    from tests.helpers.site_images import newsletter_site

    site_root = tmp_path / "site"
    newsletter_site(site_root)
    issue = site_root / "content" / "newsletter" / "weekly-13.md"
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(issue)
    qtbot.waitUntil(lambda: win.site_followed)
    assert win.site.site is not None and win.site.site.static_roots == (site_root / "static",)
    source = tmp_path / "Wave Height.png"
    source.write_bytes(png("purple"))
    end = len(win.editor.toPlainText())
    assert win.images.insert_images(Payload(files=[source]), end, end)
    folder = site_root / "static" / "emails" / "issues" / "13"
    assert (folder / "wave-height.png").is_file()
    assert "![Wave height](/emails/issues/13/wave-height.png)" in win.editor.toPlainText()
    assert win.statusBar().currentMessage() == ("Added wave-height.png to static/emails/issues/13.")
    text = win.editor.toPlainText()
    cursor = win.editor.textCursor()
    cursor.setPosition(text.index("/emails/issues/13/wave-height.png"))
    win.editor.setTextCursor(cursor)
    monkeypatch.setattr(messages, "ask_text", lambda parent, title, label, text: "Swell")
    win.actions_.rename_image.trigger()
    assert (folder / "swell.png").is_file() and not (folder / "wave-height.png").exists()
    assert "![Wave height](/emails/issues/13/swell.png)" in win.editor.toPlainText()
    assert errors == []


# -- the pure helpers of the module


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("", "", "X"),
        ("a", "", "\n\nX"),
        ("a\n", "b", "\nX\n\n"),
        ("a\n\n", "\n\nb", "X"),
        ("a\n\n", "\nb", "X\n"),
        ("a", "b", "\n\nX\n\n"),
    ],
)
def test_paragraphs_puts_snippets_in_their_own_paragraph(
    before: str, after: str, expected: str
) -> None:
    text, start = paragraphs(before, after, ["X"])
    assert text == expected
    assert text[start] == "X"


def test_paragraphs_between_several_snippets() -> None:
    text, start = paragraphs("a", "", ["X", "Y"])
    assert text == "\n\nX\n\nY"
    assert text[start:] == "Y"


def test_link_markdown() -> None:
    assert link_markdown("https://a.example/x", "https://a.example/x") == "<https://a.example/x>"
    assert link_markdown("https://a.example/x", "The [PR]") == "[The \\[PR\\]](https://a.example/x)"


def test_payload_reads_files_links_and_image_data(tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.md")), QUrl("https://x.example/b.png")])
    mime.setData("image/png", b"data")
    payload = Payload.from_mime(mime)
    assert payload.posts == [tmp_path / "a.md"]
    assert payload.links == ["https://x.example/b.png"]
    assert payload.image == b"data" and payload.image_name == "b"


def test_a_site_can_put_images_in_its_own_folder(
    qtbot: QtBot, tmp_path: Path, post_file: Path, errors: list[GalleyError]
) -> None:
    (tmp_path / "galley.toml").write_text('assets = "images"\n')
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post_file)
    source = tmp_path / "chart.png"
    source.write_bytes(png())
    drop(qtbot, win, file_mime(source), line=1)
    qtbot.waitUntil(lambda: "chart" in win.editor.toPlainText())
    assert "![Chart](./images/chart.png)" in win.editor.toPlainText()
    assert files_in(post_file.parent / "images") == ["chart.png"]


def test_an_asset_folder_outside_the_site_is_refused_with_a_sentence(
    qtbot: QtBot, tmp_path: Path, post_file: Path, errors: list[GalleyError]
) -> None:
    # 'assets = "../../../../x"' once wrote images outside the site.
    toml = tmp_path / "galley.toml"
    toml.write_text('assets = "../../../../x"\n')  # from content/blog/weekly-3: above the root
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set("editor/spelling", False)  # its loading thread can outlive a short test
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post_file)
    source = tmp_path / "chart.png"
    source.write_bytes(png())
    drop(qtbot, win, file_mime(source), line=1)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors[0].summary.startswith(
        f"The setting 'assets' in {toml} (line 1) leads outside the site for {post_file}"
    )
    assert not (tmp_path.parent / "x").exists()
    assert "chart" not in win.editor.toPlainText()


def test_scale_down_option_shrinks_wide_images(
    qtbot: QtBot, window: MainWindow, post_file: Path, tmp_path: Path
) -> None:
    window.actions_.scale_images.setChecked(True)
    source = tmp_path / "wide.png"
    source.write_bytes(png("red", (3000, 100)))
    drop(qtbot, window, file_mime(source), line=1)
    qtbot.waitUntil(lambda: "./wide.png" in window.editor.toPlainText())
    with Image.open(post_file.parent / "wide.png") as image:
        assert image.size == (2000, 67)
    assert "Added wide.png" in window.statusBar().currentMessage()
