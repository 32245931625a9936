"""Images made with Pillow for the image tests (nothing needs a display), and file helpers."""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from PIL import Image

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


def fail_with(code: int) -> Callable[..., NoReturn]:
    def fail(*args: object, **kwargs: object) -> NoReturn:
        raise OSError(code, os.strerror(code))

    return fail
