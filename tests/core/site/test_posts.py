"""One post as the site reads it: front matter and headings, and an error listed, never raised."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from editor.core.site import Site, read_post
from tests.helpers import FIXTURES, write_post

FIXTURE = FIXTURES / "site"
BLOG = FIXTURE / "content" / "blog"
UTC = dt.timezone.utc


def test_post_info_fields(site: Site) -> None:
    post = site.post(BLOG / "lighthouse-weekly-6-keepers-log" / "index.md")
    assert post is not None
    assert post.slug == "lighthouse-weekly-6-keepers-log"
    assert post.title == "Lighthouse Weekly 6"
    assert post.date == dt.datetime(2026, 2, 9, 9, 30, tzinfo=UTC)
    assert post.date_raw == "2026-02-09T09:30:00.0Z"
    assert post.draft is True
    assert post.tags == ("newsletter",)
    assert post.author == "Ada Example"
    assert post.avatar == "../../assets/team/ada-2026.png"
    assert post.description == "A draft that reuses number 6."
    assert post.headings == ("Community news", "Pull requests of the week", "Release notes")
    assert post.outline == (
        (2, "Community news"),
        (3, "Keeper of the week"),
        (2, "Pull requests of the week"),
        (2, "Release notes"),
    )
    assert (post.series, post.series_number) == ("Lighthouse Weekly", 6)
    assert post.ok


def test_post_info_of_a_flat_post_without_description_or_series(site: Site) -> None:
    flat = site.post(BLOG / "release-checklist.md")
    assert flat is not None
    assert flat.slug == "release-checklist"
    assert flat.tags == ("tutorial",)  # a single string is one tag
    assert (flat.author, flat.avatar) == ("Ada Example", None)  # author as plain text
    assert (flat.series, flat.series_number) == (None, None)  # one issue is not a series
    assert not flat.draft

    lamp = site.post(BLOG / "keeping-the-lamp-lit" / "index.md")
    assert lamp is not None
    assert lamp.description is None
    assert lamp.date_raw == dt.date(2025, 12, 1)  # an unquoted YAML date stays a date
    assert lamp.date == dt.datetime(2025, 12, 1)


def test_a_broken_post_is_listed_with_its_error(site: Site) -> None:
    broken = site.post(BLOG / "broken-yaml" / "index.md")
    assert broken is not None
    assert not broken.ok
    assert broken.error is not None
    assert "not valid YAML (line 3, column" in broken.error
    assert "Fix the YAML" in broken.error
    assert (broken.title, broken.date, broken.slug) == ("", None, "broken-yaml")
    assert broken.problem_label == "front matter needs fixing"  # was "cannot be read"


def test_a_post_that_is_not_utf8_is_listed_with_its_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    info = read_post(path)
    assert info.error is not None
    assert "not UTF-8" in info.error
    assert info.problem_label == "cannot be read"


def test_headings_skip_code_blocks_and_closing_hashes(site: Site) -> None:
    foghorns = site.post(BLOG / "lighthouse-weekly-6-foghorns" / "index.md")
    storm = site.post(BLOG / "lighthouse-weekly-3-storm-season" / "index.md")
    assert foghorns is not None and storm is not None
    assert foghorns.headings == ("Pull requests of the week",)
    assert storm.headings == ("Community News...", "Pull requests of the week")


def test_level_one_sections_count_but_not_a_title_heading(tmp_path: Path) -> None:
    body = (
        "\nimport Support from './support.mdx';\n\n# The issue's title\n\nHello.\n\n"
        "# Updates\n\n## News\n\n```\n# not a heading\n```\n"
    )
    info = read_post(write_post(tmp_path, "a.mdx", "number: 41\nlang: fr", body))
    assert info.outline == ((1, "Updates"), (2, "News"))
    assert info.headings == ("News",)  # level 2, as before
    assert (info.number, info.lang) == (41, "fr")


def test_an_issue_number_key_is_a_whole_number() -> None:
    from editor.core.site.posts import _number

    assert [_number(v) for v in (665, "665", " 12 ", True, -1, "12a", "١٢", 1.5)] == [
        665, 665, 12, None, None, None, None, None,
    ]  # fmt: skip


def test_a_hugo_translation_says_its_language_by_its_file_name(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('title = "x"\n')
    for name in ("storms.md", "storms.fr.md"):
        write_post(tmp_path, f"content/posts/{name}", "title: Tides 3\ndate: 2026-08-14")
    site = Site.open(tmp_path)
    langs = {p.path.name: p.lang for p in site.posts}
    assert langs == {"storms.md": None, "storms.fr.md": "fr"}
