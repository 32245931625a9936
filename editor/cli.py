"""Galley's command line (pure; no Qt).

``galley PATH`` opens the editor window (supplied by the application layer); subcommands such as
``galley render POST`` run without a display.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from editor import __version__
from editor.errors import GalleyError
from editor.page import preview_page
from editor.post import Post

OpenWindow = Callable[[list[Path]], int]

_COMMANDS = ("render",)


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
            return _render(args.post, args.output)
    except GalleyError as exc:
        print(f"galley: {exc.summary}", file=sys.stderr)
        if exc.detail:
            print(f"  {exc.detail}", file=sys.stderr)
        return 1
    return 0


def _render(post_path: Path, output: Path | None) -> int:
    from editor.fileio import atomic_write

    html = preview_page(Post.load(post_path))
    if output is None:
        sys.stdout.write(html)
    else:
        atomic_write(output, html.encode("utf-8"))
    return 0
