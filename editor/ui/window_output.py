"""What leaves the window, composed beside :mod:`editor.ui.main_window` (which would otherwise
pass its size limit): File ▸ Export (HTML, PDF, E-mail Message), Print, Send Test E-mail and
Edit ▸ Copy as E-mail HTML, each wired to the open post, its site's rendering and the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from editor.ui.dialogs.send_test import SendTest
from editor.ui.exporting import PostExport, export_rendering
from editor.ui.mail_export import MailExport, site_address

if TYPE_CHECKING:
    from editor.core.post import Post
    from editor.state.settings import Settings
    from editor.ui.main_window import MainWindow


def wire_output(window: MainWindow, settings: Settings) -> tuple[PostExport, SendTest, MailExport]:
    """Build the window's export, test-send and e-mail actions' objects and connect them."""
    a = window.actions_

    def post() -> Post | None:
        return window.document.post

    def rendering() -> dict[str, Any]:
        return export_rendering(window.site.current(), window.document.path)

    def status(text: str) -> None:
        window.statusBar().showMessage(text, 8000)

    export = PostExport(
        window,
        post=post,
        remote_allowed=lambda: window.preview_controller.remote_content,
        rendering=rendering,
    )
    a.export_html.triggered.connect(export.export_html)
    a.export_pdf.triggered.connect(export.export_pdf)
    a.print.triggered.connect(export.print_post)
    export.finished.connect(status)
    send_test = SendTest(window, settings, post=post, rendering=rendering)
    a.send_test.triggered.connect(send_test.open)
    send_test.status.connect(status)
    mail = MailExport(
        window,
        post=post,
        rendering=rendering,
        sender=lambda: str(settings.get("mail/from")),
        site_url=lambda: site_address(window.site.current()),
    )
    a.export_email.triggered.connect(mail.export_message)
    a.copy_email_html.triggered.connect(mail.copy_html)
    mail.finished.connect(status)
    return export, send_test, mail
