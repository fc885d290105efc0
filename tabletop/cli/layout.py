"""How text is laid out on a terminal: widths in display columns, wrapping, padding.

Every command that prints prose uses `wrap`: it fits the terminal the text goes to (its
width, or `COLUMNS`), measured in display columns so that Japanese, two columns a
character, fits too, and it never wraps output sent to a file or a pipe. The width tables
(wcwidth) are loaded only for text that needs them, so that a command that prints ASCII to
a pipe starts as fast as before.
"""

from __future__ import annotations

import os
import shutil
import sys

from tabletop.safetext import terminal_safe

__all__ = [
    "READING_WIDTH",
    "break_points",
    "display_width",
    "fill",
    "terminal_width",
    "wrap",
    "wrap_at",
    "writes_to_terminal",
]


# Narrower than this, wrapping makes prose harder to read than the terminal's own line breaks.
_NARROWEST = 40

READING_WIDTH = 92
"""Long passages (clause texts, bases) wrap here on a wider terminal: lines stay easy to read."""


def writes_to_terminal() -> bool:
    stream = sys.stdout
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def terminal_width() -> int | None:
    """The width of the terminal the text goes to, or None when it goes to a file or a pipe.

    On a terminal `COLUMNS` wins over the window's own size, as in other command-line tools,
    so a narrow layout (a projector, a split screen) can be asked for explicitly. Output to a
    file or a pipe is never wrapped, so what a script or a document records does not depend
    on who ran the command, nor on the window they ran it in.
    """
    if not writes_to_terminal():
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(_NARROWEST, int(columns))
    return max(_NARROWEST, shutil.get_terminal_size().columns)


def display_width(text: str) -> int:
    """How many terminal columns `text` takes: Japanese and other wide characters take two."""
    if text.isascii():  # most text, and no need to load the width tables for it
        return len(text)
    import wcwidth

    return max(0, wcwidth.width(text))


# Japanese line breaking: these never start a line (closing brackets and punctuation, small
# kana, the prolonged sound mark) and these never end one (opening brackets).
_NO_BREAK_BEFORE = frozenset("、。，．・：；？！ー）」』】〕〉》〗〙｝ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_BREAK_AFTER = frozenset("（「『【〔〈《〖〘｛")


def break_points(word: str) -> list[str]:
    """A word cut where a line may break inside it: around each wide (CJK) character.

    Text without spaces (Japanese) may break between characters; a run of narrow characters
    (an id, a path, a hash, an English word) is never broken.
    """
    pieces: list[str] = []
    run = ""
    if word.isascii():
        return [word]
    import wcwidth

    glue = False  # the last piece ends with an opening bracket: the next one joins it
    for grapheme in wcwidth.iter_graphemes(word):
        if display_width(grapheme) < 2:
            run += grapheme
            continue
        if run:
            pieces.append(run)
            run = ""
        elif pieces and (glue or grapheme in _NO_BREAK_BEFORE):
            pieces[-1] += grapheme
            glue = grapheme in _NO_BREAK_AFTER
            continue
        if pieces and glue:
            pieces[-1] += grapheme
        else:
            pieces.append(grapheme)
        glue = grapheme in _NO_BREAK_AFTER
    if run:
        if pieces and glue:
            pieces[-1] += run
        else:
            pieces.append(run)
    return pieces


def fill(text: str, width: int, *, initial: str = "", indent: str = "", keep: tuple[str, ...] = ()) -> str:
    """Greedy line filling by display columns: `text` after `initial`, continued under `indent`.

    Breaks at spaces and between wide characters; a phrase in `keep` (a flag such as
    "[out of phase]") is never broken; a piece wider than the line stays whole on its own.
    """
    for phrase in keep:
        text = text.replace(phrase, phrase.replace(" ", "\x00"))
    lines: list[str] = []
    line, used, empty = initial, display_width(initial), True
    for word in text.split():
        for number, piece in enumerate(break_points(word.replace("\x00", " "))):
            joined = piece if empty or number else f" {piece}"
            wide = display_width(joined)
            if not empty and used + wide > width:
                lines.append(line)
                line, used, joined = indent, display_width(indent), piece
                wide = display_width(piece)
            line += joined
            used += wide
            empty = False
    lines.append(line)
    return "\n".join(lines)


def wrap(
    text: str, indent: str, *, first: str | None = None, limit: int | None = None, keep: tuple[str, ...] = ()
) -> str:
    """One paragraph, terminal-safe, wrapped to the terminal (at most `limit`) with a hanging indent.

    `first` replaces the indent on the first line (a rank or a label). Widths are display
    columns. Words are never broken, so an id, a path or a hash stays whole on its own line;
    Japanese text breaks between characters. Output to a file or a pipe is not wrapped.
    """
    width = terminal_width()
    if width is not None and limit is not None:
        width = min(width, limit)
    return wrap_at(text, indent, width, first=first, keep=keep)


def wrap_at(text: str, indent: str, width: int | None, *, first: str | None = None, keep: tuple[str, ...] = ()) -> str:
    """`wrap` at a width the caller asked `terminal_width` for once (None: not wrapped), for a
    command that prints a line for each of thousands of records."""
    text = terminal_safe(text, one_line=True)
    initial = indent if first is None else first
    if width is None:
        return f"{initial}{text}"
    if text.isascii() and display_width(initial) + len(text) <= width and " ".join(text.split()) == text:
        # What `fill` gives a line that fits, without taking it apart word by word: most lines.
        return f"{initial}{text}"
    if not text.strip():
        return f"{initial}{text}"
    return fill(text, width, initial=initial, indent=indent, keep=keep)
