"""Adding images to a post: checked by decoding, capped, named safely, changed only if asked.

Images are made with Pillow in each test; nothing needs a display.
"""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from editor.core.errors import GalleyError
from editor.core.images import (
    ImageError,
    ImportOptions,
    import_image,
)
from tests.helpers import FIXTURES
from tests.helpers.image_cases import (
    GPS_IFD,
    NOW,
    ORIENTATION,
    everything_under,
    photo_with_gps,
    picture,
    png_header_claiming,
    write,
)

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


def test_a_post_or_image_folder_no_file_can_have_is_an_image_error(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="post's file name has a NUL character"):
        import_image(tmp_path / "no\x00tes.md", picture())
    with pytest.raises(ImageError, match=r"asset_dir in galley\.toml"):
        import_image(tmp_path / "notes.md", picture(), asset_dir="img\x00")
    assert everything_under(tmp_path) == []


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


# --- where the site keeps images ----------------------------------------------------------------


def test_an_image_goes_where_the_site_puts_them_written_as_its_posts_write(
    tmp_path: Path,
) -> None:
    """A newsletter keeping each issue's images in ``static/emails/issues/<N>/``: the new
    issue's image goes to its folder, written ``/emails/issues/14/…`` as the others are."""
    from tests.helpers.site_images import newsletter_site, post

    site = newsletter_site(tmp_path)
    new = post(tmp_path / "content" / "newsletter" / "weekly-14.md", "title: Weekly 14 - X\n", "")
    images = site.image_resolver(new, writing=True)
    imported = import_image(
        new,
        picture(),
        name="storm chart",
        asset_dir=site.asset_folder(new),
        reference=images.reference_for,
    )
    assert imported.path == tmp_path / "static" / "emails" / "issues" / "14" / "storm-chart.png"
    assert imported.markdown == "![Storm chart](/emails/issues/14/storm-chart.png)"
    assert images.resolve("/emails/issues/14/storm-chart.png") == imported.path


def test_a_reference_with_spaces_is_written_in_angle_brackets(tmp_path: Path) -> None:
    post_path = tmp_path / "my post" / "index.md"
    post_path.parent.mkdir()
    imported = import_image(
        post_path, picture(), name="x", reference=lambda p: f"/my files/{p.name}"
    )
    assert imported.markdown == "![X](</my files/x.png>)"
