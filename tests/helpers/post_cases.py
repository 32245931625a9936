"""Post files that must survive a load/save round trip byte for byte.

Kept as bytes in Python (not as files) so that no editor or git setting can normalise their
line ends, BOMs or trailing spaces.
"""

from __future__ import annotations

from pathlib import Path

CORPUS_LIKE = (
    b"---\n"
    b"title: Backstage Weekly 26 - Spotify's product story\n"
    b"date: '2021-05-17T21:00:00.0Z'\n"
    b"description: \n"
    b"tags: ['newsletter']\n"
    b"author:\n"
    b"  name: David Tuite\n"
    b"  avatar: '../../assets/team/david-tuite.jpg'\n"
    b"---\n"
    b"\n"
    b"Spotify published a case study.\n"
    b"\n"
    b"![A screenshot](./screenshot.png)\n"
)

RICH = (
    b"---\n"
    b"# Front matter of a richer post\n"
    b'title: "Galley Weekly 3 - \\"Quoted\\" things"   # shown on the index\n'
    b"date: 2021-05-17T21:00:00.0Z\n"
    b"draft: false\n"
    b"weight: 10\n"
    b"description: |\n"
    b"  A block scalar that keeps\n"
    b"  its line breaks.  \n"
    b"\n"
    b"summary: >-\n"
    b"  Folded text that\n"
    b"  reads as one line.\n"
    b"tags:\n"
    b"  - newsletter\n"
    b"  - 'backstage'\n"
    b"author:\n"
    b"  name: Ann Author\n"
    b"  avatar: ../../assets/team/ann.png\n"
    b"  links:\n"
    b"    - {site: github, url: 'https://github.com/ann'}\n"
    b"    - site: mastodon\n"
    b"      url: https://example.social/@ann\n"
    b"series: {name: Galley Weekly, number: 3}\n"
    b"empty:\n"
    b"---\n"
    b"Body text.\n"
)

CASES: dict[str, bytes] = {
    "corpus-like": CORPUS_LIKE,
    "rich": RICH,
    "crlf": CORPUS_LIKE.replace(b"\n", b"\r\n"),
    "bom": b"\xef\xbb\xbf" + CORPUS_LIKE,
    "bom-crlf": b"\xef\xbb\xbf" + RICH.replace(b"\n", b"\r\n"),
    "no-final-newline": CORPUS_LIKE.rstrip(b"\n"),
    "trailing-spaces": b"---  \ntitle: x   \ntags: [a]  \n---   \nLine with spaces   \n\t\n",
    "dashes-in-body": b"---\ntitle: x\n---\nIntro\n\n---\n\nMore\n---\nEnd\n",
    "empty-front-matter": b"---\n---\nJust a body.\n",
    "empty-front-matter-crlf": b"---\r\n---\r\n",
    "only-comments": b"---\n# nothing here yet\n---\nBody\n",
    "no-front-matter": b"# A heading\n\nNo front matter at all.\n",
    "thematic-break-first": b"--- \nnot: front\n---\n",
    "empty-file": b"",
    "only-front-matter": b"---\ntitle: x\n---",
    "blank-lines-in-front-matter": b"---\n\ntitle: x\n\n\ndate: 2020-01-01\n   \n---\n\n\nBody",
    "unicode": (
        "---\ntitle: Caf\u00e9 \u2014 \u201cquotes\u201d \U0001f680\n---\nna\u00efve \u2013 text\n"
    ).encode(),
    "mixed-line-ends": b"---\r\ntitle: x\n---\r\nA\nB\r\nC\r",
    "indented-sequences": b"---\ntags:\n- a\n- b\nlist:\n    -   x\n---\n",
}

# A valid 1x1 PNG, for posts that need an image beside them.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a3b90000000049454e44ae426082"
)


def write_site_post(root: Path, *, screenshot: bool = False) -> Path:
    """A site at ``root`` (an empty ``galley.toml``) holding ``CORPUS_LIKE`` as
    ``content/blog/weekly-26/index.md``, with its ``screenshot.png`` beside it if asked."""
    (root / "galley.toml").write_text("")
    folder = root / "content" / "blog" / "weekly-26"
    folder.mkdir(parents=True)
    if screenshot:
        (folder / "screenshot.png").write_bytes(PNG_1X1)
    path = folder / "index.md"
    path.write_bytes(CORPUS_LIKE)
    return path
