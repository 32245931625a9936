"""A site: its posts found and read once, kept fresh, and what they have in common learned."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from editor.core.site import (
    FOLDER_POSTS,
    SITE_POSTS,
    Generator,
    PostInfo,
    Site,
    SiteConfigError,
    SiteError,
    SiteSettings,
    find_root,
    scan_posts,
)
from editor.core.site import site as site_module
from tests.helpers import FIXTURES, write_post
from tests.helpers.hostile_files import link_to_dev_zero, make_fifo, unblocking

FIXTURE = FIXTURES / "site"
BLOG = FIXTURE / "content" / "blog"
UTC = dt.timezone.utc


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


def test_dates_with_and_without_a_zone_sort_together(tmp_path: Path) -> None:
    write_post(tmp_path, "a.md", "date: '2024-01-01T10:00:00+02:00'")  # 08:00 UTC
    write_post(tmp_path, "b.md", "date: 2024-01-01 09:00:00")
    write_post(tmp_path, "c.md", "date: not a date")
    assert _slugs(Site.open(tmp_path)) == ["b", "a", "c"]


def test_hidden_folders_are_not_searched(site: Site) -> None:
    assert all(".trash" not in p.path.parts for p in site.posts)


def test_a_post_file_or_a_subfolder_finds_the_root_with_galley_toml() -> None:
    assert find_root(BLOG / "lighthouse-weekly-2-new-lamps" / "index.md") == FIXTURE
    assert find_root(BLOG / "release-checklist.md") == FIXTURE
    assert find_root(BLOG) == FIXTURE
    assert Site.open(BLOG / "release-checklist.md").root == FIXTURE


def test_without_galley_toml_a_post_file_finds_its_content_parent(tmp_path: Path) -> None:
    post = write_post(tmp_path, "content/blog/hello/index.md")
    write_post(tmp_path, "content/blog/flat.md")
    write_post(tmp_path, "content/pages/about/index.md")  # not under content/blog: not a post
    site = Site.open(post)
    assert site.root == tmp_path
    assert site.settings == SiteSettings(posts=SITE_POSTS, emoji=False)
    assert sorted(_slugs(site)) == ["flat", "hello"]


def test_without_galley_toml_or_content_blog_the_folder_itself_is_searched(tmp_path: Path) -> None:
    write_post(tmp_path, "one/index.md")
    write_post(tmp_path, "year/two/index.md")
    write_post(tmp_path, "three.md")
    write_post(tmp_path, "notes/four.md")  # *.md is only the top folder
    write_post(tmp_path, ".git/five/index.md")
    write_post(tmp_path, "node_modules/pkg/six/index.md")
    write_post(tmp_path, ".hidden.md")
    site = Site.open(tmp_path)
    assert site.root == tmp_path
    assert site.settings.posts == FOLDER_POSTS
    assert sorted(_slugs(site)) == ["one", "three", "two"]
    assert find_root(tmp_path / "one" / "index.md") == tmp_path
    assert find_root(tmp_path / "three.md") == tmp_path


def test_posts_setting_chooses_the_files_and_templates_are_never_posts(tmp_path: Path) -> None:
    (tmp_path / "galley.toml").write_text('posts = "posts/*.md"\ntemplates = "posts/templates"\n')
    write_post(tmp_path, "posts/a.md")
    write_post(tmp_path, "posts/templates/newsletter.md")
    write_post(tmp_path, "content/blog/b/index.md")
    assert _slugs(Site.open(tmp_path)) == ["a"]

    (tmp_path / "galley.toml").write_text('templates = "templates"\n')
    write_post(tmp_path, "templates/newsletter/index.md")
    assert _slugs(Site.open(tmp_path)) == ["b"]  # content/blog exists, so it is the default


def test_opening_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="does not exist"):
        Site.open(tmp_path / "gone")


def test_a_fifo_post_and_a_link_to_dev_zero_are_listed_unread(tmp_path: Path) -> None:
    # A FIFO named index.md once hung the scan; a link to /dev/zero took 1.9 GB of memory.
    good = write_post(tmp_path, "content/blog/good/index.md", "title: Good")
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
    write_post(tmp_path, "content/blog/good/index.md")
    fifo = make_fifo(tmp_path / "content/blog/pipe.md")
    assert find_root(fifo) == tmp_path  # taken for a folder, it was a site of no posts


def test_a_symlink_loop_in_the_posts_folder_is_not_walked(tmp_path: Path) -> None:
    write_post(tmp_path, "content/blog/one/index.md")
    (tmp_path / "content/blog/one/again").symlink_to("..")
    (tmp_path / "content/blog/self").symlink_to("self")
    assert _slugs(Site.open(tmp_path)) == ["one"]


def test_galley_toml_that_is_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    write_post(tmp_path, "content/blog/one/index.md")
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
    write_post(tmp_path, "content/blog/weekly-1/index.md", "title: Weekly 1")  # a refresh keeps it
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


# -- refresh


def test_refresh_rereads_changed_files_adds_new_ones_and_drops_deleted(site_copy: Path) -> None:
    site = Site.open(site_copy)
    assert site.refresh() == frozenset()

    lamps = site_copy / "content/blog/lighthouse-weekly-2-new-lamps/index.md"
    lamps.write_text(lamps.read_text().replace("New lamps", "Newer lamps"))
    beacons = "title: Lighthouse Weekly 7 - Beacons\ndate: '2026-02-16T09:30:00.0Z'"
    new = write_post(site_copy, "content/blog/lighthouse-weekly-7-beacons/index.md", beacons)
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

    def counting_read_post(path: Path, generator: Generator | None = None) -> PostInfo:
        read.append(path)
        return real_read_post(path, generator)

    monkeypatch.setattr(site_module, "read_post", counting_read_post)
    assert site.refresh() == {lamps}
    assert read == [lamps]


def test_refresh_with_given_paths_looks_only_at_those(site_copy: Path) -> None:
    site = Site.open(site_copy)
    blog = site_copy / "content" / "blog"
    first = blog / "lighthouse-weekly-1-first-light" / "index.md"
    first.write_text(first.read_text() + "\n## Late heading\n")
    added = write_post(blog, "fresh/index.md", "title: Fresh")
    outside = write_post(site_copy, "notes/index.md", "title: Not a post")
    (blog / "release-checklist.md").unlink()
    unrelated = write_post(blog, "unrelated/index.md", "title: Not told about")

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


# -- a copy, and opening from a previous read


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    read: list[Path] = []
    real_read_post = site_module.read_post

    def counting_read_post(path: Path, generator: Generator | None = None) -> PostInfo:
        read.append(path)
        return real_read_post(path, generator)

    monkeypatch.setattr(site_module, "read_post", counting_read_post)
    return read


def test_a_copy_is_refreshed_on_its_own_and_the_original_keeps_its_posts(site_copy: Path) -> None:
    site = Site.open(site_copy)
    twin = site.copy()
    lamps = site_copy / "content/blog/lighthouse-weekly-2-new-lamps/index.md"
    lamps.write_text(lamps.read_text().replace("New lamps", "Brighter lamps"))
    assert twin.refresh() == {lamps}
    twin_lamps, site_lamps = twin.post(lamps), site.post(lamps)
    assert twin_lamps is not None and twin_lamps.title.endswith("Brighter lamps")
    assert site_lamps is not None and site_lamps.title.endswith("New lamps")  # untouched
    assert site.refresh() == {lamps}  # the original has its own memory of what it read


def test_opening_from_a_previous_read_reads_only_what_changed(
    site_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = Site.open(site_copy)
    lamps = site_copy / "content/blog/lighthouse-weekly-2-new-lamps/index.md"
    lamps.write_text(lamps.read_text().replace("New lamps", "Brighter lamps"))
    read = _counting_reads(monkeypatch)
    after = Site.open(lamps, previous=before)  # (a post of the site: the same root)
    assert read == [lamps]
    assert after is not before and after.root == before.root
    assert [p.path for p in after.posts] == [p.path for p in before.posts]
    info, old = after.post(lamps), before.post(lamps)
    assert info is not None and info.title == "Lighthouse Weekly 2 - Brighter lamps"
    assert old is not None and old.title == "Lighthouse Weekly 2 - New lamps"  # never changed


def test_opening_from_a_read_of_another_site_reads_every_post(
    site_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    write_post(other, "content/blog/only/index.md", "title: Only")
    before = Site.open(other)
    read = _counting_reads(monkeypatch)
    after = Site.open(site_copy, previous=before)
    assert len(read) == len(after.posts) == 9
    assert before.post(other / "content/blog/only/index.md") is not None


def test_opening_from_a_previous_read_after_galley_toml_broke_says_why(site_copy: Path) -> None:
    before = Site.open(site_copy)
    (site_copy / "galley.toml").write_text("posts = [\n")
    with pytest.raises(SiteConfigError, match=r"galley\.toml"):
        Site.open(site_copy, previous=before)
    assert len(before.posts) == 9
