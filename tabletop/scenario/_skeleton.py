"""The commented skeleton scenario that `tabletop new` writes.

The skeleton is data (`skeleton.yaml` beside this module), so that the phase
slugs and clause ids it uses as examples live in YAML, not in Python. A test
keeps it valid against the bundled rules.
"""

from __future__ import annotations

from importlib import resources

__all__ = ["skeleton_text"]


def skeleton_text() -> str:
    """The skeleton scenario's text."""
    return (resources.files("tabletop.scenario") / "skeleton.yaml").read_text(encoding="utf-8")
