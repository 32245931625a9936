"""Saves are atomic: a failure at any step leaves the original file byte-identical."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from editor import fileio
from editor.errors import SaveError
from editor.post import Post
from tests.post_cases import CORPUS_LIKE


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    path = tmp_path / "index.md"
    path.write_bytes(CORPUS_LIKE)
    return path


def edited(path: Path) -> Post:
    post = Post.load(path)
    post.meta["title"] = "Changed"
    post.body += "More words.\n"
    return post


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "index.md")


def test_disk_full_during_write_leaves_the_original(
    post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = edited(post_file)

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "write", full)
    with pytest.raises(SaveError) as info:
        post.save()
    assert post_file.read_bytes() == CORPUS_LIKE
    assert leftovers(post_file.parent) == []
    assert "disk is full" in info.value.detail and "unchanged" in info.value.detail
    assert post.modified  # still unsaved


def test_short_writes_are_completed(post_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(fileio.os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    post = edited(post_file)
    post.save()
    assert post_file.read_text() == post.dumps()


def test_failed_replace_leaves_the_original(
    post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(src: str, dst: str) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(fileio.os, "replace", fail)
    with pytest.raises(SaveError) as info:
        edited(post_file).save()
    assert post_file.read_bytes() == CORPUS_LIKE
    assert leftovers(post_file.parent) == []
    assert "input/output error" in info.value.detail


def test_failed_fsync_leaves_the_original(post_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(fd: int) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(fileio.os, "fsync", fail)
    with pytest.raises(SaveError):
        edited(post_file).save()
    assert post_file.read_bytes() == CORPUS_LIKE
    assert leftovers(post_file.parent) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder_gives_advice(post_file: Path) -> None:
    post_file.parent.chmod(0o555)
    try:
        with pytest.raises(SaveError) as info:
            edited(post_file).save()
        assert "permission" in info.value.detail
    finally:
        post_file.parent.chmod(0o755)
    assert post_file.read_bytes() == CORPUS_LIKE


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o640])
def test_permissions_are_kept(post_file: Path, mode: int) -> None:
    post_file.chmod(mode)
    edited(post_file).save()
    assert stat.S_IMODE(post_file.stat().st_mode) == mode


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    Post.parse("Hello\n").save(target)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_symlinked_post_stays_a_symlink(tmp_path: Path, post_file: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(post_file)
    post = Post.load(link)
    post.meta["title"] = "Through the link"
    post.save()
    assert link.is_symlink()
    assert Post.load(post_file).meta["title"] == "Through the link"


def test_save_into_a_missing_folder_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(SaveError) as info:
        Post.parse("x\n").save(tmp_path / "gone" / "index.md")
    assert "Save As" in info.value.detail


def test_atomic_write_replaces_the_content(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    fileio.atomic_write(target, b"one")
    fileio.atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert leftovers(tmp_path) == ["a.txt"]


@pytest.mark.parametrize("mode", [0o4755, 0o2755, 0o6750])
def test_setuid_and_setgid_bits_are_kept(post_file: Path, mode: int) -> None:
    # chown clears these bits, so the mode must be set after the owner.
    post_file.chmod(mode)
    edited(post_file).save()
    assert stat.S_IMODE(post_file.stat().st_mode) == mode


def test_before_replace_can_stop_the_rename(post_file: Path) -> None:
    class Stop(Exception):
        pass

    def stop() -> None:
        raise Stop

    with pytest.raises(Stop):
        fileio.atomic_write(post_file, b"new text\n", before_replace=stop)
    assert post_file.read_bytes() == CORPUS_LIKE
    assert leftovers(post_file.parent) == []
