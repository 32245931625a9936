"""File ▸ Export ▸ HTML… and PDF…, and File ▸ Print…: the open post leaving Galley.

HTML is the same self-contained page as ``galley export`` (:func:`editor.core.export.export_page`).
PDF and print show :func:`editor.core.export.print_page` (the export's content in the preview's
light styles) in an off-screen, off-the-record QWebEngineView with scripts off and nothing
fetched but what the page itself carries (remote images only when the post's remote content is
allowed), on the locale's paper (Letter in the US and its neighbours, A4 elsewhere). Files are
written atomically, through :func:`editor.core.fileio.atomic_write`, never half-made.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMarginsF,
    QObject,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlSchemeHandler,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from editor.core import fileio
from editor.core.errors import GalleyError
from editor.core.post import Post
from editor.ui import messages

if TYPE_CHECKING:
    from editor.core.site import Site  # (the site package is read after the first paint)

_log = logging.getLogger(__name__)
_SCHEME = b"galley"
_PAGE_PATH = "/__galley_print__.html"
MARGINS_MM = QMarginsF(16, 18, 16, 20)  # left, top, right, bottom


def page_layout(locale: QLocale | None = None) -> QPageLayout:
    """Portrait paper of the locale's usual size, with the print margins."""
    territory = QLocale.territoryToCode((locale or QLocale.system()).territory())
    from editor.core.export import paper_size  # (on first use: the exporter's libraries)

    size = QPageSize.PageSizeId.Letter if paper_size(territory) == "Letter" else QPageSize.A4
    return QPageLayout(
        QPageSize(size), QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter
    )


class _OnePage(QWebEngineUrlSchemeHandler):
    """Serves the page to print from memory (no ``setHtml`` size limit), and nothing else."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.html = b""

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        if job.requestUrl().path() != _PAGE_PATH:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)
        buffer.setData(QByteArray(self.html))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(b"text/html", buffer)


class _Offline(QWebEngineUrlRequestInterceptor):
    """Only the page and its ``data:`` images; https images too if remote content is allowed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.remote_allowed = False

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        scheme = info.requestUrl().scheme().lower()
        if scheme in ("galley", "data") or (scheme == "https" and self.remote_allowed):
            return
        info.block(True)


class PostExport(QObject):
    """The window's export and print actions for the post ``post()`` returns."""

    finished = Signal(str)  # what was done, for the status bar ("Exported … to …")

    def __init__(
        self,
        parent: QWidget,
        *,
        post: Callable[[], Post | None],
        remote_allowed: Callable[[], bool],
        rendering: Callable[[], Mapping[str, Any]] = dict,
    ) -> None:
        """``rendering``: how the post's site renders it, as keyword arguments of
        :func:`~editor.core.export.export_page` (emoji, dialect, generator, images)."""
        super().__init__(parent)
        self._parent = parent
        self._post = post
        self._rendering = rendering
        self._remote_allowed = remote_allowed
        self._view: QWebEngineView | None = None
        self._handler: _OnePage | None = None
        self._interceptor: _Offline | None = None
        self._printer: QPrinter | None = None

    # -- the actions

    def export_html(self) -> None:
        """File ▸ Export ▸ HTML…: the post as one self-contained page, ready to mail."""
        post = self._post()
        target = self._ask_target(post, "Export as HTML", ".html", "HTML pages (*.html *.htm)")
        if post is None or target is None:
            return
        try:
            from editor.core.export import export_page  # (on first use)

            html = export_page(post, **self._rendering())
        except GalleyError as error:
            messages.show_error(self._parent, error, "Export as HTML")
            return
        if self._write(target, html.encode("utf-8"), "Export as HTML"):
            self.finished.emit(f"Exported the post to {target}")

    def export_pdf(self) -> None:
        """File ▸ Export ▸ PDF…: the post on the locale's paper, as the preview styles it."""
        post = self._post()
        target = self._ask_target(post, "Export as PDF", ".pdf", "PDF documents (*.pdf)")
        if post is None or target is None:
            return
        self._load(post, lambda ok: self._print_pdf(ok, target))

    def print_post(self) -> None:
        """File ▸ Print…: the print dialog, then the post as it would be on paper."""
        post = self._post()
        if post is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout())
        printer.setDocName(post.path.parent.name if post.path is not None else "Untitled")
        if not messages.ask_print(self._parent, printer):
            return
        self._printer = printer
        self._load(post, self._print_now)

    # -- the off-screen page

    def _ask_target(self, post: Post | None, title: str, suffix: str, filters: str) -> Path | None:
        if post is None:
            return None
        if post.path is not None:
            start = post.path.parent / f"{post.path.parent.name}{suffix}"
            if post.path.name not in ("index.md", "index.markdown", "_index.md"):
                start = post.path.with_suffix(suffix)
        else:
            start = Path.home() / f"Untitled{suffix}"
        name = messages.ask_save_path(self._parent, title, str(start), filters)
        if not name:
            return None
        target = Path(name)
        if not target.suffix:
            target = target.with_suffix(suffix)
        if post.path is not None and target.resolve() == post.path.resolve():
            messages.show_error(
                self._parent,
                GalleyError(
                    f"Could not export to {target.name}: that is the post itself.",
                    f"Choose another name; an export ends in {suffix}.",
                ),
                title,
            )
            return None
        return target

    def _page(self) -> QWebEngineView:
        if self._view is None:
            view = QWebEngineView()
            view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            profile = QWebEngineProfile(view)  # no storage name: off the record
            self._handler = _OnePage(profile)
            self._interceptor = _Offline(profile)
            profile.installUrlSchemeHandler(_SCHEME, self._handler)
            profile.setUrlRequestInterceptor(self._interceptor)
            page = QWebEnginePage(profile, view)
            profile.setParent(page)  # the page goes first, as QtWebEngine requires
            settings = page.settings()
            settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
            settings.setAttribute(QWebEngineSettings.WebAttribute.ErrorPageEnabled, False)
            view.setPage(page)
            view.printFinished.connect(self._printed)
            self._view = view
        return self._view

    def _load(self, post: Post, then: Callable[[bool], None]) -> None:
        try:
            from editor.core.export import print_page  # (on first use)

            html = print_page(post, **self._rendering())
        except GalleyError as error:
            messages.show_error(self._parent, error)
            return
        view = self._page()
        assert self._handler is not None and self._interceptor is not None
        self._handler.html = html.encode("utf-8")
        self._interceptor.remote_allowed = self._remote_allowed()
        page = view.page()

        def loaded(ok: bool) -> None:
            page.loadFinished.disconnect(loaded)
            then(ok)

        page.loadFinished.connect(loaded)
        url = QUrl()
        url.setScheme(_SCHEME.decode())
        url.setPath(_PAGE_PATH)
        view.load(url)

    def _print_pdf(self, ok: bool, target: Path) -> None:
        if not ok:
            self._failed("Export as PDF", f"Could not make a PDF for {target.name}.")
            return

        def write(data: QByteArray) -> None:
            pdf = bytes(data.data())
            if not pdf.startswith(b"%PDF"):
                self._failed(
                    "Export as PDF", f"Could not make a PDF of the post for {target.name}."
                )
            elif self._write(target, pdf, "Export as PDF"):
                self.finished.emit(f"Exported the post as a PDF to {target}")

        self._page().page().printToPdf(write, page_layout())

    def _print_now(self, ok: bool) -> None:
        if not ok or self._printer is None:
            self._failed("Print", "Could not lay out the post for printing.")
            return
        self._page().print(self._printer)

    def _printed(self, ok: bool) -> None:
        name = self._printer.printerName() if self._printer is not None else ""
        self._printer = None
        if ok:
            self.finished.emit(f"Sent the post to {name}" if name else "Printed the post")
        else:
            self._failed("Print", "Could not print the post.", "Check the printer, then try again.")

    def _write(self, target: Path, data: bytes, title: str) -> bool:
        try:
            fileio.atomic_write(target, data)
        except GalleyError as error:
            messages.show_error(self._parent, error, title)
            return False
        return True

    def _failed(self, title: str, summary: str, detail: str = "") -> None:
        _log.warning("%s: %s", title, summary)
        messages.show_error(
            self._parent,
            GalleyError(summary, detail or "Try again; if it keeps failing, export as HTML."),
            title,
        )


def export_rendering(site: Site | None, post_path: Path | None) -> dict[str, Any]:
    """How ``site`` renders the post at ``post_path``, as keyword arguments of
    :func:`~editor.core.export.export_page` and ``print_page``: its emoji, its generator's
    dialect and the generator (for the header), and its image resolver (site-root images)."""
    from editor.core.render.dialects import dialect_for_generator

    generator = site.generator if site is not None else None
    return {
        "emoji": bool(site is not None and site.settings.emoji),
        "dialect": dialect_for_generator(generator, post_path),
        "generator": generator,
        "images": site.image_resolver(post_path) if site is not None else None,
    }
