"""Where a post's images go and what they are called."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.images import (
    ImageError,
    asset_folder,
    import_image,
    slugify,
)
from tests.helpers.image_cases import (
    picture,
)

# --- asset folder and names ---------------------------------------------------------------------


@pytest.mark.parametrize("index", ["index.md", "index.markdown", "_index.md"])
def test_a_bundle_keeps_images_beside_its_index(tmp_path: Path, index: str) -> None:
    assert asset_folder(tmp_path / "post" / index) == tmp_path / "post"


def test_a_flat_post_uses_a_sibling_folder_and_asset_dir_overrides(tmp_path: Path) -> None:
    post = tmp_path / "blog" / "notes.md"
    assert asset_folder(post) == tmp_path / "blog" / "notes"
    assert asset_folder(post, "static/img") == tmp_path / "blog" / "static" / "img"
    assert asset_folder(post, tmp_path / "shared") == tmp_path / "shared"


def test_a_flat_posts_image_folder_linked_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    # A cloned site can carry notes -> / beside notes.md: images were written through it.
    outside = tmp_path / "outside"
    outside.mkdir()
    post = tmp_path / "blog" / "notes.md"
    post.parent.mkdir()
    post.write_text("# Notes\n")
    (tmp_path / "blog" / "notes").symlink_to(outside)
    with pytest.raises(ImageError) as caught:
        import_image(post, picture(), name="chart")
    assert caught.value.summary == (
        f"Could not use the image folder {tmp_path / 'blog' / 'notes'}: it is a link to "
        f"{outside}, outside the post's folder."
    )
    assert list(outside.iterdir()) == []
    (tmp_path / "blog" / "notes").unlink()
    (tmp_path / "blog" / "shots").mkdir()
    (tmp_path / "blog" / "notes").symlink_to("shots")  # a link within the folder is fine
    assert import_image(post, picture(), name="chart").path.parent.name == "shots"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Café screen shot", "cafe-screen-shot"),
        ("  Hello,   World!! ", "hello-world"),
        ("../../x", "x"),
        ("/etc/passwd", "etc-passwd"),
        ("a\x00b/c\\d", "a-b-c-d"),
        ("Straße Ærø", "strasse-aero"),
        ("..", ""),
        ("日本語", ""),
        ("con", "con-image"),
        ("LPT1", "lpt1-image"),
        ("a" * 79 + "-b", "a" * 79),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_asset_folder_of_a_path_no_file_can_have_is_an_image_error(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="a NUL character"):
        asset_folder(tmp_path / "no\x00tes.md")
