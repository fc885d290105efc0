"""Names a package exports but imports only when first used.

Used by the `__init__` of `tabletop`, `tabletop.rules` and `tabletop.session`, so that
importing a package (every command does) does not load what only some commands need,
such as clause search.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["lazy_exports", "lazy_module"]


def lazy_exports(package: str, table: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], object]:
    """A module `__getattr__` that imports each name of `table` (name -> module, or
    "module:attribute" for an attribute named otherwise) when first asked for, and keeps it in
    `namespace` (the package's globals) so later look-ups are plain reads."""

    def __getattr__(name: str) -> object:
        where = table.get(name)
        if where is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = where.partition(":")
        value = getattr(importlib.import_module(module), attribute or name)
        namespace[name] = value
        return value

    return __getattr__


def lazy_module(name: str) -> ModuleType:
    """The module `name`, loaded when one of its attributes is first read (the standard
    library's `LazyLoader`); a module already loaded is returned as it is."""
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
