"""Unused images in a bundle post's folder."""

from __future__ import annotations

from editor.core.checks import (
    Fix,
    Problem,
    check_post,
)
from editor.core.site import Site
from tests.core.checks.cases import NETS


def test_unused_images_offer_to_delete_the_file(problems: list[Problem]) -> None:
    unused = [p for p in problems if p.code == "unused-image"]
    assert [p.fix for p in unused] == [
        Fix("delete-file", "Delete unused image old-nets.png…", NETS.parent / "old-nets.png")
    ]
    # Not reported: an image named only in the front matter (cover.png), one used from
    # another post's folder (shared.png), a hidden file, and images beside a single-file post.


def test_an_image_used_in_the_unsaved_text_is_not_unused(site: Site) -> None:
    text = NETS.read_text(encoding="utf-8") + "\n![Old nets](./old-nets.png)\n"
    assert "unused-image" not in {p.code for p in check_post(site, NETS, text)}
    removed = NETS.read_text(encoding="utf-8").replace("![](./nets.png)", "")
    unused = [p.fix.path for p in check_post(site, NETS, removed) if p.fix and p.fix.path]
    assert sorted(p.name for p in unused) == ["nets.png", "old-nets.png"]
