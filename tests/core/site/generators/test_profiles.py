"""Each generator's fixture site opened as it is: its posts by that generator's own rules (never
a README, a section page, a bundle's resource or an include), the dates, slugs and titles it
takes from names, its drafts, where its site-root paths resolve and how it renders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from editor.core.checks import check_site
from editor.core.site import Site
from tests.core.site.generators.conftest import SITES, post, posts_of

DAY = dt.datetime(2026, 8, 14)


def test_hugo_leaf_bundles_sections_ignore_files_and_json_toml_yaml_front_matter() -> None:
    site = Site.open(SITES / "hugo")
    assert site.generator is not None and site.generator.label == "Hugo"
    assert posts_of(site) == [
        "content/posts/draft-estuaries.md",
        "content/posts/kelp-forests.md",  # TOML
        "content/posts/low-tide-walks/index.md",  # its notes.md is a resource of the bundle
        "content/posts/storm-log.md",  # JSON
    ]  # not _index.md, README.md, CONTRIBUTING.md, nor ideas.scratch.md (ignoreFiles)
    assert post(site, "content/posts/draft-estuaries.md").draft
    assert post(site, "content/posts/kelp-forests.md").date == DAY
    assert site.generator.static_roots == (site.root / "static",)
    assert site.generator.render_options == {
        "unsafe_html": True,
        "smart_punctuation": False,  # typographer = false
        "linkify": True,
        "linkify_protocol": "https",  # goldmark's linkifyProtocol default
        "emoji": False,
    }


def test_jekyll_posts_are_dated_files_in_any_posts_folder_and_drafts() -> None:
    site = Site.open(SITES / "jekyll")
    assert posts_of(site) == [
        "_drafts/winter-beds.md",
        "_posts/2026-08-14-first-frost.md",
        "_posts/2026-08-21-newsletter.md",
        "_posts/2026/2026-08-28-seed-swap.markdown",
        "tips/_posts/2026-07-31-compost-tea.md",  # a category's own _posts
    ]  # not not-dated.md, about.md, index.md, the include, nor notes/ (excluded)
    frost = post(site, "_posts/2026-08-14-first-frost.md")
    assert (frost.slug, frost.date, frost.date_from) == ("first-frost", DAY, "the file name")
    assert (frost.title, frost.title_from) == ("First Frost", "the file name")
    letter = post(site, "_posts/2026-08-21-newsletter.md")
    assert (letter.title, letter.title_from, letter.slug) == (
        "Allotment Letter #12",
        None,
        "newsletter",
    )
    swap = post(site, "_posts/2026/2026-08-28-seed-swap.markdown")
    assert swap.date_from is None and swap.date is not None and swap.date.hour == 9  # its own
    assert post(site, "_drafts/winter-beds.md").draft
    assert site.generator is not None and site.generator.static_roots == (site.root,)
    assert site.generator.render_options == {"smart_punctuation": True, "emoji": True}


def test_zola_content_without_sections_with_bundles_and_file_name_dates() -> None:
    site = Site.open(SITES / "zola")
    assert posts_of(site) == [
        "content/journal/2026-08-14-first-swim.md",
        "content/journal/harbour-seals/index.md",
        "content/journal/old-pier.md",
    ]  # not the _index.md sections, the bundle's notes.md, README/CONTRIBUTING or scratch.md
    swim = post(site, "content/journal/2026-08-14-first-swim.md")
    assert (swim.slug, swim.date, swim.title) == ("first-swim", DAY, "Harbour Diary 1: First swim")
    assert post(site, "content/journal/old-pier.md").draft
    assert site.generator is not None
    assert site.generator.render_options == {
        "smart_punctuation": True,
        "anchor_links": "right",
        "linkify": False,
        "emoji": True,
    }


def test_a_zola_post_dated_by_its_path_setting(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('base_url = "https://x.example"\n')
    page = tmp_path / "content" / "inside" / "cargo-news.md"
    page.parent.mkdir(parents=True)
    page.write_text('+++\ntitle = "Cargo news"\npath = "inside/2024/05/21/cargo-news"\n+++\n')
    info = post(Site.open(tmp_path), "content/inside/cargo-news.md")
    assert (info.date, info.date_from) == (dt.datetime(2024, 5, 21), "the path setting")


def test_eleventy_input_folder_without_includes_ignored_files_or_output() -> None:
    site = Site.open(SITES / "eleventy")
    assert posts_of(site) == [
        "src/index.md",
        "src/posts/2026-08-14-bees.md",
        "src/posts/pollinators.md",
    ]  # not src/_partials (its includes), src/drafts (.eleventyignore), README/CONTRIBUTING
    bees = post(site, "src/posts/2026-08-14-bees.md")
    assert (bees.slug, bees.date, bees.date_from) == ("bees", DAY, "the file name")
    assert site.generator is not None
    assert site.generator.static_roots == (site.root / "src/static", site.root / "src")
    assert site.generator.render_options["smart_punctuation"] is True  # typographer: true


def test_astro_collections_without_underscored_files_and_pub_date() -> None:
    site = Site.open(SITES / "astro")
    assert posts_of(site) == [
        "src/content/blog/draft-comets.md",
        "src/content/blog/first-light.md",
        "src/content/blog/night-sky.mdx",
    ]  # not _unlisted.md, the README, authors' JSON, or src/pages/about.md
    assert post(site, "src/content/blog/first-light.md").date == DAY  # from pubDate
    assert post(site, "src/content/blog/draft-comets.md").draft
    assert site.generator is not None
    assert site.generator.static_roots == (site.root / "public",)
    assert site.generator.render_options["smart_punctuation"] is False  # smartypants: false


def test_docusaurus_one_folder_down_with_two_blogs_from_its_config() -> None:
    site = Site.open(SITES / "docusaurus")  # the repository's root
    assert site.root == (SITES / "docusaurus" / "website").resolve()
    assert posts_of(site) == [
        "articles/2026-08-07-draft-idea.md",
        "articles/2026/08/01/tuning.md",
        "newsletter/2026-08-14-issue-1/index.md",
        "newsletter/2026-08-21-issue-2.mdx",
    ]  # not blog/ (no blog there), _template.md, _drafts/, authors.yml, README/CONTRIBUTING
    first = post(site, "newsletter/2026-08-14-issue-1/index.md")
    assert (first.slug, first.date, first.date_from) == ("issue-1", DAY, "the folder name")
    second = post(site, "newsletter/2026-08-21-issue-2.mdx")
    assert (second.title, second.title_from) == ("Cluster Weekly #2", "the first heading")
    tuning = post(site, "articles/2026/08/01/tuning.md")
    assert (tuning.slug, tuning.date) == ("tuning", dt.datetime(2026, 8, 1))
    assert post(site, "articles/2026-08-07-draft-idea.md").draft
    assert site.generator is not None
    assert site.generator.static_roots == (site.root / "static",)


def test_pelican_articles_and_pages_under_its_path_dated_by_file_name() -> None:
    site = Site.open(SITES / "pelican")
    assert posts_of(site) == [
        "content/articles/2026-08-14-trap-night-1.md",
        "content/articles/trap-night-2.md",
        "content/articles/trap-night-3.md",
        "content/pages/about.md",
    ]  # not the README or CONTRIBUTING beside the articles
    first = post(site, "content/articles/2026-08-14-trap-night-1.md")
    assert (first.date, first.date_from) == (DAY, "the file name")  # FILENAME_METADATA
    assert site.generator is not None
    assert site.generator.static_roots == (site.root / "content",)
    assert site.generator.render_options == {
        "markdown_extensions": ("codehilite", "extra", "toc"),
        "smart_punctuation": True,  # TYPOGRIFY
        "emoji": False,
    }


def test_gatsby_folders_from_its_filesystem_sources_and_smartypants() -> None:
    site = Site.open(SITES / "gatsby")
    assert posts_of(site) == [
        "content/blog/glue.md",
        "content/blog/workshop-log-1-benches/index.md",
        "content/blog/workshop-log-2-chisels/index.md",
    ]  # not cut-list.md beside a post, _index.md, README.md or CONTRIBUTING.md
    assert site.generator is not None
    assert site.generator.render_options == {"emoji": False, "smart_punctuation": True}
    assert site.generator.static_roots == (site.root / "static",)


def test_a_gatsby_layout_without_config_is_read_as_it_always_was(tmp_path: Path) -> None:
    post_file = tmp_path / "content" / "blog" / "hello" / "index.md"
    post_file.parent.mkdir(parents=True)
    post_file.write_text("---\ntitle: Hello\ndate: 2026-08-14\n---\n")
    (tmp_path / "content" / "blog" / "hello" / "notes.md").write_text("Notes.\n")
    site = Site.open(tmp_path)
    assert site.generator is not None and site.generator.name == "gatsby"
    assert site.generator.config_path is None and site.generator.render_options == {
        "emoji": False
    }  # no smartypants key: the renderer keeps today's Gatsby behaviour
    assert posts_of(site) == ["content/blog/hello/index.md"]


def test_galley_toml_posts_override_the_generators_rules(
    copy_site: Callable[[str], Path],
) -> None:
    root = copy_site("jekyll")
    (root / "galley.toml").write_text('posts = ["about.md"]\n')
    site = Site.open(root)
    assert site.generator is not None and site.generator.name == "jekyll"
    assert posts_of(site) == ["about.md"]
    assert post(site, "about.md").title == "About the letter"


def test_hugo_content_dirs_of_its_languages_and_a_split_config_folder(tmp_path: Path) -> None:
    config = tmp_path / "config" / "_default"
    config.mkdir(parents=True)
    (config / "hugo.toml").write_text(
        'contentDir = "site/en"\ntheme = "paper"\nstaticDir = ["assets-static"]\n'
        '[languages.de]\ncontentDir = "site/de"\n'
    )
    (config / "markup.toml").write_text("[goldmark.renderer]\nunsafe = true\n")
    for rel in ("site/en/posts/hello.md", "site/de/posts/hallo.md", "content/stray.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("---\ntitle: x\ndate: 2026-08-14\n---\n")
    site = Site.open(tmp_path / "site" / "en" / "posts" / "hello.md")
    assert site.root == tmp_path
    assert posts_of(site) == ["site/de/posts/hallo.md", "site/en/posts/hello.md"]
    assert site.generator is not None
    assert site.generator.render_options["unsafe_html"] is True  # from markup.toml
    assert site.generator.static_roots == (
        tmp_path / "assets-static",
        tmp_path / "themes" / "paper" / "static",
    )


def test_pelican_header_lines_give_titles_dates_tags_and_drafts() -> None:
    site = Site.open(SITES / "pelican")
    first = post(site, "content/articles/2026-08-14-trap-night-1.md")
    assert first.title == "Moth Trap Monthly 1: A warm night"
    assert first.tags == ("moths", "traps")  # "Tags: moths, traps"
    second = post(site, "content/articles/trap-night-2.md")
    assert second.date == dt.datetime(2026, 8, 21, 22, 0) and second.date_from is None
    assert post(site, "content/articles/trap-night-3.md").draft  # "Status: draft"
    assert post(site, "content/pages/about.md").title == "About the trap"
    problems = check_site(site)
    assert [p for p in problems if p.code in ("missing-title", "missing-date")] == []


def test_pelicans_restructuredtext_articles_are_not_galleys_posts(tmp_path: Path) -> None:
    """Pelican builds .rst articles too; Galley edits Markdown, so it neither lists them nor
    reports anything about them."""
    (tmp_path / "pelicanconf.py").write_text("PATH = 'content'\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "kilns-1.md").write_text("Title: Kilns 1\nDate: 2026-08-12\n\nHi.\n")
    (tmp_path / "content" / "state-of-kilns.rst").write_text(
        "State of Kilns\n##############\n\n:date: 2014-07-15\n\n.. image:: gone.png\n"
    )
    site = Site.open(tmp_path)
    assert posts_of(site) == ["content/kilns-1.md"]
    assert all(p.path.suffix == ".md" for p in check_site(site))


def test_hugo_writes_a_linked_www_domain_with_its_linkify_protocol(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        'title = "Tides"\n[markup.goldmark.extensions]\nlinkifyProtocol = "http"\n'
    )
    site = Site.open(tmp_path)
    assert site.generator is not None
    assert site.generator.render_options["linkify_protocol"] == "http"
