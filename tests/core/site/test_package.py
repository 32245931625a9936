"""The site package: every public name importable from ``editor.core.site``, and its modules
layered so that none imports one above it (not even for type checking)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import editor.core.site as package

# From the bottom: a module may import only the modules before it (generators is a package;
# includes, below it, is what its Jekyll profile reads includes with).
LAYERS = (
    "includes",
    "generators",
    "posts",
    "settings",
    "series",
    "naming",
    "assets",
    "site",
    "newissue",
)


@pytest.mark.parametrize("name", LAYERS)
def test_every_public_name_of_a_module_is_importable_from_the_package(name: str) -> None:
    module = importlib.import_module(f"editor.core.site.{name}")
    for public in module.__all__:
        assert getattr(package, public) is getattr(module, public)
        assert public in package.__all__


def test_the_package_exports_its_modules_names_and_no_others() -> None:
    names = [n for m in LAYERS for n in importlib.import_module(f"editor.core.site.{m}").__all__]
    assert len(names) == len(set(names))  # no name is defined twice
    assert sorted(package.__all__) == sorted(names)
    assert not hasattr(package, "MAX_POSTS")  # a cap is patched where it is read: .site


def _siblings(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports, anywhere in it (``TYPE_CHECKING`` too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[:3] == ["editor", "core", "site"] and len(parts) > 3 and parts[3] in LAYERS:
                found.add(parts[3])
    return found


@pytest.mark.parametrize("name", LAYERS)
def test_a_module_imports_only_the_modules_below_it(name: str) -> None:
    folder = Path(package.__file__).parent
    below = set(LAYERS[: LAYERS.index(name)]) | {name}
    files = sorted((folder / name).glob("*.py")) or [folder / f"{name}.py"]
    for path in files:
        assert _siblings(path) <= below, path
