"""Dropped and pasted images become files in the post's folder and Markdown in the editor.

The rules of naming, checking and copying live in the pure :mod:`editor.core.images`; this module
reads what was dropped or pasted (:class:`Payload`), decides what it means, and puts the
result into the editor as one undo step:

- Drop: local image files and image data (from a browser) are imported, one paragraph each,
  with the alt text of the last one selected; a dropped ``.md`` file opens; a dropped web
  address becomes a link (nothing is downloaded).
- Paste: text wins when the clipboard has any; an image alone is imported like a drop.
  :meth:`ImageImporter.paste_image` imports the clipboard's image even when it also has text.
  Rich text (``text/html`` from a web page or a mail) is pasted as Markdown
  (:mod:`editor.core.html_markdown`) when it says more than its plain text, except inside a
  fenced code block or when it came from a code editor or Galley itself;
  :meth:`ImageImporter.paste_plain_text` pastes the plain text.
- An image never splits a line: it goes in as its own paragraph after the current one, or
  replaces a selected image (:mod:`editor.core.images.placement`). Undoing the edit takes
  back the files it created (:mod:`editor.ui.editing.paste_undo`).
- :meth:`ImageImporter.insert_from_files` (Insert Image from File…) imports picked files as
  drops are imported.
- Drops are handled after the drag has finished (a dialog inside a drop handler can hang the
  drag on X11), at the position where the drop happened.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from editor.core.errors import GalleyError
from editor.core.images.placement import image_span, paragraphs
from editor.ui import messages
from editor.ui.editing.highlighter import MarkdownHighlighter
from editor.ui.editing.line_sync import editor_text
from editor.ui.editing.paste_undo import ImportUndo

if TYPE_CHECKING:
    from editor.core import images
    from editor.core.site import ImageResolver

POST_SUFFIXES = (".md", ".markdown")
# Image formats whose original bytes we keep, best first (a browser offers several).
_RAW_FORMATS = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml")
_WEB_SCHEMES = ("http", "https", "mailto")
# Clipboards whose HTML only colours source text: their plain text is what was meant.
_PLAIN_SOURCES = ("text/markdown", "vscode-editor-data", "application/x-gtksourceview")
_IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg);;All files (*)"
__all__ = ["ImageImporter", "Payload", "apply_text", "link_markdown", "paragraphs"]
log = logging.getLogger(__name__)


@dataclass
class Payload:
    """What a drop or paste carried, copied out of the QMimeData while it still exists."""

    files: list[Path] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    image: bytes | None = None
    image_name: str | None = None
    text: str = ""
    html: str = ""
    plain_source: bool = False  # the HTML only colours source text (a code editor, Galley)

    @classmethod
    def from_mime(cls, mime: QMimeData) -> Payload:
        payload = cls(text=mime.text() if mime.hasText() else "")
        payload.html = mime.html() if mime.hasHtml() else ""
        payload.plain_source = any(mime.hasFormat(kind) for kind in _PLAIN_SOURCES)
        for url in mime.urls() if mime.hasUrls() else []:
            if url.isLocalFile():
                payload.files.append(Path(url.toLocalFile()))
            elif url.scheme().lower() in _WEB_SCHEMES:
                payload.links.append(url.toString())
        payload.image = _image_bytes(mime)
        if payload.image is not None and payload.links:
            name = Path(unquote(urlsplit(payload.links[0]).path)).stem
            payload.image_name = name or None
        return payload

    @property
    def posts(self) -> list[Path]:
        return [path for path in self.files if path.suffix.lower() in POST_SUFFIXES]

    @property
    def other_files(self) -> list[Path]:
        return [path for path in self.files if path.suffix.lower() not in POST_SUFFIXES]

    @property
    def has_image(self) -> bool:
        return self.image is not None or bool(self.other_files)


def _image_bytes(mime: QMimeData) -> bytes | None:
    for kind in _RAW_FORMATS:
        if mime.hasFormat(kind):
            data = bytes(mime.data(kind).data())
            if data:
                return data
    if mime.hasImage():
        image = QImage(mime.imageData())
        if not image.isNull():
            array = QByteArray()
            buffer = QBuffer(array)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")
            return bytes(array.data())
    return None


def link_markdown(url: str, text: str) -> str:
    """A Markdown link to ``url``, titled by the dragged text when it is not the URL itself."""
    title = " ".join(text.split())
    if title and title != url and "\n" not in text.strip():
        title = title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        return f"[{title}]({url})"
    return f"<{url}>"


def apply_text(editor: QPlainTextEdit, new_text: str) -> None:
    """Change the editor's text to ``new_text`` by editing only the parts that differ, as one
    undo step (the cursor and scroll position stay where they are)."""
    old_lines = editor_text(editor).splitlines(keepends=True)
    new_lines = new_text.splitlines(keepends=True)
    # Lines, not characters: a character-level diff of a long post takes quadratic time.
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))
    cursor = QTextCursor(editor.document())
    cursor.beginEditBlock()
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        cursor.setPosition(starts[i1])
        cursor.setPosition(starts[i2], QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("".join(new_lines[j1:j2]))
    cursor.endEditBlock()


class ImageImporter(QObject):
    """Connects an editor's drops and pastes to :func:`editor.core.images.import_image`.

    ``post_path`` gives the open post's file (None for an untitled post); ``save_first`` asks
    the user to save an untitled post and returns whether it now has a file; ``open_post``
    opens a dropped post; ``asset_dir`` gives the site's asset folder rule, if any (galley.toml's
    ``assets``, or where the site's latest posts keep their images); ``resolver`` gives how the
    site resolves and writes image references (``Site.image_resolver(post, writing=True)``), if
    a site is known; ``options`` gives the user's image options (scale down, remove location).
    """

    status = Signal(str)  # what was added, for the status bar

    def __init__(
        self,
        editor: QPlainTextEdit,
        window: QWidget,
        *,
        post_path: Callable[[], Path | None],
        save_first: Callable[[], bool],
        open_post: Callable[[Path], object],
        asset_dir: Callable[[], str | None] = lambda: None,
        resolver: Callable[[], ImageResolver | None] = lambda: None,
        options: Callable[[], images.ImportOptions] | None = None,
    ) -> None:
        super().__init__(window)
        self._editor = editor
        self._window = window
        self._post_path = post_path
        self._save_first = save_first
        self._open_post = open_post
        self._asset_dir = asset_dir
        self._resolver = resolver
        self._options = options
        self.imported: list[images.ImportedImage] = []  # the last batch (for status and tests)
        self._undo = ImportUndo(editor.document(), self)
        self._undo.status.connect(self.status)

    # -- entry points

    def handle_mime(self, mime: QMimeData, dropping: bool) -> bool:
        """Called by the editor for every drop and paste; True when it was handled here."""
        payload = Payload.from_mime(mime)
        if dropping:
            if not (payload.files or payload.image is not None or payload.links):
                return self._paste_text(payload)  # (Qt has put the cursor at the drop point)
            position = self._editor.textCursor().position()
            QTimer.singleShot(0, lambda: self.drop(payload, position))
            return True
        if (payload.text and not payload.files) or (payload.image is None and not payload.files):
            return self._paste_text(payload)  # text wins on paste
        self.insert_images(payload, *self._selection())
        return True

    def drop(self, payload: Payload, position: int) -> None:
        """Act on a drop at ``position``: open a post, import images, or link addresses."""
        if payload.posts and not payload.other_files and payload.image is None:
            self._open_post(payload.posts[0])
        elif payload.has_image:
            self.insert_images(payload, position, position)
        elif payload.links:
            snippets = [link_markdown(url, payload.text) for url in payload.links]
            text = self._editor.toPlainText()
            self._insert(_split_at(text, _index(text, position)), snippets, None)

    def paste_image(self) -> bool:
        """Edit ▸ Paste Image: import the clipboard's image even if it also holds text."""
        mime = QGuiApplication.clipboard().mimeData()
        payload = Payload.from_mime(mime) if mime is not None else Payload()
        payload.text = ""
        if not payload.has_image:
            messages.show_error(
                self._window,
                GalleyError(
                    "There is no image on the clipboard.",
                    "Copy an image or take a screenshot first, then choose Paste Image again.",
                ),
            )
            return False
        return self.insert_images(payload, *self._selection())

    def paste_plain_text(self) -> bool:
        """Edit ▸ Paste as Plain Text: the clipboard's text as it is, never converted."""
        text = QGuiApplication.clipboard().text()
        if not text:
            self.status.emit("There is no text on the clipboard to paste.")
            return False
        self._editor.textCursor().insertText(text)
        self._editor.ensureCursorVisible()
        return True

    def insert_from_files(self) -> bool:
        """Insert ▸ Image from File…: import the picked files, each as its own paragraph."""
        post = self._ready_post()
        if post is None:
            return False
        names = messages.ask_open_paths(
            self._window, "Insert Image from File", str(post.parent), _IMAGE_FILTER
        )
        if not names:
            return False
        return self.insert_images(Payload(files=[Path(name) for name in names]), *self._selection())

    def rename_image_at_cursor(self) -> bool:
        """Edit ▸ Rename Image…: rename the image under the cursor and every reference to it."""
        cursor = self._editor.textCursor()
        resolver = self._resolver()
        reference = reference_under(cursor, site_root=bool(resolver and resolver.static_roots))
        post = self._post_path()
        if reference is None or post is None:
            messages.show_error(
                self._window,
                GalleyError(
                    "There is no image reference under the cursor.",
                    "Put the cursor on an image such as ![Alt](./name.png), then choose "
                    "Rename Image again. The post must be saved in a folder.",
                ),
            )
            return False
        file_name = Path(unquote(reference.strip("<>"))).name
        current = Path(file_name).stem
        name = messages.ask_text(
            self._window,
            "Rename Image",
            f"New name for {file_name} (every reference in this post follows; "
            "the extension stays):",
            current,
        )
        if not name or name == current:
            return False
        try:
            from editor.core import images

            new_path, text = images.rename_image(
                post,
                self._editor.toPlainText(),
                reference,
                name,
                asset_dir=self._asset_dir(),
                images=resolver,
            )
        except GalleyError as error:
            messages.show_error(self._window, error)
            return False
        apply_text(self._editor, text)
        self.status.emit(
            f"Renamed {file_name} to {new_path.name} and updated its references in this post."
        )
        return True

    # -- work

    def _selection(self) -> tuple[int, int]:
        cursor = self._editor.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    def _paste_text(self, payload: Payload) -> bool:
        """Paste rich text as Markdown; False leaves a plain text paste to the editor."""
        if not payload.html or payload.plain_source:
            return False
        if MarkdownHighlighter.in_code_block(self._editor.textCursor().block()):
            return False
        from editor.core import html_markdown  # on first use: BeautifulSoup takes a while

        try:
            markdown = html_markdown.html_to_markdown(payload.html)
        except Exception:  # a page the converter cannot read: its plain text still pastes
            log.warning("could not convert the clipboard's HTML", exc_info=True)
            markdown = ""
        if payload.text and not html_markdown.adds_formatting(markdown, payload.text):
            return False
        if not markdown:
            if payload.text:
                return False
            self.status.emit("The clipboard holds rich text with no words in it: nothing pasted.")
            return True
        cursor = self._editor.textCursor()
        if "\n" in markdown:  # blocks (paragraphs, lists, quotes) start and end as blocks
            text = self._editor.toPlainText()
            start = _index(text, cursor.selectionStart())
            end = _index(text, cursor.selectionEnd())
            markdown, _ = paragraphs(text[:start][-2:], text[end : end + 2], [markdown])
        cursor.insertText(markdown)
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()
        return True

    def insert_images(self, payload: Payload, start: int, end: int) -> bool:
        """Import every image of ``payload`` and insert their Markdown, each as its own
        paragraph, for a selection from ``start`` to ``end`` (see :func:`image_span`)."""
        post = self._ready_post()
        if post is None:
            return False
        sources: list[tuple[Path | bytes, str | None]] = [(p, None) for p in payload.other_files]
        if payload.image is not None and not sources:
            sources.append((payload.image, payload.image_name))
        from editor.core import images  # imported on first use: not needed to show the window

        resolver = self._resolver()
        if resolver is not None and resolver.post_path != post:
            resolver = resolver.for_post(post)  # (the post was saved just now)
        done: list[images.ImportedImage] = []
        failures: list[GalleyError] = []
        for source, name in sources:
            try:
                done.append(
                    images.import_image(
                        post,
                        source,
                        name=name,
                        asset_dir=self._asset_dir(),  # (a broken setting: a sentence)
                        options=self._options() if self._options else None,
                        reference=resolver.reference_for if resolver is not None else None,
                    )
                )
            except GalleyError as error:
                failures.append(error)
        self.imported = done
        if done:
            text = self._editor.toPlainText()
            span = image_span(text, _index(text, start), _index(text, end))
            self._insert(span, [image.markdown for image in done], select_last=done[-1])
            self._undo.add([image.path for image in done if not image.reused])
            self.status.emit(_report(done, post))
        if failures:
            messages.show_error(self._window, _combined(failures, len(sources)))
        return bool(done)

    def _ready_post(self) -> Path | None:
        post = self._post_path()
        if post is None and messages.ask_save_first(self._window) and self._save_first():
            post = self._post_path()
        return post

    def _insert(
        self,
        span: tuple[int, int],
        snippets: list[str],
        select_last: images.ImportedImage | None,
    ) -> None:
        """Replace ``span`` of the text (Python string indices) with ``snippets``, one
        paragraph each, as one undo step."""
        document = self._editor.document()
        text = self._editor.toPlainText()
        start, end = span
        insert, last_start = paragraphs(text[:start], text[end:], snippets)
        cursor = QTextCursor(document)
        cursor.setPosition(_units(text[:start]))
        cursor.setPosition(_units(text[:end]), QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(insert)
        cursor.endEditBlock()
        if select_last is not None:
            alt_start = _units(text[:start] + insert[: last_start + 2])  # after "!["
            cursor.setPosition(alt_start)
            alt = _escaped_alt(snippets[-1])
            cursor.setPosition(alt_start + _units(alt), QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.setFocus()


def _index(text: str, position: int) -> int:
    """The index into ``text`` of a Qt position (Qt counts UTF-16 units: an emoji is two)."""
    return len(text.encode("utf-16-le")[: 2 * position].decode("utf-16-le", "ignore"))


def _units(text: str) -> int:
    """How many UTF-16 units (Qt positions) ``text`` takes."""
    return len(text.encode("utf-16-le")) // 2


def _split_at(text: str, position: int) -> tuple[int, int]:
    """Where a line is split at ``position`` for a dropped link: the spaces at the split would
    start or end a paragraph, so they go."""
    position = min(position, len(text))
    return len(text[:position].rstrip(" \t")), len(text) - len(text[position:].lstrip(" \t"))


def reference_under(cursor: QTextCursor, *, site_root: bool = False) -> str | None:
    """The local image reference under an editor cursor, if any (``site_root``: also a
    site-root path such as ``/img/x.png``, on a site whose static folders are known)."""
    line = cursor.block().text()
    # Qt counts columns in UTF-16 units; an emoji earlier in the line counts two.
    head = line.encode("utf-16-le")[: 2 * cursor.positionInBlock()].decode("utf-16-le", "ignore")
    from editor.core import images

    return images.image_reference_at(line, len(head), site_root=site_root)


def _escaped_alt(markdown: str) -> str:
    """The alt text of ``![alt](target)`` as written (with its escapes)."""
    depth, index = 0, 2
    while index < len(markdown):
        char = markdown[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return markdown[2:index]
            depth -= 1
        index += 1
    return ""


def _report(done: list[images.ImportedImage], post: Path) -> str:
    """A status bar line about what was added, and where when it is not the post's folder
    (the site keeps images in ``static/emails/issues/12``, say)."""
    new = [image.path.name for image in done if not image.reused]
    reused = [image.path.name for image in done if image.reused]
    parts = []
    if new:
        folder = done[-1].path.parent
        where = "the post's folder"
        if not folder.is_relative_to(post.parent):
            where = _shown_folder(folder, post)
        parts.append("Added " + ", ".join(new) + f" to {where}.")
    if reused:
        parts.append("Used the identical " + ", ".join(reused) + " already there.")
    return " ".join(parts)


def _shown_folder(folder: Path, post: Path) -> str:
    """A folder as short as it can be said: from the nearest folder it shares with the post."""
    for base in post.parents:
        if folder.is_relative_to(base):
            return folder.relative_to(base).as_posix() or str(folder)
    return str(folder)


def _combined(failures: list[GalleyError], total: int) -> GalleyError:
    if len(failures) == 1:
        return failures[0]
    reasons = " ".join(f"{error.summary} {error.detail}".strip() for error in failures)
    return GalleyError(f"{len(failures)} of {total} images could not be added.", reasons)
