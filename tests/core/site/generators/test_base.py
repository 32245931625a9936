"""What a generator makes of a post's path: dates and slugs from names, derived titles, drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from editor.core.site import derive, detect_generator, generator_named, titleize_slug
from tests.core.site.generators.conftest import SITES


def test_jekyll_titleizes_a_slug_word_by_word() -> None:
    assert titleize_slug("first-frost") == "First Frost"
    assert titleize_slug("my-GPU-notes") == "My Gpu Notes"  # Ruby's capitalize, as Jekyll


def test_no_generator_takes_nothing_from_names() -> None:
    derived = derive(None, Path("/s/_posts/2026-08-14-a.md"), {}, "# A\n")
    assert derived.slug == "2026-08-14-a" and derived.date is None and derived.title is None
    assert derive(None, Path("/s/content/blog/hello/index.md"), {}, "").slug == "hello"


def test_a_front_matter_title_or_a_date_is_never_replaced(tmp_path: Path) -> None:
    jekyll = generator_named("jekyll", tmp_path)
    path = tmp_path / "_posts" / "2026-08-14-first-frost.md"
    assert derive(jekyll, path, {"title": "Mine"}, "").title is None
    derived = derive(jekyll, path, {"title": None}, "")  # "title:" with no value
    assert (derived.title, derived.date) == ("First Frost", dt.datetime(2026, 8, 14))


def test_docusaurus_takes_only_a_heading_that_opens_the_post() -> None:
    generator = detect_generator(SITES / "docusaurus")
    assert generator is not None
    path = generator.root / "newsletter" / "2026-08-21-x.mdx"
    opening = "import A from './a';\n\n<!-- note -->\n# The heading\n\nText.\n"
    assert derive(generator, path, {}, opening).title == "The heading"
    assert derive(generator, path, {}, "Text first.\n\n# Later\n").title is None
    undated = derive(generator, generator.root / "newsletter" / "plain.md", {}, "")
    assert undated.date is None and undated.date_from == "its file's history"


def test_an_impossible_date_in_a_name_is_no_date(tmp_path: Path) -> None:
    zola = generator_named("zola", tmp_path)
    derived = derive(zola, tmp_path / "content" / "2026-02-31-x.md", {}, "")
    assert derived.date is None and derived.date_from is None


def test_hugo_dates_from_file_names_only_when_its_config_says_so(tmp_path: Path) -> None:
    path = tmp_path / "content" / "posts" / "2026-08-14-kelp.md"
    (tmp_path / "hugo.toml").write_text('title = "x"\n')
    plain = detect_generator(tmp_path)
    assert plain is not None and derive(plain, path, {}, "").date is None
    (tmp_path / "hugo.toml").write_text('[frontmatter]\ndate = [":filename", ":default"]\n')
    by_name = detect_generator(tmp_path)
    assert by_name is not None
    derived = derive(by_name, path, {}, "")
    assert (derived.slug, derived.date) == ("kelp", dt.datetime(2026, 8, 14))
    assert by_name.date_keys[0] == "date"


def test_pelican_reads_keys_in_any_case_and_its_status_line(tmp_path: Path) -> None:
    pelican = generator_named("pelican", tmp_path)
    derived = derive(pelican, tmp_path / "content" / "a.md", {"Status": "Draft"}, "")
    assert derived.draft
    assert pelican.date_value({"Date": "2026-08-14"}) == ("date", "2026-08-14")
    assert derive(pelican, tmp_path / "content" / "pages" / "about.md", {}, "").page


def test_the_top_of_a_content_folder_beside_sections_holds_pages(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('title = "Tides"\n')
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "posts" / "low-tide.md").write_text("---\ntitle: Low tide\n---\n")
    hugo = detect_generator(tmp_path)
    assert hugo is not None and hugo.root_pages == ("content",)
    content = tmp_path / "content"
    for page in ("about.md", "search/index.md", "search/index.fr.md"):
        assert derive(hugo, content / page, {}, "").page, page
    for post in ("posts/low-tide.md", "posts/12/index.md", "search/notes/deep.md"):
        assert not derive(hugo, content / post, {}, "").page, post
