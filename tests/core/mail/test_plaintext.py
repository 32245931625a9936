"""The plain-text part of a mail: readable on its own, as a person writes e-mail, and saying
what the HTML part says (every link address in it, no HTML or Markdown syntax left)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from editor.cli import main
from editor.core.export import export_page
from editor.core.mail import html_to_text, plain_text
from editor.core.post import Post
from editor.core.render.dialects import dialect_for

LONG_URL = (
    "https://docs.example.org/guides/getting-started/installing-the-command-line-tools-on-linux"
)


def text_of(markdown: str, *, front: str = "title: Tide tables", **kwargs: object) -> str:
    post = Post.parse(f"---\n{front}\n---\n\n{markdown}")
    return plain_text(post, **kwargs)  # type: ignore[arg-type]


def body_of(markdown: str, **kwargs: object) -> str:
    """The text after the header (title and its underline)."""
    return text_of(markdown, **kwargs).split("\n", 3)[3]


def links_section(text: str) -> list[str]:
    """The numbered addresses at the end, under the rule."""
    head, rule, tail = text.rpartition("\n" + "-" * 72 + "\n")
    assert rule, text
    return tail.splitlines()


class Links(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and re.match(r"(https?|mailto|tel):", href):
            self.hrefs.append(href)


# --- the header, headings, paragraphs


def test_the_title_comes_first_underlined_then_byline_description_and_tags() -> None:
    text = text_of(
        "Hello.",
        front='title: "Neap tides -- and \\"spring\\" ones"\nauthor: Ann Lee\ndate: 2024-03-01\n'
        "description: What the moon does.\ntags: [tides, moon]",
    )
    lines = text.splitlines()
    assert lines[0] == "Neap tides — and “spring” ones"  # the renderer's smart punctuation
    assert lines[1] == "=" * len(lines[0])
    assert lines[3] == "Ann Lee · 1 March 2024"
    assert "What the moon does." in lines
    assert "Tags: tides, moon" in lines
    assert lines[-1] == "Hello."


def test_headings_are_underlined_by_level() -> None:
    text = body_of("# Top\n\n## Second level\n\n### Third\n\ntext")
    assert "Top\n===\n" in text
    assert "Second level\n------------\n" in text
    assert "Third\n·····\n" in text
    assert "#" not in text  # no Markdown marks, no permalink anchors


def test_paragraphs_wrap_at_72_columns_and_keep_smart_punctuation() -> None:
    words = " ".join(['The tide comes in... and it\'s "high" -- twice a day.'] * 8)
    text = body_of(words)
    lines = text.splitlines()
    assert len(lines) > 4 and all(len(line) <= 72 for line in lines)
    assert "…" in text and "’" in text and "“high”" in text and "—" in text
    assert " ".join(lines) == " ".join(text.split())  # wrapped, not cut


def test_a_long_address_stands_whole_on_its_own_line() -> None:
    text = body_of(f"Read the guide at {LONG_URL} before you start, then come back here.")
    assert LONG_URL in text.splitlines()  # unbroken, alone
    assert all(len(line) <= 72 for line in text.splitlines() if line != LONG_URL)


def test_a_width_can_be_asked_for() -> None:
    text = text_of("word " * 60, width=40)
    assert max(len(line) for line in text.splitlines()) <= 40


# --- links


def test_links_are_numbered_and_listed_at_the_end_under_a_rule() -> None:
    text = body_of(
        "See [the tide tables](https://tides.example.com/) and [the moon](https://moon.example.com/)"
        ", and [the tables again](https://tides.example.com/)."
    )
    assert "the tide tables [1]" in text and "the moon [2]" in text
    assert "the tables again [1]" in text  # the same address keeps its number
    assert links_section(text) == [
        "[1] https://tides.example.com/",
        "[2] https://moon.example.com/",
    ]


def test_a_link_whose_text_is_its_address_is_written_once() -> None:
    text = body_of(
        "Go to https://tides.example.com/today or [tides.example.com](https://tides.example.com)"
        " or write to <ann@example.com>."
    )
    assert "Go to https://tides.example.com/today or https://tides.example.com" in text
    assert "write to ann@example.com." in text
    assert "[1]" not in text and "-" * 72 not in text


def test_links_within_the_page_keep_only_their_text() -> None:
    text = body_of("## Low water\n\nJump to [low water](#low-water).")
    assert "Jump to low water." in text and "#low-water" not in text


def test_site_links_are_addresses_only_with_the_sites_url() -> None:
    markdown = "Last week: [issue 6](/blog/issue-6/)."
    assert "Last week: issue 6." in body_of(markdown)
    text = body_of(markdown, site_url="https://tides.example.com")
    assert "issue 6 [1]" in text
    assert links_section(text) == ["[1] https://tides.example.com/blog/issue-6/"]


def test_many_links_line_up_their_numbers() -> None:
    text = body_of(" ".join(f"[n{i}](https://e.example/{i})" for i in range(1, 12)))
    listed = links_section(text)
    assert listed[0] == "[1]  https://e.example/1" and listed[10] == "[11] https://e.example/11"


# --- lists, quotes, code, tables


def test_nested_numbered_and_task_lists_are_kept() -> None:
    text = body_of(
        "- rising\n- falling\n  1. ebb\n  2. slack\n     - stand\n- turning\n\n"
        "3. third\n4. fourth\n\n- [ ] check the chart\n- [x] charge the radio\n"
    )
    assert "- rising\n- falling\n  1. ebb\n  2. slack\n     - stand\n- turning" in text
    assert "3. third\n4. fourth" in text  # an ordered list's start
    assert "☐ check the chart\n☑ charge the radio" in text


def test_a_long_list_item_wraps_under_its_text() -> None:
    text = body_of("1. " + "water " * 30)
    lines = text.splitlines()
    assert lines[0].startswith("1. water") and all(
        line.startswith("   water") for line in lines[1:]
    )
    assert max(map(len, lines)) <= 72


def test_quotes_are_marked_and_nested() -> None:
    text = body_of("> The sea *is* calm.\n>\n> > Quoted in the quote.\n\nAfter.")
    assert "> The sea is calm.\n>\n> > Quoted in the quote.\n\nAfter." in text


def test_code_blocks_are_indented_and_never_wrapped() -> None:
    long_line = "x = compute_the_height_of_the_tide(latitude, longitude, moon_phase, **options)"
    text = body_of(f"Run:\n\n```python\nif ready:\n    {long_line}\n```\n\nDone.")
    assert f"Run:\n\n    if ready:\n        {long_line}\n\nDone." in text
    assert "```" not in text


def test_inline_code_and_emphasis_lose_their_marks() -> None:
    text = body_of("Use **bold** and _italic_ and `<tide>` and ~~struck~~ and a&nbsp;b.")
    assert "Use bold and italic and <tide> and struck and a b." in text  # the code as written
    assert "**" not in text and "`" not in text and "~~" not in text and "&" not in text


def test_tables_are_aligned_columns() -> None:
    text = body_of("| Port | High water | Metres |\n|---|---|--:|\n| Brest | 06:12 | 6.9 |\n"
                   "| Saint-Malo | 07:01 | 11.4 |\n")  # fmt: skip
    assert text.splitlines() == [
        "Port        High water  Metres",
        "----------  ----------  ------",
        "Brest       06:12          6.9",
        "Saint-Malo  07:01         11.4",
    ]


def test_a_wide_table_wraps_inside_its_columns() -> None:
    note = "the highest tide of the year, when the moon is nearest and full"
    text = body_of(f"| Day | Note |\n|---|---|\n| Monday | {note} {note} |\n")
    lines = text.splitlines()
    assert max(map(len, lines)) <= 72
    assert lines[2].startswith("Monday  the highest tide") and lines[3].startswith("        ")


def test_a_table_too_wide_for_columns_is_written_row_by_row() -> None:
    header = "|" + "|".join(f" Column {i} " for i in range(12)) + "|"
    row = "|" + "|".join(f" value{i} " for i in range(12)) + "|"
    text = body_of(f"{header}\n|{'---|' * 12}\n{row}\n")
    assert "Column 0: value0\nColumn 1: value1" in text
    assert max(map(len, text.splitlines())) <= 72


# --- images, embeds, footnotes, placeholders


def test_images_are_their_alt_text(tmp_path: Path) -> None:
    (tmp_path / "chart.png").write_bytes(b"")
    Image.new("RGB", (4, 4)).save(tmp_path / "chart.png")
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: T\nauthor:\n  name: Ann\n  avatar: chart.png\n---\n\n"
        "![The tide chart](chart.png)\n\n![](chart.png)\n\n![Gone](gone.png)\n\n"
        "Inline ![a wave](https://img.example.com/wave.png) here.\n"
    )
    text = plain_text(Post.load(post))
    assert "[Image: The tide chart]" in text.splitlines()
    assert "[Image]" in text.splitlines()  # an image without alt text is still one
    assert "[Missing image: Gone (gone.png)]" in text  # as the HTML's box says
    assert "Inline [Image: a wave] here." in text
    assert text.splitlines()[3] == "Ann"  # the avatar is not an image of the post
    assert "data:" not in text and "chart.png" not in text


def test_embeds_are_a_video_line_with_its_address() -> None:
    text = body_of(
        '<iframe src="https://www.youtube.com/embed/abc123" title="Spring tide"></iframe>\n\n'
        '<iframe src="https://maps.example.com/embed?pb=1" title="The harbour"></iframe>\n'
    )
    assert "[Video: Spring tide] https://www.youtube.com/watch?v=abc123" in text
    assert "[Embed: The harbour] https://maps.example.com/embed?pb=1" in text
    assert "Embedded content" not in text


def test_a_youtube_shortcode_is_a_video_line_too() -> None:
    text = body_of('{{< youtube id="xyz789" title="Bore wave" >}}\n\nAfter.', dialect=_hugo())
    assert text.splitlines()[0] == "[Video: Bore wave] https://www.youtube.com/watch?v=xyz789"
    assert "shortcode" not in text.lower()


def test_generator_placeholders_are_left_out() -> None:
    text = body_of(
        "Before.\n\n{{< newsletter-signup >}}\n\nInline {{< latest >}} here.\n\n"
        "{{< notice warning >}}\nInside the notice.\n{{< /notice >}}\n\nAfter.",
        dialect=_hugo(),
    )
    assert "Before." in text and "After." in text
    assert "Inside the notice." in text  # a pair's content is the post's
    assert "{{" not in text and "newsletter-signup" not in text and "Hugo" not in text


def test_a_table_of_contents_lists_the_headings() -> None:
    markdown = "* list\n{:toc}\n\n## Low water\n\nText.\n\n### Slack\n\nMore.\n\n## High water\n"
    text = body_of(markdown, dialect=dialect_for("jekyll", {}))
    assert text.startswith("- Low water\n  - Slack\n- High water\n\nLow water\n---------\n")
    assert "Table of contents" not in text and "{:toc}" not in text


def test_footnotes_are_numbered_notes_at_the_end() -> None:
    text = body_of(
        "The moon pulls[^moon] and the sun too.[^1]\n\n[^1]: Less, as it is farther.\n"
        "[^moon]: See [the almanac](https://almanac.example.com/).\n"
    )
    # numbered as the HTML's list numbers them: in the order they are written
    assert "The moon pulls² and the sun too.¹" in text
    notes = text[text.index("Notes\n-----") :]
    assert "1. Less, as it is farther.\n\n2. See the almanac [1]." in notes
    assert "↩" not in text and "[^" not in text
    assert links_section(text) == ["[1] https://almanac.example.com/"]


def test_a_posts_own_style_and_scripts_are_left_out() -> None:
    text = body_of(
        "<style>p { color: red }</style>\n\n<script>alert(1)</script>\n\nThe text.\n\n"
        '<p style="display: none">hidden</p>\n'
    )
    assert text.strip() == "The text."


def test_what_does_not_show_is_left_out_of_any_html() -> None:
    html = '<p>shown</p><div hidden>not</div><span style="DISPLAY : none">not</span><svg>x</svg>'
    assert html_to_text(html) == "shown\n"


def test_entities_and_line_breaks() -> None:
    text = body_of(
        "Fish &amp; chips &lt;3 &copy; 2024 &#8212; done.  \nNext line.<br>And <br/>more."
    )
    assert "Fish & chips <3 © 2024 — done.\nNext line.\nAnd\nmore." in text


def test_admonitions_run_their_title_into_the_text() -> None:
    post = Post.parse("---\ntitle: T\n---\n\n:::warning\nMind the rocks.\n:::\n", "p.mdx")
    text = plain_text(post, dialect=dialect_for("docusaurus", {}))
    assert "Warning: Mind the rocks." in text


# --- the converter on its own


def test_html_to_text_reads_html_that_is_not_well_formed() -> None:
    text = html_to_text("<p>one<p>two <b>bold<ul><li>a<li>b</ul><table><tr><td>x<td>y</table>")
    assert text == "one\n\ntwo bold\n\n- a\n- b\n\nx  y\n"


def test_broken_markdown_in_a_post_reads_as_no_link_syntax() -> None:
    # "[#624](https://a)(https://b)" renders as a link followed by "(https://b)" as text
    text = html_to_text(f'<p>Fixed in <a href="https://a.example/624">#624</a>({LONG_URL}).</p>')
    assert "#624 [1]\n(https://" in text and "](" not in text
    # words glued before an address go on their line; the address starts its own
    text = html_to_text(f"<p>As in the last comment]({LONG_URL}) we said.</p>")
    assert text.splitlines()[1] == f"{LONG_URL})"


def test_deep_nesting_is_written_without_failing() -> None:
    text = html_to_text("<blockquote>" * 60 + "<p>deep</p><table><tr><td>a<td>b</table>")
    assert text.splitlines()[0].endswith("> deep")
    assert "deep" in html_to_text("<ul><li>" * 60 + "deep")


def test_an_underline_is_as_wide_as_its_heading_looks() -> None:
    assert html_to_text("<h1>潮汐 tides 🌊</h1>") == "潮汐 tides 🌊\n" + "=" * 13 + "\n"


def test_html_to_text_of_nothing_is_empty() -> None:
    assert html_to_text("") == "" and html_to_text("<div> </div>") == ""


# --- what the HTML says, the text says


def test_every_link_of_the_html_export_is_in_the_text(tmp_path: Path) -> None:
    post_path = tmp_path / "post.md"
    post_path.write_text(
        "---\ntitle: T\n---\n\n[a](https://a.example.com/x?y=1&z=2) and "
        "[mail](mailto:ann@example.com)"
        f" and {LONG_URL}\n\n- [nested](https://b.example.com/)\n\n> [quoted](https://c.example.com/)"
        "\n\n| [cell](https://d.example.com/) |\n|---|\n| [row](https://e.example.com/) |\n\n"
        "Note.[^1]\n\n[^1]: [f](https://f.example.com/)\n\n"
        '<iframe src="https://player.vimeo.com/video/42" title="V"></iframe>\n'
    )
    post = Post.load(post_path)
    hrefs = Links(export_page(post, fragment=True)).hrefs
    assert len(hrefs) >= 9
    text = plain_text(post)
    for href in hrefs:
        assert href.removeprefix("mailto:") in text


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
LONG_WORD = st.text(alphabet="abcdefghij", min_size=70, max_size=120)
ADDRESS = st.builds(
    lambda host, path: f"https://{host}.example.com/{path}",
    st.text(alphabet="abcdefgh", min_size=1, max_size=10),
    st.text(alphabet="abcdefgh-/_.", min_size=0, max_size=120).map(lambda p: p.lstrip("/._-")),
)
INLINE = st.one_of(
    WORD,
    WORD,
    WORD,
    LONG_WORD,
    WORD.map(lambda w: f"**{w}**"),
    WORD.map(lambda w: f"`{w}`"),
    st.just("&amp;"),
    st.tuples(WORD, ADDRESS).map(lambda t: f"[{t[0]}]({t[1]})"),
    ADDRESS.map(lambda a: f"<{a}>"),
)
PARAGRAPH = st.lists(INLINE, min_size=1, max_size=40).map(" ".join)
CODE_LINE = st.text(alphabet="abcdefgh ()=*<>", min_size=1, max_size=100).map(str.strip)
BLOCK = st.one_of(
    PARAGRAPH,
    PARAGRAPH,
    st.lists(WORD, min_size=1, max_size=8).map(lambda ws: "## " + " ".join(ws)),
    st.lists(PARAGRAPH, min_size=1, max_size=4).map(lambda ps: "\n".join(f"- {p}" for p in ps)),
    st.lists(PARAGRAPH, min_size=1, max_size=3).map(
        lambda ps: "\n".join(f"{i}. {p}\n   - {p}" for i, p in enumerate(ps, 1))
    ),
    PARAGRAPH.map(lambda p: f"> {p}\n>\n> > {p}"),
    st.lists(CODE_LINE.filter(bool), min_size=1, max_size=5).map(
        lambda ls: "```\n" + "\n".join(ls) + "\n```"
    ),
    st.lists(st.tuples(WORD, PARAGRAPH), min_size=1, max_size=3).map(
        lambda rows: "| A | B |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    ),
)


def _lone_address(line: str) -> bool:
    rest = re.sub(r"^[\s>\-\d.☐☑]*(?:\[\d+\]\s+)?", "", line)
    rest = re.sub(r"\s\[\d+\]$", "", rest).rstrip(".,")
    return re.fullmatch(r"https://\S+", rest) is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BLOCK, min_size=1, max_size=8))
def test_property_the_text_is_plain_wrapped_and_has_every_address(blocks: list[str]) -> None:
    markdown = "\n\n".join(blocks)
    text = text_of(markdown)
    code = {
        line.strip() for block in blocks if block.startswith("```") for line in block.split("\n")
    }
    for line in text.splitlines():
        assert len(line) <= 72 or line.strip() in code or _lone_address(line), line
    prose = "\n".join(line for line in text.splitlines() if line.strip() not in code)
    assert "**" not in prose and "`" not in prose and "&amp;" not in prose
    assert re.search(r"<[a-z/]", prose) is None
    for address in re.findall(r"\]\((https://[^)]+)\)|<(https://[^>]+)>", markdown):
        assert (address[0] or address[1]) in text


# --- galley export --text


def test_cli_export_text_prints_or_writes_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Tides\n---\n\nSee [the chart](https://tides.example.com/).\n")
    assert main(["export", str(post), "--text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Tides\n=====\n") and "[1] https://tides.example.com/" in out
    target = tmp_path / "tides.txt"
    assert main(["export", str(post), "--text", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == out


def test_cli_export_text_refuses_the_fragment_and_a_markdown_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Tides\n---\n\nText.\n")
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(post), "--text", "--fragment"])
    assert exit_.value.code == 2
    assert "--fragment only goes with the HTML file" in capsys.readouterr().err
    assert main(["export", str(post), "--text", "-o", str(post)]) == 2
    assert "give a text file, like -o post.txt" in capsys.readouterr().err
    assert post.read_text() == "---\ntitle: Tides\n---\n\nText.\n"


def _hugo() -> object:
    return dialect_for("hugo", {})
