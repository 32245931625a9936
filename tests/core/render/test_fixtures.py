"""Markdown in, HTML out: the fixtures in tests/fixtures/render/, one file per feature.

Each case is a title line starting with ``### ``, the Markdown, a line ``.``, the expected HTML
and a line ``.`` again. Regenerate after a deliberate change with
``python -m tests.core.render.test_fixtures --update`` and review the diff.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from editor.core.render import render_document
from tests.helpers import FIXTURES
from tests.helpers.post_cases import PNG_1X1

CASES = FIXTURES / "render"
CASE_COUNT = 21  # the 13 of the one cases.md it was cut from, and 8 hostile inputs
_CASE = re.compile(r"^(### ([^\n]+)\n)(.*?)^\.\n(.*?)^\.\n", re.MULTILINE | re.DOTALL)


def fixture_files() -> list[Path]:
    return sorted(CASES.glob("*.md"))


def read_cases() -> list[tuple[str, str, str, str]]:
    """Every case as (file stem, title, Markdown, expected HTML), file by file."""
    return [
        (path.stem, m.group(2), m.group(3), m.group(4))
        for path in fixture_files()
        for m in _CASE.finditer(path.read_text(encoding="utf-8"))
    ]


def render(markdown: str, folder: Path) -> str:
    return render_document(markdown, folder).html


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("post")
    (path / "present.png").write_bytes(PNG_1X1)
    return path


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [pytest.param(md, html, id=f"{stem}:{title}") for stem, title, md, html in read_cases()],
)
def test_fixture(markdown: str, expected: str, folder: Path) -> None:
    assert render(markdown, folder) == expected


def test_every_case_is_read() -> None:
    assert len(read_cases()) == CASE_COUNT
    assert "hostile" in {path.stem for path in fixture_files()}


def _update() -> None:  # pragma: no cover - a maintenance helper
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "present.png").write_bytes(PNG_1X1)

        def fill(m: re.Match[str]) -> str:
            return f"{m.group(1)}{m.group(3)}.\n{render(m.group(3), folder)}.\n"

        for path in fixture_files():
            text = path.read_text(encoding="utf-8")
            path.write_text(_CASE.sub(fill, text), encoding="utf-8")


if __name__ == "__main__" and "--update" in sys.argv:
    _update()
