"""Word counts count what a reader reads."""

from __future__ import annotations

from editor.textstats import reading_minutes, word_count


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
