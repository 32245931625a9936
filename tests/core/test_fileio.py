"""Saves are atomic: a failure at any step leaves the original file byte-identical. Reads take
only regular files within a size cap."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from editor.core import fileio
from editor.core.errors import PostLoadError, SaveError
from editor.core.post import Post
from tests.helpers.hostile_files import link_to_dev_zero, make_fifo, unblocking
from tests.helpers.post_cases import CORPUS_LIKE


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


# -- reading: only regular files, within a size cap (RELIABILITY.md, 8)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "index.md")
    with unblocking(fifo) as guard, pytest.raises(PostLoadError) as caught:
        fileio.read_bytes(fifo)
    assert not guard.released  # it never waited for a writer
    assert caught.value.summary == f"Could not open {fifo}: it is a named pipe (FIFO), not a file."
    assert caught.value.detail == (
        "Galley opens only regular files; replace it with the real file."
    )


def test_a_link_to_dev_zero_is_refused_before_reading(tmp_path: Path) -> None:
    # In a child with 1 GB of address space: if it were read, it would fail fast, not fill
    # the machine's memory (it once took 1.9 GB and ended in a MemoryError).
    link = link_to_dev_zero(tmp_path / "index.md")
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from editor.core import fileio\n"
        "from editor.core.errors import PostLoadError\n"
        "try:\n"
        f"    fileio.read_bytes(Path({str(link)!r}))\n"
        "except PostLoadError as exc:\n"
        "    print(exc.summary); print(exc.detail)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.splitlines() == [
        f"Could not open {link}: it is a link to /dev/zero, which is a character device, "
        "not a file.",
        "Galley opens only regular files; replace the link with the real file.",
    ], result.stderr


def test_a_file_over_the_cap_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "huge.md"
    with big.open("wb") as file:
        file.truncate(2_254_857_830)  # sparse: 2.1 GB that take no disk space
    with pytest.raises(PostLoadError) as caught:
        fileio.read_bytes(big)
    assert caught.value.summary == f"Could not open {big}: it is 2.1 GB."
    assert caught.value.detail == (
        "Galley opens posts up to 50 MB; check that it is the right file."
    )
    small = tmp_path / "small.md"
    small.write_bytes(b"x" * 2000)
    assert fileio.read_bytes(small, 2000) == b"x" * 2000
    with pytest.raises(PostLoadError, match="Galley opens settings files up to 1 KB"):
        fileio.read_bytes(small, 1024, kind="settings files")


def test_a_file_bigger_than_it_says_is_cut_at_the_cap() -> None:
    status = Path("/proc/self/status")  # a regular file whose size says 0
    if not status.is_file() or status.stat().st_size != 0:
        pytest.skip("no /proc here")
    assert len(fileio.read_bytes(status)) > 100
    with pytest.raises(PostLoadError) as caught:
        fileio.read_bytes(status, 100)
    assert caught.value.detail == (
        "It is larger than 100 bytes; Galley opens posts up to 100 bytes."
    )


@pytest.mark.parametrize(
    ("make", "detail"),
    [
        (lambda p: p.mkdir(), "It is a folder, not a Markdown file."),
        (lambda p: None, "The file does not exist; check the name and folder."),
        (
            lambda p: p.symlink_to(p.name),
            "It is a symbolic link that leads round in a loop; fix or remove the link.",
        ),
    ],
    ids=["folder", "missing", "link-loop"],
)
def test_what_cannot_be_read_says_why(
    tmp_path: Path, make: Callable[[Path], object], detail: str
) -> None:
    path = tmp_path / "index.md"
    make(path)
    with pytest.raises(PostLoadError) as caught:
        fileio.read_bytes(path)
    assert caught.value.detail == detail


def test_same_file_sees_through_links(tmp_path: Path, post_file: Path) -> None:
    symlink = tmp_path / "link.html"
    symlink.symlink_to(post_file)
    hard = tmp_path / "hard.html"
    os.link(post_file, hard)
    other = tmp_path / "other.html"
    other.write_bytes(CORPUS_LIKE)
    assert fileio.same_file(symlink, post_file) and fileio.same_file(hard, post_file)
    assert not fileio.same_file(other, post_file)
    assert not fileio.same_file(tmp_path / "missing.html", post_file)
