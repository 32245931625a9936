"""A post body cut into lines and top-level blocks, and where two versions of it differ."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from editor.core.render.attributes import heading_attrs
from editor.core.render.dialects import DEFAULT, Dialect
from editor.core.render.liquid import defining_tags
from editor.core.render.markdown import block_parser, github_slug, heading_text
from editor.core.render.syntax import match_pairs

__all__ = [
    "Source",
    "body_lines",
    "common_prefix",
    "common_suffix",
    "open_tag",
    "refs_of",
    "slugs_of",
    "split_blocks",
    "unpaired",
]


@dataclass
class Source:
    """A top-level block found by the block parser: ``start``/``end`` are 0-based body lines."""

    kind: str
    start: int
    end: int
    text: str
    slug: str | None = None
    footnote: str | None = None
    tag: tuple[str, str] | None = None  # a Hugo shortcode's ("open" | "close", name), unpaired
    # Liquid tags that define something for the whole post ({% include %}, {% assign %}), and
    # whether the block ends inside a tag whose %} may come later (Liquid reads on to it)
    defines: tuple[str, ...] = ()
    open_tag: bool = False

    @property
    def refdef(self) -> bool:
        return self.kind == "refdef"


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def body_lines(body: str) -> list[str]:
    """``body`` cut into lines that keep their ends (the last has none unless the body ends
    with one). As in Markdown, only ``\n``, ``\r\n`` and ``\r`` end a line."""
    if "\r" in body:
        return _LINE.findall(body)
    lines = body.split("\n")
    last = lines.pop()
    out = [line + "\n" for line in lines]
    if last:
        out.append(last)
    return out


def split_blocks(lines: Sequence[str], offset: int, dialect: Dialect = DEFAULT) -> list[Source]:
    """The top-level blocks of ``lines`` (with line ends), numbered from ``offset``, as the
    ``dialect`` cuts them (a Hugo shortcode pair, or a block with the attribute list after it,
    is one block)."""
    text = "".join(lines)
    tokens = block_parser(dialect).parse(text, {})
    default = dialect.is_default
    out: list[Source] = []
    covered = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        j = i
        if token.nesting == 1:
            depth = 0
            for j in range(i, len(tokens)):
                depth += tokens[j].nesting
                if depth == 0:
                    break
        if token.map is None:
            i = j + 1
            continue
        start, end = token.map
        if token.type == "footnote_reference_open":
            end = _trim_blank_tail(lines, start, end)
        elif token.type.startswith("container_") and end < len(lines):
            # the container plugin's map leaves out the closing ":::" line
            end += lines[end].lstrip().startswith(":::")
        _gap(lines, covered, start, offset, out)
        source = Source(token.type, start + offset, end + offset, "".join(lines[start:end]))
        if token.type == "heading_open" and j > i:
            if default:
                source.slug = github_slug(heading_text(tokens[i + 1].content))
            else:
                source.slug = _heading_slug(tokens[i + 1].content, dialect)
        if token.type == "footnote_reference_open":
            source.footnote = str(token.meta.get("label", ""))
        if token.type == "galley_tag":
            source.tag = (str(token.meta["kind"]), str(token.meta["name"]))
        elif token.type == "galley_ial":
            source.tag = ("ial", str(token.meta["attrs"].get("id", "")))
        out.append(source)
        covered = max(covered, end)
        i = j + 1
    _gap(lines, covered, len(lines), offset, out)
    if default:
        return out
    if dialect.block_attrs:
        out = _attach_attribute_lists(out, lines, offset)
    if dialect.syntaxes:
        out = _merge_pairs(out, lines, offset)
    if dialect.syntaxes & _SPANNING:
        for source in out:
            if "{%" in source.text and "liquid" in dialect.syntaxes:
                source.defines = defining_tags(source.text)
            if "{%" in source.text or "{#" in source.text or "{/*" in source.text:
                source.open_tag = open_tag(source.text, dialect.syntaxes)
    return out


_SPANNING = frozenset({"liquid", "nunjucks", "mdx"})
_OPENERS = {"liquid": ("{%", "%}"), "nunjucks": ("{#", "#}"), "mdx": ("{/*", "*/}")}


def open_tag(text: str, syntaxes: frozenset[str] = frozenset({"liquid"})) -> bool:
    """Whether ``text`` ends inside what may run over blank lines in these ``syntaxes``: a
    Liquid tag (its last ``{%`` has no ``%}`` after it), a Nunjucks ``{# comment #}`` or an
    MDX ``{/* comment */}``."""
    for syntax, (opener, closer) in _OPENERS.items():
        if syntax in syntaxes:
            at = text.rfind(opener)
            if at >= 0 and text.find(closer, at + len(opener)) < 0:
                return True
    return False


def _heading_slug(inline: str, dialect: Dialect) -> str:
    text, attrs = heading_attrs(inline) if dialect.heading_attrs else (inline, {})
    custom = attrs.get("id")
    return str(custom) if custom else dialect.slug(heading_text(text))


def _joined(first: Source, last: Source, lines: Sequence[str], offset: int, kind: str) -> Source:
    text = "".join(lines[first.start - offset : last.end - offset])
    return Source(kind, first.start, last.end, text)


def _merge_pairs(sources: list[Source], lines: Sequence[str], offset: int) -> list[Source]:
    """Hugo shortcode pairs (with what is between) as one block each; tags that pair with none
    keep their ``tag``. A pair around a footnote definition is left apart."""
    if not any(s.tag is not None and s.tag[0] in ("open", "close") for s in sources):
        return sources
    tags = [s.tag if s.tag is not None and s.tag[0] != "ial" else None for s in sources]
    out: list[Source] = []
    done = 0
    for first, last in sorted(match_pairs(tags)):
        if first < done or any(s.footnote is not None for s in sources[first:last]):
            continue
        out.extend(sources[done:first])
        out.append(_joined(sources[first], sources[last], lines, offset, "galley_pair"))
        done = last + 1
    out.extend(sources[done:])
    return out


def _attach_attribute_lists(
    sources: list[Source], lines: Sequence[str], offset: int
) -> list[Source]:
    """A ``{: …}`` line joins the block it directly follows, else the one it directly precedes
    (the renderer applies it there); a heading's id may come from it."""
    out: list[Source] = []
    waiting: Source | None = None  # an attribute list for the next block
    for source in sources:
        if source.tag is not None and source.tag[0] == "ial":
            previous = out[-1] if out else None
            if waiting is None and previous is not None and previous.end == source.start:
                merged = _joined(previous, source, lines, offset, previous.kind)
                merged.slug = source.tag[1] or previous.slug if previous.slug is not None else None
                merged.footnote = previous.footnote
                out[-1] = merged
            else:
                if waiting is not None:
                    out.append(waiting)
                waiting = source
            continue
        if waiting is not None and waiting.end == source.start:
            merged = _joined(waiting, source, lines, offset, source.kind)
            merged.slug = (waiting.tag[1] if waiting.tag else "") or source.slug
            merged.slug = merged.slug if source.slug is not None else None
            merged.footnote, merged.tag = source.footnote, source.tag
            out.append(merged)
        else:
            if waiting is not None:
                out.append(waiting)
            out.append(source)
        waiting = None
    if waiting is not None:
        out.append(waiting)
    return out


def unpaired(sources: Sequence[Source], kind: str) -> set[str]:
    """The names of the Hugo shortcode tags of ``kind`` ("open" or "close") that pair with none."""
    return {s.tag[1] for s in sources if s.tag is not None and s.tag[0] == kind}


def refs_of(sources: Sequence[Source]) -> list[tuple[str, str | None]]:
    """What the blocks define for the whole post: reference definitions, footnotes, Liquid."""
    found: list[tuple[str, str | None]] = [(s.text, None) for s in sources if s.refdef]
    found += [("", s.footnote) for s in sources if s.footnote is not None]
    return found + [(tag, None) for s in sources for tag in s.defines]


def slugs_of(sources: Sequence[Source]) -> list[str]:
    return [s.slug for s in sources if s.slug is not None]


def common_prefix(a: Sequence[str], b: Sequence[str], known: int = 0) -> int:
    """How many leading items two lists share (compared in C, 64 at a time), given that the
    first ``known`` are the same."""
    n = min(len(a), len(b))
    i = min(known, n)
    while i < n and a[i : i + 64] == b[i : i + 64]:
        i += 64
    i = min(i, n)
    while i < n and a[i] == b[i]:
        i += 1
    return i


def common_suffix(a: Sequence[str], b: Sequence[str], limit: int, known: int = 0) -> int:
    """How many trailing items two lists share, at most ``limit``, given that the last
    ``known`` are the same."""
    i = min(known, limit)
    la, lb = len(a), len(b)
    while i + 64 <= limit and a[la - i - 64 : la - i] == b[lb - i - 64 : lb - i]:
        i += 64
    while i < limit and a[la - i - 1] == b[lb - i - 1]:
        i += 1
    return i


def _trim_blank_tail(lines: Sequence[str], start: int, end: int) -> int:
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _gap(lines: Sequence[str], start: int, end: int, offset: int, out: list[Source]) -> None:
    """Non-blank lines no token covers are reference definitions: keep them as blocks."""
    i = start
    while i < end:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < end and lines[j].strip():
            j += 1
        out.append(Source("refdef", i + offset, j + offset, "".join(lines[i:j])))
        i = j
