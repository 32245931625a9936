"""The recovery journal keeps unsaved text through crashes, failed writes and rivals."""

from __future__ import annotations

import errno
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core import journal
from editor.core.journal import DiskState, Journal, JournalError, RecoveryEntry

ROOT = Path(__file__).resolve().parents[2]
FRONT_MATTER = "---\ntitle: Héllo «world»\ntags: ['newsletter']\n---\n\nFirst words.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "recovery"


def crashed(folder: Path, *texts: str, instance: str = "dead-1") -> list[Path]:
    """Entries left by an instance that ended without closing its journal."""
    old = Journal(folder, instance=instance)
    files = [
        old.write(f"k{i}", None, text, display_name=f"Post {i}", base=None)
        for i, text in enumerate(texts)
    ]
    old.close(clean=False)  # what a crash does: the lock is let go, nothing is tidied
    return files


def post_file(tmp_path: Path, text: str = FRONT_MATTER) -> tuple[Path, DiskState]:
    path = tmp_path / "post" / "index.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode())
    return path, DiskState.from_bytes(path, text.encode())


# -- writing and reading


@pytest.mark.parametrize(
    "text",
    [
        FRONT_MATTER,
        "---\r\ntitle: CRLF\r\n---\r\n\r\nLine one\r\nLine two\r\n",
        "\ufeff---\ntitle: BOM\n---\nNo final newline",
        '{"galley-recovery": 1, "length": 3}\nA post that starts like a header.\n',
        "Emoji 🎉, CJK 漢字, RTL עברית, NUL \x00 and a lone surrogate \udc80.\n",
        "",
    ],
    ids=["front-matter", "crlf", "bom", "header-like", "unicode", "empty"],
)
def test_round_trip_keeps_the_text_exactly(folder: Path, tmp_path: Path, text: str) -> None:
    path, base = post_file(tmp_path)
    with Journal(folder, instance="me") as own:
        file = own.write("abc", path, text, display_name="Héllo", base=base)
        [entry] = own.entries()
    assert entry.file == file == folder / "me--abc.galley-recovery"
    assert (entry.instance, entry.key, entry.display_name) == ("me", "abc", "Héllo")
    assert entry.text == text
    assert entry.post_path == path and entry.base == base
    assert entry.saved_at.tzinfo is not None
    assert timedelta(0) <= entry.age() < timedelta(minutes=1)


def test_the_entry_file_holds_the_typed_text_verbatim(folder: Path, tmp_path: Path) -> None:
    typed = 'She said "ça va?"\ttab\\backslash — 10 µm\r\n'
    with Journal(folder, instance="me") as own:
        file = own.write("k", tmp_path / "p.md", FRONT_MATTER + typed, display_name="p", base=None)
        data = file.read_bytes()
        header, _, body = data.partition(b"\n")
        assert body == (FRONT_MATTER + typed).encode()
        fields = json.loads(header)
        assert fields["galley-recovery"] == journal.RECOVERY_VERSION == 1
        assert fields["path"] == str(tmp_path / "p.md") and fields["base"] is None
        assert fields["length"] == len(FRONT_MATTER + typed)
        grep = subprocess.run(
            ["grep", "-rlF", 'She said "ça va?"', str(folder)], capture_output=True, check=False
        )
        assert grep.stdout.decode().split() == [str(file)]
        assert file.stat().st_mode & 0o777 == 0o600
        assert folder.stat().st_mode & 0o777 == 0o700


def test_a_relative_post_path_is_kept_absolute(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Journal(folder) as own:
        own.write("k", Path("post.md"), "x", display_name="post.md", base=None)
        assert own.entries()[0].post_path == tmp_path / "post.md"


def test_odd_keys_stay_inside_the_folder(folder: Path) -> None:
    with Journal(folder, instance="me") as own:
        own.write("../../escape me--now", None, "one", display_name="a", base=None)
        own.write("../../escape me__now", None, "two", display_name="b", base=None)
        keys = sorted(e.key for e in own.entries())
        assert keys == ["../../escape me--now", "../../escape me__now"]
        assert all(p.parent == folder for p in folder.iterdir())
        own.remove("../../escape me--now")
        assert [e.text for e in own.entries()] == ["two"]


def test_rewriting_replaces_the_entry_and_remove_deletes_it(folder: Path) -> None:
    with Journal(folder, instance="me") as own:
        own.write("k", None, "first", display_name="Untitled", base=None)
        own.write("k", None, "second", display_name="Untitled", base=None)
        assert [e.text for e in own.entries()] == ["second"]
        own.remove("k")
        own.remove("k")  # already gone: fine
        assert own.entries() == []
        assert sorted(p.name for p in folder.iterdir()) == ["me.lock"]


def test_disk_full_keeps_the_previous_entry(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = Journal(folder, instance="me")
    file = own.write("k", None, "safe words", display_name="Letter", base=None)
    before = file.read_bytes()

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(JournalError) as info:
        own.write("k", None, "newer words", display_name="Letter", base=None)
    monkeypatch.undo()
    error = info.value
    assert error.summary == "Could not write the recovery copy of Letter."
    assert "still in the window" in error.detail and "disk is full" in error.detail
    assert error.path == file and own.flush_error() is error
    assert file.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["me--k.galley-recovery", "me.lock"]
    own.write("k", None, "newer words", display_name="Letter", base=None)
    assert own.flush_error() is None
    own.close()


def test_a_refused_rename_keeps_the_previous_entry(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal(folder, instance="me") as own:
        own.write("k", None, "safe words", display_name="Letter", base=None)

        def refuse(src: object, dst: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(os, "replace", refuse)
        with pytest.raises(JournalError, match="permissions of Galley's recovery folder"):
            own.write("k", None, "newer", display_name="Letter", base=None)
        monkeypatch.undo()
        assert [e.text for e in own.entries()] == ["safe words"]
        assert not [p for p in folder.iterdir() if p.name.endswith(".galley-tmp")]


def test_a_failed_remove_is_a_journal_error(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Journal(folder) as own:
        own.write("k", None, "x", display_name="x", base=None)

        def refuse(self: Path, missing_ok: bool = False) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(Path, "unlink", refuse)
        with pytest.raises(JournalError, match="Could not delete"):
            own.remove("k")
        monkeypatch.undo()


# -- lifetime and locks


def test_close_keeps_entries_and_drops_the_lock_only_when_empty(folder: Path) -> None:
    busy = Journal(folder, instance="busy")
    busy.write("k", None, "unsaved", display_name="x", base=None)
    idle = Journal(folder, instance="idle")
    idle.write("k", None, "saved later", display_name="x", base=None)
    idle.remove("k")
    busy.close()
    idle.close()
    idle.close()  # idempotent
    assert sorted(p.name for p in folder.iterdir()) == ["busy--k.galley-recovery", "busy.lock"]
    with pytest.raises(JournalError, match="closed"):
        idle.write("k", None, "late", display_name="x", base=None)


def test_a_name_in_use_or_an_impossible_folder_is_a_journal_error(
    folder: Path, tmp_path: Path
) -> None:
    with Journal(folder, instance="me"), pytest.raises(JournalError, match="already uses"):
        Journal(folder, instance="me")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(JournalError) as info:
        Journal(blocker / "recovery")
    assert "cannot be recovered after a crash" in info.value.detail
    assert info.value.path == blocker / "recovery"


def test_default_instance_names_are_unique(folder: Path) -> None:
    with Journal(folder) as one, Journal(folder) as two:
        assert one.instance != two.instance
        assert one.instance.startswith(f"{os.getpid()}-")


# -- orphans


def test_a_crashed_instance_s_entries_are_orphans_newest_first(folder: Path) -> None:
    crashed(folder, "older text", "newer text")
    with Journal(folder, instance="me") as own:
        orphans = own.orphans()
        assert [e.text for e in orphans] == ["newer text", "older text"]
        assert {e.instance for e in orphans} == {"dead-1"}
        assert own.entries() == []


def test_a_running_instance_s_entries_are_never_touched(folder: Path) -> None:
    running = Journal(folder, instance="running")
    file = running.write("k", None, "in progress", display_name="x", base=None)
    before = file.read_bytes()
    with Journal(folder, instance="me") as own:
        assert own.orphans() == []
        [entry] = running.entries()
        with pytest.raises(JournalError, match="running Galley"):
            own.discard(entry)
        with pytest.raises(JournalError, match="running Galley"):
            own.adopt(entry, "mine")
    assert file.read_bytes() == before and running.entries() == [entry]
    running.close()


def test_two_instances_starting_together_do_not_both_get_the_orphans(folder: Path) -> None:
    crashed(folder, "one", "two")
    first, second = Journal(folder), Journal(folder)
    assert len(first.orphans()) == 2
    assert second.orphans() == []
    first.close()  # decided nothing: the entries stay for the next start
    assert len(second.orphans()) == 2
    second.close()


def test_discarding_every_orphan_clears_the_dead_instance(folder: Path) -> None:
    crashed(folder, "one", "two")
    with Journal(folder, instance="me") as own:
        first, second = own.orphans()
        own.discard(first)
        assert (folder / "dead-1.lock").exists()
        own.discard(second)
        assert sorted(p.name for p in folder.iterdir()) == ["me.lock"]
    assert list(folder.iterdir()) == []


def test_adopting_an_orphan_makes_it_this_instance_s_entry(folder: Path, tmp_path: Path) -> None:
    path, base = post_file(tmp_path)
    old = Journal(folder, instance="dead-1")
    old.write("k", path, FRONT_MATTER + "More.\n", display_name="index.md", base=base)
    old.close(clean=False)
    with Journal(folder, instance="me") as own:
        [orphan] = own.orphans()
        adopted = own.adopt(orphan, "fresh")
        assert adopted.file == folder / "me--fresh.galley-recovery"
        assert (adopted.instance, adopted.key) == ("me", "fresh")
        assert (adopted.post_path, adopted.text, adopted.base, adopted.display_name) == (
            orphan.post_path,
            orphan.text,
            orphan.base,
            orphan.display_name,
        )
        assert adopted.saved_at >= orphan.saved_at
        assert own.entries() == [adopted]
        assert sorted(p.name for p in folder.iterdir()) == ["me--fresh.galley-recovery", "me.lock"]


def test_orphans_are_found_even_without_their_lock_file(folder: Path) -> None:
    crashed(folder, "text")
    (folder / "dead-1.lock").unlink()
    first, second = Journal(folder), Journal(folder)
    assert [e.text for e in first.orphans()] == ["text"]
    assert second.orphans() == []
    first.close()
    second.close()


def test_stale_lock_files_without_entries_are_cleared(folder: Path) -> None:
    crashed(folder)
    with Journal(folder, instance="me") as own:
        assert own.orphans() == []
        assert sorted(p.name for p in folder.iterdir()) == ["me.lock"]


def test_corrupt_entries_are_quarantined_and_a_newer_format_is_left(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good, truncated, garbage, future = crashed(folder, "good", "a longer text", "x", "y")
    truncated.write_bytes(truncated.read_bytes()[:-3])
    garbage.write_bytes(b"\x00\xff not json\nx")
    header, _, body = future.read_bytes().partition(b"\n")
    future.write_bytes(header.replace(b'recovery": 1', b'recovery": 2') + b"\n" + body)
    damaged = {path.name: path.read_bytes() for path in (truncated, garbage)}
    with caplog.at_level(logging.WARNING, logger="editor.core.journal"), Journal(folder) as own:
        assert [e.text for e in own.orphans()] == ["good"]
        own.discard(own.orphans()[0])
    assert "truncated" in caplog.text and "unknown format version 2" in caplog.text
    # Moved aside with their bytes (they may hold someone's words), never deleted
    quarantine = folder / journal.QUARANTINE
    assert {p.name: p.read_bytes() for p in quarantine.iterdir()} == damaged
    assert not truncated.exists() and not garbage.exists() and not good.exists()
    # A newer Galley's entry stays for that Galley to offer, so its instance stays too
    assert future.exists() and (folder / "dead-1.lock").exists()


def header_of(file: Path) -> dict[str, object]:
    fields: dict[str, object] = json.loads(file.read_bytes().partition(b"\n")[0])
    return fields


def with_header(file: Path, **changes: object) -> bytes:
    """The entry ``file`` with some header fields changed (``None`` values are removed)."""
    fields = header_of(file)
    for name, value in changes.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    body = file.read_bytes().partition(b"\n")[2]
    return json.dumps(fields).encode() + b"\n" + body


DAMAGE = {
    # json.loads raises RecursionError (not a ValueError) on deep nesting: it blocked start-up
    "deeply-nested-header": lambda f: b'{"a": ' + b"[" * 20_000 + b"]" * 20_000 + b"}\nx",
    "header-too-long": lambda f: b"[" * (journal.MAX_HEADER_BYTES + 10) + b"\nx",
    "no-newline": lambda f: b'{"galley-recovery": 1}',
    "bad-utf8-text": lambda f: f.read_bytes().partition(b"\n")[0] + b"\n\xff\xfe",
    "length-is-text": lambda f: with_header(f, length="7"),
    "length-is-bool": lambda f: with_header(f, length=True),
    "version-is-bool": lambda f: with_header(f, **{"galley-recovery": True}),
    "version-is-text": lambda f: with_header(f, **{"galley-recovery": "1"}),
    "key-is-number": lambda f: with_header(f, key=5),
    "name-missing": lambda f: with_header(f, name=None),
    "path-is-number": lambda f: with_header(f, path=5),
    "path-relative": lambda f: with_header(f, path="content/post/index.md"),
    "path-with-nul": lambda f: with_header(f, path="/tmp/a\x00b.md"),
    "path-lone-surrogate": lambda f: with_header(f, path="/tmp/\ud800.md"),
    "time-missing": lambda f: with_header(f, saved_at=None),
    "time-is-number": lambda f: with_header(f, saved_at=1714555800),
    "time-garbage": lambda f: with_header(f, saved_at="yesterday"),
    "time-year-1": lambda f: with_header(f, saved_at="0001-01-01T00:00:00+00:00"),
    "time-year-9999": lambda f: with_header(f, saved_at="9999-12-31T23:59:59-12:00"),
    "base-is-list": lambda f: with_header(f, base=[1, 2]),
    "base-wrong-types": lambda f: with_header(f, base={"mtime_ns": "1", "size": 1, "sha256": 1}),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_entry_is_quarantined_and_the_good_one_beside_it_offered(
    folder: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    good, bad = crashed(folder, "good words", "damaged words")
    data = DAMAGE[damage](bad)
    bad.write_bytes(data)
    with caplog.at_level(logging.WARNING, logger="editor.core.journal"), Journal(folder) as own:
        assert [e.text for e in own.orphans()] == ["good words"]
        assert (folder / journal.QUARANTINE / bad.name).read_bytes() == data  # kept, as it was
        assert not bad.exists()
        assert "Moved damaged recovery entry" in caplog.text and bad.name in caplog.text
        own.discard(own.orphans()[0])
    assert sorted(p.name for p in folder.iterdir()) == [journal.QUARANTINE]
    assert (folder / journal.QUARANTINE).stat().st_mode & 0o777 == 0o700


def test_entries_that_are_not_regular_files_are_quarantined_unread(folder: Path) -> None:
    good, fifo, link, huge = crashed(folder, "good words", "a", "b", "c")
    fifo.unlink()
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    link.unlink()
    link.symlink_to("/dev/zero")  # reading it would never end
    with huge.open("r+b") as file:
        file.truncate(journal.MAX_ENTRY_BYTES + 1)  # sparse: no disk space, refused by size
    with Journal(folder) as own:
        assert [e.text for e in own.orphans()] == ["good words"]
    quarantine = folder / journal.QUARANTINE
    assert sorted(p.name for p in quarantine.iterdir()) == sorted([fifo.name, link.name, huge.name])
    assert (quarantine / link.name).is_symlink()  # the link itself was moved, not its target


def test_quarantine_never_overwrites_an_earlier_entry(folder: Path) -> None:
    (first,) = crashed(folder, "one")
    first.write_bytes(b"damaged once\n")
    with Journal(folder) as own:
        assert own.orphans() == []
    crashed(folder, "two")
    first.write_bytes(b"damaged twice\n")
    with Journal(folder) as own:
        assert own.orphans() == []
    quarantine = folder / journal.QUARANTINE
    assert (quarantine / first.name).read_bytes() == b"damaged once\n"
    assert (quarantine / f"{first.name}.2").read_bytes() == b"damaged twice\n"


def test_an_entry_that_cannot_be_moved_aside_is_skipped_and_left(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good, bad = crashed(folder, "good words", "x")
    bad.write_bytes(b"[" * 5000 + b"\n")
    (folder / journal.QUARANTINE).write_bytes(b"a file where the folder should be")
    with caplog.at_level(logging.WARNING, logger="editor.core.journal"), Journal(folder) as own:
        assert [e.text for e in own.orphans()] == ["good words"]
    assert bad.read_bytes() == b"[" * 5000 + b"\n"
    assert "left where it is" in caplog.text


def json_values() -> st.SearchStrategy[object]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=12,
    )


FIELDS = ["galley-recovery", "instance", "key", "path", "name", "saved_at", "base", "length"]
HOSTILE_PATHS = ["/dev/zero", "/dev/null", "/", "/proc/self/mem", "/nonexistent/index.md"]


def offered_safely(folder: Path, good_text: str) -> list[RecoveryEntry]:
    """Orphans never raise, always include the good entry, and each can be summarised."""
    with Journal(folder) as own:
        orphans = own.orphans()
        assert good_text in [e.text for e in orphans]
        for entry in orphans:
            assert isinstance(entry.key, str) and isinstance(entry.display_name, str)
            assert entry.post_path is None or entry.post_path.is_absolute()
            assert isinstance(entry.difference(), str)  # never reads a device or a FIFO
            entry.age()
        assert own.entries() == []
    return orphans


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_random_bytes_never_keep_the_good_entry_from_being_offered(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "recovery"
        good, bad = crashed(folder, "good words", "x")
        bad.write_bytes(data)
        offered_safely(folder, "good words")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.dictionaries(
        st.sampled_from(FIELDS),
        json_values() | st.sampled_from(HOSTILE_PATHS) | st.just("2024-05-01T09:30:00+00:00"),
        max_size=4,
    ),
    removed=st.sets(st.sampled_from(FIELDS), max_size=2),
)
def test_random_headers_never_keep_the_good_entry_from_being_offered(
    changes: dict[str, object], removed: set[str]
) -> None:
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "recovery"
        os.mkfifo(Path(home) / "fifo.md")
        good, bad = crashed(folder, "good words", "x")
        fields = header_of(bad)
        fields.update(changes)
        for name in removed:
            fields.pop(name, None)
        bad.write_bytes(json.dumps(fields).encode() + b"\nx")
        offered_safely(folder, "good words")
        # And again with the post path a FIFO: summarising never waits on it
        fields["path"] = str(Path(home) / "fifo.md")
        bad = crashed(folder, "x", instance="dead-2")[0]
        bad.write_bytes(json.dumps({**header_of(bad), "path": fields["path"]}).encode() + b"\nx")
        offered_safely(folder, "x")


def test_a_copy_killed_before_its_rename_is_recovered(folder: Path) -> None:
    old = Journal(folder, instance="dead-1")
    file = old.write("k", None, "older", display_name="x", base=None)
    older = file.read_bytes()
    newer = old.write("k", None, "newer", display_name="x", base=None).read_bytes()
    file.write_bytes(older)
    (folder / f".{file.name}.abc123_x.galley-tmp").write_bytes(newer)  # fsynced, not renamed
    (folder / ".dead-1--other.galley-recovery.zz9.galley-tmp").write_bytes(newer[:20])
    old.close(clean=False)
    with Journal(folder, instance="me") as own:
        assert [e.text for e in own.orphans()] == ["newer"]
        own.discard(own.orphans()[0])
        assert sorted(p.name for p in folder.iterdir()) == ["me.lock"]


def test_a_killed_process_s_entries_are_recovered(folder: Path) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from editor.core.journal import Journal\n"
            "j = Journal(Path(sys.argv[1]))\n"
            "j.write('k', None, 'typed before the crash\\n', display_name='Untitled', base=None)\n"
            "print(j.instance, flush=True)\n"
            "time.sleep(60)\n",
            str(folder),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        instance = child.stdout.readline().strip()
        with Journal(folder) as own:
            assert own.orphans() == []  # still running
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
            [entry] = own.orphans()
        assert (entry.instance, entry.text) == (instance, "typed before the crash\n")
    finally:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


# -- the file on disk


def test_disk_state_notices_content_not_time(tmp_path: Path) -> None:
    path, _ = post_file(tmp_path)
    state = DiskState.of(path)
    assert state == DiskState.from_bytes(path, FRONT_MATTER.encode())
    assert state is not None and state.size == len(FRONT_MATTER.encode())
    os.utime(path, ns=(1, 1))
    touched = DiskState.of(path)
    assert touched != state and state.same_content(touched)
    path.write_text(FRONT_MATTER + "x")
    assert not state.same_content(DiskState.of(path))
    assert not state.same_content(None)
    assert DiskState.of(tmp_path / "missing.md") is None
    assert DiskState.of(tmp_path) is None
    os.mkfifo(tmp_path / "fifo")
    assert DiskState.of(tmp_path / "fifo") is None


def entry_for(path: Path | None, text: str, base: DiskState | None) -> RecoveryEntry:
    now = datetime.now(timezone.utc)
    return RecoveryEntry(Path("x"), "i", "k", path, "index.md", text, now, base)


def test_difference_says_how_the_recovered_text_differs(tmp_path: Path) -> None:
    lines = [f"line {n}\n" for n in range(1, 61)]
    path, base = post_file(tmp_path, "".join(lines))
    edited = lines[:39] + [f"new {n}\n" for n in range(12)] + lines[42:]
    assert entry_for(None, "x", None).difference() == "Untitled: never saved."
    assert entry_for(path, "".join(lines), base).difference() == "Same as the file on disk."
    assert entry_for(path, "".join(edited), base).difference() == (
        "12 lines added and 3 removed, starting at line 40."
    )
    assert entry_for(path, "".join([*lines, "end\n"]), base).difference() == (
        "1 line added, starting at line 61."
    )
    assert entry_for(path, "".join(lines[1:]), base).difference() == (
        "1 line removed, starting at line 1."
    )
    assert entry_for(path, "".join(lines).replace("\n", "\r\n"), base).difference() == (
        "Same text as the file on disk, with different line endings."
    )
    path.write_text("".join(lines[:-1]))  # someone deleted the last line meanwhile
    assert entry_for(path, "".join(edited), base).difference() == (
        "13 lines added and 3 removed, starting at line 40. "
        "The file on disk also changed since these edits began."
    )
    assert entry_for(path, "".join(edited), base).disk_text() == "".join(lines[:-1])
    path.write_bytes(b"\xff\xfe")
    assert entry_for(path, "x", base).disk_text() is None
    assert entry_for(path, "x", base).difference() == "The file on disk could not be read."
    path.unlink()
    assert entry_for(path, "x", base).difference() == "The file no longer exists on disk."
    assert entry_for(path, "x", None).difference() == "The file does not exist on disk yet."


def test_a_post_path_that_is_not_a_regular_file_is_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.md")  # read_bytes() waited for a writer forever
    (tmp_path / "null.md").symlink_to("/dev/null")  # a device: /dev/zero would never end
    (tmp_path / "folder.md").mkdir()
    device = "The file on disk is a device or a pipe, not a regular file, so it was not read."
    cases = {
        "fifo.md": device,
        "null.md": device,
        "folder.md": "There is a folder on disk where the file should be.",
    }
    for name, sentence in cases.items():
        entry = entry_for(tmp_path / name, "words\n", None)
        reader = threading.Thread(target=lambda e=entry: e.difference(), daemon=True)
        reader.start()
        reader.join(30)  # the old code blocked here for good
        assert not reader.is_alive(), f"difference() is stuck reading {name}"
        assert entry.difference() == sentence
        assert entry.disk_text() is None
        assert DiskState.of(tmp_path / name) is None


def test_a_post_larger_than_the_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, base = post_file(tmp_path, "x" * 2000)
    monkeypatch.setattr(journal, "POST_READ_LIMIT", 1000)
    entry = entry_for(path, "y", base)
    assert entry.difference() == "The file on disk is too large to compare (2,000 bytes)."
    assert entry.disk_text() is None
    assert DiskState.of(path) == base  # the window's own check of the file has no limit


def paragraphs(count: int, tag: str = "") -> list[str]:
    return [f"Paragraph {n}{tag}: some words of it.\n\n" for n in range(count)]


def test_difference_of_huge_edits_returns_and_says_so(tmp_path: Path) -> None:
    """Each of these took difflib from 43 s to forever; the timings are in bench/recovery.py."""
    old = paragraphs(2000)
    path, base = post_file(tmp_path, "".join(old))
    every_paragraph = "".join(paragraphs(2000, " (edited)"))
    assert entry_for(path, every_paragraph, base).difference() == (
        "2,000 lines added and 2,000 removed, starting at line 1."
    )
    shuffled = old[1:] + old[:1]  # the first paragraph moved to the end
    assert entry_for(path, "".join(shuffled), base).difference() == (
        "2 lines added and 2 removed, starting at line 1."
    )
    mixed = old[::-1]
    sentence = entry_for(path, "".join(mixed), base).difference()
    assert sentence.startswith("About ") and sentence.endswith(", starting at line 1.")

    lines = [f"line {n}\n" for n in range(100_000)]
    path, base = post_file(tmp_path, "".join(lines))
    one = lines[:]
    one[76_543] = "typed before the crash\n"
    assert entry_for(path, "".join(one), base).difference() == (
        "1 line added and 1 removed, starting at line 76,544."
    )
    path, base = post_file(tmp_path, "x" * 20_000_000)
    line = "x" * 10_000_000 + "y" + "x" * 9_999_999
    assert entry_for(path, line, base).difference() == (
        "1 line added and 1 removed, starting at line 1."
    )


def test_age_counts_from_when_the_entry_was_written() -> None:
    entry = entry_for(None, "x", None)
    assert entry.age(entry.saved_at + timedelta(minutes=5)) == timedelta(minutes=5)


# -- folders and backups


def test_folders_follow_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert journal.default_folder() == tmp_path / "data" / "galley" / "recovery"
    assert journal.backups_folder() == tmp_path / "data" / "galley" / "backups"
    with Journal() as own:
        assert own.folder == tmp_path / "data" / "galley" / "recovery"


def test_backups_keep_the_newest_versions(tmp_path: Path) -> None:
    path, _ = post_file(tmp_path)
    backups = tmp_path / "backups"
    start = datetime(2024, 5, 1, 9, 30, 0)
    made = [
        journal.keep_backup(
            path, f"v{n}".encode(), folder=backups, keep=3, now=start + timedelta(minutes=n)
        )
        for n in range(5)
    ]
    assert made[0].parent.name.startswith("post-")  # a page bundle is named by its folder
    assert made[-1].name == "20240501-093400-index.md"
    kept = journal.list_backups(path, folder=backups)
    assert kept == made[:1:-1]
    assert [p.read_bytes() for p in kept] == [b"v4", b"v3", b"v2"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in kept)
    other = tmp_path / "elsewhere" / "index.md"
    assert journal.list_backups(other, folder=backups) == []


def test_backups_in_the_same_second_do_not_overwrite(tmp_path: Path) -> None:
    path, _ = post_file(tmp_path)
    now = datetime(2024, 5, 1, 9, 30, 0)
    one = journal.keep_backup(path, b"one", folder=tmp_path, now=now)
    two = journal.keep_backup(path, b"two", folder=tmp_path, now=now)
    again = journal.keep_backup(path, b"two", folder=tmp_path, now=now)
    assert two == again and two.name == "20240501-093000.2-index.md"
    assert journal.list_backups(path, folder=tmp_path) == [two, one]


def test_a_failed_backup_is_a_journal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = post_file(tmp_path)

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(JournalError, match=r"Could not keep a backup of index\.md") as info:
        journal.keep_backup(path, b"old", folder=tmp_path / "b")
    assert "The post itself is unchanged" in info.value.detail
    monkeypatch.undo()
    assert journal.list_backups(path, folder=tmp_path / "b") == []


def test_the_journal_imports_without_pyside6() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.startswith(('PySide6', 'shiboken6')): raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import editor.core.journal\n"
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
