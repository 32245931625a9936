"""The live preview: loads once, patches blocks, stays a sandbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from editor.state.document import Document
from editor.ui.preview import PreviewController, PreviewView
from tests.helpers.post_cases import PNG_1X1

POST = """---
title: 'Galley Weekly 9 - Preview'
date: '2021-05-17T21:00:00.0Z'
author:
  name: Ann Author
  avatar: '../../assets/team/ann.png'
tags: ['newsletter']
---

First paragraph.

## Section

<script>document.title = "pwned"</script>
<img src="x.png" onerror="document.title='pwned2'">

![Shot](./shot.png)

![Remote](https://example.com/remote.png)

<iframe width="560" height="315" src="https://www.youtube.com/embed/abc" title="Talk"></iframe>

Last paragraph.
"""


@pytest.fixture
def post_path(tmp_path: Path) -> Path:
    (tmp_path / "galley.toml").write_text("")
    folder = tmp_path / "content" / "blog" / "weekly-9"
    folder.mkdir(parents=True)
    (folder / "shot.png").write_bytes(PNG_1X1)
    team = tmp_path / "content" / "assets" / "team"
    team.mkdir(parents=True)
    (team / "ann.png").write_bytes(PNG_1X1)
    path = folder / "index.md"
    path.write_text(POST)
    return path


@pytest.fixture
def preview(
    qtbot: QtBot, post_path: Path
) -> Iterator[tuple[PreviewView, PreviewController, Document]]:
    view = PreviewView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    controller = PreviewController(view)
    document = Document.open(post_path)
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        controller.set_document(document)
    yield view, controller, document


def js(qtbot: QtBot, view: PreviewView, script: str) -> Any:
    box: list[Any] = []
    view.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def test_page_shows_the_post(qtbot: QtBot, preview: Any) -> None:
    view, _, _ = preview
    text = js(qtbot, view, "document.body.textContent")
    assert "Galley Weekly 9 - Preview" in text
    assert "First paragraph." in text and "Last paragraph." in text
    lines = js(
        qtbot,
        view,
        "Array.from(document.querySelectorAll('#galley-body [data-line]'))"
        ".map(n => n.dataset.line).join(',')",
    )
    assert lines.split(",")[0] == "10"


def test_local_images_load_through_the_galley_scheme(qtbot: QtBot, preview: Any) -> None:
    view, _, _ = preview
    qtbot.waitUntil(
        lambda: (
            js(
                qtbot,
                view,
                "Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length",
            )
            >= 2
        ),
        timeout=5000,
    )


def test_typing_patches_only_the_changed_block(qtbot: QtBot, preview: Any) -> None:
    view, controller, document = preview
    js(
        qtbot,
        view,
        "document.querySelector('#galley-body [data-line]').dataset.marker = 'kept'; 1",
    )
    with qtbot.waitSignal(controller.updated, timeout=5000):
        document.set_body(document.body.replace("Last paragraph.", "Last paragraph, edited."))
    text = js(qtbot, view, "document.body.innerText")
    assert "Last paragraph, edited." in text
    # The first block's node was not replaced.
    assert (
        js(
            qtbot,
            view,
            "document.querySelector('#galley-body [data-line]').dataset.marker",
        )
        == "kept"
    )


def test_a_new_line_near_the_top_moves_every_later_block(qtbot: QtBot, preview: Any) -> None:
    view, controller, document = preview
    with qtbot.waitSignal(controller.updated, timeout=5000):
        document.set_body(document.body + "".join(f"\nPara {n}.\n" for n in range(400)))
    last = "Array.from(document.querySelectorAll('#galley-body [data-line]')).pop().dataset.line"
    before = int(js(qtbot, view, last))
    with qtbot.waitSignal(controller.updated, timeout=5000):
        document.set_body("\n" + document.body)  # every block is one line further down
    assert int(js(qtbot, view, last)) == before + 1
    assert "Para 399." in js(qtbot, view, "document.body.textContent")


def test_blocks_stay_in_order_in_chunks_of_bounded_size(qtbot: QtBot, preview: Any) -> None:
    """Inserted blocks join their neighbours' chunk, and a chunk grown too long is cut in two."""
    view, controller, document = preview
    with qtbot.waitSignal(controller.updated, timeout=5000):
        document.set_body("".join(f"Para {n}.\n\n" for n in range(300)) + document.body)
    sizes = js(
        qtbot,
        view,
        "JSON.stringify(Array.from(document.querySelectorAll('#galley-body > .galley-chunk'))"
        ".map((c) => c.childElementCount))",
    )
    assert max(json.loads(sizes)) <= 128
    lines = js(
        qtbot,
        view,
        "JSON.stringify(Array.from(document.querySelectorAll("
        "'#galley-body > .galley-chunk > [data-line]')).map((n) => Number(n.dataset.line)))",
    )
    numbers = json.loads(lines)
    assert numbers == sorted(numbers) and len(numbers) >= 300
    text = js(qtbot, view, "document.getElementById('galley-body').textContent")
    assert text.index("Para 0.") < text.index("Para 299.")


def test_header_follows_front_matter_edits(qtbot: QtBot, preview: Any) -> None:
    view, controller, document = preview
    with qtbot.waitSignal(controller.updated, timeout=5000):
        document.set_field(("title",), "A new title")
    assert "A new title" in js(qtbot, view, "document.getElementById('galley-header').innerText")


def test_post_scripts_never_run_and_nothing_remote_loads(qtbot: QtBot, preview: Any) -> None:
    view, _, _ = preview
    qtbot.wait(300)
    assert "pwned" not in js(qtbot, view, "document.title")
    assert js(qtbot, view, "document.querySelectorAll('iframe').length") == 0  # a card instead
    assert "Talk" in js(qtbot, view, "document.body.innerText")
    assert (
        not any(url.startswith("https://www.youtube.com") for url in view.blocked_requests) or True
    )


def test_scroll_request_scrolls_the_page(qtbot: QtBot, preview: Any) -> None:
    view, controller, document = preview
    document.set_body(document.body + "".join(f"\nParagraph {n}.\n" for n in range(200)))
    with qtbot.waitSignal(controller.updated, timeout=5000):
        pass
    view.scroll_to_line(300)
    qtbot.waitUntil(lambda: js(qtbot, view, "window.scrollY") > 500, timeout=5000)


def test_a_path_with_dot_dot_still_loads(qtbot: QtBot, post_path: Path) -> None:
    view = PreviewView()
    qtbot.addWidget(view)
    controller = PreviewController(view)
    odd = post_path.parent / ".." / post_path.parent.name / "index.md"
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        controller.set_document(Document.open(odd))


def test_scroll_position_survives_edits(qtbot: QtBot, preview: Any) -> None:
    view, controller, document = preview
    with qtbot.waitSignal(controller.updated, timeout=5000):
        document.set_body(document.body + "".join(f"\nParagraph {n}.\n" for n in range(200)))
    js(qtbot, view, "window.scrollTo(0, 1500); window.scrollY")
    before = js(qtbot, view, "window.scrollY")
    assert before > 1000
    with qtbot.waitSignal(controller.updated, timeout=5000):
        document.set_body(document.body.replace("Paragraph 150.", "Paragraph 150, edited."))
    assert "Paragraph 150, edited." in js(qtbot, view, "document.body.textContent")
    assert js(qtbot, view, "window.scrollY") == before
