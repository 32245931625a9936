"""Front-matter checks: missing, empty, long and unreadable titles, dates and descriptions."""

from __future__ import annotations

from pathlib import Path

from editor.core.checks import (
    Problem,
    check_post,
    check_site,
)
from editor.core.site import Site
from tests.core.checks.cases import BLOG, codes_of, one_of
from tests.helpers import FIXTURES, write_post


def test_front_matter_problems_point_at_their_keys(problems: list[Problem]) -> None:
    trouble = "front-matter-trouble/index.md"
    assert "80 characters" in one_of(problems, trouble, 2, "long-title").message
    assert "'2024-13-45'" in one_of(problems, trouble, 3, "invalid-date").message
    assert "176 characters" in one_of(problems, trouble, 4, "long-description").message
    # A missing key points at the front matter's first line, an empty one at its own line.
    assert "no title" in one_of(problems, "flat-note.md", 1, "missing-title").message
    assert one_of(problems, "flat-note.md", 2, "missing-date")


def test_bad_yaml_is_one_error_at_the_yaml_line(problems: list[Problem]) -> None:
    broken = [p for p in problems if p.path == BLOG / "broken-yaml" / "index.md"]
    assert codes_of(broken) == [(5, "invalid-front-matter")]
    assert "not valid YAML" in broken[0].message
    text = "---\ntitle: A\n  bad: indent\n---\n![](missing.png)\n"
    assert codes_of(check_post(None, BLOG / "x.md", text)) == [(3, "invalid-front-matter")]


def test_front_matter_values_of_the_wrong_kind() -> None:
    text = "---\ntitle: [a, list]\ndate: 12\ndescription: ''\n---\n"
    found = check_post(None, BLOG / "x.md", text)
    assert codes_of(found) == [
        (2, "missing-title"),
        (3, "invalid-date"),
        (4, "missing-description"),
    ]
    assert "not text" in found[0].message
    assert "empty" in found[2].message
    no_front_matter = check_post(None, BLOG / "x.md", "Just text.\n")
    assert {(p.line, p.code) for p in no_front_matter} == {
        (0, "missing-title"),
        (0, "missing-date"),
        (0, "missing-description"),  # (and so the e-mail's preheader, said once)
    }


def test_a_post_that_is_not_utf8_is_reported(site_copy: Path) -> None:
    post = site_copy / "content" / "blog" / "no-description" / "index.md"
    post.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    found = check_site(Site.open(site_copy), [post])
    assert codes_of(found) == [(0, "unreadable-post")]
    assert "UTF-8" in found[0].message


# -- what the site's generator supplies

SITES = FIXTURES / "sites"


def _codes(problems: list[Problem], *codes: str) -> list[tuple[str, str]]:
    return sorted((p.path.name, p.code) for p in problems if p.code in codes)


def test_no_missing_title_or_date_that_the_generator_supplies() -> None:
    for name in ("jekyll", "docusaurus", "zola", "eleventy", "astro", "hugo", "gatsby"):
        found = check_site(Site.open(SITES / name))
        assert _codes(found, "missing-title", "missing-date", "invalid-date") == [], name


def test_a_jekyll_post_describes_itself_by_its_excerpt(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Letters\n")
    post = tmp_path / "_posts" / "2026-08-14-frost.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: Frost\n---\nThe first paragraph is the excerpt.\n")
    site = Site.open(tmp_path)
    assert _codes(check_site(site), "missing-description") == []
    long = "---\ntitle: Frost\ndescription: " + "x" * 170 + "\n---\n"
    assert _codes(check_post(site, post, long), "long-description") == [
        ("2026-08-14-frost.md", "long-description")  # one written is still checked
    ]
    (tmp_path / "_config.yml").unlink()
    (tmp_path / "hugo.toml").write_text('title = "x"\n')
    hugo = tmp_path / "content" / "frost.md"
    hugo.parent.mkdir()
    hugo.write_text("---\ntitle: Frost\ndate: 2026-08-14\n---\nText.\n")
    assert _codes(check_site(Site.open(tmp_path)), "missing-description") == [
        ("frost.md", "missing-description")  # Hugo has no excerpt to stand in
    ]


def test_a_title_taken_from_the_heading_goes_missing_with_the_heading() -> None:
    site = Site.open(SITES / "docusaurus")
    path = site.root / "newsletter" / "2026-08-21-issue-2.mdx"
    text = path.read_text(encoding="utf-8")
    assert _codes(check_post(site, path, text), "missing-title") == []
    headless = text.replace("# Cluster Weekly #2\n", "")
    assert _codes(check_post(site, path, headless), "missing-title") == [
        ("2026-08-21-issue-2.mdx", "missing-title")
    ]


def test_a_date_is_missing_where_the_generator_has_none_either(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('title = "x"\n')
    post = tmp_path / "content" / "2026-08-14-named.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: Named\n---\n")  # Hugo reads no date from names by default
    assert _codes(check_site(Site.open(tmp_path)), "missing-date") == [
        ("2026-08-14-named.md", "missing-date")
    ]


def test_the_generators_date_key_is_the_one_checked(tmp_path: Path) -> None:
    (tmp_path / "astro.config.mjs").write_text("export default {};\n")
    blog = tmp_path / "src" / "content" / "blog"
    blog.mkdir(parents=True)
    (blog / "a.md").write_text("---\ntitle: A\npubDate: 2026-08-14\n---\n")
    (blog / "b.md").write_text("---\ntitle: B\npubDate: someday\n---\n")
    (blog / "c.md").write_text("---\ntitle: C\n---\n")
    found = check_site(Site.open(tmp_path))
    assert _codes(found, "missing-date", "invalid-date") == [
        ("b.md", "invalid-date"),
        ("c.md", "missing-date"),
    ]
    assert one_line(found, "b.md", "invalid-date") == 3  # at the pubDate line


def test_a_pelican_page_needs_no_date() -> None:
    found = check_site(Site.open(SITES / "pelican"))
    dates = _codes(found, "missing-date")
    assert ("about.md", "missing-date") not in dates
    assert ("2026-08-14-trap-night-1.md", "missing-date") not in dates  # its file name


def one_line(problems: list[Problem], name: str, code: str) -> int:
    (problem,) = [p for p in problems if p.path.name == name and p.code == code]
    return problem.line


def test_a_key_written_twice_opens_and_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Site\n")
    post = tmp_path / "_posts" / "2026-08-14-twice.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: First\ntitle: Second\n---\n\nBody.\n")
    site = Site.open(tmp_path)
    assert [p.title for p in site.posts] == ["Second"]  # the last one, as Jekyll reads it
    (problem,) = [p for p in check_site(site) if p.code == "duplicate-key"]
    assert problem.severity == "warning" and problem.line == 3  # the one that is read
    assert problem.message.startswith("The front matter sets 'title' more than once; Jekyll")


def test_a_pelican_posts_header_lines_are_checked_at_their_lines() -> None:
    path = SITES / "pelican" / "content" / "articles" / "trap-night-2.md"
    site = Site.open(SITES / "pelican")
    text = path.read_text(encoding="utf-8").replace("Tags: moths", "Tags: moths\nTitle:")
    found = check_post(site, path, text)
    assert [p.code for p in found if p.code == "duplicate-key"] == ["duplicate-key"]
    text = path.read_text(encoding="utf-8").replace(
        "Title: Moth Trap Monthly 2: Hawk-moths", "Title:"
    )
    found = check_post(site, path, text)
    assert [(p.code, p.line) for p in found if p.code == "missing-title"] == [("missing-title", 1)]


def test_a_pelican_post_is_described_by_its_summary_or_its_first_words() -> None:
    """Pelican's description is its Summary line, and without one it uses the post's first
    words: no post of a Pelican site lacks a description."""
    site = Site.open(SITES / "pelican")
    found = check_site(site)
    assert _codes(found, "missing-description", "long-description") == []
    path = site.root / "content" / "articles" / "2026-08-14-trap-night-1.md"
    text = path.read_text(encoding="utf-8")
    empty = check_post(site, path, text.replace("Summary: Forty species in one night.", "Summary:"))
    (problem,) = [p for p in empty if p.code == "missing-description"]
    assert problem.line == 3 and "'Summary:'" in problem.message  # the key Pelican reads
    assert "its first 50 words" in problem.message
    long = check_post(site, path, text.replace("one night.", "one night. " + "Moths. " * 30))
    (problem,) = [p for p in long if p.code == "long-description"]
    assert problem.message.startswith("The summary is 23")
    described = text.replace("Summary: Forty species in one night.", "Description: Moths.")
    assert [p.code for p in check_post(site, path, described) if "description" in p.code] == []


def test_other_generators_still_ask_for_their_description(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('base_url = "https://kilns.example"\n')
    post = tmp_path / "content" / "blog" / "plain.md"
    post.parent.mkdir(parents=True)
    post.write_text('+++\ntitle = "Plain"\nsummary = "Not the key Zola reads."\n+++\n')
    (problem,) = [p for p in check_site(Site.open(tmp_path)) if p.code == "missing-description"]
    assert "Add a 'description:' line" in problem.message


def _hugo_site(root: Path, *posts: tuple[str, str]) -> Site:
    (root / "hugo.toml").write_text('baseURL = "https://tides.example/"\ntitle = "Tides"\n')
    for rel, front_matter in posts:
        write_post(root / "content", rel, front_matter)
    return Site.open(root)


def test_hugo_pages_beside_the_sections_need_no_date(tmp_path: Path) -> None:
    # content/about.md and content/search/index.md are Hugo pages (type "page"), which Hugo
    # builds without a date; the posts of the archive section still need theirs.
    site = _hugo_site(
        tmp_path,
        ("about.md", "title: About"),
        ("search/index.md", "title: Search\nlayout: search"),
        ("archive/12/index.md", "title: Tides 12\ndate: 2026-08-14"),
        ("archive/13/index.md", "title: Tides 13"),
    )
    dates = _codes(check_site(site), "missing-date")
    assert dates == [("index.md", "missing-date")]
    assert [p.path.parent.name for p in check_site(site) if p.code == "missing-date"] == ["13"]


def test_a_hugo_site_without_sections_keeps_its_top_posts_dated(tmp_path: Path) -> None:
    site = _hugo_site(tmp_path, ("first-light.md", "title: First light"))
    assert _codes(check_site(site), "missing-date") == [("first-light.md", "missing-date")]


def test_zola_pages_beside_sections_need_no_date_unless_the_root_lists_them(
    tmp_path: Path,
) -> None:
    (tmp_path / "config.toml").write_text('base_url = "https://tides.example"\n')
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "about.md").write_text('+++\ntitle = "About"\n+++\n')
    (content / "blog" / "low-tide.md").write_text('+++\ntitle = "Low tide"\n+++\n')
    dates = [p.path.name for p in check_site(Site.open(tmp_path)) if p.code == "missing-date"]
    assert dates == ["low-tide.md"]
    # a root section sorted by date lists its pages as posts (as the Rust blog's does)
    (content / "_index.md").write_text('+++\ntitle = "Tides"\nsort_by = "date"\n+++\n')
    dates = [p.path.name for p in check_site(Site.open(tmp_path)) if p.code == "missing-date"]
    assert dates == ["about.md", "low-tide.md"]
