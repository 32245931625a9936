"""The open-post controller: edits, modified state, safe mode for broken YAML, save and revert."""

from __future__ import annotations

import gc
import os
import stat
import weakref
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from editor.core.errors import PostLoadError, SaveError
from editor.core.journal import DiskState, list_backups
from editor.core.post import Post
from editor.state.document import Document, ReadOnlyFile, SaveConflict
from tests.helpers.post_cases import CASES, CORPUS_LIKE

BROKEN = b"---\ntitle: [unclosed\ndate: '2021-05-17'\n---\nThe body survives.\n"


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "blog" / "weekly-26"
    folder.mkdir(parents=True)
    path = folder / "index.md"
    path.write_bytes(CORPUS_LIKE)
    return path


def test_open_shows_the_body_and_meta(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    assert doc.display_name == "weekly-26"
    assert doc.body.startswith("\nSpotify published")
    assert doc.meta_dict()["title"].startswith("Backstage Weekly 26")
    assert not doc.is_modified and doc.error is None


def test_body_edit_marks_modified_and_saves_only_the_body(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    with qtbot.waitSignal(doc.modified_changed):
        doc.set_body(doc.body + "\nA new line.\n")
    doc.save()
    assert post_file.read_bytes() == CORPUS_LIKE + b"\nA new line.\n"
    assert not doc.is_modified


def test_crlf_post_stays_crlf(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(CASES["crlf"])
    doc = Document.open(path)
    assert "\r" not in doc.body
    doc.set_body(doc.body + "More.\n")
    doc.save()
    assert path.read_bytes() == CASES["crlf"] + b"More.\r\n"


def test_field_edit_changes_one_line(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    with qtbot.waitSignal(doc.meta_changed):
        doc.set_field(("title",), "Renamed")
    doc.save()
    old, new = CORPUS_LIKE.decode().splitlines(), post_file.read_text().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("title: Backstage Weekly 26 - Spotify's product story", "title: Renamed")
    ]


def test_undoing_back_to_the_saved_text_clears_modified(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    original = doc.body
    doc.set_body(original + "x")
    assert doc.is_modified
    with qtbot.waitSignal(doc.modified_changed, timeout=2000) as blocker:
        doc.set_body(original)
    assert blocker.args == [False]


def test_broken_yaml_opens_in_safe_mode_and_is_never_saved(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(BROKEN)
    doc = Document.open(path)
    assert doc.error is not None and doc.error.line == 3
    assert doc.body == "The body survives.\n"
    assert doc.front_matter_text == "title: [unclosed\ndate: '2021-05-17'\n"
    doc.set_body("Edited body.\n")
    with pytest.raises(SaveError) as info:
        doc.save()
    assert "line 3" in info.value.summary
    assert path.read_bytes() == BROKEN
    # Fixing the YAML leaves safe mode; then saving works and keeps the edited body.
    with qtbot.waitSignal(doc.front_matter_error) as blocker:
        doc.set_front_matter_text("title: fixed\ndate: '2021-05-17'\n")
    assert blocker.args == [None]
    doc.save()
    assert path.read_bytes() == b"---\ntitle: fixed\ndate: '2021-05-17'\n---\nEdited body.\n"


def test_invalid_raw_yaml_typed_in_keeps_the_text_and_blocks_saving(
    qtbot: QtBot, post_file: Path
) -> None:
    doc = Document.open(post_file)
    with qtbot.waitSignal(doc.front_matter_error):
        doc.set_front_matter_text("title: [oops\n")
    assert doc.front_matter_text == "title: [oops\n"
    with pytest.raises(SaveError):
        doc.save()
    assert post_file.read_bytes() == CORPUS_LIKE


def test_revert_returns_to_the_file(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    doc.set_body("Scribbles\n")
    with qtbot.waitSignal(doc.body_reset) as blocker:
        doc.revert()
    assert blocker.args[0].startswith("\nSpotify")
    assert not doc.is_modified


def test_save_as_moves_the_document(qtbot: QtBot, post_file: Path, tmp_path: Path) -> None:
    doc = Document.open(post_file)
    target = tmp_path / "copy.md"
    with qtbot.waitSignal(doc.path_changed):
        doc.save(target)
    assert doc.path == target and target.read_bytes() == CORPUS_LIKE


def test_untitled_document_needs_save_as(qtbot: QtBot) -> None:
    doc = Document()
    doc.set_body("Draft\n")
    with pytest.raises(SaveError):
        doc.save()


def test_missing_file_raises_post_load_error(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(PostLoadError):
        Document.open(tmp_path / "nope.md")


def test_render_updates_follow_edits(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    first = doc.renders.render_full()
    assert first.blocks[0].line == 11
    doc.set_body(doc.body.replace("Spotify published", "Spotify wrote"))
    update = doc.renders.render_update()
    assert len(update.replaced) == 1 and "Spotify wrote" in update.replaced[0][1]


# -- the file on disk: changes from outside, conflicts, backups, recovery


def test_save_refuses_to_overwrite_a_newer_file(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    doc.set_body(doc.body + "Mine.\n")
    post_file.write_bytes(CORPUS_LIKE + b"Theirs.\n")
    with pytest.raises(SaveConflict) as caught:
        doc.save()
    assert "changed on disk" in caught.value.summary
    assert post_file.read_bytes() == CORPUS_LIKE + b"Theirs.\n"
    doc.save(overwrite_newer=True)
    assert post_file.read_bytes() == CORPUS_LIKE + b"Mine.\n"


def test_a_touch_without_changes_is_no_conflict(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    doc.set_body(doc.body + "Mine.\n")
    post_file.write_bytes(CORPUS_LIKE)  # same bytes, new mtime
    doc.save()
    assert post_file.read_bytes() == CORPUS_LIKE + b"Mine.\n"


def test_acknowledged_disk_version_can_be_overwritten(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    doc.set_body(doc.body + "Mine.\n")
    post_file.write_bytes(CORPUS_LIKE + b"Theirs.\n")
    doc.disk_state = DiskState.of(post_file)  # "Keep Mine"
    doc.save()
    assert post_file.read_bytes() == CORPUS_LIKE + b"Mine.\n"


def test_reload_takes_the_disk_version(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    post_file.write_bytes(CORPUS_LIKE.replace(b"Spotify published", b"Someone published"))
    with qtbot.waitSignal(doc.body_reset):
        doc.reload()
    assert doc.body.startswith("\nSomeone published")
    assert not doc.is_modified
    doc.save()  # no conflict: the reloaded version is the known one


def test_a_deleted_file_makes_the_post_unsaved_and_save_writes_it_back(
    qtbot: QtBot, post_file: Path
) -> None:
    doc = Document.open(post_file)
    post_file.unlink()
    doc.file_missing()
    assert doc.is_modified
    doc.save()
    assert post_file.read_bytes() == CORPUS_LIKE
    assert not doc.is_modified


def test_restore_shows_recovered_text_as_modified(qtbot: QtBot, post_file: Path) -> None:
    doc = Document.open(post_file)
    recovered = CORPUS_LIKE.decode() + "Recovered words.\n"
    doc.restore(recovered)
    assert doc.is_modified
    assert doc.body.endswith("Recovered words.\n")
    assert doc.full_text() == recovered
    doc.revert()
    assert not doc.is_modified and doc.full_text() == CORPUS_LIKE.decode()


def test_restore_of_broken_front_matter_stays_modified_in_safe_mode(
    qtbot: QtBot, post_file: Path
) -> None:
    doc = Document.open(post_file)
    doc.restore(BROKEN.decode())
    assert doc.error is not None and doc.is_modified
    assert doc.full_text() == BROKEN.decode()


def test_first_save_of_a_session_keeps_a_backup(
    qtbot: QtBot, post_file: Path, tmp_path: Path
) -> None:
    doc = Document.open(post_file)
    doc.backup_folder = tmp_path / "backups"
    doc.set_body(doc.body + "One.\n")
    doc.save()
    doc.set_body(doc.body + "Two.\n")
    doc.save()
    backups = list_backups(post_file, folder=tmp_path / "backups")
    assert len(backups) == 1  # only the first save of the session
    assert backups[0].read_bytes() == CORPUS_LIKE


def test_typing_far_apart_renders_each_place_on_its_own() -> None:
    """A word at the top and one far below, before the preview asks: two small renders, sent
    as two steps, never one re-parse of everything in between."""
    from editor.core.render import render_document
    from tests.core.render.test_incremental import apply, strip_ids

    body = "".join(f"Paragraph {n}.\n\n" for n in range(400))
    document = Document(Post.parse("---\ntitle: T\n---\n" + body))
    model = [(b.id, b.html) for b in document.renders.render_full().blocks]
    document.edit_lines(0, 1, ["Paragraph 0 and more."])
    document.edit_lines(1, 1, ["", "New paragraph.", ""])  # near: rendered together
    document.edit_lines(700, 1, ["Paragraph 350, edited."])  # far away
    update = document.renders.render_update()
    steps = update.steps()
    assert len(steps) == 2
    assert sum(len(s.replaced) + len(s.inserted) for s in steps) <= 4
    model = apply(model, update)
    full = render_document(document.body, first_line=document.body_start_line)
    assert strip_ids("".join(html for _, html in model)) == strip_ids(full.html)
    assert document.renders.render_update().steps() == [
        document.renders.render_update()
    ]  # nothing pending


def test_renders_after_line_edits_match_a_full_render() -> None:
    """The document tells the renderer which lines an edit touched, so that it need not compare
    the whole post to find them: after any mix of line edits, whole-text edits, far jumps and
    renders, the preview model patched step by step equals a render from scratch."""
    import random

    from editor.core.render import render_document
    from tests.core.render.test_incremental import apply, strip_ids

    pieces = ["# Title", "", "Some *text* here.", "- item", "  - nested", "```", "code",
              "> quote", "| a | b |", "|---|---|", "| 1 | 2 |", "[ref]: https://x.test",
              "See [ref].", "Footnote[^1].", "[^1]: The note.", "## Again", "<div>raw",
              "</div>", "1. one", "2. two"]  # fmt: skip
    rng = random.Random(8)
    body = "\n".join(rng.choice(pieces) for _ in range(300)) + "\n"
    document = Document(Post.parse("---\ntitle: T\n---\n" + body))
    model = [(b.id, b.html) for b in document.renders.render_full().blocks]
    for round_ in range(150):
        if round_ % 25 == 24:  # a whole-text change (a fix, a revert), then typing
            document.set_body(rng.choice(pieces) + "\n" + document.body + rng.choice(pieces))
        for _ in range(rng.randint(1, 4)):
            total = len(document.body.split("\n"))  # the editor's lines
            first = rng.choice([rng.randrange(total), rng.randrange(min(total, 8))])
            count = rng.randint(0, min(3, total - first))
            fresh = [rng.choice(pieces) for _ in range(rng.randint(0 if count else 1, 3))]
            document.edit_lines(first, count, fresh)
        model = apply(model, document.renders.render_update())
        full = render_document(document.body, first_line=document.body_start_line)
        assert strip_ids("".join(html for _, html in model)) == strip_ids(full.html), round_


def test_rendered_headings_only_while_the_render_is_current() -> None:
    document = Document(Post.parse("---\ntitle: T\n---\n# One\n\ntext\n"))
    assert document.renders.rendered_headings() is None  # never rendered
    document.renders.render_full()
    assert document.renders.rendered_headings() == [(0, "# One\n")]
    document.edit_lines(2, 1, ["## Two"])
    assert document.renders.rendered_headings() is None  # typed since
    document.renders.render_update()
    assert document.renders.rendered_headings() == [(0, "# One\n"), (2, "## Two\n")]
    document.set_body("Setext\n===\n")
    assert document.renders.rendered_headings() is None


def test_a_write_during_the_save_is_not_replaced(
    qtbot: QtBot, post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writes the post while Galley writes and fsyncs its new text: the
    check just before the rename notices, and their version stays."""
    doc = Document.open(post_file)
    doc.set_body(doc.body + "Mine.\n")
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        real_fsync(fd)
        if post_file.read_bytes() == CORPUS_LIKE:
            post_file.write_bytes(CORPUS_LIKE + b"Theirs, written meanwhile.\n")

    monkeypatch.setattr(os, "fsync", slow_fsync)
    with pytest.raises(SaveConflict) as caught:
        doc.save()
    monkeypatch.undo()
    assert "while Galley was saving" in caught.value.summary
    assert post_file.read_bytes() == CORPUS_LIKE + b"Theirs, written meanwhile.\n"
    assert [p.name for p in post_file.parent.iterdir()] == ["index.md"]
    assert doc.is_modified


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o440])
def test_a_read_only_post_is_saved_only_when_asked(
    qtbot: QtBot, post_file: Path, mode: int
) -> None:
    post_file.chmod(mode)
    doc = Document.open(post_file)
    doc.set_body(doc.body + "Mine.\n")
    with pytest.raises(ReadOnlyFile) as caught:
        doc.save()
    assert "read-only" in caught.value.summary and "Save As" in caught.value.detail
    assert post_file.read_bytes() == CORPUS_LIKE
    doc.save(overwrite_read_only=True)
    assert post_file.read_bytes() == CORPUS_LIKE + b"Mine.\n"
    assert stat.S_IMODE(post_file.stat().st_mode) == mode  # still read-only


# -- every line keeps its own line end; characters the editor cannot hold survive

MIXED = b"---\r\ntitle: Mixed\r\n---\r\nCRLF line\r\nLF line\nlone CR line\rlast CRLF\r\n"


def test_typing_one_character_keeps_every_other_line_end(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "mixed.md"
    path.write_bytes(MIXED)
    doc = Document.open(path)
    assert doc.body == "CRLF line\nLF line\nlone CR line\nlast CRLF\n"
    doc.edit_lines(1, 1, ["LF line!"])
    doc.save()
    assert path.read_bytes() == MIXED.replace(b"LF line\n", b"LF line!\n")
    doc.edit_lines(0, 1, ["CRLF line", "typed after it"])  # Enter, then words
    doc.save()
    assert b"CRLF line\r\ntyped after it\r\nLF line!\nlone CR line\rlast CRLF\r\n" in (
        path.read_bytes()
    )


def test_a_whole_text_edit_keeps_the_line_ends_of_unchanged_lines(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.md"
    path.write_bytes(MIXED)
    doc = Document.open(path)
    doc.set_body(doc.body.replace("lone CR line", "lone CR line, edited"))
    doc.save()
    assert path.read_bytes() == MIXED.replace(b"lone CR line", b"lone CR line, edited")


def test_a_raw_yaml_edit_keeps_crlf_front_matter(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"---\r\ntitle: One\r\ntags: [a]\r\n---\r\nBody\r\n")
    doc = Document.open(path)
    doc.set_front_matter_text("title: Two\ntags: [a]\n")  # as the YAML tab gives it
    doc.save()
    assert path.read_bytes() == b"---\r\ntitle: Two\r\ntags: [a]\r\n---\r\nBody\r\n"


def test_characters_qt_turns_into_line_breaks_survive(qtbot: QtBot, tmp_path: Path) -> None:
    raw = "---\ntitle: Seps\n---\nline\u2028sep and para\u2029sep\nframe \ufdd0 and \ufdd1 marks\n"
    path = tmp_path / "seps.md"
    path.write_bytes(raw.encode())
    doc = Document.open(path)
    shown = doc.editor_body
    assert not any(c in shown for c in "\u2028\u2029\ufdd0\ufdd1")
    assert shown.count("\n") == doc.body.count("\n") == 2
    first, second = shown.split("\n")[:2]
    doc.edit_lines(1, 1, [second + "!"])  # the editor gives back its stand-ins
    doc.save()
    assert path.read_bytes() == raw.replace(" marks\n", " marks!\n").encode()
    doc.set_body(doc.editor_body + "more\n")
    doc.save()
    tail = "line\u2028sep and para\u2029sep\nframe \ufdd0 and \ufdd1 marks!\nmore\n"
    assert path.read_bytes().decode().endswith(tail)


def test_broken_yaml_is_fixed_by_typing_it_as_the_yaml_tab_gives_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(BROKEN.replace(b"\n", b"\r\n"))
    doc = Document.open(path)
    assert doc.error is not None
    # The YAML tab's text has "\n" line ends and often no final line end.
    with qtbot.waitSignal(doc.front_matter_error) as blocker:
        doc.set_front_matter_text("title: fixed\ndate: '2021-05-17'")
    assert blocker.args == [None], doc.error
    doc.save()
    assert path.read_bytes() == (
        b"---\r\ntitle: fixed\r\ndate: '2021-05-17'\r\n---\r\nThe body survives.\r\n"
    )


def test_a_closed_document_is_freed_at_once() -> None:
    """No reference cycle keeps a document for the cycle collector, which may run on another
    thread (the recovery journal's writer) and would delete its Qt objects there."""
    gc.disable()
    try:
        document = Document(Post.parse("---\ntitle: T\n---\n# One\n"))
        document.set_body("# One\n\ntext\n")
        document.renders.render_full()
        gone = weakref.ref(document)
        del document
        assert gone() is None
    finally:
        gc.enable()
