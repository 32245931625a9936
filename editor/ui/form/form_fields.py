"""Field widgets of the front-matter form: text, dates, avatar, author name, raw YAML.

Every field has the same small contract: ``set_value(...)`` shows a value without emitting
anything, and ``edited(value)`` is emitted only when the user changed it, once typing pauses
(``EDIT_PAUSE_MS``) or editing finishes, and only if the value differs from what it last showed.
A field the user is typing in is never overwritten by a refresh that arrives mid-typing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QSignalBlocker,
    Qt,
    QTime,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QImageReader, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core import dates
from editor.ui.editing.line_sync import editor_text

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
            self, lambda: editor_text(self), lambda t: self.edited.emit(t if t else self._empty)
        )
        self.textChanged.connect(self._pending.timer.start)

    def set_value(self, value: str | None) -> None:
        self._empty = None if value is None else ""
        text = value or ""
        if self._pending.typing:
            return
        if text != editor_text(self):  # (toPlainText() would turn no-break spaces into spaces)
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


class _OneStopDateTimeEdit(QDateTimeEdit):
    """Tab leaves the field instead of walking its sections (year, month, day, hour, ...):
    one Tab stop, as in other forms; Left/Right and typing still move between sections."""

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt override
        return QWidget.focusNextPrevChild(self, next)


class DateField(QWidget):
    """A date (and time, when the post has one) with a calendar; writes the post's own shape."""

    edited = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = _OneStopDateTimeEdit(calendarPopup=True)
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
        self._pending = _PendingEdit(self, lambda: editor_text(self), self.edited.emit)
        self.textChanged.connect(self._pending.timer.start)

    def set_value(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if self._pending.typing:  # the user is typing: their text wins
            return
        current = editor_text(self)
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


def tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


def quietly(widget: QWidget, change: Callable[[], object]) -> None:
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
