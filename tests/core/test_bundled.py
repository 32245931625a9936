"""resources/ ships inside the package, found through editor.core.bundled, installed or not."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from editor.core import bundled

ROOT = Path(__file__).resolve().parents[2]


def test_resources_are_found_from_the_source_tree() -> None:
    assert "Galley preview page" in bundled.read_text("preview/preview.css")
    assert bundled.resource("preview").is_dir()


def test_resource_names_cannot_escape() -> None:
    with pytest.raises(ValueError):
        bundled.resource("../pyproject.toml")


def test_the_installed_wheel_finds_its_resources(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(
        ROOT, source,
        ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__",
                                      ".*_cache", ".hypothesis"),
    )  # fmt: skip
    wheels = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, "-w", str(wheels), str(source)], check=True, capture_output=True)
    (wheel,) = wheels.glob("galley_editor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "editor/resources/preview/preview.css" in names
    # What 'galley --install-desktop-entry' installs, and the window's own icon.
    assert "editor/resources/galley.desktop" in names
    assert "editor/resources/icons/galley.svg" in names
    for size in (16, 32, 48, 64, 128, 256):
        assert f"editor/resources/icons/galley-{size}.png" in names
    assert "editor/resources/example-site/galley.toml" in names  # nested folders too
    assert "editor/resources/example-site/content/blog/writing-release-notes/index.md" in names
    assert "editor/resources/icons/actions/document-save.svg" in names
    assert not any(name.startswith("resources/") for name in names)
    # Every module of the source tree is in the wheel (a package missing from pyproject's
    # list would be left out silently, and the window would not open).
    modules = {str(p.relative_to(source)) for p in (source / "editor").rglob("*.py")}
    assert modules - set(names) == set()

    target = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(target)
    probe = (
        "import editor, editor.core.bundled as b; "
        "print(editor.__file__); print(b.read_text('preview/preview.css')[:40]); "
        "print(b.read_text('galley.desktop').splitlines()[0])"
    )
    # -S: no site-packages, so only the unpacked wheel can provide 'editor'.
    result = subprocess.run(
        [sys.executable, "-S", "-c", probe],
        env={"PYTHONPATH": str(target)}, cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    where, text, desktop_entry = result.stdout.splitlines()
    assert where.startswith(str(target))
    assert "Galley preview page" in text
    assert desktop_entry == "[Desktop Entry]"
