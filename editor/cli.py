"""Galley's command line (pure; no Qt).

``galley PATH`` opens the editor window (supplied by the application layer); the subcommands
``galley render POST`` (the preview page), ``galley export POST`` (a self-contained page to mail
or publish; with ``--text``, the plain-text part of its mail), ``galley check PATH``
(pre-publish checks of a post or a whole site), ``galley new SITE`` (the next issue of a
series) and ``galley send-test POST`` (a test e-mail, :mod:`editor.cli_send`) run without a
display;
``galley --install-desktop-entry`` puts Galley in the applications menu.

Exit status: 0 when all went well (``check``: no errors; warnings and notes are fine), 1 when it
failed or ``check`` found errors, 2 on bad usage or input that cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from editor import __version__, cli_send
from editor.core import plural
from editor.core.errors import GalleyError, PostLoadError

if TYPE_CHECKING:
    from editor.core.post import Post
    from editor.core.render.dialects import Dialect
    from editor.core.site import Generator, ImageResolver, Site

OpenWindow = Callable[[list[Path]], int]

_COMMANDS = ("render", "export", "check", "new", cli_send.COMMAND)
_OPTIONS = ("-h", "--help", "--version", "--install-desktop-entry", "--uninstall-desktop-entry")
_BAD_INPUT = 2
_log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="galley",
        description="Galley: write Markdown newsletters and blog posts, and see them as readers "
        "will. Run 'galley PATH' to open a post or a site folder in the editor window.",
        epilog="Run 'galley COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"galley {__version__}")
    menu = parser.add_mutually_exclusive_group()
    menu.add_argument(
        "--install-desktop-entry", action="store_true",
        help="add Galley to your applications menu and let it open Markdown files "
        "(writes a desktop entry and icons under $XDG_DATA_HOME, by default ~/.local/share)",
    )  # fmt: skip
    menu.add_argument(
        "--uninstall-desktop-entry", action="store_true",
        help="remove what --install-desktop-entry wrote",
    )  # fmt: skip
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    render = commands.add_parser(
        "render", help="write a post's preview page as HTML",
        description="Render a post (front matter and Markdown) to a standalone HTML page.",
    )  # fmt: skip
    render.add_argument("post", type=Path, metavar="POST", help="the post's Markdown file")
    render.add_argument(
        "-o", "--output", type=Path, metavar="FILE",
        help="write the page to FILE instead of standard output",
    )  # fmt: skip
    export = commands.add_parser(
        "export", help="write a post as one self-contained HTML file, ready to mail",
        description="Export a post to one self-contained HTML file: styles inlined, local images "
        "embedded, embeds turned into links, no scripts and no local paths; with --eml, an "
        "e-mail message; with --text, the plain text of its mail. Prints the size written (and "
        "the HTML's) to standard error.",
    )  # fmt: skip
    export.add_argument("post", type=Path, metavar="POST", help="the post's Markdown file")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE",
        help="write the HTML (or the text) to FILE instead of standard output",
    )  # fmt: skip
    export.add_argument(
        "--fragment", action="store_true",
        help="write only the <article> (header and body), to paste into another page or a mailer",
    )  # fmt: skip
    export.add_argument(
        "--text", action="store_true",
        help="write the post as plain text instead, as the text part of a mail has it: "
        "wrapped at 72 columns, links numbered and listed at the end, no HTML or Markdown",
    )  # fmt: skip
    export.add_argument(
        "--site-url", metavar="URL",
        help="the published site's address (e.g. https://example.com), so that site links "
        "such as /blog/other-post/ keep working; without it only their text is kept",
    )  # fmt: skip
    export.add_argument(
        "--eml", action="store_true",
        help="write an e-mail message (.eml) instead: the HTML and a plain-text part, local "
        "images attached, subject, preheader, From and To from galley.toml's [email]",
    )  # fmt: skip
    check = commands.add_parser(
        "check", help="check a post or a whole site before publishing",
        description="Check posts for broken image and link references, images without alt "
        "text, unused images, missing or invalid front matter, series numbering, and bare "
        "pull-request numbers, and posts that carry their own <style>. Prints 'path:line: "
        "severity: message' lines ('path: severity: message' for the whole post). Checking "
        "one post reports that post's problems only. Exit status: 0 when there are no errors, "
        "1 when there are (or the site is too big to read whole), 2 when PATH cannot be read "
        "or holds no posts.",
    )  # fmt: skip
    check.add_argument("path", type=Path, metavar="PATH", help="a post, or a site folder")
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    check.add_argument(
        "--spelling", action="store_true",
        help="also check spelling (as notes, which never fail the check); code, addresses, "
        "names like TechDocs or API, and the words in the site's galley-words.txt are skipped",
    )  # fmt: skip
    check.add_argument(
        "--seed-dictionary", action="store_true",
        help="instead of checking, print the unknown words the site's posts use often (in 3 "
        "posts, or 5 times), the candidates for its word list galley-words.txt",
    )  # fmt: skip
    check.add_argument(
        "--write", action="store_true",
        help="with --seed-dictionary: add the proposed words to galley-words.txt",
    )  # fmt: skip
    new = commands.add_parser(
        "new", help="create the next issue of a series",
        description="Create the next issue of a newsletter series: the next number, the "
        "series' usual weekday and time, its author, avatar and tags, and its recurring "
        "sections, in a file named as the latest issue's is, with the front-matter values that "
        "hold its date or number moved on. Prints the new post's path. Never overwrites "
        "anything.",
    )  # fmt: skip
    new.add_argument("site", type=Path, metavar="SITE", help="the site folder")
    new.add_argument(
        "--series", metavar="NAME",
        help="the series (by name or slug prefix); default: the one with the newest issue",
    )  # fmt: skip
    new.add_argument("--title", default="", metavar="SUBTITLE", help="the issue's subtitle")
    new.add_argument(
        "--from", dest="start", type=_day, metavar="YYYY-MM-DD",
        help="the first day the issue may come out (default: today); it is dated on the "
        "series' usual weekday on or after it",
    )  # fmt: skip
    new.add_argument(
        "--dry-run", action="store_true",
        help="print the new post's path, number, date and text without creating anything",
    )  # fmt: skip
    cli_send.add_parser(commands)
    return parser


def _day(text: str) -> dt.date:
    """A ``--from`` day; argparse says what is wrong with anything else."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a day; write it as YYYY-MM-DD, like 2026-09-04"
        ) from None


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="galley", add_help=False)
    parser.add_argument("paths", nargs="*", type=Path)
    return parser


def main(argv: Sequence[str] | None = None, open_window: OpenWindow | None = None) -> int:
    """Run the command line; returns the process exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    if first not in _COMMANDS and not any(a in _OPTIONS for a in args_list):
        paths = _open_parser().parse_args(args_list).paths
        if open_window is None:
            print(
                "galley: the editor window is not available in this build. "
                "Use 'galley render POST' to see a post rendered.",
                file=sys.stderr,
            )
            return 2
        return open_window(paths)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        if args.command is not None:
            parser.error("--install-desktop-entry and --uninstall-desktop-entry take no command")
        return _desktop_entry(install=args.install_desktop_entry)
    try:
        from editor.core.export import export_page  # here: 'galley POST' does not need them
        from editor.core.page import preview_page
        from editor.core.post import Post
        from editor.core.site import post_header_lines

        text = args.command == "export" and args.text
        eml = args.command == "export" and args.eml
        if text and eml:
            parser.error("--text and --eml do not go together: a message carries its own text")
        if (text or eml) and args.fragment:
            parser.error("--fragment only goes with the HTML file, not with --text or --eml")
        if args.command in ("render", "export") and args.output is not None:
            suffix = ".eml" if eml else ".txt" if text else ".html"
            problem = _output_problem(args.output, args.post, suffix)
            if problem is not None:  # before reading: the post is never at risk
                return _fail(*problem, status=_BAD_INPUT)
        if args.command == "render":
            post = Post.load(args.post, header_lines=post_header_lines(args.post))
            from editor.core.render import render_document

            emoji, dialect, generator, images = _site_rendering(args.post)
            folder = post.path.parent if post.path is not None else None
            body = render_document(
                post.body, folder, post.body_start_line, emoji=emoji, dialect=dialect, images=images
            ).html
            page = preview_page(
                post,
                base_url=_folder_url(post),
                body_html=body,
                dialect=dialect,
                generator=generator,
                images=images,
            )
            return _write(page, args.output)
        if args.command == "export":
            post = Post.load(args.post, header_lines=post_header_lines(args.post))
            emoji, dialect, generator, images = _site_rendering(args.post)
            if text:
                from editor.core.mail import plain_text

                return _write(
                    plain_text(
                        post,
                        site_url=args.site_url,
                        emoji=emoji,
                        dialect=dialect,
                        generator=generator,
                        images=images,
                    ),
                    args.output,
                )
            if args.eml:
                rendering = (emoji, dialect, generator, images)
                return _export_eml(post, args.output, args.site_url, *rendering)
            html = export_page(
                post,
                fragment=args.fragment,
                site_url=args.site_url,
                emoji=emoji,
                dialect=dialect,
                generator=generator,
                images=images,
            )
            status = _write(html, args.output)
            if status == 0:  # the size a mail takes without the embedded images
                bare = len(re.sub(r"data:image/[^\"'\s)]*", "", html).encode("utf-8"))
                _sizes(args.output, len(html.encode("utf-8")), f"{_size(bare)} without images")
            return status
        if args.command == "check":
            if args.write and not args.seed_dictionary:
                parser.error("--write only goes with --seed-dictionary")
            if args.seed_dictionary:
                return _seed_dictionary(args.path, write=args.write)
            return _check(args.path, as_json=args.json, spelling=args.spelling)
        if args.command == "new":
            return _new(args.site, args.series, args.title, dry_run=args.dry_run, start=args.start)
        if args.command == cli_send.COMMAND:
            return cli_send.run(args, _site_rendering)
    except PostLoadError as exc:  # the post itself cannot be read: bad input
        return _fail(exc.summary, exc.detail, status=_BAD_INPUT)
    except GalleyError as exc:
        return _fail(exc.summary, exc.detail)
    except BrokenPipeError:  # e.g. 'galley check --json SITE | head': the reader has enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug: say so in two parts, never as a traceback
        _log.debug("galley %s failed", args.command, exc_info=True)
        return _fail(
            f"Could not {args.command} {_subject(args)}: Galley hit an internal error "
            f"({type(exc).__name__}).",
            "This is a bug in Galley; please report it together with the post.",
        )
    return 0


def _export_eml(
    post: Post,
    output: Path | None,
    site_url: str | None,
    emoji: bool,
    dialect: Dialect,
    generator: Generator | None,
    images: ImageResolver | None,
) -> int:
    """Write the post as an e-mail message (``galley export --eml``); print its sizes."""
    from editor.core.mail import compose_message, html_part_size, mail_options_for
    from editor.core.site import SiteConfigError

    try:
        options = mail_options_for(post.path, site_url=site_url)
    except SiteConfigError as exc:  # its [email] may be what is wrong: never a placeholder
        return _fail(exc.summary, exc.detail, status=_BAD_INPUT)
    message = compose_message(
        post, options, emoji=emoji, dialect=dialect, generator=generator, images=images
    )
    data = message.as_bytes()
    status = _write(data, output)
    if status == 0:
        _sizes(output, len(data), f"HTML part {_size(html_part_size(message))}")
    return status


def _size(count: int) -> str:
    """A size as people read it: ``84 KB``, ``1.2 MB`` (of 1,024 bytes a KB)."""
    if count < 1024:
        return f"{count} bytes"
    return f"{round(count / 1024)} KB" if count < 1024 * 1024 else f"{count / 1048576:.1f} MB"


def _sizes(output: Path | None, total: int, part: str) -> None:
    """``issue.eml: 84 KB (HTML part 61 KB)`` on standard error."""
    name = _shown(output) if output is not None else "standard output"
    print(f"{name}: {_size(total)} ({part})", file=sys.stderr)


def _subject(args: argparse.Namespace) -> str:
    return str(getattr(args, "post", None) or getattr(args, "path", None) or args.site)


def _check(path: Path, *, as_json: bool, spelling: bool = False) -> int:
    from editor.core.checks import SEVERITIES, check_site
    from editor.core.site import Site, SiteError

    if not path.exists():
        return _fail(
            f"Could not check {path}: it does not exist.",
            "Give a post's Markdown file or a site folder.",
            status=_BAD_INPUT,
        )
    try:
        site = Site.open(path)
    except SiteError as exc:
        return _fail(exc.summary, exc.detail, status=_BAD_INPUT)
    posts = None if path.is_dir() else [path.absolute()]  # a FIFO too: reported unreadable
    nothing = _nothing_to_check(path, site)
    if nothing is not None:
        return _fail(*nothing, status=_BAD_INPUT)
    problems = check_site(site, posts)
    truncated = site.truncated  # a partial read is never "0 errors": the rest went unchecked
    if spelling:
        from editor.core.spelling import spelling_problems

        rank = {severity: rank for rank, severity in enumerate(SEVERITIES)}
        problems = sorted(
            problems + spelling_problems(site, posts),
            key=lambda p: (str(p.path), p.line, rank[p.severity], p.code),
        )
    counts = Counter(problem.severity for problem in problems)
    errors = counts["error"]
    if as_json:
        report = {
            "site": str(site.root),
            "generator": site.generator.name if site.generator is not None else None,
            "posts": len(posts) if posts is not None else len(site.posts),
            "errors": errors,
            "warnings": counts["warning"],
            "info": counts["info"],
            "truncated": str(truncated) if truncated is not None else None,
            "problems": [problem.to_json() for problem in problems],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
        if truncated is not None:
            _fail(truncated.summary, truncated.detail)
    else:
        for problem in problems:
            where = f"{problem.line}:" if problem.line else ""  # 0: the whole post or folder
            print(f"{_shown(problem.path)}:{where} {problem.severity}: {problem.message}")
        checked = plural.count(len(posts) if posts is not None else len(site.posts), "post")
        summary = plural.severity_counts(errors, counts["warning"], counts["info"])
        sys.stdout.flush()  # the problems first, then the summary, however the two are joined
        print(f"{os.linesep if problems else ''}Checked {checked}: {summary}.", file=sys.stderr)
        if truncated is not None:
            _fail(truncated.summary, truncated.detail)
    if posts is not None and any(p.code == "unreadable-post" for p in problems):
        return _BAD_INPUT  # the one post asked for cannot be read
    return 1 if errors or truncated is not None else 0


def _nothing_to_check(path: Path, site: Site) -> tuple[str, str] | None:
    """Why ``galley check path`` would check nothing (what, then what to do), or None."""
    if path.is_dir():
        if site.posts:
            return None
        found = list(site.post_patterns)
        patterns = " or ".join([", ".join(found[:-1]), found[-1]] if len(found) > 1 else found)
        where = str(path) if site.root == path.absolute() else f"{path} (in the site {site.root})"
        generator = None if site.settings.posts_given else site.generator
        rules = f" by {generator.label}'s rules" if generator is not None else ""
        return (
            f"Could not check {path}: it holds no posts.",
            f"Galley looked in {where} for Markdown files matching {patterns}{rules}, and found "
            "none. Give a post's Markdown file or a site folder, or set the 'posts' patterns "
            "in galley.toml.",
        )
    if path.suffix.lower() in _MARKDOWN_SUFFIXES or site.is_post(path.absolute()):
        return None
    return (
        f"Could not check {path}: it is not a Markdown file.",
        "Give a post's Markdown file (.md, .markdown or .mdx) or a site folder.",
    )


def _seed_dictionary(path: Path, *, write: bool) -> int:
    """Print the words proposed for the site's word list; with ``write``, add them to it."""
    from editor.core.site import Site, SiteError
    from editor.core.spelling import add_to_dictionary, dictionary_path, propose_words

    if not path.is_dir():
        return _fail(
            f"Could not propose words for {path}: it is not a folder.",
            "Give the site's folder (the one with content/blog or galley.toml).",
            status=_BAD_INPUT,
        )
    try:
        site = Site.open(path)
    except SiteError as exc:
        return _fail(exc.summary, exc.detail, status=_BAD_INPUT)
    proposals = propose_words(site)
    for proposal in proposals:
        times = plural.noun(proposal.count, "time")
        print(f"{proposal.word}\t{plural.count(proposal.posts, 'post')}, {proposal.count} {times}")
    target = dictionary_path(site.root)
    if not proposals:
        print("galley: no unknown word is used often enough to propose.", file=sys.stderr)
    elif write:
        add_to_dictionary(target, [proposal.word for proposal in proposals])
        words = plural.count(len(proposals), "word")
        print(f"galley: added {words} to {_shown(target)}.", file=sys.stderr)
    else:
        print(
            f"galley: {plural.count(len(proposals), 'word')} proposed. Run again with --write "
            "to add them to "
            f"{_shown(target)}, or add the ones you want by hand (one a line).",
            file=sys.stderr,
        )
    return 0


def _desktop_entry(*, install: bool) -> int:
    """Install or remove the menu entry and icons; print each file, one a line."""
    from editor.core import desktop

    try:
        result = desktop.install() if install else desktop.uninstall()
    except desktop.DesktopEntryError as exc:
        return _fail(exc.summary, exc.detail)
    except Exception as exc:  # a bug: say so in two parts, never as a traceback
        _log.debug("desktop entry failed", exc_info=True)
        verb = "install" if install else "remove"
        return _fail(
            f"Could not {verb} Galley's desktop entry: Galley hit an internal error "
            f"({type(exc).__name__}).",
            "This is a bug in Galley; please report it.",
        )
    for path in result.files:
        print(path)
    if not install and not result.files:
        print(
            f"galley: Galley's desktop entry is not installed in {desktop.data_home()}; "
            "there was nothing to remove.",
            file=sys.stderr,
        )
    if install and result.command[1:] == ["-m", "editor"]:
        print(
            "galley: no 'galley' command was found, so the menu entry runs "
            f"'{result.command[0]} -m editor'. Install Galley with pip to get the command.",
            file=sys.stderr,
        )
    return 0


def _shown(path: Path) -> str:
    """A path as short as it can be: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _new(
    site_path: Path,
    series: str | None,
    subtitle: str,
    *,
    dry_run: bool,
    start: dt.date | None = None,
) -> int:
    from editor.core.site import Site, SiteError, create_issue, find_series, plan_issue

    if not site_path.is_dir():
        return _fail(
            f"Could not create an issue in {site_path}: it is not a folder.",
            "Give the site's folder (the one with content/blog or galley.toml).",
            status=_BAD_INPUT,
        )
    try:
        site = Site.open(site_path)
    except SiteError as exc:
        return _fail(exc.summary, exc.detail, status=_BAD_INPUT)
    found = find_series(site, series)
    plan = plan_issue(site, found, subtitle, today=start)
    for warning in plan.warnings:
        print(f"galley: {warning}", file=sys.stderr)
    if dry_run:
        print(plan.path)
        print(_when(plan.series, plan.number, plan.date, found.cadence.weekday_name))
        print()
        print(plan.text, end="")
        return 0
    print(create_issue(plan))
    return 0


def _when(series: str, number: int, date: dt.datetime, weekday: str | None) -> str:
    """ "Issue 43 of Tideline Newsletter, dated Friday 4 September 2026 (its usual weekday)."."""
    day = f"{date:%A} {date.day} {date:%B %Y}"
    if date.time() != dt.time() or date.tzinfo is not None:
        day += f", {date:%H:%M}"
    if weekday is None:
        usual = "its issues have no dates, so it is dated from today"
    elif weekday == f"{date:%A}":
        usual = "the series' weekday"
    else:
        usual = f"the series comes out on {weekday}s"
    return f"Issue {number} of {series}, dated {day} ({usual})."


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
_KINDS = {".html": "an HTML file", ".eml": "a message file", ".txt": "a text file"}


def _output_problem(output: Path, post: Path, suffix: str = ".html") -> tuple[str, str] | None:
    """Why ``output`` must not be written over (what, then what to do), or None if it may.

    ``-o POST`` once replaced the post with its HTML and exited 0. Refused: the post itself
    (also through a symlink or a hard link: the same device and inode), any Markdown file,
    and an existing file that is one of the site's posts.
    """
    from editor.core import fileio
    from editor.core.site import (
        SiteError,
        find_root,
        matches_posts,
        post_sources,
        read_settings,
        site_generator,
    )

    detail = (
        f"Nothing was written and the post is unchanged; give {_KINDS[suffix]}, "
        f"like -o {post.stem if post.stem != 'index' else post.parent.name or 'post'}{suffix}."
    )
    if fileio.same_file(output, post):
        return f"Could not write {output}: it is the post {post} itself.", detail
    if output.suffix.lower() in _MARKDOWN_SUFFIXES:
        return f"Could not write {output}: it is a Markdown file, not a page.", detail
    if not output.exists():
        return None
    try:
        root = find_root(post)
        settings = read_settings(root)
        patterns, rules = post_sources(root, settings, site_generator(root, settings))
    except SiteError:  # render and export do not need the settings: the checks above stand
        return None
    for candidate in {Path(os.path.abspath(output)), Path(os.path.realpath(output))}:
        if matches_posts(root, patterns, candidate, rules):
            return f"Could not write {output}: it is a post of the site in {root}.", detail
    return None


def _site_rendering(
    post: Path,
) -> tuple[bool, Dialect, Generator | None, ImageResolver | None]:
    """How the site of ``post`` renders it: whether it writes ``:shortcodes:`` as emoji, its
    generator's Markdown dialect (for a ``.mdx`` post, MDX), the generator, and where its images
    are (site-root paths in the generator's static folders). Without a site whose settings can
    be read: no emoji, the default dialect, no generator, images beside the post (rendering does
    not need a site)."""
    from editor.core.render.dialects import DEFAULT, dialect_for_generator
    from editor.core.site import ImageResolver, SiteError, find_root, read_settings, site_generator

    try:
        root = find_root(post)
        settings = read_settings(root)
        generator = site_generator(root, settings)
    except SiteError:
        return False, DEFAULT.for_post(Path(post)), None, None
    static = generator.static_roots if generator is not None else ()
    images = ImageResolver(root, Path(post), static) if static else None  # (else: as before)
    dialect = dialect_for_generator(generator, Path(post))
    return bool(settings.emoji), dialect, generator, images


def _fail(summary: str, detail: str, *, status: int = 1) -> int:
    print(f"galley: {summary}", file=sys.stderr)
    if detail:
        print(f"  {detail}", file=sys.stderr)
    return status


def _folder_url(post: Post) -> str | None:
    """The post folder's ``file:`` URL, so that the page's relative images load from anywhere."""
    return post.path.resolve().parent.as_uri() + "/" if post.path is not None else None


def _write(html: str | bytes, output: Path | None) -> int:
    from editor.core.fileio import atomic_write

    data = html.encode("utf-8") if isinstance(html, str) else html  # UTF-8 whatever the locale
    if output is None:
        try:
            stream = getattr(sys.stdout, "buffer", None)
            if stream is not None:
                stream.write(data)
            else:
                sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. '| head': the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    else:
        atomic_write(output, data)
    return 0
