"""``python -m editor`` and the ``galley`` command (layer 3: composition)."""

from __future__ import annotations

import sys
from pathlib import Path

from editor.cli import main as cli_main


def _open_window(paths: list[Path]) -> int:
    from editor.app import run

    return run(paths)


def main() -> int:
    return cli_main(sys.argv[1:], open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())
