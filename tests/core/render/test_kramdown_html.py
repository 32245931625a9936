"""kramdown's ``markdown="1"``: an HTML element's inside read as Markdown, in the Jekyll dialect
only, the element one block of the preview, its attribute never written out."""

from __future__ import annotations

import re

from editor.core.render import render_document
from editor.core.render.dialects import dialect_for
from editor.core.render.markdown import render_block
from editor.core.render.split import body_lines, split_blocks

JEKYLL = dialect_for("jekyll")

CALLOUT = (
    '<div markdown="1" class="callout">\n'
    "### Inside<br>the callout\n\n"
    "Text *with emphasis*.\n\n"
    "- a list\n"
    "</div>\n"
)


def render(text: str, generator: str | None = "jekyll") -> str:
    html = render_document(text, dialect=dialect_for(generator)).html
    return re.sub(r' data-(?:line|block)="[^"]*"', "", html)


def test_the_inside_of_a_markdown_element_is_markdown() -> None:
    html = render(CALLOUT + "\nAfter.\n")
    assert html == (
        '<div class="callout">\n'
        "<h3>Inside<br>the callout</h3>\n"
        "<p>Text <em>with emphasis</em>.</p>\n"
        "<ul>\n<li>a list</li>\n</ul>\n"
        "</div>\n"
        "<p>After.</p>\n"
    )


def test_the_element_is_one_block_with_the_posts_lines() -> None:
    lines = body_lines("Intro.\n\n" + CALLOUT + "\nAfter.\n")
    blocks = [(s.kind, s.start, s.end) for s in split_blocks(lines, 0, JEKYLL)]
    assert blocks == [
        ("paragraph_open", 0, 1),
        ("galley_html_open", 2, 9),
        ("paragraph_open", 10, 11),
    ]
    assert render_block(CALLOUT, "", (), {}, JEKYLL).raw  # raw HTML: the preview sanitises it


def test_block_span_nesting_and_no_closing_tag() -> None:
    assert render('<div markdown="block">\n**bold**\n</div>\n') == (
        "<div>\n<p><strong>bold</strong></p>\n</div>\n"
    )
    assert render("<p markdown='span'>*a* and\n*b*</p>\n") == "<p><em>a</em> and\n<em>b</em></p>\n"
    nested = render('<div markdown="1">\n<div class="in">\nraw *x*\n</div>\n\n*y*\n</div>\n')
    assert nested.endswith("<p><em>y</em></p>\n</div>\n") and "raw *x*" in nested
    assert render('<div markdown="1">\n\n*to the end*\n') == (
        "<div>\n<p><em>to the end</em></p>\n</div>\n"  # kramdown closes it at the end
    )


def test_without_the_attribute_or_outside_jekyll_the_html_is_raw() -> None:
    assert "*raw*" in render('<div markdown="0">\n*raw*\n</div>\n')
    assert "*raw*" in render('<div class="x">\n*raw*\n</div>\n')
    assert 'markdown="1"' in render(CALLOUT, "hugo") or "raw HTML omitted" in render(
        CALLOUT, "hugo"
    )
    assert "### Inside" in render(CALLOUT, None)  # Gatsby's remark: an HTML block as written
