"""What the checks know of a site: post slugs by section, posts by folder, and caches of other
posts' text and of series groupings; rebuilt when the site's posts change.

Shared by the reference (site links), image (unused images) and series checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from editor.core.site import PostInfo, SeriesIssue, Site


@dataclass
class SiteIndex:
    posts: tuple[PostInfo, ...]
    sections: dict[str, list[str]]  # "blog" → the slugs of the posts in content/blog/
    by_folder: dict[Path, list[Path]]
    folded: dict[Path, str] = field(default_factory=dict)  # other posts' text, casefolded
    series: dict[tuple[Path, str, object], list[tuple[str, str, list[SeriesIssue]]]] = field(
        default_factory=dict
    )


_INDEX: list[SiteIndex] = []


def site_index(site: Site) -> SiteIndex:
    posts = site.posts
    if _INDEX and _INDEX[0].posts is posts:
        return _INDEX[0]
    sections: dict[str, list[str]] = {}
    by_folder: dict[Path, list[Path]] = {}
    # Pelican's URLs come from its URL settings (blog/2026/10/07/slug/), not its folders
    by_section = site.generator is None or site.generator.name != "pelican"
    for post in posts:
        by_folder.setdefault(post.path.parent, []).append(post.path)
        if not by_section:
            continue
        try:
            parts = post.path.relative_to(site.root).parts
        except ValueError:
            continue
        if len(parts) >= 3 and parts[0] == "content":
            sections.setdefault(parts[1], []).append(post.slug)
    index = SiteIndex(posts, sections, by_folder)
    _INDEX[:] = [index]
    return index


def is_bundle(path: Path) -> bool:
    name = path.name.casefold()
    return name.startswith("index.") and name.endswith((".md", ".markdown"))
