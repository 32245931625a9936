"""Incremental rendering always equals a full render, and reports only what changed."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.render import DocumentRenderer, RenderUpdate, render_document

PIECES = [
    "# Title\n",
    "## Community news\n",
    "Plain paragraph with *emphasis* and `code`.\n",
    'Another line -- with "quotes"...\n',
    "\n",
    "\n",
    "- item one\n",
    "- item two\n",
    "  continued\n",
    "1. first\n",
    "> quoted\n",
    "```python\n",
    "def f():\n",
    "    return 1\n",
    "```\n",
    "| a | b |\n",
    "|---|---|\n",
    "| 1 | 2 |\n",
    "<div>\n",
    "</div>\n",
    '<iframe width="560" height="315" src="https://example.com/x"></iframe>\n',
    "[ref]: https://example.com/ref\n",
    "See [the ref][ref] and a footnote[^n].\n",
    "[^n]: The note.\n",
    "---\n",
    "Setext\n",
    "===\n",
    "    indented code\n",
    "![alt](./missing.png)\n",
]


def strip_ids(html: str) -> str:
    return re.sub(r' data-block="[^"]*"', "", html)


def apply(model: list[tuple[str, str]], update: RenderUpdate) -> list[tuple[str, str]]:
    """What a preview page does with an update: remove, replace, insert, renumber (each step)."""
    for step in update.earlier:
        model = apply(model, step)
    blocks = [b for b in model if b[0] not in set(update.removed)]
    replaced = dict(update.replaced)
    blocks = [(i, replaced.get(i, h)) for i, h in blocks]
    for block_id, after, html in update.inserted:
        at = 0 if after is None else [i for i, _ in blocks].index(after) + 1
        blocks.insert(at, (block_id, html))
    out = []
    for block_id, html in blocks:
        if block_id in update.moved:
            html = re.sub(
                r'data-line="\d+"', f'data-line="{update.moved[block_id]}"', html, count=1
            )
        out.append((block_id, html))
    return out


edits = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.integers(0, 12),
        st.one_of(st.sampled_from(PIECES), st.text("ab #-*`>|\n[]!", max_size=6)),
    ),
    min_size=1,
    max_size=12,
)


@given(st.lists(st.sampled_from(PIECES), max_size=40), edits)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_incremental_equals_full_render(
    pieces: list[str], steps: list[tuple[float, int, str]]
) -> None:
    text = "".join(pieces)
    renderer = DocumentRenderer(first_line=7)
    model = [(b.id, b.html) for b in renderer.render(text).blocks]
    for where, cut, insert in steps:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
        update = renderer.update(text)
        model = apply(model, update)
        full = render_document(text, first_line=7)
        assert strip_ids("".join(h for _, h in model)) == strip_ids(full.html)
        assert model == [(b.id, b.html) for b in renderer.result.blocks]


PLAIN_PIECES = [p for p in PIECES if not p.startswith(("#", "[", "See", "Setext", "==="))]
typing = st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from(["a", " ", "\n", "-", "`", "|", "<", "", "\n\n"])),
    min_size=1,
    max_size=30,
)


@given(st.lists(st.sampled_from(PLAIN_PIECES), min_size=5, max_size=60), typing)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_typing_without_headings_takes_the_incremental_path(
    pieces: list[str], keys: list[tuple[float, str]]
) -> None:
    """Single keystrokes (or backspaces, "") in posts without headings or references."""
    text = "".join(pieces)
    renderer = DocumentRenderer()
    model = [(b.id, b.html) for b in renderer.render(text).blocks]
    for where, key in keys:
        at = int(where * len(text))
        text = text[:at] + key + text[at + (0 if key else 1) :]
        model = apply(model, renderer.update(text))
        assert strip_ids("".join(h for _, h in model)) == strip_ids(render_document(text).html)


def test_one_character_edit_touches_one_block() -> None:
    text = "".join(f"## Section {n}\n\nParagraph {n} text.\n\n" for n in range(200))
    renderer = DocumentRenderer()
    renderer.render(text)
    edited = text.replace("Paragraph 100 text.", "Paragraph 100 texts.")
    update = renderer.update(edited)
    assert update.removed == [] and update.inserted == [] and update.moved == {}
    assert len(update.replaced) == 1 and "texts." in update.replaced[0][1]


def test_inserting_a_line_moves_later_blocks_without_re_rendering_them() -> None:
    text = "First.\n\nSecond.\n\nThird.\n"
    renderer = DocumentRenderer()
    before = renderer.render(text).blocks
    update = renderer.update("New.\n\n" + text)
    assert [html for _, _, html in update.inserted] == [
        '<p data-line="1" data-block="b4">New.</p>\n'
    ]
    assert update.moved == {before[0].id: 3, before[1].id: 5, before[2].id: 7}
    assert update.replaced == [] and update.removed == []


def test_opening_a_fence_re_renders_everything_after_it() -> None:
    text = "Intro.\n\nOne.\n\nTwo.\n"
    renderer = DocumentRenderer()
    renderer.render(text)
    renderer.update("```\n" + text)
    assert renderer.result.html.count("<pre") == 1
    assert strip_ids(renderer.result.html) == strip_ids(render_document("```\n" + text).html)


def test_typing_next_to_a_heading_touches_one_block() -> None:
    text = "".join(f"## Section {n}\n\nParagraph {n} text.\n\n" for n in range(200))
    renderer = DocumentRenderer()
    renderer.render(text)
    edited = text.replace("## Section 100\n", "## Section 100!\n")
    update = renderer.update(edited)
    assert update.removed == [] and update.inserted == [] and update.moved == {}
    assert len(update.replaced) == 1
    assert 'id="section-100"' in update.replaced[0][1] and "Section 100!" in update.replaced[0][1]


def test_a_new_repeated_heading_renumbers_the_later_one() -> None:
    text = (
        "## News\n\nOne.\n\n" + "".join(f"Para {n}.\n\n" for n in range(50)) + "## News\n\nTwo.\n"
    )
    renderer = DocumentRenderer()
    model = [(b.id, b.html) for b in renderer.render(text).blocks]
    assert 'id="news-1"' in model[-2][1]
    edited = text.replace("One.\n", "One.\n\n## News\n", 1)  # now three: news, news-1, news-2
    update = renderer.update(edited)
    model = apply(model, update)
    assert strip_ids("".join(h for _, h in model)) == strip_ids(render_document(edited).html)
    assert len(update.replaced) + len(update.inserted) <= 3  # not the 50 paragraphs


@given(st.lists(st.sampled_from(PIECES), min_size=2, max_size=30), st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_moving_lines_shows_them_in_their_new_order(pieces: list[str], data: st.DataObject) -> None:
    """Alt+Up, or a cut and paste: blocks that trade places must not keep their old order on
    the page (the page removes, inserts and replaces blocks; it never reorders them)."""
    lines = "".join(pieces).splitlines(keepends=True)
    renderer = DocumentRenderer(first_line=1)
    model = [(b.id, b.html) for b in renderer.render("".join(lines)).blocks]
    for _ in range(data.draw(st.integers(1, 4))):
        a = data.draw(st.integers(0, len(lines) - 1))
        b = data.draw(st.integers(0, len(lines) - 1))
        lines.insert(b, lines.pop(a))
        text = "".join(lines)
        model = apply(model, renderer.update(text))
        assert strip_ids("".join(h for _, h in model)) == strip_ids(render_document(text).html)


def test_swapping_two_blocks_swaps_them_on_the_page() -> None:
    renderer = DocumentRenderer(first_line=1)
    model = [(b.id, b.html) for b in renderer.render("code\n# Title\n").blocks]
    model = apply(model, renderer.update("# Title\ncode\n"))
    assert [re.sub(r" data-.*?>", ">", h)[:4] for _, h in model] == ["<h1>", "<p>c"]
