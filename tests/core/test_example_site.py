"""The bundled example newsletter is copied to the user's folder once, then opened as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core import example_site
from editor.core.errors import GalleyError
from editor.core.site import Site


def test_the_first_use_copies_a_complete_site(tmp_path: Path) -> None:
    copy = example_site.ensure_copy(tmp_path / "Example Newsletter")
    assert (copy / "galley.toml").is_file()
    site = Site.open(copy)
    assert len([post for post in site.posts if post.ok]) == 3
    assert list((copy / "content" / "blog").rglob("*.png"))  # the images came along
    assert not (tmp_path / "Example Newsletter.partial").exists()


def test_a_later_use_keeps_the_users_changes(tmp_path: Path) -> None:
    copy = example_site.ensure_copy(tmp_path / "Example Newsletter")
    post = next((copy / "content" / "blog").rglob("index.md"))
    post.write_text("---\ntitle: Mine now\n---\nChanged.\n", encoding="utf-8")
    assert example_site.ensure_copy(tmp_path / "Example Newsletter") == copy
    assert "Changed." in post.read_text(encoding="utf-8")


def test_a_folder_of_the_users_in_the_way_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "Example Newsletter"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(GalleyError, match="Could not copy the example newsletter"):
        example_site.ensure_copy(target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_the_default_folder_is_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert example_site.default_folder() == tmp_path / "data" / "galley" / "Example Newsletter"
