"""The Markdown editor as a writer uses it: typing, shortcuts, lists, undo.

Texts use ``|`` for the cursor and ``⟨...⟩`` for a selection (anchor first), so each case reads
like what the user sees before and after.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFontDatabase,
    QGuiApplication,
    QPalette,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit

from editor.ui.actions import formatting_actions
from editor.ui.editing.markdown_edit import MarkdownEdit

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def edit_and_actions(qtbot) -> tuple[MarkdownEdit, list[QAction]]:
    """The editor with its formatting actions, as the window's Actions makes them."""
    widget = MarkdownEdit()
    actions = formatting_actions(widget)
    qtbot.addWidget(widget)
    widget.resize(640, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    QGuiApplication.clipboard().clear()
    return widget, actions


@pytest.fixture
def edit(edit_and_actions) -> MarkdownEdit:
    return edit_and_actions[0]


def put(edit: MarkdownEdit, marked: str) -> None:
    """Set the text and cursor from a marked-up string."""
    if "⟨" in marked:
        anchor = marked.index("⟨")
        position = marked.index("⟩") - 1
        text = marked.replace("⟨", "").replace("⟩", "")
    else:
        anchor = position = marked.index("|")
        text = marked.replace("|", "")
    edit.setPlainText(text)
    cursor = edit.textCursor()
    cursor.setPosition(anchor)
    cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def seen(edit: MarkdownEdit) -> str:
    """The text with the cursor or selection marked."""
    text = edit.toPlainText()
    cursor = edit.textCursor()
    if not cursor.hasSelection():
        return text[: cursor.position()] + "|" + text[cursor.position() :]
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    return text[:start] + "⟨" + text[start:end] + "⟩" + text[end:]


def press(edit: MarkdownEdit, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(edit, key, modifiers)


# -- inline formatting


@pytest.mark.parametrize(
    ("before", "key", "after"),
    [
        ("hello ⟨world⟩", Qt.Key.Key_B, "hello **⟨world⟩**"),
        ("hello **⟨world⟩**", Qt.Key.Key_B, "hello ⟨world⟩"),
        ("hello ⟨**world**⟩", Qt.Key.Key_B, "hello ⟨world⟩"),
        ("hello ⟨world⟩", Qt.Key.Key_I, "hello *⟨world⟩*"),
        ("hello *⟨world⟩*", Qt.Key.Key_I, "hello ⟨world⟩"),
        ("**⟨both⟩**", Qt.Key.Key_I, "***⟨both⟩***"),
        ("***⟨both⟩***", Qt.Key.Key_I, "**⟨both⟩**"),
        ("***⟨both⟩***", Qt.Key.Key_B, "*⟨both⟩*"),
        ("⟨word ⟩next", Qt.Key.Key_B, "**⟨word⟩** next"),
        ("say |", Qt.Key.Key_B, "say **|**"),
        ("say **|**", Qt.Key.Key_B, "say |"),
        ("say |", Qt.Key.Key_I, "say *|*"),
        ("⟨one\ntwo⟩", Qt.Key.Key_B, "⟨**one**\n**two**⟩"),
        ("⟨**one**\n**two**⟩", Qt.Key.Key_B, "⟨one\ntwo⟩"),
        ("⟨one\n\ntwo⟩", Qt.Key.Key_I, "⟨*one*\n\n*two*⟩"),
    ],
)
def test_bold_and_italic_shortcuts_toggle(edit, before, key, after) -> None:
    put(edit, before)
    press(edit, key, CTRL)
    assert seen(edit) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("run ⟨make⟩ now", "run `⟨make⟩` now"),
        ("run `⟨make⟩` now", "run ⟨make⟩ now"),
        ("⟨a`b⟩", "``⟨a`b⟩``"),
        ("⟨`tick⟩", "`` ⟨`tick⟩ ``"),
        ("`` ⟨`tick⟩ ``", "⟨`tick⟩"),
        ("⟨`` `tick ``⟩", "⟨`tick⟩"),
        ("``⟨a`b⟩``", "⟨a`b⟩"),
        ("⟨``a`b``⟩", "⟨a`b⟩"),
        ("x |", "x `|`"),
    ],
)
def test_inline_code_toggles(edit, before, after) -> None:
    put(edit, before)
    edit.toggle_code()
    assert seen(edit) == after


def test_inline_code_shortcuts(edit) -> None:
    put(edit, "run ⟨make⟩")
    press(edit, Qt.Key.Key_C, CTRL | SHIFT)
    assert seen(edit) == "run `⟨make⟩`"
    press(edit, Qt.Key.Key_QuoteLeft, CTRL)
    assert seen(edit) == "run ⟨make⟩"


@pytest.mark.parametrize(
    ("before", "key"),
    [
        ("hello ⟨world⟩", Qt.Key.Key_B),
        ("hello *⟨world⟩*", Qt.Key.Key_I),
        ("⟨one\ntwo⟩", Qt.Key.Key_B),
        ("say |", Qt.Key.Key_B),
        ("see ⟨docs⟩ here", Qt.Key.Key_K),
        ("Title|", Qt.Key.Key_2),
        ("## Title|", Qt.Key.Key_0),
    ],
)
def test_each_formatting_action_is_one_undo_step(edit, before, key) -> None:
    put(edit, before)
    original = edit.toPlainText()
    press(edit, key, CTRL | ALT if key == Qt.Key.Key_0 else CTRL)  # Plain Text: Ctrl+Alt+0
    assert edit.toPlainText() != original
    edit.undo()
    assert edit.toPlainText() == original
    assert not edit.document().isUndoAvailable()


def test_typing_after_empty_markers_lands_between_them(edit) -> None:
    put(edit, "Now |")
    press(edit, Qt.Key.Key_B, CTRL)
    QTest.keyClicks(edit, "loud")
    press(edit, Qt.Key.Key_End)
    QTest.keyClicks(edit, " and ")
    press(edit, Qt.Key.Key_I, CTRL)
    QTest.keyClicks(edit, "soft")
    assert seen(edit) == "Now **loud** and *soft|*"


# -- links


def test_link_wraps_selection_and_selects_url_placeholder(edit) -> None:
    put(edit, "see ⟨the docs⟩ here")
    press(edit, Qt.Key.Key_K, CTRL)
    assert seen(edit) == "see [the docs](⟨url⟩) here"
    QTest.keyClicks(edit, "https://example.com")
    assert seen(edit) == "see [the docs](https://example.com|) here"


def test_link_uses_url_from_clipboard(edit) -> None:
    QGuiApplication.clipboard().setText("https://roadie.io/blog/ ")
    put(edit, "read ⟨this⟩")
    press(edit, Qt.Key.Key_K, CTRL)
    assert seen(edit) == "read [this](https://roadie.io/blog/)|"


def test_link_ignores_clipboard_text_that_is_not_a_url(edit) -> None:
    QGuiApplication.clipboard().setText("just some words")
    put(edit, "read ⟨this⟩")
    edit.insert_link()
    assert seen(edit) == "read [this](⟨url⟩)"


def test_link_without_selection_inserts_placeholders_and_selects_the_url(edit) -> None:
    QGuiApplication.clipboard().setText("")
    put(edit, "see |")
    press(edit, Qt.Key.Key_K, CTRL)
    assert seen(edit) == "see [text](⟨url⟩)"
    QTest.keyClicks(edit, "https://roadie.io")
    assert seen(edit) == "see [text](https://roadie.io|)"


def test_link_without_selection_takes_the_clipboard_url_and_selects_the_text(edit) -> None:
    QGuiApplication.clipboard().setText("https://roadie.io/docs")
    put(edit, "see |")
    edit.insert_link()
    assert seen(edit) == "see [⟨text⟩](https://roadie.io/docs)"


def test_tab_in_the_link_text_moves_to_the_url(edit) -> None:
    put(edit, '- see [the do|cs](url) and [b](<x y.md> "T")')
    press(edit, Qt.Key.Key_Tab)
    assert seen(edit) == '- see [the docs](⟨url⟩) and [b](<x y.md> "T")'  # not indented
    put(edit, 'see [a](url) and [b|](<x y.md> "T")')
    press(edit, Qt.Key.Key_Tab)
    assert seen(edit) == 'see [a](url) and [b](<⟨x y.md⟩> "T")'
    put(edit, "plain| text")
    press(edit, Qt.Key.Key_Tab)
    assert seen(edit) == "plain   | text"


def test_link_on_selected_url_asks_for_text(edit) -> None:
    put(edit, "see ⟨https://x.org/a⟩")
    edit.insert_link()
    assert seen(edit) == "see [|](https://x.org/a)"


# -- headings


@pytest.mark.parametrize(
    ("before", "key", "after"),
    [
        ("Title|", Qt.Key.Key_1, "# Title|"),
        ("Ti|tle", Qt.Key.Key_3, "### Ti|tle"),
        ("# Title|", Qt.Key.Key_2, "## Title|"),
        ("###### Title|", Qt.Key.Key_1, "# Title|"),
        ("## Title|", Qt.Key.Key_0, "Title|"),
        ("Title|", Qt.Key.Key_0, "Title|"),
        ("|", Qt.Key.Key_2, "## |"),
        ("> Quoted|", Qt.Key.Key_2, "> ## Quoted|"),
        ("⟨One\nTwo⟩", Qt.Key.Key_4, "⟨#### One\n#### Two⟩"),
    ],
)
def test_heading_shortcuts_set_replace_and_remove_the_prefix(edit, before, key, after) -> None:
    put(edit, before)
    press(edit, key, CTRL | ALT if key == Qt.Key.Key_0 else CTRL)  # Plain Text: Ctrl+Alt+0
    assert seen(edit) == after


def test_read_only_editor_ignores_formatting_keys(edit) -> None:
    put(edit, "- one ⟨two⟩")
    edit.setReadOnly(True)
    for key in (Qt.Key.Key_B, Qt.Key.Key_K, Qt.Key.Key_2):
        press(edit, key, CTRL)
    press(edit, Qt.Key.Key_Tab)
    press(edit, Qt.Key.Key_Return)
    assert edit.toPlainText() == "- one two"


def test_formatting_actions_are_exposed_with_shortcuts(edit_and_actions) -> None:
    edit, made = edit_and_actions
    actions = {action.objectName(): action for action in made}
    assert set(actions) >= {"format_bold", "format_italic", "format_code", "format_link"}
    assert actions["format_link"].shortcut().toString() == "Ctrl+K"
    assert actions["format_heading_3"].shortcut().toString() == "Ctrl+3"
    assert actions["format_paragraph"].shortcut().toString() == "Ctrl+Alt+0"
    assert all(action in edit.actions() for action in actions.values())
    put(edit, "plain ⟨word⟩")
    actions["format_bold"].trigger()
    assert seen(edit) == "plain **⟨word⟩**"


# -- list continuation


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("- one|", "- one\n- |"),
        ("* one|", "* one\n* |"),
        ("+ one|", "+ one\n+ |"),
        ("1. one|", "1. one\n2. |"),
        ("9) one|", "9) one\n10) |"),
        ("09. one|", "09. one\n10. |"),
        ("- [ ] task|", "- [ ] task\n- [ ] |"),
        ("- [x] done|", "- [x] done\n- [ ] |"),
        ("> quoted|", "> quoted\n> |"),
        (">quoted|", ">quoted\n> |"),
        ("> - in a quote|", "> - in a quote\n> - |"),
        ("  - nested|", "  - nested\n  - |"),
        ("   3. nested|", "   3. nested\n   4. |"),
        ("- one|two", "- one\n- |two"),
        ("|- one", "\n|- one"),
        ("    indented|", "    indented\n    |"),
        ("plain|", "plain\n|"),
        ("* * *|", "* * *\n|"),
    ],
)
def test_enter_continues_lists_and_quotes(edit, before, after) -> None:
    put(edit, before)
    press(edit, Qt.Key.Key_Return)
    assert seen(edit) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("- one\n- |", "- one\n|"),
        ("1. one\n2. |", "1. one\n|"),
        ("- [ ] a\n- [ ] |", "- [ ] a\n|"),
        ("> a\n> |", "> a\n|"),
        ("> > a\n> > |", "> > a\n> |"),
        ("> - a\n> - |", "> - a\n>|"),
    ],
)
def test_enter_on_an_empty_item_ends_the_list(edit, before, after) -> None:
    put(edit, before)
    press(edit, Qt.Key.Key_Return)
    assert seen(edit) == after


def test_typing_a_list(edit) -> None:
    put(edit, "|")
    QTest.keyClicks(edit, "1. milk")
    press(edit, Qt.Key.Key_Return)
    QTest.keyClicks(edit, "eggs")
    press(edit, Qt.Key.Key_Return)
    press(edit, Qt.Key.Key_Return)
    QTest.keyClicks(edit, "Done.")
    assert seen(edit) == "1. milk\n2. eggs\nDone.|"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("1. a|\n2. b\n3. c", "1. a\n2. |\n3. b\n4. c"),
        ("1. a\n2. b|\n3. c\n\n4. d\n   more\n   1. nested\n5. e\n\nAfter.\n1. z",
         "1. a\n2. b\n3. |\n4. c\n\n5. d\n   more\n   1. nested\n6. e\n\nAfter.\n1. z"),
        ("1) a|\n2. other list", "1) a\n2) |\n2. other list"),
        ("1. a|\n1. b\n1. c", "1. a\n2. |\n1. b\n1. c"),
        ("08. a|\n09. b", "08. a\n09. |\n10. b"),
        ("  1. a|\n  2. b\n- bullet", "  1. a\n  2. |\n  3. b\n- bullet"),
        ("1. a|\n5. b", "1. a\n2. |\n5. b"),
    ],
)  # fmt: skip
def test_enter_in_a_numbered_list_renumbers_the_rest(edit, before, after) -> None:
    put(edit, before)
    press(edit, Qt.Key.Key_Return)
    assert seen(edit) == after
    edit.undo()
    assert seen(edit).replace("|", "") == before.replace("|", "")


def test_list_continuation_is_one_undo_step(edit) -> None:
    put(edit, "- one|")
    press(edit, Qt.Key.Key_Return)
    edit.undo()
    assert edit.toPlainText() == "- one"


def test_shift_enter_breaks_the_line_without_continuing(edit) -> None:
    put(edit, "- one|")
    press(edit, Qt.Key.Key_Return, SHIFT)
    assert seen(edit) == "- one\n|"
    assert edit.blockCount() == 2  # a real line, not a U+2028 line separator


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("```\n- item|\n```", "```\n- item\n|\n```"),
        ("```python\n    return 1|\n```", "```python\n    return 1\n    |\n```"),
        ("  ```|\n  ```", "  ```\n  |\n  ```"),
    ],
)
def test_enter_in_a_code_fence_only_keeps_indentation(edit, before, after) -> None:
    put(edit, before)
    press(edit, Qt.Key.Key_Return)
    assert seen(edit) == after


# -- indent and outdent


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("- a\n- b|", "- a\n  - b|"),
        ("- a\n- |b", "- a\n  - |b"),
        ("1. a\n1. b|", "1. a\n   1. b|"),
        ("10. a\n11. b|", "10. a\n    11. b|"),
        ("- a\n  - b\n  - c|", "- a\n  - b\n    - c|"),
        ("- only|", "  - only|"),
        ("ab|", "ab  |"),
        ("abcd|", "abcd    |"),
        ("```\n- x|\n```", "```\n- x |\n```"),
        ("> - a\n> - b|", "> - a\n>   - b|"),
    ],
)
def test_tab_indents_list_items(edit, before, after) -> None:
    put(edit, before)
    press(edit, Qt.Key.Key_Tab)
    assert seen(edit) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("- a\n  - b|", "- a\n- b|"),
        ("1. a\n   1. b|", "1. a\n1. b|"),
        ("- a\n  - b\n    - c|", "- a\n  - b\n  - c|"),
        ("- a|", "- a|"),
        ("      text|", "  text|"),
        ("> - a\n>   - b|", "> - a\n> - b|"),
    ],
)
def test_shift_tab_outdents_list_items(edit, before, after) -> None:
    put(edit, before)
    press(edit, Qt.Key.Key_Backtab, SHIFT)
    assert seen(edit) == after


def test_tab_and_shift_tab_on_selected_lines_is_one_undo_step(edit) -> None:
    put(edit, "- a\n⟨- b\n- c⟩\n- d")
    press(edit, Qt.Key.Key_Tab)
    assert seen(edit) == "- a\n⟨  - b\n  - c⟩\n- d"
    press(edit, Qt.Key.Key_Backtab, SHIFT)
    assert seen(edit) == "- a\n⟨- b\n- c⟩\n- d"
    edit.undo()
    assert edit.toPlainText() == "- a\n  - b\n  - c\n- d"
    edit.undo()
    assert edit.toPlainText() == "- a\n- b\n- c\n- d"
    assert not edit.document().isUndoAvailable()


# -- view


def test_soft_wrap_and_fonts(edit) -> None:
    assert edit.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    edit.set_wrap(False)
    assert edit.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    assert edit.font().family() == fixed
    proportional = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    proportional.setPointSize(15)
    edit.set_editor_font(proportional)
    assert (edit.font().family(), edit.font().pointSize()) == (general, 15)
    assert edit.tabStopDistance() == pytest.approx(edit.fontMetrics().horizontalAdvance(" ") * 4)
    assert edit.document().documentMargin() >= 8


def test_current_line_is_highlighted(edit) -> None:
    put(edit, "one\ntwo|\nthree")
    (line,) = edit.extraSelections()
    assert line.format.property(QTextFormat.Property.FullWidthSelection)
    assert line.cursor.blockNumber() == 1
    assert line.format.background().color() != edit.palette().color(QPalette.ColorRole.Base)
    press(edit, Qt.Key.Key_Down)
    assert edit.extraSelections()[0].cursor.blockNumber() == 2


def test_cursor_line_changed_reports_the_line(edit, qtbot) -> None:
    put(edit, "one\ntwo\nthree|")
    with qtbot.waitSignal(edit.cursor_line_changed) as blocker:
        press(edit, Qt.Key.Key_Up)
    assert blocker.args == [1]


def test_top_line_changed_when_scrolling(edit, qtbot) -> None:
    put(edit, "\n".join(f"line {n}" for n in range(300)) + "|")
    with qtbot.waitSignal(edit.top_line_changed) as blocker:
        edit.scroll_to_line(120)
    assert blocker.args == [120]


def test_dark_palette_switches_highlighter_colours(edit) -> None:
    put(edit, "# Heading|")
    light = edit.highlighter.format_for("heading").foreground().color()
    palette = edit.palette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor("#1e1f22"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#dddddd"))
    edit.setPalette(palette)
    assert edit.highlighter.is_dark()
    dark = edit.highlighter.format_for("heading").foreground().color()
    assert dark != light and dark.lightness() > light.lightness()
    assert edit.highlighter.format_at(0, 2) == "heading"
