"""A site: its posts found and read once, kept fresh, and what they have in common learned."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from editor.core import dates, series
from editor.core import site as site_module
from editor.core.site import (
    FOLDER_POSTS,
    SITE_POSTS,
    PostInfo,
    Series,
    Site,
    SiteConfigError,
    SiteError,
    SiteSettings,
    find_root,
    parse_settings,
    read_post,
    scan_posts,
    slug_issue,
    title_issue,
)
from tests.helpers import FIXTURES
from tests.helpers.hostile_files import link_to_dev_zero, make_fifo, unblocking

FIXTURE = FIXTURES / "site"
BLOG = FIXTURE / "content" / "blog"
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def site() -> Site:
    return Site.open(FIXTURE)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "site"))


@pytest.fixture(scope="module")
def weekly(site: Site) -> Series:
    (series,) = site.series()
    return series


def _post(folder: Path, rel: str, front_matter: str = "title: A post", body: str = "") -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter}\n---\n{body}", encoding="utf-8")
    return path


def _slugs(site: Site) -> list[str]:
    return [p.slug for p in site.posts]


# -- finding the site and its posts


def test_open_lists_the_posts_of_the_fixture_site_newest_first_undated_last(site: Site) -> None:
    assert site.root == FIXTURE
    assert _slugs(site) == [
        "lighthouse-weekly-6-keepers-log",
        "lighthouse-weekly-6-foghorns",
        "lighthouse-weekly-3-storm-season",
        "lighthouse-weekly-2-new-lamps",
        "lighthouse-weekly-1-first-light",
        "keeping-the-lamp-lit",
        "release-checklist",
        "broken-yaml",  # unreadable, so undated
        "undated-notes",
    ]


def test_hidden_folders_are_not_searched(site: Site) -> None:
    assert all(".trash" not in p.path.parts for p in site.posts)


def test_a_post_file_or_a_subfolder_finds_the_root_with_galley_toml() -> None:
    assert find_root(BLOG / "lighthouse-weekly-2-new-lamps" / "index.md") == FIXTURE
    assert find_root(BLOG / "release-checklist.md") == FIXTURE
    assert find_root(BLOG) == FIXTURE
    assert Site.open(BLOG / "release-checklist.md").root == FIXTURE


def test_without_galley_toml_a_post_file_finds_its_content_parent(tmp_path: Path) -> None:
    post = _post(tmp_path, "content/blog/hello/index.md")
    _post(tmp_path, "content/blog/flat.md")
    _post(tmp_path, "content/pages/about/index.md")  # not under content/blog: not a post
    site = Site.open(post)
    assert site.root == tmp_path
    assert site.settings == SiteSettings(posts=SITE_POSTS)
    assert sorted(_slugs(site)) == ["flat", "hello"]


def test_without_galley_toml_or_content_blog_the_folder_itself_is_searched(tmp_path: Path) -> None:
    _post(tmp_path, "one/index.md")
    _post(tmp_path, "year/two/index.md")
    _post(tmp_path, "three.md")
    _post(tmp_path, "notes/four.md")  # *.md is only the top folder
    _post(tmp_path, ".git/five/index.md")
    _post(tmp_path, "node_modules/pkg/six/index.md")
    _post(tmp_path, ".hidden.md")
    site = Site.open(tmp_path)
    assert site.root == tmp_path
    assert site.settings.posts == FOLDER_POSTS
    assert sorted(_slugs(site)) == ["one", "three", "two"]
    assert find_root(tmp_path / "one" / "index.md") == tmp_path
    assert find_root(tmp_path / "three.md") == tmp_path


def test_posts_setting_chooses_the_files_and_templates_are_never_posts(tmp_path: Path) -> None:
    (tmp_path / "galley.toml").write_text('posts = "posts/*.md"\ntemplates = "posts/templates"\n')
    _post(tmp_path, "posts/a.md")
    _post(tmp_path, "posts/templates/newsletter.md")
    _post(tmp_path, "content/blog/b/index.md")
    assert _slugs(Site.open(tmp_path)) == ["a"]

    (tmp_path / "galley.toml").write_text('templates = "templates"\n')
    _post(tmp_path, "templates/newsletter/index.md")
    assert _slugs(Site.open(tmp_path)) == ["b"]  # content/blog exists, so it is the default


def test_opening_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="does not exist"):
        Site.open(tmp_path / "gone")


def test_a_fifo_post_and_a_link_to_dev_zero_are_listed_unread(tmp_path: Path) -> None:
    # A FIFO named index.md once hung the scan; a link to /dev/zero took 1.9 GB of memory.
    good = _post(tmp_path, "content/blog/good/index.md", "title: Good")
    fifo = make_fifo(tmp_path / "content/blog/pipe/index.md")
    zero = link_to_dev_zero(tmp_path / "content/blog/zero/index.md")
    with unblocking(fifo) as guard:
        site = Site.open(tmp_path)
    assert not guard.released
    assert sorted(_slugs(site)) == ["good", "pipe", "zero"]
    assert site.post(good) is not None and site.post(good).ok  # type: ignore[union-attr]
    pipe, dev = site.post(fifo), site.post(zero)
    assert pipe is not None and pipe.error == (
        f"Could not open {fifo}: it is a named pipe (FIFO), not a file. "
        "Galley opens only regular files; replace it with the real file."
    )
    assert dev is not None and dev.error is not None
    assert "a link to /dev/zero, which is a character device" in dev.error


def test_a_fifo_is_a_post_path_not_a_folder(tmp_path: Path) -> None:
    _post(tmp_path, "content/blog/good/index.md")
    fifo = make_fifo(tmp_path / "content/blog/pipe.md")
    assert find_root(fifo) == tmp_path  # taken for a folder, it was a site of no posts


def test_a_symlink_loop_in_the_posts_folder_is_not_walked(tmp_path: Path) -> None:
    _post(tmp_path, "content/blog/one/index.md")
    (tmp_path / "content/blog/one/again").symlink_to("..")
    (tmp_path / "content/blog/self").symlink_to("self")
    assert _slugs(Site.open(tmp_path)) == ["one"]


def test_galley_toml_that_is_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    _post(tmp_path, "content/blog/one/index.md")
    fifo = make_fifo(tmp_path / "galley.toml")
    with unblocking(fifo) as guard, pytest.raises(SiteConfigError) as caught:
        Site.open(tmp_path)
    assert not guard.released
    assert caught.value.summary == (
        f"Could not open {fifo}: it is a named pipe (FIFO), not a file."
    )
    assert caught.value.detail == (
        "Galley opens only regular files; replace it with the real file. Without the file "
        "Galley uses its default settings."
    )


# -- how many posts: a site is read whole, or says it was not


def _many_posts(root: Path, count: int) -> None:
    """``count`` bundle posts, each with an images folder (folders outnumber posts 2 to 1)."""
    blog = root / "content" / "blog"
    for n in range(1, count + 1):
        folder = blog / f"weekly-{n}"
        (folder / "images").mkdir(parents=True)
        (folder / "index.md").write_text(f"---\ntitle: Weekly {n}\n---\n")


def test_six_thousand_posts_with_image_folders_are_all_listed(tmp_path: Path) -> None:
    # The old cap of 5,000 folders counted image folders: 2,600 posts read as 2,500.
    _many_posts(tmp_path, 6000)
    scan = scan_posts(tmp_path, SITE_POSTS)
    assert len(scan.paths) == 6000 and scan.truncated is None


def test_a_site_over_the_post_cap_opens_in_part_and_says_so(tmp_path: Path) -> None:
    _many_posts(tmp_path, 30)
    site = Site.open(tmp_path, max_posts=30)  # image folders do not count
    assert len(site.posts) == 30 and site.truncated is None
    site = Site.open(tmp_path, max_posts=25)
    assert len(site.posts) == 25
    assert site.truncated is not None
    assert site.truncated.summary == (
        f"Galley read only the first 25 posts of the site in {tmp_path}: it reads sites of "
        "up to 25 posts."
    )
    assert site.truncated.detail.startswith("A site check and a new issue need every post")
    _post(tmp_path, "content/blog/weekly-1/index.md", "title: Weekly 1")  # a refresh keeps it
    site.refresh()
    assert site.truncated is not None
    for extra in range(26, 31):
        (tmp_path / f"content/blog/weekly-{extra}/index.md").unlink()
    site.refresh()
    assert site.truncated is None and len(site.posts) == 25


def test_the_folder_cap_stops_a_walk_and_says_so(tmp_path: Path) -> None:
    _many_posts(tmp_path, 30)
    scan = scan_posts(tmp_path, SITE_POSTS, max_folders=20)
    assert scan.truncated is not None and len(scan.paths) < 30
    assert "it stopped after looking into 20 folders" in scan.truncated.summary
    assert scan_posts(tmp_path, SITE_POSTS, max_folders=62).truncated is None  # 61 folders


# -- settings


def test_settings_are_read_from_galley_toml(site: Site) -> None:
    assert site.settings == SiteSettings(
        posts=("content/blog/**/index.md", "content/blog/*.md"),
        assets=".",
        date_format="%Y-%m-%dT%H:%M:%S.0Z",
        pull_request_base="https://github.com/example/lighthouse-keeper/pull/",
        templates="templates",
    )
    assert site.templates_dir == FIXTURE / "templates"
    post = BLOG / "lighthouse-weekly-1-first-light" / "index.md"
    assert site.asset_folder(post) == post.parent


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
    _post(outside, "secret/index.md", "title: Not the site's")
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
    _post(root, "content/blog/one/index.md")
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
    shallow = _post(root, "content/blog/one/index.md")
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


# -- one post


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


def test_a_post_that_is_not_utf8_is_listed_with_its_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    info = read_post(path)
    assert info.error is not None
    assert "not UTF-8" in info.error


def test_headings_skip_code_blocks_and_closing_hashes(site: Site) -> None:
    foghorns = site.post(BLOG / "lighthouse-weekly-6-foghorns" / "index.md")
    storm = site.post(BLOG / "lighthouse-weekly-3-storm-season" / "index.md")
    assert foghorns is not None and storm is not None
    assert foghorns.headings == ("Pull requests of the week",)
    assert storm.headings == ("Community News...", "Pull requests of the week")


def test_dates_with_and_without_a_zone_sort_together(tmp_path: Path) -> None:
    _post(tmp_path, "a.md", "date: '2024-01-01T10:00:00+02:00'")  # 08:00 UTC
    _post(tmp_path, "b.md", "date: 2024-01-01 09:00:00")
    _post(tmp_path, "c.md", "date: not a date")
    assert _slugs(Site.open(tmp_path)) == ["b", "a", "c"]


# -- refresh


def test_refresh_rereads_changed_files_adds_new_ones_and_drops_deleted(site_copy: Path) -> None:
    site = Site.open(site_copy)
    assert site.refresh() == frozenset()

    lamps = site_copy / "content/blog/lighthouse-weekly-2-new-lamps/index.md"
    lamps.write_text(lamps.read_text().replace("New lamps", "Newer lamps"))
    beacons = "title: Lighthouse Weekly 7 - Beacons\ndate: '2026-02-16T09:30:00.0Z'"
    new = _post(site_copy, "content/blog/lighthouse-weekly-7-beacons/index.md", beacons)
    gone = site_copy / "content/blog/undated-notes/index.md"
    shutil.rmtree(gone.parent)

    assert site.refresh() == {lamps, new, gone}
    assert site.post(gone) is None
    assert site.posts[0].path == new
    renamed = site.post(lamps)
    assert renamed is not None and renamed.title == "Lighthouse Weekly 2 - Newer lamps"
    assert site.series()[0].numbers == (1, 2, 4, 6, 7)


def test_refresh_only_reads_files_whose_time_or_size_changed(
    site_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site.open(site_copy)
    lamps = site_copy / "content/blog/lighthouse-weekly-2-new-lamps/index.md"
    stat = lamps.stat()
    os.utime(lamps, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    read: list[Path] = []
    real_read_post = site_module.read_post

    def counting_read_post(path: Path) -> PostInfo:
        read.append(path)
        return real_read_post(path)

    monkeypatch.setattr(site_module, "read_post", counting_read_post)
    assert site.refresh() == {lamps}
    assert read == [lamps]


def test_refresh_with_given_paths_looks_only_at_those(site_copy: Path) -> None:
    site = Site.open(site_copy)
    blog = site_copy / "content" / "blog"
    first = blog / "lighthouse-weekly-1-first-light" / "index.md"
    first.write_text(first.read_text() + "\n## Late heading\n")
    added = _post(blog, "fresh/index.md", "title: Fresh")
    outside = _post(site_copy, "notes/index.md", "title: Not a post")
    (blog / "release-checklist.md").unlink()
    unrelated = _post(blog, "unrelated/index.md", "title: Not told about")

    changed = site.refresh([first, str(added), outside, blog / "release-checklist.md"])
    assert changed == {first, added, blog / "release-checklist.md"}
    info = site.post(first)
    assert info is not None and info.headings[-1] == "Late heading"
    assert site.post(outside) is None
    assert site.post(unrelated) is None  # not listed until a full refresh
    assert unrelated in site.refresh()


def test_refresh_reloads_changed_settings(site_copy: Path) -> None:
    site = Site.open(site_copy)
    (site_copy / "galley.toml").write_text('posts = ["content/blog/*.md"]\n')
    changed = site.refresh()
    assert site.settings.posts == ("content/blog/*.md",)
    assert _slugs(site) == ["release-checklist"]
    assert len(changed) == 8

    (site_copy / "galley.toml").write_text("posts = [\n")
    with pytest.raises(SiteConfigError):
        site.refresh([site_copy / "galley.toml"])
    assert _slugs(site) == ["release-checklist"]  # unchanged


# -- what the site learns


def test_authors_map_names_to_their_newest_avatar(site: Site) -> None:
    assert site.authors() == {
        "Ada Example": "../../assets/team/ada-2026.png",
        "Bo Keeper": "../../assets/team/bo.png",
    }
    assert list(site.authors()) == ["Ada Example", "Bo Keeper"]  # most posts first


def test_tags_are_counted_and_sorted_by_count_then_name(site: Site) -> None:
    assert site.tags() == [("newsletter", 5), ("tutorial", 3), ("foghorns", 1), ("maintenance", 1)]


def test_series_numbers_gaps_duplicates_and_disagreements(weekly: Series) -> None:
    assert weekly.name == "Lighthouse Weekly"
    assert weekly.slug_prefix == "lighthouse-weekly"
    assert [i.number for i in weekly.issues] == [1, 2, 4, 6, 6]
    assert weekly.numbers == (1, 2, 4, 6)
    assert weekly.missing == (3, 5)
    assert weekly.duplicates == (6,)
    assert weekly.next_number == 7
    (odd,) = weekly.disagreements
    assert odd.post.slug == "lighthouse-weekly-3-storm-season"
    assert (odd.title_number, odd.slug_number) == (4, 3)


def test_series_cadence_and_date_shape(weekly: Series) -> None:
    assert weekly.cadence.weekday_name == "Monday"  # one issue came out on a Tuesday
    assert weekly.cadence.time == dt.time(9, 30)  # that one at 18:00
    assert weekly.cadence.interval_days == 7
    assert weekly.latest.post.slug == "lighthouse-weekly-6-keepers-log"
    assert weekly.date_shape == "2026-02-09T09:30:00.0Z"
    next_date = dt.datetime(2026, 2, 16, 9, 30)
    assert dates.format_like(weekly.date_shape, next_date) == "2026-02-16T09:30:00.0Z"


def test_series_constant_fields_and_recurring_headings(weekly: Series) -> None:
    assert weekly.author == "Ada Example"
    assert weekly.avatar == "../../assets/team/ada-2026.png"
    assert weekly.tags == ("newsletter",)
    assert weekly.constant_fields == {"author"}  # the avatar changed, one issue has more tags
    # 'Release notes' is in 2 of 5 issues; 'Community News...' counts as 'Community news'.
    assert weekly.outline == (
        (2, "Community news"),
        (3, "Keeper of the week"),  # level 3 counts too
        (2, "Pull requests of the week"),
    )
    assert weekly.headings == ("Community news", "Keeper of the week", "Pull requests of the week")


def test_recurring_headings_come_from_the_newest_issues_only(tmp_path: Path) -> None:
    # 20 issues: the old ten all have 'Old section'; of the newest ten, half have 'Merged last
    # week' (once as a level-3 heading) and four have 'Roadie news'.
    for n in range(1, 21):
        headings = ["## Old section"] if n <= 10 else []
        if n > 10 and n % 2:
            headings.append("### Merged last week" if n == 11 else "## Merged last week...")
        if n in (12, 14, 16, 18):
            headings.append("## Roadie news")
        day = dt.date(2024, 1, 1) + dt.timedelta(weeks=n)
        front_matter = f"title: Weekly {n}\ndate: '{day}'"
        _post(tmp_path, f"weekly-{n}/index.md", front_matter, "\n\n".join(headings))
    (weekly,) = Site.open(tmp_path).series()
    assert len(weekly.issues) == 2 * site_module.CADENCE_WINDOW
    assert weekly.outline == ((2, "Merged last week..."),)  # the newest spelling, usual level


def test_series_names_are_importable_from_site_and_series() -> None:
    for name in series.__all__:
        assert getattr(site_module, name) is getattr(series, name)
        assert name in site_module.__all__
    for name in site_module.__all__:
        assert hasattr(site_module, name)


def test_series_found_by_slug_alone_and_an_unreadable_issue_keeps_its_number(
    tmp_path: Path,
) -> None:
    _post(tmp_path, "harbour-log-1/index.md", "title: Opening the harbour\ndate: 2024-03-01")
    _post(tmp_path, "harbour-log-2/index.md", "title: Ships\ndate: 2024-03-08")
    _post(tmp_path, "harbour-log-3/index.md", "title: [broken")
    (series,) = Site.open(tmp_path).series()
    assert (series.name, series.slug_prefix) == ("Harbour Log", "harbour-log")
    assert series.numbers == (1, 2, 3)
    assert series.latest.post.slug == "harbour-log-2"  # the unreadable one has no date
    assert series.cadence.time is None  # the dates have no time of day
    assert series.cadence.weekday_name == "Friday"
    assert series.date_shape == dt.date(2024, 3, 8)  # the newest readable issue's


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Lighthouse Weekly 12 - Storm season", ("Lighthouse Weekly", 12)),
        ("Lighthouse Weekly #12: Storm season", ("Lighthouse Weekly", 12)),
        ("Lighthouse Weekly 12", ("Lighthouse Weekly", 12)),
        ("Lighthouse Weekly 12 – Storm - part two", ("Lighthouse Weekly", 12)),
        ("Top 10 tips for keepers", None),
        ("Python 3.11 is out", None),
        ("2024 - a year", None),
        ("Keeping the lamp lit", None),
    ],
)
def test_title_issue(title: str, expected: tuple[str, int] | None) -> None:
    assert title_issue(title) == expected


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("backstage-weekly-23-code-coverage-plugin", ("backstage-weekly", 23)),
        ("roadie-rundown-1", ("roadie-rundown", 1)),
        ("2021-05-17-my-post", None),
        ("keeping-the-lamp-lit", None),
    ],
)
def test_slug_issue(slug: str, expected: tuple[str, int] | None) -> None:
    assert slug_issue(slug) == expected


def test_a_post_joining_by_a_slug_prefix_the_series_does_not_use_is_left_out() -> None:
    from editor.core.series import group_series
    from editor.core.site import PostInfo

    posts = [
        PostInfo(path=Path(f"/s/harbour-notes-{n}/index.md"), slug=f"harbour-notes-{n}",
                 title=f"Harbour Notes {n}")
        for n in (1, 2)
    ] + [
        PostInfo(path=Path("/s/harbour-notes-3/index.md"), slug="harbour-notes-3", title="")
    ]  # fmt: skip
    posts.append(PostInfo(path=Path("/s/tides-4/index.md"), slug="tides-4", title="Tides"))
    posts.append(PostInfo(path=Path("/s/x/tides-weekly/index.md"), slug="tides", title="x"))
    found = group_series(posts)
    assert [(name, [i.number for i in issues]) for name, _, issues in found] == [
        ("Harbour Notes", [1, 2, 3])
    ]
