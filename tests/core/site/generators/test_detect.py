"""Telling a site's generator from its config file, naming it in galley.toml, and finding a
site's root from one of its posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.site import (
    Site,
    config_root,
    detect_generator,
    find_root,
    generator_named,
)
from tests.core.site.generators.conftest import SITES, posts_of


@pytest.mark.parametrize(
    ("files", "name"),
    [
        ({"hugo.yaml": "baseURL: https://x.example/\n"}, "hugo"),
        ({"hugo.json": '{"title": "x"}'}, "hugo"),
        ({"config.toml": 'baseURL = "https://x.example/"\n[params]\nx = 1\n'}, "hugo"),
        ({"config.yaml": "languageCode: en\ntitle: x\n"}, "hugo"),
        ({"config/_default/hugo.toml": 'title = "x"\n'}, "hugo"),
        ({"config.toml": 'base_url = "https://x.example"\n'}, "zola"),
        ({"_config.yml": "title: x\n"}, "jekyll"),
        ({"eleventy.config.mjs": "export default {};\n"}, "eleventy"),
        ({".eleventy.js": "module.exports = {};\n"}, "eleventy"),
        ({"astro.config.ts": "export default {};\n"}, "astro"),
        ({"docusaurus.config.js": "module.exports = {};\n"}, "docusaurus"),
        ({"pelicanconf.py": "PATH = 'content'\n"}, "pelican"),
        ({"gatsby-config.ts": "export default {};\n"}, "gatsby"),
        ({"content/blog/x/index.md": "---\ntitle: x\n---\n"}, "gatsby"),  # the layout alone
    ],
)
def test_the_generator_is_told_by_its_config_file(
    tmp_path: Path, files: dict[str, str], name: str
) -> None:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    generator = detect_generator(tmp_path)
    assert generator is not None and generator.name == name
    assert generator.root == tmp_path


def test_a_config_toml_of_neither_or_a_broken_one_is_read_by_its_words(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[tool]\nname = "not a site"\n')
    assert detect_generator(tmp_path) is None
    (tmp_path / "config.toml").write_text('base_url = "https://x.example"\nbroken = [\n')
    found = detect_generator(tmp_path)
    assert found is not None and found.name == "zola"


def test_an_unknown_folder_has_no_generator(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n")
    assert detect_generator(tmp_path) is None
    site = Site.open(tmp_path)
    assert site.generator is None and site.summary == "Site"
    assert posts_of(site) == ["notes.md"]  # today's rule for a plain folder


def test_galley_toml_names_the_generator(tmp_path: Path) -> None:
    (tmp_path / "galley.toml").write_text('generator = "Jekyll"\n')
    dated = tmp_path / "_posts" / "2026-08-14-hello.md"
    dated.parent.mkdir()
    dated.write_text("---\ntags: [x]\n---\n")
    site = Site.open(tmp_path)
    assert site.generator is not None and site.generator.name == "jekyll"
    assert site.generator.config_path is None  # its defaults, without a _config.yml
    assert [p.title for p in site.posts] == ["Hello"]
    assert site.summary == "Jekyll site"
    assert generator_named("hugo", tmp_path).name == "hugo"


def test_a_posts_root_is_found_from_the_post_by_its_generators_config() -> None:
    kelp = SITES / "hugo" / "content" / "posts" / "kelp-forests.md"
    assert find_root(kelp) == (SITES / "hugo").resolve()
    bundle = SITES / "zola" / "content" / "journal" / "harbour-seals" / "index.md"
    assert find_root(bundle) == (SITES / "zola").resolve()
    issue = SITES / "docusaurus" / "website" / "newsletter" / "2026-08-21-issue-2.mdx"
    assert find_root(issue) == (SITES / "docusaurus" / "website").resolve()
    assert find_root(SITES / "docusaurus") == (SITES / "docusaurus" / "website").resolve()
    assert find_root(SITES / "jekyll" / "_posts") == (SITES / "jekyll").resolve()
    opened = Site.open(kelp)
    assert opened.generator is not None and opened.generator.name == "hugo"


def test_galley_toml_above_the_generators_folder_keeps_the_root(tmp_path: Path) -> None:
    (tmp_path / "galley.toml").write_text("# settings\n")
    website = tmp_path / "website"
    (website / "blog").mkdir(parents=True)
    (website / "docusaurus.config.js").write_text("module.exports = {blog: {}};\n")
    (website / "blog" / "2026-08-14-hi.md").write_text("---\ntitle: Hi\n---\n")
    site = Site.open(website / "blog" / "2026-08-14-hi.md")
    assert site.root == tmp_path
    assert site.generator is not None and site.generator.root == website
    assert posts_of(site) == ["website/blog/2026-08-14-hi.md"]


def test_the_climb_to_a_config_stops_short_of_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    (tmp_path / "_config.yml").write_text("title: a stray file in the home folder\n")
    notes = tmp_path / "notes"
    notes.mkdir()
    assert config_root(notes) is None
    assert find_root(notes) == notes
