"""The check's measure of the HTML part: the built message's size, edit after edit."""

from __future__ import annotations

import time
from pathlib import Path

from editor.core.mail import MailOptions, build_message, html_part_size, html_size
from editor.core.post import Post

CODE = (
    "```python\n"
    + "\n".join(f"value_{n} = compute({n}, 'text')  # note" for n in range(30))
    + "\n```\n"
)


def exact(post: Post, options: MailOptions) -> int:
    return html_part_size(build_message(post, options, plain="text"))


def test_the_measure_is_the_messages_html_part(post_path: Path) -> None:
    options = MailOptions()
    post = Post.load(post_path)
    assert abs(html_size(post, options) - exact(post, options)) <= 16
    text = post_path.read_text(encoding="utf-8")
    for edited in (
        text + "\n" + CODE,  # a block added at the end
        text.replace("The herons came", "Now the herons came"),  # one block changed
        text.replace("The herons came", "A new line.\n\nThe herons came"),  # the rest moved
        text.replace("description: Where", "description: Now where"),  # the header changed
        "---\ntitle: Notes[^1]\n---\nA note.[^1]\n\n[^1]: The footnote.\n",
    ):
        post = Post.parse(edited, post_path)
        assert abs(html_size(post, options) - exact(post, options)) <= 16, edited[-80:]


def test_the_measure_is_cheap_while_typing(tmp_path: Path) -> None:
    body = "\n".join(f"Paragraph {n} with a [link](https://example.com/{n}).\n" for n in range(400))
    text = "---\ntitle: Long\n---\n" + body + CODE * 20
    path = tmp_path / "long.md"
    options = MailOptions()
    html_size(Post.parse(text, path), options)  # the first measure exports every block
    start = time.perf_counter()
    for n in range(10):
        text = text.replace(f"Paragraph {200 + n} ", f"Paragraph {200 + n}x ")
        html_size(Post.parse(text, path), options)
    assert (time.perf_counter() - start) / 10 < 0.05  # seconds an edit (about 5 ms here)
