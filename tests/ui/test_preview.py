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


def test_an_embed_that_cannot_load_says_so(qtbot: QtBot, preview: Any) -> None:
    """With remote content on, a player whose site does not answer is a card, not a blank box
    (and keeps the box its wrapper gave it)."""
    view, controller, document = preview
    document.set_body(
        "Before.\n\n"
        '<div style="padding:56.25% 0 0 0;position:relative;"><iframe'
        ' src="https://player.embed.invalid/video/7" title="Demo video"'
        ' style="position:absolute;top:0;left:0;width:100%;height:100%;"></iframe></div>\n\n'
        "After.\n"
    )
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        controller.set_remote_content(True)
    text = "Couldn’t load player.embed.invalid — check the connection"
    qtbot.waitUntil(lambda: text in js(qtbot, view, "document.body.innerText"), timeout=15000)
    assert js(qtbot, view, "document.querySelectorAll('iframe').length") == 0
    card = js(qtbot, view, "document.querySelector('.embed-failed').offsetHeight")
    width = js(qtbot, view, "document.querySelector('.embed-failed').offsetWidth")
    assert abs(card - width * 0.5625) < 3  # the player's 16:9 box, no gap above or below


def test_long_titles_and_heading_anchors_fit_a_narrow_preview(qtbot: QtBot, preview: Any) -> None:
    view, controller, document = preview
    view.resize(420, 600)
    document.set_field(("title",), "Backstage Weekly 32 - July community contributions recap")
    document.set_body("# A heading of the post\n\n## Another heading\n\nText.\n")
    qtbot.waitUntil(
        lambda: "July community" in js(qtbot, view, "document.body.innerText"), timeout=5000
    )
    qtbot.waitUntil(lambda: js(qtbot, view, "window.innerWidth") <= 420, timeout=5000)
    lines = js(
        qtbot,
        view,
        "(() => { const t = document.querySelector('.post-title'); const s = getComputedStyle(t);"
        " return Math.round(t.getBoundingClientRect().height / parseFloat(s.lineHeight)); })()",
    )
    assert lines <= 3
    lefts = js(
        qtbot,
        view,
        "JSON.stringify(Array.from(document.querySelectorAll('.anchor'),"
        " (a) => a.getBoundingClientRect().left))",
    )
    assert lefts != "[]" and min(json.loads(lefts)) >= 0  # the "#" is not cut at the edge


def test_the_dark_page_has_dark_scrollbars(qtbot: QtBot, preview: Any) -> None:
    view, controller, document = preview
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        controller.set_dark(True)
    style = "getComputedStyle(document.documentElement)"
    assert js(qtbot, view, f"{style}.colorScheme") == "dark"
    assert js(qtbot, view, f"{style}.scrollbarColor") == "rgb(72, 79, 88) rgb(13, 17, 23)"


def test_site_root_images_load_from_the_sites_static_folder(qtbot: QtBot, tmp_path: Path) -> None:
    """``/img/logo.png`` on a site serving ``static/``: the page asks the scheme for
    ``galley:/img/logo.png`` and gets the site's file; one that no static folder has shows as
    missing (the resolver's tests show that nothing outside the site is ever a file of it)."""
    from editor.core.site import ImageResolver

    (tmp_path / "galley.toml").write_text("")
    (tmp_path / "static" / "img").mkdir(parents=True)
    (tmp_path / "static" / "img" / "logo.png").write_bytes(PNG_1X1)
    path = tmp_path / "content" / "p" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: Logo\n---\n\n![Logo](/img/logo.png)\n\n![Gone](/img/gone.png)\n")
    view = PreviewView()
    qtbot.addWidget(view)
    view.resize(800, 600)  # (images load lazily: only in a window with room for them)
    view.show()
    controller = PreviewController(view)
    document = Document.open(path)
    controller.set_image_resolver(ImageResolver(tmp_path, path, (tmp_path / "static",)))
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        controller.set_document(document)
    loaded = "Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length"
    qtbot.waitUntil(lambda: js(qtbot, view, loaded) == 1, timeout=5000)
    assert "missing image: /img/gone.png" in js(qtbot, view, "document.body.textContent")
    assert not view.blocked_requests


def test_the_preview_renders_as_the_sites_generator_does(qtbot: QtBot, preview: Any) -> None:
    from editor.core.render.dialects import dialect_for

    view, controller, document = preview
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        document.set_body("Intro.\n\n{{< youtube abc >}}\n\n:::tip\nA tip.\n:::\n")
        controller.set_dialect(dialect_for("hugo"))
    count = "document.querySelectorAll('.galley-unrendered[data-syntax=\"hugo-shortcode\"]').length"
    assert js(qtbot, view, count) == 1
    # The shortcode's video is a card until remote content is allowed, as any iframe.
    assert js(qtbot, view, "document.querySelectorAll('iframe').length") == 0
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        controller.set_dialect(dialect_for("docusaurus"))
    assert js(qtbot, view, "document.querySelectorAll('.admonition-tip').length") == 1
    colour = js(
        qtbot, view, "getComputedStyle(document.querySelector('.admonition-tip')).borderLeftStyle"
    )
    assert colour == "solid"


def test_a_resolver_for_a_post_without_site_root_images_reloads_nothing(
    qtbot: QtBot, preview: Any, post_path: Path
) -> None:
    """The site is read just after every post's first paint: a post whose pictures are all
    beside it looks the same, so the page is not loaded again; a site-root image typed later
    still loads through the scheme."""
    from editor.core.site import ImageResolver

    view, controller, document = preview
    (post_path.parents[2] / "static").mkdir()
    (post_path.parents[2] / "static" / "logo.png").write_bytes(PNG_1X1)
    loads: list[bool] = []
    view.loadStarted.connect(lambda: loads.append(True))
    controller.set_image_resolver(
        ImageResolver(post_path.parents[2], post_path, (post_path.parents[2] / "static",))
    )
    qtbot.wait(200)
    assert loads == []
    assert document.renders.images is not None
    with qtbot.waitSignal(controller.updated, timeout=5000):
        document.set_body(document.post.body + "\n![Logo](/logo.png)\n")
    logo = "Array.from(document.images).filter(i => i.src.endsWith('/logo.png'))"
    qtbot.waitUntil(lambda: js(qtbot, view, f"{logo}.filter(i => i.naturalWidth > 0).length"))
    assert loads == []


def test_the_generator_alone_patches_the_header_without_a_page_load(qtbot: QtBot) -> None:
    """Read just after the first paint, the site's generator adds the date a Jekyll file name
    gives: the header follows in a patch, and the page is not loaded again."""
    from editor.core.site import Site
    from tests.helpers import FIXTURES

    jekyll = Site.open(FIXTURES / "sites" / "jekyll")
    path = FIXTURES / "sites" / "jekyll" / "_posts" / "2026-08-21-newsletter.md"
    view = PreviewView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    controller = PreviewController(view)
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        controller.set_document(Document.open(path))
    loads: list[bool] = []
    view.loadStarted.connect(lambda: loads.append(True))
    header = "document.getElementById('galley-header').textContent"
    assert "21 August 2026" not in js(qtbot, view, header)
    with qtbot.waitSignal(controller.updated, timeout=5000):
        controller.set_dialect(None, jekyll.generator)
    assert "21 August 2026" in js(qtbot, view, header)
    assert loads == []


def test_a_table_of_contents_lists_the_headings_as_they_are_typed(
    qtbot: QtBot, preview: Any
) -> None:
    """kramdown's {:toc}: the page lists the post's headings, and follows a new one at once."""
    from editor.core.render.dialects import dialect_for

    view, controller, document = preview
    with qtbot.waitSignal(view.page_ready, timeout=20000):
        document.set_body("* TOC\n{:toc}\n\n## Seeds\n\nText.\n\n### Beans\n")
        controller.set_dialect(dialect_for("jekyll"))
    entries = "Array.from(document.querySelectorAll('.galley-toc a'), a => a.textContent).join('|')"
    qtbot.waitUntil(lambda: js(qtbot, view, entries) == "Seeds|Beans", timeout=5000)
    nested = "document.querySelectorAll('.galley-toc ul ul a').length"
    assert js(qtbot, view, nested) == 1
    document.set_body("* TOC\n{:toc}\n\n## Seeds\n\nText.\n\n### Beans\n\n## Harvest\n")
    qtbot.waitUntil(lambda: js(qtbot, view, entries) == "Seeds|Beans|Harvest", timeout=5000)
    assert js(qtbot, view, "document.querySelector('.galley-toc a').hash") == "#seeds"
