"""The live preview: a sandboxed QWebEngineView that is loaded once and then patched.

- The page comes from a ``galley:`` URL scheme served from memory (no ``setHtml`` size limit),
  inside the post's folder so relative images resolve; files are served only from the site.
  A site-root image (``/img/x.png``) is served from the site's static folder that has it, by
  the site's :class:`~editor.core.site.assets.ImageResolver`.
- An off-the-record profile, a request interceptor that refuses the network unless remote
  content is allowed, a strict CSP (see editor.core.page), no navigation inside the preview: links
  go to the system browser (http, https and mailto only).
- After the first load, edits arrive as block patches over QWebChannel (see preview.js), so
  scroll position, images and iframes survive typing.
"""

from __future__ import annotations

import gc
import json
import mimetypes
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QFile,
    QIODevice,
    QObject,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from editor.core import bundled, fileio
from editor.core.errors import GalleyError
from editor.core.page import post_header, preview_html, preview_page
from editor.core.render import RenderUpdate
from editor.core.render.dialects import DEFAULT, Dialect
from editor.state.document import Document
from editor.ui.embed_probe import EmbedProbe, embed_site
from editor.ui.graphics import choose_renderer

if TYPE_CHECKING:
    from editor.core.site import ImageResolver
    from editor.core.site.generators import Generator

SCHEME = b"galley"
PAGE_NAME = "__galley_preview__.html"
TOP = 0.0
"""The line the page reports, and takes, for its very top: the post's header in full."""
END = 1e9
"""The line the page reports, and takes, for its very bottom: the end of the post."""
_OPEN_SCHEMES = ("http", "https", "mailto")
_LOCAL_SCHEMES = ("galley", "data", "qrc", "blob", "about")


def register_scheme() -> None:
    """Declare the ``galley:`` scheme and choose how the view is drawn (see
    :mod:`editor.ui.graphics`); must run before the QApplication is created."""
    choose_renderer()
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
    )
    QWebEngineUrlScheme.registerScheme(scheme)


def site_root(folder: Path) -> Path:
    """The folder the preview may serve files from: the site (galley.toml or .git) or near."""
    for parent in (folder, *folder.parents):
        if (parent / "galley.toml").is_file() or (parent / ".git").exists():
            return parent
    return folder.parents[1] if len(folder.parents) > 1 else folder


# A site file the preview shows (an image, a video): big media is fine, a device or a runaway
# file is not (fileio refuses FIFOs and devices).
_MAX_SERVED_BYTES = 200 * 1024 * 1024


class _SchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves the preview page from memory and the site's files from disk, nothing else."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.page_html = b""
        self.page_path = ""
        self.root: Path | None = None
        self.images: ImageResolver | None = None  # for site-root paths (/img/x.png)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        path = job.requestUrl().path()
        if path == self.page_path:
            self._reply(job, b"text/html", self.page_html)
            return
        file = Path(path)
        try:
            resolved = file.resolve()
            inside = self.root is not None and resolved.is_relative_to(self.root.resolve())
            if not (inside and resolved.is_file()):
                resolved, inside = self._site_file(path)
            data = (
                fileio.read_bytes(resolved, _MAX_SERVED_BYTES, kind="files")
                if inside and resolved.is_file()
                else None
            )
        except (OSError, ValueError, GalleyError):
            data = None
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self._reply(job, mime.encode(), data)

    def _site_file(self, path: str) -> tuple[Path, bool]:
        """The file a site-root reference names (the page asks for ``galley:/img/x.png``) in
        the site's static folders; the resolver keeps it inside the site."""
        found = self.images.resolve_site_path(path) if self.images is not None else None
        return (found.resolve(), True) if found is not None else (Path(path), False)

    def _reply(self, job: QWebEngineUrlRequestJob, mime: bytes, data: bytes) -> None:
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime, buffer)


class _Interceptor(QWebEngineUrlRequestInterceptor):
    """Refuses every network request unless remote content is allowed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.remote_allowed = False
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        scheme = url.scheme().lower()
        if scheme in _LOCAL_SCHEMES or (scheme == "https" and self.remote_allowed):
            return
        self.blocked.append(url.toString())
        info.block(True)


class _Page(QWebEnginePage):
    """No navigation inside the preview: links are handed to the app, new windows refused."""

    link_requested = Signal(QUrl)

    def acceptNavigationRequest(
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if not is_main_frame:
            return True  # frames are governed by the interceptor and the CSP
        if url.scheme() == SCHEME.decode() and url.path().endswith(PAGE_NAME):
            return True
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            self.link_requested.emit(url)
        return False

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:
        return None

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:
        pass  # the post's own console noise is not ours to show


class PreviewBridge(QObject):
    """The object preview.js talks to over QWebChannel."""

    patch = Signal(str)
    scroll_request = Signal(float, float)  # a line of the file, where in the window (0-1)
    reveal_request = Signal(float)
    embed_failed = Signal(str, str)  # an embed's address, its site
    page_ready = Signal()
    patch_applied = Signal(int)
    line_clicked = Signal(int)
    line_scrolled = Signal(float)
    line_shown = Signal(float)
    link_clicked = Signal(str)
    embeds_found = Signal(list)

    @Slot()
    def ready(self) -> None:
        self.page_ready.emit()

    @Slot(int)
    def applied(self, seq: int) -> None:
        self.patch_applied.emit(seq)

    @Slot(int)
    def clicked(self, line: int) -> None:
        self.line_clicked.emit(line)

    @Slot(float)
    def scrolled(self, line: float) -> None:
        self.line_scrolled.emit(line)

    @Slot(float)
    def position(self, line: float) -> None:
        self.line_shown.emit(line)

    @Slot(str)
    def embeds(self, sources: str) -> None:
        try:
            found = json.loads(sources)
        except ValueError:
            return
        if isinstance(found, list):
            self.embeds_found.emit([str(src) for src in found])

    @Slot(str)
    def open_link(self, href: str) -> None:
        self.link_clicked.emit(href)


ENGINE_NICE = -8
"""The nice value Chromium gives its display threads (renderer, compositor, GPU) when it may."""


def keep_pace_with_engine() -> None:
    """Give the calling (window) thread the priority of the preview engine's display threads.

    Where it is allowed to (as root, or with an RLIMIT_NICE), Chromium raises its renderer,
    compositor and GPU threads to nice -8. On two cores they then take the CPU from the window's
    own thread whenever the preview repaints, and typing into a 400 KB post stalled for 50–65 ms
    at a time; at the same priority the longest stall was about 25 ms. Where raising is not
    allowed, Chromium could not raise its threads either, and nothing changes.
    """
    if not hasattr(os, "setpriority"):
        return
    try:
        if os.getpriority(os.PRIO_PROCESS, 0) > ENGINE_NICE:  # 0: this thread, on Linux
            os.setpriority(os.PRIO_PROCESS, 0, ENGINE_NICE)
    except OSError:
        pass


class PreviewView(QWebEngineView):
    """Shows one post; call :meth:`load_page` once, then :meth:`send_patch` per change."""

    line_clicked = Signal(int)
    line_scrolled = Signal(float)
    page_ready = Signal()
    patch_applied = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        keep_pace_with_engine()
        self.setAcceptDrops(False)
        # No storage name: off the record. The page owns the profile so that the page is
        # deleted first, as QtWebEngine requires.
        self._profile = QWebEngineProfile()
        self._handler = _SchemeHandler(self._profile)
        self._interceptor = _Interceptor(self._profile)
        self._profile.installUrlSchemeHandler(SCHEME, self._handler)
        self._profile.setUrlRequestInterceptor(self._interceptor)
        page = _Page(self._profile, self)
        self._profile.setParent(page)
        settings = page.settings()
        for attribute, on in (
            (QWebEngineSettings.WebAttribute.JavascriptEnabled, True),
            (QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False),
            (QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False),
            (QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False),
            (QWebEngineSettings.WebAttribute.PluginsEnabled, False),
            (QWebEngineSettings.WebAttribute.ErrorPageEnabled, False),
        ):
            settings.setAttribute(attribute, on)
        self.setPage(page)
        self._bridge = PreviewBridge(self)
        self._channel = QWebChannel(page)
        self._channel.registerObject("galley", self._bridge)
        page.setWebChannel(self._channel)
        page.link_requested.connect(self._open_link)
        self._bridge.link_clicked.connect(lambda href: self._open_link(QUrl(href)))
        self._bridge.line_clicked.connect(self.line_clicked)
        self._bridge.line_scrolled.connect(self.line_scrolled)
        self._bridge.page_ready.connect(self.page_ready)
        self._bridge.patch_applied.connect(self.patch_applied)
        self._bridge.line_shown.connect(self._shown)
        self._probe = EmbedProbe(self)
        self._bridge.embeds_found.connect(self._embeds_found)
        self._probe.unreachable.connect(
            lambda src: self._bridge.embed_failed.emit(src, embed_site(src))
        )
        self._scripts: tuple[str, ...] | None = None
        self.top_line = TOP  # the line at the top of the page now (TOP, a line, or END)

    def _shown(self, line: float) -> None:
        self.top_line = line

    def _embeds_found(self, sources: list[str]) -> None:
        if self._interceptor.remote_allowed:  # only what the user let the page load is asked
            self._probe.check(sources)

    @property
    def blocked_requests(self) -> list[str]:
        """URLs the preview refused to fetch (for the status bar and tests)."""
        return self._interceptor.blocked

    def set_remote_allowed(self, allowed: bool) -> None:
        self._interceptor.remote_allowed = allowed

    def page_scripts(self) -> tuple[str, ...]:
        """The app's own scripts for the page: the QWebChannel client and preview.js."""
        if self._scripts is None:
            channel_js = QFile(":/qtwebchannel/qwebchannel.js")
            channel_js.open(QIODevice.OpenModeFlag.ReadOnly)
            client = bytes(channel_js.readAll().data()).decode("utf-8")
            self._scripts = (client, bundled.read_text("preview/preview.js"))
        return self._scripts

    def load_page(
        self, html: str, folder: Path | None, images: ImageResolver | None = None
    ) -> None:
        """Load the page shell (once per post, or when remote content is switched);
        ``images`` serves the post's site-root images from the site's static folders."""
        base = Path(os.path.abspath(folder if folder is not None else Path.home()))
        self._handler.root = site_root(base) if folder is not None else None
        self._handler.images = images
        url = QUrl.fromLocalFile(str(base / PAGE_NAME))
        url.setScheme(SCHEME.decode())
        self._handler.page_path = url.path()
        self._handler.page_html = html.encode("utf-8")
        self.load(url)

    def set_image_resolver(self, images: ImageResolver | None) -> None:
        """Serve site-root images by ``images`` from now on, without loading the page again."""
        self._handler.images = images

    def base_url(self, folder: Path | None) -> str:
        base = folder if folder is not None else Path.home()
        url = QUrl.fromLocalFile(str(base) + "/")
        url.setScheme(SCHEME.decode())
        return url.toString()

    def send_patch(self, payload: dict[str, Any]) -> None:
        self._bridge.patch.emit(json.dumps(payload))

    def scroll_to_line(self, line: float, at: float = 0.0) -> None:
        """Put a line of the file at ``at`` of the window's height (0 top, 0.5 middle);
        :data:`TOP` shows the page's top, :data:`END` its end."""
        self._bridge.scroll_request.emit(float(line), float(at))

    def reveal_line(self, line: float) -> None:
        """Scroll as little as needed for the block of ``line`` to be in view."""
        self._bridge.reveal_request.emit(float(line))

    def run_js(self, script: str, callback: Any = None) -> None:
        if callback is None:
            self.page().runJavaScript(script)
        else:
            self.page().runJavaScript(script, 0, callback)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in _OPEN_SCHEMES:
            QDesktopServices.openUrl(url)


class PreviewPane(QWidget):
    """The preview under its bar: the pane's name and the Load remote content toggle.

    ``bar`` takes more choices (the e-mail views' "Show as", editor.ui.mail_preview) and
    ``stack`` more views; the site preview is the stack's first page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = PreviewView()
        self.view.setObjectName("preview")
        self.remote_toggle = QCheckBox("Load remote content")
        self.remote_toggle.setToolTip(
            "Let this post's embedded videos, podcasts and remote images load from the internet"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        bar = self.bar = QHBoxLayout()
        bar.setContentsMargins(8, 2, 8, 2)
        bar.addWidget(QLabel("Preview"))
        bar.addStretch(1)
        bar.addWidget(self.remote_toggle)
        layout.addLayout(bar)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        layout.addWidget(self.stack, 1)


class PreviewController(QObject):
    """Keeps a PreviewView showing a Document: a full load once, then coalesced patches.

    Edits only mark the preview dirty. A patch is built when the page has applied the previous
    one (the "update again" flag of ghostwriter), so a burst of keystrokes becomes one patch
    and typing never waits for the page.
    """

    updated = Signal(int)  # a patch was applied: its sequence number

    def __init__(self, view: PreviewView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._document: Document | None = None
        self._remote = False
        self._emoji = False  # the site writes :shortcodes: as emoji
        self._dialect = DEFAULT  # how the site's generator renders Markdown
        self._generator: Generator | None = None  # and the generator itself, for the header
        self._images: ImageResolver | None = None  # the site's, for the post shown
        self._dark: bool | None = None
        self._ready = False
        self._in_flight = False
        self._dirty = False
        self._header_dirty = False
        self._seq = 0
        self._restore: float | None = None  # where a rebuilt page goes once it is ready
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._flush)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._reload_now)
        view.page_ready.connect(self._on_ready)
        view.patch_applied.connect(self._on_applied)

    @property
    def remote_content(self) -> bool:
        return self._remote

    def set_document(self, document: Document) -> None:
        if self._document is not None:
            self._document.content_changed.disconnect(self._on_changed)
            self._document.meta_changed.disconnect(self._on_meta)
            self._document.path_changed.disconnect(self._on_path)
        self._document = document
        document.content_changed.connect(self._on_changed)
        document.meta_changed.connect(self._on_meta)
        document.path_changed.connect(self._on_path)
        self.reload(keep_place=False)

    def set_remote_content(self, allowed: bool) -> None:
        """Allow remote frames and images for this post; the page must reload for its CSP."""
        if allowed != self._remote:
            self._remote = allowed
            self.reload()

    def set_emoji(self, emoji: bool) -> None:
        """Show ``:shortcodes:`` as emoji (the open post's site renders them) or as typed."""
        if emoji != self._emoji:
            self._emoji = emoji
            self.reload()

    def set_image_resolver(self, images: ImageResolver | None) -> None:
        """Show the post's images as its site resolves them (``Site.image_resolver``: site-root
        paths from the static folders); None: relative to the post's folder only."""
        if images is not None and not images.static_roots:
            images = None  # the same pictures as by the post's folder: no reload for nothing
        if images == self._images:
            return
        self._images = images
        document = self._document
        if document is not None and not _site_images_in(document):
            # The page shows the same: no reload (the site is read just after the first paint
            # of every post). Site-root images typed from now on load through the scheme.
            document.renders.images = self._post_images(document)
            self._view.set_image_resolver(document.renders.images)
            return
        self.reload()

    def _post_images(self, document: Document) -> ImageResolver | None:
        """The site's resolver for the document's current file (it may have been saved as)."""
        images = self._images
        if images is None or document.path is None:
            return images
        return images if images.post_path == document.path else images.for_post(document.path)

    def set_dialect(self, dialect: Dialect | None, generator: Generator | None = None) -> None:
        """Render as the open post's site generator does (None: Galley's default renderer);
        a ``.mdx`` post is read as MDX whatever the generator. ``generator`` fills the header
        with what it takes from elsewhere (a date from the file name)."""
        dialect = dialect or DEFAULT
        if dialect != self._dialect:
            self._dialect, self._generator = dialect, generator
            self.reload()
        elif generator != self._generator:
            # Only the header changes (a date from the file name): a patch, not a page load,
            # just after every post's first paint (a load then raced what came next).
            self._generator = generator
            self._on_meta()

    def set_dark(self, dark: bool | None) -> None:
        """Show the page in the dark (True) or light (False) theme, like the window around it.

        None leaves it to the page engine's own ``prefers-color-scheme``.
        """
        if dark != self._dark:
            self._dark = dark
            self.reload()

    def reload(self, *, keep_place: bool = True) -> None:
        """Load the page again, soon: reloads asked for in one go (a new window, then the post
        it opens; a theme and a post) become one page load. The same post's page comes back
        where it was (by source line, as its blocks may change height: cards become embeds);
        another post's page starts at its top."""
        if not keep_place:
            self._restore = None
        elif self._ready and self._restore is None:
            self._restore = self._view.top_line
        self._ready = self._in_flight = self._dirty = self._header_dirty = False
        self._timer.stop()
        self._reload_timer.start()

    def _reload_now(self) -> None:
        document = self._document
        if document is None:
            return
        self._ready = self._in_flight = self._dirty = self._header_dirty = False
        self._view.set_remote_allowed(self._remote)
        images = self._post_images(document)
        document.renders.emoji = self._emoji
        document.renders.dialect = self._dialect.for_post(document.post.path)
        document.renders.images = images
        result = document.renders.render_full()
        nonce = secrets.token_urlsafe(18)
        html = preview_page(
            document.post,
            remote_content=self._remote,
            nonce=nonce,
            dark=self._dark,
            base_url=self._view.base_url(document.folder),
            blocks_html=[block.html for block in result.blocks],
            raw=[block.raw for block in result.blocks],
            scripts=self._view.page_scripts(),
            dialect=document.renders.dialect,
            generator=self._generator,
            images=images,
        )
        self._view.load_page(html, document.folder, images)
        _keep_out_of_collections()

    def _on_path(self, _path: object) -> None:
        self.reload()

    def _on_changed(self) -> None:
        self._dirty = True
        if self._ready and not self._in_flight:
            self._timer.start()

    def _on_meta(self) -> None:
        self._header_dirty = True
        self._on_changed()

    def _on_ready(self) -> None:
        if self._reload_timer.isActive():
            return  # the page that finished is about to be replaced
        self._ready = True
        place, self._restore = self._restore, None
        self._view.top_line = TOP
        if place:
            self._view.scroll_to_line(place)
        if self._dirty:
            self._timer.start()

    def _on_applied(self, seq: int) -> None:
        if seq != self._seq:
            return
        self._in_flight = False
        self.updated.emit(seq)
        if self._dirty:
            self._timer.start()

    def _flush(self) -> None:
        document = self._document
        if document is None or not self._ready or self._in_flight or not self._dirty:
            return
        self._dirty = False
        update = document.renders.render_update()
        dialect = document.renders.dialect
        images = document.renders.images
        header = (
            post_header(document.post, dialect, self._generator, images=images)
            if self._header_dirty
            else None
        )
        self._header_dirty = False
        if not update and header is None:
            return
        self._seq += 1
        self._in_flight = True
        self._view.send_patch(self._payload(update, header, document))

    def _payload(
        self, update: RenderUpdate, header: str | None, document: Document
    ) -> dict[str, Any]:
        def clean(block_id: str, html: str, step: RenderUpdate) -> str:
            if block_id not in step.raw:
                return html  # the renderer's own HTML is safe as it is
            return preview_html(
                html,
                remote_content=self._remote,
                folder=document.folder,
                images=document.renders.images,
            )

        return {
            "seq": self._seq,
            "steps": [
                {
                    "removed": step.removed,
                    "inserted": [
                        [i, after, clean(i, html, step)] for i, after, html in step.inserted
                    ],
                    "replaced": [[i, clean(i, html, step)] for i, html in step.replaced],
                    "moved": step.moved,
                }
                for step in update.steps()
            ],
            "header": header,
        }


def _site_images_in(document: Document) -> bool:
    """Whether the post shows an image that only its site's resolver finds: a site-root path
    (``/img/x.png``), a path the build writes (``{{ site.baseurl }}/x.png``) or ``@site/``."""
    from editor.core.site import ImageResolver, image_references

    post = document.post
    avatar = post.meta.get("author")
    references = image_references(post.body)
    if isinstance(avatar, Mapping) and isinstance(avatar.get("avatar"), str):
        references.append(avatar["avatar"])
    for reference in references:
        location = ImageResolver.location(reference)
        if location is not None and (location.startswith(("/", "@")) or "{" in reference):
            return True
    return False


def _keep_out_of_collections() -> None:
    """Exempt what exists now (the post, its rendered blocks and caches, the window) from the
    cyclic garbage collector's full passes.

    They live as long as the post is open; walking them in a full collection while typing
    paused the window for 45–60 ms at 400 KB. What was frozen for the previous page is handed
    back first, so anything of it that has become garbage is still collected.
    """
    gc.unfreeze()
    gc.freeze()
