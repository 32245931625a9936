"""Any other front-matter key, edited by its type: text, number, boolean, date, list, nested map.

Follows the field contract of :mod:`editor.ui.form.form_fields`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.core import dates
from editor.core.yamltext import KeyPath
from editor.ui.form.form_fields import (
    DateField,
    LineField,
    TextField,
    name_field,
    quietly,
    tool_button,
)
from editor.ui.form.tag_chips import TagChips

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
            return box, lambda value: quietly(box, lambda: box.setChecked(bool(value)))
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
            quietly(spin, lambda: spin.setValue(value))  # type: ignore[arg-type]
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
        remove = tool_button("×", "Remove this key from the post")
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
