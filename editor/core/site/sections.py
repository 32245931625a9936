"""The sections a series' issues share, found by similarity (pure; no Qt).

Issues rarely spell a recurring section the same way twice: "Merged last week", "Merged in the
last 2 weeks", "Merged recently", "Recent Backstage merges". :func:`recurring_sections` finds
them across all of a series' issues:

1. Each heading of level 1 to 3 (level 1 where issues use it for their top sections, as This
   Week in Rust does) is normalised to a set of word stems: case, punctuation, emoji and words
   of the series' own name ("Backstage Weekly") dropped unless the heading has no others
   ("Kiln of the Week" in "This Week in Kilns"), a few function words ("in", "the", "to")
   too, "two" read as "2", and "merged", "merges" and "merge" alike. The first stem weighs
   double: it says what the section is ("Merged ..." against "2,790 pull requests merged";
   "Roadie news" against "Other news").
2. Distinct headings are clustered (average link) by the overlap of their stems, never joining
   two headings of the same issue (an issue has each section once) nor a section that opens
   the issues with one that closes them.
3. A cluster is a recurring section when :data:`MIN_ISSUES` issues have it (all of them, in
   a shorter series) and those issues weigh at least :data:`RECURRING_SHARE` of all issues, an
   issue weighing half as much every :data:`HALF_LIFE` issues back: a section the newest issues
   dropped fades out, and one they took up counts sooner.
4. The sections are ordered by where the issues put them (weighted the same way) and take the
   newest issue's wording, at their usual level.

What the recent issues open and close with alike besides headings (a Hugo ``{{< subscribe >}}``
shortcode, an MDX ``import`` line, a sign-off paragraph) is found by :func:`shared_blocks`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

RECURRING_SHARE = 0.3
"""The weighted share of issues a section must appear in."""
MIN_ISSUES = 3
"""The fewest issues a section must appear in (every issue, in a series with fewer)."""
HALF_LIFE = 5
"""Issues back at which an issue weighs half as much as the newest."""
SIMILAR = 0.5
"""Least stem overlap (shared stems over the smaller heading's stems) for one section."""
_FAR_APART = 0.5  # sections whose usual places differ by more than this are not the same
_STOP = frozenset([
    "a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over", "our",
    "some", "the", "this", "these", "to", "up", "with",
])  # fmt: skip
_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}
_SUFFIXES = ("ing", "ies", "ed", "es", "ly", "s", "e")
_UNSTEMMED = frozenset(["news", "series", "always", "thus", "this", "less", "across"])
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
BOILERPLATE_WINDOW = 5
"""The newest issues whose opening and closing blocks are compared."""
BOILERPLATE_ISSUES = 3
"""How many of them must have a block, word for word, for it to recur (all, with fewer)."""
_HEADING_LINE = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_FENCE_LINE = re.compile(r" {0,3}(`{3,}|~{3,})")


Stems = frozenset[tuple[str, int]]  # a heading's stems and their weights


@dataclass
class _Cluster:
    stems: list[Stems]  # each member heading's stems
    issues: set[int] = field(default_factory=set)  # newest-first indexes of issues having it
    # (issue, place in it from 0 to 1, level, text) of each heading found
    found: list[tuple[int, float, int, str]] = field(default_factory=list)


def recurring_sections(
    series_name: str, outlines_newest_first: Sequence[Sequence[tuple[int, str]]]
) -> tuple[tuple[int, str], ...]:
    """The sections the issues share, as (level, heading), in the issues' usual order.

    Args:
        series_name: the series' name; its words are not what tells sections apart.
        outlines_newest_first: each issue's headings as (level, text), the newest issue first.
    """
    name_words = {_stem(w) for w in _words(series_name)}
    clusters: dict[Stems, _Cluster] = {}
    for issue, outline in enumerate(outlines_newest_first):
        headings = [(lvl, text) for lvl, text in outline if lvl in (1, 2, 3) and _words(text)]
        seen: set[Stems] = set()
        for place, (level, text) in enumerate(headings):
            words = list(map(_stem, _words(text)))
            # ("Kiln of the Week" in "This Week in Kilns": made of the name's words alone)
            stems = _weighted([s for s in words if s not in name_words] or words)
            if not stems or stems in seen:
                continue
            seen.add(stems)
            cluster = clusters.setdefault(stems, _Cluster([stems]))
            cluster.issues.add(issue)
            spot = place / (len(headings) - 1) if len(headings) > 1 else 0.0
            cluster.found.append((issue, spot, level, text.strip()))
    merged = _agglomerate(list(clusters.values()))
    weights = [0.5 ** (i / HALF_LIFE) for i in range(len(outlines_newest_first))]
    total = sum(weights)
    least = min(MIN_ISSUES, len(outlines_newest_first))
    kept = [
        c
        for c in merged
        if len(c.issues) >= max(2, least)
        and sum(weights[i] for i in c.issues) >= RECURRING_SHARE * total
    ]
    kept.sort(key=lambda c: _usual_place(c, weights))
    return tuple(_shown(c) for c in kept)


def _agglomerate(clusters: list[_Cluster]) -> list[_Cluster]:
    """Merge the most similar pair of clusters until none is similar enough (average link)."""
    alive = dict(enumerate(clusters))
    similarity: dict[tuple[int, int], float] = {}
    sharing: dict[str, list[int]] = {}  # only headings that share a stem can be alike
    for key, cluster in alive.items():
        for stem, _ in cluster.stems[0]:
            sharing.setdefault(stem, []).append(key)
    for keys in sharing.values():
        for x, a in enumerate(keys):
            for b in keys[x + 1 :]:
                if (a, b) not in similarity:
                    similarity[a, b] = _overlap(alive[a].stems[0], alive[b].stems[0])
    while True:
        best = max(
            (
                (value, pair)
                for pair, value in similarity.items()
                if value >= SIMILAR and _compatible(alive[pair[0]], alive[pair[1]])
            ),
            default=None,
        )
        if best is None:
            return list(alive.values())
        a, b = best[1]
        first, second = alive[a], alive.pop(b)
        sizes = len(first.stems), len(second.stems)
        for c in alive:
            if c == a:
                continue
            to_a = similarity.pop(_pair(a, c), 0.0)
            to_b = similarity.pop(_pair(b, c), 0.0)
            value = (sizes[0] * to_a + sizes[1] * to_b) / (sizes[0] + sizes[1])
            if value > 0:
                similarity[_pair(a, c)] = value
        similarity.pop(_pair(a, b), None)
        similarity = {pair: v for pair, v in similarity.items() if b not in pair}
        first.stems += second.stems
        first.issues |= second.issues
        first.found += second.found


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _compatible(a: _Cluster, b: _Cluster) -> bool:
    if a.issues & b.issues:
        return False  # one issue has both: two sections
    return abs(_mean_place(a) - _mean_place(b)) <= _FAR_APART


def _mean_place(cluster: _Cluster) -> float:
    return sum(spot for _, spot, _, _ in cluster.found) / len(cluster.found)


def _usual_place(cluster: _Cluster, weights: Sequence[float]) -> float:
    total = sum(weights[issue] for issue, _, _, _ in cluster.found)
    return sum(weights[issue] * spot for issue, spot, _, _ in cluster.found) / total


def _shown(cluster: _Cluster) -> tuple[int, str]:
    """The newest wording (its trailing "..." kept), at the cluster's most common level."""
    newest = min(cluster.found, key=lambda f: f[0])
    levels = Counter(level for _, _, level, _ in cluster.found)
    top = max(levels.values())
    by_age = sorted(cluster.found, key=lambda f: f[0])
    level = next(level for _, _, level, _ in by_age if levels[level] == top)
    return level, newest[3]


def _weighted(stems: list[str]) -> Stems:
    weights: dict[str, int] = {}
    for index, stem in enumerate(stems):
        weights[stem] = max(weights.get(stem, 0), 2 if index == 0 else 1)
    return frozenset(weights.items())


def _overlap(a: Stems, b: Stems) -> float:
    """Shared weight over the lighter heading's weight: 1 when one heading's stems are all in
    the other's (with the same weight)."""
    left, right = dict(a), dict(b)
    shared = sum(min(w, right[s]) for s, w in left.items() if s in right)
    return shared / min(sum(left.values()), sum(right.values()))


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = [w.replace("’", "'") for w in _WORD.findall(folded.replace(",", ""))]
    return [_NUMBERS.get(w, w) for w in words if w not in _STOP]


def _stem(word: str) -> str:
    """A crude English stem, enough to tell "merged", "merges" and "merge" are one word."""
    if word.isdigit() or len(word) <= 3 or word in _UNSTEMMED or word.endswith("ss"):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def shared_blocks(
    bodies_newest_first: Sequence[str], *, title_heading: bool = False
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The blocks (paragraphs, generator syntax lines, code fences) that open and that close
    the recent issues alike: each, word for word and in its place, in
    :data:`BOILERPLATE_ISSUES` of the :data:`BOILERPLATE_WINDOW` newest issues (in every
    issue of a shorter series; two issues at least). A run stops at a heading, which the
    recurring sections give. ``title_heading``: the bodies open with the post's title as a
    ``#`` heading (Docusaurus), which is skipped. Returns (opening, closing), each in order,
    as the newest issue that has it writes it, lines joined with ``\n``."""
    recent = [_blocks(body, title_heading) for body in bodies_newest_first[:BOILERPLATE_WINDOW]]
    if len(recent) < 2:
        return (), ()
    need = min(BOILERPLATE_ISSUES, len(recent))
    opening = _shared_run(recent, need)
    rest = [b[len(opening) :] if b[: len(opening)] == opening else b for b in recent]
    closing = _shared_run([b[::-1] for b in rest], need)[::-1]
    return tuple(opening), tuple(closing)


def _shared_run(issues: Sequence[Sequence[str]], need: int) -> list[str]:
    """The longest run of blocks that ``need`` issues start with (no heading among them)."""
    run: list[str] = []
    alive = list(range(len(issues)))
    while True:
        place = len(run)
        found = [issues[i][place] for i in alive if len(issues[i]) > place]
        counts = Counter(found)
        best = next((b for b in found if counts[b] == max(counts.values())), None)
        if best is None or counts[best] < need or _HEADING_LINE.match(best):
            return run
        run.append(best)
        alive = [i for i in alive if len(issues[i]) > place and issues[i][place] == best]


def _blocks(body: str, title_heading: bool) -> list[str]:
    """A body's blocks: runs of non-blank lines (a fenced code block whole, blank lines and
    all), each without its line ends."""
    blocks: list[str] = []
    current: list[str] = []
    fence = ""
    for line in body.splitlines():
        opening = _FENCE_LINE.match(line)
        if fence:
            current.append(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    if title_heading and blocks:
        heading = _HEADING_LINE.match(blocks[0])
        if heading is not None and len(heading.group(1)) == 1:
            blocks = blocks[1:]
    return blocks
