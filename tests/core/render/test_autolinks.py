"""Bare URLs linked as each generator links them: GFM's autolink literals (remark), goldmark's
Linkify (Hugo), markdown-it's linkify (Eleventy)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.render import render_document
from editor.core.render.autolinks import SiteLinkify
from editor.core.render.dialects import dialect_for


def links(text: str, generator: str | None, options: dict[str, object] | None = None) -> list:
    """(href, text) of each link the page has."""
    html = render_document(text, dialect=dialect_for(generator, options)).html
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', html)


REMARK = ["gatsby", "astro", "docusaurus"]
LINKIFYING = [*REMARK, "hugo"]


@pytest.mark.parametrize("generator", LINKIFYING)
def test_a_bare_domain_or_file_name_is_no_link(generator: str) -> None:
    text = (
        "Read CLAUDE.md and SECURITY.md, found on Lobste.rs and crates.io, built at "
        "scale.An engineering team on github.com/tide/charts says so.\n"
    )
    assert links(text, generator) == []


@pytest.mark.parametrize("generator", LINKIFYING)
def test_a_url_with_a_scheme_and_an_address_are_links(generator: str) -> None:
    text = "See https://tides.example/charts or write to keeper@lighthouse.example.\n"
    assert links(text, generator) == [
        ("https://tides.example/charts", "https://tides.example/charts"),
        ("mailto:keeper@lighthouse.example", "keeper@lighthouse.example"),
    ]


def test_a_www_domain_is_written_http_by_gfm_and_https_by_hugo() -> None:
    text = "The charts are on www.tides.example/harbour today.\n"
    for generator in REMARK:
        assert links(text, generator) == [
            ("http://www.tides.example/harbour", "www.tides.example/harbour")
        ]
    assert links(text, "hugo") == [
        ("https://www.tides.example/harbour", "www.tides.example/harbour")
    ]
    # (Hugo's markup.goldmark.extensions.linkifyProtocol)
    assert links(text, "hugo", {"linkify_protocol": "http"})[0][0].startswith("http://www.")


def test_hugo_links_only_after_a_space_a_line_start_or_an_emphasis_mark() -> None:
    text = "The (chart)[https://tides.example/x] and *www.tides.example* and (https://b.example).\n"
    assert links(text, "hugo") == [
        ("https://www.tides.example", "www.tides.example"),
        ("https://b.example", "https://b.example"),
    ]
    # remark-gfm links a URL after any character but a letter, "[" too
    assert ("https://tides.example/x", "https://tides.example/x") in links(text, "gatsby")


def test_schemes_each_generator_leaves_alone() -> None:
    text = "Files on ftp://files.example/a and //cdn.example/b and xhttps://c.example too.\n"
    assert links(text, "gatsby") == []
    assert links(text, "hugo") == [("ftp://files.example/a", "ftp://files.example/a")]


def test_eleventy_with_linkify_links_as_markdown_it_does_bare_domains_too() -> None:
    text = "Found on crates.io today.\n"
    assert links(text, "eleventy") == []  # linkify is off by default
    assert links(text, "eleventy", {"linkify": True}) == [("http://crates.io", "crates.io")]


def test_code_and_existing_links_are_never_linked_again() -> None:
    text = "Run `curl https://tides.example` or open [the chart](https://tides.example/c).\n"
    assert links(text, "hugo") == [("https://tides.example/c", "the chart")]


PIECES = ["www.a.example", "https://b.example/p", "ftp://c.example", "d@e.example", "f.io", " "]


@given(st.lists(st.sampled_from([*PIECES, "(", "[", "*", "x", "/", "\n", "_", "."]), max_size=12))
def test_the_linkifier_links_only_what_its_rules_allow(pieces: list[str]) -> None:
    text = "".join(pieces)
    for style in ("gfm", "goldmark"):
        linkify = SiteLinkify(style, "https")
        for link in linkify.match(text) or []:
            before = text[link.index - 1] if link.index else ""
            assert linkify.allowed(before, link.schema, link.raw)
            assert link.schema in ("http:", "https:", "ftp:", "mailto:", "www.")
            assert link.raw != "f.io" and not link.raw.startswith("//")
