"""The message: parsed back as a mail client would, its structure, parts, headers and HTML."""

from __future__ import annotations

import datetime as dt
import io
import re
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

import pytest
from PIL import Image

from editor.core.mail import (
    PLACEHOLDER_FROM,
    PLACEHOLDER_TO,
    MailError,
    MailOptions,
    build_message,
    email_html,
    html_part_size,
    preheader_of,
    subject_of,
)
from editor.core.post import Post
from editor.core.site import ImageResolver
from tests.core.mail.cases import cids_in, folder_state, parsed
from tests.core.test_page import Elements, assert_nothing_active

PLAIN = "Tideline 12 – Low water\n\nThe herons came back on Tuesday.\n"


def message_of(
    post_path: Path, options: MailOptions | None = None, **kwargs: object
) -> EmailMessage:
    post = Post.load(post_path)
    return parsed(build_message(post, options or MailOptions(), plain=PLAIN, **kwargs))  # type: ignore[arg-type]


def structure(part: EmailMessage) -> object:
    if part.is_multipart():
        return (part.get_content_type(), [structure(p) for p in part.iter_parts()])  # type: ignore[arg-type]
    return part.get_content_type()


def html_and_images(message: EmailMessage) -> tuple[str, dict[str, EmailMessage]]:
    related = list(message.iter_parts())[1]
    html_part, *images = related.iter_parts()
    html = html_part.get_content()
    return html, {str(p["Content-ID"]).strip("<>"): p for p in images}  # type: ignore[misc]


def test_alternative_of_plain_and_related_html_with_each_image_once(post_path: Path) -> None:
    message = message_of(post_path)
    assert structure(message) == (
        "multipart/alternative",
        [
            "text/plain",
            (
                "multipart/related",
                ["text/html", "image/png", "image/png", "image/png", "image/jpeg", "image/svg+xml"],
            ),
        ],
    )
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and plain.get_content().replace("\r\n", "\n") == PLAIN
    html, images = html_and_images(message)
    referenced = cids_in(html)
    # The avatar and four body images; herons.png is named twice and travels once.
    assert len(referenced) == 6 and len(set(referenced)) == 5
    assert set(referenced) == set(images)
    folder = post_path.parent
    by_name = {part.get_filename(): part for part in images.values()}
    assert set(by_name) == {"ann.png", "herons.png", "chart.png", "quay.jpg", "diagram.svg"}
    assert by_name["herons.png"].get_content() == (folder / "herons.png").read_bytes()
    assert by_name["diagram.svg"].get_content() == (folder / "diagram.svg").read_bytes()
    avatar = folder.parent.parent / "assets" / "team" / "ann.png"
    assert by_name["ann.png"].get_content() == avatar.read_bytes()  # small: as it is
    for part in images.values():
        assert part.get_content_disposition() == "inline"
        assert part["Content-Transfer-Encoding"] == "base64"


def test_webp_images_travel_as_png_or_jpeg_copies_and_the_folder_is_unchanged(
    post_path: Path,
) -> None:
    before = folder_state(post_path.parent)
    _, images = html_and_images(message_of(post_path))
    by_name = {part.get_filename(): part for part in images.values()}
    chart = Image.open(io.BytesIO(by_name["chart.png"].get_content()))
    assert chart.format == "PNG" and chart.size == (5, 4) and chart.mode == "RGBA"
    quay = Image.open(io.BytesIO(by_name["quay.jpg"].get_content()))
    assert quay.format == "JPEG" and quay.size == (6, 6)
    assert folder_state(post_path.parent) == before  # no copy, no change in the post's folder


def test_the_html_keeps_remote_images_cards_embeds_and_has_nothing_active(
    post_path: Path,
) -> None:
    html, _ = html_and_images(message_of(post_path))
    assert_nothing_active(html)
    assert "<script" not in html and "alert(" not in html
    assert str(post_path.parent.parent) not in html
    assert "file:" not in html and "/Users/alice" not in html
    assert "missing image: A local shot (shot.png)" in html
    sources = [attrs.get("src") or "" for attrs in Elements(html).named("img")]
    assert "https://example.com/remote.png" in sources
    assert all(re.match(r"(cid:|https://)", src) for src in sources), sources
    assert "<iframe" not in html
    assert 'href="https://www.youtube.com/watch?v=abc123"' in html  # the linked card
    assert "Low water film" in html


def test_subject_preheader_and_headers(post_path: Path) -> None:
    date = dt.datetime(2024, 5, 17, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    message = message_of(post_path, date=date)
    assert message["Subject"] == "Tideline 12 – Low water"
    assert message["From"] == PLACEHOLDER_FROM and message["To"] == PLACEHOLDER_TO
    assert parsedate_to_datetime(message["Date"]) == date
    assert re.fullmatch(r"<[^<>@\s]+@galley\.invalid>", message["Message-ID"])
    assert message["MIME-Version"] == "1.0"
    assert all("MIME-Version" not in part for part in list(message.walk())[1:])
    for part in message.walk():
        if part.get_content_maintype() == "text":
            assert part.get_content_charset() == "utf-8"
    html, _ = html_and_images(message)
    body = html[html.index("<body") :]
    first = body[body.index(">") + 1 :].lstrip()
    assert first.startswith('<div class="preheader" style="display: none; max-height: 0;')
    assert "mso-hide: all" in first.split(">")[0] and "overflow: hidden" in first.split(">")[0]
    preheader = "Where the herons went, and a chart of the spring tides."
    assert first.split(">", 1)[1].startswith(preheader + "&zwnj;&nbsp;&zwnj;&nbsp;")
    assert "<title>Tideline 12 – Low water</title>" in html


def test_headers_are_folded_and_encoded_as_rfc_5322_asks(post_path: Path) -> None:
    title = "Tideline 12 – " + "a very long subject about herons, tides and the quay " * 3
    text = post_path.read_text(encoding="utf-8").replace("Tideline 12 – Low water", title)
    post_path.write_text(text, encoding="utf-8")
    options = MailOptions(sender="Tideline Bulletin <news@tideline.example>")
    raw = build_message(Post.load(post_path), options, plain=PLAIN).as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in raw.split(b"\r\n")), "a line longer than 78"
    assert b"=?utf-8?" in head and b"\r\n " in head  # encoded, and folded onto more lines
    back = parsed(build_message(Post.load(post_path), options, plain=PLAIN))
    assert back["Subject"] == " ".join(title.split())
    assert back["From"] == "Tideline Bulletin <news@tideline.example>"
    assert back["Message-ID"].endswith("@tideline.example>")  # the sender's domain
    _, images = html_and_images(back)
    assert all(cid.endswith("@tideline.example") for cid in images)


def test_subject_and_preheader_keys(post_path: Path) -> None:
    text = post_path.read_text(encoding="utf-8").replace(
        "date: 2024-05-17\n", "date: 2024-05-17\nsubject: Herons!\nteaser: Read on.\n"
    )
    post = Post.parse(text, post_path)
    options = MailOptions(subject_key="subject", preheader_key="teaser")
    assert subject_of(post, options) == "Herons!" and preheader_of(post, options) == "Read on."
    # A key the post does not have: the title, and the description.
    other = MailOptions(subject_key="nope", preheader_key="nope")
    assert subject_of(post, other) == "Tideline 12 – Low water"
    assert preheader_of(post, other).startswith("Where the herons went")
    bare = Post.parse("---\ntitle: Only a title\n---\nText.\n", post_path)
    assert preheader_of(bare, MailOptions()) == ""
    html, _ = email_html(bare, MailOptions())
    assert 'class="preheader"' not in html  # nothing to hide: no block at all
    untitled = Post.parse("Text.\n", post_path)
    assert subject_of(untitled, MailOptions()) == "index"  # the file's name


def test_addresses_from_the_options_and_refused_when_they_are_none(post_path: Path) -> None:
    options = MailOptions(
        sender="news@tideline.example", recipient="Ann <ann@example.org>, b@c.org"
    )
    message = message_of(post_path, options)
    assert parseaddr(message["From"])[1] == "news@tideline.example"
    assert [a.addr_spec for a in message["To"].addresses] == ["ann@example.org", "b@c.org"]
    for bad in (MailOptions(sender="not an address"), MailOptions(recipient="x\nBcc: y@z.org")):
        with pytest.raises(MailError) as caught:
            build_message(Post.load(post_path), bad, plain=PLAIN)
        assert "is not a mail address" in caught.value.summary
        assert "Tideline <news@example.com>" in caught.value.detail


def test_a_large_avatar_travels_as_a_thumbnail(post_path: Path) -> None:
    avatar = post_path.parent.parent.parent / "assets" / "team" / "ann.png"
    noise = Image.effect_noise((400, 400), 80).convert("RGB")
    noise.save(avatar)
    assert avatar.stat().st_size > 50 * 1024
    _, images = html_and_images(message_of(post_path))
    (part,) = [p for p in images.values() if p.get_filename() in ("ann.jpg", "ann.png")]
    picture = Image.open(io.BytesIO(part.get_content()))
    assert max(picture.size) <= 96


def test_a_post_without_local_images_has_a_plain_html_alternative(tmp_path: Path) -> None:
    post = Post.parse(
        "---\ntitle: Words\n---\nOnly ![web](https://example.com/a.png).\n", tmp_path / "a.md"
    )
    message = parsed(build_message(post, MailOptions(), plain="Only words.\n"))
    assert structure(message) == ("multipart/alternative", ["text/plain", "text/html"])


def test_html_part_size_is_the_decoded_html(post_path: Path) -> None:
    post = Post.load(post_path)
    message = build_message(post, MailOptions(), plain=PLAIN)
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    assert html_part_size(message) == len(html.get_content().encode("utf-8"))
    assert html_part_size(parsed(message)) == html_part_size(message)


def test_image_modes_data_and_url(post_path: Path, tmp_path: Path) -> None:
    post = Post.load(post_path)
    html, images = email_html(post, MailOptions(), images="data")
    assert images == [] and "cid:" not in html and 'src="data:image/png;base64,' in html
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    Image.new("RGB", (3, 3)).save(static / "img" / "logo.png")
    text = post_path.read_text(encoding="utf-8") + "\n![Logo](/img/logo.png)\n"
    post = Post.parse(text, post_path)
    resolver = ImageResolver(tmp_path, post_path, (static,))
    options = MailOptions(site_url="https://tideline.example/")
    html, images = email_html(post, options, images="url", resolver=resolver)
    assert 'src="https://tideline.example/img/logo.png"' in html  # a site image: its address
    assert 'src="data:image/png;base64,' in html  # the bundle's own: embedded
    with pytest.raises(ValueError):
        email_html(post, options, images="attachments")  # type: ignore[arg-type]


def test_a_cid_the_post_writes_itself_is_never_let_through(tmp_path: Path) -> None:
    text = (
        '---\ntitle: Sly\n---\n<img src="cid:evil@x" alt="sly"> <a href="cid:x">link</a>\n'
        '<img srcset="cid:a 1x" alt="set">\n'
    )
    html, images = email_html(Post.parse(text, tmp_path / "a.md"), MailOptions())
    assert images == [] and "cid:" not in html
    assert "missing image: sly" in html


@pytest.mark.parametrize(
    "title",
    [
        "Backstage Weekly 15 - Happy 1 year anniversary to Backstage 🎂",  # 🎂 after the fold
        "Weekly 16 – Upcoming Backstage community meetup, and more news 👯 and 🎂 too",
        "Tideline – " + "spring tides and herons at the quay " * 4,
    ],
)
def test_a_subject_reads_back_as_written_however_it_is_folded(post_path: Path, title: str) -> None:
    text = post_path.read_text(encoding="utf-8").replace("Tideline 12 – Low water", title)
    post_path.write_text(text, encoding="utf-8")
    raw = build_message(Post.load(post_path), MailOptions(), plain=PLAIN).as_bytes()
    assert parsed_subject(raw) == " ".join(title.split())
    assert b"?==?" not in raw and all(len(line) <= 998 for line in raw.split(b"\r\n"))


def parsed_subject(raw: bytes) -> str:
    from email import policy
    from email.parser import BytesParser

    return str(BytesParser(policy=policy.default).parsebytes(raw)["Subject"])


def test_an_image_the_sanitiser_drops_travels_in_no_part(post_path: Path) -> None:
    text = post_path.read_text(encoding="utf-8") + (
        '\n<div><noscript><img src="herons.png" alt="x">'
        '<img src="quay.webp" alt="y"></noscript></div>\n'
    )
    post = Post.parse(text.replace("![The quay](./quay.webp)", ""), post_path)
    html, images = email_html(post, MailOptions())
    assert {image.filename for image in images} == {
        "ann.png",
        "herons.png",
        "chart.png",
        "diagram.svg",
    }  # quay.webp is only in the <noscript>, which no mail shows
    assert set(cids_in(html)) == {image.cid for image in images}
