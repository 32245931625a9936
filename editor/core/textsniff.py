"""What a file that is not UTF-8 text is: another file type, or text in an older encoding.

A post must be UTF-8 text. When it is not, the person needs to know which of two things
happened: a picture or a document was named ``.md`` by mistake (nothing to convert), or the
text was written in Latin-1 / Windows-1252 by an older editor (it can be converted). Binary
files are told by their magic numbers, NUL bytes and control bytes; legacy text by failing
UTF-8 while decoding as Windows-1252 into printable text.
"""

from __future__ import annotations

from dataclasses import dataclass

LEGACY_ENCODING = "cp1252"  # Windows-1252: Latin-1 and the "smart" quotes and dashes over it

_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", ".png"),
    (b"\xff\xd8\xff", "a JPEG image", ".jpg"),
    (b"GIF87a", "a GIF image", ".gif"),
    (b"GIF89a", "a GIF image", ".gif"),
    (b"%PDF-", "a PDF document", ".pdf"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, OpenDocument or other zipped document)", ".zip"),
    (b"\x1f\x8b", "a gzip archive", ".gz"),
    (b"BM", "a BMP image", ".bmp"),
    (b"II*\x00", "a TIFF image", ".tif"),
    (b"MM\x00*", "a TIFF image", ".tif"),
    (b"\x00\x00\x01\x00", "an icon file", ".ico"),
    (b"\x7fELF", "a program", ""),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document", ".doc"),
    (b"OggS", "an Ogg audio or video file", ".ogg"),
    (b"ID3", "an MP3 audio file", ".mp3"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", ".7z"),
)
_RIFF = {b"WEBP": ("a WebP image", ".webp"), b"WAVE": ("a WAV audio file", ".wav")}
# C0 control bytes that text never holds (tab, line feed, form feed, carriage return and
# escape are left out: they turn up in real posts).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_SAMPLE = 8192


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are: ``kind`` is ``"text"``, ``"binary"`` or ``"legacy"`` (Windows-1252).

    ``what`` names a binary file's type ("a PNG image"), or "" when it is not known;
    ``extension`` is that type's usual file extension (with the dot), or "".
    """

    kind: str
    what: str = ""
    extension: str = ""


def sniff(data: bytes) -> Sniffed:
    """Tell UTF-8 text, a binary file and Windows-1252 text apart (a BOM counts as text)."""
    binary = binary_type(data)
    if binary is not None:
        return binary
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Sniffed("text")
    try:
        data.decode(LEGACY_ENCODING)
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90 and 0x9D are not Windows-1252
        return Sniffed("binary")
    return Sniffed("legacy")


def binary_type(data: bytes) -> Sniffed | None:
    """A :class:`Sniffed` binary when the start of ``data`` shows it is no text, else None.

    Reads only the first 8 KiB (magic numbers, NUL bytes, more than 1% control bytes).
    """
    for magic, what, extension in _MAGIC:
        if data.startswith(magic):
            return Sniffed("binary", what, extension)
    if data[:4] == b"RIFF" and data[8:12] in _RIFF:
        return Sniffed("binary", *_RIFF[data[8:12]])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: text, but not text Galley edits
        return Sniffed("binary", "UTF-16 text", "")
    sample = data[:_SAMPLE]
    if b"\x00" in sample or sum(byte in _CONTROL for byte in sample) > len(sample) // 100:
        return Sniffed("binary")
    return None
