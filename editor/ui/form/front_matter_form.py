"""The front-matter form: the post's keys as fields, and its raw front matter in a second tab
(named after its format: YAML, TOML, JSON or Headers).

A thin widget (layer 2): it shows what it is given and emits intent signals; it never edits the
post. ``field_edited(path, value)`` carries one key and its new plain value, ``key_removed(path)``
one key to delete, and ``yaml_edited(text)`` the raw YAML typed in the YAML tab (with ``\\n``
line ends). Filling the form with :meth:`FrontMatterForm.set_front_matter` emits nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QKeySequence, QShortcut, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.core import dates
from editor.core.yamltext import KeyPath
from editor.ui.form.form_fields import (
    AuthorNameField,
    AvatarField,
    DateField,
    LineField,
    TextField,
    YamlEdit,
)
from editor.ui.form.tag_chips import TagChips
from editor.ui.form.value_fields import ValueFields

FIELDS_TAB, YAML_TAB = 0, 1


class FrontMatterForm(QWidget):
    """Fields for title, date, description, author, avatar and tags; any other key by type."""

    field_edited = Signal(tuple, object)  # (key path, new plain value)
    key_removed = Signal(tuple)  # key path
    yaml_edited = Signal(str)  # the raw YAML as typed
    leave_requested = Signal()  # Escape in a field: the keys should go back to the editor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("front-matter-form")
        self._folder: Path | None = None
        self._known_authors: dict[str, str] = {}
        self._name_path: KeyPath = ("author", "name")
        self._avatar_path: KeyPath = ("author", "avatar")

        self.title = LineField("field-title", "Title")
        self.date = DateField("field-date", "Date")
        self.description = TextField("field-description", "Description")
        self.author = AuthorNameField("field-author-name", "Author name")
        self.avatar = AvatarField("field-author-avatar", "Author avatar")
        self.tags = TagChips("field-tags", "Tags")
        self.others = ValueFields()
        self.others.setObjectName("other-fields")
        self.yaml = YamlEdit("field-yaml", "Front matter YAML")
        self.yaml.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.yaml_error = QLabel()
        self.yaml_error.setObjectName("yaml-error")
        self.yaml_error.setWordWrap(True)
        self.yaml_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.yaml_error.hide()
        self._format_tab = "YAML"  # the raw tab's name: YAML, TOML, JSON or Headers
        self._description_key = "description"  # Pelican's header lines: "summary"
        self._first_line = 2  # the file line of the raw tab's first line (after '---')

        self.tabs = QTabWidget()
        self.tabs.setObjectName("front-matter-tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._fields_page(), "Fields")
        self.tabs.addTab(self._yaml_page(), "YAML")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._connect_signals()

    # -- building

    def _fields_page(self) -> QWidget:
        self._main = QFormLayout()
        self._main.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._main.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._main.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._main.addRow("&Title", self.title)
        self._main.addRow("&Date", self.date)
        # Mnemonics clear of the menu bar's (File, Edit, Format, View, Help): a test checks.
        self._main.addRow("De&scription", self.description)
        self._main.addRow("&Author", self.author)
        self._main.addRow("Avata&r", self.avatar)
        self._main.addRow("Ta&gs", self.tags)
        for field in (self.description, self.avatar, self.tags):
            label = self._main.labelForField(field)
            if isinstance(label, QLabel):  # labels of tall fields sit by their first line
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                label.setContentsMargins(0, 4, 0, 0)
        label = self._main.labelForField(self.date)
        if isinstance(label, QLabel):
            label.setBuddy(self.date.edit)
        self._others_box = QGroupBox("Other fields")
        self._others_box.setObjectName("other-fields-box")
        box_layout = QVBoxLayout(self._others_box)
        box_layout.setContentsMargins(8, 6, 8, 8)
        box_layout.addWidget(self.others)

        page = QWidget()
        page.setObjectName("fields-page")
        column = QVBoxLayout(page)
        column.setContentsMargins(10, 10, 10, 10)
        column.setSpacing(12)
        column.addLayout(self._main)
        column.addWidget(self._others_box)
        column.addStretch(1)
        scroll = _FieldsScroll()
        scroll.setObjectName("fields-scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        return scroll

    def _yaml_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("yaml-page")
        column = QVBoxLayout(page)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.yaml_error)
        column.addWidget(self.yaml, 1)
        return page

    def _connect_signals(self) -> None:
        self.title.edited.connect(lambda value: self.field_edited.emit(("title",), value))
        self.date.edited.connect(lambda value: self.field_edited.emit(("date",), value))
        self.description.edited.connect(
            lambda value: self.field_edited.emit((self._description_key,), value)
        )
        self.author.edited.connect(self._on_author_edited)
        self.avatar.edited.connect(lambda value: self.field_edited.emit(self._avatar_path, value))
        self.tags.edited.connect(lambda value: self.field_edited.emit(("tags",), value))
        self.others.field_edited.connect(self.field_edited)
        self.others.key_removed.connect(self.key_removed)
        self.yaml.edited.connect(self.yaml_edited)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._leave)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _leave(self) -> None:
        self.flush()  # what was typed reaches the post before the keys leave
        self.leave_requested.emit()

    # -- filling

    def set_front_matter(
        self,
        meta: Mapping[str, Any],
        yaml_text: str,
        post_folder: Path | None,
        known_tags: Sequence[str] | None = None,
        known_authors: Mapping[str, str] | None = None,
    ) -> None:
        """Show a post's front matter (a plain dict) and raw YAML, without emitting anything.

        Args:
            meta: the front matter as plain data (``Post.meta.to_dict()``).
            yaml_text: the raw YAML between the ``---`` lines.
            post_folder: the post's folder; avatar paths are relative to it.
            known_tags: tags used elsewhere, offered as completions (None: keep the last ones).
            known_authors: author names to their avatar paths, as written in posts of the same
                site (relative to a post at the same depth) or absolute (None: keep the last).
        """
        if post_folder != self._folder:
            self._discard_pending()  # an edit typed for the last post must not reach this one
        self._folder = post_folder
        others = dict(meta)
        title = meta.get("title")
        self._show_known("title", title, isinstance(title, str) or title is None, others)
        self.title.set_value(title if isinstance(title, str) else None)
        date = meta.get("date")
        self._show_known("date", date, date is None or dates.is_date_value(date), others)
        self.date.set_value(date)
        description = meta.get(self._description_key)
        is_text = description is None or isinstance(description, str)
        self._show_known(self._description_key, description, is_text, others)
        self.description.set_value(description if isinstance(description, str) else None)
        self._fill_author(meta.get("author"), others)
        tags = meta.get("tags")
        is_tags = tags is None or (isinstance(tags, list) and all(isinstance(t, str) for t in tags))
        self._show_known("tags", tags, is_tags, others)
        self.tags.set_value(tags if is_tags else None)
        if known_tags is not None:
            self.tags.set_completions(known_tags)
        if known_authors is not None:
            self._known_authors = dict(known_authors)
            self.author.set_names(list(known_authors))
        self.others.set_data(others, post_folder)
        self._others_box.setVisible(bool(others))
        self.yaml.set_value(yaml_text)

    def set_format(self, format_name: str = "YAML", first_line: int = 2) -> None:
        """Name the raw tab after the post's front matter format (YAML, TOML, JSON, Headers);
        ``first_line`` is the file line its first line is (2 after a ``---`` or ``+++`` line,
        1 for JSON and header lines), for error marks."""
        self._format_tab, self._first_line = format_name, first_line
        self.yaml.setAccessibleName(f"Front matter {format_name}")
        self.tabs.setTabText(YAML_TAB, format_name)
        # Pelican (the generator of header lines) describes a post by its Summary
        summary = format_name == "Headers"
        self._description_key = "summary" if summary else "description"
        label = self._main.labelForField(self.description)
        if isinstance(label, QLabel):
            label.setText("Su&mmary" if summary else "De&scription")
        self.description.setAccessibleName("Summary" if summary else "Description")

    def set_broken_front_matter(self, yaml_text: str, post_folder: Path | None) -> None:
        """Show the raw front matter of a post whose YAML does not parse (safe mode), without
        emitting anything; the fields stay as they are, disabled by :meth:`show_yaml_error`."""
        if post_folder != self._folder:
            self._discard_pending()
        self._folder = post_folder
        self.yaml.set_value(yaml_text)

    def _show_known(self, key: str, value: object, fits: bool, others: dict[str, Any]) -> None:
        """A known key is shown in its own field when its type fits, else under Other fields."""
        field = {
            "title": self.title, "date": self.date, "description": self.description,
            "summary": self.description, "tags": self.tags,
        }[key]  # fmt: skip
        self._main.setRowVisible(field, fits)
        if fits:
            others.pop(key, None)

    def _fill_author(self, author: object, others: dict[str, Any]) -> None:
        """``author`` is a mapping with ``name`` and ``avatar`` (the usual case), or a name."""
        name: object = None
        avatar: object = None
        if isinstance(author, Mapping):
            name, avatar = author.get("name"), author.get("avatar")
            fits = all(v is None or isinstance(v, str) for v in (name, avatar))
            self._name_path, self._avatar_path = ("author", "name"), ("author", "avatar")
            rest = {k: v for k, v in author.items() if k not in ("name", "avatar")}
            if fits and rest:
                others["author"] = rest
            elif fits:
                others.pop("author", None)
        else:
            fits = author is None or isinstance(author, str)
            name = author
            self._name_path = ("author",) if isinstance(author, str) else ("author", "name")
            if fits:
                others.pop("author", None)
        self._main.setRowVisible(self.author, fits)
        self._main.setRowVisible(self.avatar, fits and not isinstance(author, str))
        self.author.set_value(name if fits and isinstance(name, str) else None)
        self.avatar.set_value(avatar if fits and isinstance(avatar, str) else None, self._folder)

    def flush(self) -> None:
        """Emit any edit still waiting for the typing pause (call before switching posts)."""
        for field in self._paused_fields():
            field.flush()

    def _discard_pending(self) -> None:
        for field in self._paused_fields():
            field.discard_pending()

    def _paused_fields(self) -> list[Any]:
        paused = (LineField, TextField, DateField, AuthorNameField, YamlEdit)
        return [w for w in self.findChildren(QWidget) if isinstance(w, paused)]

    # -- user edits

    def _on_author_edited(self, name: object) -> None:
        self.field_edited.emit(self._name_path, name)
        known = self._known_authors.get(name) if isinstance(name, str) else None
        if known is None or len(self._name_path) != 2:
            return
        avatar = self.avatar.relative(known) if os.path.isabs(known) else known
        if avatar != self.avatar.value():
            self.avatar.set_path(avatar)  # emits the avatar edit

    # -- errors in the raw YAML

    def show_yaml_error(self, line: int, column: int, message: str) -> None:
        """Show a front matter error and disable the fields until it is fixed; the text is
        untouched.

        ``line`` and ``column`` are 1-based in the post file, as in ``FrontMatterError``: the
        opening ``---`` is line 1, so the YAML tab's first line is line 2 (see :meth:`set_format`).
        """
        kind = "header line" if self._format_tab == "Headers" else self._format_tab
        self.yaml_error.setTextFormat(Qt.TextFormat.RichText)
        self.yaml_error.setText(
            f"<b>⚠ {kind} error on line {line}, column {column}</b><br>{_escape(message)}"
        )
        self.yaml_error.setStyleSheet(
            "QLabel#yaml-error { border: 1px solid #c0392b; border-radius: 4px; padding: 6px;"
            " background: rgba(192, 57, 43, 0.12); }"
        )
        self.yaml_error.show()
        self.tabs.setTabEnabled(FIELDS_TAB, False)
        self.tabs.setTabToolTip(FIELDS_TAB, f"Fix the {kind} error to edit the fields again.")
        self.tabs.setCurrentIndex(YAML_TAB)
        self._mark_line(line - self._first_line)

    def clear_yaml_error(self) -> None:
        self.yaml_error.hide()
        self.yaml_error.clear()
        self.tabs.setTabEnabled(FIELDS_TAB, True)
        self.tabs.setTabToolTip(FIELDS_TAB, "")
        self.yaml.setExtraSelections([])

    def _mark_line(self, block_number: int) -> None:
        block = self.yaml.document().findBlockByNumber(max(block_number, 0))
        if not block.isValid():
            self.yaml.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor(192, 57, 43, 50))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = QTextCursor(block)
        selection.cursor = cursor
        self.yaml.setExtraSelections([selection])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _FieldsScroll(QScrollArea):
    """The fields' scroll area: as narrow as the fields can be, never narrower, so the window's
    splitter takes room from the editor and preview instead of cutting the fields off at the
    right (a "UTC+01:00" zone or a long key widened them past the pane)."""

    def minimumSizeHint(self) -> QSize:  # Qt override
        hint = super().minimumSizeHint()
        page = self.widget()
        if page is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        width = page.minimumSizeHint().width() + 2 * self.frameWidth() + bar
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the fields changed: the splitter asks again
        return super().eventFilter(watched, event)
