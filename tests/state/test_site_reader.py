"""Reading a site on a worker thread: delivered on the GUI thread, the newest request wins."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from editor.core.site import Site, SiteConfigError
from editor.state.site_reader import SiteRead, SiteReader
from tests.helpers import write_post


def _site(root: Path, posts: int = 3) -> Path:
    for n in range(1, posts + 1):
        front = f"title: Note {n}\ndate: '2024-01-{n:02}'"
        write_post(root, f"content/blog/note-{n}/index.md", front)
    return root


class _Gate:
    """Holds every ``Site.open`` on the worker until :meth:`release`, and records its calls."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.go = threading.Event()
        self.calls: list[tuple[Path, Site | None, bool]] = []  # (path, previous, on GUI thread)
        self.gui = threading.get_ident()

    def release(self) -> None:
        self.go.set()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Gate]:
    gate = _Gate()
    real_open = Site.open.__func__  # type: ignore[attr-defined]

    def held_open(cls: type[Site], path: Path, **kwargs: Any) -> Site:
        gate.calls.append((Path(path), kwargs.get("previous"), threading.get_ident() == gate.gui))
        gate.opened.set()
        assert gate.go.wait(20)
        return real_open(cls, path, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Site, "open", classmethod(held_open))
    yield gate
    gate.release()  # (a worker still held must not outlive the test held)


def _delivered(qtbot: QtBot, reader: SiteReader) -> list[SiteRead]:
    got: list[SiteRead] = []
    reader.done.connect(got.append)
    return got


def test_a_site_is_read_off_the_gui_thread_and_delivered_on_it(
    qtbot: QtBot, tmp_path: Path, gate: _Gate
) -> None:
    root = _site(tmp_path / "site")
    reader = SiteReader()
    delivered_on: list[bool] = []
    reader.done.connect(lambda _read: delivered_on.append(threading.get_ident() == gate.gui))
    ticks: list[int] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    ticket = reader.request(root / "content/blog/note-1/index.md")
    assert gate.opened.wait(10)
    assert reader.busy
    qtbot.waitUntil(lambda: len(ticks) >= 3)  # the event loop turns while the site is read
    gate.release()
    read = reader.wait(ticket, 20)
    timer.stop()
    assert read is not None and read.error is None and read.site is not None
    assert [p.title for p in read.site.posts] == ["Note 3", "Note 2", "Note 1"]
    assert gate.calls[0][2] is False  # Site.open ran on the worker
    assert delivered_on == [True]
    assert not reader.busy


def test_requests_while_one_runs_are_coalesced_and_only_the_newest_is_delivered(
    qtbot: QtBot, tmp_path: Path, gate: _Gate
) -> None:
    first = _site(tmp_path / "first")
    second = _site(tmp_path / "second", 2)
    reader = SiteReader()
    got = _delivered(qtbot, reader)
    reader.request(first)
    assert gate.opened.wait(10)
    reader.request(second)  # replaced before it starts
    newest = reader.request(first / "content/blog/note-2/index.md")
    gate.release()
    read = reader.wait(newest, 20)
    assert read is not None and read.site is not None and read.site.root == first
    assert [r.ticket for r in got] == [newest]  # the first read's result was not shown
    assert reader.reads == 2  # the second site was never read
    # The newest read started from the superseded read of the same site (its cache).
    previous = gate.calls[1][1]
    assert previous is not None and previous.root == first and len(previous.posts) == 3


def test_a_refresh_reads_again_only_what_changed_and_leaves_the_site_it_was_given(
    qtbot: QtBot, tmp_path: Path
) -> None:
    root = _site(tmp_path / "site")
    site = Site.open(root)
    post = root / "content/blog/note-2/index.md"
    post.write_text(post.read_text().replace("Note 2", "Second note"))
    reader = SiteReader()
    read = reader.wait(reader.request(None, previous=site), 20)
    assert read is not None and read.site is not None and read.site is not site
    fresh, old = read.site.post(post), site.post(post)
    assert fresh is not None and fresh.title == "Second note"
    assert old is not None and old.title == "Note 2"


def test_a_broken_galley_toml_comes_back_as_the_error_to_show(qtbot: QtBot, tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    (root / "galley.toml").write_text("posts = [\n")
    reader = SiteReader()
    read = reader.wait(reader.request(root), 20)
    assert read is not None and read.site is None
    assert isinstance(read.error, SiteConfigError)
    assert "galley.toml" in str(read.error)


def test_an_unexpected_failure_is_logged_and_said_in_a_sentence(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_open(cls: type[Site], path: Path, **kwargs: Any) -> Site:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Site, "open", classmethod(broken_open))
    reader = SiteReader()
    with caplog.at_level(logging.ERROR):
        read = reader.wait(reader.request(_site(tmp_path / "site")), 20)
    assert read is not None and read.site is None and read.error is not None
    assert "unexpected problem" in read.error.summary
    assert "Traceback" not in str(read.error)
    assert "a bug" in caplog.text  # the details are in the log


def test_forget_drops_what_was_asked(qtbot: QtBot, tmp_path: Path, gate: _Gate) -> None:
    reader = SiteReader()
    got = _delivered(qtbot, reader)
    ticket = reader.request(_site(tmp_path / "site"))
    assert gate.opened.wait(10)
    reader.forget()
    gate.release()
    qtbot.waitUntil(lambda: not reader.busy)
    assert got == [] and reader.result(ticket) is None


def test_a_wait_gives_up_after_its_timeout(qtbot: QtBot, tmp_path: Path, gate: _Gate) -> None:
    reader = SiteReader()
    ticket = reader.request(_site(tmp_path / "site"))
    assert reader.wait(ticket, 0.05) is None
    gate.release()
    assert reader.wait(ticket, 20) is not None
