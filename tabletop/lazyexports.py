"""Names a package exports but imports only when first used.

Used by the `__init__` of `tabletop`, `tabletop.rules` and `tabletop.session`, so that
importing a package (every command does) does not load what only some commands need,
such as clause search.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
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


def lazy_module(name: str) -> Any:
    """A stand-in for the module `name` that imports it when one of its attributes is first read.
    Not put in `sys.modules`: whatever walks every loaded module (`inspect.getmodule`, as pydantic
    does while it builds a model) must not import it by looking."""

    class Deferred:
        def __getattr__(self, attribute: str) -> Any:
            return getattr(importlib.import_module(name), attribute)

        def __repr__(self) -> str:
            return f"<module {name!r}, imported when first used>"

    return Deferred()
