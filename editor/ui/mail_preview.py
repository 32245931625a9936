"""The preview's "Show as" choice: the site, or the post as an inbox shows it.

"Show as" in the preview bar: Site (the live preview, unchanged), E-mail at a desktop's width
(600 px), E-mail on a phone (375 px) and Plain text; for the e-mail views, Dark (Off, as Apple
Mail does it, as the Gmail app does it) and Images off. The pages are drawn by
:func:`editor.core.mail.inbox.inbox_page` in the check worker process, after a typing pause and
one at a time (:class:`~editor.state.mail_render.MailRenderSchedule`): typing never waits.

The e-mail views have views of their own (PreviewView: an off-the-record profile, the request
interceptor that refuses the network unless "Load remote content" is on, links to the system
browser), made the first time one is needed: start-up does not pay for them. Each page loads
into the view not on screen, which takes the other's place once loaded and placed, so the
reader never sees a page half drawn; the one it replaces has its renderer freed (discarded),
as a renderer that loads page after page of a long post keeps about 65 MB of each. The site
preview keeps its page and place meanwhile, and is patched as the post is edited. Switching
views keeps the reader's place as a fraction of the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from editor.core.mail.views import Dark, InboxView, MailSource, ShowAs
from editor.state.document import Document
from editor.state.mail_render import MailRenderSchedule, Submit
from editor.ui.preview import PreviewPane, PreviewView

__all__ = ["MailPreview"]

_SHOW_AS = (
    (ShowAs.SITE, "Site", "The post as its site shows it (the live preview)"),
    (ShowAs.DESKTOP, "E-mail: desktop", "The newsletter in a desktop mail client: 600 px wide"),
    (ShowAs.PHONE, "E-mail: phone", "The newsletter in a phone's mail app: 375 px wide"),
    (ShowAs.TEXT, "Plain text", "The message's plain-text part, 72 characters wide"),
)
_DARK = (
    (Dark.OFF, "Off", "The mail client in light mode"),
    (
        Dark.APPLE_MAIL,
        "Apple Mail",
        "Dark mode as Apple Mail shows it: the message's own dark-mode styles apply",
    ),
    (
        Dark.GMAIL_APP,
        "Gmail app",
        "Dark mode as Gmail's apps show it: the message's colours are inverted",
    ),
)

# The reader's place: how far down the page is scrolled (0 top, 1 end).
_PLACE_JS = """(() => {
  const page = document.scrollingElement;
  const room = page ? page.scrollHeight - page.clientHeight : 0;
  return room > 0 ? page.scrollTop / room : 0;
})()"""


def _go_to_place_js(place: float) -> str:
    return f"""(() => {{
  const page = document.scrollingElement;
  if (page) page.scrollTop = {float(place)!r} * (page.scrollHeight - page.clientHeight);
}})()"""


class MailPreview(QObject):
    """The "Show as" choices of a :class:`PreviewPane` and the e-mail views behind them.

    ``rendering`` gives how the open post's site renders it (``export_page``'s keywords, as
    :func:`editor.ui.exporting.export_rendering` makes them); ``submit`` where pages are
    drawn (default: the check worker).
    """

    page_shown = Signal(str)  # an e-mail view's page was loaded and placed: its ShowAs value

    def __init__(
        self,
        pane: PreviewPane,
        rendering: Callable[[], Mapping[str, Any]] = dict,
        parent: QObject | None = None,
        *,
        submit: Submit | None = None,
    ) -> None:
        super().__init__(parent)
        self._pane = pane
        self._rendering = rendering
        self._document: Document | None = None
        self._views: list[PreviewView] = []  # the e-mail views: one on screen, one loading
        self._view: PreviewView | None = None  # the e-mail view shown last
        self._show = ShowAs.SITE
        self._fresh = False  # the next page shows another post: at its top
        self._entered_at = 0.0  # the site preview's place when an e-mail view was shown
        self._loading: tuple[PreviewView, ShowAs] | None = None  # a page loading, into which
        self.schedule = MailRenderSchedule(self._job, submit, self)
        self.schedule.rendered.connect(self._rendered)
        self.show_as = self._combo("Show as", _SHOW_AS)
        self.dark = self._combo("Dark mode", _DARK)
        self.images_off = QCheckBox("Images off")
        self.images_off.setToolTip(
            "Show each image's alt text in its place, as mail clients that block images do"
        )
        # The choice sits after the pane's name ("Preview [Site]"): the pane's narrowest is
        # about 335 px (was 213). The e-mail views' own choices get a row of their own under
        # it, shown only with them.
        self.show_as.setToolTip("Show as: the site, or the newsletter as an inbox shows it")
        pane.bar.insertWidget(1, self.show_as)
        self.options = QWidget()
        row = QHBoxLayout(self.options)
        row.setContentsMargins(8, 0, 8, 2)
        row.addWidget(QLabel("Dark mode:"))
        row.addWidget(self.dark)
        row.addSpacing(8)
        row.addWidget(self.images_off)
        row.addStretch(1)
        pane_layout = pane.layout()
        assert isinstance(pane_layout, QVBoxLayout)
        pane_layout.insertWidget(1, self.options)
        self.show_as.currentIndexChanged.connect(lambda _index: self._show_as_changed())
        self.dark.currentIndexChanged.connect(lambda _index: self.schedule.now())
        self.images_off.toggled.connect(lambda _on: self.schedule.now())
        pane.remote_toggle.toggled.connect(self._remote_changed)
        self._update_bar()

    @staticmethod
    def _combo(name: str, items: tuple[tuple[Any, str, str], ...]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for value, text, tip in items:
            combo.addItem(text, value.value)
            combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        return combo

    # -- what is shown

    @property
    def shown(self) -> ShowAs:
        """What the preview shows the post as now."""
        return self._show

    @property
    def view(self) -> PreviewView | None:
        """The e-mail view on screen (or shown last), once one has been shown."""
        return self._view

    def choose(self, show: ShowAs, dark: Dark | None = None, images: bool | None = None) -> None:
        """Pick the choices of the bar (as the reader would)."""
        if dark is not None:
            self.dark.setCurrentIndex(self.dark.findData(dark.value))
        if images is not None:
            self.images_off.setChecked(not images)
        self.show_as.setCurrentIndex(self.show_as.findData(show.value))

    def inbox_view(self) -> InboxView:
        """The bar's choices for the e-mail views."""
        show = ShowAs(self.show_as.currentData())
        return InboxView(
            show=show if show is not ShowAs.SITE else ShowAs.DESKTOP,
            dark=Dark(self.dark.currentData()),
            images=not self.images_off.isChecked(),
            remote=self._pane.remote_toggle.isChecked(),
        )

    def set_document(self, document: Document) -> None:
        """Follow ``document`` (another post opened): its views start at the top."""
        if self._document is not None:
            for signal in (self._document.content_changed, self._document.meta_changed):
                signal.disconnect(self.schedule.changed)
            self._document.path_changed.disconnect(self._path_changed)
        self._document = document
        document.content_changed.connect(self.schedule.changed)
        document.meta_changed.connect(self.schedule.changed)
        document.path_changed.connect(self._path_changed)
        self._fresh = self._show is not ShowAs.SITE  # (else it starts where the site is)
        self.schedule.now()

    def refresh(self) -> None:
        """How the post renders changed (its site was read): draw the e-mail view again."""
        self.schedule.now()

    def _path_changed(self, _path: object) -> None:
        self.schedule.now()

    # -- switching

    def _show_as_changed(self) -> None:
        show = ShowAs(self.show_as.currentData())
        if show is self._show:
            return
        previous, self._show = self._show, show
        self._update_bar()
        if show is ShowAs.SITE:
            self.schedule.stop()
            self._back_to_site()
            return
        if previous is ShowAs.SITE:
            self.schedule.active = True
        self.schedule.now()

    def _back_to_site(self) -> None:
        site, stack = self._pane.view, self._pane.stack
        current = stack.currentWidget()
        self._loading = None
        if current is site or not isinstance(current, PreviewView):
            self._discard(except_for=None)
            return

        def placed(place: object) -> None:
            # The site preview is where the reader left it, unless they moved in the e-mail
            # view: then it goes to the same place (and the editor follows it, as it follows
            # a scroll of the site preview itself).
            if isinstance(place, float | int) and abs(place - self._entered_at) > 0.02:
                site.run_js(_go_to_place_js(place))
            if self._show is ShowAs.SITE:
                stack.setCurrentWidget(site)
                self._discard(except_for=None)

        current.run_js(_PLACE_JS, placed)

    def _remote_changed(self, allowed: bool) -> None:
        for view in self._views:
            view.set_remote_allowed(allowed)
        self.schedule.now()

    def _update_bar(self) -> None:
        self.options.setVisible(self._show in (ShowAs.DESKTOP, ShowAs.PHONE))

    # -- drawing: each page loads into the view not on screen, which then takes its place

    def _back_view(self) -> PreviewView:
        """The e-mail view not on screen (made the first time one is needed)."""
        on_screen = self._pane.stack.currentWidget()
        for view in self._views:
            if view is not on_screen:
                return view
        view = PreviewView()
        view.setObjectName("mail-preview")
        view.set_remote_allowed(self._pane.remote_toggle.isChecked())
        view.loadFinished.connect(lambda _ok, view=view: self._loaded(view))
        self._pane.stack.addWidget(view)
        self._views.append(view)
        return view

    def _discard(self, except_for: PreviewView | None) -> None:
        """Free the renderers of the e-mail views not shown (a page of a long post grows its
        renderer by about 65 MB each time another is loaded into it, and is only given back
        with the renderer)."""
        for view in self._views:
            if view is not except_for and view is not self._pane.stack.currentWidget():
                page = view.page()
                if page.lifecycleState() is not QWebEnginePage.LifecycleState.Discarded:
                    page.setLifecycleState(QWebEnginePage.LifecycleState.Discarded)

    def _job(self) -> tuple[Any, ...] | None:
        document = self._document
        if document is None or document.error is not None or self._show is ShowAs.SITE:
            return None  # a front matter that does not parse: the last page stays
        source = MailSource(
            document.full_text(),
            document.path,
            document.post.header_lines,
            dict(self._rendering()),
        )
        return (source, self.inbox_view())

    def _rendered(self, _number: int, page: str) -> None:
        if self._show is ShowAs.SITE:
            self.schedule.shown()
            return
        view = self._back_view()
        if view.page().lifecycleState() is not QWebEnginePage.LifecycleState.Active:
            view.page().setLifecycleState(QWebEnginePage.LifecycleState.Active)
        self._loading = (view, self._show)
        view.load_page(page, None)

    def _loaded(self, view: PreviewView) -> None:
        loading, self._loading = self._loading, None
        if loading is None or loading[0] is not view:
            return  # a discarded page, or one that another replaced
        show = loading[1]
        stack = self._pane.stack
        current = stack.currentWidget()
        assert isinstance(current, PreviewView)

        def placed(place: object) -> None:
            where = float(place) if isinstance(place, float | int) else 0.0
            if current is self._pane.view:
                self._entered_at = where
            if self._fresh:
                self._fresh, where = False, 0.0  # another post: its top
            view.run_js(_go_to_place_js(where), lambda _result: swap())

        def swap() -> None:
            if self._show is not ShowAs.SITE:
                stack.setCurrentWidget(view)
                self._view = view
                self._discard(except_for=view)
            self.schedule.shown()
            self.page_shown.emit(show.value)

        current.run_js(_PLACE_JS, placed)
