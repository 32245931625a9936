"""GFM tables as the table helper sees them: found, aligned and made, without Qt."""

from __future__ import annotations

import pytest

from editor.core.render import render_body as render
from editor.core.tables import (
    MAX_TABLE_LINES,
    Table,
    align_table,
    cell_spans,
    display_width,
    find_table,
    new_table,
    next_cell,
    split_row,
)

ROUGH = [
    "Name|Role|Since",
    ":--|:-:|--:",
    "Ann|maintainer|2020",
    "Bob | docs",
]


def test_columns_are_padded_to_the_widest_cell_keeping_the_colons() -> None:
    assert align_table(ROUGH) == [
        "| Name |    Role    | Since |",
        "| :--- | :--------: | ----: |",
        "| Ann  | maintainer |  2020 |",
        "| Bob  |    docs    |       |",
    ]


def test_aligned_cells_follow_their_column_alignment() -> None:
    lines = align_table(["|a|b|c|", "|:-:|--:|:--|", "|x|y|z|", "|wide|wide|wide|"])
    assert lines[2] == "|  x   |    y | z    |"


def test_aligning_an_aligned_table_changes_nothing() -> None:
    once = align_table(ROUGH)
    assert align_table(once) == once


def test_wide_characters_count_two_columns() -> None:
    assert display_width("李小龙") == 6 and display_width("café") == 4
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    lines = align_table(["| 名前 | x |", "|---|---|", "| Ann | 🎉 |"])
    assert lines == ["| 名前 | x   |", "| ---- | --- |", "| Ann  | 🎉  |"]


def test_escaped_pipes_and_code_spans_stay_in_their_cell() -> None:
    assert split_row(r"| a \| b | `x | y` | c |") == [r"a \| b", "`x | y`", "c"]
    lines = align_table(["| a | b |", "|---|---|", r"| x \| y | `p|q` |"])
    assert lines[2] == r"| x \| y | `p|q` |"
    assert lines[0] == "| a      | b     |"


def test_rows_keep_their_quote_markers_and_indentation() -> None:
    lines = align_table(["> | a | b |", "> |---|---|", "> | long | c |"])
    assert lines == ["> | a    | b   |", "> | ---- | --- |", "> | long | c   |"]


def test_extra_cells_are_kept_and_the_delimiter_row_keeps_its_count() -> None:
    lines = align_table(["| a | b |", "|---|---|", "| 1 | 2 | 3 |"])
    assert lines == ["| a   | b   |", "| --- | --- |", "| 1   | 2   | 3   |"]


def test_aligning_never_changes_what_the_table_renders_as() -> None:
    rough = "\n".join([*ROUGH, r"e \| f | `g` | **h**"])
    aligned = "\n".join(align_table([*ROUGH, r"e \| f | `g` | **h**"]))
    assert render(aligned) == render(rough)


@pytest.mark.parametrize(
    ("lines", "index", "table"),
    [
        (["Intro", "", *ROUGH, "", "After"], 4, Table(2, 5)),
        (["Intro", "", *ROUGH, "", "After"], 2, Table(2, 5)),  # the header line
        (["Intro", "", *ROUGH], 0, None),  # not a row
        (["a | b", "no delimiter | here"], 0, None),  # pipes, but not a table
        (["x | y", *ROUGH], 3, Table(1, 4)),  # a pipe line above the header is not the table's
        (["x | y", *ROUGH], 0, None),
        (["```", "a | b", "---|---", "```"], 1, Table(1, 2)),  # (code blocks: the editor asks)
    ],
)
def test_find_table(lines, index, table) -> None:
    assert find_table(lines, index) == table


def test_find_table_reads_only_the_run_of_pipe_lines() -> None:
    lines = ["| a | b |", "|---|---|", *(["| x | y |"] * (3 * MAX_TABLE_LINES))]
    found = find_table(lines, 2 * MAX_TABLE_LINES)
    assert found is None or found.end - found.start <= 2 * MAX_TABLE_LINES


def test_new_table_has_a_header_and_aligned_empty_rows() -> None:
    assert new_table(2, 3) == [
        "| Column 1 | Column 2 | Column 3 |",
        "| -------- | -------- | -------- |",
        "|          |          |          |",
        "|          |          |          |",
    ]
    assert "<table" in render("\n".join(new_table(1, 1)))


def test_cell_spans_are_the_cells_text_without_its_spaces() -> None:
    assert cell_spans("| ab | `x|y` |  |") == [(2, 4), (7, 12), (15, 15)]
    assert cell_spans("> a | b") == [(2, 3), (6, 7)]  # no outer pipes, in a quote
    assert cell_spans("no pipes here") is None


def test_next_cell_passes_over_the_delimiter_row_and_ends_after_the_last() -> None:
    lines = ["| a | b |", "| - | - |", "| c | d |"]
    table = find_table(lines, 0)
    assert table is not None
    assert next_cell(lines, table, 0, 1) == (0, (6, 7))  # a -> b
    assert next_cell(lines, table, 0, 7) == (2, (2, 3))  # b -> c
    assert next_cell(lines, table, 2, 7) is None  # d: the last cell
    assert next_cell(lines, table, 2, 2, backwards=True) == (0, (6, 7))  # c -> b
    assert next_cell(lines, table, 0, 2, backwards=True) is None  # a: the first cell
