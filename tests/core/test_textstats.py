"""Word counts count what a reader reads."""

from __future__ import annotations

from editor.core.textstats import reading_minutes, word_count


def test_markup_is_not_counted() -> None:
    text = (
        'Spotify published a [case study](https://example.com/a "t").\n\n'
        "![A screenshot](./screenshot.png)\n\n"
        '<iframe src="https://x.example/embed"></iframe>\n\n'
        "[ref]: https://example.com/ref\n"
        "See https://example.com/raw too.\n"
    )
    assert word_count(text) == 9


def test_reading_time() -> None:
    assert reading_minutes(0) == 0
    assert reading_minutes(1) == 1
    assert reading_minutes(231) == 2


def test_word_counter_matches_word_count_as_text_changes() -> None:
    from editor.core.textstats import WordCounter, word_count

    counter = WordCounter()
    text = "".join(
        f"Paragraph {n} has [a link](https://example.com/{n}) and words.\n\n" for n in range(300)
    )
    assert counter.count(text) == word_count(text)
    edited = text.replace("Paragraph 150 has", "Paragraph 150 now has")
    assert counter.count(edited) == word_count(edited) == word_count(text) + 1


def test_counting_by_lines_matches_counting_the_text() -> None:
    from editor.core.render import body_lines
    from editor.core.textstats import WordCounter, word_count

    text = "# Weekly 26\n\nSee [the PR](https://github.com/x/y/pull/1) and `code`.\n\n- one two\n"
    counter = WordCounter()
    assert counter.count_lines(body_lines(text)) == word_count(text)
    edited = text.replace("one two", "one two three")
    assert counter.count_lines(body_lines(edited)) == word_count(text) + 1
