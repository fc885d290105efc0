"""What every command shares: the rules option, output formats, terminal-safe text and error handling."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from tabletop.errors import MissingFileError, TabletopError, UsageError, close_matches, did_you_mean
from tabletop.cli.layout import READING_WIDTH, display_width, terminal_width, wrap
from tabletop.jsontext import escape_raw_controls
from tabletop.safetext import terminal_safe

__all__ = [
    "READING_WIDTH",
    "AppContext",
    "display_width",
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
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except TabletopError as exc:
        # Messages quote scenario and session text: strip anything a terminal would obey.
        message = terminal_safe(exc)
        # Located problems keep the `FILE:LINE:COL: error: ...` form however many there
        # are, so an editor can jump to each; other errors get the program's prefix.
        located = bool(getattr(exc, "diagnostics", None))
        click.echo(message if located or "\n" in message else f"tabletop: error: {message}", err=True)
        return exc.exit_status
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    return status if isinstance(status, int) else 0


def bundled_hint(scenario: str) -> str:
    """Point at the bundled sample a facilitator named by its id (as `tabletop scenarios` lists it)."""
    from tabletop.scenario import bundled_scenarios_dir

    name = Path(scenario).name
    sample = bundled_scenarios_dir() / (name if name.endswith(".yaml") else f"{name}.yaml")
    if sample.is_file() and not sample.name.startswith("."):
        return f"; the bundled sample {sample.stem!r} is {sample}"
    return "; `tabletop scenarios` lists the bundled samples and their paths"


def session_path(session: str, session_dir: str | None) -> Path:
    """The session file SESSION names, or a usage error saying where it looked and what is there."""
    from tabletop.session import resolve_session_path
    from tabletop.session import session_folder, session_ids

    path = resolve_session_path(session, session_dir)
    if path.is_file():
        return path
    if path.is_dir():
        ids = session_ids(path)
        held = f"; it holds {len(ids)} session(s), the latest {ids[-1]}" if ids else "; it holds no session file"
        raise UsageError(
            f"{session}: is a folder, not a session; name a session file or a session id "
            f"(with --session-dir {session}){held}"
        )
    folder = session_folder(session_dir)
    hint = did_you_mean(close_matches(session, session_ids(folder)))
    raise MissingFileError(f"{session}: no such session file, nor a session with this id in {folder}{hint}")
