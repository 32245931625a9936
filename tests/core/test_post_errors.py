"""Bad posts are reported with a line, a column and advice, and are never written."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.errors import FrontMatterError, GalleyError, PostLoadError, SaveError
from editor.core.post import Post

BAD_YAML = "---\ntitle: fine\ndate: '2021-05-17\ntags: [a]\n---\nBody\n"


def test_malformed_yaml_reports_line_and_column_in_the_file() -> None:
    with pytest.raises(FrontMatterError) as info:
        Post.parse("---\ntitle: ok\nauthor:\n  name: A\n   bad: indent\n---\nBody\n")
    error = info.value
    assert error.line == 5  # the opening '---' is line 1
    assert error.column >= 1
    assert "line 5" in str(error)
    assert "Fix the YAML" in error.detail


def test_the_raw_text_is_still_available_from_the_error(tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    path.write_text(BAD_YAML)
    with pytest.raises(FrontMatterError) as info:
        Post.load(path)
    assert info.value.text == BAD_YAML
    assert info.value.path == path
    assert path.read_text() == BAD_YAML


def test_tab_indentation_points_at_the_tab() -> None:
    with pytest.raises(FrontMatterError) as info:
        Post.parse("---\ntitle: x\n\tdate: y\n---\n")
    assert (info.value.line, info.value.column) == (3, 1)


def test_missing_closing_delimiter() -> None:
    with pytest.raises(FrontMatterError) as info:
        Post.parse("---\ntitle: x\n\nBody without the closing line\n")
    assert info.value.line == 1
    assert "closing '---'" in str(info.value)


def test_duplicate_keys_open_as_jekyll_reads_them() -> None:
    post = Post.parse("---\ntitle: a\ntitle: b\n---\n")  # Jekyll keeps the last
    assert post.meta["title"] == "b" and post.duplicate_keys == ("title",)


def test_front_matter_that_is_not_a_mapping() -> None:
    with pytest.raises(FrontMatterError):
        Post.parse("---\n- a\n- b\n---\n")


def test_non_utf8_file_is_refused_with_the_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("---\ntitle: Caf\u00e9\n---\n".encode("latin-1"))
    with pytest.raises(PostLoadError) as info:
        Post.load(path)
    message = str(info.value)
    assert "latin1.md" in message and "not UTF-8" in message and "line 2" in message
    assert path.read_bytes() == "---\ntitle: Caf\u00e9\n---\n".encode("latin-1")


@pytest.mark.parametrize("make", ["missing", "folder", "binary"])
def test_unreadable_paths_raise_post_load_error(tmp_path: Path, make: str) -> None:
    path = tmp_path / "post.md"
    if make == "folder":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(PostLoadError) as info:
        Post.load(path)
    assert "post.md" in info.value.summary and info.value.detail


def test_all_errors_share_one_base() -> None:
    for cls in (FrontMatterError, PostLoadError, SaveError):
        assert issubclass(cls, GalleyError)


def test_saving_a_post_without_a_path_explains_save_as() -> None:
    with pytest.raises(SaveError) as info:
        Post.parse("Hello\n").save()
    assert "Save As" in str(info.value)
