"""A language's words, kept compact and cached: built once, read back, rebuilt when damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.lexicon import Lexicon, load_lexicon


def test_the_word_list_is_kept_compact_and_read_back_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "en.lexicon"
    built = load_lexicon("en", cache)
    assert cache.exists()
    assert cache.stat().st_size < 6_000_000  # pyspellchecker's dict of the same: about 37 MB
    again = load_lexicon("en", cache)
    assert len(again) == len(built) > 100_000
    for word in ("the", "kubernetes", "receive", "organization", "café"):
        assert (word in again) == (word in built)
        assert again.count(word) == built.count(word)
    assert "the" in again and "recieve" not in again
    assert again.count("the") > again.count("receive") > 0 == again.count("recieve")
    assert again.commonest(3)[0] == "the"


def test_a_damaged_word_list_cache_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "en.lexicon"
    load_lexicon("en", cache)
    whole = cache.read_bytes()
    for damaged in (whole[: len(whole) // 2], b"not a word list", whole[:40] + b"{" + whole[41:]):
        cache.write_bytes(damaged)
        lexicon = load_lexicon("en", cache)
        assert "receive" in lexicon and "recieve" not in lexicon
        assert cache.read_bytes() == whole  # written again


def test_a_lexicon_of_a_few_words() -> None:
    lexicon = Lexicon.from_frequencies({"über": 3, "apple": 7, "zebra": 1})
    assert [lexicon[i].decode() for i in range(len(lexicon))] == ["apple", "zebra", "über"]
    assert "über" in lexicon and "uber" not in lexicon and "" not in lexicon
    assert lexicon.letters == "abelprzü"
    assert Lexicon.from_bytes(lexicon.to_bytes()).commonest(2) == ["apple", "über"]
    with pytest.raises(ValueError):
        Lexicon.from_bytes(lexicon.to_bytes()[:-1])
