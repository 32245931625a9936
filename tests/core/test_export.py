"""The export: one self-contained, e-mail-ready HTML file with no script and no local path."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from editor.cli import main
from editor.core.export import export_page, print_page
from editor.core.htmlrewrite import Mode, rewrite
from editor.core.post import Post
from editor.core.sanitise import clean_export_html
from editor.core.svgcheck import svg_problem
from tests.core.test_page import Elements, assert_nothing_active, make_post_folder

URL_ATTRIBUTES = ("src", "href", "srcset", "poster", "action", "formaction", "background", "data")


def assert_no_local_path(html: str, root: Path) -> None:
    """Every URL is on the web, a mail address, a fragment or embedded data."""
    assert str(root) not in html and "file:" not in html
    for tag, attrs in Elements(html).tags:
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES or name == "xlink:href":
                assert re.match(r"(https://|http://|mailto:|#|data:image/)", value or ""), (
                    tag,
                    name,
                    value,
                )
            assert not name.startswith("data-"), (tag, name)  # no source lines or block ids
        style = attrs.get("style") or ""
        assert "url(" not in style or "url(data:" in style or "url(https:" in style


def decoded_image(uri: str) -> Image.Image:
    mime, _, data = uri.partition(";base64,")
    assert mime.startswith("data:image/")
    return Image.open(io.BytesIO(base64.b64decode(data)))


def test_export_is_self_contained(tmp_path: Path) -> None:
    post = make_post_folder(tmp_path)
    html = export_page(Post.load(post))
    assert html.startswith('<!DOCTYPE html><html lang="en"><head>')
    assert_no_local_path(html, tmp_path)
    assert_nothing_active(html)
    images = Elements(html).named("img")
    avatar, gallery = images
    assert (gallery["src"] or "").startswith("data:image/png;base64,")
    picture = decoded_image(gallery["src"] or "")
    assert picture.size == (8, 6) and picture.convert("RGB").getpixel((0, 0)) == (200, 30, 30)
    assert gallery["alt"] == "The plugin gallery"
    # The 300 px avatar is shown at 40 px: it is embedded as a small thumbnail.
    assert avatar["class"] == "avatar" and max(decoded_image(avatar["src"] or "").size) <= 96


def test_missing_images_stay_visible_boxes(tmp_path: Path) -> None:
    html = export_page(Post.load(make_post_folder(tmp_path)))
    boxes = re.findall(r'<span class="missing-image"[^>]*>([^<]*)</span>', html)
    # The alt text and the file name; never the reference as written (it may be a local path).
    assert boxes == [
        "missing image: A missing screenshot (missing-shot.png)",
        "missing image: an animation (also-missing.gif)",
    ]
    assert "border: 2px dashed" in html.split('class="missing-image"')[1].split(">")[0]


def test_files_that_are_not_images_are_not_embedded(tmp_path: Path) -> None:
    post = make_post_folder(tmp_path)
    (post.parent / "gallery.png").write_text("not really a PNG", encoding="utf-8")
    html = export_page(Post.load(post))
    assert "missing image: The plugin gallery (gallery.png)" in html
    assert "data:image/png;base64,bm90" not in html


def test_export_strips_everything_active(tmp_path: Path) -> None:
    html = export_page(Post.load(make_post_folder(tmp_path, "hostile.md")))
    assert_nothing_active(html)
    assert_no_local_path(html, tmp_path)
    assert "<script" not in html.lower()  # handlers: see assert_nothing_active
    assert "<iframe" not in html and "<object" not in html and "<embed" not in html
    # Forms and buttons are gone (a mail has nothing to submit); their text stays.
    assert "<form" not in html and "<button" not in html and "Go" in html
    assert "Fine <b" in html  # ordinary markup survives
    (pixel,) = [a for a in Elements(html).named("img") if a.get("class") != "avatar"]
    assert (pixel["src"] or "").startswith("data:image/png;base64,")
    assert set(pixel) == {"src", "style"}  # onerror and onload are gone
    assert "url(./bg.png)" not in html and "@import" not in html


def test_iframes_become_linked_cards(tmp_path: Path) -> None:
    html = export_page(Post.load(make_post_folder(tmp_path)))
    assert "<iframe" not in html
    link = re.search(r'<a class="embed-card-link" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert link is not None
    assert link.groups() == ("https://www.youtube.com/watch?v=abc123XYZ", "Meetup recording")


def test_styles_are_inlined_for_mail_clients(tmp_path: Path) -> None:
    html = export_page(Post.load(make_post_folder(tmp_path)))
    body = html[html.index("<body") :]
    h2 = re.search(r'<h2 id="the-plugin-gallery" style="([^"]+)"', body)
    assert h2 is not None and "font-size" in h2.group(1)
    keyword = re.search(r'<span class="k" style="([^"]+)">def</span>', body)
    assert keyword is not None and "color:" in keyword.group(1)
    assert re.search(r'<td style="[^"]*border: 1px solid', body)
    assert '<a class="anchor"' not in body  # heading permalinks mean nothing in a mail
    assert "<style>" in html[: html.index("<body")]  # kept too, for clients that read it


def test_the_export_has_a_dark_mode_that_wins_over_its_inlined_light_styles(
    tmp_path: Path,
) -> None:
    html = export_page(Post.load(make_post_folder(tmp_path)))
    head = html[: html.index("<body")]
    assert '<meta name="color-scheme" content="light dark">' in head
    dark = head[head.index("@media (prefers-color-scheme: dark)") :]
    assert re.search(r"body, \.email \{ background: #0d1117 !important;", dark)
    # The code theme's dark colours come too, each !important over the inlined light ones.
    keyword = re.search(r"\.highlight \.k \{ ([^}]*) \}", dark)
    assert keyword is not None and keyword.group(1) == "color: #FF7B72 !important"
    assert "/*" not in dark.split("*/")[-1]  # the theme's per-rule comments are dropped
    body = html[html.index("<body") :]
    assert "!important" not in body and "prefers-color-scheme" not in body  # never inlined


def test_the_posts_own_styles_are_left_out_and_nothing_is_loaded(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        '<link rel="stylesheet" href="https://example.invalid/mail.css">\n\n'
        '<link rel="stylesheet" href="./local.css">\n\n'
        "<style>.note { color: #123456 } @import url(https://example.invalid/more.css);</style>\n\n"
        '<p class="note">A note.</p>\n',
        encoding="utf-8",
    )
    html = export_page(Post.load(post))
    # Issue 19: no longer inlined (a post's "body {…}" restyled the whole mail, and mail
    # clients strip <style>); the export's own CSS styles the paragraph.
    assert re.search(r'<p class="note" style="margin: 0 0 18px">', html)
    assert "#123456" not in html
    assert "<link" not in html and "@import" not in html and "example.invalid" not in html


@pytest.mark.parametrize("fixture", ["newsletter.md", "hostile.md"])
def test_the_export_is_what_the_sanitiser_lets_through(tmp_path: Path, fixture: str) -> None:
    """The allow-list sanitiser runs last, on css-inline's output (before, the rewrite did),
    so running it again changes nothing; the rewrite's work (cards, boxes, embedded images)
    survived it."""
    html = export_page(Post.load(make_post_folder(tmp_path, fixture)))
    body = html[html.index(">", html.index("<body")) + 1 : html.rindex("</body>")]
    assert clean_export_html(body, svg_problem=svg_problem) == body
    assert "is-card is-card" not in body
    assert rewrite(body, Mode(cards="export", export=True)).count("embed-card") == body.count(
        "embed-card"
    )


def test_site_links_need_the_site_url(tmp_path: Path) -> None:
    post = Post.load(make_post_folder(tmp_path))
    html = export_page(post)
    unlinked = r'<a class="unlinked" style="[^"]*color: inherit[^"]*">'
    assert re.search(unlinked + "last week.s issue</a>", html)  # only the text is kept
    assert 'href="https://example.com/releases"' in html
    assert 'href="mailto:team@example.com"' in html
    assert re.search(unlinked + "slides</a>", html)  # a local file: text only
    linked = export_page(post, site_url="https://galley.example/")
    assert 'href="https://galley.example/blog/galley-weekly-6/"' in linked
    assert_no_local_path(linked, tmp_path)


def test_site_url_never_publishes_a_path_of_this_computer(tmp_path: Path) -> None:
    """A site-root reference that is a file here, or under /Users/ or /home/, is no site page:
    with --site-url it would have become https://galley.example/Users/alice/…"""
    shot = tmp_path / "elsewhere" / "shot.png"
    shot.parent.mkdir()
    Image.new("RGB", (2, 2)).save(shot)
    post = tmp_path / "post.md"
    post.write_text(
        f"![Here]({shot}) ![Mac](/Users/alice/Desktop/mac.png) [notes](/home/alice/notes.txt) "
        "[next issue](/blog/next/) ![logo](/images/logo.png)\n",
        encoding="utf-8",
    )
    html = export_page(Post.load(post), site_url="https://galley.example")
    assert "missing image: Here (shot.png)" in html and "missing image: Mac (mac.png)" in html
    assert re.search(r'<a class="unlinked"[^>]*>notes</a>', html)
    assert 'href="https://galley.example/blog/next/"' in html  # the site's own stay links
    assert 'src="https://galley.example/images/logo.png"' in html
    assert str(tmp_path) not in html and "/Users/" not in html and "/home/" not in html


def test_fragment_is_only_the_article(tmp_path: Path) -> None:
    fragment = export_page(Post.load(make_post_folder(tmp_path)), fragment=True)
    assert fragment.startswith('<article class="post" style="')
    assert fragment.rstrip().endswith("</article>")
    tags = {tag for tag, _ in Elements(fragment).tags}
    assert not tags & {"html", "head", "body", "style", "title", "meta"}
    assert "<!DOCTYPE" not in fragment
    assert '<h1 class="post-title"' in fragment and "17 May 2021" in fragment
    assert_no_local_path(fragment, tmp_path)


def test_a_post_without_a_file_exports() -> None:
    html = export_page(Post.parse("---\ntitle: Draft\n---\n![x](./x.png)\n\nText.\n"))
    assert "missing image: x (x.png)" in html and "Text." in html


# -- the command line


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "editor", *args], capture_output=True, text=True, check=False
    )


def test_cli_export_to_a_file_and_to_stdout(tmp_path: Path) -> None:
    post = make_post_folder(tmp_path)
    out = tmp_path / "issue.html"
    assert main(["export", str(post), "-o", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") and "data:image/png;base64," in written
    assert_no_local_path(written, tmp_path)
    result = run("export", str(post), "--fragment")
    assert result.returncode == 0 and result.stdout.startswith("<article")
    linked = run("export", str(post), "--site-url", "https://galley.example")
    assert 'href="https://galley.example/blog/galley-weekly-6/"' in linked.stdout


def test_cli_render_writes_the_preview_page(tmp_path: Path) -> None:
    post = make_post_folder(tmp_path)
    out = tmp_path / "elsewhere" / "preview.html"
    out.parent.mkdir()
    assert main(["render", str(post), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "embed-card" in page
    # Written away from the post, its relative images still resolve against the post folder.
    assert f'<base href="{post.parent.as_uri()}/">' in page


@pytest.mark.parametrize("command", ["export", "render"])
def test_cli_errors_are_two_sentences(tmp_path: Path, command: str) -> None:
    result = run(command, str(tmp_path / "missing.md"))
    assert result.returncode == 2 and "Traceback" not in result.stderr  # input: bad usage
    summary, detail = result.stderr.splitlines()
    assert summary.startswith("galley: Could not open") and detail.startswith("  ")


# -- a post's own <style> (issue 19)


@pytest.mark.parametrize("fragment", [False, True])
def test_a_posts_style_is_left_out_of_the_email_export(fragment: bool) -> None:
    post = Post.parse(
        "---\ntitle: Styled\n---\n\nHello.\n\n<style>\nbody{background:red}\n"
        'p { color: green }\n</style>\n\n<p style="color: navy">Kept.</p>\n'
    )
    html = export_page(post, fragment=fragment)
    assert "background: red" not in html and "color: green" not in html  # once: a red mail
    assert "color: navy" in html  # a style="" attribute stays, as mail clients keep it


def test_an_embed_in_a_padded_wrapper_is_a_card_without_a_gap(tmp_path: Path) -> None:
    from tests.core.test_page import VIMEO_EMBED

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Weekly\n---\n" + VIMEO_EMBED, encoding="utf-8")
    html = export_page(Post.load(post))
    body = html[html.index("<body") :]
    assert 'href="https://vimeo.com/582510092"' in body
    card = body.index('class="embed-card"')
    before = body[body.rindex("Before the video.", 0, card) : card]
    assert "58.63%" not in before and "padding: 58" not in before


def test_the_print_page_is_the_export_in_the_previews_light_styles(tmp_path: Path) -> None:
    from editor.core.export import print_page

    page = print_page(Post.load(make_post_folder(tmp_path)))
    assert '<html lang="en" data-theme="light">' in page
    assert ".post-title" in page and "@page" in page  # preview.css and print.css
    assert "<iframe" not in page and "embed-card" in page
    body = page[page.index("<body") :]
    assert_nothing_active(body)
    (shot,) = [a for a in Elements(body).named("img") if a.get("class") != "avatar"][:1]
    assert (shot["src"] or "").startswith("data:image/")


@pytest.mark.parametrize(
    ("territory", "paper"), [("US", "Letter"), ("ca", "Letter"), ("DE", "A4"), ("GB", "A4")]
)
def test_paper_is_letter_where_it_is_usual(territory: str, paper: str) -> None:
    from editor.core.export import paper_size

    assert paper_size(territory) == paper


def test_site_root_images_the_site_has_are_embedded(tmp_path: Path) -> None:
    """``/img/logo.png`` in the site's ``static/`` is inlined like a bundle's image; one the
    site lacks still points at the published site; nothing outside the site is read."""
    from editor.core.site import ImageResolver

    (tmp_path / "site" / "static" / "img").mkdir(parents=True)
    Image.new("RGB", (2, 2), "red").save(tmp_path / "site" / "static" / "img" / "logo.png")
    Image.new("RGB", (2, 2), "blue").save(tmp_path / "secret.png")
    path = tmp_path / "site" / "content" / "p" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        "![Logo](/img/logo.png) ![Elsewhere](/img/other.png) ![Out](../../../secret.png)\n",
        encoding="utf-8",
    )
    images = ImageResolver(tmp_path / "site", path, (tmp_path / "site" / "static",))
    html = export_page(Post.load(path), site_url="https://galley.example", images=images)
    (logo,) = [e for e in Elements(html).named("img") if e.get("alt") == "Logo"]
    assert (logo["src"] or "").startswith("data:image/png;base64,")
    assert 'src="https://galley.example/img/other.png"' in html
    assert "missing image: Out (secret.png)" in html
    printed = print_page(Post.load(path), images=images)
    assert 'alt="Logo"' in printed and "data:image/png;base64," in printed
