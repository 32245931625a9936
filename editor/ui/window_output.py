"""What leaves the window, composed beside :mod:`editor.ui.main_window` (which would otherwise
pass its size limit): File ▸ Export (HTML, PDF, E-mail Message), Print, Send Test E-mail and
Edit ▸ Copy as E-mail HTML, each wired to the open post, its site's rendering and the status bar.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from editor.ui.exporting import PostExport, export_rendering

if TYPE_CHECKING:
    from editor.core.post import Post
    from editor.state.settings import Settings
    from editor.ui.dialogs.send_test import SendTest
    from editor.ui.mail_export import MailExport
    from editor.ui.main_window import MainWindow


def wire_output(
    window: MainWindow, settings: Settings
) -> tuple[PostExport, Callable[[], SendTest], Callable[[], MailExport]]:
    """Build the window's export, test-send and e-mail actions' objects and connect them. The
    test send's and the e-mail export's are made when first asked for (calling what is returned
    for them), so that their modules are not imported while the window opens."""
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

    @functools.cache
    def send_test() -> SendTest:
        from editor.ui.dialogs.send_test import SendTest

        made = SendTest(window, settings, post=post, rendering=rendering)
        made.status.connect(status)
        return made

    @functools.cache
    def mail() -> MailExport:
        from editor.ui.mail_export import MailExport, site_address

        made = MailExport(
            window,
            post=post,
            rendering=rendering,
            sender=lambda: str(settings.get("mail/from")),
            site_url=lambda: site_address(window.site.current()),
        )
        made.finished.connect(status)
        return made

    a.send_test.triggered.connect(lambda: send_test().open())
    a.export_email.triggered.connect(lambda: mail().export_message())
    a.copy_email_html.triggered.connect(lambda: mail().copy_html())
    return export, send_test, mail
