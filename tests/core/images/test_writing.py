"""Writing an image never overwrites a file, and a failed write leaves nothing behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from editor.core.images import (
    ImageError,
    import_image,
)
from tests.helpers.image_cases import (
    everything_under,
    fail_with,
    picture,
    write,
)

# --- write failures leave nothing behind --------------------------------------------------------


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
    monkeypatch.setattr(os, patched, fail_with(code))
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
    monkeypatch.setattr(os, "link", fail_with(errno.EPERM))  # e.g. a FAT-formatted stick
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
