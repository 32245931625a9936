"""One rule for where a post's images are on its site, and where a new image of it goes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.site import Site
from editor.core.site.assets import (
    ImagePattern,
    ImageResolver,
    PostFacts,
    image_references,
    learn_image_pattern,
    markdown_destination,
)
from tests.helpers.image_cases import write
from tests.helpers.site_images import (
    docusaurus_site,
    hugo_site,
    jekyll_site,
    newsletter_site,
    png,
    post,
    with_static,
)

# -- resolving


@pytest.fixture
def bundle_site(tmp_path: Path) -> tuple[Path, Path]:
    """A site root and a bundle post with images beside it and in ``static/img/``."""
    root = tmp_path / "site"
    index = post(root / "content" / "trip" / "index.md", "title: Trip\n", "Body\n")
    write(index.parent / "cover.png", png())
    write(index.parent / "shots" / "a b.png", png())
    write(root / "static" / "img" / "map.png", png())
    return root, index


@pytest.mark.parametrize(
    "src",
    ["cover.png", "./cover.png", "<./cover.png>", "cover.png?v=3", "cover.png#top", " cover.png "],
)
def test_relative_paths_resolve_from_the_post_folder(bundle_site: tuple[Path, Path], src: str):
    root, index = bundle_site
    assert ImageResolver(root, index).resolve(src) == index.parent / "cover.png"


def test_escapes_are_decoded(bundle_site: tuple[Path, Path]) -> None:
    root, index = bundle_site
    images = ImageResolver(root, index)
    assert images.resolve("shots/a%20b.png") == index.parent / "shots" / "a b.png"
    assert images.resolve("<shots/a b.png>") == index.parent / "shots" / "a b.png"


def test_site_root_paths_resolve_in_the_static_folders_in_order(tmp_path: Path) -> None:
    root = tmp_path
    write(root / "static" / "img" / "x.png", png())
    write(root / "public" / "img" / "x.png", png("blue"))
    write(root / "public" / "img" / "only-public.png", png())
    index = post(root / "content" / "p" / "index.md", "title: P\n", "")
    images = ImageResolver(root, index, (root / "static", root / "public"))
    assert images.resolve("/img/x.png") == root / "static" / "img" / "x.png"  # the first wins
    assert images.resolve("/img/only-public.png") == root / "public" / "img" / "only-public.png"
    assert images.resolve("/img/none.png") is None
    assert images.checkable("/img/none.png")
    assert images.candidates("/img/none.png") == (
        root / "static" / "img" / "none.png",
        root / "public" / "img" / "none.png",
    )


def test_without_static_folders_site_root_paths_are_left_alone(
    bundle_site: tuple[Path, Path],
) -> None:
    """As before sites had generators: the published site may have the file."""
    root, index = bundle_site
    images = ImageResolver(root, index)
    assert images.resolve("/img/map.png") is None
    assert not images.checkable("/img/map.png")
    assert images.is_site_root("/img/map.png") and images.is_local("/img/map.png")


@pytest.mark.parametrize(
    "src",
    [
        "https://example.com/x.png",
        "//cdn.example.com/x.png",
        "data:image/png;base64,AAAA",
        "mailto:someone@example.com",
        "#anchor",
        "",
        "   ",
        "javascript:alert(1)",
        "C:/Users/ann/x.png",
    ],
)
def test_urls_and_other_schemes_are_no_files(bundle_site: tuple[Path, Path], src: str) -> None:
    root, index = bundle_site
    images = ImageResolver(root, index, (root / "static",))
    assert not images.is_local(src) and images.resolve(src) is None
    assert not images.checkable(src)


def test_nothing_outside_the_site_is_a_file_of_it(tmp_path: Path) -> None:
    root = tmp_path / "site"
    index = post(root / "content" / "p" / "index.md", "title: P\n", "")
    secret = write(tmp_path / "secret.png", png())
    (root / "static").mkdir()
    os.symlink(secret, root / "static" / "linked.png")
    os.symlink(tmp_path, index.parent / "up")
    images = ImageResolver(root, index, (root / "static",))
    assert images.resolve("../../../secret.png") is None  # as written
    write(root / "static" / "secret.png", png("blue"))
    assert images.resolve("/../../secret.png") == root / "static" / "secret.png"  # as a server
    assert images.resolve("/linked.png") is None  # through a symlink
    assert images.resolve("up/secret.png") is None
    assert images.outside("up/secret.png") == index.parent / "up" / "secret.png"
    # With no site known (a lone post) nothing is confined, as before.
    assert ImageResolver(None, index).resolve("../../../secret.png") == secret


def test_a_static_folder_linked_out_of_the_site_serves_nothing(tmp_path: Path) -> None:
    root = tmp_path / "site"
    index = post(root / "content" / "p" / "index.md", "title: P\n", "")
    write(tmp_path / "elsewhere" / "x.png", png())
    os.symlink(tmp_path / "elsewhere", root / "static")
    images = ImageResolver(root, index, (root / "static",))
    assert images.resolve("/x.png") is None and not images.checkable("/x.png")


def test_an_untitled_post_resolves_only_site_root_paths(tmp_path: Path) -> None:
    write(tmp_path / "static" / "x.png", png())
    images = ImageResolver(tmp_path, None, (tmp_path / "static",))
    assert images.resolve("/x.png") == tmp_path / "static" / "x.png"
    assert images.resolve("x.png") is None and not images.checkable("x.png")


def test_a_decoded_request_path_resolves_as_a_site_root_path(tmp_path: Path) -> None:
    """The preview's URL scheme hands over decoded paths: no second decoding."""
    write(tmp_path / "static" / "100%25 done.png", png())
    images = ImageResolver(tmp_path, None, (tmp_path / "static",))
    assert images.resolve_site_path("/100%25 done.png") == tmp_path / "static" / "100%25 done.png"
    assert images.resolve_site_path("//host/x.png") is None


# -- the way back


def test_reference_for_a_bundle_file_is_relative(bundle_site: tuple[Path, Path]) -> None:
    root, index = bundle_site
    images = ImageResolver(root, index, (root / "static",))
    assert images.reference_for(index.parent / "cover.png") == "./cover.png"
    assert images.reference_for(root / "static" / "img" / "map.png") == "/img/map.png"
    assert images.reference_for(root / "content" / "other.png") == "../other.png"


def test_reference_for_follows_a_learned_style(bundle_site: tuple[Path, Path]) -> None:
    root, index = bundle_site
    cover = index.parent / "cover.png"
    static = (root / "static",)
    assert ImageResolver(root, index, static, "relative").reference_for(cover) == "cover.png"
    assert ImageResolver(root, index, static, "relative-dot").reference_for(cover) == "./cover.png"
    site_root = ImageResolver(root, index, static, "site-root")
    assert site_root.reference_for(root / "static" / "img" / "map.png") == "/img/map.png"
    assert site_root.reference_for(cover) == "./cover.png"  # no static folder holds it


def test_reference_for_on_a_site_served_from_its_root(tmp_path: Path) -> None:
    """Jekyll serves the site root: a page at the root writes site-root paths, a post in
    ``_posts/`` still writes its own sibling folder relative."""
    page = post(tmp_path / "about.md", "title: About\n", "")
    dated = post(tmp_path / "_posts" / "2024-01-01-a.md", "title: A\n", "")
    image = tmp_path / "assets" / "img" / "x.png"
    own = tmp_path / "_posts" / "2024-01-01-a" / "y.png"
    assert ImageResolver(tmp_path, page, (tmp_path,)).reference_for(image) == "/assets/img/x.png"
    assert ImageResolver(tmp_path, dated, (tmp_path,)).reference_for(own) == "./2024-01-01-a/y.png"
    assert ImageResolver(tmp_path, dated, (tmp_path,)).reference_for(image) == "/assets/img/x.png"


_NAME = st.text(
    st.characters(codec="utf-8", exclude_characters="/\\\x00", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=12,
).filter(
    lambda name: (
        name not in (".", "..") and name.strip() == name and "{{" not in name and "{%" not in name
    )  # (the site's build would read a template there)
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NAME, where=st.sampled_from(["bundle", "deeper", "static"]))
def test_the_reference_written_for_a_file_resolves_to_it(
    tmp_path_factory: pytest.TempPathFactory, name: str, where: str
) -> None:
    root = tmp_path_factory.mktemp("site")
    index = post(root / "content" / "p" / "index.md", "title: P\n", "")
    folder = {
        "bundle": index.parent,
        "deeper": index.parent / "img",
        "static": root / "static" / "img",
    }[where]
    file = write(folder / f"{name}.png", png())
    images = ImageResolver(root, index, (root / "static",))
    reference = images.reference_for(file)
    assert images.resolve(reference) == file
    destination = markdown_destination(reference)
    assert images.resolve(destination) == file  # as written in ![alt](…)


def test_markdown_destinations_keep_paths_with_spaces_whole() -> None:
    assert markdown_destination("./a b.png") == "<./a b.png>"
    assert markdown_destination("/img/x (1).png") == "</img/x (1).png>"
    assert markdown_destination("./a<b>.png") == "./a%3Cb%3E.png"
    assert markdown_destination("/img/x.png") == "/img/x.png"


# -- the fixture sites


def test_a_jekyll_site_serves_images_from_its_root(tmp_path: Path) -> None:
    site = jekyll_site(tmp_path)
    (info,) = site.posts
    images = site.image_resolver(info.path)
    assert images.resolve("/assets/img/harbour.png") == tmp_path / "assets/img/harbour.png"
    assert images.resolve("/assets/img/tide%20table.png") == tmp_path / "assets/img/tide table.png"
    assert images.resolve("/assets/img/gone.png") is None


def test_a_hugo_site_has_bundle_and_static_images(tmp_path: Path) -> None:
    site = hugo_site(tmp_path)
    (info,) = site.posts
    images = site.image_resolver(info.path)
    assert images.resolve("cover.png") == info.path.parent / "cover.png"
    assert images.resolve("/images/map.png?v=2") == tmp_path / "static" / "images" / "map.png"


def test_a_docusaurus_site_serves_static_from_its_website_folder(tmp_path: Path) -> None:
    site = docusaurus_site(tmp_path)
    (info,) = site.posts
    images = site.image_resolver(info.path)
    assert images.resolve("/img/logo.png") == tmp_path / "website/static/img/logo.png"
    assert images.resolve("./diagram.png") == info.path.parent / "diagram.png"


def test_a_site_without_a_generator_profile_resolves_as_before(tmp_path: Path) -> None:
    site = hugo_site(tmp_path)
    site.generator = None
    assert site.static_roots == ()
    assert site.image_resolver(site.posts[0].path).resolve("/images/map.png") is None


# -- reading references


def test_image_references_are_read_outside_code() -> None:
    body = (
        '![A](a.png) and ![B](<b c.png> "title")\n'
        '<img alt="x" src="/img/d.png">\n'
        "```\n![No](code.png)\n```\n"
        "    ![Indented code is rare in posts](e.png)\n"
    )
    assert image_references(body) == ["a.png", "b c.png", "/img/d.png", "e.png"]


# -- learning where images go


def test_new_images_go_where_the_latest_issues_keep_theirs(tmp_path: Path) -> None:
    site = newsletter_site(tmp_path)
    pattern = site.image_pattern
    assert pattern == ImagePattern("static/emails/issues/{number}", "site-root", 3, 3)
    new = post(
        tmp_path / "content" / "newsletter" / "weekly-14.md",
        "title: Weekly 14 - Storms\ndate: 2024-06-08\n",
        "",
    )
    site.refresh()
    folder = site.asset_folder(new)
    assert folder == tmp_path / "static" / "emails" / "issues" / "14"
    images = site.image_resolver(new, writing=True)
    assert images.reference_for(folder / "x.png") == "/emails/issues/14/x.png"
    assert images.resolve("/emails/issues/14/x.png") is None  # not there yet


def test_a_post_not_yet_read_by_the_site_gets_its_number_from_its_title(tmp_path: Path) -> None:
    site = newsletter_site(tmp_path)
    new = post(tmp_path / "content" / "newsletter" / "next.md", "title: Weekly 15 - Fog\n", "")
    assert site.asset_folder(new) == tmp_path / "static" / "emails" / "issues" / "15"


def test_a_post_without_the_number_the_pattern_needs_keeps_its_own_folder(tmp_path: Path) -> None:
    site = newsletter_site(tmp_path)
    new = post(tmp_path / "content" / "newsletter" / "about.md", "title: About us\n", "")
    assert site.learned_asset_folder(new) is None
    assert site.asset_folder(new) == new.parent  # the 'assets' default, as before


def test_the_assets_setting_wins_over_what_was_learned(tmp_path: Path) -> None:
    site = newsletter_site(tmp_path)
    (tmp_path / "galley.toml").write_text('assets = "/static/uploads"\n')
    site.refresh()
    newest = site.posts[0].path
    assert site.asset_folder(newest) == tmp_path / "static" / "uploads"
    assert site.learned_asset_folder(newest) is None
    assert site.image_resolver(newest, writing=True).style is None


def test_bundles_keep_their_images_beside_them(tmp_path: Path) -> None:
    site = docusaurus_site(tmp_path)
    second = post(
        tmp_path / "website" / "blog" / "2024-06-01-again" / "index.md",
        "title: Again\n",
        "![Photo](./photo.png)\n",
    )
    write(second.parent / "photo.png", png())
    site.refresh()
    assert site.image_pattern == ImagePattern("{bundle}", "relative-dot", 2, 2)
    third = post(tmp_path / "website" / "blog" / "2024-07-01-third" / "index.md", "title: T\n", "")
    assert site.asset_folder(third) == third.parent


def _facts(tmp_path: Path, name: str, number: int | None = None, day: int = 1) -> PostFacts:
    path = tmp_path / "_posts" / f"2024-05-{day:02d}-{name}.md"
    return PostFacts(path, path.stem, number, dt.date(2024, 5, day))


def _learn(tmp_path: Path, bodies: dict[str, str], facts: list[PostFacts]) -> ImagePattern | None:
    images = ImageResolver(tmp_path, None, (tmp_path,))
    return learn_image_pattern(tmp_path, facts, lambda path: bodies.get(path.stem), images)


def test_a_folder_named_after_each_post_is_learned(tmp_path: Path) -> None:
    facts = [_facts(tmp_path, name, day=day) for day, name in enumerate(["gulls", "tides"], 1)]
    bodies = {}
    for fact in facts:
        bare = fact.slug.split("-", 3)[3]
        write(tmp_path / "assets" / "images" / bare / "a.png", png())
        bodies[fact.slug] = f"![A](/assets/images/{bare}/a.png)\n"
    pattern = _learn(tmp_path, bodies, facts)
    assert pattern is not None and pattern.folder == "assets/images/{bare}"
    new = _facts(tmp_path, "storms", day=9)
    assert pattern.folder_for(tmp_path, new) == tmp_path / "assets" / "images" / "storms"


def test_a_folder_by_date_is_learned(tmp_path: Path) -> None:
    facts = [_facts(tmp_path, "a", day=3), _facts(tmp_path, "b", day=4)]
    bodies = {}
    for fact in facts:
        write(tmp_path / "uploads" / "2024" / "05" / f"{fact.slug}.png", png())
        bodies[fact.slug] = f"![x](/uploads/2024/05/{fact.slug}.png)\n"
    pattern = _learn(tmp_path, bodies, facts)
    assert pattern is not None and pattern.folder == "uploads/{year}/{month}"
    later = PostFacts(tmp_path / "_posts" / "c.md", "c", None, dt.date(2025, 1, 2))
    assert pattern.folder_for(tmp_path, later) == tmp_path / "uploads" / "2025" / "01"


def test_one_shared_picture_in_every_post_is_not_where_images_go(tmp_path: Path) -> None:
    facts = [_facts(tmp_path, name, day=day) for day, name in enumerate("abc", 1)]
    write(tmp_path / "img" / "logo.png", png())
    bodies = {fact.slug: "![Logo](/img/logo.png)\n" for fact in facts}
    assert _learn(tmp_path, bodies, facts) is None


def test_posts_that_disagree_teach_nothing(tmp_path: Path) -> None:
    facts = [_facts(tmp_path, name, day=day) for day, name in enumerate("abcd", 1)]
    bodies = {}
    for index, fact in enumerate(facts):
        write(tmp_path / f"folder-{index}" / "x.png", png())
        bodies[fact.slug] = f"![x](/folder-{index}/x.png)\n"
    assert _learn(tmp_path, bodies, facts) is None


def test_missing_remote_and_unreadable_images_teach_nothing(tmp_path: Path) -> None:
    facts = [_facts(tmp_path, name, day=day) for day, name in enumerate("ab", 1)]
    bodies = {facts[0].slug: "![x](https://example.com/x.png) ![y](/nowhere/y.png)\n"}
    assert _learn(tmp_path, bodies, facts) is None


def test_the_pattern_never_leads_out_of_the_site(tmp_path: Path) -> None:
    pattern = ImagePattern("static/{slug}", "site-root", 2, 2)
    odd = PostFacts(tmp_path / "content" / "x.md", "..", None, None)
    assert pattern.folder_for(tmp_path, odd) is None
    assert ImagePattern("static/{number}", "site-root", 2, 2).folder_for(tmp_path, odd) is None


def test_the_pattern_is_learned_again_when_the_posts_change(tmp_path: Path) -> None:
    site = newsletter_site(tmp_path)
    assert site.image_pattern is not None
    for number in (11, 12, 13):
        path = tmp_path / "content" / "newsletter" / f"weekly-{number}.md"
        path.write_text(path.read_text().replace("/emails/issues/", "/gone/"))
    site.refresh()
    assert site.image_pattern is None


def test_the_generator_profile_gives_the_static_folders(tmp_path: Path) -> None:
    assert jekyll_site(tmp_path / "j").static_roots == (tmp_path / "j",)
    assert hugo_site(tmp_path / "h").static_roots == (tmp_path / "h" / "static",)
    assert docusaurus_site(tmp_path / "d").static_roots == (tmp_path / "d/website/static",)
    site = with_static(Site.open(tmp_path / "h"), tmp_path / "h" / "public")
    assert site.image_resolver(None).static_roots == (tmp_path / "h" / "public",)


@pytest.mark.parametrize(
    "src",
    [
        "{{ site.baseurl }}/assets/img/x.png",
        "{{site.baseurl}}/assets/img/x.png",
        "%7B%7Bsite.baseurl%7D%7D/assets/img/x.png",  # as Markdown's parser hands it over
        "{{ site.url }}{{ site.baseurl }}/assets/img/x.png",
        "{{ '/assets/img/x.png' | relative_url }}",
        '{{ "/assets/img/x.png" | absolute_url }}',
    ],
)
def test_jekyll_liquid_for_the_site_root_resolves(tmp_path: Path, src: str) -> None:
    write(tmp_path / "assets" / "img" / "x.png", png())
    page = post(tmp_path / "_posts" / "2024-01-01-a.md", "title: A\n", "")
    images = ImageResolver(tmp_path, page, (tmp_path,))
    assert images.resolve(src) == tmp_path / "assets" / "img" / "x.png"


@pytest.mark.parametrize(
    "src", ["{{ page.image }}", "{% link assets/x.png %}", "{{< figure >}}", "{{ get_url() }}/x"]
)
def test_other_template_syntax_is_left_to_the_site_build(tmp_path: Path, src: str) -> None:
    images = ImageResolver(tmp_path, tmp_path / "p.md", (tmp_path,))
    assert not images.is_local(src) and not images.checkable(src)


def test_docusaurus_site_alias_resolves_from_the_site_folder(tmp_path: Path) -> None:
    write(tmp_path / "static" / "img" / "x.png", png())
    index = post(tmp_path / "blog" / "2024-01-01-a" / "index.md", "title: A\n", "")
    images = ImageResolver(tmp_path, index, (tmp_path / "static",))
    assert images.resolve("@site/static/img/x.png") == tmp_path / "static" / "img" / "x.png"
    assert images.resolve("@site/../outside.png") is None
