"""The house limits, read from the code: no module over 800 lines, no class over 450 lines or 35
methods anywhere in ``editor/`` (the working limits are 700, 400 and 30: these are the ceilings),
and ``tests/`` mirrors the package: every sub-package of ``editor`` has its folder of tests."""

from __future__ import annotations

import ast
from pathlib import Path

import editor

ROOT = Path(editor.__file__).resolve().parent
TESTS = Path(__file__).resolve().parent
MAX_MODULE_LINES = 800
MAX_CLASS_LINES = 450
MAX_CLASS_METHODS = 35


def sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "resources" not in p.relative_to(ROOT).parts)


def test_no_module_is_past_the_ceiling() -> None:
    long = {}
    for path in sources():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long[str(path.relative_to(ROOT))] = lines
    assert long == {}


def test_no_class_is_past_the_ceiling() -> None:
    big = {}
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            methods = sum(isinstance(b, ast.FunctionDef | ast.AsyncFunctionDef) for b in node.body)
            if lines > MAX_CLASS_LINES or methods > MAX_CLASS_METHODS:
                big[f"{path.relative_to(ROOT)}:{node.name}"] = (lines, methods)
    assert big == {}


def test_tests_mirror_the_package() -> None:
    packages = {
        p.parent.relative_to(ROOT)
        for p in ROOT.rglob("__init__.py")
        if p.parent != ROOT and "resources" not in p.relative_to(ROOT).parts
    }
    missing = sorted(str(p) for p in packages if not (TESTS / p / "__init__.py").is_file())
    assert missing == []
