"""The window reads the open post's site on a worker: it stays responsive while a big site is
read, what needs the whole site waits for it with the window painting, errors are said as
before, and a stale read is never shown."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from editor.core.errors import GalleyError
from editor.core.site import Generator, PostInfo, Site, SiteConfigError
from editor.core.site import site as site_module
from editor.state.settings import Settings
from editor.ui.main_window import MainWindow
from editor.ui.site.posts_panel import READING
from tests.helpers.post_cases import PNG_1X1
from tests.helpers.window_helpers import open_window

LETTER = """---
title: 'Harbour Letter {n}'
date: {day} 09:00:00 +0000
tags: [letter]
---

Issue {n} of the letter.

## Tides

Low at noon.
"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Spelling off: its dictionary loads in a thread that can outlive these short tests.
    settings.set("editor/spelling", False)
    return settings


def make_jekyll(root: Path, posts: int) -> Path:
    """A Jekyll site of ``posts`` weekly letters; returns its root."""
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Harbour Letters\n")
    newest = dt.date(2026, 8, 21)
    for n in range(posts, 0, -1):
        day = newest - dt.timedelta(weeks=posts - n)
        name = f"{day.isoformat()}-harbour-letter-{n}.md"
        (root / "_posts" / name).write_text(LETTER.format(n=n, day=day.isoformat()))
    return root


def post_of(root: Path, n: int) -> Path:
    return next((root / "_posts").glob(f"*-harbour-letter-{n}.md"))


class _Opens:
    """Records each ``Site.open``: which thread ran it, when, and (optionally) holds it."""

    def __init__(self) -> None:
        self.gui = threading.get_ident()
        self.calls: list[tuple[Path, bool, float, float]] = []  # path, on GUI, start, end
        self.hold: threading.Event | None = None  # set: opens wait for it
        self.hold_after: threading.Event | None = None  # set: opens wait for it once read

    def on_gui_thread(self) -> list[bool]:
        return [call[1] for call in self.calls]


@pytest.fixture
def opens(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Opens]:
    record = _Opens()
    real_open = Site.open.__func__  # type: ignore[attr-defined]

    def recorded_open(cls: type[Site], path: Path, **kwargs: Any) -> Site:
        started = time.perf_counter()
        if record.hold is not None:
            assert record.hold.wait(20)
        try:
            site: Site = real_open(cls, path, **kwargs)
        finally:
            on_gui = threading.get_ident() == record.gui
            record.calls.append((Path(path), on_gui, started, time.perf_counter()))
        if record.hold_after is not None:
            assert record.hold_after.wait(20)
        return site

    monkeypatch.setattr(Site, "open", classmethod(recorded_open))
    yield record
    for event in (record.hold, record.hold_after):
        if event is not None:
            event.set()  # (no worker may stay held after the test)


def _followed(qtbot: QtBot, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: win.site_followed, timeout=30000)


def test_the_window_keeps_turning_while_a_big_site_is_read(
    qtbot: QtBot, settings: Settings, tmp_path: Path, opens: _Opens
) -> None:
    root = make_jekyll(tmp_path / "site", 600)
    ticks: list[float] = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    win = open_window(qtbot, settings, post_of(root, 600))
    _followed(qtbot, win)
    timer.stop()
    assert opens.on_gui_thread() == [False]  # the site was read on the worker
    _path, _gui, started, ended = opens.calls[0]
    # Had the read held the GUI thread, no tick could have come while it ran.
    assert sum(started < tick < ended for tick in ticks) >= 3
    qtbot.waitUntil(lambda: not win.docks.posts.listing)
    assert win.docks.posts.list.topLevelItemCount() == 600
    assert win.docks.posts.summary.text() == "Jekyll site · 600 posts"


def test_a_second_post_of_the_same_site_reuses_what_was_read(
    qtbot: QtBot,
    settings: Settings,
    tmp_path: Path,
    opens: _Opens,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_jekyll(tmp_path / "site", 40)
    win = open_window(qtbot, settings, post_of(root, 40))
    _followed(qtbot, win)
    first = win.site.site
    assert first is not None and len(first.posts) == 40
    changed = post_of(root, 3)
    changed.write_text(changed.read_text().replace("Harbour Letter 3", "Harbour Letter 3 - Fog"))
    read: list[Path] = []
    real_read_post = site_module.read_post

    def counting_read_post(path: Path, generator: Generator | None = None) -> PostInfo:
        read.append(path)
        return real_read_post(path, generator)

    monkeypatch.setattr(site_module, "read_post", counting_read_post)
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post_of(root, 39))
    _followed(qtbot, win)
    assert read == [changed]  # only the post that changed on disk was read again
    site = win.site.site
    assert site is not None and site is not first  # a new Site, swapped in
    assert site.root == first.root and len(site.posts) == 40
    assert opens.on_gui_thread() == [False, False]


def test_quick_open_right_after_opening_a_post_lists_the_sites_posts(
    qtbot: QtBot, settings: Settings, tmp_path: Path, opens: _Opens
) -> None:
    root = make_jekyll(tmp_path / "site", 30)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    assert win.files.open_path(post_of(root, 30))
    assert not win.site_followed  # (its site is still to be read)
    pick = win.navigator.quick_open()
    qtbot.addWidget(pick)
    assert pick.list.topLevelItemCount() == 29  # every post but the open one
    assert win.site_followed
    assert opens.on_gui_thread() == [False]


def test_a_broken_galley_toml_still_says_why(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    root = make_jekyll(tmp_path / "site", 3)
    (root / "galley.toml").write_text("assets = [\n")
    win = open_window(qtbot, settings, post_of(root, 3))
    _followed(qtbot, win)
    assert isinstance(win.site.problem, SiteConfigError)
    assert win.site.site is None
    message = win.statusBar().currentMessage()
    assert "galley.toml" in message and message == str(win.site.problem)
    assert "Traceback" not in message
    assert "Issue 3 of the letter." in win.editor.toPlainText()  # the post is open anyway


def test_the_posts_panel_says_it_is_reading_until_the_site_is_there(
    qtbot: QtBot, settings: Settings, tmp_path: Path, opens: _Opens
) -> None:
    root = make_jekyll(tmp_path / "site", 5)
    opens.hold = threading.Event()
    win = open_window(qtbot, settings, post_of(root, 5))
    qtbot.waitUntil(lambda: win.docks.posts.summary.text() == READING)
    assert not win.site_followed
    opens.hold.set()
    _followed(qtbot, win)
    assert win.docks.posts.summary.text() == "Jekyll site · 5 posts"


def test_a_read_for_the_post_shown_before_is_never_shown(
    qtbot: QtBot, settings: Settings, tmp_path: Path, opens: _Opens
) -> None:
    first = make_jekyll(tmp_path / "first", 4)
    second = make_jekyll(tmp_path / "second", 2)
    opens.hold = threading.Event()
    win = open_window(qtbot, settings, post_of(first, 4))
    qtbot.waitUntil(lambda: win.site.reader.busy)  # the first site is being read
    followed: list[Site | None] = []
    win.site.followed.connect(lambda: followed.append(win.site.site))
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_path(post_of(second, 2))
    opens.hold.set()
    _followed(qtbot, win)
    qtbot.waitUntil(lambda: not win.site.reader.busy)
    assert [site.root if site else None for site in followed] == [second]
    assert win.docks.posts.list.topLevelItemCount() == 2


def test_a_drop_while_the_site_is_read_goes_where_galley_toml_says_at_once(
    qtbot: QtBot, settings: Settings, tmp_path: Path, opens: _Opens
) -> None:
    root = make_jekyll(tmp_path / "site", 3)
    (root / "galley.toml").write_text('assets = "/assets/letters"\n')
    opens.hold = threading.Event()
    win = open_window(qtbot, settings, post_of(root, 3))
    qtbot.waitUntil(lambda: win.site.reader.busy)
    started = time.perf_counter()
    assert win.site.asset_dir(post_of(root, 3)) == str(root / "assets" / "letters")
    assert time.perf_counter() - started < 5  # (it did not wait for the held read)
    assert not win.site_followed


def test_a_drop_while_the_site_is_read_waits_for_where_its_posts_keep_images(
    qtbot: QtBot, settings: Settings, tmp_path: Path, opens: _Opens
) -> None:
    root = make_jekyll(tmp_path / "site", 6)
    for n in range(1, 7):  # each letter's two images in a folder of its own
        folder = root / "assets" / "img" / f"harbour-letter-{n}"
        folder.mkdir(parents=True)
        post = post_of(root, n)
        for name in ("chart.png", "map.png"):
            (folder / name).write_bytes(PNG_1X1)
            image = f"\n![A {name}](/assets/img/harbour-letter-{n}/{name})\n"
            post.write_text(post.read_text() + image)
    opens.hold = threading.Event()
    win = open_window(qtbot, settings, post_of(root, 6))
    qtbot.waitUntil(lambda: win.site.reader.busy)
    QTimer.singleShot(300, opens.hold.set)  # (while the drop waits, the read goes on)
    started = time.perf_counter()
    folder = win.site.asset_dir(post_of(root, 6))
    assert time.perf_counter() - started >= 0.25  # it waited for the posts
    assert win.site_followed
    assert folder == str(root / "assets" / "img" / "harbour-letter-6")


def test_a_save_while_the_site_is_read_is_listed(
    qtbot: QtBot, settings: Settings, tmp_path: Path, opens: _Opens
) -> None:
    root = make_jekyll(tmp_path / "site", 3)
    opens.hold_after = threading.Event()  # read, not yet delivered: it misses what follows
    win = open_window(qtbot, settings, post_of(root, 3))
    qtbot.waitUntil(lambda: len(opens.calls) == 1)
    post = post_of(root, 3)
    post.write_text(post.read_text().replace("Harbour Letter 3", "Harbour Letter 3 - Storm"))
    asked = win.site.reader.newest
    win.docks.refresh_posts()  # (as a save does)
    assert win.site.reader.newest == asked + 1  # the read is asked for again
    opens.hold_after.set()
    _followed(qtbot, win)
    assert win.docks.posts.rows()[0] == "…3 · Storm"  # (an issue of the series)
    assert not win.site.reader.busy


def test_open_folder_reads_the_site_on_the_worker(
    qtbot: QtBot, settings: Settings, tmp_path: Path, opens: _Opens
) -> None:
    root = make_jekyll(tmp_path / "site", 12)
    win = open_window(qtbot, settings, None)
    with qtbot.waitSignal(win.preview.page_ready, timeout=20000):
        assert win.files.open_folder(root)
    _followed(qtbot, win)
    assert win.document.path == post_of(root, 12)  # its newest post
    assert opens.on_gui_thread() == [False, False]  # the folder, then the post's refresh
    assert win.docks.posts.list.topLevelItemCount() == 12


def test_open_folder_of_a_broken_site_says_why(
    qtbot: QtBot, settings: Settings, tmp_path: Path, errors: list[GalleyError]
) -> None:
    root = make_jekyll(tmp_path / "site", 2)
    (root / "galley.toml").write_text("posts = [\n")
    win = open_window(qtbot, settings, None)
    assert not win.files.open_folder(root)
    assert len(errors) == 1 and isinstance(errors[0], SiteConfigError)
    assert "galley.toml" in str(errors[0])
    _followed(qtbot, win)  # (nothing was left waiting)
    assert win.site.site is None and not win.site.reader.busy


@pytest.mark.parametrize("meanwhile", ["closed post followed", "site refreshed"])
def test_open_folder_is_not_undone_by_a_read_asked_for_while_it_waits(
    qtbot: QtBot,
    settings: Settings,
    tmp_path: Path,
    opens: _Opens,
    errors: list[GalleyError],
    meanwhile: str,
) -> None:
    """The window's own timers run while Open Folder waits for its read: a closed post's
    site let go of, or the open site read again after a change on disk, must not cancel it
    (it said "it took too long" at once, and nothing opened)."""
    first = make_jekyll(tmp_path / "first", 2)
    root = make_jekyll(tmp_path / "site", 3)
    win = open_window(qtbot, settings, post_of(first, 2))
    _followed(qtbot, win)
    if meanwhile == "closed post followed":
        win.files.close_post()  # (its site is let go of after the empty page's first paint)
        action = win.site.follow_pending
    else:
        action = win.site.refresh  # (the site's folder changed on disk)
    opens.hold = threading.Event()  # the folder's read takes a while ...
    QTimer.singleShot(0, action)  # ... and the timer fires meanwhile
    QTimer.singleShot(300, opens.hold.set)
    assert win.files.open_folder(root), errors
    assert errors == []
    assert win.document.path == post_of(root, 3)
    _followed(qtbot, win)
    assert win.site.site is not None and win.site.site.root == root
    assert win.docks.posts.list.topLevelItemCount() == 3
