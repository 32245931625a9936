"""The editor's Markdown rules as plain functions on strings, tested without Qt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from editor.core.markdown_edits import (
    LIST_INDENT,
    LOOK_BACK,
    TAB_WIDTH,
    Edit,
    block_insertion,
    edited_span,
    has_list_marker,
    heading_edit,
    is_fence,
    is_url,
    leading_width,
    list_continuation,
    nest_width,
    numbered_start,
    quote_end,
    renumbering,
    rule_insertion,
    toggle_code_block,
    toggle_list,
    toggle_quote,
    toggle_span,
    unnest_width,
)


def applied(line: str, edits: list[Edit]) -> str:
    """``line`` after right-to-left edits."""
    for start, length, text in edits:
        line = line[:start] + text + line[start + length :]
    return line


# -- inline markers


def test_toggle_span_rules() -> None:
    assert toggle_span("a b c", 2, 3, "**") == (
        [(3, 0, "**"), (2, 0, "**")],
        4,
        5,
    )
    edits, start, end = toggle_span("a **b** c", 4, 5, "*")  # bold is not italic
    assert [tuple(e) for e in edits] == [(5, 0, "*"), (4, 0, "*")] and (start, end) == (5, 6)


@pytest.mark.parametrize(
    ("line", "start", "end", "marker", "after", "selected"),
    [
        ("hello world", 6, 11, "**", "hello **world**", "world"),
        ("hello **world**", 8, 13, "**", "hello world", "world"),
        ("hello **world**", 6, 15, "**", "hello world", "world"),
        ("***both***", 3, 7, "*", "**both**", "both"),
        ("***both***", 3, 7, "**", "*both*", "both"),
        ("word next", 0, 5, "**", "**word** next", "word"),  # the space stays outside
        ("run make now", 4, 8, "`", "run `make` now", "make"),
        ("a`b", 0, 3, "`", "``a`b``", "a`b"),
        ("`tick", 0, 5, "`", "`` `tick ``", "`tick"),
        ("`` `tick ``", 3, 8, "`", "`tick", "`tick"),
        ("``a`b``", 0, 7, "`", "a`b", "a`b"),
    ],
)
def test_toggle_span_wraps_and_unwraps(line, start, end, marker, after, selected) -> None:
    edits, new_start, new_end = toggle_span(line, start, end, marker)
    assert edits == sorted(edits, key=lambda e: e.start, reverse=True)  # right to left
    result = applied(line, edits)
    assert result == after
    assert result[new_start:new_end] == selected


def test_toggle_span_without_a_selection_puts_the_cursor_between_the_markers() -> None:
    assert toggle_span("say ", 4, 4, "**") == ([Edit(4, 0, "****")], 6, 6)
    assert toggle_span("say ****", 6, 6, "**") == ([Edit(6, 2, ""), Edit(4, 2, "")], 4, 4)
    assert toggle_span("say **", 5, 5, "*") == ([Edit(5, 1, ""), Edit(4, 1, "")], 4, 4)
    assert toggle_span("a  b", 1, 3, "*") == ([Edit(1, 0, "**")], 2, 2)  # only spaces


def test_edited_span_covers_the_marked_text() -> None:
    edits, _, _ = toggle_span("one", 0, 3, "**")
    assert edited_span(edits) == (0, 7)
    edits, _, _ = toggle_span("**one**", 2, 5, "**")
    assert applied("**one**", edits) == "one" and edited_span(edits) == (0, 3)


# -- lists and quotes


def test_list_continuation_rules() -> None:
    assert list_continuation("plain") is None
    assert list_continuation("- a") == (2, "- ", False)
    assert list_continuation("-   spaced") == (4, "-   ", False)
    assert list_continuation("- ") == (2, "", True)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. one", (3, "2. ", False)),
        ("9) one", (3, "10) ", False)),
        ("09. one", (4, "10. ", False)),
        ("- [x] done", (6, "- [ ] ", False)),
        ("  - nested", (4, "  - ", False)),
        ("> quoted", (2, "> ", False)),
        (">quoted", (1, "> ", False)),
        ("> - in a quote", (4, "> - ", False)),
        ("1. ", (3, "", True)),
        ("> ", (2, "", True)),
        ("> > ", (4, "> ", True)),
        ("> - ", (4, ">", True)),
        ("* * *", None),  # a thematic break, not a list
        ("    indented", None),
    ],
)
def test_list_continuation_of_items_and_quotes(line, expected) -> None:
    assert list_continuation(line) == expected


def test_renumbering_keeps_the_numbers_consecutive() -> None:
    following = ["3. c", "", "4. d", "   more", "   1. nested", "5. e", "", "After.", "1. z"]
    edits = renumbering("3. |", following)
    assert [(offset, edit) for offset, edit in edits] == [
        (0, Edit(0, 1, "4")),
        (2, Edit(0, 1, "5")),
        (5, Edit(0, 1, "6")),
    ]


@pytest.mark.parametrize(
    ("item", "following", "offsets"),
    [
        ("2) ", ["2. other list"], []),  # another delimiter: another list
        ("2. ", ["1. b", "1. c"], []),  # numbered 1. 1. 1. on purpose
        ("2. ", ["5. b"], []),  # no clash
        ("- ", ["- b"], []),  # bullets have no numbers
        ("  2. ", ["  2. b", "- bullet"], [0]),
        ("09. ", ["09. b"], [0]),
    ],
)
def test_renumbering_stops_where_the_insertion_made_no_clash(item, following, offsets) -> None:
    assert [offset for offset, _ in renumbering(item, following)] == offsets


def test_renumbering_pads_like_the_number_it_replaces() -> None:
    assert renumbering("09. ", ["09. b"]) == [(0, Edit(0, 2, "10"))]


def test_has_list_marker() -> None:
    assert has_list_marker("- a") and has_list_marker("> 1. a") and has_list_marker("* * *")
    assert not has_list_marker("plain") and not has_list_marker("-a")


# -- headings


@pytest.mark.parametrize(
    ("line", "level", "after"),
    [
        ("Title", 1, "# Title"),
        ("# Title", 2, "## Title"),
        ("###### Title", 1, "# Title"),
        ("## Title", 0, "Title"),
        ("Title", 0, "Title"),
        ("", 2, "## "),
        ("> Quoted", 2, "> ## Quoted"),
        ("   ### Indented", 1, "# Indented"),  # up to three spaces belong to the hashes
    ],
)
def test_heading_edit(line, level, after) -> None:
    assert applied(line, [heading_edit(line, level)]) == after


# -- indentation


def test_leading_width_and_quote_end() -> None:
    assert leading_width("  \t x") == 4 and leading_width("x") == 0
    assert quote_end("> > text") == 4 and quote_end(">text") == 1 and quote_end("text") == 0


@pytest.mark.parametrize(
    ("line", "above", "width"),
    [
        ("- b", ["- a"], 2),
        ("1. b", ["1. a"], 3),
        ("11. b", ["10. a"], 4),
        ("  - c", ["  - b", "- a"], 2),
        ("- only", [], LIST_INDENT),
        ("text", ["- a"], TAB_WIDTH),  # not a list item
        ("> - b", ["> - a"], 2),
        ("- b", ["text above", "- a"], 2),  # the item's own continuation line
        ("  - b", ["text", "  - a"], LIST_INDENT),  # a shallower line ends the search
    ],
)
def test_nest_width_follows_the_sibling_above(line, above, width) -> None:
    assert nest_width(line, iter(above)) == width


@pytest.mark.parametrize(
    ("line", "above", "width"),
    [
        ("  - b", ["- a"], 2),
        ("   1. b", ["1. a"], 3),
        ("    - c", ["  - b", "- a"], 2),
        ("- a", [], LIST_INDENT),
        ("      text", [], TAB_WIDTH),
        ("      text", ["plain"], TAB_WIDTH),  # a parent that is not an item: one step
        ("  text", ["plain"], 2),
        (">   - b", ["> - a"], 2),
    ],
)
def test_unnest_width_goes_back_to_the_parent_item(line, above, width) -> None:
    assert unnest_width(line, iter(above)) == width


def test_nest_and_unnest_read_only_a_few_lines_above() -> None:
    read = 0

    def above(line: str) -> Iterator[str]:
        nonlocal read
        while True:
            read += 1
            yield line

    assert nest_width("  - b", above("  more of the item")) == LIST_INDENT
    assert read <= LOOK_BACK + 1
    read = 0
    assert unnest_width("    - b", above("      deeper")) == LIST_INDENT
    assert read <= LOOK_BACK + 1


# -- links


def test_is_url() -> None:
    assert is_url("https://example.com") and is_url("mailto:a@b.org") and is_url("www.x.org")
    assert not is_url("just some words") and not is_url("https://a.org and more")
    assert not is_url("")


# -- block formatting (Format ▸ Block Quote, lists, Code Block, Horizontal Rule)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (["one", "", "two"], ["> one", ">", "> two"]),  # one quote, blank line kept inside
        (["> one", ">", "> two"], ["one", "", "two"]),
        (["> > nested"], ["> nested"]),  # one level off at a time
        (["plain", "> quoted"], ["> plain", "> > quoted"]),
        ([""], ["> "]),
    ],
)
def test_toggle_quote(before, after) -> None:
    assert toggle_quote(before) == after


@pytest.mark.parametrize(
    ("before", "kind", "after"),
    [
        (["milk", "eggs"], "bullet", ["- milk", "- eggs"]),
        (["- milk", "- eggs"], "bullet", ["milk", "eggs"]),
        (["* milk", "eggs"], "bullet", ["* milk", "* eggs"]),  # the list's own bullet
        (["milk", "eggs", "bread"], "number", ["1. milk", "2. eggs", "3. bread"]),
        (["1. milk", "2. eggs"], "number", ["milk", "eggs"]),
        (["- milk", "- eggs"], "number", ["1. milk", "2. eggs"]),
        (["1) milk", "eggs"], "number", ["1) milk", "2) eggs"]),
        (["milk", "- [x] eggs"], "task", ["- [ ] milk", "- [x] eggs"]),  # the tick stays
        (["- [ ] milk", "- [x] eggs"], "task", ["milk", "eggs"]),
        (["- [ ] milk"], "bullet", ["- milk"]),
        (["one", "  - nested", "", "two"], "number", ["1. one", "  - nested", "", "2. two"]),
        (["> a", "> b"], "bullet", ["> - a", "> - b"]),
        (["  a", "  b"], "bullet", ["  - a", "  - b"]),
        ([""], "task", ["- [ ] "]),
    ],
)
def test_toggle_list(before, kind, after) -> None:
    assert toggle_list(before, kind) == after


def test_numbered_list_continues_the_list_above() -> None:
    assert numbered_start("3. third", "fourth") == 4
    assert numbered_start("3. third", "  nested") == 1
    assert numbered_start("- bullet", "x") == 1
    assert toggle_list(["d", "e"], "number", numbered_start("3. c", "d")) == ["4. d", "5. e"]


def test_renumbering_every_following_item() -> None:
    following = ["1. old", "2. old", "", "text"]
    edits = renumbering("3. new", following, clashes_only=False)
    assert [(offset, edit.text) for offset, edit in edits] == [(0, "4"), (1, "5")]
    assert renumbering("3. new", ["4. ok"], clashes_only=False) == []  # already in order


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (["print(1)"], ["```", "print(1)", "```"]),
        (["```py", "print(1)", "```"], ["print(1)"]),
        (["~~~", "x", "~~~~"], ["x"]),  # a longer closing fence closes
        (["Markdown:", "```", "code", "```"], ["````", "Markdown:", "```", "code", "```", "````"]),
        (
            ["``` not a fence ` here", "x", "```"],
            ["````", "``` not a fence ` here", "x", "```", "````"],
        ),
        ([""], ["```", "", "```"]),
    ],
)
def test_toggle_code_block(before, after) -> None:
    assert toggle_code_block(before) == after


def test_fences() -> None:
    assert is_fence("```python") and is_fence("~~~") and is_fence("   ````")
    assert not is_fence("    ```") and not is_fence("``x``") and not is_fence("``")


@pytest.mark.parametrize(
    ("line", "above", "below", "lines", "first"),
    [
        ("Some text", None, None, ["Some text", "", "---", ""], 2),
        ("Some text", "", "", ["Some text", "", "---"], 2),  # the blank line below is reused
        ("", "Text above", "Next", ["", "---", ""], 1),  # never a setext heading
        ("", "", None, ["---", ""], 0),
    ],
)
def test_rule_is_its_own_paragraph(line, above, below, lines, first) -> None:
    assert rule_insertion(line, above, below) == (lines, first)


def test_block_insertion_of_a_table() -> None:
    lines, first = block_insertion("Intro", None, "More", ["| a |", "| --- |"])
    assert lines == ["Intro", "", "| a |", "| --- |", ""] and first == 2
