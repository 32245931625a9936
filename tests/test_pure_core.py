"""The layers are read from the folders: ``editor/core`` never imports PySide6, ``editor/state``
imports only ``PySide6.QtCore`` and never ``editor.ui``, and nothing but the entry points sits at
the top of ``editor/``."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import editor
import editor.core
import editor.state

ROOT = Path(editor.__file__).resolve().parent
ENTRY_POINTS = {"__init__", "__main__", "app", "cli", "cli_send"}  # cli_send: part of the cli


def modules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return [package.__name__] + [  # type: ignore[attr-defined]
        info.name for info in pkgutil.walk_packages(path, prefix)
    ]


BLOCKER = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if sys.argv[1] == "qtcore":  # Qt's other modules (QtGui, QtWidgets, ...) are widgets
            blocked = name.startswith("PySide6.Qt") and not name.startswith("PySide6.QtCore")
        else:
            blocked = name.split(".")[0] in ("PySide6", "shiboken6")
        if blocked or name.startswith("editor.ui"):
            raise ImportError("blocked in this layer: " + name)
        return None
sys.meta_path.insert(0, Block())
import importlib
for name in sys.argv[2:]:
    importlib.import_module(name)
print("ok")
"""


def run_blocked(kind: str, names: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKER, kind, *names], capture_output=True, text=True, check=False
    )


def test_the_pure_core_imports_with_pyside6_blocked() -> None:
    names = [*modules(editor.core), "editor", "editor.cli", "editor.cli_send"]
    assert len(names) > 20
    result = run_blocked("pure", names)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_state_layer_needs_only_qtcore() -> None:
    result = run_blocked("qtcore", modules(editor.state))
    assert result.returncode == 0, result.stderr


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_layer_imports_one_above_it() -> None:
    for path in (ROOT / "core").rglob("*.py"):
        bad = {n for n in imported_names(path) if n.startswith(("editor.state", "editor.ui"))}
        assert not bad, f"{path} imports {bad}"
        assert not {n for n in imported_names(path) if n.startswith("PySide6")}, path
    for path in (ROOT / "state").rglob("*.py"):
        names = imported_names(path)
        assert not {n for n in names if n.startswith("editor.ui")}, path
        qt = {n.split(".")[1] for n in names if n.startswith("PySide6.")}
        assert qt <= {"QtCore"}, f"{path} imports PySide6 modules {qt}"


def test_only_entry_points_sit_at_the_top_of_the_package() -> None:
    top = {path.stem for path in ROOT.glob("*.py")}
    assert top == ENTRY_POINTS


def _imports_outside_type_checking(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    todo = [tree]
    while todo:
        for child in ast.iter_child_nodes(todo.pop()):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                found.add(child.module)
                found.update(f"{child.module}.{alias.name}" for alias in child.names)
            todo.append(child)
    return found


def module_graph() -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports, anywhere in it but
    under ``if TYPE_CHECKING:`` (those are for the type checker only)."""
    names = {
        ".".join(p.relative_to(ROOT.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in ROOT.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        found = _imports_outside_type_checking(ast.parse(path.read_text(encoding="utf-8")))
        graph[name] = {n for n in found if n in names and n != name}
    return graph


def test_no_two_modules_import_each_other() -> None:
    graph = module_graph()
    assert len(graph) > 60

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(graph[node])
        return False

    cycles = sorted(
        (a, b) for a in graph for b in graph[a] if a < b and reaches(b, a) and b != "editor"
    )
    assert cycles == []
