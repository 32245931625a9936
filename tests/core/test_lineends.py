"""Every line keeps its own line end, and characters a Qt editor cannot hold survive."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from editor.core.lineends import UNHELD, Placeholders, split_line_ends
from editor.core.render import body_lines


def test_a_uniform_body_keeps_no_list() -> None:
    text, ends = split_line_ends("one\r\ntwo\r\n")
    assert text == "one\ntwo\n" and not ends.mixed and ends.default == "\r\n"
    assert ends.join((), text) == "one\r\ntwo\r\n"


def test_mixed_ends_are_written_back_as_they_were() -> None:
    raw = "crlf\r\nlf\nlone cr\rlast"
    text, ends = split_line_ends(raw)
    assert text == "crlf\nlf\nlone cr\nlast" and ends.mixed
    assert ends.join(body_lines(text), text) == raw


def test_an_edited_line_keeps_its_end_and_a_new_line_gets_the_first_kind() -> None:
    text, ends = split_line_ends("a\r\nb\nc\rd\n")
    lines = body_lines(text)
    fresh = ["b, edited\n", "new line\n", "b's end\n"]  # a line pasted into the middle of "b"
    ends.splice(1, 1, fresh)
    lines[1:2] = fresh
    assert ends.join(lines, "".join(lines)) == "a\r\nb, edited\nnew line\r\nb's end\nc\rd\n"


def test_joining_two_lines_keeps_the_end_of_the_second() -> None:
    text, ends = split_line_ends("a\r\nb\nc\r")
    lines = body_lines(text)
    ends.splice(0, 2, ["ab\n"])
    lines[0:2] = ["ab\n"]
    assert ends.join(lines, "".join(lines)) == "ab\nc\r"


def test_a_whole_body_replacement_keeps_the_unchanged_lines_ends() -> None:
    text, ends = split_line_ends("head\r\nsame\nchanged\rtail\r\n")
    new = "head\nsame\nCHANGED\nmore\ntail\n"
    ends.carry(body_lines(text), body_lines(new))
    assert ends.join(body_lines(new), new) == "head\r\nsame\nCHANGED\rmore\rtail\r\n"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab \u2028\u2029\ufdd0", max_size=5),
            st.sampled_from(["\r\n", "\n", "\r"]),
        ),
        min_size=2,
        max_size=12,
    ),
    st.data(),
)
def test_lines_not_edited_keep_their_ends(
    lines_and_ends: list[tuple[str, str]], data: st.DataObject
) -> None:
    raw = "".join(line + end for line, end in lines_and_ends)
    text, ends = split_line_ends(raw)
    lines = body_lines(text)
    assume(len(lines) == len(lines_and_ends))  # a lone CR before an empty LF line is a CRLF
    assert ends.join(lines, text) == raw
    index = data.draw(st.integers(0, len(lines) - 1))
    edited = lines[index][:-1] + "x\n"
    ends.splice(index, 1, [edited])
    lines[index] = edited
    out = ends.join(lines, "".join(lines))
    expected = list(lines_and_ends)
    expected[index] = (expected[index][0] + "x", expected[index][1])
    assert out == "".join(line + end for line, end in expected)


def test_placeholders_stand_in_for_what_the_editor_cannot_hold() -> None:
    body = "a\u2028b\u2029c\ufdd0d\ufdd1e \ue000 already here"
    marks = Placeholders.for_text(body)
    assert marks is not None
    shown = marks.to_editor(body)
    assert not any(char in shown for char in UNHELD)
    assert "\ue000" in shown and shown.count("\ue000") == 1  # the text's own character stays
    assert len(shown) == len(body)  # same positions
    assert marks.from_editor(shown) == body
    assert Placeholders.for_text("plain text") is None
