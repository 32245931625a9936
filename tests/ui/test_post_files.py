"""The file lifecycle without a window: PostFiles asks through editor.ui.messages and says what
to show through its signals, so any widget can drive it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from editor.core.errors import GalleyError
from editor.core.journal import Journal
from editor.core.post import Post
from editor.state.document import Document
from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.post_files import PostFiles

TEXT = "---\ntitle: Weekly 26\n---\nFirst line.\nSecond line.\n"


class Guard:
    """The parts of DocumentGuard that PostFiles uses."""

    def __init__(self) -> None:
        self.flushed = self.discarded = 0

    def flush(self) -> None:
        self.flushed += 1

    def discard(self) -> None:
        self.discarded += 1

    def new_key(self) -> str:
        return "adopted"


class Host:
    """A widget that shows whatever document PostFiles hands it."""

    def __init__(self, qtbot: QtBot, settings: Settings) -> None:
        self.widget = QWidget()
        qtbot.addWidget(self.widget)
        self.document = Document(parent=self.widget)
        self.guard = Guard()
        self.files = PostFiles(
            self.widget,
            settings,
            self.guard,  # type: ignore[arg-type]
            document=lambda: self.document,
            new_post=lambda: Post.parse(""),
        )
        self.shown: list[tuple[Document, str | None]] = []
        self.lines: list[int] = []
        self.messages: list[str] = []
        self.files.show_document.connect(self._show)
        self.files.line_requested.connect(self.lines.append)
        self.files.status.connect(lambda text, _timeout: self.messages.append(text))

    def _show(self, document: Document, key: str | None) -> None:
        self.shown.append((document, key))
        self.document = document


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    path = tmp_path / "weekly-26.md"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_a_cancelled_question_keeps_the_post_and_shows_nothing_new(
    qtbot: QtBot, settings: Settings, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = Host(qtbot, settings)
    assert host.files.open_path(post_file)
    ((opened, key),) = host.shown
    assert opened.path == post_file and key is None
    assert settings.recent_files() == [str(post_file)]

    opened.set_body("Changed.\n")
    asked: list[str] = []

    def cancel(parent: QWidget, name: str) -> messages.Choice:
        asked.append(name)
        return messages.Choice.CANCEL

    monkeypatch.setattr(messages, "ask_save_changes", cancel)
    assert not host.files.open_path(post_file)
    host.files.new_post()
    host.files.close_post()
    assert asked == ["weekly-26.md"] * 3
    assert len(host.shown) == 1 and host.document is opened and host.guard.discarded == 0


def test_save_as_asks_for_a_path_and_an_empty_answer_saves_nothing(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = Host(qtbot, settings)
    host.document.set_body("A draft.\n")
    answers = ["", str(tmp_path / "draft.md")]
    monkeypatch.setattr(messages, "ask_save_path", lambda *args: answers.pop(0))
    saved: list[bool] = []
    host.files.saved.connect(lambda: saved.append(True))

    assert not host.files.save()  # untitled: Save is Save As, and the user cancelled
    assert saved == [] and not (tmp_path / "draft.md").exists()
    assert host.files.save()
    assert saved == [True] and host.guard.flushed == 1  # the recovery copy first
    assert (tmp_path / "draft.md").read_text(encoding="utf-8").endswith("A draft.\n")
    assert host.messages == [f"Saved {tmp_path / 'draft.md'}"]


def test_a_restored_entry_is_shown_under_its_new_key_at_its_first_change(
    qtbot: QtBot, settings: Settings, post_file: Path, tmp_path: Path
) -> None:
    crashed = Journal(tmp_path / "recovery")
    changed = TEXT.replace("Second line.", "Second line, rewritten.")
    crashed.write("old", post_file, changed, display_name="weekly-26.md", base=None)
    crashed.close(clean=False)  # as if the app died
    journal = Journal(tmp_path / "recovery")
    try:
        (entry,) = journal.orphans()
        host = Host(qtbot, settings)
        assert host.files.restore(entry, journal)
        ((document, key),) = host.shown
        assert key == "adopted" and document.path == post_file and document.is_modified
        assert document.full_text() == changed
        assert host.lines == [5]  # the file's line 5 is the first that differs
        assert host.messages[0].startswith("Restored unsaved changes to weekly-26.md from ")
    finally:
        journal.close(clean=False)


# -- a post that is not UTF-8 (issue 19)


def record(errors: list[Any]) -> Callable[..., None]:
    """A stand-in for messages.show_error that keeps what it was asked to show."""
    return lambda parent, error, title="": errors.append(error)


LATIN = "---\ntitle: Café notes\n---\n\n\u201cRésumé\u201d \u2013 déjà vu.\n"


def test_a_latin1_post_opens_converted_as_a_modified_copy_saved_as_utf8(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cafe.md"
    path.write_bytes(LATIN.encode("cp1252"))
    asked: list[str] = []
    errors: list[object] = []
    monkeypatch.setattr(
        messages, "ask_convert_to_utf8", lambda parent, name: asked.append(name) or True
    )
    monkeypatch.setattr(
        messages, "show_error", lambda parent, error, title="": errors.append(error)
    )
    host = Host(qtbot, settings)
    assert host.files.open_path(path)
    assert asked == ["cafe.md"] and errors == []
    document = host.document
    assert document.path == path and document.is_modified  # a copy to save, not yet saved
    assert document.full_text() == LATIN
    assert path.read_bytes() == LATIN.encode("cp1252")  # nothing written before Save
    document.save()
    assert path.read_bytes() == LATIN.encode("utf-8") and not document.is_modified


def test_cancelling_the_conversion_leaves_the_latin1_post_unopened_and_untouched(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cafe.md"
    path.write_bytes(LATIN.encode("cp1252"))
    errors: list[object] = []
    monkeypatch.setattr(messages, "ask_convert_to_utf8", lambda parent, name: False)
    monkeypatch.setattr(
        messages, "show_error", lambda parent, error, title="": errors.append(error)
    )
    host = Host(qtbot, settings)
    assert not host.files.open_path(path)
    assert host.shown == [] and errors == []  # Cancel is an answer, not an error
    assert path.read_bytes() == LATIN.encode("cp1252")


def test_a_png_named_md_is_not_a_text_file_and_no_conversion_is_offered(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers.post_cases import PNG_1X1

    path = tmp_path / "screenshot.md"
    path.write_bytes(PNG_1X1)
    errors: list[GalleyError] = []
    monkeypatch.setattr(messages, "ask_convert_to_utf8", lambda parent, name: pytest.fail("no"))
    monkeypatch.setattr(
        messages, "show_error", lambda parent, error, title="": errors.append(error)
    )
    host = Host(qtbot, settings)
    assert not host.files.open_path(path)
    (error,) = errors
    assert error.summary.endswith("it is not a text file (it looks like a PNG image).")
    assert "iconv" not in str(error) and ".png" in error.detail


def test_a_site_folder_with_no_posts_says_where_its_generator_looked(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "_config.yml").write_text("title: Empty\n")
    (tmp_path / "README.md").write_text("# Not a post\n")
    errors: list[GalleyError] = []
    monkeypatch.setattr(
        messages, "show_error", lambda parent, error, title="": errors.append(error)
    )
    host = Host(qtbot, settings)
    assert not host.files.open_folder(tmp_path)
    (error,) = errors
    assert error.summary == f"No posts found in {tmp_path}."
    assert "_posts/" in error.detail and "by Jekyll's rules" in error.detail
