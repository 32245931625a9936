"""A site: its posts, settings and series, and the next issue of a series (pure; no Qt).

Every public name of the package's modules is importable from here, and code outside the
package imports it from here (``from editor.core.site import Site``). The modules, from the bottom:

- :mod:`~editor.core.site.generators`: the site's generator detected from its config file
  (:func:`detect_generator`) and its rules (:class:`Generator`);
- :mod:`~editor.core.site.posts`: one post read into a :class:`PostInfo`;
- :mod:`~editor.core.site.settings`: ``galley.toml`` read into :class:`SiteSettings`;
- :mod:`~editor.core.site.series`: the series found among posts (:func:`group_series`);
- :mod:`~editor.core.site.naming`: the next issue's file, title and date- or number-made
  front-matter values in the series' own naming (:func:`next_path`);
- :mod:`~editor.core.site.includes`: a Jekyll site's includes, read for the reference
  definitions they make (:class:`IncludeFolder`);
- :mod:`~editor.core.site.assets`: where a post's images are (:class:`ImageResolver`) and where
  the latest posts keep theirs (:func:`learn_image_pattern`);
- :mod:`~editor.core.site.site`: the posts listed (:func:`scan_posts`, capped by its
  ``MAX_POSTS`` and ``MAX_FOLDERS``) and kept fresh by :class:`Site`;
- :mod:`~editor.core.site.newissue`: the next issue of a series planned and created.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.core.site.assets import (
        REFERENCE_STYLES,
        ImagePattern,
        ImageResolver,
        PostFacts,
        image_references,
        learn_image_pattern,
        markdown_destination,
        own_image_folder,
        written_by_the_build,
    )
    from editor.core.site.generators import (
        GENERATOR_NAMES,
        LABELS,
        NOT_POSTS,
        Derived,
        Generator,
        PostRules,
        SlugRule,
        config_root,
        derive,
        detect_generator,
        docusaurus_below,
        generator_named,
        header_lines_of,
        site_address,
        titleize_slug,
    )
    from editor.core.site.includes import IncludeFolder, include_definitions
    from editor.core.site.naming import (
        DEFAULT_SEPARATOR,
        MISSING,
        Marks,
        carry_value,
        images_named,
        is_bundle_index,
        name_of,
        next_path,
        next_title,
        rewrite_text,
        rewrite_value,
    )
    from editor.core.site.newissue import (
        TEMPLATE_NAME,
        IssuePlan,
        NewIssueError,
        add_issue,
        create_issue,
        find_series,
        plan_issue,
        render_template,
        require_whole_site,
    )
    from editor.core.site.posts import (
        PostInfo,
        read_post,
        slug_of,
    )
    from editor.core.site.series import (
        CADENCE_WINDOW,
        RECURRING_SHARE,
        Cadence,
        Series,
        SeriesIssue,
        TitleParts,
        build_series,
        group_series,
        shared_title_start,
        slug_issue,
        slugify,
        title_issue,
        title_parts,
    )
    from editor.core.site.settings import (
        CONFIG_NAME,
        FOLDER_POSTS,
        SITE_POSTS,
        EmailSettings,
        SiteConfigError,
        SiteError,
        SiteSettings,
        address_problem,
        default_posts,
        parse_settings,
        read_settings,
        renders_emoji,
    )
    from editor.core.site.site import (
        PostScan,
        Site,
        SiteTruncatedError,
        find_posts,
        find_root,
        matches_posts,
        post_header_lines,
        post_sources,
        scan_posts,
        site_generator,
    )

_HOMES = {
    "REFERENCE_STYLES": "editor.core.site.assets",
    "ImagePattern": "editor.core.site.assets",
    "ImageResolver": "editor.core.site.assets",
    "PostFacts": "editor.core.site.assets",
    "image_references": "editor.core.site.assets",
    "learn_image_pattern": "editor.core.site.assets",
    "markdown_destination": "editor.core.site.assets",
    "own_image_folder": "editor.core.site.assets",
    "written_by_the_build": "editor.core.site.assets",
    "GENERATOR_NAMES": "editor.core.site.generators",
    "LABELS": "editor.core.site.generators",
    "NOT_POSTS": "editor.core.site.generators",
    "Derived": "editor.core.site.generators",
    "Generator": "editor.core.site.generators",
    "PostRules": "editor.core.site.generators",
    "SlugRule": "editor.core.site.generators",
    "config_root": "editor.core.site.generators",
    "derive": "editor.core.site.generators",
    "detect_generator": "editor.core.site.generators",
    "docusaurus_below": "editor.core.site.generators",
    "generator_named": "editor.core.site.generators",
    "header_lines_of": "editor.core.site.generators",
    "site_address": "editor.core.site.generators",
    "titleize_slug": "editor.core.site.generators",
    "IncludeFolder": "editor.core.site.includes",
    "include_definitions": "editor.core.site.includes",
    "DEFAULT_SEPARATOR": "editor.core.site.naming",
    "MISSING": "editor.core.site.naming",
    "Marks": "editor.core.site.naming",
    "carry_value": "editor.core.site.naming",
    "images_named": "editor.core.site.naming",
    "is_bundle_index": "editor.core.site.naming",
    "name_of": "editor.core.site.naming",
    "next_path": "editor.core.site.naming",
    "next_title": "editor.core.site.naming",
    "rewrite_text": "editor.core.site.naming",
    "rewrite_value": "editor.core.site.naming",
    "TEMPLATE_NAME": "editor.core.site.newissue",
    "IssuePlan": "editor.core.site.newissue",
    "NewIssueError": "editor.core.site.newissue",
    "add_issue": "editor.core.site.newissue",
    "create_issue": "editor.core.site.newissue",
    "find_series": "editor.core.site.newissue",
    "plan_issue": "editor.core.site.newissue",
    "render_template": "editor.core.site.newissue",
    "require_whole_site": "editor.core.site.newissue",
    "PostInfo": "editor.core.site.posts",
    "read_post": "editor.core.site.posts",
    "slug_of": "editor.core.site.posts",
    "CADENCE_WINDOW": "editor.core.site.series",
    "RECURRING_SHARE": "editor.core.site.series",
    "Cadence": "editor.core.site.series",
    "Series": "editor.core.site.series",
    "SeriesIssue": "editor.core.site.series",
    "TitleParts": "editor.core.site.series",
    "build_series": "editor.core.site.series",
    "group_series": "editor.core.site.series",
    "shared_title_start": "editor.core.site.series",
    "slug_issue": "editor.core.site.series",
    "slugify": "editor.core.site.series",
    "title_issue": "editor.core.site.series",
    "title_parts": "editor.core.site.series",
    "CONFIG_NAME": "editor.core.site.settings",
    "FOLDER_POSTS": "editor.core.site.settings",
    "SITE_POSTS": "editor.core.site.settings",
    "EmailSettings": "editor.core.site.settings",
    "SiteConfigError": "editor.core.site.settings",
    "SiteError": "editor.core.site.settings",
    "SiteSettings": "editor.core.site.settings",
    "address_problem": "editor.core.site.settings",
    "default_posts": "editor.core.site.settings",
    "parse_settings": "editor.core.site.settings",
    "read_settings": "editor.core.site.settings",
    "renders_emoji": "editor.core.site.settings",
    "PostScan": "editor.core.site.site",
    "Site": "editor.core.site.site",
    "SiteTruncatedError": "editor.core.site.site",
    "find_posts": "editor.core.site.site",
    "find_root": "editor.core.site.site",
    "matches_posts": "editor.core.site.site",
    "post_header_lines": "editor.core.site.site",
    "post_sources": "editor.core.site.site",
    "scan_posts": "editor.core.site.site",
    "site_generator": "editor.core.site.site",
}
"""Where each name lives: imported when first asked for (PEP 562), so that opening a post,
which asks only whether its generator reads header lines (:func:`post_header_lines`), does not
load the series, naming and new-issue modules (about 35 ms) before the window's first paint."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "CADENCE_WINDOW",
    "CONFIG_NAME",
    "DEFAULT_SEPARATOR",
    "FOLDER_POSTS",
    "GENERATOR_NAMES",
    "LABELS",
    "MISSING",
    "NOT_POSTS",
    "RECURRING_SHARE",
    "REFERENCE_STYLES",
    "SITE_POSTS",
    "TEMPLATE_NAME",
    "Cadence",
    "Derived",
    "EmailSettings",
    "Generator",
    "ImagePattern",
    "ImageResolver",
    "IncludeFolder",
    "IssuePlan",
    "Marks",
    "NewIssueError",
    "PostFacts",
    "PostInfo",
    "PostRules",
    "PostScan",
    "Series",
    "SeriesIssue",
    "Site",
    "SiteConfigError",
    "SiteError",
    "SiteSettings",
    "SiteTruncatedError",
    "SlugRule",
    "TitleParts",
    "add_issue",
    "address_problem",
    "build_series",
    "carry_value",
    "config_root",
    "create_issue",
    "default_posts",
    "derive",
    "detect_generator",
    "docusaurus_below",
    "find_posts",
    "find_root",
    "find_series",
    "generator_named",
    "group_series",
    "header_lines_of",
    "image_references",
    "images_named",
    "include_definitions",
    "is_bundle_index",
    "learn_image_pattern",
    "markdown_destination",
    "matches_posts",
    "name_of",
    "next_path",
    "next_title",
    "own_image_folder",
    "parse_settings",
    "plan_issue",
    "post_header_lines",
    "post_sources",
    "read_post",
    "read_settings",
    "render_template",
    "renders_emoji",
    "require_whole_site",
    "rewrite_text",
    "rewrite_value",
    "scan_posts",
    "shared_title_start",
    "site_address",
    "site_generator",
    "slug_issue",
    "slug_of",
    "slugify",
    "title_issue",
    "title_parts",
    "titleize_slug",
    "written_by_the_build",
]
