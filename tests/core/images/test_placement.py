"""Images go in as paragraphs of their own: never splitting the line the cursor is in."""

from __future__ import annotations

from editor.core.images.placement import image_span, paragraphs

TEXT = "There are screenshots here.\nAnd a second line.\n\n![Old](./old.png)\n\nLast words.\n"


def placed(text: str, start: int, end: int | None = None, image: str = "![New](./new.png)") -> str:
    span = image_span(text, start, start if end is None else end)
    insert, _ = paragraphs(text[: span[0]], text[span[1] :], [image])
    return text[: span[0]] + insert + text[span[1] :]


def test_the_cursor_inside_a_word_puts_the_image_after_its_paragraph() -> None:
    assert placed(TEXT, TEXT.index("nshots")) == (
        "There are screenshots here.\nAnd a second line.\n\n![New](./new.png)\n\n"
        "![Old](./old.png)\n\nLast words.\n"
    )


def test_a_selected_alt_text_replaces_the_whole_image() -> None:
    start = TEXT.index("Old")
    assert placed(TEXT, start, start + 3) == TEXT.replace("![Old](./old.png)", "![New](./new.png)")


def test_a_selected_image_line_is_replaced_but_a_selected_word_is_not() -> None:
    start = TEXT.index("![Old]")
    line = "![Old](./old.png)"
    assert placed(TEXT, start, start + len(line)).count("new.png") == 1
    assert "old.png" not in placed(TEXT, start, start + len(line))
    word = TEXT.index("second")
    assert placed(TEXT, word, word + 6).startswith(
        "There are screenshots here.\nAnd a second line.\n\n![New]"
    )


def test_at_the_end_and_on_a_blank_line() -> None:
    assert placed(TEXT, len(TEXT)).endswith("Last words.\n\n![New](./new.png)\n")
    assert placed("Only line", 4) == "Only line\n\n![New](./new.png)"
    blank = TEXT.index("\n\n") + 1
    assert placed(TEXT, blank).startswith(
        "There are screenshots here.\nAnd a second line.\n\n![New](./new.png)\n\n![Old]"
    )
    assert placed("", 0) == "![New](./new.png)"


def test_a_code_block_is_never_split() -> None:
    text = "Intro\n\n```python\nx = 1\n\ny = 2\n```\nAfter\n"
    assert placed(text, text.index("y = 2")) == (
        "Intro\n\n```python\nx = 1\n\ny = 2\n```\n\n![New](./new.png)\n\nAfter\n"
    )
    unclosed = "```\ncode\n\nmore"
    assert placed(unclosed, 5) == unclosed + "\n\n![New](./new.png)"


def test_at_the_start_of_a_paragraph_the_image_goes_before_it() -> None:
    start = TEXT.index("Last words")
    assert placed(TEXT, start).endswith("![Old](./old.png)\n\n![New](./new.png)\n\nLast words.\n")
    assert placed(TEXT, 0).startswith("![New](./new.png)\n\nThere are")
    second = TEXT.index("And a second")  # inside a paragraph: still after it
    assert placed(TEXT, second).startswith(
        "There are screenshots here.\nAnd a second line.\n\n![New]"
    )


def test_after_an_empty_first_line_no_second_blank_line_is_added() -> None:
    assert placed("\nFirst words.\n", 1) == "\n![New](./new.png)\n\nFirst words.\n"
