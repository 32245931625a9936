"""Layer 0 (the pure core) never imports PySide6: it runs and is tested without a display."""

from __future__ import annotations

import subprocess
import sys

PURE_MODULES = [
    "editor",
    "editor.bundled",
    "editor.errors",
    "editor.fileio",
    "editor.yamltext",
    "editor.post",
    "editor.render",
    "editor.page",
    "editor.htmlrewrite",
    "editor.export",
    "editor.cli",
    "editor.dates",
    "editor.textstats",
    "editor.site",
    "editor.images",
    "editor.journal",
    "editor.linediff",
    "editor.series",
    "editor.newissue",
    "editor.checks",
    "editor.checkworker",
    "editor.desktop",
    "editor.example_site",
    "editor.outline",
    "editor.quickmatch",
    "editor.spelling",
    "editor.lineends",
    "editor.sanitise",
    "editor.svgcheck",
]

BLOCKER = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
            raise ImportError("PySide6 is blocked in the pure core: " + name)
        return None
sys.meta_path.insert(0, Block())
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
assert not any(m.startswith(("PySide6", "shiboken6")) for m in sys.modules)
print("ok")
"""


def test_pure_core_imports_with_pyside6_blocked() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, *PURE_MODULES], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
