"""What every command shares: the rules option, output formats, terminal-safe text and error handling."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click

from tabletop.atomicfile import is_disk_trouble
from tabletop.errors import JournalImportError, SessionFileError, TabletopError
from tabletop.jsontext import escape_raw_controls

__all__ = [
    "AppContext",
    "emit_json",
    "format_option",
    "pass_app",
    "run_guarded",
    "terminal_safe",
    "terminal_width",
    "wrap",
]


@dataclass
class AppContext:
    """Per-invocation state shared by the commands: which rules file, loaded once."""

    rules_path: str | None = None
    _corpus: Any = field(default=None, repr=False)

    @property
    def corpus(self):  # -> tabletop.rules.Corpus
        if self._corpus is None:
            from tabletop.rules import load_rules

            self._corpus = load_rules(self.rules_path)
        return self._corpus


pass_app = click.make_pass_decorator(AppContext)


def format_option(*choices: str, default: str = "text") -> Callable:
    """The `--format` option every reporting command takes."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format; json is a stable contract for scripts.",
    )


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
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    return _TERMINAL_CONTROLS.sub("", text)


# Narrower than this, wrapping makes prose harder to read than the terminal's own line breaks.
_NARROWEST = 40


def terminal_width() -> int | None:
    """The width of the terminal the text goes to, or None when it goes to a file or a pipe.

    `COLUMNS` wins, as in other command-line tools, so a narrow window (a projector, a split
    screen) can be asked for explicitly. Output to a file or pipe is never wrapped by width,
    so what a script or a document records does not depend on who ran the command.
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(_NARROWEST, int(columns))
    stream = sys.stdout
    try:
        if stream is not None and stream.isatty():
            return max(_NARROWEST, shutil.get_terminal_size().columns)
    except (AttributeError, ValueError, OSError):
        pass
    return None


def wrap(text: str, indent: str, *, first: str | None = None, limit: int | None = None) -> str:
    """One paragraph, terminal-safe, wrapped to the terminal (at most `limit`) with a hanging indent.

    `first` replaces the indent on the first line (a rank or a label). Words are never
    broken, so an id, a path or a long Japanese title stays whole on its own line.
    """
    text = terminal_safe(text, one_line=True)
    initial = indent if first is None else first
    width = terminal_width()
    if limit is not None:
        width = limit if width is None else min(width, limit)
    if width is None or not text.strip():  # textwrap would drop the label along with an empty text
        return f"{initial}{text}"
    return textwrap.fill(
        text, width=width, initial_indent=initial, subsequent_indent=indent,
        break_on_hyphens=False, break_long_words=False,
    )


def emit_json(data: Any) -> None:
    """Print JSON for scripts: UTF-8, stable key order as given, one document."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # json escapes C0 controls but prints C1 controls and bidirectional overrides raw; escape
    # them too (the same JSON value), so that JSON on a terminal cannot drive it either.
    click.echo(escape_raw_controls(text))


def run_guarded(command: click.Command, argv: list[str] | None) -> int:
    """Run a click command, mapping every expected failure to a message and exit status."""
    try:
        # Without standalone mode click returns (not raises) the status of `ctx.exit(n)`.
        status = command.main(args=argv, prog_name="tabletop", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:  # usage errors: exit 2
        # Click quotes the arguments it refuses (paths included) as they were typed.
        shown = io.StringIO()
        exc.show(file=shown)
        click.echo(terminal_safe(shown.getvalue()), err=True, nl=False)
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except TabletopError as exc:
        # Messages quote scenario and session text: strip anything a terminal would obey.
        # A session or journal error is one line, whatever stored text it quotes.
        message = terminal_safe(exc, one_line=isinstance(exc, (SessionFileError, JournalImportError)))
        # Located problems keep the `FILE:LINE:COL: error: ...` form however many there
        # are, so an editor can jump to each; other errors get the program's prefix.
        located = bool(getattr(exc, "diagnostics", None))
        click.echo(message if located or "\n" in message else f"tabletop: error: {message}", err=True)
        return exc.exit_status
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except OSError as exc:
        # A file the operating system refused in a way no command foresaw: one line, no traceback.
        # A full or failing disk is no mistake in the command line (1); anything else is (2).
        where = f"{exc.filename}: " if exc.filename is not None else ""
        click.echo(terminal_safe(f"tabletop: error: {where}{exc.strerror or exc}", one_line=True), err=True)
        return 1 if is_disk_trouble(exc) else 2
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    return status if isinstance(status, int) else 0
