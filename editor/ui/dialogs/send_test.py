"""File ▸ Send Test E-mail…: the open post, as an e-mail, to the user's own address over SMTP.

The dialog asks only what a test needs: the address to send to (the user's own by default: the
"Send tests to" setting, else the from-address), and the password when the server wants a login
and none is kept in the system keyring (with "Remember password" when there is a keyring). The
server, its port and security, the user name and the from-address are in Preferences ▸ E-mail.

Send builds the message through the ``make_message`` callable the dialog is given (on the GUI
thread, from the post as it is then; the post is only read, never changed) and hands it to a
:class:`~editor.state.mail_sender.MailSender`, which sends it on a worker thread. Meanwhile a
line says what is happening ("Connecting to …") beside a busy bar, and Cancel stops waiting at
once. The outcome is shown as the two sentences of :mod:`editor.core.mail.smtp` (what happened,
what to do). This is the only network access Galley makes, and only on this explicit action.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.errors import GalleyError
from editor.state.mail_sender import MailSender
from editor.state.settings import Settings

if TYPE_CHECKING:
    from email.message import EmailMessage

    from editor.core.mail.smtp import SmtpSettings
    from editor.core.post import Post

_log = logging.getLogger(__name__)


class SendTestDialog(QDialog):
    """Sends ``make_message()`` as ``settings`` say; see the module docstring.

    ``cafile`` (tests, private relays): the only certificates TLS trusts instead of the
    system's. ``timeout``: the seconds each step may wait for the server.
    """

    sent = Signal(str)  # what was done, for the status bar

    def __init__(
        self,
        settings: Settings,
        make_message: Callable[[], EmailMessage],
        parent: QWidget | None = None,
        *,
        timeout: float = 30,
        cafile: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send Test E-mail")
        self.setObjectName("send-test")
        self._settings = settings
        self._make_message = make_message
        self._timeout = timeout
        self._cafile = cafile
        self._stored: str | None = None  # the keyring's password for this login, if any
        self._keyring = False  # whether "Remember password" can be offered
        self._to = ""  # where the running send goes
        self.mailer = MailSender(self)
        self.mailer.progress.connect(self._progress)
        self.mailer.finished.connect(self._finished)
        self.mailer.failed.connect(self._failed)

        self.server = QLabel()
        self.server.setObjectName("send-test-server")
        self.server.setWordWrap(True)
        self.to = QLineEdit(settings.mail_recipient())
        self.to.setObjectName("send-test-to")
        self.to.setPlaceholderText("you@example.com")
        self.password = QLineEdit()
        self.password.setObjectName("send-test-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Remem&ber the password in the system keyring")
        self.remember.setObjectName("send-test-remember")
        self.status = QLabel()
        self.status.setObjectName("send-test-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()
        self.busy.setObjectName("send-test-busy")
        self.busy.setRange(0, 0)  # busy: no known end
        self.busy.setTextVisible(False)
        self.busy.hide()

        self.buttons = QDialogButtonBox()
        self.send_button = QPushButton("&Send")
        self.send_button.setDefault(True)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.send_button.clicked.connect(self.send)
        self.close_button.clicked.connect(self._close_or_cancel)

        form = QFormLayout()
        form.addRow(self.server)
        form.addRow("&To:", self.to)
        self._password_label = QLabel("&Password:")
        self._password_label.setBuddy(self.password)
        form.addRow(self._password_label, self.password)
        form.addRow("", self.remember)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._show_settings()
        self.setMinimumWidth(500)
        self._fit()

    # -- what the user does

    def send(self) -> None:
        """Send: build the message now and send it on the worker."""
        if self.mailer.busy:
            return
        smtp = self.smtp()
        to = self.to.text().strip()
        password = self.password.text() or self._stored
        try:
            message = self._make_message()
        except GalleyError as error:
            self._show_result(error.summary, error.detail, "failed")
            return
        except Exception as exc:  # a bug: said in two parts, never as a traceback
            _log.exception("Building the test e-mail failed")
            self._show_result(
                f"Could not make the test e-mail: Galley hit an internal error "
                f"({type(exc).__name__}).",
                "This is a bug in Galley; please report it. The post is unchanged.",
                "failed",
            )
            return
        self._to = to
        self._set_busy(True)
        self.status.setText("Sending…")
        self.status.setProperty("state", "sending")
        self.mailer.start(message, smtp, password, to=to, timeout=self._timeout)

    def cancel(self) -> None:
        """Stop waiting for the server (the result says so at once)."""
        self.mailer.cancel()

    def smtp(self) -> SmtpSettings:
        """The server settings this dialog sends with."""
        smtp = self._settings.smtp()
        return dataclasses.replace(smtp, cafile=self._cafile) if self._cafile else smtp

    @property
    def result_text(self) -> str:
        """The progress line or the outcome, as shown."""
        return self.status.text()

    def reject(self) -> None:
        """Esc or Close: a send still running is cancelled first."""
        self.mailer.cancel()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        self.mailer.cancel()
        super().closeEvent(event)

    # -- the worker's news

    def _progress(self, text: str) -> None:
        self.status.setText(text)

    def _finished(self) -> None:
        self._set_busy(False)
        note = self._keep_password()
        to = self._to
        self._show_result(
            f"The server accepted the test e-mail for {to}.",
            f"Check that inbox; it may take a minute to arrive.{note}",
            "sent",
        )
        self.sent.emit(f"Sent a test e-mail to {to}")

    def _failed(self, text: str) -> None:
        self._set_busy(False)
        error = self.mailer.error
        if error is None:
            self._show_result(text, "", "failed")
            return
        self._show_result(error.summary, error.detail, "failed")
        if error.reason == "login":  # a kept password may be the wrong one now
            self._stored = None
            self._show_password(True)
            self.password.selectAll()
            self.password.setFocus()

    # -- showing

    def _show_settings(self) -> None:
        from editor.core.mail import secrets
        from editor.core.mail.smtp import SECURITY_LABELS

        smtp = self.smtp()
        if not smtp.host:
            self.server.setText(
                "No mail server is set yet: enter it in Edit ▸ Preferences ▸ E-mail."
            )
        else:
            security = SECURITY_LABELS.get(smtp.security, smtp.security).split(" (")[0]
            login = f", logging in as {smtp.user}" if smtp.user else ""
            sender = f", from {smtp.sender}" if smtp.sender else ""
            self.server.setText(f"Through {smtp.where} ({security}){login}{sender}.")
        self._stored = secrets.stored_password(smtp.user, smtp.host) if smtp.user else None
        self._keyring = bool(smtp.user) and secrets.keyring_available()
        self.remember.setChecked(bool(self._settings.get("mail/remember_password")))
        self._show_password(bool(smtp.user) and self._stored is None)

    def _show_password(self, shown: bool) -> None:
        self._password_label.setVisible(shown)
        self.password.setVisible(shown)
        self.remember.setVisible(shown and self._keyring)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.send_button.setEnabled(not busy)
        for field in (self.to, self.password, self.remember):
            field.setEnabled(not busy)
        self.close_button.setText("&Cancel" if busy else "&Close")

    def _show_result(self, summary: str, detail: str, state: str) -> None:
        self.status.setText(f"{summary}\n{detail}".strip())
        self.status.setProperty("state", state)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for its wrapped lines (a label's height depends on its width)."""
        layout = self.layout()
        width = max(self.width(), self.minimumWidth())
        if layout is not None and layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
            if height > self.height():
                self.resize(width, height)

    def _close_or_cancel(self) -> None:
        if self.mailer.busy:
            self.cancel()
        else:
            self.reject()

    def _keep_password(self) -> str:
        """After a send that logged in: the typed password into the keyring if asked to
        (after, not before: a wrong one is not kept). A sentence to add if that failed."""
        typed = self.password.text()
        smtp = self.smtp()
        if not typed or not self._keyring:
            return ""
        self._settings.set("mail/remember_password", self.remember.isChecked())
        if not self.remember.isChecked():
            return ""
        from editor.core.mail import secrets

        try:
            secrets.store_password(smtp.user, smtp.host, typed)
        except secrets.SecretsError as error:
            return f" {error}"
        self._stored = typed
        self.password.clear()
        self._show_password(False)
        return ""


class SendTest(QObject):
    """The window's File ▸ Send Test E-mail… action for the post ``post()`` returns."""

    status = Signal(str)  # for the status bar

    def __init__(
        self,
        parent: QWidget,
        settings: Settings,
        *,
        post: Callable[[], Post | None],
        rendering: Callable[[], Mapping[str, Any]] = dict,
    ) -> None:
        """``rendering``: how the post's site renders it (export_page's keyword arguments)."""
        super().__init__(parent)
        self._parent = parent
        self._settings = settings
        self._post = post
        self._rendering = rendering
        self.dialog: SendTestDialog | None = None

    def open(self) -> SendTestDialog | None:
        """Open the dialog (window-modal; the call returns at once), or bring it forward."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        if self._post() is None:
            return None
        dialog = self.dialog = SendTestDialog(self._settings, self._message, self._parent)
        dialog.sent.connect(self.status)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: SendTestDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _message(self) -> EmailMessage:
        """The message of the post as it is now (:func:`~editor.core.mail.compose_message`):
        from the site's ``[email] from``, else Preferences' from-address."""
        post = self._post()
        if post is None:
            raise GalleyError("Could not make the test e-mail: no post is open.", "Open a post.")
        from editor.core.mail import compose_message, mail_options_for

        options = mail_options_for(
            post.path,
            sender=str(self._settings.get("mail/from")),
            recipient=str(self._settings.get("mail/to")),
        )
        return compose_message(post, options, **self._rendering())
