"""What a start without arguments reopens (editor.state.session.plan)."""

from __future__ import annotations

from pathlib import Path

from editor.state.session import Reopen, plan


def test_nothing_remembered_opens_nothing() -> None:
    assert plan("", "") == Reopen()


def test_the_last_post_reopens_inside_its_site(tmp_path: Path) -> None:
    post = tmp_path / "content" / "blog" / "a" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text("x")
    assert plan(str(post), str(tmp_path)) == Reopen(post=post, site=tmp_path)
    other = tmp_path.parent / "elsewhere"
    other.mkdir(exist_ok=True)
    assert plan(str(post), str(other)) == Reopen(post=post)  # not that folder's post


def test_a_site_folder_alone_reopens(tmp_path: Path) -> None:
    assert plan("", str(tmp_path)) == Reopen(site=tmp_path)


def test_what_is_gone_is_said(tmp_path: Path) -> None:
    gone = plan(str(tmp_path / "gone.md"), str(tmp_path))
    assert gone.post is None and gone.site is None
    assert "gone.md" in gone.missing and "no longer there" in gone.missing
    folder = plan("", str(tmp_path / "old-site"))
    assert folder.site is None and "old-site" in folder.missing
