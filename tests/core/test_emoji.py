"""``:emoji:`` shortcodes: the table, completing what is typed, and rendering them only for a
site whose renderer does."""

from __future__ import annotations

import pytest

from editor.core.emoji import completions, emojize, shortcodes, typed_shortcode
from editor.core.export import export_page
from editor.core.post import Post
from editor.core.render import render_document

TEXT = "Ship it :tada: at 10:30:00, `:tada:` stays code, :not_a_code: stays text.\n"


def test_the_table_has_githubs_and_unicodes_names() -> None:
    table = shortcodes()
    assert table["tada"] == table["party_popper"] == "🎉"
    assert table["+1"] == table["thumbsup"] == "👍"
    assert table["smile"] == "😄"
    assert len(table) > 3000


def test_emojize_leaves_unknown_names_and_times() -> None:
    assert emojize("go :rocket: at 10:30:00 :nope:") == "go 🚀 at 10:30:00 :nope:"


@pytest.mark.parametrize(
    ("before", "typed"),
    [
        ("Ship it :ta", ":ta"),
        (":+1", ":+1"),
        ("(:sm", ":sm"),
        ("Ship it :t", None),  # two characters first
        ("at 10:30", None),
        ("Note:ab", None),  # not at a word start
        ("done :tada: ", None),
    ],
)
def test_typed_shortcode(before, typed) -> None:
    assert typed_shortcode(before) == typed


def test_completions_start_with_what_is_typed_shortest_first() -> None:
    codes = [c.code for c in completions(":smi")]
    assert codes[0] == ":smile:" and ":smiley:" in codes and ":smile_cat:" in codes
    assert codes.index(":smile:") < codes.index(":smile_cat:")
    assert completions(":tad")[0] == (":tada:", "🎉")
    assert completions(":zzqx") == []
    assert len(completions(":s", limit=10)) == 10


def test_shortcodes_render_as_emoji_only_for_a_site_that_does() -> None:
    plain = render_document(TEXT).html
    assert ":tada:" in plain and "🎉" not in plain  # most sites: as typed
    shown = render_document(TEXT, emoji=True).html
    assert "Ship it 🎉 at 10:30:00" in shown
    assert "<code>:tada:</code>" in shown and ":not_a_code:" in shown
    fence = render_document("```\n:tada:\n```\n", emoji=True).html
    assert ":tada:" in fence and "🎉" not in fence


def test_the_export_writes_emoji_for_such_a_site() -> None:
    post = Post.parse("---\ntitle: Hi\n---\n" + TEXT)
    assert "🎉" in export_page(post, emoji=True)
    assert "🎉" not in export_page(post)
