"""Text from scenarios, sessions and people, made safe for the screen it is shown on.

Every string that comes from a scenario file or a facilitator can hold anything: terminal
escape sequences that move the cursor or rewrite the window title, bidirectional overrides
that make a line read differently from what it holds, or markup that a user interface
would obey. This module is the one place that says how such text is made harmless; the
command line prints through it, and so do the documents and a console.

The rule for a Textual screen: pass scenario and facilitator text through `terminal_safe`
and hand it to widgets as `Content`/`Text` objects, never as a markup string, so that
`[@click=app.quit]` or `[b]` in a narrative shows as typed and does nothing.
"""

from __future__ import annotations

import re

__all__ = ["terminal_safe"]


# Escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-byte escapes), 8-bit CSI, every
# other C0/C1 control but tab and newline, and the bidirectional overrides that can make a
# line read differently from what it holds.
_TERMINAL_CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x85\u2028\u2029]\s*")


def terminal_safe(text: object, *, one_line: bool = False) -> str:
    """Text from a scenario, a session or a person, safe to print on a terminal.

    Every string that comes from a scenario file or a facilitator goes through
    this before it reaches the terminal, so that nothing in a file can move the
    cursor, rewrite the screen, change the window title or hide text. With
    `one_line`, line breaks become spaces (for table cells and one-line fields).
    """
    text = str(text)
    if text.isprintable():
        # Nothing to remove: every control, bidirectional override and line break either
        # pattern matches is a character Python does not count as printable (categories Cc,
        # Cf, Zl and Zp). Most text is such text, and this is the cheapest way to know it.
        return text
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    return _TERMINAL_CONTROLS.sub("", text)
