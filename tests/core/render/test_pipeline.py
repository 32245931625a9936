"""The renderer: source lines, missing images, and no input that can make it raise."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.post import Post
from editor.core.render import DocumentRenderer, github_slug, render_document
from tests.helpers.post_cases import CORPUS_LIKE

POST = """---
title: 'Galley Weekly 3 - Lines'
date: '2021-05-17T21:00:00.0Z'
---

Intro paragraph.

## Pull requests

- [Add search](https://github.com/example/repo/pull/1)
- [Fix docs](https://github.com/example/repo/pull/2)

```yaml
key: value
```

![Missing](./missing.gif)
"""


def test_data_line_is_the_first_file_line_of_each_block() -> None:
    post = Post.parse(POST)
    result = render_document(post.body, None, post.body_start_line)
    lines = POST.splitlines()
    found = [(b.line, re.match(r"<(\w+)", b.html).group(1)) for b in result.blocks]  # type: ignore[union-attr]
    assert found == [(6, "p"), (8, "h2"), (10, "ul"), (13, "pre"), (17, "p")]
    for block in result.blocks:
        assert f'data-line="{block.line}"' in block.html
        assert lines[block.line - 1].strip()  # never a blank line


def test_missing_images_show_as_a_box_on_their_file_line(tmp_path: Path) -> None:
    post = Post.parse(POST)
    result = render_document(post.body, tmp_path, post.body_start_line)
    missing = [b for b in result.blocks if "missing-image" in b.html]
    assert [b.line for b in missing] == [17]
    assert missing[0].html.startswith('<p data-line="17" ')
    assert (
        '<span class="missing-image" role="img" aria-label="Missing">'
        "missing image: ./missing.gif</span>"
    ) in missing[0].html
    assert "<img" not in result.html


def test_present_images_render_as_images(tmp_path: Path) -> None:
    (tmp_path / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = render_document("![A shot](./shot.png)\n", tmp_path)
    assert '<img src="./shot.png" alt="A shot"' in result.html
    assert "missing-image" not in result.html


def test_github_slugs() -> None:
    assert github_slug("Backstage Weekly 26 - Spotify's product story") == (
        "backstage-weekly-26---spotifys-product-story"
    )
    assert github_slug("Café au lait") == "café-au-lait"


def test_a_corpus_like_post_renders() -> None:
    post = Post.parse(CORPUS_LIKE.decode())
    html = render_document(post.body, None, post.body_start_line).html
    assert '<p data-line="11" data-block="b1">Spotify published a case study.</p>' in html


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_any_text_renders_without_raising(text: str) -> None:
    result = render_document(text)
    assert isinstance(result.html, str)
    renderer = DocumentRenderer()
    renderer.render(text)
    renderer.update(text[::-1])


HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "```\n" * 50,
    "> " * 200 + "deep",
    "- " * 300 + "deep",
    "[" * 1000,
    "<iframe width=0 height=0 src=x>",
    "| a |\n|---|\n" + "| b |\n" * 100,
    "\x00\ufeff\u202e text",
]


def test_hostile_inputs_render() -> None:
    for text in HOSTILE:
        render_document(text)
    assert 'href="javascript' not in render_document("[x](javascript:alert(1))").html


HOSTILE = """\
# Title <img src=x onerror=alert(1)>

A [link](javascript:alert(1)) and <javascript:alert(2)> and ![i](javascript:alert(3)).

- item with <span onclick="alert(4)">inline html</span>

> <script>alert(5)</script>

<iframe src="https://example.com/x" width="560" height="315"></iframe>

[ref]: javascript:alert(6)

Plain [ref] and `code <b>` and [ok](https://example.com "t").
"""


def test_only_blocks_with_the_posts_own_html_are_marked_raw() -> None:
    """Blocks not marked raw skip the preview's sanitiser, so they must be safe as rendered."""
    blocks = render_document(HOSTILE).blocks
    raw = {b.html.split(">", 1)[0]: b.raw for b in blocks}
    assert sum(b.raw for b in blocks) == 4, raw  # heading, list, quote, iframe
    for block in blocks:
        if not block.raw:
            lowered = block.html.lower()
            assert not re.search(r"(href|src)=\"?\s*javascript:", lowered)
            assert "<script" not in lowered
            assert not re.search(r"\son\w+=", lowered)
            assert "<iframe" not in lowered


def test_site_root_images_are_shown_missing_by_the_site_rule(tmp_path: Path) -> None:
    """With the site's resolver a site-root image is looked for in its static folders; without
    one it is left to the published site, as before."""
    from editor.core.site import ImageResolver
    from tests.helpers.site_images import png

    (tmp_path / "static" / "img").mkdir(parents=True)
    (tmp_path / "static" / "img" / "map.png").write_bytes(png())
    post = tmp_path / "content" / "p" / "index.md"
    body = "![Map](/img/map.png)\n\n![Gone](/img/gone.png)\n"
    images = ImageResolver(tmp_path, post, (tmp_path / "static",))
    html = render_document(body, post.parent, images=images).html
    assert '<img src="/img/map.png" alt="Map"' in html
    assert "missing image: /img/gone.png</span>" in html
    assert "missing-image" not in render_document(body, post.parent).html


def test_a_liquid_site_root_image_shows_the_file_it_stands_for(tmp_path: Path) -> None:
    from editor.core.site import ImageResolver
    from tests.helpers.site_images import png

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.png").write_bytes(png())
    post = tmp_path / "_posts" / "2024-01-01-a.md"
    images = ImageResolver(tmp_path, post, (tmp_path,))
    html = render_document("![X]({{site.baseurl}}/assets/x.png)\n", post.parent, images=images)
    assert '<img src="/assets/x.png" alt="X"' in html.html
