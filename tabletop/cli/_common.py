"""What every command shares: the rules option, output formats and error handling."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click

from tabletop.errors import TabletopError

__all__ = ["AppContext", "emit_json", "format_option", "pass_app", "run_guarded"]


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
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


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
        click.echo(f"tabletop: error: {exc}" if "\n" not in str(exc) else str(exc), err=True)
        return exc.exit_status
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    return status if isinstance(status, int) else 0
