"""The site around the post: the Posts panel, New Issue, and the live Problems panel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from editor.core.site import Site
from editor.state.settings import Settings
from editor.ui import messages
from editor.ui.main_window import MainWindow
from editor.ui.site.new_issue_dialog import NewIssueDialog
from tests.helpers import FIXTURES
from tests.helpers.post_cases import PNG_1X1

ISSUE = """---
title: 'Lighthouse Weekly {n} - {sub}'
date: '2021-05-{day:02d}T09:00:00.0Z'
description: 'Issue {n} of the weekly.'
author:
  name: Ada Example
  avatar: '../../assets/team/ada.png'
tags: ['newsletter']
---

Intro of issue {n}.

## Merged last week

- Fixed a bug.

## Community
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    blog = root / "content" / "blog"
    (root / "content" / "assets" / "team").mkdir(parents=True)
    (root / "content" / "assets" / "team" / "ada.png").write_bytes(PNG_1X1)
    (root / "galley.toml").write_text(
        'pull_request_base = "https://github.com/example/keeper/pull/"\n'
    )
    for n, day, sub in ((1, 3, "Hello"), (2, 10, "Plugins"), (3, 17, "Storms")):
        folder = blog / f"lighthouse-weekly-{n}-{sub.lower()}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(ISSUE.format(n=n, day=day, sub=sub))
    newest = blog / "lighthouse-weekly-3-storms"
    (newest / "used.png").write_bytes(PNG_1X1)
    (newest / "unused.png").write_bytes(PNG_1X1 + b"x")
    with (newest / "index.md").open("a") as file:
        file.write("\n![A used image](./used.png)\n\nSee #5392 for details.\n")
    return root


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, site: Path) -> Iterator[MainWindow]:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_folder(site)
    qtbot.waitUntil(lambda: win.site_followed)  # read just after the first paint
    win.docks.wait_for_checks()
    yield win


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "ask_save_changes", lambda parent, name: messages.Choice.DISCARD)
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title="": None)


def test_open_folder_lists_posts_newest_first_and_opens_the_newest(
    qtbot: QtBot, window: MainWindow, site: Path
) -> None:
    panel = window.docks.posts
    assert panel.rows() == ["…3 · Storms", "…2 · Plugins", "…1 · Hello"]  # the series' issues
    assert window.document.path == site / "content/blog/lighthouse-weekly-3-storms/index.md"
    assert window.docks.posts_dock.isVisible()


def test_filter_and_click_open_a_post(qtbot: QtBot, window: MainWindow, site: Path) -> None:
    panel = window.docks.posts
    panel.filter.setText("plugins")
    assert panel.rows() == ["…2 · Plugins"]
    # what the site was taken for, then the count (the verb agrees with "1")
    assert panel.summary.text() == "Gatsby site · 1 of 3 posts matches"
    item = next(
        panel.list.topLevelItem(i)
        for i in range(panel.list.topLevelItemCount())
        if not panel.list.topLevelItem(i).isHidden()
    )
    panel.list.itemClicked.emit(item, 0)
    assert window.document.path == site / "content/blog/lighthouse-weekly-2-plugins/index.md"


def test_problems_follow_the_text_as_it_is_typed(qtbot: QtBot, window: MainWindow) -> None:
    problems = window.docks.problems
    assert any(p.code for p in problems.problems)  # the bare #5392 at least
    before = len(problems.problems)
    editor = window.editor
    editor.setPlainText(editor.toPlainText() + "\n![Missing](./missing.png)\n")
    qtbot.waitUntil(lambda: len(problems.problems) == before + 1, timeout=3000)
    broken = next(p for p in problems.problems if "missing.png" in p.message)
    assert broken.severity == "error"
    problems.line_requested.emit(broken.line)
    assert "missing.png" in editor.textCursor().block().text()
    editor.setPlainText(editor.toPlainText().replace("./missing.png", "./used.png"))
    qtbot.waitUntil(lambda: len(problems.problems) == before, timeout=3000)


def test_the_pull_request_fix_links_it_in_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    problems = window.docks.problems
    problem = next(p for p in problems.problems if p.fix and p.fix.kind == "link-pull-requests")
    window.docks.apply_fix(problem)
    window.docks.wait_for_checks()
    text = window.editor.toPlainText()
    assert "[#5392](https://github.com/example/keeper/pull/5392)" in text
    assert not any(p.fix and p.fix.kind == "link-pull-requests" for p in problems.problems)
    window.editor.undo()
    assert "See #5392 for details." in window.editor.toPlainText()


def test_a_new_link_is_not_reported_until_the_cursor_leaves_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    problems = window.docks.problems
    editor = window.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClicks(editor, "Read ")
    qtbot.keyClick(editor, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert editor.textCursor().selectedText() == "url"
    window.docks.check_now()
    window.docks.wait_for_checks()
    assert not [p for p in problems.problems if "The link to url" in p.message]
    qtbot.keyClick(editor, Qt.Key.Key_End)  # out of the link
    qtbot.keyClicks(editor, " now")
    qtbot.waitUntil(
        lambda: any("The link to url leads nowhere" in p.message for p in problems.problems),
        timeout=3000,
    )


def test_the_dot_slash_fix_makes_the_web_address_a_link_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    problems = window.docks.problems
    editor = window.editor
    # A no-break space in the post (as in the corpus) must not keep the fix from applying.
    editor.setPlainText(editor.toPlainText() + "\nSee\u00a0[docs](./https://roadie.io/docs).\n")
    qtbot.waitUntil(lambda: any("'./'" in p.message for p in problems.problems), timeout=3000)
    problem = next(p for p in problems.problems if "'./'" in p.message)
    problems.list.setCurrentItem(problems.list.topLevelItem(problems.problems.index(problem)))
    assert problems.fix.isEnabled() and problems.fix.text() == "Remove the './'"
    problems.fix.click()
    window.docks.wait_for_checks()
    assert "See\u00a0[docs](https://roadie.io/docs)." in window.document.full_text()
    assert not any("'./'" in p.message for p in problems.problems)


def test_an_unused_image_is_deleted_only_after_asking(
    qtbot: QtBot, window: MainWindow, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unused = site / "content/blog/lighthouse-weekly-3-storms/unused.png"
    problem = next(
        p for p in window.docks.problems.problems if p.fix and p.fix.kind == "delete-file"
    )
    assert problem.fix is not None and problem.fix.path == unused
    monkeypatch.setattr(messages, "confirm", lambda *a: False)
    window.docks.apply_fix(problem)
    assert unused.exists()
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    window.docks.apply_fix(problem)
    assert not unused.exists()
    assert (site / "content/blog/lighthouse-weekly-3-storms/used.png").exists()


def test_new_issue_dialog_previews_then_creates_and_opens(
    qtbot: QtBot, window: MainWindow, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    dialog = NewIssueDialog(Site.open(site), window, today=dt.date(2021, 5, 18))
    qtbot.addWidget(dialog)
    dialog.subtitle.setText("Harbour lights")
    assert dialog.plan is not None
    assert (dialog.plan.number, dialog.plan.slug) == (4, "lighthouse-weekly-4-harbour-lights")
    assert "2021-05-24T09:00:00.0Z" in dialog.preview.text()
    # the body the issue starts with: the sections all three issues share, in their order
    assert "<b>Body</b>" in dialog.preview.text()
    assert "<code>## Merged last week</code><br><code>## Community</code>" in dialog.preview.text()

    def accept(self: QDialog) -> int:
        self.subtitle.setText("Harbour lights")  # type: ignore[attr-defined]
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(NewIssueDialog, "exec", accept)
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        window.actions_.new_issue.trigger()
    qtbot.waitUntil(lambda: window.site_followed)
    created = window.document.path
    assert created is not None and created.parent.name.startswith("lighthouse-weekly-4-harbour")
    assert window.docks.posts.rows()[0] == "…4 · Harbour lights"


def test_rows_show_date_draft_state_and_tags(qtbot: QtBot, window: MainWindow, site: Path) -> None:
    draft = site / "content/blog/lighthouse-weekly-3-storms/index.md"
    draft.write_text(draft.read_text().replace("tags:", "draft: true\ntags:", 1))
    with qtbot.waitSignal(window.site.refreshed):  # (read again on the worker)
        window.docks.refresh_posts()
    item = window.docks.posts.list.topLevelItem(0)
    assert item.text(0) == "…3 · Storms  (draft)\nnewsletter"  # tags below
    assert item.text(1) == "17 May 2021"


def test_a_post_whose_front_matter_breaks_says_what_needs_fixing(qtbot: QtBot, site: Path) -> None:
    from editor.ui.site.posts_panel import PostsPanel

    broken = site / "content" / "blog" / "lighthouse-weekly-4-broken" / "index.md"
    broken.parent.mkdir()
    broken.write_text("---\ntitle: 'Lighthouse Weekly 4\ndate: [\n---\n\nBody.\n")
    (site / "content" / "blog" / "binary.md").write_bytes(PNG_1X1)
    panel = PostsPanel()
    qtbot.addWidget(panel)
    panel.set_site(Site.open(site))
    assert "lighthouse-weekly-4-broken (front matter needs fixing)" in panel.rows()  # not
    assert "binary (cannot be read)" in panel.rows()  # "broken (cannot be read)" any more
    items = [panel.list.topLevelItem(i) for i in range(panel.list.topLevelItemCount())]
    tip = next(i.toolTip(0) for i in items if "lighthouse-weekly-4" in i.text(0))
    assert "is not valid YAML (line" in tip and "Fix the YAML" in tip
    words = next(i for i in items if i.text(0).startswith("binary")).toolTip(0)
    assert "it is not a text file (it looks like a PNG image)" in words
    assert panel.summary.text() == "Gatsby site · 5 posts"


def test_the_summary_says_what_the_site_was_taken_for(qtbot: QtBot, tmp_path: Path) -> None:
    from editor.ui.site.posts_panel import PostsPanel

    panel = PostsPanel()
    qtbot.addWidget(panel)
    panel.set_site(Site.open(FIXTURES / "sites" / "hugo"))
    assert panel.summary.text() == "Hugo site · 4 posts"
    assert "…2 · Kelp forests" in panel.rows()  # a series issue, from TOML front matter
    panel.filter.setText("kelp")
    assert panel.summary.text() == "Hugo site · 1 of 4 posts matches"
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n")
    panel.filter.setText("")
    panel.set_site(Site.open(tmp_path))  # a folder of no known generator
    assert panel.summary.text() == "1 post"


def test_issues_show_their_number_and_subtitle_with_the_full_title_as_tooltip(
    window: MainWindow, site: Path
) -> None:
    """A narrow panel cut every title to "Lighthouse Weekly …": what tells the issues apart
    is shown, the whole title is in the tooltip, and the filter still knows the series."""
    panel = window.docks.posts
    item = panel.list.topLevelItem(0)
    assert item.text(0).startswith("…3 · Storms")
    assert item.toolTip(0).splitlines()[0] == "Lighthouse Weekly 3 - Storms"
    panel.filter.setText("lighthouse weekly 2")
    assert panel.rows() == ["…2 · Plugins"]


def test_a_long_title_wraps_in_a_narrow_panel_and_the_open_post_is_in_view(
    qtbot: QtBot, site: Path
) -> None:
    from editor.ui.site.posts_panel import PostsPanel

    for n in range(5, 30):
        post = site / "content" / "blog" / f"note-{n}" / "index.md"
        post.parent.mkdir()
        post.write_text(f"---\ntitle: Note {n}\ndate: '2020-01-{n:02}'\ntags: [a]\n---\n\nB.\n")
    long_post = site / "content" / "blog" / "long" / "index.md"
    long_post.parent.mkdir()
    long_post.write_text(
        "---\ntitle: A title far too long to be read in one line of a narrow panel\n"
        "date: '2019-01-01'\ntags: [long]\n---\n\nBody.\n"
    )
    panel = PostsPanel()
    qtbot.addWidget(panel)
    panel.resize(260, 400)
    panel.show()
    panel.set_site(Site.open(site), long_post)
    items = [panel.list.topLevelItem(i) for i in range(panel.list.topLevelItemCount())]
    long_item = next(i for i in items if i.text(0).startswith("A title far"))
    short_item = next(i for i in items if i.text(0).startswith("Note 5"))

    def height(item: object) -> int:
        return panel.list.visualItemRect(item).height()  # type: ignore[arg-type]

    qtbot.waitUntil(lambda: height(long_item) > height(short_item) * 1.4)
    viewport = panel.list.viewport().rect().adjusted(0, 0, 0, 2)  # (Qt rounds a pixel)
    qtbot.waitUntil(lambda: viewport.contains(panel.list.visualItemRect(long_item)))


def test_enter_in_the_filter_opens_the_single_match_and_down_enters_the_list(
    qtbot: QtBot, window: MainWindow, site: Path
) -> None:
    from PySide6.QtTest import QTest

    panel = window.docks.posts
    window.activateWindow()
    panel.filter.setFocus()
    qtbot.waitUntil(panel.filter.hasFocus)
    qtbot.keyClicks(panel.filter, "hello")
    QTest.keyClick(panel.filter, Qt.Key.Key_Down)
    assert panel.list.hasFocus()
    assert panel.list.currentItem().text(0).startswith("…1 · Hello")
    panel.filter.setFocus()
    with qtbot.waitSignal(window.preview.page_ready, timeout=20000):
        QTest.keyClick(panel.filter, Qt.Key.Key_Return)
    assert window.document.path == site / "content/blog/lighthouse-weekly-1-hello/index.md"
