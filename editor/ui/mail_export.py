"""The post as e-mail, out of the window: File ▸ Export ▸ E-mail Message… and Edit ▸ Copy as
E-mail HTML (issue 21). The message itself is :mod:`editor.core.mail`'s; this only asks where
and puts it there.

- Export writes the whole message (``.eml``: the plain-text part, the HTML part and the images
  it carries as ``cid:`` parts), atomically, as ``galley export --eml`` does.
- Copy puts the message's HTML (styles inlined, images as their address on the published site
  when the site's address is known, else embedded) and its plain text on the clipboard as
  ``text/html`` and ``text/plain``, for pasting into Substack's, Ghost's, Buttondown's or
  Mailchimp's editor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from editor.core import fileio
from editor.core.errors import GalleyError
from editor.ui import messages

if TYPE_CHECKING:
    from editor.core.mail import MailOptions
    from editor.core.post import Post
    from editor.core.site import Site

_log = logging.getLogger(__name__)


class MailExport(QObject):
    """The window's e-mail export and copy actions for the post ``post()`` returns."""

    finished = Signal(str)  # what was done, for the status bar

    def __init__(
        self,
        parent: QWidget,
        *,
        post: Callable[[], Post | None],
        rendering: Callable[[], Mapping[str, Any]] = dict,
        sender: Callable[[], str] = str,
        site_url: Callable[[], str | None] = lambda: None,
    ) -> None:
        """``rendering``: how the post's site renders it (export_page's keyword arguments);
        ``sender``: Preferences' from-address; ``site_url``: the published site's address."""
        super().__init__(parent)
        self._parent = parent
        self._post = post
        self._rendering = rendering
        self._sender = sender
        self._site_url = site_url

    def export_message(self) -> Path | None:
        """File ▸ Export ▸ E-mail Message…: the post as a message file (``.eml``)."""
        title = "Export as E-mail Message"
        post = self._post()
        if post is None:
            return None
        target = self._ask_target(post, title)
        if target is None:
            return None
        try:
            from editor.core.mail import compose_message

            message = compose_message(post, self._options(post), **self._rendering())
            data = message.as_bytes()
            fileio.atomic_write(target, data)
        except GalleyError as error:
            messages.show_error(self._parent, error, title)
            return None
        self.finished.emit(f"Exported the e-mail ({_size(len(data))}) to {target}")
        return target

    def copy_html(self) -> bool:
        """Edit ▸ Copy as E-mail HTML: the message's HTML and plain text on the clipboard."""
        post = self._post()
        if post is None:
            return False
        try:
            from editor.core.mail import email_html, plain_text

            rendering = self._rendering()
            options = self._options(post)
            kwargs = {
                "emoji": bool(rendering.get("emoji", False)),
                "dialect": rendering.get("dialect"),
                "generator": rendering.get("generator"),
            }
            html, _images = email_html(
                post, options, images="url", resolver=rendering.get("images"), **kwargs
            )
            text = plain_text(
                post, site_url=options.site_url, images=rendering.get("images"), **kwargs
            )
        except GalleyError as error:
            messages.show_error(self._parent, error, "Copy as E-mail HTML")
            return False
        data = QMimeData()
        data.setHtml(html)
        data.setText(text)
        QGuiApplication.clipboard().setMimeData(data)
        where = " (images as their addresses on the site)" if options.site_url else ""
        self.finished.emit(f"Copied the e-mail's HTML and plain text{where}")
        return True

    def _options(self, post: Post) -> MailOptions:
        from editor.core.mail import mail_options_for

        return mail_options_for(post.path, site_url=self._site_url(), sender=self._sender())

    def _ask_target(self, post: Post, title: str) -> Path | None:
        if post.path is not None:
            start = post.path.parent / f"{post.path.parent.name}.eml"
            if post.path.name not in ("index.md", "index.markdown", "index.mdx", "_index.md"):
                start = post.path.with_suffix(".eml")
        else:
            start = Path.home() / "Untitled.eml"
        name = messages.ask_save_path(self._parent, title, str(start), "E-mail messages (*.eml)")
        if not name:
            return None
        target = Path(name)
        if not target.suffix:
            target = target.with_suffix(".eml")
        if post.path is not None and target.resolve() == post.path.resolve():
            messages.show_error(
                self._parent,
                GalleyError(
                    f"Could not export to {target.name}: that is the post itself.",
                    "Choose another name; a message ends in .eml.",
                ),
                title,
            )
            return None
        return target


def site_address(site: Site | None) -> str | None:
    """The published site's address its generator's config gives, for site links and images
    in what is copied; None when unknown."""
    from editor.core.site import site_address as address_of

    return address_of(site.generator) if site is not None else None


def _size(count: int) -> str:
    return f"{round(count / 1024)} KB" if count < 1048576 else f"{count / 1048576:.1f} MB"
