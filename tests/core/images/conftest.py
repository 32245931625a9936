"""The image tests' posts: a bundle and a flat post."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.image_cases import write


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A bundle post: images go beside its index.md."""
    return write(tmp_path / "blog" / "my-post" / "index.md", b"# Post\n")


@pytest.fixture
def flat(tmp_path: Path) -> Path:
    """A flat post: images go in a sibling folder named after it."""
    return write(tmp_path / "blog" / "notes.md", b"# Notes\n")
