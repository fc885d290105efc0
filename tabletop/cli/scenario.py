"""`tabletop validate`, `schema`, `new` and `scenarios`: the scenario author's commands."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from tabletop.cli._common import (
    AppContext,
    bundled_hint,
    bundled_sample,
    emit_json,
    force_option,
    format_option,
    pass_app,
    terminal_safe,
    wrap,
    write_file,
)

if TYPE_CHECKING:
    from tabletop.scenario import FileResult

__all__ = ["register"]


def _scenario_files(arguments: tuple[str, ...]) -> list[str | FileResult]:
    """Each argument as the files to check: a folder's scenarios, a bundled sample's file, or itself.

    A folder holds scenarios at its top level (`*.yaml`, `*.yml`; hidden files aside); its
    sub-folders hold the files they include, which are checked with the scenario including them.
    A folder with none is a `FileResult` that could not be read, so the other files are still checked.
    """
    from tabletop.scenario import FileResult

    files: list[str | FileResult] = []
    for argument in arguments:
        if os.path.isdir(argument):
            found = sorted(
                entry.path
                for entry in os.scandir(argument)
                if entry.name.endswith((".yaml", ".yml")) and not entry.name.startswith(".") and entry.is_file()
            )
            if not found:
                files.append(
                    FileResult(argument, usage_error=f"{argument}: a folder with no scenario (*.yaml) at its top level")
                )
            files.extend(found)
        elif not os.path.lexists(argument) and (sample := bundled_sample(argument)) is not None:
            files.append(str(sample))
        else:
            files.append(argument)
    return files


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE|DIR|ID...")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 when there are any).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the problems, not the summary line.")
@format_option("text", "json")
@pass_app
def validate(app: AppContext, files: tuple[str, ...], strict: bool, quiet: bool, output_format: str) -> None:
    """Check scenario files and print every problem found, one per line.

    Give files, folders (every *.yaml at the folder's top level is checked as
    a scenario) or the ids of bundled samples (`tabletop validate
    southwest_islands`).

    Each problem is printed as FILE:LINE:COL: error: MESSAGE (or warning:),
    in the form compilers use, so editors can jump to it. Every file is
    checked and every problem reported at once; included files are checked
    with the file that includes them. An inject with a broken field is still
    checked for everything else (references, phases, times), and each
    mistake is reported once, not again through its consequences.

    Exit status: 0 when every file is valid (warnings are printed but do not
    fail unless --strict), 1 when any file has an error, 2 when a file is
    missing or cannot be read.
    """
    from tabletop.scenario import validate_paths

    from tabletop.scenario import ValidationReport

    targets = _scenario_files(files)
    checked = iter(validate_paths([t for t in targets if isinstance(t, str)], app.corpus, strict=strict).files)
    report = ValidationReport([t if not isinstance(t, str) else next(checked) for t in targets], strict=strict)
    for result in report.files:
        if result.usage_error and result.usage_error.endswith(": no such file"):
            result.usage_error += f", nor a bundled sample of that id{bundled_hint(result.path)}"
    if output_format == "json":
        emit_json(
            [
                {
                    "path": result.path,
                    "valid": not result.usage_error and not result.errors and not (strict and result.warnings),
                    "usage_error": result.usage_error,
                    "diagnostics": [
                        {
                            "path": d.path,
                            "line": d.line,
                            "column": d.column,
                            "severity": d.severity,
                            "message": d.message,
                        }
                        for d in result.diagnostics
                    ],
                }
                for result in report.files
            ]
        )
    else:
        for result in report.files:
            # Messages quote the author's text, which must not drive the terminal.
            if result.usage_error:
                click.echo(f"tabletop: error: {terminal_safe(result.usage_error, one_line=True)}", err=True)
            for diagnostic in result.diagnostics:
                click.echo(terminal_safe(str(diagnostic), one_line=True))
        if not quiet:
            errors = sum(len(result.errors) for result in report.files)
            warnings = sum(len(result.warnings) for result in report.files)
            unread = sum(1 for r in report.files if r.usage_error)
            invalid = sum(1 for r in report.files if not r.usage_error and (r.errors or (strict and r.warnings)))
            noun = "file" if len(report.files) == 1 else "files"
            click.echo(
                f"{len(report.files)} {noun} checked: {len(report.files) - invalid - unread} valid, {invalid} invalid"
                f"{f', {unread} not read' if unread else ''} "
                f"({errors} {'error' if errors == 1 else 'errors'}, "
                f"{warnings} {'warning' if warnings == 1 else 'warnings'})",
                err=True,
            )
    if report.exit_status:
        raise click.exceptions.Exit(report.exit_status)


@click.command()
@pass_app
def schema(app: AppContext) -> None:
    """Print the JSON Schema of the scenario format.

    Editors that understand `# yaml-language-server: $schema=PATH` comments
    (VS Code with the YAML extension, and others) use it to complete and check
    a scenario as it is typed. The bundled samples point at a copy in
    scenarios/scenario.schema.json.
    """
    from tabletop.scenario import scenario_schema_text

    click.echo(scenario_schema_text(app.corpus), nl=False)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@force_option("skeleton")
def new(path: str, force: bool) -> None:
    """Write a commented skeleton scenario to PATH, ready to edit.

    The skeleton validates as written and shows every part of the format:
    exercise metadata, objectives, cells, modules, injects with phases,
    citations, questions and expected actions, and a decision point leading
    to a contingency inject. An existing file is never overwritten, unless it
    is a skeleton nobody has edited yet, or with --force.
    """
    from tabletop.scenario import skeleton_text

    note = f"; check it with: tabletop validate {path}"
    write_file(path, skeleton_text(), "new", force=force, note=note)


@click.command()
@format_option("text", "json")
@pass_app
def scenarios(app: AppContext, output_format: str) -> None:
    """List the sample scenarios bundled with tabletop.

    For each: its id, title, number of injects, the phases it passes
    through, and its path (copy it to start your own, or pass it to other
    commands). --format json prints the same as a list of objects.
    """
    from tabletop.scenario import bundled_scenarios

    found = bundled_scenarios(app.corpus)
    if output_format == "json":
        emit_json(
            [
                {
                    "id": item.id,
                    "title": item.title,
                    "path": str(item.path),
                    "injects": item.injects,
                    "phases": list(item.phases),
                    "valid": not item.problems,
                }
                for item in found
            ]
        )
        return
    if not found:
        click.echo("no bundled scenarios found", err=True)
        return
    width = max(len(item.id) for item in found)
    for item in found:
        hanging = " " * (width + 2)
        click.secho(wrap(item.title, hanging, first=f"{item.id:<{width}}  "), bold=True)
        state = f"{item.injects} injects" if not item.problems else "INVALID: run tabletop validate on it"
        click.echo(wrap(f"{state}; phases: {', '.join(item.phases) or '-'}", hanging))
        click.echo(f"{'':<{width}}  {terminal_safe(item.path, one_line=True)}")


def register(group: click.Group) -> None:
    for command in (validate, schema, new, scenarios):
        group.add_command(command)
