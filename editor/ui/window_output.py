"""What leaves the window, composed beside :mod:`editor.ui.main_window` (which would otherwise
pass its size limit): File ▸ Export (HTML, PDF, E-mail Message), Print, Send Test E-mail and
Edit ▸ Copy as E-mail HTML, each wired to the open post, its site's rendering and the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from editor.ui.exporting import PostExport, export_rendering

if TYPE_CHECKING:
    from editor.core.post import Post
    from editor.state.settings import Settings
    from editor.ui.dialogs.send_test import SendTest
    from editor.ui.mail_export import MailExport
    from editor.ui.main_window import MainWindow

T = TypeVar("T")


class Made(Generic[T]):
    """An object made when first asked for (``made()``): the Send Test dialog's and the e-mail
    export's modules are imported on first use, not while the window opens (0.9 MB)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._made: T | None = None

    def __call__(self) -> T:
        if self._made is None:
            self._made = self._make()
        return self._made


def wire_output(
    window: MainWindow, settings: Settings
) -> tuple[PostExport, Made[SendTest], Made[MailExport]]:
    """Build the window's export, test-send and e-mail actions' objects and connect them (the
    test send's and the e-mail export's on first use)."""
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

    def make_send_test() -> SendTest:
        from editor.ui.dialogs.send_test import SendTest

        made = SendTest(window, settings, post=post, rendering=rendering)
        made.status.connect(status)
        return made

    def make_mail() -> MailExport:
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

    send_test, mail = Made(make_send_test), Made(make_mail)
    a.send_test.triggered.connect(lambda: send_test().open())
    a.export_email.triggered.connect(lambda: mail().export_message())
    a.copy_email_html.triggered.connect(lambda: mail().copy_html())
    return export, send_test, mail
