"""Rich text from the clipboard becomes Markdown: HTML as browsers and mail clients put it there."""

from __future__ import annotations

from editor.core.html_markdown import adds_formatting, html_to_markdown

CHROME = (
    '<html>\r\n<body>\r\n<!--StartFragment--><h2 style="margin: 0px; color: rgb(33, 37, 41);">'
    'Release notes</h2><p style="font-size: 16px;">Roadie <strong>2.4</strong> is out, with '
    '<em>faster</em> builds: see <a href="https://roadie.io/blog/2-4" style="color: blue;">'
    "the post</a> and run <code>roadie upgrade</code>.<br>Thanks to all.</p>"
    "<ul><li>Plugins<ul><li>Scaffolder</li><li>TechDocs</li></ul></li><li>Search</li></ul>"
    "<ol><li>Back up</li><li>Upgrade</li></ol>"
    '<pre class="language-yaml"><code class="language-yaml">'
    "app:\n  title: Roadie\n</code></pre>"
    "<blockquote><p>It just works.</p></blockquote>"
    '<p><img src="https://roadie.io/img/logo.png" alt="Roadie logo"></p>'
    "<script>alert('x')</script><style>p { color: red }</style>"
    "<!--EndFragment-->\r\n</body>\r\n</html>"
)


def test_a_chrome_selection_becomes_markdown() -> None:
    assert html_to_markdown(CHROME) == (
        "## Release notes\n\n"
        "Roadie **2.4** is out, with *faster* builds: see [the post](https://roadie.io/blog/2-4) "
        "and run `roadie upgrade`.  \nThanks to all.\n\n"
        "- Plugins\n  - Scaffolder\n  - TechDocs\n- Search\n\n"
        "1. Back up\n2. Upgrade\n\n"
        "```yaml\napp:\n  title: Roadie\n```\n\n"
        "> It just works.\n\n"
        "![Roadie logo](https://roadie.io/img/logo.png)"
    )


def test_firefox_meta_charset_and_nested_ordered_lists() -> None:
    html = (
        '<meta http-equiv="content-type" content="text/html; charset=utf-8">'
        "<ol><li>Install<ol><li>Download</li><li>Unpack</li></ol></li><li>Run</li></ol>"
    )
    assert html_to_markdown(html) == "1. Install\n   1. Download\n   2. Unpack\n2. Run"


def test_gmail_inline_styles_are_emphasis() -> None:
    html = (
        '<div dir="ltr"><div>Hi all,</div><div><br></div><div>The <span style="font-weight:bold">'
        'deadline</span> is <span style="font-style:italic">Friday</span>; the form is '
        '<a href="https://forms.example.com/x" target="_blank">here</a>.</div></div>'
    )
    markdown = html_to_markdown(html)
    assert "The **deadline** is *Friday*; the form is [here](https://forms.example.com/x)." in (
        markdown
    )
    assert markdown.startswith("Hi all,")


def test_google_docs_wrapper_is_not_bold() -> None:
    html = (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1">'
        '<p dir="ltr"><span style="font-weight:700">Agenda</span><span>: plan the '
        "release</span></p></b>"
    )
    assert html_to_markdown(html) == "**Agenda**: plan the release"


def test_windows_clipboard_header_is_dropped() -> None:
    html = (
        "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000199\r\n"
        "StartFragment:0000000141\r\nEndFragment:0000000163\r\n"
        "<html><body><!--StartFragment--><b>Bold</b> text<!--EndFragment--></body></html>"
    )
    assert html_to_markdown(html) == "**Bold** text"


def test_headings_tables_and_snake_case() -> None:
    html = (
        "<h1>Title</h1><h3>Small</h3><p>call my_function_name now</p>"
        "<table><tr><th>Name</th><th>Stars</th></tr><tr><td>roadie</td><td>5</td></tr></table>"
    )
    markdown = html_to_markdown(html)
    assert markdown.startswith("# Title\n\n### Small\n\ncall my_function_name now\n\n")
    assert "| Name | Stars |" in markdown and "| roadie | 5 |" in markdown


def test_only_scripts_and_styles_give_nothing() -> None:
    assert html_to_markdown("<style>b{}</style><script>x()</script>") == ""


def test_plain_html_adds_nothing_over_the_plain_text() -> None:
    html = "<div><span style='color:#333'>Just words,\u00a0nothing   more.</span></div>"
    assert not adds_formatting(html_to_markdown(html), "Just words,\u00a0nothing more.")
    assert adds_formatting(html_to_markdown(CHROME), "Release notes\nRoadie 2.4 is out")
