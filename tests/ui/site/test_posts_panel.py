"""The Posts panel with a big site: rows listed a batch at a time, the filter and summary over
all of them, and row heights that follow the panel's width."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from editor.core.site import Site
from editor.ui.site.posts_panel import BATCH, PostsPanel
from tests.helpers import write_post


def _site(root: Path, posts: int) -> Site:
    for n in range(1, posts + 1):
        tags = "[tides]" if n % 7 == 0 else "[notes]"
        write_post(
            root,
            f"content/blog/note-{n:04}/index.md",
            f"title: Note {n}\ndate: '2020-01-01T00:00:00Z'\ntags: {tags}",
        )
    return Site.open(root)


def _panel(qtbot: QtBot) -> PostsPanel:
    panel = PostsPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 500)
    panel.show()
    return panel


def test_a_big_site_is_listed_a_batch_at_a_time_and_counted_at_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    site = _site(tmp_path / "site", 2 * BATCH + 40)
    panel = _panel(qtbot)
    panel.set_site(site)
    assert panel.list.topLevelItemCount() == BATCH  # the first rows at once
    assert panel.listing
    assert panel.summary.text() == f"Gatsby site · {2 * BATCH + 40:,} posts"  # all counted
    qtbot.waitUntil(lambda: not panel.listing)
    assert panel.list.topLevelItemCount() == 2 * BATCH + 40


def test_the_filter_applies_to_rows_listed_after_it_was_typed(qtbot: QtBot, tmp_path: Path) -> None:
    site = _site(tmp_path / "site", 2 * BATCH + 40)
    panel = _panel(qtbot)
    panel.set_site(site)
    panel.filter.setText("tides")
    matches = sum("tides" in post.tags for post in site.posts)
    assert panel.summary.text() == f"Gatsby site · {matches} of {2 * BATCH + 40:,} posts match"
    qtbot.waitUntil(lambda: not panel.listing)
    assert len(panel.rows()) == matches
    assert panel.summary.text() == f"Gatsby site · {matches} of {2 * BATCH + 40:,} posts match"


def test_rows_are_measured_again_when_the_panel_narrows(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_post(root, "content/blog/short/index.md", "title: Short\ndate: '2020-01-02'")
    write_post(
        root,
        "content/blog/long/index.md",
        "title: A title that takes a few lines of a narrow panel to be read\ndate: '2020-01-01'",
    )
    panel = _panel(qtbot)
    panel.resize(700, 500)
    panel.set_site(Site.open(root))
    items = [panel.list.topLevelItem(i) for i in range(2)]
    qtbot.waitUntil(lambda: not panel.listing)

    def height(row: int) -> int:
        return panel.list.visualItemRect(items[row]).height()

    assert height(1) == height(0)  # wide: one line each
    panel.resize(180, 500)
    qtbot.waitUntil(lambda: height(1) > height(0) * 1.8)  # narrow: the long title wraps


def test_the_same_posts_read_again_update_only_their_rows_in_place(
    qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    site = _site(root, BATCH + 10)
    panel = _panel(qtbot)
    first, other = site.posts[0].path, site.posts[3].path
    panel.set_site(site, first)
    qtbot.waitUntil(lambda: not panel.listing)
    rows = [panel.list.topLevelItem(i) for i in range(panel.list.topLevelItemCount())]
    edited = site.posts[5].path
    edited.write_text(edited.read_text().replace("title: Note", "title: Renamed note"))
    site.refresh()
    panel.set_site(site, other)  # (another post of the site is open now)
    assert not panel.listing  # nothing to list again
    assert [panel.list.topLevelItem(i) for i in range(len(rows))] == rows  # the same rows
    assert rows[5].text(0).startswith("Renamed note")
    assert rows[0].font(0).bold() is False and rows[3].font(0).bold() is True
    assert panel.list.currentItem() is rows[3]
