"""Edit ▸ Preferences: every user setting of the settings table that a person may want to change.

Changes apply as they are made (each control writes its setting, and every window follows the
setting; see :mod:`editor.ui.window_preferences`), so the user sees a font or a theme before
deciding. OK keeps them; Cancel, Esc or closing the dialog puts back the values the dialog
opened with. Restore Defaults shows (and applies) the defaults, and Cancel still undoes that.
A setting changed elsewhere while the dialog is open (View ▸ Wrap Lines in another window) is
shown here too.

The E-mail page holds the test send's server settings. Its password is never a setting: with a
system keyring it is kept there on OK (when "Remember password" is on; turning it off forgets the
kept one), and without one File ▸ Send Test E-mail asks for it each time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.state.settings import Settings
from editor.ui import messages, theme


class PreferencesDialog(QDialog):
    """Shows and edits ``settings``; see the module docstring for OK and Cancel."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferences")
        self._settings = settings
        self._show_value: dict[str, Callable[[Any], None]] = {}  # key -> show it in its control
        self._showing = False  # controls are being set from the settings: write nothing

        self.tabs = QTabWidget()  # mnemonics: the tabs' letters are not used on the pages
        self.tabs.addTab(self._editor_page(), "&Editor")
        self.tabs.addTab(self._appearance_page(), "&Appearance")
        self.tabs.addTab(self._preview_page(), "Pre&view")
        self.tabs.addTab(self._saving_page(), "&Saving")
        self.tabs.addTab(self._images_page(), "&Images")
        self.tabs.addTab(self._new_posts_page(), "&New Posts")
        self.tabs.addTab(self._mail_page(), "E-&mail")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        defaults = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)

        self._before: dict[str, Any] | None = {key: settings.get(key) for key in self._show_value}
        settings.changed.connect(self._setting_changed)

    @property
    def keys(self) -> list[str]:
        """The settings this dialog shows."""
        return list(self._show_value)

    # -- the pages

    def _editor_page(self) -> QWidget:
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
        self.monospace_font = self._font(
            "editor/monospace_family", QFontComboBox.FontFilter.MonospacedFonts, fixed
        )
        self.proportional_font = self._font(
            "editor/proportional_family", QFontComboBox.FontFilter.ScalableFonts, general
        )
        self.use_monospace = self._check("editor/monospace", "&Use the monospace font")
        self.use_monospace.setToolTip("The same as View ▸ Monospace Font")
        self.font_size = self._spin("editor/font_size", " pt")
        self.wrap = self._check("editor/wrap", "&Wrap long lines at the window's edge")
        self.wrap.setToolTip("The same as View ▸ Wrap Lines")
        form = QFormLayout()
        form.addRow("&Monospace font:", self.monospace_font)
        form.addRow("P&roportional font:", self.proportional_font)
        form.addRow("", self.use_monospace)
        form.addRow("Font si&ze:", self.font_size)
        form.addRow("", self.wrap)
        return _page(form)

    def _appearance_page(self) -> QWidget:
        self.theme = self._combo("appearance/theme", list(theme.LABELS.items()))
        form = QFormLayout()
        form.addRow("&Theme:", self.theme)
        form.addRow(
            "",
            _note(
                "System follows your desktop's colours. Light and Dark apply to the whole "
                "window, the editor's highlighting and the preview."
            ),
        )
        return _page(form)

    def _preview_page(self) -> QWidget:
        self.remote_default = self._check(
            "preview/remote_default", "&Load remote content when a post opens"
        )
        self.scroll_sync = self._check("preview/scroll_sync", "Scr&oll the preview with the editor")
        self.scroll_sync.setToolTip("The same as View ▸ Scroll Preview with Editor")
        form = QFormLayout()
        form.addRow(self.remote_default)
        form.addRow(
            _note(
                "Embedded videos, podcasts and remote images then load from the internet "
                "without asking. The preview's own switch still turns them off for one post."
            )
        )
        form.addRow(self.scroll_sync)
        return _page(form)

    def _saving_page(self) -> QWidget:
        self.recovery_seconds = self._spin("files/recovery_seconds", " s after typing stops")
        self.backups = self._check(
            "files/backups", "Keep a &backup of the previous version when a post is first saved"
        )
        form = QFormLayout()
        form.addRow("&Recovery copy:", self.recovery_seconds)
        form.addRow(
            _note(
                "Only Save writes your post. Until then, unsaved text is copied to a recovery "
                "journal in your user data folder this long after you stop typing (and at once "
                "when Galley loses the focus or is stopped), so a crash loses nothing: the next "
                "start offers it back."
            )
        )
        form.addRow(self.backups)
        return _page(form)

    def _images_page(self) -> QWidget:
        self.scale_images = self._check("images/scale_down", "S&cale down wide images")
        self.scale_images.setToolTip("The same as Edit ▸ Image Options ▸ Scale Down Wide Images")
        self.max_width = self._spin("images/max_width", " px")
        self.scale_images.toggled.connect(self.max_width.setEnabled)
        self.max_width.setEnabled(self.scale_images.isChecked())
        self.strip_location = self._check(
            "images/strip_location", "Remove &location (GPS) data from photos"
        )
        form = QFormLayout()
        form.addRow(self.scale_images)
        form.addRow("Ma&ximum width:", self.max_width)
        form.addRow(self.strip_location)
        form.addRow(_note("For images pasted or dropped into a post from now on."))
        return _page(form)

    def _new_posts_page(self) -> QWidget:
        self.author = self._line("new_post/author", "Your name")
        self.avatar = self._line("new_post/avatar", "e.g. ../../assets/team/you.jpg")
        form = QFormLayout()
        form.addRow("A&uthor:", self.author)
        form.addRow("Avata&r:", self.avatar)
        form.addRow(
            "",
            _note(
                "Written as the author of every New Post, and of a new issue when the "
                "series' issues name none. The avatar is written as typed: a path relative "
                "to the post, or a web address."
            ),
        )
        return _page(form)

    def _mail_page(self) -> QWidget:
        from editor.core.mail import secrets
        from editor.core.mail.smtp import DEFAULT_PORTS, SECURITY_LABELS

        self.smtp_host = self._line("mail/smtp_host", "e.g. smtp.example.com")
        self.smtp_port = self._spin("mail/smtp_port", "")
        self.smtp_security = self._combo("mail/smtp_security", list(SECURITY_LABELS.items()))
        self.smtp_user = self._line("mail/smtp_user", "Empty when the server needs no login")
        self.mail_from = self._line("mail/from", "e.g. Your Name <you@example.com>")
        self.mail_to = self._line("mail/to", "Empty: the from-address")
        self.smtp_port.setGroupSeparatorShown(False)
        security = [str(self.smtp_security.currentData())]
        ports: dict[str, int] = dict(DEFAULT_PORTS)

        def follow_security(_index: int) -> None:  # the usual port, unless one was chosen
            before, now = security[0], str(self.smtp_security.currentData())
            security[0] = now
            if not self._showing and self.smtp_port.value() == ports.get(before):
                self.smtp_port.setValue(ports.get(now, 587))

        self.smtp_security.currentIndexChanged.connect(follow_security)
        form = QFormLayout()
        form.addRow("Se&rver:", self.smtp_host)
        form.addRow("&Port:", self.smtp_port)
        form.addRow("Securit&y:", self.smtp_security)
        form.addRow("&User name:", self.smtp_user)
        self.password = QLineEdit()
        self.password.setObjectName("mail-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_password = self._check(
            "mail/remember_password", "Remem&ber the password in the system keyring"
        )
        # (not read here: a locked keyring would ask to be unlocked at each opening)
        self.password.setPlaceholderText("Type it to keep it in the keyring; empty: unchanged")
        self.keyring = secrets.keyring_available()
        no_keyring = _note(
            "No system keyring is available, so Galley asks for the password each time it "
            "sends, and keeps it nowhere."
        )
        form.addRow("Pass&word:", self.password)
        form.addRow("", self.remember_password)
        form.addRow("", no_keyring)
        form.setRowVisible(self.password, self.keyring)
        form.setRowVisible(self.remember_password, self.keyring)
        form.setRowVisible(no_keyring, not self.keyring)
        form.addRow("&From:", self.mail_from)
        form.addRow("Send tests &to:", self.mail_to)
        form.addRow(
            "",
            _note(
                "For File ▸ Send Test E-mail…: Galley connects to this server only when you "
                "send a test. STARTTLS is usual on port 587, SSL/TLS on 465; None is for a "
                "relay on this computer."
            ),
        )
        return _page(form)

    def _keep_password(self) -> None:
        """On OK: the typed password into the keyring, or the kept one forgotten."""
        if not self.keyring:
            return
        from editor.core.mail import secrets

        user, host = self.smtp_user.text().strip(), self.smtp_host.text().strip()
        typed = self.password.text()
        self.password.clear()
        try:
            if not self.remember_password.isChecked():
                secrets.forget_password(user, host)
            elif typed and user and host:
                secrets.store_password(user, host, typed)
        except secrets.SecretsError as error:
            messages.show_error(self.parentWidget(), error, "Preferences")

    # -- controls bound to settings

    def _check(self, key: str, text: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(key)
        box.setChecked(bool(self._settings.get(key)))
        box.toggled.connect(lambda on: self._write(key, on))
        self._show_value[key] = lambda value: box.setChecked(bool(value))
        return box

    def _spin(self, key: str, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(key)
        spin.setRange(*self._settings.limits(key))
        spin.setSuffix(suffix)
        spin.setKeyboardTracking(False)  # typing "14" is not a jump to 1 pt first
        spin.setValue(int(self._settings.get(key)))
        spin.valueChanged.connect(lambda value: self._write(key, value))
        self._show_value[key] = lambda value: spin.setValue(int(value))
        return spin

    def _font(self, key: str, kind: QFontComboBox.FontFilter, fallback: str) -> QFontComboBox:
        combo = QFontComboBox()
        combo.setObjectName(key)
        combo.setFontFilters(kind)

        def show(family: Any) -> None:
            name = str(family) or fallback
            if combo.findText(name) < 0:  # an alias such as "monospace": the font it stands for
                name = QFontInfo(QFont(name)).family()
            combo.setCurrentFont(QFont(name))

        show(self._settings.get(key))
        combo.currentFontChanged.connect(lambda font: self._write(key, font.family()))
        self._show_value[key] = show
        return combo

    def _combo(self, key: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        for value, label in items:
            combo.addItem(label, value)

        def show(value: Any) -> None:
            combo.setCurrentIndex(max(0, combo.findData(str(value).lower())))

        show(self._settings.get(key))
        combo.currentIndexChanged.connect(lambda _i: self._write(key, combo.currentData()))
        self._show_value[key] = show
        return combo

    def _line(self, key: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(str(self._settings.get(key)))
        edit.setObjectName(key)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda text: self._write(key, text))

        def show(value: Any) -> None:
            if edit.text() != str(value):
                edit.setText(str(value))

        self._show_value[key] = show
        return edit

    def _write(self, key: str, value: Any) -> None:
        if not self._showing and self._settings.get(key) != value:
            self._settings.set(key, value)

    def _setting_changed(self, key: str) -> None:
        show = self._show_value.get(key)
        if show is None:
            return
        self._showing = True
        try:
            show(self._settings.get(key))
        finally:
            self._showing = False

    # -- buttons

    def restore_defaults(self) -> None:
        """Apply the default of every setting shown here (Cancel still undoes it)."""
        for key in self._show_value:
            if self._settings.get(key) != self._settings.default(key):
                self._settings.set(key, self._settings.default(key))

    def reject(self) -> None:
        """Cancel: every setting goes back to what it was when the dialog opened."""
        for key, value in (self._before or {}).items():
            if self._settings.get(key) != value:
                self._settings.set(key, value)
        super().reject()

    def done(self, result: int) -> None:
        accepted = getattr(result, "value", result) == QDialog.DialogCode.Accepted.value
        if accepted and self._before is not None:
            self._keep_password()
        self.password.clear()
        if self._before is not None:
            self._before = None  # finished: a later close does not restore anything
            self._settings.changed.disconnect(self._setting_changed)
            self._settings.sync()
        super().done(result)


def _page(form: QFormLayout) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addLayout(form)
    layout.addStretch(1)
    return page


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
