"""The dialects' markdown-it rules (pure; no Qt): generator syntax kept whole as placeholders,
attribute lists, heading ids, admonitions, excerpt markers, typography and Hugo's raw-HTML rule.

:func:`use_dialect` adds a dialect's rules to a pipeline: all of them to the render pipeline, the
block rules alone to the block parser (:func:`editor.core.render.markdown.block_parser`), so that
the incremental splitter cuts the post where the renderer does. mdit-py-plugins gives what it
has (``container`` for Docusaurus admonitions, ``admon`` for Python-Markdown's, ``deflist``, and
the attribute grammar of ``attrs``, read here after kramdown's ``{:``).

Pairs: a Liquid block tag, a Zola body shortcode or an MDX component runs to its closing tag, or
to the end of the post when there is none (as a fence does; the site's build fails there). A Hugo
shortcode may or may not have a closing tag, so its tags are single blocks, paired afterwards
over the top-level blocks (:func:`editor.core.render.syntax.match_pairs`, here and in the
splitter alike).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.helpers.parse_link_destination import _Result
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.utils import is_code_block

from editor.core.render.attributes import (
    bare_ial_rule,
    bare_span_ial_rule,
    heading_attrs_rule,
    ial_rule,
    resolve_ials,
    span_ial_rule,
    toc_marker,
)
from editor.core.render.common import highlight_code
from editor.core.render.dialects import Dialect
from editor.core.render.kramdown_html import use_markdown_html
from editor.core.render.placeholders import (
    admonition_open,
    block_html,
    excerpt_html,
    inline_html,
    pair_close_html,
    pair_open_html,
    toc_html,
)
from editor.core.render.sitelinks import built_links_rule
from editor.core.render.syntax import ESM_LINE, Tag, excerpt_line, match_pairs, tag_at

__all__ = ["typographer_rule", "use_dialect"]

_INTERRUPTS: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}
_RAW_OMITTED = "<!-- raw HTML omitted -->"
_CODE_PAIRS = frozenset(["highlight"])  # pairs whose content is code, not Markdown
_WHOLE_PAIRS = frozenset(["comment"])  # pairs shown as one placeholder, content and all
_MAX_PAIR_DEPTH = 12  # pairs nested deeper show as one placeholder (markdown-it stops at 20)
_DOCUSAURUS_KINDS = frozenset(
    ["note", "tip", "info", "warning", "danger", "caution", "important", "success", "secondary"]
)

Rule = Callable[..., Any]


def use_dialect(md: MarkdownIt, dialect: Dialect, *, block_only: bool = False) -> None:
    """Add ``dialect``'s rules to ``md`` (only those that cut blocks, with ``block_only``)."""
    syntaxes = dialect.syntaxes
    if dialect.deflists:
        md.use(deflist_plugin)
    if dialect.admonitions == "docusaurus":
        md.use(container_plugin, name="admonition", validate=_docusaurus_kind, render=_admonition)
    elif dialect.admonitions == "python-markdown":
        md.use(admon_plugin)
    if dialect.excerpt:
        rule = _excerpt_rule(excerpt_line(dialect.excerpt))
        md.block.ruler.before("table", "galley_excerpt", rule, _INTERRUPTS)
    if syntaxes:
        md.block.ruler.before("table", "galley_syntax", _block_syntax(syntaxes), _INTERRUPTS)
        if "mdx" in syntaxes:
            md.block.ruler.before("table", "galley_esm", _esm_rule)
    if dialect.block_attrs:
        rule = bare_ial_rule if dialect.bare_attrs else ial_rule
        md.block.ruler.before("table", "galley_ial", rule, _INTERRUPTS)
    if dialect.markdown_html:
        use_markdown_html(md)
    if syntaxes:
        md.helpers = _Helpers(syntaxes)  # type: ignore[assignment]
    if block_only:
        return
    if syntaxes:
        md.inline.ruler.before("linkify", "galley_syntax", _inline_syntax(syntaxes))
        md.core.ruler.after("block", "galley_pairs", _pair_tags)
        md.core.ruler.push("galley_lone_tags", _lone_tags)
    if dialect.block_attrs:
        span = bare_span_ial_rule if dialect.bare_attrs else span_ial_rule
        md.inline.ruler.before("linkify", "galley_span_ial", span)
        md.core.ruler.after("block", "galley_ial", resolve_ials)
    if dialect.heading_attrs:
        md.core.ruler.after("block", "galley_heading_attrs", heading_attrs_rule)
    if dialect.static_links:
        md.core.ruler.after("inline", "galley_built_links", built_links_rule)
    if dialect.toc == "python-markdown":
        md.core.ruler.after("block", "galley_toc", toc_marker)
    if dialect.dashes == "typographer" or dialect.guillemets:
        md.core.ruler.after("smartquotes", "galley_typographer", typographer_rule(dialect))
    if not dialect.raw_html:
        md.add_render_rule("html_block", lambda *_: _RAW_OMITTED + "\n")
        md.add_render_rule("html_inline", lambda *_: _RAW_OMITTED)
    elif syntaxes - {"mdx"}:  # (MDX reads HTML as JSX: its components are found already)
        md.add_render_rule("html_block", _html_block(syntaxes - {"mdx"}))
    if "liquid" in syntaxes:
        md.core.ruler.push("galley_raw_in_code", _raw_in_code)
    md.add_render_rule("heading_open", _heading_open(dialect.anchors))
    md.add_render_rule("heading_close", _heading_close(dialect.anchors))
    _placeholder_rules(md)


def _placeholder_rules(md: MarkdownIt) -> None:
    def rule(render: Callable[[Token, dict[str, Any]], str]) -> Rule:
        return lambda _self, tokens, idx, _options, env: render(tokens[idx], env)

    md.add_render_rule("galley_inline", rule(lambda t, _env: inline_html(t)))
    md.add_render_rule("galley_literal", rule(lambda t, _env: escape(t.content)))
    md.add_render_rule("galley_literal_block", rule(lambda t, _e: f"<p>{escape(t.content)}</p>\n"))
    block = rule(lambda t, env: block_html(t, env.get("folder"), env.get("images")))
    md.add_render_rule("galley_block", block)
    md.add_render_rule("galley_tag", block)
    md.add_render_rule("galley_pair_open", rule(lambda t, _env: pair_open_html(t)))
    md.add_render_rule("galley_pair_close", rule(lambda t, _env: pair_close_html(t)))
    md.add_render_rule("galley_hidden", rule(lambda _t, _env: ""))
    md.add_render_rule("galley_ial", rule(lambda _t, _env: ""))
    md.add_render_rule("galley_excerpt", rule(lambda _t, _env: excerpt_html()))
    md.add_render_rule("galley_toc", rule(lambda _t, _env: toc_html()))
    md.add_render_rule("galley_code", rule(lambda t, _env: highlight_code(t.content, t.info)))


# ---------------------------------------------------------------------------------------------
# Generator syntax: blocks


def _meta(tag: Tag) -> dict[str, Any]:
    return {"syntax": tag.syntax, "kind": tag.kind, "name": tag.name, "args": tag.args}


def _line_of(state: StateBlock, index: int, first: int) -> int:
    line = first
    while state.eMarks[line] < index:
        line += 1
    return line


def _block_syntax(syntaxes: frozenset[str]) -> Rule:
    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if is_code_block(state, start_line):
            return False
        src = state.src
        pos = state.bMarks[start_line] + state.tShift[start_line]
        maximum = state.eMarks[start_line]
        if pos >= maximum or src[pos] not in "{<":
            return False
        tag = tag_at(src, pos, syntaxes, maximum)
        last = start_line
        if tag is None and _runs_over_lines(src, pos, syntaxes):
            # Liquid reads before Markdown: a tag runs to its %}, and a comment to its end
            # (MDX's {/* … */}, Nunjucks' {# … #}), over blank lines too
            tag = tag_at(src, pos, syntaxes, state.eMarks[end_line - 1])
            last = _line_of(state, tag.end, start_line) if tag is not None else last
        if tag is None and "mdx" in syntaxes:  # a component's attributes may span lines
            bound = start_line
            while bound + 1 < end_line and not state.isEmpty(bound + 1):
                bound += 1
            if bound > start_line:
                tag = tag_at(src, pos, syntaxes, state.eMarks[bound])
                last = _line_of(state, tag.end, start_line) if tag is not None else last
        if tag is None or src[tag.end : state.eMarks[last]].strip():
            return False
        if silent:
            return True
        if tag.kind == "open" and tag.syntax != "hugo-shortcode":
            _pair(state, tag, start_line, last, end_line, syntaxes)
            return True
        kind = {"comment": "galley_hidden", "literal": "galley_literal_block"}.get(tag.kind)
        if tag.syntax == "hugo-shortcode" and tag.kind in ("open", "close"):
            kind = "galley_tag"
        token = state.push(kind or "galley_block", "", 0)
        token.content = tag.text if tag.kind == "literal" else tag.source
        token.meta = _meta(tag)
        token.map = [start_line, last + 1]
        token.block = True
        state.line = last + 1
        return True

    return rule


_MDX_COMMENT = re.compile(r"\{\s*/\*")


def _runs_over_lines(src: str, pos: int, syntaxes: frozenset[str]) -> bool:
    """Whether what starts at ``pos`` may run over several lines, blank ones too: a Liquid
    tag, MDX's ``{/* … */}``, Nunjucks' ``{# … #}``."""
    if "liquid" in syntaxes and src.startswith("{%", pos):
        return True
    if "mdx" in syntaxes and _MDX_COMMENT.match(src, pos):
        return True
    return "nunjucks" in syntaxes and src.startswith("{#", pos)


def _closes(found: Tag, opening: Tag) -> bool:
    return found.syntax == "zola-shortcode" or found.name == opening.name


def _find_closer(
    state: StateBlock, opening: Tag, first: int, end_line: int, syntaxes: frozenset[str]
) -> tuple[int, int, Tag] | None:
    """The line and index of the tag that closes ``opening`` (same-name pairs nest), or None."""
    src = state.src
    marker = "<" if opening.syntax == "mdx" else "{%"
    depth = 0
    for line in range(first, end_line):
        start, stop = state.bMarks[line], state.eMarks[line]
        at = src.find(marker, start, stop)
        while at >= 0:
            found = tag_at(src, at, syntaxes, stop)
            if found is not None and found.syntax == opening.syntax:
                if found.kind == "open" and _closes(found, opening):
                    depth += 1
                elif found.kind == "close" and _closes(found, opening):
                    if depth == 0:
                        return line, at, found
                    depth -= 1
            at = src.find(marker, at + 1, stop)
    return None


def _pair(
    state: StateBlock,
    tag: Tag,
    start_line: int,
    last: int,
    end_line: int,
    syntaxes: frozenset[str],
) -> None:
    """A pair: its opening tag, what is between (Markdown, or code), its closing tag."""
    src = state.src
    begin = state.bMarks[last + 1] if last + 1 < end_line else tag.end
    closer = _find_closer(state, tag, last + 1, end_line, syntaxes)
    if closer is not None:
        close_line, close_at, closing = closer
        inner, after = src[begin:close_at], close_line + 1
    else:
        inner = src[begin : state.eMarks[end_line - 1]] if last + 1 < end_line else ""
        closing, after = None, end_line
    opening = src[state.bMarks[start_line] + state.tShift[start_line] : tag.end]
    depth = int(state.env.get("galley_pair_depth", 0))
    if tag.name in _WHOLE_PAIRS or depth >= _MAX_PAIR_DEPTH:
        token = state.push("galley_block", "", 0)
        token.content = src[state.bMarks[start_line] : state.eMarks[after - 1]].strip()
        token.meta, token.map, token.block = _meta(tag), [start_line, after], True
        state.line = after
        return
    token = state.push("galley_pair_open", "div", 1)
    token.meta = {**_meta(tag), "source": opening}
    token.map, token.block = [start_line, after], True
    if tag.name in _CODE_PAIRS:
        code = state.push("galley_code", "code", 0)
        code.content, code.info = inner, tag.args.split(" ", 1)[0] if tag.args else ""
    elif inner.strip():
        count = len(state.tokens)
        state.env["galley_pair_depth"] = depth + 1
        try:
            state.md.block.parse(inner, state.md, state.env, state.tokens)
        finally:
            state.env["galley_pair_depth"] = depth
        for nested in state.tokens[count:]:  # their lines, counted in the post
            if nested.map is not None:
                nested.map = [nested.map[0] + last + 1, nested.map[1] + last + 1]
    token = state.push("galley_pair_close", "div", -1)
    token.meta = {"syntax": tag.syntax, "source": closing.source if closing else ""}
    token.block = True
    state.line = after


def _excerpt_rule(marker: re.Pattern[str]) -> Callable[[StateBlock, int, int, bool], bool]:
    def excerpt(state: StateBlock, start_line: int, _end_line: int, silent: bool) -> bool:
        if is_code_block(state, start_line):
            return False
        line = state.src[state.bMarks[start_line] : state.eMarks[start_line]]
        if not line or line.lstrip()[:1] not in ("<", "{") or not marker.match(line):
            return False
        if not silent:
            token = state.push("galley_excerpt", "hr", 0)
            token.map, token.block = [start_line, start_line + 1], True
            state.line = start_line + 1
        return True

    return excerpt


def _esm_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """An MDX ``import``/``export`` statement: from its line to the next blank line."""
    # (not state.parentType: markdown-it's lheading rule leaves it "paragraph" when it finds
    # no underline, so after any paragraph an import line was read as prose)
    if state.level or state.blkIndent or state.tShift[start_line] or state.sCount[start_line]:
        return False
    start = state.bMarks[start_line]
    if not ESM_LINE.match(state.src, start, state.eMarks[start_line]):
        return False
    if silent:
        return True
    after = start_line + 1
    while after < end_line and not state.isEmpty(after):
        after += 1
    token = state.push("galley_block", "", 0)
    token.content = state.getLines(start_line, after, 0, False)
    token.meta = {"syntax": "mdx", "kind": "esm", "name": "", "args": ""}
    token.map, token.block = [start_line, after], True
    state.line = after
    return True


def _pair_tags(state: StateCore) -> None:
    """Hugo's tags over the top-level blocks, paired (the rest stay single placeholders)."""
    tokens = state.tokens
    entries: list[int] = []
    depth = 0
    for i, token in enumerate(tokens):
        if depth == 0 and token.type == "galley_tag":
            entries.append(i)
        depth += token.nesting
    tags = [(str(tokens[i].meta["kind"]), str(tokens[i].meta["name"])) for i in entries]
    pairs = [(tokens[entries[a]], tokens[entries[b]]) for a, b in match_pairs(tags)]
    for opening, closing in pairs:
        opening.type, opening.tag, opening.nesting = "galley_pair_open", "div", 1
        closing.type, closing.tag, closing.nesting = "galley_pair_close", "div", -1
        for token in (opening, closing):
            token.meta = {**token.meta, "source": token.content}
    lines = state.src.splitlines(keepends=True)
    for opening, closing in pairs:
        if opening.meta.get("name") not in _CODE_PAIRS or not opening.map or not closing.map:
            continue
        first = next(i for i, t in enumerate(state.tokens) if t is opening)
        last = next(i for i, t in enumerate(state.tokens) if t is closing)
        code = Token("galley_code", "code", 0)
        code.content = "".join(lines[opening.map[1] : closing.map[0]])
        args = str(opening.meta.get("args", "")).split()
        code.info = args[0].strip("\"'") if args else ""
        state.tokens[first + 1 : last] = [code]


def _lone_tags(state: StateCore) -> None:
    """A paragraph that is one piece of generator syntax is a block placeholder."""
    tokens = state.tokens
    i = 0
    while i + 2 < len(tokens):
        opening = tokens[i]
        if opening.type == "paragraph_open" and not opening.hidden:
            children = [
                child
                for child in tokens[i + 1].children or []
                if child.type != "softbreak" and (child.type != "text" or child.content.strip())
            ]
            if len(children) == 1 and children[0].type == "galley_inline":
                block = Token("galley_block", "", 0)
                block.content, block.meta = children[0].content, dict(children[0].meta)
                block.map, block.block = opening.map, True
                tokens[i : i + 3] = [block]
        i += 1


# ---------------------------------------------------------------------------------------------
# Generator syntax in raw HTML and in code

_HTML_TAG = re.compile(r"""<(?:!--.*?-->|[A-Za-z/!?](?:"[^"]*"|'[^']*'|[^'">])*>)""", re.S)


def _html_block(syntaxes: frozenset[str]) -> Rule:
    """Raw HTML with the generator syntax in its text as placeholders: the build expands a
    ``{% tag %}`` or a shortcode before Markdown sees the HTML, so it is no text of the page
    (a line that is one tag is a block placeholder; one among text, an inline one). Tags
    inside an HTML tag's attributes are left as written."""

    def render(_self: Any, tokens: list[Token], idx: int, _options: Any, env: Any) -> str:
        content = tokens[idx].content
        if "{" not in content:
            return content
        out: list[str] = []
        i = 0
        while i < len(content):
            tag = _HTML_TAG.match(content, i) if content[i] == "<" else None
            if tag is not None:
                out.append(tag.group(0))
                i = tag.end()
                continue
            found = tag_at(content, i, syntaxes) if content[i] == "{" else None
            if found is None:
                out.append(content[i])
                i += 1
                continue
            out.append(_html_placeholder(content, i, found, env))
            i = found.end
        return "".join(out)

    return render


def _html_placeholder(content: str, start: int, tag: Tag, env: Any) -> str:
    if tag.kind == "comment":
        return ""
    if tag.kind == "literal":
        return escape(tag.text)
    token = Token("galley_block", "", 0, content=tag.source, meta=_meta(tag))
    line_start = content.rfind("\n", 0, start) + 1
    line_end = content.find("\n", tag.end)
    line_end = len(content) if line_end < 0 else line_end
    if content[line_start:start].strip() or content[tag.end : line_end].strip():
        return inline_html(token)
    return block_html(token, env.get("folder"), env.get("images")).rstrip("\n")


_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?(?:raw|verbatim)\s*-?%\}")
_RAW_LINE = re.compile(r"^[ \t]*\{%-?\s*(?:end)?(?:raw|verbatim)\s*-?%\}[ \t]*(?:\n|$)", re.M)


def _raw_in_code(state: StateCore) -> None:
    """``{% raw %}`` and ``{% endraw %}`` in code: Liquid (and Nunjucks) takes them out before
    Markdown sees the code, so the code shows without them (a line of one of them goes)."""

    def strip(text: str) -> str:
        return _RAW_TAG.sub("", _RAW_LINE.sub("", text)) if "{%" in text else text

    for token in state.tokens:
        if token.type in ("fence", "code_block", "galley_code"):
            token.content = strip(token.content)
        elif token.type == "inline":
            for child in token.children or ():
                if child.type == "code_inline":
                    child.content = strip(child.content)


# ---------------------------------------------------------------------------------------------
# Generator syntax: inline, and in link targets


def _inline_syntax(syntaxes: frozenset[str]) -> Rule:
    def rule(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] not in "{<":
            return False
        tag = tag_at(state.src, state.pos, syntaxes, state.posMax)
        if tag is None:
            return False
        if not silent and tag.kind != "comment":
            kind = "galley_literal" if tag.kind == "literal" else "galley_inline"
            token = state.push(kind, "", 0)
            token.content = tag.text if tag.kind == "literal" else tag.source
            token.meta = _meta(tag)
        state.pos = tag.end
        return True

    return rule


_LIQUID_SITE_ROOT = re.compile(r"site\.(?:url|baseurl)")
_LIQUID_FILTERED_URL = re.compile(r"""^(["'])(.*?)\1\s*\|\s*(?:relative_url|absolute_url)\s*$""")


def _url_of(tag: Tag) -> str:
    """What a tag in a link target stands for, as far as the preview can tell."""
    args = tag.args.strip()
    if tag.syntax == "hugo-shortcode" and tag.name in ("ref", "relref"):
        return args.split()[0].strip("\"'") if args else "#"
    if tag.syntax == "liquid" and tag.kind == "single" and not tag.name:
        filtered = _LIQUID_FILTERED_URL.match(args)
        if filtered:
            return filtered.group(2)
        # {{ site.baseurl }} is the site's root; other output only the build knows: kept as
        # written, so that the address is never taken for a file (nor checked)
        return "" if _LIQUID_SITE_ROOT.fullmatch(args) else tag.source
    if tag.syntax == "liquid" and tag.name == "link":
        return "/" + args.lstrip("/")
    return "#"


class _Helpers:
    """markdown-it's link helpers, reading generator syntax in a link's target as the build
    will have expanded it (``{{ site.baseurl }}/x.png``, ``{{< ref "post.md" >}}``), so that
    the link or image still is one. (Pelican's ``{static}/x.png`` needs no help to parse: it
    is kept as written, for the checks, and read by :mod:`~editor.core.render.sitelinks`.)"""

    def __init__(self, syntaxes: frozenset[str]) -> None:
        self.syntaxes = syntaxes
        self.parseLinkLabel = parseLinkLabel
        self.parseLinkTitle = parseLinkTitle

    def parseLinkDestination(self, string: str, pos: int, maximum: int) -> _Result:
        result = self._with_syntax(string, pos, maximum) if self.syntaxes else None
        if result is None:
            result = parseLinkDestination(string, pos, maximum)
        return result

    def _with_syntax(self, string: str, pos: int, maximum: int) -> _Result | None:
        if pos >= maximum or string[pos] == "<":
            return None
        parts: list[str] = []
        found = False
        level = 0
        i = pos
        while i < maximum:
            char = string[i]
            tag = tag_at(string, i, self.syntaxes, maximum) if char == "{" else None
            if tag is not None:
                parts.append(_url_of(tag))
                found, i = True, tag.end
                continue
            if char <= " " or (char == ")" and level == 0):
                break
            level += {"(": 1, ")": -1}.get(char, 0)
            parts.append(char)
            i += 1
        if not found:
            return None
        result = _Result()
        result.ok, result.pos, result.str = True, i, "".join(parts) or "#"
        return result


# ---------------------------------------------------------------------------------------------
# Headings, admonitions, typography


def _heading_open(anchors: str) -> Rule:
    def render(_self: Any, tokens: list[Token], idx: int, _options: Any, env: Any) -> str:
        token = tokens[idx]
        slug = env.get("slug") or token.attrGet("id")
        extra = "".join(
            f' {key}="{escape(str(value), quote=True)}"'
            for key, value in token.attrs.items()
            if key != "id"
        )
        if not slug:
            return f"<{token.tag}{extra}>"
        safe = escape(str(slug), quote=True)
        head = f'<{token.tag} id="{safe}"{extra}>'
        if anchors == "gatsby":
            return head + (f'<a href="#{safe}" aria-label="{safe} permalink" class="anchor">#</a>')
        if anchors == "left":
            return head + (
                f'<a class="anchor zola-anchor" href="#{safe}" '
                f'aria-label="Anchor link for: {safe}">#</a>'
            )
        if anchors == "heading":
            return head + f'<a class="zola-anchor" href="#{safe}">'
        return head

    return render


def _heading_close(anchors: str) -> Rule:
    def render(_self: Any, tokens: list[Token], idx: int, _options: Any, env: Any) -> str:
        token = tokens[idx]
        slug = env.get("slug")
        end = f"</{token.tag}>\n"
        if not slug or anchors not in ("right", "heading"):
            return end
        if anchors == "heading":
            return "</a>" + end
        safe = escape(str(slug), quote=True)
        return (
            f' <a class="anchor anchor-right" href="#{safe}" '
            f'aria-label="Direct link to {safe}">#</a>{end}'
        )

    return render


def _docusaurus_kind(params: str, _markup: str) -> bool:
    match = re.match(r"\s*([A-Za-z]+)", params)
    return match is not None and match.group(1).lower() in _DOCUSAURUS_KINDS


def _admonition(_self: Any, tokens: list[Token], idx: int, _options: Any, _env: Any) -> str:
    token = tokens[idx]
    return admonition_open(token.info) if token.nesting == 1 else "</div>\n"


def typographer_rule(dialect: Dialect) -> Rule:
    """Dashes as goldmark, kramdown and pulldown-cmark write them (``--`` en, ``---`` em),
    ``...`` as an ellipsis, and ``<<``/``>>`` as guillemets where the generator does that."""
    dashes = dialect.dashes == "typographer"
    guillemets = dialect.guillemets
    marks = ("--", "...", "<<", ">>") if guillemets else ("--", "...")

    def rule(state: StateCore) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            for token in block.children:
                if token.type != "text" or not any(mark in token.content for mark in marks):
                    continue
                text = token.content
                if dashes:
                    text = text.replace("---", "\u2014").replace("--", "\u2013")
                    text = text.replace("...", "\u2026")
                if guillemets:
                    text = text.replace("<<", "\u00ab").replace(">>", "\u00bb")
                token.content = text

    return rule
