"""Find in Site: every post's text searched case-insensitively, by post and line."""

from __future__ import annotations

import os
import time
from pathlib import Path

from editor.core import sitesearch
from editor.core.sitesearch import SiteSearch


def _post(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_matches_are_listed_by_post_and_file_line_with_the_match_marked(tmp_path: Path) -> None:
    a = _post(tmp_path, "a.md", "---\ntitle: Roadie news\n---\n\nWe moved to Kubernetes.\n")
    b = _post(tmp_path, "b.md", "---\ntitle: Other\n---\n\nNothing here.\n")
    c = _post(tmp_path, "c.md", "KUBERNETES first\n\n  and kubernetes again, kubernetes.\n")
    result = SiteSearch().search([(a, "Roadie news"), (b, "Other"), (c, "C")], "kubernetes")
    assert [post.path for post in result.posts] == [a, c]
    first = result.posts[0].matches[0]
    assert (first.line, first.text) == (5, "We moved to Kubernetes.")
    assert first.text[first.start : first.end] == "Kubernetes"
    rows = result.posts[1].matches
    assert [(row.line, row.text[row.start : row.end]) for row in rows] == [
        (1, "KUBERNETES"),
        (3, "kubernetes"),  # one row per line; the indent is dropped
    ]
    assert rows[1].text == "and kubernetes again, kubernetes."
    assert result.searched == 3 and result.match_count == 3


def test_the_phrase_is_plain_text_not_a_pattern(tmp_path: Path) -> None:
    a = _post(tmp_path, "a.md", "costs $5 (each)\ncosts 5 each\n")
    result = SiteSearch().search([(a, "A")], "$5 (each)")
    assert [row.line for row in result.posts[0].matches] == [1]


def test_an_empty_query_finds_nothing(tmp_path: Path) -> None:
    a = _post(tmp_path, "a.md", "text\n")
    assert SiteSearch().search([(a, "A")], "   ").posts == []


def test_unsaved_text_is_searched_instead_of_the_file(tmp_path: Path) -> None:
    a = _post(tmp_path, "a.md", "old words\n")
    result = SiteSearch().search([(a, "A")], "new", overrides={a: "brand new words\n"})
    assert result.posts[0].matches[0].text == "brand new words"


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    a = _post(tmp_path, "a.md", "Spotify\n")
    search = SiteSearch()
    assert search.search([(a, "A")], "spotify").match_count == 1
    a.write_text("nothing left\n", encoding="utf-8")
    os.utime(a, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    assert search.search([(a, "A")], "spotify").match_count == 0


def test_unreadable_posts_are_counted_not_raised(tmp_path: Path) -> None:
    missing = tmp_path / "gone.md"
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    result = SiteSearch().search([(missing, "Gone"), (fifo, "Fifo")], "x")
    assert result.unreadable == 2 and result.posts == []


def test_a_long_line_is_cut_around_the_match(tmp_path: Path) -> None:
    a = _post(tmp_path, "a.md", "word " * 200 + "needle" + " tail" * 100 + "\n")
    row = SiteSearch().search([(a, "A")], "needle").posts[0].matches[0]
    assert row.text.startswith("…") and row.text.endswith("…")
    assert row.text[row.start : row.end] == "needle"
    assert len(row.text) <= sitesearch.MAX_LINE + 2


def test_a_search_stops_at_the_match_limit_and_when_cancelled(tmp_path: Path) -> None:
    posts = [(_post(tmp_path, f"p{n}.md", "hit\n" * 50), f"P{n}") for n in range(60)]
    result = SiteSearch().search(posts, "hit")
    assert result.truncated and result.match_count == sitesearch.MAX_MATCHES
    assert SiteSearch().search(posts, "hit", cancelled=lambda: True).cancelled


def test_the_big_corpus_answers_fast_once_read(tmp_path: Path) -> None:
    text = "---\ntitle: Post\n---\n\n" + "A paragraph about plugins and roadies.\n\n" * 250
    posts = [(_post(tmp_path, f"p{n}.md", text), f"P{n}") for n in range(751)]
    search = SiteSearch()
    search.search(posts, "warm up")
    started = time.perf_counter()
    result = search.search(posts, "Kubernetes")
    assert result.searched == 751 and result.posts == []
    assert time.perf_counter() - started < 0.5


def test_letters_that_change_length_when_lowered_still_match(tmp_path: Path) -> None:
    a = _post(tmp_path, "a.md", "İstanbul notes\nthe Kubernetes talk\n")  # İ lowers to two
    row = SiteSearch().search([(a, "A")], "KUBERNETES").posts[0].matches[0]
    assert (row.line, row.text[row.start : row.end]) == (2, "Kubernetes")
