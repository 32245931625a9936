"""Each generator's Markdown as the generator renders it, and its syntax never shown as prose."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.render import render_document, smarten
from editor.core.render.dialects import (
    DEFAULT,
    dialect_for,
    dialect_for_generator,
    python_markdown_slug,
    zola_slug,
)
from editor.core.render.placeholders import fill_tocs

HUGO = dialect_for("hugo")
JEKYLL = dialect_for("jekyll")
ZOLA = dialect_for("zola")
DOCUSAURUS = dialect_for("docusaurus")


def render(text: str, generator: str | None, options: dict | None = None, **kw: object) -> str:
    html = render_document(text, dialect=dialect_for(generator, options), **kw).html  # type: ignore[arg-type]
    return re.sub(r' data-(?:line|block)="[^"]*"', "", html)


def prose(html: str) -> str:
    """The page's text with every placeholder taken out (what a reader sees as prose)."""
    html = re.sub(r"<code[^>]*galley-unrendered[^>]*>.*?</code>", "", html, flags=re.S)
    html = re.sub(r"<pre><code>.*?</code></pre>", "", html, flags=re.S)
    html = re.sub(r'<div class="galley-unrendered-tag">.*?</div>', "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


# -- choosing a dialect


def test_no_generator_is_todays_renderer() -> None:
    assert dialect_for(None) is DEFAULT
    assert dialect_for("gatsby") is DEFAULT
    assert dialect_for("unheard-of") is DEFAULT
    assert dialect_for(None).is_default and not HUGO.is_default


def test_a_site_profile_gives_its_dialect_and_an_mdx_post_is_mdx() -> None:
    class Profile:
        name = "zola"
        render_options: ClassVar[dict[str, bool]] = {"smart_punctuation": True}

    dialect = dialect_for_generator(Profile())
    assert dialect.name == "zola" and dialect.quotes
    assert dialect_for_generator(None) is DEFAULT
    assert "mdx" in dialect_for_generator(None, Path("post.mdx")).syntaxes
    assert "mdx" not in dialect_for("astro").syntaxes
    assert "mdx" in dialect_for("astro").for_post(Path("a/b.MDX")).syntaxes


def test_default_output_is_unchanged_for_generator_syntax() -> None:
    text = "Use {{< x >}} and {% y %}.\n"
    assert render(text, None) == "<p>Use {{&lt; x &gt;}} and {% y %}.</p>\n"


# -- typography and links


def test_quotes_and_dashes_follow_each_generator() -> None:
    text = 'He said "hi" -- and --- then...\n'
    assert render(text, None) == "<p>He said \u201chi\u201d \u2014 and \u2014 then\u2026</p>\n"
    assert render(text, "hugo") == "<p>He said \u201chi\u201d \u2013 and \u2014 then\u2026</p>\n"
    assert render(text, "jekyll") == render(text, "hugo")
    assert render(text, "zola") == "<p>He said &quot;hi&quot; -- and --- then...</p>\n"
    smart = render(text, "zola", {"smart_punctuation": True})
    assert smart == "<p>He said \u201chi\u201d \u2013 and \u2014 then\u2026</p>\n"
    assert "&quot;hi&quot;" in render(text, "docusaurus")
    assert "\u201chi\u201d" in render(text, "astro")
    assert "&quot;hi&quot;" in render(text, "astro", {"smart_punctuation": False})
    assert "&quot;hi&quot;" in render(text, "eleventy")
    assert "&quot;hi&quot;" in render(text, "pelican")
    assert "\u201chi\u201d" in render(text, "pelican", {"markdown_extensions": ["smarty"]})
    assert "A \u00ab b \u00bb c" in render("A << b >> c\n", "jekyll")
    typographer = render(text, "eleventy", {"smart_punctuation": True})  # markdown-it's
    assert typographer == "<p>He said \u201chi\u201d \u2013 and \u2014 then\u2026</p>\n"
    straight = render(text, "jekyll", {"smart_punctuation": False})  # kramdown's smart_quotes
    assert straight == "<p>He said &quot;hi&quot; \u2013 and \u2014 then\u2026</p>\n"
    assert "&quot;hi&quot; -- and" in render(text, "hugo", {"smart_punctuation": False})


def test_smarten_follows_the_dialect() -> None:
    assert smarten('"A" -- b') == "\u201cA\u201d \u2014 b"
    assert smarten('"A" -- b', HUGO) == "\u201cA\u201d \u2013 b"
    assert smarten('"A" -- b', ZOLA) == '"A" -- b'


def test_bare_urls_become_links_where_the_generator_links_them() -> None:
    text = "See https://example.com/x now.\n"
    assert '<a href="https://example.com/x"' in render(text, "hugo")
    assert "<a " not in render(text, "zola")
    assert "<a " not in render(text, "jekyll")
    assert '<a href="https://example.com/x"' in render(text, "jekyll", {"linkify": True})


# -- raw HTML


def test_hugo_omits_raw_html_unless_the_site_allows_it() -> None:
    text = "<div class=x>Box</div>\n\nText <b>bold</b>.\n"
    html = render(text, "hugo")
    assert "Box" not in html and "<b>" not in html
    assert html.count("<!-- raw HTML omitted -->") == 3
    assert "<b>bold</b>" in render(text, "hugo", {"unsafe_html": True})
    assert "<b>bold</b>" in render(text, "jekyll")


def test_excerpt_markers_are_a_thin_rule() -> None:
    for generator, marker, options in [
        ("hugo", "<!--more-->", {}),
        ("zola", "<!-- more -->", {}),
        ("docusaurus", "<!-- truncate -->", {}),
        ("docusaurus", "{/* truncate */}", {}),
        ("jekyll", "<!--more-->", {"excerpt_separator": "<!--more-->"}),
        ("eleventy", "<!-- excerpt -->", {"excerpt_separator": "<!-- excerpt -->"}),
        ("pelican", "<!-- PELICAN_END_SUMMARY -->", {}),
    ]:
        text = f"Intro.\n\n{marker}\n\nRest.\n"
        html = render(text, generator, {"unsafe_html": False, **options})
        assert 'class="galley-excerpt"' in html and "excerpt ends here" in html, generator
    assert "galley-excerpt" not in render("Intro.\n\n<!--more-->\n", None)


def test_a_comment_that_is_not_the_sites_excerpt_marker_stays_a_hidden_comment() -> None:
    # Pelican keeps <!-- more --> as a comment (only its summary plugin has a marker); Jekyll's
    # default excerpt is the first paragraph, with no marker at all
    for generator in ("pelican", "jekyll", "astro"):
        html = render("Intro.\n\n<!-- more -->\n\nRest.\n", generator)
        assert "galley-excerpt" not in html and "excerpt ends here" not in html, generator
        assert "<!-- more -->" in html, generator


# -- heading ids


def test_heading_ids_and_anchors_per_generator() -> None:
    text = "## Café & Co.\n"
    assert render(text, "hugo") == '<h2 id="café--co">Café &amp; Co.</h2>\n'
    assert render(text, "zola") == '<h2 id="cafe-co">Café &amp; Co.</h2>\n'
    assert render(text, "eleventy") == "<h2>Café &amp; Co.</h2>\n"
    assert render(text, "pelican") == "<h2>Café &amp; Co.</h2>\n"
    toc = {"markdown_extensions": ["extra", "toc"]}
    assert render(text + "\n" + text, "pelican", toc).count('id="cafe-co_1"') == 1
    assert 'class="anchor anchor-right"' in render(text, "docusaurus")
    left = render(text, "zola", {"anchor_links": "left"})
    assert left.startswith('<h2 id="cafe-co"><a class="anchor zola-anchor" href="#cafe-co"')
    linked = render(text, "zola", {"anchor_links": "heading"})
    expected = '<h2 id="cafe-co"><a class="zola-anchor" href="#cafe-co">Café &amp; Co.</a></h2>\n'
    assert linked == expected
    assert zola_slug("Ünïcode Heading!") == "unicode-heading"
    assert python_markdown_slug("A  -- b!") == "a-b"


def test_custom_heading_ids_are_used_and_not_shown() -> None:
    for generator in ("hugo", "docusaurus", "zola", "jekyll"):
        html = render("## Intro {#start}\n\nSee [intro](#start).\n", generator)
        assert '<h2 id="start"' in html and "{#start}" not in html, generator
    assert "{#start}" in render("## Intro {#start}\n", None)  # remark does not read them
    assert '<h2 id="x" class="big"' in render("## Title {#x .big}\n", "hugo")


# -- generator syntax


@pytest.mark.parametrize(
    ("generator", "text", "syntax"),
    [
        ("hugo", '{{< figure-ish src="a.png" >}}', "hugo-shortcode"),
        ("hugo", "{{% notice %}}", "hugo-shortcode"),
        ("jekyll", '{% include note.html text="It\'s" %}', "liquid"),
        ("jekyll", "{{ page.title | upcase }}", "liquid"),
        ("eleventy", '{% image "a.png", "An alt" %}', "liquid"),
        ("zola", '{{ gallery(dir="it\'s") }}', "zola-shortcode"),
        ("docusaurus", "<Support />", "mdx"),
        ("docusaurus", "{frontMatter.title}", "mdx"),
    ],
)
def test_generator_syntax_is_a_labelled_placeholder(generator: str, text: str, syntax: str) -> None:
    block = render(text + "\n", generator)
    assert block.startswith(f'<div class="galley-unrendered" data-syntax="{syntax}">')
    assert '<span class="galley-unrendered-label">' in block
    assert "\u2019" not in block and "\u201c" not in block  # never smart-quoted
    inline = render(f"Before {text} after.\n", generator)
    assert f'<code class="galley-unrendered galley-inline" data-syntax="{syntax}"' in inline
    assert prose(inline).strip() == "Before  after."


def test_syntax_is_recognised_only_where_the_generator_has_it() -> None:
    assert "galley-unrendered" not in render("Use {% raw %} here.\n", "hugo")
    assert "galley-unrendered" not in render("Use {{ x }} here.\n", "hugo")
    assert "galley-unrendered" not in render("Use {{ x }} here.\n", "zola")
    assert "galley-unrendered" not in render("<Support />\n", "hugo")
    assert "galley-unrendered" not in render("<Support />\n", "astro")  # a .md post
    mdx = render_document("<Support />\n", dialect=dialect_for("astro").for_post(Path("a.mdx")))
    assert 'data-syntax="mdx"' in mdx.html


def test_hugo_pairs_wrap_their_content() -> None:
    text = "{{< notice warning >}}\nThis is *it*.\n\nMore.\n{{< /notice >}}\n"
    result = render_document(text, dialect=HUGO)
    assert len(result.blocks) == 1
    html = result.html
    assert 'class="galley-unrendered galley-pair" data-syntax="hugo-shortcode"' in html
    assert "<p>This is <em>it</em>.</p>" in html and "<p>More.</p>" in html
    assert "<code>{{&lt; notice warning &gt;}}</code>" in html
    assert "<code>{{&lt; /notice &gt;}}</code>" in html


def test_code_pairs_show_code() -> None:
    hugo = render('{{< highlight go >}}\nx := "a"\n# not a heading\n{{< /highlight >}}\n', "hugo")
    assert 'class="language-go"' in hugo and "<h1" not in hugo and "\u201c" not in hugo
    liquid = render('{% highlight ruby %}\nputs "a"\n{% endhighlight %}\n', "jekyll")
    assert 'class="language-ruby"' in liquid and "\u201c" not in liquid


def test_liquid_and_zola_pairs_run_to_their_closing_tag() -> None:
    jekyll = render_document("{% if x %}\nShown.\n\n{% endif %}\n\nAfter.\n", dialect=JEKYLL)
    assert len(jekyll.blocks) == 2 and "<p>Shown.</p>" in jekyll.blocks[0].html
    zola = render_document('{% quote(by="A") %}\nQuoted.\n{% end %}\n\nAfter.\n', dialect=ZOLA)
    assert len(zola.blocks) == 2 and "<p>Quoted.</p>" in zola.blocks[0].html
    unclosed = render("{% if x %}\nShown.\n\nStill inside.\n", "jekyll")
    assert "not closed" in unclosed and "<p>Still inside.</p>" in unclosed
    comment = render("{% comment %}\nA note to self.\n{% endcomment %}\n", "jekyll")
    assert comment.startswith('<div class="galley-unrendered" data-syntax="liquid">')


def test_escaped_shortcodes_show_as_the_site_prints_them() -> None:
    assert "<p>{{&lt; figure &gt;}}</p>" in render("{{</* figure */>}}\n", "hugo")
    assert "Use {{ youtube() }} so." in render("Use {{/* youtube() */}} so.\n", "zola")
    assert "{{ not liquid }}" in prose(render("{% raw %}{{ not liquid }}{% endraw %}\n", "jekyll"))


def test_mdx_imports_components_and_comments() -> None:
    text = (
        "import Tabs from '@theme/Tabs';\nexport const year = 2024;\n\n"
        '<Tabs groupId="os"\n  values={[{label: "A", value: "a"}]}>\n<TabItem value="a">\n\n'
        "Tab *text*.\n\n</TabItem>\n</Tabs>\n\nAfter {/* a note */}.\n"
    )
    result = render_document(text, dialect=DOCUSAURUS)
    assert len(result.blocks) == 3
    esm, tabs, after = (re.sub(r' data-(?:line|block)="[^"]*"', "", b.html) for b in result.blocks)
    assert esm.startswith('<div class="galley-unrendered" data-syntax="mdx">')
    assert "MDX import" in esm and "&#x27;@theme/Tabs&#x27;" in esm and "\u2018" not in esm
    assert tabs.count("galley-pair") == 2 and "<p>Tab <em>text</em>.</p>" in tabs
    assert after == "<p>After .</p>\n"


def test_docusaurus_admonitions_are_callouts() -> None:
    for kind in ("note", "tip", "info", "warning", "danger"):
        html = render(f":::{kind}\nBody **text**.\n:::\n", "docusaurus")
        assert html.startswith(f'<div class="admonition admonition-{kind}">')
        assert "<p>Body <strong>text</strong>.</p>" in html and ":::" not in html
    titled = render(":::tip[Read this]\nBody.\n:::\n", "docusaurus")
    assert '<p class="admonition-title">Read this</p>' in titled
    assert '<p class="admonition-title">Careful now</p>' in render(
        ":::danger Careful now\nBody.\n:::\n", "docusaurus"
    )
    nested = render("::::note\nOuter.\n:::tip\nInner.\n:::\n::::\n", "docusaurus")
    assert nested.count('<div class="admonition ') == 2 and ":::" not in nested


def test_shortcode_cards() -> None:
    video = render_document("{{< youtube dQw4w9WgXcQ >}}\n", dialect=HUGO).blocks[0]
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in video.html
    assert video.raw  # the preview turns the iframe into a card until remote content is allowed
    assert "responsive-iframe" in video.html
    zola = render('{{ vimeo(id="12345") }}\n', "zola")
    assert "https://player.vimeo.com/video/12345" in zola
    bad = render('{{< youtube "x\\" onload=alert(1)" >}}\n', "hugo")
    assert "<iframe" not in bad and "galley-unrendered" in bad


def test_figure_shortcodes_show_the_image(tmp_path: Path) -> None:
    (tmp_path / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    html = render('{{< figure src="shot.png" caption="A \\"shot\\"" >}}\n', "hugo", folder=tmp_path)
    assert '<img src="shot.png"' in html and "<figcaption>A &quot;shot&quot;</figcaption>" in html
    missing = render('{{< figure src="gone.png" >}}\n', "hugo", folder=tmp_path)
    assert "missing image: gone.png" in missing


def test_syntax_in_link_targets_keeps_the_link() -> None:
    jekyll = render(
        "![a]({{ site.baseurl }}/img/a.png) [b]({{ '/x/' | relative_url }}) "
        "[c]({% post_url 2020-01-01-x %})\n",
        "jekyll",
    )
    assert '<img src="/img/a.png"' in jekyll and '<a href="/x/">b</a>' in jekyll
    assert '<a href="#">c</a>' in jekyll
    hugo = render('[post]({{< ref "other.md" >}})\n', "hugo")
    assert '<a href="other.md">post</a>' in hugo
    pelican = render("![a]({static}/images/a.png) [b]({filename}/b.md)\n", "pelican")
    assert '<img src="/images/a.png"' in pelican  # {static}: the file, from the content folder
    # {filename}: the URL of the page built from b.md is the build's to make: inert here
    assert '<a title="Links to the page Pelican builds from b.md">b</a>' in pelican


# -- attribute lists (kramdown, Python-Markdown)


def test_kramdown_attribute_lists_apply_and_never_print() -> None:
    text = (
        "## Title\n{: #top .big}\n\nA lead.\n{: .lead}\n\n{: .ruby}\n```\ncode\n```\n\n"
        "[link](/x){: .button} and *em*{: .x}\n\n{:ref: .defined}\n"
    )
    html = render(text, "jekyll")
    assert '<h2 id="top" class="big">Title</h2>' in html
    assert '<p class="lead">A lead.</p>' in html
    assert '<a href="/x" class="button">link</a>' in html
    assert "{:" not in html
    assert "{: .lead}" in render(text, None)


def test_python_markdown_attribute_lists_need_no_colon_but_follow_what_they_are_for() -> None:
    """Pelican's attr_list (as Python-Markdown 3.3.7 renders each of these)."""
    cases = {
        "Another paragraph\n{.plain}\n": '<p class="plain">Another paragraph</p>\n',
        "Another paragraph\n{: .plain }\n": '<p class="plain">Another paragraph</p>\n',
        "Para\n{ .x #top }\n": '<p id="top" class="x">Para</p>\n',
        "Quoted\n{% endblockquote %}\n": "<p>Quoted</p>\n",  # an attribute list to it too
        "Para\n\n{.x}\n": "<p>Para</p>\n<p>{.x}</p>\n",  # a line of its own is text
        "{.x}\nPara\n": "<p>{.x}\nPara</p>\n",  # never for the block after it
        "Para\n{.x}\nmore\n": "<p>Para\n{.x}\nmore</p>\n",  # only on a block's last line
        "Para {: .no}\n": "<p>Para {: .no}</p>\n",
        "Para\n{}\n": "<p>Para\n{}</p>\n",
        "## Head {.c}\n": '<h2 id="head" class="c">Head</h2>\n',
        "[l](u){.y} and `c`{: .z} and x{.w}\n": (
            '<p><a href="u" class="y">l</a> and <code class="z">c</code> and x{.w}</p>\n'
        ),
        "`Cell::`{`swap`, `take`}\n": (  # braces around code spans are text
            "<p><code>Cell::</code>{<code>swap</code>, <code>take</code>}</p>\n"
        ),
    }
    extensions = {"markdown_extensions": ["extra", "toc"]}
    for text, expected in cases.items():
        assert render(text, "pelican", extensions) == expected, text
    assert render("Para\n{.plain}\n", "jekyll") == "<p>Para\n{.plain}</p>\n"  # kramdown: text
    bare = render("Para\n{.plain}\n", "pelican", {"markdown_extensions": ["codehilite"]})
    assert bare == "<p>Para\n{.plain}</p>\n"  # without extra or attr_list: text


def test_attribute_lists_keep_only_harmless_attributes() -> None:
    html = render('Para.\n{: onclick="x()" style="color:red" data-line="9" title="T"}\n', "jekyll")
    assert html == '<p title="T">Para.</p>\n'


def test_tables_of_contents_list_the_posts_headings() -> None:
    text = "## One\n\ntext\n\n### One *a*\n\n#### Deep\n\n## Two\n"
    kramdown = render("* TOC\n{:toc}\n\n" + text, "jekyll")
    assert kramdown.startswith(
        '<nav class="galley-toc" aria-label="Table of contents"><ul><li><a href="#one">One</a>'
        '<ul><li><a href="#one-a">One a</a><ul><li><a href="#deep">Deep</a></li></ul></li></ul>'
        '</li><li><a href="#two">Two</a></li></ul></nav>'
    )
    assert "TOC" not in prose(kramdown).split("One")[0]
    toc = {"markdown_extensions": ["toc"]}
    python_markdown = render("[TOC]\n\n# Top\n\n## One\n", "pelican", toc)
    assert python_markdown.startswith(
        '<nav class="galley-toc" aria-label="Table of contents"><ul><li><a href="#top">Top</a>'
        '<ul><li><a href="#one">One</a></li></ul></li></ul></nav>'
    )
    assert "[TOC]" in render("[TOC]\n", "pelican")  # without the toc extension it is text
    # a heading's permalink is not part of its entry
    heading = render("## Hello\n", "docusaurus")
    assert "Direct link" in heading
    filled = fill_tocs('<nav class="galley-toc"></nav>' + heading)
    assert filled.startswith('<nav class="galley-toc"><ul><li><a href="#hello">Hello</a></li>')


def test_pelican_follows_its_markdown_extensions() -> None:
    text = "| a |\n|---|\n| 1 |\n\n```\ncode\n```\n\nTerm\n: Def\n\n~~no~~\n"
    default = render(text, "pelican")  # codehilite, extra, meta
    assert "<table>" in default and "<pre" in default and "<dl>" in default
    assert "<s>" not in default
    bare = render(text, "pelican", {"markdown_extensions": ["codehilite"]})
    assert "<table>" not in bare and "<dl>" not in bare and "<pre" not in bare
    extensions = {"markdown_extensions": ["admonition"]}
    admonition = render('!!! note "Mind"\n    Body.\n', "pelican", extensions)
    assert 'class="admonition note"' in admonition and "Mind" in admonition


def test_deflists_footnotes_and_tasks() -> None:
    assert "<dl>" in render("Term\n: Def\n", "hugo")
    assert "<dl>" not in render("Term\n: Def\n", None)
    assert 'class="footnote-ref"' in render("A[^1].\n\n[^1]: Note.\n", "zola")
    assert "footnote-ref" not in render("A[^1].\n\n[^1]: Note.\n", "eleventy")


def test_placeholders_escape_what_they_show() -> None:
    html = render('{{< x a="<script>alert(1)</script>" >}}\n', "hugo")
    assert "<script>" not in html and "&lt;script&gt;" in html


ALL_DIALECTS = [
    dialect_for(name, {"markdown_extensions": ["extra", "toc", "admonition", "smarty"]})
    for name in ("hugo", "jekyll", "zola", "eleventy", "astro", "docusaurus", "pelican")
] + [DEFAULT.for_post(Path("x.mdx"))]
SYNTAX_TEXT = st.text(alphabet="{}<>%/*:#!.=\"' \n-`[]()abXY", max_size=300)


@given(st.sampled_from(ALL_DIALECTS), st.one_of(SYNTAX_TEXT, st.text(max_size=300)))
@settings(max_examples=600, deadline=None)
def test_any_text_renders_in_every_dialect_without_an_error(dialect, text: str) -> None:
    result = render_document(text, dialect=dialect)
    assert "render-error" not in result.html  # no rule raised (the renderer would hide it)


def test_hostile_nesting_does_not_break_a_dialect() -> None:
    for dialect in ALL_DIALECTS:
        for line in ("{% if a %}\n", "<Tabs>\n", ":::note\n", "{{< x >}}\n", "{% q() %}\n"):
            text = line * 300
            assert "render-error" not in render_document(text, dialect=dialect).html


def words(html: str) -> list[str]:
    """The words a reader sees as prose: placeholders and their labels taken out."""
    html = re.sub(r'<span class="galley-unrendered-label">.*?</span>', "", html, flags=re.S)
    return prose(html).split()


def test_nunjucks_comments_print_nothing_where_markdown_goes_through_nunjucks() -> None:
    text = (
        "Before\n\n{# a note {{ for }} the editors #}\n\nAfter {# inline #} text\n\n"
        "{# one\n\nmore #}\n"
    )
    html = render(text, "eleventy", {"template_engine": "njk"})
    assert "{#" not in html and "note" not in html and "one" not in html
    assert "<p>Before</p>" in html and "<p>After  text</p>" in html
    # Liquid has no such comment (Jekyll, an Eleventy site on Liquid): it prints the text
    assert "{# a note" in render(text, "jekyll")
    assert "{# a note" in render(text, "eleventy")


def test_template_tags_in_raw_html_are_placeholders() -> None:
    text = '{% callout "demo" %}\n<h1>Hello</h1>\n{% endcallout %}\n\nAfter\n'
    html = render(text, "eleventy")
    assert words(html) == ["Hello", "After"]  # {% endcallout %} is no text of the page
    tabs = (
        '<div class="tabs">\n\t{% renderFile "./tabs.11ty.js", {id: "a"} %}\n'
        "  <p>Tab {{ n }}</p>\n</div>\n"
    )
    html = render(tabs, "eleventy")
    assert words(html) == ["Tab"]
    assert html.count('data-syntax="liquid"') == 2  # the line's block, the output's chip
    assert '<code class="galley-unrendered galley-inline"' in html  # {{ n }} among text
    shortcode = '<figure>\n{{< img src="x.png" >}}\n</figure>\n'
    assert 'data-syntax="hugo-shortcode"' in render(shortcode, "hugo", {"unsafe_html": True})


def test_template_tags_in_html_attributes_stay_as_written() -> None:
    html = render('<a href="{{ site.url }}/x">\nThe link\n</a>\n', "jekyll")
    assert '<a href="{{ site.url }}/x">' in html and "galley-unrendered" not in html


def test_raw_tags_in_code_are_taken_out_as_liquid_does() -> None:
    text = (
        "```liquid\n{% raw %}\n{{ page.title }}\n{% endraw %}\n```\n\n"
        "Say `{% raw %}{{ x }}{% endraw %}`.\n"
    )
    for generator in ("jekyll", "eleventy"):
        html = render(text, generator)
        assert "raw" not in html and "title" in html and "<code>{{ x }}</code>" in html
    assert "endraw" in render(text, "hugo")  # Hugo has no Liquid: the code is as written


def test_an_mdx_comment_runs_to_its_end_over_blank_lines() -> None:
    text = "{/*\nimport Tools from './tools.astro';\n\n<Tools date={x} />  */}\n\nAfter it.\n"
    html = render(text, "docusaurus")
    assert words(html) == ["After", "it."]
    apostrophe = "{/* don't show this */}\n\nShown.\n"
    assert words(render(apostrophe, "docusaurus")) == ["Shown."]


def test_an_import_after_a_paragraph_is_still_an_import() -> None:
    # markdown-it's setext-heading rule left the parser thinking it was in a paragraph
    html = render("Some prose.\n\nimport Tabs from '@theme/Tabs';\n", "docusaurus")
    assert words(html) == ["Some", "prose."] and "MDX import" in html
