"""The render schedule: what the preview re-renders after typing, and when."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from editor.core.render import body_lines, render_document
from editor.state.render_schedule import NEAR_LINES, RenderSchedule
from tests.core.render.test_incremental import apply, strip_ids


class Source:
    """A body edited line by line, as the document holds it."""

    folder: Path | None = None
    body_start_line = 1

    def __init__(self, body: str) -> None:
        self.lines = body_lines(body)

    def body_lines(self) -> list[str]:
        return self.lines


def edit(schedule: RenderSchedule, source: Source, first: int, new: list[str]) -> None:
    schedule.before_edit(first, source.lines)
    source.lines[first : first + 1] = new
    schedule.lines_edited(first, first + len(new), len(new) - 1)


def test_a_far_edit_renders_the_lines_before_it_in_an_event_of_its_own(qtbot: QtBot) -> None:
    source = Source("".join(f"Paragraph {n}.\n\n" for n in range(200)))
    schedule = RenderSchedule(source)
    model = [(b.id, b.html) for b in schedule.render_full().blocks]
    edit(schedule, source, 0, ["Paragraph 0, edited.\n"])
    edit(schedule, source, NEAR_LINES, ["Near.\n"])  # rendered with the first edit
    assert schedule.rendered_headings() is None
    edit(schedule, source, 300, ["Far.\n"])
    qtbot.wait(10)  # the early render runs from the event loop, not inside the keystroke
    update = schedule.render_update()
    assert len(update.steps()) == 2
    model = apply(model, update)
    full = render_document("".join(source.lines))
    assert strip_ids("".join(html for _, html in model)) == strip_ids(full.html)
    assert schedule.rendered_headings() == []


def test_before_the_first_render_nothing_is_rendered_early() -> None:
    source = Source("".join(f"Paragraph {n}.\n\n" for n in range(200)))
    schedule = RenderSchedule(source)
    edit(schedule, source, 0, ["Edited.\n"])
    edit(schedule, source, 300, ["Far.\n"])
    assert len(schedule.render_update().steps()) == 1


def test_the_schedule_renders_in_its_sites_dialect() -> None:
    from editor.core.render.dialects import dialect_for

    source = Source("{{< notice >}}\nInside.\n{{< /notice >}}\n\nAfter.\n")
    schedule = RenderSchedule(source)
    assert "galley-unrendered" not in schedule.render_full().html  # today's renderer
    schedule.dialect = dialect_for("hugo")
    full = schedule.render_full()
    assert len(full.blocks) == 2 and 'data-syntax="hugo-shortcode"' in full.blocks[0].html
    edit(schedule, source, 1, ["Inside, edited.\n"])
    update = schedule.render_update()
    assert len(update.replaced) == 1 and "Inside, edited." in update.replaced[0][1]
    schedule.restart()  # Save As keeps the dialect
    assert 'data-syntax="hugo-shortcode"' in schedule.render_full().blocks[0].html
