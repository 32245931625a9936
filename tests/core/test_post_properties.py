"""Hypothesis properties: load/dumps is the identity, and one edit changes one key's lines."""

from __future__ import annotations

import difflib
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.post import Post

KEYS = st.sampled_from(["title", "date", "description", "slug", "draft", "weight", "series"])
WORDS = st.text(alphabet=string.ascii_letters + string.digits + " -'\",.:#é—", max_size=30)
SAFE_WORD = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=20).map(str.strip)


@st.composite
def scalar_line(draw: st.DrawFn, key: str) -> str:
    word = draw(SAFE_WORD) or "x"
    style = draw(st.sampled_from(["plain", "single", "double", "int", "bool", "flow", "block"]))
    comment = draw(st.sampled_from(["", "  # note", " #x"]))
    if style == "single":
        return f"{key}: '{word}'{comment}"
    if style == "double":
        return f'{key}: "{word}"{comment}'
    if style == "int":
        return f"{key}: {draw(st.integers(-1000, 1000))}{comment}"
    if style == "bool":
        return f"{key}: {draw(st.sampled_from(['true', 'false']))}{comment}"
    if style == "flow":
        return f"{key}: ['{word}', {word!r}]{comment}"
    if style == "block":
        return f"{key}: |{comment}\n  {word}\n  second line  "
    return f"{key}: {word}{comment}"


@st.composite
def posts(draw: st.DrawFn) -> str:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    keys = draw(st.lists(KEYS, min_size=1, max_size=6, unique=True))
    lines = [draw(scalar_line(k)) for k in keys]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "# a comment")
    if draw(st.booleans()):
        lines.append("author:\n  name: Ann\n  avatar: ../a.png")
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "")
    front = nl.join(line.replace("\n", nl) for line in lines)
    body = draw(st.text(alphabet=string.printable, max_size=200))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return f"{bom}---{nl}{front}{nl}---{nl}{body}"


@given(posts())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_parse_dumps_is_identity(text: str) -> None:
    assert Post.parse(text).dumps() == text


@given(st.text(max_size=300))
def test_any_text_without_front_matter_round_trips(text: str) -> None:
    if text.lstrip("\ufeff").startswith("---"):
        return
    assert Post.parse(text).dumps() == text


@given(posts(), st.data())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_editing_one_key_changes_only_its_lines(text: str, data: st.DataObject) -> None:
    post = Post.parse(text)
    keys = [k for k in post.meta if k != "author"]
    key = data.draw(st.sampled_from(keys))
    value = data.draw(
        st.one_of(
            WORDS, st.integers(-(10**6), 10**6), st.booleans(), st.lists(SAFE_WORD, max_size=3)
        )
    )
    others = {k: v for k, v in post.meta.to_dict().items() if k != key}
    post.meta[key] = value
    after = post.dumps()
    again = Post.parse(after)
    assert again.meta[key] == value
    assert {k: v for k, v in again.meta.to_dict().items() if k != key} == others
    assert again.body == Post.parse(text).body
    # Every changed line belongs to the edited key.
    old_lines = text.splitlines(True)
    key_lines = _lines_of(text, key)
    for op, i1, i2, _j1, _j2 in difflib.SequenceMatcher(
        None, old_lines, after.splitlines(True)
    ).get_opcodes():
        if op in ("replace", "delete"):
            assert set(range(i1, i2)) <= key_lines, (op, old_lines[i1:i2])


def _lines_of(text: str, key: str) -> set[int]:
    """Indices of the lines that hold ``key``'s entry (its line and its indented continuation)."""
    lines = text.splitlines(True)
    found: set[int] = set()
    inside = False
    for i, line in enumerate(lines):
        bare = line.lstrip("\ufeff")
        if bare.startswith(f"{key}:"):
            inside = True
            found.add(i)
        elif inside and bare[:1] in (" ", "\t") and bare.strip():
            found.add(i)
        else:
            inside = False
    return found
