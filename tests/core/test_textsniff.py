"""A file that is not UTF-8 text: a picture named .md, or Latin-1 text to convert."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.errors import PostLoadError
from editor.core.post import decode
from editor.core.textsniff import LEGACY_ENCODING, sniff
from tests.helpers.post_cases import PNG_1X1


@pytest.mark.parametrize(
    ("data", "kind", "what"),
    [
        ("---\ntitle: Café\n---\n".encode(), "text", ""),
        (PNG_1X1, "binary", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary", "a JPEG image"),
        (b"%PDF-1.7\n", "binary", "a PDF document"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "binary", "a WebP image"),
        (b"plain\x00text", "binary", ""),
        (bytes(range(1, 8)) * 20, "binary", ""),  # control bytes text never has
        ("Résumé \u201cquoted\u201d".encode("cp1252"), "legacy", ""),
        (b"caf\xe9 \x81", "binary", ""),  # 0x81 is not Windows-1252 either
    ],
)
def test_sniff(data: bytes, kind: str, what: str) -> None:
    found = sniff(data)
    assert (found.kind, found.what) == (kind, what)


def test_a_png_named_md_is_not_a_text_file_and_no_iconv_is_suggested() -> None:
    with pytest.raises(PostLoadError) as caught:
        decode(PNG_1X1, Path("/site/post.md"))
    error = caught.value
    assert error.reason == "binary"
    assert (
        error.summary
        == "Could not open /site/post.md: it is not a text file (it looks like a PNG image)."
    )
    assert "give it back a name ending in .png" in error.detail
    assert "iconv" not in str(error)


def test_latin1_text_is_offered_conversion_and_reads_as_windows_1252() -> None:
    data = "---\ntitle: Café\n---\n\n\u201cRésumé\u201d\n".encode("cp1252")
    with pytest.raises(PostLoadError) as caught:
        decode(data, Path("/site/post.md"))
    error = caught.value
    assert error.reason == "legacy-encoding"
    assert "looks like Latin-1 (Windows-1252) text (byte 0xE9 at line 2" in error.summary
    assert "offers to convert it" in error.detail and "iconv -f windows-1252" in error.detail
    assert decode(data, Path("/site/post.md"), LEGACY_ENCODING).endswith("\u201cRésumé\u201d\n")
