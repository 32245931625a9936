"""Unused images in a bundle post's folder."""

from __future__ import annotations

from pathlib import Path

from editor.core.checks import (
    Fix,
    Problem,
    check_post,
    check_site,
)
from editor.core.site import Site
from tests.core.checks.cases import NETS
from tests.helpers.image_cases import write
from tests.helpers.site_images import hugo_site, jekyll_site, newsletter_site, png, post


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


def test_site_root_images_are_neither_broken_nor_unused(tmp_path: Path) -> None:
    """``/images/map.png`` is in ``static/images/``: found there, and the bundle's own cover
    is used; a picture of the shared static folder is no post's to call unused."""
    site = hugo_site(tmp_path)
    codes = {p.code for p in check_site(site)}
    assert "broken-image" not in codes and "unused-image" not in codes


def test_a_bundle_image_shown_from_the_site_root_is_used(tmp_path: Path) -> None:
    """Jekyll serves the whole site: a bundle's picture may be written from the site root."""
    site = jekyll_site(tmp_path)
    bundle = post(tmp_path / "notes" / "gulls" / "index.md", "title: Gulls\n", "")
    write(bundle.parent / "gull.png", png())
    write(bundle.parent / "spare.png", png("blue"))
    text = "---\ntitle: Gulls\n---\n\n![Gull](/notes/gulls/gull.png)\n"
    found = [p for p in check_post(site, bundle, text) if "image" in p.code]
    assert [p.code for p in found] == ["unused-image"]
    assert found[0].fix is not None and found[0].fix.path == bundle.parent / "spare.png"


def test_the_bundle_folder_is_still_checked_when_new_images_go_elsewhere(tmp_path: Path) -> None:
    """Where new images go (learned: static/emails/issues/<N>/) does not hide a bundle's own
    unused pictures."""
    site = newsletter_site(tmp_path)
    assert site.image_pattern is not None
    bundle = post(tmp_path / "content" / "newsletter" / "x" / "index.md", "title: X\n", "")
    write(bundle.parent / "left-over.png", png())
    (problem,) = [
        p for p in check_post(site, bundle, bundle.read_text()) if p.code == "unused-image"
    ]
    assert problem.fix is not None and problem.fix.path == bundle.parent / "left-over.png"
