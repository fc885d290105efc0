"""The `tabletop` command line: parses arguments, calls the core, prints.

Each command group lives in its own module here and registers itself on
`main` when one of its commands is first asked for (`COMMAND_MODULES`), so
that a command imports what it needs and nothing of the others; none of them
holds domain logic. Every `TabletopError` becomes a
message on standard error and its documented exit status (0 ok, 1 invalid
input, 2 usage; 130 after Ctrl-C); no traceback ever reaches the user.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from tabletop.version import __version__
from tabletop.cli._common import AppContext, process_ends_with_command, run_guarded

__all__ = ["COMMAND_MODULES", "CommandsOnDemand", "main", "run_guarded"]

COMMAND_MODULES = {
    "cite": "cite",
    "clauses": "clauses",
    "coverage": "report",
    "db": "db",
    "dry-run": "session",
    "export": "session",
    "follow": "console",
    "handbook": "report",
    "import": "session",
    "ip": "improvement",
    "join": "console",
    "msel": "msel",
    "new": "scenario",
    "participants": "participants",
    "phases": "phases",
    "report": "report",
    "resume": "console",
    "run": "console",
    "salvage": "session",
    "scenarios": "scenario",
    "schema": "scenario",
    "serve": "console",
    "sessions": "session",
    "status": "session",
    "tags": "clauses",
    "validate": "scenario",
}
"""Each command of `tabletop` and the module of `tabletop.cli` that registers it."""


class CommandsOnDemand(click.Group):
    """The `tabletop` group: a command's module is imported when the command is asked for (to run
    it, or for its help), not at start-up; `tabletop --help` asks for all of them, to list each
    with its short help."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._loaded: set[str] = set()

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if cmd_name not in self.commands and module is not None and module not in self._loaded:
            self._loaded.add(module)
            importlib.import_module(f"tabletop.cli.{module}").register(self)
        return self.commands.get(cmd_name)


@click.group(
    cls=CommandsOnDemand,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False),
    envvar="TABLETOP_RULES",
    help="Rules file to use instead of the bundled Guidelines corpus (env: TABLETOP_RULES).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    envvar="TABLETOP_NO_CACHE",
    help="Neither read nor write the cache of checked rules and parsed session scenarios in the user's "
    "cache folder (env: TABLETOP_NO_CACHE).",
)
@click.version_option(__version__, message="tabletop %(version)s")
@click.pass_context
def cli(ctx: click.Context, rules_path: str | None, no_cache: bool) -> None:
    """Run tabletop exercises grounded in the 2015 Guidelines for Japan-U.S. Defense Cooperation.

    Exit statuses: 0 success, 1 invalid input (a broken scenario, rules or
    session file, or a refused action), 2 usage error (unknown command,
    option, clause id, phase or missing file); 141, quietly, when the reader
    of the output went away (`| head -1`); 130 after Ctrl-C ("Interrupted.",
    and whether what a command was recording was recorded), except the
    servers (`serve`, `participants serve`), which Ctrl-C stops as they say:
    0, "Stopped serving ...".
    """
    ctx.obj = AppContext(rules_path=rules_path)
    if no_cache:  # read by tabletop.usercache
        os.environ["TABLETOP_NO_CACHE"] = "1"
    # https://no-color.org: any non-empty NO_COLOR turns every style off, bold headings included.
    if os.environ.get("NO_COLOR"):
        ctx.color = False


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    process_ends_with_command()
    # pydantic looks for plugins in the entry points of every installed distribution when the
    # first model class is built (reading each one's metadata: milliseconds on every command, more
    # where many packages are installed); tabletop's models use none. Whoever wants them sets the
    # variable themselves (empty: every plugin).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    sys.exit(run_guarded(cli, argv))
