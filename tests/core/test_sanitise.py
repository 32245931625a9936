"""What leaves Galley is sanitised by allow-list: the export's promise, tested with hostile posts.

The promise (docs/RELIABILITY.md, item 9): no export holds a script, an event handler, a
``javascript:``/``vbscript:``/``data:text/html`` URL, any fetch but remote images (no
stylesheet, ``@import``, font, video, audio, source, track, object, embed, iframe, ``ping``,
non-image ``srcset``, meta refresh, base, form), and no local path. The output is read with
``html.parser`` and tinycss2, as a browser would read it, rather than searched for strings.
"""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tinycss2
import tinycss2.ast

from editor.cli import main
from editor.core.export import export_page
from editor.core.post import Post
from editor.core.sanitise import clean_style
from editor.core.svgcheck import svg_problem
from tests.core.test_page import make_post_folder

# A user name that appears only in local paths: any trace of it in an export is a leak.
USER = "alice-q7"
EVIL = "https://evil.example"

# (name, Markdown with raw HTML). Each was let through by the hand-written checks that the
# sanitiser replaced, or is of the same kind.
HOSTILE = [
    # -- script and handlers
    ("script", "<script>alert(1)</script>"),
    ("script src", f"<SCRIPT SRC={EVIL}/x.js></SCRIPT>"),
    ("img onerror", "<img src=x onerror=alert(1)>"),
    ("body onload", "<body onload=alert(1)>text</body>"),
    ("details ontoggle", "<details open ontoggle=alert(1)><summary>s</summary>x</details>"),
    (
        "svg animate href",
        '<svg><a><animate attributeName="href" values="#;javascript:alert(1)"/>'
        '<text y="20">click</text></a></svg>',
    ),
    (
        "svg set href",
        '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
    ),
    ("svg xlink", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
    ("svg style mxss", "<svg><style><img src=x onerror=alert(1)></style></svg>"),
    ("math mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("noscript mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("template", "<template><script>alert(1)</script></template>"),
    ("xmp", "<xmp><script>alert(1)</script></xmp>"),
    ("conditional comment", "<!--[if gte mso 9]><script>alert(1)</script><![endif]-->"),
    # -- script URLs, however spelled
    ("javascript href", '<a href="javascript:alert(1)">x</a>'),
    ("entity colon", '<a href="JaVaScRiPt&#58;alert(1)">x</a>'),
    ("entity letters", '<a href="&#x6A;avascript:alert(1)">x</a>'),
    ("tab inside", '<a href="java&#x09;script:alert(1)">x</a>'),
    ("leading space", '<a href="  javascript:alert(1)">x</a>'),
    ("vbscript", '<a href="vbscript:msgbox(1)">x</a>'),
    ("data html", '<a href="data:text/html,<script>alert(1)</script>">x</a>'),
    (
        "data html base64",
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    ),
    ("blockquote cite", '<blockquote cite="javascript:alert(1)">q</blockquote>'),
    ("area", f'<img src="{EVIL}/m.png" usemap="#m"><map name="m"><area href="javascript:1"></map>'),
    ("button formaction", "<button formaction=javascript:alert(1)>Go</button>"),
    ("isindex", "<isindex action=javascript:alert(1)>"),
    ("longdesc", f'<img src="{EVIL}/a.png" longdesc="javascript:alert(1)">'),
    # -- fetches other than remote images
    ("link stylesheet", f'<link rel="stylesheet" href="{EVIL}/s.css">'),
    ("link preload", f'<link rel="preload" href="{EVIL}/x" as="image">'),
    ("link dns-prefetch", "<link rel=dns-prefetch href=//evil.example>"),
    ("meta refresh", f'<meta http-equiv="refresh" content="0;url={EVIL}/">'),
    ("base href", f'<base href="{EVIL}/">'),
    ("form", f'<form action="{EVIL}/"><input name="q"><button>Go</button></form>'),
    ("input image", f'<input type="image" src="{EVIL}/i.png">'),
    ("iframe", f'<iframe src="{EVIL}/frame"></iframe>'),
    ("iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("frameset", "<frameset><frame src=javascript:alert(1)></frameset>"),
    ("object", f'<object data="{EVIL}/x.swf"></object>'),
    ("object html", '<object type="text/html" data="data:text/html,<script>x</script>"></object>'),
    ("embed", f'<embed src="{EVIL}/x.swf">'),
    ("video", f'<video src="{EVIL}/v.mp4" poster="{EVIL}/p.jpg" autoplay></video>'),
    ("audio", f'<audio src="{EVIL}/a.mp3" autoplay></audio>'),
    (
        "source track",
        f'<video><source src="{EVIL}/v.mp4" type="video/mp4"><track src="{EVIL}/t.vtt"></video>',
    ),
    (
        "picture source",
        f'<picture><source srcset="{EVIL}/s.svg" type="image/svg+xml">'
        f'<img src="https://ok.example/a.png"></picture>',
    ),
    ("a ping", f'<a href="https://ok.example/" ping="{EVIL}/ping">x</a>'),
    ("attributionsrc", f'<img src="https://ok.example/a.png" attributionsrc="{EVIL}/ar">'),
    ("srcset script", '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 2x">'),
    ("srcset data html", '<img src="https://ok.example/a.png" srcset="data:text/html,x 2x">'),
    ("srcset local", f'<img src="https://ok.example/a.png" srcset="/Users/{USER}/a.png 2x">'),
    ("table background", f'<table background="{EVIL}/bg.gif"><tr><td>x</td></tr></table>'),
    ("lowsrc", f'<img src="https://ok.example/a.png" lowsrc="{EVIL}/l.png">'),
    ("svg use", f'<svg><use href="{EVIL}/s.svg#x"/></svg>'),
    ("svg image", f'<svg><image href="{EVIL}/x.png"/></svg>'),
    ("svg feImage", f'<svg><filter><feImage href="{EVIL}/x.png"/></filter></svg>'),
    ("portal", f'<portal src="{EVIL}/"></portal>'),
    (
        "data svg script",
        '<img src="data:image/svg+xml;base64,'
        + base64.b64encode(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'
        ).decode()
        + '">',
    ),
    # -- CSS that loads or runs, in <style> and style=""
    ("import", f"<style>@import url({EVIL}/a.css);</style>"),
    ("import string", f"<style>@import '{EVIL}/a.css';</style>"),
    ("import escaped", f"<style>@\\69mport url({EVIL}/a.css);</style>"),
    ("import escaped long", f"<style>@\\000069mport url({EVIL}/a.css);</style>"),
    (
        "font-face",
        f"<style>@font-face {{ font-family: x; src: url({EVIL}/f.woff) }}"
        " p { font-family: x }</style>",
    ),
    ("style url escaped", f"<style>p {{ background: \\75rl({EVIL}/t.gif) }}</style><p>p</p>"),
    (
        "style rule url",
        f'<style>.x {{ background: url({EVIL}/t.gif) }}</style><p class="x">x</p>',
    ),
    ("style local url", "<style>p { background: url(./bg.png) }</style><p>p</p>"),
    ("style body", f"<style>body {{ background-image: url({EVIL}/b.gif) }}</style>"),
    ("attr url", f'<p style="background: url({EVIL}/t.gif)">x</p>'),
    ("attr url escaped", f'<p style="background:u\\72l({EVIL}/t.gif)">x</p>'),
    ("attr url quoted entity", '<p style="background:url(&quot;javascript:alert(1)&quot;)">x</p>'),
    ("image-set file", "<p style=\"background-image:image-set('file:///etc/passwd' 1x)\">x</p>"),
    ("webkit image-set", f'<p style="background:-webkit-image-set(url({EVIL}/1.png) 1x)">x</p>'),
    ("image()", f'<p style="background:image(&quot;{EVIL}/i.png&quot;)">x</p>'),
    ("cross-fade", f'<p style="background:cross-fade(url({EVIL}/a.png), red 50%)">x</p>'),
    ("expression", '<div style="width:expression(alert(1))">x</div>'),
    ("behavior", '<div style="behavior:url(x.htc)">x</div>'),
    ("binding", f'<div style="-moz-binding:url({EVIL}/x.xml#x)">x</div>'),
    ("list-style", f'<ul style="list-style:url({EVIL}/b.png)"><li>x</li></ul>'),
    ("cursor", f'<p style="cursor:url({EVIL}/c.cur), auto">x</p>'),
    ("mask", f'<p style="mask:url({EVIL}/m.svg)">x</p>'),
    ("custom property", f'<p style="--x: url({EVIL}/t.gif); background: var(--x)">x</p>'),
    ("bad url", f'<p style="background:url({EVIL}/a.png">x</p>'),
    ("import in style attr", f'<p style="color:red; @import url({EVIL}/a.css)">x</p>'),
    ("css content url", f'<p style="content:url({EVIL}/c.png)">x</p>'),
    # -- local paths
    ("md image users", f"![shot](/Users/{USER}/Desktop/x.png)"),
    ("md image relative outside", f"![shot](../../../../{USER}/secret/shot.png)"),
    ("md image file url", f"![shot](file:///Users/{USER}/Desktop/x.png)"),
    ("img file url", f'<img src="file:///Users/{USER}/Desktop/x.png" alt="desk">'),
    ("img windows", f'<img src="C:\\Users\\{USER}\\Pictures\\x.png" alt="win">'),
    ("img windows slash", f'<img src="C:/Users/{USER}/Pictures/x.png">'),
    ("img unc", f'<img src="\\\\server\\{USER}\\x.png">'),
    ("link file", f'<a href="file:///Users/{USER}/notes.txt">notes</a>'),
    ("md link file", f"[notes](file:///C:/Users/{USER}/notes.pdf)"),
    ("link users", f'<a href="/Users/{USER}/notes.txt">notes</a>'),
    ("link windows", f'<a href="C:\\Users\\{USER}\\notes.txt">notes</a>'),
    ("video local poster", f'<video poster="/Users/{USER}/p.png"></video>'),
]

# Payloads that leave an element open which, as in a browser, takes the rest of the post.
UNCLOSED = {"math mxss", "noscript mxss"}
FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "video", "audio",
    "source", "track", "picture", "link", "base", "form", "button", "textarea", "select",
    "svg", "math", "portal", "template", "noscript", "isindex", "image", "area", "map", "input",
}  # fmt: skip
FORBIDDEN_ATTRIBUTES = {
    "srcdoc", "ping", "attributionsrc", "formaction", "action", "background", "poster",
    "data", "lowsrc", "dynsrc", "longdesc", "usemap", "xmlns", "xlink:href", "http-equiv",
}  # fmt: skip
LOADING_FUNCTIONS = {
    "url", "image", "image-set", "-webkit-image-set", "cross-fade", "element", "paint", "src",
    "attr", "expression",
}  # fmt: skip
LINK = re.compile(r"(https?:|mailto:|tel:|#)", re.IGNORECASE)
IMAGE = re.compile(r"(https?:|data:image/(png|jpeg|gif|webp|svg\+xml);base64,)", re.IGNORECASE)


class Page(HTMLParser):
    """Start tags with their attributes, and the text of each <style>, as a browser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        if self._in_style:
            self.styles.append("")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data


def css_problems(nodes: Any) -> list[str]:
    """Every url(), loading function, at-rule that loads and active property in CSS nodes."""
    found: list[str] = []
    for node in nodes:
        if isinstance(node, tinycss2.ast.URLToken):
            found.append(f"url({node.value})")
        elif isinstance(node, tinycss2.ast.FunctionBlock):
            if node.lower_name in LOADING_FUNCTIONS:
                found.append(f"{node.lower_name}()")
            found += css_problems(node.arguments)
        elif isinstance(node, tinycss2.ast.ParenthesesBlock | tinycss2.ast.SquareBracketsBlock):
            found += css_problems(node.content)
        elif isinstance(node, tinycss2.ast.Declaration):
            if node.lower_name in ("behavior", "-moz-binding", "-ms-behavior"):
                found.append(node.lower_name)
            found += css_problems(node.value)
        elif isinstance(node, tinycss2.ast.QualifiedRule):
            found += css_problems(tinycss2.parse_declaration_list(node.content))
        elif isinstance(node, tinycss2.ast.AtRule):
            if node.lower_at_keyword in ("import", "font-face", "namespace"):
                found.append(f"@{node.lower_at_keyword}")
            found += css_problems(node.prelude)
            if node.content is not None:
                found += css_problems(tinycss2.parse_rule_list(node.content))
        elif isinstance(node, tinycss2.ast.CurlyBracketsBlock):
            found += css_problems(node.content)
    return found


def assert_export_promise(html: str, post_folder: Path, *, fragment: bool) -> None:
    """The export's promise, checked on what a browser would parse out of ``html``."""
    page = Page(html)
    tags = [tag for tag, _ in page.tags]
    assert not FORBIDDEN_TAGS & set(tags), FORBIDDEN_TAGS & set(tags)
    assert tags.count("style") == (0 if fragment else 1)  # the page's own, in <head>
    for tag, attrs in page.tags:
        if tag == "meta":  # only the head's own: charset, viewport, color-scheme
            assert set(attrs) <= {"charset", "name", "content"}, attrs
            assert attrs.get("name") in (
                None,
                "viewport",
                "color-scheme",
                "supported-color-schemes",
            ), attrs
        for name, value in attrs.items():
            value = value or ""
            squashed = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
            assert not name.startswith("on"), (tag, name, value)
            assert name not in FORBIDDEN_ATTRIBUTES, (tag, name, value)
            for scheme in ("javascript:", "vbscript:", "livescript:", "data:text/html"):
                assert scheme not in squashed, (tag, name, value)
            if name in ("href", "cite"):
                assert LINK.match(squashed), (tag, name, value)
            if name in ("src", "srcset"):
                assert tag == "img", (tag, name, value)  # the only fetch: an image
                urls = [c.split()[0] for c in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    assert IMAGE.match(url.strip()), (tag, name, url[:80])
                if squashed.startswith("data:image/svg+xml;base64,"):
                    svg = base64.b64decode(value.split(",", 1)[1])
                    assert svg_problem(svg) is None
            if name == "style":
                declarations = tinycss2.parse_declaration_list(value)
                assert not css_problems(declarations), (tag, value)
    for css in page.styles:
        assert not css_problems(tinycss2.parse_stylesheet(css)), css_problems(
            tinycss2.parse_stylesheet(css)
        )
    # No local path in any URL, attribute, style or missing-image box. (Prose is the writer's
    # own: Markdown that is not a link, like ![x](file:///…), stays text, as in the preview.)
    boxes = re.findall(r'<span class="missing-image"[^>]*>([^<]*)</span>', html)
    values = [v or "" for _, attrs in page.tags for v in attrs.values()]
    for text in [*values, *boxes, *page.styles]:
        lowered = text.lower()
        for trace in (USER, "file:", "/users/", "c:\\", "c:/", "\\\\server"):
            assert trace not in lowered, (trace, text[:120])
    # The post's folder, which no writer types, appears nowhere at all.
    assert str(post_folder) not in html and str(post_folder.parent.parent) not in html


def export_all_ways(post_path: Path) -> list[tuple[str, str]]:
    post = Post.load(post_path)
    return [
        ("page", export_page(post)),
        ("page with site url", export_page(post, site_url="https://galley.example")),
        ("fragment", export_page(post, fragment=True)),
    ]


@pytest.mark.parametrize(("name", "payload"), HOSTILE, ids=[name for name, _ in HOSTILE])
def test_no_export_runs_loads_or_leaks(tmp_path: Path, name: str, payload: str) -> None:
    post = make_post_folder(tmp_path)
    post.write_text(f"---\ntitle: Hostile\n---\n\nBefore.\n\n{payload}\n\nAfter.\n", "utf-8")
    for way, html in export_all_ways(post):
        assert "Before." in html, way
        if name not in UNCLOSED:  # the rest of the post survives
            assert "After." in html, way
        assert_export_promise(html, post.parent, fragment=way == "fragment")


def test_every_payload_together_through_the_command_line(tmp_path: Path) -> None:
    post = make_post_folder(tmp_path)
    body = "\n\n".join(payload for _, payload in HOSTILE)
    post.write_text(f"---\ntitle: All of them\n---\n\n{body}\n\nThe end.\n", "utf-8")
    for args, fragment in (([], False), (["--fragment"], True)):
        out = tmp_path / f"out{len(args)}.html"
        assert main(["export", str(post), "-o", str(out), *args]) == 0
        html = out.read_text(encoding="utf-8")
        assert "The end." in html
        assert_export_promise(html, post.parent, fragment=fragment)


def test_there_are_many_payloads() -> None:
    assert len(HOSTILE) >= 90


# -- what exports keep


def test_what_a_newsletter_needs_survives(tmp_path: Path) -> None:
    """Remote images stay remote, local ones are embedded, highlighting, tables, footnotes,
    task lists, details and plain inline styles are kept."""
    post = make_post_folder(tmp_path)
    post.write_text(
        "---\ntitle: Kept\n---\n\n"
        "![local](./gallery.png) ![remote](https://cdn.example/a.png)\n\n"
        '<img src="https://cdn.example/b.png" srcset="https://cdn.example/b2.png 2x" alt="b">\n\n'
        "```python\ndef f(): pass\n```\n\n"
        "| a | b |\n| :-- | --: |\n| 1 | 2 |\n\n"
        "Text with a note[^1].\n\n[^1]: The note.\n\n"
        "- [x] done\n- [ ] to do\n\n"
        "<details><summary>More</summary>Hidden.</details>\n\n"
        '<p style="color: #c00; background: linear-gradient(red, blue)">Red</p>\n\n'
        "[mail](mailto:team@example.com) and [web](https://example.com/a?b=c#d)\n",
        "utf-8",
    )
    html = export_page(Post.load(post))
    assert_export_promise(html, post.parent, fragment=False)
    images = {attrs.get("alt"): attrs for tag, attrs in Page(html).tags if tag == "img"}
    assert (images["local"]["src"] or "").startswith("data:image/png;base64,")
    assert images["remote"]["src"] == "https://cdn.example/a.png"
    assert images["b"]["srcset"] == "https://cdn.example/b2.png 2x"
    assert re.search(r'<span class="k" style="[^"]*color: #008000', html)
    assert re.search(r'<td style="[^"]*text-align: right', html)
    assert 'href="#fn-1"' in html and 'id="fn-1"' in html
    assert html.count('class="task-list-item-checkbox"') == 2 and "☑" in html and "☐" in html
    assert "<details><summary>More</summary>Hidden.</details>" in html
    assert re.search(r'style="[^"]*color: #c00; background: linear-gradient\(red, blue\)', html)
    assert 'href="mailto:team@example.com"' in html
    assert 'href="https://example.com/a?b=c#d"' in html


def test_a_local_svg_is_embedded_only_if_it_only_draws(tmp_path: Path) -> None:
    post = make_post_folder(tmp_path)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4"/></svg>'
    (post.parent / "ok.svg").write_bytes(svg)
    (post.parent / "bad.svg").write_bytes(svg.replace(b"<rect", b"<script>1</script><rect"))
    post.write_text("---\ntitle: S\n---\n\n![ok](./ok.svg) ![bad](./bad.svg)\n", "utf-8")
    html = export_page(Post.load(post))
    assert "data:image/svg+xml;base64," + base64.b64encode(svg).decode() in html
    assert "missing image: bad (bad.svg)" in html


@pytest.mark.parametrize(
    ("style", "kept"),
    [
        ("color: red; font-weight: bold", "color: red; font-weight: bold"),
        ("color: red; background: url(https://x.example/a.png)", "color: red"),
        ("background: u\\72l(https://x.example/a.png); margin: 0", "margin: 0"),
        ("width: expression(alert(1)); height: 1px", "height: 1px"),
        ("be\\68 avior: url(#x); color: blue", "color: blue"),
        (
            "background: linear-gradient(90deg, #fff 0%, rgb(0 0 0 / 50%))",
            "background: linear-gradient(90deg, #fff 0%, rgb(0 0 0 / 50%))",
        ),
        (
            "font-family: 'Segoe UI', sans-serif !important",
            'font-family: "Segoe UI", sans-serif !important',
        ),
        ("color: red; @import url(x); padding: 2px", "color: red; padding: 2px"),
        ("color: red; /* note */ padding: 2px", "color: red; padding: 2px"),
        ("background: image-set('a.png' 1x)", ""),
        ("content: attr(data-x)", ""),
    ],
)
def test_clean_style_keeps_only_declarations_that_load_nothing(style: str, kept: str) -> None:
    assert clean_style(style) == kept
