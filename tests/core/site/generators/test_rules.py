"""Which files are posts, one file at a time (as a file watcher or `galley check FILE` asks):
the same answer as the listing, leaf bundles and Jekyll's dated names included."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from editor.core.site import PostRules, Site
from tests.core.site.generators.conftest import SITES


@pytest.mark.parametrize(
    "name", ["hugo", "jekyll", "zola", "eleventy", "astro", "docusaurus", "pelican", "gatsby"]
)
def test_one_file_at_a_time_agrees_with_the_listing(name: str) -> None:
    site = Site.open(SITES / name)
    listed = {p.path for p in site.posts}
    for path in site.root.rglob("*"):
        if path.is_file():
            assert site.is_post(path) == (path in listed), path


def test_a_bundles_resources_and_a_new_post_as_a_watcher_reports_them(
    copy_site: Callable[[str], Path],
) -> None:
    root = copy_site("hugo")
    site = Site.open(root)
    bundle = root / "content/posts/low-tide-walks"
    (bundle / "more-notes.md").write_text("More notes.\n")
    new = root / "content/posts/rock-pools.md"
    new.write_text("---\ntitle: Rock pools\ndate: 2026-09-04\n---\n")
    assert site.refresh([bundle / "more-notes.md", new]) == {new}
    assert not site.is_post(bundle / "more-notes.md")
    assert site.post(new) is not None


def test_a_changed_generator_config_is_read_again(copy_site: Callable[[str], Path]) -> None:
    root = copy_site("hugo")
    site = Site.open(root)
    assert site.generator is not None and site.generator.render_options["unsafe_html"]
    config = root / "hugo.toml"
    config.write_text(config.read_text().replace("unsafe = true", "unsafe = false") + "\n")
    site.refresh()
    assert site.generator is not None and not site.generator.render_options["unsafe_html"]
    config.write_text(config.read_text().replace("ignoreFiles = ['\\.scratch\\.md$']", ""))
    assert root / "content/posts/ideas.scratch.md" in site.refresh([config])
    assert site.post(root / "content/posts/ideas.scratch.md") is not None


def test_rules_each_say_no_for_their_reason(tmp_path: Path) -> None:
    rules = PostRules(
        tmp_path,
        extensions=(".md", ".mdx"),
        skip_underscored=True,
        skip_folders=frozenset({"_site"}),
        dated_folders=frozenset({"_posts"}),
        ignore=(re.compile(r"\.tmp\.md$"),),
        ignore_globs=("drafts/*",),
    )
    assert rules.wants(tmp_path / "a.mdx")
    for rel in [
        "README.md", "readme.MD", "CHANGELOG.md", "_index.md", "_index.fr.md", "a.txt",
        "_private.md", "_site/a.md", "x/_partial/a.md", "_posts/undated.md", "x.tmp.md",
        "drafts/deep/a.md",
    ]:  # fmt: skip
        assert not rules.wants(tmp_path / rel), rel
    assert rules.wants(tmp_path / "x/_posts/2026-08-14-a.md") is False  # _x folders are skipped
    dated = PostRules(tmp_path, dated_folders=frozenset({"_posts"}))
    assert dated.wants(tmp_path / "_posts/2026-8-4-a.md")


def test_a_bundle_in_two_languages_is_two_posts(tmp_path: Path) -> None:
    # A leaf bundle with index.md and index.fr.md listed only the French post.
    (tmp_path / "hugo.toml").write_text('title = "Tides"\n')
    bundle = tmp_path / "content" / "posts" / "low-tide"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text("---\ntitle: Low tide\n---\n")
    (bundle / "index.fr.md").write_text("---\ntitle: Marée basse\n---\n")
    (bundle / "notes.md").write_text("A resource of the bundle, not a post.\n")
    site = Site.open(tmp_path)
    assert sorted(p.path.name for p in site.posts) == ["index.fr.md", "index.md"]
