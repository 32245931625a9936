"""Renaming an image and every reference to it, and the image reference under the cursor."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from editor.core.images import (
    ImageError,
    image_reference_at,
    rename_image,
)
from tests.helpers.image_cases import (
    everything_under,
    fail_with,
    picture,
    write,
)

# --- renaming -----------------------------------------------------------------------------------

BODY = """\
![Chart](./chart.png)
![Chart again](chart.png "The title")
A [link](<./chart.png>), <img src="./chart.png" alt="x">, <a href='chart.png'>A</a>.
Not these: ![a](./chart.png.bak) ![b](./barchart.png) ![c](./chart-2.png) ![d](img/chart.png)

[ref]: ./chart.png "Referenced"
"""

RENAMED = """\
![Chart](./sales-2024.png)
![Chart again](sales-2024.png "The title")
A [link](<./sales-2024.png>), <img src="./sales-2024.png" alt="x">, <a href='sales-2024.png'>A</a>.
Not these: ![a](./chart.png.bak) ![b](./barchart.png) ![c](./chart-2.png) ![d](img/chart.png)

[ref]: ./sales-2024.png "Referenced"
"""


def test_rename_image_renames_the_file_and_every_reference(bundle: Path) -> None:
    data = picture()
    write(bundle.parent / "chart.png", data)
    new_path, body = rename_image(bundle, BODY, "./chart.png", "Sales 2024")
    assert new_path == bundle.parent / "sales-2024.png"
    assert new_path.read_bytes() == data
    assert not (bundle.parent / "chart.png").exists()
    assert body == RENAMED


def test_rename_image_in_a_subfolder_keeps_folder_and_extension(flat: Path) -> None:
    write(flat.parent / "notes" / "img" / "a b.JPG", picture("JPEG"))
    body = "![x](<./notes/img/a b.JPG>) ![y](notes/img/a%20b.JPG)\n"
    new_path, new_body = rename_image(flat, body, "notes/img/a%20b.JPG", "Cover.jpg")
    assert new_path == flat.parent / "notes" / "img" / "cover.JPG"
    assert new_body == "![x](<./notes/img/cover.JPG>) ![y](notes/img/cover.JPG)\n"


def test_rename_image_never_overwrites(bundle: Path) -> None:
    write(bundle.parent / "chart.png", picture(color="red"))
    write(bundle.parent / "sales.png", picture(color="blue"))
    with pytest.raises(ImageError, match=r"sales\.png already exists"):
        rename_image(bundle, BODY, "chart.png", "sales")
    assert (bundle.parent / "chart.png").read_bytes() == picture(color="red")
    assert (bundle.parent / "sales.png").read_bytes() == picture(color="blue")


@pytest.mark.parametrize(
    ("reference", "new_name", "reason"),
    [
        ("https://example.com/chart.png", "x", "Only images in the post's folder"),
        ("../outside.png", "x", "not in the post's image folder"),
        ("./missing.png", "x", "does not exist"),
        ("./chart.png", "!!!", "at least one letter or digit"),
    ],
)
def test_rename_image_refuses(
    tmp_path: Path, bundle: Path, reference: str, new_name: str, reason: str
) -> None:
    write(bundle.parent / "chart.png", picture())
    write(tmp_path / "blog" / "outside.png", picture())
    with pytest.raises(ImageError, match=reason):
        rename_image(bundle, BODY, reference, new_name)
    assert (bundle.parent / "chart.png").exists()


def test_rename_image_without_hard_links(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "link", fail_with(errno.EPERM))
    write(bundle.parent / "chart.png", picture(color="red"))
    write(bundle.parent / "taken.png", picture(color="blue"))
    with pytest.raises(ImageError, match="already exists"):
        rename_image(bundle, BODY, "chart.png", "taken")
    new_path, _ = rename_image(bundle, BODY, "chart.png", "free")
    assert everything_under(bundle.parent) == ["free.png", "index.md", "taken.png"]
    assert new_path.read_bytes() == picture(color="red")


def test_rename_image_to_the_same_name_changes_nothing(bundle: Path) -> None:
    write(bundle.parent / "chart.png", picture())
    assert rename_image(bundle, BODY, "<./chart.png>", "Chart") == (
        bundle.parent / "chart.png",
        BODY,
    )


def test_image_reference_at_finds_the_image_under_the_cursor() -> None:
    text = "Intro\n![A chart](./chart.png \"Title\") and <img src='logo.svg'> ![x](<./a b.png>)\n"
    line = text.index("![A chart")
    assert image_reference_at(text, line) == "./chart.png"
    assert image_reference_at(text, text.index("Title")) == "./chart.png"
    assert image_reference_at(text, text.index(") and") + 1) == "./chart.png"  # just after it
    assert image_reference_at(text, text.index("logo")) == "logo.svg"
    assert image_reference_at(text, text.index("a b.png")) == "./a b.png"
    assert image_reference_at(text, text.index("Intro")) is None
    assert image_reference_at(text, text.index(" and ") + 2) is None
    assert image_reference_at(text, len(text) + 5) is None


def test_image_reference_at_ignores_remote_images() -> None:
    text = "![x](https://example.com/a.png) ![y](data:image/png;base64,AAAA) ![z](/abs.png)"
    for needle in ("x]", "y]", "z]"):
        assert image_reference_at(text, text.index(needle)) is None


@pytest.mark.parametrize(
    ("post_name", "reference", "asset_dir", "reason"),
    [
        ("index.md", "./chart\x00.png", None, "The reference has a NUL character"),
        ("index.md", "./chart%00.png", None, "The reference has a NUL character"),
        ("index.md", "./\ud800.png", None, "not valid in a file name"),
        ("in\x00dex.md", "./chart.png", None, "The post's file name has a NUL character"),
        ("index.md", "./chart.png", "img\x00", "asset_dir in galley.toml"),
    ],
)
def test_rename_image_with_a_name_no_file_can_have_is_an_image_error(
    bundle: Path, post_name: str, reference: str, asset_dir: str | None, reason: str
) -> None:
    write(bundle.parent / "chart.png", picture())
    with pytest.raises(ImageError, match=reason) as caught:
        rename_image(bundle.parent / post_name, BODY, reference, "sales", asset_dir=asset_dir)
    assert "\x00" not in caught.value.summary
    assert (bundle.parent / "chart.png").exists()


# --- site-root images (editor.core.site.assets) -------------------------------------------------


def test_a_site_root_image_is_renamed_with_its_site_root_references(tmp_path: Path) -> None:
    """In ``static/emails/issues/12/`` (where the site's issues keep their images), written
    ``/emails/issues/12/chart.png``: every site-root and relative reference follows."""
    from editor.core.site import ImageResolver

    post = write(tmp_path / "content" / "weekly-12.md", b"# 12\n")
    folder = tmp_path / "static" / "emails" / "issues" / "12"
    write(folder / "chart.png", picture())
    images = ImageResolver(tmp_path, post, (tmp_path / "static",))
    body = (
        "![Chart](/emails/issues/12/chart.png)\n"
        '<img src="/emails/issues/12/chart.png" alt="x">\n'
        "![Same file](../static/emails/issues/12/chart.png)\n"
        "Not: ![a](/emails/issues/12/chart.png.bak) ![b](/emails/issues/13/chart.png)\n"
    )
    new_path, new_body = rename_image(
        post, body, "/emails/issues/12/chart.png", "Sales", asset_dir=folder, images=images
    )
    assert new_path == folder / "sales.png" and new_path.is_file()
    assert new_body == (
        "![Chart](/emails/issues/12/sales.png)\n"
        '<img src="/emails/issues/12/sales.png" alt="x">\n'
        "![Same file](../static/emails/issues/12/sales.png)\n"
        "Not: ![a](/emails/issues/12/chart.png.bak) ![b](/emails/issues/13/chart.png)\n"
    )


def test_a_shared_site_root_image_is_not_renamed(tmp_path: Path) -> None:
    from editor.core.site import ImageResolver

    post = write(tmp_path / "content" / "p" / "index.md", b"# P\n")
    write(tmp_path / "static" / "img" / "logo.png", picture())
    images = ImageResolver(tmp_path, post, (tmp_path / "static",))
    with pytest.raises(ImageError) as caught:
        rename_image(post, "![L](/img/logo.png)\n", "/img/logo.png", "brand", images=images)
    assert "other posts may show it too" in caught.value.detail
    assert (tmp_path / "static" / "img" / "logo.png").is_file()
    with pytest.raises(ImageError) as unknown:  # no static folders known: cannot be found
        rename_image(post, "![L](/img/logo.png)\n", "/img/logo.png", "brand",
                     images=ImageResolver(tmp_path, post))  # fmt: skip
    assert "does not know where this site keeps" in unknown.value.detail


def test_the_reference_under_the_cursor_may_be_a_site_root_path() -> None:
    line = "![Chart](/emails/12/chart.png) ![Remote](//cdn.example.com/x.png)"
    assert image_reference_at(line, 3) is None
    assert image_reference_at(line, 3, site_root=True) == "/emails/12/chart.png"
    assert image_reference_at(line, 40, site_root=True) is None
