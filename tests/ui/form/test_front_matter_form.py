"""The front-matter form: what a user sees and what each edit asks for (one key at a time)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFileDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from editor.core.post import Post
from editor.ui.form.form_fields import EDIT_PAUSE_MS
from editor.ui.form.front_matter_form import FIELDS_TAB, FrontMatterForm

POST = """---
title: Galley Weekly 26 - Product story
date: '2021-05-17T21:00:00.0Z'
description:
author:
  name: Ann Author
  avatar: '../../assets/team/ann.png'
tags: ['newsletter']
draft: false
weight: 3
ratio: 0.25
series: Galley Weekly
scores: [1, 2, 3]
seo:
  keywords: [galley, weekly]
  noindex: true
  card:
    image: card.png
---

Body.
"""

KNOWN_AUTHORS = {"Ann Author": "../../assets/team/ann.png", "Bo Writer": "../../assets/team/bo.jpg"}

Edits = list[tuple[tuple[Any, ...], Any]]


def _site(tmp_path: Path) -> Path:
    """A site folder like the real ones: content/blog/<slug>/index.md and content/assets/team."""
    folder = tmp_path / "content" / "blog" / "weekly-26"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(POST, encoding="utf-8")
    team = tmp_path / "content" / "assets" / "team"
    team.mkdir(parents=True)
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    for name in ("ann.png", "bo.jpg", "new.png"):
        assert image.save(str(team / name))
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return _site(tmp_path)


@pytest.fixture
def form(qtbot: QtBot, folder: Path) -> FrontMatterForm:
    widget = FrontMatterForm()
    qtbot.addWidget(widget)
    widget.resize(400, 800)
    post = Post.load(folder / "index.md")
    widget.set_front_matter(
        post.meta.to_dict(), post.front_matter_text, folder,
        known_tags=["newsletter", "Backstage", "plugins"], known_authors=KNOWN_AUTHORS,
    )  # fmt: skip
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def edits(form: FrontMatterForm) -> Edits:
    recorded: Edits = []
    form.field_edited.connect(lambda path, value: recorded.append((path, value)))
    return recorded


def _find(form: QWidget, kind: type[Any], name: str) -> Any:
    widget = form.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


def _settle(qtbot: QtBot) -> None:
    """Let the typing pause pass, so debounced edits are emitted."""
    qtbot.wait(EDIT_PAUSE_MS + 150)


def _type(qtbot: QtBot, widget: QWidget, text: str, replace: bool = True) -> None:
    widget.setFocus()
    if replace and isinstance(widget, QLineEdit):
        widget.selectAll()
    qtbot.keyClicks(widget, text)


# -- filling


def test_filling_emits_nothing(qtbot: QtBot, folder: Path) -> None:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    post = Post.load(folder / "index.md")
    with (
        qtbot.assertNotEmitted(form.field_edited, wait=EDIT_PAUSE_MS + 150),
        qtbot.assertNotEmitted(form.key_removed),
        qtbot.assertNotEmitted(form.yaml_edited),
    ):
        form.set_front_matter(
            post.meta.to_dict(), post.front_matter_text, folder, ["x"], KNOWN_AUTHORS
        )
        form.show()
        form.set_front_matter(post.meta.to_dict(), post.front_matter_text, folder)


def test_fields_show_the_post(form: FrontMatterForm) -> None:
    assert _find(form, QLineEdit, "field-title").text() == "Galley Weekly 26 - Product story"
    date = _find(form, QDateTimeEdit, "field-date")
    assert date.calendarPopup()
    assert date.dateTime().toString("yyyy-MM-dd HH:mm") == "2021-05-17 21:00"
    assert _find(form, QLabel, "field-date-zone").text() == "UTC"
    assert form.description.toPlainText() == ""
    assert form.author.currentText() == "Ann Author"
    assert form.avatar.value() == "../../assets/team/ann.png"
    assert (
        form.avatar.thumbnail.pixmap() is not None and not form.avatar.thumbnail.pixmap().isNull()
    )
    assert form.tags.tags() == ["newsletter"]
    assert _find(form, QToolButton, "tag-remove").accessibleName() == "Remove tag newsletter"
    assert form.yaml.toPlainText().startswith("title: Galley Weekly 26")
    assert [form.tabs.tabText(i) for i in range(form.tabs.count())] == ["Fields", "YAML"]


def test_every_field_has_a_name(form: FrontMatterForm) -> None:
    for name in (
        "field-title", "field-date", "field-description", "field-author-name",
        "field-author-avatar", "field-author-avatar-choose", "field-tags", "field-tags-input",
        "field-draft", "field-weight", "field-ratio", "field-series", "field-scores",
        "field-seo.keywords", "field-seo.noindex", "field-seo.card.image", "field-yaml",
    ):  # fmt: skip
        widget = _find(form, QWidget, name)
        assert widget.accessibleName(), name


# -- editing the known fields


def test_typing_a_title_emits_only_the_title(
    qtbot: QtBot, form: FrontMatterForm, edits: Edits
) -> None:
    with qtbot.waitSignal(form.field_edited, timeout=2000) as signal:
        _type(qtbot, form.title, "New")
    assert signal.args == [("title",), "New"]
    _settle(qtbot)
    assert edits == [(("title",), "New")]
    form.title.editingFinished.emit()  # Enter or leaving the field: nothing new to say
    assert edits == [(("title",), "New")]


def test_enter_emits_at_once(qtbot: QtBot, form: FrontMatterForm, edits: Edits) -> None:
    _type(qtbot, form.title, "Now")
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert edits == [(("title",), "Now")]


def test_header_lines_are_described_by_their_summary(qtbot: QtBot, folder: Path) -> None:
    """Pelican (whose posts start with header lines) reads a post's description from its
    Summary: the field shows and writes that key, and says so."""
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_format("Headers", 1)
    meta = {"title": "Kilns 4", "summary": "Glazes.", "description": "not Pelican's"}
    form.set_front_matter(meta, "Title: Kilns 4\nSummary: Glazes.\n", folder)
    form.show()
    label = form._main.labelForField(form.description)
    assert isinstance(label, QLabel) and label.text() == "Su&mmary"
    assert form.description.toPlainText() == "Glazes."
    assert form.others.findChild(QWidget, "field-description") is not None  # another key here
    edits: Edits = []
    form.field_edited.connect(lambda path, value: edits.append((path, value)))
    _type(qtbot, form.description, " More.")
    _settle(qtbot)
    assert edits[-1][0] == ("summary",)
    form.set_format("YAML", 2)  # another post, in YAML: its description again
    assert isinstance(label, QLabel) and label.text() == "De&scription"


def test_a_missing_title_is_written_only_when_typed(qtbot: QtBot, folder: Path) -> None:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_front_matter({"date": "2021-05-17"}, "date: '2021-05-17'\n", folder)
    form.show()
    edits: Edits = []
    form.field_edited.connect(lambda path, value: edits.append((path, value)))
    assert form.title.text() == ""
    _settle(qtbot)
    assert edits == []
    _type(qtbot, form.title, "Fresh")
    _settle(qtbot)
    assert edits == [(("title",), "Fresh")]


def test_a_refresh_while_typing_keeps_the_typed_text(
    qtbot: QtBot, form: FrontMatterForm, folder: Path, edits: Edits
) -> None:
    post = Post.load(folder / "index.md")
    _type(qtbot, form.title, "Half typed")
    form.set_front_matter(post.meta.to_dict(), post.front_matter_text, folder)
    assert form.title.text() == "Half typed"
    _settle(qtbot)
    assert edits == [(("title",), "Half typed")]


def test_flush_emits_a_pending_edit_at_once(
    qtbot: QtBot, form: FrontMatterForm, edits: Edits
) -> None:
    _type(qtbot, form.description, "Summary")
    assert edits == []
    form.flush()
    assert edits == [(("description",), "Summary")]


def test_another_post_drops_an_edit_typed_for_the_last_one(
    qtbot: QtBot, form: FrontMatterForm, tmp_path: Path, edits: Edits
) -> None:
    _type(qtbot, form.title, "Meant for the first post")
    other = tmp_path / "other"
    other.mkdir()
    form.set_front_matter({"title": "Second post"}, "title: Second post\n", other)
    _settle(qtbot)
    assert edits == []
    assert form.title.text() == "Second post"


def test_emptying_a_null_description_keeps_it_null(
    qtbot: QtBot, form: FrontMatterForm, edits: Edits
) -> None:
    _type(qtbot, form.description, "A short summary.")
    _settle(qtbot)
    form.description.selectAll()
    qtbot.keyClick(form.description, Qt.Key.Key_Delete)
    _settle(qtbot)
    assert edits == [(("description",), "A short summary."), (("description",), None)]


def test_date_change_keeps_the_posts_shape(
    qtbot: QtBot, form: FrontMatterForm, edits: Edits
) -> None:
    new = QDateTime(QDate(2022, 1, 2), QTime(9, 30), QTimeZone.utc())
    with qtbot.waitSignal(form.field_edited, timeout=2000) as signal:
        form.date.edit.setDateTime(new)  # what the calendar popup and the arrows do
    assert signal.args == [("date",), "2022-01-02T09:30:00.0Z"]


def test_date_typed_with_the_keyboard(qtbot: QtBot, form: FrontMatterForm, edits: Edits) -> None:
    edit = form.date.edit
    edit.setFocus()
    edit.setCurrentSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    _settle(qtbot)
    assert edits == [(("date",), "2022-05-17T21:00:00.0Z")]


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("2021-05-17", "2022-01-02"),
        ("2021-05-17 21:00", "2022-01-02 09:30"),
        (dt.date(2021, 5, 17), dt.date(2022, 1, 2)),
        (dt.datetime(2021, 5, 17, 21, 0), dt.datetime(2022, 1, 2, 9, 30)),
    ],
)
def test_date_shapes_and_types(
    qtbot: QtBot, folder: Path, original: object, expected: object
) -> None:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_front_matter({"date": original}, "", folder)
    with qtbot.waitSignal(form.field_edited, timeout=2000) as signal:
        form.date.edit.setDateTime(QDateTime(QDate(2022, 1, 2), QTime(9, 30), QTimeZone.utc()))
    assert signal.args == [("date",), expected]
    assert type(signal.args[1]) is type(expected)


def test_a_post_without_a_date_can_get_one(qtbot: QtBot, folder: Path) -> None:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_front_matter({"title": "x"}, "title: x\n", folder)
    form.show()
    assert not form.date.edit.isVisible()
    with qtbot.waitSignal(form.field_edited, timeout=2000) as signal:
        qtbot.mouseClick(_find(form, QWidget, "field-date-set"), Qt.MouseButton.LeftButton)
    path, value = signal.args
    assert path == ("date",) and isinstance(value, str) and len(value) == len("2022-01-02T09:30:00")
    assert form.date.edit.isVisible()


def test_tags_add_and_remove(qtbot: QtBot, form: FrontMatterForm, edits: Edits) -> None:
    _type(qtbot, form.tags.input, "weekly")
    qtbot.keyClick(form.tags.input, Qt.Key.Key_Return)
    assert edits[-1] == (("tags",), ["newsletter", "weekly"])
    _type(qtbot, form.tags.input, "backstage, plugins,")  # comma adds, known spelling wins
    assert edits[-2:] == [
        (("tags",), ["newsletter", "weekly", "Backstage"]),
        (("tags",), ["newsletter", "weekly", "Backstage", "plugins"]),
    ]
    assert form.tags.input.text() == ""
    count = len(edits)
    _type(qtbot, form.tags.input, "Newsletter")  # no duplicates
    qtbot.keyClick(form.tags.input, Qt.Key.Key_Return)
    assert len(edits) == count
    remove = [
        button
        for button in form.findChildren(QToolButton, "tag-remove")
        if button.accessibleName() == "Remove tag weekly"
    ]
    qtbot.mouseClick(remove[0], Qt.MouseButton.LeftButton)
    assert edits[-1] == (("tags",), ["newsletter", "Backstage", "plugins"])
    assert form.tags.tags() == ["newsletter", "Backstage", "plugins"]


def test_tags_complete_from_known_tags(form: FrontMatterForm, folder: Path) -> None:
    completer = form.tags.input.completer()
    completer.setCompletionPrefix("plu")
    assert completer.currentCompletion() == "plugins"
    form.set_front_matter({"tags": []}, "tags: []\n", folder)  # a refresh keeps them
    completer.setCompletionPrefix("plu")
    assert completer.currentCompletion() == "plugins"
    assert form.author.findText("Bo Writer") >= 0


def test_avatar_picker_stores_a_path_relative_to_the_post(
    qtbot: QtBot, form: FrontMatterForm, folder: Path, edits: Edits, monkeypatch: Any
) -> None:
    chosen = folder.parent.parent / "assets" / "team" / "new.png"
    asked: list[str] = []

    def choose(parent: QWidget, caption: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(chosen), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    qtbot.mouseClick(_find(form, QWidget, "field-author-avatar-choose"), Qt.MouseButton.LeftButton)
    assert edits == [(("author", "avatar"), "../../assets/team/new.png")]
    assert Path(asked[0]) == chosen.parent  # starts where the current avatar is
    assert not form.avatar.thumbnail.pixmap().isNull()
    assert not form.avatar.note.isVisible()


def test_avatar_picker_cancelled(
    qtbot: QtBot, form: FrontMatterForm, edits: Edits, monkeypatch: Any
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: ("", "")))
    form.avatar.choose.click()
    assert edits == []
    assert form.avatar.value() == "../../assets/team/ann.png"


def test_a_missing_avatar_says_so(qtbot: QtBot, folder: Path) -> None:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_front_matter({"author": {"name": "A", "avatar": "gone.png"}}, "", folder)
    form.show()
    assert form.avatar.note.isVisible()
    assert "Missing" in form.avatar.note.text()
    assert form.avatar.thumbnail.pixmap().isNull()


def test_choosing_a_known_author_sets_the_avatar(
    qtbot: QtBot, form: FrontMatterForm, edits: Edits
) -> None:
    assert form.author.findText("Bo Writer") >= 0  # offered in the list
    _type(qtbot, form.author.lineEdit(), "Bo Writer")
    _settle(qtbot)
    assert edits == [
        (("author", "name"), "Bo Writer"),
        (("author", "avatar"), "../../assets/team/bo.jpg"),
    ]
    assert not form.avatar.thumbnail.pixmap().isNull()


def test_picking_an_author_from_the_list(qtbot: QtBot, form: FrontMatterForm, edits: Edits) -> None:
    form.author.setCurrentIndex(form.author.findText("Bo Writer"))
    form.author.textActivated.emit("Bo Writer")  # what a click in the drop-down list sends
    assert edits[0] == (("author", "name"), "Bo Writer")
    assert edits[1] == (("author", "avatar"), "../../assets/team/bo.jpg")


def test_an_author_given_as_a_plain_name(qtbot: QtBot, folder: Path) -> None:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    form.set_front_matter({"author": "Ann"}, "author: Ann\n", folder, known_authors=KNOWN_AUTHORS)
    form.show()
    assert not form.avatar.isVisible()
    with qtbot.waitSignal(form.field_edited, timeout=2000) as signal:
        _type(qtbot, form.author.lineEdit(), "Bo Writer")
    assert signal.args == [("author",), "Bo Writer"]


# -- any other key, by its type


def test_other_fields_by_type(qtbot: QtBot, form: FrontMatterForm, edits: Edits) -> None:
    draft = _find(form, QCheckBox, "field-draft")
    assert not draft.isChecked()
    qtbot.mouseClick(draft, Qt.MouseButton.LeftButton)
    assert edits[-1] == (("draft",), True)

    weight = _find(form, QSpinBox, "field-weight")
    assert weight.value() == 3
    weight.setFocus()
    qtbot.keyClick(weight, Qt.Key.Key_Up)
    assert edits[-1] == (("weight",), 4)

    series = _find(form, QLineEdit, "field-series")
    _type(qtbot, series, "Galley Monthly")
    qtbot.keyClick(series, Qt.Key.Key_Return)
    assert edits[-1] == (("series",), "Galley Monthly")

    scores = _find(form, QLineEdit, "field-scores")
    assert scores.text() == "1, 2, 3"
    _type(qtbot, scores, "1, 2, 3.5, true, four")
    qtbot.keyClick(scores, Qt.Key.Key_Return)
    assert edits[-1] == (("scores",), [1, 2, 3.5, True, "four"])
    assert len(edits) == 4


def test_float_field(qtbot: QtBot, form: FrontMatterForm, edits: Edits) -> None:
    ratio = _find(form, QWidget, "field-ratio")
    assert ratio.value() == 0.25
    ratio.setFocus()
    ratio.selectAll()
    qtbot.keyClicks(ratio, "0.5")
    qtbot.keyClick(ratio, Qt.Key.Key_Return)
    assert edits == [(("ratio",), 0.5)]


def test_nested_keys_emit_their_full_path(
    qtbot: QtBot, form: FrontMatterForm, edits: Edits
) -> None:
    qtbot.mouseClick(_find(form, QCheckBox, "field-seo.noindex"), Qt.MouseButton.LeftButton)
    assert edits[-1] == (("seo", "noindex"), False)
    keywords = _find(form, QLineEdit, "field-seo.keywords-input")
    _type(qtbot, keywords, "desktop")
    qtbot.keyClick(keywords, Qt.Key.Key_Return)
    assert edits[-1] == (("seo", "keywords"), ["galley", "weekly", "desktop"])
    image = _find(form, QLineEdit, "field-seo.card.image")
    assert image.text() == "card.png"
    _type(qtbot, image, "big.png")
    _settle(qtbot)
    assert edits[-1] == (("seo", "card", "image"), "big.png")


def test_removing_a_key(qtbot: QtBot, form: FrontMatterForm, edits: Edits) -> None:
    with qtbot.waitSignal(form.key_removed, timeout=1000) as signal:
        qtbot.mouseClick(_find(form, QToolButton, "remove-series"), Qt.MouseButton.LeftButton)
    assert signal.args == [("series",)]
    assert form.findChild(QLineEdit, "field-series") is None
    assert edits == []


def test_known_keys_of_another_type_are_shown_under_other_fields(
    qtbot: QtBot, folder: Path
) -> None:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    meta = {"title": 2021, "tags": "a, b", "author": {"name": "A", "bio": "Writes."}}
    form.set_front_matter(meta, "", folder)
    form.show()
    assert not form.title.isVisible()
    assert _find(form, QSpinBox, "field-title").value() == 2021
    assert _find(form, QLineEdit, "field-tags").text() == "a, b"
    assert _find(form, QLineEdit, "field-author.bio").text() == "Writes."
    assert form.author.currentText() == "A"


def test_refresh_with_the_same_keys_keeps_the_widgets(
    qtbot: QtBot, form: FrontMatterForm, folder: Path
) -> None:
    series = _find(form, QLineEdit, "field-series")
    post = Post.load(folder / "index.md")
    post.meta["series"] = "Changed elsewhere"
    form.set_front_matter(post.meta.to_dict(), post.front_matter_text, folder)
    assert _find(form, QLineEdit, "field-series") is series
    assert series.text() == "Changed elsewhere"
    del post.meta["series"]
    post.meta["extra"] = True
    form.set_front_matter(post.meta.to_dict(), post.front_matter_text, folder)
    assert form.findChild(QLineEdit, "field-series") is None
    assert _find(form, QCheckBox, "field-extra").isChecked()


def test_a_text_field_stays_while_a_number_is_typed_into_it(
    qtbot: QtBot, form: FrontMatterForm, folder: Path
) -> None:
    series = _find(form, QLineEdit, "field-series")
    meta = Post.load(folder / "index.md").meta.to_dict()
    meta["series"] = "2021-05-17"  # now looks like a date, still typed as text
    form.set_front_matter(meta, "", folder)
    assert _find(form, QLineEdit, "field-series") is series


# -- the YAML tab


def test_yaml_edit_emits_after_a_pause(qtbot: QtBot, form: FrontMatterForm) -> None:
    form.tabs.setCurrentIndex(1)
    form.yaml.moveCursor(form.yaml.textCursor().MoveOperation.End)
    with qtbot.waitSignal(form.yaml_edited, timeout=2000) as signal:
        _type(qtbot, form.yaml, "extra: 1")
        qtbot.keyClick(form.yaml, Qt.Key.Key_Return)
    assert signal.args[0].endswith("  image: card.png\nextra: 1\n")
    with qtbot.assertNotEmitted(form.yaml_edited, wait=EDIT_PAUSE_MS + 150):
        form.yaml.flush()  # focus out with nothing new


def test_yaml_tab_key_indents_with_spaces(qtbot: QtBot, form: FrontMatterForm) -> None:
    form.yaml.setPlainText("")
    _type(qtbot, form.yaml, "a:")
    qtbot.keyClick(form.yaml, Qt.Key.Key_Return)
    qtbot.keyClick(form.yaml, Qt.Key.Key_Tab)
    assert form.yaml.toPlainText() == "a:\n  "


def test_yaml_refresh_keeps_the_cursor(qtbot: QtBot, form: FrontMatterForm, folder: Path) -> None:
    cursor = form.yaml.textCursor()
    cursor.setPosition(10)
    form.yaml.setTextCursor(cursor)
    post = Post.load(folder / "index.md")
    form.set_front_matter(post.meta.to_dict(), post.front_matter_text.replace("\n", "\r\n"), folder)
    assert form.yaml.textCursor().position() == 10


def test_show_yaml_error_disables_the_fields(qtbot: QtBot, form: FrontMatterForm) -> None:
    text = form.yaml.toPlainText()
    with qtbot.assertNotEmitted(form.yaml_edited, wait=EDIT_PAUSE_MS + 150):
        form.show_yaml_error(4, 7, "The front matter is not valid YAML: mapping values.")
    assert not form.tabs.isTabEnabled(FIELDS_TAB)
    assert form.tabs.currentIndex() == 1
    assert form.yaml_error.isVisible()
    assert "line 4" in form.yaml_error.text()
    assert "mapping values" in form.yaml_error.text()
    assert form.yaml.toPlainText() == text
    marked = form.yaml.extraSelections()
    assert marked and marked[0].cursor.block().text() == "description:"
    form.clear_yaml_error()
    assert form.tabs.isTabEnabled(FIELDS_TAB)
    assert not form.yaml_error.isVisible()
    assert form.yaml.extraSelections() == []
    assert form.yaml.toPlainText() == text


def test_form_edits_change_only_their_lines_of_the_post(
    qtbot: QtBot, form: FrontMatterForm, folder: Path
) -> None:
    post = Post.load(folder / "index.md")

    def apply(path: tuple[Any, ...], value: object) -> None:
        target: Any = post.meta
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    form.field_edited.connect(apply)
    with qtbot.waitSignal(form.field_edited, timeout=2000):
        form.date.edit.setDateTime(QDateTime(QDate(2022, 1, 2), QTime(9, 30), QTimeZone.utc()))
    _type(qtbot, form.tags.input, "weekly")
    qtbot.keyClick(form.tags.input, Qt.Key.Key_Return)
    before, after = POST.splitlines(), post.dumps().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ("date: '2021-05-17T21:00:00.0Z'", "date: '2022-01-02T09:30:00.0Z'"),
        ("tags: ['newsletter']", "tags: ['newsletter', 'weekly']"),
    ]


_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates()
    | st.sampled_from(["2021-05-17T21:00:00.0Z", "2021-05-17", "a, b", "line\nbreak"])
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
_metas = st.dictionaries(
    st.sampled_from(["title", "date", "description", "author", "tags", "x", "seo"])
    | st.text(max_size=8),
    _values,
    max_size=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=_metas, second=_metas)
def test_any_front_matter_fills_without_emitting(
    qtbot: QtBot, folder: Path, first: dict[str, Any], second: dict[str, Any]
) -> None:
    form = FrontMatterForm()
    qtbot.addWidget(form)
    with (
        qtbot.assertNotEmitted(form.field_edited),
        qtbot.assertNotEmitted(form.key_removed),
        qtbot.assertNotEmitted(form.yaml_edited),
    ):
        form.set_front_matter(first, "a: 1\n", folder, ["t"], KNOWN_AUTHORS)
        form.set_front_matter(second, "a: 2\n", folder)
        form.set_front_matter(second, "a: 2\n", None)
        form.flush()


def test_the_date_takes_one_tab_stop(qtbot: QtBot, form: FrontMatterForm) -> None:
    """Tab from the title reaches the date, the next Tab the description (not the month, the
    day, the hour...); Shift+Tab goes back the same way."""
    from PySide6.QtTest import QTest

    form.activateWindow()
    form.title.setFocus()
    qtbot.waitUntil(form.title.hasFocus)
    order = []
    for _ in range(2):
        QTest.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
        order.append(form.focusWidget())
    assert order == [form.date.edit, form.description]
    QTest.keyClick(form.focusWidget(), Qt.Key.Key_Backtab)
    assert form.focusWidget() is form.date.edit
    QTest.keyClick(form.focusWidget(), Qt.Key.Key_Backtab)
    assert form.focusWidget() is form.title


def test_a_narrow_window_takes_room_from_its_neighbours_not_from_the_fields(
    qtbot: QtBot, folder: Path
) -> None:
    # A date in a "+01:00" zone widened the fields, and the splitter cut them off at the right.
    from PySide6.QtWidgets import QPlainTextEdit, QScrollArea, QSplitter

    splitter = QSplitter()
    qtbot.addWidget(splitter)
    form = FrontMatterForm()
    splitter.addWidget(QPlainTextEdit())
    splitter.addWidget(form)
    form.set_front_matter(
        {"title": "Low tide walks", "date": "2026-08-21T07:30:00+01:00", "tags": ["walks"]},
        "", folder, known_tags=[], known_authors={},
    )  # fmt: skip
    splitter.resize(520, 600)
    splitter.setSizes([450, 70])  # as a person dragging the form narrow
    splitter.show()
    qtbot.waitExposed(splitter)
    scroll = _find(form, QScrollArea, "fields-scroll")
    page = scroll.widget()
    qtbot.waitUntil(lambda: scroll.viewport().width() >= page.minimumSizeHint().width())
