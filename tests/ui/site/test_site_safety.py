"""The window with hostile or huge sites: FIFO and /dev/zero posts, sites read only in part,
and galley.toml paths outside the site. Nothing hangs; each problem is shown as a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from editor.core.errors import GalleyError
from editor.core.site import site as site_module
from editor.state.settings import Settings
from editor.ui.main_window import MainWindow
from editor.ui.site.new_issue_dialog import NewIssueDialog
from tests.helpers.hostile_files import link_to_dev_zero, make_fifo, unblocking
from tests.helpers.window_helpers import open_window

ISSUE = "---\ntitle: 'Harbour Notes {n}'\ndate: '2021-05-{day:02d}T09:00:00Z'\n---\n\nHello {n}.\n"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Spelling off: its dictionary loads in a thread that can outlive these short tests.
    settings.set("editor/spelling", False)
    return settings


def make_site(root: Path, issues: int = 3) -> Path:
    for n in range(1, issues + 1):
        folder = root / "content" / "blog" / f"harbour-notes-{n}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(ISSUE.format(n=n, day=n))
    return root


def rows(win: MainWindow) -> list[str]:
    return win.docks.posts.rows()


def tooltips(win: MainWindow) -> list[str]:
    tree = win.docks.posts.list
    return [tree.topLevelItem(i).toolTip(0) for i in range(tree.topLevelItemCount())]


def test_opening_a_fifo_post_says_why_and_does_not_hang(
    qtbot: QtBot, settings: Settings, tmp_path: Path, errors: list[GalleyError]
) -> None:
    site = make_site(tmp_path / "site")
    fifo = make_fifo(site / "content" / "blog" / "pipe" / "index.md")
    win = open_window(qtbot, settings, site / "content/blog/harbour-notes-1/index.md")
    with unblocking(fifo) as guard:
        assert not win.files.open_path(fifo)
    assert not guard.released  # once, the window waited for a writer for ever
    assert [e.summary for e in errors] == [
        f"Could not open {fifo}: it is a named pipe (FIFO), not a file."
    ]
    assert errors[0].detail == "Galley opens only regular files; replace it with the real file."
    assert "Hello 1." in win.editor.toPlainText()  # the open post stays


def test_open_folder_with_fifo_and_dev_zero_posts_lists_the_others(
    qtbot: QtBot, settings: Settings, tmp_path: Path, errors: list[GalleyError]
) -> None:
    site = make_site(tmp_path / "site")
    fifo = make_fifo(site / "content" / "blog" / "pipe" / "index.md")
    zero = link_to_dev_zero(site / "content" / "blog" / "zero" / "index.md")
    win = open_window(qtbot, settings, None)
    with unblocking(fifo) as guard, qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_folder(site)
    qtbot.waitUntil(lambda: win.site_followed)
    assert not guard.released and errors == []
    assert rows(win) == [
        "Harbour Notes 3",
        "Harbour Notes 2",
        "Harbour Notes 1",
        "pipe (cannot be read)",
        "zero (cannot be read)",
    ]
    tips = tooltips(win)
    assert f"Could not open {fifo}: it is a named pipe (FIFO), not a file." in tips[3]
    assert f"Could not open {zero}: it is a link to /dev/zero" in tips[4]
    assert "Hello 3." in win.editor.toPlainText()  # the newest readable post is open


def test_a_site_read_in_part_says_so_and_plans_no_issue(
    qtbot: QtBot,
    settings: Settings,
    tmp_path: Path,
    errors: list[GalleyError],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = make_site(tmp_path / "site", issues=4)
    monkeypatch.setattr(site_module, "MAX_POSTS", 3)
    monkeypatch.setattr(NewIssueDialog, "exec", lambda self: pytest.fail("no dialog"))
    win = open_window(qtbot, settings, None)
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_folder(site)
    qtbot.waitUntil(lambda: win.site_followed)
    notice = win.docks.posts.notice
    assert notice.isVisible()
    assert notice.text() == (
        f"⚠ Galley read only the first 3 posts of the site in {site}: it reads sites of up to "
        "3 posts."
    )
    assert "Galley read only the first 3 posts" in win.statusBar().currentMessage()
    win.actions_.new_issue.trigger()  # File ▸ New Issue
    assert [e.summary for e in errors] == [
        f"Could not plan a new issue: Galley read only part of the site in {site} "
        "(3 posts were read)."
    ]
    assert len(list((site / "content" / "blog").iterdir())) == 4  # nothing created


def test_open_folder_shows_a_setting_that_points_outside_the_site(
    qtbot: QtBot, settings: Settings, tmp_path: Path, errors: list[GalleyError]
) -> None:
    site = make_site(tmp_path / "site")
    toml = site / "galley.toml"
    toml.write_text('# site\nposts = ["../../../etc/*"]\n')
    win = open_window(qtbot, settings, None)
    assert not win.files.open_folder(site)
    assert [e.summary for e in errors] == [
        f"The setting 'posts' in {toml} (line 2) points outside the site: '../../../etc/*'."
    ]
    post = site / "content/blog/harbour-notes-1/index.md"  # a post of it opens, and says why
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post)
    qtbot.waitUntil(lambda: win.site_followed)
    assert "The setting 'posts'" in win.statusBar().currentMessage()
