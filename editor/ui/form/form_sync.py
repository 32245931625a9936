"""The front-matter form in step with the open document: its fields show the document's front
matter, and the form's edits are written back to it.

A value the document refuses (one shared through a YAML anchor, say) is explained, and the field
goes back to what the post really says. In safe mode (front matter that does not parse) the form
shows the post's own raw front matter with its error line marked, to fix in place.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from editor.core.errors import FrontMatterError, GalleyError
from editor.core.fmformats import FORMATS
from editor.state.document import Document
from editor.ui import messages
from editor.ui.form.front_matter_form import FrontMatterForm


class FormSync(QObject):
    """Keeps ``form`` showing one document's front matter and edits that document."""

    status = Signal(str, int)  # a status bar message, and for how long

    def __init__(
        self,
        form: FrontMatterForm,
        parent: QWidget,
        *,
        known_tags: Callable[[], list[str]],
        known_authors: Callable[[], dict[str, str]],
    ) -> None:
        """``known_tags`` and ``known_authors`` complete the fields (the site's, if any);
        ``parent`` (the window) is also the parent of error messages."""
        super().__init__(parent)
        self._form = form
        self._parent = parent
        self._known_tags = known_tags
        self._known_authors = known_authors
        self._document: Document | None = None
        form.field_edited.connect(self._set_field)
        form.key_removed.connect(self._remove_field)
        form.yaml_edited.connect(self._yaml_edited)

    def set_document(self, document: Document) -> None:
        """Show ``document``'s front matter from now on."""
        self._document = document
        document.meta_changed.connect(self.fill)
        document.front_matter_error.connect(self._front_matter_error)
        self.fill()
        self._front_matter_error(document.error)

    def fill(self) -> None:
        """Show the document's front matter (again: the site's tags and authors may be new)."""
        document = self._document
        if document is None:
            return
        form = self._form
        tab = FORMATS[document.front_matter_format].tab
        form.set_format(tab, document.front_matter_first_line)
        if document.error is None:
            form.set_front_matter(
                document.meta_dict(),
                document.front_matter_text,
                document.folder,
                known_tags=self._known_tags(),
                known_authors=self._known_authors(),
            )
        else:  # safe mode: this post's own raw front matter, to fix in place
            form.set_broken_front_matter(document.front_matter_text, document.folder)

    def _set_field(self, path: tuple[str | int, ...], value: object) -> None:
        if self._document is None:
            return
        try:
            self._document.set_field(path, value)
        except GalleyError as error:  # e.g. a value shared through a YAML anchor
            messages.show_error(self._parent, error)
            self.fill()  # the field shows what the post really says

    def _remove_field(self, path: tuple[str | int, ...]) -> None:
        if self._document is None:
            return
        try:
            self._document.remove_field(path)
        except GalleyError as error:
            messages.show_error(self._parent, error)
            self.fill()

    def _yaml_edited(self, text: str) -> None:
        if self._document is not None:
            self._document.set_front_matter_text(text)

    def _front_matter_error(self, error: FrontMatterError | None) -> None:
        if error is None:
            self._form.clear_yaml_error()
            self.fill()
        else:
            self.fill()  # this post's own raw YAML, then its error line marked
            self._form.show_yaml_error(error.line, error.column, error.summary)
            self.status.emit(error.summary, 8000)
