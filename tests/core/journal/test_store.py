"""Entries that can never be read are set aside, never deleted, and never keep the good ones
from being offered; hostile headers and files are refused (the journal's store)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.journal import Journal, RecoveryEntry, store
from tests.helpers.journal_cases import crashed


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
    quarantine = folder / store.QUARANTINE
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
    "header-too-long": lambda f: b"[" * (store.MAX_HEADER_BYTES + 10) + b"\nx",
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
        assert (folder / store.QUARANTINE / bad.name).read_bytes() == data  # kept, as it was
        assert not bad.exists()
        assert "Moved damaged recovery entry" in caplog.text and bad.name in caplog.text
        own.discard(own.orphans()[0])
    assert sorted(p.name for p in folder.iterdir()) == [store.QUARANTINE]
    assert (folder / store.QUARANTINE).stat().st_mode & 0o777 == 0o700


def test_entries_that_are_not_regular_files_are_quarantined_unread(folder: Path) -> None:
    good, fifo, link, huge = crashed(folder, "good words", "a", "b", "c")
    fifo.unlink()
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    link.unlink()
    link.symlink_to("/dev/zero")  # reading it would never end
    with huge.open("r+b") as file:
        file.truncate(store.MAX_ENTRY_BYTES + 1)  # sparse: no disk space, refused by size
    with Journal(folder) as own:
        assert [e.text for e in own.orphans()] == ["good words"]
    quarantine = folder / store.QUARANTINE
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
    quarantine = folder / store.QUARANTINE
    assert (quarantine / first.name).read_bytes() == b"damaged once\n"
    assert (quarantine / f"{first.name}.2").read_bytes() == b"damaged twice\n"


def test_an_entry_that_cannot_be_moved_aside_is_skipped_and_left(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good, bad = crashed(folder, "good words", "x")
    bad.write_bytes(b"[" * 5000 + b"\n")
    (folder / store.QUARANTINE).write_bytes(b"a file where the folder should be")
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
