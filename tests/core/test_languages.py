"""Languages by name, for the messages that name a post's language."""

from __future__ import annotations

from editor.core.languages import language_name


def test_a_tag_names_its_language_in_english() -> None:
    assert language_name("cs") == "Czech"
    assert language_name("pt-BR") == "Portuguese"
    assert language_name(" zh_Hans ") == "Chinese"
    assert language_name("JA") == "Japanese"
    assert language_name("klingon") is None and language_name("") is None
