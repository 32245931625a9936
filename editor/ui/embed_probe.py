"""Whether a post's embeds can load, so that one that cannot says so instead of staying blank.

With remote content on, an embedded player whose site cannot be reached (no connection, a name
that does not resolve, a refused connection) is an empty box in the page: Chromium's error page is
off in the preview, and the page cannot look inside another site's frame. So the app asks the
embed's own address once (a HEAD request, as the frame itself would have asked) and, if nothing
answered, the page puts a card in the frame's place: "Couldn't load vimeo.com — check the
connection". Any HTTP answer counts as reachable; only remote content that is allowed is asked.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

PROBE_TIMEOUT_MS = 8000


def embed_site(src: str) -> str:
    """The site an embed comes from, as a reader would name it: ``player.vimeo.com``."""
    return (urlsplit(src).hostname or "").removeprefix("www.")


class EmbedProbe(QObject):
    """Asks each embed's address once per session; reports the sites that did not answer."""

    unreachable = Signal(str)  # an embed's address whose site did not answer

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._network = QNetworkAccessManager(self)
        self._network.setTransferTimeout(PROBE_TIMEOUT_MS)
        self._answers: dict[str, bool] = {}  # address -> reachable
        self._asking: dict[str, QNetworkReply] = {}

    def check(self, sources: list[str]) -> None:
        """Ask for every https embed address not asked before; known failures are reported
        again at once (the page was rebuilt)."""
        for src in dict.fromkeys(sources):
            if not src.lower().startswith("https://"):
                continue
            if src in self._answers:
                if not self._answers[src]:
                    self.unreachable.emit(src)
                continue
            if src in self._asking:
                continue
            request = QNetworkRequest(QUrl(src))
            request.setAttribute(
                QNetworkRequest.Attribute.RedirectPolicyAttribute,
                QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy,
            )
            reply = self._network.head(request)
            self._asking[src] = reply
            reply.finished.connect(lambda src=src: self._answered(src))

    def _answered(self, src: str) -> None:
        reply = self._asking.pop(src, None)
        if reply is None:
            return
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        reachable = status is not None  # any HTTP answer: the site is there
        reply.deleteLater()
        self._answers[src] = reachable
        if not reachable:
            self.unreachable.emit(src)
