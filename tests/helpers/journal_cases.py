"""Journals left by instances that crashed, and posts on disk, for the journal's tests."""

from __future__ import annotations

from pathlib import Path

from editor.core.journal import DiskState, Journal

FRONT_MATTER = "---\ntitle: Héllo «world»\ntags: ['newsletter']\n---\n\nFirst words.\n"


def crashed(folder: Path, *texts: str, instance: str = "dead-1") -> list[Path]:
    """Entries left by an instance that ended without closing its journal."""
    old = Journal(folder, instance=instance)
    files = [
        old.write(f"k{i}", None, text, display_name=f"Post {i}", base=None)
        for i, text in enumerate(texts)
    ]
    old.close(clean=False)  # what a crash does: the lock is let go, nothing is tidied
    return files


def post_file(tmp_path: Path, text: str = FRONT_MATTER) -> tuple[Path, DiskState]:
    path = tmp_path / "post" / "index.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode())
    return path, DiskState.from_bytes(path, text.encode())
