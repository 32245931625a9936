"""Markdown in, HTML out: the fixtures in tests/fixtures/render/cases.md.

Regenerate after a deliberate change with ``python tests/test_render_fixtures.py --update`` and
review the diff.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from editor.core.render import render_document
from tests.helpers import FIXTURES
from tests.helpers.post_cases import PNG_1X1

CASES = FIXTURES / "render" / "cases.md"


def read_cases() -> list[tuple[str, str, str]]:
    text = CASES.read_text(encoding="utf-8")
    pattern = re.compile(r"^### ([^\n]+)\n(.*?)^\.\n(.*?)^\.\n", re.MULTILINE | re.DOTALL)
    return [(m.group(1), m.group(2), m.group(3)) for m in pattern.finditer(text)]


def render(markdown: str, folder: Path) -> str:
    return render_document(markdown, folder).html


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("post")
    (path / "present.png").write_bytes(PNG_1X1)
    return path


@pytest.mark.parametrize(("title", "markdown", "expected"), read_cases(), ids=lambda v: v[:40])
def test_fixture(title: str, markdown: str, expected: str, folder: Path) -> None:
    assert render(markdown, folder) == expected, title


def test_there_are_fixtures() -> None:
    assert len(read_cases()) >= 12


def _update() -> None:  # pragma: no cover - a maintenance helper
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "present.png").write_bytes(PNG_1X1)
        text = CASES.read_text(encoding="utf-8")
        pattern = re.compile(r"^(### [^\n]+\n)(.*?)^\.\n(.*?)^\.\n", re.MULTILINE | re.DOTALL)

        def fill(m: re.Match[str]) -> str:
            return f"{m.group(1)}{m.group(2)}.\n{render(m.group(2), folder)}.\n"

        CASES.write_text(pattern.sub(fill, text), encoding="utf-8")


if __name__ == "__main__" and "--update" in sys.argv:
    _update()
