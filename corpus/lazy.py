"""Lazy package exports (PEP 562): a package names what it exports; each name loads its module on first use.

Every stage's ``__init__`` uses this so that importing one light module (settings, errors) does not import
the heavy ones (Qdrant, readers, models) and the CLI starts fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(package: str, origins: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``origins[name]`` on first use and caches the value in ``namespace``."""

    def __getattr__(name: str) -> Any:
        module = origins.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
