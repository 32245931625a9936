"""Problems as JSON."""

from __future__ import annotations

import json

from editor.core.checks import (
    Problem,
)
from tests.core.checks.cases import NETS


def test_to_json(problems: list[Problem]) -> None:
    unused = next(p for p in problems if p.code == "unused-image")
    data = json.loads(json.dumps(unused.to_json()))
    assert data == {
        "path": str(NETS),
        "line": 0,
        "severity": "info",
        "code": "unused-image",
        "message": unused.message,
        "fix": {
            "kind": "delete-file",
            "label": "Delete unused image old-nets.png…",
            "path": str(NETS.parent / "old-nets.png"),
            "target": None,
        },
    }
    plain = Problem(NETS, 3, "warning", "missing-alt", "No alt.")
    assert plain.to_json()["fix"] is None
    bare = next(p for p in problems if p.code == "bare-pull-request")
    assert bare.to_json()["fix"] == {
        "kind": "link-pull-requests",
        "label": bare.fix.label if bare.fix else "",
        "path": None,
        "target": None,
    }
