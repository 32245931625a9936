"""Field widgets of the front-matter form: text, dates, tags as chips, avatar, raw YAML.

Every field has the same small contract: ``set_value(...)`` shows a value without emitting
anything, and ``edited(value)`` is emitted only when the user changed it, once typing pauses
(``EDIT_PAUSE_MS``) or editing finishes, and only if the value differs from what it last showed.
A field the user is typing in is never overwritten by a refresh that arrives mid-typing.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QPoint,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
    QTime,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QImageReader, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from editor import dates
from editor.yamltext import KeyPath

EDIT_PAUSE_MS = 300
AVATAR_SIZE = 40
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg *.avif);;All files (*)"


def name_field(widget: QWidget, object_name: str, accessible_name: str) -> None:
    """Give a field the names tests and screen readers find it by."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)


def _pause_timer(parent: QWidget, callback: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(EDIT_PAUSE_MS)
    timer.timeout.connect(callback)
    return timer


class _PendingEdit:
    """A text field's typing pause: its text is sent once the user stops typing (or leaves),
    only if it differs from what the post shows, and a refresh never overwrites typing."""

    def __init__(self, field: QWidget, read: Callable[[], str], send: Callable[[str], None]):
        self.shown = ""
        self._read = read
        self._send = send
        self.timer = _pause_timer(field, self.flush)

    @property
    def typing(self) -> bool:
        return self.timer.isActive()

    def flush(self) -> None:
        self.timer.stop()
        text = self._read()
        if text != self.shown:
            self.shown = text
            self._send(text)


class LineField(QLineEdit):
    """One line of text. Emptied, it gives ``empty`` back (None for a key that was null)."""

    edited = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        name_field(self, object_name, accessible_name)
        self._empty: str | None = ""
        self._pending = _PendingEdit(self, self.text, lambda t: self.edited.emit(self.to_value(t)))
        self.textEdited.connect(lambda _text: self._pending.timer.start())
        self.editingFinished.connect(self.flush)

    def set_value(self, value: str | None) -> None:
        self._empty = None if value is None else ""
        text = value or ""
        if self._pending.typing:  # the user is typing: their text wins
            return
        if text != self.text():
            self.setText(text)
            if not self.hasFocus():
                self.setCursorPosition(0)  # show the start of a long value, not its end
        self._pending.shown = text

    def discard_pending(self) -> None:
        """Forget an edit still waiting for the typing pause (the form shows another post)."""
        self._pending.timer.stop()

    def flush(self) -> None:
        self._pending.flush()

    def to_value(self, text: str) -> object:
        """What an edit gives the post."""
        return text if text else self._empty


class TextField(QPlainTextEdit):
    """Several lines of text (a description), about four lines high; Tab moves on."""

    edited = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        name_field(self, object_name, accessible_name)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = self.fontMetrics().lineSpacing() * 4
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines + frame + 2)
        self._empty: str | None = ""
        self._pending = _PendingEdit(
            self, self.toPlainText, lambda t: self.edited.emit(t if t else self._empty)
        )
        self.textChanged.connect(self._pending.timer.start)

    def set_value(self, value: str | None) -> None:
        self._empty = None if value is None else ""
        text = value or ""
        if self._pending.typing:
            return
        if text != self.toPlainText():
            with QSignalBlocker(self):
                self.setPlainText(text)
        self._pending.shown = text

    def discard_pending(self) -> None:
        """Forget an edit still waiting for the typing pause (the form shows another post)."""
        self._pending.timer.stop()

    def flush(self) -> None:
        self._pending.flush()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)


class DateField(QWidget):
    """A date (and time, when the post has one) with a calendar; writes the post's own shape."""

    edited = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QDateTimeEdit(calendarPopup=True)
        name_field(self.edit, object_name, accessible_name)
        self.edit.setTimeZone(QTimeZone.utc())  # wall time as written: no DST gaps
        self.edit.setDateTimeRange(
            QDateTime(QDate(100, 1, 1), QTime(0, 0), QTimeZone.utc()),
            QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), QTimeZone.utc()),
        )
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.zone = QLabel()
        self.zone.setObjectName(f"{object_name}-zone")
        self.add = QPushButton("Set date")
        name_field(self.add, f"{object_name}-set", f"Set {accessible_name.lower()}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.zone)
        layout.addWidget(self.add)
        layout.addStretch(0)
        self._original: object = None
        self._changed = False  # by the user since the value was shown
        self._pause = _pause_timer(self, self.flush)
        self.edit.dateTimeChanged.connect(self._on_changed)
        self.edit.editingFinished.connect(self.flush)
        self.add.clicked.connect(self._set_now)
        self.set_value(None)

    def set_value(self, value: object) -> None:
        if self._pause.isActive():
            return
        self._original, self._changed = value, False
        parsed = dates.parse(value)
        self.edit.setEnabled(parsed is not None and parsed.year >= 100)  # Qt starts at 100
        self.edit.setVisible(parsed is not None)
        self.add.setVisible(parsed is None)
        if parsed is None:
            self.zone.clear()
            return
        precision = dates.precision(value)
        self.edit.setDisplayFormat(
            {"day": "yyyy-MM-dd", "minute": "yyyy-MM-dd HH:mm"}.get(
                precision or "", "yyyy-MM-dd HH:mm:ss"
            )
        )
        offset = parsed.utcoffset()
        self.zone.setText(_zone_name(offset))
        self.zone.setVisible(offset is not None)
        wall = dates.wall_time(parsed)
        shown = QDateTime(
            QDate(wall.year, wall.month, wall.day),
            QTime(wall.hour, wall.minute, wall.second),
            QTimeZone.utc(),
        )
        if shown != self.edit.dateTime():
            with QSignalBlocker(self.edit):
                self.edit.setDateTime(shown)

    def value(self) -> object:
        return self._original

    def _on_changed(self) -> None:
        self._changed = True  # only the user: showing a value blocks the signal
        self._pause.start()

    def discard_pending(self) -> None:
        """Forget an edit still waiting for the typing pause (the form shows another post)."""
        self._pause.stop()
        self._changed = False

    def flush(self) -> None:
        self._pause.stop()
        parsed = dates.parse(self._original)
        if parsed is None or not self._changed:
            return
        self._changed = False
        date, time = self.edit.date(), self.edit.time()
        new = dt.datetime(
            date.year(), date.month(), date.day(), time.hour(), time.minute(), time.second(),
            parsed.microsecond,  # the field shows no fraction: keep the post's
        )  # fmt: skip
        value = dates.format_like(self._original, new)
        if value != self._original:
            self._original = value
            self.edited.emit(value)

    def _set_now(self) -> None:
        now = dt.datetime.now().replace(second=0, microsecond=0)
        self._original = dates.format_like(None, now)
        self.set_value(self._original)
        self.edited.emit(self._original)
        self.edit.setFocus()


def _zone_name(offset: dt.timedelta | None) -> str:
    if offset is None:
        return ""
    if not offset:
        return "UTC"
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them onto more lines when narrow (chips)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x, y, line_height = rect.x(), y + line_height + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class TagChips(QWidget):
    """Tags as chips with a × each, and a line to add more (Enter or comma), with completion."""

    edited = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        name_field(self, object_name, accessible_name)
        self._name = accessible_name
        self._tags: list[str] = []
        self._known: list[str] = []
        self._chips = QWidget()
        self._chips.setObjectName(f"{object_name}-chips")
        self._flow = FlowLayout(self._chips)
        self.input = QLineEdit(placeholderText="Add a tag…")
        name_field(self.input, f"{object_name}-input", f"Add to {accessible_name.lower()}")
        self.input.setClearButtonEnabled(True)
        self._completer = QCompleter([], self.input)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.input.setCompleter(self._completer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._chips)
        layout.addWidget(self.input)
        self.input.returnPressed.connect(self._add_typed)
        self.input.editingFinished.connect(self._add_typed)
        self.input.textEdited.connect(self._on_text_edited)
        self._completer.activated.connect(lambda _text: QTimer.singleShot(0, self._add_typed))
        self._rebuild()

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_value(self, tags: Sequence[str] | None) -> None:
        tags = list(tags or [])
        if tags != self._tags:
            self._tags = tags
            self._rebuild()

    def set_completions(self, words: Sequence[str]) -> None:
        words = sorted(set(words), key=str.casefold)
        if words != self._known:
            self._known = words
            self._completer.model().setStringList(words)  # type: ignore[attr-defined]

    def add(self, text: str) -> bool:
        """Add a tag (spelled as a known tag when one matches); False if empty or already there."""
        tag = text.strip()
        known = {word.casefold(): word for word in self._known}
        tag = known.get(tag.casefold(), tag)
        if not tag or tag.casefold() in {t.casefold() for t in self._tags}:
            return False
        self._tags.append(tag)
        self._rebuild()
        self.edited.emit(self.tags())
        return True

    def remove(self, tag: str) -> None:
        if tag in self._tags:
            self._tags.remove(tag)
            self._rebuild()
            self.edited.emit(self.tags())
            self.input.setFocus()

    def _add_typed(self) -> None:
        text = self.input.text()
        if text.strip():
            for part in text.split(","):
                self.add(part)
        self.input.clear()

    def _on_text_edited(self, text: str) -> None:
        if "," in text:
            *done, rest = text.split(",")
            for part in done:
                self.add(part)
            self.input.setText(rest.lstrip())

    def _rebuild(self) -> None:
        while (item := self._flow.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for tag in self._tags:
            self._flow.addItem(QWidgetItem(self._chip(tag)))
        self._chips.setVisible(bool(self._tags))
        self._flow.invalidate()
        self.updateGeometry()

    def _chip(self, tag: str) -> QFrame:
        chip = QFrame(self._chips)
        chip.setObjectName("tag-chip")
        chip.setAccessibleName(f"Tag {tag}")
        chip.setStyleSheet(
            "QFrame#tag-chip { border: 1px solid palette(mid); border-radius: 11px;"
            " background: palette(alternate-base); }"
        )
        label = QLabel(tag)
        label.setObjectName("tag-chip-text")
        remove = _tool_button("×", f"Remove tag “{tag}”")
        name_field(remove, "tag-remove", f"Remove tag {tag}")
        remove.setCursor(Qt.CursorShape.PointingHandCursor)
        remove.setFixedSize(18, 18)
        remove.clicked.connect(lambda: self.remove(tag))
        layout = QHBoxLayout(chip)
        layout.setContentsMargins(9, 1, 3, 1)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(remove)
        chip.show()
        return chip


class AvatarField(QWidget):
    """An image path relative to the post, a Choose… button and a thumbnail (or a missing note)."""

    edited = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._folder: Path | None = None
        self._image_key: tuple[str, Path | None, float | None] = ("", None, None)
        self.thumbnail = QLabel()
        self.thumbnail.setObjectName(f"{object_name}-thumbnail")
        self.thumbnail.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setFrameShape(QFrame.Shape.StyledPanel)
        self.path = LineField(object_name, accessible_name)
        self.path.setPlaceholderText("No image")
        self.choose = QPushButton("Choose…")
        name_field(self.choose, f"{object_name}-choose", f"Choose {accessible_name.lower()}")
        self.note = QLabel()
        self.note.setObjectName(f"{object_name}-note")
        self.note.setWordWrap(True)
        self.note.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(column, 1)
        column.addStretch(1)  # the path lines up with the row's label, the note goes under it
        self.path.edited.connect(self._on_edited)
        self.path.textEdited.connect(lambda _text: self._show_image())
        self.choose.clicked.connect(self.pick)

    def set_value(self, path: str | None, folder: Path | None) -> None:
        self._folder = folder
        self.path.set_value(path)
        if not self.path.hasFocus():
            self.path.end(False)  # a path is told apart by its file name
        self._show_image()

    def value(self) -> str:
        return self.path.text()

    def relative(self, chosen: str) -> str:
        """``chosen`` as stored in the post: relative to its folder, with forward slashes."""
        if self._folder is None or not os.path.isabs(chosen):
            return Path(chosen).as_posix()
        try:
            return Path(os.path.relpath(chosen, self._folder)).as_posix()
        except ValueError:  # another drive on Windows
            return Path(chosen).as_posix()

    def pick(self) -> None:
        current = self._resolved()
        start = current.parent if current is not None and current.parent.is_dir() else None
        start = start or self._folder or Path.home()
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose an avatar image", str(start), IMAGE_FILTER
        )
        if chosen:
            self.set_path(self.relative(chosen))

    def set_path(self, path: str) -> None:
        """Put ``path`` in the field as if the user typed it (emits ``edited``)."""
        self.path.setText(path)
        self.path.flush()
        self._show_image()

    def _on_edited(self, value: object) -> None:
        self._show_image()
        self.edited.emit(value)

    def _resolved(self) -> Path | None:
        text = self.path.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():
            if self._folder is None:
                return None
            path = self._folder / path
        return Path(os.path.normpath(path))

    def _show_image(self) -> None:
        path = self._resolved()
        stamp = _stamp(path)
        if (self.path.text(), path, stamp) == self._image_key:
            return  # a refresh with the same image: do not decode it again
        self._image_key = (self.path.text(), path, stamp)
        pixmap = QPixmap()
        note = ""
        if path is None:
            note = "" if not self.path.text().strip() else "Save the post to show this image."
        elif not path.is_file():
            note = "⚠ Missing: no file at this path."
        else:
            reader = QImageReader(str(path))
            reader.setAutoTransform(True)
            size = reader.size()
            if size.isValid():
                size.scale(AVATAR_SIZE, AVATAR_SIZE, Qt.AspectRatioMode.KeepAspectRatio)
                reader.setScaledSize(size)
            image = reader.read()
            if image.isNull():
                note = "⚠ This file is not an image Galley can show."
            else:
                pixmap = QPixmap.fromImage(image)
        self.thumbnail.setPixmap(pixmap)
        self.thumbnail.setText("" if not pixmap.isNull() else "?" if note else "")
        self.thumbnail.setToolTip(str(path) if path is not None else "")
        self.note.setText(note)
        self.note.setVisible(bool(note))


def _stamp(path: Path | None) -> float | None:
    try:
        return path.stat().st_mtime if path is not None else None
    except OSError:
        return None


class YamlEdit(QPlainTextEdit):
    """The raw front matter. Tab indents with two spaces (YAML has no tabs)."""

    edited = Signal(str)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        name_field(self, object_name, accessible_name)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._pending = _PendingEdit(self, self.toPlainText, self.edited.emit)
        self.textChanged.connect(self._pending.timer.start)

    def set_value(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if self._pending.typing:  # the user is typing: their text wins
            return
        current = self.toPlainText()
        if text == current or (self.hasFocus() and text.rstrip("\n") == current.rstrip("\n")):
            self._pending.shown = current  # same, or only the final newline the post adds differs
            return
        cursor = self.textCursor()
        position = cursor.position()
        with QSignalBlocker(self):
            cursor.beginEditBlock()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(text)
            cursor.endEditBlock()
            cursor.setPosition(min(position, len(text)))
            self.setTextCursor(cursor)
        self._pending.shown = text

    def discard_pending(self) -> None:
        """Forget an edit still waiting for the typing pause (the form shows another post)."""
        self._pending.timer.stop()

    def flush(self) -> None:
        self._pending.flush()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Tab and not event.modifiers():
            self.insertPlainText("  ")
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)


# -- any other key, edited by its type

_INT_LIMIT = 2**31 - 1
_SCALARS = (str, int, float, bool, type(None))


def kind_of(value: object, previous: str | None = None) -> str:
    """Which field shows ``value``; ``previous`` is kept while it can still show it, so a text
    field the user is typing a date or a number into is not swapped under their fingers."""
    if previous is not None and previous != "readonly" and _fits(previous, value):
        return previous
    for kind in ("bool", "date", "text", "multiline", "int", "float", "tags", "list", "map"):
        if _fits(kind, value):
            return kind
    return "readonly"


def _fits(kind: str, value: object) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, (dt.date, str)) and dates.is_date_value(value)
    if kind == "text":
        return value is None or (isinstance(value, str) and "\n" not in value)
    if kind == "multiline":
        return isinstance(value, str)
    if kind == "int":
        return type(value) is int and -_INT_LIMIT <= value <= _INT_LIMIT
    if kind == "float":
        return type(value) is float and math.isfinite(value) and abs(value) < 1e15
    if kind == "tags":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if kind == "list":
        return isinstance(value, list) and all(
            isinstance(item, _SCALARS) and not (isinstance(item, str) and "," in item)
            for item in value
        )
    return kind == "map" and isinstance(value, Mapping)


def _scalar_text(item: object) -> str:
    if item is None:
        return "null"
    if isinstance(item, bool):
        return "true" if item else "false"
    return str(item)


def _scalar(text: str) -> object:
    """A comma-separated item back to its type: numbers, true/false and null as YAML reads them."""
    text = text.strip()
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


class ListField(LineField):
    """A list of numbers, booleans or words as one line of comma-separated values."""

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(object_name, accessible_name, parent)
        self.setPlaceholderText("Values separated by commas")

    def set_value(self, value: Sequence[object] | None) -> None:
        super().set_value(", ".join(_scalar_text(item) for item in value or []))

    def to_value(self, text: str) -> object:
        return [_scalar(part) for part in text.split(",") if part.strip()]


def _summary(value: object) -> str:
    if isinstance(value, list):
        return f"A list of {len(value)} item{'s' * (len(value) != 1)}: edit it in the YAML tab."
    return f"{_scalar_text(value)[:60]} (edit it in the YAML tab)"


class ValueFields(QWidget):
    """The fields of a mapping, each by its type; nested mappings become nested groups."""

    field_edited = Signal(tuple, object)
    key_removed = Signal(tuple)

    def __init__(self, base: KeyPath = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = base
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._kinds: dict[Any, str] = {}
        self._setters: dict[Any, Callable[[Any], None]] = {}
        self._folder: Path | None = None

    def keys(self) -> list[Any]:
        return list(self._kinds)

    def set_data(self, data: Any, folder: Path | None = None) -> None:
        """Show ``data``: values are updated in place unless keys or kinds changed."""
        self._folder = folder
        kinds = {key: kind_of(value, self._kinds.get(key)) for key, value in data.items()}
        if list(kinds.items()) != list(self._kinds.items()):
            self._rebuild(kinds)
        for key, value in data.items():
            self._setters[key](value)

    def _rebuild(self, kinds: dict[Any, str]) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self._kinds, self._setters = kinds, {}
        for key, kind in kinds.items():
            path = (*self._base, key)
            widget, setter = self._make(kind, path)
            self._setters[key] = setter
            if kind == "map":
                self._form.addRow(widget)
            else:
                label = QLabel(f"{key}")
                label.setBuddy(widget.focusProxy() or widget)
                self._form.addRow(label, self._removable(widget, path))

    def _make(self, kind: str, path: KeyPath) -> tuple[QWidget, Callable[[object], None]]:
        object_name = "field-" + ".".join(str(key) for key in path)
        accessible = " ".join(str(key) for key in path)

        def emit(value: object) -> None:  # a plain function: PySide passes it the signal's value
            self.field_edited.emit(path, value)

        if kind == "map":
            return self._group(path)
        if kind == "bool":
            box = QCheckBox()
            name_field(box, object_name, accessible)
            box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # clickable
            box.clicked.connect(emit)
            return box, lambda value: _quietly(box, lambda: box.setChecked(bool(value)))
        if kind in ("int", "float"):
            return self._number(kind, object_name, accessible, emit)
        if kind == "readonly":
            label = QLabel()
            name_field(label, object_name, accessible)
            label.setWordWrap(True)
            return label, lambda value: label.setText(_summary(value))
        field_types: dict[str, type[Any]] = {
            "text": LineField, "multiline": TextField, "date": DateField,
            "tags": TagChips, "list": ListField,
        }  # fmt: skip
        field = field_types[kind](object_name, accessible)
        field.edited.connect(emit)
        return field, field.set_value

    def _number(
        self, kind: str, object_name: str, accessible: str, emit: Callable[[object], None]
    ) -> tuple[QWidget, Callable[[object], None]]:
        spin: QSpinBox | QDoubleSpinBox
        if kind == "int":
            spin = QSpinBox()
            spin.setRange(-_INT_LIMIT, _INT_LIMIT)
        else:
            spin = QDoubleSpinBox()
            spin.setRange(-1e15, 1e15)
        name_field(spin, object_name, accessible)
        spin.setKeyboardTracking(False)  # valueChanged once typing is done, not per digit
        spin.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        shown: list[object] = [None]

        def show(value: object) -> None:
            if isinstance(spin, QDoubleSpinBox):
                digits = repr(value).partition(".")[2]
                spin.setDecimals(max(2, min(len(digits), 10)) if "e" not in digits else 10)
            _quietly(spin, lambda: spin.setValue(value))  # type: ignore[arg-type]
            shown[0] = value

        def changed(value: float) -> None:
            if value != shown[0]:
                shown[0] = value
                emit(value)

        spin.valueChanged.connect(changed)
        return spin, show

    def _group(self, path: KeyPath) -> tuple[QWidget, Callable[[object], None]]:
        group = QGroupBox(str(path[-1]))
        group.setObjectName("group-" + ".".join(str(key) for key in path))
        inner = ValueFields(path)
        inner.field_edited.connect(self.field_edited)
        inner.key_removed.connect(self.key_removed)
        layout = QVBoxLayout(group)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(inner)
        return group, lambda value: inner.set_data(value, self._folder)

    def _removable(self, widget: QWidget, path: KeyPath) -> QWidget:
        remove = _tool_button("×", "Remove this key from the post")
        name = " ".join(str(key) for key in path)
        name_field(remove, "remove-" + ".".join(str(key) for key in path), f"Remove {name}")
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Fixed:
            layout.addWidget(widget)
            layout.addStretch(1)
        else:
            layout.addWidget(widget, 1)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        remove.clicked.connect(lambda: self._remove(row, path))
        return row

    def _remove(self, row: QWidget, path: KeyPath) -> None:
        key = path[-1]
        self._kinds.pop(key, None)
        self._setters.pop(key, None)
        self._form.removeRow(row)
        self.key_removed.emit(path)


def _tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


def _quietly(widget: QWidget, change: Callable[[], object]) -> None:
    with QSignalBlocker(widget):
        change()


class AuthorNameField(QComboBox):
    """An author name: type it, or pick a known author from the list (completion as you type)."""

    edited = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        name_field(self, object_name, accessible_name)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        edit = QLineEdit(placeholderText="Name")
        name_field(edit, f"{object_name}-text", accessible_name)
        self.setLineEdit(edit)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self._names: list[str] = []
        self._empty: str | None = ""
        self._pending = _PendingEdit(
            self, self.currentText, lambda t: self.edited.emit(t if t else self._empty)
        )
        edit.textEdited.connect(lambda _text: self._pending.timer.start())
        edit.editingFinished.connect(self.flush)
        self.textActivated.connect(lambda _text: self.flush())

    def set_names(self, names: Sequence[str]) -> None:
        names = sorted(set(names), key=str.casefold)
        if names != self._names:
            self._names = names
            text = self.currentText()
            with QSignalBlocker(self):
                self.clear()
                self.addItems(names)
                self.setEditText(text)

    def set_value(self, value: str | None) -> None:
        self._empty = None if value is None else ""
        if self._pending.typing:
            return
        text = value or ""
        if text != self.currentText():
            with QSignalBlocker(self):
                self.setEditText(text)
        self._pending.shown = text

    def discard_pending(self) -> None:
        """Forget an edit still waiting for the typing pause (the form shows another post)."""
        self._pending.timer.stop()

    def flush(self) -> None:
        self._pending.flush()
