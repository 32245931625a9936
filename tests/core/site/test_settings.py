"""A site's settings: ``galley.toml`` read and checked, and every path kept inside the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.site import (
    EmailSettings,
    Site,
    SiteConfigError,
    SiteSettings,
    address_problem,
    parse_settings,
)
from tests.helpers import FIXTURES, write_post

FIXTURE = FIXTURES / "site"
BLOG = FIXTURE / "content" / "blog"


def test_settings_are_read_from_galley_toml(site: Site) -> None:
    assert site.settings == SiteSettings(
        posts=("content/blog/**/index.md", "content/blog/*.md"),
        assets=".",
        date_format="%Y-%m-%dT%H:%M:%S.0Z",
        pull_request_base="https://github.com/example/lighthouse-keeper/pull/",
        templates="templates",
        emoji=False,  # the site's build says nothing of emoji
    )
    assert site.templates_dir == FIXTURE / "templates"
    post = BLOG / "lighthouse-weekly-1-first-light" / "index.md"
    assert site.asset_folder(post) == post.parent


def test_the_generator_setting_names_one_of_eight(tmp_path: Path) -> None:
    assert parse_settings('generator = " Hugo "\n').generator == "hugo"
    assert parse_settings("").generator is None
    assert not parse_settings("").posts_given and parse_settings('posts = "*.md"').posts_given
    with pytest.raises(SiteConfigError) as caught:
        parse_settings('posts = ["*.md"]\ngenerator = "wordpress"\n', tmp_path / "galley.toml")
    error = caught.value
    assert error.line == 2
    assert error.summary == (
        f"The setting 'generator' in {tmp_path / 'galley.toml'} (line 2) names 'wordpress', "
        "a generator Galley does not know."
    )
    assert "hugo, jekyll, zola, eleventy, astro, docusaurus, pelican or gatsby" in error.detail
    with pytest.raises(SiteConfigError, match="must be text in quotes"):
        parse_settings("generator = 1\n")


def test_settings_defaults_and_asset_folder_rules() -> None:
    assert parse_settings("") == SiteSettings()
    settings = parse_settings('assets = "/static/img"\nposts = ["*.md"]\nsurprise = 1\n')
    assert settings.posts == ("*.md",)
    assert settings.ignored_keys == ("surprise",)
    site = Site(Path("/site"), settings)
    assert site.asset_folder(Path("/site/a/index.md")) == Path("/site/static/img")
    site = Site(Path("/site"), SiteSettings(assets="../images"))
    assert site.asset_folder(Path("/site/blog/a/index.md")) == Path("/site/blog/images")


def test_malformed_galley_toml_says_where_and_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "galley.toml").write_text('assets = "."\nposts = ["a.md"\n')
    with pytest.raises(SiteConfigError) as caught:
        Site.open(tmp_path)
    error = caught.value
    assert error.path == tmp_path / "galley.toml"
    assert error.line == 3
    assert error.summary == (
        f"Could not read the site settings in {error.path} (line 3, column 1): "
        "Unclosed array at the end of the file."
    )
    assert "remove the file" in error.detail


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("# settings\nassets = 3\n", "assets", 2),
        ("posts = []\n", "posts", 1),
        ("posts = [1, 2]\n", "posts", 1),
        ("date_format = false\n", "date_format", 1),
    ],
)
def test_a_setting_of_the_wrong_type_names_the_key_and_its_line(
    text: str, key: str, line: int
) -> None:
    with pytest.raises(SiteConfigError) as caught:
        parse_settings(text, Path("galley.toml"))
    assert caught.value.line == line
    assert f"'{key}' in galley.toml (line {line}) must be" in caught.value.summary
    assert caught.value.detail.startswith(f"Write it like: {key} = ")


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('posts = ["../../../etc/*"]\n', "posts", 1),
        ('# where\nposts = ["content/*.md", "/etc/*"]\n', "posts", 2),
        ('posts = ["content/../../x/*.md"]\n', "posts", 1),
        ('templates = "../templates"\n', "templates", 1),
        ('templates = "/etc"\n', "templates", 1),
        ('assets = "/../../x"\n', "assets", 1),
        ('assets = "C:/Users/x/images"\n', "assets", 1),
        ('\nassets = "//server/share"\n', "assets", 2),
    ],
)
def test_a_path_setting_outside_the_site_names_the_key_and_line(
    text: str, key: str, line: int
) -> None:
    with pytest.raises(SiteConfigError) as caught:
        parse_settings(text, Path("galley.toml"))
    assert caught.value.line == line
    assert caught.value.summary.startswith(
        f"The setting '{key}' in galley.toml (line {line}) points outside the site: '"
    )
    assert "Galley reads and writes only inside the site's folder" in caught.value.detail


def test_path_settings_inside_the_site_are_fine() -> None:
    settings = parse_settings(
        'posts = ["content/../content/blog/*.md"]\nassets = "../images"\ntemplates = "t/x/.."\n'
    )
    assert settings.assets == "../images"  # relative to each post: checked per post


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    write_post(outside, "secret/index.md", "title: Not the site's")
    return outside


def test_a_symlinked_posts_folder_out_of_the_site_is_refused(tmp_path: Path) -> None:
    outside, root = _outside(tmp_path), tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "blog").symlink_to(outside)  # the default 'posts' folder
    with pytest.raises(SiteConfigError) as caught:
        Site.open(root)
    assert caught.value.summary == (
        f"The folder {root / 'content/blog'} is a link to {outside}, outside the site in {root}."
    )
    (root / "galley.toml").write_text('assets = "."\nposts = ["posts/**/index.md"]\n')
    (root / "posts").symlink_to(outside)
    with pytest.raises(SiteConfigError) as caught:
        Site.open(root)
    assert caught.value.line == 2
    assert caught.value.summary == (
        f"The setting 'posts' in {root / 'galley.toml'} (line 2) leads outside the site: "
        f"{root / 'posts'} is a link to {outside}."
    )


@pytest.mark.parametrize("key", ["templates", "assets"])
def test_a_symlinked_settings_folder_out_of_the_site_is_refused(tmp_path: Path, key: str) -> None:
    outside, root = _outside(tmp_path), tmp_path / "site"
    write_post(root, "content/blog/one/index.md")
    (root / "linked").symlink_to(outside)
    value = "linked" if key == "templates" else "/linked"
    (root / "galley.toml").write_text(f'# a comment\n{key} = "{value}"\n')
    with pytest.raises(SiteConfigError) as caught:
        Site.open(root)
    assert caught.value.line == 2
    assert f"The setting '{key}' in {root / 'galley.toml'} (line 2) leads outside" in (
        caught.value.summary
    )


def test_the_asset_folder_of_each_post_stays_inside_the_site(tmp_path: Path) -> None:
    outside, root = _outside(tmp_path), tmp_path / "site"
    shallow = write_post(root, "content/blog/one/index.md")
    (root / "galley.toml").write_text('\nassets = "../../../../images"\n')
    site = Site.open(root)
    assert site.asset_folder(root / "content/blog/a/b/index.md") == root / "images"
    with pytest.raises(SiteConfigError) as caught:  # one level less deep: above the root
        site.asset_folder(shallow)
    assert caught.value.line == 2
    assert caught.value.summary == (
        f"The setting 'assets' in {root / 'galley.toml'} (line 2) leads outside the site for "
        f"{shallow}: {tmp_path / 'images'}."
    )
    (root / "galley.toml").write_text('assets = "pictures"\n')
    (shallow.parent / "pictures").symlink_to(outside)  # a linked folder in a post's folder
    site = Site.open(root)
    with pytest.raises(SiteConfigError, match="is a link to"):
        site.asset_folder(shallow)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("gatsby-config.js", "plugins: [{ resolve: `gatsby-transformer-remark`, options: "
         "{ plugins: ['gatsby-remark-emoji'] } }]"),
        ("package.json", '{"dependencies": {"remark-emoji": "^4.0.0"}}'),
        ("hugo.toml", "baseURL = 'https://example.org/'\nenableEmoji = true\n"),
        ("config.yaml", "enableEmoji: true\n"),
        ("_config.yml", "plugins:\n  - jekyll-feed\n  - jemoji\n"),
    ],
)  # fmt: skip
def test_a_site_whose_build_renders_emoji_is_found(tmp_path: Path, name: str, text: str) -> None:
    write_post(tmp_path, "content/blog/hello/index.md")
    (tmp_path / name).write_text(text)
    assert Site.open(tmp_path).settings.emoji is True


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("gatsby-config.js", "plugins: ['gatsby-remark-smartypants']  // no emoji"),
        ("hugo.toml", "enableEmoji = false\n"),
    ],
)
def test_a_site_whose_build_does_not_render_emoji(tmp_path: Path, name: str, text: str) -> None:
    write_post(tmp_path, "content/blog/hello/index.md")
    (tmp_path / name).write_text(text)
    assert Site.open(tmp_path).settings.emoji is False


def test_galley_toml_says_whether_emoji_render(tmp_path: Path) -> None:
    write_post(tmp_path, "content/blog/hello/index.md")
    (tmp_path / "gatsby-config.js").write_text("plugins: ['gatsby-remark-emoji']")
    (tmp_path / "galley.toml").write_text("emoji = false\n")
    assert Site.open(tmp_path).settings.emoji is False  # the setting wins
    assert parse_settings("emoji = true").emoji is True
    assert parse_settings("").emoji is None
    with pytest.raises(SiteConfigError) as raised:
        parse_settings('posts = ["*.md"]\nemoji = "yes"\n')
    assert (
        raised.value.summary
        == "The setting 'emoji' in galley.toml (line 2) must be true or false (without quotes)."
    )
    assert raised.value.detail == "Write it like: emoji = true"


# -- [email]


def test_the_email_table_is_read() -> None:
    text = (
        'generator = "hugo"\n\n[email]\nsubject_key = "subject"\npreheader_key = "teaser"\n'
        'from = "Tideline <news@tideline.example>"\nto = "ann@example.org, Bo <bo@example.org>"\n'
        "colour = 3\n"
    )
    settings = parse_settings(text, Path("galley.toml"))
    assert settings.email == EmailSettings(
        subject_key="subject",
        preheader_key="teaser",
        sender="Tideline <news@tideline.example>",
        recipient="ann@example.org, Bo <bo@example.org>",
    )
    assert settings.ignored_keys == ("email.colour",)
    assert parse_settings("", None).email == EmailSettings()  # title, description, placeholders
    dotted = parse_settings('email.from = "news@tideline.example"\n')
    assert dotted.email.sender == "news@tideline.example"


@pytest.mark.parametrize(
    ("text", "key", "line", "expected"),
    [
        ("[email]\nfrom = 3\n", "email.from", 2, "text in quotes"),
        (
            '# mail\n[email]\nsubject_key = "title"\nto = ["a@b.org"]\n',
            "email.to",
            4,
            "text in quotes",
        ),
        ('[email]\nfrom = "nobody"\n', "email.from", 2, "a mail address"),
        ('[email]\nto = "a@b.org, not one"\n', "email.to", 2, "one or more mail addresses"),
        (
            '[email]\npreheader_key = " "\n',
            "email.preheader_key",
            2,
            "the name of a front-matter key",
        ),
        ("email.subject_key = 1\n", "email.subject_key", 1, "text in quotes"),
        ('email = "news@x.org"\n', "email", 1, "a table of e-mail settings"),
        ("[other]\nfrom = 1\n[email]\nfrom = 2\n", "email.from", 4, "text in quotes"),
    ],
)
def test_a_wrong_email_setting_names_the_key_its_line_and_an_example(
    text: str, key: str, line: int, expected: str
) -> None:
    with pytest.raises(SiteConfigError) as caught:
        parse_settings(text, Path("galley.toml"))
    assert caught.value.summary.startswith(
        f"The setting '{key}' in galley.toml (line {line}) must be {expected}"
    )
    assert caught.value.line == line
    assert caught.value.detail.startswith("Write it ")


def test_address_problem() -> None:
    for good in ("a@b.org", "Ann Reed <ann@b.org>", '"Reed, Ann" <ann@b.org>, c@d.org'):
        assert not address_problem(good), good
    for bad in ("", "nobody", "Ann <ann>", "a@b.org\nBcc: c@d.org", "<>"):
        assert address_problem(bad), bad
