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
