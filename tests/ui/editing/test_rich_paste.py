"""Pasting rich text, plain text, and images picked from files, in the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from editor.ui import messages
from editor.ui.main_window import MainWindow
from tests.ui.editing import test_image_import as images
from tests.ui.editing.test_image_import import files_in, paste, png, put_cursor

post_file = images.post_file  # the same post and window fixtures
window = images.window

CHROME_HTML = (
    '<html><body><!--StartFragment--><p>Read <a href="https://roadie.io/blog">the '
    "<b>new</b> blog</a>:</p><ul><li>fast</li><li><em>small</em></li></ul>"
    "<script>track()</script><!--EndFragment--></body></html>"
)


def rich(html: str, text: str | None = None) -> QMimeData:
    mime = QMimeData()
    mime.setHtml(html)
    if text is not None:
        mime.setText(text)
    return mime


def test_ctrl_v_of_a_web_page_pastes_markdown(qtbot: QtBot, window: MainWindow) -> None:
    put_cursor(window, 0)
    QGuiApplication.clipboard().setMimeData(rich(CHROME_HTML, "Read the new blog:\nfast\nsmall"))
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText().startswith(
        "Read [the **new** blog](https://roadie.io/blog):\n\n- fast\n- *small*\n\nFirst paragraph."
    )
    window.editor.undo()  # one step
    assert window.editor.toPlainText().startswith("\nFirst paragraph.")


def test_an_html_only_clipboard_pastes_its_content(qtbot: QtBot, window: MainWindow) -> None:
    put_cursor(window, 0)
    paste(window, rich("<h3>Heading</h3><p>with <code>code</code></p>"))
    assert window.editor.toPlainText().startswith("### Heading\n\nwith `code`\n\nFirst")


def test_rich_text_inside_a_line_stays_inline_and_blocks_get_blank_lines(
    qtbot: QtBot, window: MainWindow
) -> None:
    put_cursor(window, len("\nFirst "))
    paste(window, rich('<a href="https://roadie.io">Roadie</a>', "Roadie"))
    assert window.editor.toPlainText().startswith("\nFirst [Roadie](https://roadie.io)paragraph.")
    put_cursor(window, len("\nFirst [Roadie](https://roadie.io)"))
    paste(window, rich("<ul><li>one</li><li>two</li></ul>", "one\ntwo"))
    assert window.editor.toPlainText().startswith(
        "\nFirst [Roadie](https://roadie.io)\n\n- one\n- two\n\nparagraph.\n"
    )


def test_rich_text_dragged_from_a_browser_drops_as_markdown(
    qtbot: QtBot, window: MainWindow
) -> None:
    images.drop(qtbot, window, rich(CHROME_HTML, "Read the new blog:\nfast\nsmall"), line=1)
    qtbot.waitUntil(lambda: "roadie.io/blog" in window.editor.toPlainText())
    assert window.editor.toPlainText().startswith(
        "\nRead [the **new** blog](https://roadie.io/blog):\n\n- fast\n- *small*\n\nFirst"
    )


def test_paste_as_plain_text_keeps_the_words_only(qtbot: QtBot, window: MainWindow) -> None:
    put_cursor(window, 0)
    QGuiApplication.clipboard().setMimeData(rich(CHROME_HTML, "Read the new blog:"))
    window.editor.setFocus()
    qtbot.keyClick(
        window.editor,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.editor.toPlainText().startswith("Read the new blog:\nFirst paragraph.")


def test_code_editors_and_code_blocks_get_the_plain_text(qtbot: QtBot, window: MainWindow) -> None:
    source = "def f():\n    return 1"
    vscode = rich("<div style='white-space: pre;'><div><span>def f():</span></div></div>", source)
    vscode.setData("vscode-editor-data", b"{}")
    put_cursor(window, 0)
    paste(window, vscode)
    assert window.editor.toPlainText().startswith(source + "\nFirst")
    window.editor.setPlainText("```\n\n```\n")
    put_cursor(window, 4)
    paste(window, rich("<p>a <b>b</b></p>", "a b"))
    assert window.editor.toPlainText() == "```\na b\n```\n"


def test_insert_image_from_file_imports_each_picked_file(
    qtbot: QtBot,
    window: MainWindow,
    post_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pictures = tmp_path / "Pictures"
    pictures.mkdir()
    picked = []
    for name, colour in (("Stage One.png", "red"), ("stage two.PNG", "green"), ("3.png", "blue")):
        (pictures / name).write_bytes(png(colour))
        picked.append(str(pictures / name))
    asked: list[str] = []

    def ask(parent: object, title: str, start: str, filters: str) -> list[str]:
        asked.append(start)
        return picked

    monkeypatch.setattr(messages, "ask_open_paths", ask)
    put_cursor(window, len("\nFirst par"))
    toolbar = window.findChild(type(window.addToolBar("probe")), "main-toolbar")
    assert window.actions_.insert_image_file in toolbar.actions()  # the toolbar's image button
    window.actions_.insert_image_file.trigger()
    assert asked == [str(post_file.parent)]
    assert window.editor.toPlainText() == (
        "\nFirst paragraph.\n\n![Stage one](./stage-one.png)\n\n![Stage two](./stage-two.png)\n\n"
        "![3](./3.png)\n\nSecond paragraph.\n"
    )
    assert files_in(post_file.parent) == ["3.png", "index.md", "stage-one.png", "stage-two.png"]
