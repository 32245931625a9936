"""The recovery journal keeps unsaved text through crashes, failed writes and rivals."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from editor.core import journal
from editor.core.journal import Journal, JournalError, store
from tests.helpers.journal_cases import FRONT_MATTER, crashed, post_file

ROOT = Path(__file__).resolve().parents[3]


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
        assert fields["galley-recovery"] == store.RECOVERY_VERSION == 1
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


# -- folders


def test_folders_follow_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert journal.default_folder() == tmp_path / "data" / "galley" / "recovery"
    assert journal.backups_folder() == tmp_path / "data" / "galley" / "backups"
    with Journal() as own:
        assert own.folder == tmp_path / "data" / "galley" / "recovery"


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
