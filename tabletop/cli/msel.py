"""`tabletop msel export` and `tabletop msel import`: a scenario as an MSEL workbook, and back."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tabletop.atomicfile import NotRegularFileError, read_regular
from tabletop.cli._common import AppContext, force_option, pass_app, scenario_file, scenario_paths, tell, write_file
from tabletop.errors import MissingFileError, UsageError

if TYPE_CHECKING:
    from tabletop.msel import ImportedScenario

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
    # A planner exports the same scenario again and again as it is written: its parse (of a large
    # text) is remembered in the user's cache by the text's SHA-256, as a session's stored scenario's
    # is, and validated each time; only a valid scenario's checks are remembered, so an invalid
    # scenario is checked in full and refused alike.
    loaded = load_scenario(scenario_file(scenario), app.corpus, remember_parse=True)
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
    help="The scenario file to write; standard output when omitted. An existing scenario file keeps its "
    "comments and layout where the data did not change, or is left as it is and the scenario written beside it "
    "(--force replaces it instead). Never a session, the workbook or a file it reads.",
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

    When SCENARIO.yaml exists, only what changed is written into it: its
    comments, the `# yaml-language-server` line, key order, quotes and
    layout stay where the data is the same, and its line ends (CRLF or
    not) and byte-order mark stay as they were. A file that cannot be kept
    so (it includes other files, uses YAML anchors, mixes kinds of line
    end, or is not a scenario) is left as it is, and the scenario is
    written beside it as SCENARIO.imported.yaml (or -2, -3... : nothing
    there is replaced).
    --force replaces the file with the import instead. Never the workbook,
    the --map file, a session or the files beside one, --force or not.
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
    injects = f"{count} {'inject' if count == 1 else 'injects'}"
    given: dict[str | os.PathLike[str], str] = {
        path: "the workbook being imported",
        **({map_path: "the --map file"} if map_path is not None else {}),
    }
    from tabletop.outputs import check_output  # only a command that writes pays for the output rule

    target = Path(output)
    # Whatever becomes of an existing file, never a session, the workbook, a pipe: --force or not.
    if check_output(target, "msel import", given=given, force=True) and not force:
        _write_into(target, imported, app, given)
        return
    write_file(output, imported.text, "msel import", given=given, force=force, note=f" ({injects}); it validates")


def _write_into(
    target: Path, imported: ImportedScenario, app: AppContext, given: dict[str | os.PathLike[str], str]
) -> None:
    """The imported scenario written into the existing file `target`, keeping its comments, or
    beside it when that cannot be done (the reason said)."""
    from tabletop.msel import merge_into
    from tabletop.outputs import write_output
    from tabletop.scenario import UpdateRefused
    from tabletop.yamlsource import YamlLoadError, decode, read_bytes

    count = len(imported.loaded.scenario.injects)
    injects = f"{count} {'inject' if count == 1 else 'injects'}"
    try:
        raw = read_bytes(target, str(target))
        # The byte-order mark an editor saved the file with is the file's: kept, as its line ends are.
        existing = ("\ufeff" if raw.startswith(b"\xef\xbb\xbf") else "") + decode(raw, str(target))
        text = merge_into(existing, target.name, imported, app.corpus)
    except (UpdateRefused, YamlLoadError, OSError) as exc:
        reason = exc.reason if isinstance(exc, UpdateRefused) else "it cannot be read as a scenario"
        beside = _free_name(target.with_name(f"{target.stem}.imported{target.suffix or '.yaml'}"))
        write_output(beside, imported.text, "msel import", given=given)
        tell(f"{target}: left as it is ({reason}); wrote {beside} beside it ({injects}); it validates")
        return
    if text == existing:
        tell(f"{target}: already holds this scenario; left as it is")
        return
    # An update of this very scenario, its comments kept: through the one rule's checks still.
    write_output(target, text, "msel import", given=given, force=True)
    tell(f"updated {target} ({injects}); its comments and layout kept where nothing changed; it validates")


def _free_name(path: Path) -> Path:
    """`path`, or `NAME-2.SUFFIX`, `NAME-3.SUFFIX`... the first that names no file: nothing beside
    the author's file is ever replaced."""
    candidate, number = path, 2
    while os.path.lexists(candidate):
        candidate, number = path.with_name(f"{path.stem}-{number}{path.suffix}"), number + 1
    return candidate


def register(group: click.Group) -> None:
    group.add_command(msel)
