"""How a list of entries is written in one spreadsheet cell, and read back exactly.

Called by the export and import of `tabletop.msel`. A cell holds one entry per
line; an entry is a bullet, then text, optionally followed by its attributes
in brackets:

    • Does the government determine an important influence? [cell: japan]
    • Share the picture bilaterally. [responsible: MOD and USFJ; objective: coordination]

The bullet (`• `, or `- ` or `* ` as people type them) is optional on import.

Inside an entry a backslash escapes what would otherwise be read as the
grammar: `\\[` a bracket in the text, `\\;` and `\\]` in an attribute's value,
`\\n` a line break inside the entry, `\\\\` a backslash, `\\s` a space at the
start or end, `\\-` (or `\\•`, `\\*`) text that starts like a bullet, and
`\\0` an empty text. Export writes these escapes only where they are needed,
so the cells of a real scenario read as plain sentences.
"""

from __future__ import annotations

import re

__all__ = [
    "CellFormatError",
    "join_entries",
    "lines_of",
    "read_entry",
    "read_lines",
    "split_ids",
    "write_entry",
    "write_line",
]


class CellFormatError(ValueError):
    """An entry whose brackets cannot be read; the message says what to write instead."""


_LINE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t"}
_TEXT_SPECIALS = str.maketrans({**_LINE_ESCAPES, "[": "\\["})
_VALUE_SPECIALS = str.maketrans({**_LINE_ESCAPES, "[": "\\[", "]": "\\]", ";": "\\;"})
_LINE_SPECIALS = str.maketrans(_LINE_ESCAPES)
_UNESCAPE = {
    "\\": "\\",
    "[": "[",
    "]": "]",
    ";": ";",
    "n": "\n",
    "t": "\t",
    "s": " ",
    "•": "•",
    "-": "-",
    "*": "*",
    "0": "",
}
_BULLETS = ("• ", "- ", "* ")
"""What may start an entry's line, and is not part of it: export writes `• `; people type `- ` too."""
_EMPTY = "\\0"


def _escape(text: str, specials: dict[int, str]) -> str:
    """`text` with each of `specials` (a `str.maketrans` table) escaped, and its end spaces."""
    if not text:
        return _EMPTY
    body = text.translate(specials)
    # Spaces at either end would be lost to the strip every line gets when it is read.
    lead = len(body) - len(body.lstrip(" "))
    trail = len(body) - len(body.rstrip(" "))
    if lead == len(body):
        return "\\s" * len(body)
    return "\\s" * lead + body[lead : len(body) - trail] + "\\s" * trail


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text  # nothing escaped: most cells of a real scenario
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _UNESCAPE:
            out.append(_UNESCAPE[text[index + 1]])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def write_line(text: str) -> str:
    """One entry of a plain list (organisations, authors) as a line of its cell."""
    return _escape(text, _LINE_SPECIALS)


def read_lines(cell: str) -> list[str]:
    """The entries of a plain list cell: one per non-blank line."""
    return [_unescape(line.strip(_BLANK)) for line in lines_of(cell) if line.strip(_BLANK)]


_BLANK = " \t"
"""What is stripped from the ends of a line: what a person types by accident (other white
space, such as a no-break space, is kept as written)."""


def lines_of(cell: str) -> list[str]:
    """The lines of a cell's text (only `\\n` and `\\r\\n` end a line; U+2028 is text)."""
    return cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def write_entry(text: str, attributes: list[tuple[str, str]] | None = None) -> str:
    """One entry with its attributes (None: no brackets; []: empty brackets) as a line."""
    line = _escape(text, _TEXT_SPECIALS)
    if line[:1] in ("•", "-", "*"):
        line = "\\" + line  # not a bullet: part of the text
    if attributes is not None:
        inside = "; ".join(f"{key}: {_escape(value, _VALUE_SPECIALS)}" for key, value in attributes)
        line = f"{line} [{inside}]"
    return f"• {line}"


def read_entry(line: str) -> tuple[str, dict[str, str] | None]:
    """An entry line's text and attributes (None when it has no brackets)."""
    line = line.strip(_BLANK)
    if line.startswith(_BULLETS) or line == "•":
        line = line[1:].lstrip(_BLANK)
    opening = _find(line, "[", 0)
    if opening < 0:
        return _unescape(line), None
    closing = _find(line, "]", opening + 1)
    if closing < 0:
        raise CellFormatError(
            "a `[` is never closed: end the entry's attributes with `]`, or write `\\[` for a bracket in the text"
        )
    inside = line[opening + 1 : closing]
    if _find(inside, "[", 0) >= 0:
        # `[cells: [japan, us]]`, as YAML writes a list: a value is never bracketed here.
        raise CellFormatError(
            "a `[` inside the attributes: write a list without brackets, its items separated by commas "
            "(`[cells: japan, us]`), and `\\[` or `\\]` for a bracket in a value"
        )
    if line[closing + 1 :].strip():
        raise CellFormatError(
            "text follows the `]` of the attributes: the attributes come last on the line "
            "(write `\\[` for a bracket in the text)"
        )
    attributes: dict[str, str] = {}
    for part in _split(inside, ";"):
        if not part.strip():
            continue
        colon = part.find(":")
        if colon < 0:
            raise CellFormatError(f"attribute {part.strip()!r} needs a value: write it as `name: value`")
        key = part[:colon].strip()
        if key in attributes:
            raise CellFormatError(f"attribute {key!r} is given twice in one entry")
        attributes[key] = _unescape(part[colon + 1 :].strip(_BLANK))
    return _unescape(line[:opening].strip(_BLANK)), attributes


def join_entries(lines: list[str]) -> str:
    return "\n".join(lines)


def _find(text: str, char: str, start: int) -> int:
    """The index of the first `char` at or after `start` that is not escaped, or -1."""
    if "\\" not in text:
        return text.find(char, start)  # nothing escaped: the first one is it
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == char:
            return index
        index += 1
    return -1


def _split(text: str, separator: str) -> list[str]:
    parts, start = [], 0
    while True:
        found = _find(text, separator, start)
        if found < 0:
            parts.append(text[start:])
            return parts
        parts.append(text[start:found])
        start = found + 1


_ID_SEPARATORS = re.compile(r"[,;\n]+")


def split_ids(cell: str) -> list[str]:
    """Names in a cell separated by commas, semicolons or line breaks (cells, tags, objectives)."""
    return [part.strip() for part in _ID_SEPARATORS.split(cell) if part.strip()]
