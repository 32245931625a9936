"""Hypothesis properties for TOML, JSON and header-line front matter: load/dumps is the identity,
and setting one key reads back as set while every other line stays as it was."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.post import Post

KEYS = ["title", "date", "description", "slug", "draft", "weight", "tags"]
SAFE_WORD = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=16).map(str.strip)
WORDS = st.text(alphabet=string.ascii_letters + string.digits + " -'\",.:#é—\\", max_size=24)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
NEWLINES = st.sampled_from(["\n", "\r\n"])
BODIES = st.text(alphabet=string.printable, max_size=120)
QUICK = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)


# -- TOML


@st.composite
def toml_line(draw: st.DrawFn, key: str) -> str:
    word = draw(SAFE_WORD) or "x"
    comment = draw(st.sampled_from(["", "  # note", " #x"]))
    value = draw(
        st.sampled_from(
            [
                json.dumps(word),
                f"'{word}'",
                str(draw(st.integers(-1000, 1000))),
                draw(st.sampled_from(["true", "false"])),
                draw(DATES).isoformat(),
                f'["{word}", "b"]',
                f'[\n  "{word}",\n  "c",\n]',
            ]
        )
    )
    return f"{key} = {value}{comment}"


@st.composite
def toml_posts(draw: st.DrawFn) -> str:
    nl = draw(NEWLINES)
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True))
    lines = [draw(toml_line(k)) for k in keys]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "# a comment")
    if draw(st.booleans()):
        lines.append('\n[extra]\nteam = "Core"')
    front = nl.join(line.replace("\n", nl) for line in lines)
    return f"+++{nl}{front}{nl}+++{nl}{draw(BODIES)}"


@given(toml_posts())
@QUICK
def test_toml_parse_dumps_is_identity(text: str) -> None:
    post = Post.parse(text)
    assert post.front_matter_format == "toml" and post.dumps() == text


@given(toml_posts(), st.data())
@QUICK
def test_toml_one_edit_changes_only_its_key(text: str, data: st.DataObject) -> None:
    value = data.draw(
        st.one_of(WORDS, st.integers(-(10**6), 10**6), st.booleans(), DATES, st.lists(SAFE_WORD))
    )
    check_one_edit(text, data, value, "=")


# -- JSON


@st.composite
def json_posts(draw: st.DrawFn) -> str:
    nl = draw(NEWLINES)
    indent = draw(st.sampled_from(["  ", "    ", "\t"]))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True))
    values = st.one_of(
        WORDS, st.integers(-1000, 1000), st.booleans(), st.none(), st.lists(SAFE_WORD, max_size=3)
    )
    members = [f"{indent}{json.dumps(k)}: {json.dumps(draw(values))}" for k in keys]
    return "{" + nl + ("," + nl).join(members) + nl + "}" + nl + draw(BODIES)


@given(json_posts())
@QUICK
def test_json_parse_dumps_is_identity(text: str) -> None:
    post = Post.parse(text)
    assert post.front_matter_format == "json" and post.dumps() == text


@given(json_posts(), st.data())
@QUICK
def test_json_one_edit_changes_only_its_key(text: str, data: st.DataObject) -> None:
    value = data.draw(
        st.one_of(WORDS, st.integers(-(10**6), 10**6), st.booleans(), st.lists(SAFE_WORD))
    )
    check_one_edit(text, data, value, ":", quote='"')


# -- header lines


@st.composite
def header_posts(draw: st.DrawFn) -> str:
    nl = draw(NEWLINES)
    keys = draw(st.lists(st.sampled_from(KEYS[1:]), max_size=5, unique=True))
    lines = [f"Title: {draw(SAFE_WORD) or 'x'}"]
    for key in keys:
        name = draw(st.sampled_from([key, key.capitalize()]))
        if key == "tags":
            lines.append(f"{name}: " + ", ".join(draw(st.lists(SAFE_WORD, min_size=1))))
        else:
            lines.append(f"{name}: {draw(SAFE_WORD)}")
            if draw(st.booleans()):
                lines.append(f"    {draw(SAFE_WORD) or 'more'}")
    return nl.join(lines) + nl + nl + draw(BODIES)


@given(header_posts())
@QUICK
def test_headers_parse_dumps_is_identity(text: str) -> None:
    post = Post.parse(text)
    assert post.front_matter_format == "headers" and post.dumps() == text


@given(header_posts(), st.data())
@QUICK
def test_headers_one_edit_changes_only_its_key(text: str, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(list(Post.parse(text).meta)))
    value: object
    if key == "tags":
        value = data.draw(st.lists(SAFE_WORD.filter(bool), min_size=1, max_size=4))
    else:
        value = data.draw(SAFE_WORD.filter(bool))
    check_one_edit(text, data, value, ":", key=key, fold=True)


# -- the property


def check_one_edit(
    text: str,
    data: st.DataObject,
    value: object,
    sep: str,
    *,
    quote: str = "",
    key: str | None = None,
    fold: bool = False,
) -> None:
    post = Post.parse(text)
    if key is None:
        key = data.draw(st.sampled_from([k for k in post.meta if k != "extra"]))
    others = {k: v for k, v in post.meta.to_dict().items() if k != key}
    post.meta[key] = value
    after = post.dumps()
    again = Post.parse(after)
    assert again.meta[key] == value
    assert {k: v for k, v in again.meta.to_dict().items() if k != key} == others
    assert again.body == Post.parse(text).body
    key_lines = lines_of(text, f"{quote}{key}{quote}", sep, fold)
    old_lines = text.splitlines(True)
    matcher = difflib.SequenceMatcher(None, old_lines, after.splitlines(True), autojunk=False)
    for op, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            assert set(range(i1, i2)) <= key_lines, (op, old_lines[i1:i2], after)


def lines_of(text: str, key: str, sep: str, fold: bool) -> set[int]:
    """Indices of the lines of ``key``'s entry: its own line and the lines that continue it
    (indented, or inside a bracket it opened)."""
    found: set[int] = set()
    inside = False
    for i, line in enumerate(text.splitlines(True)):
        bare = line.strip()
        head = bare.lower() if fold else bare
        if head.startswith(key) and head[len(key) :].lstrip().startswith(sep):
            inside = True
            found.add(i)
        elif inside and bare and (line[:1] in " \t" or bare.startswith("]")):
            found.add(i)
            inside = not bare.startswith("]")
        else:
            inside = False
    return found
