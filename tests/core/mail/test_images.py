"""The image parts: once per file, the file's own bytes unless a mail client needs a copy."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from editor.core.mail import ImageParts, mail_copy
from tests.core.mail.cases import SVG


def test_the_same_file_by_any_path_is_one_part(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    Image.new("RGB", (4, 4), (1, 2, 3)).save(tmp_path / "a.png")
    parts = ImageParts("tideline.example")
    first = parts(tmp_path / "a.png", frozenset())
    assert first is not None and first.startswith("cid:") and first.endswith("@tideline.example")
    assert parts(tmp_path / "sub" / ".." / "a.png", frozenset()) == first
    assert parts(Path(str(tmp_path) + "/./a.png"), frozenset({"wide"})) == first
    (image,) = parts.images
    assert image.as_is and image.data == (tmp_path / "a.png").read_bytes()
    assert image.mime == "image/png" and image.filename == "a.png"
    # A small avatar is the same bytes: the same part.
    assert parts(tmp_path / "a.png", frozenset({"avatar"})) == first
    assert len(parts.images) == 1


def test_files_that_are_not_images_get_no_part(tmp_path: Path) -> None:
    (tmp_path / "fake.png").write_text("not a picture", encoding="utf-8")
    (tmp_path / "bad.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>")
    parts = ImageParts()
    assert parts(tmp_path / "fake.png", frozenset()) is None
    assert parts(tmp_path / "missing.png", frozenset()) is None
    assert parts(tmp_path / "bad.svg", frozenset()) is None  # one that could run
    assert parts(tmp_path, frozenset()) is None  # a folder
    assert parts.images == []


def test_copies_say_what_they_are(tmp_path: Path) -> None:
    Image.new("RGBA", (3, 2), (0, 0, 0, 0)).save(tmp_path / "clear.webp", "WEBP", lossless=True)
    frames = [Image.new("RGB", (4, 4), colour) for colour in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(tmp_path / "moving.webp", "WEBP", save_all=True, append_images=frames[1:])
    Image.new("RGB", (2, 2), (9, 9, 9)).save(tmp_path / "old.bmp")
    (tmp_path / "d.svg").write_bytes(SVG)
    clear = mail_copy(tmp_path / "clear.webp")
    assert clear is not None and clear[1:] == (
        "image/png",
        "clear.png",
        "a PNG copy of the WebP file",
    )
    moving = mail_copy(tmp_path / "moving.webp")
    assert moving is not None and moving[1] == "image/jpeg"
    assert moving[3] == "a JPEG copy of the WebP file (its first frame)"
    assert Image.open(io.BytesIO(moving[0])).getpixel((1, 1))[0] > 200  # red, the first
    bmp = mail_copy(tmp_path / "old.bmp")
    assert bmp is not None and bmp[1:3] == ("image/jpeg", "old.jpg")
    assert mail_copy(tmp_path / "d.svg") == (SVG, "image/svg+xml", "d.svg", "")


def test_gifs_travel_as_they_are_animation_and_all(tmp_path: Path) -> None:
    frames = [Image.new("P", (4, 4), colour) for colour in (1, 2, 3)]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:])
    copy = mail_copy(tmp_path / "a.gif")
    assert copy == ((tmp_path / "a.gif").read_bytes(), "image/gif", "a.gif", "")


def test_an_avatar_over_50_kb_becomes_a_thumbnail_a_body_image_never(tmp_path: Path) -> None:
    Image.effect_noise((500, 400), 90).convert("RGB").save(tmp_path / "me.png")
    assert (tmp_path / "me.png").stat().st_size > 50 * 1024
    parts = ImageParts()
    avatar = parts(tmp_path / "me.png", frozenset({"avatar"}))
    body = parts(tmp_path / "me.png", frozenset())
    assert avatar != body  # two parts: a thumbnail, and the picture itself
    thumb, whole = parts.images
    assert not thumb.as_is and thumb.note == "a 96 px thumbnail of the avatar"
    assert max(Image.open(io.BytesIO(thumb.data)).size) == 96
    assert whole.as_is and whole.data == (tmp_path / "me.png").read_bytes()
