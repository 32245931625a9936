"""The one way to read files under ``resources/``, installed as ``editor.resources``.

The top-level ``resources/`` folder is mapped into the package at build time (see
pyproject.toml), so the same code works from a source checkout, an editable install and a wheel.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

_PACKAGE = "editor.resources"


def resource(name: str) -> Traversable:
    """Return the resource ``name`` (a ``/``-separated path inside ``resources/``)."""
    node = resources.files(_PACKAGE)
    for part in name.split("/"):
        if part in ("", ".", ".."):
            raise ValueError(f"not a resource name: {name!r}")
        node = node.joinpath(part)
    return node


def read_text(name: str) -> str:
    """Return the text of a UTF-8 resource file."""
    return resource(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    """Return the bytes of a resource file."""
    return resource(name).read_bytes()
