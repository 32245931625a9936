"""Image and link checks, the path-with-spaces fix, and line numbers through the body scan."""

from __future__ import annotations

from pathlib import Path

from editor.core.checks import (
    Problem,
    apply_fix,
    check_post,
    check_site,
)
from editor.core.checks.references import scan_body
from editor.core.site import Site
from tests.core.checks.cases import BLOG, NETS, codes_of, one_of


def test_image_problems_say_what_to_do(problems: list[Problem]) -> None:
    gif = one_of(problems, "harbour-notes-2-nets/index.md", 9, "broken-image").message
    assert "./nets.gif" in gif and "nets.png" in gif  # a similar name is suggested
    spaces = one_of(problems, "harbour-notes-2-nets/index.md", 11, "image-path-spaces").message
    assert "(<./boats in bay.png>)" in spaces
    chart = one_of(problems, "harbour-notes-2-nets/index.md", 23, "broken-image")
    assert "./chart.png" in chart.message  # reported where the reference is defined
    assert 'alt="' in one_of(problems, "harbour-notes-2-nets/index.md", 20, "missing-alt").message


def test_the_space_fix_puts_the_path_in_angle_brackets(site: Site) -> None:
    text = NETS.read_text(encoding="utf-8")
    problem = one_of(check_post(site, NETS, text), "harbour-notes-2-nets/index.md", 11,
                   "image-path-spaces")  # fmt: skip
    fixed = apply_fix(problem, text)
    assert "(<./boats in bay.png>)" in fixed.splitlines()[10]
    assert fixed.splitlines()[:10] == text.splitlines()[:10]
    assert (11, "image-path-spaces") not in codes_of(check_post(site, NETS, fixed))
    assert apply_fix(problem, fixed) == fixed  # nothing left to wrap


def test_fixing_a_broken_reference_in_the_editor_removes_its_problem(site: Site) -> None:
    text = NETS.read_text(encoding="utf-8")
    before = codes_of(check_post(site, NETS, text))
    assert (9, "broken-image") in before and (11, "image-path-spaces") in before
    text = text.replace("./nets.gif", "./nets.png").replace("(./boats", "(<./boats")
    text = text.replace("bay.png)", "bay.png>)")
    after = codes_of(check_post(site, NETS, text))
    assert (9, "broken-image") not in after and (11, "image-path-spaces") not in after
    assert (15, "missing-alt") in after  # the rest is still found


def test_what_counts_as_a_local_image_or_link(tmp_path: Path) -> None:
    (tmp_path / "a b.png").write_bytes(b"png")
    (tmp_path / "here.png").write_bytes(b"png")
    post = tmp_path / "post.md"
    body = "\n".join(
        [
            "![ok](<a b.png>) ![ok](a%20b.png) ![ok](./here.png?v=2 'title') ![ok](here.png#x)",
            "![remote](https://example.com/x.png) ![data](data:image/png;base64,AAAA)",
            "![site](/images/x.png) ![proto](//cdn.example.com/x.png)",
            "`![code](not here.png)` and `![code](gone.png)`",
            "[mail](mailto:a@example.com) [anchor](#top) [folder](./) [quoted](<./a b.png>)",
            "[not a path](some words here)",
            "![](https://example.com/no-alt.png)",
            "<img src='gone.png' alt='Gone'>",
            "![empty]()",
            "",
            "```",
            "![fenced](gone.png)",
            "```",
            "<!-- <img src='commented.png'> -->",
        ]
    )
    found = check_post(None, post, f"---\ntitle: T\ndate: 2024-01-01\ndescription: D\n---\n{body}")
    assert codes_of(found) == [(12, "missing-alt"), (13, "broken-image"), (14, "broken-image")]


def test_site_links_are_only_checked_with_a_site(site: Site) -> None:
    links = BLOG / "links" / "index.md"
    text = links.read_text(encoding="utf-8")
    assert (9, "broken-site-link") in codes_of(check_post(site, links, text))
    assert (9, "broken-site-link") not in codes_of(check_post(None, links, text))
    message = one_of(check_post(site, links, text), "links/index.md", 9, "broken-site-link").message
    assert "/blog/harbour-notes-2-weather/" in message  # the near miss is suggested


def test_lines_are_counted_through_code_spans_that_wrap() -> None:
    text = "Run `git log\n--grep x` to see #1234,\nthen ![](a.png)\n"
    found = check_post(None, BLOG / "x.md", text)
    assert [(p.line, p.code) for p in found if p.code == "missing-alt"] == [(3, "missing-alt")]
    assert scan_body(text, 1).pull_requests == {2: ["1234"]}


def test_a_web_address_behind_dot_slash_is_fixed_by_removing_it(tmp_path: Path) -> None:
    post = tmp_path / "weekly-3" / "index.md"
    post.parent.mkdir()
    text = (
        "---\ntitle: Weekly 3\ndate: 2021-05-17\n---\n\n"
        'Read [the docs](./https://roadie.io/docs "Docs") and ![logo](./https://roadie.io/l.png).\n'
        "\n[ref]: ./https://roadie.io/ref\n"
    )
    post.write_text(text)
    problems = [p for p in check_post(None, post, text) if p.fix and "'./'" in p.fix.label]
    assert sorted((p.line, p.code, p.fix.label if p.fix else "") for p in problems) == [
        (6, "broken-image", "Remove the './'"),
        (6, "broken-link", "Remove the './'"),
        (8, "broken-link", "Remove the './'"),
    ]
    fixed = text
    for problem in problems:
        fixed = apply_fix(problem, fixed)
    assert fixed == text.replace("./https://", "https://")
    assert not [p for p in check_post(None, post, fixed) if p.code.startswith("broken-")]


# -- images as the site's generator serves them (editor.core.site.assets)


def test_site_root_images_are_checked_in_the_static_folders(tmp_path: Path) -> None:
    from tests.helpers.site_images import jekyll_site

    site = jekyll_site(tmp_path)
    (info,) = site.posts
    found = [p for p in check_site(site) if p.code == "broken-image"]
    assert [(p.line, p.code) for p in found] == [(10, "broken-image")]  # only the gone one
    assert found[0].message == (
        "The image /assets/img/gone.png is missing: the site serves it from "
        "assets/img/gone.png, and there is no file there. Add the file, or correct the path."
    )
    assert found[0].path == info.path


def test_a_missing_site_root_image_names_every_folder_looked_in(tmp_path: Path) -> None:
    from tests.helpers.site_images import hugo_site, with_static

    site = with_static(hugo_site(tmp_path), tmp_path / "static", tmp_path / "public")
    (info,) = site.posts
    text = info.path.read_text(encoding="utf-8") + "\n![Mpa](/images/mpa.png)\n"
    (problem,) = [p for p in check_post(site, info.path, text) if p.code == "broken-image"]
    assert "from static/images/mpa.png or public/images/mpa.png," in problem.message
    assert problem.message.endswith("There is a file called map.png: is that the one?")


def test_site_root_images_are_not_checked_without_static_folders(tmp_path: Path) -> None:
    from tests.helpers.site_images import jekyll_site

    site = jekyll_site(tmp_path)
    site.generator = None  # (no generator profile: as before)
    assert "broken-image" not in {p.code for p in check_site(site)}


def test_an_image_outside_the_site_is_broken_for_the_published_site(tmp_path: Path) -> None:
    from tests.helpers.site_images import hugo_site, png

    site = hugo_site(tmp_path / "site")
    (tmp_path / "outside.png").write_bytes(png())
    (info,) = site.posts
    text = info.path.read_text(encoding="utf-8") + "\n![Out](../../../../outside.png)\n"
    (problem,) = [p for p in check_post(site, info.path, text) if p.code == "broken-image"]
    assert problem.message.startswith(
        "The image ../../../../outside.png is outside the site's folder ("
    )
    # Without a site nothing is outside: the post's folder is all there is, as before.
    assert "broken-image" not in {p.code for p in check_post(None, info.path, text)}


def test_links_the_build_writes_and_shortcodes_are_never_broken(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Site\n")
    post = tmp_path / "_posts" / "2026-08-14-links.md"
    post.parent.mkdir()
    post.write_text(
        "---\ntitle: Links\n---\n\n"
        "Read [the last one]({% post_url 2026-08-07-before %}) and "
        "[the archive]({{ site.baseurl }}/archive/) and [this]({{page.reference}}).\n\n"
        "![A chart]({{ '/assets/chart.png' | relative_url }})\n\n"
        "[gone](./nowhere.md)\n"
    )
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "chart.png").write_bytes(b"png")
    found = check_post(Site.open(tmp_path), post, post.read_text())
    broken = ("broken-link", "broken-image", "link-path-spaces", "image-path-spaces")
    codes = [(p.code, p.line) for p in found if p.code in broken]
    assert codes == [("broken-link", 9)]  # only the plain path that leads nowhere
    # The chart's path is one the site root serves (Jekyll's static folder is the site): when
    # its file is gone, the image is missing.
    (tmp_path / "assets" / "chart.png").unlink()
    found = check_post(Site.open(tmp_path), post, post.read_text())
    assert [(p.code, p.line) for p in found if p.code in broken] == [
        ("broken-image", 7),
        ("broken-link", 9),
    ]


def _pelican_site(root: Path) -> Site:
    """A Pelican site: an article, a page, a static image, and a post linking to them."""
    (root / "pelicanconf.py").write_text("PATH = 'content'\n")
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "images" / "kiln.png").write_bytes(b"png")
    (content / "pages" / "privacy.md").write_text("Title: Privacy\n\nOurs.\n")
    (content / "2026-10-07-kilns-1.md").write_text("Title: Kilns 1\n\nFirst.\n")
    (content / "links.md").write_text(
        "Title: Links\nDate: 2026-10-08\n\n"
        "[privacy]({filename}/pages/privacy.md) and [issue 1]({filename}2026-10-07-kilns-1.md)\n"
        "and [old style](|filename|/pages/privacy.md) and ![kiln]({static}/images/kiln.png)\n"
        'and <a href="{filename}/pages/privacy.md">raw</a> and [rust]({category}rust).\n\n'
        "[gone]({filename}/pages/privacyy.md) and ![gone]({static}/images/gone.png)\n"
        "[also gone]({attach}nowhere.pdf) and [section](#top) and [undefined]({weird}/x)\n"
    )
    return Site.open(root)


def test_pelicans_built_links_resolve_in_its_content_folder(tmp_path: Path) -> None:
    """{filename}, {static} and {attach} name files Pelican finds from its content folder
    (a leading /) or the post's folder; they are broken only when no such file exists."""
    site = _pelican_site(tmp_path)
    path = tmp_path / "content" / "links.md"
    found = [p for p in check_post(site, path, path.read_text()) if p.code.startswith("broken")]
    assert [(p.line, p.code) for p in found] == [
        (8, "broken-image"), (8, "broken-link"), (9, "broken-link"), (9, "broken-link"),
    ]  # fmt: skip
    messages = sorted(p.message for p in found)
    assert messages[3] == (
        "The link {filename}/pages/privacyy.md leads nowhere: the site looks for "
        "content/pages/privacyy.md, and there is no such file. Correct the path: Pelican reads "
        "one starting with / from the content folder, content/, and any other from the post's "
        "folder. There is a file called privacy.md: is that the one?"
    )
    assert messages[0].startswith("The image {static}/images/gone.png is missing")
    assert messages[1].startswith("The link to %7Bweird%7D/x leads nowhere")  # not Pelican's
    assert messages[2].startswith("The link {attach}nowhere.pdf leads nowhere: the site looks "
                                  "for content/nowhere.pdf,")  # fmt: skip
    site_links = [p for p in check_site(site) if p.code == "broken-site-link"]
    assert site_links == []  # Pelican's URLs are not its folders: never "did you mean /pages/…"


def test_links_an_include_defines_and_assigned_addresses_are_links(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Site\n")
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "refs.md").write_text(
        "[repo]: https://code.example/repo\n[guide]: ./missing-guide.md\n"
    )
    post = tmp_path / "_posts" / "2026-08-14-links.md"
    post.parent.mkdir()
    post.write_text(
        "---\ntitle: Links\n---\n\n"
        '{% assign bse = "https://answers.example/a/" %}\n\n'
        "- [Why?]({{bse}}130977) and [the repo][repo], [the guide][guide].\n"
        "- [Tides]({{ page.tides }}130978) and [a list][loop 1].\n\n"
        "{% include refs.md %}\n{% include linkers/loop.md n=1 %}\n\n"
        "[gone](./nowhere.md)\n"
    )
    found = check_post(Site.open(tmp_path), post, post.read_text())
    broken = [(p.code, p.line) for p in found if p.code.startswith("broken")]
    # Only the plain path: not the assigned address, not the Liquid one, not the include's
    # definitions (the include's own to check), not a label the include may define
    assert broken == [("broken-link", 13)]
    scan = scan_body(post.read_text().split("---\n", 2)[2], 4, site_dialect(tmp_path, post))
    targets = {t.target for t in scan.targets}
    assert "https://answers.example/a/130977" in targets
    assert not any(t and "130977" in t and "answers" not in t for t in targets)


def site_dialect(root: Path, post: Path) -> object:
    from editor.core.render.dialects import dialect_for_generator

    return dialect_for_generator(Site.open(root).generator, post)


def _site(root: Path, files: dict[str, str | bytes]) -> Site:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return Site.open(root)


PNG = b"\x89PNG\r\n\x1a\n"


def _broken(site: Site) -> list[tuple[str, int, str]]:
    return [
        (p.path.name, p.line, p.message.split(" is missing")[0])
        for p in check_site(site)
        if p.code == "broken-image"
    ]


def test_images_an_mdx_post_imports_or_its_front_matter_names_must_exist(tmp_path: Path) -> None:
    post = (
        "---\ntitle: Launch\npubDate: 2026-08-14\ncoverImage: '/src/assets/cover.webp'\n"
        "socialImage: '/src/assets/social.webp'\nimage: ./here.png\n---\n"
        "import Chart from './_images/chart.png';\nimport Gone from '/src/assets/gone.png';\n"
        "import Logo from '~/assets/logo.png';\n\nText.\n"
    )
    site = _site(
        tmp_path,
        {
            "astro.config.mjs": "export default {};\n",
            "src/content/blog/launch.mdx": post,
            "src/content/blog/here.png": PNG,
            "src/content/blog/_images/chart.png": PNG,
            "src/assets/cover.webp": PNG,
        },
    )
    assert _broken(site) == [
        ("launch.mdx", 5, "The image /src/assets/social.webp"),
        ("launch.mdx", 9, "The image /src/assets/gone.png"),
    ]
    # the e-mail has none of them: only the site's build reads them (cover.webp is a WebP)
    assert "email-image-format" not in {p.code for p in check_site(site)}


def test_images_of_the_image_shortcode_are_read_from_the_project_folder(tmp_path: Path) -> None:
    post = (
        "---\ntitle: Bees\n---\n"
        '{% image "./src/img/bee.png", "A bee", [300] %}\n\n'
        'A gallery: {% image "./src/img/wasp.png", "A wasp" %}\n\n'
        '```njk\n{% image "./src/img/example.png", "not built" %}\n```\n'
    )
    site = _site(
        tmp_path,
        {
            "eleventy.config.js": 'export const config = { dir: { input: "src" } };\n',
            "src/posts/bees.md": post,
            "src/img/bee.png": PNG,
        },
    )
    assert _broken(site) == [("bees.md", 6, "The image ./src/img/wasp.png")]


def test_front_matter_images_are_checked_on_astro_sites_only(site: Site) -> None:
    text = "---\ntitle: A\ndate: 2024-05-17\ndescription: d\nimage: ./nowhere.png\n---\nText.\n"
    codes = {p.code for p in check_post(site, BLOG / "new" / "index.md", text)}
    assert "broken-image" not in codes  # (a Gatsby site's templates decide what it means)
