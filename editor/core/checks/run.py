"""Running the checks: :func:`check_site`, :func:`check_post`, and :func:`apply_fix`, which
hands a problem's text fix to the module that knows it.

The one module that imports every concept module of :mod:`editor.core.checks`; none of them
imports it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

from editor.core import fileio
from editor.core.checks.front_matter import (
    duplicate_key_problems,
    front_matter_problems,
    supplied_fields,
)
from editor.core.checks.images import unused_images
from editor.core.checks.mail import mail_problems
from editor.core.checks.problem import (
    LINK_PULL_REQUESTS,
    REPLACE_TARGET,
    WRAP_PATH,
    Problem,
    sort_key,
)
from editor.core.checks.pull_requests import link_pull_requests, pull_request_problems
from editor.core.checks.references import (
    front_matter_images,
    reference_problems,
    replace_target,
    scan_body,
    wrap_path,
)
from editor.core.checks.series import (
    own_series_problems,
    scoped_series_problems,
    series_problems,
    title_line_of,
)
from editor.core.checks.site_index import site_index
from editor.core.checks.styles import style_problems
from editor.core.errors import FrontMatterError, GalleyError
from editor.core.mail import MailOptions
from editor.core.post import Post, decode
from editor.core.render.dialects import dialect_for_generator
from editor.core.site import Generator, Site, SiteSettings, header_lines_of


def check_site(site: Site, posts: Iterable[Path] | None = None) -> list[Problem]:
    """Check the posts of ``site`` as saved on disk: all of them, or just ``posts``.

    With ``posts`` given, only those posts' problems are reported: another issue's own series
    problem and the series' gaps appear only when the whole site is checked, or as notes on a
    checked post they bear on (see :func:`~editor.core.checks.series.scoped_series_problems`).
    The result is sorted by path, then line.
    """
    paths = (
        [p.path for p in site.posts]
        if posts is None
        else list(dict.fromkeys(Path(os.path.abspath(p)) for p in posts))
    )
    problems: list[Problem] = []
    texts: dict[Path, str] = {}
    for path in paths:
        try:
            text = decode(fileio.read_bytes(path), path)
        except GalleyError as exc:
            problems.append(_unreadable(path, exc))
            continue
        except OSError as exc:  # fileio wraps its errors; this is a last resort
            problems.append(_unreadable(path, GalleyError(f"Could not read {path}.", str(exc))))
            continue
        texts[path] = text
        problems += _check_text(site, path, text, series=False)
    wanted = set(paths)
    for series in site.series():
        if not any(issue.post.path in wanted for issue in series.issues):
            continue
        title_line = functools.partial(title_line_of, texts=texts)
        if posts is None:
            problems += series_problems(series, title_line)
        else:
            problems += scoped_series_problems(series, wanted, title_line)
    return sorted(problems, key=sort_key)


def check_post(site: Site | None, path: Path, text: str) -> list[Problem]:
    """Check one post from its current ``text`` (which may be unsaved).

    With ``site`` None only the checks of the post itself run (its front matter, its images and
    links); with a site, also its series, its folder's unused images and pull-request links.
    Series problems are only those of this post. Sorted by line.
    """
    path = Path(os.path.abspath(path))
    return sorted(_check_text(site, path, text, series=True), key=sort_key)


def apply_fix(problem: Problem, text: str, site_settings: SiteSettings | None = None) -> str:
    """The post ``text`` with ``problem``'s fix applied.

    ``wrap-path`` puts a destination with spaces in angle brackets on the problem's line;
    ``replace-target`` rewrites a destination on it (``./https://…`` becomes ``https://…``);
    ``link-pull-requests`` links the references on the problem's line (or in the whole post for
    line 0) and needs ``site_settings`` with a ``pull_request_base``.

    Raises:
        ValueError: the problem has no text fix, or there is no pull-request base URL.
    """
    fix = problem.fix
    if fix is not None and fix.kind == WRAP_PATH and fix.target is not None:
        return wrap_path(text, problem.line, fix.target)
    if fix is not None and fix.kind == REPLACE_TARGET and fix.target and fix.replacement:
        return replace_target(text, problem.line, fix.target, fix.replacement)
    if fix is None or fix.kind != LINK_PULL_REQUESTS:
        kind = fix.kind if fix is not None else "none"
        raise ValueError(f"The fix {kind!r} of {problem.code!r} does not change the text.")
    base = site_settings.pull_request_base if site_settings is not None else None
    if not base:
        raise ValueError("Linking pull requests needs the site's pull_request_base setting.")
    return link_pull_requests(text, base, line=problem.line or None)


def _check_text(site: Site | None, path: Path, text: str, *, series: bool) -> list[Problem]:
    """Every check of one post; ``series``: also this post's series problems (from ``text``)."""
    generator = site.generator if site is not None else None
    try:
        post = Post.parse(text, path, header_lines=header_lines_of(generator))
    except FrontMatterError as exc:
        message = f"{exc.summary} {exc.detail}".strip()
        return [Problem(path, exc.line, "error", "invalid-front-matter", message)]
    meta = post.meta.to_dict()
    keys = post.key_lines()  # (in every format; header lines' keys lower-case, as read)
    if generator is not None and generator.fold_keys:  # Pelican's "Title:" is title
        meta = dict(generator.meta_view(meta))
        keys = {key.casefold(): line for key, line in reversed(keys.items())}
    problems = front_matter_problems(
        path,
        meta,
        keys,
        post.has_front_matter,
        supplied=supplied_fields(generator, path, meta, post.body),
        date_keys=generator.date_keys if generator is not None else ("date",),
        description_key=generator.description_key if generator is not None else "description",
        written=_written_keys(generator),
    )
    problems += duplicate_key_problems(path, post.duplicate_keys, keys, generator)
    dialect = dialect_for_generator(generator, path)
    scan = scan_body(post.body, post.body_start_line, dialect)
    if generator is not None and generator.name == "astro":  # (its schema's image fields)
        scan.targets[:0] = front_matter_images(meta, keys)
    index = site_index(site) if site is not None else None
    images = site.image_resolver(path) if site is not None else None
    links = generator.source_links if generator is not None else ()
    problems += reference_problems(path, scan, index, images, links)
    problems += style_problems(path, scan)
    options = MailOptions.from_settings(site.settings.email) if site else MailOptions()
    mail = mail_problems(
        path,
        post,
        scan,
        options,
        emoji=bool(site.settings.emoji) if site is not None else False,
        dialect=dialect,
        generator=generator,
        images=images,
    )
    if options.preheader_key == "description" and any(
        p.code == "missing-description" for p in problems
    ):  # the preheader is the description: missing-description says what to add, once
        mail = [p for p in mail if p.code != "email-missing-preheader"]
    problems += mail
    if site is not None and index is not None:  # (the index exists exactly when the site does)
        if site.settings.pull_request_base:
            problems += pull_request_problems(path, scan)
        problems += unused_images(site, index, path, text)
        if series:
            title = keys.get("title", 0)
            problems += own_series_problems(site, index, path, meta, title)
    return problems


def _written_keys(generator: Generator | None) -> dict[str, str]:
    """How the messages write the keys of a generator that reads them case-insensitively:
    capitalised, as Pelican's header lines are (``Title``, ``Summary``) and as Galley writes
    a new one."""
    if generator is None or not generator.fold_keys:
        return {}
    return {key: key.capitalize() for key in ("title", generator.description_key)}


def _unreadable(path: Path, exc: GalleyError) -> Problem:
    return Problem(path, 0, "error", "unreadable-post", f"{exc.summary} {exc.detail}".strip())
