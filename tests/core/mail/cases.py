"""A small newsletter post with every kind of image a message must carry, or leave alone,
and what the tests read a message with."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from PIL import Image

POST = """\
---
title: Tideline 12 – Low water
description: Where the herons went, and a chart of the spring tides.
author:
  name: Ann Reed
  avatar: ../../assets/team/ann.png
date: 2024-05-17
---

The herons came back on Tuesday.

![The heron colony](./herons.png)

The same picture again, in HTML: <img src="herons.png" alt="Herons again">

![Tide chart](./chart.webp) and a photo ![The quay](./quay.webp)

![A diagram](./diagram.svg)

![From the web](https://example.com/remote.png)

<iframe src="https://www.youtube.com/embed/abc123" title="Low water film"></iframe>

<script>alert(1)</script>
<p onclick="alert(2)">Click nothing.</p>

<img src="/Users/alice/Desktop/shot.png" alt="A local shot">
<a href="file:///Users/alice/notes.txt">a local file</a>
"""

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10" fill="#0a0"/></svg>'
)


def make_post(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "blog" / "tideline-12"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(POST, encoding="utf-8")
    Image.new("RGB", (8, 6), (200, 30, 30)).save(folder / "herons.png")
    Image.new("RGBA", (5, 4), (0, 0, 255, 128)).save(folder / "chart.webp", "WEBP")  # clear
    Image.new("RGB", (6, 6), (90, 90, 20)).save(folder / "quay.webp", "WEBP")  # a photo
    (folder / "diagram.svg").write_bytes(SVG)
    team = tmp_path / "content" / "assets" / "team"
    team.mkdir(parents=True)
    Image.new("RGB", (48, 48), (30, 90, 200)).save(team / "ann.png")  # small: as it is
    return folder / "index.md"


def parsed(message: EmailMessage) -> EmailMessage:
    """The message as a mail client reads it back from its bytes."""
    back = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    assert isinstance(back, EmailMessage)
    return back


def cids_in(html: str) -> list[str]:
    return re.findall(r'src="cid:([^"]+)"', html)


def folder_state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
