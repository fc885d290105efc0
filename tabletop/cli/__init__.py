"""The `tabletop` command line: parses arguments, calls the core, prints.

Each command group lives in its own module here and registers itself on
`main`; none of them holds domain logic. Every `TabletopError` becomes a
message on standard error and its documented exit status (0 ok, 1 invalid
input, 2 usage); no traceback ever reaches the user.
"""

from __future__ import annotations

import os
import sys

import click

from tabletop.cli._common import AppContext, run_guarded

__all__ = ["main", "run_guarded"]


@click.group(
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
@click.version_option(package_name="tabletop", message="tabletop %(version)s")
@click.pass_context
def cli(ctx: click.Context, rules_path: str | None, no_cache: bool) -> None:
    """Run tabletop exercises grounded in the 2015 Guidelines for Japan-U.S. Defense Cooperation.

    Exit statuses: 0 success, 1 invalid input (a broken scenario, rules or
    session file, or a refused action), 2 usage error (unknown command,
    option, clause id, phase or missing file); 141, quietly, when the reader
    of the output went away (`| head -1`).
    """
    ctx.obj = AppContext(rules_path=rules_path)
    if no_cache:  # read by tabletop.usercache
        os.environ["TABLETOP_NO_CACHE"] = "1"
    # https://no-color.org: any non-empty NO_COLOR turns every style off, bold headings included.
    if os.environ.get("NO_COLOR"):
        ctx.color = False


def _register() -> None:
    from tabletop.cli import (
        cite,
        clauses,
        console,
        db,
        improvement,
        msel,
        participants,
        phases,
        report,
        scenario,
        session,
    )

    for module in (clauses, cite, phases, scenario, session, improvement, msel, report, console, db, participants):
        module.register(cli)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    sys.exit(run_guarded(cli, argv))
