"""The outline of a post: its headings as the renderer finds them, nested by level."""

from __future__ import annotations

from markdown_it import MarkdownIt

from editor.core.outline import Heading, headings, parents, plain, section_at
from editor.core.render import body_lines

POST = """Intro paragraph.

# Getting started

Some text.

Setext title
============

```python
# a comment, not a heading
def f(): ...
```

## Install *it* with `pip`

~~~
## still code
~~~

    # indented code

- a list item

  ## a heading in the list

> # quoted

<!--
# commented out
-->

Sub part
--------

### [Linked](https://example.com) heading ###
"""


def test_headings_of_a_post_skip_code_lists_quotes_and_comments() -> None:
    assert headings(body_lines(POST), first_line=10) == [
        Heading(1, "Getting started", 12),
        Heading(1, "Setext title", 16),
        Heading(2, "Install it with pip", 24),
        Heading(2, "Sub part", 42),
        Heading(3, "Linked heading", 45),
    ]


CASES = [
    POST,
    "Title\n=====\n\ntext\n\nSub\n---\n",
    "- item\n---\n",
    "> quote\n# top\n",
    "<div>\n# html\n</div>\n\n# top\n",
    "para\n    # continued\n===\n",
    "Foo\nbar\n===\n",
    "1. one\n   two\n\n   ## in list\n\n## out\n",
    "***\n# a #\n#no\n####### seven\n",
    "- a\n  ```\n  # x\n  ```\n# b\n",
    "<pre>\n# x\n\n# y\n</pre>\n# z\n",
    "text\n\n---\n\nmore\n---\n",
    "````\n```\n# in\n````\n# out\n",
]


def test_the_same_top_level_headings_as_markdown_it() -> None:
    md = MarkdownIt("commonmark")
    for text in CASES:
        tokens = md.parse(text)
        expected = [
            (int(token.tag[1]), token.map[0] + 1)
            for token in tokens
            if token.type == "heading_open" and token.level == 0 and token.map
        ]
        assert [(h.level, h.line) for h in headings(body_lines(text))] == expected, text


def test_plain_text_of_inline_markdown() -> None:
    assert (
        plain("**Bold** and _em_ in `a_b` [link](x) ![img](y.png)") == "Bold and em in a_b link img"
    )
    assert plain("snake_case_name \\*stars\\*") == "snake_case_name *stars*"


def test_nesting_and_the_cursor_section() -> None:
    found = [Heading(1, "A", 1), Heading(2, "B", 3), Heading(3, "C", 5), Heading(2, "D", 7)]
    assert parents(found) == [-1, 0, 1, 0]
    assert parents([Heading(3, "deep first", 1), Heading(1, "top", 2)]) == [-1, -1]
    assert [section_at(found, line) for line in (0, 1, 4, 5, 6, 100)] == [-1, 0, 1, 2, 2, 3]


def test_headings_from_the_renderer_equal_a_scan() -> None:
    """The outline takes the headings the preview's renderer already found when it can."""
    from editor.core.outline import from_rendered
    from editor.core.render import DocumentRenderer

    for text in CASES:
        renderer = DocumentRenderer(first_line=7)
        renderer.render(text)
        rendered = from_rendered(renderer.heading_sources(), 7)
        assert rendered == headings(body_lines(text), 7), text
