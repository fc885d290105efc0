"""`tabletop msel export` and `tabletop msel import`: a scenario as an MSEL workbook, and back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tabletop.atomicfile import NotRegularFileError, read_regular
from tabletop.cli._common import AppContext, force_option, pass_app, scenario_file, scenario_paths, tell, write_file
from tabletop.errors import MissingFileError, UsageError

__all__ = ["register"]


@click.group()
def msel() -> None:
    """MSEL spreadsheets: export a scenario to the Master Scenario Events List workbook
    exercise staff use, and import an edited one back.

    The workbook has an MSEL sheet (one row per inject, in play order), sheets
    for the exercise, objectives, cells and modules, and a read-me sheet that
    says which columns import back and how.
    """


@msel.command(name="export")
@click.argument("scenario", metavar="SCENARIO", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="FILE.xlsx",
    type=click.Path(dir_okay=False),
    help="The workbook to write. An existing file is replaced only if it is an unedited earlier export, or with --force.",
)
@force_option("MSEL workbook")
@pass_app
def export_(app: AppContext, scenario: str, output: str, force: bool) -> None:
    """Write SCENARIO as an MSEL workbook (.xlsx).

    The scenario is validated first (its includes merged); an invalid one
    prints the validator's messages (exit 1) and writes nothing. The same
    scenario always gives the same workbook, byte for byte. Every printed
    page carries the exercise's classification marking in its header and
    footer.
    """
    from tabletop.msel import render_workbook
    from tabletop.scenario import load_scenario

    if not output.lower().endswith(".xlsx"):
        raise UsageError(f"{output}: the workbook's name must end in .xlsx (nothing was written)")
    loaded = load_scenario(scenario_file(scenario), app.corpus)
    data = render_workbook(loaded, app.corpus)
    note = f"; after editing it: tabletop msel import {output} -o SCENARIO.yaml"
    write_file(output, data, "msel export", given=scenario_paths(loaded), force=force, note=note)


@msel.command(name="import")
@click.argument("workbook", metavar="FILE.xlsx", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    metavar="SCENARIO.yaml",
    type=click.Path(dir_okay=False),
    help="The scenario file to write; standard output when omitted. An existing file is replaced only if "
    "it is an unedited earlier import, or with --force.",
)
@force_option("import")
@click.option(
    "--map",
    "map_path",
    metavar="MAPPING.yaml",
    type=click.Path(dir_okay=False),
    help="How to read a workbook of another layout: its sheet, header row, and each header's field.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 and write nothing).")
@pass_app
def import_(
    app: AppContext, workbook: str, output: str | None, force: bool, map_path: str | None, strict: bool
) -> None:
    """Read an MSEL workbook back into a scenario YAML file.

    Rows may have been re-sorted, added or deleted: they are put in play
    order by the No. column. The scenario is checked exactly as `tabletop
    validate` checks a file, and every problem is printed at once, located
    at its sheet and cell (msel.xlsx:MSEL!D14: error: ...). When there is an
    error nothing is written (exit 1). Formulas are read as their text and
    never evaluated; a workbook linking to other workbooks, or too large, is
    refused.
    """
    from tabletop.msel import MAX_WORKBOOK_BYTES, import_workbook, load_column_map

    path = Path(workbook)
    columns = load_column_map(map_path) if map_path is not None else None
    try:
        data = read_regular(path, MAX_WORKBOOK_BYTES)
    except FileNotFoundError:
        raise MissingFileError(f"{workbook}: no such file") from None
    except NotRegularFileError as exc:
        raise MissingFileError(f"{workbook}: {exc.strerror}; a workbook is an .xlsx file") from None
    except OSError as exc:
        raise MissingFileError(f"{workbook}: cannot read ({exc.strerror or exc})") from None
    name = Path(output).name if output else "scenario.yaml"
    imported = import_workbook(data, workbook, app.corpus, columns=columns, name=name)
    for warning in imported.warnings:
        tell(str(warning))
    if strict and imported.warnings:
        tell(f"{workbook}: --strict: the warnings count as errors (nothing was written)")
        raise click.exceptions.Exit(1)
    if output is None:
        sys.stdout.write(imported.text)
        return
    count = len(imported.loaded.scenario.injects)
    note = f" ({count} {'inject' if count == 1 else 'injects'}); it validates"
    given = {path: "the workbook being imported", **({map_path: "the --map file"} if map_path is not None else {})}
    write_file(output, imported.text, "msel import", given=given, force=force, note=note)


def register(group: click.Group) -> None:
    group.add_command(msel)
