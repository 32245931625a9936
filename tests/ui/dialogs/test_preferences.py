"""Edit ▸ Preferences as a user meets it: changes show at once, Cancel takes them back, OK keeps
them for the next window, and the menus and the dialog never disagree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QCheckBox, QFontComboBox, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from editor.state.settings import Settings
from editor.ui import messages, theme
from editor.ui.dialogs.preferences_dialog import PreferencesDialog
from editor.ui.editing.highlighter import palette_is_dark
from editor.ui.main_window import MainWindow
from tests.helpers.memory_keyring import MemoryKeyring, memory_keyring
from tests.helpers.post_cases import CORPUS_LIKE, write_site_post
from tests.helpers.window_helpers import js, open_window

LIGHT_PAGE, DARK_PAGE = "rgb(255, 255, 255)", "rgb(13, 17, 23)"  # preview.css --background


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    return write_site_post(tmp_path)


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def open_settings(ini: Path) -> Settings:
    return Settings(QSettings(str(ini), QSettings.Format.IniFormat))


@pytest.fixture
def settings(ini: Path) -> Settings:
    return open_settings(ini)


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Nothing may block a test; the errors a dialog would have shown are collected."""
    shown: list[object] = []
    monkeypatch.setattr(messages, "ask_save_changes", lambda parent, name: messages.Choice.DISCARD)
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": shown.append(error))
    return shown


@pytest.fixture(autouse=True)
def system_theme_afterwards() -> Iterator[None]:
    """The theme belongs to the whole application: leave the platform's one for other tests."""
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, theme.SYSTEM)


def make_window(qtbot: QtBot, settings: Settings, post: Path | None) -> MainWindow:
    return open_window(qtbot, settings, post, size=(1200, 760))


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, post_file: Path) -> MainWindow:
    return make_window(qtbot, settings, post_file)


def open_dialog(window: MainWindow) -> PreferencesDialog:
    window.actions_.preferences.trigger()
    dialog = window.prefs.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def page_background(qtbot: QtBot, win: MainWindow) -> str:
    return str(js(qtbot, win, "getComputedStyle(document.body).backgroundColor"))


def other_family(combo: QFontComboBox) -> str:
    current = combo.currentText()
    return next(combo.itemText(i) for i in range(combo.count()) if combo.itemText(i) != current)


def type_at_end(win: MainWindow, text: str) -> None:
    editor = win.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(text)


# -- the action


def test_preferences_is_in_the_edit_menu_with_its_shortcut_and_role(window: MainWindow) -> None:
    action = window.actions_.preferences
    assert action.shortcut() == QKeySequence("Ctrl+,")
    assert action.menuRole() == QAction.MenuRole.PreferencesRole
    edit_menu = window.menuBar().actions()[1].menu()
    assert action in edit_menu.actions()
    assert open_dialog(window) is open_dialog(window)  # asked twice: still one dialog


# -- editor


def test_font_size_changes_the_editor_font_at_once(window: MainWindow) -> None:
    dialog = open_dialog(window)
    assert dialog.font_size.value() == window.editor.font().pointSize() == 11
    dialog.font_size.setValue(17)
    assert window.editor.font().pointSize() == 17  # before OK: applied as it changes


def test_view_monospace_chooses_between_the_two_chosen_fonts(window: MainWindow) -> None:
    dialog = open_dialog(window)
    mono = other_family(dialog.monospace_font)
    dialog.monospace_font.setCurrentIndex(dialog.monospace_font.findText(mono))
    prose = other_family(dialog.proportional_font)
    dialog.proportional_font.setCurrentIndex(dialog.proportional_font.findText(prose))
    dialog.font_size.setValue(14)
    assert window.editor.font().family() == mono  # monospace is on by default
    dialog.accept()

    window.actions_.monospace.trigger()  # View ▸ Monospace Font: off
    assert window.editor.font().family() == prose
    assert window.editor.font().pointSize() == 14
    window.actions_.monospace.trigger()
    assert window.editor.font().family() == mono
    assert open_dialog(window).use_monospace.isChecked()


def test_wrap_and_scroll_sync_stay_in_step_with_the_view_menu(window: MainWindow) -> None:
    a = window.actions_
    dialog = open_dialog(window)
    assert dialog.wrap.isChecked() and a.wrap.isChecked()
    dialog.wrap.setChecked(False)
    assert not a.wrap.isChecked()
    assert window.editor.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    a.wrap.trigger()  # the menu, while the dialog is open
    assert dialog.wrap.isChecked()
    assert window.editor.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth

    dialog.scroll_sync.setChecked(False)
    assert not a.scroll_sync.isChecked()
    a.scroll_sync.trigger()
    assert dialog.scroll_sync.isChecked()

    dialog.scale_images.setChecked(True)  # and Edit ▸ Image Options
    dialog.max_width.setValue(800)
    dialog.strip_location.setChecked(True)
    assert a.scale_images.isChecked() and a.strip_location.isChecked()
    options = window.prefs.image_options()
    assert (options.max_width, options.strip_location) == (800, True)
    a.scale_images.trigger()
    assert not dialog.scale_images.isChecked() and not dialog.max_width.isEnabled()
    assert window.prefs.image_options().max_width is None


# -- appearance


def test_dark_theme_darkens_the_window_the_highlighting_and_the_preview(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert not palette_is_dark(window.palette())
    assert page_background(qtbot, window) == LIGHT_PAGE
    dialog = open_dialog(window)
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        dialog.theme.setCurrentIndex(dialog.theme.findData(theme.DARK))
    assert palette_is_dark(window.palette())
    assert palette_is_dark(window.editor.palette())
    assert window.editor.highlighter.is_dark()
    assert page_background(qtbot, window) == DARK_PAGE

    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        dialog.theme.setCurrentIndex(dialog.theme.findData(theme.LIGHT))
    assert not palette_is_dark(window.palette())
    assert not window.editor.highlighter.is_dark()
    assert page_background(qtbot, window) == LIGHT_PAGE


# -- OK, Cancel, and the next window


def test_cancel_puts_every_change_back(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    dialog = open_dialog(window)
    dialog.font_size.setValue(20)
    dialog.wrap.setChecked(False)
    dialog.theme.setCurrentIndex(dialog.theme.findData(theme.DARK))
    dialog.author.setText("Ada Lovelace")
    dialog.recovery_seconds.setValue(9)
    qtbot.waitUntil(lambda: palette_is_dark(window.palette()))

    dialog.reject()
    assert window.prefs.dialog is None
    assert window.editor.font().pointSize() == 11
    assert window.actions_.wrap.isChecked()
    assert window.editor.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    qtbot.waitUntil(lambda: not palette_is_dark(window.palette()))
    assert settings.get("new_post/author") == ""
    assert settings.get("files/recovery_seconds") == 1


def test_restore_defaults_then_ok(window: MainWindow, settings: Settings) -> None:
    settings.set("editor/font_size", 15)
    settings.set("preview/remote_default", True)
    dialog = open_dialog(window)
    assert dialog.font_size.value() == 15 and dialog.remote_default.isChecked()
    dialog.restore_defaults()
    assert dialog.font_size.value() == 11 and not dialog.remote_default.isChecked()
    assert window.editor.font().pointSize() == 11
    dialog.accept()
    assert settings.get("editor/font_size") == 11


def test_settings_persist_for_a_new_window(
    qtbot: QtBot, window: MainWindow, ini: Path, post_file: Path
) -> None:
    dialog = open_dialog(window)
    dialog.font_size.setValue(16)
    dialog.wrap.setChecked(False)
    dialog.scroll_sync.setChecked(False)
    dialog.remote_default.setChecked(True)
    dialog.backups.setChecked(False)
    dialog.recovery_seconds.setValue(5)
    dialog.author.setText("Ada Lovelace")
    dialog.accept()
    window.close()

    again = make_window(qtbot, open_settings(ini), post_file)  # a fresh QSettings on the file
    assert again.editor.font().pointSize() == 16
    assert not again.actions_.wrap.isChecked()
    assert again.editor.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    assert not again.actions_.scroll_sync.isChecked()
    assert again.remote_toggle.isChecked()  # a post opens with remote content on
    assert again.preview_controller.remote_content
    assert again.document.backup_folder is None
    reopened = open_dialog(again)
    assert reopened.recovery_seconds.value() == 5
    assert reopened.author.text() == "Ada Lovelace"


# -- saving: only Save writes the post; the delay is the recovery copy's


def test_only_save_writes_the_post_and_the_recovery_copy_follows_the_delay(
    qtbot: QtBot, settings: Settings, post_file: Path, tmp_path: Path
) -> None:
    from editor.core.journal import Journal

    journal = Journal(tmp_path / "recovery")
    try:
        win = MainWindow(settings, journal=journal)
        qtbot.addWidget(win)
        win.show()
        with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
            assert win.files.open_path(post_file)
        dialog = open_dialog(win)
        dialog.recovery_seconds.setValue(2)
        dialog.accept()
        qtbot.wait(100)
        type_at_end(win, "\nKept for recovery, not saved.\n")
        qtbot.wait(1200)
        assert journal.entries() == []  # not yet: 2 s after typing stops
        qtbot.waitUntil(lambda: len(journal.entries()) == 1, timeout=4000)
        assert "Kept for recovery, not saved." in journal.entries()[0].text
        assert post_file.read_bytes() == CORPUS_LIKE  # the post itself is untouched
        assert win.isWindowModified()
    finally:
        journal.close()


def test_backups_follow_the_setting_live(window: MainWindow, settings: Settings) -> None:
    assert window.document.backup_folder is None  # this window was given no backup folder
    other = MainWindow(settings, backup_folder=Path("/tmp/galley-test-backups"))
    try:
        assert other.document.backup_folder == Path("/tmp/galley-test-backups")
        open_dialog(window).backups.setChecked(False)
        assert other.document.backup_folder is None
    finally:
        other.deleteLater()


# -- new posts


def test_the_default_author_is_in_a_new_posts_front_matter(
    window: MainWindow, settings: Settings
) -> None:
    dialog = open_dialog(window)
    dialog.author.setText("Ada Lovelace")
    dialog.avatar.setText("../../assets/team/ada.jpg")
    dialog.accept()
    window.actions_.new.trigger()
    assert window.document.path is None
    assert window.document.full_text() == (
        "---\nauthor:\n  name: Ada Lovelace\n  avatar: ../../assets/team/ada.jpg\n---\n"
    )
    assert not window.isWindowModified()  # nothing typed yet: closing does not ask

    settings.set("new_post/avatar", "")
    window.actions_.new.trigger()
    assert window.document.full_text() == "---\nauthor: Ada Lovelace\n---\n"


def test_without_a_default_author_a_new_post_is_empty(window: MainWindow) -> None:
    window.actions_.new.trigger()
    assert window.document.full_text() == ""


# -- e-mail (issue 21): the test send's server; its password only ever in the keyring

ME = "me@example.org"


@pytest.fixture
def keyring() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def test_preferences_has_the_email_settings_and_keeps_the_password_out_of_them(
    qtbot: QtBot, settings: Settings, ini: Path, keyring: MemoryKeyring
) -> None:
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.keyring and dialog.smtp_port.value() == 587
    page = dialog.tabs.widget(dialog.tabs.count() - 1)
    assert dialog.password.isVisibleTo(page) and dialog.remember_password.isVisibleTo(page)
    dialog.smtp_host.setText("smtp.example.org")
    dialog.smtp_security.setCurrentIndex(dialog.smtp_security.findData("ssl"))
    assert dialog.smtp_port.value() == 465  # the usual port of the security chosen
    dialog.smtp_user.setText(ME)
    dialog.mail_from.setText(f"Me <{ME}>")
    dialog.password.setText("typed-in-preferences")
    dialog.accept()
    smtp = settings.smtp()
    assert (smtp.host, smtp.port, smtp.security, smtp.user) == ("smtp.example.org", 465, "ssl", ME)
    assert keyring.kept == {("Galley SMTP", f"{ME}@smtp.example.org"): "typed-in-preferences"}
    settings.sync()
    assert b"typed-in-preferences" not in ini.read_bytes()

    again = PreferencesDialog(settings)
    qtbot.addWidget(again)
    assert again.password.text() == ""  # never shown back
    again.password.setText("not-kept")
    again.reject()  # Cancel keeps nothing
    assert keyring.kept == {("Galley SMTP", f"{ME}@smtp.example.org"): "typed-in-preferences"}
    third = PreferencesDialog(settings)
    qtbot.addWidget(third)
    third.remember_password.setChecked(False)
    third.accept()
    assert keyring.kept == {}  # forgotten


def test_preferences_without_a_keyring_says_the_password_is_asked_each_time(
    qtbot: QtBot, settings: Settings
) -> None:
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.keyring
    page = dialog.tabs.widget(dialog.tabs.count() - 1)
    assert dialog.tabs.tabText(dialog.tabs.count() - 1) == "E-&mail"
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "asks for the password each time" in texts
    assert not dialog.remember_password.isVisibleTo(page)
    assert not dialog.password.isVisibleTo(page)


def test_the_email_pages_mnemonics_are_its_own(qtbot: QtBot, settings: Settings) -> None:
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    page = dialog.tabs.widget(tabs.index("E-&mail"))
    texts = [label.text() for label in page.findChildren(QLabel)]
    texts += [box.text() for box in page.findChildren(QCheckBox)]

    def key(text: str) -> str | None:
        at = text.replace("&&", "").find("&")
        return text.replace("&&", "")[at + 1].lower() if at >= 0 else None

    keys = [k for k in map(key, texts) if k]
    assert len(keys) == len(set(keys)) >= 7
    assert not set(keys) & {key(tab) for tab in tabs}
