"""The body as the editor edits it, without Qt: line edits, line ends and stand-ins."""

from __future__ import annotations

from editor.core.bodytext import BodyText


def test_text_and_lines_follow_each_other() -> None:
    body = BodyText("one\ntwo\n")
    assert body.text == "one\ntwo\n"
    assert body.lines() == ["one\n", "two\n"]
    assert body.editor_line_count() == 3  # the empty line after the last line end
    assert BodyText("").editor_line_count() == 1
    assert BodyText("last").editor_line_count() == 1


def test_a_line_edit_says_where_the_new_lines_end_and_how_many_came() -> None:
    body = BodyText("a\nb\nc\n")
    assert body.edit_lines(1, 1, ["b, edited", "new"]) == (3, 1)
    assert body.text == "a\nb, edited\nnew\nc\n"
    assert body.edit_lines(0, 2, ["ab"]) == (1, -1)
    assert body.text == "ab\nnew\nc\n"
    assert body.edit_lines(1, 1, ["new"]) is None  # the same text: nothing changed


def test_an_edit_of_the_last_line_keeps_it_without_a_line_end() -> None:
    body = BodyText("a\nlast")
    assert body.edit_lines(1, 1, ["last one"]) == (2, 0)
    assert body.lines() == ["a\n", "last one"]
    assert body.edit_lines(1, 1, ["last one", ""]) == (2, 0)  # Enter at the end
    assert body.text == "a\nlast one\n" and body.editor_line_count() == 3


def test_the_file_keeps_its_own_line_ends() -> None:
    body = BodyText("crlf\r\nlf\nlone cr\r", "\n")
    assert body.text == "crlf\nlf\nlone cr\n"
    body.edit_lines(1, 1, ["lf, typed"])
    assert body.file_text() == "crlf\r\nlf, typed\nlone cr\r"
    assert body.replace("crlf\nlf, typed\nlone cr\nadded\n")
    assert body.file_text() == "crlf\r\nlf, typed\nlone cr\radded\r\n"
    assert not body.replace(body.text)
    uniform = BodyText("", "\r\n")
    uniform.replace("one\ntwo\n")
    assert uniform.file_text() == "one\r\ntwo\r\n"


def test_characters_the_editor_cannot_hold_are_shown_as_stand_ins() -> None:
    body = BodyText("a\u2028b\n")
    shown = body.editor_text()
    assert "\u2028" not in shown and len(shown) == len(body.text)
    assert body.text == "a\u2028b\n"
    body.edit_lines(0, 1, [shown.split("\n")[0] + "!"])
    assert body.text == "a\u2028b!\n"
    assert body.replace(body.editor_text() + "more\n")
    assert body.text == "a\u2028b!\nmore\n"
