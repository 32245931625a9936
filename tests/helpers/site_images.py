"""Small sites whose posts reference images the ways generators serve them (own text, tiny
PNGs): a Jekyll site (``/assets/img/x.png`` from the site root), a Hugo site (a leaf bundle and
``static/images/``), a Docusaurus site (``website/static/img/``) and a Hugo newsletter keeping
each issue's images in ``static/emails/issues/<N>/``. Each is detected by its config file, and
its generator profile gives the static folders."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from editor.core.site import Generator, Site
from tests.helpers.image_cases import picture, write


def with_static(site: Site, *roots: Path) -> Site:
    """``site`` with its site-root paths served from ``roots`` (none: as with no profile)."""
    generator = site.generator or Generator("gatsby", "Gatsby", site.root)
    site.generator = dataclasses.replace(generator, static_roots=tuple(roots))
    return site


def png(color: str = "red") -> bytes:
    return picture("PNG", (2, 2), color)


def post(path: Path, front: str, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return path


def jekyll_site(root: Path) -> Site:
    """A post in ``_posts/`` showing ``/assets/img/harbour.png`` from the site root."""
    (root / "_config.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text("title: Harbour notes\n")
    write(root / "assets" / "img" / "harbour.png", png())
    write(root / "assets" / "img" / "tide table.png", png("blue"))
    post(
        root / "_posts" / "2024-03-01-harbour.md",
        "title: Harbour\ndate: 2024-03-01\n",
        "![The harbour](/assets/img/harbour.png)\n\n"
        '<img src="/assets/img/tide%20table.png" alt="Tides">\n\n'
        "![Gone](/assets/img/gone.png)\n",
    )
    return Site.open(root)


def hugo_site(root: Path) -> Site:
    """A leaf bundle with a cover beside its ``index.md`` and a map in ``static/images/``."""
    (root / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\n')
    bundle = root / "content" / "posts" / "lighthouse-trip"
    write(bundle / "cover.png", png())
    write(root / "static" / "images" / "map.png", png("green"))
    write(root / "static" / "images" / "unused.png", png("black"))
    post(
        bundle / "index.md",
        "title: Lighthouse trip\ndate: 2024-04-02\n",
        "![Cover](cover.png)\n\n![The map](/images/map.png?v=2)\n",
    )
    return Site.open(root)


def docusaurus_site(root: Path) -> Site:
    """A ``website/`` with a dated bundle showing ``/img/logo.png`` from ``static/``."""
    website = root / "website"
    website.mkdir(parents=True, exist_ok=True)
    (website / "docusaurus.config.js").write_text("module.exports = {};\n")
    write(website / "static" / "img" / "logo.png", png())
    bundle = website / "blog" / "2024-05-21-hello"
    write(bundle / "diagram.png", png("blue"))
    post(
        bundle / "index.md",
        "title: Hello\n",
        "![Logo](/img/logo.png)\n\n![Diagram](./diagram.png)\n",
    )
    return Site.open(website)


def newsletter_site(root: Path, issues: tuple[int, ...] = (11, 12, 13)) -> Site:
    """Weekly issues, each keeping its images in ``static/emails/issues/<N>/`` and showing
    them as ``/emails/issues/<N>/x.png``; the site logo in ``static/img/`` is in every one."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\n')
    write(root / "static" / "img" / "logo.png", png("black"))
    for day, number in enumerate(issues, start=1):
        folder = root / "static" / "emails" / "issues" / str(number)
        write(folder / "chart.png", png())
        write(folder / f"photo-{number}.png", png("green"))
        post(
            root / "content" / "newsletter" / f"weekly-{number}.md",
            f"title: Weekly {number} - Harbour news\ndate: 2024-06-{day:02d}\n",
            "![Logo](/img/logo.png)\n\n"
            f"![Chart](/emails/issues/{number}/chart.png)\n\n"
            f"![Photo](/emails/issues/{number}/photo-{number}.png)\n",
        )
    return Site.open(root)
