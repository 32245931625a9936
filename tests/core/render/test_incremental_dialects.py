"""Incremental rendering in every dialect equals a full render, with generator syntax that
spans lines (shortcode pairs, Liquid blocks, MDX components, admonitions, attribute lists), and
typing inside such a block re-renders that block only."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.render import DocumentRenderer, render_document
from editor.core.render.dialects import Dialect, dialect_for
from editor.core.render.placeholders import fill_tocs
from tests.core.render.test_incremental import PIECES, apply, strip_ids

SYNTAX_PIECES = [
    "{{< notice warning >}}\n",
    "{{< /notice >}}\n",
    "{{< youtube abc >}}\n",
    "{{% callout %}}\n",
    "{{% /callout %}}\n",
    "{{< highlight go >}}\n",
    "{{< /highlight >}}\n",
    'Inline {{< ref "x.md" >}} here.\n',
    "{% if page.x %}\n",
    "{% endif %}\n",
    "{% highlight ruby %}\n",
    "{% endhighlight %}\n",
    "{{ page.title }}\n",
    '{% quote(author="A") %}\n',
    "{% end %}\n",
    '{{ youtube(id="x") }}\n',
    "import Tabs from '@theme/Tabs';\n",
    '<Tabs groupId="a"\n',
    "  values={[]}>\n",
    "</Tabs>\n",
    "<Support />\n",
    "{/* truncate */}\n",
    "{/* a comment that runs\n",
    "over lines */}\n",
    "{# a Nunjucks comment\n",
    "that ends here #}\n",
    "<div>\n",
    '{% renderFile "tabs.js", {id: "a"} %}\n',
    "{% raw %}\n",
    "{% endraw %}\n",
    ":::note Title\n",
    ":::\n",
    "{: .lead #x}\n",
    "{:toc}\n",
    "<!--more-->\n",
    "## Heading {#custom}\n",
    "Term\n",
    ": Definition\n",
    "{% include refs.md\n",
    '  q0="A"\n',
    "%}\n",
    "{% include loop.md %}\n",
    '{% assign u = "https://x.example/" %}\n',
    "[Q]({{u}}1) and {{ u }}\n",
    '<div markdown="1" class="callout">\n',
    "</div>\n",
    "See [a][b] and [c][].\n",
    "[b]: https://b.example\n",
]


@dataclasses.dataclass(frozen=True)
class Includes:
    """A site's includes: ``refs.md`` defines ``[c]``; ``loop.md`` may define anything."""

    def definitions(self, name: str) -> tuple[str, bool] | None:
        return {"refs.md": ("[c]: https://c.example\n", True), "loop.md": ("", False)}.get(name)


DIALECTS = [
    dialect_for("hugo"),
    dialect_for("jekyll"),
    dataclasses.replace(dialect_for("jekyll"), includes=Includes()),
    dialect_for("zola", {"anchor_links": "right"}),
    dialect_for("docusaurus"),
    dialect_for("eleventy", {"template_engine": "njk"}),
    dialect_for("pelican", {"markdown_extensions": ["extra", "toc", "admonition"]}),
]
ALL = PIECES + SYNTAX_PIECES

edits = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.integers(0, 12),
        st.one_of(st.sampled_from(ALL), st.text("ab #-*`>|\n[]!{}<%/:", max_size=6)),
    ),
    min_size=1,
    max_size=10,
)


def page_html(model: list[tuple[str, str]]) -> str:
    """The page's body: its blocks, with the tables of contents its script fills in (a block
    patched alone cannot list the headings of the others)."""
    return fill_tocs("".join(html for _, html in model))


def check_edits(dialect: Dialect, text: str, steps: list[tuple[float, int, str]]) -> None:
    renderer = DocumentRenderer(first_line=3, dialect=dialect)
    model = [(b.id, b.html) for b in renderer.render(text).blocks]
    for where, cut, insert in steps:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
        model = apply(model, renderer.update(text))
        full = render_document(text, first_line=3, dialect=dialect)
        assert strip_ids(page_html(model)) == strip_ids(full.html), text
        assert model == [(b.id, b.html) for b in renderer.result.blocks]


@given(st.sampled_from(DIALECTS), st.lists(st.sampled_from(ALL), max_size=30), edits)
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_incremental_equals_full_render_in_every_dialect(
    dialect: Dialect, pieces: list[str], steps: list[tuple[float, int, str]]
) -> None:
    check_edits(dialect, "".join(pieces), steps)


def test_a_closing_tag_typed_far_below_pairs_with_its_opening_tag() -> None:
    hugo = dialect_for("hugo")
    text = "{{< notice >}}\n\n" + "".join(f"Para {n}.\n\n" for n in range(40))
    middle = text.index("Para 20.") / len(text)
    check_edits(hugo, text, [(middle, 0, "{{< /notice >}}\n\n")])  # pairs with the first line
    check_edits(hugo, text, [(1.0, 0, "{{< /notice >}}\n")])
    renderer = DocumentRenderer(dialect=hugo)
    renderer.render(text)
    renderer.update(text + "{{< /notice >}}\n")
    assert len(renderer.result.blocks) == 1  # the pair and everything between
    check_edits(hugo, text + "{{< /notice >}}\n", [(0.0, 14, "")])  # the opening tag deleted


def test_an_opening_tag_typed_far_above_pairs_with_its_closing_tag() -> None:
    text = "".join(f"Para {n}.\n\n" for n in range(40)) + "{{< /notice >}}\n\n"
    check_edits(dialect_for("hugo"), text, [(0.5, 0, "\n{{< notice >}}\n\n")])


def test_a_component_whose_attributes_run_past_the_edit_is_read_whole() -> None:
    """An MDX tag's attributes may span lines up to a blank line, past the lines re-parsed."""
    text = "Para.\n\nX\n# Heading\nmore\ntext >\n\nEnd.\n"
    check_edits(dialect_for("docusaurus"), text, [(text.index("X") / len(text), 1, "<Foo")])


def test_typing_inside_a_shortcode_pair_re_renders_only_that_pair() -> None:
    hugo = dialect_for("hugo")
    text = "".join(f"Para {n}.\n\n" for n in range(100))
    text += "{{< notice >}}\nInside the notice.\n{{< /notice >}}\n\n"
    text += "".join(f"After {n}.\n\n" for n in range(100))
    renderer = DocumentRenderer(dialect=hugo)
    renderer.render(text)
    update = renderer.update(text.replace("Inside the notice.", "Inside the notices."))
    assert update.removed == [] and update.inserted == [] and update.moved == {}
    assert len(update.replaced) == 1
    assert "galley-pair" in update.replaced[0][1] and "notices." in update.replaced[0][1]


def test_typing_inside_an_admonition_re_renders_only_that_admonition() -> None:
    docusaurus = dialect_for("docusaurus")
    text = "".join(f"Para {n}.\n\n" for n in range(100))
    text += ":::tip\nA tip.\n\nMore of it.\n:::\n\n"
    text += "".join(f"After {n}.\n\n" for n in range(100))
    renderer = DocumentRenderer(dialect=docusaurus)
    blocks = renderer.render(text).blocks
    assert len(blocks) == 201
    update = renderer.update(text.replace("More of it.", "More of it!"))
    assert update.removed == [] and update.inserted == [] and update.moved == {}
    assert len(update.replaced) == 1 and "admonition-tip" in update.replaced[0][1]


def test_typing_inside_an_mdx_component_re_renders_only_that_component() -> None:
    docusaurus = dialect_for("docusaurus")
    text = "".join(f"Para {n}.\n\n" for n in range(50))
    text += '<Tabs>\n<TabItem value="a">\n\nTab text.\n\n</TabItem>\n</Tabs>\n\n'
    text += "".join(f"After {n}.\n\n" for n in range(50))
    renderer = DocumentRenderer(dialect=docusaurus)
    assert len(renderer.render(text).blocks) == 101
    update = renderer.update(text.replace("Tab text.", "Tab texts."))
    assert len(update.replaced) == 1 and not update.inserted and not update.removed
    assert "Tab texts." in update.replaced[0][1]


keys = st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from([*"{}<>%/:#a \n-`", "", "\n\n", "{{<"])),
    min_size=1,
    max_size=25,
)


@given(st.sampled_from(DIALECTS), st.lists(st.sampled_from(ALL), min_size=3, max_size=40), keys)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_typing_generator_syntax_key_by_key(
    dialect: Dialect, pieces: list[str], typed: list[tuple[float, str]]
) -> None:
    """Single keystrokes (or backspaces, ""), as an author types a shortcode or a tag."""
    text = "".join(pieces)
    renderer = DocumentRenderer(dialect=dialect)
    model = [(b.id, b.html) for b in renderer.render(text).blocks]
    for where, key in typed:
        at = int(where * len(text))
        text = text[:at] + key + text[at + (0 if key else 1) :]
        model = apply(model, renderer.update(text))
        full = render_document(text, dialect=dialect)
        assert strip_ids(page_html(model)) == strip_ids(full.html), text


def test_a_comment_opened_before_blocks_that_close_it_later_is_one_block() -> None:
    """Typing ``{`` before ``# Title`` opens a Nunjucks comment that a later block closes: the
    patched page is the whole render's (the comment swallows the headings between)."""
    dialect = dialect_for("eleventy", {"template_engine": "njk"})
    text = "# Title\n# Title\n# Title\nthat ends here #}\n"
    renderer = DocumentRenderer(dialect=dialect)
    model = [(b.id, b.html) for b in renderer.render(text).blocks]
    text = "{" + text
    model = apply(model, renderer.update(text))
    assert strip_ids(page_html(model)) == strip_ids(render_document(text, dialect=dialect).html)
