"""Galley's command line (pure; no Qt).

``galley PATH`` opens the editor window (supplied by the application layer); the subcommands
``galley render POST`` (the preview page) and ``galley export POST`` (a self-contained page to mail
or publish) run without a display.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from editor import __version__
from editor.errors import GalleyError
from editor.export import export_page
from editor.page import preview_page
from editor.post import Post

OpenWindow = Callable[[list[Path]], int]

_COMMANDS = ("render", "export")
_log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="galley",
        description="Galley: write Markdown newsletters and blog posts, and see them as readers "
        "will. Run 'galley PATH' to open a post or a site folder in the editor window.",
        epilog="Run 'galley COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"galley {__version__}")
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
        "embedded, embeds turned into links, no scripts and no local paths.",
    )  # fmt: skip
    export.add_argument("post", type=Path, metavar="POST", help="the post's Markdown file")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE",
        help="write the HTML to FILE instead of standard output",
    )  # fmt: skip
    export.add_argument(
        "--fragment", action="store_true",
        help="write only the <article> (header and body), to paste into another page or a mailer",
    )  # fmt: skip
    export.add_argument(
        "--site-url", metavar="URL",
        help="the published site's address (e.g. https://example.com), so that site links "
        "such as /blog/other-post/ keep working; without it only their text is kept",
    )  # fmt: skip
    return parser


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="galley", add_help=False)
    parser.add_argument("paths", nargs="*", type=Path)
    return parser


def main(argv: Sequence[str] | None = None, open_window: OpenWindow | None = None) -> int:
    """Run the command line; returns the process exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    if first not in _COMMANDS and not any(a in ("-h", "--help", "--version") for a in args_list):
        paths = _open_parser().parse_args(args_list).paths
        if open_window is None:
            print(
                "galley: the editor window is not available in this build. "
                "Use 'galley render POST' to see a post rendered.",
                file=sys.stderr,
            )
            return 2
        return open_window(paths)
    args = build_parser().parse_args(args_list)
    try:
        if args.command == "render":
            post = Post.load(args.post)
            return _write(preview_page(post, base_url=_folder_url(post)), args.output)
        if args.command == "export":
            post = Post.load(args.post)
            html = export_page(post, fragment=args.fragment, site_url=args.site_url)
            return _write(html, args.output)
    except GalleyError as exc:
        return _fail(exc.summary, exc.detail)
    except Exception as exc:  # a bug: say so in two parts, never as a traceback
        _log.debug("galley %s failed", args.command, exc_info=True)
        return _fail(
            f"Could not {args.command} {args.post}: Galley hit an internal error "
            f"({type(exc).__name__}).",
            "This is a bug in Galley; please report it together with the post.",
        )
    return 0


def _fail(summary: str, detail: str) -> int:
    print(f"galley: {summary}", file=sys.stderr)
    if detail:
        print(f"  {detail}", file=sys.stderr)
    return 1


def _folder_url(post: Post) -> str | None:
    """The post folder's ``file:`` URL, so that the page's relative images load from anywhere."""
    return post.path.resolve().parent.as_uri() + "/" if post.path is not None else None


def _write(html: str, output: Path | None) -> int:
    from editor.fileio import atomic_write

    if output is None:
        try:
            stream = getattr(sys.stdout, "buffer", None)
            if stream is not None:
                stream.write(html.encode("utf-8"))  # UTF-8 whatever the locale says
            else:
                sys.stdout.write(html)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. '| head': the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    else:
        atomic_write(output, html.encode("utf-8"))
    return 0
