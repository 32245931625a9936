"""A post's slug as Pelican makes it: from the title (or the file's name), unless it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.site import Site, SlugRule, derive, generator_named
from editor.core.site.generators.profiles import build
from tests.core.site.generators.conftest import SITES, post


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("This Week in Rust 672", "this-week-in-rust-672"),
        ("Moth Trap Monthly 1: A warm night", "moth-trap-monthly-1-a-warm-night"),
        ("Café — déjà vu!", "cafe-deja-vu"),
        ("Straße & Æsir", "strasse-aesir"),
        ("  lots   of  --- space ", "lots-of-space"),
        ("<em>Bold</em> &amp; co", "bold-co"),
        ("State of Rust 0.11.0", "state-of-rust-0110"),
        ("snake_case_title", "snake_case_title"),
        ("Émile's “quote”", "emiles-quote"),
    ],
)
def test_pelicans_slugify(title: str, slug: str) -> None:
    assert SlugRule().slugify(title) == slug  # (each checked against Pelican 4.7.1's)


def test_the_slug_comes_from_the_title_unless_the_post_names_one(tmp_path: Path) -> None:
    pelican = generator_named("pelican", tmp_path)
    path = tmp_path / "content" / "2026-10-07-kilns.md"
    assert derive(pelican, path, {"title": "Kilns 672"}, "").slug == "kilns-672"
    assert derive(pelican, path, {"Title": "Kilns 672", "Slug": "mine"}, "").slug == "mine"
    assert derive(pelican, path, {}, "").slug == "2026-10-07-kilns"  # no title: its name
    assert derive(pelican, path, {"title": "日本"}, "").slug == "2026-10-07-kilns"  # no ASCII


def test_the_slug_settings_of_pelicanconf(tmp_path: Path) -> None:
    config = tmp_path / "pelicanconf.py"
    config.write_text(
        "SLUGIFY_SOURCE = 'basename'\nSLUGIFY_PRESERVE_CASE = True\n"
        "SLUG_REGEX_SUBSTITUTIONS = [(r'[^\\w\\s-]', ''), (r'\\s+', '_')]\n"
    )
    pelican = build("pelican", tmp_path, config)
    path = tmp_path / "content" / "Kiln Notes (draft).md"
    assert derive(pelican, path, {"title": "Kilns 672"}, "").slug == "Kiln_Notes_draft"
    config.write_text(
        "FILENAME_METADATA = r'(?P<date>\\d{4}-\\d{2}-\\d{2})-(?P<slug>.*)'\n"
        "SLUGIFY_SOURCE = f'{x}'\n"  # not a literal: Pelican's default, the title
    )
    named = build("pelican", tmp_path, config)
    dated = tmp_path / "content" / "2026-10-07-from-the-name.md"
    assert derive(named, dated, {"title": "Kilns 672"}, "").slug == "from-the-name"
    assert derive(named, tmp_path / "content" / "x.md", {"title": "Kilns 1"}, "").slug == "kilns-1"


def test_the_fixture_sites_posts_have_pelicans_slugs() -> None:
    site = Site.open(SITES / "pelican")
    assert post(site, "content/articles/trap-night-2.md").slug == "moth-trap-monthly-2-hawk-moths"
    assert post(site, "content/pages/about.md").slug == "about-the-trap"
