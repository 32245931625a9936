"""Astro's content collections, read from content.config.ts as text: a loader's base and
pattern, and which collections are the site's posts."""

from __future__ import annotations

from pathlib import Path

from editor.core.site import Site
from editor.core.site.generators.astro import (
    Collection,
    content_collections,
    post_collections,
    post_patterns,
)
from editor.core.site.generators.config import js_code
from tests.core.site.generators.conftest import posts_of, write_files

CONFIG = """\
import { defineCollection, z } from 'astro:content';
import { file, glob } from 'astro/loaders';

const articles = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '*.mdx' }),
  schema: z.object({ title: z.string(), publishDate: z.coerce.date() }),
});

export const collections = {
  blog: articles,
  // changelog: defineCollection({ loader: glob({ base: './old', pattern: '**/*.md' }) }),
  guides: defineCollection({
    loader: glob({ base: './src/content/guides', pattern: ['**/*.{md,mdx}', '!drafts/**'] }),
    schema: z.object({ title: z.string(), updated: z.date() }),
  }),
  quotes: defineCollection({
    loader: glob({ base: './src/content/quotes', pattern: '*.md' }),
    schema: z.object({ published: z.date() }),
  }),
  authors: defineCollection({ loader: file('src/data/authors.json') }),
};
"""


def test_each_collection_with_its_loaders_folder_and_patterns() -> None:
    found = {c.name: c for c in content_collections(js_code(CONFIG), "src/content")}
    assert set(found) == {"blog", "guides", "quotes", "authors"}  # (the comment is no code)
    assert found["blog"] == Collection("blog", "src/content/blog", ("*.mdx",), dated=True)
    assert post_patterns(found["guides"]) == [
        "src/content/guides/**/*.md",
        "src/content/guides/**/*.mdx",
    ]  # braces expanded; the negated pattern left out
    assert found["quotes"].dated and not found["guides"].dated
    assert found["authors"].folder is None  # data, never posts


def test_collections_named_like_a_blog_are_the_posts_else_the_dated_ones() -> None:
    every = content_collections(js_code(CONFIG), "src/content")
    assert [c.name for c in post_collections(every)] == ["blog"]
    rest = [c for c in every if c.name != "blog"]
    assert [c.name for c in post_collections(rest)] == ["quotes"]  # its schema has a date
    undated = [c for c in rest if c.name == "guides"]
    assert [c.name for c in post_collections(undated)] == ["guides"]  # no better choice


def test_the_old_form_without_a_loader_is_a_folder_of_src_content() -> None:
    code = "const blog = defineCollection({ schema: z.object({ pubDate: z.date() }) });\n"
    code += "const people = defineCollection({ type: 'data' });\n"
    found = content_collections(code, "src/content")
    assert found == [
        Collection("blog", "src/content/blog", dated=True),
        Collection("people", None),
    ]


def test_the_site_lists_the_blog_collections_pattern_only(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "astro.config.mjs": "export default {};\n",
            "src/content.config.ts": CONFIG,
            "src/content/blog/first.mdx": "---\ntitle: First\npublishDate: 2026-08-14\n---\n",
            "src/content/blog/old-layout/index.mdx": "---\ntitle: Not matched by *.mdx\n---\n",
            "src/content/guides/setup.md": "---\ntitle: Setup\n---\n",
            "src/content/agencies/acme.md": "---\nname: Acme\n---\n",
        },
    )
    assert posts_of(Site.open(tmp_path)) == ["src/content/blog/first.mdx"]


def test_a_month_name_date_dates_an_astro_post(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "astro.config.mjs": "export default {};\n",
            "src/content.config.ts": CONFIG,
            "src/content/blog/news.mdx": '---\ntitle: News\npublishDate: "August 31, 2026"\n---\n',
        },
    )
    (news,) = Site.open(tmp_path).posts
    assert news.date is not None and news.date.date().isoformat() == "2026-08-31"
