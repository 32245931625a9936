"""Adding images to a post: checked by decoding, capped, named safely, never overwriting.

Images are made with Pillow in each test; nothing needs a display.
"""

from __future__ import annotations

import base64
import errno
import io
import os
import struct
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import pytest
from PIL import Image

from editor.core.errors import GalleyError
from editor.core.images import (
    ImageError,
    ImportOptions,
    asset_folder,
    image_reference_at,
    import_image,
    rename_image,
    slugify,
)
from tests.helpers import FIXTURES

NOW = datetime(2024, 5, 1, 9, 30, 5)
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def picture(
    fmt: str = "PNG", size: tuple[int, int] = (4, 3), color: str = "red", **params: object
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **params)
    return out.getvalue()


def photo_with_gps(fmt: str = "JPEG", size: tuple[int, int] = (40, 20)) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Camera maker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (51.0, 28.0, 38.0)
    return picture(fmt, size, exif=exif.tobytes())


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (no memory is needed to make it)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def everything_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A bundle post: images go beside its index.md."""
    return write(tmp_path / "blog" / "my-post" / "index.md", b"# Post\n")


@pytest.fixture
def flat(tmp_path: Path) -> Path:
    """A flat post: images go in a sibling folder named after it."""
    return write(tmp_path / "blog" / "notes.md", b"# Notes\n")


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


# --- importing ----------------------------------------------------------------------------------


def test_an_image_is_copied_verbatim_with_markdown_and_alt(tmp_path: Path, bundle: Path) -> None:
    data = picture()
    source = write(tmp_path / "src" / "Shortcuts plugin.png", data)

    image = import_image(bundle, source)

    assert image.path == bundle.parent / "shortcuts-plugin.png"
    assert image.path.read_bytes() == data
    assert image.markdown == "![Shortcuts plugin](./shortcuts-plugin.png)"
    assert image.alt == "Shortcuts plugin"
    assert image.reused is False
    assert everything_under(bundle.parent) == ["index.md", "shortcuts-plugin.png"]


@pytest.mark.parametrize(
    ("fmt", "extension"), [("PNG", ".png"), ("JPEG", ".jpg"), ("GIF", ".gif"), ("WEBP", ".webp")]
)
def test_each_raster_format_keeps_its_bytes_and_gets_its_extension(
    bundle: Path, fmt: str, extension: str
) -> None:
    data = picture(fmt)
    image = import_image(bundle, data, name="pic")
    assert image.path.name == f"pic{extension}"
    assert image.path.read_bytes() == data


def test_the_extension_comes_from_the_real_format(tmp_path: Path, bundle: Path) -> None:
    source = write(tmp_path / "src" / "photo.jpg", picture("PNG"))
    assert import_image(bundle, source).path.name == "photo.png"


def test_unicode_and_spaces_in_the_name(tmp_path: Path, bundle: Path) -> None:
    source = write(tmp_path / "src" / "Café screen shot.PNG", picture())
    image = import_image(bundle, source)
    assert image.path.name == "cafe-screen-shot.png"
    assert image.markdown == "![Cafe screen shot](./cafe-screen-shot.png)"


def test_name_wins_and_alt_is_used_as_written_but_escaped(tmp_path: Path, bundle: Path) -> None:
    source = write(tmp_path / "src" / "IMG_0001.png", picture())
    alt = "The [new] menu \\ tab\nbar"
    image = import_image(bundle, source, name="New menu", alt=alt)
    assert image.path.name == "new-menu.png"
    assert image.alt == alt
    assert image.markdown == "![The \\[new\\] menu \\\\ tab bar](./new-menu.png)"


def test_pasted_bytes_without_a_name_become_a_screenshot(bundle: Path) -> None:
    image = import_image(bundle, picture(), now=NOW)
    assert image.path.name == "screenshot-2024-05-01-093005.png"
    assert image.markdown == "![Screenshot](./screenshot-2024-05-01-093005.png)"


def test_pasted_bytes_with_alt_are_named_after_it(bundle: Path) -> None:
    image = import_image(bundle, picture(), alt="Sales by month")
    assert image.path.name == "sales-by-month.png"
    assert image.alt == "Sales by month"


def test_a_different_file_with_the_same_name_gets_a_number(tmp_path: Path, bundle: Path) -> None:
    first, second, third = picture(color="red"), picture(color="blue"), picture(color="green")
    paths = [import_image(bundle, data, name="chart").path for data in (first, second, third)]
    assert [p.name for p in paths] == ["chart.png", "chart-2.png", "chart-3.png"]
    assert [p.read_bytes() for p in paths] == [first, second, third]


def test_an_identical_file_is_reused(tmp_path: Path, bundle: Path) -> None:
    data = picture()
    first = import_image(bundle, data, name="chart")
    again = import_image(bundle, write(tmp_path / "src" / "other name.png", data))
    assert again.reused is True
    assert again.path == first.path
    assert again.markdown == "![Other name](./chart.png)"
    assert everything_under(bundle.parent) == ["chart.png", "index.md"]


def test_an_identical_file_in_a_subfolder_is_reused(bundle: Path) -> None:
    data = picture(color="blue")
    write(bundle.parent / "img" / "foo.png", picture(color="red"))  # same size, other bytes
    existing = write(bundle.parent / "img" / "deeper" / "foo.png", data)
    image = import_image(bundle, data, name="bar")
    assert image.reused is True
    assert image.path == existing
    assert image.markdown == "![Bar](./img/deeper/foo.png)"


def test_a_symlink_with_identical_content_is_not_reused(tmp_path: Path, bundle: Path) -> None:
    data = picture()
    outside = write(tmp_path / "elsewhere" / "pic.png", data)
    (bundle.parent / "pic.png").symlink_to(outside)
    image = import_image(bundle, data, name="pic")
    assert image.reused is False
    assert image.path.name == "pic-2.png"


def test_a_flat_post_gets_its_folder(tmp_path: Path, flat: Path) -> None:
    image = import_image(flat, picture(), name="diagram")
    assert image.path == flat.parent / "notes" / "diagram.png"
    assert image.markdown == "![Diagram](./notes/diagram.png)"


def test_a_configured_asset_dir_is_used(bundle: Path) -> None:
    image = import_image(bundle, picture(), name="diagram", asset_dir="images/2024")
    assert image.path == bundle.parent / "images" / "2024" / "diagram.png"
    assert image.markdown == "![Diagram](./images/2024/diagram.png)"


def test_an_absolute_asset_dir_outside_the_post_is_linked_upwards(
    tmp_path: Path, bundle: Path
) -> None:
    image = import_image(bundle, picture(), name="diagram", asset_dir=tmp_path / "shared")
    assert image.path == tmp_path / "shared" / "diagram.png"
    assert image.markdown == "![Diagram](../../shared/diagram.png)"


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("../../x", "x.png"),
        ("/etc/passwd", "etc-passwd.png"),
        ("..", "source.png"),  # nothing left of the name: the source's name is next
        ("a/b\x00c", "a-b-c.png"),
        ("con", "con-image.png"),
    ],
)
def test_hostile_names_stay_in_the_folder(
    tmp_path: Path, bundle: Path, name: str, file_name: str
) -> None:
    source = write(tmp_path / "src" / "source.png", picture())
    image = import_image(bundle, source, name=name)
    assert image.path == bundle.parent / file_name
    expected = ["my-post", f"my-post/{file_name}", "my-post/index.md"]
    assert everything_under(tmp_path / "blog") == sorted(expected)


def test_a_source_named_dot_dot_png_becomes_a_screenshot(tmp_path: Path, bundle: Path) -> None:
    source = write(tmp_path / "src" / "..png", picture())
    assert import_image(bundle, source, now=NOW).path.name == "screenshot-2024-05-01-093005.png"


# --- refusals: nothing is written ---------------------------------------------------------------


def _text(tmp: Path) -> Path:
    return write(tmp / "notes.png", b"just some text, not an image\n")


def _truncated(tmp: Path) -> Path:
    return write(tmp / "cut.png", picture(size=(64, 64))[:-40])


def _empty(tmp: Path) -> Path:
    return write(tmp / "empty.png", b"")


def _folder(tmp: Path) -> Path:
    (tmp / "folder.png").mkdir(parents=True)
    return tmp / "folder.png"


def _symlink(tmp: Path) -> Path:
    target = write(tmp / "real.png", picture())
    (tmp / "link.png").symlink_to(target)
    return tmp / "link.png"


def _missing(tmp: Path) -> Path:
    return tmp / "missing.png"


def _fifo(tmp: Path) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    os.mkfifo(tmp / "pipe.png")
    return tmp / "pipe.png"


def _html(tmp: Path) -> Path:
    return write(tmp / "page.svg", b"<html><body>hi</body></html>")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_text, "not a PNG, JPEG, GIF, WebP or SVG image"),
        (_truncated, "damaged"),
        (_empty, "empty"),
        (_folder, "folder"),
        (_symlink, "symbolic link"),
        (_missing, "does not exist"),
        (_fifo, "not a regular file"),
        (_html, "not a PNG, JPEG, GIF, WebP or SVG image"),
    ],
)
def test_what_is_not_an_image_file_is_refused_and_nothing_is_written(
    tmp_path: Path, flat: Path, make: object, reason: str
) -> None:
    assert callable(make)
    source: Path = make(tmp_path / "src")
    before = everything_under(tmp_path / "blog")

    with pytest.raises(ImageError) as caught:
        import_image(flat, source)

    assert caught.value.summary == f"Could not add the image {source.name}."
    assert reason in caught.value.detail
    assert caught.value.path == source
    assert isinstance(caught.value, GalleyError)
    assert everything_under(tmp_path / "blog") == before  # not even notes/ was created


def test_a_file_over_the_size_cap_is_refused_without_reading_it(
    tmp_path: Path, flat: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "src" / "huge.png", picture())
    os.truncate(source, 26 * 1024 * 1024)  # sparse: costs no disk space

    def no_reading(*args: object, **kwargs: object) -> int:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(os, "open", no_reading)
    with pytest.raises(ImageError, match=r"26\.0 MB; images larger than 25 MB"):
        import_image(flat, source)
    monkeypatch.undo()
    assert not (flat.parent / "notes").exists()


def test_the_size_cap_is_an_option_and_applies_to_bytes(flat: Path) -> None:
    with pytest.raises(ImageError, match="larger than"):
        import_image(flat, picture(), options=ImportOptions(max_bytes=10))


def test_too_many_pixels_are_refused_from_the_header(
    flat: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # our cap does not rely on Pillow's
    with pytest.raises(ImageError, match="8000 × 8000 pixels"):
        import_image(flat, png_header_claiming(8000, 8000))
    assert not (flat.parent / "notes").exists()


def test_a_decompression_bomb_is_refused(flat: Path) -> None:
    with pytest.raises(ImageError, match="megapixels"):
        import_image(flat, png_header_claiming(100_000, 100_000))


def test_the_pixel_cap_is_an_option(flat: Path) -> None:
    with pytest.raises(ImageError, match="4 × 3 pixels"):
        import_image(flat, picture(size=(4, 3)), options=ImportOptions(max_pixels=11))


# --- write failures leave nothing behind --------------------------------------------------------


def _fail_with(code: int) -> Callable[..., NoReturn]:
    def fail(*args: object, **kwargs: object) -> NoReturn:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("patched", "code", "advice"),
    [
        ("link", errno.ENOSPC, "The disk is full"),
        ("write", errno.ENOSPC, "The disk is full"),
        ("open", errno.EACCES, "You do not have permission to write"),
        ("open", errno.EROFS, "The disk is read-only"),
        ("fsync", errno.EIO, "input/output error"),
    ],
)
def test_a_failed_write_is_reported_and_leaves_nothing(
    tmp_path: Path,
    flat: Path,
    monkeypatch: pytest.MonkeyPatch,
    patched: str,
    code: int,
    advice: str,
) -> None:
    data = picture()  # bytes: reading a source must not hit the patched call
    monkeypatch.setattr(os, patched, _fail_with(code))
    with pytest.raises(ImageError) as caught:
        import_image(flat, data, name="chart")
    monkeypatch.undo()
    assert caught.value.summary == "Could not add the pasted image."
    assert advice in caught.value.detail
    assert "Nothing was added." in caught.value.detail
    assert everything_under(tmp_path / "blog") == ["notes.md"]


def test_without_hard_links_the_file_is_created_exclusively(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = write(bundle.parent / "chart.png", picture(color="blue"))
    monkeypatch.setattr(os, "link", _fail_with(errno.EPERM))  # e.g. a FAT-formatted stick
    data = picture(color="red")
    image = import_image(bundle, data, name="chart")
    assert image.path.name == "chart-2.png"
    assert image.path.read_bytes() == data
    assert taken.read_bytes() == picture(color="blue")
    assert everything_under(bundle.parent) == ["chart-2.png", "chart.png", "index.md"]


def test_a_file_in_the_way_of_the_folder_is_reported(tmp_path: Path, flat: Path) -> None:
    write(flat.parent / "notes", b"not a folder")
    with pytest.raises(ImageError, match="in the way"):
        import_image(flat, picture())


# --- SVG ----------------------------------------------------------------------------------------

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
    b'<rect width="4" height="4"/></svg>\n'
)


def test_a_plain_svg_is_copied_verbatim(tmp_path: Path, bundle: Path) -> None:
    source = write(tmp_path / "src" / "Logo.svg", SVG)
    image = import_image(bundle, source)
    assert image.path.name == "logo.svg"
    assert image.path.read_bytes() == SVG


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><s:script xmlns:s="http://www.w3.org/2000/svg"/></svg>',
            "<script>",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "onload handler"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            '<a x:href=" java&#9;script:alert(1)"><rect/></a></svg>',
            "javascript:",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>hi</p></foreignObject></svg>',
            "<foreignObject>",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            "DOCTYPE",
        ),
        (
            '<?xml-stylesheet type="text/xsl" href="evil.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "stylesheet",
        ),
        ("<svg><rect/></svg>", "not a PNG, JPEG, GIF, WebP or SVG image"),  # no SVG namespace
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "not well-formed"),
    ],
)
def test_an_unsafe_or_broken_svg_is_refused(
    tmp_path: Path, flat: Path, svg: str, reason: str
) -> None:
    source = write(tmp_path / "src" / "drawing.svg", svg.encode())
    with pytest.raises(ImageError) as caught:
        import_image(flat, source)
    assert reason in caught.value.detail
    assert everything_under(tmp_path / "blog") == ["notes.md"]


# An SVG is published beside the post and may be opened as a page of its own, where a script
# runs with the site's origin: only SVG presentation is accepted (editor/svgcheck.py). Each
# payload below was accepted by the deny-list check this replaced, or is of the same kind.
NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = 'xmlns:h="http://www.w3.org/1999/xhtml"'
PNG_DATA = "data:image/png;base64," + base64.b64encode(picture()).decode()
HOSTILE_SVGS = [
    # XHTML elements: run or load in the image's origin when it is opened as a page.
    (f'<h:iframe {XHTML} srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/>', "<h:iframe>"),
    (
        f'<h:iframe {XHTML} src="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>',
        "<h:iframe>",
    ),
    (f'<h:embed {XHTML} src="https://evil.example/x.swf"/>', "<h:embed>"),
    (f'<h:object {XHTML} data="https://evil.example/x.html"/>', "<h:object>"),
    (f'<h:meta {XHTML} http-equiv="refresh" content="0;url=https://evil.example/"/>', "<h:meta>"),
    ('<H:IFRAME xmlns:H="http://www.w3.org/1999/xhtml"/>', "<H:IFRAME>"),
    (
        '<g><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/></g>',
        "<iframe>",
    ),
    (f"<h:script {XHTML}>alert(1)</h:script>", "<h:script>"),
    (f'<metadata><h:iframe {XHTML} srcdoc="x"/></metadata>', "<h:iframe>"),
    (
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd">'
        f"<h:script {XHTML}>alert(1)</h:script></sodipodi:namedview>",
        "<h:script>",
    ),
    ('<math xmlns="http://www.w3.org/1998/Math/MathML" href="https://evil.example/"/>', "<math>"),
    ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "<rdf:RDF>"),
    ('<ev:listener xmlns:ev="http://www.w3.org/2001/xml-events" event="load"/>', "<ev:listener>"),
    # SVG elements that are not drawing, in any case.
    ("<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT>"),
    ('<script xlink:href="https://evil.example/x.js"/>', "<script>"),
    ('<iframe src="https://evil.example/"/>', "<iframe>"),
    ('<tref xlink:href="https://evil.example/t.svg#t"/>', "<tref>"),
    ('<font-face font-family="x"/>', "<font-face>"),
    # CSS that loads: escapes are decoded by the tokenizer as by a browser.
    ("<style>@import url(https://evil.example/a.css);</style>", "@import"),
    ("<style>@\\69mport 'https://evil.example/a.css';</style>", "@import"),
    ("<style>@IMPORT url(https://evil.example/a.css);</style>", "@import"),
    ("<style><![CDATA[@import url(https://evil.example/a.css);]]></style>", "@import"),
    ("<style>rect { fill: u\\72l(https://evil.example/p.svg#p) }</style>", "url(https://evil"),
    ("<style>rect { fill: url('https://evil.example/p.svg#p') }</style>", "url("),
    ("<style>@font-face { font-family: x; src: url(#f) }</style>", "@font-face"),
    ('<style>rect { fill: image-set("https://evil.example/a.png" 1x) }</style>', "image-set()"),
    ("<style>rect { fill: attr(data-x url) }</style>", "attr()"),
    ("<style>@namespace x url(https://evil.example/);</style>", "@namespace"),
    ("<style>rect { fill: red; .a { fill: url(https://evil.example/) } }</style>", "parse"),
    ('<rect style="fill:url(https://evil.example/p.svg#p)"/>', "style attribute"),
    ('<rect style="fill:url(&quot;https://evil.example/p&quot;)"/>', "style attribute"),
    ('<rect style="be\\68 avior:url(#x)"/>', "behavior"),
    ('<rect style="fill:red; @import url(https://evil.example/a.css)"/>', "@import"),
    ('<rect fill="url(https://evil.example/p.svg#g)"/>', "fill attribute"),
    ('<rect fill="u\\72l(https://evil.example/p.svg#g)"/>', "fill attribute"),
    ('<rect filter="url(filters.svg#blur)"/>', "filter attribute"),
    # References outside the file.
    ('<use href="https://evil.example/s.svg#x"/>', "link to https://evil.example/s.svg#x"),
    ('<use xlink:href="sprites.svg#x"/>', "link to sprites.svg#x"),
    ('<image href="https://evil.example/track.png"/>', "picture linked from https://evil"),
    ('<image xlink:href="file:///etc/passwd"/>', "picture linked from file:///etc/passwd"),
    ('<image href="photo.png"/>', "Embed the picture"),
    ('<filter><feImage href="https://evil.example/x.png"/></filter>', "picture linked from"),
    ('<filter><feImage href="data:image/svg+xml;base64,PHN2Zy8+"/></filter>', "as image/svg+xml"),
    ('<a href="https://evil.example/"><rect/></a>', "link to https://evil.example/"),
    ('<svg xml:base="https://evil.example/"><use href="#x"/></svg>', "xml:base"),
    ('<rect xlink:actuate="onLoad" xlink:show="embed" xlink:href="#a"/>', "xlink:actuate"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><rect/></a>', "data:"),
    # Script links, however they are spelled.
    ('<a href="javascript:alert(1)"><rect/></a>', "javascript:"),
    ('<a href="java&#x73;cript:alert(1)"><rect/></a>', "javascript:"),
    ('<a xlink:href="&#x20;JAVASCRIPT&#x3a;alert(1)"><rect/></a>', "javascript:"),
    ('<a href="vbscript:msgbox(1)"><rect/></a>', "vbscript:"),
    # Animating a reference or a style, by any name.
    (
        '<a><set attributeName="href" to="data:text/html,&lt;script&gt;x&lt;/script&gt;"/></a>',
        "data:",
    ),
    ('<a><animate attributeName="href" values="#;javascript:alert(1)"/><rect/></a>', "javascript:"),
    ('<a><animate attributeName="href" values="#a;https://evil.example/"/></a>', '"href"'),
    ('<a><set attributeName="xlink:href" to="#x"/></a>', '"xlink:href"'),
    ('<a><animate attributeName=" href " dur="1s" to="#b"/></a>', '"href"'),
    ('<rect><set attributeName="style" to="fill:red"/></rect>', '"style"'),
    (
        '<rect><animate attributeName="fill" values="red;url(https://evil.example/p#p)"/></rect>',
        "values",
    ),
    # Handlers and instructions.
    ('<rect onclick="alert(1)"/>', "onclick handler"),
    ('<rect ONLOAD="alert(1)"/>', "ONLOAD handler"),
    ('<rect formaction="https://evil.example/"/>', "formaction attribute"),
    ('<?xml-stylesheet href="https://evil.example/s.css" type="text/css"?><svg/>', "stylesheet"),
    ("<?php echo 1; ?><svg/>", "<?php?>"),
]


def _svg_document(payload: str) -> bytes:
    if payload.startswith("<?") or payload.startswith("<svg"):
        head, _, rest = payload.partition("<svg")
        return f"{head}<svg {NS}{rest}".encode()
    return f"<svg {NS}>{payload}</svg>".encode()


@pytest.mark.parametrize(("payload", "reason"), HOSTILE_SVGS, ids=range(len(HOSTILE_SVGS)))
def test_an_svg_that_does_more_than_draw_is_refused(
    tmp_path: Path, flat: Path, payload: str, reason: str
) -> None:
    source = write(tmp_path / "src" / "drawing.svg", _svg_document(payload))
    with pytest.raises(ImageError) as caught:
        import_image(flat, source)
    assert caught.value.summary == "Could not add the image drawing.svg."
    assert reason in caught.value.detail
    # Two parts a person can act on: what is in the file, then what to do about it.
    assert caught.value.detail.endswith(("use PNG.", "then add it again.", "whole image."))
    assert everything_under(tmp_path / "blog") == ["notes.md"]


@pytest.mark.parametrize(
    "fixture",
    ["inkscape.svg", "illustrator.svg", "illustrator-legacy.svg", "figma.svg", "icon-set.svg"],
)
def test_svgs_from_drawing_programs_are_accepted(bundle: Path, fixture: str) -> None:
    """Gradients, clip paths, filters, markers, <use href="#id">, class rules with url(#grad),
    @media and @keyframes, embedded PNGs, Inkscape's namedview and the RDF metadata."""
    data = (FIXTURES / "svg" / fixture).read_bytes()
    image = import_image(bundle, write(bundle.parent.parent / fixture, data))
    assert image.path.read_bytes() == data


def test_an_svg_may_embed_a_picture_but_not_an_svg(bundle: Path) -> None:
    drawing = f'<svg {NS}><image width="4" height="3" xlink:href="{PNG_DATA}"/></svg>'
    assert import_image(bundle, drawing.encode()).path.suffix == ".svg"
    nested = drawing.replace("image/png", "image/svg+xml")
    with pytest.raises(ImageError, match="picture embedded as image/svg"):
        import_image(bundle, nested.encode())


# --- file names that no file can have -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (Path("a\x00b.png"), "a NUL character"),
        ("shot\x00.png", "a NUL character"),
        ("\ud800.png", "not valid in a file name"),
    ],
)
def test_a_source_name_no_file_can_have_is_an_image_error(
    tmp_path: Path, flat: Path, source: str | Path, reason: str
) -> None:
    """os.lstat raises ValueError (not OSError) for these; it used to escape import_image."""
    with pytest.raises(ImageError) as caught:
        import_image(flat, source)
    assert caught.value.summary.startswith("Could not add the image ")
    assert "\x00" not in caught.value.summary and "\ud800" not in caught.value.summary
    assert reason in caught.value.detail and caught.value.detail.endswith("then add it.")
    assert everything_under(tmp_path / "blog") == ["notes.md"]


def test_asset_folder_of_a_path_no_file_can_have_is_an_image_error(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="a NUL character"):
        asset_folder(tmp_path / "no\x00tes.md")


def test_a_post_or_image_folder_no_file_can_have_is_an_image_error(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="post's file name has a NUL character"):
        import_image(tmp_path / "no\x00tes.md", picture())
    with pytest.raises(ImageError, match=r"asset_dir in galley\.toml"):
        import_image(tmp_path / "notes.md", picture(), asset_dir="img\x00")
    assert everything_under(tmp_path) == []


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


# --- options ------------------------------------------------------------------------------------


def test_max_width_scales_wide_images_down_and_leaves_others_alone(bundle: Path) -> None:
    options = ImportOptions(max_width=100)
    wide = import_image(bundle, picture(size=(400, 100)), name="wide", options=options)
    with Image.open(wide.path) as image:
        assert (image.format, image.size) == ("PNG", (100, 25))
    small_data = picture(size=(80, 10), color="blue")
    small = import_image(bundle, small_data, name="small", options=options)
    assert small.path.read_bytes() == small_data


def test_max_width_uses_the_shown_width_of_a_rotated_photo(bundle: Path) -> None:
    data = photo_with_gps(size=(40, 20))  # stored 40 × 20, shown 20 × 40 (orientation 6)
    image = import_image(bundle, data, name="photo", options=ImportOptions(max_width=10))
    with Image.open(image.path) as scaled:
        assert (scaled.format, scaled.size) == ("JPEG", (10, 20))
        assert scaled.getexif().get(ORIENTATION) in (None, 1)


def test_max_width_never_scales_an_animated_gif(bundle: Path) -> None:
    frames = [Image.new("RGB", (300, 10), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    image = import_image(bundle, out.getvalue(), name="anim", options=ImportOptions(max_width=100))
    assert image.path.read_bytes() == out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_strip_location_removes_gps_and_keeps_orientation(bundle: Path, fmt: str) -> None:
    data = photo_with_gps(fmt)
    kept = import_image(bundle, data, name="kept")
    assert kept.path.read_bytes() == data  # off by default: verbatim

    image = import_image(bundle, data, name="photo", options=ImportOptions(strip_location=True))
    with Image.open(image.path) as stripped:
        exif = stripped.getexif()
        assert stripped.format == fmt
        assert GPS_IFD not in exif
        assert exif[ORIENTATION] == 6
        assert exif[0x010F] == "Camera maker"


def test_strip_location_keeps_every_frame_of_an_animated_webp(bundle: Path) -> None:
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD)[1] = "N"
    frames = [Image.new("RGB", (8, 8), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], exif=exif.tobytes())
    image = import_image(bundle, out.getvalue(), options=ImportOptions(strip_location=True))
    with Image.open(image.path) as stripped:
        assert getattr(stripped, "n_frames", 1) == 3
        assert GPS_IFD not in stripped.getexif()


def test_strip_location_copies_an_image_without_gps_verbatim(bundle: Path) -> None:
    data = picture("JPEG")
    image = import_image(bundle, data, options=ImportOptions(strip_location=True), name="plain")
    assert image.path.read_bytes() == data


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
    monkeypatch.setattr(os, "link", _fail_with(errno.EPERM))
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
