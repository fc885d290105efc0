"""JSON text that is safe to show: control and direction characters escaped.

`json` escapes the C0 controls but writes C1 controls (U+0080–U+009F, among
them the 8-bit CSI a terminal obeys), the line and paragraph separators
(which some readers, Python's `str.splitlines` among them, take for line
breaks) and the bidirectional overrides (which make a line read differently
from what it holds) as they are. Escaping them gives the same JSON value in a
form no terminal or line-based reader can misread. Used by the command
line's `--format json` output and by journal exports.
"""

from __future__ import annotations

import re

__all__ = ["escape_raw_controls"]

_RAW_CONTROLS = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_raw_controls(json_text: str) -> str:
    """Escape, as `\\uXXXX`, the characters JSON allows raw but a terminal or line reader misreads.

    `json_text` must be JSON: these characters can only occur inside its strings,
    where the escape means the same character.
    """
    return _RAW_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)
