"""File ▸ Export ▸ HTML… / PDF… and File ▸ Print…, as a writer uses them."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QKeySequence, QPageSize
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from editor.core.export import export_page
from editor.core.post import Post
from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from editor.ui.exporting import page_layout
from editor.ui.main_window import MainWindow
from tests.helpers.post_cases import CORPUS_LIKE, write_site_post
from tests.helpers.window_helpers import open_window

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")
TITLE = "Backstage Weekly 26 - Spotify"


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    return write_site_post(tmp_path, screenshot=True)


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, post_file: Path) -> Iterator[MainWindow]:
    yield open_window(qtbot, settings, post_file)


def save_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    asked: list[str] = []

    def ask(parent: Any, title: str, start: str, filters: str) -> str:
        asked.append(start)
        return str(target)

    monkeypatch.setattr(messages, "ask_save_path", ask)
    return asked


def pdf_text(pdf: bytes) -> str:
    """The text-ish content of a PDF's streams and its metadata (no PDF library needed)."""
    parts = [pdf.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match[1]).decode("latin-1"))
    return "\n".join(parts)


def test_the_file_menu_has_export_and_print(window: MainWindow) -> None:
    a = window.actions_
    file_menu = window.menuBar().actions()[0].menu()
    export_menu = next(x.menu() for x in file_menu.actions() if x.text() == "&Export")
    assert [x.text() for x in export_menu.actions()] == ["&HTML…", "&PDF…", "&E-mail Message…"]
    assert a.print in file_menu.actions()
    assert a.print.shortcut() == QKeySequence("Ctrl+P")
    assert a.quick_open.shortcut() == QKeySequence("Ctrl+T")


def test_the_shortcuts_dialog_says_quick_open_moved(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_.shortcuts.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Quick Open moved to Ctrl+T" in dialog.moved.text()
    dialog.set_filter("Ctrl+P")
    shown = [
        (item.text(0), item.text(1))
        for group in dialog._groups
        for item in (group.child(i) for i in range(group.childCount()))
        if not item.isHidden()
    ]
    assert ("Print", "Ctrl+P") in shown and ("Quick Open", "Ctrl+T") not in shown
    dialog.close()


def test_export_html_writes_what_galley_export_does(
    window: MainWindow, post_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "weekly-26"
    target.parent.mkdir()
    asked = save_to(monkeypatch, target)
    window.actions_.export_html.trigger()
    assert asked == [str(post_file.parent / "weekly-26.html")]
    written = target.with_suffix(".html").read_text(encoding="utf-8")
    assert written == export_page(Post.load(post_file))
    assert "Exported the post to" in window.statusBar().currentMessage()


def test_export_pdf_writes_a_pdf_of_the_post(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "weekly-26.pdf"
    save_to(monkeypatch, target)
    window.actions_.export_pdf.trigger()
    qtbot.waitUntil(target.exists, timeout=20000)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext"):  # poppler-utils: the text as a reader's PDF viewer finds it
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Backstage Weekly 26" in text and "product story" in text
    else:  # the fonts' character maps hold every character of the title
        mapped = {chr(int(code, 16)) for code in re.findall(r"<([0-9A-F]{4})>", pdf_text(pdf))}
        assert set(TITLE) - {" "} <= mapped
    qtbot.waitUntil(lambda: "as a PDF" in window.statusBar().currentMessage(), timeout=5000)


def test_export_refuses_to_write_over_the_post(
    window: MainWindow, post_file: Path, monkeypatch: pytest.MonkeyPatch, errors: list[Any]
) -> None:
    save_to(monkeypatch, post_file)
    window.actions_.export_html.trigger()
    assert post_file.read_bytes() == CORPUS_LIKE
    assert "that is the post itself" in errors[0].summary


def test_print_sends_the_post_to_the_chosen_printer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The print dialog's choice is honoured: here, a PDF printer (no printer is needed)."""
    target = tmp_path / "printed.pdf"
    chosen: list[QPrinter] = []

    def choose(parent: Any, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        chosen.append(printer)
        return True

    monkeypatch.setattr(messages, "ask_print", choose)
    window.actions_.print.trigger()
    qtbot.waitUntil(lambda: target.exists() and target.stat().st_size > 1000, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF-")
    assert chosen[0].pageLayout().pageSize().id() in (QPageSize.PageSizeId.A4, QPageSize.Letter)


def test_cancelling_the_print_dialog_prints_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "ask_print", lambda parent, printer: False)
    window.actions_.print.trigger()
    assert window.export._printer is None


def test_paper_follows_the_locale() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    germany = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert page_layout(us).pageSize().id() == QPageSize.PageSizeId.Letter
    assert page_layout(germany).pageSize().id() == QPageSize.PageSizeId.A4
    assert page_layout(germany).margins().top() > 10  # millimetres
