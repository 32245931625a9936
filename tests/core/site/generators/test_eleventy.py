"""Eleventy's data cascade, read statically: directory data files make a site's posts the
files of its tagged folders, permalink: false and eleventyExcludeFromCollections take a file
out, and a title the cascade supplies is never missing (and never written into the post)."""

from __future__ import annotations

from pathlib import Path

from editor.core.checks import check_post, check_site
from editor.core.site import Site
from tests.core.site.generators.conftest import post, posts_of, write_files

CONFIG = 'export const config = { dir: { input: "src" } };\n'
LAYOUT = (
    "---\ntitle: The Hive Blog\nlayout: layouts/base.njk\n---\n# {{ headline }}\n\n{{ content }}\n"
)


def hive(root: Path, **extra: str) -> Path:
    """An Eleventy blog in the shape of many: src/blog tagged by its directory data, a blog
    index page that takes itself out of the collection, and documentation pages."""
    return write_files(
        root,
        {
            "eleventy.config.js": CONFIG,
            "src/blog/blog.json": '{"tags": ["blog"], "layout": "layouts/post.md"}',
            "src/blog/2026-08-14-bees.md": "---\nheadline: Bees are back\n---\nBuzz.\n",
            "src/blog/2026-08-21-wasps.md": "---\nheadline: Wasps too\n---\nHum.\n",
            "src/blog/blog.md": "---\ntitle: Blog\npermalink: /blog/\noverride:tags:\n---\n",
            "src/blog/2026-08-28-old.md": (
                "---\nheadline: Old\neleventyExcludeFromCollections: true\n---\nGone.\n"
            ),
            "src/docs/docs.json": '{"layout": "layouts/docs.njk"}',
            "src/docs/install.md": "---\ntitle: Installing\n---\nRun it.\n",
            "src/docs/unwritten.md": "---\npermalink: false\n---\nA fragment.\n",
            "src/_includes/layouts/post.md": LAYOUT,
            "src/_includes/layouts/base.njk": "---\ntitle: Base\n---\n{{ content }}\n",
            **extra,
        },
    )


def test_the_posts_are_the_files_of_the_folders_the_directory_data_tags(tmp_path: Path) -> None:
    site = Site.open(hive(tmp_path))
    assert posts_of(site) == ["src/blog/2026-08-14-bees.md", "src/blog/2026-08-21-wasps.md"]
    # not the blog index (override:tags), the excluded post, nor the documentation pages
    assert site.generator is not None and site.generator.cascade is not None
    assert site.generator.cascade.collections == {"blog"}


def test_the_title_the_layout_shows_is_the_posts_title_and_is_not_missing(tmp_path: Path) -> None:
    root = hive(tmp_path)
    site = Site.open(root)
    bees = post(site, "src/blog/2026-08-14-bees.md")
    assert (bees.title, bees.title_from) == ("Bees are back", "headline (the layout's heading)")
    codes = {p.code for p in check_site(site)}
    assert "missing-title" not in codes and "missing-date" not in codes
    text = (root / "src/blog/2026-08-14-bees.md").read_text(encoding="utf-8")
    assert "title" not in text  # nothing the cascade gives is written into the post


def test_a_title_from_the_layouts_front_matter_counts_when_no_heading_shows_a_key(
    tmp_path: Path,
) -> None:
    root = hive(tmp_path, **{"src/_includes/layouts/post.md": "---\ntitle: The Hive\n---\n"})
    bees = post(Site.open(root), "src/blog/2026-08-14-bees.md")
    assert (bees.title, bees.title_from) == ("The Hive", "the layout layouts/post.md")


def test_a_post_without_a_title_anywhere_is_still_missing_one(tmp_path: Path) -> None:
    root = hive(tmp_path, **{"src/_includes/layouts/post.md": "{{ content }}\n"})
    path = root / "src/blog/2026-08-14-bees.md"
    found = check_post(Site.open(root), path, path.read_text(encoding="utf-8"))
    assert "missing-title" in {p.code for p in found}


def test_blog_and_posts_collections_win_over_other_tagged_folders(tmp_path: Path) -> None:
    root = hive(tmp_path, **{"src/docs/docs.json": '{"tags": "docs"}'})
    assert posts_of(Site.open(root))[0].startswith("src/blog/")
    assert all(p.startswith("src/blog/") for p in posts_of(Site.open(root)))


def test_without_directory_data_every_template_may_be_a_post_as_before(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "eleventy.config.js": CONFIG,
            "src/posts/2026-08-14-bees.md": "---\ntitle: Bees\n---\n",
            "src/about.md": "---\ntitle: About\n---\n",
            "src/fragment.md": "---\ntitle: Fragment\npermalink: false\n---\n",
            "src/hidden.md": "---\ntitle: Hidden\neleventyExcludeFromCollections: true\n---\n",
            # JavaScript data is never run: it tags nothing Galley can know
            "src/posts/posts.11tydata.js": "export default { tags: ['posts'] };\n",
        },
    )
    assert posts_of(Site.open(tmp_path)) == ["src/about.md", "src/posts/2026-08-14-bees.md"]


def test_permalink_false_in_directory_data_takes_a_folder_out(tmp_path: Path) -> None:
    drafts = {
        "src/blog/drafts/drafts.json": '{"permalink": false}',
        "src/blog/drafts/2026-09-01-soon.md": "---\nheadline: Soon\n---\n",
    }
    root = hive(tmp_path, **drafts)
    assert "src/blog/drafts/2026-09-01-soon.md" not in posts_of(Site.open(root))


def test_links_to_source_files_resolve_with_the_input_path_plugin(tmp_path: Path) -> None:
    link = "See [the bees](./blog/2026-08-14-bees.md).\n"
    root = hive(tmp_path, **{"src/blog/2026-08-21-wasps.md": f"---\nheadline: W\n---\n{link}"})
    path = root / "src/blog/2026-08-21-wasps.md"
    text = path.read_text(encoding="utf-8")
    assert "broken-link" in {p.code for p in check_post(Site.open(root), path, text)}
    plugin = 'import { InputPathToUrlTransformPlugin } from "@11ty/eleventy";\n'
    (root / "eleventy.config.js").write_text(plugin + CONFIG, encoding="utf-8")
    assert "broken-link" not in {p.code for p in check_post(Site.open(root), path, text)}
