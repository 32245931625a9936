"""Liquid before Markdown, as Jekyll runs it: the reference definitions of a post's includes
define its links, an include that may define more leaves links to be (never bare brackets),
``{% assign %}`` variables are written in, and a tag runs to its ``%}`` over blank lines."""

from __future__ import annotations

import re
from pathlib import Path

from editor.core.render import DocumentRenderer, render_document
from editor.core.render.dialects import dialect_for, dialect_for_generator
from editor.core.render.liquid import EMPTY, defining_tags, liquid_context
from editor.core.site import detect_generator

JEKYLL = dialect_for("jekyll")


def site_dialect(root: Path, includes: dict[str, str]) -> object:
    (root / "_config.yml").write_text("title: Letters\n")
    for name, text in includes.items():
        path = root / "_includes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return dialect_for_generator(detect_generator(root), root / "_posts" / "2026-08-14-a.md")


def render(text: str, dialect: object = JEKYLL) -> str:
    html = render_document(text, dialect=dialect).html  # type: ignore[arg-type]
    return re.sub(r' data-(?:line|block)="[^"]*"', "", html)


def prose(html: str) -> str:
    """What a reader sees as text, placeholders and tooltips left out."""
    html = re.sub(r"<pre>.*?</pre>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


LINKS = "[seed library]: https://seeds.example/library\n[Compost guide]: /guides/compost/\n"
POST = (
    "See the [library][seed library], the [compost guide][] and [our tracker][tracker #12].\n\n"
    "{% include links.md %}\n"
)


def test_an_includes_definitions_define_the_posts_links(tmp_path: Path) -> None:
    dialect = site_dialect(tmp_path, {"links.md": LINKS})
    html = render(POST, dialect)
    assert '<a href="https://seeds.example/library"' in html and ">library</a>" in html
    assert '<a href="/guides/compost/">compost guide</a>' in html
    # links.md is plain Markdown: what it does not define is not a link (kramdown prints it)
    assert "[our tracker][tracker #12]" in html and "galley-pending-link" not in html


def test_a_reference_an_include_may_define_is_a_link_to_be(tmp_path: Path) -> None:
    loop = (
        "{% for n in include.issues %}\n[tracker #{{n}}]: https://t.example/{{n}}\n{% endfor %}\n"
    )
    dialect = site_dialect(tmp_path, {"links.md": LINKS, "linkers/issues.md": loop})
    html = render(POST + '{% include linkers/issues.md issues="12" %}\n', dialect)
    assert "[our tracker]" not in prose(html) and "[tracker #12]" not in prose(html)
    assert (
        '<span class="galley-pending-link" title="[tracker #12]: defined by an include the '
        'site expands (linkers/issues.md)">our tracker</span>'
    ) in html
    assert '<a href="/guides/compost/">compost guide</a>' in html  # still defined
    # An include the site does not have (a theme's) may define anything too
    theme = render("A [theme link][from theme].\n\n{% include theme-links.html %}\n", dialect)
    assert "galley-pending-link" in theme and "[theme link]" not in prose(theme)
    # Without an include, brackets stay brackets; an inline link is left alone
    assert "[a][b]" in render("Just [a][b] and [c](https://c.example).\n", dialect)


def test_the_posts_own_definition_wins_over_an_includes(tmp_path: Path) -> None:
    dialect = site_dialect(tmp_path, {"links.md": LINKS})
    html = render(POST + "[seed library]: https://mine.example\n", dialect)
    assert 'href="https://mine.example"' in html and "seeds.example" not in html


def test_typing_an_include_updates_the_links_it_defines(tmp_path: Path) -> None:
    dialect = site_dialect(tmp_path, {"links.md": LINKS})
    renderer = DocumentRenderer(dialect=dialect)  # type: ignore[arg-type]
    text = "Use the [library][seed library].\n\nMore.\n"
    assert "[library][seed library]" in renderer.render(text).html
    update = renderer.update(text + "\n{% include links.md %}\n")
    assert any("seeds.example/library" in html for _id, html in update.replaced)


def test_assigned_strings_are_written_in_before_markdown() -> None:
    text = (
        '{% assign bse = "https://answers.example/a/" %}\n'
        "{% capture who %}the harbour master{% endcapture %}\n\n"
        "- [Why moor here?]({{bse}}130977) asked {{ who }}.\n"
        "- [Tides]({{ page.tides }}/today) and {% raw %}{{bse}}{% endraw %}\n"
    )
    html = render(text)
    assert '<a href="https://answers.example/a/130977"' in html
    assert "asked the harbour master." in html
    # Liquid still in an address is the build's: a placeholder link, never a file
    assert '<a href="#" class="galley-template-link"' in html
    assert 'title="The site build writes this address: {{ page.tides }}/today"' in html
    assert "{{bse}}" in html  # raw stays as written


def test_only_plain_unambiguous_values_are_written_in() -> None:
    tags = defining_tags(
        '{% assign a = "x" %} {% assign b = page.date | date: "%Y" %} {% assign c = "1" %}'
        "{% assign c = \"2\" %} {% capture d %}two\nlines{% endcapture %} {% assign e = 'y' %}"
        "{% raw %}{% assign f = 'no' %}{% endraw %}"
    )
    context = liquid_context(tags, None)
    assert context.variables == {"a": "x", "e": "y"}
    assert context.expand("{{ a }} {{b}} {{ c }} {{ e | upcase }}\n{{e}}") == (
        "x {{b}} {{ c }} {{ e | upcase }}\ny"
    )
    assert liquid_context([], None) is EMPTY


def test_a_tag_runs_to_its_end_over_blank_lines() -> None:
    text = (
        "Before.\n\n"
        '{% include functions/details-list.md\n  q0="Is the tide in?"\n\n'
        '  a0="It is."\n%}\n\nAfter.\n'
    )
    html = render(text)
    assert html.count('data-syntax="liquid"') == 1 and "q0=" not in prose(html)
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html
    # An unclosed tag typed above a closing one, then closed: the preview follows
    renderer = DocumentRenderer(dialect=JEKYLL)
    start = "{% include x.md\n\n" + "".join(f"Para {n}.\n\n" for n in range(30))
    renderer.render(start)
    renderer.update(start + "%}\n")
    assert len(renderer.result.blocks) == 1
