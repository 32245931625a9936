"""A package's names imported from its modules when first asked for (PEP 562; pure; no Qt).

:mod:`editor.core.mail`, :mod:`editor.core.images` and :mod:`editor.core.site` export their
modules' names from the package, but importing all of those modules whenever one name is used
would cost start-up what the window does not need before its first paint. Each package maps
its names to their modules and sets ``__getattr__ = lazy_names(__name__, HOMES)``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: a name of ``homes`` is imported from the
    module it names, and kept in the package (so it is looked up once)."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    return __getattr__
