"""The fixture sites, one per generator, and a copy of one to change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from editor.core.site import PostInfo, Site
from tests.helpers import FIXTURES

SITES = FIXTURES / "sites"


def posts_of(site: Site) -> list[str]:
    """The site's posts, from its root, sorted."""
    return sorted(p.path.relative_to(site.root).as_posix() for p in site.posts)


def post(site: Site, rel: str) -> PostInfo:
    """The PostInfo of the post at ``rel`` from the site root."""
    found = site.post(site.root / rel)
    assert found is not None, rel
    return found


@pytest.fixture
def copy_site(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of the fixture site of a generator, to change."""

    def copy(name: str) -> Path:
        return Path(shutil.copytree(SITES / name, tmp_path / name))

    return copy


def write_files(root: Path, files: dict[str, str]) -> Path:
    """A small site: each file of ``files`` (path from ``root`` → text) written under it."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
