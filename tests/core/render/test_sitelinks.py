"""Pelican's built links in the preview: files point at their file, pages Pelican makes are
inert (their URL is the build's)."""

from __future__ import annotations

import re

from editor.core.render import render_document
from editor.core.render.dialects import dialect_for
from editor.core.render.sitelinks import built_link


def render(text: str, generator: str = "pelican") -> str:
    html = render_document(text, dialect=dialect_for(generator)).html
    return re.sub(r' data-(?:line|block)="[^"]*"', "", html)


def test_built_links_are_read_as_written_and_as_markdown_escapes_them() -> None:
    assert built_link("{filename}/pages/privacy.md") == ("filename", "/pages/privacy.md")
    assert built_link("%7Bstatic%7D/images/a%20b.png") == ("static", "/images/a%20b.png")
    assert built_link("|filename|x.md") == ("filename", "x.md")
    assert built_link("%7CATTACH%7Cx.pdf") == ("attach", "x.pdf")
    assert built_link("{index}") == ("index", "")
    assert built_link("{weird}/x") is None  # Pelican leaves it as it is
    assert built_link("/plain/{filename}.md") is None


def test_a_link_to_a_page_pelican_builds_is_inert() -> None:
    html = render("[privacy]({filename}/pages/privacy.md) and [mine]({filename}a.md 'Mine')\n")
    assert html == (
        '<p><a title="Links to the page Pelican builds from pages/privacy.md">privacy</a> '
        'and <a title="Mine">mine</a></p>\n'
    )  # never href="/pages/privacy.md", an address the published site does not have
    listing = render("[rust]({category}rust) [home]({index})\n")
    assert "href" not in listing and "Pelican's category page for rust" in listing


def test_files_pelican_serves_point_at_the_file() -> None:
    html = render("![kiln]({static}/images/kiln.png) [pdf]({attach}notes.pdf)\n")
    assert html == (
        '<p><img src="/images/kiln.png" alt="kiln" loading="lazy"> '
        '<a href="notes.pdf">pdf</a></p>\n'
    )
    defined = render("[pdf][p]\n\n[p]: {static}/files/p.pdf\n")
    assert '<a href="/files/p.pdf">pdf</a>' in defined  # through a reference definition too


def test_other_generators_leave_braces_alone() -> None:
    assert '<a href="%7Bfilename%7D/x.md">x</a>' in render("[x]({filename}/x.md)\n", "zola")
