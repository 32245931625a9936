"""The e-mail checks: too large for Gmail, no preheader, heavy or unevenly shown images."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from editor.core.checks import check_post, check_site
from editor.core.checks.problem import Problem
from editor.core.site import Site

CODE = (
    "```python\n"
    + "\n".join(f"value_{n} = compute({n}, 'text')  # note" for n in range(40))
    + "\n```\n"
)
HEAD = "---\ntitle: Tideline 12\ndate: 2024-05-17\ndescription: Where the herons went.\n---\n"


def mail(problems: list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.code) for p in problems if p.code.startswith("email-")]


def test_a_post_past_gmails_102_kb_is_a_warning_that_gives_the_size(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    small = check_post(None, path, HEAD + CODE)
    assert mail(small) == []
    found = check_post(None, path, HEAD + CODE * 12)
    assert mail(found) == [(0, "warning", "email-too-large")]
    message = next(p.message for p in found if p.code == "email-too-large")
    assert (
        message.startswith("The e-mail's HTML is ")
        and " KB, over the 102 KB at which Gmail" in message
    )
    assert "Shorten the post or split it into two issues" in message


def test_no_preheader_is_said_once_as_the_missing_description(tmp_path: Path) -> None:
    """The preheader is the description: a post without one hears it once, as
    missing-description (it already says what to add)."""
    path = tmp_path / "a.md"
    for text in (
        "---\ntitle: A\ndate: 2024-05-17\ndescription: ''\n---\nText.\n",
        "---\ntitle: A\ndate: 2024-05-17\n---\nText.\n",
    ):
        found = check_post(None, path, text)
        assert mail(found) == []
        assert "missing-description" in {p.code for p in found}


def test_no_preheader_is_a_note_at_its_key(tmp_path: Path) -> None:
    (tmp_path / "galley.toml").write_text('[email]\npreheader_key = "teaser"\n', encoding="utf-8")
    post = tmp_path / "content" / "blog" / "a" / "index.md"
    post.parent.mkdir(parents=True)
    text = "---\ntitle: A\ndate: 2024-05-17\nteaser: ''\n---\nText.\n"
    post.write_text(text, encoding="utf-8")
    found = check_post(Site.open(tmp_path), post, text)
    assert mail(found) == [(4, "info", "email-missing-preheader")]
    message = next(p.message for p in found if p.code == "email-missing-preheader")
    assert "line inboxes show after the subject" in message and message.endswith(".")


def test_the_sites_preheader_key_is_the_one_checked(tmp_path: Path) -> None:
    (tmp_path / "galley.toml").write_text('[email]\npreheader_key = "teaser"\n', encoding="utf-8")
    post = tmp_path / "content" / "blog" / "a" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        "---\ntitle: A\ndate: 2024-05-17\nteaser: Read on.\n---\nText.\n", encoding="utf-8"
    )
    site = Site.open(tmp_path)
    assert "email-missing-preheader" not in {p.code for p in check_site(site)}
    found = check_post(site, post, "---\ntitle: A\ndate: 2024-05-17\n---\nText.\n")
    assert "The post has no teaser" in next(
        p.message for p in found if p.code == "email-missing-preheader"
    )


def test_heavy_and_unevenly_shown_images_once_each_at_their_first_line(tmp_path: Path) -> None:
    Image.frombytes("RGB", (700, 600), os.urandom(700 * 600 * 3)).save(tmp_path / "big.png")
    assert (tmp_path / "big.png").stat().st_size > 1024 * 1024
    Image.new("RGB", (4, 4)).save(tmp_path / "chart.webp", "WEBP")
    Image.new("RGB", (4, 4)).save(tmp_path / "secretly-webp.png", "WEBP")
    (tmp_path / "d.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    Image.new("RGB", (4, 4)).save(tmp_path / "fine.png")
    body = (
        "![Big](./big.png)\n\n![Chart](chart.webp)\n\n![Again](./chart.webp)\n\n"
        '<img src="secretly-webp.png" alt="x">\n\n![D](d.svg)\n\n![Fine](fine.png)\n\n'
        "![Web](https://example.com/x.webp)\n\n![Gone](gone.webp)\n"
    )
    found = check_post(None, tmp_path / "a.md", HEAD + body)
    assert mail(found) == [
        (6, "warning", "email-image-too-large"),
        (8, "info", "email-image-format"),
        (12, "info", "email-image-format"),
        (14, "info", "email-image-format"),
    ]
    messages = [p.message for p in found if p.code.startswith("email-image")]
    assert (
        messages[0].startswith("The image big.png is 1.") and "bring it under 1 MB" in messages[0]
    )
    assert "chart.webp is WebP" in messages[1] and "carries a PNG copy" in messages[1]
    assert "secretly-webp.png is WebP" in messages[2]
    assert "d.svg is SVG, which Gmail and Outlook do not show" in messages[3]


def test_a_webp_avatar_is_noted_and_a_heavy_one_is_not_too_large(tmp_path: Path) -> None:
    Image.new("RGB", (4, 4)).save(tmp_path / "me.webp", "WEBP")
    Image.frombytes("RGB", (700, 600), os.urandom(700 * 600 * 3)).save(tmp_path / "big.png")
    text = "---\ntitle: A\ndescription: B\nauthor:\n  name: Me\n  avatar: ./me.webp\n---\nText.\n"
    assert mail(check_post(None, tmp_path / "a.md", text)) == [(4, "info", "email-image-format")]
    heavy = text.replace("./me.webp", "./big.png")
    assert mail(check_post(None, tmp_path / "a.md", heavy)) == []  # it travels as a thumbnail
