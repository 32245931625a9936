"""The preview page: the post header as readers see it, a strict CSP, nothing active, embeds as
cards until remote content is allowed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from editor.core.export import export_page
from editor.core.htmlrewrite import Mode, rewrite
from editor.core.page import (
    chunked,
    content_security_policy,
    embed_cards,
    format_date,
    post_header,
    preview_html,
    preview_page,
)
from editor.core.post import Post
from editor.core.render import render_body
from tests.helpers import FIXTURES

FIXTURES = FIXTURES / "page"


def make_post_folder(tmp_path: Path, fixture: str = "newsletter.md") -> Path:
    """A small site like the corpus: the post, one image beside it and the author's avatar."""
    folder = tmp_path / "content" / "blog" / "galley-weekly-7"
    folder.mkdir(parents=True)
    post = folder / "index.md"
    post.write_bytes((FIXTURES / fixture).read_bytes())
    Image.new("RGB", (8, 6), (200, 30, 30)).save(folder / "gallery.png")
    Image.new("RGB", (4, 4), (0, 0, 0)).save(folder / "pixel.png")
    team = tmp_path / "content" / "assets" / "team"
    team.mkdir(parents=True)
    Image.new("RGB", (300, 300), (30, 90, 200)).save(team / "ann.png")
    return post


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser-like parser sees them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def assert_nothing_active(html: str, nonce: str = "") -> None:
    """No script element (but the app's, by nonce), handler attribute or script URL."""
    elements = Elements(html)
    for attrs in elements.named("script"):
        assert nonce and attrs.get("nonce") == nonce, attrs
    for tag, attrs in elements.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            squashed = re.sub(r"[\x00-\x20]", "", value or "").lower()
            assert "javascript:" not in squashed, (tag, name, value)
            assert name != "srcdoc"
    assert not elements.named("object") and not elements.named("embed")
    assert all("evil" not in (base.get("href") or "") for base in elements.named("base"))


def csp_of(page: str) -> dict[str, list[str]]:
    (meta,) = [
        attrs
        for attrs in Elements(page).named("meta")
        if (attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    directives = [d.split() for d in (meta["content"] or "").split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def body_of(page: str) -> str:
    return page[page.index('<article class="post-body"') :]


# -- the header


def test_header_shows_the_front_matter_as_readers_see_it(tmp_path: Path) -> None:
    post = Post.load(make_post_folder(tmp_path))
    header = post_header(post)
    assert '<h1 class="post-title">Galley Weekly 7 - Plugins &amp; “meetups”</h1>' in header
    assert '<time class="post-date" datetime="2021-05-17">17 May 2021</time>' in header
    assert '<span class="author-name">Ann Author</span>' in header
    (avatar,) = Elements(header).named("img")
    assert avatar["src"] == "../../assets/team/ann.png" and avatar["class"] == "avatar"
    assert "News from the plugin marketplace, &lt;b&gt;two&lt;/b&gt; meetups" in header
    assert re.findall(r'<li class="tag">([^<]*)</li>', header) == ["newsletter", "plugins"]
    assert header.startswith('<header class="post-header" id="galley-header" data-line="1">')


def test_title_and_description_are_smart_quoted_as_the_body_is() -> None:
    text = (
        '---\ntitle: Backstage\'s "big" release -- and more...\n'
        "description: 'It''s *here*: \"plugins\" --- finally'\n---\n"
        'Backstage\'s "big" release -- and more...\n'
    )
    post = Post.parse(text)
    header = post_header(post)
    body = render_body(post.body)
    title = "Backstage’s “big” release — and more…"
    assert f'<h1 class="post-title">{title}</h1>' in header
    assert title in body  # the same rules as the body's
    assert '<p class="post-description">It’s *here*: “plugins” — finally</p>' in header
    assert f">{title}</h1>" in export_page(post)  # the e-mail's header too


def test_every_header_value_is_escaped() -> None:
    post = Post.parse((FIXTURES / "hostile.md").read_text(encoding="utf-8"))
    header = post_header(post)
    assert "<script" not in header and "<img" not in header and "<b>" not in header
    assert "&lt;script&gt;alert(“title”)&lt;/script&gt;Hostile" in header
    assert "&lt;i&gt;Mallory&lt;/i&gt;" in header
    assert "x&quot; onclick=&quot;alert(1)" in header
    assert_nothing_active(header)  # the javascript: avatar is left out


@pytest.mark.parametrize(
    ("yaml", "shown", "iso"),
    [
        ("'2021-05-17T21:00:00.0Z'", "17 May 2021", "2021-05-17"),
        ("2021-05-17T21:00:00.0Z", "17 May 2021", "2021-05-17"),
        ("2021-05-17", "17 May 2021", "2021-05-17"),
        ("2021-05-17 23:59:59", "17 May 2021", "2021-05-17"),
        ("'2020-1-2'", "2 January 2020", "2020-01-02"),
        ("'2021/12/31 late'", "31 December 2021", "2021-12-31"),
        ("'2021-13-45'", "2021-13-45", None),
        ("next Tuesday", "next Tuesday", None),
        ("'<b>soon</b>'", "&lt;b&gt;soon&lt;/b&gt;", None),
        ("2021", "2021", None),
    ],
)
def test_dates_in_any_shape_never_raise(yaml: str, shown: str, iso: str | None) -> None:
    header = post_header(Post.parse(f"---\ntitle: T\ndate: {yaml}\n---\nBody\n"))
    stamp = f' datetime="{iso}"' if iso else ""
    assert f'<time class="post-date"{stamp}>{shown}</time>' in header


def test_format_date_takes_any_value() -> None:
    assert format_date(None) == ("", None)
    assert format_date(["a"]) == ("", None)
    assert format_date(" 2021 ") == ("2021", None)
    assert format_date("2021-02-30") == ("2021-02-30", None)
    assert format_date("August 31, 2026") == ("31 August 2026", "2026-08-31")  # JavaScript's


def test_missing_fields_are_left_out() -> None:
    header = post_header(Post.parse("Just a body.\n"))
    assert header == '<header class="post-header" id="galley-header" data-line="1">\n\n</header>\n'
    header = post_header(Post.parse("---\ntitle: Only a title\ntags:\ndate:\n---\n"))
    assert "Only a title" in header
    assert "post-byline" not in header and "post-tags" not in header and "<time" not in header


def test_author_as_plain_text_and_missing_avatar(tmp_path: Path) -> None:
    header = post_header(Post.parse("---\nauthor: Ann Author\n---\n"))
    assert '<span class="author-name">Ann Author</span>' in header and "<img" not in header
    post = tmp_path / "index.md"
    post.write_text("---\nauthor: {name: Bo, avatar: ./nobody.png}\n---\n", encoding="utf-8")
    header = post_header(Post.load(post))
    assert "Bo" in header and "<img" not in header  # known missing: not shown broken


def test_tags_as_a_comma_separated_string() -> None:
    header = post_header(Post.parse("---\ntags: news, plugins ,\n---\n"))
    assert re.findall(r'<li class="tag">([^<]*)</li>', header) == ["news", "plugins"]


# -- the page


def test_page_has_a_strict_content_security_policy(tmp_path: Path) -> None:
    page = preview_page(Post.load(make_post_folder(tmp_path)))
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert page.index('http-equiv="Content-Security-Policy"') < page.index("<style>")
    csp = csp_of(page)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'none'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-src"] == ["'none'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert not {"connect-src", "font-src", "media-src"} & set(csp)
    assert not any("https:" in sources or "*" in sources for sources in csp.values())


def test_csp_nonce_base_url_and_remote_content(tmp_path: Path) -> None:
    post = Post.load(make_post_folder(tmp_path))
    page = preview_page(post, nonce="abc123==", base_url="galley-post://post/", remote_content=True)
    csp = csp_of(page)
    assert csp["script-src"] == ["'nonce-abc123=='"]
    assert csp["img-src"] == ["'self'", "data:", "galley-post://post", "https:"]
    assert csp["frame-src"] == ["https:"]
    assert csp["base-uri"] == ["galley-post://post"]
    assert '<base href="galley-post://post/">' in page
    folder_url = post.path.parent.as_uri() + "/" if post.path else ""
    assert csp_of(preview_page(post, base_url=folder_url))["img-src"] == [
        "'self'",
        "data:",
        "file:",
    ]
    with pytest.raises(ValueError):
        content_security_policy(nonce="x' 'unsafe-inline")
    with pytest.raises(ValueError):
        preview_page(post, scripts=["alert(1)"])  # a script without a nonce could never run


def test_the_apps_own_script_runs_by_nonce() -> None:
    page = preview_page(Post.parse("Hi\n"), nonce="n0nce", scripts=["var a = '</script>';"])
    assert "<script nonce=\"n0nce\">var a = '<\\/script>';</script>" in page
    assert_nothing_active(page, nonce="n0nce")


def test_no_script_from_the_post_reaches_the_page(tmp_path: Path) -> None:
    post = Post.load(make_post_folder(tmp_path, "hostile.md"))
    page = preview_page(post)
    assert_nothing_active(page)
    for payload in ('alert("body")', "alert('img')", "alert('svg')", "srcdoc", 'alert("comment")'):
        assert payload not in page
    assert "Fine <b>markup</b> stays.</p>" in page
    assert 'href="https://evil.example/"' not in page and "refresh" not in page
    assert_nothing_active(preview_page(post, remote_content=True))


def test_page_contains_the_rendered_body_with_data_lines(tmp_path: Path) -> None:
    post = Post.load(make_post_folder(tmp_path))
    body = body_of(preview_page(post))
    assert body.startswith('<article class="post-body" id="galley-body">')
    lines = [int(n) for n in re.findall(r'data-line="(\d+)"', body)]
    assert lines and lines == sorted(lines) and lines[0] == post.body_start_line + 1
    (pre,) = Elements(body).named("pre")
    assert pre["class"] == "highlight" and pre["data-line"] == str(post.body_start_line + 16)
    assert '<code class="language-python"><span class="k">def</span>' in body
    assert '<img src="./gallery.png"' in body  # relative: the base URL resolves it
    assert "missing image: ./missing-shot.png" in body
    # A raw <img> whose file is missing shows the same box, still mapped to its source line
    # (by the element the renderer wraps a raw HTML block in).
    box = re.search(
        r'<div data-line="(\d+)"[^>]*>\s*<span class="missing-image"[^>]*>'
        r"missing image: ./also-missing.gif<",
        body,
    )
    assert box is not None and int(box[1]) == post.body_start_line + 12


def test_page_takes_the_callers_rendered_body() -> None:
    page = preview_page(
        Post.parse("ignored\n"), body_html='<p data-block="b7">Mine</p><script>x</script>'
    )
    assert '<p data-block="b7">Mine</p>' in page and "ignored" not in page
    assert_nothing_active(page)


def test_iframes_are_cards_without_remote_content(tmp_path: Path) -> None:
    post = Post.load(make_post_folder(tmp_path))
    body = body_of(preview_page(post))
    assert not Elements(body).named("iframe")
    (card,) = [a for a in Elements(body).named("div") if a.get("class") == "embed-card"]
    assert '<span class="embed-card-title">Meetup recording</span>' in body
    assert 'href="https://www.youtube.com/embed/abc123XYZ"' in body
    (saved,) = Elements(card["data-iframe"] or "").named("iframe")
    assert saved["src"] == "https://www.youtube.com/embed/abc123XYZ" and saved["sandbox"]
    # The aspect-ratio wrapper lets the card show (its ratio is kept for the swap back).
    (wrapper,) = [a for a in Elements(body).named("div") if "is-card" in (a.get("class") or "")]
    assert "style" not in wrapper

    remote = body_of(preview_page(post, remote_content=True))
    (frame,) = Elements(remote).named("iframe")
    assert frame["src"] == "https://www.youtube.com/embed/abc123XYZ"
    assert frame["sandbox"] and "allow-top-navigation" not in frame["sandbox"]
    assert "embed-card" not in remote


def test_embed_cards_change_only_the_iframes() -> None:
    html = (
        '<p data-line="3">Before &amp; <em>after</em></p>\n'
        '<div class="responsive-iframe" style="padding-bottom: 56.25%" data-line="5">'
        '<iframe src="//player.example.com/v/1" width="560" height="315">fallback</iframe></div>\n'
        '<iframe src="https://maps.example.org/embed?q=1&amp;z=2" title=\'A "map"\'></iframe>'
    )
    out = embed_cards(html)
    assert out.startswith('<p data-line="3">Before &amp; <em>after</em></p>\n')
    assert "<iframe" not in out.replace("&lt;iframe", "") and "fallback" not in out
    assert 'class="responsive-iframe is-card"' in out
    assert 'data-style="padding-bottom: 56.25%"' in out and 'data-line="5"' in out
    assert '<span class="embed-card-title">player.example.com</span>' in out
    assert 'href="https://player.example.com/v/1"' in out
    assert '<span class="embed-card-title">A &quot;map&quot;</span>' in out
    assert 'href="https://maps.example.org/embed?q=1&amp;z=2"' in out
    assert embed_cards("<p>No frames</p>\n") == "<p>No frames</p>\n"


def test_block_patches_are_cleaned_the_same_way() -> None:
    block = '<p data-line="9" onclick="x()">Hi<script>bad()</script><img src=a onerror=b()></p>'
    assert preview_html(block) == '<p data-line="9">Hi<img src="a"></p>'
    frame = '<iframe src="https://e.com/x"></iframe>'
    assert "embed-card" in preview_html(frame)
    assert "<iframe src=" in preview_html(frame, remote_content=True)
    assert "embed-card" in preview_html(
        '<iframe src="http://e.com/x"></iframe>', remote_content=True
    )


def test_block_patches_show_missing_raw_images(tmp_path: Path) -> None:
    (tmp_path / "here.png").write_bytes(b"")
    block = '<img data-line="4" data-block="b2" src="./gone.gif" alt="A gif"><img src="here.png">'
    assert (
        preview_html(block)
        == '<img data-line="4" data-block="b2" src="./gone.gif" alt="A gif"><img src="here.png">'
    )
    assert preview_html(block, folder=tmp_path) == (
        '<span class="missing-image" role="img" data-line="4" data-block="b2" aria-label="A gif">'
        'missing image: ./gone.gif</span><img src="here.png">'
    )


def test_light_dark_and_forced_themes() -> None:
    post = Post.parse("```python\nx = 1\n```\n")
    auto = preview_page(post)
    assert "@media (prefers-color-scheme: dark)" in auto and "data-theme" not in auto.split(">")[1]
    assert ".highlight .k" in auto
    dark = preview_page(post, dark=True)
    assert '<html lang="en" data-theme="dark">' in dark and "github-dark" in dark
    assert "style 'default'" not in dark
    light = preview_page(post, dark=False)
    assert '<html lang="en" data-theme="light">' in light and "github-dark" not in light


def test_title_element_falls_back_to_the_file_name(tmp_path: Path) -> None:
    post = tmp_path / "draft-post.md"
    post.write_text("No front matter.\n", encoding="utf-8")
    assert "<title>draft-post</title>" in preview_page(Post.load(post))
    assert "<title>Untitled</title>" in preview_page(Post.parse("x\n"))


# -- properties

PIECES = [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>",
    "<a href=\"java&#x0A;script:x\">", "</a>", "<iframe src=https://e.com/v>", "</iframe>",
    "<iframe srcdoc='<script>x</script>'>", "<svg>", "</svg>", "<style>", "</style>", "<!--",
    "-->", "<div onclick=x>", "</div>", "<p>", "text", " ", "\n", "\n\n", '"', "'", "<", ">",
    "&", "&amp;", "&#x6a;", "<b", "=", "on", "load=", "<math>", "<![CDATA[", "]]>", "<base href=x>",
    "<meta http-equiv=refresh content=0>", "<object data=x>", "*", "# ", "```\n", "[a](b)", "&#",
    "&#x", "&#1", "a", ";",
]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_nothing_active_survives_any_mix_of_markup(html: str) -> None:
    assert_nothing_active(preview_html(html))
    assert_nothing_active(preview_html(html, remote_content=True))
    assert not Elements(embed_cards(html)).named("iframe")


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
@settings(max_examples=100, deadline=None)
def test_pages_never_raise_and_stay_inert(body: str) -> None:
    post = Post.parse("Start.\n\n" + body)
    assert_nothing_active(preview_page(post))
    assert_nothing_active(export_page(post))


@pytest.mark.parametrize(
    ("html", "balanced"),
    [
        ('<div class="x"><p>a', '<div class="x"><p>a</p></div>'),
        ("<p>a</div></p>", "<p>a</p>"),  # a stray end tag would close the page's own element
        ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
        ("<p>a<div>b</div>", "<p>a</p><div>b</div>"),
        ("<table><tr><td>a<tr><td>b", "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>"),
        (
            "<details><summary>s</summary>\n<p>x</p>",
            "<details><summary>s</summary>\n<p>x</p></details>",
        ),
        ('<p>a <img src="x.png"> b<br></p>', '<p>a <img src="x.png"> b<br></p>'),
    ],
)
def test_preview_html_is_balanced(html: str, balanced: str) -> None:
    """Each block is closed in itself, so blocks side by side in the page cannot nest."""
    assert preview_html(html) == balanced
    assert preview_html(balanced) == balanced  # and it stays idempotent


def test_chunked_groups_blocks() -> None:
    blocks = [f"<p>{n}</p>\n" for n in range(5)]
    html = chunked(blocks, size=2)
    assert html.count('<div class="galley-chunk">') == 3
    assert html.replace('<div class="galley-chunk">\n', "").replace("</div>\n", "") == "".join(
        blocks
    )


# -- a post's own <style> (issue 19)

STYLED = (
    "---\ntitle: Styled\n---\n\nHello.\n\n<style>\nbody{background:red}\np { color: green }\n"
    "</style>\n"
)


def test_a_posts_style_restyles_only_the_post_body_in_the_preview() -> None:
    from editor.core.page import POST_BODY, preview_page

    page = preview_page(Post.parse(STYLED))
    assert "\nbody{background:red}" not in page
    assert f"{POST_BODY} {{background:red}}" in page  # the body container, not the page
    assert f"{POST_BODY} p {{ color: green }}" in page


VIMEO_EMBED = (
    "Before the video.\n\n"
    '<div style="padding:58.63% 0 0 0;position:relative;"><iframe'
    ' src="https://player.vimeo.com/video/582510092?badge=0" frameborder="0"'
    ' style="position:absolute;top:0;left:0;width:100%;height:100%;"'
    ' title="Log stream build failure"></iframe></div>'
    '<script src="https://player.vimeo.com/api/player.js"></script>\n\n'
    "After the video.\n"
)


def test_an_embed_codes_padding_wrapper_gives_its_place_to_the_card(tmp_path: Path) -> None:
    """Vimeo's embed code keeps its player's aspect ratio with a padded <div>; once the player
    is a card, that padding would be an empty gap of 200-300 px above it."""
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Weekly\n---\n" + VIMEO_EMBED, encoding="utf-8")
    body = body_of(preview_page(Post.load(post)))
    assert "Log stream build failure" in body and "<iframe" not in body
    divs = [a for a in Elements(body).named("div") if "embed-card" not in (a.get("class") or "")]
    assert divs and not [d for d in divs if "padding" in (d.get("style") or "")]
    (wrapper,) = [d for d in divs if d.get("data-style")]  # the ratio is kept, as data
    assert "is-card" in (wrapper.get("class") or "")
    assert rewrite(body, Mode(cards="preview")) == rewrite(
        rewrite(body, Mode(cards="preview")), Mode(cards="preview")
    )

    remote = body_of(preview_page(Post.load(post), remote_content=True))
    (wrapper,) = [a for a in Elements(remote).named("div") if "58.63%" in (a.get("style") or "")]
    assert "embed-card" not in remote  # with remote content the player keeps its box


def test_only_a_div_that_holds_nothing_but_the_embed_is_its_wrapper() -> None:
    html = (
        '<div style="padding:20px"><p>Text first</p><iframe src="https://e.com/x"></iframe></div>'
        '<div style="padding-top:50%"> <iframe src="http://e.com/y"></iframe></div>'
    )
    out = rewrite(html, Mode())  # remote content on: only the http embed is a card
    assert out.startswith('<div style="padding:20px"><p>Text first</p><iframe')
    assert '<div data-style="padding-top:50%" class="is-card"> <div class="embed-card"' in out


def test_site_root_images_in_the_preview_follow_the_site_rule(tmp_path: Path) -> None:
    from editor.core.site import ImageResolver
    from tests.helpers.site_images import png

    (tmp_path / "static" / "team").mkdir(parents=True)
    (tmp_path / "static" / "team" / "ann.png").write_bytes(png())
    path = tmp_path / "content" / "p" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        "---\ntitle: T\nauthor:\n  name: Ann\n  avatar: /team/bob.png\n---\n"
        '![Ann](/team/ann.png)\n\n<img src="/team/gone.png" alt="Gone">\n',
        encoding="utf-8",
    )
    post = Post.load(path)
    images = ImageResolver(tmp_path, path, (tmp_path / "static",))
    page = preview_page(post, images=images)
    assert '<img src="/team/ann.png" alt="Ann"' in page
    assert '<span class="missing-image" role="img" aria-label="Gone">' in page
    assert 'class="avatar"' not in page  # known missing: left out
    assert 'class="avatar"' in post_header(post)  # without the site: shown as written
    block = '<img data-line="4" src="/team/gone.png" alt="x"><img src="/team/ann.png">'
    assert preview_html(block, images=images).startswith('<span class="missing-image"')
    assert '<img src="/team/ann.png">' in preview_html(block, images=images)


def test_the_header_shows_what_the_generator_takes_from_elsewhere() -> None:
    from editor.core.site import Site
    from tests.helpers import FIXTURES

    jekyll = Site.open(FIXTURES / "sites" / "jekyll")
    path = FIXTURES / "sites" / "jekyll" / "_posts" / "2026-08-21-newsletter.md"
    header = post_header(Post.load(path), None, jekyll.generator)
    assert '<time class="post-date" datetime="2026-08-21">21 August 2026</time>' in header
    assert "post-date" not in post_header(Post.load(path))  # no generator: only the front matter
